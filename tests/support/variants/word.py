"""Write an outline as a Word document (python-docx) for LibreOffice to typeset as a PDF.

The layouts are those of office exports and designed reports: a contents page whose entries
are PAGEREF fields (LibreOffice computes the page numbers) after dot-leader tabs; matrices on
landscape pages of their own; one or two columns; automatic hyphenation (en-GB); a serif or
sans-serif face; table header rows marked to repeat on every page; footers "Page N of M" or
agenda-pack page stamps; and, for an agenda pack, unrelated reports before and after the
model. Tables are set as Word inserts them (equal columns) in an office layout, and as a
designer sets them in a designed one (`table_layout.py`): columns sized to their content,
never past their column, a wider table across both columns or on a landscape page. The .docx is deterministic (fixed zip metadata, no revision ids); the PDF LibreOffice
makes from it carries LibreOffice's own creation date.
"""
from __future__ import annotations

import io
import random
from contextlib import contextmanager
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
from tests.support.variants.table_layout import Face, column_needs, column_widths, fits

A4_CM = (21.0, 29.7)
A4 = tuple(Cm(side) for side in A4_CM)
SIDE_MARGIN_CM = 2.0
COLUMN_GAP_CM = 0.8


@dataclass(frozen=True)
class WordLayout:
    """How the Word document (and so the PDF) is laid out."""
    font: str = "Liberation Sans"
    body_size: float = 11.0
    columns: int = 1
    hyphenate: bool = False
    contents: bool = False                      # a contents page with dot leaders and page numbers
    landscape_matrices: bool = False            # each matrix on a landscape page of its own
    # "office": equal columns across the text width, as Word inserts a table; "designed": columns sized to
    # their content, a table wider than its column set across the columns or on a landscape page, no row split.
    tables: str = "office"
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
        setattr(section, side, Cm(SIDE_MARGIN_CM))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    cols = section._sectPr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        section._sectPr.append(cols)
    cols.set(qn("w:num"), str(columns))
    cols.set(qn("w:space"), str(Cm(COLUMN_GAP_CM).twips))


def text_width_cm(landscape: bool, columns: int = 1) -> float:
    """Given a page's orientation and its number of text columns, return one column's width in cm."""
    page_width = A4_CM[1] if landscape else A4_CM[0]
    text = page_width - 2 * SIDE_MARGIN_CM
    return (text - (columns - 1) * COLUMN_GAP_CM) / columns


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
        self.face = Face(layout.font, layout.body_size)
        self.landscape, self.columns = False, 1    # the section the text is being set in now
        # After a landscape page or a span, the body's layout resumes only when more text
        # comes: (landscape, columns, on a new page), so two landscape pages in a row have
        # no empty page between them and a document never ends with an empty section.
        self.resume: tuple[bool, int, bool] | None = None

    # -- sections ---------------------------------------------------------------------------
    def new_section(self, landscape: bool, columns: int, new_page: bool = True):
        """Start a section: on a new page, or (`new_page` false) further down the same page, as a change of columns."""
        section = self.document.add_section(WD_SECTION.NEW_PAGE if new_page else WD_SECTION.CONTINUOUS)
        _page(section, landscape, columns)
        self.landscape, self.columns, self.resume = landscape, columns, None
        return section

    def start_body(self) -> None:
        self.new_section(landscape=False, columns=self.layout.columns)

    def settle(self) -> None:
        """Resume the body's layout if a landscape page or a span has just ended, before more text is added."""
        if self.resume:
            landscape, columns, new_page = self.resume
            self.new_section(landscape, columns, new_page)

    def body_layout(self) -> tuple[bool, int]:
        """Return the layout (landscape, columns) that text added now is set in, once any pending resume is made."""
        return self.resume[:2] if self.resume else (self.landscape, self.columns)

    def placement(self, table: Table) -> str:
        """Given a table, return where it goes: `column` (where the text is), `span` (across every column) or `landscape`.

        A matrix goes on a landscape page when the layout says so. In an office layout every
        other table stays where the text is; in a designed one it stays in its column when its
        longest words fit there, spans the page's columns when they fit the full width, and goes
        on a landscape page otherwise.
        """
        landscape, columns = self.body_layout()
        if _is_matrix(table) and self.layout.landscape_matrices and not landscape:
            return "landscape"
        if self.layout.tables == "office":
            return "column"
        needs = self.needs(table)
        if fits(needs, text_width_cm(landscape, columns)):
            return "column"
        if columns > 1 and fits(needs, text_width_cm(landscape)):
            return "span"
        return "column" if landscape else "landscape"

    def needs(self, table: Table) -> list:
        """Given a table, return its columns' needs in this layout's face (headers and row headers bold)."""
        return column_needs(table.rows, self.face, table.header_rows, table.row_headers)

    @contextmanager
    def placed(self, where: str):
        """Set what is added inside across the columns (`span`) or on a landscape page, then go back to the body's layout.

        A span is a one-column stretch between two continuous section breaks, so the text
        columns above it are balanced and the columns resume below it on the same page.
        """
        if where == "column":
            self.settle()
            yield
            return
        landscape, columns = self.body_layout()
        if where == "landscape":
            self.new_section(landscape=True, columns=1)
        elif self.resume and not self.resume[2]:
            self.resume = None                      # a span straight after a span: one stretch
        else:
            self.settle()
            self.new_section(landscape=landscape, columns=1, new_page=False)
        yield
        self.resume = (landscape, columns, where == "landscape")

    # -- front pages ------------------------------------------------------------------------
    def title_page(self, outline: Outline) -> None:
        """Add the title page: the title, then the cover section's content when the outline has one."""
        for _ in range(6):
            self.document.add_paragraph()
        self.document.add_paragraph(outline.title, style="Title")
        if outline.title_part:
            self.body(outline.parts[0].body, 1)

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
        self.settle()
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
        # A part that is only a table (a matrix, the action plan) keeps its heading with the
        # table: on the landscape page, or across the columns, not left behind in a column.
        lone_table = len(part.body) == 1 and isinstance(part.body[0], Table)
        with self.placed(self.placement(part.body[0]) if lone_table else "column"):
            self.heading(part.heading, level, part.anchor)
            self.body(part.body, level)

    def body(self, nodes: list, level: int) -> None:
        """Add a part's body; a sub-heading that introduces a table set outside the column goes with that table."""
        at = 0
        while at < len(nodes):
            node, following = nodes[at], nodes[at + 1] if at + 1 < len(nodes) else None
            where = self.placement(following) if isinstance(following, Table) else "column"
            if isinstance(node, SubHeading) and where != "column":
                with self.placed(where):
                    self.node(node, level)
                    self.node(following, level)
                at += 2
                continue
            if isinstance(node, Part):
                self.part(node, level + 1)
            else:
                self.node(node, level)
            at += 1

    def node(self, node, level: int) -> None:
        if not isinstance(node, Table):             # a table settles where it goes itself
            self.settle()
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

    def table(self, table: Table) -> None:
        """Add a table where it goes (see `placement`), its header rows repeating.

        As Word inserts it (equal columns across the text width) in an office layout; in a
        designed one with its columns sized to their content and no row split across a break.
        """
        with self.placed(self.placement(table)):
            designed = self.layout.tables == "designed"
            grid = self.document.add_table(rows=0, cols=max(len(row) for row in table.rows))
            grid.style = "Table Grid"
            widths = None
            if designed:
                available = text_width_cm(self.landscape, self.columns)
                widths = [Cm(cm) for cm in column_widths(self.needs(table), available)]
                grid.autofit = False
                for column, column_width in zip(grid.columns, widths):
                    column.width = column_width
            for n, row in enumerate(table.rows):
                cells = grid.add_row().cells
                header = n < table.header_rows
                for mark in (["w:cantSplit"] if designed else []) + (["w:tblHeader"] if header else []):
                    grid.rows[n]._tr.get_or_add_trPr().append(OxmlElement(mark))
                for column, (cell, text) in enumerate(zip(cells, row)):
                    if widths:
                        cell.width = widths[column]
                    cell.paragraphs[0].add_run(text).bold = (header or (column == 0 and table.row_headers)) or None
            self.document.add_paragraph()


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
