"""Perturbations: variants of the bundled manifestations, each changing one thing the way a new release might.

Each `Perturbation` edits one published file (its text, before any reader sees it) or one
document tree (after its format's reader, before the interpreter), and names the one thing it
changes: a change heading's separator or case, a sub-heading's synonym, the markup level of
headings, a matrix set as a table or as cells printed one after another, a table cut by a page
break. `cases()` lists every (manifestation, perturbation) pair that changes something, and
`read(case)` returns the record read from the unchanged and the changed input.

The test (tests/extract/test_perturbations.py) asks that a variant says the same model as the
unchanged file (`model_of`), or, for a perturbation that brings a wording the vocabulary does
not know, that nothing is lost and a finding names the place. Tree perturbations apply to every
format whose reader emits a tree (`extract.READERS` modules with `read`), so a new reader (the
PDF reader on pypdfium2) is covered as soon as it is registered.
"""
from __future__ import annotations

import copy
import hashlib
import importlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from extract import READERS
from extract.base import Source
from extract.doc import Box, Document, Heading, Paragraph, Run, Table, walk
from extract.interpret import interpret
from tests.support.paths import GOLDEN, SOURCE_DOCS

#: The bundled manifestations the perturbations start from (the hub page is a catalogue, not the model).
MANIFESTATIONS = ("2015/hicm-2015.txt", "2019/hicm-2019-refresh.txt", "2020/hicm-2020-draft.txt",
                  "2020/managing-transfers-of-care.txt", "2019/hicm-2019-refresh.html",
                  "2020/managing-transfers-of-care.html", "2015/hicm-2015.pdf", "2020/hicm-2020-draft.pdf")
_FORMATS = {".txt": "text", ".html": "html", ".pdf": "pdf"}


@dataclass(frozen=True)
class Perturbation:
    """One thing changed in a published file (`edit_text`) or in its document tree (`edit_tree`)."""
    name: str
    what: str
    edit_text: Callable[[str, str], str] | None = None       # (path, file text) → changed text
    edit_tree: Callable[[Document], None] | None = None      # changes the tree in place
    unknown: bool = False       # brings a wording the vocabulary does not know: findings, nothing lost

    @property
    def level(self) -> str:
        return "file" if self.edit_text else "tree"


@dataclass(frozen=True)
class Case:
    path: str
    perturbation: Perturbation

    @property
    def id(self) -> str:
        return f"{self.path.split('/')[-1]}:{self.perturbation.name}"


# --------------------------------------------------------------------------- file edits

def _sub(pattern: str, replacement, flags: int = re.M) -> Callable[[str, str], str]:
    """Return an edit replacing every match of pattern (a regular expression) in the file's text."""
    compiled = re.compile(pattern, flags)
    return lambda path, text: compiled.sub(replacement, text)


def _in_items(pattern: str, replacement, flags: int = re.M) -> Callable[[str, str], str]:
    """Return an edit like `_sub`, applied only after the first change's own heading (labels inside changes,
    never a front-matter section of the same name)."""
    compiled = re.compile(pattern, flags)
    first = re.compile(r"^Change \d+: |<h2[^>]*>(?:<strong>)?Change \d", re.M)

    def edit(path: str, text: str) -> str:
        found = first.search(text)
        if found is None:
            return text
        return text[:found.start()] + compiled.sub(replacement, text[found.start():])
    return edit


def _label(old: str, new: str) -> Callable[[str, str], str]:
    """Return an edit renaming a change's sub-heading, on its own line in text or as a whole heading in HTML."""
    text_edit = _in_items(rf"^{old}(:?)[ \t\u00a0]*$", lambda m: new + m.group(1))
    html_edit = _in_items(rf"(<(h\d|strong)[^>]*>){old}(?:&nbsp;|\s)*(</\2>)", lambda m: m.group(1) + new + m.group(3))
    return lambda path, text: html_edit(path, text) if path.endswith(".html") else text_edit(path, text)


_CHANGE_LINE = r"^Change (\d+): ([^\t\n]+?) *$"
_CHANGE_H2 = r"<h2([^>]*)>((?:(?!</h2>).)*?Change (?:&nbsp;|\s)*\d+(?:(?!</h2>).)*)</h2>"


def _change_separator(separator: str) -> Callable[[str, str], str]:
    """Return an edit setting every change heading as "Change N{separator}Title" (text and HTML)."""
    text_edit = _sub(_CHANGE_LINE, lambda m: f"Change {m.group(1)}{separator}{m.group(2)}")
    html_edit = _sub(r"(Change \d+):(?:&nbsp;|\s)*", lambda m: m.group(1) + separator)
    return lambda path, text: html_edit(path, text) if path.endswith(".html") else text_edit(path, text)


def _html_change_heading(template: str) -> Callable[[str, str], str]:
    """Return an edit re-marking each change's <h2> heading with template (given its attributes and inner HTML)."""
    return _sub(_CHANGE_H2, lambda m: template.format(attributes=m.group(1), inner=m.group(2)), re.S)


_LABELS_H3 = r"<h3>((?:&lsquo;|‘|<strong>)?(?:Making it Real|Tips for success|Supporting material|Examples of emerging)(?:(?!</h3>).)*)</h3>"


def _html_labels(template: str) -> Callable[[str, str], str]:
    return _sub(_LABELS_H3, lambda m: template.format(inner=m.group(1)), re.S)


def _numbered_changes(path: str, text: str) -> str:
    """Set each change heading as "N. Title" under a heading "The changes" (text)."""
    count = iter(range(1_000))
    return re.sub(_CHANGE_LINE, lambda m: ("The changes\n\n" if next(count) == 0 else "") + f"{m.group(1)}. {m.group(2)}",
                  text, flags=re.M)


def _title_on_next_line(path: str, text: str) -> str:
    return re.sub(_CHANGE_LINE, lambda m: f"Change {m.group(1)}\n{m.group(2)}", text, flags=re.M)


def _statement_leads(path: str, text: str) -> str:
    """Prefix each change's two statements with "I statement: " and "We statement: " (text)."""
    lines = text.split("\n")
    out, pending = [], 0
    for line in lines:
        if re.match(r"^[‘']Making it Real[’']\s*-\s*I/We statement\s*$", line):
            pending = 2
        elif pending and line.strip():
            line = ("We statement: " if line.startswith("We ") else "I statement: ") + line
            pending -= 1
        out.append(line)
    return "\n".join(out)


def _matrix_as_table(path: str, text: str) -> str:
    """Replace each matrix printed cell by cell (the 2015 text) by a tab-separated table of the same cells."""
    record = json.loads((GOLDEN / "manifestations" / f"{path}.json").read_text(encoding="utf-8"))
    matrices = iter(change["matrix"] for change in record["changes"])
    header = "Not yet established Plans in place Established Mature Exemplary"
    out, skipping = [], False
    for line in text.split("\n"):
        if line.strip() == header:
            matrix = next(matrices)
            out.append("\tNot yet established\tPlans in place\tEstablished\tMature\tExemplary")
            out += ["\t" + "\t".join(row["cells"].values()) for row in matrix["rows"]]
            skipping = True
            continue
        if skipping and (line.startswith(" 4. The model") or line.startswith("Change ")):
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out)


def _matrix_over_two_pages(path: str, text: str) -> str:
    """Cut each tab-separated matrix after its first row by a page stamp, and repeat its header on the next page."""
    lines, out = text.split("\n"), []
    header = None
    for index, line in enumerate(lines):
        out.append(line)
        if line.startswith("\tNot yet established"):
            header = line
        elif header and "\t" in line and index + 1 < len(lines) and "\t" in lines[index + 1]:
            out += ["", "Page 999", "", header]
            header = None
    return "\n".join(out)


def _levels_as_lines(path: str, text: str) -> str:
    """Set the level definitions as "Level – definition" lines instead of "• Level: definition" bullets (text)."""
    return re.sub(r"^\s*•\s*(Not yet established|Plans in place|Established|Mature|Exemplary): (.*)$",
                  lambda m: f"\n{m.group(1)} \u2013 {m.group(2)}", text, flags=re.M)


def _levels_as_table(path: str, text: str) -> str:
    return re.sub(r"^\s*•\s*(Not yet established|Plans in place|Established|Mature|Exemplary): (.*)$",
                  lambda m: f"{m.group(1)}\t{m.group(2)}", text, flags=re.M)


_HTML_LEVEL = r"<li><strong>(Not yet established|Plans in place|Established|Mature|Exemplary)</strong>: ([^<]*)</li>"


def _html_levels(kind: str) -> Callable[[str, str], str]:
    """Return an edit setting the level definitions list as a definition list or a two-column table."""
    def edit(path: str, text: str) -> str:
        pairs = re.findall(_HTML_LEVEL, text)
        if not pairs:
            return text
        if kind == "dl":
            made = "<dl>" + "".join(f"<dt>{label}</dt><dd>{words}</dd>" for label, words in pairs) + "</dl>"
        else:
            made = ("<table><tbody>" + "".join(f"<tr><th scope=\"row\">{label}</th><td>{words}</td></tr>"
                                               for label, words in pairs) + "</tbody></table>")
        return re.sub(r"<ul>\s*(?:" + _HTML_LEVEL + r"\s*)+</ul>", made, text, count=1)
    return edit


def _html_details(path: str, text: str) -> str:
    """Wrap each change (its heading and everything up to the next one) in a closed <details>, the heading its summary."""
    heads = list(re.finditer(_CHANGE_H2 + r"|<p><strong>Change \d+:[^<]*</strong><br />", text, re.S))
    if not heads:
        return text
    end = text.index("</div>", heads[-1].end())
    pieces, position = [], 0
    for index, head in enumerate(heads):
        stop = heads[index + 1].start() if index + 1 < len(heads) else end
        summary = re.sub(r"<[^>]+>", "", head.group(0))
        body = text[head.end():stop]
        if head.group(0).startswith("<p>"):
            body = "<p>" + body
        pieces += [text[position:head.start()], f"<details><summary>{summary}</summary>", body, "</details>\n"]
        position = stop
    return "".join(pieces) + text[position:]


# --------------------------------------------------------------------------- tree edits

def _headings_as_bold_paragraphs(document: Document) -> None:
    """Every marked-up heading becomes a paragraph set wholly in bold (a CMS editor's "heading")."""
    def swap(blocks: list) -> None:
        for index, block in enumerate(blocks):
            if isinstance(block, Heading):
                blocks[index] = Paragraph([Run(r.text, bold=True, link=r.link, line_break=r.line_break) for r in block.runs],
                                          provenance=block.provenance)
            elif isinstance(block, Box):
                swap(block.children)
    swap(document.body)


def _headings_one_level_down(document: Document) -> None:
    for block in walk(document.body):
        if isinstance(block, Heading):
            block.level = min(6, block.level + 1)


def _matrix_tables_split(document: Document) -> None:
    """Cut every matrix table after its first body row, as a page break does; the part after repeats the header."""
    from extract.vocabulary import level_header

    def split(blocks: list) -> None:
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if isinstance(block, Box):
                split(block.children)
            elif isinstance(block, Table) and len(block.rows) > 2 and level_header([c.text for c in block.rows[0].cells]):
                header = copy.deepcopy(block.rows[0])
                header.header = True
                rest = Table([header] + block.rows[2:], continued=True, provenance=block.provenance)
                block.rows = block.rows[:2]
                blocks.insert(index + 1, rest)
                index += 1
            index += 1
    split(document.body)


# --------------------------------------------------------------------------- the catalogue

PERTURBATIONS: tuple[Perturbation, ...] = (
    # Change headings: separator, case, title on the next line, numbered under "The changes".
    Perturbation("change-dot", '"Change 3: Title" → "Change 3. Title"', _change_separator(". ")),
    Perturbation("change-en-dash", '"Change 3: Title" → "Change 3 – Title"', _change_separator(" \u2013 ")),
    Perturbation("change-em-dash", '"Change 3: Title" → "Change 3 — Title"', _change_separator(" \u2014 ")),
    Perturbation("change-hyphen", '"Change 3: Title" → "Change 3 - Title"', _change_separator(" - ")),
    Perturbation("change-upper-case", '"Change 3" → "CHANGE 3"', _sub(r"^Change (\d+)", r"CHANGE \1")),
    Perturbation("change-title-next-line", '"Change 3: Title" → "Change 3" with the title on the next line',
                 _title_on_next_line),
    Perturbation("change-numbered", '"Change 3: Title" → "3. Title" under a heading "The changes"', _numbered_changes),
    # The parts of a change: every synonym of the list.
    Perturbation("tips-top-tips", '"Tips for success" → "Top tips"', _label("Tips for success", "Top tips")),
    Perturbation("tips-tips", '"Tips for success" → "Tips"', _label("Tips for success", "Tips")),
    Perturbation("examples-of-practice", '"Examples of emerging and developing practice" → "Examples of practice"',
                 _label("Examples of emerging and developing practice", "Examples of practice")),
    Perturbation("examples-practice-examples", '… → "Practice examples"',
                 _label("Examples of emerging and developing practice", "Practice examples")),
    Perturbation("examples-case-studies", '… → "Case studies"',
                 _label("Examples of emerging and developing practice", "Case studies")),
    Perturbation("materials-further-resources", '"Supporting materials" → "Further resources"',
                 _label("Supporting [Mm]aterials?", "Further resources")),
    Perturbation("materials-useful-resources", '… → "Useful resources"', _label("Supporting [Mm]aterials?", "Useful resources")),
    Perturbation("materials-resources", '… → "Resources"', _label("Supporting [Mm]aterials?", "Resources")),
    Perturbation("materials-further-reading", '… → "Further reading"', _label("Supporting [Mm]aterials?", "Further reading")),
    Perturbation("statements-i-and-we", '"‘Making it Real’- I/We statement" → "Making it real: I and We statements"',
                 _label("(?:‘|'|&lsquo;)Making it Real(?:’|'|&rsquo;)\\s*-\\s*I/We statement", "Making it real: I and We statements")),
    Perturbation("statements-labelled", 'each statement opens "I statement:" or "We statement:"', _statement_leads),
    # Matrices and levels.
    Perturbation("matrix-as-table", "the matrix cells printed one after another → a tab-separated table", _matrix_as_table),
    Perturbation("matrix-over-two-pages", "each matrix cut by a page stamp, its header row repeated", _matrix_over_two_pages),
    Perturbation("matrix-theme-heading", 'the matrix header\'s blank theme cell → "Theme"',
                 _sub(r"^\tNot yet established", "Theme\tNot yet established")),
    Perturbation("matrix-header-upper-case", "the matrix header's level names in capitals",
                 _sub(r"^\tNot yet established\tPlans in place\tEstablished\tMature\tExemplary",
                      "\tNOT YET ESTABLISHED\tPLANS IN PLACE\tESTABLISHED\tMATURE\tEXEMPLARY")),
    Perturbation("levels-as-lines", 'the level definitions as "Level – definition" lines', _levels_as_lines),
    Perturbation("levels-as-table", "the level definitions as a two-column table", _levels_as_table),
    Perturbation("levels-as-dl", "the level definitions as a definition list", _html_levels("dl")),
    Perturbation("levels-as-html-table", "the level definitions as a two-column table", _html_levels("table")),
    Perturbation("contents-dot-leaders", "the contents list with dot leaders instead of tabs",
                 _sub(r"^(Change \d+\s*[\u2013-]\s*[^\t\n]+)\t(\d+)$", r"\1 ........ \2")),
    # Web-page markup.
    Perturbation("html-change-h3", "change headings <h2> → <h3>", _html_change_heading("<h3{attributes}>{inner}</h3>")),
    Perturbation("html-change-bold", "change headings <h2> → <p><strong>", _html_change_heading("<p><strong>{inner}</strong></p>")),
    Perturbation("html-labels-h4", "sub-headings <h3> → <h4>", _html_labels("<h4>{inner}</h4>")),
    Perturbation("html-labels-bold", "sub-headings <h3> → <p><strong>", _html_labels("<p><strong>{inner}</strong></p>")),
    Perturbation("html-sections-h3", "front-matter headings <h2> → <h3>", _sub(r"<(/?)h2>", r"<\1h3>")),
    Perturbation("html-changes-in-details", "each change in a closed <details>, its heading the summary", _html_details),
    # The tree, whatever the format.
    Perturbation("tree-headings-bold", "every marked-up heading → a bold paragraph", edit_tree=_headings_as_bold_paragraphs),
    Perturbation("tree-headings-down", "every heading one level lower", edit_tree=_headings_one_level_down),
    Perturbation("tree-matrix-split", "every matrix table cut after its first row, header repeated", edit_tree=_matrix_tables_split),
    # A wording the vocabulary does not know: findings, nothing lost.
    Perturbation("tips-unknown-label", '"Tips for success" → "Things that help" (not in the vocabulary)',
                 _label("Tips for success", "Things that help"), unknown=True),
    Perturbation("examples-unknown-label", '"Examples of emerging and developing practice" → "Stories from the field"',
                 _label("Examples of emerging and developing practice", "Stories from the field"), unknown=True),
)


# --------------------------------------------------------------------------- reading

def _format(path: str) -> str:
    return _FORMATS[path[path.rindex("."):]]


def tree_formats() -> set[str]:
    """Return the formats whose reader emits a document tree (the tree perturbations apply to them)."""
    return {fmt for fmt, module in READERS.items() if hasattr(importlib.import_module(module), "read")}


def _source(path: str, data: bytes) -> Source:
    return Source(path=path, data=data, sha256=hashlib.sha256(data).hexdigest(), format=_format(path), edition_id=None)


@lru_cache(maxsize=None)
def original_text(path: str) -> str:
    return (SOURCE_DOCS / path).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def tree_of(path: str) -> Document:
    module = importlib.import_module(READERS[_format(path)])
    return module.read(_source(path, (SOURCE_DOCS / path).read_bytes()))


def changed_input(case: Case):
    """Given a case, return its changed file text (file perturbation) or tree (tree perturbation), or None when
    the perturbation changes nothing in that manifestation."""
    perturbation = case.perturbation
    if perturbation.edit_text:
        if _format(case.path) == "pdf":
            return None
        text = original_text(case.path)
        changed = perturbation.edit_text(case.path, text)
        return changed if changed != text else None
    if _format(case.path) not in tree_formats():
        return None
    tree = copy.deepcopy(tree_of(case.path))
    before = repr(tree)
    perturbation.edit_tree(tree)
    return tree if repr(tree) != before else None


def cases() -> list[Case]:
    """Return every (manifestation, perturbation) pair in which the perturbation changes something."""
    return [Case(path, p) for path in MANIFESTATIONS for p in PERTURBATIONS
            if changed_input(Case(path, p)) is not None]


@lru_cache(maxsize=None)
def original_content(path: str) -> dict:
    return interpret(copy.deepcopy(tree_of(path))).content


def read(case: Case) -> tuple[dict, dict]:
    """Given a case, return (the content read from the unchanged manifestation, the content read from the variant)."""
    changed = changed_input(case)
    if case.perturbation.edit_text:
        module = importlib.import_module(READERS[_format(case.path)])
        tree = module.read(_source(case.path, changed.encode("utf-8")))
    else:
        tree = changed
    return original_content(case.path), interpret(tree).content


# --------------------------------------------------------------------------- comparing

def _words(value) -> str:
    """Given a section's blocks, return their words in order (list items and table cells included), without
    punctuation: how they are marked up (a list, a table or "Label: definition" lines, a heading's level) is the
    page's business, what they say is the model's."""
    out: list[str] = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key in ("text", "items", "rows", "children"):
                if key in node:
                    stack.append(node[key])
        elif isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, str):
            out.append(node)
    return " ".join(re.findall(r"\w+", " ".join(out)))


def _strip(value):
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ("provenance",)}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def model_of(content: dict) -> dict:
    """Given a record's content, return what its model says: levels, sections (key, number, title, words),
    changes and enablers field by field, the action plan; no locations and no findings."""
    return {
        "levels": _strip(content.get("levels", [])),
        "sections": [{"key": s["key"], "number": s["number"], "title": s["title"], "words": _words(s["blocks"])}
                     for s in content.get("sections", [])],
        "changes": _strip(content.get("changes", [])),
        "enablers": _strip(content.get("enablers", [])),
        "action_plan": _strip(content.get("action_plan")),
    }
