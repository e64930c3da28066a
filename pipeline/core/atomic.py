"""Write outputs atomically: to a temporary file beside the target, then rename over it.

A reader (or CI) never sees a half-written file, and a failed or interrupted run leaves the
previous output in place.
"""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Iterator, BinaryIO


@contextlib.contextmanager
def atomic_writer(target: str | os.PathLike) -> Iterator[BinaryIO]:
    """Given a target path, yield a binary file that replaces the target only if the block succeeds.

    A target that exists and is not a regular file (`-o /dev/null`, a named pipe) is written to
    directly: renaming over it would replace the device or pipe with a file.
    """
    target = Path(target)
    if target.exists() and not target.is_file() and not target.is_dir():
        with open(target, "wb") as handle:
            yield handle
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        # mkstemp makes the file private (0600); an output should get the usual mode (0666 less
        # the umask), as if it had been opened directly.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_bytes(target: str | os.PathLike, data: bytes) -> None:
    """Write bytes to target atomically."""
    with atomic_writer(target) as handle:
        handle.write(data)


def write_all(outputs: dict[Path, bytes]) -> list[Path]:
    """Given target paths and their bytes, write them all atomically as one batch; return the targets.

    Every file is written and synced to a temporary file first; only when all of them are on
    disk are they renamed over their targets. A failure or a kill while writing leaves every
    previous output in place; the renames that follow take microseconds, not the writing time.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in outputs.items():
            target = Path(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for tmp, target in staged:
            os.replace(tmp, target)
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    return [target for _, target in staged]


def dump_json(document: object) -> bytes:
    """Return the canonical serialisation of a JSON document: UTF-8, insertion order, 2-space indent, final newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_json(target: str | os.PathLike, document: object) -> None:
    """Write a JSON document atomically in the canonical serialisation."""
    write_bytes(target, dump_json(document))
