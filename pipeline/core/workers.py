"""Worker processes that die with the command that started them.

`hicm build --jobs N` and `hicm collect --jobs N` read files in worker processes. When the
command is killed (`kill -9`, the CI runner's timeout, the OOM killer), nothing in it runs
again, so it cannot stop its workers: each worker must notice for itself. Two ways, so that
one is always there:

- on Linux the kernel sends the worker SIGKILL when its parent dies (`PR_SET_PDEATHSIG`);
- everywhere, a watcher thread in the worker exits it once its parent process has changed
  (an orphan is adopted by another process), checking every `WATCH_SECONDS`.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

#: How often a worker checks that its parent is still alive (the fallback where PDEATHSIG is missing).
WATCH_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """Given a number of processes, return a process pool whose workers exit when this process dies."""
    return ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent, initargs=(os.getpid(),))


def die_with_parent(parent_pid: int) -> None:
    """Run in a new worker: make it exit as soon as `parent_pid` (the process that started the pool) dies."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass   # no prctl: the watcher below still ends the worker
    # The worker's parent is the command, or a fork server the command started; either way it was
    # alive when the worker began, so if it is already gone the command died while we started.
    parent = os.getppid()
    if not process_alive(parent_pid):
        os._exit(1)
    threading.Thread(target=_watch, args=(parent, parent_pid), name="hicm-die-with-parent", daemon=True).start()


def _watch(parent: int, command_pid: int) -> None:
    """Exit the process once its parent has changed or the command that started it has died."""
    while True:
        time.sleep(WATCH_SECONDS)
        if os.getppid() != parent or not process_alive(command_pid):
            os._exit(1)


def process_alive(pid: int) -> bool:
    """Given a process id, return whether it is running (a zombie counts as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return True
