"""The national picture from collected returns: counts per change, level and matrix row.

build_report() turns the results store into a plain dict (the report's model); the renderers
in render.py write it as Markdown, HTML or Word and chart.py draws it, so the
figures are computed once and every output says the same.

A change's level, for a system, is its whole-change (`all`) answer where the template has one;
otherwise the lowest of its matrix rows' levels (a change is only as established as its least
established row), and only when every row is answered. "Established or better" counts
systems whose change level is Established, Mature or Exemplary: the figure the Better Care
Fund returns published.
"""
from __future__ import annotations

import os
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path

from normalize.lineage import LineageEntry, load_lineage
from pipeline.core.errors import InputError
from publish.returns import store
from publish.forms.tags import row_theme
from publish.returns.systems import system_key
from schema.model import DEFAULT_LEVEL_LABELS, LEVEL_KEYS

ESTABLISHED = LEVEL_KEYS.index("established")
LEVEL_LABELS = [DEFAULT_LEVEL_LABELS[k] for k in LEVEL_KEYS]


def report_from_store(db_path: str | os.PathLike, edition: str | None = None,
                      expected_systems: list[str] | None = None) -> dict:
    """Given a results store's path, an edition (or None) and the systems expected, return the report model.

    The store is opened read-only (a report never changes it); a missing, foreign or damaged
    store, or one with no assessment returns for the edition, is an InputError naming it.
    """
    if not Path(db_path).is_file():
        raise InputError("no such results store (run hicm collect first)", str(db_path))
    connection = store.connect_readonly(db_path)
    try:
        model = build_report(connection, edition, expected_systems)
    except sqlite3.DatabaseError as exc:   # a store damaged past its header
        raise InputError(f"is not a readable results store ({exc})", str(db_path)) from None
    finally:
        connection.close()
    if model["edition"] is None or (edition and model["returns"] == 0):
        raise InputError(f"no assessment returns for edition {edition or '(any)'} in the store", str(db_path))
    return model


def build_report(connection: sqlite3.Connection, edition: str | None = None,
                 expected_systems: list[str] | None = None) -> dict:
    """Given the results store, an edition (default: the one with most returns) and the systems expected, return the report model."""
    edition = edition or store.busiest_edition(connection)
    submissions = store.current_submissions(connection, edition)
    per_system: dict[str, dict] = {}
    for submission in submissions:
        per_system[submission["system"] or submission["path"]] = {
            "date": submission["assessment_date"],
            "answers": store.answers_of(connection, submission["id"])}
    changes = [_change_summary(entry, edition, per_system) for entry in _changes_of(edition, per_system)]
    dates = sorted(s["date"] for s in per_system.values() if s["date"])
    returned = {system_key(name) for name in per_system}
    return {
        "title": f"High Impact Change Model self-assessment returns, edition {edition}",
        "edition": edition,
        "generated": store.collected_at()[:10],
        "returns": len(per_system),
        "assessment_dates": [dates[0], dates[-1]] if dates else None,
        "levels": LEVEL_LABELS,
        "changes": changes,
        "systems": sorted(per_system),
        "expected_systems": len(expected_systems) if expected_systems is not None else None,
        "not_returned": None if expected_systems is None else
        sorted(name for name in expected_systems if system_key(name) not in returned),
    }


def _changes_of(edition: str | None, per_system: dict) -> list:
    """Given an edition and the returns, return the changes to report: the edition's (lineage order) then any others found."""
    entries = [e for e in load_lineage() if edition in e.editions]
    entries.sort(key=lambda e: e.editions[edition].get("number") or 0)
    known = {e.key for e in entries}
    found = sorted({a["change_key"] for s in per_system.values() for a in s["answers"]
                    if a["change_key"] and a["field"] == "level"} - known)
    return entries + [LineageEntry(key, {}) for key in found]


def _change_summary(entry, edition: str | None, per_system: dict) -> dict:
    """Given a change's lineage entry and the returns, return its counts per level and per matrix row."""
    scope = entry.editions.get(edition, {})
    counts = [0] * len(LEVEL_KEYS)
    unanswered = 0
    rows: dict[int, list[int]] = defaultdict(lambda: [0] * (len(LEVEL_KEYS) + 1))
    names: dict[int, Counter] = defaultdict(Counter)
    for system in per_system.values():
        mine = [a for a in system["answers"] if a["change_key"] == entry.key and a["field"] == "level"]
        levels = {a["row"]: a["value"] for a in mine}
        for a in mine:
            if a["row"] is not None and a["name"]:
                names[a["row"]][row_theme(a["name"], entry.key)] += 1
        for row, value in levels.items():
            if row is not None:
                rows[row][_level_index(value)] += 1
        level = change_level(levels)
        if level is None:
            unanswered += 1
        else:
            counts[level] += 1
    return {
        "key": entry.key,
        "number": scope.get("number"),
        "title": (scope.get("titles") or [entry.key])[0],
        "counts": counts,
        "not_answered": unanswered,
        "established_or_better": sum(counts[ESTABLISHED:]),
        "rows": [{"row": row, "theme": _commonest(names.get(row)), "counts": values[:-1], "not_answered": values[-1]}
                 for row, values in sorted(rows.items())],
    }


def _level_index(value: str | None) -> int:
    """Given a stored level value, return its ordinal, or the 'not answered' slot (len(LEVEL_KEYS))."""
    return int(value) if value is not None and value.isdigit() and int(value) < len(LEVEL_KEYS) else len(LEVEL_KEYS)


def change_level(levels: dict[int | None, str | None]) -> int | None:
    """Given a system's level answers for one change (row or None for `all` -> value), return the change's ordinal or None."""
    if None in levels:
        whole = _level_index(levels[None])
        return whole if whole < len(LEVEL_KEYS) else None
    ordinals = [_level_index(v) for v in levels.values()]
    if not ordinals or max(ordinals) >= len(LEVEL_KEYS):
        return None
    return min(ordinals)


def _commonest(counter: Counter | None) -> str | None:
    """Given counts of the themes returns gave a row, return the commonest theme (ties: alphabetical), or None."""
    if not counter:
        return None
    ranked = sorted(((n, t) for t, n in counter.items() if t), key=lambda p: (-p[0], p[1]))
    return ranked[0][1] if ranked else None
