"""The Word writers: golden documents, controls and tags, prefill, determinism, accessibility, the CLI."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile

import docx
import pytest
from lxml import etree

from publish.docx import accessibility
from publish.docx import oxml_sdt
from publish.forms.answers import Answer
from tests.support.docx_compare import diff_docx
from publish.docx.package import personalise, read_properties, structure_digest
from publish.forms.tags import parse_tag, plan_column_key
from tests.support.published import EDITIONS, KINDS, golden_path, load, publish

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _xml(data: bytes, part: str = "word/document.xml"):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(part))


def _controls(data: bytes) -> dict[str, etree._Element]:
    """Given .docx bytes, return every content control by tag."""
    root = _xml(data)
    return {sdt.find("w:sdtPr/w:tag", NS).get(f"{{{W}}}val"): sdt for sdt in root.iter(f"{{{W}}}sdt")}


def _text(element) -> str:
    return "".join(element.itertext())


@pytest.fixture(scope="module")
def e2020():
    return load("2020")


@pytest.fixture(scope="module")
def assessment2020(e2020):
    return publish(e2020, "assessment")


# --- golden documents --------------------------------------------------------------------------

@pytest.mark.parametrize("edition_id", EDITIONS)
@pytest.mark.parametrize("kind", KINDS)
def test_document_matches_golden(edition_id, kind, update_golden):
    actual = publish(load(edition_id), kind)
    path = golden_path(edition_id, kind)
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
        return
    assert path.exists(), f"{path} is missing; create it with pytest --update-golden"
    diff = diff_docx(path.read_bytes(), actual)
    assert not diff, f"{kind} for {edition_id} differs from its golden file (re-bless with --update-golden):\n{diff}"


@pytest.mark.parametrize("edition_id", EDITIONS)
@pytest.mark.parametrize("kind", KINDS)
def test_golden_document_passes_accessibility_checks(edition_id, kind):
    failures = accessibility.check(golden_path(edition_id, kind).read_bytes())
    assert failures == []


def test_diff_names_the_changed_part_and_text(e2020, assessment2020):
    changed = json.loads(json.dumps(e2020))
    changed["changes"][0]["title"] = "Early discharge planning (revised)"
    diff = diff_docx(assessment2020, publish(changed, "assessment"))
    assert "actual/word/document.xml" in diff
    assert "+" in diff and "Early discharge planning (revised)" in diff


# --- determinism and personalisation -----------------------------------------------------------

def test_same_input_gives_identical_bytes_with_fixed_zip_times(e2020, assessment2020):
    assert publish(e2020, "assessment") == assessment2020
    with zipfile.ZipFile(io.BytesIO(assessment2020)) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert b"w:rsid" not in _xml_bytes(assessment2020, "word/document.xml")
    assert "docProps/thumbnail.jpeg" not in [i.filename for i in infos]


def _xml_bytes(data: bytes, part: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(part)


def test_core_dates_come_from_the_edition_or_source_date_epoch(e2020, assessment2020, monkeypatch):
    assert b"2020-07-01T00:00:00Z" in _xml_bytes(assessment2020, "docProps/core.xml")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    core = _xml_bytes(publish(e2020, "assessment"), "docProps/core.xml")
    assert b"2023-11-14T22:13:20Z" in core and b"2020-07-01" not in core


def test_personalising_patches_only_the_name_control_and_property(e2020, assessment2020):
    mine = publish(e2020, "assessment", system="Anytown & District", contact="Sam Smith, sam@example.org")
    assert mine == personalise(assessment2020, "Anytown & District", "Sam Smith, sam@example.org")
    name = _controls(mine)["hicm:2020:cover:system-name"]
    assert _text(name.find("w:sdtContent", NS)) == "Anytown & District"
    assert name.find("w:sdtPr/w:showingPlcHdr", NS) is None
    assert "Contact: Sam Smith, sam@example.org" in _text(_xml(mine))
    assert read_properties(mine)["hicm-system"] == "Anytown & District"
    assert read_properties(assessment2020)["hicm-system"] == ""
    same = {n for n in zipfile.ZipFile(io.BytesIO(mine)).namelist()
            if _xml_bytes(mine, n) == _xml_bytes(assessment2020, n)}
    assert {"word/styles.xml", "word/settings.xml", "docProps/core.xml"} <= same
    assert "word/document.xml" not in same and "docProps/custom.xml" not in same


def test_one_personaliser_makes_valid_zips_for_many_systems(assessment2020):
    from publish.docx.package import Personaliser
    personaliser = Personaliser(assessment2020)
    for name, contact in (("Anytown", None), ("Weston <North> & \"South\"", "J. Doe"), ("  Padded  ", "x")):
        data = personaliser.make(name, contact)
        assert data == personalise(assessment2020, name, contact)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None
        name_control = _controls(data)["hicm:2020:cover:system-name"]
        assert _text(name_control.find("w:sdtContent", NS)) == name
        assert read_properties(data)["hicm-system"] == name
        assert docx.Document(io.BytesIO(data)).paragraphs   # python-docx opens it


# --- controls and tags -------------------------------------------------------------------------

def test_every_control_is_inline_titled_tagged_unanswered_with_unique_ids(assessment2020):
    controls = _controls(assessment2020)
    ids = [sdt.find("w:sdtPr/w:id", NS).get(f"{{{W}}}val") for sdt in controls.values()]
    assert len(set(ids)) == len(ids) == len(controls)
    for tag, sdt in controls.items():
        assert parse_tag(tag) is not None and parse_tag(tag).edition == "2020"
        assert etree.QName(sdt.getparent()).localname == "p"
        assert sdt.find("w:sdtPr/w:alias", NS).get(f"{{{W}}}val")
        assert sdt.find("w:sdtPr/w:showingPlcHdr", NS) is not None
        assert len(sdt.find("w:sdtContent", NS)) == 1


def test_2020_controls_follow_the_matrix_rows_and_action_plan_columns(e2020, assessment2020):
    tags = set(_controls(assessment2020))
    rows = [(c["key"], n) for c in e2020["changes"] for n in range(1, len(c["matrix"]["rows"]) + 1)]
    expected = {"hicm:2020:cover:system-name", "hicm:2020:cover:assessment-date", "hicm:2020:cover:partners"}
    expected |= {f"hicm:2020:{k}:r{n}:{f}" for k, n in rows for f in ("level", "evidence")}
    columns = [c["key"] for c in e2020["action_plan"]["columns"] if c["key"] != "impact-change"]
    expected |= {f"hicm:2020:{c['key']}:plan:{plan_column_key('2020', c['key'], col)}"
                 for c in e2020["changes"] for col in columns}
    assert tags == expected
    assert "hicm:2020:early-discharge-planning:r3:level" in tags      # the Red Bag Scheme row


def test_level_drop_down_offers_the_edition_labels_with_ordinals(assessment2020):
    sdt = _controls(assessment2020)["hicm:2020:early-discharge-planning:r3:level"]
    items = [(i.get(f"{{{W}}}displayText"), i.get(f"{{{W}}}value")) for i in sdt.iterfind(".//w:listItem", NS)]
    assert items == [("Not yet established", "0"), ("Plans in place", "1"), ("Established", "2"),
                     ("Mature", "3"), ("Exemplary", "4")]
    assert sdt.find("w:sdtPr/w:alias", NS).get(f"{{{W}}}val") == "Level: Early discharge planning, Red Bag Scheme"
    assert _text(sdt.find("w:sdtContent", NS)) == "Choose a level"


def test_when_column_is_a_date_picker_in_british_format(assessment2020):
    sdt = _controls(assessment2020)["hicm:2020:early-discharge-planning:plan:by-when"]
    date = sdt.find("w:sdtPr/w:date", NS)
    assert date.find("w:dateFormat", NS).get(f"{{{W}}}val") == "dd/MM/yyyy"
    assert date.find("w:lid", NS).get(f"{{{W}}}val") == "en-GB"
    assert _text(sdt.find("w:sdtContent", NS)) == "Choose a date"
    assert sdt.find("w:sdtPr/w:richText", NS) is None


def test_matrix_table_has_theme_column_marked_header_and_every_cell(e2020, assessment2020):
    document = docx.Document(io.BytesIO(assessment2020))
    matrices = [t for t in document.tables if t.rows[0].cells[0].text == "Theme"]
    assert len(matrices) == len(e2020["changes"]) == 9
    first = matrices[0]
    assert [c.text for c in first.rows[0].cells] == ["Theme", "Not yet established", "Plans in place",
                                                     "Established", "Mature", "Exemplary"]
    assert first.rows[0]._tr.find(f"w:trPr/w:tblHeader", NS) is not None
    assert first.rows[3].cells[0].text == "Red Bag Scheme"
    assert first.rows[3].cells[3].text == "The red bag scheme is being piloted on at least one ward."


def test_2015_matrix_has_no_theme_column(tmp_path):
    data = publish(load("2015"), "assessment")
    document = docx.Document(io.BytesIO(data))
    matrix = next(t for t in document.tables if t.rows[0].cells[0].text == "Row")
    assert [c.text for c in matrix.rows[0].cells][1:] == ["Not yet established", "Plans in place", "Established",
                                                          "Mature", "Exemplary"]
    assert [r.cells[0].text for r in matrix.rows[1:]] == ["1", "2"]
    assert matrix.rows[1].cells[1].text == "Early discharge planning in the community for elective admissions is not yet in place"
    assessment = next(t for t in document.tables if t.rows[0].cells[0].text == "Matrix row")
    assert [r.cells[0].text for r in assessment.rows[1:]] == ["Row 1", "Row 2"]
    assert "hicm:2015:monitoring-demand-and-capacity:r5:evidence" in _controls(data)
    assert "hicm:2015:monitoring-demand-and-capacity:r6:evidence" not in _controls(data)


def test_2019_without_matrix_says_so_and_offers_one_level_per_change():
    edition = load("2019")
    data = publish(edition, "assessment")
    text = _text(_xml(data))
    assert "does not publish a maturity matrix" in text
    assert "This edition does not define the levels" in text and "4: Exemplary" in text
    tags = set(_controls(data))
    for change in edition["changes"]:
        assert f"hicm:2019:{change['key']}:all:level" in tags
        assert f"hicm:2019:{change['key']}:all:evidence" in tags
    # no action plan in the edition: the documented default columns
    assert "hicm:2019:housing-and-related-services:plan:by-when" in tags
    assert "When will it be done by?" in text


def test_headings_follow_the_model_in_order(e2020, assessment2020):
    document = docx.Document(io.BytesIO(assessment2020))
    ones = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert ones == (["How to use the HICM"] + [f"Change {c['number']}: {c['title']}" for c in e2020["changes"]]
                    + ["Action planning template"])
    assert ones[1] == "Change 1: Early discharge planning"
    body = [p.text for p in document.paragraphs]
    assert e2020["changes"][0]["statements"]["i"] in " ".join(body)
    bullets = {p.text: p.style.name for p in document.paragraphs if p.style.name.startswith("List Bullet")}
    nested = next(t for c in e2020["changes"] for t in c["tips"] if t["children"])
    assert nested["text"].startswith("Establish system-wide principles between")
    assert bullets[nested["text"]] == "List Bullet"
    assert bullets[nested["children"][0]["text"]] == "List Bullet 2"


def test_an_edition_without_levels_still_offers_the_five_levels():
    edition = json.loads(json.dumps(load("2019")))
    edition["levels"] = []
    sdt = _controls(publish(edition, "assessment"))["hicm:2019:housing-and-related-services:all:level"]
    assert [i.get(f"{{{W}}}displayText") for i in sdt.iterfind(".//w:listItem", NS)] == [
        "Not yet established", "Plans in place", "Established", "Mature", "Exemplary"]


def test_long_action_plan_column_keys_are_shortened_at_word_boundaries():
    key = plan_column_key("2020", "monitoring-demand-and-capacity", "how-will-you-know-it-has-been-successful")
    assert key == "how-will-you-know"
    assert plan_column_key("2020", "home-first", "by-when") == "by-when"


# --- prefill -----------------------------------------------------------------------------------

def test_prefilled_answers_fill_their_controls_and_carried_ones_say_so(e2020):
    answers = {
        "hicm:2020:early-discharge-planning:r1:level": Answer("hicm:2020:early-discharge-planning:r1:level", "3", "Mature",
                                                             carried_from="2015 assessment"),
        "hicm:2020:early-discharge-planning:r1:evidence": Answer("hicm:2020:early-discharge-planning:r1:evidence",
                                                                "EDD set for 90% of electives", "EDD set for 90% of electives"),
        "hicm:2020:early-discharge-planning:plan:by-when": Answer("hicm:2020:early-discharge-planning:plan:by-when",
                                                                 "2021-03-31", "31/03/2021"),
    }
    data = publish(e2020, "assessment", answers=answers)
    controls = _controls(data)
    level = controls["hicm:2020:early-discharge-planning:r1:level"]
    assert level.find("w:sdtPr/w:showingPlcHdr", NS) is None
    assert _text(level.find("w:sdtContent", NS)) == "Mature"
    assert "(carried from the 2015 assessment)" in _text(level.getparent())
    evidence = controls["hicm:2020:early-discharge-planning:r1:evidence"]
    assert _text(evidence.find("w:sdtContent", NS)) == "EDD set for 90% of electives"
    assert "carried" not in _text(evidence.getparent())
    date = controls["hicm:2020:early-discharge-planning:plan:by-when"]
    assert date.find("w:sdtPr/w:date", NS).get(f"{{{W}}}fullDate") == "2021-03-31T00:00:00Z"
    assert _text(date.find("w:sdtContent", NS)) == "31/03/2021"
    untouched = controls["hicm:2020:early-discharge-planning:r2:level"]
    assert untouched.find("w:sdtPr/w:showingPlcHdr", NS) is not None
    # the answers do not change the structure
    assert read_properties(data)["hicm-structure"] == read_properties(publish(e2020, "assessment"))["hicm-structure"]


# --- properties and protection -----------------------------------------------------------------

def test_custom_properties_identify_template_edition_and_structure(assessment2020, e2020):
    props = read_properties(assessment2020)
    assert props["hicm-template"] == "assessment" and props["hicm-edition"] == "2020"
    assert props["hicm-structure"] == hashlib.sha256("\n".join(sorted(_controls(assessment2020))).encode()).hexdigest()
    assert props["hicm-structure"] == structure_digest(_controls(assessment2020))
    assert read_properties(publish(e2020, "action-plan"))["hicm-template"] == "action-plan"


def test_editing_is_restricted_to_forms_unless_turned_off(e2020, assessment2020):
    protection = _xml(assessment2020, "word/settings.xml").find("w:documentProtection", NS)
    assert protection.get(f"{{{W}}}edit") == "forms" and protection.get(f"{{{W}}}enforcement") == "1"
    open_copy = publish(e2020, "assessment", protected=False)
    assert _xml(open_copy, "word/settings.xml").find("w:documentProtection", NS) is None


def test_action_plan_document_is_landscape_with_the_same_tags(e2020, assessment2020):
    plan = publish(e2020, "action-plan")
    section = docx.Document(io.BytesIO(plan)).sections[0]
    assert section.page_width > section.page_height
    plan_tags = {t for t in _controls(plan) if ":plan:" in t}
    assert plan_tags == {t for t in _controls(assessment2020) if ":plan:" in t}
    assert len(plan_tags) == len(e2020["changes"]) * 4 == 36


def test_language_title_and_fonts(assessment2020):
    styles = _xml(assessment2020, "word/styles.xml")
    assert styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(f"{{{W}}}val") == "en-GB"
    assert styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS).get(f"{{{W}}}ascii") == "Arial"
    assert _xml(assessment2020, "word/settings.xml").find("w:themeFontLang", NS).get(f"{{{W}}}val") == "en-GB"
    title = docx.Document(io.BytesIO(assessment2020)).core_properties.title
    assert title == "High Impact Change Model: Managing transfers of care between hospital and home: self-assessment (2020 edition)"


# --- the accessibility checks can fail ---------------------------------------------------------

def _plain_docx(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_checks_report_rule_part_and_element_for_a_careless_document():
    def careless(document):
        document.add_heading("Starts at two", level=2)
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).merge(table.cell(0, 1))
        run = document.add_paragraph().add_run("red means late")
        run.font.color.rgb = docx.shared.RGBColor(0xFF, 0, 0)
        run.font.size = docx.shared.Pt(8)
        paragraph = document.add_paragraph()
        paragraph._p.append(oxml_sdt.new_sdt("rich", "hicm:2020:cover:partners", "", "Type"))
    failures = accessibility.check(_plain_docx(careless))
    rules = {f.rule for f in failures}
    assert {"title", "language", "heading-order", "table-header", "merged-cells", "colour-alone",
            "font-size", "font-family", "control-title"} <= rules
    heading = next(f for f in failures if f.rule == "heading-order")
    assert heading.part == "word/document.xml" and heading.element.startswith("/w:document/w:body/w:p")


def test_check_flags_a_block_level_control():
    def block(document):
        document._body._body.append(oxml_sdt.new_sdt("rich", "hicm:2020:cover:partners", "Partners", "Type"))
    failures = accessibility.check(_plain_docx(block))
    assert any(f.rule == "control-inline" and f.element.startswith("/w:document/w:body/w:sdt") for f in failures)


# --- the command line --------------------------------------------------------------------------

def test_cli_publishes_one_document_and_lists_it_as_json(run_cli, tmp_path):
    from tests.support.published import edition_source
    out = tmp_path / "a.docx"
    result = run_cli("publish", "assessment", "--edition-file", edition_source("2020"), "--system", "Anytown",
                     "-o", out, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"written": [str(out)]}
    assert read_properties(out.read_bytes())["hicm-system"] == "Anytown"


def test_cli_batch_writes_one_safe_slug_per_system(run_cli, tmp_path):
    from tests.support.published import edition_source
    systems = tmp_path / "systems.csv"
    systems.write_text("name,contact\nAnytown & District,sam@example.org\nSt. Mary's/Weston,\nAnytown & District,\n",
                       encoding="utf-8")
    result = run_cli("publish", "action-plan", "--edition-file", edition_source("2015"), "--systems", systems,
                     "--out-dir", tmp_path / "out", "--json")
    assert result.exit_code == 0, result.output
    names = [p.split("/")[-1] for p in json.loads(result.output)["written"]]
    assert names == ["hicm-2015-action-plan-anytown-district.docx", "hicm-2015-action-plan-st-mary-s-weston.docx",
                     "hicm-2015-action-plan-anytown-district-2.docx"]
    first = (tmp_path / "out" / names[0]).read_bytes()
    assert "Contact: sam@example.org" in _text(_xml(first))


def test_cli_bad_csv_row_names_file_and_line(run_hicm, tmp_path):
    from tests.support.published import edition_source
    systems = tmp_path / "systems.csv"
    systems.write_text("name,contact\nAnytown,a@example.org\n,b@example.org\n", encoding="utf-8")
    result = run_hicm("publish", "assessment", "--edition-file", edition_source("2020"), "--systems", systems,
                      "--out-dir", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.strip() == f"hicm: error: {systems}: line 3: the name is empty"
    assert not (tmp_path / "out").exists()


def test_cli_unterminated_quote_is_a_clear_error(run_cli, tmp_path):
    from tests.support.published import edition_source
    systems = tmp_path / "systems.csv"
    systems.write_text('name\nAnytown\n"Weston\n', encoding="utf-8")
    result = run_cli("publish", "assessment", "--edition-file", edition_source("2020"), "--systems", systems,
                     "--out-dir", tmp_path / "out")
    assert result.exit_code == 2
    assert f"{systems}: line 3: not valid CSV: unexpected end of data" in result.output
    assert not (tmp_path / "out").exists()


def test_output_is_identical_across_processes_and_hash_seeds(run_hicm, tmp_path):
    from tests.support.published import edition_source
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"a{seed}.docx"
        result = run_hicm("publish", "assessment", "--edition-file", edition_source("2020"), "--system", "Anytown",
                          "-o", out, env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_cli_help_has_examples(run_cli):
    for args in (("publish", "--help"), ("publish", "assessment", "--help"), ("publish", "action-plan", "--help"),
                 ("check-docx", "--help")):
        assert "Example" in run_cli(*args).output


def test_check_docx_exits_1_and_names_failures(run_hicm, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(_plain_docx(lambda d: d.add_heading("Deep", level=3)))
    result = run_hicm("check-docx", bad, "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)[str(bad)]
    assert {"rule": "heading-order", "part": "word/document.xml", "element": "/w:document/w:body/w:p",
            "message": "heading 'Deep' is level 3 after level 0"} in report
    good = run_hicm("check-docx", golden_path("2020", "assessment"))
    assert good.returncode == 0 and "passes every check" in good.stdout


# --- finding an edition ------------------------------------------------------------------------

def test_load_edition_prefers_a_built_record_and_rejects_a_bad_one(tmp_path):
    from pipeline.editions import load_edition
    from pipeline.core.errors import InputError
    from tests.support.published import edition_source
    (tmp_path / "editions").mkdir()
    (tmp_path / "editions" / "2019.json").write_bytes(edition_source("2019").read_bytes())
    assert load_edition("2019", build_dir=tmp_path)["changes"][8]["title"] == "Housing and related services"
    (tmp_path / "editions" / "2015.json").write_text('{"kind": "edition"}', encoding="utf-8")
    with pytest.raises(InputError, match="not a valid hicm record"):
        load_edition("2015", build_dir=tmp_path)
    with pytest.raises(InputError, match="unknown edition '1999'"):
        load_edition("1999", build_dir=tmp_path)


def test_section_sub_headings_never_skip_a_level(e2020):
    # a source may open a section's sub-headings at depth 2 (the 2020 PDF once did)
    edition = json.loads(json.dumps(e2020))
    how_to = next(s for s in edition["sections"] if s["key"] == "how-to-use")
    how_to["blocks"][:0] = [{"type": "heading", "level": 2, "text": "A sub-heading at depth two"},
                            {"type": "heading", "level": 3, "text": "Deeper still"}]
    data = publish(edition, "assessment")
    styles = {p.text: p.style.name for p in docx.Document(io.BytesIO(data)).paragraphs}
    assert styles["How to use the HICM"] == "Heading 1"
    assert styles["A sub-heading at depth two"] == "Heading 2"
    assert styles["Deeper still"] == "Heading 3"
    assert accessibility.check(data) == []


def test_tip_sub_headings_become_heading_3():
    """The hand-written fixture has a tip under a sub-heading (as 2020 change 4's `Home First D2A`)."""
    from tests.support.paths import ROOT
    edition = json.loads((ROOT / "tests/fixtures/edition-2020.json").read_text(encoding="utf-8"))
    document = docx.Document(io.BytesIO(publish(edition, "assessment")))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    at = styles.index(("Heading 3", "Home First D2A"))
    assert styles[at - 1] == ("Heading 2", "Tips for success")
    assert styles[at + 1][0] == "List Bullet" and styles[at + 1][1].startswith("Establish a digital platform")


def test_enablers_get_their_own_headings_assessment_rows_and_plan_rows(e2020):
    edition = json.loads(json.dumps(e2020))
    enabler = json.loads(json.dumps(edition["changes"][0]))
    enabler.update(number=1, key="workforce", title="Workforce")
    edition["enablers"] = [enabler]
    data = publish(edition, "assessment")
    document = docx.Document(io.BytesIO(data))
    ones = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert ones[-2:] == ["Enabler 1: Workforce", "Action planning template"]
    tags = set(_controls(data))
    assert {"hicm:2020:workforce:r3:level", "hicm:2020:workforce:plan:by-when"} <= tags
    plan = next(t for t in document.tables if t.rows[0].cells[0].text == "Impact change")
    assert plan.rows[-1].cells[0].text == "Enabler 1: Workforce"
