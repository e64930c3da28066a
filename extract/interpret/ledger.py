"""What the interpreter has done with each block of a document: placed it, set it aside, or not.

Every block of the flow (extract/interpret/flow.py) ends up placed in the record, set aside as
boilerplate (with what it is), or left over; the leftovers are what `hicm ingest --coverage`
lists and what the pipeline reports as `unplaced-content`. Findings are collected here too,
each with the one severity its code has (schema.model.SEVERITY).
"""
from __future__ import annotations

from extract.base import Leftover
from extract.doc import Block, Cell, Document, Heading, Image, ListBlock, ListItem, Paragraph, Rule, Table
from schema.model import SEVERITY, finding, location


def span(locations: list[dict]) -> dict:
    """Given locations in one file in reading order, return one location covering them all.

    Text lines become one line range; pages become a page range from the first location (its
    bounding box kept); an HTML element path is the first one's.
    """
    first = locations[0]
    if all("line" in loc for loc in locations):
        start = min(loc["line"] for loc in locations)
        end = max(loc.get("line_end", loc["line"]) for loc in locations)
        return location(first["path"], line=start, line_end=end if end > start else None)
    if all("page" in loc for loc in locations):
        last = max(loc.get("page_end", loc["page"]) for loc in locations)
        return location(first["path"], page=first["page"], bbox=first.get("bbox"),
                        page_end=last if last > first["page"] else None, note=first.get("note"))
    return dict(first)


def provenance_of(*blocks) -> list[dict]:
    """Given blocks in reading order, return their provenance as one location (or none when they have none)."""
    locations = [loc for block in blocks if block is not None for loc in block.provenance[:1]]
    return [span(locations)] if locations else []


def block_text(block) -> str:
    """Given a block, return its text for a coverage report: a list's items and a table's cells joined."""
    if isinstance(block, (Heading, Paragraph, ListItem, Cell)):
        return block.text
    if isinstance(block, ListBlock):
        return "; ".join(item.text for item in block.items)
    if isinstance(block, Table):
        return " / ".join(" | ".join(cell.text for cell in row.cells) for row in block.rows)
    if isinstance(block, Image):
        return block.alt or f"image {block.src}"
    return ""


class Ledger:
    """Placement and findings for one document."""

    def __init__(self, document: Document):
        self.document = document
        self.path = document.path
        self.placed: set[int] = set()
        self.aside: dict[int, str] = {}
        self.left_out: dict[int, str] = {}
        self.findings: list[dict] = []

    def place(self, *blocks) -> None:
        """Record blocks as placed in the record."""
        for block in blocks:
            if block is not None:
                self.placed.add(id(block))

    def set_aside(self, block, what: str) -> None:
        """Record a block as boilerplate: never content, still listed by the coverage report."""
        self.aside[id(block)] = what

    def leave_out(self, block, why: str) -> None:
        """Record a block as content left out of the record on purpose, and why (a finding says so too)."""
        self.left_out[id(block)] = why

    def is_aside(self, block) -> bool:
        return id(block) in self.aside

    def is_placed(self, block) -> bool:
        return id(block) in self.placed

    def report(self, code: str, message: str, places: list[dict] | dict | None, **extra) -> dict:
        """Add a finding with its code's one severity, and return it."""
        found = finding(code, SEVERITY[code], message, places, **extra)
        self.findings.append(found)
        return found

    def leftovers(self, blocks: list[Block]) -> list[Leftover]:
        """Given the flow's blocks, return a Leftover for each block neither placed nor empty, and for the furniture."""
        out: list[tuple[tuple, Leftover]] = []
        for order, block in enumerate(blocks):
            if id(block) in self.placed or isinstance(block, Rule):
                continue
            text = block_text(block)
            if not text and not isinstance(block, Image):
                continue
            here = block.provenance[0] if block.provenance else location(self.path)
            reason = (f"boilerplate: {self.aside[id(block)]}" if id(block) in self.aside
                      else self.left_out.get(id(block), "not placed: the interpreter found no place for this content"))
            out.append((_order(here, order), Leftover(here, text, reason)))
        for order, piece in enumerate(self.document.furniture):
            here = piece.provenance[0] if piece.provenance else location(self.path)
            out.append((_order(here, len(blocks) + order), Leftover(here, piece.text, f"boilerplate: {piece.kind}")))
        out.sort(key=lambda pair: pair[0])
        return [leftover for _, leftover in out]


def _order(loc: dict, fallback: int) -> tuple:
    """Given a location, return a key that sorts leftovers in reading order (lines, then pages, then as met)."""
    return (loc.get("line", 0), loc.get("page", 0), fallback if "line" not in loc and "page" not in loc else 0)
