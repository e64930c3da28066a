"""Merging an edition's manifestations: precedence per field, disagreements as findings, provenance kept."""
from __future__ import annotations

import json

import schema
from normalize.merge import merge_edition
from schema.model import empty_levels
from tests.support.handmade_records import EDITION, change, loc, manifestation, matrix, section

PDF, TXT, HTML = "2020/hicm-2020-draft.pdf", "2020/hicm-2020-draft.txt", "2020/managing-transfers-of-care.html"


def _pair(**text_fields):
    """A PDF and a text manifestation of one change, the text one differing by text_fields."""
    pdf = manifestation(PDF, "pdf", [change(PDF, "pdf", 7, "engagement-and-choice", "Engagement and choice")])
    txt = manifestation(TXT, "text", [change(TXT, "text", 7, "engagement-and-choice", "Engagement and choice",
                                             **text_fields)])
    return pdf, txt


def _disagreements(merged):
    return [f for f in merged["findings"] if f["code"] == "manifestations-disagree"]


def test_identical_manifestations_merge_without_findings_and_keep_every_location():
    pdf, txt = _pair()
    merged = merge_edition(EDITION, [pdf, txt])
    schema.validate(merged)
    assert merged["kind"] == "edition" and [s["path"] for s in merged["sources"]] == [PDF, TXT]
    assert _disagreements(merged) == []
    item = merged["changes"][0]
    assert [l["path"] for l in item["provenance"]] == [PDF, TXT]
    assert [l["path"] for l in item["tips"][0]["provenance"]] == [PDF, TXT]
    assert [l["path"] for l in item["tips"][0]["children"][0]["provenance"]] == [PDF, TXT]
    assert [l["path"] for l in item["matrix"]["rows"][0]["provenance"]] == [PDF, TXT]


def test_a_differing_summary_keeps_the_pdf_wording_and_reports_both_values_and_places():
    pdf, txt = _pair(summary="Early engagement with people, their families and carers is vital.")
    merged = merge_edition(EDITION, [txt, pdf])       # manifest order does not decide wording
    assert merged["changes"][0]["summary"] == "Summary of Engagement and choice."
    [f] = _disagreements(merged)
    assert f["severity"] == "warning" and f["subject"] == "changes[key=engagement-and-choice].summary"
    assert f["values"] == ["Summary of Engagement and choice.", "Early engagement with people, their families and carers is vital."]
    assert f["where"] == [loc(PDF, "pdf", 700), loc(TXT, "text", 700)]


def test_typographic_variants_are_not_disagreements_but_wording_is():
    pdf, txt = _pair(statements={"i": "I can get information and advice that helps me think about and plan my life.",
                                 "we": "We provide information to make sure people know how to navigate the local system"})
    pdf["changes"][0]["tips"][1]["text"] = "Ensure all staff are aware they all have a role in discharge planning."
    txt["changes"][0]["tips"][1]["text"] = "Ensure all staff are aware they all have a role in discharge  planning."
    merged = merge_edition(EDITION, [pdf, txt])
    [f] = _disagreements(merged)     # the missing full stop, not the double space
    assert f["subject"].endswith("statements.we") and f["values"][1].endswith("local system")


def test_tips_are_compared_row_by_row_including_a_tip_only_one_source_has():
    extra = {"text": "Ensure the choice protocol is part of team induction training.", "children": [],
             "provenance": [loc(TXT, "text", 13)]}
    tips = change(TXT, "text", 7, "engagement-and-choice", "x")["tips"] + [extra]
    pdf, txt = _pair(tips=tips)
    merged = merge_edition(EDITION, [pdf, txt])
    [f] = _disagreements(merged)
    assert f["subject"] == "changes[key=engagement-and-choice].tips"
    assert f["values"] == [None, "Ensure the choice protocol is part of team induction training."]
    assert f["where"][1] == loc(TXT, "text", 13)
    assert len(merged["changes"][0]["tips"]) == 2     # the PDF's tips are kept as published


def test_matrix_comes_from_the_pdf_and_each_differing_cell_is_a_finding():
    cells = [["No plan.", "Plans drawn up.", "In place.", "Tested.", "Embedded and reviewed."]]
    pdf, txt = _pair(matrix=matrix(TXT, "text", cells, ["Planned"]))
    merged = merge_edition(EDITION, [txt, pdf])
    assert merged["changes"][0]["matrix"]["rows"][0]["cells"]["exemplary"] == "Embedded."
    [f] = _disagreements(merged)
    assert f["subject"] == "changes[key=engagement-and-choice].matrix.rows[0].cells.exemplary"
    assert f["values"] == ["Embedded.", "Embedded and reviewed."] and f["where"][0]["path"] == PDF


def test_link_targets_come_from_html_and_examples_align_by_normalised_title():
    html_examples = [{"place": "Kent", "title": "Use of SHREWD.", "description": "Use of a daily reporting system.",
                      "url": "https://www.local.gov.uk/kent-shrewd", "provenance": [loc(HTML, "html", 5)]}]
    txt = manifestation(TXT, "text", [change(TXT, "text", 2, "monitoring-demand-and-capacity", "Monitoring")])
    html = manifestation(HTML, "html", [change(HTML, "html", 2, "monitoring-demand-and-capacity", "Monitoring",
                                               examples=html_examples, matrix=None)])
    merged = merge_edition(EDITION, [txt, html])
    [example] = merged["changes"][0]["examples"]
    assert example["url"] == "https://www.local.gov.uk/kent-shrewd"
    assert example["title"] == "Use of SHREWD."         # wording from html > text; aligned despite the full stop
    assert [l["path"] for l in example["provenance"]] == [HTML, TXT]
    assert merged["changes"][0]["matrix"]["provenance"][0]["path"] == TXT   # the only matrix there is
    [f] = _disagreements(merged)
    assert f["values"] == ["Use of SHREWD.", "Use of SHREWD"] and [w["path"] for w in f["where"]] == [HTML, TXT]


def test_a_change_missing_from_one_manifestation_is_kept_with_a_finding_not_a_crash():
    pdf = manifestation(PDF, "pdf", [change(PDF, "pdf", 1, "early-discharge-planning", "Early discharge planning"),
                                     change(PDF, "pdf", 2, "monitoring-demand-and-capacity", "Monitoring")])
    txt = manifestation(TXT, "text", [change(TXT, "text", 2, "monitoring-demand-and-capacity", "Monitoring")])
    merged = merge_edition(EDITION, [txt, pdf])
    assert [c["key"] for c in merged["changes"]] == ["early-discharge-planning", "monitoring-demand-and-capacity"]
    [f] = _disagreements(merged)
    assert f["subject"] == "changes[key=early-discharge-planning]" and f["values"] == ["Early discharge planning", None]
    assert [w["path"] for w in f["where"]] == [PDF, TXT]


def test_levels_come_from_the_source_that_defines_them_and_sections_are_a_union_by_key():
    levels = empty_levels()
    levels[0]["description"] = "Processes are typically undocumented and driven in an ad hoc reactive manner"
    web = manifestation(HTML, "html", levels=levels, sections=[
        section(HTML, "html", "purpose", "Purpose", ["The Managing transfers of care HICM aims to focus support."]),
        section(HTML, "html", "measuring-success", "Measuring and Monitoring Success", ["One of the key challenges."])])
    pdf = manifestation(PDF, "pdf", [change(PDF, "pdf", 1, "early-discharge-planning", "Early discharge planning")],
                        sections=[section(PDF, "pdf", "introduction", "Introduction", ["This model was developed in 2015."]),
                                  section(PDF, "pdf", "purpose", "Purpose of the model", ["This HICM aims to focus support."])])
    merged = merge_edition(EDITION, [pdf, web])
    assert merged["levels"][0]["description"].startswith("Processes are typically undocumented")
    assert [s["key"] for s in merged["sections"]] == ["introduction", "purpose", "measuring-success"]
    assert merged["sections"][1]["title"] == "Purpose of the model"
    [f] = _disagreements(merged)       # the web page words the purpose differently; nothing else is compared
    assert f["subject"] == "sections[key=purpose]"
    assert f["values"] == ["This HICM aims to focus support.", "The Managing transfers of care HICM aims to focus support."]


def test_works_with_text_and_html_only_and_is_deterministic():
    txt = manifestation(TXT, "text", [change(TXT, "text", 4, "home-first", "Home first")])
    html = manifestation(HTML, "html", [change(HTML, "html", 4, "home-first", "Home first", titles=["Home First D2A"],
                                               matrix=None)])
    first = json.dumps(merge_edition(EDITION, [txt, html]), sort_keys=False)
    second = json.dumps(merge_edition(EDITION, [txt, html]), sort_keys=False)
    assert first == second
    merged = json.loads(first)
    assert merged["changes"][0]["titles"] == ["Home First D2A"]
    schema.validate(merged)


def test_findings_of_every_manifestation_are_kept_before_the_merge_findings():
    pdf, txt = _pair(summary="Other words.")
    pdf["findings"] = [{"code": "summary-differs", "severity": "warning", "message": "m", "where": [{"path": PDF}]}]
    merged = merge_edition(EDITION, [pdf, txt], [{"code": "reader-unavailable", "severity": "warning",
                                                  "message": "m", "where": [{"path": HTML}]}])
    assert [f["code"] for f in merged["findings"]] == ["summary-differs", "reader-unavailable", "manifestations-disagree"]


def test_two_renderings_that_agree_against_the_pdf_make_one_finding_with_every_place():
    web_html = manifestation(HTML, "html", sections=[section(HTML, "html", "purpose", "Purpose", ["The web wording."])])
    web_txt = manifestation("2020/managing-transfers-of-care.txt", "text",
                            sections=[section("2020/managing-transfers-of-care.txt", "text", "purpose", "Purpose",
                                              ["The web wording."])])
    pdf = manifestation(PDF, "pdf", [change(PDF, "pdf", 1, "early-discharge-planning", "Early discharge planning")],
                        sections=[section(PDF, "pdf", "purpose", "Purpose", ["The PDF wording."])])
    [f] = _disagreements(merge_edition(EDITION, [pdf, web_html, web_txt]))
    assert f["values"] == ["The PDF wording.", "The web wording.", "The web wording."]
    assert [w["path"] for w in f["where"]] == [PDF, HTML, "2020/managing-transfers-of-care.txt"]


def test_materials_align_despite_spacing_before_punctuation():
    title = "A guide to trusted assessors and trusted assessments, co-authored by The Care Provider Alliance"
    spaced = title.replace("assessments,", "assessments ,")
    pdf, txt = _pair(materials=[{"title": spaced, "url": None, "provenance": [loc(TXT, "text", 31)]}])
    pdf["changes"][0]["materials"] = [{"title": title, "url": None, "provenance": [loc(PDF, "pdf", 31)]}]
    merged = merge_edition(EDITION, [pdf, txt])
    assert [m["title"] for m in merged["changes"][0]["materials"]] == [title]
    [f] = _disagreements(merged)
    assert f["values"] == [title, spaced] and f["subject"].endswith(".title")


def test_sections_only_one_source_has_slot_in_after_their_predecessor():
    from normalize.merge import interleave
    assert interleave(["introduction", "purpose", "the-model"], ["cover", "introduction", "purpose", "levels"]) == [
        "cover", "introduction", "purpose", "levels", "the-model"]
    assert interleave([], ["a", "b"]) == ["a", "b"]


def test_the_same_reader_finding_from_two_files_becomes_one_with_both_places():
    def differs(path, line):
        return {"code": "summary-differs", "severity": "warning", "message": f"differs in {path}",
                "where": [{"path": path, "line": line}, {"path": path, "line": 3}],
                "subject": "changes[number=5].summary", "values": ["Successful, joint 24/7 working", "Effective joint 24/7 working"]}
    pdf, txt = _pair()
    pdf["findings"] = [differs(PDF, 8)]
    txt["findings"] = [differs(TXT, 441), {**differs(TXT, 9), "subject": "changes[number=6].summary"}]
    merged = merge_edition(EDITION, [pdf, txt])
    first, other = merged["findings"]
    assert [w["path"] for w in first["where"]] == [PDF, PDF, TXT, TXT] and len(first["values"]) == 4
    assert first["message"] == f"differs in {PDF}" and other["subject"] == "changes[number=6].summary"


def test_repeated_reader_findings_pair_up_in_reading_order_across_files():
    def empty(path, n, subject=None):
        f = {"code": "empty-heading", "severity": "info", "message": "m", "where": [{"path": path, "line": n}],
             "values": ["Supporting materials"]}
        return {**f, "subject": subject} if subject else f
    elsewhere = lambda path, value: {"code": "matrix-published-elsewhere", "severity": "info", "message": "m",
                                     "where": [{"path": path, "line": 1}], "subject": "changes[number=1].matrix",
                                     "values": [value]}
    pdf, txt = _pair()
    pdf["findings"] = [empty(PDF, 34, "changes[number=1]"), empty(PDF, 64, "changes[number=2]"),
                       elsewhere(PDF, "https://www.local.gov.uk/x.pdf")]
    txt["findings"] = [empty(TXT, 34), empty(TXT, 64), empty(TXT, 99), elsewhere(TXT, "Early discharge planning maturity levels")]
    found = merge_edition(EDITION, [pdf, txt])["findings"]
    assert [(f["code"], [w["line"] for w in f["where"]]) for f in found] == [
        ("empty-heading", [34, 34]), ("empty-heading", [64, 64]), ("matrix-published-elsewhere", [1, 1]),
        ("empty-heading", [99])]
    assert found[0]["subject"] == "changes[number=1]"
    assert found[2]["values"] == ["https://www.local.gov.uk/x.pdf", "Early discharge planning maturity levels"]
