"""Write outputs atomically: to a temporary file beside the target, then rename over it.

A reader (or CI) never sees a half-written file, and a failed or interrupted run leaves the
previous output in place. Every temporary file is hidden (`.name.….part`) and gets the mode a
file opened directly would get (0666 less the umask), so an output never comes out private.

Outputs a user names (`-o FILE`, `--csv FILE`) must go into a folder that exists: a mistyped
folder is an error, not a new folder. `hicm build` makes its own tree (`make_parents`).
A batch of new files (one document per local system) is written into a hidden staging folder
and moved into place at the end (`Staging`), never over a file that is already there unless
the caller says so.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterator

from pipeline.core.errors import OutputError, output_error
from pipeline.core.workers import process_alive


def _check_folder(target: Path, make_parents: bool) -> None:
    """Given a target file, make its folder (make_parents) or raise OutputError if the folder does not exist."""
    if make_parents:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise output_error(exc, str(target.parent)) from None
    elif not target.parent.is_dir():
        raise OutputError(f"cannot write: the folder {target.parent} does not exist", str(target))


def _new_temporary(target: Path) -> tuple[int, str]:
    """Given a target, return (fd, path) of a new hidden temporary file beside it, with an output's usual mode."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    # mkstemp makes the file private (0600); an output gets the usual mode (0666 less the umask).
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    return fd, tmp


def _write_synced(fd: int, data: bytes) -> None:
    """Given an open file descriptor and bytes, write them, sync them to disk and close it."""
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def place(temporary: str | os.PathLike, target: Path, replace: bool = True) -> None:
    """Given a finished temporary file, move it to `target`; unless `replace`, never over a file already there.

    Without `replace` the move is a hard link then an unlink, which fails if the target exists
    even when another process created it a moment ago (a plain rename would overwrite it).
    """
    if replace:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise OutputError("already exists; it was not replaced", str(target)) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        # A file system without hard links: check, then rename (a tiny window, but never a silent loss
        # of a file that existed before the command started).
        if target.exists():
            raise OutputError("already exists; it was not replaced", str(target)) from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)


@contextlib.contextmanager
def atomic_writer(target: str | os.PathLike, make_parents: bool = False, replace: bool = True) -> Iterator[BinaryIO]:
    """Given a target path, yield a binary file that becomes the target only if the block succeeds.

    Unless `replace`, an existing target is never overwritten (OutputError). An operating-system
    error (disk full, permission, read-only) is an OutputError naming the target.
    """
    target = Path(target)
    _check_folder(target, make_parents)
    tmp = None
    try:
        fd, tmp = _new_temporary(target)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        place(tmp, target, replace)
    except OSError as exc:
        raise output_error(exc, str(target)) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def write_bytes(target: str | os.PathLike, data: bytes, make_parents: bool = False, replace: bool = True) -> None:
    """Write bytes to target atomically (see atomic_writer)."""
    with atomic_writer(target, make_parents, replace) as handle:
        handle.write(data)


def write_all(outputs: dict[Path, bytes], make_parents: bool = True) -> list[Path]:
    """Given target paths and their bytes, write them all atomically as one batch; return the targets.

    Every file is written and synced to a temporary file first; only when all of them are on
    disk are they renamed over their targets. A failure or a kill while writing leaves every
    previous output in place; the renames that follow take microseconds, not the writing time.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in outputs.items():
            target = Path(target)
            _check_folder(target, make_parents)
            fd, tmp = _new_temporary(target)
            staged.append((tmp, target))
            _write_synced(fd, data)
        for tmp, target in staged:
            os.replace(tmp, target)
    except OSError as exc:
        raise output_error(exc, exc.filename) from None
    finally:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    return [target for _, target in staged]


class PreparedFile:
    """A file written and synced now but put in place later: an export that must appear only if a commit succeeds.

    Use as a context manager around the transaction: `write()` inside it (before the commit),
    and the file is placed when the block ends without an error, or discarded if it raises (a
    failed commit, a failed write), leaving the previous file, if any, as it was.
    """

    def __init__(self, target: str | os.PathLike | None):
        self.target = Path(target) if target is not None else None
        self._temporary: str | None = None

    def __enter__(self) -> "PreparedFile":
        if self.target is not None:
            _check_folder(self.target, make_parents=False)
        return self

    def write(self, data: bytes) -> None:
        """Given the file's bytes, write and sync them to a temporary file beside the target (replacing an earlier write)."""
        if self.target is None:
            return
        self._discard()
        try:
            fd, self._temporary = _new_temporary(self.target)
            _write_synced(fd, data)
        except OSError as exc:
            raise output_error(exc, str(self.target)) from None

    def __exit__(self, kind, value, traceback) -> bool:
        if kind is None and self._temporary is not None:
            try:
                place(self._temporary, self.target)
            except OSError as exc:
                self._discard()
                raise output_error(exc, str(self.target)) from None
            self._temporary = None
        self._discard()
        return False

    def _discard(self) -> None:
        if self._temporary is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._temporary)
            self._temporary = None


#: Staging folders are named `.hicm-staging-<pid>-<token>`, so a later run can tell a dead run's leftovers.
STAGING_PREFIX = ".hicm-staging-"


class Staging:
    """A batch of new files written into a hidden folder inside `folder`, moved into place together at the end.

    Use as a context manager: `write()` each file, then `place()` them all. If anything fails
    (or the block raises) before `place()`, the staging folder is removed and no target has
    been touched; a killed run leaves only its hidden staging folder, which the next run in the
    same folder removes. `place()` never overwrites a target unless it is named in `replace`.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.path = self.folder / f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        self._files: dict[str, Path] = {}

    def __enter__(self) -> "Staging":
        try:
            remove_dead_staging(self.folder)
            self.path.mkdir()
        except OSError as exc:
            raise output_error(exc, str(self.folder)) from None
        return self

    def __exit__(self, *exc_info) -> bool:
        shutil.rmtree(self.path, ignore_errors=True)
        return False

    def write(self, name: str, data: bytes) -> None:
        """Given a file name (no folder) and its bytes, write them, synced, into the staging folder."""
        staged = self.path / name
        try:
            fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            _write_synced(fd, data)
        except OSError as exc:
            raise output_error(exc, str(self.folder / name)) from None
        self._files[name] = staged

    def place(self, replace: set[str] = frozenset()) -> list[Path]:
        """Move every staged file to its place in the folder; return the paths, in the order written.

        A target that exists is never overwritten unless its name is in `replace`. If a move fails
        the error says which files were already placed, so nothing is written without being listed.
        """
        placed: list[Path] = []
        for name, staged in self._files.items():
            target = self.folder / name
            try:
                place(staged, target, replace=name in replace)
            except (OSError, OutputError) as exc:
                problem = exc.problem if isinstance(exc, OutputError) else f"cannot write: {output_error(exc).problem}"
                done = f"; {len(placed)} file(s) were written before it: {', '.join(p.name for p in placed)}" \
                    if placed else "; nothing was written"
                raise OutputError(problem + done, str(target)) from None
            placed.append(target)
        return placed


def remove_dead_staging(folder: Path) -> None:
    """Given a folder, remove the staging folders and files (a new store being built) that killed runs left in it."""
    if not folder.is_dir():
        return
    for leftover in folder.glob(f"{STAGING_PREFIX}*"):
        pid = leftover.name[len(STAGING_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    leftover.unlink()


def dump_json(document: object) -> bytes:
    """Return the canonical serialisation of a JSON document: UTF-8, insertion order, 2-space indent, final newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_json(target: str | os.PathLike, document: object, make_parents: bool = False) -> None:
    """Write a JSON document atomically in the canonical serialisation."""
    write_bytes(target, dump_json(document), make_parents)
