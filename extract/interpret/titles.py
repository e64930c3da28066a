"""Every other place a document names a change: the contents, the overview, a list of the
changes, the action plan's rows. Each wording becomes a title variant of the change it names;
an overview's summary becomes an alternate summary (and a finding when it differs).
"""
from __future__ import annotations

import re

from extract import vocabulary
from pipeline.core.text import normalise_space
from extract.doc import ListBlock, Paragraph, Table, lines_of, text_of
from extract.interpret.ledger import Ledger, provenance_of
from extract.interpret.segment import Region


def split_title(words: str, known_titles: list[str], summary: str | None) -> tuple[str | None, str]:
    """Given "Title. Summary" or "Title Summary" text, return (title, summary).

    Tried in order: where the change's own summary starts in the text; a known title at the
    start; the first sentence.
    """
    if summary:
        opening = " ".join(summary.split()[:4])
        found = words.find(opening)
        if found > 0:
            return words[:found].strip().rstrip("."), words[found:].strip()
    for title in sorted((t for t in known_titles if t), key=len, reverse=True):
        if words.lower().startswith(title.lower()) and len(words) > len(title):
            rest = words[len(title):]
            if rest[:1] in (".", " "):
                return words[:len(title)], rest.lstrip(". ").strip()
    match = re.match(r"^(?P<title>[^.]{3,160}?)\.\s+(?P<rest>[A-Z\u2018'\"].*)$", words)
    if match:
        return match.group("title").strip(), match.group("rest").strip()
    return None, words


def contents_titles(region: Region, ledger: Ledger) -> dict[tuple[str, int], str]:
    """Given the contents region, return (group, number) → title for every change or enabler entry it lists."""
    titles: dict[tuple[str, int], str] = {}
    if region.head is not None:
        ledger.set_aside(region.head, "contents list heading")
    for block in region.blocks:
        lines: list[str] = []
        if isinstance(block, Table):
            lines = [" ".join(cell.text for cell in row.cells) for row in block.rows]
        elif isinstance(block, Paragraph):
            lines = [text_of(line) for line in lines_of(block.runs)]
        elif isinstance(block, ListBlock):
            lines = [item.text for item in block.items]
        entries = [vocabulary.contents_entry(line) for line in lines if line]
        if not entries or not all(entries):
            continue
        for label, _ in entries:
            found = vocabulary.item_heading(label)
            if found and found.title:
                titles[(found.group, found.number)] = found.title
        ledger.set_aside(block, "contents list entry (section title and page number)")
        if any(vocabulary.item_heading(label) for label, _ in entries):
            ledger.place(block)
    return titles


def read_overview(region: Region, ledger: Ledger, known_titles: list[str],
                  summary: str | None) -> tuple[str | None, dict | None]:
    """Given another occurrence of a change (the overview), return (its title, its summary as an alternate)."""
    ledger.place(region.head)
    paragraphs: list[Paragraph] = []
    for block in region.blocks:
        if not isinstance(block, Paragraph):
            continue
        if paragraphs and not block.text[:1].islower():
            break
        paragraphs.append(block)
    title = region.title
    if not paragraphs:
        return title, None
    ledger.place(*paragraphs)
    words = " ".join(p.text for p in paragraphs)
    if title is None:
        title, words = split_title(words, known_titles, summary)
    alternate = {"text": words, "context": "overview", "provenance": provenance_of(region.head, *paragraphs)}
    return title, alternate


def compare_summaries(item: dict, alternate: dict, ledger: Ledger) -> None:
    """Report a change whose overview summary is worded differently from its own."""
    ours, theirs = item["summary"] or "", alternate["text"]
    if normalise_space(ours) != normalise_space(theirs):
        group = "Change" if item["_group"] == "changes" else "Enabler"
        ledger.report("summary-differs",
                      f"{group} {item['number']}'s summary on the overview differs from the one in its own section.",
                      [item["provenance"][0], alternate["provenance"][0]] if item["provenance"] else alternate["provenance"],
                      subject=f"{item['_group']}[number={item['number']}].summary", values=[ours, theirs],
                      suggestion="Make the two wordings the same in the next release.")


def list_titles(sections: list[dict], items: list[dict]) -> None:
    """Add the items of a front-matter list naming every change, in order, to the changes' title variants."""
    if not items:
        return
    for section in sections:
        for block in section["blocks"]:
            if block["type"] == "list" and len(block["items"]) == len(items) and \
                    all(not entry["children"] for entry in block["items"]) and \
                    sum(_shares_a_word(e["text"], i["title"]) for e, i in zip(block["items"], items)) * 2 >= len(items):
                for entry, item in zip(block["items"], items):
                    item["_variants"].append(vocabulary.without_trailing_note(entry["text"]))
                return


def unique_titles(title: str, variants: list[str]) -> list[str]:
    """Given a change's title and the other wordings found, return each other wording once, in order."""
    out: list[str] = []
    for variant in variants:
        if variant and variant != title and variant not in out:
            out.append(variant)
    return out


def _shares_a_word(a: str, b: str) -> bool:
    """Given two titles, return True when they share a word (case and punctuation aside)."""
    def words(t: str) -> set[str]:
        return set(re.sub(r"[^a-z0-9]+", " ", vocabulary.fold(t)).split())
    return bool(words(a) & words(b))
