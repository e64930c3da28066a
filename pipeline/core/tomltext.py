"""Editing a TOML file that people maintain (editions.toml, lineage.toml) as text, keeping every comment.

tomllib only reads, and rewriting a file from parsed data would drop the comments that explain
it. So a command that adds to such a file inserts lines where they belong and leaves every
other line as it was; the caller parses the result before writing it, so a bad edit is never
saved.
"""
from __future__ import annotations

import re
from typing import Callable

_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\"-]+?)\s*\]\]?\s*(#.*)?$")


def table_name(line: str) -> str | None:
    """Given a line, return the table it opens (`change.editions.2020` for `  [change.editions.2020]`), or None."""
    match = _TABLE_HEADER.match(line)
    return match.group(1) if match else None


def block_end(lines: list[str], start: int, inside: Callable[[str], bool]) -> int:
    """Given a file's lines, the index of a table's header and which tables belong inside it, return where the block ends.

    The block runs to the next header of a table not inside it; the blank and comment lines
    just before that header introduce what follows, so the block ends after its last other line.
    """
    end = len(lines)
    for index in range(start + 1, len(lines)):
        name = table_name(lines[index])
        if name is not None and not inside(name):
            end = index
            break
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def headers(lines: list[str], name: str) -> list[int]:
    """Given a file's lines and a table name, return the indexes of the lines that open such a table."""
    return [index for index, line in enumerate(lines) if table_name(line) == name]


def string_array(values: list[str]) -> str:
    """Given strings, return them as a one-line TOML array: `["a", "b"]`."""
    return "[" + ", ".join(quoted(v) for v in values) + "]"


def quoted(value: str) -> str:
    """Given a string, return it as a TOML basic string (quotes, backslashes and control characters escaped)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped)
    return f'"{escaped}"'
