"""Property test: the compiled validator's fast verdict never accepts what jsonschema rejects.

`schema.schema_errors` asks jsonschema-rs first and walks a document with jsonschema only when
the compiled validator rejects it (schema/__init__.py). That is right only if jsonschema-rs
is never the more permissive of the two on our schemas: so every golden edition is damaged
at random (a field deleted, retyped, renamed, or set to a value its pattern or enum refuses)
and the two verdicts compared.
"""
from __future__ import annotations

import copy
import json

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

import schema
from tests.support.paths import GOLDEN

EDITIONS = [json.loads((GOLDEN / "editions" / f"{edition}.json").read_text(encoding="utf-8"))
            for edition in ("2015", "2019", "2020")]
#: Values a damaged field may be set to: each JSON type, strings that break a pattern or an enum, numbers
#: past 64 bits, and Python values JSON has no type for (a bug upstream must still get jsonschema's message).
#: (Not a tuple: the compiled validator takes one for an array where jsonschema does not, and no record
#: holds one, since records are parsed JSON or built as lists.)
VALUES = [None, True, 0, 1.5, -3, "", "x", "Not A Key", "2020-13-45", "abc\n", "http//x", [], [1], {}, {"a": 1},
          10 ** 30, float("nan"), b"bytes", object()]


def _paths(node, path=()):
    """Given a JSON value, yield the path of every value inside it (dict keys and list indexes)."""
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, path + (index,))


PATHS = [(n, path) for n, edition in enumerate(EDITIONS) for path in _paths(edition) if path]


@given(st.lists(st.tuples(st.sampled_from(PATHS), st.sampled_from(["delete", "set", "rename"]),
                          st.sampled_from(VALUES)), min_size=1, max_size=3), st.integers(0, 2))
def test_the_fast_verdict_agrees_with_jsonschema(damage, which):
    document = copy.deepcopy(EDITIONS[which])
    for (edition, path), how, value in damage:
        if edition != which:
            continue
        parent = document
        try:
            for step in path[:-1]:
                parent = parent[step]
            last = path[-1]
            if how == "delete":
                del parent[last]
            elif how == "set":
                parent[last] = copy.deepcopy(value)
            elif isinstance(parent, dict):
                parent[f"{last}_renamed"] = parent.pop(last)
        except (KeyError, IndexError, TypeError):
            continue     # an earlier damage removed this path
    slow = jsonschema.Draft202012Validator(schema.load_schema("model")).is_valid(document)
    assert (not schema.schema_errors(document)) == slow


def test_a_hostile_depth_is_refused_as_before_not_a_crash():
    """The compiled validator recurses on the machine stack: a record nested 20,000 deep must reach jsonschema,
    which raises RecursionError (the commands say "nested too deeply"), not crash the process. Run apart, so a
    crash fails this test rather than the suite."""
    import subprocess
    import sys
    program = ("import json, schema\n"
               "doc = json.load(open('golden/editions/2015.json', encoding='utf-8'))\n"
               "tip = node = {'text': 'x', 'children': []}\n"
               "for _ in range(20000):\n"
               "    node['children'].append({'text': 'y', 'children': []}); node = node['children'][0]\n"
               "doc['changes'][0]['tips'] = [tip]\n"
               "try:\n"
               "    schema.validate(doc)\n"
               "except RecursionError:\n"
               "    print('refused')\n")
    result = subprocess.run([sys.executable, "-c", program], cwd=GOLDEN.parent, capture_output=True, text=True,
                            timeout=120)
    assert (result.returncode, result.stdout.strip()) == (0, "refused"), result.stderr[-500:]
    assert not schema.nested_deeper_than(EDITIONS[2], schema.COMPILED_DEPTH), "a real record takes the fast path"
