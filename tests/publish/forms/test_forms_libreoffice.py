"""The golden documents in a real office suite: LibreOffice converts them to PDF and re-saves them.

These tests need LibreOffice 24+ (`bash tests/run.sh` installs 25.2 from bookworm-backports);
they fail, not skip, when it is missing. One conversion per session, with a fresh profile.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pdfplumber
import pytest
from lxml import etree

from tests.support.libreoffice import find_soffice
from tests.support.published import EDITIONS, KINDS, golden_path, load

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
DOCUMENTS = [(e, k) for e in EDITIONS for k in KINDS]


@pytest.fixture(scope="session")
def converted(tmp_path_factory):
    """Convert every golden document to PDF and re-save it as .docx; return {(edition, kind): (pdf, docx)}."""
    soffice = find_soffice()
    base = tmp_path_factory.mktemp("libreoffice")
    sources = base / "in"
    sources.mkdir()
    for edition, kind in DOCUMENTS:
        shutil.copyfile(golden_path(edition, kind), sources / f"{edition}-{kind}.docx")
    (sources / "prefilled-assessment.docx").write_bytes(_prefilled())
    inputs = sorted(str(p) for p in sources.iterdir())
    profile = f"-env:UserInstallation=file://{base / 'profile'}"
    for target, folder in (("pdf", "pdf"), ('docx:MS Word 2007 XML', "docx")):
        subprocess.run([soffice, profile, "--headless", "--norestore", "--convert-to", target,
                        "--outdir", str(base / folder), *inputs], check=True, capture_output=True, timeout=600)
    result = {}
    for edition, kind in DOCUMENTS:
        pdf, docx_file = base / "pdf" / f"{edition}-{kind}.pdf", base / "docx" / f"{edition}-{kind}.docx"
        assert pdf.exists() and docx_file.exists(), f"LibreOffice did not convert {edition}-{kind}.docx"
        result[(edition, kind)] = (pdf, docx_file)
    result["prefilled"] = (base / "pdf" / "prefilled-assessment.pdf", base / "docx" / "prefilled-assessment.docx")
    return result


PREFILL = {
    "hicm:2020:early-discharge-planning:r1:level": ("3", "Mature", "2015 assessment"),
    "hicm:2020:early-discharge-planning:r1:evidence": ("EDD set for 90% of electives\nReviewed weekly", None, None),
    "hicm:2020:early-discharge-planning:plan:by-when": ("2021-03-31", "31/03/2021", None),
}


def _prefilled() -> bytes:
    """Return the 2020 assessment made out to a system and prefilled with a level, evidence and a date."""
    from publish.forms.answers import Answer
    from tests.support.published import publish
    answers = {tag: Answer(tag, value, label or value, carried) for tag, (value, label, carried) in PREFILL.items()}
    return publish(load("2020"), "assessment", system="Anytown", answers=answers)


def _fold(text: str) -> str:
    """Given text, drop all whitespace: LibreOffice breaks lines after hyphens and, in narrow
    cells, inside long words (reablement/intermediar|y), so only the characters are comparable."""
    return re.sub(r"\s+", "", text or "")


def _pdf(path):
    """Given a PDF, return (page count, all text folded, every table cell folded)."""
    with pdfplumber.open(path) as pdf:
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
        tables = [(number, table) for number, page in enumerate(pdf.pages) for table in page.extract_tables()]
        cells = {_fold(cell) for _, table in tables for row in table for cell in row if cell}
        # A row split across a page break: the end of the last row on one page plus the start of
        # the first body row of the continued table (its header repeated) on the next.
        for (page_a, before), (page_b, after) in zip(tables, tables[1:]):
            if page_b == page_a + 1 and len(after) > 1 and before[0] == after[0] and len(before[-1]) == len(after[1]):
                cells |= {_fold((a or "") + (b or "")) for a, b in zip(before[-1], after[1])}
        return len(pdf.pages), _fold(text), cells


def _items(edition: dict) -> list[dict]:
    return edition["changes"] + edition.get("enablers", [])


@pytest.mark.parametrize("edition_id, kind", DOCUMENTS)
def test_pdf_has_plausible_pages_and_every_title_and_matrix_cell(converted, edition_id, kind):
    edition = load(edition_id)
    pages, text, cells = _pdf(converted[(edition_id, kind)][0])
    items = _items(edition)
    if kind == "assessment":
        # cover + how to use, then each change on its own page(s), then the action plan
        assert len(items) + 2 <= pages <= 6 * len(items) + 6
        for item in items:
            assert _fold(item["title"]) in text
            for row in (item.get("matrix") or {}).get("rows", []):
                for cell in row["cells"].values():
                    if cell:
                        assert _fold(cell) in cells, f"matrix cell missing from the PDF: {cell[:60]!r}"
                if row.get("theme"):
                    assert _fold(row["theme"]) in cells
    else:
        assert 1 <= pages <= len(items) + 2
    from publish.forms.action_plan import columns, items as plan_rows
    for _item, label in plan_rows(edition):
        assert _fold(label) in cells, f"action-plan row missing from the PDF: {label!r}"
    for column in columns(edition)[0]:
        assert _fold(column["label"]) in cells
    assert _fold("Choose a date") in text


def _visible(sdt) -> str:
    """Given a control, return its visible text (a `w:br` as a newline)."""
    content = sdt.find("w:sdtContent", NS)
    return "".join((e.text or "") if e.tag == f"{{{W}}}t" else "\n" for e in content.iter(f"{{{W}}}t", f"{{{W}}}br"))


def _controls(path) -> dict[str, dict]:
    """Given a .docx, return what each content control is: type, alias, items, placeholder flag, by tag."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
        settings = etree.fromstring(archive.read("word/settings.xml"))
    found = {}
    for sdt in root.iter(f"{{{W}}}sdt"):
        pr = sdt.find("w:sdtPr", NS)
        tag = pr.find("w:tag", NS)
        kind = next((name for name in ("dropDownList", "date", "text", "richText", "comboBox")
                     if pr.find(f"w:{name}", NS) is not None), "rich (no type element)")
        found[None if tag is None else tag.get(f"{{{W}}}val")] = {
            "type": kind,
            "alias": (pr.find("w:alias", NS) if pr.find("w:alias", NS) is not None else pr).get(f"{{{W}}}val"),
            "items": [(i.get(f"{{{W}}}displayText"), i.get(f"{{{W}}}value")) for i in pr.iterfind(".//w:listItem", NS)],
            "placeholder": pr.find("w:showingPlcHdr", NS) is not None,
            "format": (pr.find("w:date/w:dateFormat", NS).get(f"{{{W}}}val") if kind == "date" else None),
            "inline": etree.QName(sdt.getparent()).localname == "p",
            "content": _visible(sdt),
            "full_date": (pr.find("w:date", NS).get(f"{{{W}}}fullDate") if kind == "date" else None),
            "paragraph": "".join(sdt.getparent().itertext()),
        }
    protection = settings.find("w:documentProtection", NS)
    found["@protection"] = None if protection is None else (protection.get(f"{{{W}}}edit"), protection.get(f"{{{W}}}enforcement"))
    return found


#: What LibreOffice 25.2 keeps of each control type on open-and-resave (see README, "LibreOffice").
SURVIVES = {"dropDownList": "dropDownList", "date": "date", "text": "text", "richText": "rich (no type element)"}


@pytest.mark.parametrize("edition_id, kind", DOCUMENTS)
def test_every_control_survives_a_libreoffice_round_trip(converted, edition_id, kind):
    before = _controls(golden_path(edition_id, kind))
    after = _controls(converted[(edition_id, kind)][1])
    assert set(after) == set(before)
    assert after["@protection"] == ("forms", "1")
    for tag, control in before.items():
        if tag == "@protection":
            continue
        kept = after[tag]
        assert kept["type"] == SURVIVES[control["type"]], tag
        assert kept["alias"] == control["alias"], tag
        assert kept["items"] == control["items"], tag
        assert kept["placeholder"] is True and kept["inline"] is True, tag
        assert kept["format"] == control["format"], tag


@pytest.mark.parametrize("edition_id, kind", DOCUMENTS)
def test_custom_properties_survive_a_libreoffice_round_trip(converted, edition_id, kind):
    from publish.docx.package import read_properties
    before = read_properties(golden_path(edition_id, kind).read_bytes())
    assert read_properties(converted[(edition_id, kind)][1].read_bytes()) == before


def test_prefilled_answers_survive_a_libreoffice_round_trip(converted):
    after = _controls(converted["prefilled"][1])
    level = after["hicm:2020:early-discharge-planning:r1:level"]
    assert (level["type"], level["placeholder"], level["content"]) == ("dropDownList", False, "Mature")
    assert "(carried from the 2015 assessment)" in level["paragraph"]
    evidence = after["hicm:2020:early-discharge-planning:r1:evidence"]
    assert (evidence["placeholder"], evidence["content"]) == (False, "EDD set for 90% of electives\nReviewed weekly")
    date = after["hicm:2020:early-discharge-planning:plan:by-when"]
    assert (date["placeholder"], date["content"]) == (False, "31/03/2021")
    assert date["full_date"].startswith("2021-03-31")
    assert after["hicm:2020:cover:system-name"]["content"] == "Anytown"
    assert after["hicm:2020:early-discharge-planning:r2:level"]["placeholder"] is True
