"""hicm collect: reading filled templates tolerantly, storing them, and reporting per-file problems."""
from __future__ import annotations

import io
import json
import sqlite3
import zipfile

import pytest

from publish.returns import store
from publish.returns.read import read_submission
from tests.support.paths import SOURCE_DOCS
from tests.support.pdf_fixtures import fill_form_fields
from tests.support.returns import (assessment, build_docx, control,
                                            properties)

E = "2020"


def answers_by_tag(submission) -> dict:
    return {a.answer.tag: a for a in submission.answers}


def codes(submission) -> list[str]:
    return [p["code"] for p in submission.problems]


# ------------------------------------------------------------------ tolerant reading

@pytest.mark.parametrize("flavour", ["word", "libreoffice"])
def test_every_control_type_reads_back_in_word_and_libreoffice_shapes(flavour):
    specs = [control(f"hicm:{E}:cover:system-name", "text", "Barnsley"),
             control(f"hicm:{E}:cover:assessment-date", "date", "30/09/2017", full_date="2017-09-30"),
             control(f"hicm:{E}:cover:partners", "richtext", "Barnsley CCG\nBarnsley MBC"),
             control(f"hicm:{E}:home-first:r2:level", "dropdown", "Mature"),
             control(f"hicm:{E}:home-first:r2:evidence", "richtext", "Discharge to assess, pathway 1 & 2")]
    sub = read_submission("barnsley.docx", build_docx(specs, properties(E), flavour=flavour))
    got = answers_by_tag(sub)
    assert (sub.system, sub.assessment_date, sub.partners, sub.edition, sub.template) == \
        ("Barnsley", "2017-09-30", "Barnsley CCG\nBarnsley MBC", E, "assessment")
    level = got[f"hicm:{E}:home-first:r2:level"]
    assert (level.answer.value, level.answer.label, level.row, level.change_key) == ("3", "Mature", 2, "home-first")
    assert got[f"hicm:{E}:home-first:r2:evidence"].answer.value == "Discharge to assess, pathway 1 & 2"
    assert got[f"hicm:{E}:home-first:r2:evidence"].kind == "richtext"  # with or without <w:richText/>
    assert "structure-modified" not in codes(sub)


def test_dropdown_answer_comes_from_visible_text_not_a_stale_last_value():
    specs = [control(f"hicm:{E}:cover:system-name", "text", "Leeds"),
             control(f"hicm:{E}:home-first:r1:level", "dropdown", "Plans in place", last_value="4"),
             control(f"hicm:{E}:home-first:r2:level", "dropdown", "exemplary ")]   # case and spacing differ
    got = answers_by_tag(read_submission("leeds.docx", build_docx(specs, properties(E))))
    assert got[f"hicm:{E}:home-first:r1:level"].answer.value == "1"
    assert (got[f"hicm:{E}:home-first:r2:level"].answer.value,
            got[f"hicm:{E}:home-first:r2:level"].answer.label) == ("4", "Exemplary")


def test_dates_come_from_full_date_even_when_the_formatted_text_disagrees():
    specs = [control(f"hicm:{E}:cover:system-name", "text", "York"),
             control(f"hicm:{E}:cover:assessment-date", "date", "01/01/2017", full_date="2017-12-14")]
    sub = read_submission("york.docx", build_docx(specs, properties(E)))
    assert sub.assessment_date == "2017-12-14"
    assert answers_by_tag(sub)[f"hicm:{E}:cover:assessment-date"].answer.label == "01/01/2017"


def test_a_date_without_full_date_is_read_from_its_text_in_the_control_format():
    specs = [control(f"hicm:{E}:cover:system-name", "text", "York"),
             control(f"hicm:{E}:cover:assessment-date", "date", "05/03/2018")]
    assert read_submission("york.docx", build_docx(specs, properties(E))).assessment_date == "2018-03-05"


@pytest.mark.parametrize("checked_xml, expected", [
    ('<w14:checked w14:val="1"/>', "1"), ('<w14:checked w14:val="true"/>', "1"), ("<w14:checked/>", "1"),
    ('<w14:checked w14:val="0"/>', "0"), ('<w14:checked w14:val="false"/>', "0"), ("", "0")])
def test_checkbox_states_as_office_suites_write_them(checked_xml, expected):
    specs = [control(f"hicm:{E}:cover:system-name", "text", "Hull"),
             control(f"hicm:{E}:home-first:plan:done", "checkbox", expected == "1", checked_xml=checked_xml)]
    got = answers_by_tag(read_submission("hull.docx", build_docx(specs, properties(E))))
    assert got[f"hicm:{E}:home-first:plan:done"].answer.value == expected


def test_placeholder_flag_means_unanswered_whatever_the_text():
    specs = [control(f"hicm:{E}:cover:system-name", "text", "Wigan"),
             control(f"hicm:{E}:home-first:r1:level", "dropdown", "Choose a level", placeholder_flag=True),
             control(f"hicm:{E}:home-first:r1:evidence", "richtext", "Type your evidence here", placeholder_flag=True)]
    sub = read_submission("wigan.docx", build_docx(specs, properties(E)))
    got = answers_by_tag(sub)
    assert not got[f"hicm:{E}:home-first:r1:level"].answered
    assert got[f"hicm:{E}:home-first:r1:level"].answer.value is None
    assert not got[f"hicm:{E}:home-first:r1:evidence"].answered
    unanswered = next(p for p in sub.problems if p["code"] == "unanswered-rows")
    assert unanswered["values"]["tags"] == [f"hicm:{E}:home-first:r1:level"]


def test_a_stale_placeholder_flag_on_a_chosen_item_or_stored_date_is_read_as_answered():
    # LibreOffice over UNO sets a control's content without clearing w:showingPlcHdr (measured).
    specs = [control(f"hicm:{E}:cover:system-name", "text", "Wigan", placeholder_flag=True),
             control(f"hicm:{E}:cover:assessment-date", "date", "02/03/2021", full_date="2021-03-02",
                     placeholder_flag=True),
             control(f"hicm:{E}:home-first:r1:level", "dropdown", "Mature", placeholder_flag=True),
             control(f"hicm:{E}:home-first:r2:level", "dropdown", "Choose a level", placeholder_flag=True)]
    got = answers_by_tag(read_submission("wigan.docx", build_docx(specs, properties(E), flavour="libreoffice")))
    assert [(t.rsplit(":", 2)[-2] + ":" + t.rsplit(":", 1)[1], a.answer.value) for t, a in got.items()] == [
        ("cover:system-name", None), ("cover:assessment-date", "2021-03-02"), ("r1:level", "3"), ("r2:level", None)]


# ------------------------------------------------------------------ per-file problems

def test_level_typed_as_text_is_reported_and_read_only_when_it_names_a_level():
    specs = [control(f"hicm:{E}:cover:system-name", "text", "Kent"),
             control(f"hicm:{E}:home-first:r1:level", "richtext", "established"),   # drop-down replaced by text
             control(f"hicm:{E}:home-first:r2:level", "dropdown", "Nearly there")]   # text matching no item
    sub = read_submission("kent.docx", build_docx(specs, properties(E)))
    got = answers_by_tag(sub)
    assert got[f"hicm:{E}:home-first:r1:level"].answer.value == "2"
    assert got[f"hicm:{E}:home-first:r2:level"].answer.value is None
    typed = [p for p in sub.problems if p["code"] == "level-typed-as-text"]
    assert [p["subject"] for p in typed] == [f"hicm:{E}:home-first:r1:level", f"hicm:{E}:home-first:r2:level"]
    assert "read as Established" in typed[0]["message"] and "not counted" in typed[1]["message"]


def test_modified_structure_and_missing_controls_are_reported():
    full = [control(f"hicm:{E}:cover:system-name", "text", "Kent"),
            control(f"hicm:{E}:home-first:r1:level", "dropdown", "Mature"),
            control(f"hicm:{E}:home-first:r2:level", "dropdown", "Mature"),
            control(f"hicm:{E}:home-first:r3:level", "dropdown", "Mature")]
    template_tags = [c["tag"] for c in full]
    edited = [full[0], full[1], full[3]]   # row 2's control deleted
    sub = read_submission("kent.docx", build_docx(edited, properties(E), structure_tags=template_tags))
    assert "structure-modified" in codes(sub)
    missing = next(p for p in sub.problems if p["code"] == "missing-controls")["values"]["tags"]
    assert f"hicm:{E}:home-first:r2:level" in missing
    assert f"hicm:{E}:home-first:r2:evidence" in missing


def test_a_copied_control_is_reported_and_the_first_copy_read():
    specs = [control(f"hicm:{E}:cover:system-name", "text", "Kent"),
             control(f"hicm:{E}:home-first:r1:level", "dropdown", "Mature"),
             control(f"hicm:{E}:home-first:r1:level", "dropdown", "Exemplary")]
    sub = read_submission("kent.docx", build_docx(specs, properties(E), structure_tags=[s["tag"] for s in specs[:2]]))
    assert {"structure-modified", "duplicate-controls"} <= set(codes(sub))
    assert [a.answer.value for a in sub.answers if a.field == "level"] == ["3"]


def test_a_template_from_another_edition_is_reported():
    data = assessment("2015", "Kent", "2017-09-30", {("home-first", 1): 2})
    sub = read_submission("kent.docx", data, expected_edition="2020")
    problem = next(p for p in sub.problems if p["code"] == "other-edition")
    assert problem["values"] == {"edition": "2015", "expected": "2020"}
    assert sub.edition == "2015"


def test_a_foreign_tag_is_reported_as_unknown():
    specs = [control(f"hicm:{E}:cover:system-name", "text", "Kent"),
             control("hicm:2015:home-first:r1:level", "dropdown", "Mature"),
             control("hicm:nonsense", "text", "x")]
    sub = read_submission("kent.docx", build_docx(specs, properties(E)))
    unknown = next(p for p in sub.problems if p["code"] == "unknown-tags")["values"]["tags"]
    assert unknown == ["hicm:2015:home-first:r1:level", "hicm:nonsense"]
    assert f"hicm:2015:home-first:r1:level" not in answers_by_tag(sub)


# ------------------------------------------------------------------ the store and the command

def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_collect_stores_answers_once_and_a_newer_return_supersedes_the_older(tmp_path, run_cli):
    db = tmp_path / "results.sqlite"
    (tmp_path / "a").mkdir()
    old = write(tmp_path, "a/leeds-q1.docx", assessment("2015", "Leeds", "2017-06-30", {("home-first", 1): 1}))
    result = run_cli("collect", old, "--db", db)
    assert result.exit_code == 0, result.output
    again = run_cli("collect", old, "--db", db, "--json")
    assert again.exit_code == 0
    assert json.loads(again.output)["files"][0]["status"] == "already-collected"
    new = write(tmp_path, "a/leeds-q2.docx", assessment("2015", "LEEDS ", "2017-09-30", {("home-first", 1): 3}))
    second = run_cli("collect", new, "--db", db)
    assert second.exit_code == 1
    assert "same-system: The store already holds a return from LEEDS for edition 2015" in second.output
    assert "leeds-q1.docx (2017-06-30); this file is now the current return" in second.output
    connection = store.connect(db)
    rows = connection.execute("SELECT path, assessment_date, superseded_by FROM submissions ORDER BY id").fetchall()
    assert [(r["assessment_date"], r["superseded_by"]) for r in rows] == [("2017-06-30", 2), ("2017-09-30", None)]
    assert [r["id"] for r in store.current_submissions(connection, "2015")] == [2]
    assert [h["assessment_date"] for h in store.history(connection, "leeds", "2015")] == ["2017-09-30", "2017-06-30"]
    level = connection.execute("SELECT value, label FROM answers WHERE submission_id = 2 AND field = 'level'").fetchone()
    assert tuple(level) == ("3", "Mature")


def test_an_older_return_collected_later_does_not_supersede_the_newer(tmp_path):
    new = write(tmp_path, "new.docx", assessment("2015", "Hull", "2017-09-30", {("home-first", 1): 3}))
    old = write(tmp_path, "old.docx", assessment("2015", "Hull", "2017-03-31", {("home-first", 1): 1}))
    from publish.returns.batch import run_collect
    run_collect([new], tmp_path / "r.sqlite")
    run_collect([old], tmp_path / "r.sqlite")
    connection = store.connect(tmp_path / "r.sqlite")
    assert [r["path"] for r in store.current_submissions(connection, "2015")] == [str(new)]


def test_json_has_one_record_per_answered_control_and_two_files_from_one_system_are_flagged(tmp_path, run_cli):
    a = write(tmp_path, "a.docx", assessment("2015", "Kent", "2017-09-30",
                                             {("home-first", 1): 2, ("home-first", 2): None},
                                             {("home-first", 1): "D2A in place"}))
    b = write(tmp_path, "b.docx", assessment("2015", "Kent", "2017-10-02", {("home-first", 1): 4, ("home-first", 2): 4}))
    result = run_cli("collect", a, b, "--db", tmp_path / "r.sqlite", "--json", "--csv", tmp_path / "out.csv")
    assert result.exit_code == 1
    report = json.loads(result.output)
    first = report["files"][0]
    assert [(r["tag"], r["value"], r["label"]) for r in first["answers"]] == [
        ("hicm:2015:cover:system-name", "Kent", "Kent"),
        ("hicm:2015:cover:assessment-date", "2017-09-30", "30/09/2017"),
        ("hicm:2015:home-first:r1:level", "2", "Established"),
        ("hicm:2015:home-first:r1:evidence", "D2A in place", "D2A in place")]
    assert {"unanswered-rows", "same-system"} <= {p["code"] for p in first["problems"]}
    assert "same-system" in {p["code"] for p in report["files"][1]["problems"]}
    csv_text = (tmp_path / "out.csv").read_text()
    assert "hicm:2015:home-first:r1:level,home-first,1,level,4,Exemplary" in csv_text


def test_collect_help_has_examples_and_exit_statuses(run_cli):
    result = run_cli("collect", "--help")
    assert "Examples:" in result.output and "Exit status" in result.output


def test_filled_2015_pdf_action_plan_is_collected_with_the_editions_row_and_column_keys(tmp_path, run_cli):
    data = fill_form_fields((SOURCE_DOCS / "2015" / "hicm-2015.pdf").read_bytes(),
                           {"Text_01": "Discharge planned from admission", "Text_19": "By March 2018",
                            "Text_32": "Care home readmissions fall"})
    path = write(tmp_path, "barnsley-action-plan.pdf", data)
    result = run_cli("collect", path, "--db", tmp_path / "r.sqlite", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)["files"][0]
    assert (record["template"], record["edition"], record["system"]) == ("action-plan", "2015", "barnsley-action-plan")
    assert [(r["tag"], r["value"]) for r in record["answers"]] == [
        ("hicm:2015:early-discharge-planning:plan:now", "Discharge planned from admission"),
        ("hicm:2015:flexible-working-patterns:plan:by-when", "By March 2018"),
        ("hicm:2015:discharge-to-care-homes:plan:success", "Care home readmissions fall")]
    # The same tags as the Word action plan publish writes for 2015.
    from publish.forms.action_plan import build_action_plan_template
    from tests.support.paths import GOLDEN
    edition = json.loads((GOLDEN / "editions" / "2015.json").read_text())
    word_tags = {a.answer.tag for a in read_submission("plan.docx", build_action_plan_template(edition)).answers}
    assert {r["tag"] for r in record["answers"]} <= word_tags


# ------------------------------------------------------------------ hostile input

def zipped(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_document(document: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(assessment("2015", "X", None, {("home-first", 1): 1})))
    parts = {i.filename: source.read(i) for i in source.infolist()}
    parts["word/document.xml"] = document
    return zipped(parts)


def hostile_files(tmp_path) -> dict[str, tuple[bytes, str]]:
    """Return name -> (bytes, words the refusal must contain)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENTS")
    good = zipfile.ZipFile(io.BytesIO(assessment("2015", "X", None, {("home-first", 1): 1})))
    parts = {i.filename: good.read(i) for i in good.infolist()}
    xlsx_types = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                  b'spreadsheetml.sheet.main+xml"/></Types>')
    W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    return {
        "bomb.docx": (zipped({**parts, "word/padding.xml": b"\0" * (30 * 1024 * 1024)}), "zip bomb"),
        "xxe.docx": (with_document(
            b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file://' + str(secret).encode()
            + b'">]><w:document ' + W + b'><w:body><w:p><w:sdt><w:sdtPr><w:tag w:val="hicm:2015:cover:system-name"/>'
            b'</w:sdtPr><w:sdtContent><w:r><w:t>&x;</w:t></w:r></w:sdtContent></w:sdt></w:p></w:body></w:document>'),
            "DTD"),
        "laughs.docx": (with_document(
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY a "lollollollollol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
            b'<w:document ' + W + b'><w:body><w:p><w:r><w:t>&d;</w:t></w:r></w:p></w:body></w:document>'), "DTD"),
        "many.docx": (zipped({**parts, **{f"word/media/image{n}.png": b"x" for n in range(600)}}),
                      "over the limit of 500"),
        "escape.docx": (zipped({**parts, "../../evil.txt": b"x"}), "escape the archive"),
        "absolute.docx": (zipped({**parts, "/etc/evil.txt": b"x"}), "escape the archive"),
        "macro.docx": (zipped({**parts, "word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}), "VBA project"),
        "macro.docm": (assessment("2015", "X", None, {("home-first", 1): 1}), "macro-enabled"),
        "sheet.docx": (zipped({"[Content_Types].xml": xlsx_types, "xl/workbook.xml": b"<workbook/>"}),
                       "Excel workbook"),
        "plan.docx": ((SOURCE_DOCS / "2015" / "hicm-2015.pdf").read_bytes(), "it is a PDF"),
        "draft-2020.pdf": ((SOURCE_DOCS / "2020" / "hicm-2020-draft.pdf").read_bytes(), "no 2015 action-plan form fields"),
        "broken.pdf": (b"%PDF-1.4\n garbage", "damaged"),
        "text.docx": (b"just some text\n", "not a zip archive"),
    }


def test_each_hostile_file_is_refused_clearly_and_the_rest_of_the_batch_is_collected(tmp_path, run_cli):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    hostile = hostile_files(tmp_path)
    for name, (data, _) in hostile.items():
        (inbox / name).write_bytes(data)
    (inbox / "zz-good.docx").write_bytes(assessment("2015", "Good Place", "2017-09-30", {("home-first", 1): 3}))
    result = run_cli("collect", inbox, "--db", tmp_path / "r.sqlite", "--json")
    assert result.exit_code == 2
    files = {r["path"].rsplit("/", 1)[1]: r for r in json.loads(result.output)["files"]}
    assert set(files) == set(hostile) | {"zz-good.docx"}
    for name, (_, words) in hostile.items():
        assert files[name]["status"] == "rejected", name
        assert [p["code"] for p in files[name]["problems"]] == ["input-rejected"], name
        assert words in files[name]["problems"][0]["message"], (name, files[name]["problems"])
    assert files["zz-good.docx"]["status"] == "stored"
    assert "TOP-SECRET-CONTENTS" not in result.output
    connection = sqlite3.connect(tmp_path / "r.sqlite")
    assert connection.execute("SELECT system FROM submissions").fetchall() == [("Good Place",)]
    dumped = "\n".join(connection.iterdump())
    assert "TOP-SECRET" not in dumped and "lollol" not in dumped
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path.parent / "evil.txt").exists()


def test_a_zip_entry_whose_name_is_cut_to_nothing_is_refused():
    # zipfile cuts an entry's name at its first NUL byte, so "\x00" reads as an entry with no
    # name (found by the property tests): refused in one line, never an IndexError.
    from pipeline.core.errors import InputError
    from tests.support.make_bad_inputs import document_xml, docx_bytes
    with pytest.raises(InputError, match="an entry with no name"):
        read_submission("nul.docx", docx_bytes(document_xml("Established"), {"\x00": b""}))


def test_a_refused_file_prints_one_line_and_exit_status_2_through_a_real_process(tmp_path, run_hicm):
    bad = write(tmp_path, "sheet.docx", hostile_files(tmp_path)["sheet.docx"][0])
    result = run_hicm("collect", bad, "--db", tmp_path / "r.sqlite")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert "refused" in result.stdout and "Excel workbook" in result.stdout


def test_a_zip_entry_whose_header_understates_its_size_is_refused_without_expanding(tmp_path, run_cli):
    import struct
    source = zipfile.ZipFile(io.BytesIO(assessment("2015", "X", None, {("home-first", 1): 1})))
    parts = {i.filename: source.read(i) for i in source.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"] + b"<!--" + b" " * (8 * 1024 * 1024) + b"-->"
    data = bytearray(zipped(parts))
    name = b"word/document.xml"
    local = data.index(b"PK\x03\x04")
    while data[local + 30:local + 30 + len(name)] != name:
        local = data.index(b"PK\x03\x04", local + 4)
    struct.pack_into("<I", data, local + 22, 1000)                 # local header: uncompressed size
    central = data.index(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, 1000)               # central directory: uncompressed size
    path = write(tmp_path, "liar.docx", bytes(data))
    result = run_cli("collect", path, "--db", tmp_path / "r.sqlite", "--json")
    assert result.exit_code == 2
    problem = json.loads(result.output)["files"][0]["problems"][0]
    assert problem["code"] == "input-rejected" and "word/document.xml" in problem["message"]


def test_randomly_damaged_files_are_refused_as_input_never_crash():
    import random
    from pipeline.core.errors import InputError
    good = assessment("2015", "X", "2017-01-01", {("home-first", 1): 2})
    rng = random.Random(8)
    outcomes = {"stored": 0, "refused": 0}
    for _ in range(300):
        data = bytearray(good)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[:rng.randrange(len(data))]
        try:
            read_submission("damaged.docx", bytes(data))
            outcomes["stored"] += 1
        except InputError:
            outcomes["refused"] += 1
    assert outcomes["refused"] > 250


def test_reading_in_two_processes_stores_exactly_what_one_process_stores(tmp_path):
    from publish.returns.batch import PARALLEL_FROM, run_collect
    paths = []
    for n in range(PARALLEL_FROM + 4):
        levels = {("home-first", 1): n % 5, ("home-first", 2): None if n % 7 == 0 else (n * 3) % 5}
        paths.append(write(tmp_path, f"{n:02d}.docx", assessment("2015", f"System {n % 18}", f"2017-09-{n + 1:02d}",
                                                                 levels)))
    paths.append(write(tmp_path, "bad.docx", b"not a zip"))
    dumps = []
    for jobs in (1, 2):
        results = run_collect(paths, tmp_path / f"r{jobs}.sqlite", jobs=jobs)
        connection = store.connect(tmp_path / f"r{jobs}.sqlite")
        dumps.append(([(r.path, r.stored, r.rejected, [p["code"] for p in r.problems]) for r in results],
                      [tuple(row) for row in connection.execute(
                          "SELECT s.system, s.superseded_by, a.tag, a.value FROM answers a JOIN submissions s "
                          "ON s.id = a.submission_id ORDER BY s.id, a.tag")]))
    assert dumps[0] == dumps[1]
    assert dumps[0][0][-1][2] is True and len(dumps[0][1]) == 20 * 7
