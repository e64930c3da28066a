"""Lining up the same content as two manifestations give it, and recording where they differ.

Small pure helpers for normalize/merge.py (and, for tips, normalize/compare.py): flattening of nested
tips / section blocks into comparable rows, alignment of two lists (by key or by difflib), and
the `manifestations-disagree` finding that shows both values and both locations.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass

from pipeline.core.text import comparable
from schema.model import finding


def first_location(node: dict, fallback: dict) -> dict:
    """Given an element and its source's location, return the element's first location (or the source's)."""
    provenance = node.get("provenance") if isinstance(node, dict) else None
    return dict(provenance[0]) if provenance else dict(fallback)


def add_provenance(target: dict, other: dict) -> None:
    """Given two elements that say the same thing, append other's locations to target's provenance (no duplicates)."""
    extra = other.get("provenance") or []
    if not extra:
        return
    have = target.setdefault("provenance", [])
    seen = {json.dumps(loc, sort_keys=True) for loc in have}
    for loc in extra:
        marker = json.dumps(loc, sort_keys=True)
        if marker not in seen:
            have.append(loc)
            seen.add(marker)


@dataclass
class Row:
    """One comparable piece of nested content: its depth, its wording and the element it came from.

    A tip (or list item) also has its `path`, its place in the nesting ("2.1": the first tip
    under the second), and the path of the tip it is nested under (`parent`), so a diff can
    tell a tip that moved from one that was re-nested.
    """
    depth: int
    text: str
    node: dict
    path: str = ""
    parent: str | None = None


def flatten_tips(tips: list[dict], depth: int = 0, prefix: str = "", parent: str | None = None) -> list[Row]:
    """Given nested tips (or list items), return them as rows in reading order with their depth, path and parent path."""
    rows = []
    for index, tip in enumerate(tips or [], start=1):
        path = f"{prefix}{index}"
        rows.append(Row(depth, tip.get("text") or "", tip, path, parent))
        rows += flatten_tips(tip.get("children") or [], depth + 1, path + ".", path)
    return rows


def flatten_blocks(blocks: list[dict]) -> list[Row]:
    """Given section blocks, return their wording as rows: paragraphs, headings, list items, table rows."""
    rows = []
    for block in blocks or []:
        kind = block.get("type")
        if kind in ("paragraph", "heading"):
            rows.append(Row(block.get("level", 0) if kind == "heading" else 0, block.get("text") or "", block))
        elif kind == "list":
            rows += flatten_tips(block.get("items") or [], 1)
        elif kind == "table":
            rows += [Row(0, " | ".join(cells), block) for cells in block.get("rows") or []]
    return rows


def align_rows(ours: list[Row], theirs: list[Row]) -> list[tuple[Row | None, Row | None]]:
    """Given two row lists, return aligned pairs (equal or differing wording; None where one side has nothing)."""
    a = [comparable(r.text) for r in ours]
    b = [comparable(r.text) for r in theirs]
    pairs: list[tuple[Row | None, Row | None]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        left, right = ours[i1:i2], theirs[j1:j2]
        if op == "equal" or op == "replace":
            common = min(len(left), len(right))
            pairs += list(zip(left[:common], right[:common]))
            pairs += [(r, None) for r in left[common:]] + [(None, r) for r in right[common:]]
        elif op == "delete":
            pairs += [(r, None) for r in left]
        else:
            pairs += [(None, r) for r in right]
    return pairs


def disagreement(subject: str, what: str, ours: str | None, ours_where: dict, theirs: str | None,
                 theirs_where: dict, rule: str) -> dict:
    """Given both manifestations' values of one field and where each was read, return a `manifestations-disagree` finding."""
    if ours is None or theirs is None:
        present, absent = (ours_where, theirs_where) if theirs is None else (theirs_where, ours_where)
        message = f"{what}: only {present['path']} has it; {absent['path']} has nothing there."
    else:
        message = f"{what}: {ours_where['path']} and {theirs_where['path']} differ; the edition keeps {ours_where['path']}'s."
    return finding("manifestations-disagree", "warning", message, [ours_where, theirs_where], subject=subject,
                   values=[ours, theirs],
                   suggestion=f"Check which published file is right and correct the other at source ({rule}).")
