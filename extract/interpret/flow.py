"""A document tree as one flow of blocks in reading order: the interpreter's input.

Given a Document, `build_flow` returns its blocks with boxes opened (an accordion's summary or
a tab's label becomes a heading of its content; a definition list of short definitions becomes
a two-column table), paragraphs split where a printed line is a heading of its own that the
reader could not tell apart ("Change 1" between two lines of text), and publisher's
boilerplate set aside. The box each block sat in is remembered: a box that interrupts a list
of tips does not end the tips.

The small questions every other module asks of a block ("is it heading-like?", "its text?")
are answered here, once.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extract import vocabulary
from extract.doc import (Block, Box, Cell, Heading, Paragraph, Row, Run, Strength, Table, heading_strength,
                         lines_of, reads_as_heading, run_in_lead, text_of)
from extract.interpret.ledger import Ledger
from schema.model import location

#: Box kinds whose content is the page's own flow, shown or collapsed (the rest are set apart:
#: asides and pull-out boxes; they too are opened, but remembered as interruptions).
_FLOW_BOXES = {"details", "panel", "tab", "term", "quote"}


@dataclass
class Flow:
    """The blocks of one document in reading order, and the box each sat in."""
    blocks: list[Block] = field(default_factory=list)
    box_of: dict[int, Box] = field(default_factory=dict)

    def box(self, block) -> Box | None:
        """Given a block, return the aside or pull-out box it sits in, if any (not an accordion panel)."""
        box = self.box_of.get(id(block))
        return box if box is not None and box.kind not in _FLOW_BOXES else None


# --------------------------------------------------------------------------- what a block is

def text(block) -> str:
    """Given a block, return its text ("" for a list, a table or an image)."""
    return block.text if isinstance(block, (Heading, Paragraph)) else ""


def strength(block) -> Strength:
    """Given a block, return how strongly its form says it is a heading (extract.doc.heading_strength)."""
    return heading_strength(block)


def is_heading(block) -> bool:
    """Given a block, return True if it stands as a heading: marked up, bold, or a lone line reading as one."""
    return strength(block) in (Strength.HEADING, Strength.BOLD_PARAGRAPH, Strength.LONE_LINE)


def one_line(block) -> bool:
    """Given a block, return True if it is a heading or a paragraph of one line (a label may be either)."""
    if isinstance(block, Heading):
        return True
    return isinstance(block, Paragraph) and not any(run.line_break for run in block.runs) and len(block.text) <= 200


def heading_level(block) -> int | None:
    """Given a block, return its heading level when it is marked up as a heading, else None."""
    return block.level if isinstance(block, Heading) else None


def lead_text(block) -> str | None:
    """Given a paragraph with a bold run-in lead ("Tips: …"), return the lead's text, else None."""
    if isinstance(block, Paragraph) and strength(block) == Strength.RUN_IN:
        lead, _ = run_in_lead(block)
        return text_of(lead)
    return None


def after_lead(block: Paragraph) -> Paragraph:
    """Given a run-in paragraph, return a paragraph of what follows its bold lead (same provenance)."""
    _, rest = run_in_lead(block)
    return Paragraph(list(rest), provenance=block.provenance)


def item_heading(block):
    """Given a block, return what it says (vocabulary.ItemHeading) if it is a change or enabler heading."""
    if not one_line(block):
        return None
    found = vocabulary.item_heading(block.text)
    if found is None or (found.title and len(found.title.split()) > 20):
        return None
    return found


# --------------------------------------------------------------------------- building the flow

def build_flow(document, ledger: Ledger) -> Flow:
    """Given a document and its ledger, return its flow (boilerplate already set aside in the ledger)."""
    flow = Flow()
    stack: list[tuple[Block, Box | None]] = [(block, None) for block in reversed(document.body)]
    last_level = 1
    while stack:
        block, box = stack.pop()
        if isinstance(block, Box):
            children = list(block.children)
            if text_of(block.title):
                # An accordion's summary, a tab's label, a defined term: a heading of what the box holds.
                children.insert(0, Heading(min(6, last_level + 1), list(block.title), provenance=block.provenance))
            stack.extend((child, block) for child in reversed(children))
            continue
        if isinstance(block, Heading) and (box is None or box.kind not in _FLOW_BOXES):
            last_level = block.level
        for piece in split_at_landmarks(block):
            flow.blocks.append(piece)
            if box is not None:
                flow.box_of[id(piece)] = box
            what = boilerplate_of(piece)
            if what:
                ledger.set_aside(piece, what)
    flow.blocks = definition_tables(flow)
    return flow


def definition_tables(flow: Flow) -> list[Block]:
    """Given the flow, return its blocks with each run of definition-list terms whose definitions are one
    short paragraph made a two-column table (term | definition), the way the list reads."""
    out: list[Block] = []
    index = 0
    blocks = flow.blocks
    while index < len(blocks):
        run: list[tuple[Heading, Paragraph]] = []
        probe = index
        while probe + 1 < len(blocks):
            head, body = blocks[probe], blocks[probe + 1]
            box = flow.box_of.get(id(head))
            if not (isinstance(head, Heading) and box is not None and box.kind == "term" and isinstance(body, Paragraph)
                    and flow.box_of.get(id(body)) is box and len(box.children) == 1):
                break
            run.append((head, body))
            probe += 2
        if len(run) >= 2:
            rows = [Row([Cell(list(head.runs), provenance=head.provenance), Cell(list(body.runs), provenance=body.provenance)],
                        provenance=head.provenance) for head, body in run]
            out.append(Table(rows, provenance=run[0][0].provenance))
            index = probe
            continue
        out.append(blocks[index])
        index += 1
    return out


def boilerplate_of(block) -> str | None:
    """Given a block, return what it is when every printed line of it is publisher's boilerplate, else None."""
    if not isinstance(block, Paragraph):
        return None
    found = [vocabulary.boilerplate(text_of(line)) for line in lines_of(block.runs) if text_of(line)]
    return found[0] if found and all(found) else None


# --------------------------------------------------------------------------- splitting paragraphs

def _is_landmark_line(line_text: str, first: bool, next_text: str | None) -> bool:
    """Given one printed line of a paragraph, return True if it is a heading of its own.

    A change or enabler heading or the five level names are one wherever they stand; a
    numbered heading, a part label or a section title only as the paragraph's first line,
    and only when the next line is longer (wrapped prose runs to the margin; a heading does not).
    """
    if vocabulary.item_heading(line_text) or vocabulary.level_line(line_text):
        return True
    if not first or next_text is None or len(next_text) <= len(line_text):
        return False
    numbered = vocabulary.numbered_heading(line_text)
    if numbered and reads_as_heading(numbered[1]):
        return True
    return reads_as_heading(line_text.rstrip(":")) and bool(
        vocabulary.part_label(line_text) or vocabulary.known_section(line_text))


def split_at_landmarks(block: Block) -> list[Block]:
    """Given a block, return it split into paragraphs where one of its printed lines is a heading of its own."""
    if not isinstance(block, Paragraph) or not any(run.line_break for run in block.runs):
        return [block]
    lines: list[list[Run]] = [[]]
    breaks: list[Run] = []
    for run in block.runs:
        if run.line_break:
            lines.append([])
            breaks.append(run)
        else:
            lines[-1].append(run)
    texts = [text_of(line) for line in lines]
    cuts: set[int] = set()
    for index, line_text in enumerate(texts):
        following = texts[index + 1] if index + 1 < len(texts) else None
        if _is_landmark_line(line_text, index == 0, following):
            cuts.update((index, index + 1))
            heading = vocabulary.item_heading(line_text)
            after = texts[index + 2] if index + 2 < len(texts) else None
            if heading and heading.title is None and following and after and reads_as_heading(following) \
                    and len(after) > len(following):
                cuts.add(index + 2)      # "Change 3" alone, its title on the next line, then the text
    cuts = {c for c in cuts if 0 < c < len(lines)}
    if not cuts:
        return [block]
    pieces: list[Block] = []
    bounds = [0, *sorted(cuts), len(lines)]
    for start, end in zip(bounds, bounds[1:]):
        runs: list[Run] = list(lines[start])
        for index in range(start + 1, end):
            runs.append(breaks[index - 1])
            runs.extend(lines[index])
        pieces.append(Paragraph(runs, lone_line=end - start == 1, provenance=_line_range(block.provenance, start, end)))
    return pieces


def _line_range(provenance: list[dict], start: int, end: int) -> list[dict]:
    """Given a paragraph's provenance and a range of its printed lines, return the range's provenance."""
    if not provenance or "line" not in provenance[0]:
        return list(provenance)
    first = provenance[0]
    line = first["line"] + start
    last = first["line"] + end - 1
    return [location(first["path"], line=line, line_end=last if last > line else None)]


def report_highlights(flow: Flow, ledger: Ledger) -> None:
    """Report every stretch of text the source highlights (a background colour, <mark>): an editor's marker such as
    "START HERE" left in the published text. The wording stays as published."""
    for block in flow.blocks:
        entries = [block] if isinstance(block, (Heading, Paragraph)) else []
        stack = list(getattr(block, "items", []))
        while stack:
            entry = stack.pop()
            entries.append(entry)
            stack.extend(entry.children)
        entries += [cell for row in getattr(block, "rows", []) for cell in row.cells]
        for entry in entries:
            marked = text_of([run for run in entry.runs if run.highlighted])
            if marked:
                ledger.report("highlighted-text", f"The page highlights \"{marked}\" with a background colour: an "
                              "editorial marker left in the published text.", list(entry.provenance[:1]),
                              values=[marked], suggestion="Remove the marker from the page.")
