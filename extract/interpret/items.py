"""One change or enabler: its region's blocks into the schema's item.

The parts of a change follow labels the vocabulary knows ("Tips for success", "Top tips",
"Case studies", "Further resources", "Maturity matrix"…), whatever their markup: a heading, a
bold paragraph, a bold run-in lead ("Tips: …") or a short paragraph saying only that. Before
the first label come the title (when the heading gave none) and the summary. A table whose
header names the five levels is the matrix wherever it stands; a line naming the five levels
over cells printed one after another is one too.

What cannot be placed is kept in the item's `blocks`, with a finding: a sub-heading the
vocabulary does not know (what follows it is kept with it until the next label), a statement
that is neither I nor We, a label with nothing under it. Content is moved from the part it sits
in to another only with a finding (an example inside the tips list; tips that go on after a
list of materials, as a text rendering shows a box that interrupted them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract import vocabulary
from extract.doc import Heading, Image, ListBlock, ListItem, Paragraph, Strength, Table, links_of
from extract.interpret.entries import example_from, material_from
from extract.interpret.flow import Flow, after_lead, is_heading, lead_text, one_line, strength, text
from extract.interpret.front import schema_blocks
from extract.interpret.ledger import Ledger, provenance_of, span
from extract.interpret.matrix import PrintedCell, matrix_header, rebuild_rows, table_rows
from extract.interpret.segment import Region, title_like
from schema.model import LEVEL_KEYS, empty_statements

_WE = re.compile(r"^we\b", re.IGNORECASE)
_I = re.compile(r"\bI\b")


@dataclass
class Item:
    """What one change's (or enabler's) own region holds while it is read."""
    region: Region
    subject: str                                        # "changes[number=3]", for findings
    title: str | None
    summary: list[Paragraph] = field(default_factory=list)
    statements: dict = field(default_factory=empty_statements)
    tips: list[dict] = field(default_factory=list)
    tip_heading: str | None = None
    examples: list[dict] = field(default_factory=list)
    materials: list[dict] = field(default_factory=list)
    matrix_rows: list[dict] = field(default_factory=list)
    matrix_blocks: list = field(default_factory=list)
    matrix_cells: list[Paragraph] = field(default_factory=list)
    matrix_themed: bool = False
    matrix_label: Paragraph | Heading | None = None
    matrix_images: list[Image] = field(default_factory=list)
    blocks: list = field(default_factory=list)
    orphan: Paragraph | None = None
    linked_materials: int = 0                          # materials entries published with a link
    resumed: list = field(default_factory=list)        # blocks read as tips going on after the materials

    @property
    def name(self) -> str:
        group = "Change" if self.subject.startswith("changes") else "Enabler"
        return f"{group} {self.region.number}"


def part_of(block) -> str | None:
    """Given a block, return the part of a change it labels, if it is a label."""
    if isinstance(block, (Heading, Paragraph)):
        lead = lead_text(block)
        if lead is not None:
            return vocabulary.part_label(lead)
        if one_line(block):
            return vocabulary.part_label(block.text)
    return None


class ItemReader:
    """Reads one item's region, part by part."""

    def __init__(self, region: Region, flow: Flow, ledger: Ledger):
        self.flow = flow
        self.ledger = ledger
        group = region.group or "changes"
        self.item = Item(region, f"{group}[number={region.number}]", region.title)
        self.state = "summary"
        self.previous_state: str | None = None
        self.label: tuple[str, object] | None = None
        self.under_label = 0
        self.labels: list[tuple[str, object, int]] = []
        self.interrupting_box = None
        self.interrupted_state: str | None = None
        self.upcoming: list = []            # the region's blocks, and where the walk is in them
        self.position = 0

    def report(self, code: str, message: str, places, **extra) -> None:
        self.ledger.report(code, f"{self.item.name}: {message}", places, **extra)

    # -- the walk ------------------------------------------------------------------------------
    def read(self) -> dict:
        region = self.item.region
        self.ledger.place(region.head)
        blocks = list(region.blocks)
        if self.item.title is None and blocks and self._is_title(blocks[0]):
            # "Change 3" on its own line, the title on the next.
            self.item.title = text(blocks[0])
            self.ledger.place(blocks[0])
            blocks = blocks[1:]
        self.upcoming = blocks
        for index, block in enumerate(blocks):
            self.position = index
            self.step(block)
        self.close_label()
        return self.finish()

    def _is_title(self, block) -> bool:
        """Given the first block under an untitled change heading, return True if it is the title: a heading, or
        a line of its own reading as a title (a long change title may pass a lone line's usual length)."""
        if not isinstance(block, (Heading, Paragraph)) or part_of(block) or vocabulary.level_line(block.text):
            return False
        if isinstance(block, Heading) or strength(block) in (Strength.BOLD_PARAGRAPH, Strength.LONE_LINE):
            return True
        return isinstance(block, Paragraph) and block.lone_line and title_like(block.text)

    def step(self, block) -> None:
        box = self.flow.box(block)
        if self.interrupting_box is not None and box is not self.interrupting_box:
            # The box that interrupted a part has ended: the part goes on.
            self.state, self.interrupting_box, self.interrupted_state = self.interrupted_state, None, None
        label = part_of(block)
        if label:
            self.open_label(label, block, box)
            lead = lead_text(block)
            if lead is not None:
                self.dispatch(after_lead(block), source=block)
            return
        self.under_label += 1
        if isinstance(block, Table) and self.table(block):
            return
        if isinstance(block, Paragraph) and vocabulary.level_line(block.text):
            self.ledger.place(block)
            self.state = "matrix-cells"
            return
        self.dispatch(block)

    def open_label(self, label: str, block, box) -> None:
        self.close_label()
        if box is not None and self.interrupting_box is None and self.state != label:
            self.interrupting_box, self.interrupted_state = box, self.state
        self.previous_state = self.state
        self.state = label
        self.label = (label, block)
        self.under_label = 0
        self.item.tip_heading = None
        self.ledger.place(block)
        if label == "matrix":
            self.item.matrix_label = block

    def close_label(self) -> None:
        if self.label is not None:
            self.labels.append((self.label[0], self.label[1], self.under_label))
        self.label = None

    def dispatch(self, block, source=None) -> None:
        source = source or block
        if isinstance(block, Paragraph) and self.statement_lead(block, source):
            return
        if isinstance(block, (Heading, Paragraph)) and block.text[:1].islower() and self.continue_text(block, source):
            return
        getattr(self, "read_" + self.state.replace("-", "_"))(block, source)

    # -- parts ---------------------------------------------------------------------------------
    def read_summary(self, block, source) -> None:
        if isinstance(block, Paragraph) and strength(block) < Strength.BOLD_PARAGRAPH:
            self.item.summary.append(block)
            self.ledger.place(source)
        else:
            self.other(block, source)

    def read_statements(self, block, source) -> None:
        if isinstance(block, ListBlock) and all(vocabulary.statement_lead(i.text) for i in block.items):
            for entry in block.items:
                which, rest = vocabulary.statement_lead(entry.text)
                self.set_statement(which, rest, source)
            return
        if not isinstance(block, Paragraph) or strength(block) >= Strength.BOLD_PARAGRAPH:
            self.other(block, source)
            return
        words = block.text
        which = "we" if _WE.match(words) else "i" if _I.search(words) else None
        if which is None and label_like(block):
            self.other(block, source)
            return
        if which is None or self.item.statements[which] is not None:
            free = [w for w in ("i", "we") if self.item.statements[w] is None]
            if not free or which is not None:
                self.keep(block, source)
                self.report("statement-unclear", f"a paragraph under the I and We statements (\"{words[:80]}\") is "
                            "not a statement the change lacks; it is kept in the change's blocks.",
                            provenance_of(source), subject=f"{self.item.subject}.statements", values=[words])
                return
            which = free[0]
        self.set_statement(which, words, source)

    def statement_lead(self, block: Paragraph, source) -> bool:
        found = vocabulary.statement_lead(block.text)
        if found is None or self.item.statements[found[0]] is not None:
            return False
        self.set_statement(found[0], found[1], source)
        return True

    def set_statement(self, which: str, words: str, source) -> None:
        if self.item.statements[which] is None:
            self.item.statements[which] = words
            self.ledger.place(source)
        else:
            self.keep(source, source)

    def read_tips(self, block, source) -> None:
        if isinstance(block, ListBlock):
            self.tips_from(block.items)
            self.ledger.place(source)
        elif isinstance(block, (Heading, Paragraph)) and label_like(block) and self.lists_links_next():
            self.other(block, source)           # a heading the vocabulary does not know, over linked entries
        elif isinstance(block, (Heading, Paragraph)) and is_heading(block):
            self.item.tip_heading = block.text
            self.ledger.place(source)
        elif isinstance(block, Paragraph):
            # A paragraph printed without a bullet under the tips is a tip all the same.
            self.item.tips.append(self.tip(block.text, block.provenance))
            self.ledger.place(source)
        else:
            self.other(block, source)

    def tip(self, words: str, provenance: list[dict]) -> dict:
        made = {"text": words, "children": []}
        if self.item.tip_heading:
            made["heading"] = self.item.tip_heading
        made["provenance"] = list(provenance[:1])
        return made

    def tips_from(self, items: list[ListItem]) -> None:
        """Add a tips list's items as tips nested as published; an item that is an example (a place and its
        link) is an example, its nested items tips one level up. Iterative, in reading order."""
        stack = [(entry, self.item.tips) for entry in reversed(items)]
        while stack:
            entry, target = stack.pop()
            found = example_from(entry.runs, in_tips=True)
            if found is not None:
                example = found[0]
                name = f"{example['place']}: {example['title']}" if example["place"] else example["title"]
                self.report("example-in-tip-list", f"the example \"{name}\" sits inside the tips list; it was read "
                            "as an example.", entry.provenance[:1], subject=f"{self.item.subject}.examples",
                            values=[name], suggestion="Move it under the change's examples heading.")
                self.add_example(found, entry.provenance)
                stack.extend((child, target) for child in reversed(entry.children))
                continue
            tip = self.tip(entry.text, entry.provenance)
            target.append(tip)
            stack.extend((child, tip["children"]) for child in reversed(entry.children))

    def read_examples(self, block, source) -> None:
        label = self.label[1] if self.label else None
        if isinstance(block, Heading) and isinstance(label, Heading) and block.level <= label.level:
            self.other(block, source)       # a heading beside the examples' own, not an example's title
            return
        if isinstance(block, ListBlock):
            for entry in flattened(block.items):      # an item nested under an example is an entry too
                self.example_entry(entry.runs, entry.provenance, None)
            self.ledger.place(source)
        elif isinstance(block, (Heading, Paragraph)):
            self.example_entry(block.runs, block.provenance, block)
            self.ledger.place(source)
        else:
            self.other(block, source)

    def example_entry(self, runs, provenance: list[dict], block) -> None:
        found = example_from(runs)
        if found is None:
            if self.item.orphan is None and block is not None and not links_of(runs):
                # A description printed above its example's title: it waits for the title.
                self.item.orphan = block
            else:
                self.item.blocks.append(block or Paragraph(list(runs), provenance=provenance))
            return
        example, _ = found
        orphan = self.item.orphan
        if orphan is not None and example["description"] is None:
            example["description"] = orphan.text
            self.add_example(found, orphan.provenance[:1] + provenance[:1])
            self.report("example-description-before-title",
                        f"the description of the example \"{example['title']}\" comes before its title.",
                        orphan.provenance[:1] + provenance[:1], subject=f"{self.item.subject}.examples",
                        values=[orphan.text])
            self.item.orphan = None
        else:
            self.add_example(found, provenance)

    def add_example(self, found, provenance: list[dict]) -> dict:
        example, notes = found
        example["provenance"] = [dict(loc) for loc in provenance] if len(provenance) > 1 else list(provenance[:1])
        self.item.examples.append(example)
        for code, message, values in notes:
            self.report(code, message, example["provenance"][-1], subject=f"{self.item.subject}.examples",
                        values=values)
        return example

    def read_materials(self, block, source) -> None:
        if isinstance(block, ListBlock):
            items = list(block.items)
            for index, entry in enumerate(items):
                if self.resumes_tips(entry):
                    # The tips go on after the materials (a text rendering of a box in the tips).
                    self.item.resumed.append(entry)
                    self.state = "tips"
                    self.tips_from(items[index:])
                    break
                for made in flattened([entry]):        # an item nested under a material is a material too
                    self.item.materials.append({**material_from(made.runs), "provenance": list(made.provenance[:1])})
                self.item.linked_materials += bool(links_of(entry.runs))
            self.ledger.place(source)
        elif isinstance(block, Paragraph) and strength(block) < Strength.BOLD_PARAGRAPH and not self.new_label(block):
            self.item.materials.append({**material_from(block.runs), "provenance": list(block.provenance[:1])})
            self.item.linked_materials += bool(links_of(block.runs))
            self.ledger.place(source)
        else:
            self.other(block, source)

    def new_label(self, block) -> bool:
        """Given a paragraph under the materials, return True if it is a label of its own the vocabulary does not
        know: a line reading as a heading, or ending in ":", right under the label or over a list (a first entry
        that reads as a heading is taken for a label too: a finding says so, and it is kept)."""
        following = self.upcoming[self.position + 1:self.position + 2]
        return label_like(block) and (self.under_label <= 1 or bool(following) and isinstance(following[0], ListBlock))

    def lists_links_next(self) -> bool:
        """Return True if the next block is a list whose every item starts with a link: examples or materials,
        never tips."""
        following = self.upcoming[self.position + 1:self.position + 2]
        return bool(following) and isinstance(following[0], ListBlock) and all(
            entry.runs and next((r for r in entry.runs if r.text.strip()), entry.runs[0]).is_link
            for entry in following[0].items)

    def resumes_tips(self, entry: ListItem) -> bool:
        """Given a list item under the materials, return True if it is the tips going on after them: an item with
        no link after linked materials, straight after the tips, with no box to show where the materials end."""
        return (self.previous_state == "tips" and self.interrupting_box is None and self.item.linked_materials > 0
                and not links_of(entry.runs))

    def read_matrix(self, block, source) -> None:
        if isinstance(block, Image):
            self.item.matrix_images.append(block)
            self.ledger.place(source)
        else:
            self.other(block, source)

    def read_matrix_cells(self, block, source) -> None:
        if isinstance(block, Paragraph) and not is_heading(block):
            self.item.matrix_cells.append(block)
            self.ledger.place(source)
        else:
            self.other(block, source)

    def read_other(self, block, source) -> None:
        self.keep(block, source)

    def table(self, table: Table) -> bool:
        """Given a table in the item, read it as the matrix or the statements if it is one; return True if read."""
        header = matrix_header(table)
        if header is None and self.state == "matrix" and self.item.matrix_blocks and \
                len(table.rows[0].cells) == len(self.item.matrix_blocks[-1].rows[0].cells):
            header = (-1, self.item.matrix_themed)      # the matrix goes on (a page broke the table)
        if header is not None:
            index, themed = header
            self.item.matrix_themed = themed
            body = Table(table.rows[index + 1:], continued=table.continued, provenance=table.provenance)
            self.item.matrix_rows.extend(table_rows(body, themed, self.item.subject,
                                                    lambda code, message, places, **extra: self.ledger.report(
                                                        code, message, places, **extra)))
            self.item.matrix_blocks.append(table)
            self.ledger.place(table)
            self.state = "matrix"
            return True
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        leads = [vocabulary.statement_lead(f"{row[0]}: {row[-1]}") if len(row) == 2 else None for row in rows]
        if rows and all(leads) and len(rows) <= 2:
            for which, words in leads:
                self.set_statement(which, words, table)
            return True
        named = [sum(1 for cell in row if vocabulary.level_key(cell)) for row in rows[:2]]
        if max(named, default=0) >= 3:
            self.report("matrix-shape-unknown", f"a table names {max(named)} of the five levels in its header but is not "
                        "a matrix this reader knows (a theme column, then the five levels in order); it is kept in the "
                        "change's blocks.", provenance_of(table), subject=f"{self.item.subject}.matrix",
                        values=[" | ".join(rows[named.index(max(named))])])
        return False

    # -- what cannot be placed in a part -------------------------------------------------------
    def continue_text(self, block, source) -> bool:
        """Given a paragraph starting in lower case, join it to the text it goes on from (cut by a page or a box)."""
        item = self.item
        if self.state == "summary" and item.summary:
            item.summary.append(block)
            self.ledger.place(source)
            return True
        if self.state == "tips" and item.tips:
            target, key = _last_tip(item.tips), "text"
        elif self.state == "materials" and self.previous_state == "tips" and item.tips and self.interrupting_box is None:
            target, key = _last_tip(item.tips), "text"
            item.resumed.append(source)
        elif self.state == "examples" and item.examples:
            target = item.examples[-1]
            key = "description" if target["description"] else "title"
        elif self.state == "materials" and item.materials:
            target, key = item.materials[-1], "title"
        else:
            return False
        target[key] = f"{target[key]} {block.text}"
        target["provenance"] = [span(target["provenance"] + block.provenance[:1])] if target["provenance"] else []
        self.ledger.place(source)
        return True

    def other(self, block, source) -> None:
        """Keep a block no part takes; a heading the vocabulary does not know is a finding, and what follows it
        is kept with it until the next label."""
        if isinstance(block, (Heading, Paragraph)) and label_like(block):
            self.report("unknown-heading", f"the sub-heading \"{block.text}\" is not one the vocabulary knows; it "
                        "and what follows it until the next known label are kept in the change's blocks.",
                        provenance_of(source), subject=f"{self.item.subject}.blocks", values=[block.text],
                        suggestion="If it names a part of the change, add its wording to extract/vocabulary.toml.")
            self.state = "other"
        self.keep(block, source)

    def keep(self, block, source) -> None:
        self.item.blocks.append(block)

    # -- the item ------------------------------------------------------------------------------
    def finish(self) -> dict:
        item, region = self.item, self.item.region
        summaries = [p.text for p in item.summary]
        title = item.title
        if title is None and item.summary:
            title, first = first_title(item.summary[0])
            summaries[0] = first
        if item.orphan is not None:
            item.blocks.append(item.orphan)
            self.report("example-without-title", "a paragraph under the examples names no example (no link or "
                        "title); it is kept in the change's blocks.", provenance_of(item.orphan),
                        subject=f"{item.subject}.blocks", values=[item.orphan.text])
        matrix = self.matrix()
        for label, block, count in self.labels:
            if count == 0 and label != "matrix":
                self.ledger.report("empty-heading", f"The heading \"{text(block)}\" in {item.name.lower()} has nothing "
                                   "under it.", provenance_of(block), subject=item.subject, values=[text(block)],
                                   suggestion="Add the content the heading announces, or remove the heading.")
        if item.resumed:
            self.report("part-resumed", "what follows the supporting materials was read as the tips going on (a box "
                        "of materials interrupted them in the source this was made from).",
                        [loc for block in item.resumed for loc in block.provenance[:1]], subject=f"{item.subject}.tips")
        made = {
            "number": region.number,
            "title": title or f"{item.name}",
            "titles": [],
            "summary": " ".join(s for s in summaries if s) or None,
            "statements": item.statements,
            "tips": item.tips,
            "examples": item.examples,
            "materials": item.materials,
            "matrix": matrix,
        }
        if item.blocks:
            made["blocks"] = schema_blocks(item.blocks, self.ledger)
            for block in item.blocks:
                self.ledger.place(block)
        made["provenance"] = provenance_of(region.head, *item.summary) if region.head is not None else provenance_of(*item.summary)
        return made

    def matrix(self) -> dict | None:
        item = self.item
        if item.matrix_rows:
            # a table the reader joined across pages: its own locations, which carry the reader's note on the join
            joined = [loc for table in item.matrix_blocks if getattr(table, "continued", False) for loc in table.provenance]
            locations = joined or [loc for row in item.matrix_rows for loc in row["provenance"][:1]]
            return {"rows": item.matrix_rows, "provenance": [span(locations)] if locations else []}
        if item.matrix_cells:
            rows, notes = rebuild_rows([PrintedCell.of(p) for p in item.matrix_cells])
            for note in notes:
                self.report(note["code"], note["message"], provenance_of(item.matrix_cells[note["block"]]),
                            subject=f"{item.subject}.matrix")
            return {"rows": [{"theme": None, "cells": dict(zip(LEVEL_KEYS, row))} for row in rows],
                    "provenance": provenance_of(*item.matrix_cells)}
        if item.matrix_label is not None:
            self.elsewhere()
        return None

    def elsewhere(self) -> None:
        """Report a matrix that is only named: the label, and the link or image it points to, if any."""
        item = self.item
        label = item.matrix_label
        places = list(label.provenance[:1])
        values: list[str | None] = []
        links = [target for _, target in links_of(label.runs) if target]
        if links:
            target = f"a link to {links[0]}"
            values.append(links[0])
        elif item.matrix_images:
            image = item.matrix_images[0]
            places += [loc for block in item.matrix_images for loc in block.provenance[:1]]
            alt = f"alt text \"{image.alt}\"" if image.alt else "no alt text"
            target = f"an image, {image.src} ({alt})"
            values += [block.link or block.src for block in item.matrix_images]
        else:
            target = "neither a link nor an image: only its heading is published"
        self.ledger.report("matrix-published-elsewhere",
                           f"The maturity matrix of {item.name.lower()} (\"{label.text}\") is not published inline; the "
                           f"page gives {target}.", places, subject=f"{item.subject}.matrix", values=values or None,
                           suggestion="Take the matrix from another manifestation of the edition (the PDF)." if values else None)


def flattened(items: list[ListItem]) -> list[ListItem]:
    """Given list items, return them and every item nested under them, in reading order (iteratively)."""
    out: list[ListItem] = []
    stack = list(reversed(items))
    while stack:
        entry = stack.pop()
        out.append(entry)
        stack.extend(reversed(entry.children))
    return out


def label_like(block) -> bool:
    """Given a block, return True if it stands as a heading or a label: marked up or set as one, or a short
    line ending in ":" ("Things that help:")."""
    if is_heading(block):
        return True
    return (isinstance(block, Paragraph) and one_line(block) and block.text.endswith(":")
            and len(block.text.split()) <= 8 and strength(block) != Strength.RUN_IN)


def _last_tip(tips: list[dict]) -> dict:
    node = tips[-1]
    while node["children"]:
        node = node["children"][-1]
    return node


def first_title(paragraph: Paragraph) -> tuple[str | None, str]:
    """Given an untitled change's first paragraph, return (its title, the summary after it).

    The title is the paragraph's bold run-in lead ("**Early discharge planning.** In elective…"),
    else its first sentence when the paragraph reads "Title. Summary" (2015).
    """
    lead = lead_text(paragraph)
    if lead:
        return lead.rstrip(". ").strip(), after_lead(paragraph).text
    from extract.interpret.titles import split_title
    return split_title(paragraph.text, [], None)
