"""Next year's template, prefilled: a system's latest collected answers, carried to the new edition.

Answers travel by lineage key (normalize/lineage.toml): a 2015 "Seven-day service" answer lands
on 2020 "Flexible working patterns" because both are `flexible-working-patterns`. Matrix rows
are matched by theme where both editions name their rows' themes, else by position; a row
with no predecessor stays empty, and a whole-change (`all`) answer only fills a whole-change
control. Every carried answer says where it came from (`carried_from`), so the person filling
the template can see it is last round's answer, not theirs yet. The assessment date is never
carried.
"""
from __future__ import annotations

import os
import sqlite3
from typing import Iterable, Mapping

from normalize.lineage import LineageEntry, load_lineage
from publish.returns import store
from pipeline.core.text import fold_case
from publish.docx.oxml_sdt import read_controls
from publish.docx.safe_docx import main_part_name, open_docx
from publish.forms.answers import Answer
from publish.forms.tags import change_tag, cover_tag, row_tag
from schema.model import DEFAULT_LEVEL_LABELS, LEVEL_KEYS

CARRIED_COVER_FIELDS = ("system-name", "partners")


def prefill_answers(db: str | os.PathLike | sqlite3.Connection, system: str, edition: str,
                    lineage: tuple[LineageEntry, ...] | None = None, *,
                    target_tags: Iterable[str] | None = None,
                    row_themes: Mapping[str, Mapping[tuple[str, int], str]] | None = None) -> dict[str, Answer]:
    """Given the results store, a system and the edition to publish, return tag -> Answer for its prefilled controls.

    `target_tags` (the template's tags) drops answers the new template has no control for;
    `row_themes` (edition -> (change key, row) -> theme) lets rows match by theme; the source
    edition's themes default to those the returned file's row titles name.
    """
    lineage = lineage if lineage is not None else load_lineage()
    connection = db if isinstance(db, sqlite3.Connection) else store.connect(db)
    try:
        source = latest_submission(connection, system, edition, lineage)
        if source is None:
            return {}
        rows = store.answers_of(connection, source["id"])
        # The returned file's own row titles name its themes best: they are what the person saw.
        source_themes = store.row_themes(connection, source["id"]) or dict((row_themes or {}).get(source["edition"], {}))
    finally:
        if connection is not db:
            connection.close()
    wanted = set(target_tags) if target_tags is not None else None
    carried = {}
    for answer in rows:
        if not answer["answered"]:
            continue
        tag = target_tag(answer, edition, lineage, source_themes, dict((row_themes or {}).get(edition, {})))
        if tag is None or (wanted is not None and tag not in wanted):
            continue
        carried[tag] = Answer(tag, answer["value"], _label(answer),
                              carried_from=_origin(source, answer, lineage))
    return dict(sorted(carried.items()))


def latest_submission(connection: sqlite3.Connection, system: str, edition: str,
                      lineage: tuple[LineageEntry, ...]) -> sqlite3.Row | None:
    """Given a system, return its latest current assessment: newest assessment date, then the newest edition up to `edition`."""
    order = [e for entry in lineage for e in entry.editions]
    rank = {e: n for n, e in enumerate(sorted(set(order)))}
    candidates = [r for r in store.current_returns_of(connection, system)
                  if r["edition"] == edition or rank.get(r["edition"], -1) < rank.get(edition, 99)]
    if not candidates:
        return None
    return max(candidates, key=lambda r: (r["assessment_date"] or "", rank.get(r["edition"], -1), r["id"]))


def target_tag(answer: sqlite3.Row, edition: str, lineage: tuple[LineageEntry, ...],
               source_themes: Mapping[tuple[str, int], str], target_themes: Mapping[tuple[str, int], str]) -> str | None:
    """Given a stored answer and both editions' row themes, return the tag it lands on in `edition`, or None."""
    scope, key, field = answer["scope"], answer["change_key"], answer["field"]
    if scope == "cover":
        return cover_tag(edition, field) if field in CARRIED_COVER_FIELDS else None
    if scope not in ("matrix", "change") or not any(e.key == key and edition in e.editions for e in lineage):
        return None
    if scope == "change":
        return change_tag(edition, key, field)
    row = matching_row(key, answer["row"], source_themes, target_themes)
    return row_tag(edition, key, row, field) if row is not None else None


def matching_row(key: str, row: int, source_themes: Mapping[tuple[str, int], str],
                 target_themes: Mapping[tuple[str, int], str]) -> int | None:
    """Given a source row, return the target row with the same theme, else the same position (None if themes say no match)."""
    source_theme = source_themes.get((key, row))
    target = {r: t for (k, r), t in target_themes.items() if k == key}
    if source_theme and target:
        folded = fold_case(source_theme)
        return next((r for r, t in sorted(target.items()) if t and fold_case(t) == folded), None)
    return row


def _label(answer: sqlite3.Row) -> str:
    """Given a stored answer, return the label to show: the level's label for levels, else the stored label."""
    value = answer["value"]
    if answer["field"] == "level" and value is not None and value.isdigit() and int(value) < len(LEVEL_KEYS):
        return DEFAULT_LEVEL_LABELS[LEVEL_KEYS[int(value)]]
    return answer["label"] or ""


def _origin(source: sqlite3.Row, answer: sqlite3.Row, lineage: tuple[LineageEntry, ...]) -> str:
    """Given the source submission and answer, return e.g. "2015 assessment of 2017-09-29, Seven-day service"."""
    text = f"{source['edition']} assessment" + (f" of {source['assessment_date']}" if source["assessment_date"] else "")
    entry = next((e for e in lineage if e.key == answer["change_key"]), None)
    if entry is not None and source["edition"] in entry.editions:
        text += f", {entry.editions[source['edition']]['titles'][0]}"
    return text


def prefill_for_template(db: str | os.PathLike | sqlite3.Connection, system: str, edition: dict,
                         template: bytes) -> dict[str, Answer]:
    """Given the results store, a system, an edition record and its blank template's bytes, return the prefill answers.

    The template says which controls exist (so nothing lands on a control it lacks) and the edition
    record names its matrix rows' themes (so rows match by theme where the earlier return named its own).
    """
    package = open_docx("template.docx", template)
    tags = [c.tag for c in read_controls(package.xml(main_part_name(package))) if c.tag]
    edition_id = edition["edition"]["id"]
    themes = {(change["key"], number): row["theme"]
              for change in edition.get("changes", []) + edition.get("enablers", [])
              for number, row in enumerate((change.get("matrix") or {}).get("rows") or [], start=1) if row.get("theme")}
    return prefill_answers(db, system, edition_id, target_tags=tags, row_themes={edition_id: themes})
