"""Comparing output with a golden file, with a readable diff when they differ; the order goldens are re-blessed in."""
from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from tests.support.paths import GOLDEN, ROOT


#: The golden stages in dependency order, by the folder of the tests that write them: the
#: manifestations are read from the sources, the editions built from them, and the diffs
#: (golden/diff) and Word documents (golden/publish) are made from golden/editions. Re-blessed
#: in this order, one pass leaves no golden made from a stale one.
GOLDEN_STAGES = ("tests/extract/", "tests/pipeline/", "tests/publish/diff/", "tests/publish/forms/")


def golden_stage(nodeid: str) -> int:
    """Given a golden test's node id, return its stage's place in GOLDEN_STAGES (after them all if none)."""
    return next((n for n, folder in enumerate(GOLDEN_STAGES) if nodeid.startswith(folder)), len(GOLDEN_STAGES))


def assert_matches_golden(actual: dict | list, golden_path: Path, update: bool) -> None:
    """Compare a JSON value with a golden file, printing a readable unified diff on mismatch."""
    text = json.dumps(actual, ensure_ascii=False, indent=2) + "\n"
    if update:
        golden_path.parent.mkdir(parents=True, exist_ok=True)
        golden_path.write_text(text, encoding="utf-8")
        return
    if not golden_path.exists():
        pytest.fail(f"golden file {golden_path.relative_to(ROOT)} is missing; create it with python3 -m pytest -m golden --update-golden")
    expected = golden_path.read_text(encoding="utf-8")
    if expected != text:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            fromfile=f"golden/{golden_path.relative_to(GOLDEN)}", tofile="actual", n=2))
        lines = diff.splitlines()
        shown = "\n".join(lines[:120]) + (f"\n… {len(lines) - 120} more diff lines" if len(lines) > 120 else "")
        pytest.fail(f"output differs from {golden_path.relative_to(ROOT)} "
                    f"(re-bless with python3 -m pytest -m golden --update-golden, then review git diff golden/):\n{shown}", pytrace=False)
