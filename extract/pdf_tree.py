"""The PDF reader's last link: pages of words, rules and widgets → the document tree (`extract.doc`).

    read_pages (PDFium)  →  lay_out: lines outside tables, ruled tables, ruled boxes  →
    find_furniture (running headers, footers, page stamps)  →  reading order per page  →
    blocks: headings by size and weight relative to the body, paragraphs, nested lists,
    tables (continued across pages joined), boxes  →  Document

Nothing here knows what the document is about. Decisions use the page's own measures: the
body size (the most common type size), the line's font size and weight, its indent, the gap
above it. Words hyphenated at a line end are joined by what the document itself prints
elsewhere and by an English word list; ligatures were expanded when the words were read.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from extract.base import is_english_word
from pipeline.core.text import strip_accents_fold
from extract.doc import (Box, Cell, Document, FormField, Furniture, Heading, ListBlock, ListItem, Paragraph,
                         Row, Run, Table, text_of)
from extract.pdf_grid import Grid, find_grids
from extract.pdf_lines import (Line, body_size, check_settings, find_furniture, make_line, reading_order,
                               words_to_lines)
from extract.pdf_page import PageContent, Widget, Word, read_pages
from pipeline.core.errors import InputError
from schema.model import location


# -- one page laid out -------------------------------------------------------------------------
@dataclass
class PageTable:
    """A ruled table on one page: its grid and the lines in each of its cells."""
    grid: Grid
    cells: list[list[Line]]
    shaded: list[bool]

    @property
    def bbox(self):
        return self.grid.bbox


@dataclass
class PageBox:
    """A ruled or shaded panel on one page and the lines inside it."""
    bbox: tuple
    lines: list[Line]


@dataclass
class PageLayout:
    """One page, laid out: lines outside tables and boxes, tables, boxes, links and form widgets."""
    number: int
    width: float
    height: float
    lines: list[Line]
    tables: list[PageTable] = field(default_factory=list)
    boxes: list[PageBox] = field(default_factory=list)
    widgets: list[Widget] = field(default_factory=list)
    links: list = field(default_factory=list)


def _inside(word: Word, box: tuple) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def lay_out(content: PageContent, settings: dict) -> PageLayout:
    """Given a page's content, return its layout: words sorted into table cells, boxes and free lines."""
    grids = find_grids(content.number, content.rulings, settings["snap_tolerance"])
    words = content.words + drawn_bullets(content.marks, content.words)
    tables: list[PageTable] = []
    boxes: list[PageBox] = []
    taken: set[int] = set()
    for grid in grids:
        inside = [i for i, w in enumerate(words) if i not in taken and _inside(w, grid.bbox)]
        if not inside:
            continue   # a frame with nothing in it: decoration
        taken.update(inside)
        if grid.is_box:
            boxes.append(PageBox(grid.bbox, words_to_lines([words[i] for i in inside], content.number, settings)))
            continue
        tables.append(PageTable(grid, cell_words(grid, [words[i] for i in inside], content.number, settings),
                                [any(_covers(fill, cell.bbox) for fill in content.fills) for cell in grid.cells]))
    free = [w for i, w in enumerate(words) if i not in taken]
    lines = words_to_lines(free, content.number, settings)
    layout = PageLayout(content.number, content.width, content.height, lines, tables, boxes, content.widgets,
                        content.links)
    for line in _all_lines(layout):
        line.links = _link_targets(line, content.links)
    return layout


#: The bullet glyph that stands for a bullet drawn as a shape.
DRAWN_BULLET = "\u2022"


def drawn_bullets(marks: list[tuple], words: list[Word]) -> list[Word]:
    """Given a page's small shapes and its words, return a bullet word for each shape that starts a line of text.

    Browsers draw list bullets as small filled or stroked circles, not as glyphs. A shape whose
    vertical middle lies within a word's height, with that word starting just to its right (within
    three of the word's font sizes), marks the start of a list item; the bullet word takes that
    word's size. Words are looked up by their vertical middle (sorted, binary search).
    """
    if not marks or not words:
        return []
    ordered = sorted(words, key=lambda w: (w.top + w.bottom) / 2)
    middles = [(w.top + w.bottom) / 2 for w in ordered]
    bullets: list[Word] = []
    for x0, top, x1, bottom in marks:
        middle = (top + bottom) / 2
        candidates = ordered[bisect_left(middles, middle - 12):bisect_right(middles, middle + 12)]
        right = [w for w in candidates if w.top <= middle <= w.bottom and 0 < w.x0 - x1 <= 3 * w.size]
        if right:
            word = min(right, key=lambda w: w.x0)
            bullets.append(Word(DRAWN_BULLET, x0, word.top, x1, word.bottom, word.size, False, False, True))
    return bullets


def cell_words(grid: Grid, words: list[Word], page: int, settings: dict) -> list[list[Line]]:
    """Given a grid and the words inside it, return each cell's lines (a word goes to the slot its middle is in)."""
    slot_cell: dict[tuple[int, int], int] = {}
    for index, cell in enumerate(grid.cells):
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.column, cell.column + cell.colspan):
                slot_cell[(r, c)] = index
    found: list[list[Word]] = [[] for _ in grid.cells]
    for word in words:
        r = bisect_right(grid.ys, (word.top + word.bottom) / 2) - 1
        c = bisect_right(grid.xs, (word.x0 + word.x1) / 2) - 1
        index = slot_cell.get((min(max(r, 0), grid.rows - 1), min(max(c, 0), grid.columns - 1)))
        if index is not None:
            found[index].append(word)
    return [cell_lines(cell, page, settings) for cell in found]


def _covers(outer: tuple, inner: tuple, slack: float = 2.0) -> bool:
    return outer[0] - slack <= inner[0] and outer[1] - slack <= inner[1] and \
        outer[2] + slack >= inner[2] and outer[3] + slack >= inner[3]


def cell_lines(words: list[Word], page: int, settings: dict) -> list[Line]:
    """Given the words in one cell, return its lines top to bottom (a cell is one column: no segment split)."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        middle = (word.top + word.bottom) / 2
        if rows and abs(middle - (rows[-1][0].top + rows[-1][0].bottom) / 2) <= settings["line_tolerance"] * word.size:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [make_line(sorted(row, key=lambda w: w.x0), page) for row in rows]


def _all_lines(layout: PageLayout):
    yield from layout.lines
    for table in layout.tables:
        for lines in table.cells:
            yield from lines
    for box in layout.boxes:
        yield from box.lines


def _link_targets(line: Line, links: list) -> list:
    """Given a line and the page's links, return per word the link it sits under (or None)."""
    if not links:
        return [None] * len(line.words)
    targets = []
    for word in line.words:
        cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        targets.append(next((link for link in links if link.bbox[0] - 1 <= cx <= link.bbox[2] + 1
                             and link.bbox[1] - 1 <= cy <= link.bbox[3] + 1), None))
    return targets


# -- hyphenation -------------------------------------------------------------------------------
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


#: Prefixes English writes with a hyphen ("pre-admission", "co-production"): a line end after one is no break
#: inside a word, so it says nothing of whether the typesetter hyphenates.
_PREFIXES = frozenset("anti co counter cross de ex extra inter intra micro mid multi non out over part post pre pro "
                      "re self semi sub super trans tri ultra un under well".split())


@dataclass
class Spellings:
    """How the document itself spells words on one line (its words and hyphenated compounds, lower case),
    and whether its typesetter hyphenates: splits words at line ends where no hyphen belongs."""
    words: set[str] = field(default_factory=set)
    compounds: set[str] = field(default_factory=set)
    breaks_inside_words: int = 0     # line-end hyphens after a part that is no word ("mobil-", "undocu-")

    def add(self, text: str) -> None:
        for match in _WORD.finditer(text):
            token = match.group(0).lower()
            (self.compounds if "-" in token else self.words).add(token)

    def add_line_end(self, word: str) -> None:
        """Given the last word of a printed line, count it when it is a hyphenation break inside a word
        ("undocu-"), not a prefix that takes a hyphen ("pre-", "co-", "multi-")."""
        letters = re.sub(r"^.*[^A-Za-z]", "", word[:-1]) if word.endswith("-") else ""
        if len(letters) >= 2 and letters.islower() and letters not in _PREFIXES and not is_english_word(letters):
            self.breaks_inside_words += 1

    @property
    def hyphenates(self) -> bool:
        """True when the document was set with automatic hyphenation (two or more breaks inside words)."""
        return self.breaks_inside_words >= 2


def join_hyphen(left: str, right: str, spellings: Spellings) -> bool:
    """Given the word before a line-end hyphen and the word after it, return True to join them without the hyphen.

    A document whose typesetter never split a word (a browser print: no line end inside a word
    anywhere, `Spellings.hyphenates`) keeps every line-end hyphen ("pre-" + "admission"). In one
    that does, the document's own spelling decides first: "multi-" + "disciplinary" keeps its
    hyphen when "multi-disciplinary" is printed whole elsewhere, "dis-" + "charge" is joined
    when "discharge" is. Then the English word list: joined when the two halves make a
    word ("block-" + "ages" → "blockages"), or when a lower-case half is no word at all (a
    typesetter's break inside a word: "mobil-" + "ised", "undocu-" + "mented"); kept when both
    halves are words that do not make one ("short-" + "term", "self-" + "assessment").
    """
    left_letters = re.sub(r"^.*[^A-Za-z]", "", left)
    right_letters = re.match(r"[A-Za-z]*", right).group(0)
    if not left_letters or not right_letters or not right_letters[0].islower():
        return False
    compound = f"{left_letters}-{right_letters}".lower()
    joined = (left_letters + right_letters).lower()
    if compound in spellings.compounds:
        return False
    if not spellings.hyphenates:
        return False       # no typesetter split words here (a browser print): a hyphen at a line end is real
    if joined in spellings.words:
        return True
    if is_english_word(joined):
        return True
    return left_letters.islower() and not (is_english_word(left_letters) and is_english_word(right_letters))


def _broken_word(left: str, right: str, spellings: Spellings | None = None) -> bool:
    """Given a line's only word, the first word of the next line and the document's spellings, return True when a
    narrow column broke one word too long for it without a hyphen: the first part is no word, and together they
    are one the document prints whole elsewhere ("reablement/intermedia" + "ry"), or one the word list knows
    while the second part is no word either ("Commissioni" + "ng"). (A line that holds other words was not
    broken inside a word: the typesetter would have moved the whole word down; "reab lement" is printed so.)"""
    left_letters = re.sub(r"^.*[^A-Za-z]", "", left)
    right_letters = re.match(r"[a-z]*", right).group(0)
    if not (left_letters and right_letters and right_letters == right.rstrip(".,;:")
            and re.fullmatch(r"(?:\S*[/-])?[A-Za-z]+", left)) or is_english_word(left_letters):
        return False
    joined = left_letters + right_letters
    if spellings is not None and joined.lower() in spellings.words:
        return True
    return not is_english_word(right_letters) and is_english_word(joined)


#: A space is about this many font sizes wide (a quarter of an em in most faces).
SPACE_WIDTH = 0.25

#: Two words of one line further apart than this many font sizes have a space between them,
#: whether or not the text layer has a space glyph there (a kerned pair is far closer).
SPACE_GAP = 0.1


_URL_START = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_URL_PART = re.compile(r"[/.=?&_%#-]")


def _url_goes_on(left: str, right: str, in_address: bool = False) -> bool:
    """Given the last word of a line, the first of the next, and whether the word goes on an address begun on a line
    before, return True when a web address printed in the text was broken at the line end ("…/assets/Ma" +
    "kingItReal/TLAP-report.pdf"; "…+transfers+of+ca" + "re/3213644f", the third line of one address)."""
    return (in_address or bool(_URL_START.match(left))) and not left.endswith((".", ",", ";", ")")) \
        and bool(_URL_PART.search(right))


def _outside_link(word: Word, link) -> str:
    """Given a word under a link, return the punctuation at its end that the link's box stops short of ("")."""
    if link is None or word.x1 <= link.bbox[2] + 0.5:
        return ""
    stripped = word.text.rstrip(".,;:!?)\u2019\u201d")
    return word.text[len(stripped):] if stripped else ""


# -- inline runs -------------------------------------------------------------------------------
def runs_of(lines: list[Line], spellings: Spellings, skip_marker: bool = False) -> list[Run]:
    """Given the lines of one paragraph (or list item, or cell), return its inline runs.

    Words of one style (bold, italic, link) become one run; two links side by side stay two
    (the space between them belongs to neither). Each line end is kept as a
    `Run(line_break=True)` (see extract.doc): its text is " ", or "" after a line ending in a
    slash with no space after it, or in a hyphen kept ("short-" + "term"); a word split by a
    hyphen at the line end (`join_hyphen`) is joined into one, with no line break inside it.
    """
    # pieces: [texts, bold, italic, link, line break]; Runs are made once, at the end
    pieces: list[list] = []

    def add(text: str, word: Word, link) -> None:
        last = pieces[-1] if pieces else None
        if last is not None and not last[4] and last[1] == word.bold and last[2] == word.italic and last[3] is link:
            last[0].append(text)
        else:
            pieces.append([[text], word.bold, word.italic, link, False])

    def gap(text: str) -> None:
        pieces.append([[text], False, False, None, False])

    in_address = False          # the line before ended inside a web address, joined to this line
    for number, line in enumerate(lines):
        words = line.words[1:] if (skip_marker and number == 0 and line.marker) else line.words
        targets = line.links[len(line.words) - len(words):] if line.links else [None] * len(words)
        for index, (word, target) in enumerate(zip(words, targets)):
            text = word.text
            trailing = _outside_link(word, target)
            if trailing:              # "page." under a link that ends before its full stop
                add(text[:-len(trailing)], word, target)
                text, target = trailing, None
            if index < len(words) - 1:
                following = words[index + 1]
                spaced = word.space_after or following.x0 - word.x1 > SPACE_GAP * word.size
                if spaced and target is not None and targets[index + 1] is not target:
                    add(text, word, target)
                    gap(" ")            # the space after a link is not part of it
                else:
                    add(text + (" " if spaced else ""), word, target)
                continue
            if number == len(lines) - 1:
                add(text, word, target)
                continue
            following_words = lines[number + 1].body_words if skip_marker else lines[number + 1].words
            after = following_words[0].text if following_words else ""
            hyphen = text.endswith("-") and len(text) > 1 and after[:1].isalpha()
            if hyphen and join_hyphen(text[:-1], after, spellings):
                add(text[:-1], word, target)      # the word goes on: no line end inside it
                continue
            add(text, word, target)
            address = bool(_URL_START.match(text)) or in_address and len(words) == 1
            url = address and _url_goes_on(text, after, in_address)
            joined = hyphen or (text.endswith("/") and len(text) > 1 and not word.space_after) \
                or len(words) == 1 and _broken_word(text, after, spellings) or url
            in_address = address and joined
            pieces.append([["" if joined else " "], False, False, None, True])
    return [Run("".join(texts), bold, italic, link=link.url if link is not None else None, line_break=line_break)
            for texts, bold, italic, link, line_break in pieces]


#: A line ending in dot leaders and a page number ("Early discharge planning ........ 3").
_LEADER_LINE = re.compile(r"\.{4,}\s*\d{1,4}$")


def _same_column(before: Box, box: Box) -> bool:
    """Given a box ending one page and a box starting the next, return True when they stand in the same
    column (left and right edges within a few points): one box broken by the page."""
    a, b = before.provenance[-1].get("bbox"), box.provenance[0].get("bbox")
    return bool(a and b) and box.provenance[0]["page"] == before.provenance[-1]["page"] + 1 and \
        abs(a[0] - b[0]) <= 6 and abs(a[2] - b[2]) <= 6


def _goes_on(row: Row, filled_page: bool) -> bool:
    """Given the first row of a table's part on a new page and whether the part before filled its page, return
    True when the row is the rest of a row the page break split: its first cell is empty, or every cell with
    text starts in lower case; after a part that filled its page, one such cell is enough (the others may
    start with a name: "Care Quality Commission" went on from "Evidence of poor health indicators in")."""
    texts = [cell.text for cell in row.cells]
    if not any(texts):
        return False
    lower = [text[:1].islower() for text in texts if text]
    return not texts[0] or all(lower) or filled_page and any(lower)


class _Edges:
    """A page's lines indexed by their tops, and each left edge's right edges sorted, so that asking how far the
    lines sharing a left edge reach stays logarithmic on a page of thousands of lines."""

    def __init__(self, lines: list[Line]):
        self.by_top = sorted(lines, key=lambda l: l.top)
        self.tops = [l.top for l in self.by_top]
        self.tallest = max((l.bottom - l.top for l in lines), default=0.0)
        ends: dict[float, list[float]] = {}
        for l in lines:
            ends.setdefault(l.x0, []).append(l.x1)
        self.ends = {left: sorted(rights) for left, rights in ends.items()}
        self.lefts = sorted(self.ends)


def _size(layout: PageLayout) -> tuple[int, int]:
    """Given a page, return its size to the point (portrait and landscape pages have feet of their own)."""
    return round(layout.width), round(layout.height)


# -- the document ------------------------------------------------------------------------------
def read_document(source, settings: dict | None = None) -> Document:
    """Given a PDF source, return its document tree (every page, up to the page limit).

    Raises InputError for a damaged, password-protected, over-long, hostile or image-only PDF.
    """
    settings = check_settings(settings)
    layouts = [lay_out(content, settings) for content in read_pages(source, settings)]
    if not any(True for layout in layouts for _ in _all_lines(layout)):
        raise InputError("has no text layer; scanned documents are not supported", source.path)
    return TreeBuilder(source.path, layouts, settings).build()


@dataclass
class _Group:
    """Lines gathered into one paragraph or list item while the tree is built."""
    lines: list[Line]
    kind: str                 # paragraph | item | heading
    marker_x: float = 0.0


class TreeBuilder:
    """Builds the `Document` from the laid-out pages in one walk (furniture set aside first)."""

    def __init__(self, path: str, layouts: list[PageLayout], settings: dict):
        self.path = path
        self.layouts = layouts
        self.settings = settings
        words = [w for layout in layouts for line in _all_lines(layout) for w in line.words]
        self.body = body_size(words)
        self.spellings = Spellings()
        for layout in layouts:
            for line in _all_lines(layout):
                self.spellings.add(" ".join(w.text for w in line.words[:-1]) if line.words[-1].text.endswith("-")
                                   else line.text)
                self.spellings.add_line_end(line.words[-1].text)
        self.document = Document(path=path, format="pdf")
        self.furniture_lines: set[int] = set()      # running headers, footers and stamps, by id
        self.pages = {layout.number: layout for layout in layouts}
        self.feet: dict[tuple, float] = {}          # page size -> the lowest content on any page of that size
        self._page_edges: dict[int, _Edges] = {}
        self.heading_levels = self._heading_levels()

    # -- headings -------------------------------------------------------------------------------
    def is_heading_line(self, line: Line) -> bool:
        """Given a line, return True when its size and weight set it apart from the body as a heading.

        A numbered heading ("2. Purpose") is a heading; a bulleted line never is.
        """
        marker = line.marker
        if (marker and not marker[0].isalnum()) or not line.words:
            return False
        ratio = line.size / self.body
        return (line.bold and ratio >= self.settings["heading_ratio"]) or ratio >= self.settings["heading_ratio_regular"]

    def _heading_levels(self) -> dict[float, int]:
        """Return heading level by type size: one level per size that at least two headings share, the
        largest first; a size used once (a cover's title) takes the level of the shared sizes it is not
        smaller than, so one decorative line does not push every heading a level down."""
        counts: dict[float, int] = {}
        for layout in self.layouts:
            for line in layout.lines + [line for box in layout.boxes for line in box.lines]:
                if self.is_heading_line(line):
                    size = round(line.size * 2) / 2
                    counts[size] = counts.get(size, 0) + 1
        shared = sorted((size for size, count in counts.items() if count >= 2), reverse=True)
        return {size: min(1 + sum(1 for other in shared if other > size), 6) for size in counts}

    def where(self, lines: list[Line], note: str | None = None) -> list[dict]:
        """Given lines, return their provenance: page and box of the lines on the first page, and the last page."""
        first = [line for line in lines if line.page == lines[0].page]
        bbox = (min(l.x0 for l in first), min(l.top for l in first), max(l.x1 for l in first), max(l.bottom for l in first))
        last = lines[-1].page
        return [location(self.path, page=lines[0].page, bbox=bbox, page_end=last if last != lines[0].page else None,
                         note=note)]

    # -- the walk -------------------------------------------------------------------------------
    def build(self) -> Document:
        # running headers may sit in a banner (a ruled or shaded box): look at box lines too
        candidates = [layout.lines + [line for box in layout.boxes for line in box.lines] for layout in self.layouts]
        furniture = find_furniture([(layout.height, lines) for layout, lines in zip(self.layouts, candidates)],
                                   self.settings)
        stream: list = []
        for index, layout in enumerate(self.layouts):
            aside = set()
            for i, line in enumerate(candidates[index]):
                kind = furniture.get((index, i))
                if kind:
                    self.document.furniture.append(Furniture(kind, line.text, provenance=self.where([line])))
                    aside.add(id(line))
                    self.furniture_lines.add(id(line))
            kept = [line for line in layout.lines if id(line) not in aside]
            bottoms = [line.bottom for line in kept] + [part.bbox[3] for part in layout.tables + layout.boxes]
            if bottoms:
                self.feet[_size(layout)] = max(self.feet.get(_size(layout), 0.0), max(bottoms))
            for box in layout.boxes:
                box.lines = [line for line in box.lines if id(line) not in aside]
            gutter = self.settings["gutter"] * self.body
            stream.append(("page", layout))
            stream.extend(reading_order(kept + layout.tables + layout.boxes, gutter=gutter))
        self.document.body = self.blocks(stream)
        self._place_widgets()
        return self.document

    def blocks(self, stream: list) -> list:
        """Given lines, tables and boxes in reading order (with page marks), return the blocks."""
        out: list = []
        groups: list[_Group] = []
        pending_box: list[Box] = []

        def flush() -> None:
            out.extend(self._emit(groups))
            groups.clear()
            out.extend(pending_box)
            pending_box.clear()

        page: PageLayout | None = None
        first_on_page = False
        for item in stream:
            if isinstance(item, tuple):
                page = item[1]
                first_on_page = True
                continue
            starts_page, first_on_page = first_on_page, False
            if isinstance(item, PageTable):
                flush()
                self._add_table(out, item, page)
                continue
            if isinstance(item, PageBox):
                box = self._box(item)
                if box is None:
                    continue
                before = pending_box[-1] if pending_box else (out[-1] if out and not groups else None)
                if starts_page and isinstance(box, Box) and isinstance(before, Box) and _same_column(before, box):
                    children = list(box.children)             # a box continued on the next page
                    if children and before.children and isinstance(children[0], ListBlock) \
                            and isinstance(before.children[-1], ListBlock):
                        before.children[-1].items.extend(children.pop(0).items)   # one list, broken by the page
                    before.children.extend(children)
                    before.provenance.append({**box.provenance[0], "note": "continued on the next page"})
                    continue
                if groups and groups[-1].kind == "item":
                    pending_box.append(box)   # a box that interrupts a list: the list may go on after it
                else:
                    flush()
                    out.append(box)
                continue
            line = item
            if groups and self._continues(groups[-1], line, interrupted=bool(pending_box)):
                groups[-1].lines.append(line)
                continue
            if pending_box and not (line.marker and groups and groups[-1].kind == "item"):
                flush()
            groups.append(self._start(line))
        flush()
        return out

    def _start(self, line: Line) -> _Group:
        if self.is_heading_line(line):
            return _Group([line], "heading")
        if line.marker:
            return _Group([line], "item", line.x0)
        return _Group([line], "paragraph")

    def _continues(self, group: _Group, line: Line, interrupted: bool = False) -> bool:
        """Given the group being built and the next line, return True when the line belongs to it.

        `interrupted` says a box came between them: a list item cut by a box goes on after it.
        """
        if line.marker:
            return False
        last = group.lines[-1]
        head = group.lines[0]
        size = max(last.size, line.size)
        if abs(last.size - line.size) > 0.05 * size:
            return False
        if group.kind == "heading":
            return (line.page == last.page and len(group.lines) < self.settings["heading_lines"]
                    and line.bold == last.bold and 0 <= line.top - last.bottom <= size * 0.8
                    and self.is_heading_line(line)
                    and not (line.text[:1].isupper() and self._fits_after(last, line)))
        if (last.bold and not line.words[0].bold) or (line.bold and not any(w.bold for w in last.words)):
            return False   # a bold label line and the text under it are two blocks (a bold lead may wrap)
        if _LEADER_LINE.search(last.text):
            return False   # a line that ends in dot leaders and a page number stands on its own (a contents entry)
        hanging = group.kind == "item" and head.marker is not None \
            and head.indent - head.x0 > self.settings["indent_tolerance"] * size
        if interrupted or line.page != last.page or line.top < last.top - 1:
            if hanging and abs(line.x0 - head.indent) <= self.settings["indent_tolerance"] * size:
                return True    # set at the item's text indent, not its marker's: the item goes on
            # cut by a page break, a column break or a box: the text goes on where the sentence had not ended
            ended = re.search(r"[.:!?;)\u201d\"]$", last.text) is not None
            joining = re.search(r"[/,\-\u2013\u2014]$", last.text) is not None
            opens = line.text[:1].islower() or line.text[:1] in "([\u2018\u201c'\"" or line.text[:1].isdigit()
            return not ended and (opens or joining)
        indent = head.indent if group.kind == "item" else head.x0
        if abs(last.x0 - indent) > 3 * size:
            indent = last.x0           # the group went on in another column: measure from there
        if abs(line.x0 - indent) > self.settings["indent_tolerance"] * size and \
                not (group.kind == "paragraph" and len(group.lines) >= 2 and abs(line.x0 - group.lines[1].x0) <= 2):
            return False
        gap = line.top - last.bottom
        if hanging and 0 <= gap <= 2 * self.settings["paragraph_gap"] * size:
            return True    # a second paragraph of the item, set at its text indent
        return 0 <= gap <= self.settings["paragraph_gap"] * size and line.x0 < last.x1 and last.x0 < line.x1

    def _fits_after(self, last: Line, line: Line) -> bool:
        """Given a line and the next, return True when the next line's first word would have fitted at the end of
        the line: the line was not wrapped there.

        The room is the right edge of the lines on the page that share the line's left edge and end
        before anything printed beside it (a column's other lines, not a full-width one above it).
        """
        size = last.size
        tolerance = self.settings["indent_tolerance"] * size
        edges = self._edges(last.page)
        low, high = last.top - 3 * size, line.bottom + 3 * size
        start = bisect_left(edges.tops, low - edges.tallest)
        stop = bisect_right(edges.tops, high)
        limit = min((l.x0 for l in edges.by_top[start:stop] if l.x0 > last.x1 + self.settings["gutter"] * self.body
                     and l.bottom >= low), default=float("inf"))
        right = last.x1
        near = edges.lefts[bisect_left(edges.lefts, last.x0 - tolerance):bisect_right(edges.lefts, last.x0 + tolerance)]
        for left in near:
            ends = edges.ends[left]
            below = bisect_left(ends, limit)
            if below:
                right = max(right, ends[below - 1])
        first = line.words[0]
        return last.x1 + SPACE_WIDTH * first.size + (first.x1 - first.x0) <= right + tolerance

    def _edges(self, page: int) -> "_Edges":
        """Given a page number, return its lines indexed for `_fits_after` (made once per page)."""
        found = self._page_edges.get(page)
        if found is None:
            layout = self.pages.get(page)
            found = self._page_edges[page] = _Edges(layout.lines if layout is not None else [])
        return found

    def _emit(self, groups: list[_Group]) -> list:
        """Given gathered groups, return their blocks (consecutive list items become one nested list)."""
        out: list = []
        items: list[_Group] = []

        def flush_items() -> None:
            if items:
                out.append(self._list(items))
                items.clear()

        for group in groups:
            if group.kind == "item":
                items.append(group)
                continue
            flush_items()
            runs = runs_of(group.lines, self.spellings)
            if group.kind == "heading":
                # a heading that wraps is one heading: its line ends are typesetting, not structure
                runs = [Run(r.text, r.bold, r.italic, r.highlighted, r.link) if r.line_break else r for r in runs]
                level = self.heading_levels.get(round(group.lines[0].size * 2) / 2, 6)
                out.append(Heading(level, runs, provenance=self.where(group.lines)))
            else:
                out.append(Paragraph(runs, lone_line=len(group.lines) == 1, provenance=self.where(group.lines)))
        flush_items()
        return out

    def _list(self, groups: list[_Group]) -> ListBlock:
        """Given list-item groups in order, return one list nested by the x of the markers.

        A list may go on in the next column or on the next page, where its markers stand
        elsewhere: a run of items whose first marker stands where one of the list's markers
        already stood is in the same column and measured as it was; any other run is measured
        from the left edge of the column it stands in (`_column_left`), so a nested item at the
        top of a new column stays nested.
        """
        roots: list[ListItem] = []
        stack: list[tuple[float, ListItem]] = []
        tolerance = self.settings["indent_tolerance"] * self.body
        runs: list[list[_Group]] = []
        for group in groups:
            head = group.lines[0]
            previous = runs[-1][-1].lines[0] if runs else None
            if previous is None or head.page != previous.page or head.top < previous.top:
                runs.append([group])
            else:
                runs[-1].append(group)
        offsets: dict[int, float] = {}
        base = self._column_left(runs[0][0])
        seen: list[tuple[float, float]] = []       # (a marker's x as printed, the shift of its run)
        for run in runs:
            first = run[0].marker_x
            shift = next((known for x, known in seen if abs(x - first) <= tolerance), None)
            if shift is None:
                shift = self._column_left(run[0]) - base
            for g in run:
                offsets[id(g)] = shift
                seen.append((g.marker_x, shift))
        for group in groups:
            marker_x = group.marker_x - offsets[id(group)]
            breaks = [b for a, b in zip(group.lines, group.lines[1:]) if b.page != a.page or b.top < a.top]
            note = "continued after a page break, column or box" if breaks else None
            item = ListItem(runs_of(group.lines, self.spellings, skip_marker=True), marker=group.lines[0].marker,
                            provenance=self.where(group.lines, note))
            while stack and stack[-1][0] >= marker_x - tolerance:
                stack.pop()
            (stack[-1][1].children if stack else roots).append(item)
            stack.append((marker_x, item))
        ordered = bool(groups[0].lines[0].marker) and groups[0].lines[0].marker[0].isalnum()
        return ListBlock(roots, ordered=ordered, provenance=self.where([l for g in groups for l in g.lines]))

    def _column_left(self, group: _Group) -> float:
        """Given a list item, return the left edge of the column it stands in: the leftmost start of a line on its
        page at most a few font sizes left of its marker (a heading, a first-level bullet, a paragraph)."""
        head = group.lines[0]
        layout = self.layouts[head.page - 1]
        reach = 4 * max(head.size, self.body)
        starts = [line.x0 for line in layout.lines if group.marker_x - reach <= line.x0 <= group.marker_x + 1
                  and id(line) not in self.furniture_lines]
        return min(starts, default=group.marker_x)

    def _box(self, box: PageBox) -> Box | Heading | None:
        """Given a ruled or shaded panel, return it as a Box of its own blocks (None when it is empty, the
        heading itself when a heading is all it holds)."""
        lines = [line for line in box.lines if line.text.strip()]
        if not lines:
            return None
        order = reading_order(lines, gutter=self.settings["gutter"] * self.body)
        children = self.blocks(order)
        if len(children) == 1 and isinstance(children[0], Heading):
            return children[0]      # a banner: a heading set in a shaded or ruled band
        return Box("box", children, provenance=[location(self.path, page=lines[0].page, bbox=box.bbox)])

    # -- tables ---------------------------------------------------------------------------------
    def _add_table(self, out: list, part: PageTable, page: PageLayout) -> None:
        """Given a table part, append it as a Table, or join it to the table it continues."""
        table = self._table(part)
        previous = out[-1] if out else None
        if isinstance(previous, Table) and self._continues_table(previous, table, part):
            self._join(previous, table)
            return
        out.append(table)

    def _table(self, part: PageTable) -> Table:
        grid = part.grid
        rows: list[Row] = []
        by_row: dict[int, list[Cell]] = {}
        for cell, lines, shaded in zip(grid.cells, part.cells, part.shaded):
            node = Cell(runs_of(lines, self.spellings), colspan=cell.colspan, rowspan=cell.rowspan,
                        provenance=[location(self.path, page=grid.page, bbox=cell.bbox)])
            node.header = shaded     # provisional: decided per row below
            by_row.setdefault(cell.row, []).append(node)
        for r in range(grid.rows):
            cells = by_row.get(r, [])
            top, bottom = grid.ys[r], grid.ys[r + 1]
            rows.append(Row(cells, provenance=[location(self.path, page=grid.page,
                                                        bbox=(grid.xs[0], top, grid.xs[-1], bottom))]))
        self._mark_headers(rows)
        return Table(rows, provenance=[location(self.path, page=grid.page, bbox=grid.bbox)])

    @staticmethod
    def _mark_headers(rows: list[Row]) -> None:
        """Given a table's rows (cells' `header` holding their shading), mark the header row and the row headers.

        The first row is a header row when it is set apart from the rows below: all bold over a
        body that is not, or shaded over a body that is not. A row's first cell is a row header
        when it is bold and the rest of the row is not.
        """
        def bold(cell: Cell) -> bool:
            visible = [run for run in cell.runs if run.text.strip()]
            return bool(visible) and all(run.bold for run in visible)

        def filled(row: Row) -> list[Cell]:
            return [c for c in row.cells if text_of(c.runs)]

        def all_bold(row: Row, at_least: int = 1) -> bool:
            cells = filled(row)
            return len(cells) >= at_least and all(bold(c) for c in cells)

        shaded = [bool(row.cells) and all(c.header for c in row.cells) for row in rows]
        for row in rows:
            for cell in row.cells:
                cell.header = False
        if len(rows) >= 2:
            body = rows[1:]
            # a body row of one bold cell (a row header beside empty answer cells) is not a bold row
            if (all_bold(rows[0], 2) and not all(all_bold(r, 2) for r in body)) or (shaded[0] and not all(shaded[1:])):
                rows[0].header = True
                for cell in rows[0].cells:
                    cell.header = True
        for row in rows[1 if rows and rows[0].header else 0:]:
            if len(row.cells) > 1 and bold(row.cells[0]) and not any(bold(c) for c in row.cells[1:]):
                row.cells[0].row_header = True

    def _continues_table(self, previous: Table, table: Table, part: PageTable) -> bool:
        """Given the table before and a new part, return True when the part continues it on the next page."""
        last_page = previous.provenance[-1]["page"]
        if part.grid.page != last_page + 1 or not table.rows or not previous.rows:
            return False
        width = lambda t: sum(c.colspan for c in t.rows[-1].cells)  # noqa: E731
        return width(previous) == width(table)

    def _join(self, previous: Table, table: Table) -> None:
        """Given a table and its continuation, append the continuation's rows (a repeated header dropped, a row
        wrapped across the break joined), add the part's location, and say what was done in the first location's
        note ("merged from pages 17-18: the header row repeated on page 18 was dropped")."""
        rows = table.rows
        page = table.provenance[0]["page"]
        notes = []
        header = previous.header_rows
        if rows and header and [strip_accents_fold(c.text) for c in rows[0].cells] == \
                [strip_accents_fold(c.text) for c in header[0].cells]:
            rows = rows[1:]
            notes.append(f"the header row repeated on page {page} was dropped")
        if rows and len(previous.rows) > 1 and len(rows[0].cells) == len(previous.rows[-1].cells) and \
                _goes_on(rows[0], self._fills_page(previous.provenance[-1])):
            for cell, more in zip(previous.rows[-1].cells, rows[0].cells):
                if more.runs:
                    cell.runs = self._joined_runs(cell.runs, more.runs) if cell.runs else list(more.runs)
                cell.fields.extend(more.fields)
                cell.provenance.extend(more.provenance)
            rows = rows[1:]
            notes.append("a row wrapping across the break was joined")
        previous.rows.extend(rows)
        previous.continued = True
        previous.provenance.append(dict(table.provenance[0]))
        first = previous.provenance[0]
        done = [n for n in first.get("note", "").partition(": ")[2].split("; ") if n] + notes
        first["note"] = f"merged from pages {first['page']}-{page}" + (": " + "; ".join(done) if done else "")

    def _fills_page(self, part: dict) -> bool:
        """Given a table part's location, return True when it ends at its page's foot (`foot_tolerance`)."""
        layout = self.pages.get(part["page"])
        foot = self.feet.get(_size(layout)) if layout is not None else None
        return foot is not None and part["bbox"][3] >= foot - self.settings["foot_tolerance"] * self.body

    def _joined_runs(self, before: list[Run], after: list[Run]) -> list[Run]:
        """Given a cell's runs and the runs of its rest on the next page, return them as one cell's runs: a word
        hyphenated across the page break is joined by the same rule as across a line end (`join_hyphen`)."""
        last, first = text_of(before), text_of(after)
        left, right = (last.split() or [""])[-1], (first.split() or [""])[0]
        if left.endswith("-") and len(left) > 1 and right[:1].isalpha():
            if join_hyphen(left[:-1], right, self.spellings) and before[-1].text.rstrip().endswith("-"):
                tail = before[-1]
                return before[:-1] + [Run(tail.text.rstrip()[:-1], tail.bold, tail.italic, tail.highlighted,
                                          tail.link)] + after
            return before + [Run("", line_break=True)] + after
        return before + [Run(" ", line_break=True)] + after

    # -- form fields ----------------------------------------------------------------------------
    def _place_widgets(self) -> None:
        """Attach every form field to the table cell it sits in; the others go to `Document.fields` (the
        interpreter decides what a field outside a table answers, and reports it)."""
        cells: dict[int, list[Cell]] = {}
        for table in (b for b in self.document.body if isinstance(b, Table)):
            for row in table.rows:
                for cell in row.cells:
                    for where in cell.provenance:
                        cells.setdefault(where["page"], []).append((where["bbox"], cell))
        for layout in self.layouts:
            for widget in layout.widgets:
                field_node = FormField(widget.name, widget.value, widget.kind,
                                       provenance=[location(self.path, page=layout.number, bbox=widget.bbox)])
                cx, cy = (widget.bbox[0] + widget.bbox[2]) / 2, (widget.bbox[1] + widget.bbox[3]) / 2
                home = next((cell for bbox, cell in cells.get(layout.number, [])
                             if bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]), None)
                (home.fields if home is not None else self.document.fields).append(field_node)
