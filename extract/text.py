"""Reader for plain-text renderings (`.txt`, `.md`): bytes → printed lines → a document tree.

The chain, each step a small function over plain data: bytes → text (`decode_text`) →
one `TextLine` per printed line, classified by its layout (`classify_lines`) → blocks of the
document tree (`build_body`: paragraphs, nested lists, tab-separated tables, Markdown and
underlined headings). What the reader knows is how text renderings are laid out — by a
browser's "save as text", `pdftotext`, a Word "plain text" save or a Markdown conversion:

- paragraphs are hard-wrapped lines; a one-line paragraph may be a heading (`lone_line`, the
  rule is extract/doc.py's), and every printed line end is kept as a line-break run;
- bullets (•, -, *, o, ●…) and numbers ("1.", "a)") start list items, indentation nests them,
  and a wrapped item goes on in lower case or at a deeper indent;
- tab-separated lines are table rows;
- page furniture: "Page 12" or "Page 3 of 40" stamps (alone, split over two lines, glued to
  the start of a line, inside a table cell or set as a bullet of their own), form feeds, and
  lines repeated at the top or bottom of most pages.

It knows nothing of the model the file publishes: what a heading, list or table *means* is
the interpreter's job (extract/interpret/).
"""
from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass, replace

from extract.base import hyphenated_words, line_joint
from extract.doc import (Block, Box, Cell, Document, Furniture, Heading, ListBlock, ListItem, Note, Paragraph, Row,
                         Rule, Run, Table, links_of)
from extract.text_inline import LINE_END, LINE_END_JOINED, parse_runs
from pipeline.core.errors import InputError
from pipeline.core.text import normalise_space
from schema.model import location

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

#: Line kinds.
BLANK, STAMP, HEADING, UNDERLINE, BULLET, ORDERED, ROW, TEXT = (
    "blank", "stamp", "heading", "underline", "bullet", "ordered", "row", "text")

_STAMP = r"Page\s+\d{1,4}(?:\s+of\s+\d{1,4})?"
_STAMP_ALONE = re.compile(rf"^{_STAMP}$")
_STAMP_LEADING = re.compile(rf"^{_STAMP}\s+(?=\S)")
_STAMP_TRAILING = re.compile(rf"\s+{_STAMP}$")
_MARKDOWN_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>\S.*?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^(?:=+|-+)\s*$")
_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-\u2022\u25cf\u25e6\u25aa\u25a0\u00b7*o\u2043\u2219])[ \t]+(?P<text>\S.*)$")
_ORDERED = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>\d{1,2}[.)]|[a-z][.)]|\(\d{1,2}\)|\([a-z]\))[ \t]+(?P<text>\S.*)$")


@dataclass(frozen=True)
class TextLine:
    """One printed line, classified by its layout: `number` is 1-based; `text` is without marker or indent."""
    number: int
    raw: str
    kind: str
    text: str = ""
    indent: int = 0
    marker: str | None = None         # a list item's marker as printed ("•", "2.")
    level: int = 0                    # a Markdown heading's level
    cells: tuple[str, ...] = ()       # a table row's tab-separated cells
    stamp: str | None = None          # a page stamp found inside the line and removed
    page_break: bool = False          # a form feed starts the line: a new page


def _indent_width(indent: str) -> int:
    return len(indent.replace("\t", "    "))


def _has_cells(text: str) -> bool:
    """Given a line, return True if a tab after its first printed character separates cells (trailing tabs
    are empty cells)."""
    return "\t" in text.lstrip(" \t").rstrip("\n")


def classify_line(number: int, raw: str) -> TextLine:
    """Given a line number and the raw line, return its TextLine (a form feed in it marks a new page)."""
    if "\f" in raw:
        line = classify_line(number, raw.replace("\f", ""))
        return replace(line, raw=raw, page_break=True)
    stripped = raw.strip()
    if not stripped:
        return TextLine(number, raw, BLANK)
    text = normalise_space(stripped)
    if _STAMP_ALONE.match(text):
        return TextLine(number, raw, STAMP, text)
    heading = _MARKDOWN_HEADING.match(stripped)
    if heading:
        return TextLine(number, raw, HEADING, normalise_space(heading["text"]), level=len(heading["hashes"]))
    if _UNDERLINE.match(stripped) and len(stripped) >= 3:
        return TextLine(number, raw, UNDERLINE, stripped)
    for pattern, kind in ((_BULLET, BULLET), (_ORDERED, ORDERED)):
        item = pattern.match(raw)
        if item and not _has_cells(item["text"]):
            content = normalise_space(item["text"])
            if kind == BULLET and _STAMP_ALONE.match(content):
                # "- Page 277": the converter made the stamp a bullet of its own.
                return TextLine(number, raw, STAMP, content, stamp=content)
            lead = _STAMP_LEADING.match(content)
            stamp = lead.group(0).strip() if lead else None
            return TextLine(number, raw, kind, content[lead.end():] if lead else content,
                            indent=_indent_width(item["indent"]), marker=item["marker"], stamp=stamp)
    if _has_cells(raw) or (raw.startswith("\t") and "\t" in raw.strip()):
        return _table_row(number, raw)
    lead = _STAMP_LEADING.match(text)
    indent = _indent_width(raw[:len(raw) - len(raw.lstrip(" \t"))])
    if lead:
        return TextLine(number, raw, TEXT, text[lead.end():], indent=indent, stamp=lead.group(0).strip())
    return TextLine(number, raw, TEXT, text, indent=indent)


def _table_row(number: int, raw: str) -> TextLine:
    """Given a tab-separated line, return a ROW TextLine whose cells have page stamps removed."""
    cells, stamp = [], None
    for cell in raw.rstrip("\n").split("\t"):
        cell = normalise_space(cell)
        found = _STAMP_TRAILING.search(cell) or _STAMP_ALONE.match(cell)
        if found:
            stamp = found.group(0).strip()
            cell = cell[:found.start()].strip()
        cells.append(cell)
    return TextLine(number, raw, ROW, " | ".join(cells), cells=tuple(cells), stamp=stamp)


def classify_lines(text: str) -> list[TextLine]:
    """Given a file's decoded text, return one TextLine per line ("Page" then "265" is a stamp split over two lines)."""
    lines = [classify_line(n, raw) for n, raw in enumerate(text.split("\n"), 1)]
    for i, line in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        if line.kind == TEXT and line.text == "Page" and nxt.raw.strip().isdigit():
            lines[i] = TextLine(line.number, line.raw, STAMP, "Page")
            lines[i + 1] = TextLine(nxt.number, nxt.raw, STAMP, nxt.raw.strip())
    return _running_lines(lines)


def _running_lines(lines: list[TextLine]) -> list[TextLine]:
    """Given the lines, return them with the lines repeated at the top or bottom of most pages as stamps.

    Pages are the stretches between form feeds; a file without them has no running lines
    this rule can see.
    """
    pages: list[list[TextLine]] = [[]]
    for line in lines:
        if line.page_break:
            pages.append([])
        if line.kind != BLANK:
            pages[-1].append(line)
    pages = [page for page in pages if page]
    if len(pages) < 3:
        return lines
    edges = Counter(line.text for page in pages for line in {id(page[0]): page[0], id(page[-1]): page[-1]}.values())
    running = {text for text, count in edges.items() if count >= max(3, len(pages) // 2)}
    # The first page's lines are its own: a cover's title is not the running header that repeats it.
    first_page = {id(line) for line in pages[0]}
    return [replace(line, kind=STAMP) if line.text in running and line.kind != STAMP and id(line) not in first_page
            else line for line in lines]


# --------------------------------------------------------------------------- blocks


class _Builder:
    """Groups classified lines into the document's blocks, in one pass."""

    def __init__(self, path: str):
        self.path = path
        self.body: list[Block] = []
        self.furniture: list[Furniture] = []
        self.notes: list[Note] = []
        self.paragraph: list[TextLine] = []
        self.items: list[tuple[int, ListItem, list[TextLine]]] = []   # the open list: (indent, item, its lines)
        self.list_ordered = False
        self.rows: list[TextLine] = []
        self.closed: tuple[Block, list[TextLine]] | None = None   # the paragraph just closed, and its lines
        self.wrap_width: int | None = None                          # where the file's lines are wrapped, if they are
        self.line_ends = LineEnds()                                  # how the file breaks its lines
        self.after_page_break = False

    def runs(self, lines: list[TextLine]) -> list[Run]:
        """Given printed lines, return their runs, words broken at line ends joined the document's way."""
        return printed_runs([line.text + (" " if line.raw[-1:] in (" ", "\t") else "") for line in lines],
                            self.line_ends)

    def where(self, lines: list[TextLine]) -> list[dict]:
        first, last = lines[0].number, lines[-1].number
        return [location(self.path, line=first, line_end=last if last > first else None)]

    # -- closing open blocks ---------------------------------------------------------------
    def close_paragraph(self) -> None:
        if not self.paragraph:
            return
        lines, self.paragraph = self.paragraph, []
        if _hanging(lines):
            # "Term" over its definition indented under it: a definition list, as plain text sets one.
            definition = Paragraph(self.runs(lines[1:]), lone_line=len(lines) == 2,
                                   provenance=self.where(lines[1:]))
            block: Block = Box("term", [definition], title=printed_runs([lines[0].text]), provenance=self.where(lines))
        else:
            block = Paragraph(self.runs(lines), lone_line=len(lines) == 1,
                              provenance=self.where(lines))
        self.body.append(block)
        self.closed = (block, lines)

    def close_list(self) -> None:
        if not self.items:
            return
        entries = []
        for indent, item, lines in self.items:
            item.runs = self.runs(lines)
            item.provenance = self.where(lines)
            entries.append((indent, item))
        every = [l for _, _, lines in self.items for l in lines]
        self.body.append(ListBlock(nest(entries), ordered=self.list_ordered, provenance=self.where(every)))
        self.items = []

    def close_table(self) -> None:
        if self.rows:
            width = max(len(r.cells) for r in self.rows)
            rows = [Row([Cell(printed_runs([c]) if c else [], provenance=self.where([r]))
                         for c in r.cells + ("",) * (width - len(r.cells))], provenance=self.where([r]))
                    for r in self.rows]
            self.body.append(Table(rows, provenance=self.where(self.rows)))
            self.rows = []

    def close_all(self) -> None:
        self.close_paragraph()
        self.close_list()
        self.close_table()

    # -- one line --------------------------------------------------------------------------
    def stamp_note(self, line: TextLine, alone: bool) -> None:
        how = ("stood as a bullet of its own inside a list; it was left out" if alone
               else "sat inside the text; it was removed from the content")
        self.notes.append(Note("page-stamp-in-text", "info", f"A page stamp (\"{line.stamp}\") {how}.",
                               values=[line.stamp], provenance=[location(self.path, line=line.number)]))

    def add(self, line: TextLine, after_blank: bool) -> None:
        kind = line.kind
        if kind == STAMP:
            self.close_paragraph()
            self.furniture.append(Furniture("page stamp", line.text, provenance=[location(self.path, line=line.number)]))
            if line.stamp:
                self.stamp_note(line, alone=True)
            return
        if line.stamp:
            self.stamp_note(line, alone=False)
        if kind == HEADING:
            self.close_all()
            self.body.append(Heading(line.level, printed_runs([line.text]), provenance=self.where([line])))
        elif kind == UNDERLINE:
            if len(self.paragraph) == 1 and not after_blank:
                # "Title" over "=====" (level 1) or "-----" (level 2): a heading in Setext style.
                title = self.paragraph[0]
                self.paragraph = []
                self.body.append(Heading(1 if line.text[0] == "=" else 2, printed_runs([title.text]),
                                         provenance=self.where([title, line])))
            else:
                self.close_all()
                self.body.append(Rule("rule", provenance=self.where([line])))
        elif kind in (BULLET, ORDERED):
            self.close_paragraph()
            self.close_table()
            if self.items and (self.list_ordered != (kind == ORDERED) or after_blank and kind == ORDERED
                               and not self.numbering_goes_on(line)):
                self.close_list()
            self.list_ordered = kind == ORDERED
            self.items.append((line.indent, ListItem([], marker=line.marker), [line]))
        elif kind == ROW:
            self.close_paragraph()
            self.close_list()
            if self.rows and len(self.rows[-1].cells) != len(line.cells) and after_blank:
                self.close_table()
            self.rows.append(line)
        else:
            self.add_text(line, after_blank)

    def wrapped(self, last: TextLine, line: TextLine) -> bool:
        """Given a paragraph's last line and the next line, return True if the first word of the next line would not
        have fitted on the last one (and the last does not end a sentence): the paragraph was wrapped there."""
        if self.wrap_width is None or not line.text or last.text[-1:] in ".!?:":
            return False
        return len(last.raw.rstrip()) + 1 + len(line.text.split(" ")[0]) > self.wrap_width

    def numbering_goes_on(self, line: TextLine) -> bool:
        """Given a numbered line after a blank, return True if it is the next number of the open list at its indent."""
        same = [item for indent, item, _ in self.items if indent == line.indent]
        previous = _number(same[-1].marker) if same else None
        return previous is not None and _number(line.marker) == previous + 1

    def add_text(self, line: TextLine, after_blank: bool) -> None:
        self.close_table()
        goes_on = line.text[:1].islower()
        if self.items and not self.paragraph:
            indent, _, lines = self.items[-1]
            wrapped = (not after_blank or self.after_page_break) and (goes_on or line.indent > indent)
            # "Page 207 A sense of…" after an item: the page broke inside the item.
            if wrapped or line.stamp:
                lines.append(line)
                return
        if not self.paragraph and self.after_page_break and self.closed is not None and self.body \
                and self.body[-1] is self.closed[0] and (goes_on or line.indent > self.closed[1][0].indent
                                                         or self.wrapped(self.closed[1][-1], line)):
            # A paragraph (or a term's definition) the page break cut: it goes on here.
            self.body.pop()
            self.paragraph = list(self.closed[1])
            after_blank = False
        if self.paragraph and (after_blank or _dedents(self.paragraph, line)):
            self.close_paragraph()
        if not self.paragraph:
            self.close_list()
        self.paragraph.append(line)

    def blank(self) -> None:
        self.close_paragraph()

    def page_break(self) -> None:
        """A form feed: the page ends (a paragraph, item or table it cut may go on on the next page)."""
        self.close_paragraph()
        self.after_page_break = True


def build_body(lines: list[TextLine], path: str) -> tuple[list[Block], list[Furniture], list[Note]]:
    """Given classified lines, return the document's blocks, its furniture and the reader's notes.

    A blank line ends a paragraph but not a list or table (their items and rows are often
    spaced out); furniture ends neither.
    """
    builder = _Builder(path)
    builder.wrap_width = wrap_width(lines)
    builder.line_ends = line_ends(lines)
    after_blank = True
    for line in lines:
        if line.page_break:
            builder.page_break()
        if line.kind == BLANK:
            builder.blank()
            after_blank = True
            continue
        builder.add(line, after_blank)
        if line.kind != STAMP:
            builder.after_page_break = False
        after_blank = line.kind == STAMP and after_blank
    builder.close_all()
    return builder.body, builder.furniture, builder.notes


def wrap_width(lines: list[TextLine]) -> int | None:
    """Given the lines, return the width the file's paragraphs are wrapped at (the widest line but a tenth that
    another line of its paragraph follows), or None when too few lines are wrapped to tell."""
    widths = sorted(len(line.raw.rstrip()) for line, following in zip(lines, lines[1:])
                    if line.kind == TEXT and following.kind == TEXT and not following.page_break)
    if len(widths) < 5:
        return None
    return widths[int(len(widths) * 0.9)]


def _number(marker: str | None) -> int | None:
    digits = re.sub(r"\D", "", marker or "")
    return int(digits) if digits else None


def _hanging(lines: list[TextLine]) -> bool:
    """Given a paragraph's lines, return True if every line after a short first one is indented under it."""
    return (len(lines) >= 2 and len(lines[0].text) <= 60
            and all(line.indent > lines[0].indent for line in lines[1:]))


def _dedents(lines: list[TextLine], line: TextLine) -> bool:
    """Given a hanging paragraph's lines and the next line, return True if the line goes back to the first one's indent."""
    return _hanging(lines) and line.indent <= lines[0].indent


@dataclass(frozen=True)
class LineEnds:
    """How a file breaks its lines, for joining them again.

    `compounds`: the hyphenated words it prints unbroken (extract.base `hyphenated_words`);
    `slashed`: the pairs it prints joined by a slash on one line, as printed ("and/or",
    "first/ discharge"), lower case; `kept_spaces`: its wrapped lines keep the space they were
    broken at (as `pdftotext` writes them), so a line without one was broken inside a word.
    """
    compounds: frozenset[str] = frozenset()
    slashed: frozenset[str] = frozenset()
    kept_spaces: bool = False


_SLASHED = re.compile(r"[A-Za-z0-9]+/ ?[A-Za-z0-9]+")


def line_ends(lines: list[TextLine]) -> LineEnds:
    """Given the classified lines, return the file's line-end habits: its compounds, its slashed pairs, and whether
    most lines that a paragraph's next line follows end in a space."""
    wrapped = [line for line, following in zip(lines, lines[1:])
               if line.kind == TEXT and following.kind == TEXT and not following.page_break]
    spaced = sum(1 for line in wrapped if line.raw[-1:] in (" ", "\t"))
    return LineEnds(hyphenated_words(line.text for line in lines),
                    frozenset(m.group(0).lower() for line in lines for m in _SLASHED.finditer(line.text)),
                    bool(wrapped) and spaced * 2 > len(wrapped))


_SLASH_END = re.compile(r"([A-Za-z0-9]+)/$")
_WORD = re.compile(r"[A-Za-z0-9]+")


def slash_joint(tail: str, line: str, spaced: bool, ends: LineEnds) -> str:
    """Given the end of a paragraph so far (ending in "/"), its next line, whether the printed line ended in a
    space, and the file's line-end habits, return what goes between them: "" or " ".

    An address has no spaces ("https://a.example/" + "guidance"). Otherwise the file's own
    spelling decides ("and/or" printed whole elsewhere: no space; "Home First/ Discharge": a
    space); then the line's own end, in a file that keeps the spaces it breaks at ("form/" +
    "system" -> "form/system"); else a line end stands for a space, as a wrapper breaks lines
    at spaces ("Home First/" + "Discharge" -> "Home First/ Discharge").
    """
    word = tail.rsplit(" ", 1)[-1].lower()
    if "://" in word or word.startswith("www."):
        return ""
    left, right = _SLASH_END.search(tail), _WORD.match(line)
    if left and right:
        pair = f"{left.group(1)}/{right.group(0)}".lower()
        if pair in ends.slashed:
            return ""
        if pair.replace("/", "/ ") in ends.slashed:
            return " "
    if ends.kept_spaces:
        return " " if spaced else ""
    return " "


def printed_runs(lines: list[str], ends: LineEnds = LineEnds()) -> list[Run]:
    """Given the printed lines of one paragraph, item or cell (with inline markup; a line given with trailing
    whitespace was printed with it) and the file's line-end habits, return its runs.

    Line ends become line-break runs; a word hyphenated across a line end is joined by
    extract.base.line_joint's rule, and a line ending in "/" by `slash_joint`'s.
    """
    text, tail, spaced = "", "", False
    for raw in lines:
        line = normalise_space(raw)
        if not line:
            continue
        if text:
            if tail.endswith("/") and line[:1].isalnum():
                drop, between = False, slash_joint(tail, line, spaced, ends)
            else:
                drop, between = line_joint(tail, line, ends.compounds)
            if drop:
                text = text[:-1]
            text += LINE_END if between else LINE_END_JOINED
        text += line
        tail, spaced = line, raw[-1:].isspace()
    return parse_runs(text)


def nest(entries: list[tuple[int, ListItem]]) -> list[ListItem]:
    """Given (indent, item) pairs in reading order, return the top-level items with deeper ones as children."""
    roots: list[ListItem] = []
    stack: list[tuple[int, ListItem]] = []
    for indent, item in entries:
        while stack and stack[-1][0] >= indent:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(item)
        stack.append((indent, item))
    return roots


def placeholder_links(body: list[Block], path: str) -> list[Note]:
    """Given the blocks, return one note listing every link written with no target (`[text](#)`), if any."""
    count, where = 0, []
    stack: list = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (Paragraph, Heading, ListItem, Cell)):
            missing = sum(1 for _, target in links_of(node.runs) if target is None)
            if missing:
                count += missing
                where.extend(node.provenance[:1])
        stack.extend(getattr(node, "items", []) + getattr(node, "children", []))
        stack.extend(cell for row in getattr(node, "rows", []) for cell in row.cells)
    if not count:
        return []
    unique = sorted({tuple(sorted(w.items())) for w in where}, key=lambda t: dict(t).get("line", 0))
    return [Note("link-target-missing", "info",
                 f"{count} links have no target (written as `[text](#)`); their url is null.",
                 provenance=[dict(t) for t in unique])]


def read(source) -> Document:
    """Given a plain-text rendering (extract.base.Source), return its document tree."""
    text = decode_text(source.data, source.path)
    body, furniture, notes = build_body(classify_lines(text), source.path)
    return Document(source.path, "text", body=body, furniture=furniture,
                    notes=notes + placeholder_links(body, source.path))
