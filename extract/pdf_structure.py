"""The model-specific half of the PDF reader: a stream of lines and tables → canonical content.

Headings are told apart by size relative to the body text and by weight; what a heading
*is* (a numbered section, a change, a labelled part of a change such as its tips) is read
from what it says and how it sits, never from a font name or a coordinate. Everything that
ends up nowhere becomes a Leftover.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.base import Leftover, Source, split_place_title
from extract.pdf_blocks import (Node, group_paragraphs, hyphenated_words, is_ordered_item, item_indent, join_text,
                                links_of, nest_items, provenance, same_style, starts_item, text_of)
from extract.pdf_layout import Line, body_size
from extract.pdf_tables import Grid, merge_continued
from extract.vocabulary import column_key  # the column vocabulary every reader shares
from pipeline.core.text import fold_words, normalise_space, slug, strip_accents_fold
from schema.model import DEFAULT_LEVEL_LABELS, LEVEL_KEYS, finding, location

#: A line this many times the body size (or more) is a heading.
HEADING_RATIO = 1.15
_SECTION = re.compile(r"^(\d{1,2})\.\s*(\S.*)$")
_CHANGE = re.compile(r"^change\s+(\d{1,2})\b\s*[:.\-–—]?\s*(.*)$", re.I)
_LEADERS = re.compile(r"^(.*?)\s*\.{4,}\s*(\d*)\s*$")
_TRAILING_NOTE = re.compile(r"\s*\([^)]*\)\s*\.?$")
_CHANGE_PREFIX = re.compile(r"^change\s+\d{1,2}\s*[:.\-–—]\s*", re.I)

#: Stable section keys by what a section heading says (folded); anything else is slugged.
SECTION_KEYS = (
    ("introduction", "introduction"), ("purpose", "purpose"), ("principles", "principles"),
    ("making it real", "making-it-real"), ("how to use", "how-to-use"), ("supporting materials", "supporting-materials"),
    ("action plan", "action-plan"), ("the model", "the-model"), ("contents", "contents"),
)
#: What the labels inside a change announce, by a word they contain (folded).
PART_LABELS = (("statement", "statements"), ("tips", "tips"), ("example", "examples"),
               ("supporting materials", "materials"))


def section_key(title: str) -> str:
    """Given a section heading (without its number), return its stable key."""
    folded = strip_accents_fold(title).replace("'", "").replace("\u2019", "")
    for words, key in SECTION_KEYS:
        if words in folded:
            return key
    return slug(title)


def part_of(text: str) -> str | None:
    """Given a label line inside a change, return which part it starts (statements, tips, examples, materials)."""
    folded = strip_accents_fold(text)
    for words, part in PART_LABELS:
        if words in folded:
            return part
    return None


def level_of_header(row: list[str]) -> list[str] | None:
    """Given a table's header row, return the five level labels when its last five cells name the levels."""
    if len(row) < 5:
        return None
    labels = [normalise_space(c) for c in row[-5:]]
    if [strip_accents_fold(c) for c in labels] == [strip_accents_fold(DEFAULT_LEVEL_LABELS[k]) for k in LEVEL_KEYS]:
        return labels
    return None


def is_action_plan(grid: Grid) -> bool:
    """Given a table, return True when its header asks the planning questions (cells ending in '?')."""
    header = grid.cells[0] if grid.cells else []
    return len(header) >= 3 and sum(c.strip().endswith("?") for c in header[1:]) >= len(header[1:]) - 1


@dataclass
class ChangeDraft:
    """A change being read: its heading lines and everything under it until the next heading."""
    number: int
    heading: list[Line]
    elements: list = field(default_factory=list)


class Reader:
    """Walks the stream once, sending each element to the section or change it belongs to."""

    def __init__(self, stream: list, pages: list, source: Source):
        self.source = source
        self.path = source.path
        self.stream = stream
        self.pages = pages
        self.used: set[int] = set()
        self.leftovers: list[Leftover] = []
        self.findings: list[dict] = []
        lines = [e for e in stream if isinstance(e, Line)]
        self.body = body_size(lines)
        self.keep = hyphenated_words([l.text for l in lines] + [c for g in stream if isinstance(g, Grid)
                                                                 for row in g.cells for c in row])
        self.back_page = self.find_back_page(pages)
        change_sizes = sorted({round(l.size) for l in lines if self.change_heading(l)})
        self.detail_size = change_sizes[-1] if change_sizes else None

    def text(self, lines: list[Line]) -> str:
        """Given the lines of a paragraph or item, return its text with this document's hyphenation rules."""
        return text_of(lines, self.keep)

    def cell(self, text: str) -> str:
        """Given a table cell's printed lines, return its text."""
        return join_text(text.split("\n"), self.keep)

    def find_back_page(self, pages: list) -> int | None:
        """Given the pages, return the last page's number when it is a back page (no heading, no table), else None."""
        if len(pages) < 2:
            return None
        last = pages[-1].number
        for e in self.stream:
            if getattr(e, "page", None) == last and (isinstance(e, Grid) or (
                    e.bold and e.size >= self.body * 1.5)):
                return None
        return last

    # -- classification -------------------------------------------------------------------
    def heading_like(self, line: Line) -> bool:
        """Given a line, return True when it is bold, larger than the body text and not a list item."""
        return line.bold and line.size >= self.body * HEADING_RATIO and not starts_item(line)

    def section_heading(self, line: Line) -> tuple[int | None, str] | None:
        """Given a line, return (number, title) when it is a numbered section heading ("2. Purpose of the model")."""
        if line.size < self.body * 1.5 or not line.bold:
            return None
        m = _SECTION.match(line.text)
        if m:
            return int(m.group(1)), m.group(2)
        return None

    def change_heading(self, line: Line) -> re.Match | None:
        """Given a line, return its match when it is a change heading ("Change 4" or "Change 4: Home first")."""
        if not (line.bold and line.size >= self.body * HEADING_RATIO):
            return None
        return _CHANGE.match(line.text)

    def use(self, *elements) -> None:
        """Given lines or tables, record them as placed (what is never placed becomes a Leftover)."""
        for e in elements:
            self.used.add(id(e))

    def loc(self, lines: list[Line], note: str | None = None) -> list[dict]:
        """Given lines, return their provenance in this source."""
        return provenance(self.path, lines, note)

    # -- the walk ---------------------------------------------------------------------------
    def read(self) -> dict:
        """Walk the stream once and return the content: levels, sections, changes, action plan, findings."""
        sections: list[dict] = []
        overview: list[ChangeDraft] = []
        details: list[ChangeDraft] = []
        contents: list[Line] = []
        plan_grid: tuple[Grid, list[Line]] | None = None
        level_grids: list[Grid] = []
        current: dict | None = None       # the section being read
        current_elems: list = []
        draft: ChangeDraft | None = None  # the change (overview entry or detail) being read
        last_heading: list[Line] = []

        def close_section():
            nonlocal current, current_elems
            if current is not None:
                if current["key"] == "contents":
                    contents.extend(e for e in current_elems if isinstance(e, Line))
                else:
                    current["blocks"] = self.blocks(current_elems, current)
                    # a heading whose whole content is the changes ("6. The model") is not a section of its own
                    if current["blocks"] or current["key"] != "the-model":
                        sections.append(current)
            current, current_elems = None, []

        i = 0
        stream = self.stream
        while i < len(stream):
            e = stream[i]
            if e.page == self.back_page:
                i += 1
                continue
            if isinstance(e, Grid):
                if is_action_plan(e):
                    plan_grid = (e, last_heading)
                    self.use(e, *last_heading)
                    current_elems = [x for x in current_elems if x not in last_heading]
                    draft = None
                elif draft is not None:
                    draft.elements.append(e)
                elif level_of_header(e.cells[0]) and len(e.cells) == 2:
                    level_grids.append(e)  # the level definitions, also kept as a table where they are printed
                    if current is not None:
                        current_elems.append(e)
                    self.use(e)
                elif current is not None:
                    current_elems.append(e)
                i += 1
                continue
            sec = self.section_heading(e)
            if sec is None and e.bold and e.size >= self.body * 1.5 and strip_accents_fold(e.text) == "contents":
                sec = (None, e.text)
            if sec is not None:
                close_section()
                draft = None
                number, title = sec
                current = {"key": section_key(title), "number": number, "title": normalise_space(title),
                           "blocks": [], "provenance": self.loc([e])}
                self.use(e)
                last_heading = [e]
                i += 1
                continue
            if current is None and draft is None and not sections and e.page == 1 and e.bold \
                    and e.size >= self.body * 1.5:
                # a title page before the first numbered section: the cover
                current = {"key": "cover", "number": None, "title": e.text, "blocks": [], "provenance": self.loc([e])}
                self.use(e)
                i += 1
                continue
            m = self.change_heading(e)
            if m:
                heading = [e]
                self.use(e)
                # a heading that wraps: following lines of the same size and weight
                while (i + 1 < len(stream) and isinstance(stream[i + 1], Line) and stream[i + 1].bold
                       and abs(stream[i + 1].size - e.size) < 0.3 and stream[i + 1].page == e.page
                       and stream[i + 1].top - heading[-1].bottom < e.size):
                    i += 1
                    heading.append(stream[i])
                    self.use(stream[i])
                draft = ChangeDraft(int(m.group(1)), heading)
                (details if round(e.size) == self.detail_size else overview).append(draft)
                i += 1
                continue
            if (e.bold and e.size >= self.body and part_of(e.text) == "materials" and draft is None
                    and e.box is not None):
                close_section()
                current = {"key": "supporting-materials", "number": None, "title": e.text, "blocks": [],
                           "provenance": self.loc([e])}
                self.use(e)
                i += 1
                continue
            if draft is not None and self.heading_like(e) and e.size > self.body * 1.3 and not part_of(e.text):
                # a heading of its own after a change (e.g. "Action planning template", or the
                # 2015 model's introduction to its change pages): the change has ended
                draft = None
                last_heading = [e]
                if current is not None:
                    current_elems.append(e)
                i += 1
                continue
            if draft is not None:
                draft.elements.append(e)
            elif current is not None:
                current_elems.append(e)
                if self.heading_like(e):
                    last_heading = [e]
            i += 1
        close_section()

        changes = [self.change_item(d) for d in details]
        self.attach_contents(changes, contents)
        self.attach_overview(changes, overview)
        self.attach_purpose_list(changes, sections)
        levels = self.levels(changes, level_grids, details)
        plan = self.action_plan(plan_grid, changes) if plan_grid else None
        self.collect_leftovers()
        return {"levels": levels, "sections": sections, "changes": changes, "enablers": [],
                "action_plan": plan, "findings": self.findings}

    # -- sections ---------------------------------------------------------------------------
    def blocks(self, elements: list, section: dict | None = None) -> list[dict]:
        """Given a section's lines and tables, return its blocks: headings, paragraphs, lists, tables."""
        out: list[dict] = []
        lines_run: list[Line] = []

        def flush():
            nonlocal lines_run
            groups = group_paragraphs(lines_run)
            pending_items: list[list[Line]] = []

            def flush_items():
                nonlocal pending_items
                if pending_items:
                    ordered = is_ordered_item(pending_items[0][0])
                    out.append({"type": "list", "ordered": ordered,
                                "items": [self.list_item(n) for n in nest_items(pending_items)],
                                "provenance": self.loc([l for g in pending_items for l in g])})
                    pending_items = []

            for group in groups:
                self.use(*group)
                if starts_item(group[0]):
                    pending_items.append(group)
                    continue
                if pending_items and abs(group[0].x0 - item_indent(pending_items[-1][0])) <= 3 \
                        and same_style(pending_items[-1][-1], group[0]):
                    # a second paragraph of the item above, set at its text indent
                    pending_items[-1].extend(group)
                    continue
                flush_items()
                text = self.text(group)
                block: dict
                # a bold line set larger than the body, or a bold label ending in ":" ("Self assessment
                # matrix levels:"), is a sub-heading; the text version cannot show weight
                if len(group) <= 2 and all(l.bold for l in group) and (
                        group[0].size >= self.body * HEADING_RATIO or text.endswith(":")):
                    level = 1 if group[0].size >= self.body * 1.3 else 2
                    block = {"type": "heading", "text": text, "level": level}
                else:
                    block = {"type": "paragraph", "text": text}
                links = links_of(group)
                if links:
                    block["links"] = links
                block["provenance"] = self.loc(group)
                out.append(block)
            flush_items()
            lines_run = []

        for e in elements:
            if isinstance(e, Grid):
                flush()
                self.use(e)
                out.append({"type": "table", "rows": [[self.cell(c) for c in r] for r in e.cells],
                            "provenance": [self.grid_location(e)]})
            else:
                lines_run.append(e)
        flush()
        return out

    def list_item(self, node: Node) -> dict:
        """Given a nested list node, return the list item with its children."""
        item = {"text": self.text(node.lines), "children": [self.list_item(c) for c in node.children]}
        links = links_of(node.lines)
        if links:
            item["links"] = links
        item["provenance"] = self.loc(node.lines)
        return item

    def grid_location(self, grid: Grid) -> dict:
        """Given a table, return its location (pages spanned and any merge note included)."""
        return location(self.path, page=grid.page, bbox=grid.bbox,
                        page_end=grid.pages[-1] if len(grid.pages) > 1 else None, note=grid.note)

    # -- changes ----------------------------------------------------------------------------
    def change_item(self, draft: ChangeDraft) -> dict:
        """Given a change's heading and elements, return the change item (without its key)."""
        m = _CHANGE.match(" ".join(l.text for l in draft.heading))
        heading_title = normalise_space(m.group(2)) if m else ""
        item = {"number": draft.number, "title": heading_title, "titles": [], "summary": None,
                "alternate_summaries": [], "statements": {"i": None, "we": None}, "tips": [], "examples": [],
                "materials": [], "matrix": None, "blocks": [], "provenance": []}
        lines = [e for e in draft.elements if isinstance(e, Line)]
        own_grids = [e for e in draft.elements if isinstance(e, Grid)]
        self.use(*own_grids)
        grids = merge_continued(own_grids)
        parts = self.split_parts(draft.elements)
        intro = parts.pop("intro", [])
        if intro:
            title, summary, used = self.run_in_title(intro)
            if not heading_title and title:
                item["title"] = title
            elif title and strip_accents_fold(title) != strip_accents_fold(heading_title):
                item["titles"].append(title)
            item["summary"] = summary
            self.use(*used)
            rest = [l for l in intro if id(l) not in self.used]
            if rest:
                item["blocks"].extend(self.blocks(rest))
        for kind, groups in parts.items():
            getattr(self, f"read_{kind}")(item, groups)
        matrix_grids = [g for g in grids if level_of_header(g.cells[0])]
        if matrix_grids:
            item["matrix"] = self.matrix(matrix_grids[0])
            for extra in matrix_grids[1:]:
                rows = self.matrix(extra)["rows"]
                item["matrix"]["rows"].extend(rows)
        for g in grids:
            if g not in matrix_grids:
                self.use(g)
                item["blocks"].append({"type": "table", "rows": [[self.cell(c) for c in r] for r in g.cells],
                                       "provenance": [self.grid_location(g)]})
        everything = draft.heading + lines
        item["provenance"] = self.loc(draft.heading) + ([location(self.path, page=everything[-1].page, note="last line of the change")]
                                                         if everything[-1].page != draft.heading[0].page else [])
        if not item["title"]:
            item["title"] = f"Change {draft.number}"
        return item

    def split_parts(self, elements: list) -> dict[str, list]:
        """Given a change's elements, return its lines grouped by part: intro, statements, tips, examples, materials.

        A shaded box is a part of its own: when it ends, the part it interrupted resumes (a tip cut
        by a "Supporting Materials" box continues after the box).
        """
        parts: dict[str, list] = {}
        part = "intro"
        resume = "intro"
        box_part: str | None = None
        for e in elements:
            if isinstance(e, Grid):
                continue
            label = part_of(e.text) if (e.bold and not starts_item(e) and len(e.words) <= 8) else None
            if label and e.size >= self.body:
                self.use(e)
                if e.box is not None:
                    box_part, resume = label, (part if box_part is None else resume)
                else:
                    part = label
                    box_part = None
                continue
            if e.box is not None and box_part is not None:
                parts.setdefault(box_part, []).append(e)
                continue
            if e.box is None and box_part is not None:
                box_part = None
                part = resume if part == resume else part
            if e.box is not None and box_part is None and parts.get("materials") and part in ("tips", "examples"):
                # a box continued at the top of the next page
                parts["materials"].append(e)
                continue
            parts.setdefault(part, []).append(e)
        return parts

    def run_in_title(self, lines: list[Line]) -> tuple[str | None, str | None, list[Line]]:
        """Given a change's intro lines, return (run-in bold title, summary, lines used).

        The 2015 pages and the 2020 overview open with the title in bold run into the summary
        ("Early discharge planning. In elective care…"); a 2020 change page has a bold summary only.
        """
        groups = group_paragraphs(lines, mixed_weight=True)
        if not groups:
            return None, None, []
        first = groups[0]
        used = first
        if all(l.bold for l in first):
            return None, self.text(first), used  # a 2020 change page: the whole summary is bold
        title_words: list[str] = []
        rest_lines: list[str] = []
        in_title = True
        for line in first:
            words = line.body_words
            out = []
            for w in words:
                if in_title and w.bold:
                    title_words.append(w.text)
                else:
                    in_title = False
                    out.append(w.text)
            if out:
                rest_lines.append(" ".join(out))
        title = self.cell(" ".join(title_words)) if title_words else None
        if title:
            title = title.rstrip(".").strip()
        summary = join_text(rest_lines, self.keep) if rest_lines else None
        return title, summary, used

    def read_statements(self, item: dict, lines: list[Line]) -> None:
        """Given the lines under the I/We statement label, fill the change's statements (in place)."""
        for group in group_paragraphs(lines):
            self.use(*group)
            text = self.text(group)
            # The I statement speaks in the first person singular ("When I move…"), the We statement
            # opens with "We".
            if re.match(r"^We\b", text) and item["statements"]["we"] is None:
                item["statements"]["we"] = text
            elif re.search(r"\bI\b", text) and item["statements"]["i"] is None:
                item["statements"]["i"] = text
            else:
                item["blocks"].append({"type": "paragraph", "text": text, "provenance": self.loc(group)})

    def read_tips(self, item: dict, lines: list[Line]) -> None:
        """Given the lines under "Tips for success", fill the change's nested tips (and sub-headings)."""
        heading: str | None = None
        pending: list[list[Line]] = []

        def flush():
            nonlocal pending
            for node in nest_items(pending):
                item["tips"].append(self.tip(node, heading))
            pending = []

        for group in self.tip_groups(lines):
            self.use(*group)
            if starts_item(group[0]):
                pending.append(group)
                continue
            text = self.text(group)
            if all(l.bold for l in group) and len(group) <= 2:
                flush()
                heading = text
                item["blocks"].append({"type": "heading", "text": text, "level": 1, "provenance": self.loc(group)})
            else:
                # a paragraph printed without a bullet under "Tips for success" is a tip all the same
                pending.append(group)
        flush()

    def tip_groups(self, lines: list[Line]) -> list[list[Line]]:
        """Given tip lines in reading order, return item groups, joining an item cut by a box or page break."""
        groups: list[list[Line]] = []
        for line in lines:
            if groups and not starts_item(line) and starts_item(groups[-1][0]) and not line.bold:
                head = groups[-1][0]
                if abs(line.x0 - head.words[1].x0) <= 3 and abs(line.size - head.size) < 0.3:
                    groups[-1].append(line)
                    continue
            if groups and not starts_item(line) and not starts_item(groups[-1][0]) and groups[-1][-1].page == line.page \
                    and abs(line.x0 - groups[-1][0].x0) <= 3 and line.bold == groups[-1][-1].bold \
                    and 0 <= line.top - groups[-1][-1].bottom <= 0.6 * line.size:
                groups[-1].append(line)
                continue
            groups.append([line])
        return groups

    def tip(self, node: Node, heading: str | None) -> dict:
        """Given a tip node and the sub-heading it sits under, return the tip with its nested tips."""
        tip = {"text": self.text(node.lines), "children": [self.tip(c, heading) for c in node.children]}
        if heading:
            tip["heading"] = heading
        note = None
        breaks = [b for a, b in zip(node.lines, node.lines[1:]) if b.page != a.page or b.top < a.top]
        if breaks:
            note = "joined across an interruption (box or page break)"
        tip["provenance"] = self.loc(node.lines, note)
        return tip

    def read_examples(self, item: dict, lines: list[Line]) -> None:
        """Given the lines under the examples label, fill the change's examples; the link text is the title."""
        for group in self.tip_groups(lines):
            self.use(*group)
            if not starts_item(group[0]):
                item["blocks"].append({"type": "paragraph", "text": self.text(group), "provenance": self.loc(group)})
                continue
            text = self.text(group)
            links = links_of(group)
            if links and text.startswith(links[0]["text"]):
                title_text = links[0]["text"]
                url = links[0]["url"]
            else:
                title_text, _, _ = text.partition(" - ")
                url = links[0]["url"] if links else None
            description = text[len(title_text):].strip()
            description = re.sub(r"^[-–—]\s*", "", description).strip() or None
            place, title = split_place_title(title_text)
            item["examples"].append({"place": place, "title": title, "description": description, "url": url,
                                     "provenance": self.loc(group)})

    def read_materials(self, item: dict, lines: list[Line]) -> None:
        """Given the lines of a Supporting Materials box, fill the change's materials (title and link target)."""
        for group in self.tip_groups(lines):
            self.use(*group)
            text = self.text(group)
            if not starts_item(group[0]):
                item["blocks"].append({"type": "paragraph", "text": text, "provenance": self.loc(group)})
                continue
            links = links_of(group)
            item["materials"].append({"title": text, "url": links[0]["url"] if links else None,
                                      "provenance": self.loc(group)})

    def matrix(self, grid: Grid) -> dict:
        """Given a maturity-matrix table, return the matrix: one row per theme, a cell per level."""
        self.use(grid)
        themed = grid.width == 6
        rows = []
        for cells, (page, bbox) in zip(grid.cells[1:], grid.row_pages[1:]):
            values = [self.cell(c) for c in cells[-5:]]
            rows.append({"theme": self.cell(cells[0]) if themed else None,
                         "cells": dict(zip(LEVEL_KEYS, values)),
                         "provenance": [location(self.path, page=page, bbox=bbox)]})
        return {"rows": rows, "provenance": [self.grid_location(grid)]}

    # -- other places that name a change ----------------------------------------------------
    def attach_overview(self, changes: list[dict], overview: list[ChangeDraft]) -> None:
        """Given the changes and the overview entries, add each entry's title and summary as variants (and findings)."""
        by_number = {c["number"]: c for c in changes}
        for draft in sorted(overview, key=lambda d: d.number):
            lines = [e for e in draft.elements if isinstance(e, Line)]
            change = by_number.get(draft.number)
            if change is None or not lines:
                continue
            title, summary, used = self.run_in_title(lines)
            self.use(*used)
            for extra in lines:
                if id(extra) not in self.used:
                    change["blocks"].append({"type": "paragraph", "text": extra.text, "provenance": self.loc([extra])})
                    self.use(extra)
            self.add_title(change, title)
            if summary:
                where = self.loc(used)
                change["alternate_summaries"].append({"text": summary, "context": "overview", "provenance": where})
                if change["summary"] is not None and strip_accents_fold(summary) != strip_accents_fold(change["summary"]):
                    self.findings.append(finding(
                        "summary-differs", "warning",
                        f"Change {change['number']}'s summary on the overview differs from the one in its own section.",
                        [change["provenance"][0], where[0]], subject=f"changes[number={change['number']}].summary",
                        values=[change["summary"], summary],
                        suggestion="Make the two wordings the same in the next release."))

    def attach_contents(self, changes: list[dict], lines: list[Line]) -> None:
        """Given the changes and the contents lines, add each "Change N – Title" entry's title as a variant."""
        by_number = {c["number"]: c for c in changes}
        for line in lines:
            self.use(line)
            m = _LEADERS.match(line.text)
            entry = normalise_space(m.group(1) if m else line.text)
            cm = _CHANGE.match(entry)
            if cm and int(cm.group(1)) in by_number:
                title = re.sub(r"^[:.\-–—]\s*", "", cm.group(2)).strip()
                self.add_title(by_number[int(cm.group(1))], title)

    def attach_purpose_list(self, changes: list[dict], sections: list[dict]) -> None:
        """Given the changes and the sections, add the items of the list naming every change as title variants."""
        for section in sections:
            for block in section["blocks"]:
                if block["type"] == "list" and len(block["items"]) == len(changes) and changes and \
                        all(not i["children"] for i in block["items"]):
                    matched = sum(_shares_words(i["text"], c["title"]) for i, c in zip(block["items"], changes))
                    if matched >= len(changes) // 2:
                        for i, c in zip(block["items"], changes):
                            # a trailing note such as "(added in 2019)" is not part of the title
                            self.add_title(c, _TRAILING_NOTE.sub("", i["text"]).rstrip(".;, "))
                        return

    def add_title(self, change: dict, title: str | None) -> None:
        """Given a change and a title wording found elsewhere, add it to `titles` once (never the title itself)."""
        if not title:
            return
        title = normalise_space(title)
        # each published wording once (a lower-case list entry is a wording of its own)
        if title != change["title"] and title not in change["titles"]:
            change["titles"].append(title)

    # -- levels and the action plan ---------------------------------------------------------
    def levels(self, changes: list[dict], level_grids: list[Grid], details) -> list[dict]:
        """Given the changes, any level-definitions tables and the change drafts, return the five levels."""
        labels = None
        definitions: list[str | None] = [None] * 5
        prov: list[dict] = []
        if level_grids:
            grid = level_grids[0]
            labels = level_of_header(grid.cells[0])
            definitions = [self.cell(c) for c in grid.cells[1][-5:]]
            prov = [self.grid_location(grid)]
            for extra in level_grids[1:]:
                self.leftovers.append(Leftover(self.grid_location(extra), " | ".join(extra.cells[0]),
                                               "a second level-definitions table"))
        if labels is None:
            for draft in details:
                for g in draft.elements:
                    if isinstance(g, Grid) and level_of_header(g.cells[0]):
                        labels = level_of_header(g.cells[0])
                        prov = [location(self.path, page=g.page, bbox=g.row_pages[0][1], note="matrix header row")]
                        break
                if labels:
                    break
        if labels is None:
            return []
        return [{"key": k, "label": l, "description": d, "provenance": prov}
                for k, l, d in zip(LEVEL_KEYS, labels, definitions)]

    def action_plan(self, found: tuple[Grid, list[Line]], changes: list[dict]) -> dict:
        """Given the action-plan table with its heading, and the changes, return the action plan (rows keyed later)."""
        grid, heading = found
        header = grid.cells[0]
        columns = [{"key": column_key(self.cell(c)), "label": self.cell(c),
                    "provenance": [location(self.path, page=grid.page, bbox=box)]}
                   for c, box in zip(header[1:], grid.boxes[0][1:])]
        rows = []
        for index, (cells, (page, bbox)) in enumerate(zip(grid.cells[1:], grid.row_pages[1:]), start=1):
            printed = self.cell(cells[0])
            if not printed:
                continue
            # "Change 1: Early discharge planning": the number is the row's number, the rest its label
            m = _CHANGE.match(printed)
            number = int(m.group(1)) if m else index
            label = _CHANGE_PREFIX.sub("", printed)
            rows.append({"label": label, "number": number, "provenance": [location(self.path, page=page, bbox=bbox)]})
            change = next((c for c in changes if c["number"] == number), None)
            if change is not None:
                self.add_title(change, label)
        plan = {"title": self.text(heading) if heading else "Action planning template", "columns": columns, "rows": rows,
                "provenance": [self.grid_location(grid)]}
        fields = [f for p in self.pages if p.number in grid.pages for f in p.fields]
        if fields:
            plan["fields"] = self.place_fields(fields, grid, columns, rows)
        return plan

    def place_fields(self, fields: list[dict], grid: Grid, columns: list[dict], rows: list[dict]) -> list[dict]:
        """Given form fields and the action-plan table, return each field attached to its row and column.

        A field names its column by key; its row by position (`row_position`, an index into the
        plan's rows), because rows are keyed by the pipeline after reading, like changes.
        """
        out = []
        row_boxes = grid.row_pages[1:]
        col_boxes = grid.boxes[0]
        for f in sorted(fields, key=lambda f: (f["page"], f["bbox"][1], f["bbox"][0])):
            cx, cy = (f["bbox"][0] + f["bbox"][2]) / 2, (f["bbox"][1] + f["bbox"][3]) / 2
            row_index = next((i for i, (page, b) in enumerate(row_boxes) if page == f["page"] and b[1] <= cy <= b[3]), None)
            col_index = next((i for i, b in enumerate(col_boxes) if b and b[0] <= cx <= b[2]), None)
            row = rows[row_index] if row_index is not None and row_index < len(rows) else None
            column_key = columns[col_index - 1]["key"] if col_index else None
            where = location(self.path, page=f["page"], bbox=f["bbox"])
            if row is None or column_key is None:
                self.findings.append(finding(
                    "form-field-unplaced", "info",
                    f"Form field {f['name']} lies outside the action plan's answer cells "
                    f"({'no row' if row is None else 'row ' + repr(row['label'])}, "
                    f"{'no column' if column_key is None else 'column ' + column_key}).",
                    where, subject=f"action_plan.fields[name={f['name']}]"))
            placed = {"name": f["name"], "row": None, "column": column_key, "value": f["value"], "provenance": [where]}
            if row is not None:
                placed["row_position"] = row_index
            out.append(placed)
        return out

    # -- leftovers --------------------------------------------------------------------------
    def collect_leftovers(self) -> None:
        """Record every line or table that was never placed as a Leftover (cover and back page as boilerplate)."""
        last_page = self.back_page
        back_page = last_page is not None
        for e in self.stream:
            if id(e) in self.used:
                continue
            if isinstance(e, Grid):
                self.leftovers.append(Leftover(self.grid_location(e), " | ".join(e.cells[0]), "a table outside any section"))
                continue
            where = location(self.path, page=e.page, bbox=e.bbox)
            if e.page == 1 and self.before_first_section(e):
                reason = "boilerplate: cover page (the edition's title and status are in editions.toml)"
            elif back_page and e.page == last_page:
                reason = "boilerplate: back-page address and copyright"
            else:
                reason = "not recognised as part of any section or change"
            self.leftovers.append(Leftover(where, e.text, reason))

    def before_first_section(self, line: Line) -> bool:
        """Given a line, return True when it comes before the first section heading."""
        for e in self.stream:
            if e is line:
                return True
            if isinstance(e, Line) and (self.section_heading(e) or strip_accents_fold(e.text) == "contents"):
                return False
        return False


def _shares_words(a: str, b: str) -> bool:
    """Given two titles, return True when they share a word."""
    wa, wb = set(fold_words(a).split()), set(fold_words(b).split())
    return bool(wa & wb)


def build_content(stream: list, pages: list, source: Source) -> tuple[dict, list[Leftover]]:
    """Given the page stream (lines and tables in reading order), the pages and the source, return (content, leftovers)."""
    reader = Reader(stream, pages, source)
    content = reader.read()
    if not content["changes"]:
        from extract.base import NotHicmContent
        raise NotHicmContent(source.path)
    return content, reader.leftovers
