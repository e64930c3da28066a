"""The pages after the model in a paged file (extract/interpret/pages.py), on hand-made trees."""
from __future__ import annotations

from extract.doc import Document, Heading, Paragraph, Run
from extract.interpret.flow import Flow
from extract.interpret.ledger import Ledger
from extract.interpret.pages import last_model_page, set_aside_pages_after


def para(page: int, words: str) -> Paragraph:
    return Paragraph([Run(words)], provenance=[{"path": "pack.pdf", "page": page, "bbox": [50, 100, 500, 120]}])


def heading(page: int, words: str) -> Heading:
    return Heading(2, [Run(words)], provenance=[{"path": "pack.pdf", "page": page, "bbox": [50, 60, 500, 80]}])


def pack(after: int, back_page: bool = False) -> list:
    """The model on pages 1-3 (no action plan), then `after` pages of a council's other reports."""
    blocks = [heading(1, "High Impact Change Model"), heading(2, "Change 1: Early discharge planning"),
              para(2, "Tips for success"), para(3, "Supporting materials")]
    page = 4
    if back_page:
        blocks.append(para(page, "Local Government Association, 18 Smith Square"))
        page += 1
    for offset in range(after):
        blocks += [heading(page + offset, "Agenda item 9: highways"), para(page + offset, "Noted.")]
    return blocks


def test_an_agenda_packs_later_reports_are_set_aside_and_reported_once():
    blocks = pack(after=20, back_page=True)
    assert last_model_page(blocks) == 4          # the back page has no heading of its own
    flow, ledger = Flow(list(blocks)), Ledger(Document("pack.pdf", "pdf", body=blocks))
    set_aside_pages_after(flow, ledger)
    assert {b.provenance[0]["page"] for b in flow.blocks} == {1, 2, 3, 4}
    assert [(f["code"], f["where"][0]["page"], f["where"][0]["page_end"]) for f in ledger.findings] == [
        ("outside-the-model", 5, 24)]
    assert sum(ledger.is_aside(b) for b in blocks) == 40


def test_a_short_tail_and_an_unpaged_tree_are_left_to_the_interpreter():
    blocks = pack(after=2)
    flow, ledger = Flow(list(blocks)), Ledger(Document("pack.pdf", "pdf", body=blocks))
    set_aside_pages_after(flow, ledger)
    assert flow.blocks == blocks and ledger.findings == []
    web = [Paragraph([Run("Change 1: Early discharge planning")], provenance=[{"path": "p.html", "element": "/p"}])]
    assert last_model_page(web) is None


def test_an_action_plan_on_a_page_of_its_own_is_part_of_the_model():
    from extract.doc import Cell, Row, Table
    place = [{"path": "pack.pdf", "page": 4, "bbox": [50, 100, 500, 400]}]
    header = ["Impact change", "Where are you now?", "What do you need to do?", "When will it be done?"]
    plan = Table([Row([Cell([Run(words)]) for words in header], header=True),
                  Row([Cell([Run(words)]) for words in ["Early discharge planning", "", "", ""]])],
                 provenance=place)
    blocks = pack(after=0) + [heading(4, "Your plan"), plan]
    blocks += [heading(page, "Agenda item 9: highways") for page in range(5, 10)]
    assert last_model_page(blocks) == 4          # the plan's page ends the model, not the page before it
    flow, ledger = Flow(list(blocks)), Ledger(Document("pack.pdf", "pdf", body=blocks))
    set_aside_pages_after(flow, ledger)
    assert plan in flow.blocks and [f["where"][0]["page"] for f in ledger.findings] == [5]
