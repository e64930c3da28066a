"""The fillable self-assessment document for one edition (and, personalised, for one local system).

Layout, for print and screen (A4; every page headed with the round and footed "System – HICM
self-assessment <edition> – page X of Y"):
- a portrait cover (publish/forms/cover.py): the round's logo, the title, the return details
  (round, system, contact, date, return-by date and address, who to ask), short instructions,
  the partners table and the sign-off block;
- the edition's "how to use" section and its five levels, in one table (a levels table the
  section publishes itself is shown as that table, not twice);
- a landscape section with one Heading 1 per change (and enabler), each on a new page:
  summary, I/We statements, tips, then the maturity matrix, whose last column holds that
  row's level drop-down and evidence box, so each answer sits with the row it judges. Matrix
  rows never split across pages and the header row repeats. A change without a published
  matrix (2019) says so, and its one whole-change answer follows, kept with that note;
- the action plan.
"""
from __future__ import annotations

from typing import Mapping

from docx.shared import Pt

from pipeline.core.text import fold_case
from publish.docx import docbase
from publish.docx.controls import Controls
from publish.docx.package import finish, personalise, protect
from publish.forms import cover
from publish.forms.action_plan import add_action_plan_table, plan_title
from publish.forms.answers import Answer
from publish.forms.rounds import Round
from publish.forms.tags import change_tag, level_title, row_tag

LEVEL_KEYS = ("not-yet-established", "plans-in-place", "established", "mature", "exemplary")
#: Used only when an edition's sources name no levels (the schema allows an empty list): the
#: labels every published edition uses, without definitions, so the drop-downs still work.
DEFAULT_LEVELS = tuple({"key": key, "label": label, "description": None} for key, label in zip(
    LEVEL_KEYS, ("Not yet established", "Plans in place", "Established", "Mature", "Exemplary")))
TABLE_WIDTH_CM = 25.7       # landscape A4 less 2 cm margins
PORTRAIT_WIDTH_CM = 17.0    # portrait A4 less 2 cm margins
#: The matrix's columns (cm): the row's name (a theme, or a number), five levels, and the answer.
THEME_WIDTH, NUMBER_WIDTH, ANSWER_WIDTH = 2.8, 1.2, 4.4
#: A matrix row estimated taller than this (cm) could not fit on a landscape page under the header
#: row, so it is allowed to split rather than overflow; no published row comes near (2020's tallest: 11).
MAX_WHOLE_ROW_CM = 15.0
NO_MATRIX = ("This edition does not publish a maturity matrix for this change within the model. "
             "Choose the level that best describes your system for the change as a whole.")


def _blocks(document, blocks: list[dict], levels: list[dict]) -> bool:
    """Given a section's blocks (under its Heading 1), add them; return whether one was the levels table.

    Sub-headings become Heading 2–3, lists bullets, tables tables. A sub-heading never goes
    more than one level below the previous heading (sources skip levels; headings in order are
    an accessibility requirement). A table whose header row names the five levels is shown as
    the levels table (one row per level), so the document has one levels table, not two.
    """
    current, shown_levels = 1, False
    for block in blocks:
        kind = block["type"]
        if kind == "paragraph":
            document.add_paragraph(block.get("text", ""))
        elif kind == "heading":
            current = min(1 + block.get("level", 1), current + 1, 3)
            docbase.keep_with_next(document.add_heading(block.get("text", ""), level=current))
        elif kind == "list":
            docbase.add_bullets(document, block.get("items", []))
        elif kind == "table" and block.get("rows"):
            rows = block["rows"]
            if _names_the_levels(rows, levels):
                _levels_table(document, list(zip(rows[0], rows[1])))
                shown_levels = True
                continue
            widths = [PORTRAIT_WIDTH_CM / max(len(rows[0]), 1)] * len(rows[0])
            table = docbase.add_table(document, rows[0], widths, "Table from the model")
            for row in rows[1:]:
                for cell, text in zip(docbase.add_row(table, widths), row):
                    docbase.cell_text(cell, text)
    return shown_levels


def _names_the_levels(rows: list[list[str]], levels: list[dict]) -> bool:
    """Given a table's rows, say whether it is the levels table: a header row of the five level labels, then their meanings."""
    return (len(rows) == 2 and len(rows[0]) == len(levels) == len(rows[1])
            and [fold_case(cell) for cell in rows[0]] == [fold_case(level["label"]) for level in levels])


def _levels_table(document, meanings: list[tuple[str, str | None]]) -> None:
    """Given (level label, what it means) in order, add the levels table: one row per level, numbered from 0."""
    widths = [4.5, PORTRAIT_WIDTH_CM - 4.5]
    table = docbase.add_table(document, ["Level", "What it means"], widths,
                              "The five maturity levels and their definitions")
    for ordinal, (label, meaning) in enumerate(meanings):
        cells = docbase.add_row(table, widths)
        docbase.cell_text(cells[0], f"{ordinal}: {label}", bold=True)
        docbase.cell_text(cells[1], meaning or "Not defined in this edition.")


def _how_to_use(document, edition: dict) -> None:
    """Given a document, add the edition's how-to-use section, which shows the levels table or is followed by it."""
    levels = levels_of(edition)
    shown_levels = False
    for section in _how_to_sections(edition):
        document.add_heading(section["title"], level=1)
        shown_levels = _blocks(document, section["blocks"], levels) or shown_levels
    if not shown_levels:
        _levels(document, levels, level=2)


def _how_to_sections(edition: dict) -> list[dict]:
    """Given an edition, return its how-to-use sections (none in 2015 and 2019)."""
    return [section for section in edition["sections"] if section["key"] == "how-to-use"]


def _levels(document, levels: list[dict], level: int) -> None:
    """Given the five levels, add them under a heading: a table of their meanings, or a list where none is defined."""
    docbase.keep_with_next(document.add_heading("The five maturity levels", level=level))
    if any(item.get("description") for item in levels):
        _levels_table(document, [(item["label"], item.get("description")) for item in levels])
        return
    docbase.keep_with_next(document.add_paragraph(
        "This edition does not define the levels. The drop-down lists offer the five levels every edition of "
        "the model uses, from lowest to highest: " + "; ".join(f"{n}: {item['label']}" for n, item in enumerate(levels))
        + "."))


def levels_of(edition: dict) -> list[dict]:
    """Given an edition, return its five levels (DEFAULT_LEVELS when its sources name none)."""
    return list(edition["levels"]) if len(edition["levels"]) == len(LEVEL_KEYS) else list(DEFAULT_LEVELS)


def _has_themes(matrix: dict) -> bool:
    """Given a matrix, say whether its rows carry theme labels."""
    return any(row.get("theme") for row in matrix["rows"])


def _row_name(row: dict, number: int) -> str:
    """Given a matrix row and its 1-based number, return how the answer controls' titles name it."""
    return row.get("theme") or f"Row {number}"


def _answer(cell, item: dict, name: str, level_tag: str, evidence_tag: str, edition: dict, controls: Controls) -> None:
    """Given a table cell, fill it with one answer: "Level:" and its drop-down, then "Evidence:" and its box."""
    level = cell.paragraphs[0]
    level.add_run("Level: ").bold = True
    controls.level(level, level_tag, level_title(item["title"], name), levels_of(edition))
    evidence = cell.add_paragraph(style=docbase.TABLE_TEXT_STYLE)
    evidence.paragraph_format.space_before = Pt(6)
    evidence.add_run("Evidence: ").bold = True
    controls.text(evidence, evidence_tag, f"Evidence: {item['title']}, {name}")


def _matrix(document, item: dict, edition: dict, controls: Controls) -> None:
    """Given a change with a matrix, add the matrix: a row name, the five levels' outcomes, and the answer for that row.

    Rows never split across pages (a row read across a page break is misread), unless one is
    too tall for any page, and the header row repeats on every page.
    """
    matrix = item["matrix"]
    themed = _has_themes(matrix)
    edition_id = edition["edition"]["id"]
    first = THEME_WIDTH if themed else NUMBER_WIDTH   # rows without themes are numbered, so answers can point at them
    level_width = (TABLE_WIDTH_CM - first - ANSWER_WIDTH) / len(LEVEL_KEYS)
    widths = [first] + [level_width] * len(LEVEL_KEYS) + [ANSWER_WIDTH]
    labels = [level["label"] for level in levels_of(edition)]
    table = docbase.add_table(document, ["Theme" if themed else "Row"] + labels + ["Your assessment"], widths,
                              f"Maturity matrix for {item['title']}: outcomes at each level, and your level "
                              "and evidence for each row")
    for number, row in enumerate(matrix["rows"], 1):
        texts = [_row_name(row, number) if themed else str(number)] + [row["cells"][key] for key in LEVEL_KEYS]
        cells = docbase.add_row(table, widths, keep_whole=docbase.estimated_height_cm(texts, widths) <= MAX_WHOLE_ROW_CM)
        for index, (cell, text) in enumerate(zip(cells, texts)):
            docbase.cell_text(cell, text, bold=index == 0)
        _answer(cells[-1], item, _row_name(row, number), row_tag(edition_id, item["key"], number, "level"),
                row_tag(edition_id, item["key"], number, "evidence"), edition, controls)


def _whole_change(document, item: dict, edition: dict, controls: Controls) -> None:
    """Given a change without a published matrix, say so and add its one answer (level and evidence), kept together."""
    edition_id = edition["edition"]["id"]
    docbase.keep_with_next(document.add_paragraph(NO_MATRIX))
    widths = [4.0, TABLE_WIDTH_CM - 4.0]
    table = docbase.add_table(document, ["Change", "Your assessment"], widths,
                              f"Your assessment of {item['title']} as a whole: a level and evidence")
    cells = docbase.add_row(table, widths, min_height_cm=3.0)
    docbase.cell_text(cells[0], "Whole change", bold=True)
    _answer(cells[1], item, "Whole change", change_tag(edition_id, item["key"], "level"),
            change_tag(edition_id, item["key"], "evidence"), edition, controls)
    docbase.keep_table_together(table)


def _item(document, item: dict, kind: str, edition: dict, controls: Controls) -> None:
    """Given a change or enabler, add its heading, summary, statements, tips, and its matrix with the answers."""
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
    if item.get("matrix") and item["matrix"]["rows"]:
        document.add_heading("Maturity matrix and your assessment", level=2)
        _matrix(document, item, edition, controls)
    else:
        document.add_heading("Your assessment", level=2)
        _whole_change(document, item, edition, controls)


def _cover(document, edition: dict, collection_round: Round | None, controls: Controls) -> None:
    """Given a new document, add the cover: logo, title, return details, instructions, partners and sign-off."""
    edition_id = edition["edition"]["id"]
    cover.add_logo(document, collection_round)
    document.add_paragraph(edition["model"]["title"], style="Title")
    document.add_paragraph(f"Self-assessment, {edition_id} edition: {edition['edition']['title']}")
    cover.add_return_details(document, edition_id, collection_round, controls, "Date of assessment", PORTRAIT_WIDTH_CM)
    cover.add_instructions(document, collection_round)
    if not _how_to_sections(edition):   # the levels then go with the instructions, not alone on a page
        _levels(document, levels_of(edition), level=1)
    cover.add_partners(document, edition_id, "assessment", controls, PORTRAIT_WIDTH_CM)
    cover.add_sign_off(document, edition_id, collection_round, controls, PORTRAIT_WIDTH_CM)


def build_assessment_template(edition: dict, answers: Mapping[str, Answer] | None = None,
                              protected: bool = True, collection_round: Round | None = None) -> bytes:
    """Given an edition record (and the round it is issued in), return the unpersonalised self-assessment's bytes."""
    edition_id = edition["edition"]["id"]
    document = docbase.new_document(f"{edition['model']['title']}: self-assessment ({edition_id} edition)")
    cover.add_header_and_footer(document, edition_id, collection_round, "self-assessment")
    controls = Controls(answers)
    _cover(document, edition, collection_round, controls)
    if _how_to_sections(edition):
        _how_to_use(document, edition)
    docbase.new_landscape_section(document)
    for change in edition["changes"]:
        _item(document, change, "Change", edition, controls)
    for enabler in edition.get("enablers", []):
        _item(document, enabler, "Enabler", edition, controls)
    document.add_heading(plan_title(edition), level=1).paragraph_format.page_break_before = True
    document.add_paragraph("Agree with partners what you will do for each change, who will lead it and by when.")
    add_action_plan_table(document, edition, controls)
    if protected:
        protect(document)
    return finish(document, "assessment", edition_id, controls.tags, edition["edition"].get("published"),
                  collection_round)


def build_assessment(edition: dict, system: str | None = None, contact: str | None = None,
                     answers: Mapping[str, Answer] | None = None, protected: bool = True,
                     collection_round: Round | None = None) -> bytes:
    """Given an edition record and optionally a local system (and the round), return the self-assessment's bytes."""
    return personalise(build_assessment_template(edition, answers, protected, collection_round), system, contact)
