"""Golden reports of the real editions: 2015→2019, 2019→2020 and 2015→2020 in all five formats.

Inputs are the project's golden editions (golden/editions/<id>.json, built by normalize), so
when they are re-blessed these reports change with them. Text formats are compared as text with a
readable diff; the Word redline semantically, as normalised XML per part. Re-bless with
`pytest --update-golden` and review `git diff golden/diff`.
"""
from __future__ import annotations

import difflib
import hashlib
import io
import json
import re
import tomllib
import zipfile

import pytest
from lxml import etree, html

import schema
from publish.diff import render
from normalize.align import flatten_tips
from normalize.compare import diff_editions
from pipeline.core.text import fold_words as fold
from tests.support.paths import GOLDEN, ROOT

PAIRS = [("2015", "2019"), ("2019", "2020"), ("2015", "2020")]
FORMATS = {"text": "txt", "markdown": "md", "html": "html", "json": "json", "docx": "docx"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def edition(edition_id: str) -> dict:
    """Return a real edition: the project's golden edition."""
    path = GOLDEN / "editions" / f"{edition_id}.json"
    if not path.exists():
        pytest.fail(f"golden/editions/{edition_id}.json is missing (normalize's golden editions are the inputs)")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def diffs():
    return {pair: diff_editions(edition(pair[0]), edition(pair[1])) for pair in PAIRS}


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)   # the redline is dated by the new edition


def show_diff(expected: str, actual: str, name: str) -> str:
    lines = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"golden/diff/{name}", "actual", lineterm="", n=2))
    return "\n".join(lines[:120]) + (f"\n… {len(lines) - 120} more diff lines" if len(lines) > 120 else "")


def docx_parts(data: bytes) -> dict[str, str]:
    """Given a .docx, return each part normalised: XML canonicalised and indented, other parts as a digest."""
    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in sorted(package.namelist()):
            blob = package.read(name)
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(blob, etree.XMLParser(remove_blank_text=True, resolve_entities=False))
                canonical = etree.fromstring(etree.tostring(root, method="c14n"))
                parts[name] = etree.tostring(canonical, pretty_print=True, encoding="unicode")
            else:
                parts[name] = f"sha256 {hashlib.sha256(blob).hexdigest()}\n"
    return parts


def assert_report_matches_golden(data: bytes, fmt: str, name: str, update: bool) -> None:
    path = GOLDEN / "diff" / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    if not path.exists():
        pytest.fail(f"golden file golden/diff/{name} is missing; create it with pytest --update-golden")
    expected = path.read_bytes()
    if fmt != "docx":
        if expected != data:
            pytest.fail(f"{name} differs from its golden file:\n"
                        + show_diff(expected.decode("utf-8"), data.decode("utf-8"), name), pytrace=False)
        return
    want, got = docx_parts(expected), docx_parts(data)
    if want != got:
        report = [f"parts only in golden: {sorted(set(want) - set(got))}, only in actual: {sorted(set(got) - set(want))}"]
        report += [show_diff(want[p], got[p], f"{name}!{p}") for p in sorted(set(want) & set(got)) if want[p] != got[p]]
        pytest.fail(f"{name} differs from its golden file:\n" + "\n".join(report), pytrace=False)


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: "-".join(p))
def test_report_matches_golden(diffs, pair, fmt, update_golden):
    data = render(diffs[pair], fmt)
    assert render(diffs[pair], fmt) == data, "output is not deterministic"
    assert_report_matches_golden(data, fmt, f"{pair[0]}-{pair[1]}.{FORMATS[fmt]}", update_golden)


def reports(diff: dict) -> dict[str, str]:
    """Given a diff, return the readable text of each format (the Word redline as its accepted and rejected text)."""
    texts = {fmt: render(diff, fmt).decode("utf-8") for fmt in ("text", "markdown", "json")}
    texts["html"] = html.fromstring(render(diff, "html")).text_content()
    with zipfile.ZipFile(io.BytesIO(render(diff, "docx"))) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    texts["docx"] = "\n".join("".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText")) for p in root.iter(f"{W}p"))
    return texts


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# ---------------------------------------------------------------- 2015 → 2019

def lineage_renames(edition_id: str) -> list[dict]:
    data = tomllib.loads((ROOT / "normalize" / "lineage.toml").read_text(encoding="utf-8"))
    return [c for c in data["change"] if c.get("editions", {}).get(edition_id, {}).get("relation") == "renamed"]


def test_2015_2019_names_every_rename_in_the_lineage(diffs):
    diff = diffs[("2015", "2019")]
    renames = lineage_renames("2019")
    assert len(renames) == 7   # the lineage file's renames in 2019 (every change but 1 and the new 9)
    by_key = {e["key"]: e for e in diff["changes"]}
    texts = {fmt: flat(text) for fmt, text in reports(diff).items()}
    for change in renames:
        entry = by_key[change["key"]]
        assert "renamed" in entry["relations"], change["key"]
        old_title, new_title = entry["old"][0]["title"], entry["new"]["title"]
        assert fold(old_title) in {fold(t) for t in change["editions"]["2015"]["titles"]}
        assert fold(new_title) in {fold(t) for t in change["editions"]["2019"]["titles"]}
        for fmt in ("text", "markdown", "html", "docx"):
            line = f"Change {entry['old'][0]['number']} {old_title} \u2192 {entry['new']['number']} {new_title} [renamed"
            assert line in texts[fmt].replace("\\", ""), (fmt, line)
    assert diff["summary"]["changes"]["renamed"] == 7


def test_2015_2019_reports_the_added_housing_change(diffs):
    diff = diffs[("2015", "2019")]
    housing = next(e for e in diff["changes"] if e["key"] == "housing-and-related-services")
    assert housing["status"] == "added" and housing["old"] == []
    assert housing["new"] == {"key": "housing-and-related-services", "number": 9, "title": "Housing and related services"}
    assert diff["summary"]["changes"]["added"] == 1
    for fmt, text in reports(diff).items():
        if fmt != "json":
            assert "Added in 2019 as Change 9 \u201cHousing and related services\u201d." in flat(text), fmt


# ---------------------------------------------------------------- 2019 → 2020

def tip_entries(diff: dict, key: str) -> list[dict]:
    return next(e for e in diff["changes"] if e["key"] == key)["content"]["tips"]["entries"]


def test_2019_2020_shows_the_covid_additions_to_the_tips(diffs):
    diff = diffs[("2019", "2020")]
    care_homes = tip_entries(diff, "discharge-to-care-homes")
    added = [t["text"]["new"] for t in care_homes if t["status"] == "added"]
    assert any(t.startswith("Ensure COVID care plans are provided, detailing test status, protective equipment")
               for t in added)
    home_first = [t for t in tip_entries(diff, "home-first") if t["status"] == "added"]
    d2a = next(t for t in home_first if t["text"]["new"].startswith("Return people home as soon as possible"))
    assert "A single point of access operated by an MDT has proved a successful model in Covid" in d2a["text"]["new"]
    assert d2a["new"].get("heading") == "Home First D2A"
    trusted = tip_entries(diff, "trusted-assessment")
    reworded = next(t for t in trusted if "reworded" in t["changes"] and t["text"]["old"].startswith("Without trust"))
    inserted = "".join(s["text"] for s in reworded["text"]["segments"] if s["op"] == "insert")
    assert "Trusted assessment has worked well during the COVID pandemic" in inserted
    assert diff["summary"]["tips"]["added"] >= 2
    texts = reports(diff)
    assert "{+Ensure COVID care plans are provided" in texts["text"]
    assert "<ins>Ensure COVID care plans are provided" in texts["markdown"]
    assert "[inserted: Ensure COVID care plans are provided" in texts["html"]
    assert "Ensure COVID care plans are provided" in texts["docx"]


# ---------------------------------------------------------------- 2015 → 2020

def matrix(diff: dict, key: str) -> dict:
    return next(e for e in diff["changes"] if e["key"] == key)["content"]["matrix"]


def test_2015_2020_shows_matrix_rows_and_cells_that_changed(diffs):
    diff = diffs[("2015", "2020")]
    early = matrix(diff, "early-discharge-planning")
    assert early["status"] == "modified" and early["matched_by"] == "position"   # 2015's rows have no themes
    first = early["rows"][0]
    assert (first["old_position"], first["new_position"]) == (1, 1)
    assert first["theme"] == {"status": "added", "new": "Planned"}
    established = first["cells"]["established"]
    assert established["status"] == "modified"
    assert established["old"].startswith("Joint pre-admission discharge planning is in place in primary care")
    assert "A discharge plan, including an estimated discharge date (EDD), is started for all planned admissions." in \
        "".join(s["text"] for s in established["segments"] if s["op"] == "insert")
    assert diff["summary"]["matrices"]["modified"] == 8 and diff["summary"]["matrices"]["added"] == 1  # housing: 2020 only
    assert diff["summary"]["matrix_rows"]["cells_reworded"] > 0
    texts = reports(diff)
    assert "* Row 1 \u201cPlanned\u201d: Established:" in texts["text"]
    assert "Rows matched by position" in texts["markdown"]
    assert "Row 1 \u201cPlanned\u201d: Established" in texts["html"]


# ---------------------------------------------------------------- an edition against itself

@pytest.mark.parametrize("edition_id", ["2015", "2019", "2020"])
def test_an_edition_against_itself_reports_no_differences(edition_id):
    document = edition(edition_id)
    diff = diff_editions(document, document)
    schema.validate(diff, "diff")
    assert diff["identical"] is True
    assert {e["status"] for e in diff["changes"]} == {"unchanged"}
    summary = diff["summary"]
    assert summary["tips"]["unchanged"] == sum(len(flatten_tips(c["tips"])) for c in document["changes"])
    assert summary["changes"]["unchanged"] == len(document["changes"])
    for name in ("tips", "examples", "materials", "levels", "sections"):
        assert all(n == 0 for status, n in summary[name].items() if status != "unchanged"), name
    assert summary["matrix_rows"]["cells_reworded"] == 0
    texts = reports(diff)
    for fmt in ("text", "markdown", "html", "docx"):
        assert "No differences: the two editions are identical in everything compared." in texts[fmt], fmt
    for marker in ("{+", "[-"):
        assert marker not in texts["text"]
    assert "<ins>" not in texts["markdown"] and "<del>" not in texts["markdown"]
    page = render(diff, "html").decode("utf-8")
    assert "<ins>" not in page and "<del>" not in page
    with zipfile.ZipFile(io.BytesIO(render(diff, "docx"))) as package:
        body = package.read("word/document.xml")
    assert b"<w:ins " not in body and b"<w:del " not in body


def test_libreoffice_lists_every_revision_of_a_real_redline(diffs, tmp_path):
    from tests.support.libreoffice import libreoffice_convert
    docx = render(diffs[("2019", "2020")], "docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    revisions = len(body.findall(f".//{W}ins")) + len(body.findall(f".//{W}del"))
    assert revisions > 100
    with zipfile.ZipFile(io.BytesIO(libreoffice_convert(docx, tmp_path, "odt"))) as package:
        content = etree.fromstring(package.read("content.xml"))
    regions = content.findall(".//{urn:oasis:names:tc:opendocument:xmlns:text:1.0}changed-region")
    assert len(regions) == revisions
