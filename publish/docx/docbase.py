"""A blank, accessible hicm document and the few building blocks every writer shares.

Accessible by construction: Arial throughout (sans-serif), body 12 pt (11 pt for the diff
redline and the report, which are read rather than filled in) and table text 11 pt, language
en-GB in the style defaults and the theme-font settings, real Heading 1–4 styles, tables whose
header row is marked (`w:tblHeader`, so it repeats on every page) and never merged, images
with alternative text, and nothing that carries meaning by colour alone.

Print: A4 with 2 cm margins; a running header and a footer "… – page X of Y" (PAGE and
NUMPAGES fields) on every page.
"""
from __future__ import annotations

import io
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
HEADER_DISTANCE = Cm(1.0)      # header and footer sit in the 2 cm margins, clear of the body
HEADER_SIZE = Pt(11)


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


def _style_defaults(document, body_size: Pt) -> None:
    """Given a document and its body size, set the style defaults: Arial, that size, en-GB."""
    styles = document.styles.element
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set_fonts(rpr)
    _set_language(rpr)
    for name in ("w:sz", "w:szCs"):
        rpr.find(qn(name)).set(qn("w:val"), str(int(body_size.pt * 2)))


def _heading_styles(document) -> None:
    """Given a document, make Title and Heading 1–4 Arial, bold, dark and free of theme fonts and colours."""
    sizes = {"Title": 26, "Heading 1": 18, "Heading 2": 14, "Heading 3": 12, "Heading 4": 11}
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
        style.paragraph_format.space_before = Pt(18 if name in ("Title", "Heading 1", "Heading 2") else 12)
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
    for name in ("Header", "Footer"):
        document.styles[name].font.size = HEADER_SIZE
        document.styles[name].paragraph_format.space_after = Pt(0)


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
    """Given a section, make it A4 portrait or landscape with 2 cm margins, header and footer 1 cm from the edge."""
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    section.header_distance = section.footer_distance = HEADER_DISTANCE


def body_width_cm(section) -> float:
    """Given a section, return the width between its margins in centimetres."""
    return (section.page_width - section.left_margin - section.right_margin) / Cm(1)


#: The default template's styles a hicm document can use (the rest, ~250 table and list styles,
#: are dropped first: python-docx finds a style by scanning them all, on every paragraph).
KEPT_STYLES = ("Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Title", "TitleChar", "Heading1",
               "Heading1Char", "Heading2", "Heading2Char", "Heading3", "Heading3Char", "Heading4", "Heading4Char",
               "ListParagraph", "ListBullet",
               "ListBullet2", "ListBullet3", "ListNumber", "ListNumber2", "ListNumber3",  # numbering.xml names these
               "TableGrid", "Header", "HeaderChar", "Footer", "FooterChar")


def _drop_unused_styles(document) -> None:
    """Given a new document, remove the default template's styles hicm never uses."""
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEPT_STYLES:
            styles.remove(style)


def _drop_thumbnail(document) -> None:
    """Given a document from python-docx's default template, drop the template's preview picture (a blank page)."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]


def new_document(title: str, landscape: bool = False, body_size: Pt = BODY_SIZE):
    """Given the document's title, return a new python-docx Document with hicm's accessible styles."""
    document = docx.Document()
    _drop_unused_styles(document)
    _style_defaults(document, body_size)
    _heading_styles(document)
    _extra_styles(document)
    _settings(document)
    normal = document.styles["Normal"]
    normal.paragraph_format.space_after = Pt(8)
    normal.font.color.rgb = TEXT_COLOUR
    for name in ("List Bullet", "List Bullet 2", "List Bullet 3"):
        document.styles[name].paragraph_format.space_after = Pt(4)
    _drop_thumbnail(document)
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


def _field(paragraph, instruction: str, shown: str) -> None:
    """Given a paragraph, append a simple field (PAGE, NUMPAGES) showing `shown` until the reader updates it."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = shown
    run.append(t)
    field.append(run)
    paragraph._p.append(field)


def add_running_header(section, text: str) -> None:
    """Given a document's first section (the others inherit it), give every page the header `text`."""
    paragraph = section.header.paragraphs[0]
    paragraph.style = "Header"
    paragraph.add_run(text)


def add_page_footer(section, lead: str, text: str, second_line: str | None = None) -> None:
    """Given a document's first section, give every page the footer `lead – text – page X of Y` (and a second line).

    `lead` is the footer's first run on its own (publish/docx/package.py `Personaliser` writes a
    local system's name there); X and Y are PAGE and NUMPAGES fields.
    """
    paragraph = section.footer.paragraphs[0]
    paragraph.style = "Footer"
    paragraph.add_run(lead)
    paragraph.add_run(f" \u2013 {text} \u2013 page ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES", "1")
    if second_line:
        section.footer.add_paragraph(second_line, style="Footer")


def add_picture(paragraph, image: bytes, width_cm: float, alt: str) -> None:
    """Given a paragraph, add an inline picture `width_cm` wide whose alternative text is `alt`."""
    paragraph.add_run().add_picture(io.BytesIO(image), width=Cm(width_cm))
    doc_pr = paragraph._p.xpath(".//wp:docPr")[-1]
    doc_pr.set("descr", alt)
    doc_pr.set("title", alt)


def keep_with_next(paragraph) -> None:
    """Given a paragraph, keep it on the same page as the paragraph or table that follows it."""
    paragraph.paragraph_format.keep_with_next = True


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

    `keep_whole` keeps the row on one page (`w:cantSplit`); only a row too tall for any page
    should be let go. `min_height_cm` leaves room to write (answer rows stay usable when printed).
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


#: Arial's average character width in ems over English prose, and a cell's side padding (cm) in
#: Word and LibreOffice: enough to estimate how tall a row of text will be, not to typeset it.
_AVERAGE_EM, _CELL_PADDING_CM, _LINE_HEIGHT = 0.5, 0.38, 1.15


def estimated_height_cm(texts: Sequence[str], widths: Sequence[float], size: Pt = TABLE_SIZE) -> float:
    """Given a row's cell texts and widths (cm), return about how tall the row will be (its tallest cell), in cm.

    Lines are counted word by word at an average character width, so a long word pushes to
    the next line as it will on the page; an estimate errs a little high, never low by much.
    """
    char_cm = size.pt * _AVERAGE_EM / 72 * 2.54
    tallest = 0
    for text, width in zip(texts, widths):
        room = max(int((width - _CELL_PADDING_CM) / char_cm), 1)
        lines, used = 1, 0
        for word in (text or "").split():
            need = len(word) + (1 if used else 0)
            if used and used + need > room:
                lines, used = lines + 1, len(word)
            else:
                used += need
            lines += max(len(word) - 1, 0) // room    # a word wider than the cell breaks inside
        tallest = max(tallest, lines)
    return tallest * size.pt * _LINE_HEIGHT / 72 * 2.54


def keep_table_together(table) -> None:
    """Given a table of short rows, keep it on one page: every row's paragraphs keep with the next row.

    Word and LibreOffice both read "keep with next" on every paragraph of a row as "keep this
    row with the next"; the last row is left free, so the table still keeps with nothing after it.
    """
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def cell_text(cell, text: str, bold: bool = False) -> None:
    """Given a cell, put text in its first paragraph."""
    cell.paragraphs[0].add_run(text).bold = bold or None
