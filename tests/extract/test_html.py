"""The HTML reader on the real LGA pages, on made-up encodings and on bad or hostile input."""
from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import schema
from extract import extract
from extract.base import Source
from extract.doc import Document, ListBlock, Paragraph
from extract.html_blocks import Page, read_blocks
from extract.interpret.flow import build_flow
from extract.interpret.ledger import Ledger
from extract.interpret.segment import segment
from extract.html_decode import decode_page
from pipeline.core.errors import HicmError, InputError
from pipeline.ingest import ingest_file
from tests.support.paths import GOLDEN, SOURCE_DOCS
from tests.support.golden import assert_matches_golden

PAGE_2019 = SOURCE_DOCS / "2019/hicm-2019-refresh.html"
PAGE_2020 = SOURCE_DOCS / "2020/managing-transfers-of-care.html"
HUB = SOURCE_DOCS / "hub/hospital-discharge.html"
SITE = "https://www.local.gov.uk"


@pytest.fixture(scope="module")
def doc2019() -> dict:
    return ingest_file(PAGE_2019).document


@pytest.fixture(scope="module")
def doc2020() -> dict:
    return ingest_file(PAGE_2020).document


@pytest.fixture(scope="module")
def hub():
    return ingest_file(HUB)


def change(doc: dict, number: int) -> dict:
    return next(c for c in doc["changes"] if c["number"] == number)


def codes(doc: dict, code: str) -> list[dict]:
    return [f for f in doc["findings"] if f["code"] == code]


def source(html: bytes | str, path: str = "made-up.html") -> Source:
    data = html.encode("utf-8") if isinstance(html, str) else html
    return Source(path=path, data=data, sha256=hashlib.sha256(data).hexdigest(), format="html", edition_id=None)


# --- the 2019 refresh page -----------------------------------------------------------------------

def test_2019_has_nine_changes_with_their_titles_and_keys(doc2019):
    assert [(c["number"], c["title"]) for c in doc2019["changes"]] == [
        (1, "Early discharge planning"),
        (2, "Monitoring and responding to system demand and capacity"),
        (3, "Multi-disciplinary working"),          # a bold paragraph with a <br>, not a heading
        (4, "Home first"),
        (5, "Flexible working patterns"),           # <h2><strong>…</strong></h2>
        (6, "Trusted assessment"),
        (7, "Engagement and choice"),
        (8, "Improved discharge to care homes"),
        (9, "Housing and related services"),
    ]
    assert change(doc2019, 4)["key"] == "home-first"
    assert all(c["titles"] == [] for c in doc2019["changes"])
    assert doc2019["model"]["title"] == "Refreshing the High Impact Change Model"
    assert doc2019["levels"] == []


def test_2019_summaries_whatever_their_markup(doc2019):
    assert change(doc2019, 1)["summary"].startswith("In elective care, planning for discharge should begin before admission.")
    # Change 3's summary follows its bold heading after a <br> in the same paragraph.
    assert change(doc2019, 3)["summary"].startswith("Multi-disciplinary teams (MDTs), including the voluntary, community "
                                                    "and social enterprise (VCSE) sector, work together")
    # Change 4 has two summary paragraphs, the second opening in bold.
    four = change(doc2019, 4)["summary"]
    assert four.startswith("Home first is as much a system mindset as a service.")
    assert "so. Discharge to assess (D2A) is a model that can achieve the home first aim." in four
    # Change 7's summary is a bare <div>; &nbsp; became a plain space.
    assert change(doc2019, 7)["summary"].startswith("Early engagement with people and their families and carers is vital")


def test_2019_statements_from_h3_h4_bold_paragraphs_and_blockquote(doc2019):
    assert change(doc2019, 1)["statements"] == {
        "i": "When I move between services, settings or areas, there is a plan for what happens next and who will do "
             "what, and all the practical arrangements are in place before change happens.",
        "we": "We support people to plan for important life changes, so they can have enough time to make informed "
              "decisions about their future."}
    assert change(doc2019, 2)["statements"]["i"] == ("I have care and support that is coordinated and everyone works "
                                                     "well together and with me.")      # <p><strong> label, <em> text
    assert change(doc2019, 5)["statements"]["i"] == ("I can choose who supports me, and how, when and where my care "
                                                     "and support is provided.")        # <h4> label
    assert change(doc2019, 6)["statements"]["we"].startswith("We know how to have conversations with people that "
                                                              "explore what matters most to them – how they")  # blockquote
    for c in doc2019["changes"]:
        assert c["statements"]["i"] and c["statements"]["we"].startswith("We "), c["number"]


def test_2019_tips_counts_and_nesting(doc2019):
    counts = {c["number"]: [len(t["children"]) for t in c["tips"]] for c in doc2019["changes"]}
    assert {n: len(v) for n, v in counts.items()} == {1: 5, 2: 7, 3: 9, 4: 13, 5: 6, 6: 7, 7: 14, 8: 13, 9: 11}
    assert counts[6] == [0, 2, 0, 4, 0, 0, 0]
    assert counts[9] == [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4]
    six = change(doc2019, 6)["tips"][1]
    assert six["text"] == "Remember a trusted assessment can be either"
    assert [t["text"] for t in six["children"]] == [
        "An assessment completed earlier in the persons pathway being used, with agreement for a second purpose "
        "and thus avoiding a delay",
        "An assessment carried out by a third party on behalf of another organisation"]
    assert change(doc2019, 9)["tips"][10]["text"] == "Homelessness should not be a reason for delaying discharge –"
    # Change 4's tips are <li><p>…</p></li>; the text is the same.
    assert change(doc2019, 4)["tips"][1]["text"] == ("Simplify pathways for hospital discharge, and ensure discharge "
                                                     "pathways are set up so home first is the favoured option.")
    # Published wording is kept, defects and all.
    assert "You might develop a bespoke platform for your area or adopt and existing system." in \
        change(doc2019, 2)["tips"][0]["text"]
    assert change(doc2019, 4)["tips"][10]["provenance"][0]["element"].endswith("/ul[4]/li[11]")


def test_2019_change_3_examples_inside_the_last_tip_are_examples(doc2019):
    three = change(doc2019, 3)
    last = three["tips"][-1]
    assert last["text"].startswith("Work towards taking a multi-disciplinary approach more widely")
    assert last["children"] == []
    assert [(e["place"], e["title"]) for e in three["examples"]] == [
        ("Durham", "Multi-disciplinary discharge teams"),
        ("Lincolnshire", "Hospital avoidance response team"),
        ("Luton and Dunstable", "Integrated discharge hub")]
    assert three["examples"][0]["description"].startswith("Teams Around Patients (TAPs) is a virtual model")
    # No separator after the link: the link's end is the title's end.
    assert three["examples"][2]["description"].startswith("co-location of the team which has regular")
    assert three["examples"][2]["url"] == f"{SITE}/case-studies/luton-and-dunstable-integrated-discharge-hub"
    moved = codes(doc2019, "example-in-tip-list")
    assert [f["values"][0] for f in moved] == ["Durham: Multi-disciplinary discharge teams",
                                               "Lincolnshire: Hospital avoidance response team",
                                               "Luton and Dunstable: Integrated discharge hub"]
    assert all(f["subject"] == "changes[number=3].examples" for f in moved)


def test_2019_examples_places_titles_descriptions_urls(doc2019):
    two = change(doc2019, 2)["examples"]
    assert [(e["place"], e["title"]) for e in two] == [
        ("Kent", "Use of SHREWD"), ("Central Bedfordshire", "Hospital Discharge Service - Person Tracker"),
        ("Southampton", "managing delayed discharges digitally")]
    assert two[0]["description"] == ("Use of a daily reporting system to view capacity and demand within Home First/ "
                                     "Discharge to Assess pathway.")
    assert two[0]["url"] == f"{SITE}/case-studies/kent-use-shrewd"
    four = change(doc2019, 4)["examples"]            # place inside the link text
    assert (four[1]["place"], four[1]["title"], four[1]["url"]) == (
        "Bath", "Home first/D2A", f"{SITE}/case-studies/bath-home-firstd2a")
    assert four[1]["description"] == ("a step down service (which uses apartments), and can be commissioned by any "
                                      "hospital clinician or health care professional involved in the discharge process.")
    nine = change(doc2019, 9)["examples"]            # "West of England - <a>…</a>"
    assert (nine[0]["place"], nine[0]["title"], nine[0]["description"]) == (
        "West of England", "Reducing DTOC through housing interventions", None)
    six = change(doc2019, 6)["examples"]
    assert (six[0]["place"], six[0]["title"], six[0]["description"]) == ("Newcastle Gateshead", "Trusted assessment", None)
    assert [len(c["examples"]) for c in doc2019["changes"]] == [1, 3, 3, 4, 3, 4, 0, 2, 4]


def test_2019_example_description_published_above_its_title_is_attached_and_reported(doc2019):
    one = change(doc2019, 1)
    (example,) = one["examples"]
    assert (example["place"], example["title"], example["url"]) == (
        "Newcastle Gateshead", "Bringing care homes from the periphery",
        f"{SITE}/case-studies/newcastle-gateshead-bringing-care-homes-periphery")
    assert example["description"].startswith("Introduction of a ‘transfer of care bag’, helping to improve communication")
    assert [w["element"][-5:] for w in example["provenance"]] == ["/p[9]", "p[10]"]
    assert "blocks" not in one
    (before,) = codes(doc2019, "example-description-before-title")
    assert before["subject"] == "changes[number=1].examples" and len(before["where"]) == 2


def test_2019_example_punctuation_defects_are_reported(doc2019):
    unclear = codes(doc2019, "example-title-unclear")
    assert [f["values"][0] for f in unclear] == ["Integrated discharge hub"]
    dash = codes(doc2019, "example-place-separator")
    assert [f["values"] for f in dash] == [["West of England -"]]


def test_2019_materials_keep_wording_and_every_link(doc2019):
    seven = change(doc2019, 7)["materials"]
    assert [m["title"] for m in seven] == [
        "NHS quick guide, describing the choice protocol and providing sample template policy and template patient letters",
        "The Care Act: see 30, cases where adult expresses preference for particular accommodation, and Annex A of "
        "2014 Statutory Guidance",
        "Care Navigation: A Competency Framework"]
    assert seven[0]["url"] == ("https://www.nhs.uk/NHSEngland/keogh-review/Documents/quick-guides/"
                               "Quick-Guide-supporting-patients-choices-to-avoid-long-hospital-stays.pdf")
    assert [link["url"] for link in seven[1]["links"]] == [
        "http://www.legislation.gov.uk/ukpga/2014/23/section/30",
        "https://www.gov.uk/government/publications/care-act-statutory-guidance/care-and-support-statutory-guidance"
        "#annex-a-choice-of-accommodation-and-additional-payments"]
    assert all(c["materials"] == [] for c in doc2019["changes"] if c["number"] != 7)


def test_2019_matrices_are_null_and_reported_with_their_link_or_image(doc2019):
    assert all(c["matrix"] is None for c in doc2019["changes"])
    found = {f["subject"]: f for f in codes(doc2019, "matrix-published-elsewhere")}
    assert len(found) == 9 and all(f["severity"] == "info" for f in found.values())
    one = found["changes[number=1].matrix"]
    assert one["values"] == [f"{SITE}/sites/default/files/documents/Early%20discharge%20planning%20maturity%20levels.pdf"]
    assert "a link to" in one["message"] and one["values"][0] in one["message"]
    assert found["changes[number=5].matrix"]["values"] == [
        f"{SITE}/sites/default/files/documents/HICM%20matrix%20-%20Flexible%20working%20patterns.pdf"]
    six = found["changes[number=6].matrix"]             # a plain paragraph, then a bare image
    assert six["values"] == [f"{SITE}/sites/default/files/inline-images/Trusted%20assessment%20MM.PNG"]
    assert "an image" in six["message"] and "no alt text" in six["message"]
    assert len(six["where"]) == 2
    assert found["changes[number=8].matrix"]["values"] == [
        f"{SITE}/sites/default/files/inline-images/change%208%20matrix_1.png"]      # under an <h4>
    assert found["changes[number=9].matrix"]["values"] == [
        f"{SITE}/sites/default/files/documents/Housing%20and%20related%20services%20maturity%20matrix%20FINAL.pdf"]


def test_2019_source_defects_become_findings(doc2019):
    (marker,) = codes(doc2019, "highlighted-text")
    assert marker["values"] == ["START HERE"]
    # …and the wording stays as published.
    assert change(doc2019, 5)["examples"][1]["description"].endswith("patient need and capacity. START HERE")
    empty = [(f["subject"], f["values"][0]) for f in codes(doc2019, "empty-heading")]
    assert ("changes[number=3].examples", "Examples of emerging and developing practice") not in empty
    assert ("changes[number=3]", "Examples of emerging and developing practice") in empty
    assert ("changes[number=1]", "Supporting materials") in empty
    assert not any(s == "changes[number=7]" for s, _ in empty)
    assert len(empty) == 9


def test_2019_introduction_section_with_its_link(doc2019):
    (intro,) = doc2019["sections"]
    assert intro["key"] == "introduction" and intro["title"] == "Refreshing the High Impact Change Model"
    assert [b["type"] for b in intro["blocks"]] == ["paragraph"] * 5
    assert intro["blocks"][0]["text"].startswith("This model was developed in 2015 by strategic system partners")
    assert intro["blocks"][4]["links"] == [{
        "text": "Integration and Better Care Fund (BCF) policy guidance",
        "url": "https://www.gov.uk/government/publications/integration-and-better-care-fund-policy-framework-2019-to-2020"}]


def test_2019_leaves_out_only_page_furniture():
    result = ingest_file(PAGE_2019)
    reasons = {l.reason for l in result.leftovers}
    assert all(l.is_boilerplate for l in result.leftovers), reasons
    assert {"boilerplate: cookie banner", "boilerplate: site header", "boilerplate: sidebar",
            "boilerplate: footer"} <= reasons
    assert any("Accept all cookies" in l.text for l in result.leftovers)
    assert not codes(result.document, "unplaced-content")


# --- the 2020 introduction page ------------------------------------------------------------------

def test_2020_levels_word_for_word(doc2020):
    assert [(lv["key"], lv["label"]) for lv in doc2020["levels"]] == [
        ("not-yet-established", "Not yet established"), ("plans-in-place", "Plans in place"),
        ("established", "Established"), ("mature", "Mature"), ("exemplary", "Exemplary")]
    assert doc2020["levels"][0]["description"] == ("Processes are typically undocumented and driven in an ad hoc "
                                                   "reactive manner")
    assert doc2020["levels"][3]["description"] == ("Processes have been tested across variable conditions over a "
                                                   "period of time, evidence of impact beginning to show")
    assert doc2020["levels"][4]["description"] == ("Fully embedded within the system and outcomes for people reflect "
                                                   "this, continual improvement driven by incremental and innovative changes")
    assert doc2020["levels"][1]["provenance"][0]["element"].endswith("/ul/li[2]")


def test_2020_sections_keys_titles_and_blocks(doc2020):
    assert [(s["key"], s["title"]) for s in doc2020["sections"]] == [
        ("introduction", "Managing transfers of care – A High Impact Change Model"),
        ("purpose", "Purpose"),
        ("principles", "Principles behind the model"),
        ("making-it-real", "'Making it real' framework"),
        ("how-to-use", "How to use the Managing transfers of care HICM"),
        ("supporting-materials", "Supporting Materials"),
        ("levels", "Self-assessment matrix levels")]        # a bold paragraph in a shaded box
    assert doc2020["changes"] == [] and doc2020["model"]["title"] == "Managing transfers of care – A High Impact Change Model"
    # "The refreshed model…" is an <h2> the vocabulary does not know: a sub-heading of the
    # introduction, as in the 2020 PDF and the text rendering.
    intro = doc2020["sections"][0]["blocks"]
    assert [b["type"] for b in intro] == ["paragraph", "paragraph", "heading", "paragraph", "list", "heading",
                                          "paragraph", "list"]
    assert intro[2]["text"] == "The refreshed model for Managing transfers of care" and intro[2]["level"] == 1
    assert intro[4]["ordered"] is True and len(intro[4]["items"]) == 5
    assert intro[5] | {"provenance": None} == {
        "type": "heading", "level": 1, "provenance": None,
        "text": "2019 review of the Managing transfers of care - a High Impact Change Model"}
    purpose = doc2020["sections"][1]["blocks"]
    assert [i["text"] for i in purpose[3]["items"]][-1] == "housing and related services (the new change)."
    making = doc2020["sections"][3]["blocks"]
    assert making[0]["links"] == [{"text": "‘Making it Real’ framework",
                                   "url": "https://www.thinklocalactpersonal.org.uk/makingitreal/"}]
    assert making[2]["items"][-1]["text"] == "Feedback from people on their experience and outcomes is routinely sought and used to bring"
    assert [b["text"] for b in doc2020["sections"][5]["blocks"]] == [
        "Throughout the tool, there are links to further information, case studies and guidance. There are a range "
        "of materials which apply across more than one change::"]
    (level_list,) = doc2020["sections"][6]["blocks"]
    assert level_list["items"][2]["text"] == ("Established: Defined and standard processes in place, repeatedly used, "
                                              "subject to improvement over time")


def test_2020_leaves_out_only_the_banner_from_its_content():
    result = ingest_file(PAGE_2020)
    inside = {l.text: l.reason for l in result.leftovers if "main" in l.where.get("element", "")}
    assert inside == {"Partners in Care and Health banner": "boilerplate: image with no text of its own"}
    assert result.document["findings"] == []


# --- the hub page --------------------------------------------------------------------------------

def test_hub_is_a_resource_catalogue(hub):
    doc = hub.document
    assert hub.catalogue and doc["kind"] == "catalogue"
    assert doc["catalogue"] == {"id": "hospital-discharge-hub", "title": "Hospital discharge (LGA hub page)"}
    schema.validate(doc, "catalogue")
    resources = doc["resources"]
    assert len(resources) == 17
    assert [sum(r["section"] == s for r in resources) for s in (
        "National resources", "Briefings and publications",
        "Support including High Impact Change Models and case studies", "Resource library")] == [2, 8, 6, 1]
    first = resources[0]
    assert (first["title"], first["url"], first["section"]) == (
        "NHS England » UEC Recovery 10 Point Action Plan – Implementation guide",
        "https://www.england.nhs.uk/long-read/uec-recovery-10-point-action-plan-implementation-guide/",
        "National resources")
    assert first["description"] == ("This ten-point action plan demonstrates how the whole system will work together "
                                    "to recovery of urgent and emergency services, focusing on the immediate and "
                                    "medium-term actions we can take collectively.")
    by_title = {r["title"]: r for r in resources}
    mtoc = by_title["Managing transfers of care – A High Impact Change Model"]
    assert mtoc["url"] == f"{SITE}/our-support/partners-care-and-health/hospital-discharge/managing-transfers-care-high-impact-change-model"
    assert mtoc["description"].startswith("An LGA tool which promotes a new approach to system resilience")
    # A linked heading whose description is the next paragraph.
    tips = by_title["Top tips for implementing a collaborative commissioning approach to Home First"]
    assert tips["description"].startswith("These top tips seek to enable health and care systems")
    assert len(tips["provenance"]) == 2
    assert by_title["Managing transfers of care: frequently asked questions"]["description"] is None
    assert by_title["Home First / discharge to assess"]["section"] == "Briefings and publications"


def test_hub_introduction_is_reported_not_lost(hub):
    (intro,) = [f for f in hub.document["findings"] if f["code"] == "catalogue-introduction"]
    assert not [f for f in hub.document["findings"] if f["code"] == "unplaced-content"]
    assert intro["severity"] == "info" and len(intro["where"]) == 6
    assert any(l.text.startswith("We offer a wide range of bespoke support") for l in hub.leftovers)


# --- encodings -----------------------------------------------------------------------------------

PAGE_TEMPLATE = ("<html><head>{meta}<title>x</title></head><body><main><h1>High Impact Change Model</h1>"
                 "<h2>Change 1: Early discharge planning</h2><p>{summary}</p><h3>Tips for success</h3>"
                 "<ul><li>Start early</li></ul></main></body></html>")
SUMMARY = "Plan for ‘home’ – before admission… “always”; café"


def _summary_of(data: bytes) -> str:
    return extract(source(data)).content["changes"][0]["summary"]


def test_cp1252_page_without_charset_keeps_its_curly_quotes():
    data = PAGE_TEMPLATE.format(meta="", summary=SUMMARY).encode("cp1252")
    assert b"\x91home\x92" in data
    assert _summary_of(data) == SUMMARY


def test_utf8_with_bom_and_meta_charset_are_honoured():
    assert _summary_of(b"\xef\xbb\xbf" + PAGE_TEMPLATE.format(meta="", summary=SUMMARY).encode("utf-8")) == SUMMARY
    declared = PAGE_TEMPLATE.format(meta='<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
                                    summary=SUMMARY).encode("cp1252")
    assert _summary_of(declared) == SUMMARY
    latin = PAGE_TEMPLATE.format(meta='<meta charset="iso-8859-1">', summary=SUMMARY).encode("cp1252")
    assert _summary_of(latin) == SUMMARY        # the standard reads "iso-8859-1" as Windows-1252
    utf16 = PAGE_TEMPLATE.format(meta="", summary=SUMMARY).encode("utf-16")     # with its BOM
    assert _summary_of(utf16) == SUMMARY


def test_entities_and_nbsp_become_characters_then_spaces_fold():
    page = PAGE_TEMPLATE.format(meta="", summary="A&nbsp;&amp;&nbsp;E &lsquo;red&rsquo;&#160;bag\n\t&ndash;  x&#39;s")
    assert _summary_of(page.encode("ascii")) == "A & E ‘red’ bag – x's"


def test_a_wrong_charset_declaration_is_a_finding_not_mojibake():
    data = PAGE_TEMPLATE.format(meta='<meta charset="utf-8">', summary=SUMMARY).encode("cp1252")
    result = extract(source(data))
    assert result.content["changes"][0]["summary"] == SUMMARY
    (problem,) = [f for f in result.content["findings"] if f["code"] == "charset-mismatch"]
    assert "declares charset utf-8" in problem["message"]


def test_decode_order_bom_then_declaration_then_utf8_then_windows_1252():
    assert decode_page(b"\xef\xbb\xbf<meta charset=windows-1252>\xe2\x80\x99").text.endswith("’")
    assert decode_page(b"<meta charset=windows-1252>\xe2\x80\x99").how == "declared"
    assert decode_page("’".encode("utf-8")).how == "utf-8"
    assert decode_page(b"\x92\x81").text == "’\x81"     # an undefined byte is kept, not dropped


# --- bad and hostile input -----------------------------------------------------------------------

@pytest.mark.parametrize("content,message", [
    (b"<html><head><title>Cats</title></head><body><main><h1>Cats</h1><p>Cats sleep a lot.</p>"
     b"<h2>Feeding</h2><p>Twice a day.</p></main></body></html>", "no High Impact Change Model content found"),
    (b"<html><head><title>High Impact Change Model</title></head><body><</></div></ul><p<p<p></body></html>",
     "markup is too broken to find an article in it"),
    (b"<html><body>" + b"<div>" * 100_000 + b"Change 1: deep" + b"</div>" * 100_000 + b"</body></html>",
     "nested too deeply"),
], ids=["unrelated", "broken", "deep"])
def test_bad_pages_fail_in_one_line_with_status_2_and_write_nothing(tmp_path, run_cli, run_hicm, content, message):
    page = tmp_path / "page.html"
    page.write_bytes(content)
    out = tmp_path / "out.json"
    result = run_cli("ingest", page, "-o", out)
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert not out.exists()
    process = run_hicm("ingest", page, "-o", out)
    assert process.returncode == 2 and message in process.stderr and "Traceback" not in process.stderr
    assert not out.exists()


def test_empty_page_is_rejected(tmp_path, run_cli):
    page = tmp_path / "empty.html"
    page.write_bytes(b"")
    result = run_cli("ingest", page)
    assert result.exit_code == 2 and "file is empty" in result.output


def test_a_huge_page_is_read(tmp_path, run_cli):
    filler = "ensure discharge planning starts early &amp; often, " * 12
    tips = "".join(f"<li>Tip {n}: {filler}and review it daily.</li>" for n in range(5_000))
    page = tmp_path / "huge.html"
    page.write_text(PAGE_TEMPLATE.format(meta="", summary="Plan early.").replace("<li>Start early</li>", tips),
                    encoding="utf-8")
    assert page.stat().st_size > 3_000_000
    result = run_cli("ingest", page)
    assert result.exit_code == 0, result.output
    (only,) = json.loads(result.output)["changes"]
    assert len(only["tips"]) == 5_000
    assert only["tips"][-1]["text"] == "Tip 4999: " + "ensure discharge planning starts early & often, " * 12 + "and review it daily."


def test_the_block_walk_is_iterative_on_a_tree_deeper_than_any_stack():
    # libxml2 stops at 255 levels (the page is then rejected, above), so build the tree directly
    # to prove the walk itself never recurses: 5,000 levels of <div>, and 1,500 of nested lists,
    # are far beyond Python's recursion limit of 1,000. (lxml frees element proxies in time
    # proportional to their depth, so 100,000 levels would only measure lxml.)
    root = etree.Element("html")
    body = etree.SubElement(root, "body")
    main = etree.SubElement(body, "main")
    node = main
    for _ in range(5_000):
        node = etree.SubElement(node, "div")
    etree.SubElement(etree.SubElement(node, "p"), "b").text = "deep text"
    deep_list = etree.SubElement(main, "ul")
    for level in range(1_500):
        item = etree.SubElement(deep_list, "li")
        item.text = f"level {level}"
        deep_list = etree.SubElement(item, "ul")
    page = Page(root.getroottree(), main, None, None, None, [])
    blocks, _ = read_blocks(page, "deep.html")
    assert [type(b) for b in blocks] == [Paragraph, ListBlock] and blocks[0].text == "deep text"
    item, depth = blocks[1].items[0], 1
    while item.children:
        item, depth = item.children[0], depth + 1
    assert (depth, item.text) == (1_500, "level 1499")
    assert blocks[0].provenance[0]["element"].count("/div") == 5_000
    # …and the interpreter's passes over the tree are iterative too.
    document = Document("deep.html", "html", body=blocks)
    ledger = Ledger(document)
    flow = build_flow(document, ledger)
    assert segment(flow, ledger)[0].blocks == blocks


@given(st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(st.sampled_from(["<html>", "<body>", "<main>", "<article>", "<h2>", "</h2>", "Change 1: X", "<p>",
                              "</p>", "<ul>", "<li>", "</ul>", "<a href='javascript:x'>", "<a href='/a'>", "</a>",
                              "<strong>", "</strong>", "<br>", "Kent: ", "Tips for success", "maturity levels",
                              "<img src=x>", "&nbsp;", "<meta charset='utf-16'>", "<blockquote>", "<table><tr><td>",
                              "High Impact Change", "Not yet established: x", "<nav>", "<script>", "\x00", "\x92"]),
             max_size=60).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass")),
))
def test_arbitrary_input_raises_only_the_tools_errors(data):
    try:
        result = extract(source(data))
    except HicmError:
        return
    if result.catalogue:
        assert isinstance(result.content["resources"], list)
    else:
        document = {"schema_version": "1.0", "kind": "manifestation",
                    "model": {"id": "m", "title": "t"}, "edition": {"id": "x", "title": "", "published": None,
                                                                   "status": "unknown"},
                    "sources": [{"path": "p", "format": "html", "sha256": "0" * 64}],
                    **{k: v for k, v in result.content.items() if k != "model_title"}}
        for item in document["changes"]:
            item["key"] = "k"
        assert schema.schema_errors(document) == []


# --- goldens -------------------------------------------------------------------------------------

@pytest.mark.parametrize("page,golden", [
    (PAGE_2019, "manifestations/2019/hicm-2019-refresh.html.json"),
    (PAGE_2020, "manifestations/2020/managing-transfers-of-care.html.json"),
    (HUB, "catalogues/hospital-discharge-hub.json"),
])
def test_golden(page, golden, update_golden):
    assert_matches_golden(ingest_file(page).document, GOLDEN / golden, update_golden)


def test_output_is_deterministic():
    first = json.dumps(ingest_file(PAGE_2019).document, sort_keys=True)
    assert json.dumps(ingest_file(PAGE_2019).document, sort_keys=True) == first


def test_invalid_input_errors_are_input_errors():
    with pytest.raises(InputError, match="no High Impact Change Model content found"):
        extract(source("<html><body><main><p>Nothing to see.</p></main></body></html>"))
