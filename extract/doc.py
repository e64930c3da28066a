"""The document tree: what every format reader emits and the one interpreter reads.

This module is the contract between the format readers (text, HTML, PDF) and the
interpreter, in the way pandoc's AST or Docling's `DoclingDocument` sit between their readers
and writers. A reader knows its format and nothing of the High Impact Change Model; it says
*what the page shows* (a heading, a bold paragraph, a table whose first row is a header) and
*where* (provenance). The interpreter decides what it *means* (a change, its tips, a matrix).
Nothing here holds a word of the model.

Shape (one `Document` per file)::

    Document
      path, format, title?, base_url?
      body:      [Node]            the content in reading order
      furniture: [Furniture]       running headers and footers, page stamps, navigation,
                                   cookie banners…: set aside, never content, still reported
      fields:    [FormField]       form fields not inside any table cell (PDF AcroForm)
      notes:     [Note]            what the reader itself noticed (decoding, damage), as
                                   finding-shaped facts with no model meaning

    Node = Heading | Paragraph | ListBlock | Table | Box | Image | Rule
      Heading     level 1..6, strength (how sure the reader is that it is a heading),
                  runs
      Paragraph   runs, lone_line (one printed line of its own: plain text's only heading sign)
      ListBlock   ordered, items: [ListItem(runs, children: [ListItem], marker)]
      Table       rows: [Row(cells: [Cell(runs, header, row_header, colspan, rowspan,
                  fields)])], header_rows, continued (a part of the table before it)
      Box         kind (aside | box | quote | details | panel | tab | term), title runs?,
                  children (boxes and asides; accordion panels and tabs are Boxes whose
                  `hidden` is True when the page shows them collapsed: hidden content is
                  still content; a definition list gives one `term` Box per term, its title
                  the term and its children the definition)
      Image       src, alt, link
      Rule        a horizontal rule or a page or column break the reader saw

Every node has `provenance`: a list of `Location`s in the schema's shape (`path` plus
`line`/`line_end` for text, `page`/`page_end`/`bbox` for PDF, `element` for HTML), so every
finding the interpreter raises can name where it came from.

Inline text is a list of `Run`s: text with its formatting (bold, italic, highlighted, a link
target). `text_of(runs)` joins them with whitespace folded (`pipeline.core.text.normalise_space`), the one
rule for every reader: whitespace is folded, line-break hyphenation is joined by the reader, wording is never
changed. Where a format prints lines (plain text, PDF), the reader keeps each line end as a
`Run(line_break=True)` between the lines' runs (a word hyphenated across the line end is joined
first, with no break), so `lines_of(runs)` gives the lines as printed: a flattened table's cells
are rebuilt from their line widths, and a line that is a heading of its own can be split off a
paragraph the reader could not tell it from.

Heading strength, from strongest to weakest:
  - `HEADING`: marked up as a heading (`<h2>`, a PDF line in a heading size or weight set
    apart from the body, a Markdown `#`, an underlined text line);
  - `BOLD_PARAGRAPH`: a short paragraph set wholly in bold (a CMS editor's "heading");
  - `RUN_IN`: a bold lead at the start of a paragraph ("**Tips:** first tip…"): the
    heading is the lead run(s), the rest of the paragraph follows as its content;
  - `LONE_LINE`: a paragraph that is one short line standing on its own, capitalised and
    without closing punctuation: the only sign of a heading plain text has. Readers of printed
    lines set `Paragraph.lone_line` for a one-line paragraph; the rest of the rule is here.
Readers emit a Paragraph for the last three and say nothing more: `heading_strength()` below
computes it, so every format applies the same rule.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Iterator, Union

from pipeline.core.text import normalise_space

#: A location in the schema's `$defs/location` shape: path, and line/line_end, page/page_end/
#: bbox, element, note as the format allows.
Location = dict


@dataclass(frozen=True)
class Run:
    """A stretch of inline text with one formatting."""
    text: str
    bold: bool = False
    italic: bool = False
    highlighted: bool = False     # a background colour or <mark>: often an editor's marker
    link: str | None = None       # the link target; "" for a link with no usable target
    line_break: bool = False      # a line end (<br>, a line ending inside a cell, a printed line
                                  # end); its text is " ", or "" where a word was joined across it

    @property
    def is_link(self) -> bool:
        return self.link is not None


def text_of(runs: list[Run]) -> str:
    """Given inline runs, return their text with whitespace folded.

    A line-break run reads as its own text: " " (a space), or "" where the reader joined a word
    hyphenated across the line end.
    """
    return normalise_space("".join(run.text for run in runs))


def lines_of(runs: list[Run]) -> list[list[Run]]:
    """Given inline runs, return them split at their line breaks: one list of runs per line (at least one)."""
    lines: list[list[Run]] = [[]]
    for run in runs:
        if run.line_break:
            lines.append([])
        else:
            lines[-1].append(run)
    return lines


def links_of(runs: list[Run]) -> list[tuple[str, str | None]]:
    """Given inline runs, return (link text, target or None) for every link, adjacent runs of one link joined."""
    links: list[tuple[str, str | None]] = []
    previous: str | None = None
    for run in runs:
        if run.line_break and previous is not None:
            links[-1] = (links[-1][0] + run.text, links[-1][1])     # a link wrapped across a line end
            continue
        if run.link is None:
            previous = None
            continue
        target = run.link or None
        if previous is not None and links and previous == run.link:
            text, _ = links[-1]
            links[-1] = (normalise_space(text + run.text), target)
        else:
            links.append((normalise_space(run.text), target))
        previous = run.link
    return [(normalise_space(text), target) for text, target in links if normalise_space(text)]


class Strength(IntEnum):
    """How sure a reader is that a line of text is a heading (higher is surer)."""
    NONE = 0
    LONE_LINE = 1       # one short line on its own, capitalised, no closing punctuation (plain text)
    RUN_IN = 2          # a bold lead at the start of a paragraph
    BOLD_PARAGRAPH = 3  # a short paragraph set wholly in bold
    HEADING = 4         # marked up or typeset as a heading


#: A paragraph longer than this is never a bold-paragraph heading, however bold.
BOLD_HEADING_MAX_CHARS = 200
#: A lone line is a heading only when it is at most this long, in characters and in words.
LONE_LINE_MAX_CHARS = 90
LONE_LINE_MAX_WORDS = 14
#: What a heading does not end with (a lone line ending so is a sentence or a label).
_CLOSING = ".,;:!?\u2013-"


@dataclass
class Node:
    """What every node has: where it was read from."""
    provenance: list[Location] = field(default_factory=list, kw_only=True)


@dataclass
class Heading(Node):
    """A heading: `level` 1 (the page's title) to 6, as the format marks it."""
    level: int
    runs: list[Run]

    @property
    def text(self) -> str:
        return text_of(self.runs)


@dataclass
class Paragraph(Node):
    """A paragraph of inline runs. `lone_line`: a reader of printed lines (text, PDF) saw it as one
    line of its own, which may be a heading in a format that cannot mark one."""
    runs: list[Run]
    lone_line: bool = False

    @property
    def text(self) -> str:
        return text_of(self.runs)


@dataclass
class ListItem(Node):
    """One list item: its runs, its nested items, and the marker as published (•, -, 1., a)…)."""
    runs: list[Run]
    children: list["ListItem"] = field(default_factory=list)
    marker: str | None = None

    @property
    def text(self) -> str:
        return text_of(self.runs)


@dataclass
class ListBlock(Node):
    """A (possibly nested) list."""
    items: list[ListItem]
    ordered: bool = False


@dataclass
class FormField(Node):
    """A fillable form field (PDF AcroForm): its name and value as the file holds them."""
    name: str
    value: str | None = None
    kind: str = "text"            # text | checkbox | choice | signature


@dataclass
class Cell(Node):
    """One table cell: its runs (paragraphs inside a cell are joined with line breaks)."""
    runs: list[Run]
    header: bool = False          # <th>, or a cell of a header row
    row_header: bool = False      # <th scope="row">, or a first cell set apart (bold) from the row
    colspan: int = 1
    rowspan: int = 1
    fields: list[FormField] = field(default_factory=list)   # form fields that sit in this cell

    @property
    def text(self) -> str:
        return text_of(self.runs)


@dataclass
class Row(Node):
    """One table row."""
    cells: list[Cell]
    header: bool = False          # a header row (<thead>, repeated on every page, all <th>)


@dataclass
class Table(Node):
    """A table. `continued` marks a table the reader joined from parts across pages or columns
    (its provenance then has one location per part and a note saying so)."""
    rows: list[Row]
    continued: bool = False
    caption: list[Run] = field(default_factory=list)

    @property
    def header_rows(self) -> list[Row]:
        return [row for row in self.rows if row.header]

    @property
    def body_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.header]


@dataclass
class Image(Node):
    """An image in the content: its source, alt text as published, and the link around it."""
    src: str | None
    alt: str = ""
    link: str | None = None


@dataclass
class Rule(Node):
    """A separator the reader saw: a horizontal rule, or a page break inside the content."""
    kind: str = "rule"            # rule | page-break


@dataclass
class Box(Node):
    """A region set apart from the flow: an aside, a pull-out box, a quotation, an accordion
    panel, a tab panel. `title` is its summary/button/caption text; `hidden` says the page
    shows it collapsed (it is content all the same)."""
    kind: str                     # aside | box | quote | details | panel | tab | term
    children: list["Block"]
    title: list[Run] = field(default_factory=list)
    hidden: bool = False


Block = Union[Heading, Paragraph, ListBlock, Table, Box, Image, Rule]


@dataclass
class Furniture(Node):
    """Page furniture set aside by the reader: running header/footer, page stamp, navigation,
    cookie banner… `kind` says which, in the reader's own words; never content."""
    kind: str
    text: str


@dataclass
class Note(Node):
    """Something the reader noticed about the file itself (not the model): a charset that does
    not fit, a damaged page, a form field outside any table. Becomes a finding as it is."""
    code: str
    severity: str                 # error | warning | info
    message: str
    values: list[str] | None = None   # what the note is about (the stamp removed, the charset declared…)


@dataclass
class Document:
    """One file as a tree of blocks in reading order."""
    path: str
    format: str                   # text | html | pdf
    body: list[Block] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    fields: list[FormField] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    title: str | None = None      # the file's own title (<title>), when it has one; a PDF's metadata
                                  # title is not used: it is as often a file name as a title
    base_url: str | None = None   # the page's canonical address (relative links are resolved against it)


def heading_strength(block: Block) -> Strength:
    """Given a block, return how strongly its form says it is a heading.

    A Heading is HEADING; a Paragraph whose visible runs are all bold and that is at most
    BOLD_HEADING_MAX_CHARS long is BOLD_PARAGRAPH; a Paragraph that starts with a bold run
    followed by plain text is RUN_IN; a lone-line Paragraph that reads as a heading
    (`reads_as_heading`) and holds no link is LONE_LINE; anything else is NONE.
    """
    if isinstance(block, Heading):
        return Strength.HEADING
    if not isinstance(block, Paragraph):
        return Strength.NONE
    visible = [run for run in block.runs if run.text.strip()]
    if not visible:
        return Strength.NONE
    if all(run.bold for run in visible):
        return Strength.BOLD_PARAGRAPH if len(block.text) <= BOLD_HEADING_MAX_CHARS else Strength.NONE
    if visible[0].bold:
        return Strength.RUN_IN
    if block.lone_line and reads_as_heading(block.text) and not any(run.is_link for run in block.runs):
        return Strength.LONE_LINE
    return Strength.NONE


def reads_as_heading(text: str) -> bool:
    """Given one line's text, return True if it reads as a heading: short, capitalised, no closing punctuation.

    "The refreshed model" does; "Tips for success:" (a label) and "Ensure all staff are aware."
    (a sentence) do not; neither does "[links to come]" or a line starting in lower case.
    """
    text = normalise_space(text)
    return (0 < len(text) <= LONE_LINE_MAX_CHARS and len(text.split()) <= LONE_LINE_MAX_WORDS
            and text[-1] not in _CLOSING and not text[0].islower() and not text.startswith("["))


def run_in_lead(paragraph: Paragraph) -> tuple[list[Run], list[Run]]:
    """Given a paragraph, return (its leading bold runs, the rest); the lead is empty when it has none."""
    lead: list[Run] = []
    index = 0
    for index, run in enumerate(paragraph.runs):
        if run.text.strip() and not run.bold:
            break
        lead.append(run)
    else:
        index = len(paragraph.runs)
    return lead, paragraph.runs[index:]


def walk(blocks: list[Block]) -> Iterator[Block]:
    """Given blocks, yield each block and, depth first, every block inside a Box."""
    stack = list(reversed(blocks))
    while stack:
        block = stack.pop()
        yield block
        if isinstance(block, Box):
            stack.extend(reversed(block.children))


def to_plain(document: Document) -> dict:
    """Given a document, return it as plain JSON-able data (for `hicm ingest --tree` and tests)."""
    from dataclasses import fields, is_dataclass

    def convert(value):
        if is_dataclass(value):
            data = {"node": type(value).__name__}
            for f in fields(value):
                data[f.name] = convert(getattr(value, f.name))
            return data
        if isinstance(value, list):
            return [convert(item) for item in value]
        if isinstance(value, dict):
            return {key: convert(item) for key, item in value.items()}
        return value

    return convert(document)
