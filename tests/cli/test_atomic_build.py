"""An interrupted or failed `hicm build` leaves the previous outputs intact, byte for byte.

`hicm build` produces every output in memory, writes each to a hidden temporary file beside
its target (synced to disk), and renames them over the targets only when all are written
(pipeline.core.atomic.write_all). To kill the build *while it is writing* without a hook in the
product, the test puts a `sitecustomize.py` on the subprocess's path that wraps os.fsync: after
the second output file is synced (so one temporary file is complete, and nothing is renamed
yet) it drops a marker file and sleeps; the test sees the marker and sends SIGKILL.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.paths import ROOT, SOURCE_DOCS
from tests.support.source_docs import Edition, write_source_docs

SLOW_FSYNC = '''
import os, pathlib, time
_marker = os.environ.get("HICM_TEST_KILL_MARKER")
if _marker:
    _real_fsync, _calls = os.fsync, [0]
    def _fsync_then_wait(fd):
        _real_fsync(fd)
        _calls[0] += 1
        if _calls[0] == 2:
            pathlib.Path(_marker).write_text("writing")
            time.sleep(600)
    os.fsync = _fsync_then_wait
'''

TEXT_EDITIONS = (("2015", "2015/hicm-2015.txt"), ("2019", "2019/hicm-2019-refresh.txt"), ("2020", "2020/hicm-2020-draft.txt"))


def _source_docs(root: Path, wrong_digest_for: str | None = None) -> Path:
    """Given a folder, make a source_docs of the three editions' text renderings (a quick build)."""
    return write_source_docs(root, [
        Edition(edition, {path: (SOURCE_DOCS / path).read_bytes()},
                digests={path: "0" * 64} if edition == wrong_digest_for else {})
        for edition, path in TEXT_EDITIONS])


def _snapshot(directory: Path) -> dict[str, bytes]:
    """Given an output folder, return every file in it (hidden ones too) by relative path."""
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def _visible(snapshot: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in snapshot.items() if not Path(name).name.startswith(".")}


@pytest.fixture
def previous_build(tmp_path, run_hicm) -> tuple[Path, Path, dict[str, bytes]]:
    """A source_docs, and an output folder holding a finished build of it; return them and the outputs."""
    docs, out = _source_docs(tmp_path / "source_docs"), tmp_path / "build"
    result = run_hicm("build", "--source-docs", docs, "--out", out)
    assert result.returncode == 0, result.stderr
    before = _snapshot(out)
    assert sorted(before) == ["editions/2015.json", "editions/2019.json", "editions/2020.json"]
    return docs, out, before


def test_build_killed_while_writing_leaves_previous_outputs(previous_build, tmp_path):
    docs, out, before = previous_build
    # The next build's 2015 output differs (an error finding), so a half-done write would show.
    _source_docs(tmp_path / "changed", wrong_digest_for="2015")
    shutil.copy(tmp_path / "changed" / "editions.toml", docs / "editions.toml")
    hooks, marker = tmp_path / "hooks", tmp_path / "writing.marker"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SLOW_FSYNC, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{hooks}{os.pathsep}{ROOT}", "HICM_TEST_KILL_MARKER": str(marker)}
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--source-docs", str(docs), "--out", str(out)],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 180
        while not marker.exists():
            assert process.poll() is None, f"build ended before writing: {process.stderr.read().decode()}"
            assert time.monotonic() < deadline, "build never reached the writing stage"
            time.sleep(0.05)
        during = _snapshot(out)
        staged = [name for name in during if name.endswith(".part")]
        assert len(staged) == 2, during.keys()     # really killed mid-write: two temporaries exist
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    after = _snapshot(out)
    assert _visible(after) == before       # every output the previous build wrote, byte for byte
    leftovers = sorted(set(after) - set(before))
    # A SIGKILL gives no chance to clean up: the temporaries stay, hidden, never under an output's name.
    assert all(Path(name).name.startswith(".") and name.endswith(".part") for name in leftovers), leftovers

    # The next uninterrupted build replaces the outputs with the new ones.
    rerun = subprocess.run([sys.executable, "-m", "pipeline", "build", "--source-docs", str(docs), "--out", str(out)],
                           cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    new = _visible(_snapshot(out))
    assert new["editions/2019.json"] == before["editions/2019.json"]
    assert new["editions/2015.json"] != before["editions/2015.json"]
    assert b'"manifest-digest-mismatch"' in new["editions/2015.json"]


def test_failed_build_writes_nothing(previous_build, run_hicm):
    docs, out, before = previous_build
    # The last edition's file is now unreadable: the build fails after reading the first two.
    (docs / "2020" / "hicm-2020-draft.txt").write_bytes(b"")
    result = run_hicm("build", "--source-docs", docs, "--out", out)
    assert result.returncode == 2, result.stderr
    assert "hicm-2020-draft.txt: file is empty" in result.stderr
    assert _snapshot(out) == before         # no output touched, and no temporary file left


def test_failed_first_build_leaves_no_output_folder_content(tmp_path, run_hicm):
    docs = _source_docs(tmp_path / "source_docs")
    (docs / "2019" / "hicm-2019-refresh.txt").write_bytes(b"\x00\x01binary")
    result = run_hicm("build", "--source-docs", docs, "--out", tmp_path / "build")
    assert result.returncode == 2
    assert not (tmp_path / "build").exists() or _snapshot(tmp_path / "build") == {}
