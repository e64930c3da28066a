"""Reader for web pages: an LGA HICM page (or a resource hub) into canonical content.

The chain, each step a small function over plain data:
bytes → text (html_decode.decode_page) → tree (html_blocks.parse_page) → main content and
furniture (html_blocks.find_page) → blocks (html_blocks.read_blocks) → parts (split_parts:
introduction, changes, sections) → model items (build_change, build_section), or resources
(html_catalogue.build_catalogue) for a hub page.

CMS pages mark the same thing up differently from one change to the next (a sub-heading is
an <h3> in one change, an <h4> or a bold paragraph in the next), so blocks are classified by
what they say and where they sit, never by one tag name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.base import Extraction, Leftover, NotHicmContent, Source, split_place_title
from extract.html_blocks import (Block, Item, Page, Run, find_page, furniture_kind, parse_page, read_blocks, run_links,
                                 runs_text, split_at_first_link, strip_separators,
                                 visible_text)
from extract.html_catalogue import build_catalogue
from extract.html_decode import decode_page
from extract.vocabulary import CHANGE_HEADINGS, SECTION_KEYS, section_key
from pipeline.core.text import normalise_space, strip_accents_fold
from schema.model import DEFAULT_LEVEL_LABELS, LEVEL_KEYS, finding, location

_CHANGE_HEADING = re.compile(r"^(?:high impact )?change\s+(\d{1,2})\s*(?:[:.)\-–—]\s*|\s+)(\S.*)$", re.IGNORECASE)

#: A change's sub-headings by their words (extract.vocabulary), whatever their markup.
_LABEL_NAMES = {"statements": "statements", "tips": "tips", "materials": "materials", "examples": "examples",
                "matrix-elsewhere": "matrix"}
_SECTION_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s+(?=\S)")
_PLACE_PREFIX = re.compile(r"^(?P<place>[A-Z][^:;.!?]{0,60}?)\s*(?::|\s[-–—])\s*$")
_HICM_WORDS = re.compile(r"high impact change")


# --- blocks → parts ----------------------------------------------------------------------------

@dataclass
class Part:
    """A stretch of blocks under one heading: the introduction, one change, or one section."""
    kind: str                      # introduction | change | section
    heading: Block | None
    blocks: list[Block] = field(default_factory=list)
    number: int | None = None
    title: str | None = None


def change_heading(block: Block) -> tuple[int, str] | None:
    """Given a block, return (number, title) if it is a change's heading ("Change 3: Multi-disciplinary working")."""
    if not block.heading_like:
        return None
    match = _CHANGE_HEADING.match(block.text)
    if not match:
        return None
    return int(match.group(1)), normalise_space(match.group(2))


def label_of(block: Block) -> str | None:
    """Given a block inside a change, return which part of the change it heads (statements, tips, materials, examples, matrix), or None."""
    if block.kind not in {"heading", "paragraph"} or len(block.text) > 150:
        return None
    text = block.text.strip(" .")
    for pattern, name in CHANGE_HEADINGS:
        if pattern.search(text) and (block.heading_like or _LABEL_NAMES[name] == "matrix"):
            # A maturity-levels pointer is published as a heading, a bold or plain paragraph or a
            # bare link; the other sub-headings always stand out as headings.
            return _LABEL_NAMES[name]
    return None


def split_section_number(heading: str) -> tuple[int | None, str]:
    """Given a section heading ("2. Purpose of the model"), return (2, "Purpose of the model"); (None, heading) without one."""
    match = _SECTION_NUMBER.match(heading)
    if not match:
        return None, heading.strip()
    return int(match.group(1)), heading[match.end():].strip()


def unique_keys(keys: list[str]) -> list[str]:
    """Given section keys in order, return them with repeats made unique (`purpose`, `purpose-2`)."""
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return out


def section_rank(blocks: list[Block]) -> int | None:
    """Given the blocks, return the heading rank that starts a part: that of the change headings, else the highest used."""
    ranks = [b.rank for b in blocks if b.rank and change_heading(b)]
    if not ranks:
        ranks = [b.rank for b in blocks if b.kind == "heading" and b.rank]
    return min(ranks) if ranks else None


def is_known_section(title: str) -> bool:
    """Given a heading's text, return True if extract.vocabulary names it as one of the model's sections."""
    key = section_key(split_section_number(title)[1])
    return any(key == known for _, known in SECTION_KEYS)


def _starts_section(block: Block, rank: int | None, current: Part) -> bool:
    """Given a block, the section heading rank and the current part, return True if the block opens a section.

    A heading the vocabulary knows (Purpose, Principles…, or a bold "Self-assessment matrix
    levels") opens one whatever its markup; any other heading opens one only at the section
    rank and after a change (after the introduction or a section it is a sub-heading of that
    section, as the PDF and the text rendering show "The refreshed model" inside the
    introduction).
    """
    if not block.heading_like or current.kind == "change" and not block.kind == "heading":
        return False
    if is_known_section(block.text):
        return True
    at_rank = block.kind == "heading" and rank is not None and block.rank <= rank
    return at_rank and current.kind == "change"


def split_parts(blocks: list[Block]) -> list[Part]:
    """Given the page's blocks, return its parts: the introduction, then each change and section in order."""
    rank = section_rank(blocks)
    parts = [Part("introduction", None)]
    for block in blocks:
        current = parts[-1]
        numbered = change_heading(block)
        if numbered:
            parts.append(Part("change", block, number=numbered[0], title=numbered[1]))
        elif current.kind == "change" and label_of(block):
            current.blocks.append(block)
        elif _starts_section(block, rank, current):
            number, title = split_section_number(block.text)
            parts.append(Part("section", block, number=number, title=title))
        else:
            current.blocks.append(block)
    return parts


# --- model pieces ------------------------------------------------------------------------------

def _where(path: str, element: str) -> dict:
    return location(path, element=element)


def inline_links(runs: list[Run]) -> list[dict]:
    """Given runs, return the schema's inline links ({text, url})."""
    return [{"text": text, "url": url} for text, url in run_links(runs)]


def list_item(item: Item, path: str) -> dict:
    """Given a list item, return the schema's list_item (iteratively, so deep nesting is safe)."""
    root = {"text": item.text, "children": []}
    stack = [(item, root)]
    while stack:
        source, target = stack.pop()
        links = inline_links(source.runs)
        if links:
            target["links"] = links
        target["provenance"] = [_where(path, source.element)]
        for child in source.children:
            made = {"text": child.text, "children": []}
            target["children"].append(made)
            stack.append((child, made))
    return root


def schema_block(block: Block, path: str, heading_level: int = 1) -> dict:
    """Given a block, return the schema's block (paragraph, heading, list or table)."""
    where = [_where(path, block.element)]
    if block.kind == "list":
        return {"type": "list", "ordered": block.ordered, "items": [list_item(i, path) for i in block.items],
                "provenance": where}
    if block.kind == "table":
        return {"type": "table", "rows": block.rows, "provenance": where}
    if block.kind == "heading" or block.heading_like:
        made = {"type": "heading", "text": block.text, "level": max(1, heading_level)}
    else:
        made = {"type": "paragraph", "text": block.text}
    links = inline_links(block.runs)
    if links:
        made["links"] = links
    made["provenance"] = where
    return made


def example_from(runs: list[Run], element: str, path: str, strict: bool = False) -> dict | None:
    """Given an entry's runs ("Kent: <a>Use of SHREWD</a>: Use of…"), return the schema's example, or None if it is not one.

    The link's text is the example's title; a place before it ("Kent:", "West of England -")
    or inside it ("North Staffordshire: Track and triage") is the place; what follows, less
    its separator, is the description. `strict` (used inside tips) demands a place before the link.
    """
    split = split_at_first_link(runs)
    if split is None:
        return None
    before, link, after = split
    prefix, title = runs_text(before), runs_text(link)
    if prefix:
        match = _PLACE_PREFIX.match(prefix)
        if not match:
            return None
        place = match.group("place").strip()
    elif strict:
        return None
    else:
        place, title = split_place_title(title)
    description = strip_separators(runs_text(after)) or None
    return {"place": place, "title": title, "description": description, "url": link[0].url,
            "provenance": [_where(path, element)]}


def material_from(runs: list[Run], element: str, path: str) -> dict | None:
    """Given an entry's runs, return the schema's material (its whole published wording, first link as url), or None without a link."""
    links = inline_links(runs)
    if not links:
        return None
    made = {"title": runs_text(runs), "url": links[0]["url"]}
    if len(links) > 1:
        made["links"] = links
    made["provenance"] = [_where(path, element)]
    return made


def tips_from(items: list[Item], path: str, heading: str | None) -> tuple[list[dict], list[tuple[dict, list[Run]]]]:
    """Given a tips list's items, return (tips nested as published, examples published as tips with their runs).

    A tip that starts with a place and a link ("Durham: <a>Multi-disciplinary discharge
    teams</a>: Teams Around Patients…") is an example of practice set in the tips list, not a
    tip; its nested items, if any, stay tips one level up. Walks iteratively in document order.
    """
    tips: list[dict] = []
    examples: list[tuple[dict, list[Run]]] = []
    stack = [(it, tips, True) for it in reversed(items)]
    while stack:
        source, target, top = stack.pop()
        example = example_from(source.runs, source.element, path, strict=True)
        if example is not None:
            examples.append((example, source.runs))
            stack.extend((child, target, top) for child in reversed(source.children))
            continue
        tip = {"text": source.text, "children": []}
        if heading and top:
            tip["heading"] = heading
        tip["provenance"] = [_where(path, source.element)]
        target.append(tip)
        stack.extend((child, tip["children"], False) for child in reversed(source.children))
    return tips, examples


def levels_from(block: Block, path: str) -> list[dict] | None:
    """Given a list block, return the five levels if its items are "Label: definition" for the level labels, else None."""
    if block.kind != "list" or not block.items:
        return None
    by_label = {strip_accents_fold(label): key for key, label in DEFAULT_LEVEL_LABELS.items()}
    found: dict[str, dict] = {}
    for item in block.items:
        label, sep, definition = item.text.partition(":")
        key = by_label.get(strip_accents_fold(label))
        if not sep or key is None or key in found:
            return None
        found[key] = {"key": key, "label": normalise_space(label), "description": normalise_space(definition) or None,
                      "provenance": [_where(path, item.element)]}
    if len(found) < 3:
        return None
    return [found.get(key) or {"key": key, "label": DEFAULT_LEVEL_LABELS[key], "description": None}
            for key in LEVEL_KEYS]


# --- one change --------------------------------------------------------------------------------

@dataclass
class Built:
    """What building one part produced besides the part itself."""
    findings: list[dict] = field(default_factory=list)
    leftovers: list[Leftover] = field(default_factory=list)
    levels: list[dict] | None = None


def build_change(part: Part, path: str) -> tuple[dict, Built]:
    """Given a change's part, return the schema's item (without key) and its findings and leftovers."""
    number, subject = part.number, f"changes[number={part.number}]"
    item = {"number": number, "title": part.title, "titles": [], "summary": None,
            "statements": {"i": None, "we": None}, "tips": [], "examples": [], "materials": [], "matrix": None,
            "blocks": [], "provenance": [_where(path, part.heading.element)]}
    built = Built()
    summary: list[str] = []
    statements: list[str] = []
    state, label_block, placed_under_label = "summary", None, 0
    labels: list[tuple[str, Block, int]] = []
    matrix: dict | None = None
    tip_heading: str | None = None
    pending_orphan: Block | None = None
    tip_examples: list[tuple[dict, list[Run]]] = []

    def close_label():
        if label_block is not None:
            labels.append((state, label_block, placed_under_label))

    for block in part.blocks:
        label = label_of(block)
        if label:
            close_label()
            state, label_block, placed_under_label, tip_heading = label, block, 0, None
            if label == "matrix":
                matrix = {"block": block, "link": next((url for _, url in block.links if url), None), "images": []}
            continue
        placed_under_label += 1
        if block.kind == "image":
            if state == "matrix" and matrix is not None:
                matrix["images"].append(block)
            else:
                built.leftovers.append(Leftover(_where(path, block.element), _image_text(block),
                                                f"image in change {number}, not under its maturity-levels heading"))
            continue
        if state == "summary" and block.kind == "paragraph" and not block.heading_like:
            summary.append(block.text)
        elif state == "statements" and block.kind == "paragraph" and len(statements) < 2:
            statements.append(block.text)
        elif state == "tips" and block.kind == "list":
            tips, examples = tips_from(block.items, path, tip_heading)
            item["tips"].extend(tips)
            tip_examples.extend(examples)
        elif state == "tips" and block.heading_like:
            tip_heading = block.text
        elif state == "materials" and block.kind in {"paragraph", "list"}:
            entries = [(block.runs, block.element)] if block.kind == "paragraph" else \
                [(i.runs, i.element) for i in block.items]
            for runs, element in entries:
                made = material_from(runs, element, path)
                if made:
                    item["materials"].append(made)
                else:
                    item["blocks"].append(schema_block(Block("paragraph", element, runs), path))
        elif state == "examples" and block.kind in {"paragraph", "list"}:
            entries = [(block.runs, block.element)] if block.kind == "paragraph" else \
                [(i.runs, i.element) for i in block.items]
            for runs, element in entries:
                made = example_from(runs, element, path)
                if made:
                    built.findings += _example_findings(made, runs, number, subject)
                    if pending_orphan is not None and made["description"] is None:
                        # A description published above its example's title (change 1): it
                        # describes the example that follows and has none of its own.
                        made["description"] = pending_orphan.text
                        made["provenance"].insert(0, _where(path, pending_orphan.element))
                        built.findings.append(_description_before_title(pending_orphan, made, number, subject, path))
                        pending_orphan = None
                    item["examples"].append(made)
                elif pending_orphan is None and not inline_links(runs):
                    pending_orphan = Block("paragraph", element, runs)
                else:
                    item["blocks"].append(schema_block(Block("paragraph", element, runs), path))
        else:
            item["blocks"].append(schema_block(block, path))
    close_label()
    if pending_orphan is not None:          # no example followed it: keep it as a block
        item["blocks"].append(schema_block(pending_orphan, path))
        built.findings.append(finding(
            "example-without-title", "warning",
            f"Change {number}: a paragraph under the examples names no example (no link or title); it is kept "
            "in the change's blocks.", _where(path, pending_orphan.element), subject=f"{subject}.blocks",
            values=[pending_orphan.text]))

    item["summary"] = " ".join(summary) or None
    if statements:
        item["statements"]["i"] = statements[0]
    if len(statements) > 1:
        item["statements"]["we"] = statements[1]
    if tip_examples:
        item["examples"][0:0] = [e for e, _ in tip_examples]    # the tips come before the examples heading
        for example, runs in tip_examples:
            built.findings.append(_example_in_tips_finding(example, number, subject))
            built.findings += _example_findings(example, runs, number, subject)
    if matrix is not None:
        built.findings.append(_matrix_finding(matrix, number, subject, path))
    for name, block, count in labels:
        if count == 0 and name != "matrix":
            built.findings.append(finding(
                "empty-heading", "warning",
                f"The heading \"{block.text}\" in change {number} has nothing under it.",
                _where(path, block.element), subject=subject, values=[block.text],
                suggestion="Add the content the heading announces, or remove the heading."))
    if not item["blocks"]:
        del item["blocks"]
    return item, built


def _image_text(block: Block) -> str:
    return "; ".join(i.alt or f"image {i.src}" for i in block.images) or "image"


def _description_before_title(orphan: Block, example: dict, number: int, subject: str, path: str) -> dict:
    return finding("example-description-before-title", "info",
                   f"Change {number}: the description of the example \"{example['title']}\" comes before its title.",
                   [_where(path, orphan.element), example["provenance"][-1]], subject=f"{subject}.examples",
                   values=[orphan.text])


def _example_findings(example: dict, runs: list[Run], number: int, subject: str) -> list[dict]:
    """Given an example and its runs, return findings on how its entry is punctuated (a dash for a colon, no separator)."""
    out = []
    before, _, after = split_at_first_link(runs)
    prefix, rest = runs_text(before), runs_text(after)
    if prefix and not prefix.endswith(":"):
        out.append(finding("example-place-separator", "info",
                           f"Change {number}: the example \"{prefix} {example['title']}\" separates its place from its "
                           "title with a dash, not a colon as elsewhere.", example["provenance"][-1],
                           subject=f"{subject}.examples", values=[prefix]))
    if rest and rest == strip_separators(rest):
        out.append(finding("example-title-unclear", "info",
                           f"Change {number}: the example \"{example['title']}\" has no separator between its title and "
                           "its description; the link's text was taken as the title.", example["provenance"][-1],
                           subject=f"{subject}.examples", values=[example["title"], example["description"]]))
    return out


def _example_in_tips_finding(example: dict, number: int, subject: str) -> dict:
    name = f"{example['place']}: {example['title']}" if example["place"] else example["title"]
    return finding("example-in-tip-list", "warning",
                   f"Change {number}: the example \"{name}\" sits inside the tips list; it was read as an example.",
                   example["provenance"][0], subject=f"{subject}.examples", values=[name],
                   suggestion="Move it under the change's \"Examples of emerging and developing practice\" heading.")


def _matrix_finding(matrix: dict, number: int, subject: str, path: str) -> dict:
    block: Block = matrix["block"]
    where = [_where(path, block.element)]
    values: list[str | None] = []
    if matrix["link"]:
        target = f"a link to {matrix['link']}"
        values.append(matrix["link"])
    else:
        images = [image for b in matrix["images"] for image in b.images]
        where += [_where(path, b.element) for b in matrix["images"]]
        if images:
            image = images[0]
            alt = f"alt text \"{image.alt}\"" if image.alt else "no alt text"
            target = f"an image, {image.src} ({alt})"
            values += [image.link or image.src for image in images]
        else:
            target = "neither a link nor an image: only its heading is published"
    return finding("matrix-published-elsewhere", "info",
                   f"The maturity matrix of change {number} (\"{block.text}\") is not published inline; the page "
                   f"gives {target}.", where, subject=f"{subject}.matrix", values=values or None,
                   suggestion="Take the matrix from another manifestation of the edition (the PDF)." if values else None)


# --- sections ----------------------------------------------------------------------------------

def build_section(part: Part, key: str, title: str, rank: int | None, path: str) -> tuple[dict, Built]:
    """Given a section's part, return the schema's section (the level list, if any, goes to `levels`)."""
    built = Built()
    blocks: list[dict] = []
    last_heading: tuple[int, Block] | None = None
    for block in part.blocks:
        levels = levels_from(block, path)
        if levels is not None:
            built.levels = levels       # …and the list stays in the section, as published
        if block.kind == "image":
            built.leftovers.append(Leftover(_where(path, block.element), _image_text(block),
                                            "boilerplate: image with no text of its own"))
            continue
        level = 1
        if block.kind == "heading" and block.rank and rank:
            level = max(1, block.rank - rank)
        elif block.heading_like and last_heading:
            level = last_heading[0] + 1
        made = schema_block(block, path, level)
        if made["type"] == "heading":
            last_heading = (made["level"], block)
        blocks.append(made)
    section = {"key": key, "number": part.number, "title": title, "blocks": blocks}
    anchor = part.heading.element if part.heading is not None else (part.blocks[0].element if part.blocks else None)
    if anchor:
        section["provenance"] = [_where(path, anchor)]
    return section, built


# --- the page ----------------------------------------------------------------------------------

def furniture_leftovers(page: Page, inside: list, path: str) -> list[Leftover]:
    """Given the page and the furniture met inside its content, return them as boilerplate leftovers."""
    out = []
    for element, kind in page.furniture + [(el, furniture_kind(el)) for el in inside]:
        text = normalise_space(visible_text(element))
        if text:
            out.append(Leftover(_where(path, page.paths(element)), text, f"boilerplate: {kind}"))
    return out


def highlight_findings(blocks: list[Block], path: str) -> list[dict]:
    """Given the blocks, return a finding for each stretch of text the page highlights (a marker left in, e.g. "START HERE")."""
    out = []
    for block in blocks:
        entries = [(block.runs, block.element)]
        stack = list(block.items)
        while stack:
            it = stack.pop()
            entries.append((it.runs, it.element))
            stack.extend(it.children)
        for runs, element in entries:
            marked = normalise_space("".join(r.text for r in runs if r.highlighted))
            if marked:
                out.append(finding("highlighted-text", "warning",
                                   f"The page highlights \"{marked}\" with a background colour: an editorial marker "
                                   "left in the published text.", _where(path, element), values=[marked],
                                   suggestion="Remove the marker from the page."))
    return out


def mentions_hicm(page: Page, blocks: list[Block]) -> bool:
    """Given the page and its blocks, return True if its title or content names the High Impact Change Model."""
    texts = [page.title or ""] + [b.text for b in blocks] + [i.text for b in blocks for i in b.items]
    return any(_HICM_WORDS.search(strip_accents_fold(t)) for t in texts)


def extract(source: Source) -> Extraction:
    """Given a web page, return its model content, or its resource catalogue for a hub page."""
    path = source.path
    decoded = decode_page(source.data)
    tree = parse_page(decoded.text, path)
    page = find_page(tree, path)
    blocks, inside = read_blocks(page)
    leftovers = furniture_leftovers(page, inside, path)
    findings: list[dict] = []
    if decoded.problem:
        findings.append(finding("charset-mismatch", "warning", decoded.problem, {"path": path}))
    findings += highlight_findings(blocks, path)

    parts = split_parts(blocks)
    rank = section_rank(blocks)
    changes, sections, levels = [], [], None
    for part in parts:
        if part.kind == "change":
            item, built = build_change(part, path)
            changes.append(item)
        else:
            if part.kind == "introduction" and not part.blocks:
                continue
            title = part.title if part.kind == "section" else (page.title or "Introduction")
            key = "introduction" if part.kind == "introduction" else section_key(title)
            section, built = build_section(part, key, title, rank, path)
            sections.append(section)
            levels = built.levels or levels
        findings += built.findings
        leftovers += built.leftovers
    for section, key in zip(sections, unique_keys([s["key"] for s in sections])):
        section["key"] = key

    known_sections = sum(1 for s in sections if any(k == s["key"] for _, k in SECTION_KEYS)
                         and s["key"] != "introduction")
    is_model = bool(changes or levels or known_sections >= 2)
    hicm = mentions_hicm(page, blocks) or any(c["tips"] or c["statements"]["i"] for c in changes)
    if is_model and hicm:
        content = {"levels": levels or [], "sections": sections, "changes": changes, "enablers": [],
                   "action_plan": None, "findings": findings}
        if page.title:
            content["model_title"] = page.title
        return Extraction(content, leftovers)
    if hicm:
        resources, catalogue_findings, catalogue_leftovers = build_catalogue(blocks, path)
        if resources:
            return Extraction({"resources": resources, "findings": findings + catalogue_findings},
                              leftovers + catalogue_leftovers, catalogue=True)
    raise NotHicmContent(path)
