"""The local systems: the one reader of a systems CSV, and the key that groups a system's returns.

`hicm publish --systems` makes one document per listed system; `hicm report --systems` lists
the systems that have not returned. Both read the list here, by the same rules: a header row
naming a `name` (or `system`, `local system`) column and optionally a `contact` column; one
system a row. A bad row is an InputError naming the file and the line.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.core.text import fold_case
from pipeline.core.untrusted import read_input

MAX_SYSTEMS = 2000
NAME_COLUMNS = ("name", "system", "local system")
CONTACT_COLUMNS = ("contact", "contacts", "email")


@dataclass(frozen=True)
class System:
    """One local system a document is made out to."""
    name: str
    contact: str | None


def read_systems(path: Path) -> list[System]:
    """Given a CSV of local systems (a `name` column, optional `contact`), return them; InputError names file and line."""
    raw = read_input(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", str(path)) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return _systems_from(reader, path)
    except csv.Error as exc:
        raise InputError(f"line {reader.line_num}: not valid CSV: {exc}", str(path)) from None


def _systems_from(reader, path: Path) -> list[System]:
    """Given a csv reader over a systems file, return its systems (InputError naming the line of a bad row)."""
    header = next(reader, None)
    if not header:
        raise InputError("is empty; expected a header row with a `name` column", str(path))
    columns = [h.strip().lower() for h in header]
    name_at = next((columns.index(c) for c in NAME_COLUMNS if c in columns), None)
    if name_at is None:
        raise InputError(f"line 1: no `name` column (columns: {', '.join(header)})", str(path))
    contact_at = next((columns.index(c) for c in CONTACT_COLUMNS if c in columns), None)
    systems = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputError(f"line {line}: {len(row)} fields, the header has {len(header)}", str(path))
        name = row[name_at].strip()
        if not name:
            raise InputError(f"line {line}: the name is empty", str(path))
        if len(name) > 200 or any(unicodedata.category(ch) == "Cc" for ch in name):
            raise InputError(f"line {line}: the name is not a plausible system name", str(path))
        contact = row[contact_at].strip() if contact_at is not None else ""
        systems.append(System(name, contact or None))
        if len(systems) > MAX_SYSTEMS:
            raise InputError(f"more than {MAX_SYSTEMS} systems", str(path))
    if not systems:
        raise InputError("lists no systems", str(path))
    return systems


def system_key(name: str | None) -> str | None:
    """Given a local system's name, return it case- and space-folded (None stays None)."""
    return fold_case(name) if name else None
