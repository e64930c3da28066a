"""A flow of blocks into regions: the cover or introduction, the contents, numbered and known
sections, each occurrence of a change or enabler, the action plan and the back page.

A region starts at a heading that says what it is, whatever its markup: "Change 3: Title"
(or "Change 3 – Title", "CHANGE 3", "Enabler 1 – …"), "2. Purpose of the model" when it is
the next number of the document's sections (a repeat of an earlier section's heading is a
running header, and that section goes on), a title the vocabulary knows ("Contents",
"Principles", "Action planning template"), "3. Title" inside a section called "The changes",
or a table that asks the action-planning questions. Anything else belongs to the region
before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract import vocabulary
from extract.doc import Block, Heading, ListBlock, Paragraph, Strength, Table, heading_strength, reads_as_heading
from extract.interpret.flow import Flow, heading_level, is_heading, item_heading, one_line, text
from extract.interpret.ledger import Ledger


@dataclass
class Region:
    """A stretch of the flow under one heading."""
    kind: str                         # preamble | contents | section | item | action-plan | back
    head: Block | None = None
    blocks: list[Block] = field(default_factory=list)
    number: int | None = None
    title: str | None = None
    key: str | None = None            # a section's stable key
    group: str | None = None          # an item's group (changes | enablers), or the group a section's "N. Title"
                                      # headings open ("The changes")
    level: int | None = None          # the head's heading level, when it is marked up as a heading


def numbered(block) -> tuple[int, str] | None:
    """Given a block, return (number, title) if it is a numbered heading: "2. Purpose" as a heading or a
    line of its own, or a one-item numbered list whose item reads as a heading (how text renders one)."""
    if isinstance(block, ListBlock):
        if not block.ordered or len(block.items) != 1 or block.items[0].children:
            return None
        item = block.items[0]
        number = re.fullmatch(r"\(?(\d{1,2})[.)]", (item.marker or "").strip())
        if number and title_like(item.text) and not any(run.is_link for run in item.runs):
            return int(number.group(1)), item.text
        return None
    if not one_line(block) or heading_strength(block) == Strength.RUN_IN:
        return None
    found = vocabulary.numbered_heading(text(block))
    if found and title_like(found[1]):
        return found
    return None


def title_like(title: str) -> bool:
    """Given a numbered heading's title, return True if it reads as one (a long change title may pass the
    usual lone-line length): capitalised, no closing punctuation, at most 24 words."""
    return reads_as_heading(title) or (len(title) <= 200 and len(title.split()) <= 24 and reads_as_heading(
        " ".join(title.split()[:8])) and title.rstrip()[-1:] not in ".,;:!?")


def _ordered_before(region: Region, number: int) -> bool:
    """Given the region and a heading's number, return True if a numbered list ending at number - 1 comes just before."""
    previous = region.blocks[-1] if region.blocks else None
    if not isinstance(previous, ListBlock) or not previous.ordered:
        return False
    marker = re.sub(r"[^\d]", "", previous.items[-1].marker or "")
    return marker.isdigit() and int(marker) == number - 1


def is_action_plan_table(block) -> bool:
    """Given a block, return True if it is a table whose header asks the action-planning questions."""
    if not isinstance(block, Table) or len(block.rows) < 2:
        return False
    header = [cell.text for cell in block.rows[0].cells]
    questions = [c for c in header[1:] if c.strip().endswith("?") or vocabulary.column_key(c) in
                 ("now", "actions", "by-when", "success")]
    return len(header) >= 3 and len(questions) >= max(2, len(header[1:]) - 1) and vocabulary.row_heading(header[0])


def section_title(block) -> str:
    """Given a section's heading block, return its title as published."""
    found = numbered(block)
    return found[1] if found else text(block)


def segment(flow: Flow, ledger: Ledger) -> list[Region]:
    """Given the flow, return its regions in reading order (a region resumed after a running header keeps its place)."""
    regions: list[Region] = [Region("preamble")]
    current = regions[0]
    sections: dict[int, Region] = {}
    last_section = 0
    items_group: str | None = None     # set inside a section whose numbered headings are changes (enablers)
    # the rank of the changes' own headings: an overview may set its entries smaller, and a heading
    # after an overview entry is not a section unless it is set at this rank or above
    item_levels = [heading_level(b) for b in flow.blocks if heading_level(b) is not None and item_heading(b)]
    item_rank = min(item_levels) if item_levels else None

    def start(region: Region) -> Region:
        regions.append(region)
        return region

    for block in flow.blocks:
        if ledger.is_aside(block):
            if current.kind == "action-plan":
                current = start(Region("back"))
            continue
        found = item_heading(block)
        # inside the contents an item's line is an entry; a marked-up heading that is no entry ends the contents
        ends_contents = isinstance(block, Heading) and vocabulary.contents_entry(text(block)) is None
        if found and (current.kind != "contents" or ends_contents):
            current = start(Region("item", head=block, number=found.number, title=found.title, group=found.group,
                                   level=heading_level(block)))
            continue
        number_title = numbered(block)
        if number_title:
            number, title = number_title
            known = vocabulary.known_section(title)
            if number in sections and vocabulary.fold(sections[number].title or "") == vocabulary.fold(title):
                ledger.set_aside(block, "running header")
                current = sections[number]
                continue
            if items_group and known is None:
                current = start(Region("item", head=block, number=number, title=title, group=items_group,
                                       level=heading_level(block)))
                continue
            if number == last_section + 1 and not _ordered_before(current, number):
                key = vocabulary.section_key(title)
                items_group = vocabulary.items_section(title)
                current = start(Region(_section_kind(key), head=block, number=number, title=title, key=key,
                                       group=items_group, level=heading_level(block)))
                sections[number] = current
                last_section = number
                continue
        if is_action_plan_table(block) and current.kind != "action-plan":
            current = start(Region("action-plan"))
            current.blocks.append(block)
            continue
        if current.kind == "action-plan" and any(isinstance(b, Table) for b in current.blocks) and \
                heading_strength(block) >= Strength.BOLD_PARAGRAPH and vocabulary.known_section(text(block)) is None:
            current = start(Region("back"))     # a heading after the plan's table: the file goes on with other things
        holds = vocabulary.items_section(text(block)) if is_heading(block) else None
        if holds or _starts_section(block, current, item_rank):
            title = text(block)
            key = vocabulary.section_key(title)
            items_group = holds
            current = start(Region(_section_kind(key), head=block, title=title, key=key, group=holds,
                                   level=heading_level(block)))
            continue
        if _ends_overview_entry(block, current, item_rank) and sections:
            current = sections[last_section]    # a heading after an overview's entries: the section goes on
        current.blocks.append(block)
    return regions


def _ends_overview_entry(block, current: Region, item_rank: int | None) -> bool:
    """Given a block and the region it would join, return True if it is a heading that ends an overview's
    entry: the region is a change set smaller than the changes' own headings, and the heading is set
    at least as large as that entry's."""
    return (isinstance(block, Heading) and current.kind == "item" and item_rank is not None
            and current.level is not None and current.level > item_rank and block.level <= current.level
            and not vocabulary.part_label(text(block)))


def _section_kind(key: str) -> str:
    return {"contents": "contents", "action-plan": "action-plan"}.get(key, "section")


def _starts_section(block, current: Region, item_rank: int | None = None) -> bool:
    """Given a block and the region it would join, return True if it opens a section of its own.

    A heading the vocabulary knows opens one, unless it is marked up below the current
    section's heading (then it is a sub-heading of it) or is a bold label ending in ":" (it
    introduces what follows); inside a change, the contents or the action plan open one
    whatever their markup, any other known heading only as a marked-up heading of the change
    heading's rank or above, never a label of the change's parts. After a change, any
    marked-up heading of that rank (the rank of the changes' own headings, `item_rank`, when
    an overview sets its entries smaller) opens a section too.
    """
    if not is_heading(block) or isinstance(block, Paragraph) and heading_strength(block) == Strength.RUN_IN:
        return False
    if isinstance(block, Paragraph) and text(block).endswith(":"):
        return False    # a bold label ("Self assessment matrix levels:") introduces what follows it
    known = vocabulary.known_section(text(block))
    if known in ("contents", "action-plan"):
        return True
    if current.kind != "item":
        # A heading marked up below the section's own is a sub-heading of it, whatever it says.
        deeper = isinstance(block, Heading) and current.level is not None and block.level > current.level
        return known is not None and not deeper
    if not isinstance(block, Heading) or vocabulary.part_label(text(block)):
        return False
    if current.title is None and not current.blocks:
        return False    # "Change 3" set as a heading of its own, its title as the next: the item reads it
    level = current.level if current.level is not None else block.level
    if item_rank is not None and current.level is not None:
        level = min(level, item_rank)
    return block.level <= level and (known is not None or current.level is not None)
