"""One entry of a change's examples, materials or tips, read from its inline runs.

An example of practice names a place, a title and maybe a description, most often around a
link: "Kent: <a>Use of SHREWD</a>: Use of a daily…", "<a>Bath: Home first/D2A</a> – A step
down…", "West of England - <a>Reducing DTOC…</a>". A text rendering may have lost the link:
"Kent: Use of SHREWD: Use of a daily…". A supporting material is its whole wording, with its
first link as its address (and all its links when more than one has a target). Nothing here knows which change an entry belongs to; the findings
it raises say what was odd about the entry's punctuation.
"""
from __future__ import annotations

import re

from extract.base import split_place_title
from extract.doc import Run, reads_as_heading, text_of
from extract.interpret.front import inline_links
from pipeline.core.text import normalise_space

#: An example's "Place: " (or "Place – ") before its linked title.
_PLACE_PREFIX = re.compile(r"^(?P<place>[A-Z][^:;.!?]{0,60}?)\s*(?::|\s[-\u2013\u2014])\s*$")
#: An example's "Place: rest" without a link: up to five capitalised words (joined by and/of/upon/on/&).
_PLACE = re.compile(r"^(?P<place>[A-Z][\w'\u2019.&-]*(?:\s+(?:and|of|upon|on|&|[A-Z][\w'\u2019.&-]*)){0,4})\s*:\s+"
                    r"(?P<rest>\S.*)$")
_LEADING_SEPARATORS = re.compile(r"^[\s:;,\-\u2013\u2014]+")


def strip_separators(text: str) -> str:
    """Given the text after a link ("– A summary…", ": Use of…"), return it without its leading separator."""
    return _LEADING_SEPARATORS.sub("", text)


def split_at_first_link(runs: list[Run]) -> tuple[list[Run], list[Run], list[Run]] | None:
    """Given runs, return (before, the first link's runs, after), or None when they hold no link."""
    start = next((i for i, r in enumerate(runs) if r.is_link and r.text.strip()), None)
    if start is None:
        return None
    end = start + 1
    while end < len(runs) and (runs[end].line_break or runs[end].link == runs[start].link):
        end += 1
    while end > start + 1 and runs[end - 1].line_break:
        end -= 1
    return runs[:start], runs[start:end], runs[end:]


def example_from_link(runs: list[Run], in_tips: bool = False) -> tuple[dict, list[tuple[str, str, list]]] | None:
    """Given an entry's runs, return (the example, notes on its punctuation) if it is an example around a link.

    The link's text is the title; a place before the link ("Kent:", "West of England -") or
    inside it ("North Staffordshire: Track and triage") is the place; what follows, less its
    separator, is the description. Inside a tips list only an entry with a place before its
    link is an example. A note is (code, message tail, values).
    """
    split = split_at_first_link(runs)
    if split is None:
        return None
    before, link, after = split
    prefix, title = text_of(before), text_of(link)
    if prefix:
        match = _PLACE_PREFIX.match(prefix)
        if not match:
            return None
        place = match.group("place").strip()
    elif in_tips:
        return None
    else:
        place, title = split_place_title(title)
    rest = text_of(after)
    description = strip_separators(rest) or None
    example = {"place": place, "title": title, "description": description, "url": link[0].link or None}
    notes = []
    if prefix and not prefix.endswith(":"):
        notes.append(("example-place-separator",
                      f"the example \"{prefix} {title}\" separates its place from its title with a dash, not a colon "
                      "as elsewhere.", [prefix]))
    if rest and rest == strip_separators(rest):
        notes.append(("example-title-unclear",
                      f"the example \"{title}\" has no separator between its title and its description; the link's "
                      "text was taken as the title.", [title, description]))
    return example, notes


def example_from_text(text: str, in_tips: bool = False) -> tuple[dict, list[tuple[str, str, list]]] | None:
    """Given an entry's text without a link, return (the example, notes) if it reads as one.

    "Place: Title: description", "Place: Title – description" and "Place: Title" are examples
    (" : " or a spaced en dash is the separator; otherwise the first ": " or " - " after the title is). A
    short line reading as a heading is an example's title alone, outside a tips list.
    """
    match = _PLACE.match(text)
    if not match:
        if not in_tips and reads_as_heading(text) and len(text.split()) <= 12:
            return {"place": None, "title": text, "description": None, "url": None}, []
        return None
    place, rest = match.group("place"), match.group("rest")
    title, description = rest, None
    # " : " is the clearest separator, then a spaced dash (a title may hold " - "), then ": " or " - ".
    spaced = re.search(r"\s+:\s+", rest) or re.search(r"\s+[\u2013\u2014]\s+", rest)
    found = [m for m in (re.search(r"\s*:\s+", rest), re.search(r"\s+-\s+", rest)) if m]
    separator = spaced or (min(found, key=lambda m: m.start()) if found else None)
    if separator:
        title, description = rest[:separator.start()], rest[separator.end():]
    example = {"place": normalise_space(place), "title": normalise_space(title),
               "description": normalise_space(description) if description else None, "url": None}
    notes = []
    if description is None and len(example["title"].split()) > 10:
        notes.append(("example-title-unclear",
                      f"the example \"{example['place']}: {example['title'][:60]}…\" has no separator between its "
                      "title and its description; the whole text was kept as the title.",
                      [example["title"], None]))
    return example, notes


def example_from(runs: list[Run], in_tips: bool = False) -> tuple[dict, list] | None:
    """Given an entry's runs, return (the example, notes) if it is an example, with or without its link."""
    if any(run.is_link for run in runs):
        return example_from_link(runs, in_tips)
    return example_from_text(text_of(runs), in_tips)


def material_from(runs: list[Run]) -> dict:
    """Given an entry's runs, return the schema's material: its whole wording, its first link's target as url."""
    links = inline_links(runs)
    made = {"title": text_of(runs), "url": links[0]["url"] if links else None}
    if sum(1 for link in links if link["url"]) > 1:
        made["links"] = links       # the targets beyond the first, which `url` cannot hold
    return made
