"""The PDF reader on the two published PDFs: structure, tables, tips, form fields, provenance.

Every expected value below was read off the PDF pages by eye (the page is named), not
copied from the reader's output.
"""
from __future__ import annotations

import pytest

from tests.support.paths import GOLDEN, SOURCE_DOCS
from tests.support.golden import assert_matches_golden
from pipeline.ingest import ingest_file

PDF_2015 = SOURCE_DOCS / "2015" / "hicm-2015.pdf"
PDF_2020 = SOURCE_DOCS / "2020" / "hicm-2020-draft.pdf"


@pytest.fixture(scope="module")
def ingested_2015():
    return ingest_file(PDF_2015)


@pytest.fixture(scope="module")
def ingested_2020():
    return ingest_file(PDF_2020)


@pytest.fixture(scope="module")
def doc2015(ingested_2015):
    return ingested_2015.document


@pytest.fixture(scope="module")
def doc2020(ingested_2020):
    return ingested_2020.document


def change(doc, number):
    return next(c for c in doc["changes"] if c["number"] == number)


def all_tips(tips):
    for tip in tips:
        yield tip
        yield from all_tips(tip["children"])


# -- goldens ---------------------------------------------------------------------------------

def test_2015_pdf_matches_golden(doc2015, update_golden):
    assert_matches_golden(doc2015, GOLDEN / "manifestations" / "2015" / "hicm-2015.pdf.json", update_golden)


def test_2020_pdf_matches_golden(doc2020, update_golden):
    assert_matches_golden(doc2020, GOLDEN / "manifestations" / "2020" / "hicm-2020-draft.pdf.json", update_golden)


# -- 2015 ------------------------------------------------------------------------------------

def test_2015_has_eight_changes_with_their_page_titles(doc2015):
    assert [c["number"] for c in doc2015["changes"]] == list(range(1, 9))
    assert [c["title"] for c in doc2015["changes"]] == [
        "Early discharge planning", "Systems to monitor patient flow",
        "Multi-disciplinary/multi-agency discharge teams, including the voluntary and community sector",
        "Home first/discharge to assess", "Seven-day service", "Trusted assessors", "Focus on choice",
        "Enhancing health in care homes"]
    assert [c["key"] for c in doc2015["changes"]][:2] == ["early-discharge-planning", "monitoring-demand-and-capacity"]


def test_2015_sections_in_order_with_front_matter(doc2015):
    assert [(s["key"], s["number"], s["title"]) for s in doc2015["sections"]] == [
        ("introduction", 1, "Introduction"), ("purpose", 2, "Purpose of the model"),
        ("principles", 3, "Principles"), ("the-model", 4, "The model")]
    intro = doc2015["sections"][0]["blocks"]
    assert intro[0]["text"].startswith("This model was developed by strategic system partners including the Local")
    assert intro[0]["text"].endswith("Authority (now NHSi) during 2015.")
    purpose_list = next(b for b in doc2015["sections"][1]["blocks"] if b["type"] == "list")
    assert [i["text"] for i in purpose_list["items"]][2] == \
        "multi-disciplinary/multi-agency discharge teams, including the voluntary and community sector"


def test_2015_change_2_matrix_has_five_unthemed_rows(doc2015):
    rows = change(doc2015, 2)["matrix"]["rows"]
    assert len(rows) == 5
    assert [r["theme"] for r in rows] == [None] * 5
    # page 5, last row, Exemplary column
    assert rows[4]["cells"]["exemplary"] == ("Senior clinical decision making support available and increased "
                                             "automatically when necessary to carry out assessment and reviews 24/7")
    assert rows[0]["cells"]["not-yet-established"] == "No relationship between demand and capacity in care pathways"
    assert rows[0]["provenance"][0]["page"] == 5


def test_2015_matrix_row_counts(doc2015):
    assert [len(c["matrix"]["rows"]) for c in doc2015["changes"]] == [2, 5, 3, 3, 4, 3, 3, 3]


def test_2015_change_1_cell_word_for_word(doc2015):
    cells = change(doc2015, 1)["matrix"]["rows"][0]["cells"]
    assert cells["plans-in-place"] == ("Clinical commissioning group (CCG) and adult social care (ASC) commissioners "
                                       "are discussing how community and primary care coordinate early discharge planning")


def test_2015_summary_and_overview_wording_both_kept_with_a_finding(doc2015):
    c1 = change(doc2015, 1)
    assert c1["summary"].startswith("In elective care, planning should begin before admission. In emergency/unscheduled")
    overview = c1["alternate_summaries"][0]
    assert overview["context"] == "overview" and overview["provenance"][0]["page"] == 3
    assert "In emergency/ unscheduled care" in overview["text"]
    differs = [f for f in doc2015["findings"] if f["code"] == "summary-differs"]
    assert {f["subject"] for f in differs} >= {"changes[number=1].summary", "changes[number=5].summary"}
    five = next(f for f in differs if f["subject"] == "changes[number=5].summary")
    assert five["values"][0].startswith("Successful, joint 24/7 working")
    assert five["values"][1].startswith("Effective joint 24/7 working")
    assert [w["page"] for w in five["where"]] == [8, 3]


def test_2015_two_column_overview_read_column_by_column(doc2015):
    # page 3 sets changes 1/2, 3/4… side by side; each summary must be whole, not interleaved
    c3 = change(doc2015, 3)
    assert c3["alternate_summaries"][0]["text"] == (
        "Coordinated discharge planning based on joint assessment processes and protocols and on shared and agreed "
        "responsibilities, promotes effective discharge and positive outcomes for patients.")


def test_2015_hyphens_kept(doc2015):
    assert "Providing short-term care and reablement" in change(doc2015, 4)["summary"]


def test_2015_running_headers_and_back_page_are_boilerplate(ingested_2015):
    reasons = [(l.where["page"], l.text, l.reason) for l in ingested_2015.leftovers]
    headers = [r for r in reasons if r[2] == "boilerplate: running header"]
    assert [p for p, _, _ in headers] == list(range(4, 13))
    assert {t for _, t, _ in headers} == {"4. The model"}
    assert all(reason.startswith("boilerplate:") for _, _, reason in reasons)
    assert any("London SW1P 3HZ" in t for _, t, _ in reasons)   # the back page's address, a paragraph of the tree


def test_2015_action_plan_rows_columns_and_fields(doc2015):
    plan = doc2015["action_plan"]
    assert plan["title"] == "Action planning template"
    assert [c["label"] for c in plan["columns"]] == [
        "Where are you now?", "What do you need to do?", "When will it be done by?",
        "How will you know it has been successful?"]
    assert [r["label"] for r in plan["rows"]][3] == "Home First Discharge to Assess"
    assert [r["key"] for r in plan["rows"]] == [c["key"] for c in doc2015["changes"]]
    fields = {f["name"]: f for f in plan["fields"]}
    assert len(fields) == 37
    assert (fields["Text_01"]["row"], fields["Text_01"]["column"]) == ("early-discharge-planning", "now")
    assert (fields["Text_14"]["row"], fields["Text_14"]["column"]) == ("home-first", "actions")
    assert (fields["Text_32"]["row"], fields["Text_32"]["column"]) == (
        "discharge-to-care-homes", "success")
    assert fields["Text_32"]["value"] is None
    # fields 10..14 sit in the strip below the last row: no row, and a finding says so
    assert fields["10"]["row"] is None and fields["11"]["column"] == "now"
    unplaced = [f for f in doc2015["findings"] if f["code"] == "form-field-unplaced"]
    assert len(unplaced) == 5


def test_2015_form_fields_take_their_row_key_from_the_lineage_given(tmp_path):
    # The reader places a field in a row by position; the row is keyed by the lineage the
    # ingest is given (--lineage), and the field with it: never by another lineage.
    from normalize.lineage import DEFAULT_LINEAGE_PATH, load_lineage
    renamed = tmp_path / "lineage.toml"
    renamed.write_text(DEFAULT_LINEAGE_PATH.read_text(encoding="utf-8").replace(
        "early-discharge-planning", "planning-discharge-early"), encoding="utf-8")
    plan = ingest_file(PDF_2015, lineage=load_lineage(renamed)).document["action_plan"]
    fields = {f["name"]: f for f in plan["fields"]}
    assert plan["rows"][0]["key"] == "planning-discharge-early"
    assert (fields["Text_01"]["row"], fields["Text_01"]["column"]) == ("planning-discharge-early", "now")
    assert {f["row"] for f in plan["fields"]} - {None} <= {r["key"] for r in plan["rows"]}


def test_2015_levels_labels_without_definitions(doc2015):
    assert [(l["key"], l["label"], l["description"]) for l in doc2015["levels"]][1] == \
        ("plans-in-place", "Plans in place", None)


# -- 2020 ------------------------------------------------------------------------------------

def test_2020_has_nine_changes(doc2020):
    assert [c["number"] for c in doc2020["changes"]] == list(range(1, 10))
    assert change(doc2020, 2)["title"] == "Monitoring and responding to system demand and capacity"
    assert change(doc2020, 4)["title"] == "Home First Discharge to Assess"
    # contents, overview, purpose list (lower case, its own wording), action plan
    assert change(doc2020, 4)["titles"] == ["Home first", "Home First D2A", "home first"]


def test_2020_change_1_matrix_themes_and_cells(doc2020):
    rows = change(doc2020, 1)["matrix"]["rows"]
    assert [r["theme"] for r in rows] == ["Planned", "Emergency", "Red Bag Scheme"]
    assert rows[2]["cells"]["exemplary"] == \
        "Staff understand the red bag scheme well and use it confidently, leading to smoother discharges."
    assert rows[0]["cells"]["not-yet-established"] == \
        "Discharge is not discussed when planning an admission or at the referral stage in the community."


def test_2020_split_matrix_merged_with_both_pages_in_provenance(doc2020):
    matrix = change(doc2020, 4)["matrix"]
    assert [r["theme"] for r in matrix["rows"]] == [
        "Discharge to assess", "Reablement pathways", "Embedding and home first mentality"]
    where = matrix["provenance"][0]
    assert (where["page"], where["page_end"]) == (17, 18)
    assert "merged from pages 17-18" in where["note"]
    assert [r["provenance"][0]["page"] for r in matrix["rows"]] == [17, 18, 18]
    # no table is merged that should not be
    assert all("page_end" not in c["matrix"]["provenance"][0] for c in doc2020["changes"] if c["number"] != 4)


def test_2020_box_interrupted_tip_is_one_tip(doc2020):
    tips = [t for t in all_tips(change(doc2020, 9)["tips"]) if t["text"].startswith("Ensure staff know")]
    assert len(tips) == 1
    tip = tips[0]
    assert "access specialist housing (such as extra care or supported housing). For example, there is a new " \
           "statutory duty to refer" in tip["text"]
    assert (tip["provenance"][0]["page"], tip["provenance"][0]["page_end"]) == (27, 28)
    # and the box's materials continue onto page 28 without breaking the list of tips
    titles = [m["title"] for m in change(doc2020, 9)["materials"]]
    assert titles[-1] == "SCIE Moving between hospital and home, including care homes"
    assert "Care and Repair England/Centre for Ageing Better: Adapting for ageing: Good practice and innovation " \
           "in home adaptations" in titles


def test_2020_nested_tips_and_sub_heading(doc2020):
    tips = change(doc2020, 4)["tips"]
    assert tips[0]["text"].startswith("Establish system-wide principles between partners")
    assert [c["text"][:30] for c in tips[0]["children"]][:2] == [
        "Simplify pathways for hospital", "A home first approach and unde"]
    headed = [t for t in tips if t.get("heading") == "Home First D2A"]
    # the sub-heading's opening paragraph is printed without a bullet: a tip all the same
    assert headed[0]["text"].startswith("Return people home as soon as possible after their treatment")
    assert headed[1]["text"].startswith("Consider using trusted assessment to provide speedy access")
    assert len(headed[1]["children"]) == 4
    assert headed[1]["children"][3]["provenance"][0]["page"] == 17
    assert {c["heading"] for c in headed[1]["children"]} == {"Home First D2A"}
    assert "heading" not in tips[0] and not [b for b in change(doc2020, 4).get("blocks", []) if b["type"] == "paragraph"]


def test_2020_hyphens_kept_and_line_break_hyphens_resolved(doc2015, doc2020):
    texts = [t["text"] for c in doc2020["changes"] for t in all_tips(c["tips"])]
    assert any("a co-design approach is essential" in t for t in texts)
    assert any("short-term" in t for t in texts)
    ex = change(doc2020, 2)["examples"][1]
    assert ex["description"].startswith("To support the working of the co-located discharge teams")
    # printed "Change 3: Multi-" / "disciplinary working": the document prints "Multi-disciplinary" elsewhere
    assert doc2020["action_plan"]["rows"][2]["label"] == "Multi-disciplinary working"
    assert change(doc2015, 6)["matrix"]["rows"][1]["cells"]["plans-in-place"] == \
        "One assessment form/system being discussed"  # "form/" ends a line with no space after it
    assert change(doc2020, 2)["examples"][0]["description"] == \
        "Use of a daily reporting system to view capacity and flow within Home First/ Discharge to Assess pathway."


def test_2020_statements_examples_materials(doc2020):
    c1 = change(doc2020, 1)
    assert c1["statements"]["i"].startswith("When I move between services, settings or areas")
    assert c1["statements"]["we"].startswith("We support people to plan for important life changes")
    assert c1["examples"][0]["place"] == "Newcastle Gateshead"
    assert c1["examples"][0]["title"] == "Bringing care homes from the periphery"
    assert c1["examples"][0]["description"].startswith("Introduction of a 'transfer of care bag'")
    assert c1["materials"][0] == {"title": "NHS guidance on hospital discharge planning",
                                  "url": "https://www.england.nhs.uk/",
                                  "provenance": c1["materials"][0]["provenance"]}
    medway = change(doc2020, 4)["examples"][3]
    assert (medway["place"], medway["title"]) == ("Medway", "Home First")  # a stray space glyph is not a space
    assert change(doc2020, 7)["materials"][1]["title"].startswith("The Care Act: see 30, cases")


def test_2020_page_stamps_removed(ingested_2020, doc2020):
    stamps = [l for l in ingested_2020.leftovers if l.reason == "boilerplate: page stamp"]
    assert len(stamps) == 31 and stamps[0].text == "Page 259"
    assert not [l for l in ingested_2020.leftovers if not l.is_boilerplate]
    import json
    assert "Page 2" not in json.dumps(doc2020["changes"])


def test_2020_levels_with_definitions(doc2020):
    levels = doc2020["levels"]
    assert levels[0]["description"] == \
        "Processes are typically undocumented and driven in an ad hoc reactive manner."
    assert levels[4]["label"] == "Exemplary"
    assert levels[0]["provenance"][0]["page"] == 7


def test_2020_sections_and_supporting_materials_box(doc2020):
    # "6. The model" holds only the changes, so it is no section of its own
    assert [s["key"] for s in doc2020["sections"]] == [
        "cover", "introduction", "purpose", "principles", "making-it-real", "how-to-use", "supporting-materials"]
    assert doc2020["sections"][0]["title"] == "High impact change model"
    intro_list = doc2020["sections"][1]["blocks"][4]
    assert intro_list["ordered"] and intro_list["items"][1]["text"].startswith("Tips for success: in addition")
    citizens = next(s for s in doc2020["sections"] if s["key"] == "making-it-real")["blocks"][2]["items"][0]
    assert citizens["text"] == ("People are citizens first and foremost. A sense of belonging, positive relationships "
                                "and contributing to community life are important to people's health and wellbeing.")
    box = next(s for s in doc2020["sections"] if s["key"] == "supporting-materials")
    items = box["blocks"][1]["items"]
    assert len(items) == 11 and items[-1]["text"] == "LGA and ADASS National Overview of Care Home Support Plans"
    assert items[-1]["provenance"][0]["page"] == 8


def test_2020_contents_and_action_plan_give_title_variants(doc2020):
    assert change(doc2020, 3)["titles"] == ["Multi-disciplinary working", "multi-disciplinary working"]
    assert change(doc2020, 9)["titles"] == ["housing and related services"]  # "(added in 2019)" is a note
    plan = doc2020["action_plan"]
    assert len(plan["rows"]) == 9 and "fields" not in plan
    assert plan["rows"][8]["key"] == "housing-and-related-services"


def test_every_change_item_has_page_provenance(doc2015, doc2020):
    for doc in (doc2015, doc2020):
        for c in doc["changes"]:
            assert c["provenance"][0]["page"] >= 1 and len(c["provenance"][0]["bbox"]) == 4
            for t in all_tips(c["tips"]):
                assert t["provenance"][0]["bbox"]
            for r in c["matrix"]["rows"]:
                assert r["provenance"][0]["bbox"]


def test_output_is_deterministic():
    from pipeline.core.atomic import dump_json
    assert dump_json(ingest_file(PDF_2015).document) == dump_json(ingest_file(PDF_2015).document)
