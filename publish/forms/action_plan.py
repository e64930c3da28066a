"""The action-plan table (shared by the assessment and the action-plan document) and the action-plan document.

Columns come from the edition's `action_plan.columns`; an edition without an action plan (2019)
gets DEFAULT_COLUMNS, the 2020 template's questions. A column that names the change (its key is
one of LABEL_COLUMN_KEYS) holds the row label; every other column holds a rich-text control,
except the "when" column (key `by-when`, or a label starting "When" / "By when"), which holds a
date picker. Rows: one per change (then per enabler), labelled as the edition's action plan
labels that change's row, else "Change N: title".
"""
from __future__ import annotations

import re
from typing import Mapping

from publish.docx import docbase
from publish.forms.answers import Answer
from publish.docx.controls import Controls
from publish.docx.package import finish, personalise, protect
from publish.forms.tags import cover_tag, plan_column_key, plan_tag

DEFAULT_COLUMNS = (     # the 2015 and 2020 templates' columns, with the keys their editions use
    {"key": "now", "label": "Where are you now?"},
    {"key": "actions", "label": "What do you need to do?"},
    {"key": "by-when", "label": "When will it be done by?"},
    {"key": "success", "label": "How will you know it has been successful?"},
)
LABEL_COLUMN_KEYS = ("impact-change", "change", "high-impact-change", "changes")
DEFAULT_TITLE = "Action planning template"
TABLE_WIDTH_CM = 25.7      # landscape A4 less 2 cm margins


def is_date_column(column: dict) -> bool:
    """Given an action-plan column, say whether its answer is a date ("When will it be done by?")."""
    return column["key"] in ("by-when", "when") or bool(re.match(r"\s*(by\s+)?when\b", column["label"], re.I))


def columns(edition: dict) -> tuple[list[dict], str]:
    """Given an edition, return its answer columns and the heading of the change column."""
    plan = edition.get("action_plan")
    cols = list(plan["columns"]) if plan and plan.get("columns") else list(DEFAULT_COLUMNS)
    label_cols = [c for c in cols if c["key"] in LABEL_COLUMN_KEYS]
    answer_cols = [c for c in cols if c["key"] not in LABEL_COLUMN_KEYS]
    return answer_cols, (label_cols[0]["label"] if label_cols else "Impact change")


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
    first = 5.0
    rest = (TABLE_WIDTH_CM - first) / max(len(answer_cols), 1)
    widths = [first] + [rest] * len(answer_cols)
    table = docbase.add_table(document, [label_heading] + [c["label"] for c in answer_cols], widths,
                              "Action plan: one row per change; fill in each column")
    for item, label in items(edition):
        cells = docbase.add_row(table, widths, min_height_cm=2.0)
        docbase.cell_text(cells[0], label, bold=True)
        for cell, column in zip(cells[1:], answer_cols):
            edition_id = edition["edition"]["id"]
            tag = plan_tag(edition_id, item["key"], plan_column_key(edition_id, item["key"], column["key"]))
            title = f"{column['label']} ({label})"
            if is_date_column(column):
                controls.date(cell.paragraphs[0], tag, title)
            else:
                controls.text(cell.paragraphs[0], tag, title, "Type your answer…")


def build_action_plan_template(edition: dict, answers: Mapping[str, Answer] | None = None,
                               protected: bool = True) -> bytes:
    """Given an edition record, return the unpersonalised action-plan document's bytes (landscape)."""
    model = edition["model"]["title"]
    edition_id = edition["edition"]["id"]
    document = docbase.new_document(f"{model}: action plan ({edition_id} edition)", landscape=True)
    docbase.add_page_number_footer(document.sections[0], f"HICM action plan, {edition_id} edition")
    controls = Controls(answers)
    document.add_paragraph(f"{model}", style="Title")
    document.add_paragraph(f"Action plan for the {edition_id} edition: {edition['edition']['title']}")
    line = document.add_paragraph()
    line.add_run("Local system: ").bold = True
    controls.text(line, cover_tag(edition_id, "system-name"), "Name of the local system",
                  "Type the name of your local system", rich=False)
    document.add_heading(plan_title(edition), level=1)
    document.add_paragraph("Agree with partners what you will do for each change. Use one row per change; "
                           "each cell is a box to type in, and the date column has a date picker.")
    add_action_plan_table(document, edition, controls)
    if protected:
        protect(document)
    return finish(document, "action-plan", edition_id, controls.tags, edition["edition"].get("published"))


def build_action_plan(edition: dict, system: str | None = None, contact: str | None = None,
                      answers: Mapping[str, Answer] | None = None, protected: bool = True) -> bytes:
    """Given an edition record and optionally a local system, return the action-plan document's bytes."""
    return personalise(build_action_plan_template(edition, answers, protected), system, contact)
