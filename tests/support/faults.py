"""Faults injected into a real `hicm` process without a hook in the product: a `sitecustomize.py` on its path.

Python imports `sitecustomize` at start-up, before hicm's code, so the module written here can
wrap an operating-system call the way a full disk would make it fail:

- HICM_TEST_FULL_AFTER_FSYNCS=N: the (N+1)th and later os.fsync calls raise ENOSPC (every file
  hicm writes is synced before it is renamed into place);
- HICM_TEST_DB_MAX_PAGES=N: every SQLite connection may grow the database to N pages only, so a
  write beyond it fails as SQLite fails on a full disk ("database or disk is full").
"""
from __future__ import annotations

import os
from pathlib import Path

from tests.support.paths import ROOT

SITECUSTOMIZE = '''
import errno, os
_after = os.environ.get("HICM_TEST_FULL_AFTER_FSYNCS")
if _after is not None:
    _real_fsync, _calls = os.fsync, [0]
    def _fsync_until_full(fd):
        _calls[0] += 1
        if _calls[0] > int(_after):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        _real_fsync(fd)
    os.fsync = _fsync_until_full
_pages = os.environ.get("HICM_TEST_DB_MAX_PAGES")
if _pages is not None:
    import sqlite3
    _real_connect = sqlite3.connect
    def _small_disk_connect(*args, **kwargs):
        connection = _real_connect(*args, **kwargs)
        connection.execute(f"PRAGMA max_page_count = {int(_pages)}")
        return connection
    sqlite3.connect = _small_disk_connect
'''


def fault_env(hooks: Path, **faults: str | int) -> dict[str, str]:
    """Given a folder for the hook and the faults (HICM_TEST_… names without the prefix), return the process's environment."""
    hooks.mkdir(parents=True, exist_ok=True)
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    return {"PYTHONPATH": f"{hooks}{os.pathsep}{ROOT}", **{f"HICM_TEST_{k}": str(v) for k, v in faults.items()}}
