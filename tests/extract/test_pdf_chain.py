"""The new PDF reader's small pure functions, each on hand-made input (extract.pdf_lines, pdf_grid, pdf_tree)."""
from __future__ import annotations

import re
import pytest

from extract.pdf_grid import find_grids, snap_and_merge
from extract.pdf_lines import (Line, check_settings, find_furniture, is_page_stamp, reading_order, words_to_lines)
from extract.pdf_page import LIGATURES, Segment, Word
from extract.doc import text_of
from extract.pdf_tree import Spellings, join_hyphen, runs_of

from tests.support.paths import ROOT


def word(text, x0, top, size=10.0, bold=False, space=True):
    return Word(text, x0, top, x0 + 5 * len(text), top + size, size, bold, False, space)


def line(text, x0, top, page=1, size=10.0, bold=False):
    words, x = [], x0
    for t in text.split():
        words.append(word(t, x, top, size, bold))
        x += 5 * len(t) + 3
    return Line(page, x0, top, x, top + size, words, size, bold)


def test_settings_are_checked_at_the_door():
    assert check_settings({"gutter": 2.0})["gutter"] == 2.0
    with pytest.raises(ValueError, match="gutterr"):
        check_settings({"gutterr": 2.0})


def test_two_columns_are_read_column_by_column_under_a_full_width_title():
    title = [line("A title across the whole width of the page, both columns", 50, 60)]
    left = [line("Left heading", 50, 100), line("left one", 50, 120), line("left two", 50, 134)]
    right = [line("Right heading", 320, 100), line("right one", 320, 120), line("right two", 320, 134),
             line("right three", 320, 148)]
    below = [line("full width line spanning both columns of the page below them", 50, 200)]
    ordered = reading_order(right + below + left + title)
    assert [l.text for l in ordered] == [title[0].text, "Left heading", "left one", "left two", "Right heading",
                                         "right one", "right two", "right three", below[0].text]
    single = [line("first", 50, 100), line("second line", 50, 113), line("third", 50, 126)]
    assert [l.text for l in reading_order(single[::-1])] == ["first", "second line", "third"]


def test_a_heading_under_both_columns_over_a_full_width_table_is_read_after_the_columns():
    left = [line("left one", 50, 100), line("left two", 50, 114)]
    right = [line("right one", 320, 100), line("right two", 320, 114)]
    heading = line("Levels:", 50, 140)                      # under both columns, after a gap, left column's width
    table = line("a full width row of a table across both of the columns here", 50, 160)
    assert [l.text for l in reading_order([table, heading] + right + left)] == [
        "left one", "left two", "right one", "right two", "Levels:", table.text]
    # a left column one line longer than the right is read in its place, even over a full-width row
    longer = left + [line("left three", 50, 128)]
    assert [l.text for l in reading_order(longer + right + [table])] == [
        "left one", "left two", "left three", "right one", "right two", table.text]
    # a heading inside the left column, the right column going on beside what follows it, stays in its column
    beside = [line("Levels:", 50, 140), line("left four", 50, 160), line("right three", 320, 160)]
    assert [l.text for l in reading_order(left + right + beside)] == [
        "left one", "left two", "Levels:", "left four", "right one", "right two", "right three"]


def test_a_gutter_splits_a_printed_row_but_a_marker_stays_with_its_text():
    words = [word("left", 50, 100), word("right", 320, 100), word("\u2022", 50, 130), word("tip", 68, 130),
             word("2.", 50, 160), word("item", 90, 160)]
    lines = words_to_lines(words, 1, check_settings(None))
    assert [l.text for l in lines] == ["left", "right", "\u2022 tip", "2. item"]
    assert lines[2].marker == "\u2022" and lines[2].indent == 68 and lines[3].marker == "2."


def test_page_stamps_and_running_lines_are_furniture():
    assert is_page_stamp("Page 259") and is_page_stamp("3 of 40") and is_page_stamp("4/31") and is_page_stamp("- 7 -")
    assert not is_page_stamp("Page layout guidance") and not is_page_stamp("2020/21 plans")
    pages = [(842.0, [line(f"Page {n}", 270, 803, page=n), line("Body text", 50, 400, page=n),
                      line(f"12/1/26, 11:22 PM Some title {n}", 20, 10, page=n)]) for n in range(1, 17)]
    pages[2][1].append(line("Label that starts a page", 50, 56, page=3))
    furniture = find_furniture(pages, check_settings(None))
    assert {key for key, kind in furniture.items() if kind == "page stamp"} == {(p, 0) for p in range(16)}
    assert {key for key, kind in furniture.items() if kind == "running header"} == {(p, 2) for p in range(16)}
    assert (2, 3) not in furniture


def test_ligatures_and_pdfium_hyphen_marks_are_expanded():
    assert "\ufb01nd the \ufb02ow, e\ufb03cient".translate(LIGATURES) == "find the flow, efficient"
    assert "multi\ufffe".translate(LIGATURES) == "multi-"


def test_line_end_hyphens_are_joined_by_the_documents_spelling_then_the_word_list():
    spellings = Spellings()
    spellings.add("a multi-disciplinary team and reablement at home")
    assert not join_hyphen("dis", "charge", spellings)            # no word split anywhere yet: a real hyphen
    spellings.add_line_end("pre-")
    spellings.add_line_end("multi-")                             # prefixes: no sign of a hyphenating typesetter
    assert not spellings.hyphenates
    spellings.add_line_end("undocu-")
    spellings.add_line_end("respon-")                            # a typesetter that splits words
    assert spellings.hyphenates
    assert not join_hyphen("multi", "disciplinary", spellings)    # printed whole with its hyphen elsewhere
    assert not join_hyphen("re", "ablement", Spellings(words={"reablement"}))   # no word split: a real hyphen
    assert join_hyphen("re", "ablement", spellings)               # printed whole without one elsewhere
    assert join_hyphen("dis", "charge", spellings)                # the word list knows "discharge"
    assert join_hyphen("block", "ages", spellings)
    assert not join_hyphen("short", "term", spellings)            # no such word as "shortterm"
    assert not join_hyphen("COVID", "Secure", spellings)          # a capital after the hyphen: a real compound


def test_runs_join_lines_and_keep_styles():
    first = Line(1, 50, 100, 200, 110, [word("Tips:", 50, 100, bold=True), word("dis-", 90, 100, space=False)],
                 10.0, False)
    second = line("charge planning, short-", 50, 112)
    third = line("term care", 50, 124)
    hyphenating = Spellings(breaks_inside_words=2)
    runs = runs_of([first, second, third], hyphenating)
    assert [(r.text, r.bold, r.line_break) for r in runs] == [
        ("Tips: ", True, False), ("discharge planning, short-", False, False), ("", False, True),
        ("term care", False, False)]
    assert text_of(runs) == "Tips: discharge planning, short-term care"


def test_border_pieces_snap_and_merge_into_few_rules_and_one_grid():
    # a browser draws each cell's borders: 3 rows x 4 columns, every side its own piece, slightly off
    pieces = []
    for r in range(3):
        for c in range(4):
            x0, y0, x1, y1 = 50 + 100 * c, 100 + 40 * r, 150 + 100 * c, 140 + 40 * r
            jitter = 0.3 * ((r + c) % 2)
            pieces += [Segment(x0, y0 + jitter, x1, y0 + jitter), Segment(x0, y1, x1, y1),
                       Segment(x0 + jitter, y0, x0 + jitter, y1), Segment(x1, y0, x1, y1)]
    horizontal, vertical = snap_and_merge(pieces, 3.0)
    assert len(horizontal) == 4 and len(vertical) == 5
    assert all(h.x0 == 50 and h.x1 == 450 for h in horizontal)
    grids = find_grids(1, pieces, 3.0)
    assert len(grids) == 1 and (grids[0].rows, grids[0].columns) == (3, 4) and len(grids[0].cells) == 12


def test_a_missing_inner_border_makes_a_spanning_cell_and_a_lone_frame_is_a_box():
    rules = [Segment(0, 0, 300, 0), Segment(0, 20, 300, 20), Segment(0, 40, 300, 40),
             Segment(0, 0, 0, 40), Segment(300, 0, 300, 40), Segment(150, 20, 150, 40)]   # the header row spans
    grid = find_grids(1, rules, 3.0)[0]
    assert [(c.row, c.column, c.colspan) for c in grid.cells] == [(0, 0, 2), (1, 0, 1), (1, 1, 1)]
    frame = [Segment(0, 0, 100, 0), Segment(0, 50, 100, 50), Segment(0, 0, 0, 50), Segment(100, 0, 100, 50)]
    assert find_grids(1, frame, 3.0)[0].is_box


def test_grid_finding_scales_with_rules_not_pieces():
    # 200 rows x 6 columns of separately drawn borders (a browser-printed table): 4,800 pieces
    pieces = []
    for r in range(200):
        for c in range(6):
            x0, y0 = 40 + 80 * c, 10 + 4 * r
            pieces += [Segment(x0, y0, x0 + 80, y0), Segment(x0, y0 + 4, x0 + 80, y0 + 4),
                       Segment(x0, y0, x0, y0 + 4), Segment(x0 + 80, y0, x0 + 80, y0 + 4)]
    horizontal, vertical = snap_and_merge(pieces, 1.0)
    assert (len(horizontal), len(vertical)) == (201, 7)


READER_MODULES = ("pdf_page.py", "pdf_lines.py", "pdf_grid.py", "pdf_tree.py")
MODEL_WORDS = re.compile(r"\b(Change|Changes|Tips|Not yet established|Plans in place|Established|Mature|Exemplary)\b")


def test_the_pdf_reader_holds_no_model_words():
    for name in READER_MODULES:
        text = (ROOT / "extract" / name).read_text(encoding="utf-8")
        assert not MODEL_WORDS.search(text), f"{name}: {MODEL_WORDS.search(text).group(0)!r}"


def test_a_narrow_cells_word_broken_without_a_hyphen_is_joined_but_two_words_are_not():
    from extract.pdf_tree import _broken_word
    assert _broken_word("Commissioni", "ng")
    assert not _broken_word("care", "market") and not _broken_word("NHS", "trust")
    # "ry" is in the word list, so only the document's own "intermediary" shows the break.
    printed = Spellings()
    printed.add("Regularly review intermediary care.")
    assert _broken_word("reablement/intermedia", "ry", printed) and not _broken_word("reablement/intermedia", "ry")
    assert not _broken_word("Home First/", "Discharge", printed) and not _broken_word("review", "intermediary", printed)
    # only a line's only word can be one too long for its column: a space printed inside a word stays
    printed.add("in terms of reablement")
    alone, shared = line("reablement/intermedia", 50, 100), line("in terms of reab", 50, 100)
    assert text_of(runs_of([alone, line("ry care services", 50, 112)], printed)) == "reablement/intermediary care services"
    assert text_of(runs_of([shared, line("lement and", 50, 112)], printed)) == "in terms of reab lement and"


def test_a_header_row_over_empty_answer_cells_and_a_row_split_by_the_page():
    from extract.doc import Cell, Row, Run
    from extract.pdf_tree import TreeBuilder, _goes_on

    def row(*texts, bold=()):
        return Row([Cell([Run(t, bold=i in bold)] if t else []) for i, t in enumerate(texts)])

    rows = [row("", "Where are you now?", "When?", bold=(1, 2)), row("First row", "", "", bold=(0,)),
            row("Second row", "", "", bold=(0,))]
    TreeBuilder._mark_headers(rows)
    assert rows[0].header and all(r.cells[0].row_header for r in rows[1:]) and not rows[1].header
    for filled_page in (False, True):
        assert _goes_on(row("beds used only", "", ""), filled_page) and _goes_on(row("", "rest of a cell", ""), filled_page)
        assert not _goes_on(row("Next row", "", ""), filled_page) and not _goes_on(row("", "", ""), filled_page)
    # A row cut where one cell goes on with a name: one cell in lower case is enough, after a page the table filled.
    cut = row("Care Quality Commission (CQC) inspections", "support and training needed", "")
    assert _goes_on(cut, True) and not _goes_on(cut, False)


def test_a_list_item_cut_by_a_page_goes_on_at_its_text_indent_whatever_its_next_word():
    from extract.doc import ListBlock, Paragraph
    from extract.pdf_tree import PageLayout, TreeBuilder

    def item(text, top, page=1):
        made = line(text, 68, top, page)
        return Line(page, 50, top, made.x1, made.bottom, [word("\u2022", 50, top)] + made.words, 10.0, False)
    one = PageLayout(1, 595, 842, [line("Tips", 50, 80), item("Establish a platform across the system.", 100),
                                   line("It ends a sentence here.", 68, 112)])
    two = PageLayout(2, 595, 842, [line("You might build your own.", 68, 60, page=2),
                                   item("Use data analysis.", 74, page=2), line("A paragraph after it.", 50, 100, page=2)])
    builder = TreeBuilder("t.pdf", [one, two], check_settings(None))
    blocks = builder.blocks([("page", one), *one.lines, ("page", two), *two.lines])
    assert [type(b) for b in blocks] == [Paragraph, ListBlock, Paragraph]
    assert [i.text for i in blocks[1].items] == ["Establish a platform across the system. It ends a sentence here. "
                                                 "You might build your own.", "Use data analysis."]


def test_a_nested_list_keeps_its_depth_over_a_page_that_holds_nothing_but_the_list():
    from extract.doc import ListBlock
    from extract.pdf_tree import PageLayout, TreeBuilder

    def item(text, x, top, page):
        made = line(text, x + 10, top, page)
        return Line(page, x, top, made.x1, made.bottom, [word("\u2022", x, top)] + made.words, 10.0, False)
    one = PageLayout(1, 595, 842, [line("Tips for the page", 50, 700), item("First tip", 66, 730, 1)])
    two = PageLayout(2, 595, 842, [item("Second tip", 66, 60, 2), item("nested one", 91, 80, 2)])
    three = PageLayout(3, 595, 842, [item("nested two", 91, 60, 3), line("A paragraph after the list", 50, 90, 3)])
    pages = [one, two, three]
    builder = TreeBuilder("t.pdf", pages, check_settings(None))
    blocks = builder.blocks([part for page in pages for part in (("page", page), *page.lines)])
    (listed,) = [b for b in blocks if isinstance(b, ListBlock)]
    assert [(i.text, [c.text for c in i.children]) for i in listed.items] == [
        ("First tip", []), ("Second tip", ["nested one", "nested two"])]


def test_heading_lines_are_one_heading_only_where_the_first_was_wrapped_or_the_next_goes_on_in_lower_case():
    from extract.doc import Heading
    from extract.pdf_tree import PageLayout, TreeBuilder

    body = [line("body text that runs the whole width of the column " * 2, 50, 400 + 14 * n) for n in range(6)]
    right = body[0].x1

    def headings(*texts, x1=None):
        lines = [line(text, 50, 100 + 36 * n, size=24, bold=True) for n, text in enumerate(texts)]
        if x1:
            lines[0].x1 = x1          # the first line set to the column's edge
        page = PageLayout(1, 595, 842, lines + body)
        blocks = TreeBuilder("t.pdf", [page], check_settings(None)).blocks([("page", page), *page.lines])
        return [b.text for b in blocks if isinstance(b, Heading)]
    # three headings set one under another (a browser print of a cover): the next always fitted
    assert headings("Managing transfers of care", "Draft updated for 2020/21", "A tool") == [
        "Managing transfers of care", "Draft updated for 2020/21", "A tool"]
    # a designed break inside one title: the rest goes on in lower case
    assert headings("Managing transfers of care", "between hospital and home") == [
        "Managing transfers of care between hospital and home"]
    # a heading wrapped at the column's edge goes on, whatever its next word
    assert headings("Multi-disciplinary discharge teams including", "Voluntary sector", x1=right) == [
        "Multi-disciplinary discharge teams including Voluntary sector"]


def test_a_line_ending_in_a_slash_joins_the_next_unless_the_text_layer_has_a_space_there():
    slash = Line(1, 50, 100, 200, 110, [word("assessment", 50, 100), word("form/", 110, 100, space=False)], 10.0, False)
    spaced = Line(1, 50, 100, 200, 110, [word("Home", 50, 100), word("First/", 80, 100, space=True)], 10.0, False)
    assert text_of(runs_of([slash, line("system in use", 50, 112)], Spellings())) == "assessment form/system in use"
    assert text_of(runs_of([spaced, line("Discharge", 50, 112)], Spellings())) == "Home First/ Discharge"
    lone = Line(1, 50, 100, 200, 110, [word("Access", 50, 100), word("/", 90, 100, space=False)], 10.0, False)
    assert text_of(runs_of([lone, line("Discharge Hubs", 50, 112)], Spellings())) == "Access / Discharge Hubs"


def test_a_web_address_broken_at_a_line_end_is_joined_without_a_space():
    from extract.pdf_tree import _url_goes_on
    assert _url_goes_on("https://www.example.org/assets/Ma", "kingItReal/TLAP-report.pdf")
    assert not _url_goes_on("https://www.example.org/report.", "The next sentence")
    assert not _url_goes_on("report", "about/discharge")
    # an address over four lines of a narrow column: its third line goes on the address begun two lines up
    lines = [Line(1, 309, 92 + 14 * n, 500, 102 + 14 * n, [word(t, 309, 92 + 14 * n, space=False)], 10.0, False)
             for n, t in enumerate(["http://www.a.example/documents/", "10180/7058797/", "Impact+change+model+of+ca",
                                    "re/3213644f"])]
    assert text_of(runs_of(lines, Spellings())) == "http://www.a.example/documents/10180/7058797/Impact+change+model+of+care/3213644f"
    assert text_of(runs_of([line("see the model of ca", 50, 100), line("re/x", 50, 114)], Spellings())) == \
        "see the model of ca re/x"


def test_a_dash_starts_a_list_item_only_with_a_hanging_indent_after_it():
    dash = [word("\u2013", 50, 100), word("think", 59, 100), word("holistically", 87, 100)]
    assert Line(1, 50, 100, 150, 110, dash, 10.0, False).marker is None          # an ordinary line opening with a dash
    hung = [word("\u2013", 50, 100), word("think", 68, 100)]
    assert Line(1, 50, 100, 150, 110, hung, 10.0, False).marker == "\u2013"       # a dash bullet and its text indent
