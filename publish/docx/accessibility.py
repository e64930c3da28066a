"""Accessibility checks of a .docx: what UK public-sector documents must get right.

Each check is a small function from the parsed package to failures; `check(data)` runs them
all, and `check_file(path, data)` first refuses a hostile package. A failure names the rule,
the part and the element concerned, so a person can find it.

Rules: `title` (core title set), `language` (en-GB in style defaults and settings),
`heading-order` (real Heading 1–3 styles, starting at 1, never skipping a level),
`table-header` (every table's first row is a marked, repeated header row), `merged-cells`
(no gridSpan / vMerge), `image-alt` (every drawing has alt text), `control-title` (every
content control has a title and a tag), `control-inline` (controls sit inside paragraphs),
`font-size` (no text under 11 pt), `font-family` (sans-serif defaults), `colour-alone`
(no coloured or highlighted run that is not also bold, italic or underlined, outside
headings and placeholders).
"""
from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass

from lxml import etree

from pipeline.core.errors import InputError
from pipeline.core.untrusted import safe_xml_parser
from publish.docx.safe_docx import open_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "dc": "http://purl.org/dc/elements/1.1/"}
SANS_SERIF = ("Arial", "Helvetica", "Verdana", "Calibri", "Tahoma", "Segoe UI", "Liberation Sans", "Open Sans")
MIN_HALF_POINTS = 22
LANGUAGE = "en-GB"


@dataclass(frozen=True)
class Failure:
    """One failed check: which rule, in which part, at which element, and what is wrong."""
    rule: str
    part: str
    element: str
    message: str

    def as_dict(self) -> dict:
        return {"rule": self.rule, "part": self.part, "element": self.element, "message": self.message}


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _val(element) -> str | None:
    return None if element is None else element.get(_w("val"))


def _path(element) -> str:
    """Given an element, return its path in its part (e.g. /w:document/w:body/w:tbl[3])."""
    return element.getroottree().getpath(element).replace("{%s}" % W, "w:") if element is not None else "/"


class Package:
    """The parts of a .docx that the checks read, parsed safely."""

    def __init__(self, data: bytes):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            parser = safe_xml_parser()

            def part(name):
                return etree.fromstring(archive.read(name), parser) if name in names else None
            self.document = part("word/document.xml")
            self.styles = part("word/styles.xml")
            self.settings = part("word/settings.xml")
            self.core = part("docProps/core.xml")
        self.style_names: dict[str, str] = {}
        for s in (self.styles.findall("w:style", NS) if self.styles is not None else []):
            name = s.find("w:name", NS)
            self.style_names[s.get(_w("styleId"))] = _val(name) or ""


def check_title(pkg: Package) -> list[Failure]:
    """Given a package, fail when the document has no title."""
    title = pkg.core.findtext("dc:title", namespaces=NS) if pkg.core is not None else None
    if not (title or "").strip():
        return [Failure("title", "docProps/core.xml", "/cp:coreProperties/dc:title", "the document has no title")]
    return []


def check_language(pkg: Package) -> list[Failure]:
    """Given a package, fail unless en-GB is the default language and the theme-font language."""
    failures = []
    lang = pkg.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS) if pkg.styles is not None else None
    if _val(lang) != LANGUAGE:
        failures.append(Failure("language", "word/styles.xml", "/w:styles/w:docDefaults",
                                f"default language is {_val(lang)!r}, not {LANGUAGE}"))
    theme = pkg.settings.find("w:themeFontLang", NS) if pkg.settings is not None else None
    if _val(theme) != LANGUAGE:
        failures.append(Failure("language", "word/settings.xml", "/w:settings/w:themeFontLang",
                                f"theme-font language is {_val(theme)!r}, not {LANGUAGE}"))
    return failures


def _heading_level(pkg: Package, paragraph) -> int | None:
    """Given a paragraph, return its heading level (1–9) from its style, or None."""
    style = _val(paragraph.find("w:pPr/w:pStyle", NS))
    name = pkg.style_names.get(style, "").lower()
    if name.startswith("heading ") and name[8:].isdigit():
        return int(name[8:])
    return None


def check_headings(pkg: Package) -> list[Failure]:
    """Given a package, fail when headings are missing, start below level 1, or skip a level."""
    failures, previous = [], 0
    for paragraph in pkg.document.iter(_w("p")):
        level = _heading_level(pkg, paragraph)
        if level is None:
            continue
        if level > previous + 1:
            text = "".join(paragraph.itertext())[:60]
            failures.append(Failure("heading-order", "word/document.xml", _path(paragraph),
                                    f"heading {text!r} is level {level} after level {previous}"))
        previous = level
    if previous == 0:
        failures.append(Failure("heading-order", "word/document.xml", "/w:document/w:body",
                                "the document has no headings in heading styles"))
    return failures


def check_tables(pkg: Package) -> list[Failure]:
    """Given a package, fail for tables without a marked header row, and for merged cells."""
    failures = []
    for table in pkg.document.iter(_w("tbl")):
        first = table.find("w:tr", NS)
        if first is None or first.find("w:trPr/w:tblHeader", NS) is None:
            failures.append(Failure("table-header", "word/document.xml", _path(table),
                                    "the first row is not marked as a repeating header row"))
        for merged in table.xpath(".//w:tcPr/w:gridSpan[@w:val != '1'] | .//w:tcPr/w:vMerge", namespaces=NS):
            failures.append(Failure("merged-cells", "word/document.xml", _path(merged), "table has merged cells"))
    return failures


def check_images(pkg: Package) -> list[Failure]:
    """Given a package, fail for every drawing without alt text."""
    return [Failure("image-alt", "word/document.xml", _path(doc_pr), "image has no alt text")
            for doc_pr in pkg.document.iterfind(".//wp:docPr", NS) if not (doc_pr.get("descr") or "").strip()]


def check_controls(pkg: Package) -> list[Failure]:
    """Given a package, fail for controls without a title or tag, and for block-level controls."""
    failures = []
    for sdt in pkg.document.iter(_w("sdt")):
        pr = sdt.find("w:sdtPr", NS)
        if not (_val(pr.find("w:alias", NS)) or "").strip():
            failures.append(Failure("control-title", "word/document.xml", _path(sdt), "content control has no title"))
        if not (_val(pr.find("w:tag", NS)) or "").strip():
            failures.append(Failure("control-title", "word/document.xml", _path(sdt), "content control has no tag"))
        if etree.QName(sdt.getparent()).localname != "p":
            failures.append(Failure("control-inline", "word/document.xml", _path(sdt),
                                    "content control is not inside a paragraph (LibreOffice loses block-level controls)"))
    return failures


def check_fonts(pkg: Package) -> list[Failure]:
    """Given a package, fail for text under 11 pt and for a default font that is not sans-serif."""
    failures = []
    defaults = pkg.styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = defaults.find("w:rFonts", NS) if defaults is not None else None
    font = fonts.get(_w("ascii")) if fonts is not None else None
    if font not in SANS_SERIF:
        failures.append(Failure("font-family", "word/styles.xml", "/w:styles/w:docDefaults",
                                f"default font {font!r} is not a known sans-serif font"))
    for part, root in (("word/styles.xml", pkg.styles), ("word/document.xml", pkg.document)):
        for size in root.iter(_w("sz")):
            value = int(_val(size) or MIN_HALF_POINTS)
            if value < MIN_HALF_POINTS:
                failures.append(Failure("font-size", part, _path(size), f"text at {value / 2:g} pt is under 11 pt"))
    return failures


def check_colour(pkg: Package) -> list[Failure]:
    """Given a package, fail for runs whose only distinction is colour or highlight."""
    failures = []
    for run in pkg.document.iter(_w("r")):
        rpr = run.find("w:rPr", NS)
        if rpr is None or _val(rpr.find("w:rStyle", NS)) == "PlaceholderText":
            continue
        colour = _val(rpr.find("w:color", NS))
        coloured = (colour not in (None, "auto", "000000", "1D1D1B")) or rpr.find("w:highlight", NS) is not None
        marked = any(rpr.find(f"w:{name}", NS) is not None for name in ("b", "i", "u"))
        if coloured and not marked:
            failures.append(Failure("colour-alone", "word/document.xml", _path(run),
                                    "text is set apart by colour only"))
    return failures


CHECKS = (check_title, check_language, check_headings, check_tables, check_images, check_controls,
          check_fonts, check_colour)


def check(data: bytes) -> list[Failure]:
    """Given .docx bytes, return every accessibility failure (empty when the document passes)."""
    pkg = Package(data)
    if pkg.document is None or pkg.styles is None:
        return [Failure("package", "word/document.xml", "/", "not a Word document (no document or styles part)")]
    return [failure for run_check in CHECKS for failure in run_check(pkg)]


def check_file(path: str | os.PathLike, data: bytes) -> list[Failure]:
    """Given a .docx from anywhere (its path, for messages, and its bytes), return its failures; InputError if unreadable.

    The file may come from anywhere: the hostile-package checks collect uses (size, entry
    count, ratio, escaping names, macros, DTDs, bounded inflation of every XML part) come first.
    """
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError("is not a .docx (not a zip file)", str(path))
    package = open_docx(path, data)
    for name in package.names:
        if name.endswith((".xml", ".rels")):
            package.xml(name)
    try:
        return check(data)
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise InputError(f"is not a readable .docx: {exc}".splitlines()[0][:300], str(path)) from None
