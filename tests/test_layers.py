"""Imports run one way: the layers of hicm, read from every module's imports.

    pipeline.cli ─▶ pipeline.commands ─▶ pipeline (manifest, ingest, build, editions)
        ─▶ publish ─▶ normalize ─▶ extract ─▶ pipeline.core, schema

A module may import its own layer and any layer below it, never one above: a reader never
imports lineage, the writers never import the command line, and the base layer (errors,
untrusted input, atomic writes, progress, text folding; the schema) imports nothing of hicm.
`pipeline.commands` is the top: only `pipeline.cli` imports it (by name, on first use), and no
test or benchmark does, so everything they need lives below the command layer. No package
imports the tests or the benchmarks.

Imports inside functions count too, and so do the "module:function" strings of the lazy
registries (pipeline/cli.py, publish/diff/__init__.py). There is no list of exemptions.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.support.paths import ROOT

PACKAGES = ("pipeline", "extract", "normalize", "publish", "schema")
#: Layers from the bottom; a module may import its own layer or a lower one.
LAYERS = ("base", "extract", "normalize", "publish", "pipeline", "commands")
_REGISTRY_ENTRY = re.compile(r"^((?:pipeline|extract|normalize|publish|schema)(?:\.\w+)*):\w+$")


def layer_of(module: str) -> str | None:
    """Given a dotted module name, return its layer, or None when it is not part of hicm's packages."""
    top = module.split(".")[0]
    if module == "pipeline.core" or module.startswith("pipeline.core.") or top == "schema":
        return "base"
    if module == "pipeline.commands" or module.startswith("pipeline.commands."):
        return "commands"
    return top if top in PACKAGES else None


def module_name(path: Path, root: Path = ROOT) -> str:
    """Given a source file under root, return its dotted module name (a package's __init__ is the package)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Given a module's source and name, return (line, module) for every import in it, at any depth."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:   # relative: resolve against this module's package
                package = module.split(".") if is_package else module.split(".")[:-1]
                anchor = package[:len(package) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            # `from publish.returns import store` imports publish.returns.store: judge the longer name
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _REGISTRY_ENTRY.match(node.value):
            found.append((node.lineno, _REGISTRY_ENTRY.match(node.value).group(1)))
    return found


def violations(module: str, imports: list[tuple[int, str]]) -> list[str]:
    """Given a module of hicm and its imports, return each import that breaks the layer rule, as text."""
    own = layer_of(module)
    problems = []
    for line, target in imports:
        top = target.split(".")[0]
        if top in ("tests", "benchmarks"):
            problems.append(f"{module}:{line} imports {target}: no package imports the tests or benchmarks")
            continue
        theirs = layer_of(target)
        if theirs is None or theirs == own:
            if theirs == "commands" and own == "commands" and not target.startswith(module):
                problems.append(f"{module}:{line} imports {target}: one command never imports another")
            continue
        if theirs == "commands":
            if module != "pipeline.cli":
                problems.append(f"{module}:{line} imports {target}: only pipeline.cli imports the commands")
        elif LAYERS.index(theirs) > LAYERS.index(own):
            problems.append(f"{module}:{line} imports {target}: the {own} layer may not import the {theirs} layer")
    return problems


def sources(*folders: str) -> list[Path]:
    """Given top-level folders, return their Python files."""
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


def test_every_import_of_every_package_runs_down_the_layers():
    problems, imports_seen = [], 0
    for path in sources(*PACKAGES):
        module = module_name(path)
        imports = imported_modules(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
        imports_seen += sum(layer_of(target) is not None for _, target in imports)
        problems += violations(module, imports)
    assert problems == []
    assert imports_seen > 200   # the scan really read the packages' imports


def test_no_test_or_benchmark_imports_a_command_module():
    problems = []
    for path in sources("tests", "benchmarks"):
        module = module_name(path)
        for line, target in imported_modules(path.read_text(encoding="utf-8"), module, path.name == "__init__.py"):
            if layer_of(target) == "commands":
                problems.append(f"{module}:{line} imports {target}")
    assert problems == []


def test_the_rule_catches_each_kind_of_violation():
    """The checker itself: each forbidden direction is reported, each allowed one is not."""
    def check(module: str, source: str) -> list[str]:
        return violations(module, imported_modules(source, module))

    assert check("extract.pdf_tree", "from normalize.lineage import find_key") != []
    assert check("extract.pdf", "def f():\n    from pipeline.ingest import ingest_file") != []
    assert check("normalize.merge", "import publish.forms.tags") != []
    assert check("publish.returns.batch", "from pipeline.editions import load_edition") != []
    assert check("pipeline.core.text", "from extract.base import Source") != []
    assert check("schema.model", "from pipeline.core.errors import InputError") == []
    assert check("pipeline.build", "from pipeline.commands.collect import collect") != []
    assert check("pipeline.commands.report", "from pipeline.commands.collect import collect") != []
    assert check("publish.diff", 'RENDERERS = {"x": "pipeline.commands.diff:render"}') != []
    assert check("publish.forms.batch", "from tests.support.paths import ROOT") != []
    assert check("publish.returns.read", "from .store import connect") == []
    assert check("pipeline.cli", 'COMMANDS = {"diff": "pipeline.commands.diff:diff"}') == []
    assert check("publish.returns.pdf_form", "from extract.pdf import extract\nfrom normalize.lineage import assign_keys\n"
                 "from pipeline.core.errors import InputError\nimport schema") == []
