"""Blocks for the PDF reader: lines in reading order → paragraphs, headings and (nested) lists.

Pure functions over `Line`s. A paragraph ends at a vertical gap wider than usual line spacing,
at a change of size, weight or shaded box, or where a bullet starts; a list item's wrapped
lines (and a cut item continued after an interruption) are recognised by sitting at the
item's text indent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.base import join_wrapped_lines
from extract.pdf_layout import Line
from schema.model import location

#: A vertical gap wider than this many font sizes between two lines ends a paragraph.
PARAGRAPH_GAP = 0.6
#: Positions closer than this (points) count as the same indent.
INDENT_TOLERANCE = 3.0

_ORDERED = re.compile(r"^\d{1,2}[.)]$")


def is_ordered_item(line: Line) -> bool:
    """Given a line, return True when it starts a numbered list item ("1. …")."""
    return len(line.words) > 1 and bool(_ORDERED.match(line.words[0].text))


def starts_item(line: Line) -> bool:
    """Given a line, return True when it starts a list item (bulleted or numbered)."""
    return line.bullet or is_ordered_item(line)


def item_indent(line: Line) -> float:
    """Given a line that starts a list item, return the x where its text (and its wrapped lines) start."""
    return line.words[1].x0 if starts_item(line) else line.x0


def same_style(a: Line, b: Line, mixed_weight: bool = False) -> bool:
    """Given two lines, return True when they share size, weight (unless mixed_weight) and box (so may be one paragraph)."""
    return abs(a.size - b.size) < 0.3 and (mixed_weight or a.bold == b.bold) and a.box == b.box


def follows_closely(a: Line, b: Line) -> bool:
    """Given two consecutive lines, return True when b is the next line of the same text column as a."""
    return (b.page == a.page and 0 <= b.top - a.bottom <= PARAGRAPH_GAP * max(a.size, b.size)
            and b.x0 < a.x1 and a.x0 < b.x1)


def group_paragraphs(lines: list[Line], mixed_weight: bool = False) -> list[list[Line]]:
    """Given lines in reading order, return them grouped into paragraphs and list items.

    With mixed_weight, a change from bold to regular does not end a paragraph (a run-in title).
    """
    groups: list[list[Line]] = []
    for line in lines:
        if groups and not starts_item(line):
            last = groups[-1]
            head = last[0]
            indent = item_indent(head) if starts_item(head) else head.x0
            if (same_style(last[-1], line, mixed_weight) and follows_closely(last[-1], line)
                    and abs(line.x0 - indent) <= INDENT_TOLERANCE):
                last.append(line)
                continue
        groups.append([line])
    return groups


_ENDS_HYPHEN = re.compile(r"([A-Za-z]+)-$")
_STARTS_WORD = re.compile(r"^([A-Za-z]+)")


def join_text(parts: list[str], keep: frozenset[str] = frozenset()) -> str:
    """Given wrapped lines and the document's hyphenated compounds, return one line of text.

    A line-end hyphen is kept where the document prints the same compound unbroken elsewhere
    ("Multi-" + "disciplinary" → "Multi-disciplinary"), and a line ending in "/" joins the next
    without a space unless the text layer has a space there (a part ending in " "); otherwise extract.base.join_wrapped_lines
    decides (it keeps real hyphens such as "short-term" and joins split words).
    """
    merged: list[str] = []
    spaced_end = False
    for raw in parts:
        part = raw.strip()
        if not part:
            continue
        if merged:
            end, start = _ENDS_HYPHEN.search(merged[-1]), _STARTS_WORD.match(part)
            if end and start and f"{end.group(1)}-{start.group(1)}".lower() in keep:
                merged[-1] = merged[-1] + part
                continue
            if merged[-1].endswith("/") and not merged[-1].endswith(" /") and not spaced_end and part[:1].isalnum():
                merged[-1] = merged[-1] + part  # "form/" + "system": a slash at a line end joins without a space
                spaced_end = raw.endswith(" ")
                continue
        merged.append(part)
        spaced_end = raw.endswith(" ")
    return join_wrapped_lines(merged)


def text_of(lines: list[Line], keep: frozenset[str] = frozenset()) -> str:
    """Given the lines of one paragraph or item, return its text (bullet dropped, wrapping joined)."""
    head = lines[0]
    if head.bullet or is_ordered_item(head):  # the list marker ("•", "1.") is not the item's text
        words = head.words[1:]
        first = " ".join(w.text for w in words) + (" " if words[-1].space_after else "")
    else:
        first = head.printed
    return join_text([first] + [l.printed for l in lines[1:]], keep)


def provenance(path: str, lines: list[Line], note: str | None = None) -> list[dict]:
    """Given a source path and lines, return provenance: page and bbox of the lines (bbox on the first page)."""
    first = [l for l in lines if l.page == lines[0].page]
    bbox = (min(l.x0 for l in first), min(l.top for l in first), max(l.x1 for l in first), max(l.bottom for l in first))
    last_page = lines[-1].page
    return [location(path, page=lines[0].page, bbox=bbox,
                     page_end=last_page if last_page != lines[0].page else None, note=note)]


def links_of(lines: list[Line]) -> list[dict]:
    """Given lines, return their hyperlinks as inline links, joining a link that wraps onto the next line."""
    out: list[dict] = []
    wraps = False  # the previous line ended inside a link
    for line in lines:
        for i, link in enumerate(line.links):
            if i == 0 and wraps and out[-1]["url"] == link["url"]:
                out[-1]["text"] = join_wrapped_lines([out[-1]["text"], link["text"]])
            else:
                out.append({"text": link["text"], "url": link["url"]})
        wraps = bool(line.links) and line.links[-1]["x1"] >= line.x1 - 1
    return out


@dataclass
class Node:
    """A list item being built: its lines, nesting and the sub-heading it sits under."""
    lines: list[Line]
    marker_x: float
    children: list["Node"] = field(default_factory=list)
    heading: str | None = None


def nest_items(groups: list[list[Line]]) -> list[Node]:
    """Given list-item line groups in order, return them nested by the x of their bullets."""
    roots: list[Node] = []
    stack: list[Node] = []
    for lines in groups:
        node = Node(lines, lines[0].x0)
        while stack and stack[-1].marker_x >= node.marker_x - INDENT_TOLERANCE:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots
