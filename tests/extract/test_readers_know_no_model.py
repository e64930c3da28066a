"""The format readers know their format and nothing of the model (issue 14).

A reader emits the document tree (extract/doc.py); only the interpreter (extract/interpret/)
and its vocabulary (extract/vocabulary.toml) know the model's words. The readers checked are
every format whose reader emits a tree (`read`), with the extract modules each imports (its
helpers); the shared contract (extract/base.py, extract/doc.py) is not a reader. A new reader is
covered as soon as it is registered in extract.READERS, with no change here.
"""
from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from extract import READERS

#: Words only the interpreter may know: the level names, the parts of a change, the items.
MODEL_WORDS = re.compile(r"\b(not yet established|plans in place|established|mature|exemplary|changes?|tips?|"
                         r"enablers?|maturity|matrix|matrices|statements?)\b", re.IGNORECASE)
#: Modules every reader may import: the tree, the shared input/output types and text rules.
SHARED = {"extract.base", "extract.doc"}


def _tree_readers() -> list[str]:
    return sorted(module for module in READERS.values() if hasattr(importlib.import_module(module), "read"))


def _extract_imports(module: str) -> set[str]:
    path = Path(importlib.import_module(module).__file__)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("extract"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("extract"))
    return found


def reader_modules() -> list[str]:
    """Return every module of a tree-emitting reader: the reader and the extract modules it reaches (not SHARED)."""
    seen: set[str] = set()
    stack = _tree_readers()
    while stack:
        module = stack.pop()
        if module in seen or module in SHARED:
            continue
        seen.add(module)
        stack.extend(_extract_imports(module))
    return sorted(seen)


def test_the_text_and_web_readers_are_tree_readers():
    assert {"extract.text", "extract.html"} <= set(_tree_readers())
    assert {"extract.text_inline", "extract.html_blocks", "extract.html_decode"} <= set(reader_modules())


@pytest.mark.parametrize("module", reader_modules())
def test_a_reader_holds_no_word_of_the_model(module):
    source = Path(importlib.import_module(module).__file__).read_text(encoding="utf-8")
    found = [(number, match.group(0)) for number, line in enumerate(source.splitlines(), 1)
             for match in MODEL_WORDS.finditer(line)]
    assert not found, f"{module} names the model: " + ", ".join(f"line {n}: {w!r}" for n, w in found[:10])


@pytest.mark.parametrize("module", reader_modules())
def test_a_reader_imports_neither_the_vocabulary_nor_the_interpreter(module):
    imports = _extract_imports(module)
    assert not {m for m in imports if m == "extract.vocabulary" or m.startswith("extract.interpret")}, imports


def test_the_check_can_fail():
    assert MODEL_WORDS.search("Tips for success") and MODEL_WORDS.search("the Maturity Matrix")
    assert MODEL_WORDS.search("NOT YET ESTABLISHED") and not MODEL_WORDS.search("a changed line, a tipping point")
