"""The PDF reader's small pure functions, each on hand-made input."""
from __future__ import annotations

from extract.pdf_blocks import hyphenated_words, join_text
from extract.pdf_layout import Line, Word, check_settings, find_running_lines, reading_order, real_chars, words_to_lines
from extract.pdf_tables import Grid, merge_continued

import pytest


def line(text, x0, top, page=1, size=10.0, bold=False):
    words, x = [], x0
    for t in text.split():
        words.append(Word(t, x, top, x + 5 * len(t), top + size, size, bold))
        x += 5 * len(t) + 3
    return Line(page, x0, top, x, top + size, words, size, bold)


def test_settings_are_checked_at_the_door():
    assert check_settings({"segment_gap": 2.0})["segment_gap"] == 2.0
    with pytest.raises(ValueError, match="segmnt_gap"):
        check_settings({"segmnt_gap": 2.0})


def test_two_columns_are_read_column_by_column_and_one_column_by_rows():
    left = [line("Change 1", 50, 100), line("left one", 50, 120), line("left two", 50, 134)]
    right = [line("Change 2", 320, 100), line("right one", 320, 120), line("right two", 320, 134)]
    below = [line("full width line spanning both columns of the page below", 50, 200)]
    ordered = reading_order(right + below + left)
    assert [l.text for l in ordered] == ["Change 1", "left one", "left two", "Change 2", "right one", "right two",
                                         "full width line spanning both columns of the page below"]
    single = [line("first", 50, 100), line("second line", 50, 113), line("third", 50, 126)]
    assert [l.text for l in reading_order(single[::-1])] == ["first", "second line", "third"]


def test_a_gutter_splits_a_printed_row_into_segments_but_a_bullet_stays_with_its_text():
    words = [Word("left", 50, 100, 70, 110, 10, False), Word("right", 320, 100, 345, 110, 10, False),
             Word("\uf0b7", 50, 130, 54, 140, 10, False), Word("tip", 68, 130, 80, 140, 10, False)]
    lines = words_to_lines(words, 1, check_settings(None))
    assert [l.text for l in lines] == ["left", "right", "\uf0b7 tip"]
    assert lines[2].bullet and lines[2].body_text == "tip" and lines[2].indent == 68


def _char(text, x0, x1, top=100):
    return {"text": text, "x0": x0, "x1": x1, "top": top}


def test_stray_space_glyphs_are_dropped_and_real_spaces_kept():
    # "Firs" "t" then a space drawn over the t, then the real space: 2020 page 17's "Home First"
    chars = [_char("s", 158.6, 163.6), _char("t", 163.63, 166.4), _char(" ", 163.6, 166.4), _char(" ", 166.5, 169.3)]
    kept, spaces = real_chars(chars)
    assert [c["text"] for c in kept] == ["s", "t", " "] and spaces[0]["x0"] == 166.5
    # a space drawn back at the line start after a link ("Act :")
    kept, _ = real_chars([_char("t", 135.55, 138.18), _char(" ", 82.2, 84.8), _char(":", 138.3, 140.9)])
    assert [c["text"] for c in kept] == ["t", ":"]


def test_running_lines_repeat_in_the_margins_of_many_pages():
    pages = [(842.0, [line(f"Page {n}", 270, 803, page=n), line("Body text", 50, 400, page=n)]) for n in range(1, 17)]
    pages[2][1].append(line("Examples of practice:", 50, 56, page=3))
    pages[5][1].append(line("Examples of practice:", 50, 56, page=6))
    pages[6][1].append(line("Examples of practice:", 50, 56, page=7))
    running = find_running_lines(pages, check_settings(None))
    assert running == {(p, 0) for p in range(16)}  # the stamps only: the label starts 3 of 16 pages


def test_line_end_hyphens_and_slashes():
    keep = hyphenated_words(["a multi-disciplinary team"])
    assert join_text(["Change 3: Multi-", "disciplinary working"], keep) == "Change 3: Multi-disciplinary working"
    assert join_text(["short-", "term care"]) == "short-term care"
    assert join_text(["a co-", "design approach"]) == "a co-design approach"
    assert join_text(["One assessment form/", "system"]) == "One assessment form/system"
    assert join_text(["Home First/ ", "Discharge"]) == "Home First/ Discharge"   # the text layer has the space
    assert join_text(["Access /", "Discharge"]) == "Access / Discharge"


def _grid(page, cells, top=60.0):
    rows = [(page, (56.0, top + 20 * i, 540.0, top + 20 * (i + 1))) for i in range(len(cells))]
    return Grid(page, (56.0, top, 540.0, top + 20 * len(cells)), cells, [[None] * len(cells[0])] * len(cells),
                pages=[page], row_pages=rows)


HEADER = ["", "Not yet\nestablished", "Plans in place", "Established", "Mature", "Exemplary"]


def test_a_matrix_continued_with_its_header_repeated_is_one_table_and_a_wrapped_row_is_joined():
    first = _grid(17, [HEADER, ["Discharge to\nassess", "a", "b", "c", "d", "Investment in joint"]], top=520)
    rest = _grid(18, [HEADER, ["", "", "", "", "", "community-based reablement"], ["Reablement", "e", "f", "g", "h", "i"]])
    merged = merge_continued([first, rest])
    assert len(merged) == 1
    table = merged[0]
    assert [r[0] for r in table.cells] == ["", "Discharge to\nassess", "Reablement"]
    assert table.cells[1][5] == "Investment in joint\ncommunity-based reablement"
    assert table.pages == [17, 18] and [p for p, _ in table.row_pages] == [17, 17, 18]
    assert table.note == ("merged from pages 17-18: the header row repeated on page 18 was dropped; "
                          "a row wrapping across the break was joined")


def test_tables_with_different_headers_or_not_on_the_next_page_stay_apart():
    a = _grid(11, [HEADER, ["Planned", "a", "b", "c", "d", "e"]])
    other = _grid(12, [["Impact change", "Where are you now?", "What?", "When?", "How?", "x"], ["r", "", "", "", "", ""]])
    later = _grid(14, [HEADER, ["Responsive", "a", "b", "c", "d", "e"]])
    assert len(merge_continued([a, other, later])) == 3


def test_debug_pdf_writes_one_annotated_png_per_page(run_cli, tmp_path):
    from PIL import Image

    from tests.support.paths import SOURCE_DOCS
    out = tmp_path / "debug"
    result = run_cli("ingest", SOURCE_DOCS / "2015" / "hicm-2015.pdf", "--debug-pdf", out, "-o", tmp_path / "x.json")
    assert result.exit_code == 0, result.output
    pngs = sorted(out.glob("*.png"))
    assert [p.name for p in pngs][:2] == ["page-001.png", "page-002.png"] and len(pngs) == 13
    page4 = Image.open(out / "page-004.png").convert("RGB")
    assert page4.size[0] == 842 and page4.size[1] in (595, 596)  # landscape page at 72 dpi
    # the running header "4. The model" (x 40-147, top 15-32) is framed in red; the band around it is not
    framed = [page4.getpixel((41, 22)), page4.getpixel((146, 22)), page4.getpixel((60, 16))]
    assert all(r > 200 and g < 60 and b < 60 for r, g, b in framed)
    r, g, b = page4.getpixel((300, 40))
    assert not (r > 200 and g < 60)
