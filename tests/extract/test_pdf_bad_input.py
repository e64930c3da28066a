"""Bad PDFs: one clear line naming the file and the problem, exit status 2, no output file.

The inputs are built by the tests themselves (tests/support/pdf_fixtures.py writes PDFs by hand).
"""
from __future__ import annotations

import json

import pytest

from tests.support.paths import SOURCE_DOCS
from tests.support.pdf_fixtures import build_pdf, fill_form_fields
from pipeline.core.errors import InputError
from pipeline.ingest import ingest_file

PDF_2015 = SOURCE_DOCS / "2015" / "hicm-2015.pdf"


def _ingest_fails(run_hicm, tmp_path, name: str, data: bytes, problem: str):
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "out.json"
    result = run_hicm("ingest", path, "-o", out)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0] and problem in lines[0]
    assert "Traceback" not in result.stderr
    assert not out.exists()
    return lines[0]


def test_encrypted_pdf_is_password_protected(run_hicm, tmp_path):
    _ingest_fails(run_hicm, tmp_path, "locked.pdf", build_pdf([["High impact change model"]], encrypted=True),
                  "password-protected")


def test_image_only_pdf_has_no_text_layer(run_hicm, tmp_path):
    _ingest_fails(run_hicm, tmp_path, "scan.pdf", build_pdf([[""], [""]], image_only=True),
                  "no text layer; scanned documents are not supported")


def test_truncated_pdf(run_hicm, tmp_path):
    data = PDF_2015.read_bytes()
    _ingest_fails(run_hicm, tmp_path, "cut.pdf", data[: len(data) // 2], "truncated")


def test_corrupt_pdf(run_hicm, tmp_path):
    data = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
    _ingest_fails(run_hicm, tmp_path, "garbage.pdf", data, "damaged")


def test_unrelated_pdf_is_not_hicm_content(run_hicm, tmp_path):
    data = build_pdf([["Minutes of the allotment society", "Item 1: compost bins"], ["Item 2: AOB"]])
    _ingest_fails(run_hicm, tmp_path, "minutes.pdf", data, "no High Impact Change Model content found")


def test_very_long_unrelated_pdf_is_refused_from_its_first_pages(tmp_path):
    # 5,000 pages over the page limit: refused from the page tree's count alone
    path = tmp_path / "huge.pdf"
    path.write_bytes(build_pdf([["Planning committee agenda"]] * 5000, shared_content=True))
    with pytest.raises(InputError, match="over the 1000-page limit"):
        ingest_file(path)


def test_long_unrelated_pdf_under_the_limit_is_decided_by_the_whole_file(run_hicm, tmp_path):
    # 300 pages of committee minutes, 40 lines each: every page is read (the model may start on any page,
    # as in an agenda pack), and the file is refused for what it holds, in one line; the timeout is a hang
    # guard, not a speed measurement
    lines = [f"Item {i}: the committee noted the report of the parks and leisure officer." for i in range(40)]
    _ingest_fails(run_hicm, tmp_path, "minutes-300.pdf", build_pdf([lines] * 300),
                  "no High Impact Change Model content found")


def test_pdf_mentioning_the_model_but_with_no_changes_is_not_content(tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(build_pdf([["We discussed the High Impact Change Model at the meeting."]]))
    with pytest.raises(InputError, match="no High Impact Change Model content found"):
        ingest_file(path)


def test_filled_2015_action_plan_comes_back_with_its_values(tmp_path):
    values = {"Text_01": "Ward-level EDDs for 60% of elective admissions",
              "Text_14": "Agree a single D2A pathway with the trust",
              "Text_32": "Care-home admissions audit, March",
              "11": "Reviewed by the A&E delivery board"}
    path = tmp_path / "hicm-2015-filled.pdf"
    path.write_bytes(fill_form_fields(PDF_2015.read_bytes(), values))
    document = ingest_file(path, edition_id="2015").document
    fields = {f["name"]: f for f in document["action_plan"]["fields"]}
    assert fields["Text_01"]["value"] == values["Text_01"]
    assert (fields["Text_01"]["row"], fields["Text_01"]["column"]) == ("early-discharge-planning", "now")
    assert (fields["Text_14"]["row"], fields["Text_14"]["column"], fields["Text_14"]["value"]) == (
        "home-first", "actions", values["Text_14"])
    assert (fields["Text_32"]["row"], fields["Text_32"]["column"], fields["Text_32"]["value"]) == (
        "discharge-to-care-homes", "success", values["Text_32"])
    assert fields["11"]["value"] == values["11"] and fields["11"]["row"] is None
    assert fields["Text_02"]["value"] is None
    # the content is unchanged by filling in the form
    assert len(document["changes"]) == 8


def test_a_flipped_byte_in_a_page_dictionary_is_read_as_far_as_the_file_allows(run_hicm, tmp_path):
    """Found by the property test: a flipped byte in a page's dictionary broke pdfplumber's page objects.
    PDFium repairs what it can: the page's text comes back, and nothing is an internal error."""
    data = bytearray(build_pdf([["Change 1: Early discharge planning"]] * 2, shared_content=True))
    data[505] = 0     # the property test's falsifying example: inside the first page's dictionary
    path = tmp_path / "broken-page.pdf"
    path.write_bytes(bytes(data))
    out = tmp_path / "out.json"
    result = run_hicm("ingest", path, "-o", out)
    assert result.returncode == 0, result.stderr
    assert [c["title"] for c in json.loads(out.read_text(encoding="utf-8"))["changes"]] == ["Early discharge planning"]
