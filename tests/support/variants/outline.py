"""A record laid out as a document: the one place that decides what a rendering says, and in what order.

`outline(record, wording, levels_form)` returns an `Outline`: the title, then nested `Part`s
(front-matter sections, changes, enablers and each of their parts, the action plan), whose
bodies hold plain nodes (paragraphs of inline runs, nested lists, tables, definition lists,
sub-headings). The HTML, text and Word writers only set these nodes in their format, so a
wording choice reaches every format at once (the same split as pandoc's readers, AST and
writers).

Order: the record's sections in order (the section keyed `levels` holds the level
definitions, set as `levels_form` says), then the changes, then the enablers, then the action
plan. Within an item: summary, statements, tips, examples, materials, matrix, other blocks.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from schema.model import DEFAULT_LEVEL_LABELS, LEVEL_KEYS
from tests.support.variants.wording import Wording

LEVELS_FORMS = ("table", "definitions", "lines")


@dataclass(frozen=True)
class Run:
    """A stretch of inline text: bold, italic, or a link to `url`."""
    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None


@dataclass
class Paragraph:
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class SubHeading:
    """A heading inside a part's body; `level` 1 is the first level below the part's own heading."""
    level: int
    text: str


@dataclass
class ListItem:
    runs: list[Run]
    children: list["ListItem"] = field(default_factory=list)


@dataclass
class BulletList:
    items: list[ListItem]
    ordered: bool = False


@dataclass
class Table:
    """A table: `rows` of cell texts, the first `header_rows` of them headers; `row_headers` marks column 0 as row headers.

    `role` says what it holds (matrix, levels, statements, plan, table) so a writer can set it
    apart (e.g. a matrix on a landscape page).
    """
    rows: list[list[str]]
    header_rows: int = 1
    row_headers: bool = False
    role: str = "table"


@dataclass
class Definitions:
    """A definition list: (term, definition) pairs."""
    pairs: list[tuple[str, str]]


@dataclass
class Part:
    """A titled stretch of the document.

    `role` is `section` (front matter, the action plan, a grouping section such as "The
    changes"), `item` (a change or enabler), or `part` (statements, tips, examples,
    materials, matrix of an item). `heading` is one line, or two for a "Change 3" / title
    heading; `anchor` is a stable id for links and accordions.
    """
    role: str
    heading: tuple[str, ...]
    anchor: str
    body: list = field(default_factory=list)


@dataclass
class Outline:
    """The document: its title and its parts.

    When `title_part` is true the first part is the title itself (a cover section, or a
    section headed with the model's title, as on the 2019 web page): writers set its heading
    as the document title rather than repeating the title above it.
    """
    title: str
    parts: list[Part]
    title_part: bool = False


def outline(record: dict, wording: Wording, levels_form: str = "table") -> Outline:
    """Given an edition record, a wording and how to set the level definitions, return the document's outline."""
    if levels_form not in LEVELS_FORMS:
        raise ValueError(f"unknown levels form {levels_form!r} (known: {', '.join(LEVELS_FORMS)})")
    labels = _level_labels(record)
    parts = [_section(section, record, wording, levels_form) for section in record.get("sections", [])]
    for group in ("changes", "enablers"):
        items = [_item(group, item, wording, labels) for item in record.get(group) or []]
        holder = wording.grouping_section(group)
        if holder and items:
            parts.append(Part("section", (holder,), f"{group}", items))
        else:
            parts.extend(items)
    if record.get("action_plan"):
        parts.append(_action_plan(record, wording))
    first = (record.get("sections") or [{}])[0]
    title_part = first.get("key") == "cover" or first.get("title") == record["model"]["title"]
    return Outline(parts[0].heading[0] if title_part else record["model"]["title"], parts, title_part)


def _level_labels(record: dict) -> list[str]:
    by_key = {level["key"]: level["label"] for level in record.get("levels") or []}
    return [by_key.get(key, DEFAULT_LEVEL_LABELS[key]) for key in LEVEL_KEYS]


def runs_with_links(text: str, links: list[dict] | None) -> list[Run]:
    """Given a text and links whose texts occur in it, return runs with each link's text linked (in order)."""
    runs, rest = [], text
    for link in links or []:
        at = rest.find(link["text"])
        if at < 0 or not link["text"]:
            continue
        if at:
            runs.append(Run(rest[:at]))
        runs.append(Run(link["text"], url=link.get("url")))
        rest = rest[at + len(link["text"]):]
    if rest or not runs:
        runs.append(Run(rest))
    return runs


def _list_items(items: list[dict]) -> list[ListItem]:
    return [ListItem(runs_with_links(i["text"], i.get("links")), _list_items(i.get("children") or [])) for i in items]


def blocks_body(blocks: list[dict]) -> list:
    """Given a section's (or item's) blocks, return them as outline nodes."""
    body = []
    for block in blocks:
        kind = block["type"]
        if kind == "heading":
            body.append(SubHeading(block.get("level", 1), block["text"]))
        elif kind == "paragraph":
            body.append(Paragraph(runs_with_links(block["text"], block.get("links"))))
        elif kind == "list":
            body.append(BulletList(_list_items(block.get("items") or []), bool(block.get("ordered"))))
        elif kind == "table":
            body.append(Table([list(r) for r in block.get("rows") or []]))
    return body


def _section(section: dict, record: dict, wording: Wording, levels_form: str) -> Part:
    number = section.get("number")
    title = f"{number}. {section['title']}" if number is not None and wording.section_numbers else section["title"]
    body = levels_body(record, levels_form) if section["key"] == "levels" else blocks_body(section["blocks"])
    return Part("section", (title,), section["key"], body)


def levels_body(record: dict, form: str) -> list:
    """Given a record, return its level definitions as a two-column table, a definition list or lines."""
    levels = [(level["label"], level.get("description") or "") for level in record.get("levels") or []]
    if form == "table":
        return [Table([["Level", "What it means"]] + [[label, text] for label, text in levels], role="levels")]
    if form == "definitions":
        return [Definitions(levels)]
    return [Paragraph([Run(f"{label} \u2013 {text}")]) for label, text in levels]


def _item(group: str, item: dict, wording: Wording, labels: list[str]) -> Part:
    anchor = f"{group[:-1]}-{item['number']}"
    body: list = []
    if item.get("summary"):
        body.append(Paragraph([Run(item["summary"])]))
    statements = item.get("statements") or {}
    if statements.get("i") or statements.get("we"):
        body.append(Part("part", (wording.part(wording.statements),), f"{anchor}-statements",
                         _statements(statements, wording)))
    if item.get("tips"):
        body.append(Part("part", (wording.part(wording.tips),), f"{anchor}-tips", _tips(item["tips"])))
    if item.get("examples"):
        body.append(Part("part", (wording.part(wording.examples),), f"{anchor}-examples",
                         [_example(e, wording) for e in item["examples"]]))
    if item.get("materials"):
        body.append(Part("part", (wording.part(wording.materials),), f"{anchor}-materials",
                         [BulletList([ListItem(_material_runs(m)) for m in item["materials"]])]))
    if item.get("matrix") and item["matrix"].get("rows"):
        table = _matrix(item["matrix"]["rows"], labels, wording)
        if wording.matrix:
            body.append(Part("part", (wording.part(wording.matrix),), f"{anchor}-matrix", [table]))
        else:
            body.append(table)
    tip_headings = _tip_headings(item.get("tips") or [])
    body.extend(blocks_body([b for b in item.get("blocks") or []
                             if not (b["type"] == "heading" and b.get("text") in tip_headings)]))
    return Part("item", wording.item_heading_lines(group, item["number"], item["title"]), anchor, body)


def _statements(statements: dict, wording: Wording) -> list:
    pairs = [(who, statements[key]) for who, key in (("I", "i"), ("We", "we")) if statements.get(key)]
    form = wording.statement_form
    if form == "table":
        return [Table([[who, text] for who, text in pairs], header_rows=0, row_headers=True, role="statements")]
    if form == "paragraphs":
        return [Paragraph([Run(text, italic=True)]) for _, text in pairs]
    label = {"labelled": "{} statement: ", "quoted": "\u2018{}\u2019 statement: ", "short": "{}: "}[form]
    return [Paragraph([Run(label.format(who), bold=True), Run(text)]) for who, text in pairs]


def _tip_headings(tips: list[dict]) -> set[str]:
    found, stack = set(), list(tips)
    while stack:
        tip = stack.pop()
        if tip.get("heading"):
            found.add(tip["heading"])
        stack.extend(tip.get("children") or [])
    return found


def _tips(tips: list[dict]) -> list:
    """Given tips, return nested lists, with a sub-heading wherever the top-level tips' `heading` changes."""
    body, current, heading = [], None, None
    for tip in tips:
        if tip.get("heading") != heading:
            heading = tip.get("heading")
            if heading:
                body.append(SubHeading(1, heading))
            current = None
        if current is None:
            current = BulletList([])
            body.append(current)
        current.items.append(_tip_item(tip))
    return body


def _tip_item(tip: dict) -> ListItem:
    return ListItem([Run(tip["text"])], [_tip_item(child) for child in tip.get("children") or []])


def _example(example: dict, wording: Wording) -> Paragraph:
    runs = []
    if example.get("place"):
        runs.append(Run(f"{example['place']}: ", bold=True))
    runs.append(Run(example["title"], url=example.get("url")))
    if example.get("description"):
        runs.append(Run(f"{wording.example_separator}{example['description']}"))
    return Paragraph(runs)


def _material_runs(material: dict) -> list[Run]:
    if material.get("links"):
        return runs_with_links(material["title"], material["links"])
    return [Run(material["title"], url=material.get("url"))]


def _matrix(rows: list[dict], labels: list[str], wording: Wording) -> Table:
    themed = any(row.get("theme") for row in rows)
    header = ([wording.theme_header] if themed else []) + labels
    body = [([row.get("theme") or ""] if themed else []) + [row["cells"][key] for key in LEVEL_KEYS] for row in rows]
    return Table([header] + body, header_rows=1, row_headers=themed, role="matrix")


def _action_plan(record: dict, wording: Wording) -> Part:
    plan = record["action_plan"]
    names = {item["key"]: (group, item["number"]) for group in ("changes", "enablers")
             for item in record.get(group) or [] if item.get("key")}
    header = [""] + [column["label"] for column in plan.get("columns", [])]
    rows = [[wording.plan_row(*names.get(row["key"], (None, None)), row["label"])] + [""] * (len(header) - 1)
            for row in plan.get("rows", [])]
    return Part("section", (plan.get("title") or "Action plan",), "action-plan",
                [Table([header] + rows, header_rows=1, row_headers=True, role="plan")])
