"""issue 16, case 7: after `kill -9` of `build` or `collect --jobs 2`, no worker process keeps running.

Each command is started as a real process leading its own process group; once its workers are
up, only the command itself is sent SIGKILL (as a CI timeout or the OOM killer would). Its
workers must then end by themselves within seconds (pipeline/core/workers.py).
"""
from __future__ import annotations

from tests.support.processes import start_hicm, survivors_after_kill, wait_for_children
from tests.support.returns import assessment

def test_build_workers_die_with_a_killed_build(tmp_path):
    process = start_hicm("build", "--jobs", "2", "--out", tmp_path / "build")
    try:
        workers = wait_for_children(process, 2)
        assert len(workers) >= 2
        assert survivors_after_kill(process) == []
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_collect_workers_die_with_a_killed_collect(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(400):
        (inbox / f"{n:03d}.docx").write_bytes(assessment("2015", f"System {n}", "2017-09-30",
                                                         {("home-first", row): n % 5 for row in range(1, 4)}))
    process = start_hicm("collect", inbox, "--db", tmp_path / "r.sqlite", "--jobs", "2")
    try:
        wait_for_children(process, 2)
        assert survivors_after_kill(process) == []
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
