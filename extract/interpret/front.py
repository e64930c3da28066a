"""Front and back matter: sections as the schema's blocks, and the five level definitions.

A section's content keeps its shape: paragraphs (with their links), sub-headings (levels below
the section heading), nested lists and tables. A paragraph that starts in lower case goes on
from the text before it (cut by a page break or a box). The level definitions are read from
wherever a section gives them: a table whose header names the five levels over a row of
definitions, a two-column table (Level | What it means) or a definition list, a list of
"Level: definition" items, or "Level – definition" lines.
"""
from __future__ import annotations

import re

from extract import vocabulary
from extract.doc import Heading, Image, ListBlock, ListItem, Paragraph, Strength, Table, heading_strength, links_of
from extract.interpret.flow import heading_level, is_heading
from extract.interpret.ledger import Ledger, provenance_of, span
from extract.interpret.matrix import matrix_header
from extract.interpret.segment import Region
from pipeline.core.text import comparable
from schema.model import DEFAULT_LEVEL_LABELS, LEVEL_KEYS

_BARE_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$")


def inline_links(runs) -> list[dict]:
    """Given runs, return the schema's inline links ({text, url}); a placeholder target is null."""
    return [{"text": label, "url": target} for label, target in links_of(runs)]


def list_item(item: ListItem) -> dict:
    """Given a list item, return the schema's list_item (iteratively, so deep nesting is safe)."""
    root: dict = {}
    stack = [(item, root)]
    while stack:
        source, target = stack.pop()
        target.update({"text": source.text, "children": []})
        links = inline_links(source.runs)
        if links:
            target["links"] = links
        target["provenance"] = list(source.provenance[:1])
        for child in source.children:
            made: dict = {}
            target["children"].append(made)
            stack.append((child, made))
    return root


def _continues(block, out: list[dict]) -> dict | None:
    """Given a paragraph and the blocks made so far, return the entry it goes on from, if it starts in lower case."""
    if not isinstance(block, Paragraph) or not block.text[:1].islower() or _BARE_ADDRESS.match(block.text) or not out:
        return None
    last = out[-1]
    if last["type"] == "paragraph":
        return last
    if last["type"] == "list":
        node = last["items"][-1]
        while node["children"]:
            node = node["children"][-1]
        return node
    return None


def schema_blocks(blocks: list, ledger: Ledger, rank: int | None = None) -> list[dict]:
    """Given a region's blocks, return the schema's blocks (paragraphs, headings, lists, tables), placing them."""
    out: list[dict] = []
    last_heading: int | None = None
    for block in blocks:
        if isinstance(block, Image):
            ledger.set_aside(block, "image with no text of its own")
            continue
        if isinstance(block, Table):
            out.append({"type": "table", "rows": [[cell.text for cell in row.cells] for row in block.rows],
                        "provenance": list(block.provenance[:1])})
        elif isinstance(block, ListBlock):
            out.append({"type": "list", "ordered": block.ordered, "items": [list_item(i) for i in block.items],
                        "provenance": list(block.provenance[:1])})
        elif isinstance(block, (Heading, Paragraph)):
            holder = _continues(block, out)
            links = inline_links(block.runs)
            if holder is not None:
                holder["text"] = f"{holder['text']} {block.text}"
                if links:
                    holder.setdefault("links", []).extend(links)
                holder["provenance"] = [span(holder["provenance"] + block.provenance[:1])] if holder["provenance"] else \
                    list(block.provenance[:1])
                ledger.place(block)
                continue
            if is_heading(block):
                level = heading_level(block)
                if level is not None and rank is not None:
                    level = max(1, level - rank)
                elif heading_strength(block) == Strength.BOLD_PARAGRAPH and last_heading is not None:
                    level = last_heading + 1
                else:
                    level = 1
                last_heading = level
                made = {"type": "heading", "text": block.text, "level": level}
            else:
                made = {"type": "paragraph", "text": block.text}
            if links:
                made["links"] = links
            made["provenance"] = list(block.provenance[:1])
            out.append(made)
        else:
            continue
        ledger.place(block)
    return out


def build_section(region: Region, ledger: Ledger, rank: int | None, key: str | None = None,
                  title: str | None = None) -> dict:
    """Given a section region, return the schema's section {key, number, title, blocks, provenance}."""
    ledger.place(region.head)
    section = {"key": key or region.key or vocabulary.section_key(title or region.title or ""),
               "number": region.number, "title": title if title is not None else region.title or "",
               "blocks": schema_blocks(region.blocks, ledger, rank)}
    section["provenance"] = provenance_of(region.head, *region.blocks)
    return section


def build_preamble(region: Region, ledger: Ledger, rank: int | None, document_title: str | None,
                   numbered: bool) -> dict | None:
    """Given the blocks before the first section, return the cover (a numbered document's) or the introduction.

    Its title is the file's own title, else its first line when that stands alone.
    """
    if not region.blocks:
        return None
    first = region.blocks[0]
    head = None
    if document_title is None and isinstance(first, (Heading, Paragraph)) and heading_strength(first) >= Strength.LONE_LINE \
            or document_title is None and isinstance(first, Paragraph) and first.lone_line:
        head = first
    title = document_title or (head.text if head is not None else "Introduction")
    body = region.blocks[1:] if head is not None else region.blocks
    if not body:
        ledger.place(head)          # the document's title alone: no section
        return None
    made = Region("section", head=head, blocks=body, title=title)
    return build_section(made, ledger, rank, key="cover" if numbered else "introduction", title=title)


# --------------------------------------------------------------------------- levels

def _level(key: str, label: str, description: str | None, provenance: list[dict] | None) -> dict:
    made = {"key": key, "label": label, "description": description or None}
    if provenance is not None:
        made["provenance"] = provenance
    return made


def _complete(found: dict[str, dict]) -> list[dict] | None:
    """Given the levels found by key, return all five in order (a missing one with its usual label and no
    definition, `missing` set), or None if fewer than three were found."""
    if len(found) < 3:
        return None
    return [found.get(key) or {**_level(key, DEFAULT_LEVEL_LABELS[key], None, None), "missing": True}
            for key in LEVEL_KEYS]


_SEPARATOR = re.compile(r"\s*(?::|\s[-\u2013\u2014]\s)\s*")


def _labelled(text: str) -> tuple[str, str, str] | None:
    """Given "Label: definition" or "Label – definition", return (key, label, definition) for a level's label."""
    for match in _SEPARATOR.finditer(text):
        label = text[:match.start()]
        key = vocabulary.level_key(label)
        if key:
            return key, label.strip(), text[match.end():].strip()
    return None


def levels_from(block) -> tuple[list[dict], list] | None:
    """Given a block, return (the five levels with their definitions, the blocks read) if it defines them."""
    if isinstance(block, Table) and len(block.rows) >= 2:
        header = [cell.text for cell in block.rows[0].cells]
        labels = vocabulary.level_header(header)
        if labels and labels[1] is None and len(block.rows[1].cells) >= 5:
            definitions = [cell.text for cell in block.rows[1].cells[-5:]]
            return [_level(k, label, d, list(block.provenance[:1]))
                    for k, label, d in zip(LEVEL_KEYS, labels[0], definitions)], [block]
        found: dict[str, dict] = {}
        for row in block.rows:
            cells = [cell.text for cell in row.cells]
            key = vocabulary.level_key(cells[0]) if len(cells) == 2 else None
            if key:
                found[key] = _level(key, cells[0], cells[1], list(row.provenance[:1] or block.provenance[:1]))
            elif len(cells) != 2 or not all(vocabulary.definition_heading(c) for c in cells):
                return None
        levels = _complete(found)
        return (levels, [block]) if levels else None
    if isinstance(block, ListBlock):
        found = {}
        for item in block.items:
            labelled = _labelled(item.text)
            if labelled is None or labelled[0] in found:
                return None
            key, label, definition = labelled
            found[key] = _level(key, label, definition, list(item.provenance[:1]))
        levels = _complete(found)
        return (levels, [block]) if levels else None
    return None


def levels_from_lines(blocks: list) -> tuple[list[dict], list] | None:
    """Given a run of blocks, return the levels if consecutive paragraphs read "Level – definition" for three or more."""
    found: dict[str, dict] = {}
    used: list = []
    for block in blocks:
        labelled = _labelled(block.text) if isinstance(block, Paragraph) else None
        if labelled is None or labelled[0] in found:
            if len(found) >= 3:
                break
            found, used = {}, []
            continue
        key, label, definition = labelled
        found[key] = _level(key, label, definition, list(block.provenance[:1]))
        used.append(block)
    levels = _complete(found)
    return (levels, used) if levels else None


def find_levels(regions: list[Region], ledger: Ledger) -> list[dict] | None:
    """Given the front-matter regions, return the level definitions they give (reporting any level they leave
    out), or None.

    A section given to the levels ("Self-assessment matrix levels") is where a document defines them, so its
    definitions are kept; without one, the first definitions found are. A document may also set them out
    elsewhere (a table in "How to use"); where that wording differs from the kept one, a finding says so.
    """
    given = [(region, found) for region in regions if (found := _levels_in(region))]
    if not given:
        return None
    own = [pair for pair in given if _gives_levels(pair[0])]
    region, (levels, blocks) = (own or given)[0]
    for other, (others, other_blocks) in given:
        if other is not region:
            _compare_levels(levels, blocks, others, other_blocks, ledger,
                            "the ones in the section given to them" if own else "the first")
    missing = [level["label"] for level in levels if level.pop("missing", False)]
    if missing:
        ledger.report("levels-incomplete", f"The level definitions name {5 - len(missing)} of the five levels; "
                      f"{', '.join(missing)} {'keeps its' if len(missing) == 1 else 'keep their'} usual label with no "
                      "definition.",
                      provenance_of(*blocks), subject="levels", values=missing)
    return levels


def _levels_in(region: Region) -> tuple[list[dict], list] | None:
    """Given a region, return the first level definitions its blocks give (a table, a list, or lines), or None."""
    for block in region.blocks:
        found = levels_from(block)
        if found:
            return found
    return levels_from_lines(region.blocks)


def _gives_levels(region: Region) -> bool:
    """Given a region, return True if it is the section given to the level definitions (its title says so)."""
    return region.kind == "section" and (region.key or vocabulary.known_section(region.title or "")) == "levels"


def _compare_levels(kept: list[dict], kept_blocks: list, other: list[dict], other_blocks: list,
                    ledger: Ledger, which: str) -> None:
    """Given the kept level definitions and another set the document gives, report the levels worded differently."""
    theirs = {level["key"]: level for level in other}
    differ = [level for level in kept if level.get("description") and theirs.get(level["key"], {}).get("description")
              and comparable(level["description"]) != comparable(theirs[level["key"]]["description"])]
    if differ:
        ledger.report("levels-differ", f"The level definitions are set out twice and {len(differ)} of them are "
                      f"worded differently; {which} are kept.",
                      provenance_of(*kept_blocks) + provenance_of(*other_blocks), subject="levels",
                      values=[" / ".join(f"{level['label']}: {level['description']}" for level in differ),
                              " / ".join(f"{level['label']}: {theirs[level['key']]['description']}" for level in differ)],
                      suggestion="Make the two wordings the same in the next release.")


def levels_from_matrix_header(regions: list[Region]) -> list[dict]:
    """Given the regions, return the level labels as the first matrix header publishes them, with no definitions."""
    for region in regions:
        for block in region.blocks if region.kind == "item" else []:
            labels = None
            if isinstance(block, Paragraph):
                labels = vocabulary.level_line(block.text)
            elif isinstance(block, Table) and matrix_header(block):
                labels = vocabulary.level_header([c.text for c in block.rows[matrix_header(block)[0]].cells])[0]
            if labels:
                return [{"key": key, "label": label, "description": None} for key, label in zip(LEVEL_KEYS, labels)]
    return []
