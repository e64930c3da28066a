"""Fixtures every test may use: the CLI runners, the --update-golden option, the golden marker, and the one hypothesis profile.

Shared code that is not a fixture lives in tests/support/ (`from tests.support.<module> import …`).
A test that takes the `update_golden` fixture compares an output with a golden file: it is
marked `golden`, so `pytest -m golden` runs only those comparisons. Re-bless every golden in
one pass with `python3 -m pytest -m golden --update-golden` (the stages run in dependency
order: see tests/support/golden.py), then read `git diff golden/` and say in the commit message
why each changed.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from tests.support.golden import golden_stage
from tests.support.paths import ROOT

#: The one hypothesis profile: the same examples on every run and machine (derandomised, no
#: example database), a fixed number of them, and no deadline (the CI machine is shared).
settings.register_profile("hicm", derandomize=True, database=None, max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("hicm")


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite golden files from the current output instead of comparing.")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.hookimpl(tryfirst=True)   # before `-m` deselects
def pytest_collection_modifyitems(config, items):
    """Mark every golden comparison `golden`; when re-blessing, run the stages in dependency order.

    Marking happens before `-m golden` deselects, so the marker selects exactly these tests.
    """
    for item in items:
        if "update_golden" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.golden)
    if config.getoption("--update-golden"):
        # A stable sort: each stage after the goldens it is made from, every other test after all of them.
        items.sort(key=lambda item: golden_stage(item.nodeid) if item.get_closest_marker("golden") else 99)


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
