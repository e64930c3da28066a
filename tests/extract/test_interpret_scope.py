"""Which pages of a paged file hold the model (extract/interpret/scope.py), on hand-made trees."""
from __future__ import annotations

from extract.doc import Document, Heading, Paragraph, Run
from extract.interpret.flow import Flow
from extract.interpret.ledger import Ledger
from extract.interpret.scope import model_pages, set_out_of_scope


def para(page: int, words: str) -> Paragraph:
    return Paragraph([Run(words)], provenance=[{"path": "pack.pdf", "page": page, "bbox": [50, 100, 500, 120]}])


def heading(page: int, words: str) -> Heading:
    return Heading(2, [Run(words)], provenance=[{"path": "pack.pdf", "page": page, "bbox": [50, 60, 500, 80]}])


def pack(before: int, after: int, back_page: bool = False) -> list:
    """An agenda pack: `before` pages of other reports, the model on 3 pages, then `after` pages of others."""
    blocks = []
    for page in range(1, before + 1):
        blocks += [heading(page, f"Agenda item {page}: budget monitoring"), para(page, "The committee noted the report.")]
    start = before + 1
    blocks += [heading(start, "High Impact Change Model"), heading(start + 1, "Change 1: Early discharge planning"),
               para(start + 1, "Tips for success"), para(start + 2, "Supporting materials")]
    page = start + 3
    if back_page:
        blocks.append(para(page, "Local Government Association, 18 Smith Square"))
        page += 1
    for offset in range(after):
        blocks += [heading(page + offset, "Agenda item 9: highways"), para(page + offset, "Noted.")]
    return blocks


def test_the_pages_of_an_agenda_pack_around_the_model_are_set_aside_and_reported_once_a_side():
    blocks = pack(before=40, after=20, back_page=True)
    assert model_pages(blocks) == (41, 44)          # the cover names the model; the back page has no heading
    flow, ledger = Flow(list(blocks)), Ledger(Document("pack.pdf", "pdf", body=blocks))
    set_out_of_scope(flow, ledger)
    assert {b.provenance[0]["page"] for b in flow.blocks} == {41, 42, 43, 44}
    found = [(f["code"], f["where"][0]["page"], f["where"][0]["page_end"]) for f in ledger.findings]
    assert found == [("out-of-scope-pages", 1, 40), ("out-of-scope-pages", 45, 64)]
    assert sum(ledger.is_aside(b) for b in blocks) == 2 * 40 + 2 * 20


def test_a_foreword_or_a_back_page_is_never_cut_off_and_unpaged_trees_are_left_alone():
    blocks = pack(before=2, after=2)
    flow, ledger = Flow(list(blocks)), Ledger(Document("pack.pdf", "pdf", body=blocks))
    set_out_of_scope(flow, ledger)
    assert flow.blocks == blocks and ledger.findings == []
    web = [Paragraph([Run("Change 1: Early discharge planning")], provenance=[{"path": "p.html", "element": "/p"}])]
    assert model_pages(web) is None
