"""Plain-text reader, first half: bytes → lines → classified lines → blocks.

Each function is pure and small (pdfplumber-style chain). The second half, extract/text.py,
turns blocks into model items. Nothing here knows about changes' contents; it only knows
how the published text renderings lay things out: bullets (`-`, `•`) nested by indent,
numbered items, tab-separated table rows, hard-wrapped paragraphs, page stamps
("Page 277", also split over two lines or glued to the start of a line) and the
boilerplate of the LGA back page.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from extract.base import join_wrapped_lines
from pipeline.core.errors import InputError
from pipeline.core.text import normalise_space

# --------------------------------------------------------------------------- decoding


def decode_text(data: bytes, path: str) -> str:
    """Given a text file's bytes, return its text: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252.

    Line endings (CRLF, CR) become LF. Bytes that are not text at all (NUL bytes, control
    characters throughout) raise InputError.
    """
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("is not valid UTF-16 text", path) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\t\f\v")
    if "\x00" in text or controls > max(8, len(text) // 50):
        raise InputError("holds binary data, not text", path)
    return text


# --------------------------------------------------------------------------- lines

#: Line kinds, in the order classify_line tries them.
BLANK, STAMP, BOILERPLATE, CONTENTS, TABROW, CHANGE, SECTION, LEVELS_HEADER, BULLET, ORDERED, TEXT = (
    "blank", "stamp", "boilerplate", "contents", "tabrow", "change", "section", "levels-header",
    "bullet", "ordered", "text")

_PAGE_ALONE = re.compile(r"^Page\s+\d{1,4}$")
_PAGE_LEADING = re.compile(r"^Page\s+\d{1,4}\s+(?=\S)")
_PAGE_TRAILING = re.compile(r"\s+Page\s+\d{1,4}$")
_CONTENTS_ENTRY = re.compile(r"^(?P<label>\S.*?)\t+(?P<page>\d{1,3})\s*$")
_CHANGE = re.compile(r"^Change\s+(?P<number>\d{1,2})\s*(?:(?:[:\u2013\u2014-])\s*(?P<title>\S.*))?$")
_SECTION = re.compile(r"^(?P<number>\d{1,2})\.\s*(?P<title>[A-Z'\u2018\"].*)$")
_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-\u2022\u25cf\u25e6\u25aa\u00b7*])[ \t]+(?P<text>\S.*)$")
_ORDERED = re.compile(r"^(?P<indent>[ \t]*)(?P<number>\d{1,2})[.)][ \t]+(?P<text>\S.*)$")

#: Whole lines that are the LGA back page, a banner or the dumped form fields: (pattern, what).
_BOILERPLATE = [
    (re.compile(r"^(Text_)?\d{1,3}:$"), "form-field name dumped from the PDF's action-plan fields"),
    (re.compile(r"^Local Government (Association|House)$"), "publisher's address"),
    (re.compile(r"^Smith Square$"), "publisher's address"),
    (re.compile(r"^London SW1P 3HZ$"), "publisher's address"),
    (re.compile(r"^(Telephone|Fax) [\d ]+$"), "publisher's address"),
    (re.compile(r"^Email \S+@\S+$"), "publisher's address"),
    (re.compile(r"^www\.local\.gov\.uk$"), "publisher's address"),
    (re.compile(r"^For a copy in Braille, larger print or audio,?$"), "accessibility notice"),
    (re.compile(r"^please contact us on [\d ]+\.?$"), "accessibility notice"),
    (re.compile(r"^We consider requests on an individual basis\.?$"), "accessibility notice"),
    (re.compile(r"^\u00a9 .*\d{4}$"), "copyright line"),
    (re.compile(r"^REF \d+(\.\d+)*$"), "publication reference number"),
    (re.compile(r"^Partners in Care and Health banner$"), "banner image text"),
]

LEVEL_LABELS = ("not yet established", "plans in place", "established", "mature", "exemplary")


@dataclass(frozen=True)
class Line:
    """One classified line: `number` is 1-based; `text` is the content without marker or indent."""
    number: int
    raw: str
    kind: str
    text: str = ""
    indent: int = 0
    value: int | None = None          # change, section or list number
    title: str | None = None          # change or section title
    reason: str | None = None         # why a boilerplate line is boilerplate
    cells: tuple[str, ...] = ()       # tab-separated cells of a table row
    stamp: str | None = None          # a page stamp found inside the line and removed


def _indent_width(indent: str) -> int:
    return len(indent.replace("\t", "    "))


def classify_line(number: int, raw: str) -> Line:
    """Given a line number and the raw line, return the Line with its kind and parts."""
    stripped = raw.strip()
    if not stripped:
        return Line(number, raw, BLANK)
    text = normalise_space(stripped)
    if _PAGE_ALONE.match(text):
        return Line(number, raw, STAMP, text)
    for pattern, what in _BOILERPLATE:
        if pattern.match(text):
            return Line(number, raw, BOILERPLATE, text, reason=what)
    entry = _CONTENTS_ENTRY.match(raw.strip()) if "\t" in raw else None
    if entry and "\t" not in entry.group("label"):
        return Line(number, raw, CONTENTS, normalise_space(entry.group("label")), value=int(entry.group("page")))
    if _is_level_header(text):
        return Line(number, raw, LEVELS_HEADER, text)
    change = _CHANGE.match(text)
    if change and "\t" not in raw.strip(" \n"):
        title = change.group("title")
        return Line(number, raw, CHANGE, text, value=int(change.group("number")),
                    title=normalise_space(title) if title else None)
    bullet = _BULLET.match(raw)
    if bullet:
        item = normalise_space(bullet.group("text"))
        stamp = None
        if _PAGE_ALONE.match(item):
            return Line(number, raw, STAMP, item, stamp=item)
        lead = _PAGE_LEADING.match(item)
        if lead:
            stamp, item = lead.group(0).strip(), item[lead.end():]
        return Line(number, raw, BULLET, item, indent=_indent_width(bullet.group("indent")), stamp=stamp)
    section = _SECTION.match(text)
    if section and looks_like_heading(section.group("title")):
        return Line(number, raw, SECTION, text, value=int(section.group("number")),
                    title=normalise_space(section.group("title")))
    if "\t" in raw.strip(" "):
        return _table_row(number, raw)
    ordered = _ORDERED.match(raw)
    if ordered:
        return Line(number, raw, ORDERED, normalise_space(ordered.group("text")),
                    indent=_indent_width(ordered.group("indent")), value=int(ordered.group("number")))
    lead = _PAGE_LEADING.match(text)
    if lead:
        return Line(number, raw, TEXT, text[lead.end():], stamp=lead.group(0).strip())
    return Line(number, raw, TEXT, text)


def _table_row(number: int, raw: str) -> Line:
    """Given a tab-separated line, return a TABROW Line whose cells have page stamps removed."""
    cells, stamp = [], None
    for cell in raw.rstrip("\n").split("\t"):
        cell = normalise_space(cell)
        found = _PAGE_TRAILING.search(cell) or _PAGE_ALONE.match(cell)
        if found:
            stamp = found.group(0).strip()
            cell = cell[:found.start()].strip()
        cells.append(cell)
    return Line(number, raw, TABROW, " | ".join(cells), cells=tuple(cells), stamp=stamp)


def _is_level_header(text: str) -> bool:
    """Given a line, return True if it is the five level labels one after another (a matrix header)."""
    folded = text.lower()
    position = 0
    for label in LEVEL_LABELS:
        found = folded.find(label, position)
        if found < 0 or folded[position:found].strip():
            return False
        position = found + len(label)
    return not folded[position:].strip()


def looks_like_heading(text: str) -> bool:
    """Given one line's text, return True if it reads as a heading: short, capitalised, no closing punctuation."""
    text = normalise_space(text)
    return (0 < len(text) <= 90 and len(text.split()) <= 14 and text[-1] not in ".,;:!?\u2013-"
            and not text[0].islower() and not text.startswith("["))


def classify_lines(text: str) -> list[Line]:
    """Given a file's decoded text, return one classified Line per line (a "Page" + "265" pair is one stamp)."""
    raws = text.split("\n")
    lines = [classify_line(n, raw) for n, raw in enumerate(raws, 1)]
    for i, line in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        # A stamp the converter split over two lines: "Page" then the number alone.
        if line.kind == TEXT and line.text == "Page" and nxt.kind in (TEXT, ORDERED) and nxt.raw.strip().isdigit():
            lines[i] = Line(line.number, line.raw, STAMP, "Page")
            lines[i + 1] = Line(nxt.number, nxt.raw, STAMP, nxt.raw.strip())
    return lines


# --------------------------------------------------------------------------- blocks

PARA, ITEM, ROW, MARK = "para", "item", "row", "mark"


@dataclass
class Block:
    """A run of lines that belong together.

    kind: `para` (wrapped lines of one paragraph), `item` (a bullet or numbered item with its
    wrapped continuation), `row` (a tab-separated row), `mark` (a single landmark line:
    change, section, contents entry, levels header, stamp, boilerplate).
    """
    kind: str
    lines: list[Line]
    ordered: bool = False
    indent: int = 0
    stamp: str | None = None
    after_blank: bool = True

    @property
    def first(self) -> int:
        return self.lines[0].number

    @property
    def last(self) -> int:
        return self.lines[-1].number

    @property
    def line_kind(self) -> str:
        return self.lines[0].kind

    @property
    def text(self) -> str:
        """The block's text with wrapped lines joined (a line ending in "/" joins without a space)."""
        parts: list[str] = []
        for line in self.lines:
            if parts and parts[-1].endswith("/") and line.text[:1].isalnum():
                parts[-1] = parts[-1] + line.text
            else:
                parts.append(line.text)
        return join_wrapped_lines(parts)

    @property
    def single_line(self) -> bool:
        return len(self.lines) == 1


def build_blocks(lines: list[Line]) -> list[Block]:
    """Given classified lines, return blocks: paragraphs, items (with continuations), table rows and landmarks.

    A text line right after an item continues it only when it starts in lower case (a
    wrapped bullet); otherwise it starts a paragraph (a heading may follow a list with no
    blank line in between).
    """
    blocks: list[Block] = []
    current: Block | None = None
    after_blank = True
    for line in lines:
        if line.kind == BLANK:
            current = None
            after_blank = True
            continue
        if line.kind in (BULLET, ORDERED):
            current = Block(ITEM, [line], ordered=line.kind == ORDERED, indent=line.indent,
                            stamp=line.stamp, after_blank=after_blank)
            blocks.append(current)
        elif line.kind == TEXT:
            if current is not None and current.kind == PARA and not line.stamp:
                current.lines.append(line)
            elif current is not None and current.kind == ITEM and line.text[:1].islower():
                current.lines.append(line)
            else:
                current = Block(PARA, [line], stamp=line.stamp, after_blank=after_blank)
                blocks.append(current)
        elif line.kind == TABROW:
            blocks.append(Block(ROW, [line], stamp=line.stamp, after_blank=after_blank))
            current = None
        else:
            blocks.append(Block(MARK, [line], stamp=line.stamp, after_blank=after_blank))
            current = None
        after_blank = False
    return blocks
