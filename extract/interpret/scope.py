"""Which pages of a paged file hold the model; the others (an agenda pack's other papers) are out of scope.

A release may be bound into a longer file: the 2020 draft was published inside a council's
agenda pack, other reports before it and after it, every page stamped from 259. The reader
reads every page; this step decides, from what the pages say, where the model is:

- a page *shows the model* when it holds a change or enabler heading, a label of a change's
  parts, a matrix header or a line of the level names, or names the model (its cover does);
  section titles such as "Introduction" or "Contents" do not count: other reports have them too;
- the model runs from the first such page to the last, and on to the last page of anything
  that began inside it (a table continued across pages), and to the page after it when that
  page opens nothing of its own (no heading: a back page with an address);
- pages outside that run are out of scope when there are at least `MIN_PAGES_OUT` of them on
  that side (a foreword or a back page is never cut off): their blocks are set aside, and one
  `out-of-scope-pages` finding per run of pages says which pages were not read and why.

Files without pages (web pages, text) are left as they are.
"""
from __future__ import annotations

from extract import vocabulary
from extract.doc import Block, Heading, Table
from extract.interpret.flow import Flow, item_heading, text
from extract.interpret.ledger import Ledger
from schema.model import location

#: Pages outside the model on one side are left out only when there are at least this many.
MIN_PAGES_OUT = 3


def _pages(block: Block) -> tuple[int, int] | None:
    """Given a block, return (first page, last page) of its provenance, or None when it has no page."""
    pages = [(where["page"], where.get("page_end", where["page"])) for where in block.provenance if "page" in where]
    if not pages:
        return None
    return min(p for p, _ in pages), max(p for _, p in pages)


def shows_model(block: Block) -> bool:
    """Given a block, return True when what it says belongs only to the model (see the module's list)."""
    if isinstance(block, Table):
        return bool(block.rows) and vocabulary.level_header([c.text for c in block.rows[0].cells]) is not None
    words = text(block)
    if not words:
        return False
    return bool(item_heading(block) or vocabulary.part_label(words) or vocabulary.level_line(words)
                or vocabulary.mentions_model(words))


def model_pages(blocks: list[Block]) -> tuple[int, int] | None:
    """Given the flow's blocks, return the (first, last) page of the model, its back page included, or None
    when the blocks have no pages or nothing shows the model."""
    spans = [(block, _pages(block)) for block in blocks]
    showing = [span for block, span in spans if span is not None and shows_model(block)]
    if not showing:
        return None
    first = min(p for p, _ in showing)
    last = max(p for _, p in showing)
    # anything that began inside the model (a table continued across pages) ends inside it
    last = max([last] + [end for _, span in spans if span is not None and first <= span[0] <= last
                         for end in [span[1]]])
    # the page after it is its back page (an address, a copyright line) unless it opens a paper of its own
    after = [block for block, span in spans if span is not None and span[0] == last + 1]
    if after and not any(isinstance(block, Heading) for block in after):
        last += 1
    return first, last


def set_out_of_scope(flow: Flow, ledger: Ledger) -> None:
    """Given the flow, set aside the blocks on pages outside the model (see the module docstring) and report
    each run of such pages once; the flow keeps only the model's blocks."""
    found = model_pages(flow.blocks)
    if found is None:
        return
    first, last = found
    pages = [span for span in (_pages(b) for b in flow.blocks) if span is not None]
    if not pages:
        return
    start, end = min(p for p, _ in pages), max(p for _, p in pages)
    cut: list[tuple[int, int]] = []
    if first - start >= MIN_PAGES_OUT:
        cut.append((start, first - 1))
    if end - last >= MIN_PAGES_OUT:
        cut.append((last + 1, end))
    if not cut:
        return
    kept = []
    for block in flow.blocks:
        span = _pages(block)
        if span is not None and any(low <= span[0] <= high for low, high in cut):
            ledger.set_aside(block, "out of scope: a page outside the model")
        else:
            kept.append(block)
    flow.blocks = kept
    for low, high in cut:
        ledger.report("out-of-scope-pages",
                      f"Pages {low}-{high} hold no part of the model (other papers bound into the same file, "
                      f"such as an agenda pack's); they were read and set aside.",
                      location(ledger.path, page=low, page_end=high if high > low else None))
