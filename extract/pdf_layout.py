"""Page layout for the PDF reader: characters → words → line segments → reading order.

A chain of small pure functions over plain data, in the spirit of pdfplumber's own table
finder. Nothing here knows what a High Impact Change Model is: it only turns positioned
characters into `Line`s (with their size, weight, links and the shaded box they sit in) in
reading order, and recognises running headers, footers and page stamps by where they sit
and how often they repeat. Decisions use relative measures (the body text size, the page
height), never a font name or an exact coordinate, so that another typesetter's release
still reads.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

#: Layout settings, named and checked at the door (a misspelt setting is an error).
DEFAULT_LAYOUT_SETTINGS: dict[str, float] = {
    # A horizontal gap wider than this many font sizes splits a line into segments (columns).
    "segment_gap": 1.0,
    # Words whose tops differ by less than this many font sizes share a line.
    "line_tolerance": 0.3,
    # Running headers and footers live in this fraction of the page height at top and bottom.
    "margin_band": 0.1,
    # A margin line repeated (digits ignored) on at least this many pages, and on at least
    # `repeat_share` of all pages, is a running header/footer (a label that happens to start a few
    # pages is not).
    "repeat_pages": 3,
    "repeat_share": 0.25,
}

_WEIGHT = re.compile(r"bold|black|heavy|semibold|demi", re.I)
#: Glyphs publishers use as list bullets (private-use symbol-font bullets included).
BULLETS = frozenset("•◦▪▫■□●○‣⁃∙·\uf0b7\uf0a7\uf076\uf0d8\uf0fc")


def check_settings(settings: dict | None) -> dict[str, float]:
    """Given layout settings (or None), return them merged over the defaults; raise ValueError on an unknown name."""
    settings = dict(settings or {})
    unknown = set(settings) - set(DEFAULT_LAYOUT_SETTINGS)
    if unknown:
        raise ValueError(f"unknown layout setting(s): {', '.join(sorted(unknown))}")
    return {**DEFAULT_LAYOUT_SETTINGS, **settings}


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    space_after: bool = False   # the text layer has a space right after the word


@dataclass
class Line:
    """One line segment of text on one page, with what the structure reader needs to know about it."""
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    words: list[Word]
    size: float
    bold: bool
    box: int | None = None          # index of the shaded box the line sits in, if any
    links: list[dict] = field(default_factory=list)  # [{"text", "url", "bbox"}]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def printed(self) -> str:
        """The line's text with a trailing space when the text layer has one (it matters after "/")."""
        return self.text + (" " if self.words[-1].space_after else "")

    @property
    def bullet(self) -> bool:
        """True when the line starts with a lone bullet glyph."""
        return len(self.words) > 1 and self.words[0].text in BULLETS and len(self.words[0].text) == 1

    @property
    def body_words(self) -> list[Word]:
        return self.words[1:] if self.bullet else self.words

    @property
    def body_text(self) -> str:
        return " ".join(w.text for w in self.body_words)

    @property
    def indent(self) -> float:
        """x of the line's text, after any bullet."""
        return self.body_words[0].x0

    @property
    def bold_prefix(self) -> str:
        """The leading bold words of the line (a run-in title), or ''."""
        out = []
        for w in self.body_words:
            if not w.bold:
                break
            out.append(w.text)
        return " ".join(out)


def is_bold(fontname: str) -> bool:
    """Given a font name, return True when it names a bold weight (the PDF's only portable weight hint)."""
    return bool(_WEIGHT.search(fontname.split("+")[-1]))


def real_chars(chars: list[dict]) -> tuple[list[dict], list[dict]]:
    """Given a page's characters in content-stream order, return (characters without stray spaces, the real spaces).

    Some typesetters draw an extra space glyph on top of the previous letter, or jump back to
    the line start to draw one after a link ("Firs t", "Act :" when read naively). A space that
    starts before the end of the last glyph drawn is such a stray and is dropped.
    """
    kept, spaces = [], []
    last = None
    for char in chars:
        if char["text"] == " ":
            if last is not None and abs(char["top"] - last["top"]) < 1 and char["x0"] < last["x1"] - 1:
                continue
            if last is not None and abs(char["top"] - last["top"]) < 1 and char["x0"] < last["x0"]:
                continue
            spaces.append(char)
            kept.append(char)
            continue
        kept.append(char)
        last = char
    return kept, spaces


_EXTRACTOR = None


def page_words(page) -> list[Word]:
    """Given a pdfplumber page, return its words in content-stream order with size, weight and trailing space."""
    global _EXTRACTOR
    from pdfplumber.utils.text import WordExtractor
    if _EXTRACTOR is None:
        _EXTRACTOR = WordExtractor(use_text_flow=True, keep_blank_chars=False, extra_attrs=["size", "fontname"])
    chars, spaces = real_chars(page.chars)
    after = {(round(c["top"]), round(c["x0"])) for c in spaces}

    def spaced(w) -> bool:
        top, x1 = round(w["top"]), round(w["x1"])
        return any((top, x1 + d) in after for d in (-1, 0, 1))

    return [Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"], round(w["size"], 1), is_bold(w["fontname"]),
                 spaced(w))
            for w in _EXTRACTOR.extract_words(chars) if w["text"].strip()]


def words_outside(words: list[Word], regions: list[tuple]) -> list[Word]:
    """Given words and bounding boxes, return the words whose centre lies in none of the boxes."""
    def inside(w: Word, r: tuple) -> bool:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        return r[0] <= cx <= r[2] and r[1] <= cy <= r[3]
    return [w for w in words if not any(inside(w, r) for r in regions)]


def words_to_lines(words: list[Word], page_number: int, settings: dict) -> list[Line]:
    """Given words, return line segments: words on one baseline, split where a gap is wider than a column gutter."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (round(w.top, 1), w.x0)):
        if rows and abs(rows[-1][0].top - w.top) <= settings["line_tolerance"] * max(w.size, rows[-1][0].size):
            rows[-1].append(w)
        else:
            rows.append([w])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        segment = [row[0]]
        for w in row[1:]:
            after_bullet = len(segment) == 1 and segment[0].text in BULLETS
            if w.x0 - segment[-1].x1 > settings["segment_gap"] * w.size and not after_bullet:
                lines.append(_make_line(segment, page_number))
                segment = [w]
            else:
                segment.append(w)
        lines.append(_make_line(segment, page_number))
    return lines


def _make_line(words: list[Word], page_number: int) -> Line:
    """Given the words of one segment, return the Line (size by character count, bold when every word is)."""
    sizes = Counter(w.size for w in words for _ in w.text)
    body = [w for w in words if not (len(w.text) == 1 and w.text in BULLETS)] or words
    return Line(page=page_number, x0=min(w.x0 for w in words), top=min(w.top for w in words),
                x1=max(w.x1 for w in words), bottom=max(w.bottom for w in words), words=list(words),
                size=sizes.most_common(1)[0][0], bold=all(w.bold for w in body))


def reading_order(items: list, bbox=lambda item: item.bbox, gutter: float = 8.0) -> list:
    """Given positioned items (lines, tables), return them in reading order by recursive XY-cut.

    Where a vertical gutter (at least `gutter` points wide) divides the items into columns, rows
    are cut only at gaps wider than that gutter (so a two-column band is read column by column,
    left first); otherwise the items are cut into rows at every vertical gap.
    """
    if len(items) <= 1:
        return list(items)
    v_groups, v_gap = _split(items, lambda b: (b[0], b[2]), bbox)
    if len(v_groups) > 1 and v_gap >= gutter:
        h_groups, _ = _split(items, lambda b: (b[1], b[3]), bbox, min_gap=v_gap)
        groups = h_groups if len(h_groups) > 1 else v_groups
    else:
        groups, _ = _split(items, lambda b: (b[1], b[3]), bbox)
        if len(groups) == 1:
            return sorted(items, key=lambda it: (bbox(it)[1], bbox(it)[0]))
    return [it for group in groups for it in reading_order(group, bbox, gutter)]


def _split(items: list, span, bbox, min_gap: float = 0.5) -> tuple[list[list], float]:
    """Given items and an axis, return the items grouped by gaps wider than min_gap in their projection, and the widest gap."""
    ordered = sorted(items, key=lambda it: span(bbox(it)))
    groups: list[list] = [[ordered[0]]]
    end = span(bbox(ordered[0]))[1]
    widest = 0.0
    for it in ordered[1:]:
        start, stop = span(bbox(it))
        if start > end + min_gap:
            widest = max(widest, start - end)
            groups.append([it])
        else:
            groups[-1].append(it)
        end = max(end, stop)
    return groups, widest


_DIGITS = re.compile(r"\d+")


def margin_key(line: Line) -> str:
    """Given a line, return its text with numbers masked (so 'Page 259' and 'Page 260' repeat)."""
    return _DIGITS.sub("#", line.text.strip().lower())


def find_running_lines(pages: list[tuple[float, list[Line]]], settings: dict) -> set[tuple[int, int]]:
    """Given (page height, lines) per page, return (page, line index) of running headers, footers and stamps.

    A line in the top or bottom margin band whose text (numbers masked) appears in that band on
    several pages repeats the page furniture. Its first occurrence is kept when it is larger than
    the others (a section heading that the running header then repeats).
    """
    seen: dict[tuple[str, str], list[tuple[int, int, float]]] = {}
    for page_index, (height, lines) in enumerate(pages):
        band = settings["margin_band"] * height
        for i, line in enumerate(lines):
            where = "top" if line.bottom <= band else "bottom" if line.top >= height - band else None
            if where:
                seen.setdefault((where, margin_key(line)), []).append((page_index, i, line.size))
    running: set[tuple[int, int]] = set()
    for hits in seen.values():
        repeated = len({p for p, _, _ in hits})
        if repeated < settings["repeat_pages"] or repeated < settings["repeat_share"] * len(pages):
            continue
        usual = Counter(size for _, _, size in hits).most_common(1)[0][0]
        for page_index, i, size in hits:
            if size <= usual:
                running.add((page_index, i))
    return running


def attach_links(lines: list[Line], links: list[dict]) -> None:
    """Given lines and link annotations [{url, bbox}], record on each line the linked words (in place)."""
    for link in links:
        x0, top, x1, bottom = link["bbox"]
        for line in lines:
            if line.bottom < top - 1 or line.top > bottom + 1:
                continue
            words = [w for w in line.words if x0 - 1 <= (w.x0 + w.x1) / 2 <= x1 + 1]
            if words:
                line.links.append({"text": " ".join(w.text for w in words), "url": link["url"],
                                   "x0": words[0].x0, "x1": words[-1].x1})
    for line in lines:
        line.links.sort(key=lambda l: l["x0"])


def body_size(lines: list[Line]) -> float:
    """Given lines, return the most common text size by character count (the body text size)."""
    sizes = Counter()
    for line in lines:
        for w in line.words:
            sizes[w.size] += len(w.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0
