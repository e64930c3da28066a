"""Comparing output with a golden file, with a readable diff when they differ."""
from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from tests.support.paths import GOLDEN, ROOT


def assert_matches_golden(actual: dict | list, golden_path: Path, update: bool) -> None:
    """Compare a JSON value with a golden file, printing a readable unified diff on mismatch."""
    text = json.dumps(actual, ensure_ascii=False, indent=2) + "\n"
    if update:
        golden_path.parent.mkdir(parents=True, exist_ok=True)
        golden_path.write_text(text, encoding="utf-8")
        return
    if not golden_path.exists():
        pytest.fail(f"golden file {golden_path.relative_to(ROOT)} is missing; create it with pytest --update-golden")
    expected = golden_path.read_text(encoding="utf-8")
    if expected != text:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            fromfile=f"golden/{golden_path.relative_to(GOLDEN)}", tofile="actual", n=2))
        lines = diff.splitlines()
        shown = "\n".join(lines[:120]) + (f"\n… {len(lines) - 120} more diff lines" if len(lines) > 120 else "")
        pytest.fail(f"output differs from {golden_path.relative_to(ROOT)} "
                    f"(re-bless with pytest --update-golden after reviewing):\n{shown}", pytrace=False)
