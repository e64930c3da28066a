"""Write an outline as plain text, the way a browser's "save as text", Word's "plain text" or `pdftotext` give it."""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

from tests.support.variants.outline import (BulletList, Definitions, ListItem, Outline, Paragraph, Part, Run,
                                            SubHeading, Table)


@dataclass(frozen=True)
class TextLayout:
    """How a text rendering sets the outline."""
    bullets: tuple[str, ...] = ("\u2022", "o", "-")   # the bullet at each depth (the last repeats)
    indent: int = 2                 # spaces per list depth
    wrap: int | None = None         # hard-wrap paragraphs and list items at this many characters
    break_on_hyphens: bool = False  # a wrap may also break after a hyphen ("multi-" / "agency"), as pdftotext does
    page_lines: int | None = None   # lines per page: then "Page N of M" and a form feed end every page
    running_header: bool = False    # the document's title at the top of every page after the first
    links: str = "text"             # "text": link text only; "markdown": [text](url)
    blank_lines: int = 1            # blank lines between blocks

    def bullet(self, depth: int) -> str:
        return self.bullets[min(depth, len(self.bullets) - 1)]


def render_text(outline: Outline, layout: TextLayout) -> bytes:
    """Given an outline and a layout, return the text rendering's bytes (UTF-8)."""
    writer = _Writer(layout)
    writer.block([outline.title])
    for n, part in enumerate(outline.parts):
        if n == 0 and outline.title_part:
            writer.body(part.body)
        else:
            writer.part(part)
    lines = writer.lines
    while lines and not lines[-1]:
        lines.pop()
    if layout.page_lines:
        lines = _paginate(lines, layout, outline.title)
    return ("\n".join(lines) + "\n").encode("utf-8")


class _Writer:
    def __init__(self, layout: TextLayout):
        self.layout = layout
        self.lines: list[str] = []

    def block(self, lines: list[str]) -> None:
        self.lines.extend(lines)
        self.lines.extend([""] * self.layout.blank_lines)

    def part(self, part: Part) -> None:
        self.block(list(part.heading))
        self.body(part.body)

    def body(self, nodes: list) -> None:
        for node in nodes:
            if isinstance(node, Part):
                self.part(node)
            else:
                self.node(node)

    def node(self, node) -> None:
        if isinstance(node, Paragraph):
            self.block(self.wrap(self.runs(node.runs)))
        elif isinstance(node, SubHeading):
            self.block([node.text])
        elif isinstance(node, BulletList):
            lines: list[str] = []
            for number, item in enumerate(node.items, 1):
                lines += self.item(item, 0, f"{number}." if node.ordered else None)
            self.block(lines)
        elif isinstance(node, Table):
            self.block(["\t".join(row) for row in node.rows])
        elif isinstance(node, Definitions):
            lines = []
            for term, text in node.pairs:
                lines.append(term)
                lines += self.wrap(text, " " * 4, " " * 4)
            self.block(lines)
        else:
            raise TypeError(f"no text for {type(node).__name__}")

    def item(self, item: ListItem, depth: int, marker: str | None = None) -> list[str]:
        marker = marker or self.layout.bullet(depth)
        lead = " " * (self.layout.indent * depth)
        lines = self.wrap(self.runs(item.runs), f"{lead}{marker} ", " " * (len(lead) + len(marker) + 1))
        for child in item.children:
            lines += self.item(child, depth + 1)
        return lines

    def runs(self, runs: list[Run]) -> str:
        if self.layout.links == "markdown":
            return "".join(f"[{run.text}]({run.url})" if run.url else run.text for run in runs)
        return "".join(run.text for run in runs)

    def wrap(self, text: str, first: str = "", rest: str = "") -> list[str]:
        if not self.layout.wrap:
            return [first + text]
        return textwrap.wrap(text, self.layout.wrap, initial_indent=first, subsequent_indent=rest,
                             break_long_words=False, break_on_hyphens=self.layout.break_on_hyphens) or [first]


def _paginate(lines: list[str], layout: TextLayout, title: str) -> list[str]:
    """Given the lines of a document, return them cut into pages, each ending "Page N of M" and a form feed."""
    size = layout.page_lines
    header = [title, ""] if layout.running_header else []
    pages, current = [], []
    for line in lines:
        if len(current) >= size:
            pages.append(current)
            current = list(header)
        current.append(line)
    pages.append(current)
    out: list[str] = []
    for number, page in enumerate(pages, 1):
        if number > 1:   # pdftotext starts each page after the first with a form feed
            page = ["\f" + page[0]] + page[1:]
        out += page + ["", f"Page {number} of {len(pages)}"]
    return out
