"""The interpreter: any document tree (extract/doc.py) into the canonical record.

The one place that knows the High Impact Change Model. The format readers say what a page
shows; this package decides what it means, with every phrase it relies on read from the
vocabulary (extract/vocabulary.toml). The chain, each step a module of small functions:

    Document ─flow─▶ blocks in reading order ─segment─▶ regions ─▶ sections (front),
    changes and enablers (items, entries, matrix), title variants (titles), levels (front),
    the action plan (plan), or a resource catalogue (catalogue)

Everything that is not placed in the record is set aside as boilerplate (named) or left over;
`Extraction.leftovers` lists both, and the pipeline reports the left-over content as
`unplaced-content`.
"""
from __future__ import annotations

from extract.base import Extraction, NotHicmContent
from extract.doc import Document, Strength
from extract.interpret.catalogue import read_catalogue
from extract.interpret.flow import build_flow, report_highlights, strength
from extract.interpret.front import build_preamble, build_section, find_levels
from extract.interpret.items import ItemReader
from extract.interpret.ledger import Ledger, block_text, span
from extract.interpret.pages import set_aside_pages_after
from extract.interpret.plan import PlanReader
from extract.interpret.segment import Region, segment
from extract.interpret.titles import compare_summaries, contents_titles, list_titles, read_overview, unique_titles
from extract import vocabulary
from schema.model import finding

#: The order of an item's fields in the record (the schema's order), so the JSON reads the same every time.
_ITEM_FIELDS = ("number", "title", "titles", "summary", "alternate_summaries", "statements", "tips", "examples",
                "materials", "matrix", "blocks", "provenance")


def interpret(document: Document) -> Extraction:
    """Given a document tree, return the record's content (or a resource catalogue), its findings and leftovers."""
    ledger = Ledger(document)
    flow = build_flow(document, ledger)
    boilerplate = dict(ledger.aside)        # what the flow set aside, before any reading of the model
    set_aside_pages_after(flow, ledger)      # an agenda pack's later reports (paged files only)
    report_highlights(flow, ledger)
    regions = segment(flow, ledger)
    rank = section_rank(regions)
    numbered = any(r.kind == "section" and r.number for r in regions)

    sections: list[dict] = []
    front: list[Region] = []
    contents: dict[tuple[str, int], str] = {}
    occurrences: dict[tuple[str, int], list[Region]] = {}
    plan_region: Region | None = None
    outside: list = []                  # content the file holds before the model's title
    for index, region in enumerate(regions):
        if region.kind == "preamble":
            outside += model_starts(region, ledger, document.title)
            made = build_preamble(region, ledger, rank, document.title, numbered)
            if made:
                sections.append(made)
                front.append(region)
        elif region.kind == "section" and not region.blocks and (region.group or following_kind(regions, index) == "item"):
            # A heading over the changes ("The changes", "6. The model"): not a section of its own.
            ledger.place(region.head)
        elif region.kind == "section":
            sections.append(build_section(region, ledger, rank))
            front.append(region)
        elif region.kind == "contents":
            contents.update(contents_titles(region, ledger))
        elif region.kind == "item":
            occurrences.setdefault((region.group, region.number), []).append(region)
        elif region.kind == "action-plan" and plan_region is None:
            plan_region = region
        elif region.kind == "back":
            for block in region.blocks:     # after the plan: perhaps an appendix of the model, so reported one by one
                ledger.leave_out(block, "not placed: the file goes on after the action plan")

    groups = {"changes": [], "enablers": []}
    for (group, number) in sorted(occurrences):
        groups[group].append(read_item(occurrences[(group, number)], contents.get((group, number)), flow, ledger))
    list_titles(sections, groups["changes"])
    plan = PlanReader(plan_region, ledger, groups).read(document.fields) if plan_region else None
    if plan:
        by_number = {(item["_group"], item["number"]): item for items in groups.values() for item in items}
        for row in plan["rows"]:
            item = by_number.get((row.get("group", "changes"), row["number"]))
            if item is not None:
                item["_variants"].append(row["label"])
    for items in groups.values():
        for index, item in enumerate(items):
            item["titles"] = unique_titles(item["title"], item.pop("_variants"))
            item.pop("_group")
            items[index] = {key: item[key] for key in _ITEM_FIELDS if key in item}

    levels = find_levels(front, ledger) or levels_from_matrix_header(regions)
    if outside:
        ledger.report("outside-the-model", f"The file holds {len(outside)} block(s) of other content before the "
                      "model's title (an agenda pack's other reports, a printed web page's frame); they are not part "
                      "of the model.", [span([loc for b in outside for loc in b.provenance[:1]])] if any(
                          b.provenance for b in outside) else [], values=[block_text(outside[0])[:200]])
    known = sum(1 for s in sections if vocabulary.known_section(s["title"]) and s["key"] != "introduction")
    mentioned = vocabulary.mentions_model(document.title or "") or any(
        vocabulary.mentions_model(getattr(b, "text", "") or "") for b in flow.blocks)
    if not (groups["changes"] or groups["enablers"] or levels or plan or known >= 2 and mentioned):
        return read_as_catalogue(document, flow, boilerplate)

    content = {"levels": levels or [], "sections": sections, "changes": groups["changes"],
               "enablers": groups["enablers"], "action_plan": plan,
               "findings": ordered(notes_as_findings(document) + ledger.findings)}
    if document.title:
        content["model_title"] = document.title
    return Extraction(content, ledger.leftovers(flow.blocks))


def model_starts(region: Region, ledger: Ledger, title: str | None) -> list:
    """Given the preamble and the file's own title, set aside what comes before the model's title and return it: an
    agenda pack's earlier reports, a printed web page's frame. The model's title is the first heading naming the
    model, or the heading that says the file's own title when that names the model."""
    wanted = vocabulary.fold(title) if title and vocabulary.mentions_model(title) else None
    if title and wanted is None:
        return []
    for index, block in enumerate(region.blocks):
        if strength(block) >= Strength.LONE_LINE and vocabulary.mentions_model(block.text) and (
                wanted is None or vocabulary.fold(block.text) == wanted):
            before, region.blocks = region.blocks[:index], region.blocks[index:]
            for skipped in before:
                ledger.set_aside(skipped, "not part of the model: the file's content before the model's title")
            return before
    return []


def following_kind(regions: list[Region], index: int) -> str | None:
    """Given the regions and an index, return the kind of the region after it, if any."""
    return regions[index + 1].kind if index + 1 < len(regions) else None


def read_item(found: list[Region], contents_title: str | None, flow, ledger: Ledger) -> dict:
    """Given every occurrence of one change (or enabler), return its item: read from its own section (the
    occurrence with the most content), with the other occurrences' titles and summaries as variants."""
    own = max(found, key=lambda r: (len(r.blocks) > 2, r.title is not None, found.index(r)))
    item = ItemReader(own, flow, ledger).read()
    item["_group"] = own.group
    variants: list[str] = [contents_title] if contents_title else []
    for other in found:
        if other is own:
            continue
        title, alternate = read_overview(other, ledger, [item["title"], *variants], item["summary"])
        if title:
            variants.append(title)
        if alternate:
            item.setdefault("alternate_summaries", []).append(alternate)
            compare_summaries(item, alternate, ledger)
    item["_variants"] = variants
    return item


def section_rank(regions: list[Region]) -> int | None:
    """Given the regions, return the heading level that starts a part: the change headings', else the highest
    used by a section heading (the document's own title aside)."""
    levels = [r.level for r in regions if r.kind == "item" and r.level is not None]
    if not levels:
        levels = [r.level for r in regions if r.kind == "section" and r.level is not None]
    return min(levels) if levels else None


def levels_from_matrix_header(regions: list[Region]) -> list[dict]:
    """Given the regions, return the level labels as a matrix header publishes them, with no definitions."""
    from extract.interpret.matrix import matrix_header
    from extract.doc import Paragraph, Table
    from schema.model import LEVEL_KEYS
    for region in regions:
        if region.kind != "item":
            continue
        for block in region.blocks:
            labels = None
            if isinstance(block, Paragraph):
                labels = vocabulary.level_line(block.text)
            elif isinstance(block, Table) and matrix_header(block):
                index, _ = matrix_header(block)
                labels = vocabulary.level_header([c.text for c in block.rows[index].cells])[0]
            if labels:
                return [{"key": key, "label": label, "description": None} for key, label in zip(LEVEL_KEYS, labels)]
    return []


def notes_as_findings(document: Document) -> list[dict]:
    """Given a document, return what its reader noticed about the file as findings."""
    return [finding(note.code, note.severity, note.message, note.provenance, values=note.values)
            for note in document.notes]


def ordered(findings: list[dict]) -> list[dict]:
    """Given findings as raised, return them in reading order of where they point (stable for the same input);
    a finding that sums up many places in the file (every link without a target) comes after the rest."""
    def key(f: dict) -> tuple:
        first = f["where"][0] if f["where"] else {}
        return len(f["where"]) > 3, first.get("line", 0), first.get("page", 0)
    return sorted(findings, key=key)


def read_as_catalogue(document: Document, flow, boilerplate: dict[int, str]) -> Extraction:
    """Given a document with no model in it and the flow's boilerplate, return it read as a resource catalogue, or
    raise NotHicmContent."""
    fresh = Ledger(document)
    fresh.aside.update(boilerplate)
    resources = read_catalogue(flow.blocks, fresh, document.title)
    if resources is None:
        raise NotHicmContent(document.path)
    findings = [f for f in notes_as_findings(document) if f["code"] != "link-target-missing"]
    return Extraction({"resources": resources, "findings": findings + fresh.findings},
                      fresh.leftovers(flow.blocks), catalogue=True)
