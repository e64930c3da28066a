"""issue 16, "Done when": collect and publish killed at ten different moments, and two collects at once.

Each command runs as a real process leading its own process group and is sent SIGKILL (no
chance to clean up) at ten moments spread over the time an uninterrupted run takes. After
each kill: the store passes `PRAGMA integrity_check`, every submission is whole (all its
answers) or absent, no worker process survives, no file is half-written under its own name;
then an uninterrupted re-run completes the batch. The batches are small so the whole file runs
in well under a minute; the moments are fractions of a measured run, so they cover reading,
storing and committing (collect) and writing and placing (publish) on any machine.
"""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.core.atomic import STAGING_PREFIX
from tests.support.paths import ROOT
from tests.support.processes import start_hicm, survivors_after_kill
from tests.support.published import edition_source
from tests.support.returns import assessment

MOMENTS = 10
#: Controls in each generated return: the cover's three, then two rows of home-first with level and evidence.
CONTROLS_PER_RETURN = 3 + 2 * 2


def run_to_the_end(*args) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT, capture_output=True,
                            text=True, timeout=300, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    return result, time.monotonic() - start


def kill_at(seconds: float, *args) -> bool:
    """Run `hicm ARGS`, SIGKILL it after `seconds`; return whether it was still running (a real kill)."""
    process = start_hicm(*args)
    try:
        time.sleep(seconds)
        running = process.poll() is None
        assert survivors_after_kill(process) == [], "a worker outlived the killed command"
        return running
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def check_store(db: Path, expected_files: int | None = None) -> int:
    """Given a store after a kill, check its integrity and that each submission is whole; return how many it holds."""
    if not db.exists():
        return 0
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        sizes = [n for (n,) in connection.execute(
            "SELECT count(a.tag) FROM submissions s LEFT JOIN answers a ON a.submission_id = s.id GROUP BY s.id")]
    finally:
        connection.close()
    assert all(n == CONTROLS_PER_RETURN for n in sizes), sizes      # every submission whole
    if expected_files is not None:
        assert len(sizes) == expected_files
    return len(sizes)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("faults") / "inbox"
    folder.mkdir()
    for n in range(80):
        (folder / f"{n:03d}.docx").write_bytes(assessment("2015", f"System {n}", "2017-09-30",
                                                          {("home-first", 1): n % 5, ("home-first", 2): None}))
    return folder


def test_collect_killed_at_ten_moments_stores_whole_returns_or_none_and_a_rerun_completes(inbox, tmp_path):
    earlier = tmp_path / "earlier.docx"
    earlier.write_bytes(assessment("2015", "Already Here", "2017-06-30", {("home-first", 1): 1, ("home-first", 2): 1}))
    reference, duration = run_to_the_end("collect", inbox, "--db", tmp_path / "reference.sqlite", "--jobs", "2")
    assert reference.returncode == 1, reference.stderr          # unanswered rows: stored with warnings
    killed = 0
    for moment in range(1, MOMENTS + 1):
        db = tmp_path / f"r{moment}.sqlite"
        if moment % 2:   # half into an existing store, half into a new one
            assert run_to_the_end("collect", earlier, "--db", db)[0].returncode == 0
        before = check_store(db)
        killed += kill_at(duration * moment / (MOMENTS + 1), "collect", inbox, "--db", db, "--jobs", "2")
        assert check_store(db) in (before, before + 80)
        assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]
        rerun, _ = run_to_the_end("collect", inbox, "--db", db, "--jobs", "2")
        assert rerun.returncode == 1, rerun.stderr
        check_store(db, before + 80)
    assert killed >= MOMENTS - 2, f"only {killed} of the {MOMENTS} moments caught the command running"
    assert not list(tmp_path.glob(f"{STAGING_PREFIX}*"))     # the re-runs removed dead runs' new-store files


def test_publish_killed_at_ten_moments_leaves_whole_files_and_a_rerun_completes(tmp_path):
    from publish.returns.read import read_submission
    systems = tmp_path / "systems.csv"
    systems.write_text("name\n" + "".join(f"System {n}\n" for n in range(60)), encoding="utf-8")
    args = ("publish", "action-plan", "--edition-file", edition_source("2015"), "--systems", systems)
    reference, duration = run_to_the_end(*args, "--out-dir", tmp_path / "reference")
    assert reference.returncode == 0, reference.stderr
    expected = {p.name: p.read_bytes() for p in (tmp_path / "reference").iterdir()}
    assert len(expected) == 60
    killed = 0
    for moment in range(1, MOMENTS + 1):
        out = tmp_path / f"out{moment}"
        killed += kill_at(duration * moment / (MOMENTS + 1), *args, "--out-dir", out)
        placed = {p.name: p.read_bytes() for p in out.glob("*") if p.is_file()} if out.exists() else {}
        staging = [p.name for p in out.glob(".*")] if out.exists() else []
        assert all(name.startswith(STAGING_PREFIX) for name in staging), staging    # only a hidden staging folder
        for name, data in placed.items():                  # every file in its place is whole: the reference's
            assert data == expected[name], name
        rerun, _ = run_to_the_end(*args, "--out-dir", out)
        assert rerun.returncode == 0, rerun.stderr
        assert {p.name: p.read_bytes() for p in out.iterdir()} == expected   # complete, staging folder gone
    assert killed >= MOMENTS - 2, f"only {killed} of the {MOMENTS} moments caught the command running"
    assert read_submission("x.docx", expected["hicm-2015-action-plan-system-7.docx"]).made_out_to == "System 7"


def test_two_collects_of_300_files_at_once_store_all_600(tmp_path):
    db = tmp_path / "r.sqlite"
    batches = []
    for batch in ("a", "b"):
        folder = tmp_path / batch
        folder.mkdir()
        for n in range(300):
            (folder / f"{n:03d}.docx").write_bytes(assessment("2015", f"System {batch}{n}", "2017-09-30",
                                                              {("home-first", 1): n % 5, ("home-first", 2): 1}))
        batches.append(folder)
    processes = [start_hicm("collect", folder, "--db", db) for folder in batches]
    try:
        codes = [process.wait(timeout=300) for process in processes]
        errors = [process.stderr.read() for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert codes == [0, 0], errors
    assert check_store(db, 600) == 600
