"""Render a diff as a Word redline: real tracked changes an auditor steps through in the Review pane.

Each word-level difference becomes a revision: insertions are `w:ins` runs, deletions `w:del`
runs with `w:delText`, each with an author and a fixed date, so Word (and LibreOffice) list
them as tracked changes to accept or reject one by one. The date comes from
SOURCE_DATE_EPOCH when set, else from the newer edition's published date, and the package
is written with fixed zip timestamps, so the same diff gives the same bytes.

Two layers, as in python-docx: the small functions at the top know the revision XML; the
renderer below only asks for "a paragraph of this text difference".
"""
from __future__ import annotations

import datetime as dt
import io
import os

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from publish.diff.outline import outline, title_line
from publish.docx.package import repack

AUTHOR = "hicm diff"


# ---------------------------------------------------------------- revision XML (w:r, w:ins, w:del)

def text_run(text: str, deleted: bool = False, bold: bool = False):
    """Given text, return a `w:r` holding it as `w:t` (or `w:delText` inside a deletion), spaces preserved."""
    run = OxmlElement("w:r")
    if bold:
        properties = OxmlElement("w:rPr")
        properties.append(OxmlElement("w:b"))
        run.append(properties)
    node = OxmlElement("w:delText" if deleted else "w:t")
    node.set(qn("xml:space"), "preserve")
    node.text = text
    run.append(node)
    return run


class Revisions:
    """Hands out revision marks (`w:ins`/`w:del`) with unique ids, one author and one date."""

    def __init__(self, author: str, date: str):
        self.author, self.date, self.next_id = author, date, 1

    def mark(self, kind: str, text: str):
        """Given `ins` or `del` and text, return the revision element wrapping one run of it."""
        element = OxmlElement(f"w:{kind}")
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        self.next_id += 1
        element.append(text_run(text, deleted=kind == "del"))
        return element


def diff_runs(diff: dict, revisions: Revisions) -> list:
    """Given a text difference, return its runs: equal text plain, deletions and insertions as revisions."""
    status = diff["status"]
    if status == "modified":
        kinds = {"equal": None, "delete": "del", "insert": "ins"}
        return [text_run(s["text"]) if kinds[s["op"]] is None else revisions.mark(kinds[s["op"]], s["text"])
                for s in diff["segments"]]
    if status == "added":
        return [revisions.mark("ins", diff["new"])]
    if status == "removed":
        return [revisions.mark("del", diff["old"])]
    return [text_run(diff.get("text", ""))]


# ---------------------------------------------------------------- the document

def revision_date(diff: dict) -> str:
    """Given a diff, return the revisions' date: SOURCE_DATE_EPOCH if set, else the new edition's published date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    else:
        parts = (diff["new"].get("published") or "2000").split("-")
        parts += ["01"] * (3 - len(parts))
        moment = dt.datetime(int(parts[0]), int(parts[1]), int(parts[2]), tzinfo=dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def mark_header_row(table) -> None:
    """Given a table, mark its first row as a header row repeated on each page."""
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)


def set_language(document, language: str = "en-GB") -> None:
    """Given a document, set its default language (for spelling and screen readers)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_defaults.append(lang)
    lang.set(qn("w:val"), language)


def set_core_properties(document, diff: dict, date: str) -> None:
    """Given a document, set title, author and fixed dates so the package is deterministic."""
    moment = dt.datetime.strptime(date, "%Y-%m-%dT%H:%M:%SZ")
    core = document.core_properties
    core.title = title_line(diff)
    core.subject = f"Redline of the {diff['old']['id']} edition against the {diff['new']['id']} edition"
    core.author = AUTHOR
    core.last_modified_by = AUTHOR
    core.created = moment
    core.modified = moment
    core.last_printed = moment
    core.revision = 1
    core.language = "en-GB"
    core.comments = ""
    core.keywords = "High Impact Change Model; redline"


def add_block(document, block: dict, revisions: Revisions) -> None:
    """Given an outline block, add it to the document."""
    kind = block["type"]
    if kind == "heading":
        document.add_heading(block["text"], level=block["level"])
    elif kind == "paragraph":
        document.add_paragraph(block["text"])
    elif kind == "list":
        for item in block["items"]:
            document.add_paragraph(item, style="List Bullet")
    elif kind == "counts":
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "What", "Count"
        mark_header_row(table)
        for label, count in block["rows"]:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, str(count)
    else:
        label = document.add_paragraph()
        label._p.append(text_run(block["label"] + ":", bold=True))
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Pt(18)
        for run in diff_runs(block["diff"], revisions):
            paragraph._p.append(run)


def drop_thumbnail(document) -> None:
    """Given a document from python-docx's default template, drop the template's preview picture (it shows a blank page)."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]


def render_docx(diff: dict) -> bytes:
    """Given a diff model, return the Word redline's bytes."""
    date = revision_date(diff)
    revisions = Revisions(AUTHOR, date)
    document = Document()
    drop_thumbnail(document)
    set_language(document)
    set_core_properties(document, diff, date)
    blocks = outline(diff)
    add_block(document, blocks[0], revisions)
    document.add_paragraph(
        f"Each difference is a tracked change by \u201c{AUTHOR}\u201d: text of the {diff['old']['id']} edition "
        f"that is gone is a deletion, text new in the {diff['new']['id']} edition an insertion. "
        "Use Review \u203a Next to step through them.")
    for block in blocks[1:]:
        add_block(document, block, revisions)
    buffer = io.BytesIO()
    document.save(buffer)
    return repack(buffer.getvalue())
