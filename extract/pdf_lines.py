"""Words → lines → reading order, and page furniture, for the PDF reader.

A chain of small pure functions over plain data (`extract.pdf_page.Word` in, `Line` out).
Nothing here knows what the document is about: it turns positioned words into line
segments (split at column gutters), orders them for reading (recursive XY-cut, so two
columns are read one after the other and a box is read where it sits), and recognises
running headers, footers and page stamps by where they sit and how often they repeat.
Every decision is made in relative units (font sizes, fractions of the page), never in a
font name or an absolute coordinate, so that another typesetter's release still reads.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extract.pdf_page import Word

#: Layout settings, named and checked at the door (a misspelt setting is an error).
DEFAULT_SETTINGS: dict[str, float] = {
    # A horizontal gap wider than this many font sizes splits a printed row into segments (columns).
    "segment_gap": 1.0,
    # Words whose vertical middles differ by less than this many font sizes share a line.
    "line_tolerance": 0.3,
    # Running headers and footers live in this fraction of the page height at top and bottom.
    "margin_band": 0.1,
    # A margin line repeated (numbers masked) on at least this many pages, and on at least
    # `repeat_share` of all pages, is a running header or footer (a label that happens to start a
    # few pages is not).
    "repeat_pages": 3,
    "repeat_share": 0.25,
    # A vertical gap wider than this many font sizes between two lines ends a paragraph.
    "paragraph_gap": 0.7,
    # Left edges closer than this many font sizes count as the same indent.
    "indent_tolerance": 0.3,
    # A line this many times the body size (or more), bold or this much larger again, is a heading.
    "heading_ratio": 1.15,
    "heading_ratio_regular": 1.3,
    # A heading wraps over at most this many lines.
    "heading_lines": 3,
    # Ruling segments within this many points of one another are one rule (snap and join).
    "snap_tolerance": 3.0,
    # A vertical gutter at least this many body sizes wide divides the page into columns.
    "gutter": 0.8,
    # A table part ending within this many body sizes of the page's foot (the lowest content on any
    # page of that size) filled its page: the page break may have cut its last row.
    "foot_tolerance": 2.0,
}


def check_settings(settings: dict | None) -> dict[str, float]:
    """Given layout settings (or None), return them merged over the defaults; raise ValueError on an unknown name."""
    settings = dict(settings or {})
    unknown = set(settings) - set(DEFAULT_SETTINGS)
    if unknown:
        raise ValueError(f"unknown PDF layout setting(s): {', '.join(sorted(unknown))}")
    return {**DEFAULT_SETTINGS, **settings}


#: Glyphs publishers use as list bullets (private-use symbol-font bullets included).
BULLETS = frozenset("•◦▪▫■□●○‣⁃∙·–-*o\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0d7")
#: Bullet glyphs that also begin ordinary lines: a marker only with a hanging indent after them.
_AMBIGUOUS_BULLETS = frozenset("–-*o")
_ORDERED = re.compile(r"^(?:\d{1,3}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)])$")


@dataclass
class Line:
    """One line segment of text on one page (top-left origin, points)."""
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    words: list[Word]
    size: float
    bold: bool                       # every word (bar a bullet) is bold
    box: int | None = None           # the box (panel) the line sits in, if any
    links: list[tuple] = field(default_factory=list)   # per word: its link target or None

    @property
    def text(self) -> str:
        return "".join(w.text + (" " if w.space_after else "") for w in self.words).strip()

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def marker(self) -> str | None:
        """The list marker the line starts with (a bullet glyph, "1.", "a)"), or None.

        A dash, asterisk or "o" is a marker only when a hanging indent follows it (a gap of more
        than half a font size): a line may simply start with a dash ("– think holistically").
        """
        if len(self.words) < 2:
            return None
        first = self.words[0].text
        if first in _AMBIGUOUS_BULLETS:
            hanging = self.words[1].x0 - self.words[0].x1 > 0.5 * self.words[0].size
            return first if hanging else None
        if (len(first) == 1 and first in BULLETS) or _ORDERED.match(first):
            return first
        return None

    @property
    def body_words(self) -> list[Word]:
        return self.words[1:] if self.marker else self.words

    @property
    def indent(self) -> float:
        """x of the line's text, after any list marker."""
        return self.body_words[0].x0


def words_to_lines(words: list[Word], page: int, settings: dict) -> list[Line]:
    """Given words, return line segments: words on one baseline, split where a gap is wider than a column gutter."""
    rows: list[list[Word]] = []
    last_middle = 0.0
    # words sorted by their vertical middle; each joins the row of the word before it when their middles
    # are close (two columns whose baselines are a few points apart make one row: the gutter splits it)
    for word in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        middle = (word.top + word.bottom) / 2
        if rows and middle - last_middle <= settings["line_tolerance"] * max(word.size, rows[-1][-1].size):
            rows[-1].append(word)
        else:
            rows.append([word])
        last_middle = middle
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        segment = [row[0]]
        for word in row[1:]:
            after_marker = len(segment) == 1 and (segment[0].text in BULLETS or _ORDERED.match(segment[0].text))
            if word.x0 - segment[-1].x1 > settings["segment_gap"] * word.size and not after_marker:
                lines.append(make_line(segment, page))
                segment = [word]
            else:
                segment.append(word)
        lines.append(make_line(segment, page))
    return lines


def make_line(words: list[Word], page: int) -> Line:
    """Given the words of one segment, return the Line (size by character count, bold when every word is)."""
    size = words[0].size
    if any(w.size != size for w in words):
        sizes: dict[float, int] = {}
        for word in words:
            sizes[word.size] = sizes.get(word.size, 0) + len(word.text)
        size = max(sizes, key=sizes.__getitem__)
    body = [w for w in words if not (len(w.text) == 1 and w.text in BULLETS)] or words
    return Line(page=page, x0=min(w.x0 for w in words), top=min(w.top for w in words),
                x1=max(w.x1 for w in words), bottom=max(w.bottom for w in words), words=list(words),
                size=size, bold=all(w.bold for w in body))


def reading_order(items: list, bbox=lambda item: item.bbox, gutter: float = 8.0) -> list:
    """Given positioned items (lines, tables, boxes), return them in reading order.

    A recursive XY-cut that knows columns: the items are cut into horizontal bands at every
    vertical gap; consecutive bands that share a vertical gutter (at least `gutter` points
    wide), and bands that sit wholly inside one of those columns, form one region, which is
    read column by column, left first. A full-width heading or table between column regions
    stays where it is. The recursion is an explicit stack, so a page of thousands of lines
    cannot exhaust Python's.
    """
    out: list = []
    stack: list[tuple[list, bool]] = [(list(items), True)]
    while stack:
        group, may_band = stack.pop()
        if len(group) <= 1:
            out.extend(group)
            continue
        bands, _ = _split(group, lambda b: (b[1], b[3]), bbox)
        if len(bands) > 1 and may_band:
            regions = _regions(bands, bbox, gutter)
            stack.extend((region, len(regions) > 1) for region in reversed(regions))
            continue
        columns, gap = _split(group, lambda b: (b[0], b[2]), bbox)
        if len(columns) > 1 and gap >= gutter:
            stack.extend((column, True) for column in reversed(columns))
            continue
        out.extend(sorted(group, key=lambda it: (bbox(it)[1], bbox(it)[0])))
    return out


def _gutters(items: list, bbox, gutter: float) -> list[tuple[float, float]]:
    """Given items, return the vertical gutters (x start, x end) at least `gutter` wide between them."""
    spans = sorted((bbox(it)[0], bbox(it)[2]) for it in items)
    found, end = [], spans[0][1]
    for start, stop in spans[1:]:
        if start - end >= gutter:
            found.append((end, start))
        end = max(end, stop)
    return found


def _regions(bands: list[list], bbox, gutter: float) -> list[list]:
    """Given horizontal bands top to bottom, return them joined into regions that share a column gutter.

    A band wholly inside one column joins the columns' region, unless it begins what comes after
    them: it stands below the foot of every column, further below it than the region's last
    line stands from the one before, and the next band not wholly inside a column spans the
    gutter (a heading set under both columns, over a full-width table). A left column merely
    longer than the right is still read in its place. One pass: what lies ahead of a run of
    such bands is looked up once for the run.
    """
    regions: list[list] = []
    shared: list[tuple[float, float]] = []
    foot = spacing = 0.0                  # the region's lowest bottom, and how far its last band stood below it
    ahead: tuple[int, bool] | None = None  # (where the current run of inside bands ends, whether a spanning band follows)
    for index, band in enumerate(bands):
        own = _gutters(band, bbox, gutter)
        top, bottom = min(bbox(it)[1] for it in band), max(bbox(it)[3] for it in band)
        if regions and shared:
            common = [(max(a, c), min(b, d)) for a, b in shared for c, d in own if min(b, d) > max(a, c)]
            inside = not common and _inside(band, shared, bbox, gutter)
            if inside and (ahead is None or ahead[0] < index):
                ahead = _after_run(bands, index, shared, bbox, gutter)
            if common or inside and not (top - foot > max(2 * spacing, 0.0) and ahead[1]):
                regions[-1].extend(band)
                shared = common or shared
                spacing, foot = (top - foot if top > foot else spacing), max(foot, bottom)
                continue
        regions.append(list(band))
        shared, foot, spacing = own, bottom, 0.0
    return regions


def _inside(band: list, shared: list[tuple[float, float]], bbox, gutter: float) -> bool:
    """Given a band and the gutters of a column region, return True if the band stands wholly in one column."""
    left, right = min(bbox(it)[0] for it in band), max(bbox(it)[2] for it in band)
    return not _gutters(band, bbox, gutter) and all(right < b or left > a for a, b in shared)


def _after_run(bands: list[list], index: int, shared: list[tuple[float, float]], bbox,
               gutter: float) -> tuple[int, bool]:
    """Given the bands, the index of a band wholly inside a column and the columns' gutters, return (the index of
    the last band of the run of such bands it starts, True if the band after the run spans the gutters)."""
    end = index
    while end + 1 < len(bands) and _inside(bands[end + 1], shared, bbox, gutter):
        end += 1
    if end + 1 == len(bands):
        return end, False
    own = _gutters(bands[end + 1], bbox, gutter)
    return end, not any(min(b, d) > max(a, c) for a, b in shared for c, d in own)


def _split(items: list, span, bbox, min_gap: float = 0.5) -> tuple[list[list], float]:
    """Given items and an axis, return the items grouped by gaps wider than min_gap in their projection, and the widest gap."""
    ordered = sorted(items, key=lambda it: span(bbox(it)))
    groups: list[list] = [[ordered[0]]]
    end = span(bbox(ordered[0]))[1]
    widest = 0.0
    for item in ordered[1:]:
        start, stop = span(bbox(item))
        if start > end + min_gap:
            widest = max(widest, start - end)
            groups.append([item])
        else:
            groups[-1].append(item)
        end = max(end, stop)
    return groups, widest


_DIGITS = re.compile(r"\d+")
#: A page stamp: "Page 259", "Page 3 of 40", "3 / 40", "- 7 -", a bare number.
_STAMP = re.compile(r"^\W*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\W*$", re.I)


def margin_key(line: Line) -> str:
    """Given a line, return its text with numbers masked (so 'Page 259' and 'Page 260' repeat)."""
    return _DIGITS.sub("#", line.text.strip().lower())


def is_page_stamp(text: str) -> bool:
    """Given a line's text, return True when it is a page number or stamp ("Page 259", "3 of 40", "4/31")."""
    return bool(_STAMP.match(text.strip()))


def find_furniture(pages: list[tuple[float, list[Line]]], settings: dict) -> dict[tuple[int, int], str]:
    """Given (page height, lines) per page, return {(page index, line index): kind} for page furniture.

    A line in the top or bottom margin band is furniture when it is a page stamp, or when its
    text (numbers masked) appears in that band on several pages (a running header or footer,
    a browser's date/title/address lines). A repeated line's first occurrence is kept when it
    is set larger than the others (a section heading that the running header then repeats).
    """
    seen: dict[tuple[str, str], list[tuple[int, int, float]]] = {}
    furniture: dict[tuple[int, int], str] = {}
    for page_index, (height, lines) in enumerate(pages):
        band = settings["margin_band"] * height
        for i, line in enumerate(lines):
            where = "top" if line.bottom <= band else "bottom" if line.top >= height - band else None
            if where is None:
                continue
            if is_page_stamp(line.text):
                furniture[(page_index, i)] = "page stamp"
                continue
            seen.setdefault((where, margin_key(line)), []).append((page_index, i, line.size))
    for (where, _), hits in seen.items():
        repeated = len({p for p, _, _ in hits})
        if repeated < settings["repeat_pages"] or repeated < settings["repeat_share"] * len(pages):
            continue
        usual = Counter(size for _, _, size in hits).most_common(1)[0][0]
        for page_index, i, size in hits:
            if size <= usual:
                furniture[(page_index, i)] = "running header" if where == "top" else "running footer"
    return furniture


def body_size(words) -> float:
    """Given words, return the most common text size by character count (the body text size)."""
    sizes = Counter()
    for word in words:
        sizes[word.size] += len(word.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0
