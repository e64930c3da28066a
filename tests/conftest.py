"""Shared test fixtures: paths, the CLI runners, and golden-file comparison.

Re-bless golden files with `pytest --update-golden` (then read `git diff golden/` and say in
the commit message why each changed).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DOCS = ROOT / "source_docs"
GOLDEN = ROOT / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite golden files from the current output instead of comparing.")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def run_cli():
    """Run `hicm ARGS` in-process through click's CliRunner; return the Result."""
    from pipeline.cli import cli

    def run(*args, input=None):
        return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)
    return run


@pytest.fixture
def run_hicm():
    """Run `hicm ARGS` as a real subprocess (python -m pipeline); return CompletedProcess.

    Extra keyword arguments go to subprocess.run (e.g. preexec_fn to bound memory).
    """
    def run(*args, cwd=None, timeout=120, env=None, **popen):
        full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
        return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd or ROOT,
                              capture_output=True, text=True, timeout=timeout, env=full_env, **popen)
    return run


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
        import difflib
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            fromfile=f"golden/{golden_path.relative_to(GOLDEN)}", tofile="actual", n=2))
        lines = diff.splitlines()
        shown = "\n".join(lines[:120]) + (f"\n… {len(lines) - 120} more diff lines" if len(lines) > 120 else "")
        pytest.fail(f"output differs from {golden_path.relative_to(ROOT)} "
                    f"(re-bless with pytest --update-golden after reviewing):\n{shown}", pytrace=False)
