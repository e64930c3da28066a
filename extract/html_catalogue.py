"""A hub page's blocks into a resource catalogue: each linked title with its description and heading.

A resource is published as a paragraph (or list item) that starts with a link, followed by a
separator and a description ("<a>Home First / discharge to assess</a> – A summary…"), or as
a heading that is itself a link followed by a paragraph describing it. A paragraph with one
link inside its prose (the resource library) is a resource too, described by the whole
paragraph. What comes before the first heading is the page's own introduction.
"""
from __future__ import annotations

from extract.base import Leftover
from extract.html_blocks import Block, Run, run_links, runs_text, split_at_first_link, strip_separators
from schema.model import finding, location


def resource_from(runs: list[Run], element: str, section: str | None, path: str) -> dict | None:
    """Given an entry's runs, return the catalogue's resource, or None when the entry holds no link."""
    split = split_at_first_link(runs)
    if split is None:
        return None
    before, link, after = split
    title, url = runs_text(link), link[0].url
    if runs_text(before):
        if len(run_links(runs)) != 1:
            return None          # prose citing several things: not one resource
        description = runs_text(runs)
    else:
        description = strip_separators(runs_text(after)) or None
    return {"title": title, "url": url, "description": description, "section": section,
            "provenance": [location(path, element=element)]}


def _is_link_heading(block: Block) -> bool:
    links = block.links
    return len(links) == 1 and links[0][0] == block.text


def build_catalogue(blocks: list[Block], path: str) -> tuple[list[dict], list[dict], list[Leftover]]:
    """Given a hub page's blocks, return (resources, findings, leftovers)."""
    resources: list[dict] = []
    leftovers: list[Leftover] = []
    intro: list[Block] = []
    section: str | None = None
    awaiting_description: dict | None = None    # a resource published as a linked heading
    for block in blocks:
        if block.heading_like and _is_link_heading(block) and section is not None:
            made = resource_from(block.runs, block.element, section, path)
            resources.append(made)
            awaiting_description = made
            continue
        if block.heading_like:
            section, awaiting_description = block.text, None
            continue
        if block.kind == "image":
            leftovers.append(Leftover(location(path, element=block.element),
                                      "; ".join(i.alt or str(i.src) for i in block.images),
                                      "boilerplate: image with no text of its own"))
            continue
        if section is None:
            intro.append(block)
            continue
        entries = [(block.runs, block.element)] if block.kind == "paragraph" else \
            [(item.runs, item.element) for item in block.items]
        for runs, element in entries:
            made = resource_from(runs, element, section, path)
            if made is not None:
                resources.append(made)
                awaiting_description = None
            elif awaiting_description is not None and awaiting_description["description"] is None:
                awaiting_description["description"] = runs_text(runs)
                awaiting_description["provenance"].append(location(path, element=element))
                awaiting_description = None
            else:
                leftovers.append(Leftover(location(path, element=element), runs_text(runs) or block.kind,
                                          f"text under \"{section}\" that is not a resource entry"))
    findings = []
    if intro:
        where = [location(path, element=b.element) for b in intro]
        texts = [b.text or "; ".join(i.text for i in b.items) for b in intro]
        leftovers += [Leftover(w, t, "introduction of the hub page, not a resource") for w, t in zip(where, texts)]
        findings.append(finding(
            "unplaced-content", "info",
            f"The page's introduction ({len(intro)} block(s) before the first heading) is not a resource entry and "
            "is not in the catalogue.", where, values=[t[:200] for t in texts]))
    for leftover in leftovers:
        if not leftover.is_boilerplate and not leftover.reason.startswith("introduction"):
            findings.append(finding("unplaced-content", "warning",
                                    f"Content that could not be placed in the catalogue ({leftover.reason}): "
                                    f"\"{leftover.text[:120]}\"", leftover.where))
    return resources, findings, leftovers
