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

import csv
import io
import sqlite3
from collections import Counter, defaultdict

from normalize.lineage import LineageEntry, load_lineage
from publish.returns import store
from publish.returns.read import row_theme
from schema.model import DEFAULT_LEVEL_LABELS, LEVEL_KEYS

ESTABLISHED = LEVEL_KEYS.index("established")
LEVEL_LABELS = [DEFAULT_LEVEL_LABELS[k] for k in LEVEL_KEYS]


def build_report(connection: sqlite3.Connection, edition: str | None = None,
                 expected_systems: list[str] | None = None) -> dict:
    """Given the results store, an edition (default: the one with most returns) and the systems expected, return the report model."""
    edition = edition or _busiest_edition(connection)
    submissions = store.current_submissions(connection, edition)
    per_system: dict[str, dict] = {}
    for submission in submissions:
        per_system[submission["system"] or submission["path"]] = {
            "date": submission["assessment_date"],
            "answers": store.answers_of(connection, submission["id"])}
    changes = [_change_summary(entry, edition, per_system) for entry in _changes_of(edition, per_system)]
    dates = sorted(s["date"] for s in per_system.values() if s["date"])
    returned = {store.system_key(name) for name in per_system}
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
        sorted(name for name in expected_systems if store.system_key(name) not in returned),
    }


def read_systems_csv(text: str) -> list[str]:
    """Given a CSV of systems (a `system` or `name` column, else the first column), return the names in order."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [h.strip().casefold() for h in rows[0]]
    column = next((header.index(n) for n in ("system", "name", "local system") if n in header), None)
    body = rows[1:] if column is not None else rows
    return [row[column or 0].strip() for row in body if row and row[column or 0].strip()]


def _busiest_edition(connection: sqlite3.Connection) -> str | None:
    row = connection.execute("SELECT edition, COUNT(*) n FROM submissions WHERE superseded_by IS NULL AND "
                             "template = 'assessment' GROUP BY edition ORDER BY n DESC, edition DESC").fetchone()
    return row["edition"] if row else None


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
