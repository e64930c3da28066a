"""Read a text rendering of a resource catalogue page (the LGA "Hospital discharge" hub).

The text keeps no link targets. A resource is a paragraph "Title – Description" (an en dash,
or " - " when there is none), a short title line followed by a long description paragraph,
or a title line with a colon on its own. A short line without a separator that is followed
by resources is a heading: the resources under it carry it as `section`. What comes before
the first heading is the page's introduction, which is not a resource.
"""
from __future__ import annotations

import re

from extract.text_lines import MARK, PARA, Block
from pipeline.core.text import normalise_space

_EN_DASH = re.compile(r"\s+\u2013\s+")
_HYPHEN = re.compile(r"\s+-\s+")
_MENTIONS_MODEL = re.compile(r"high impact change model", re.I)


def split_resource(text: str) -> tuple[str, str | None] | None:
    """Given a paragraph, return (title, description) split at its last en dash (else first " - "), or None."""
    dashes = list(_EN_DASH.finditer(text))
    separator = dashes[-1] if dashes else _HYPHEN.search(text)
    if not separator or separator.start() == 0:
        return None
    title, description = text[:separator.start()].strip(), text[separator.end():].strip()
    if not title or len(title.split()) > 25:
        return None
    return title, description or None


def _short(text: str) -> bool:
    return len(text.split()) <= 14 and text[-1:] not in ".,;:"


def read_catalogue(blocks: list[Block], path: str) -> tuple[list[dict], set[int], dict[int, str]] | None:
    """Given a page's blocks, return (resources, placed line numbers, line → why it is left out), or None.

    None means the page is not a catalogue about the model: it never mentions a High Impact
    Change Model, or fewer than three resources were found.
    """
    content = [b for b in blocks if b.kind != MARK]
    if not any(_MENTIONS_MODEL.search(b.text) for b in content):
        return None
    resources: list[dict] = []
    placed: set[int] = set()
    left: dict[int, str] = {}
    section: str | None = None
    seen_heading = False
    i = 0
    while i < len(content):
        block, text = content[i], normalise_space(content[i].text)
        nxt = content[i + 1] if i + 1 < len(content) else None
        next_text = normalise_space(nxt.text) if nxt is not None else ""
        split = split_resource(text) if block.kind == PARA else None
        lines = range(block.first, block.last + 1)
        if block.kind == PARA and block.single_line and _short(text) and split is None:
            long_next = nxt is not None and nxt.kind == PARA and split_resource(next_text) is None and not _short(next_text)
            if seen_heading and long_next:
                resources.append(_resource(text, next_text, section, path, block, nxt))
                placed.update(lines, range(nxt.first, nxt.last + 1))
                i += 2
                continue
            if seen_heading and ":" in text:
                resources.append(_resource(text, None, section, path, block, block))
                placed.update(lines)
                i += 1
                continue
            if i > 0:
                section, seen_heading = text, True
                placed.update(lines)
                i += 1
                continue
        if seen_heading and split is not None:
            resources.append(_resource(split[0], split[1], section, path, block, block))
            placed.update(lines)
        else:
            for n in lines:
                left[n] = "not a resource: the page's own introduction" if not seen_heading else \
                    "not a resource: text under a heading with no title and description"
            if i == 0 and block.single_line:
                left[block.first] = "boilerplate: page title (the catalogue's title comes from the manifest)"
        i += 1
    if len(resources) < 3:
        return None
    return resources, placed, left


def _resource(title: str, description: str | None, section: str | None, path: str,
              first: Block, last: Block) -> dict:
    end = last.last
    where = {"path": path, "line": first.first}
    if end > first.first:
        where["line_end"] = end
    return {"title": title, "url": None, "description": description, "section": section, "provenance": [where]}
