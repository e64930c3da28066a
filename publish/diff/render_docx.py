"""Render a diff as a Word redline: real tracked changes an auditor steps through in the Review pane.

Each word-level difference becomes a revision: insertions are `w:ins` runs, deletions `w:del`
runs with `w:delText`, each with an author and a fixed date, so Word (and LibreOffice) list
them as tracked changes to accept or reject one by one. The date comes from
SOURCE_DATE_EPOCH when set, else from the newer edition's published date, and the package
is written with fixed zip timestamps, so the same diff gives the same bytes.

Laid out as hicm's other documents are (publish/docx/docbase.py: A4, Arial 11 pt, en-GB,
real headings, marked header rows, "page X of Y"), so it passes `hicm check-docx`. To keep
it short, unchanged text is left out: a run of more than ELIDE_OVER unchanged words keeps
only KEEP_WORDS words either side of the change, and the document says so at the top.

Two layers, as in python-docx: the small functions at the top know the revision XML; the
renderer below only asks for "a paragraph of this text difference".
"""
from __future__ import annotations

import datetime as dt
import io
import os

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from publish.diff.outline import outline, title_line
from publish.docx import docbase
from publish.docx.package import repack

AUTHOR = "hicm diff"
BODY_SIZE = Pt(11)
#: Unchanged text longer than ELIDE_OVER words keeps KEEP_WORDS words each side of a change.
ELIDE_OVER, KEEP_WORDS = 24, 8
ELISION = "[\u2026]"


# ---------------------------------------------------------------- revision XML (w:r, w:ins, w:del)

def text_run(text: str, deleted: bool = False, bold: bool = False, italic: bool = False):
    """Given text, return a `w:r` holding it as `w:t` (or `w:delText` inside a deletion), spaces preserved."""
    run = OxmlElement("w:r")
    if bold or italic:
        properties = OxmlElement("w:rPr")
        for wanted, name in ((bold, "w:b"), (italic, "w:i")):
            if wanted:
                properties.append(OxmlElement(name))
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


def shortened(text: str, keep_start: bool, keep_end: bool) -> list[tuple[str, bool]]:
    """Given unchanged text and which ends of it touch a change, return its pieces as (text, is the elision mark).

    A run of more than ELIDE_OVER words keeps KEEP_WORDS words at each end that touches a
    change, e.g. with both ends kept: "one two … eight [\u2026] seventeen … twenty-four ".
    """
    words = text.split()
    if len(words) <= ELIDE_OVER:
        return [(text, False)]
    head = " ".join(words[:KEEP_WORDS]) if keep_start else ""
    tail = " ".join(words[-KEEP_WORDS:]) if keep_end else ""
    leading = " " if text[:1].isspace() else ""
    trailing = " " if text[-1:].isspace() else ""
    pieces = []
    if head:
        pieces.append((f"{leading}{head} ", False))
    pieces.append((ELISION, True))
    if tail:
        pieces.append((f" {tail}{trailing}", False))
    elif trailing:
        pieces.append((trailing, False))
    return pieces


def _unchanged_runs(text: str, keep_start: bool, keep_end: bool) -> list:
    """Given unchanged text and which of its ends touch a change, return its runs, long stretches left out."""
    return [text_run(piece, italic=mark) for piece, mark in shortened(text, keep_start, keep_end)]


def diff_runs(diff: dict, revisions: Revisions) -> list:
    """Given a text difference, return its runs: deletions and insertions as revisions, long unchanged text shortened."""
    status = diff["status"]
    if status == "modified":
        kinds = {"equal": None, "delete": "del", "insert": "ins"}
        segments = diff["segments"]
        runs = []
        for index, segment in enumerate(segments):
            kind = kinds[segment["op"]]
            if kind is None:
                runs += _unchanged_runs(segment["text"], keep_start=index > 0, keep_end=index < len(segments) - 1)
            else:
                runs.append(revisions.mark(kind, segment["text"]))
        return runs
    if status == "added":
        return [revisions.mark("ins", diff["new"])]
    if status == "removed":
        return [revisions.mark("del", diff["old"])]
    return _unchanged_runs(diff.get("text", ""), keep_start=True, keep_end=False)


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
    """Given an outline block, add it to the document: a labelled difference is one paragraph, label first."""
    kind = block["type"]
    if kind == "heading":
        document.add_heading(block["text"], level=block["level"])
    elif kind == "paragraph":
        document.add_paragraph(block["text"])
    elif kind == "list":
        for item in block["items"]:
            document.add_paragraph(item, style="List Bullet")
    elif kind == "counts":
        widths = [12.0, 3.0]
        table = docbase.add_table(document, ["What", "Count"], widths, "Summary: how many of each kind of difference")
        for label, count in block["rows"]:
            cells = docbase.add_row(table, widths)
            docbase.cell_text(cells[0], label)
            docbase.cell_text(cells[1], str(count))
    else:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(6)
        paragraph._p.append(text_run(block["label"] + ": ", bold=True))
        for run in diff_runs(block["diff"], revisions):
            paragraph._p.append(run)


def render_docx(diff: dict) -> bytes:
    """Given a diff model, return the Word redline's bytes."""
    date = revision_date(diff)
    revisions = Revisions(AUTHOR, date)
    document = docbase.new_document(title_line(diff), body_size=BODY_SIZE)
    set_core_properties(document, diff, date)
    section = document.sections[0]
    docbase.add_running_header(section, "High Impact Change Model: redline")
    docbase.add_page_footer(section, title_line(diff), AUTHOR)
    blocks = outline(diff)
    add_block(document, blocks[0], revisions)
    document.add_paragraph(
        f"Each difference is a tracked change by \u201c{AUTHOR}\u201d: text of the {diff['old']['id']} edition "
        f"that is gone is a deletion, text new in the {diff['new']['id']} edition an insertion. "
        "Use Review \u203a Next to step through them.")
    document.add_paragraph(
        f"To keep this document short, unchanged text is left out: where more than {ELIDE_OVER} unchanged words "
        f"stand next to a change, only the {KEEP_WORDS} words beside it are kept and the rest is shown as "
        f"{ELISION}. Every word is in the other formats (hicm diff --format html).")
    for block in blocks[1:]:
        add_block(document, block, revisions)
    buffer = io.BytesIO()
    document.save(buffer)
    return repack(buffer.getvalue())
