"""Reader for the plain-text renderings of the model (`.txt`): blocks → regions → model items.

The chain: bytes → decoded text → classified lines → blocks (extract/text_lines.py) →
regions (cover, contents, numbered or known sections, each occurrence of a change, the
action plan, the back page) → model items. Each step is a small function over plain data.

What the published text files do, and where this module deals with it:
- 2015: hard-wrapped paragraphs, the change overview ("Change N" + "Title. Summary"), then a
  page per change whose matrix cells come one after another, five per row
  (extract/text_matrix.py rebuilds the rows), a running header " 4. The model" on every page,
  and the PDF's form-field names dumped at the end (boilerplate).
- 2019: "Change N: Title" sections; nested tips; examples as "Place: Title: description",
  sometimes with the description before the title, sometimes sitting inside the tip list;
  the matrices are only named ("… maturity levels"): they were published elsewhere.
- 2020 draft: markdown-like: `[text](#)` links, tab-separated tables with theme labels, page
  stamps ("Page 277") on their own line, inside a table cell or at the start of a bullet,
  and tips interrupted by "Supporting Materials" lists and continued after them.
- 2020 web introduction: unnumbered sections and the five level definitions as a list.

Every non-blank line ends up in the content or is returned as a Leftover; boilerplate
leftovers say what they are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.base import Extraction, Leftover, NotHicmContent, Source, split_place_title
from extract.text_catalogue import read_catalogue
from extract.text_inline import bare_url_links, leading_link, parse_inline
from extract.text_lines import (BOILERPLATE, CHANGE, CONTENTS, ITEM, LEVEL_LABELS, LEVELS_HEADER, MARK, ORDERED, PARA, ROW,
                                SECTION, STAMP, Block, Line, build_blocks, classify_lines, decode_text,
                                looks_like_heading)
from extract.text_matrix import rebuild_rows
from extract.vocabulary import CHANGE_HEADINGS, SECTION_KEYS, column_key, section_key
from pipeline.core.text import normalise_space
from schema.model import LEVEL_KEYS, empty_statements, finding, location

# --------------------------------------------------------------------------- vocabulary

_ACTION_PLAN = re.compile(r"^action planning template$", re.I)
_CONTENTS_HEADING = re.compile(r"^contents$", re.I)
#: An example's "Place: " prefix: up to five capitalised words (joined by and/of/upon/on/&).
_PLACE = re.compile(r"^(?P<place>[A-Z][\w'\u2019.&-]*(?:\s+(?:and|of|upon|on|&|[A-Z][\w'\u2019.&-]*)){0,4})\s*:\s+(?P<rest>\S.*)$")
_QUESTION = re.compile(r"[^?]+\?")


# --------------------------------------------------------------------------- bookkeeping


@dataclass
class Ledger:
    """What has been placed, what is boilerplate, and the findings so far, for one source."""
    path: str
    placed: set[int] = field(default_factory=set)
    boilerplate: dict[int, str] = field(default_factory=dict)
    findings: list[dict] = field(default_factory=list)
    placeholder_links: list[dict] = field(default_factory=list)

    def where(self, block: Block | Line | list[Block]) -> dict:
        """Given a block, line or run of blocks, return its location (first and last line)."""
        if isinstance(block, Line):
            return location(self.path, line=block.number)
        if isinstance(block, list):
            first, last = block[0].first, block[-1].last
        else:
            first, last = block.first, block.last
        return location(self.path, line=first, line_end=last if last > first else None)

    def provenance(self, *blocks: Block) -> list[dict]:
        """Given the blocks an element was read from, return its provenance (one location)."""
        return [self.where(list(blocks))]

    def place(self, *blocks: Block) -> None:
        """Record blocks as placed in the content (their inline stamps become findings)."""
        for block in blocks:
            for line in block.lines:
                self.placed.add(line.number)
            if block.stamp and block.kind != MARK:
                self.findings.append(finding(
                    "page-stamp-in-text", "info",
                    f"A page stamp (\"{block.stamp}\") sat inside the text; it was removed from the content.",
                    self.where(block), values=[block.stamp]))

    def mark_boilerplate(self, line: Line, what: str) -> None:
        self.boilerplate[line.number] = what

    def links(self, links: list[dict], block: Block) -> list[dict]:
        """Given links read from a block, remember the placeholder ones and return the links."""
        for link in links:
            if link["url"] is None:
                self.placeholder_links.append(self.where(block))
        return links


# --------------------------------------------------------------------------- regions


@dataclass
class Region:
    """A stretch of blocks under one landmark: kind is preamble, contents, section, change, action-plan or back."""
    kind: str
    blocks: list[Block] = field(default_factory=list)
    head: Block | None = None
    number: int | None = None
    title: str | None = None


def segment(blocks: list[Block], ledger: Ledger) -> list[Region]:
    """Given a file's blocks, return its regions in reading order (running headers resume their section)."""
    regions: list[Region] = []
    current = Region("preamble")
    regions.append(current)
    sections: dict[int, Region] = {}
    last_section = 0
    seen_change = False
    for block in blocks:
        kind = block.line_kind
        line = block.lines[0]
        if block.kind == MARK and kind == SECTION:
            number, title = line.value, line.title
            previous = current.blocks[-1] if current.blocks else None
            continues_list = (previous is not None and previous.kind == ITEM and previous.ordered
                              and previous.lines[0].value == number - 1)
            if number == last_section + 1 and not continues_list:
                current = Region("section", head=block, number=number, title=title)
                sections[number] = current
                regions.append(current)
                last_section = number
                continue
            if number in sections and sections[number].title == title:
                # A running header (" 4. The model" on every page): the page carries on that section.
                ledger.mark_boilerplate(line, "running header")
                current = sections[number]
                continue
            # Not the next section: a short numbered list item ("2. Tips for success").
            item = Line(line.number, line.raw, ORDERED, line.title or line.text, value=number)
            block = Block(ITEM, [item], ordered=True, after_blank=block.after_blank)
        elif block.kind == MARK and kind == CHANGE:
            current = Region("change", head=block, number=line.value, title=line.title)
            regions.append(current)
            seen_change = True
            continue
        elif block.kind == MARK and kind == CONTENTS and current.kind != "contents":
            current = Region("contents")
            regions.append(current)
        elif block.kind == PARA and block.single_line:
            text = block.text
            if _CONTENTS_HEADING.match(text):
                current = Region("contents", head=block)
                regions.append(current)
                continue
            if _ACTION_PLAN.match(text):
                current = Region("action-plan", head=block, title=text)
                regions.append(current)
                continue
            if (not seen_change and current.kind in ("preamble", "section", "contents") and looks_like_heading(text)
                    and current.blocks and _known_section(text)):
                current = Region("section", head=block, title=text)
                regions.append(current)
                continue
        if block.kind == MARK and kind == BOILERPLATE and current.kind == "action-plan":
            current = Region("back")
            regions.append(current)
        current.blocks.append(block)
    return regions


def _known_section(title: str) -> bool:
    key = section_key(title)
    return any(key == k for _, k in SECTION_KEYS)


# --------------------------------------------------------------------------- front matter


def nest_items(entries: list[tuple[int, dict]]) -> list[dict]:
    """Given (indent, node) pairs in reading order, return the top-level nodes with deeper ones as children."""
    roots: list[dict] = []
    stack: list[tuple[int, dict]] = []
    for indent, node in entries:
        while stack and stack[-1][0] >= indent:
            stack.pop()
        (stack[-1][1]["children"] if stack else roots).append(node)
        stack.append((indent, node))
    return roots


def section_blocks(blocks: list[Block], ledger: Ledger) -> list[dict]:
    """Given a section's blocks, return its content blocks: paragraphs, headings, nested lists and tables."""
    out: list[dict] = []
    list_entries: list[tuple[int, dict]] = []
    list_block: dict | None = None

    def close_list() -> None:
        nonlocal list_block, list_entries
        if list_block is not None:
            list_block["items"] = nest_items(list_entries)
        list_block, list_entries = None, []

    def last_text_holder() -> dict | None:
        if list_entries:
            return list_entries[-1][1]
        if out and out[-1]["type"] == "paragraph":
            return out[-1]
        return None

    for block in blocks:
        if block.kind == MARK and block.line_kind in (STAMP, BOILERPLATE):
            continue
        if block.kind == MARK and block.line_kind == LEVELS_HEADER:
            close_list()
            cells = [normalise_space(c) for c in block.lines[0].raw.split("\t") if c.strip()]
            out.append({"type": "table", "rows": [cells], "provenance": ledger.provenance(block)})
            ledger.place(block)
            continue
        if block.kind == ROW:
            close_list()
            row = list(block.lines[0].cells)
            if out and out[-1]["type"] == "table":
                out[-1]["rows"].append(row)
                out[-1]["provenance"] = [_span(out[-1]["provenance"][0], ledger.where(block))]
            else:
                out.append({"type": "table", "rows": [row], "provenance": ledger.provenance(block)})
            ledger.place(block)
            continue
        if block.kind == ITEM:
            text, links = parse_inline(block.text)
            node = {"text": text, "children": []}
            if links:
                node["links"] = ledger.links(links, block)
            node["provenance"] = ledger.provenance(block)
            if list_block is None or list_block["ordered"] != block.ordered:
                close_list()
                list_block = {"type": "list", "ordered": block.ordered, "items": [],
                              "provenance": ledger.provenance(block)}
                out.append(list_block)
            else:
                list_block["provenance"] = [_span(list_block["provenance"][0], ledger.where(block))]
            list_entries.append((block.indent, node))
            ledger.place(block)
            continue
        if block.kind in (PARA, MARK):
            text, links = parse_inline(block.text)
            links = links or bare_url_links(text)
            holder = last_text_holder()
            # A paragraph cut by a page break: it starts in lower case, or right after a page stamp
            # that the converter glued to its start while a list item was open.
            if holder is not None and not bare_url_links(text) and (text[:1].islower() or (block.stamp and list_entries)):
                holder["text"] = holder["text"] + " " + text
                if links:
                    holder.setdefault("links", []).extend(ledger.links(links, block))
                holder["provenance"] = [_span(holder["provenance"][0], ledger.where(block))]
                ledger.place(block)
                continue
            close_list()
            if block.single_line and looks_like_heading(text) and not links:
                entry = {"type": "heading", "text": text, "level": 1}
            else:
                entry = {"type": "paragraph", "text": text}
                if links:
                    entry["links"] = ledger.links(links, block)
            entry["provenance"] = ledger.provenance(block)
            out.append(entry)
            ledger.place(block)
    close_list()
    return out


def _span(first: dict, second: dict) -> dict:
    """Given two locations in one file, return one location covering both."""
    start = min(first.get("line", 1), second.get("line", 1))
    end = max(first.get("line_end", first.get("line", 1)), second.get("line_end", second.get("line", 1)))
    return location(first["path"], line=start, line_end=end if end > start else None)


def build_section(region: Region, ledger: Ledger, key: str | None = None) -> dict:
    """Given a section region, return the section {key, number, title, blocks, provenance}."""
    title = region.title or ""
    if region.head is not None:
        ledger.place(region.head)
    section = {"key": key or section_key(title), "number": region.number, "title": title,
               "blocks": section_blocks(region.blocks, ledger)}
    heads = [region.head] if region.head else []
    section["provenance"] = ledger.provenance(*(heads + region.blocks)) if heads + region.blocks else []
    return section


def build_preamble(region: Region, ledger: Ledger, numbered: bool) -> dict | None:
    """Given the blocks before the first landmark, return the cover (numbered documents) or the introduction section."""
    content = [b for b in region.blocks if not (b.kind == MARK and b.line_kind in (STAMP, BOILERPLATE))]
    if not content:
        return None
    head = content[0]
    rest = [b for b in region.blocks if b is not head]
    title = head.text if head.kind == PARA and head.single_line else ""
    if not title:
        rest = region.blocks
    fake = Region("section", blocks=rest, head=head if title else None, title=title or "Introduction")
    return build_section(fake, ledger, key="cover" if numbered else "introduction")


# --------------------------------------------------------------------------- levels


def levels_from_sections(sections: list[dict], ledger: Ledger) -> list[dict]:
    """Given the sections, return the five levels with definitions from a level table or a "Label: definition" list."""
    for section in sections:
        for block in section["blocks"]:
            if block["type"] == "table" and len(block["rows"]) >= 2 and _level_labels(block["rows"][0]):
                labels, definitions = block["rows"][0], block["rows"][1]
                if len(definitions) == 5:
                    return [{"key": key, "label": label, "description": text or None,
                             "provenance": block["provenance"]}
                            for key, label, text in zip(LEVEL_KEYS, labels, definitions)]
            if block["type"] == "list":
                found = {}
                for item in block["items"]:
                    label, sep, text = item["text"].partition(":")
                    key = _level_key(label)
                    if sep and key:
                        found[key] = {"key": key, "label": normalise_space(label),
                                      "description": normalise_space(text) or None,
                                      "provenance": item.get("provenance", [])}
                if len(found) == 5:
                    return [found[k] for k in LEVEL_KEYS]
    return []


def _level_key(label: str) -> str | None:
    folded = normalise_space(label).lower().replace("-", " ")
    for key, known in zip(LEVEL_KEYS, LEVEL_LABELS):
        if folded == known:
            return key
    return None


def _level_labels(cells: list[str]) -> bool:
    return len(cells) == 5 and all(_level_key(c) == k for c, k in zip(cells, LEVEL_KEYS))


def levels_from_header(line: Line) -> list[dict]:
    """Given a matrix header line (the five labels), return the levels with the labels as published, no definitions."""
    text = normalise_space(line.raw)
    labels, position = [], 0
    for known in LEVEL_LABELS:
        found = text.lower().find(known, position)
        labels.append(text[found:found + len(known)])
        position = found + len(known)
    return [{"key": key, "label": label, "description": None} for key, label in zip(LEVEL_KEYS, labels)]


# --------------------------------------------------------------------------- changes


def split_title(text: str, known_titles: list[str], summary: str | None) -> tuple[str | None, str]:
    """Given "Title. Summary" or "Title Summary" text, return (title, summary).

    Tried in order: where the change's own summary starts in the text; a known title at the
    start; the first sentence.
    """
    if summary:
        opening = " ".join(summary.split()[:4])
        found = text.find(opening)
        if found > 0:
            return text[:found].strip().rstrip("."), text[found:].strip()
    for title in sorted((t for t in known_titles if t), key=len, reverse=True):
        if text.lower().startswith(title.lower()) and len(text) > len(title):
            rest = text[len(title):]
            if rest[:1] in (".", " "):
                return text[:len(title)], rest.lstrip(". ").strip()
    match = re.match(r"^(?P<title>[^.]{3,160}?)\.\s+(?P<rest>[A-Z\u2018'\"].*)$", text)
    if match:
        return match.group("title").strip(), match.group("rest").strip()
    return None, text


@dataclass
class ChangeParts:
    """What one change's own section holds while it is being read."""
    number: int
    title: str | None
    head: Block | None
    summary: list[Block] = field(default_factory=list)
    statements: dict = field(default_factory=empty_statements)
    tip_entries: list[tuple[int, dict]] = field(default_factory=list)
    examples: list[dict] = field(default_factory=list)
    materials: list[dict] = field(default_factory=list)
    matrix_rows: list[dict] = field(default_factory=list)
    matrix_cells: list[Block] = field(default_factory=list)
    matrix_header: Block | None = None
    blocks: list[Block] = field(default_factory=list)
    tip_heading: str | None = None
    orphan_description: Block | None = None


def read_change(region: Region, ledger: Ledger) -> dict:
    """Given a change's own region, return the change item (without key)."""
    parts = ChangeParts(region.number, region.title, region.head)
    ledger.place(region.head)
    state = "summary"
    pending_heading: Block | None = None
    for block in region.blocks:
        if block.kind == MARK and block.line_kind in (STAMP, BOILERPLATE):
            continue
        if block.kind == MARK and block.line_kind == LEVELS_HEADER:
            parts.matrix_header = block
            ledger.place(block)
            state = "matrix"
            pending_heading = None
            continue
        heading = _change_heading(block)
        if heading:
            if pending_heading is not None:
                _empty_heading(pending_heading, ledger)
            pending_heading = block
            ledger.place(block)
            if heading == "matrix-elsewhere":
                ledger.findings.append(finding(
                    "matrix-published-elsewhere", "info",
                    f"Change {parts.number}'s maturity matrix is not in this file; it only names it "
                    f"(\"{block.text}\"), the matrix was published as a separate link or image.",
                    ledger.where(block), subject=f"changes[number={parts.number}].matrix", values=[block.text]))
                pending_heading = None
            state = heading
            continue
        pending_heading = None
        _READERS[state](parts, block, ledger)
    if pending_heading is not None:
        _empty_heading(pending_heading, ledger)
    return _finish_change(parts, ledger)


def _change_heading(block: Block) -> str | None:
    if block.kind != PARA or not block.single_line:
        return None
    text = parse_inline(block.text)[0]
    for pattern, what in CHANGE_HEADINGS:
        if pattern.search(text):
            return what
    return None


def _empty_heading(block: Block, ledger: Ledger) -> None:
    ledger.findings.append(finding("empty-heading", "info",
                                   f"The heading \"{block.text}\" has nothing under it.", ledger.where(block),
                                   values=[block.text]))


def _read_summary(parts: ChangeParts, block: Block, ledger: Ledger) -> None:
    if block.kind == PARA:
        parts.summary.append(block)
        ledger.place(block)
    else:
        _keep_block(parts, block, ledger)


def _read_statements(parts: ChangeParts, block: Block, ledger: Ledger) -> None:
    if block.kind != PARA:
        _keep_block(parts, block, ledger)
        return
    text = parse_inline(block.text)[0]
    which = "we" if re.match(r"^We\b", text) else "i"
    if parts.statements[which] is None:
        parts.statements[which] = text
        ledger.place(block)
    else:
        _keep_block(parts, block, ledger)


def _add_tip(parts: ChangeParts, indent: int, text: str, block: Block, ledger: Ledger) -> None:
    tip = {"text": text, "children": []}
    if parts.tip_heading:
        tip["heading"] = parts.tip_heading
    tip["provenance"] = ledger.provenance(block)
    parts.tip_entries.append((indent, tip))
    ledger.place(block)


def _continue_last(parts: ChangeParts, block: Block, ledger: Ledger) -> bool:
    """Join a paragraph that starts in lower case (the rest of a tip cut by a box or page) to the last tip."""
    text = parse_inline(block.text)[0]
    if not parts.tip_entries or not text[:1].islower():
        return False
    tip = parts.tip_entries[-1][1]
    tip["text"] = tip["text"] + " " + text
    tip["provenance"] = [_span(tip["provenance"][0], ledger.where(block))]
    ledger.place(block)
    return True


def _read_tips(parts: ChangeParts, block: Block, ledger: Ledger) -> None:
    base = min((indent for indent, _ in parts.tip_entries), default=0)
    if block.kind == ITEM:
        text, links = parse_inline(block.text)
        ledger.links(links, block)
        example = _example_from_plain(text) if _PLACE.match(text) and not links else None
        if example is not None:
            example["provenance"] = ledger.provenance(block)
            _check_example_title(parts, example, block, ledger)
            parts.examples.append(example)
            ledger.place(block)
            ledger.findings.append(finding(
                "example-in-tip-list", "warning",
                f"Change {parts.number}: the example \"{text[:80]}\" sits inside the tips list; it was read as an example.",
                ledger.where(block), subject=f"changes[number={parts.number}].examples"))
            return
        _add_tip(parts, block.indent, text, block, ledger)
        return
    if block.kind == PARA:
        if _continue_last(parts, block, ledger):
            return
        text, links = parse_inline(block.text)
        ledger.links(links, block)
        if block.single_line and looks_like_heading(text) and not links:
            parts.tip_heading = text
            ledger.place(block)
            return
        _add_tip(parts, base, text, block, ledger)
        return
    _keep_block(parts, block, ledger)


def _example_from_plain(text: str) -> dict | None:
    """Given "Place: Title: description" / "Place: Title - description" / "Place: Title", return the example."""
    match = _PLACE.match(text)
    if not match:
        if looks_like_heading(text) and len(text.split()) <= 12:
            return {"place": None, "title": text, "description": None, "url": None}
        return None
    place, rest = match.group("place"), match.group("rest")
    title, description = rest, None
    # " : " is always the separator; otherwise the first ": " or " - " after the title is.
    spaced = re.search(r"\s+:\s+", rest)
    found = [m for m in (re.search(r"\s*:\s+", rest), re.search(r"\s+[-\u2013]\s+", rest)) if m]
    separator = spaced or (min(found, key=lambda m: m.start()) if found else None)
    if separator:
        title, description = rest[:separator.start()], rest[separator.end():]
    return {"place": normalise_space(place), "title": normalise_space(title),
            "description": normalise_space(description) if description else None, "url": None}


def _read_examples(parts: ChangeParts, block: Block, ledger: Ledger) -> None:
    if block.kind not in (ITEM, PARA):
        _keep_block(parts, block, ledger)
        return
    if block.kind == PARA and _continue_last(parts, block, ledger):
        return
    raw = block.text
    led = leading_link(raw)
    if led:
        link, rest = led
        place, title = split_place_title(link["text"])
        rest_text = parse_inline(rest)[0]
        description = re.sub(r"^[-\u2013:]\s*", "", rest_text).strip() or None
        example = {"place": place, "title": title, "description": description, "url": link["url"]}
        if link["url"] is None:
            ledger.links([link], block)
    else:
        text = parse_inline(raw)[0]
        example = _example_from_plain(text)
        if example is None:
            # A description printed before its "Place: Title" line (2019): keep it for the next title.
            parts.orphan_description = block
            ledger.place(block)
            return
    if example["description"] is None and parts.orphan_description is not None:
        orphan = parts.orphan_description
        example["description"] = parse_inline(orphan.text)[0]
        example["provenance"] = ledger.provenance(orphan, block)
        ledger.findings.append(finding(
            "example-description-before-title", "info",
            f"Change {parts.number}: the description of the example \"{example['title']}\" comes before its title.",
            [ledger.where(orphan), ledger.where(block)], subject=f"changes[number={parts.number}].examples"))
        parts.orphan_description = None
    else:
        example["provenance"] = ledger.provenance(block)
    _check_example_title(parts, example, block, ledger)
    parts.examples.append(example)
    ledger.place(block)


def _check_example_title(parts: ChangeParts, example: dict, block: Block, ledger: Ledger) -> None:
    """Report an example whose title runs on into its description (no ":" or " - " between them)."""
    if example["place"] and example["description"] is None and len(example["title"].split()) > 10:
        ledger.findings.append(finding(
            "example-title-unclear", "warning",
            f"Change {parts.number}: the example \"{example['place']}: {example['title'][:60]}…\" has no separator "
            "between its title and its description; the whole text was kept as the title.",
            ledger.where(block), subject=f"changes[number={parts.number}].examples"))


def _read_materials(parts: ChangeParts, block: Block, ledger: Ledger) -> None:
    if block.kind == PARA and _continue_last(parts, block, ledger):
        return
    if block.kind == ITEM and not block.text.startswith("["):
        # The tips list carries on after a "Supporting Materials" box (2020).
        _read_tips(parts, block, ledger)
        return
    if block.kind not in (ITEM, PARA):
        _keep_block(parts, block, ledger)
        return
    text, links = parse_inline(block.text)
    ledger.links(links, block)
    url = links[0]["url"] if len(links) == 1 and text.startswith(links[0]["text"]) else None
    parts.materials.append({"title": text, "url": url, "provenance": ledger.provenance(block)})
    ledger.place(block)


def _read_matrix(parts: ChangeParts, block: Block, ledger: Ledger) -> None:
    if block.kind == ROW:
        cells = list(block.lines[0].cells)
        while len(cells) > 6 and not cells[-1]:
            cells.pop()
        if len(cells) != 6:
            ledger.findings.append(finding(
                "matrix-row-incomplete", "warning",
                f"Change {parts.number}: a matrix row has {len(cells)} cells instead of a theme and five levels.",
                ledger.where(block), subject=f"changes[number={parts.number}].matrix"))
            cells = (cells + [""] * 6)[:6]
        parts.matrix_rows.append({"theme": cells[0] or None, "cells": dict(zip(LEVEL_KEYS, cells[1:])),
                                  "provenance": ledger.provenance(block)})
        ledger.place(block)
    elif block.kind == PARA:
        parts.matrix_cells.append(block)
        ledger.place(block)
    else:
        _keep_block(parts, block, ledger)


def _read_after(parts: ChangeParts, block: Block, ledger: Ledger) -> None:
    _keep_block(parts, block, ledger)


def _keep_block(parts: ChangeParts, block: Block, ledger: Ledger) -> None:
    parts.blocks.append(block)


_READERS = {"summary": _read_summary, "statements": _read_statements, "tips": _read_tips,
            "examples": _read_examples, "materials": _read_materials, "matrix": _read_matrix,
            "matrix-elsewhere": _read_after}


def _finish_change(parts: ChangeParts, ledger: Ledger) -> dict:
    """Given the parts read from a change's section, return the change item."""
    title = parts.title
    summaries = [parse_inline(b.text)[0] for b in parts.summary]
    if title is None and summaries:
        # 2015: the page opens with "Title. Summary" in one paragraph.
        title, first = split_title(summaries[0], [], None)
        summaries[0] = first
    if parts.orphan_description is not None:
        parts.blocks.append(parts.orphan_description)
    matrix = None
    if parts.matrix_rows:
        matrix = {"rows": parts.matrix_rows,
                  "provenance": [_span(parts.matrix_rows[0]["provenance"][0], parts.matrix_rows[-1]["provenance"][0])]}
    elif parts.matrix_cells:
        rows, notes = rebuild_rows([[line.text for line in b.lines] for b in parts.matrix_cells])
        matrix = {"rows": [{"theme": None, "cells": dict(zip(LEVEL_KEYS, row))} for row in rows],
                  "provenance": ledger.provenance(*parts.matrix_cells)}
        for note in notes:
            ledger.findings.append(finding(note["code"], note["severity"], f"Change {parts.number}: {note['message']}",
                                           ledger.where(parts.matrix_cells[note["block"]]),
                                           subject=f"changes[number={parts.number}].matrix"))
    elif parts.matrix_header is not None:
        matrix = {"rows": [], "provenance": ledger.provenance(parts.matrix_header)}
    item = {
        "number": parts.number,
        "title": title or f"Change {parts.number}",
        "titles": [],
        "summary": " ".join(s for s in summaries if s) or None,   # one string, spaces folded (schema)
        "statements": parts.statements,
        "tips": nest_items(parts.tip_entries),
        "examples": parts.examples,
        "materials": parts.materials,
        "matrix": matrix,
    }
    if parts.blocks:
        item["blocks"] = section_blocks(parts.blocks, ledger)
    spans = [b for b in [parts.head] if b is not None] + parts.summary
    item["provenance"] = ledger.provenance(*spans) if spans else []
    return item


# --------------------------------------------------------------------------- other regions


def read_contents(region: Region, ledger: Ledger) -> dict[int, str]:
    """Given the contents region, return change number → title as the contents list gives it."""
    titles: dict[int, str] = {}
    if region.head is not None:
        ledger.mark_boilerplate(region.head.lines[0], "contents list heading")
    for block in region.blocks:
        line = block.lines[0]
        if block.kind == MARK and block.line_kind == CONTENTS:
            change = re.match(r"^Change\s+(\d{1,2})\s*[:\u2013\u2014-]\s*(\S.*)$", line.text)
            if change:
                titles[int(change.group(1))] = normalise_space(change.group(2))
                ledger.place(block)
            else:
                ledger.mark_boilerplate(line, "contents list entry (section title and page number)")
    return titles


def read_overview(region: Region, ledger: Ledger, known_titles: list[str], summary: str | None) -> tuple[str | None, dict | None]:
    """Given an earlier occurrence of a change (the overview), return (its title, its summary as an alternate)."""
    ledger.place(region.head)
    paras: list[Block] = []
    for block in region.blocks:
        if block.kind != PARA:
            continue
        text = parse_inline(block.text)[0]
        if paras and not text[:1].islower():
            break
        paras.append(block)
    if not paras:
        return None, None
    ledger.place(*paras)
    text = " ".join(parse_inline(b.text)[0] for b in paras)
    title, rest = split_title(text, known_titles, summary)
    alternate = {"text": rest, "context": "overview", "provenance": ledger.provenance(region.head, *paras)}
    return title, alternate


def read_action_plan(region: Region, ledger: Ledger, change_count: int) -> dict:
    """Given the action-plan region, return the action plan: title, question columns, one row per change."""
    ledger.place(region.head)
    plan = {"title": region.title, "columns": [], "rows": [], "provenance": ledger.provenance(region.head)}
    header_done = False
    for block in region.blocks:
        if block.kind == MARK and block.line_kind in (STAMP, BOILERPLATE):
            continue
        if block.kind == ROW:
            cells = [c for c in block.lines[0].cells]
            if not header_done:
                plan["columns"] = [{"key": column_key(c), "label": c, "provenance": ledger.provenance(block)}
                                   for c in cells[1:] if c]
                header_done = True
                ledger.place(block)
                continue
            label = cells[0]
        elif block.kind in (PARA, MARK) and block.line_kind != STAMP:
            text = normalise_space(block.text)
            if not header_done:
                questions = [q.strip() for q in _QUESTION.findall(text)]
                if questions:
                    # The row-label column's heading ("Impact change") runs into the first question.
                    first = re.search(r"(?:^|\s)((?:Where|What|When|How|Who|Why|Which)\b[^?]*\?)$", questions[0])
                    questions[0] = first.group(1) if first else questions[0]
                if questions:
                    plan["columns"] = [{"key": column_key(q), "label": normalise_space(q),
                                        "provenance": ledger.provenance(block)} for q in questions]
                    header_done = True
                    ledger.place(block)
                    continue
            label = text
        else:
            continue
        change = re.match(r"^Change\s+(\d{1,2})\s*[:\u2013\u2014-]\s*(\S.*)$", label)
        number = int(change.group(1)) if change else len(plan["rows"]) + 1
        if number > change_count:
            continue  # more rows than changes: left for the coverage report
        plan["rows"].append({"label": normalise_space(change.group(2)) if change else label, "number": number,
                             "provenance": ledger.provenance(block)})
        ledger.place(block)
    return plan


# --------------------------------------------------------------------------- the reader


def extract(source: Source) -> Extraction:
    """Given a plain-text rendering of the model, return its content, findings and leftovers."""
    text = decode_text(source.data, source.path)
    lines = classify_lines(text)
    ledger = Ledger(source.path)
    for line in lines:
        if line.kind == STAMP:
            ledger.mark_boilerplate(line, "page stamp")
            if line.stamp:
                # "- Page 277": the converter made the stamp a bullet of its own inside a list.
                ledger.findings.append(finding(
                    "page-stamp-in-text", "info",
                    f"A page stamp (\"{line.stamp}\") stood as a bullet of its own inside a list; it was left out.",
                    location(source.path, line=line.number), values=[line.stamp]))
        elif line.kind == BOILERPLATE:
            ledger.mark_boilerplate(line, line.reason or "boilerplate")
    blocks = build_blocks(lines)
    regions = segment(blocks, ledger)
    numbered = any(r.kind == "section" and r.number for r in regions)

    sections: list[dict] = []
    contents_titles: dict[int, str] = {}
    occurrences: dict[int, list[Region]] = {}
    plan_region: Region | None = None
    for region in regions:
        if region.kind == "preamble":
            preamble = build_preamble(region, ledger, numbered)
            if preamble:
                sections.append(preamble)
        elif region.kind == "section":
            sections.append(build_section(region, ledger))
        elif region.kind == "contents":
            contents_titles.update(read_contents(region, ledger))
        elif region.kind == "change":
            occurrences.setdefault(region.number, []).append(region)
        elif region.kind == "action-plan":
            plan_region = region

    changes = []
    for number in sorted(occurrences):
        found = occurrences[number]
        own = next((r for r in found if r.title), found[-1])
        item = read_change(own, ledger)
        variants: list[str] = []
        if number in contents_titles:
            variants.append(contents_titles[number])
        for other in found:
            if other is own:
                continue
            title, alternate = read_overview(other, ledger, [item["title"], *variants], item["summary"])
            if title:
                variants.append(title)
            if alternate:
                item.setdefault("alternate_summaries", []).append(alternate)
                _compare_summaries(item, alternate, ledger)
        item["_variants"] = variants
        changes.append(item)
    _order_change_keys(changes)

    _purpose_titles(sections, changes)
    action_plan = read_action_plan(plan_region, ledger, len(changes)) if plan_region else None
    if action_plan:
        by_number = {c["number"]: c for c in changes}
        for row in action_plan["rows"]:
            if row["number"] in by_number:
                by_number[row["number"]]["_variants"].append(row["label"])
    for item in changes:
        item["titles"] = _unique_titles(item["title"], item.pop("_variants"))

    levels = levels_from_sections(sections, ledger)
    if not levels:
        header = next((b.lines[0] for r in regions if r.kind == "change" for b in r.blocks
                       if b.kind == MARK and b.line_kind == LEVELS_HEADER), None)
        levels = levels_from_header(header) if header else []

    if not changes and not levels and not any(r.kind == "action-plan" for r in regions):
        return _catalogue_or_nothing(source, lines, blocks)

    # Findings in reading order of where they point (stable for the same input).
    findings = sorted(ledger.findings, key=lambda f: (f["where"][0].get("line", 0) if f["where"] else 0, f["code"]))
    if ledger.placeholder_links:
        where = [dict(t) for t in sorted({tuple(sorted(w.items())) for w in ledger.placeholder_links},
                                         key=lambda t: dict(t).get("line", 0))]
        findings.append(finding("link-target-missing", "info",
                                f"{len(ledger.placeholder_links)} links have no target (written as `[text](#)`); "
                                "their url is null.", where))
    content = {"levels": levels, "sections": sections, "changes": changes, "enablers": [],
               "action_plan": action_plan, "findings": findings}
    return Extraction(content=content, leftovers=leftovers(lines, ledger))


def _catalogue_or_nothing(source: Source, lines: list[Line], blocks: list[Block]) -> Extraction:
    """Given a file with no model content, return it read as a resource catalogue, or raise NotHicmContent."""
    read = read_catalogue(blocks, source.path)
    if read is None:
        raise NotHicmContent(source.path)
    resources, placed, left = read
    ledger = Ledger(source.path, placed=set(placed))
    for line in lines:
        if line.kind == STAMP:
            ledger.mark_boilerplate(line, "page stamp")
        elif line.kind == BOILERPLATE:
            ledger.mark_boilerplate(line, line.reason or "boilerplate")
    out = []
    for leftover in leftovers(lines, ledger):
        reason = left.get(leftover.where["line"])
        out.append(Leftover(leftover.where, leftover.text, reason) if reason and not leftover.is_boilerplate else leftover)
    findings = [finding("link-target-missing", "info",
                        f"The text rendering keeps no link targets: the {len(resources)} resources have a null url.",
                        [location(source.path)])]
    return Extraction(content={"resources": resources, "findings": findings}, leftovers=out, catalogue=True)


def _order_change_keys(changes: list[dict]) -> None:
    """Put each change's fields in the schema's order so the JSON reads the same way every time."""
    order = ["number", "title", "titles", "summary", "alternate_summaries", "statements", "tips", "examples",
             "materials", "matrix", "blocks", "provenance", "_variants"]
    for i, item in enumerate(changes):
        changes[i] = {k: item[k] for k in order if k in item}


def _compare_summaries(item: dict, alternate: dict, ledger: Ledger) -> None:
    ours, theirs = item["summary"] or "", alternate["text"]
    if normalise_space(ours) != normalise_space(theirs):
        ledger.findings.append(finding(
            "summary-differs", "warning",
            f"Change {item['number']}'s summary on the overview differs from the one in its own section.",
            [item["provenance"][0], alternate["provenance"][0]] if item["provenance"] else alternate["provenance"],
            subject=f"changes[number={item['number']}].summary", values=[ours, theirs],
            suggestion="Make the two wordings the same in the next release."))


def _purpose_titles(sections: list[dict], changes: list[dict]) -> None:
    """Add the purpose section's list of changes (one item per change, in order) to the changes' title variants."""
    if not changes:
        return
    for section in sections:
        if section["key"] != "purpose":
            continue
        for block in section["blocks"]:
            if block["type"] == "list" and len(block["items"]) == len(changes):
                for item, change in zip(block["items"], changes):
                    title = re.sub(r"\s*\([^)]*\)\s*\.?$", "", item["text"]).rstrip(".;, ")
                    change["_variants"].append(title)
                return


def _unique_titles(title: str, variants: list[str]) -> list[str]:
    out: list[str] = []
    for variant in variants:
        if variant and variant != title and variant not in out:
            out.append(variant)
    return out


def leftovers(lines: list[Line], ledger: Ledger) -> list[Leftover]:
    """Given the lines and what was placed, return a Leftover for every non-blank line that is in no output."""
    out = []
    for line in lines:
        if line.kind == "blank" or line.number in ledger.placed:
            continue
        text = normalise_space(line.raw)
        if line.number in ledger.boilerplate:
            out.append(Leftover(location(ledger.path, line=line.number), text,
                                f"boilerplate: {ledger.boilerplate[line.number]}"))
        else:
            out.append(Leftover(location(ledger.path, line=line.number), text,
                                "not placed: the reader found no place for this line"))
    return out
