"""A blank, accessible hicm document and the few building blocks every writer shares.

Accessible by construction: Arial throughout (sans-serif), body 12 pt and table text 11 pt,
language en-GB in the style defaults and the theme-font settings, real Heading 1–3 styles,
tables whose header row is marked (`w:tblHeader`, so it repeats on every page) and never
merged, and nothing that carries meaning by colour alone.
"""
from __future__ import annotations

from typing import Sequence

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Arial"
LANGUAGE = "en-GB"
BODY_SIZE = Pt(12)
TABLE_SIZE = Pt(11)
TEXT_COLOUR = RGBColor(0x1D, 0x1D, 0x1B)
TABLE_STYLE = "Table Grid"
TABLE_TEXT_STYLE = "Table Text"
HEADER_FILL = "E7E6E6"      # light grey behind header cells: decoration only, headers are also bold and marked
A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.0)


def _set_fonts(rpr, font: str = FONT) -> None:
    """Given a `w:rPr`, make every script use `font` (Arial; dropping theme fonts, which would win)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), font)


def _set_language(rpr) -> None:
    """Given a `w:rPr`, set its language to en-GB."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in list(lang.attrib):
        del lang.attrib[attribute]
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")


def _style_defaults(document) -> None:
    """Given a document, set the style defaults: Arial, 12 pt, en-GB."""
    styles = document.styles.element
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set_fonts(rpr)
    _set_language(rpr)
    for name in ("w:sz", "w:szCs"):
        rpr.find(qn(name)).set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))


def _heading_styles(document) -> None:
    """Given a document, make Title and Heading 1–3 Arial, bold, dark and free of theme fonts and colours."""
    sizes = {"Title": 26, "Heading 1": 18, "Heading 2": 14, "Heading 3": 12}
    for name, size in sizes.items():
        style = document.styles[name]
        rpr = style.element.get_or_add_rPr()
        _set_fonts(rpr)
        for child in list(rpr):
            if child.tag in (qn("w:color"), qn("w:spacing"), qn("w:kern"), qn("w:i"), qn("w:iCs")):
                rpr.remove(child)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = TEXT_COLOUR
        pbdr = style.element.pPr.find(qn("w:pBdr")) if style.element.pPr is not None else None
        if pbdr is not None:
            style.element.pPr.remove(pbdr)
        style.paragraph_format.space_before = Pt(18 if name != "Heading 3" else 12)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True


def _extra_styles(document) -> None:
    """Given a document, add the table-text paragraph style and the placeholder character style."""
    from docx.enum.style import WD_STYLE_TYPE
    table_text = document.styles.add_style(TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = document.styles["Normal"]
    table_text.font.size = TABLE_SIZE
    table_text.paragraph_format.space_after = Pt(2)
    table_text.paragraph_format.line_spacing = 1.0
    placeholder = document.styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
    placeholder.element.set(qn("w:styleId"), "PlaceholderText")
    placeholder.font.color.rgb = RGBColor(0x59, 0x59, 0x59)   # 7:1 on white; the words say it is a prompt


def _settings(document) -> None:
    """Given a document, set en-GB theme-font language and drop the template's rsids (revision noise)."""
    settings = document.settings.element
    rsids = settings.find(qn("w:rsids"))
    if rsids is not None:
        settings.remove(rsids)
    theme_lang = settings.find(qn("w:themeFontLang"))
    theme_lang.set(qn("w:val"), LANGUAGE)
    preview = settings.find(qn("w:savePreviewPicture"))
    if preview is not None:
        settings.remove(preview)


def set_orientation(section, landscape: bool) -> None:
    """Given a section, make it A4 portrait or landscape with 2 cm margins."""
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)


#: The default template's styles a hicm document can use (the rest, ~250 table and list styles,
#: are dropped first: python-docx finds a style by scanning them all, on every paragraph).
KEPT_STYLES = ("Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Title", "TitleChar", "Heading1",
               "Heading1Char", "Heading2", "Heading2Char", "Heading3", "Heading3Char", "ListParagraph", "ListBullet",
               "ListBullet2", "ListBullet3", "ListNumber", "ListNumber2", "ListNumber3",  # numbering.xml names these
               "TableGrid", "Header", "HeaderChar", "Footer", "FooterChar")


def _drop_unused_styles(document) -> None:
    """Given a new document, remove the default template's styles hicm never uses."""
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEPT_STYLES:
            styles.remove(style)


def new_document(title: str, landscape: bool = False):
    """Given the document's title, return a new python-docx Document with hicm's accessible styles."""
    document = docx.Document()
    _drop_unused_styles(document)
    _style_defaults(document)
    _heading_styles(document)
    _extra_styles(document)
    _settings(document)
    normal = document.styles["Normal"]
    normal.paragraph_format.space_after = Pt(8)
    normal.font.color.rgb = TEXT_COLOUR
    for name in ("List Bullet", "List Bullet 2", "List Bullet 3"):
        document.styles[name].paragraph_format.space_after = Pt(4)
    document.core_properties.title = title
    document.core_properties.language = LANGUAGE
    document.core_properties.author = "Local Government Association (generated by hicm)"
    document.core_properties.comments = ""
    document.core_properties.last_modified_by = "hicm"
    document.core_properties.revision = 1
    set_orientation(document.sections[0], landscape)
    return document


def new_landscape_section(document):
    """Given a document, start a new landscape section on a new page and return it."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    set_orientation(section, True)
    return section


def add_page_number_footer(section, text: str) -> None:
    """Given a section, give it a footer `text – page N` (N a PAGE field)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.style = "Normal"
    paragraph.add_run(f"{text} – page ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    field.append(run)
    paragraph._p.append(field)


def add_bullets(document, items: Sequence[dict], depth: int = 1) -> None:
    """Given list items or tips ({text, children, heading?}), add them as nested bullets (up to three deep)."""
    style = "List Bullet" if depth == 1 else f"List Bullet {min(depth, 3)}"
    for item in items:
        document.add_paragraph(item["text"], style=style)
        add_bullets(document, item.get("children") or [], depth + 1)


def _shade(cell, fill: str) -> None:
    """Given a cell, give it a background fill."""
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def mark_header_row(row) -> None:
    """Given a table's first row, mark it as a header row that repeats on every page, and never splits."""
    trpr = row._tr.get_or_add_trPr()
    for name in ("w:cantSplit", "w:tblHeader"):
        element = OxmlElement(name)
        trpr.append(element)


def add_table(document, headers: Sequence[str], widths: Sequence[float], caption: str):
    """Given header labels, column widths (cm) and a short description, return a table with its header row filled.

    The description goes into `w:tblCaption`/`w:tblDescription` (the table's accessible name).
    """
    table = document.add_table(rows=1, cols=len(headers))
    table.style = TABLE_STYLE
    table.autofit = False
    tblpr = table._tbl.tblPr
    for name, value in (("w:tblCaption", caption), ("w:tblDescription", caption)):
        element = OxmlElement(name)
        element.set(qn("w:val"), value)
        tblpr.append(element)
    for grid_col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        grid_col.set(qn("w:w"), str(Cm(width).twips))
    header = table.rows[0]
    mark_header_row(header)
    for cell, label, width in zip(header.cells, headers, widths):
        cell.width = Cm(width)
        paragraph = cell.paragraphs[0]
        paragraph.style = TABLE_TEXT_STYLE
        paragraph.add_run(label).bold = True
        _shade(cell, HEADER_FILL)
    return table


def add_row(table, widths: Sequence[float], min_height_cm: float | None = None, keep_whole: bool = True):
    """Given a table and its column widths (cm), add a body row and return its cells.

    `keep_whole` keeps the row on one page (short rows); long rows such as a matrix's may
    split, or a landscape page would be left mostly empty. `min_height_cm` leaves room to
    write (answer rows stay usable when printed).
    """
    row = table.add_row()
    trpr = row._tr.get_or_add_trPr()
    if keep_whole:
        trpr.append(OxmlElement("w:cantSplit"))
    if min_height_cm:
        height = OxmlElement("w:trHeight")
        height.set(qn("w:val"), str(Cm(min_height_cm).twips))
        height.set(qn("w:hRule"), "atLeast")
        trpr.append(height)
    cells = row.cells
    for cell, width in zip(cells, widths):
        cell.width = Cm(width)
        cell.paragraphs[0].style = TABLE_TEXT_STYLE
    return cells


def cell_text(cell, text: str, bold: bool = False) -> None:
    """Given a cell, put text in its first paragraph."""
    cell.paragraphs[0].add_run(text).bold = bold or None
