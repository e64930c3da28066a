"""The model's vocabulary: every phrase the interpreter relies on, read from vocabulary.toml.

One place for every format: the interpreter (extract/interpret/) is the only code that reads
the model's words, and it reads them here, so a section, a change's tips or a level gets the
same key whichever file it came from, and a new release's wording is taught once, in the data
file, with no code change. Format readers never import this module (a test says so).

Each function takes published text and answers one question ("is this a tips label?", "which
level is this?"); matching is on `fold`ed text, so case, accents, quotes and dash styles never
matter.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.core.text import normalise_space, slug, strip_accents_fold
from schema.model import LEVEL_KEYS

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.toml")

_QUOTES = re.compile(r"['\"`\u2018\u2019\u201c\u201d]")
_DASHES = "-\u2013\u2014\u2012"
#: Nothing longer than this is a heading, a label or a contents entry (and the patterns never
#: see a hostile file's hundred-thousand-character line).
MAX_HEADING_CHARS = 300


def fold(text: str) -> str:
    """Given a label as published, return the form the vocabulary matches: lower case, no accents or
    quotes, dashes as "-", spaces folded, a closing ":" or "." dropped."""
    return _QUOTES.sub("", strip_accents_fold(text)).rstrip(" :.;,").strip()


def _compile(patterns: list[str]) -> list[re.Pattern]:
    return [re.compile(p) for p in patterns]


@dataclass(frozen=True)
class _Vocabulary:
    """The data file, compiled."""
    item_words: dict[str, str]                       # folded word → group ("changes" | "enablers")
    item_heading: re.Pattern
    item_sections: dict[str, list[re.Pattern]]       # group → section titles holding "N. Title" items
    sections: list[tuple[str, list[re.Pattern]]]
    parts: list[tuple[str, list[re.Pattern]]]
    statement_leads: list[tuple[str, re.Pattern]]
    levels: list[tuple[str, list[re.Pattern]]]
    theme_headings: list[re.Pattern]
    definition_headings: list[re.Pattern]
    columns: list[tuple[str, list[re.Pattern]]]
    row_headings: list[re.Pattern]
    trailing_note: re.Pattern
    boilerplate: list[tuple[str, list[re.Pattern]]]
    mentions: list[re.Pattern]


@lru_cache(maxsize=1)
def vocabulary() -> _Vocabulary:
    """Return the vocabulary data file, compiled (read once)."""
    data = tomllib.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
    items = data["items"]
    words = {fold(word): group for group in ("changes", "enablers") for word in items[group]}
    alternatives = "|".join(re.escape(w).replace("\\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    heading = re.compile(rf"^(?P<word>{alternatives})\s+(?P<number>\d{{1,2}})(?![\d/,%])"
                         rf"(?:\s*[:.)\u2013\u2014\-]\s*|\s+|$)(?P<title>.*)$", re.IGNORECASE)
    statement_leads = []
    for which in ("i", "we"):
        leads = "|".join(re.escape(lead).replace("'", "['\u2018\u2019\"]?") for lead in
                         sorted(data["statements"][which], key=len, reverse=True))
        statement_leads.append((which, re.compile(rf"^['\u2018\u2019\"]?(?:{leads})['\u2018\u2019\"]?\s*[:\u2013\u2014-]\s+(?P<rest>\S.*)$",
                                                  re.IGNORECASE)))
    action = data["action_plan"]
    return _Vocabulary(
        item_words=words, item_heading=heading,
        item_sections={"changes": _compile(items["changes_sections"]), "enablers": _compile(items["enablers_sections"])},
        sections=[(key, _compile(p)) for key, p in data["sections"].items()],
        parts=[(key, _compile(p)) for key, p in data["parts"].items()],
        statement_leads=statement_leads,
        levels=[(key, _compile(data["levels"][key])) for key in LEVEL_KEYS],
        theme_headings=_compile(data["matrix"]["theme_headings"]),
        definition_headings=_compile(data["matrix"]["definition_headings"]),
        columns=[(key, _compile(action[key])) for key in ("now", "actions", "by-when", "success")],
        row_headings=_compile(action["row_headings"]),
        trailing_note=re.compile(data["overview"]["trailing_note"]),
        boilerplate=[(what, _compile(p)) for what, p in data["boilerplate"].items()],
        mentions=_compile(data["mentions"]["model"]),
    )


def _full(patterns: list[re.Pattern], folded: str) -> bool:
    return any(p.fullmatch(folded) for p in patterns)


# --------------------------------------------------------------------------- changes and enablers

@dataclass(frozen=True)
class ItemHeading:
    """What a change or enabler heading says: its group, number and title (None when on the next line)."""
    group: str          # changes | enablers
    number: int
    title: str | None


_DOT_LEADERS = re.compile(r"\.{3,}")
_PAGE_NUMBER_AT_END = re.compile(r"\d{1,3}$")


def _has_page_number(text: str) -> bool:
    """Given a line, return True if it ends like a contents entry: dot leaders, or a page number set off by a
    tab or two spaces."""
    if _DOT_LEADERS.search(text):
        return True
    text = text.rstrip()
    number = _PAGE_NUMBER_AT_END.search(text)
    return number is not None and text[:number.start()].endswith(("\t", "  "))


def item_heading(text: str) -> ItemHeading | None:
    """Given a heading's text, return what it says if it opens a change or an enabler ("Change 3 – Title").

    A contents entry (a title with a page number or dot leaders) is not a heading.
    """
    if len(text) > MAX_HEADING_CHARS or _has_page_number(text):
        return None
    match = vocabulary().item_heading.match(normalise_space(text))
    if match is None:
        return None
    group = vocabulary().item_words[fold(match["word"])]
    title = match["title"].strip(" " + _DASHES + ":.")
    return ItemHeading(group, int(match["number"]), normalise_space(title) or None)


def contents_entry(text: str) -> tuple[str, str | None] | None:
    """Given a contents line ("Change 4 – Home first ........ 16", "2. Purpose\t4"), return (label, page), or None."""
    text = normalise_space(text)
    number = _PAGE_NUMBER_AT_END.search(text)
    if len(text) > MAX_HEADING_CHARS or number is None or not text[:number.start()].strip(" ."):
        return None
    label = text[:number.start()]
    if not (label.endswith(" ") or _DOT_LEADERS.search(label)):
        return None
    return _DOT_LEADERS.sub(" ", label).strip(" ."), number.group(0)


def items_section(title: str) -> str | None:
    """Given a section title, return "changes" or "enablers" if numbered headings under it are changes or enablers."""
    folded = fold(title)
    for group, patterns in vocabulary().item_sections.items():
        if _full(patterns, folded):
            return group
    return None


# --------------------------------------------------------------------------- sections

_NUMBERED = re.compile(r"^(?P<number>\d{1,2})\s*[.)]\s*(?P<title>\S.*)$")


def numbered_heading(text: str) -> tuple[int, str] | None:
    """Given a heading's text, return (number, title) when it is numbered ("2. Purpose of the model", "1.Introduction")."""
    if len(text) > MAX_HEADING_CHARS:
        return None
    match = _NUMBERED.match(normalise_space(text))
    if match is None:
        return None
    return int(match["number"]), match["title"]


def known_section(title: str) -> str | None:
    """Given a heading's text, return its section key if the vocabulary names it, else None."""
    folded = fold(title)
    for key, patterns in vocabulary().sections:
        if any(p.search(folded) for p in patterns):
            return key
    return None


def section_key(title: str) -> str:
    """Given a section title without its number, return its stable key (a slug when the vocabulary does not know it)."""
    return known_section(title) or slug(fold(title), "section")


# --------------------------------------------------------------------------- parts of a change

def part_label(text: str) -> str | None:
    """Given a label's text, return the part of a change it opens: statements, tips, examples, materials or matrix."""
    folded = fold(text)
    if not folded or len(folded) > 120:
        return None
    for part, patterns in vocabulary().parts:
        if _full(patterns, folded):
            return part
    return None


def statement_lead(text: str) -> tuple[str, str] | None:
    """Given a paragraph, return ("i" or "we", the statement without its lead) if it opens with a lead ("I statement: …")."""
    for which, pattern in vocabulary().statement_leads:
        match = pattern.match(normalise_space(text))
        if match:
            return which, match["rest"]
    return None


# --------------------------------------------------------------------------- levels and matrices

def level_key(label: str) -> str | None:
    """Given a level's label as published ("Plans in place"), return its stable key, or None."""
    folded = fold(label).replace("-", " ")
    for key, patterns in vocabulary().levels:
        if _full(patterns, folded):
            return key
    return None


def level_header(cells: list[str]) -> tuple[list[str], str | None] | None:
    """Given a table's header cells, return (the five level labels as published, the theme heading or None)
    when its last five cells name the five levels in order and any cell before them heads a theme column."""
    cells = [normalise_space(c) for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    if len(cells) < 5 or len(cells) > 6:
        return None
    labels = cells[-5:]
    if [level_key(c) for c in labels] != list(LEVEL_KEYS):
        return None
    if len(cells) == 6:
        if not _full(vocabulary().theme_headings, fold(cells[0])):
            return None
        return labels, cells[0]
    return labels, None


def level_line(text: str) -> list[str] | None:
    """Given one printed line, return the five level labels as published if it is only they, in order ("Not yet
    established Plans in place Established Mature Exemplary"), else None."""
    text = normalise_space(text)
    words = text.split(" ")
    if len(words) > 25:
        return None
    labels: list[str] = []
    start = 0
    for key, _ in vocabulary().levels:
        for end in range(start + 1, min(len(words), start + 6) + 1):
            if level_key(" ".join(words[start:end])) == key:
                labels.append(" ".join(words[start:end]))
                start = end
                break
        else:
            return None
    return labels if start == len(words) else None


def definition_heading(cell: str) -> bool:
    """Given a header cell of a two-column table, return True if it heads levels or their definitions."""
    return _full(vocabulary().definition_headings, fold(cell))


# --------------------------------------------------------------------------- the action plan

def column_key(label: str) -> str:
    """Given an action-plan column heading, return its stable key (`now`, `actions`, `by-when`, `success`, else a slug)."""
    folded = fold(label)
    for key, patterns in vocabulary().columns:
        if any(p.search(folded) for p in patterns):
            return key
    return slug(folded, "column")


def row_heading(cell: str) -> bool:
    """Given the first header cell of a table, return True if it can head an action plan's row labels."""
    return _full(vocabulary().row_headings, fold(cell))


# --------------------------------------------------------------------------- other words

def without_trailing_note(text: str) -> str:
    """Given a list entry naming a change ("housing and related services (added in 2019)"), return it without the note."""
    return vocabulary().trailing_note.sub("", text).rstrip(".;, ")


def boilerplate(line: str) -> str | None:
    """Given one printed line, return what it is when it is publisher's boilerplate (address, copyright…), else None."""
    line = normalise_space(line)
    for what, patterns in vocabulary().boilerplate:
        if any(p.fullmatch(line) for p in patterns):
            return what
    return None


def mentions_model(text: str) -> bool:
    """Given text, return True if it names the High Impact Change Model."""
    folded = strip_accents_fold(text)
    return any(p.search(folded) for p in vocabulary().mentions)

