"""The action-plan table (shared by the assessment and the action-plan document) and the action-plan document.

Columns come from the edition's `action_plan.columns`; an edition without an action plan (2019)
gets DEFAULT_COLUMNS, the 2020 template's questions. Every plan also says who leads each
action: LEAD_COLUMN is added, before the date column, unless the edition has an owner or lead
column of its own. A column that names the change (its key is one of LABEL_COLUMN_KEYS) holds
the row label; every other column holds a rich-text control, except the "when" column (key
`by-when`, or a label starting "When" / "By when"), which holds a date picker. Rows: one per
change (then per enabler), labelled as the edition's action plan labels that change's row,
else "Change N: title".

The action-plan document opens with its head (publish/forms/cover.py): the round, the system,
a contact, the date the plan was agreed and the partners who agreed it, all as controls.
"""
from __future__ import annotations

import re
from typing import Mapping

from publish.docx import docbase
from publish.docx.controls import Controls
from publish.docx.package import finish, personalise, protect
from publish.forms import cover
from publish.forms.answers import Answer
from publish.forms.rounds import Round
from publish.forms.tags import plan_column_key, plan_tag

DEFAULT_COLUMNS = (     # the 2015 and 2020 templates' columns, with the keys their editions use
    {"key": "now", "label": "Where are you now?"},
    {"key": "actions", "label": "What do you need to do?"},
    {"key": "by-when", "label": "When will it be done by?"},
    {"key": "success", "label": "How will you know it has been successful?"},
)
LABEL_COLUMN_KEYS = ("impact-change", "change", "high-impact-change", "changes")
#: Who leads each action: added to every plan whose edition has no owner or lead column.
LEAD_COLUMN = {"key": "lead", "label": "Who will lead it?"}
_LEAD_WORDS = re.compile(r"\b(lead|leads|leading|owner|owns|responsible)\b", re.I)
DEFAULT_TITLE = "Action planning template"
TABLE_WIDTH_CM = 25.7      # landscape A4 less 2 cm margins
LABEL_WIDTH, NARROW_WIDTH = 5.0, 3.6     # cm: the change's name; the lead and date columns
#: Room to write in each row (cm) when printed: eight rows and the header fit one landscape page.
ROW_HEIGHT_CM = 1.8


def is_date_column(column: dict) -> bool:
    """Given an action-plan column, say whether its answer is a date ("When will it be done by?")."""
    return column["key"] in ("by-when", "when") or bool(re.match(r"\s*(by\s+)?when\b", column["label"], re.I))


def columns(edition: dict) -> tuple[list[dict], str]:
    """Given an edition, return its answer columns and the heading of the change column."""
    plan = edition.get("action_plan")
    cols = list(plan["columns"]) if plan and plan.get("columns") else list(DEFAULT_COLUMNS)
    label_cols = [c for c in cols if c["key"] in LABEL_COLUMN_KEYS]
    answer_cols = [c for c in cols if c["key"] not in LABEL_COLUMN_KEYS]
    if not any(c["key"] == LEAD_COLUMN["key"] or _LEAD_WORDS.search(c["label"]) for c in answer_cols):
        at = next((n for n, c in enumerate(answer_cols) if is_date_column(c)), len(answer_cols))
        answer_cols.insert(at, dict(LEAD_COLUMN))
    return answer_cols, (label_cols[0]["label"] if label_cols else "Impact change")


def _is_narrow(column: dict) -> bool:
    """Given an answer column, say whether its answers are short (a date, a name)."""
    return is_date_column(column) or column["key"] == LEAD_COLUMN["key"]


def items(edition: dict) -> list[tuple[dict, str]]:
    """Given an edition, return (item, row label) for every change then enabler."""
    plan = edition.get("action_plan") or {}
    labels = {row["key"]: row["label"] for row in plan.get("rows", [])}
    rows = [(c, labels.get(c["key"], f"Change {c['number']}: {c['title']}")) for c in edition["changes"]]
    rows += [(e, labels.get(e["key"], f"Enabler {e['number']}: {e['title']}")) for e in edition.get("enablers", [])]
    return rows


def plan_title(edition: dict) -> str:
    """Given an edition, return the action plan's heading."""
    plan = edition.get("action_plan") or {}
    return plan.get("title") or DEFAULT_TITLE


def add_action_plan_table(document, edition: dict, controls: Controls) -> None:
    """Given a document in a landscape section, add the action-plan table: one row per change, a control per cell."""
    answer_cols, label_heading = columns(edition)
    narrow = sum(_is_narrow(c) for c in answer_cols)
    wide = (TABLE_WIDTH_CM - LABEL_WIDTH - narrow * NARROW_WIDTH) / max(len(answer_cols) - narrow, 1)
    widths = [LABEL_WIDTH] + [NARROW_WIDTH if _is_narrow(c) else wide for c in answer_cols]
    table = docbase.add_table(document, [label_heading] + [c["label"] for c in answer_cols], widths,
                              "Action plan: one row per change; fill in each column")
    for item, label in items(edition):
        cells = docbase.add_row(table, widths, min_height_cm=ROW_HEIGHT_CM)
        docbase.cell_text(cells[0], label, bold=True)
        for cell, column in zip(cells[1:], answer_cols):
            edition_id = edition["edition"]["id"]
            tag = plan_tag(edition_id, item["key"], plan_column_key(edition_id, item["key"], column["key"]))
            title = f"{column['label']} ({label})"
            if is_date_column(column):
                controls.date(cell.paragraphs[0], tag, title)
            elif column["key"] == LEAD_COLUMN["key"]:
                controls.text(cell.paragraphs[0], tag, title, "Name and role")
            else:
                controls.text(cell.paragraphs[0], tag, title, "Type your answer…")


def build_action_plan_template(edition: dict, answers: Mapping[str, Answer] | None = None,
                               protected: bool = True, collection_round: Round | None = None) -> bytes:
    """Given an edition record (and the round it is issued in), return the unpersonalised action plan's bytes (landscape)."""
    model = edition["model"]["title"]
    edition_id = edition["edition"]["id"]
    document = docbase.new_document(f"{model}: action plan ({edition_id} edition)", landscape=True)
    cover.add_header_and_footer(document, edition_id, collection_round, "action plan")
    controls = Controls(answers)
    cover.add_logo(document, collection_round)
    document.add_paragraph(f"{model}", style="Title")
    document.add_paragraph(f"Action plan for the {edition_id} edition: {edition['edition']['title']}")
    cover.add_return_details(document, edition_id, collection_round, controls, "Date the plan was agreed",
                             TABLE_WIDTH_CM)
    cover.add_instructions(document, collection_round, plan_only=True)
    cover.add_partners(document, edition_id, "action-plan", controls, TABLE_WIDTH_CM)
    document.add_heading(plan_title(edition), level=1)
    docbase.keep_with_next(document.add_paragraph(
        "Agree with partners what you will do for each change. Use one row per change; each cell is a box "
        "to type in, and the date column has a date picker."))
    add_action_plan_table(document, edition, controls)
    if protected:
        protect(document)
    return finish(document, "action-plan", edition_id, controls.tags, edition["edition"].get("published"),
                  collection_round)


def build_action_plan(edition: dict, system: str | None = None, contact: str | None = None,
                      answers: Mapping[str, Answer] | None = None, protected: bool = True,
                      collection_round: Round | None = None) -> bytes:
    """Given an edition record and optionally a local system (and the round), return the action plan's bytes."""
    return personalise(build_action_plan_template(edition, answers, protected, collection_round), system, contact)
