"""A page that lists resources about the model (the LGA hub page) as a resource catalogue.

A resource is an entry under a heading: a link followed by a separator and a description
("<a>Home First / discharge to assess</a> – A summary…"), a paragraph of prose citing one
link (described by the whole paragraph), "Title – Description" where a text rendering lost
the link (split at the last en dash, else the first " - "), or a title standing as a heading
(a linked heading, or a short line) followed by the paragraph that describes it, or a
"Title: subtitle" line alone. The headings name the resources' sections. What comes before
the first heading is the page's own introduction: not a resource, and reported as such.
"""
from __future__ import annotations

import re

from extract import vocabulary
from extract.doc import Image, ListBlock, Paragraph, links_of, text_of
from extract.interpret.entries import split_at_first_link, strip_separators
from extract.interpret.flow import is_heading, text
from extract.interpret.ledger import Ledger

_EN_DASH = re.compile(r"\s+\u2013\s+")
_HYPHEN = re.compile(r"\s+-\s+")


def split_resource(words: str) -> tuple[str, str | None] | None:
    """Given an entry's text, return (title, description) split at its last en dash (else first " - "), or None."""
    dashes = list(_EN_DASH.finditer(words))
    separator = dashes[-1] if dashes else _HYPHEN.search(words)
    if not separator or separator.start() == 0:
        return None
    title, description = words[:separator.start()].strip(), words[separator.end():].strip()
    if not title or len(title.split()) > 25:
        return None
    return title, description or None


def resource_from(runs, section: str | None, provenance: list[dict]) -> dict | None:
    """Given an entry's runs, return the catalogue's resource, or None when the entry is not one."""
    split = split_at_first_link(runs)
    if split is None:
        found = split_resource(text_of(runs))
        if found is None:
            return None
        title, description = found
        url = None
    else:
        before, link, after = split
        title, url = text_of(link), link[0].link or None
        if text_of(before):
            if len(links_of(runs)) != 1:
                return None          # prose citing several things: not one resource
            description = text_of(runs)
        else:
            description = strip_separators(text_of(after)) or None
    return {"title": title, "url": url, "description": description, "section": section,
            "provenance": list(provenance[:1])}


def _linked_heading(block) -> bool:
    links = links_of(block.runs)
    return len(links) == 1 and links[0][0] == block.text


def read_catalogue(blocks: list, ledger: Ledger, document_title: str | None) -> list[dict] | None:
    """Given the flow's blocks, return the resources if the page is a catalogue about the model, else None."""
    live = [b for b in blocks if not ledger.is_aside(b)]
    texts = [document_title or ""] + [text(b) or "; ".join(i.text for i in getattr(b, "items", [])) for b in live]
    if not any(vocabulary.mentions_model(t) for t in texts):
        return None
    resources: list[dict] = []
    intro: list = []
    section: str | None = None
    awaiting: dict | None = None              # a resource whose description may follow
    if live and document_title is None and is_heading(live[0]):
        ledger.set_aside(live[0], "page title (the catalogue's title comes from the manifest)")
        live = live[1:]
    for index, block in enumerate(live):
        following = live[index + 1] if index + 1 < len(live) else None
        if isinstance(block, Image):
            ledger.set_aside(block, "image with no text of its own")
            continue
        if is_heading(block) and section is not None and (_linked_heading(block) or _titles_next(block, following)
                                                          or ":" in block.text and split_resource(block.text) is None):
            # A resource's title standing as a heading; its description, if any, is the next paragraph.
            made = resource_from(block.runs, section, block.provenance) if _linked_heading(block) else \
                {"title": block.text, "url": None, "description": None, "section": section,
                 "provenance": list(block.provenance[:1])}
            resources.append(made)
            awaiting = made
            ledger.place(block)
            continue
        if is_heading(block) and split_resource(block.text) is None:
            section, awaiting = block.text, None
            ledger.place(block)
            continue
        if section is None:
            intro.append(block)
            continue
        entries = [(block.runs, block.provenance)] if isinstance(block, Paragraph) else \
            [(item.runs, item.provenance) for item in block.items] if isinstance(block, ListBlock) else []
        taken = 0
        for runs, provenance in entries:
            made = resource_from(runs, section, provenance)
            if made is not None:
                resources.append(made)
                awaiting = None
                taken += 1
            elif awaiting is not None and awaiting["description"] is None:
                awaiting["description"] = text_of(runs)
                awaiting["provenance"] += list(provenance[:1])
                awaiting = None
                taken += 1
        if taken == len(entries) and entries:
            ledger.place(block)
        else:
            ledger.leave_out(block, f"not a resource: text under \"{section}\" that is no resource entry")
            ledger.report("unplaced-content", f"Content under \"{section}\" is not a resource entry: "
                          f"\"{(text(block) or block.__class__.__name__)[:120]}\"", list(block.provenance[:1]),
                          values=[text(block)[:200]])
    if len(resources) < 3 and not any(r["url"] for r in resources):
        return None
    if intro:
        for block in intro:
            ledger.leave_out(block, "not a resource: the page's own introduction")
        ledger.report("catalogue-introduction",
                      f"The page's introduction ({len(intro)} block(s) before the first heading) is not a resource "
                      "entry and is not in the catalogue.", [b.provenance[0] for b in intro if b.provenance],
                      values=[(text(b) or "; ".join(i.text for i in getattr(b, "items", [])))[:200] for b in intro])
    if resources and not any(r["url"] for r in resources) and not any(
            run.is_link for b in blocks for run in getattr(b, "runs", [])):
        ledger.report("link-target-missing", f"The text rendering keeps no link targets: the {len(resources)} "
                      "resources have a null url.", [{"path": ledger.path}])
    return resources


def _titles_next(block, following) -> bool:
    """Given a short heading-like line and the block after it, return True if that block describes it (a long
    paragraph that is no resource entry itself)."""
    return (isinstance(following, Paragraph) and not is_heading(following) and not links_of(following.runs)
            and split_resource(following.text) is None)
