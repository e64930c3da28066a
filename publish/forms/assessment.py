"""The fillable self-assessment document for one edition (and, personalised, for one local system).

Layout: a portrait cover (title, system name, assessment date, partners) and the edition's
"how to use" section with the five levels and their definitions; then a landscape section with
one Heading 1 per change (and enabler): summary, I/We statements, tips, the maturity matrix
(theme column where the edition has themes), and "Your assessment": one row per matrix row
with a level drop-down and an evidence box. A change without a published matrix (2019) says
so and gets one whole-change row. The action plan closes the document.
"""
from __future__ import annotations

from typing import Mapping

from publish.docx import docbase
from publish.forms.action_plan import add_action_plan_table, plan_title
from publish.forms.answers import Answer
from publish.docx.controls import Controls
from publish.docx.package import finish, personalise, protect
from publish.forms.tags import change_tag, cover_tag, level_title, row_tag

LEVEL_KEYS = ("not-yet-established", "plans-in-place", "established", "mature", "exemplary")
#: Used only when an edition's sources name no levels (the schema allows an empty list): the
#: labels every published edition uses, without definitions, so the drop-downs still work.
DEFAULT_LEVELS = tuple({"key": key, "label": label, "description": None} for key, label in zip(
    LEVEL_KEYS, ("Not yet established", "Plans in place", "Established", "Mature", "Exemplary")))
TABLE_WIDTH_CM = 25.7
NO_MATRIX = ("This edition does not publish a maturity matrix for this change within the model. "
             "Choose the level that best describes your system for the change as a whole.")


def _blocks(document, blocks: list[dict]) -> None:
    """Given a section's blocks (under its Heading 1), add them: sub-headings as Heading 2–3, lists as bullets, tables.

    A sub-heading never goes more than one level below the previous heading (sources skip
    levels; headings in order are an accessibility requirement).
    """
    current = 1
    for block in blocks:
        kind = block["type"]
        if kind == "paragraph":
            document.add_paragraph(block.get("text", ""))
        elif kind == "heading":
            current = min(1 + block.get("level", 1), current + 1, 3)
            document.add_heading(block.get("text", ""), level=current)
        elif kind == "list":
            docbase.add_bullets(document, block.get("items", []))
        elif kind == "table" and block.get("rows"):
            rows = block["rows"]
            width = 17.0 / max(len(rows[0]), 1)
            widths = [width] * len(rows[0])
            table = docbase.add_table(document, rows[0], widths, "Table from the model")
            for row in rows[1:]:
                for cell, text in zip(docbase.add_row(table, widths), row):
                    docbase.cell_text(cell, text)


def _cover(document, edition: dict, controls: Controls) -> None:
    """Given a new document, add the cover: title, edition, and the system, date and partners controls."""
    edition_id = edition["edition"]["id"]
    document.add_paragraph(edition["model"]["title"], style="Title")
    document.add_paragraph(f"Self-assessment, {edition_id} edition: {edition['edition']['title']}")
    for field, label, kind in (("system-name", "Local system", "plain"),
                               ("assessment-date", "Date of assessment", "date"),
                               ("partners", "Partners involved", "rich")):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        tag = cover_tag(edition_id, field)
        if kind == "date":
            controls.date(paragraph, tag, label)
        elif kind == "plain":
            controls.text(paragraph, tag, "Name of the local system", "Type the name of your local system", rich=False)
        else:
            controls.text(paragraph, tag, label, "Type the organisations and people involved…")
    document.add_paragraph(
        "How to fill this in: each prompt in this document (such as \u201cChoose a level\u201d or \u201cType your evidence\u2026\u201d) is a box. Choose a level from each drop-down list, type your "
        "evidence in the box beside it, and complete the action plan at the end. Only the boxes can be "
        "edited, so the document keeps its structure when it is passed around.")


def _how_to_use(document, edition: dict) -> None:
    """Given a document, add the edition's how-to-use section and the five levels with their definitions."""
    for section in edition["sections"]:
        if section["key"] == "how-to-use":
            document.add_heading(section["title"], level=1)
            _blocks(document, section["blocks"])
    document.add_heading("The five maturity levels", level=1 if not any(
        s["key"] == "how-to-use" for s in edition["sections"]) else 2)
    levels = levels_of(edition)
    if not any(level.get("description") for level in levels):
        document.add_paragraph("This edition does not define the levels. The drop-down lists offer the five "
                               "levels every edition of the model uses, from lowest to highest:")
        docbase.add_bullets(document, [{"text": f"{n}: {level['label']}", "children": []}
                                       for n, level in enumerate(levels)])
        return
    widths = [4.5, 12.5]
    table = docbase.add_table(document, ["Level", "What it means"], widths,
                              "The five maturity levels and their definitions")
    for ordinal, level in enumerate(levels):
        cells = docbase.add_row(table, widths)
        docbase.cell_text(cells[0], f"{ordinal}: {level['label']}", bold=True)
        docbase.cell_text(cells[1], level.get("description") or "Not defined in this edition.")


def levels_of(edition: dict) -> list[dict]:
    """Given an edition, return its five levels (DEFAULT_LEVELS when its sources name none)."""
    return list(edition["levels"]) if len(edition["levels"]) == len(LEVEL_KEYS) else list(DEFAULT_LEVELS)


def _has_themes(matrix: dict) -> bool:
    """Given a matrix, say whether its rows carry theme labels."""
    return any(row.get("theme") for row in matrix["rows"])


def _matrix(document, item: dict, edition: dict) -> None:
    """Given a change with a matrix, add the matrix table (theme column where the rows have themes)."""
    matrix = item["matrix"]
    themed = _has_themes(matrix)
    labels = [level["label"] for level in levels_of(edition)]
    first = 3.2 if themed else 1.4     # rows without themes are numbered, so answers can point at them
    level_width = (TABLE_WIDTH_CM - first) / 5
    widths = [first] + [level_width] * 5
    table = docbase.add_table(document, ["Theme" if themed else "Row"] + labels, widths,
                              f"Maturity matrix for {item['title']}: outcomes at each level")
    for number, row in enumerate(matrix["rows"], 1):
        cells = docbase.add_row(table, widths, keep_whole=False)
        texts = [_row_name(row, number) if themed else str(number)] + [row["cells"][key] for key in LEVEL_KEYS]
        for index, (cell, text) in enumerate(zip(cells, texts)):
            docbase.cell_text(cell, text, bold=index == 0)


def _row_name(row: dict, number: int) -> str:
    """Given a matrix row and its 1-based number, return how the assessment table names it."""
    return row.get("theme") or f"Row {number}"


def _your_assessment(document, item: dict, edition: dict, controls: Controls) -> None:
    """Given a change, add the assessment table: per matrix row (or the whole change) a level drop-down and evidence box."""
    edition_id = edition["edition"]["id"]
    widths = [4.5, 5.2, 16.0]
    table = docbase.add_table(document, ["Matrix row", "Your level", "Evidence and comments"], widths,
                              f"Your assessment of {item['title']}: a level and evidence for each row")
    if item.get("matrix") and item["matrix"]["rows"]:
        rows = [(_row_name(row, n), row_tag(edition_id, item["key"], n, "level"),
                 row_tag(edition_id, item["key"], n, "evidence")) for n, row in enumerate(item["matrix"]["rows"], 1)]
    else:
        rows = [("Whole change", change_tag(edition_id, item["key"], "level"),
                 change_tag(edition_id, item["key"], "evidence"))]
    for name, level_tag, evidence_tag in rows:
        cells = docbase.add_row(table, widths, min_height_cm=1.6)
        docbase.cell_text(cells[0], name, bold=True)
        controls.level(cells[1].paragraphs[0], level_tag, level_title(item["title"], name), levels_of(edition))
        controls.text(cells[2].paragraphs[0], evidence_tag, f"Evidence: {item['title']}, {name}")


def _item(document, item: dict, kind: str, edition: dict, controls: Controls) -> None:
    """Given a change or enabler, add its heading, summary, statements, tips, matrix and assessment table."""
    heading = document.add_heading(f"{kind} {item['number']}: {item['title']}", level=1)
    heading.paragraph_format.page_break_before = True   # each change starts a page: easy to hand out
    if item.get("summary"):
        document.add_paragraph(item["summary"])
    statements = item.get("statements") or {}
    if statements.get("i") or statements.get("we"):
        document.add_heading("Making it Real: I and We statements", level=2)
        for label, key in (("I statement: ", "i"), ("We statement: ", "we")):
            if statements.get(key):
                paragraph = document.add_paragraph()
                paragraph.add_run(label).bold = True
                paragraph.add_run(statements[key])
    if item.get("tips"):
        document.add_heading("Tips for success", level=2)
        heading = None
        for tip in item["tips"]:
            if tip.get("heading") and tip["heading"] != heading:
                heading = tip["heading"]
                document.add_heading(heading, level=3)
            docbase.add_bullets(document, [tip])
    document.add_heading("Maturity matrix", level=2)
    if item.get("matrix") and item["matrix"]["rows"]:
        _matrix(document, item, edition)
    else:
        document.add_paragraph(NO_MATRIX)
    document.add_heading("Your assessment", level=2)
    _your_assessment(document, item, edition, controls)


def build_assessment_template(edition: dict, answers: Mapping[str, Answer] | None = None,
                              protected: bool = True) -> bytes:
    """Given an edition record, return the unpersonalised self-assessment document's bytes."""
    edition_id = edition["edition"]["id"]
    document = docbase.new_document(f"{edition['model']['title']}: self-assessment ({edition_id} edition)")
    footer = f"HICM self-assessment, {edition_id} edition"
    docbase.add_page_number_footer(document.sections[0], footer)
    controls = Controls(answers)
    _cover(document, edition, controls)
    _how_to_use(document, edition)
    docbase.new_landscape_section(document)
    for change in edition["changes"]:
        _item(document, change, "Change", edition, controls)
    for enabler in edition.get("enablers", []):
        _item(document, enabler, "Enabler", edition, controls)
    document.add_heading(plan_title(edition), level=1).paragraph_format.page_break_before = True
    document.add_paragraph("Agree with partners what you will do for each change.")
    add_action_plan_table(document, edition, controls)
    if protected:
        protect(document)
    return finish(document, "assessment", edition_id, controls.tags, edition["edition"].get("published"))


def build_assessment(edition: dict, system: str | None = None, contact: str | None = None,
                     answers: Mapping[str, Answer] | None = None, protected: bool = True) -> bytes:
    """Given an edition record and optionally a local system, return the self-assessment document's bytes."""
    return personalise(build_assessment_template(edition, answers, protected), system, contact)
