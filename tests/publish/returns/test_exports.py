"""issue 16, case 8: the exports are safe.

Before: a carriage return typed in an evidence box was written unquoted to the CSV, splitting
its row in three; `=HYPERLINK(…)` typed as evidence went verbatim into the CSV (formula
injection); `report --systems` read a Windows-1252 CSV with replacement characters, so "Café
Town", which had returned, was listed as not returned; "Ynys Môn" expected against a "Ynys Mon"
return was not flagged.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from publish.returns.batch import safe_cell
from tests.support.returns import assessment


def with_raw_text(data: bytes, marker: str, xml_text: str) -> bytes:
    """Given a .docx, return it with `marker` in word/document.xml replaced by raw XML text (character references)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "word/document.xml":
                part = part.replace(marker.encode(), xml_text.encode())
            target.writestr(info, part)
    return out.getvalue()


def test_csv_keeps_line_breaks_inside_their_field_and_neutralises_formulas(tmp_path, run_cli):
    data = assessment("2015", "@Leeds", "2017-09-30", {("home-first", 1): 3, ("home-first", 2): 2},
                      evidence={("home-first", 1): "CR-HERE", ("home-first", 2): '=HYPERLINK("http://x.example","y")'})
    path = tmp_path / "leeds.docx"
    path.write_bytes(with_raw_text(data, "CR-HERE", "daily huddles&#13;weekly reviews&#13;&#10;monthly board"))
    out = tmp_path / "answers.csv"
    result = run_cli("collect", path, "--db", tmp_path / "r.sqlite", "--csv", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8"), newline="")))
    stored = json.loads(run_cli("collect", path, "--db", tmp_path / "r.sqlite", "--json").output)["files"][0]
    assert len(rows) == len(stored["answers"]) == 6                 # one row per answer, none split
    evidence = {r["row"]: r["value"] for r in rows if r["field"] == "evidence"}
    assert evidence["1"] == "daily huddles\rweekly reviews\r\nmonthly board"
    assert evidence["2"] == "'=HYPERLINK(\"http://x.example\",\"y\")"
    assert {r["system"] for r in rows} == {"'@Leeds"}
    assert out.read_bytes().count(b"\r\n") == 7 + 2     # header and 6 rows end in CRLF, and the typed CRLF (value, label)


@pytest.mark.parametrize("cell, safe", [("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
                                        ("\tx", "'\tx"), ("\rx", "'\rx"), ("Mature", "Mature"), ("3", "3"), (None, None),
                                        (2, 2), ("a=b", "a=b")])
def test_a_cell_that_a_spreadsheet_would_run_is_made_text(cell, safe):
    assert safe_cell(cell) == safe


def collect_names(tmp_path, run_cli, names):
    db = tmp_path / "r.sqlite"
    folder = tmp_path / "in"
    folder.mkdir()
    for n, name in enumerate(names):
        (folder / f"{n}.docx").write_bytes(assessment("2015", name, "2017-09-30", {("home-first", 1): 2}))
    assert run_cli("collect", folder, "--db", db).exit_code in (0, 1)
    return db


def test_report_refuses_a_systems_list_that_is_not_utf8_naming_line_and_byte(tmp_path, run_hicm, run_cli):
    db = collect_names(tmp_path, run_cli, ["Café Town", "Leeds"])
    systems = tmp_path / "systems.csv"
    systems.write_bytes("name\nLeeds\nCafé Town\n".encode("cp1252"))
    result = run_hicm("report", "--db", db, "-o", tmp_path / "r.md", "--systems", systems)
    assert result.returncode == 2
    assert result.stderr.strip() == f'hicm: error: {systems}: line 3: not UTF-8 text (byte 0xE9); save the list as ' \
                                    '"CSV UTF-8"'
    assert not (tmp_path / "r.md").exists()
    systems.write_bytes("\ufeffname\nLeeds\nCafé Town\n".encode("utf-8"))     # Excel's "CSV UTF-8", with its BOM
    result = run_hicm("report", "--db", db, "-o", tmp_path / "r.md", "--systems", systems, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["not_returned"] == []


def test_report_matches_names_with_accents_and_case_folded_and_flags_near_misses(tmp_path, run_cli):
    db = collect_names(tmp_path, run_cli, ["Ynys Mon", "ANYTWON", "St Helens & Knowsley", "Nowhere Else"])
    systems = tmp_path / "systems.csv"
    systems.write_text("name\nYnys Môn\nAnytown\nSt. Helens and Knowsley\nHalton\n", encoding="utf-8")
    result = run_cli("report", "--db", db, "-o", tmp_path / "r.md", "--systems", systems, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{"):])
    assert report["not_returned"] == ["Anytown", "Halton"]
    assert report["name_differences"] == [{"expected": "St. Helens and Knowsley", "returned": "St Helens & Knowsley"},
                                          {"expected": "Ynys Môn", "returned": "Ynys Mon"}]
    assert report["near_misses"] == [{"expected": "Anytown", "returned": "ANYTWON"}]
    assert report["unexpected"] == ["ANYTWON", "Nowhere Else"]
    text = (tmp_path / "r.md").read_text()
    assert "## Matched despite a different spelling\n\n- St. Helens and Knowsley: returned as St Helens & Knowsley." \
        in text
    assert "## Possible misspellings, not matched: check by hand\n\n- Anytown has not returned; ANYTWON did, and " \
           "the names are close." in text
