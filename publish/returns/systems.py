"""The local systems: the one reader of a systems CSV, and how two names of a system are compared.

`hicm publish --systems` makes one document per listed system; `hicm report --systems` lists
the systems that have not returned. Both read the list here, by the same rules:

- the file is UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8"); anything else is
  an InputError naming the line and the byte, never a guess that turns "Café" into "Caf?";
- a header row names a `name` (or `system`, `local system`) column and optionally a `contact`
  (or `contacts`, `email`) column; every other column is reported as ignored;
- one system a row; a bad row is an InputError naming the file and the line.

Names are compared by `system_key`: accents, case, punctuation and spacing folded, "&" read as
"and" ("Ynys Môn" and "ynys mon", "Anytown & District" and "Anytown and District" are one
system). Two keys that differ only a little ("Anytwon") are a `near_miss`: flagged, never matched.
"""
from __future__ import annotations

import csv
import difflib
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.core.text import fold_words
from pipeline.core.untrusted import read_input

MAX_SYSTEMS = 2000
NAME_COLUMNS = ("name", "system", "local system")
CONTACT_COLUMNS = ("contact", "contacts", "email")
#: Two different keys at least this similar (difflib ratio) are a near miss: one typo or a dropped word.
NEAR_MISS_RATIO = 0.85


@dataclass(frozen=True)
class System:
    """One local system a document is made out to, and the CSV line it came from."""
    name: str
    contact: str | None
    line: int = 0


@dataclass(frozen=True)
class SystemsList:
    """A systems CSV as read: its systems in file order, and the header columns it does not use."""
    path: str
    systems: list[System]
    ignored_columns: list[str] = field(default_factory=list)


def read_systems(path: Path) -> SystemsList:
    """Given a CSV of local systems (a `name` column, optional `contact`), return them; InputError names file and line."""
    raw = read_input(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InputError(f"line {line}: not UTF-8 text (byte 0x{raw[exc.start]:02X}); save the list as "
                         "\"CSV UTF-8\"", str(path)) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return _systems_from(reader, path)
    except csv.Error as exc:
        raise InputError(f"line {reader.line_num}: not valid CSV: {exc}", str(path)) from None


def _systems_from(reader, path: Path) -> SystemsList:
    """Given a csv reader over a systems file, return its systems (InputError naming the line of a bad row)."""
    header = next(reader, None)
    if not header:
        raise InputError("is empty; expected a header row with a `name` column", str(path))
    columns = [h.strip().lower() for h in header]
    name_at = next((columns.index(c) for c in NAME_COLUMNS if c in columns), None)
    if name_at is None:
        raise InputError(f"line 1: no `name` column (columns: {', '.join(header)})", str(path))
    contact_at = next((columns.index(c) for c in CONTACT_COLUMNS if c in columns), None)
    ignored = [h.strip() or f"column {n + 1} (no name)" for n, h in enumerate(header) if n not in (name_at, contact_at)]
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
        systems.append(System(name, contact or None, line))
        if len(systems) > MAX_SYSTEMS:
            raise InputError(f"more than {MAX_SYSTEMS} systems", str(path))
    if not systems:
        raise InputError("lists no systems", str(path))
    return SystemsList(str(path), systems, ignored)


def system_key(name: str | None) -> str | None:
    """Given a local system's name, return the key its returns are grouped and matched by (None stays None).

    Accents, case, punctuation and spacing are folded and "&" reads as "and":
    "Ynys Môn" -> "ynys mon", "Anytown & District" -> "anytown and district".
    """
    if not name:
        return None
    return fold_words(name.replace("&", " and ")) or fold_words(name) or name.strip().casefold() or None


def near_miss(one: str, other: str) -> bool:
    """Given two system names, return whether they differ but only a little (a typo, a dropped letter)."""
    a, b = system_key(one), system_key(other)
    return bool(a and b and a != b and difflib.SequenceMatcher(None, a, b).ratio() >= NEAR_MISS_RATIO)


@dataclass
class NameMatch:
    """Expected systems against those that returned: who has not, who spelled their name differently, near misses."""
    not_returned: list[str]
    spelled_differently: list[tuple[str, str]]     # (expected name, name it returned under), matched
    near_misses: list[tuple[str, str]]             # (expected name not returned, a returned name close to it)
    unexpected: list[str]                          # returned names nobody expected


def match_names(expected: list[str], returned: list[str]) -> NameMatch:
    """Given the names expected to return and the names returned, match them by system_key; flag near misses."""
    by_key = {}
    for name in returned:
        by_key.setdefault(system_key(name), name)
    matched_keys = set()
    not_returned, differently, near = [], [], []
    for name in expected:
        key = system_key(name)
        if key in by_key:
            matched_keys.add(key)
            if by_key[key] != name:
                differently.append((name, by_key[key]))
            continue
        not_returned.append(name)
    unexpected = sorted(name for key, name in by_key.items() if key not in matched_keys)
    for name in not_returned:
        near += [(name, other) for other in unexpected if near_miss(name, other)]
    return NameMatch(sorted(not_returned), sorted(differently), sorted(near), unexpected)
