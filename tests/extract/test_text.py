"""The plain-text reader, per edition and change, against what the published text files say.

Expected values were read off the source files by hand (line numbers in comments), not
copied from the reader's output.
"""
from __future__ import annotations

import json
from functools import lru_cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract import extract
from tests.support.golden import assert_matches_golden
from tests.support.paths import GOLDEN, SOURCE_DOCS
from extract.base import Source
from extract.doc import ListBlock, Paragraph
from extract.interpret.matrix import PrintedCell, rebuild_rows, split_merged
from extract.text import BULLET, ROW, STAMP, build_body, classify_line, classify_lines, decode_text
from extract.text_inline import LINE_END_JOINED, parse_runs
from pipeline.core.errors import HicmError
from pipeline.ingest import ingest_file

TEXT_FILES = ["2015/hicm-2015.txt", "2019/hicm-2019-refresh.txt", "2020/hicm-2020-draft.txt",
              "2020/managing-transfers-of-care.txt"]


@lru_cache(maxsize=None)
def _ingested(path: str):
    return ingest_file(SOURCE_DOCS / path)


def doc(path: str) -> dict:
    return _ingested(path).document


def change(path: str, number: int) -> dict:
    return next(c for c in doc(path)["changes"] if c["number"] == number)


def tip_shape(tips: list[dict]) -> list[int]:
    """Number of children of each top-level tip."""
    return [len(t["children"]) for t in tips]


def codes(path: str) -> list[str]:
    return [f["code"] for f in doc(path)["findings"]]


# --------------------------------------------------------------------------- small functions


def test_decoding_handles_boms_line_endings_and_windows_1252():
    assert decode_text("\ufeffChange 1\r\nx\ry".encode("utf-8"), "f") == "Change 1\nx\ny"
    assert decode_text("Caf\u00e9 \u2013 ok\n".encode("utf-16"), "f") == "Caf\u00e9 \u2013 ok\n"
    assert decode_text("people\u2019s".encode("cp1252"), "f") == "people\u2019s"


def test_a_bare_address_in_running_text_is_a_link_to_itself_without_the_punctuation_after_it():
    def links(text):
        return [(run.text, run.link) for run in parse_runs(text) if run.is_link]
    assert links("For more information, visit https://www.a.example/report.pdf") == [
        ("https://www.a.example/report.pdf", "https://www.a.example/report.pdf")]
    assert links("See https://a.example/x). Or www.b.example, later.") == [
        ("https://a.example/x", "https://a.example/x"), ("www.b.example", "http://www.b.example")]
    assert links("A page (https://a.example/a_(b)) here") == [("https://a.example/a_(b)", "https://a.example/a_(b)")]
    assert links("Write to team@www.a.example or [the guide](https://c.example).") == [("the guide", "https://c.example")]
    # An address wrapped at its hyphen (a word joined across the line end) is one address.
    (first, joined, rest) = parse_runs(f"https://a.example/TLAP-{LINE_END_JOINED}Making-it.pdf")
    assert first.link == rest.link == "https://a.example/TLAP-Making-it.pdf" and joined.line_break
    assert [(run.text, run.link) for run in parse_runs("https://" + ")" * 5000)] == [("https://", None), (")" * 5000, None)]


def test_a_line_ending_in_a_slash_joins_the_next_as_the_file_breaks_its_lines():
    def joined(text):
        (paragraph,) = build_body(classify_lines(text), "f.txt")[0]
        return paragraph.text
    # A wrapper breaks at spaces: the line end was a space.
    assert joined("A pathway within Home First/\nDischarge to Assess.") == "A pathway within Home First/ Discharge to Assess."
    # The file prints the pair whole elsewhere: its own spelling wins.
    assert build_body(classify_lines("Use and/or this.\n\nWe may and/\nor may not."), "f")[0][1].text == \
        "We may and/or may not."
    # A file that keeps the space at its line ends (pdftotext) broke "form/system" inside the word.
    kept = "".join(f"Filler line {n} that wraps \nonto the next line.\n\n" for n in range(6))
    assert build_body(classify_lines(kept + "One assessment form/\nsystem being \ndiscussed"), "f")[0][-1].text == \
        "One assessment form/system being discussed"
    assert build_body(classify_lines(kept + "Home First/ \nDischarge"), "f")[0][-1].text == "Home First/ Discharge"
    # An address has no spaces.
    assert joined("See https://www.a.example/\nguidance/page") == "See https://www.a.example/guidance/page"


def test_page_stamps_are_recognised_alone_split_in_a_bullet_and_in_a_cell():
    lines = classify_lines("Page\n265\nPage 200\n- Page 277\nTheme Page 223\tA\tB\tC\tD\tE\nPage 207 A sense of x")
    assert [l.kind for l in lines[:4]] == [STAMP, STAMP, STAMP, STAMP]
    assert lines[4].kind == ROW and lines[4].cells[0] == "Theme" and lines[4].stamp == "Page 223"
    assert lines[5].text == "A sense of x" and lines[5].stamp == "Page 207"


def test_bullets_keep_their_indent_and_wrapped_bullets_continue():
    blocks, _, _ = build_body(classify_lines("\u2022\t multi-agency teams, including the voluntary  \nand community sector\n"
                                             "  \u2022 top\n    \u2022 nested\nHeading after list"), "f.txt")
    assert [type(b) for b in blocks] == [ListBlock, Paragraph]
    (first,) = blocks[0].items
    assert first.text == "multi-agency teams, including the voluntary and community sector"
    assert [c.text for c in first.children] == ["top"] and [c.text for c in first.children[0].children] == ["nested"]
    assert blocks[1].text == "Heading after list" and blocks[1].lone_line
    assert classify_line(1, "  - nested").kind == BULLET


def test_a_numbered_line_out_of_section_order_is_a_list_item(tmp_path):
    src = tmp_path / "n.txt"
    src.write_text("1. Introduction\n\nText.\n\n1. First point\n2. Second point\n\nChange 1: Early discharge planning\n\nS.\n")
    intro = ingest_file(src).document["sections"][0]
    assert intro["key"] == "introduction"
    assert intro["blocks"][1] == {"type": "list", "ordered": True, "provenance": [{"path": src.as_posix(), "line": 5, "line_end": 6}],
                                  "items": [{"text": "First point", "children": [], "provenance": [{"path": src.as_posix(), "line": 5}]},
                                            {"text": "Second point", "children": [], "provenance": [{"path": src.as_posix(), "line": 6}]}]}


def test_two_cells_on_one_line_are_split_where_the_narrow_column_fits():
    assert split_merged(["No choice protocol in place Choice protocol being", "written or updated to"], 27) == \
        (["No choice protocol in place"], ["Choice protocol being", "written or updated to"])


def test_matrix_rows_are_rebuilt_from_cell_paragraphs():
    wide, narrow = "A first column cell that is wide", "Narrow cell"
    cells = [[wide], [narrow], [narrow], [narrow], ["Last one"], [wide + " x"], ["b"], ["c"], ["d"], ["e"]]
    rows, notes = rebuild_rows([PrintedCell(lines, [" "] * (len(lines) - 1)) for lines in cells])
    assert rows == [[wide, narrow, narrow, narrow, "Last one"], [wide + " x", "b", "c", "d", "e"]] and notes == []


@pytest.mark.parametrize("encode", [
    lambda t: t.replace("\n", "\r\n").encode("cp1252"),
    lambda t: t.replace("\n", "\r").encode("utf-16"),
    lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
], ids=["cp1252-crlf", "utf16-cr", "utf8-bom"])
def test_other_encodings_and_line_endings_read_the_same(encode):
    path = "2019/hicm-2019-refresh.txt"
    text = (SOURCE_DOCS / path).read_text(encoding="utf-8")

    def read(data: bytes) -> dict:
        return extract(Source(path=path, data=data, sha256="0" * 64, format="text", edition_id="2019")).content

    assert read(encode(text)) == read(text.encode("utf-8"))


# --------------------------------------------------------------------------- 2015


def test_2015_has_eight_changes_with_their_page_titles():
    titles = [c["title"] for c in doc("2015/hicm-2015.txt")["changes"]]
    assert titles == ["Early discharge planning", "Systems to monitor patient flow",
                      "Multi-disciplinary/multi-agency discharge teams, including the voluntary and community sector",
                      "Home first/discharge to assess", "Seven-day service", "Trusted assessors", "Focus on choice",
                      "Enhancing health in care homes"]


def test_2015_title_variants_come_from_the_purpose_list_and_the_action_plan():
    assert change("2015/hicm-2015.txt", 5)["titles"] == ["seven-day services", "Seven-day services"]
    assert "Home First Discharge to Assess" in change("2015/hicm-2015.txt", 4)["titles"]
    # The bare address after the purpose list is not part of the last bullet (line 41).
    assert change("2015/hicm-2015.txt", 8)["titles"] == ["enhancing health in care homes"]


def test_2015_matrix_rows_have_no_themes_and_rebuild_five_cells_each():
    rows = {c["number"]: c["matrix"]["rows"] for c in doc("2015/hicm-2015.txt")["changes"]}
    assert {n: len(r) for n, r in rows.items()} == {1: 2, 2: 5, 3: 3, 4: 3, 5: 4, 6: 3, 7: 3, 8: 3}
    assert all(row["theme"] is None for r in rows.values() for row in r)
    # Change 2, row 3 (lines 223-242).
    assert rows[2][2]["cells"] == {
        "not-yet-established": "Bottlenecks occur regularly in the trust and in the community",
        "plans-in-place": "Analysis of causes of bottlenecks underway and practice changes being designed",
        "established": "Analysis completed and practice changes being put in place and evaluated",
        "mature": "Bottlenecks rarely occur and are quickly tackled when they do",
        "exemplary": "There are no bottlenecks caused by process or supply failure"}
    assert rows[1][1]["cells"]["exemplary"] == "Evidence shows X per cent patients go home on date agreed on admission"
    assert rows[6][1]["cells"]["plans-in-place"] == "One assessment form/system being discussed"


def test_2015_change_7_two_cells_on_one_line_are_split():
    row = change("2015/hicm-2015.txt", 7)["matrix"]["rows"][1]["cells"]
    assert row["not-yet-established"] == "No choice protocol in place"
    assert row["plans-in-place"] == "Choice protocol being written or updated to reduce seven days"
    assert row["established"] == "New choice protocol implemented and understood by staff"
    assert "matrix-cells-merged" in codes("2015/hicm-2015.txt")


def test_2015_summaries_keep_the_page_wording_and_record_the_overview():
    five = change("2015/hicm-2015.txt", 5)
    assert five["summary"].startswith("Successful, joint 24/7 working improves the flow of people")
    assert five["alternate_summaries"][0]["context"] == "overview"
    assert five["alternate_summaries"][0]["text"].startswith("Effective joint 24/7 working")
    differs = [f for f in doc("2015/hicm-2015.txt")["findings"] if f["code"] == "summary-differs"]
    assert {f["subject"] for f in differs} >= {"changes[number=5].summary", "changes[number=3].summary"}
    assert "changes[number=6].summary" not in {f["subject"] for f in differs}  # same wording twice


def test_2015_has_no_statements_tips_or_examples():
    for item in doc("2015/hicm-2015.txt")["changes"]:
        assert item["statements"] == {"i": None, "we": None}
        assert item["tips"] == [] and item["examples"] == [] and item["materials"] == []


def test_2015_action_plan_has_eight_rows_and_four_questions():
    plan = doc("2015/hicm-2015.txt")["action_plan"]
    assert [c["label"] for c in plan["columns"]] == ["Where are you now?", "What do you need to do?",
                                                     "When will it be done by?",
                                                     "How will you know it has been successful?"]
    assert [c["key"] for c in plan["columns"]] == ["now", "actions", "by-when", "success"]
    assert [r["label"] for r in plan["rows"]] == [
        "Early discharge planning", "Systems to monitor patient flow",
        "Multi-disciplinary, multi-agency discharge teams (including voluntary and community sector)",
        "Home First Discharge to Assess", "Seven-day services", "Trusted assessors", "Focus on choice",
        "Enhancing health in care homes"]
    assert [r["key"] for r in plan["rows"]] == [c["key"] for c in doc("2015/hicm-2015.txt")["changes"]]


def test_2015_sections_and_levels():
    sections = doc("2015/hicm-2015.txt")["sections"]
    assert [(s["key"], s["number"]) for s in sections] == [("introduction", 1), ("purpose", 2), ("principles", 3),
                                                            ("the-model", 4)]
    purpose_list = next(b for b in sections[1]["blocks"] if b["type"] == "list")
    assert len(purpose_list["items"]) == 8
    link = next(b for b in sections[1]["blocks"] if b.get("links"))
    assert link["links"][0]["url"].startswith("http://www.local.gov.uk/documents/10180/7058797/")
    assert [l["label"] for l in doc("2015/hicm-2015.txt")["levels"]] == [
        "Not yet established", "Plans in place", "Established", "Mature", "Exemplary"]


# --------------------------------------------------------------------------- 2019


def test_2019_has_nine_changes_and_no_inline_matrices():
    changes = doc("2019/hicm-2019-refresh.txt")["changes"]
    assert [c["number"] for c in changes] == list(range(1, 10))
    assert all(c["matrix"] is None for c in changes)
    assert codes("2019/hicm-2019-refresh.txt").count("matrix-published-elsewhere") == 9
    assert doc("2019/hicm-2019-refresh.txt")["levels"] == []  # the text names no levels


def test_2019_statements_and_summaries():
    one = change("2019/hicm-2019-refresh.txt", 1)
    assert one["statements"]["i"].startswith("When I move between services, settings or areas")
    assert one["statements"]["we"] == ("We support people to plan for important life changes, so they can have "
                                       "enough time to make informed decisions about their future.")
    four = change("2019/hicm-2019-refresh.txt", 4)
    assert four["summary"].startswith("Home first is as much a system mindset as a service.")
    # Two published paragraphs, one summary string with spaces folded (the schema's rule).
    assert "safe to do so. Discharge to assess (D2A) is a model that can achieve the home first aim." in four["summary"]
    assert "\n" not in four["summary"]


def test_2019_tip_nesting():
    assert tip_shape(change("2019/hicm-2019-refresh.txt", 6)["tips"]) == [0, 2, 0, 4, 0, 0, 0]
    assert tip_shape(change("2019/hicm-2019-refresh.txt", 9)["tips"]) == [3] + [0] * 9 + [4]
    assert len(change("2019/hicm-2019-refresh.txt", 7)["tips"]) == 14
    # Change 3: nine tips; the three nested "Place: Title" bullets are examples (lines 94-96).
    three = change("2019/hicm-2019-refresh.txt", 3)
    assert tip_shape(three["tips"]) == [0] * 9
    assert [(e["place"], e["title"]) for e in three["examples"][:2]] == [
        ("Durham", "Multi-disciplinary discharge teams"), ("Lincolnshire", "Hospital avoidance response team")]
    assert codes("2019/hicm-2019-refresh.txt").count("example-in-tip-list") == 3


def test_2019_examples_including_description_before_title():
    ex = change("2019/hicm-2019-refresh.txt", 1)["examples"]
    assert len(ex) == 1 and ex[0]["place"] == "Newcastle Gateshead"
    assert ex[0]["title"] == "Bringing care homes from the periphery"
    assert ex[0]["description"].startswith("Introduction of a \u2018transfer of care bag\u2019")
    two = change("2019/hicm-2019-refresh.txt", 2)["examples"]
    assert [(e["place"], e["title"]) for e in two] == [
        ("Kent", "Use of SHREWD"), ("Central Bedfordshire", "Hospital Discharge Service - Person Tracker"),
        ("Southampton", "managing delayed discharges digitally")]
    medway = change("2019/hicm-2019-refresh.txt", 4)["examples"][3]
    assert (medway["place"], medway["title"]) == ("Medway", "Home First")
    west = change("2019/hicm-2019-refresh.txt", 9)["examples"][0]
    assert west == {"place": None, "title": "West of England - Reducing DTOC through housing interventions",
                    "description": None, "url": None, "provenance": west["provenance"]}


def test_2019_materials_written_as_paragraphs():
    assert [m["title"] for m in change("2019/hicm-2019-refresh.txt", 7)["materials"]] == [
        "NHS quick guide, describing the choice protocol and providing sample template policy and template patient letters",
        "The Care Act: see 30, cases where adult expresses preference for particular accommodation, and Annex A of 2014 Statutory Guidance",
        "Care Navigation: A Competency Framework"]


# --------------------------------------------------------------------------- 2020 draft

D20 = "2020/hicm-2020-draft.txt"


def test_2020_has_nine_changes_with_titles_from_heading_contents_overview_list_and_plan():
    assert [c["number"] for c in doc(D20)["changes"]] == list(range(1, 10))
    four = change(D20, 4)
    assert four["title"] == "Home First Discharge to Assess"
    assert four["titles"][:2] == ["Home first", "Home First D2A"]
    assert change(D20, 3)["titles"][:1] == ["Multi-disciplinary working"]
    assert change(D20, 9)["titles"] == ["housing and related services"]


def test_2020_matrices_have_theme_labels():
    themes = {c["number"]: [r["theme"] for r in c["matrix"]["rows"]] for c in doc(D20)["changes"]}
    assert themes[1] == ["Planned", "Emergency", "Red Bag Scheme"]
    assert themes[2] == ["Responsive capacity", "Improving how the system flows", "Effective information sharing"]
    assert themes[3] == ["MDT working", "Discharge planning and assessment"]
    assert themes[6] == ["Independent care sector assessments", "Within hospital (acute or community)",
                         "Adult social care (hospital and community)"]
    assert [len(themes[n]) for n in range(1, 10)] == [3, 3, 2, 3, 3, 3, 3, 3, 4]
    red = change(D20, 1)["matrix"]["rows"][2]["cells"]
    assert red["not-yet-established"] == "The red bag scheme (or appropriate substitute) is not being used."
    assert red["established"] == "The red bag scheme is being piloted on at least one ward."
    # The cell that carried the stamp "Page 223" (line 460) keeps only its wording.
    stamped = change(D20, 6)["matrix"]["rows"][0]
    assert stamped["cells"]["not-yet-established"] == ("Care providers insist on assessing for the service or home "
                                                       "regardless of their capacity to do so in a timely manner.")
    assert any(f["code"] == "page-stamp-in-text" and f["where"][0]["line"] == 460 for f in doc(D20)["findings"])


def test_2020_level_definitions():
    levels = doc(D20)["levels"]
    assert [l["label"] for l in levels] == ["Not yet established", "Plans in place", "Established", "Mature", "Exemplary"]
    assert levels[0]["description"] == "Processes are typically undocumented and driven in an ad hoc reactive manner."
    assert levels[4]["description"].startswith("Fully embedded within the system and outcomes for people reflect this")


def test_2020_statements_drop_the_bold_markup():
    assert change(D20, 1)["statements"]["i"].startswith("When I move between services")
    assert change(D20, 8)["statements"]["i"] == ("I have a place I can call home, not just a 'bed' or somewhere that "
                                                 "provides me with care")


def test_2020_tips_continue_after_supporting_materials_and_join_cut_tips():
    three = change(D20, 3)["tips"]
    assert len(three) == 9 and three[0]["text"].startswith("Work out who to involve in your MDT.")
    assert three[-1]["text"].startswith("Communicate clearly with staff")
    seven = change(D20, 7)["tips"]
    assert len(seven) == 14 and seven[-1]["text"] == "Ensure the choice protocol is part of team induction training."
    eight = change(D20, 8)["tips"]
    assert len(eight) == 11 and eight[-1]["text"].startswith("See the NHS guidance on Enhanced Health in Care Homes")
    nine = change(D20, 9)["tips"]
    assert tip_shape(nine) == [3] + [0] * 9 + [4]
    # Line 572 was cut by the Supporting Materials box and goes on at line 591.
    assert "(such as extra care or supported housing). For example, there is a new statutory duty" in nine[4]["text"]
    assert nine[-1]["children"][0]["text"].startswith(
        "NHS trusts have a statutory duty under the Homelessness Reduction Act (2017)")


def test_2020_change_4_tips_under_the_home_first_d2a_heading():
    tips = change(D20, 4)["tips"]
    assert tip_shape(tips) == [6, 0, 4, 0, 0]
    assert "heading" not in tips[0] and tips[0]["text"].startswith("Establish system-wide principles")
    assert [t.get("heading") for t in tips[1:]] == ["Home First D2A"] * 4
    assert tips[1]["text"].startswith("Return people home as soon as possible after their treatment")
    assert all("Page 277" not in t["text"] for t in tips)
    stamps = [f["where"][0]["line"] for f in doc(D20)["findings"] if f["code"] == "page-stamp-in-text"]
    assert stamps == [109, 334, 460]


def test_2020_examples_and_materials_from_links():
    ex = change(D20, 1)["examples"]
    assert [(e["place"], e["title"], e["url"]) for e in ex] == [
        ("Newcastle Gateshead", "Bringing care homes from the periphery", None)]
    assert ex[0]["description"].startswith("Introduction of a 'transfer of care bag'")
    nine = change(D20, 9)["examples"]
    assert nine[2]["title"] == "Technology Enabled Discharge (TED)" and nine[2]["place"] == "Cambridgeshire"
    assert change(D20, 6)["examples"][0]["description"] is None
    mats = change(D20, 6)["materials"]
    assert len(mats) == 6 and mats[0]["title"].startswith(
        "A guide to trusted assessors and trusted assessments, co-authored by The Care Provider Alliance")
    assert all(m["url"] is None for m in mats)
    assert [len(c["materials"]) for c in doc(D20)["changes"]] == [5, 9, 4, 7, 5, 6, 3, 6, 12]


def test_2020_action_plan_and_sections():
    plan = doc(D20)["action_plan"]
    assert len(plan["rows"]) == 9 and plan["rows"][3]["label"] == "Home first"
    assert [c["key"] for c in plan["columns"]] == ["now", "actions", "by-when", "success"]
    keys = [s["key"] for s in doc(D20)["sections"]]
    assert keys == ["cover", "introduction", "purpose", "principles", "making-it-real", "how-to-use",
                    "supporting-materials"]
    making = next(s for s in doc(D20)["sections"] if s["key"] == "making-it-real")
    values = next(b for b in making["blocks"] if b["type"] == "list")
    # "Page 207 A sense of belonging…" (line 109) continues the first bullet across the page break.
    assert values["items"][0]["text"] == ("People are citizens first and foremost. A sense of belonging, positive "
                                          "relationships and contributing to community life are important to "
                                          "people's health and wellbeing.")
    assert len(values["items"]) == 6


def test_2020_placeholder_links_have_null_urls():
    principles = next(s for s in doc(D20)["sections"] if s["key"] == "principles")
    para = next(b for b in principles["blocks"] if b.get("links"))
    assert para["links"] == [{"text": "Ethical Framework for Adult Social Care", "url": None}]
    assert "The Ethical Framework for Adult Social Care, written in response to COVID-19." in para["text"]


# --------------------------------------------------------------------------- 2020 web introduction

MT = "2020/managing-transfers-of-care.txt"


def test_managing_transfers_has_sections_and_level_definitions_but_no_changes():
    d = doc(MT)
    assert d["changes"] == [] and d["action_plan"] is None
    assert [s["key"] for s in d["sections"]] == ["introduction", "purpose", "principles", "making-it-real",
                                                 "how-to-use", "supporting-materials", "levels"]
    assert d["levels"][1] == {"key": "plans-in-place", "label": "Plans in place",
                              "description": "Developed a strategy and starting to implement, however processes are inconsistent",
                              "provenance": [{"path": MT, "line": 104}]}


# --------------------------------------------------------------------------- coverage


@pytest.mark.parametrize("path", TEXT_FILES)
def test_only_boilerplate_is_left_out(path):
    leftovers = _ingested(path).leftovers
    assert all(l.is_boilerplate for l in leftovers), [l for l in leftovers if not l.is_boilerplate]
    assert "unplaced-content" not in codes(path)


def test_coverage_names_the_boilerplate():
    reasons = {l.reason for l in _ingested("2015/hicm-2015.txt").leftovers}
    assert {"boilerplate: running header", "boilerplate: publisher's address",
            "boilerplate: form-field name dumped from the PDF's action-plan fields"} <= reasons
    # Lines 8-9 ("Page" / "265"), 88, 244, 316, 334 ("- Page 277" as a bullet), 396, 551, 574, 630.
    stamps = [l.where["line"] for l in _ingested(D20).leftovers if l.reason == "boilerplate: page stamp"]
    assert stamps == [8, 9, 88, 244, 316, 334, 396, 551, 574, 630]


def test_unplaceable_text_is_reported(tmp_path):
    src = tmp_path / "odd.txt"
    src.write_text("Change 1: Early discharge planning\n\nSummary text.\n\nAction planning template\n\n"
                   "Impact change\tWhere are you now?\n"
                   "Change 1: Early discharge planning\t\n\nLocal Government Association\n\n"
                   "A stray paragraph that belongs nowhere.\n", encoding="utf-8")
    result = ingest_file(src)
    unplaced = [l for l in result.leftovers if not l.is_boilerplate]
    assert [l.text for l in unplaced] == ["A stray paragraph that belongs nowhere."]
    assert any(f["code"] == "unplaced-content" for f in result.document["findings"])


def test_coverage_command_lists_boilerplate(run_cli):
    result = run_cli("ingest", SOURCE_DOCS / "2015/hicm-2015.txt", "--coverage", "--json")
    report = json.loads(result.output)
    assert report["source"] == "2015/hicm-2015.txt"
    assert all(l["reason"].startswith("boilerplate:") for l in report["leftovers"])


# --------------------------------------------------------------------------- bad input


def test_a_text_about_something_else_is_rejected(run_hicm, tmp_path):
    src = tmp_path / "recipe.txt"
    src.write_text("Lemon drizzle cake\n\nIngredients\n\n- 225g butter\n- 225g sugar\n\nBake for 45 minutes.\n")
    out = tmp_path / "out.json"
    result = run_hicm("ingest", src, "-o", out)
    assert result.returncode == 2 and not out.exists()
    assert result.stderr.strip().count("\n") == 0
    assert "recipe.txt" in result.stderr and "no High Impact Change Model content" in result.stderr


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02\x03" * 64, b"\xff\xfe" + b"\x00\xd8" * 3])
def test_empty_binary_and_broken_text_are_rejected(run_cli, tmp_path, content):
    src = tmp_path / "bad.txt"
    src.write_bytes(content)
    out = tmp_path / "out.json"
    result = run_cli("ingest", src, "-o", out)
    assert result.exit_code == 2 and not out.exists()
    assert result.output.strip().count("\n") == 0


@given(st.one_of(st.binary(max_size=400),
                 st.lists(st.sampled_from(["Change 1", "Change 2: Home first", "Tips for success", "- tip",
                                           "  - nested", "\tNot yet established\tPlans in place\tEstablished\tMature\tExemplary",
                                           "Theme\ta\tb", "Page 12", "1. Introduction", "2. Purpose", "", "text line",
                                           "Examples of emerging and developing practice", "Kent: Title: d",
                                           "[x](#) - y", "Supporting Materials", "Action planning template",
                                           "Not yet established Plans in place Established Mature Exemplary",
                                           "Impact change Where are you now?"]), max_size=40).map("\n".join),
                 st.text(max_size=400)))
def test_arbitrary_input_raises_only_hicm_errors(data):
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    try:
        result = extract(Source(path="x.txt", data=raw, sha256="0" * 64, format="text", edition_id=None))
    except HicmError:
        return
    assert isinstance(result.content["changes"], list)


def test_a_text_that_only_mentions_the_model_is_rejected(tmp_path):
    src = tmp_path / "note.txt"
    src.write_text("Meeting notes\n\nWe discussed the High Impact Change Model and agreed to read it.\n")
    with pytest.raises(HicmError, match="no High Impact Change Model content"):
        ingest_file(src)


# --------------------------------------------------------------------------- the hub page as a catalogue

HUB = "hub/hospital-discharge.txt"


def test_hub_page_is_read_as_a_catalogue_of_resources():
    result = _ingested(HUB)
    assert result.catalogue and result.document["kind"] == "catalogue"
    resources = result.document["resources"]
    assert len(resources) == 17
    assert resources[0] == {
        "title": "NHS England \u00bb UEC Recovery 10 Point Action Plan \u2013 Implementation guide", "url": None,
        "description": ("This ten-point action plan demonstrates how the whole system will work together to recovery "
                        "of urgent and emergency services, focusing on the immediate and medium-term actions we can "
                        "take collectively."),
        "section": "National resources", "provenance": [{"path": HUB, "line": 23}]}
    by_title = {r["title"]: r for r in resources}
    mtoc = by_title["Managing transfers of care \u2013 A High Impact Change Model"]
    assert mtoc["section"] == "Support including High Impact Change Models and case studies"
    assert mtoc["description"].startswith("An LGA tool which promotes a new approach to system resilience")
    assert by_title["Managing transfers of care: frequently asked questions"]["description"] is None
    # A title line followed by its description paragraph (lines 41 and 43).
    assert by_title["Top tips for implementing a collaborative commissioning approach to Home First"][
        "description"].startswith("These top tips seek to enable health and care systems")
    assert by_title["Bath: Home First/D2A"]["description"].startswith("A case study summarising how Bath")


def test_hub_page_leaves_out_only_its_introduction_and_banner():
    reasons = {l.where["line"]: l.reason for l in _ingested(HUB).leftovers}
    assert reasons[5] == "boilerplate: banner image text"
    assert reasons[3] == "not a resource: the page's own introduction"
    last = max(l.where.get("line_end", l.where["line"]) for l in _ingested(HUB).leftovers)
    assert last == 19  # nothing after the introduction (its list ends on line 19) is left out


# --------------------------------------------------------------------------- goldens


@pytest.mark.parametrize("path", TEXT_FILES + [HUB])
def test_manifestation_matches_golden(path, update_golden):
    folder, name = path.split("/")
    assert_matches_golden(doc(path), GOLDEN / "manifestations" / folder / f"{name}.json", update_golden)
