"""Watching the processes a command starts: who is in its process group, and whether any outlive it (Linux /proc)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.support.paths import ROOT


def start_hicm(*args, env: dict | None = None, **popen) -> subprocess.Popen:
    """Start `hicm ARGS` as a real process leading its own process group (so its workers can be found)."""
    return subprocess.Popen([sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **popen)


def _stat(pid: int) -> tuple[str, int, int] | None:
    """Given a pid, return (state, parent pid, process group) from /proc, or None if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return fields[0].decode(), int(fields[1]), int(fields[2])


def _living(match) -> list[int]:
    """Given a test on (parent pid, process group), return the pids of living (not zombie) processes it accepts."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat and stat[0] != "Z" and match(stat[1], stat[2]):
                found.append(int(entry.name))
    return found


def live_members(group: int) -> list[int]:
    """Given a process group id, return the pids of its processes that are alive (not zombies)."""
    return _living(lambda parent, process_group: process_group == group)


def children(pid: int) -> list[int]:
    """Given a pid, return its living child processes."""
    return _living(lambda parent, process_group: parent == pid)


def wait_for_children(process: subprocess.Popen, count: int, timeout: float = 60) -> list[int]:
    """Wait until `process` has at least `count` children; return them (fails if it ends or takes too long)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = children(process.pid)
        if len(found) >= count:
            return found
        assert process.poll() is None, f"the command ended before starting its workers: {process.stderr.read()}"
        time.sleep(0.02)
    raise AssertionError(f"the command started no {count} workers in {timeout} s")


def survivors_after_kill(process: subprocess.Popen, grace: float = 5.0) -> list[int]:
    """SIGKILL the command only (not its group), reap it, and return its group's processes still alive after `grace` s."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        left = live_members(process.pid)
        if not left:
            return []
        time.sleep(0.05)
    left = live_members(process.pid)
    for pid in left:   # never leave them running, whatever the test says
        os.kill(pid, signal.SIGKILL)
    return left
