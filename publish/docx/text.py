"""A Word document as plain text that a person can read and `git diff` can compare (`hicm docx-text`).

A .docx is a zip archive, so git shows a changed golden document as "Binary files differ".
With `.gitattributes` (`*.docx diff=docx`) and `git config diff.docx.textconv "hicm docx-text"`,
git compares this text instead. It says what a reader meets, in order: the document's
properties; each paragraph (its style in brackets unless it is the body style); table rows,
cells separated by ` | `; content controls as `[control TAG KIND (ITEMS): TEXT]`; tracked
insertions and deletions as `{+…+}` and `[-…-]`; then each header and footer. Layout (fonts,
spacing, page set-up) is left out: the golden tests compare the XML itself.

The file is read as any document from outside is (publish/docx/safe_docx.py): size, entries,
macros and DTDs are checked before a part is parsed.
"""
from __future__ import annotations

import os
import re

from lxml import etree

from pipeline.core.untrusted import read_input
from publish.docx.oxml_sdt import W, read_controls
from publish.docx.safe_docx import DocxPackage, custom_properties, main_part_name, open_docx

_CORE = {"dc": "http://purl.org/dc/elements/1.1/",
         "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
         "dcterms": "http://purl.org/dc/terms/"}
#: The core properties shown, in this order.
CORE_PROPERTIES = ("dc:title", "dc:subject", "dc:creator", "cp:keywords", "dc:description", "dc:language",
                   "cp:lastModifiedBy", "cp:revision", "dcterms:created", "dcterms:modified")
#: Paragraph styles that are the body text, shown without a label.
BODY_STYLES = {None, "Normal", "BodyText"}


def control_text(sdt: etree._Element) -> str:
    """Given a content control, return `[control TAG KIND (ITEM | ITEM): TEXT]`."""
    control = read_controls(sdt)[0] if sdt.tag == f"{W}sdt" else None
    if control is None:
        return ""
    items = f" ({' | '.join(display for display, _ in control.items)})" if control.items else ""
    state = " placeholder" if control.showing_placeholder else ""
    return f"[control {control.tag or '(no tag)'} {control.kind}{state}{items}: {control.text}]"


def inline_text(element: etree._Element) -> str:
    """Given a paragraph (or an element inside one), return its text with controls and tracked changes marked."""
    pieces: list[str] = []
    for child in element:
        tag = child.tag
        if tag == f"{W}t" or tag == f"{W}delText":
            pieces.append(child.text or "")
        elif tag == f"{W}tab":
            pieces.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            pieces.append(" / ")
        elif tag == f"{W}sdt":
            pieces.append(control_text(child))
        elif tag == f"{W}ins":
            pieces.append("{+" + inline_text(child) + "+}")
        elif tag == f"{W}del":
            pieces.append("[-" + inline_text(child) + "-]")
        elif tag in (f"{W}r", f"{W}hyperlink", f"{W}smartTag", f"{W}fldSimple", f"{W}customXml"):
            pieces.append(inline_text(child))
    return "".join(pieces)


def paragraph_line(paragraph: etree._Element) -> str:
    """Given a w:p, return its line: `[Style] text`, `- ` before a list item."""
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    name = style.get(f"{W}val") if style is not None else None
    listed = paragraph.find(f"{W}pPr/{W}numPr") is not None
    text = inline_text(paragraph)
    label = "" if name in BODY_STYLES else f"[{name}] "
    return f"{label}{'- ' if listed else ''}{text}".rstrip()


def cell_text(cell: etree._Element) -> str:
    """Given a table cell, return its paragraphs' text joined by ` / ` (nested tables flattened)."""
    return " / ".join(line for line in (paragraph_line(p) for p in cell.iter(f"{W}p")) if line)


def block_lines(container: etree._Element) -> list[str]:
    """Given a body, header, footer or block-level control, return the lines of its blocks in order."""
    lines: list[str] = []
    for child in container:
        if child.tag == f"{W}p":
            lines.append(paragraph_line(child))
        elif child.tag == f"{W}tbl":
            for row in child.iter(f"{W}tr"):
                lines.append("| " + " | ".join(cell_text(cell) for cell in row.findall(f"{W}tc")) + " |")
        elif child.tag == f"{W}sdt":
            lines.append(control_text(child))
        elif child.tag in (f"{W}ins", f"{W}del", f"{W}customXml"):
            lines.extend(block_lines(child))
    return lines


def property_lines(package: DocxPackage) -> list[str]:
    """Given a package, return its core properties and custom properties, one `name: value` a line."""
    lines = []
    core = package.xml("docProps/core.xml")
    if core is not None:
        for name in CORE_PROPERTIES:
            prefix, local = name.split(":")
            element = core.find(f"{{{_CORE[prefix]}}}{local}")
            if element is not None and (element.text or "").strip():
                lines.append(f"{local}: {element.text.strip()}")
    lines += [f"{name}: {value}" for name, value in sorted(custom_properties(package).items())]
    return lines


def _part_order(name: str) -> tuple[str, int]:
    match = re.search(r"(\d+)\.xml$", name)
    return re.sub(r"\d+\.xml$", "", name), int(match.group(1)) if match else 0


def docx_text(path: str | os.PathLike) -> str:
    """Given a .docx file, return it as normalised text: properties, body, then headers and footers."""
    package = open_docx(path, read_input(path))
    lines = ["# properties", *property_lines(package), "", "# body"]
    main = package.xml(main_part_name(package))
    body = main.find(f"{W}body") if main is not None else None
    lines += block_lines(body) if body is not None else []
    for name in sorted((n for n in package.names if re.fullmatch(r"word/(header|footer)\d*\.xml", n)), key=_part_order):
        part = package.xml(name)
        lines += ["", f"# {name.removeprefix('word/').removesuffix('.xml')}", *block_lines(part)]
    return "\n".join(lines) + "\n"
