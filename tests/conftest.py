"""Fixtures every test may use: the CLI runners, the --update-golden option, and the one hypothesis profile.

Shared code that is not a fixture lives in tests/support/ (`from tests.support.<module> import …`).
Re-bless golden files with `pytest --update-golden` (then read `git diff golden/` and say in
the commit message why each changed).
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

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
