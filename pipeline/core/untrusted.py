"""Reading files that come from outside: size limits and safe XML parsing in one place.

Every reader takes its bytes through read_input() and every XML parse through
safe_xml_parser(), so the limits in SECURITY.md hold for every command.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from lxml import etree

from pipeline.core.errors import InputError

#: Largest input file any reader accepts (the published documents are well under 1 MiB).
MAX_INPUT_BYTES = 64 * 1024 * 1024


def read_input(path: str | os.PathLike, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """Given a path, return its bytes, or raise InputError (missing, a folder, empty, too large)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None
    if path.is_dir():
        raise InputError("is a folder, not a file", str(path))
    if size == 0:
        raise InputError("file is empty", str(path))
    if size > max_bytes:
        raise InputError(f"file is {size} bytes, over the {max_bytes}-byte limit", str(path))
    try:
        with open(path, "rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None


def read_json_input(path: str | os.PathLike, max_bytes: int = MAX_INPUT_BYTES) -> object:
    """Given a path to a JSON file (or '-' for standard input), return its parsed value, or raise InputError."""
    import sys
    data = sys.stdin.buffer.read(max_bytes + 1) if str(path) == "-" else read_input(path, max_bytes)
    try:
        return json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not JSON: {exc}", str(path)) from None
    except RecursionError:
        raise InputError("not readable: JSON nested too deeply", str(path)) from None
    except ValueError as exc:  # e.g. an integer longer than Python's digit limit
        raise InputError(f"not readable as JSON: {exc}".splitlines()[0][:200], str(path)) from None


def safe_xml_parser(**options) -> etree.XMLParser:
    """Return an XML parser that expands no entities, loads no DTD and touches no network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_pis=True, **options)
