"""pipeline/core/atomic.py: outputs get the usual mode, never land in a folder nobody made, never clobber."""
from __future__ import annotations

import os
import stat

import pytest

from pipeline.core.atomic import Staging, STAGING_PREFIX, write_all, write_bytes
from pipeline.core.errors import OutputError


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_batch_of_outputs_gets_the_usual_mode_not_a_private_one(tmp_path, umask_022):
    # issue 16, case 10: `build` wrote its JSON files 0600 (write_all skipped atomic_writer's chmod).
    written = write_all({tmp_path / "editions" / "2020.json": b"{}\n", tmp_path / "a.json": b"{}\n"})
    assert [stat.S_IMODE(p.stat().st_mode) for p in written] == [0o644, 0o644]
    write_bytes(tmp_path / "one.json", b"{}")
    assert stat.S_IMODE((tmp_path / "one.json").stat().st_mode) == 0o644


def test_an_output_in_a_folder_that_does_not_exist_is_an_error_and_makes_no_folder(tmp_path):
    with pytest.raises(OutputError, match="the folder .*missing does not exist"):
        write_bytes(tmp_path / "missing" / "a.docx", b"x")
    assert not (tmp_path / "missing").exists()


def test_without_replace_an_existing_file_is_never_overwritten(tmp_path):
    target = tmp_path / "return.docx"
    target.write_bytes(b"someone's answers")
    with pytest.raises(OutputError, match="already exists"):
        write_bytes(target, b"blank template", replace=False)
    assert target.read_bytes() == b"someone's answers"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["return.docx"]   # no temporary left


def test_a_disk_full_while_writing_is_one_output_error_and_leaves_nothing(tmp_path, monkeypatch):
    import errno

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match="cannot write: the disk is full"):
        write_bytes(tmp_path / "a.json", b"{}")
    with pytest.raises(OutputError, match="the disk is full"):
        write_all({tmp_path / "b.json": b"{}", tmp_path / "c.json": b"{}"})
    assert list(tmp_path.iterdir()) == []


def test_staged_files_appear_only_when_placed_and_a_failure_leaves_nothing(tmp_path):
    with Staging(tmp_path) as staging:
        staging.write("a.docx", b"A")
        staging.write("b.docx", b"B")
        assert [p.name for p in tmp_path.iterdir()] == [staging.path.name]
        placed = staging.place()
    assert [p.name for p in placed] == ["a.docx", "b.docx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "b.docx"]

    with pytest.raises(RuntimeError):
        with Staging(tmp_path) as staging:
            staging.write("c.docx", b"C")
            raise RuntimeError("the batch failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "b.docx"]


def test_placing_never_overwrites_and_names_what_was_already_written(tmp_path):
    (tmp_path / "b.docx").write_bytes(b"a filled return")
    with pytest.raises(OutputError) as raised:
        with Staging(tmp_path) as staging:
            staging.write("a.docx", b"A")
            staging.write("b.docx", b"B")
            staging.place()
    assert "already exists" in str(raised.value) and "1 file(s) were written before it: a.docx" in str(raised.value)
    assert (tmp_path / "b.docx").read_bytes() == b"a filled return"
    with Staging(tmp_path) as staging:
        staging.write("b.docx", b"B")
        staging.place(replace={"b.docx"})
    assert (tmp_path / "b.docx").read_bytes() == b"B"


def test_a_dead_runs_staging_folder_is_removed_by_the_next_run_and_a_live_ones_kept(tmp_path):
    import subprocess
    import sys
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    leftover = tmp_path / f"{STAGING_PREFIX}{dead.stdout.strip()}-0000"
    live = tmp_path / f"{STAGING_PREFIX}{os.getpid()}-1111"
    for folder in (leftover, live):
        folder.mkdir()
        (folder / "half.docx").write_bytes(b"half")
    with Staging(tmp_path) as staging:
        staging.place()
    assert not leftover.exists() and live.exists()
