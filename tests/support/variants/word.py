"""Write an outline as a Word document (python-docx) for LibreOffice to typeset as a PDF.

The layouts are those of office exports and designed reports: a contents page whose entries
are PAGEREF fields (LibreOffice computes the page numbers) after dot-leader tabs; matrices on
landscape pages of their own; one or two columns; automatic hyphenation (en-GB); a serif or
sans-serif face; table header rows marked to repeat on every page; footers "Page N of M" or
agenda-pack page stamps; and, for an agenda pack, unrelated reports before and after the
model. The .docx is deterministic (fixed zip metadata, no revision ids); the PDF LibreOffice
makes from it carries LibreOffice's own creation date.
"""
from __future__ import annotations

import io
import random
from dataclasses import dataclass

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

# The Word layer's own helpers: one way to set a face and to zip a package deterministically.
from publish.docx.package import repack
from publish.docx.docbase import _set_fonts
from tests.support.variants.outline import (BulletList, Definitions, ListItem, Outline, Paragraph, Part, Run,
                                            SubHeading, Table)

A4 = (Cm(21.0), Cm(29.7))


@dataclass(frozen=True)
class WordLayout:
    """How the Word document (and so the PDF) is laid out."""
    font: str = "Liberation Sans"
    body_size: float = 11.0
    columns: int = 1
    hyphenate: bool = False
    contents: bool = False                      # a contents page with dot leaders and page numbers
    landscape_matrices: bool = False            # each matrix on a landscape page of its own
    footer: str = "page-of"                     # "page-of": "Page N of M"; "stamp": "Page N" from first_page_stamp
    first_page_stamp: int = 1
    agenda_pack: tuple[int, int] | None = None  # (pages before, pages after) of unrelated council papers


def render_docx(outline: Outline, layout: WordLayout) -> bytes:
    """Given an outline and a layout, return the .docx bytes."""
    document = docx.Document()
    _styles(document, layout)
    _drop_thumbnail(document)
    writer = _Writer(document, layout)
    first = document.sections[0]
    _page(first, landscape=False, columns=1)
    _footer(first, layout)
    if layout.first_page_stamp != 1:
        number_type = OxmlElement("w:pgNumType")
        number_type.set(qn("w:start"), str(layout.first_page_stamp))
        first._sectPr.append(number_type)
    if layout.agenda_pack:
        _agenda_pages(document, layout.agenda_pack[0], "before")
    writer.title_page(outline)
    if layout.contents:
        writer.contents(outline)
    writer.start_body()
    for part in outline.parts[1:] if outline.title_part else outline.parts:
        writer.part(part, 1)
    if layout.agenda_pack:
        writer.new_section(landscape=False, columns=1)
        _agenda_pages(document, layout.agenda_pack[1], "after")
    document.core_properties.title = outline.title
    document.core_properties.author = "Local Government Association"
    document.core_properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return repack(out.getvalue())


# -- document set-up ---------------------------------------------------------------------------
def _styles(document, layout: WordLayout) -> None:
    """Given a new document, set its face, size and language (en-GB, so hyphenation has a dictionary)."""
    styles = document.styles.element
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set_fonts(rpr, layout.font)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-GB")
    for style in document.styles:
        if style.type == 1 and style.element.rPr is not None:   # paragraph styles: drop theme fonts
            _set_fonts(style.element.get_or_add_rPr(), layout.font)
    document.styles["Normal"].font.size = Pt(layout.body_size)
    document.styles["Normal"].paragraph_format.space_after = Pt(6)
    settings = document.settings.element
    for name in ("w:rsids", "w:savePreviewPicture"):
        element = settings.find(qn(name))
        if element is not None:
            settings.remove(element)
    if layout.hyphenate:
        settings.append(OxmlElement("w:autoHyphenation"))


def _drop_thumbnail(document) -> None:
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]


def _page(section, landscape: bool, columns: int) -> None:
    """Given a section, make it A4 portrait or landscape with `columns` text columns."""
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    cols = section._sectPr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        section._sectPr.append(cols)
    cols.set(qn("w:num"), str(columns))
    cols.set(qn("w:space"), str(Cm(0.8).twips))


def _field(paragraph, instruction: str, shown: str = "1") -> None:
    """Given a paragraph, append a complex field (PAGE, NUMPAGES, PAGEREF …) with `shown` as its cached result."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", shown), ("end", None)):
        run = OxmlElement("w:r")
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run.append(element)
        paragraph._p.append(run)


def _footer(section, layout: WordLayout) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = 1   # centred
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE")
    if layout.footer == "page-of":
        paragraph.add_run(" of ")
        _field(paragraph, "NUMPAGES")


class _Writer:
    def __init__(self, document, layout: WordLayout):
        self.document = document
        self.layout = layout
        self.bookmarks = 0
        self.anchors: dict[str, str] = {}

    # -- sections ---------------------------------------------------------------------------
    def new_section(self, landscape: bool, columns: int):
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        _page(section, landscape, columns)
        return section

    def start_body(self) -> None:
        self.new_section(landscape=False, columns=self.layout.columns)

    # -- front pages ------------------------------------------------------------------------
    def title_page(self, outline: Outline) -> None:
        """Add the title page: the title, then the cover section's content when the outline has one."""
        for _ in range(6):
            self.document.add_paragraph()
        self.document.add_paragraph(outline.title, style="Title")
        if outline.title_part:
            for node in outline.parts[0].body:
                self.node(node, 1)

    def contents(self, outline: Outline) -> None:
        """Add a contents page: each top-level part and item, a dot-leader tab and its page (a PAGEREF field)."""
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self.document.add_paragraph("Contents", style="Heading 1")
        for part, depth in _contents_entries(outline.parts[1:] if outline.title_part else outline.parts):
            paragraph = self.document.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(0.6 * (depth - 1))
            paragraph.paragraph_format.space_after = Pt(2)
            tabs = OxmlElement("w:tabs")
            tab = OxmlElement("w:tab")
            tab.set(qn("w:val"), "right")
            tab.set(qn("w:leader"), "dot")
            tab.set(qn("w:pos"), str(Cm(17.0).twips))
            tabs.append(tab)
            paragraph._p.get_or_add_pPr().append(tabs)
            paragraph.add_run(" ".join(part.heading) + "\t")
            _field(paragraph, f"PAGEREF {self.bookmark_name(part.anchor)} \\h", "0")

    def bookmark_name(self, anchor: str) -> str:
        return self.anchors.setdefault(anchor, f"_Toc{len(self.anchors) + 1:06d}")

    # -- parts ------------------------------------------------------------------------------
    def heading(self, lines: tuple[str, ...], level: int, anchor: str | None = None) -> None:
        for n, line in enumerate(lines):
            paragraph = self.document.add_paragraph(style=f"Heading {min(level, 9)}")
            if n == 0 and anchor:
                self.bookmarks += 1
                start = OxmlElement("w:bookmarkStart")
                start.set(qn("w:id"), str(self.bookmarks))
                start.set(qn("w:name"), self.bookmark_name(anchor))
                end = OxmlElement("w:bookmarkEnd")
                end.set(qn("w:id"), str(self.bookmarks))
                paragraph._p.append(start)
                paragraph.add_run(line)
                paragraph._p.append(end)
            else:
                paragraph.add_run(line)

    def part(self, part: Part, level: int) -> None:
        # A matrix part starts its landscape page with its heading, not after it.
        landscape = (self.layout.landscape_matrices and part.role == "part"
                     and any(_is_matrix(node) for node in part.body))
        if landscape:
            self.new_section(landscape=True, columns=1)
        self.heading(part.heading, level, part.anchor)
        for node in part.body:
            if isinstance(node, Part):
                self.part(node, level + 1)
            elif _is_matrix(node):
                self.table(node, own_page=not landscape)
            else:
                self.node(node, level)
        if landscape:
            self.new_section(landscape=False, columns=self.layout.columns)

    def node(self, node, level: int) -> None:
        if isinstance(node, Paragraph):
            self.runs(self.document.add_paragraph(), node.runs)
        elif isinstance(node, SubHeading):
            self.heading((node.text,), level + node.level)
        elif isinstance(node, BulletList):
            self.list(node.items, node.ordered, 1)
        elif isinstance(node, Table):
            self.table(node)
        elif isinstance(node, Definitions):
            for term, text in node.pairs:
                self.document.add_paragraph().add_run(term).bold = True
                self.document.add_paragraph(text).paragraph_format.left_indent = Cm(1.0)
        else:
            raise TypeError(f"no Word for {type(node).__name__}")

    def list(self, items: list[ListItem], ordered: bool, depth: int) -> None:
        base = "List Number" if ordered and depth == 1 else "List Bullet"
        style = base if depth == 1 else f"List Bullet {min(depth, 3)}"
        for item in items:
            self.runs(self.document.add_paragraph(style=style), item.runs)
            self.list(item.children, False, depth + 1)

    def runs(self, paragraph, runs: list[Run]) -> None:
        for run in runs:
            if run.url:
                self.hyperlink(paragraph, run)
            else:
                added = paragraph.add_run(run.text)
                added.bold = run.bold or None
                added.italic = run.italic or None

    def hyperlink(self, paragraph, run: Run) -> None:
        rel_id = paragraph.part.relate_to(run.url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rel_id)
        inner = OxmlElement("w:r")
        props = OxmlElement("w:rPr")
        for name, value in (("w:color", "1F4E79"), ("w:u", "single")):
            element = OxmlElement(name)
            element.set(qn("w:val"), value)
            props.append(element)
        if run.bold:
            props.insert(0, OxmlElement("w:b"))
        inner.append(props)
        text = OxmlElement("w:t")
        text.set(qn("xml:space"), "preserve")
        text.text = run.text
        inner.append(text)
        link.append(inner)
        paragraph._p.append(link)

    def table(self, table: Table, own_page: bool = True) -> None:
        """Add a table, its header rows marked to repeat; a matrix gets a landscape page of its own when `own_page`."""
        landscape = own_page and _is_matrix(table) and self.layout.landscape_matrices
        if landscape:
            self.new_section(landscape=True, columns=1)
        columns = max(len(row) for row in table.rows)
        grid = self.document.add_table(rows=0, cols=columns)
        grid.style = "Table Grid"
        for n, row in enumerate(table.rows):
            cells = grid.add_row().cells
            header = n < table.header_rows
            if header:
                properties = grid.rows[n]._tr.get_or_add_trPr()
                properties.append(OxmlElement("w:tblHeader"))
            for column, (cell, text) in enumerate(zip(cells, row)):
                cell.paragraphs[0].add_run(text).bold = (header or (column == 0 and table.row_headers)) or None
        self.document.add_paragraph()
        if landscape:
            self.new_section(landscape=False, columns=self.layout.columns)


def _is_matrix(node) -> bool:
    return isinstance(node, Table) and node.role == "matrix"


def _contents_entries(parts: list, depth: int = 1):
    for part in parts:
        if isinstance(part, Part) and part.role in ("section", "item"):
            yield part, depth
            yield from _contents_entries([p for p in part.body if isinstance(p, Part) and p.role == "item"], depth + 1)


# -- agenda pack ------------------------------------------------------------------------------
_AGENDA_TOPICS = ("Minutes of the previous meeting", "Revenue budget monitoring: quarter three",
                  "Capital programme update", "Highways maintenance plan", "Local plan: consultation response",
                  "Treasury management strategy", "Corporate risk register", "Library services review",
                  "Community safety partnership annual report", "Waste collection contract", "Fees and charges",
                  "Children's services improvement plan", "Leisure centre refurbishment", "Parking enforcement review")
_WORDS = ("the", "council", "committee", "report", "budget", "members", "officers", "recommended", "approve",
          "quarter", "forecast", "variance", "contract", "review", "district", "scheme", "residents", "services",
          "planning", "consultation", "revenue", "capital", "programme", "savings", "risk", "strategy", "ward",
          "highways", "maintenance", "delivery", "period", "agreed", "noted", "cabinet", "portfolio", "holder",
          "and", "of", "to", "for", "in", "with", "on", "by", "a", "was", "is", "be", "that", "this")


def _agenda_pages(document, pages: int, where: str) -> None:
    """Add `pages` pages of unrelated council business (deterministic), each ending with a page break."""
    rng = random.Random(f"agenda-{where}")
    for page in range(pages):
        topic = _AGENDA_TOPICS[(page + (0 if where == "before" else 7)) % len(_AGENDA_TOPICS)]
        document.add_paragraph(f"Agenda item {page // 3 + (1 if where == 'before' else 9)}: {topic}",
                               style="Heading 2")
        for _ in range(4):
            words = [rng.choice(_WORDS) for _ in range(rng.randint(45, 70))]
            document.add_paragraph(" ".join(words).capitalize() + ".")
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
