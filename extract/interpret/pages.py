"""The pages after the model, in a paged file that binds it into other papers (an agenda pack).

What comes before the model's title is set aside by `model_starts` (extract/interpret/__init__.py).
What comes after it is harder: after an action plan the file may go on with an appendix of the
model, which the interpreter reports block by block. But a model with no action plan (2019)
has nothing to end it, and an agenda pack's later reports would become the last change's
blocks. So, for a file with pages only:

- a page *shows the model* when it holds a change or enabler heading, a label of a change's
  parts, a line of the level names or a matrix header, an action-planning table, or names the
  model (an action plan printed on a page of its own is the model's last page, not the first of
  the other papers);
- the model ends at the last such page, or at the last page of anything that began on or
  before it (a table continued across pages), and on the page after it when that page opens
  nothing of its own (no heading: a back page with an address);
- at least `MIN_PAGES_AFTER` pages after that are set aside, reported once as
  `outside-the-model`. Fewer are left to the rest of the interpreter: a short appendix, a
  stray paragraph, is reported block by block, never lost.
"""
from __future__ import annotations

from extract import vocabulary
from extract.doc import Block, Heading, Table
from extract.interpret.flow import Flow, item_heading, text
from extract.interpret.ledger import Ledger
from extract.interpret.segment import is_action_plan_table
from schema.model import location

#: At least this many pages with nothing of the model after it are the file's other papers.
MIN_PAGES_AFTER = 3


def page_span(block: Block) -> tuple[int, int] | None:
    """Given a block, return (first page, last page) of its provenance, or None when it has no page."""
    pages = [(place["page"], place.get("page_end", place["page"])) for place in block.provenance if "page" in place]
    if not pages:
        return None
    return min(p for p, _ in pages), max(p for _, p in pages)


def shows_model(block: Block) -> bool:
    """Given a block, return True when what it says belongs only to the model (see the module's list)."""
    if isinstance(block, Table):
        return bool(block.rows) and (vocabulary.level_header([c.text for c in block.rows[0].cells]) is not None
                                     or is_action_plan_table(block))
    words = text(block)
    if not words:
        return False
    return bool(item_heading(block) or vocabulary.part_label(words) or vocabulary.level_line(words)
                or vocabulary.mentions_model(words))


def last_model_page(blocks: list[Block]) -> int | None:
    """Given the flow's blocks, return the model's last page (its back page included), or None when the blocks have
    no pages or nothing shows the model."""
    spans = [(block, page_span(block)) for block in blocks]
    showing = [span for block, span in spans if span is not None and shows_model(block)]
    if not showing:
        return None
    last = max(end for _, end in showing)
    last = max([last] + [end for _, span in spans if span is not None and span[0] <= last for end in [span[1]]])
    after = [block for block, span in spans if span is not None and span[0] == last + 1]
    if after and not any(isinstance(block, Heading) for block in after):
        last += 1
    return last


def set_aside_pages_after(flow: Flow, ledger: Ledger) -> None:
    """Given the flow, set aside the blocks on pages after the model when there are at least MIN_PAGES_AFTER of
    them (see the module docstring), report them once, and keep only the model's blocks in the flow."""
    last = last_model_page(flow.blocks)
    if last is None:
        return
    end = max((span[1] for span in map(page_span, flow.blocks) if span is not None), default=last)
    if end - last < MIN_PAGES_AFTER:
        return
    after = [block for block in flow.blocks if (page_span(block) or (0, 0))[0] > last]
    for block in after:
        ledger.set_aside(block, "not part of the model: the file's pages after it")
    flow.blocks = [block for block in flow.blocks if (page_span(block) or (0, 0))[0] <= last]
    ledger.report("outside-the-model", f"Pages {last + 1}-{end} hold no part of the model (other papers bound into "
                  "the same file, such as an agenda pack's later reports); they are set aside.",
                  location(ledger.path, page=last + 1, page_end=end), values=[text(after[0])[:200]] if after else None)
