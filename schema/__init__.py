"""The canonical JSON contract between hicm's stages, and its validation.

Every stage validates at its boundary: extractors' output before it is written, merged
editions before they are written, and any JSON file a command is given before it is read.

Two validators, one verdict: `jsonschema-rs` (compiled, offline, formats not asserted) says
whether a document is valid in a fraction of a millisecond, and only a document it rejects
is walked by `jsonschema`, whose messages name each problem. jsonschema decides: where the
two differ on JSON values the compiled one is the stricter (its `$` does not match before a
final newline), and a document jsonschema accepts is valid. (The compiled one also takes a
Python tuple for an array; no record holds one, being parsed JSON or built with lists.) A document nested deeper than
`COMPILED_DEPTH` goes to jsonschema alone: the compiled validator recurses on the machine
stack, where a hostile depth would crash the process rather than raise RecursionError.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import jsonschema_rs

SCHEMA_VERSION = "1.0"

#: Nesting (objects and arrays) up to which the compiled validator is asked. A record nests about
#: a dozen levels (tips within tips a few more); the compiled validator overflows the machine
#: stack near 10,000. Deeper documents are checked by jsonschema, which refuses them with a
#: RecursionError the commands report as "nested too deeply".
COMPILED_DEPTH = 100

#: Schema file per document kind, in this package.
SCHEMA_FILES = {
    "model": "hicm-model.schema.json",
    "catalogue": "hicm-catalogue.schema.json",
    "lineage": "lineage.schema.json",
    "diff": "hicm-diff.schema.json",
    "round": "hicm-round.schema.json",
}


class SchemaViolation(ValueError):
    """A document does not follow its schema; `errors` lists each problem as 'path: message'."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}")


@lru_cache(maxsize=None)
def load_schema(name: str = "model") -> dict:
    """Given a schema name from SCHEMA_FILES, return the parsed JSON Schema."""
    text = resources.files(__package__).joinpath(SCHEMA_FILES[name]).read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=None)
def _fast_validator(name: str) -> jsonschema_rs.Draft202012Validator:
    """Given a schema name, return its compiled validator (once per process; never fetches a remote $ref)."""
    return jsonschema_rs.Draft202012Validator(load_schema(name), validate_formats=False, offline=True)


@lru_cache(maxsize=None)
def _validator(name: str):
    """Given a schema name, return the jsonschema validator that explains a rejected document (imported only then)."""
    import jsonschema
    return jsonschema.Draft202012Validator(load_schema(name))


def nested_deeper_than(document: object, levels: int) -> bool:
    """Given a JSON value, return True if its objects and arrays nest more than `levels` deep (walked without recursion)."""
    stack = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > levels:
                    return True
                stack.append((child, depth + 1))
    return False


def _compiled_accepts(document: object, name: str) -> bool:
    """Given a document, return True if the compiled validator may and does accept it (see the module docstring)."""
    if nested_deeper_than(document, COMPILED_DEPTH):
        return False
    try:
        return _fast_validator(name).is_valid(document)
    except ValueError:      # a value JSON has no type for (bytes, an arbitrary object): jsonschema names it
        return False


def schema_errors(document: object, name: str = "model") -> list[str]:
    """Given a document, return its schema problems as 'path: message' strings (empty if valid)."""
    if _compiled_accepts(document, name):
        return []
    found = sorted(_validator(name).iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:300]}" for e in found]


def validate(document: object, name: str = "model") -> None:
    """Raise SchemaViolation unless the document follows the named schema."""
    errors = schema_errors(document, name)
    if errors:
        raise SchemaViolation(errors)
