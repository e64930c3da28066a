"""The PDF reader's document tree (extract.pdf_tree) on the two published PDFs and on hand-made input.

Every expected value on a bundled PDF was read off its page by eye (the page is named).
The tree holds no meaning: the tests name what the page shows (a table whose header row
names five columns, a list cut by a box), not what the model calls it.
"""
from __future__ import annotations

import pytest

from extract.base import Source
from extract.doc import Box, Heading, ListBlock, Paragraph, Table, walk
from extract.pdf_tree import read_document
from tests.support.paths import ROOT, SOURCE_DOCS

PDF_2015 = SOURCE_DOCS / "2015" / "hicm-2015.pdf"
PDF_2020 = SOURCE_DOCS / "2020" / "hicm-2020-draft.pdf"
PRINTED = ROOT / "benchmarks" / "data" / "browser-print.pdf"
LEVELS = ["Not yet established", "Plans in place", "Established", "Mature", "Exemplary"]


def read(path: Path):
    return read_document(Source(path=path.name, data=path.read_bytes(), sha256="", format="pdf", edition_id=None))


@pytest.fixture(scope="module")
def tree2015():
    return read(PDF_2015)


@pytest.fixture(scope="module")
def tree2020():
    return read(PDF_2020)


def tables(document) -> list[Table]:
    return [b for b in walk(document.body) if isinstance(b, Table)]


def pages(node) -> list[int]:
    return [where["page"] for where in node.provenance]


def test_2020_matrices_are_tables_whose_header_row_names_the_five_columns(tree2020):
    matrices = [t for t in tables(tree2020) if [c.text for c in t.rows[0].cells][-5:] == LEVELS]
    # one matrix per change (pages 11, 13, 15, 17-18, 20, 22, 24, 26, 29) and the levels table on page 7
    assert [pages(t)[0] for t in matrices] == [7, 11, 13, 15, 17, 20, 22, 24, 26, 29]
    for table in matrices:
        assert table.rows[0].header and all(cell.header for cell in table.rows[0].cells)
        assert not any(row.header for row in table.rows[1:])
    # page 11: three themed rows, the theme set in bold in the first column
    page11 = matrices[1]
    assert [row.cells[0].text for row in page11.rows[1:]] == ["Planned", "Emergency", "Red Bag Scheme"]
    assert all(row.cells[0].row_header for row in page11.rows[1:])


def test_2020_change_4_matrix_across_pages_17_and_18_is_one_table(tree2020):
    table = next(t for t in tables(tree2020) if pages(t)[0] == 17 and len(t.rows[0].cells) == 6)
    assert table.continued and pages(table) == [17, 18]
    assert [row.cells[0].text for row in table.rows[1:]] == [
        "Discharge to assess", "Reablement pathways", "Embedding and home first mentality"]
    # the header row repeated at the top of page 18 is dropped, and the note says so
    assert len(table.header_rows) == 1
    assert table.provenance[0]["note"] == "merged from pages 17-18: the header row repeated on page 18 was dropped"
    # a cell that wraps over a line break keeps its words whole: "long-" + "term" on page 18
    assert "Decisions about long-term" in table.rows[2].cells[4].text


def test_2020_running_stamps_are_furniture_and_never_content(tree2020):
    stamps = [f for f in tree2020.furniture if f.kind == "page stamp"]
    assert {f.text for f in stamps} >= {"Page 259", "Page 275"}
    body_text = " ".join(getattr(b, "text", "") for b in walk(tree2020.body))
    assert "Page 259" not in body_text and "Page 275" not in body_text


def test_2020_a_list_cut_by_a_box_goes_on_after_it(tree2020):
    # page 27-28: the tips list, then the supporting-materials box, then the list's last item
    body = tree2020.body
    start = next(i for i, b in enumerate(body) if isinstance(b, Heading) and b.text.startswith("Change 9"))
    following = body[start:start + 12]
    lists = [b for b in following if isinstance(b, ListBlock)]
    boxes = [b for b in following if isinstance(b, Box)]
    assert lists and boxes
    assert following.index(lists[0]) < following.index(boxes[0])
    last_tip = lists[0].items[-1]
    assert last_tip.text.endswith(".") and "\n" not in last_tip.text


def test_2020_headings_by_size_and_weight(tree2020):
    headings = [b for b in tree2020.body if isinstance(b, Heading)]
    texts = [h.text for h in headings]
    assert "1. Introduction" in texts and "Change 4: Home First Discharge to Assess" in texts
    change = next(h for h in headings if h.text == "Change 4: Home First Discharge to Assess")
    section = next(h for h in headings if h.text == "1. Introduction")
    assert section.level < change.level            # the section title is set larger
    # "Tips for success:" is a bold paragraph at body size, not a heading by size
    tips = next(b for b in tree2020.body if isinstance(b, Paragraph) and b.text == "Tips for success:")
    assert all(run.bold for run in tips.runs if run.text.strip())


def test_2020_links_sit_on_their_runs(tree2020):
    linked = [(run.text.strip(), run.link) for b in walk(tree2020.body) if isinstance(b, ListBlock)
              for item in b.items for run in item.runs if run.link]
    assert ("NHS guidance on hospital discharge planning", "https://www.england.nhs.uk/") in linked


def test_2015_action_plan_fields_sit_in_their_cells(tree2015):
    plan = next(t for t in tables(tree2015) if t.rows[0].cells[0].text == "Impact change")
    assert [c.text for c in plan.rows[0].cells][1] == "Where are you now?"
    first = plan.rows[1]
    assert first.cells[0].text == "Early discharge planning"
    assert [[f.name for f in cell.fields] for cell in first.cells] == [[], ["Text_01"], ["Text_02"], ["Text_03"],
                                                                       ["Text_04"]]
    assert [f.name for f in plan.rows[8].cells[2].fields] == ["Text_30"]
    # the five fields under the table (page 12, below its last rule) are the document's own
    assert [f.name for f in tree2015.fields] == ["10", "11", "12", "13", "14"]


def test_2015_two_columns_are_read_one_after_the_other(tree2015):
    # page 3 sets the eight changes' summaries in two columns: 1, 3, 5, 7 left and 2, 4, 6, 8 right
    page3 = [b.text for b in tree2015.body if isinstance(b, Heading) and b.provenance[0]["page"] == 3]
    assert page3 == ["4. The model", "Change 1", "Change 3", "Change 5", "Change 7",
                     "Change 2", "Change 4", "Change 6", "Change 8"]
    # a summary whose bold lead wraps over three lines is one paragraph
    summary = next(b for b in tree2015.body if isinstance(b, Paragraph) and b.provenance[0]["page"] == 3
                   and b.text.startswith("Multi-disciplinary/multi-agency"))
    assert summary.text.endswith("positive outcomes for patients.")


def test_2015_running_header_in_a_banner_is_furniture(tree2015):
    assert sorted({(f.kind, f.text) for f in tree2015.furniture}) == [("running header", "4. The model")]
    assert [p for f in tree2015.furniture for p in pages(f)] == list(range(4, 13))


def test_browser_print_footers_are_furniture_and_tables_continue(tmp_path):
    tree = read(PRINTED)
    kinds = {f.kind for f in tree.furniture}
    assert {"running header", "running footer"} <= kinds
    assert all("file:" not in getattr(b, "text", "") for b in walk(tree.body))
    matrices = [t for t in tables(tree) if [c.text for c in t.rows[0].cells][-5:] == LEVELS]
    assert len(matrices) == 9 and any(t.continued for t in matrices)


def test_2020_a_box_broken_by_the_page_is_one_box_with_one_list(tree2020):
    # page 27's supporting-materials box runs on at the top of page 28 (three more entries)
    box = next(b for b in tree2020.body if isinstance(b, Box) and pages(b)[0] == 27)
    assert pages(box) == [27, 28]
    lists = [c for c in box.children if isinstance(c, ListBlock)]
    assert len(lists) == 1 and lists[0].items[-1].text == "SCIE Moving between hospital and home, including care homes"


def test_2020_an_items_second_paragraph_stays_in_the_item_and_words_keep_their_spaces(tree2020):
    # page 6: the first principle has a second paragraph set at the item's text indent
    item = next(i for b in walk(tree2020.body) if isinstance(b, ListBlock) for i in b.items
                if i.text.startswith("People are citizens first and foremost."))
    assert item.text.endswith("are important to people's health and wellbeing.")
    # page 21: "part of the" is set with a narrow italic space and no space glyph
    said = " ".join(b.text for b in walk(tree2020.body) if isinstance(b, Paragraph))
    assert "keep safe and be part of the local community." in said


def test_the_files_metadata_title_is_not_taken_for_its_title(tree2015):
    # PDF metadata titles are often a file name ("Microsoft Word - draft3.docx"): the tree leaves it out
    assert tree2015.title is None


def test_browser_bullets_drawn_as_shapes_make_lists():
    # Chromium draws list bullets as small filled circles, not as glyphs: the lists come back all the same
    tree = read(PRINTED)
    lists = [b for b in walk(tree.body) if isinstance(b, ListBlock)]
    purpose = next(b for b in lists if b.items[0].text == "early discharge planning")
    assert len(purpose.items) == 9 and purpose.items[-1].text == "housing and related services (added in 2019)"
    assert {item.marker for item in purpose.items} == {"\u2022"}


def test_a_dash_a_browser_sets_between_two_spaces_stays_a_dash_of_its_own():
    # LibreOffice draws a line-end hyphen over a space glyph (joined to its word, as the brochure variants
    # check); Chromium sets "West of England - Reducing" with a whole space glyph before the dash
    tree = read(ROOT / "tests" / "fixtures" / "variants" / "printed" / "2020-printed-plain.pdf")
    said = " ".join(b.text for b in walk(tree.body) if isinstance(b, (Paragraph, Heading)))
    assert "West of England - Reducing DTOC through housing interventions" in said
    assert "England-" not in said
