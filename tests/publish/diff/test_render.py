"""The HTML, Markdown and Word renderings of a diff, on the hand-made fixture editions."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from lxml import etree, html

from normalize.compare import diff_editions
from publish.diff.render_docx import render_docx
from publish.diff.render_html import render_html
from publish.diff.render_markdown import render_markdown
from tests.support.libreoffice import libreoffice_convert
from tests.support.paths import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "diff"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"edition-{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def diff_2015_2020():
    return diff_editions(fixture("2015"), fixture("2020"))


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


# ---------------------------------------------------------------- html

def test_html_is_one_accessible_page(diff_2015_2020):
    page = render_html(diff_2015_2020)
    tree = html.fromstring(page)
    assert tree.get("lang") == "en-GB"
    assert tree.findtext(".//title") == "What changed between the 2015 and 2020 editions"
    levels = [int(h.tag[1]) for h in tree.iter("h1", "h2", "h3", "h4")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), f"heading levels skip: {levels}"
    assert not tree.xpath("//script | //*[@src] | //link")
    for table in tree.iter("table"):
        assert table.find("caption") is not None
        assert all(th.get("scope") in ("col", "row") for th in table.iter("th"))


def test_html_side_by_side_with_labelled_marks(diff_2015_2020):
    tree = html.fromstring(render_html(diff_2015_2020))
    headers = [th.text_content() for th in tree.xpath("//thead")[1].iter("th")]
    assert headers == ["What", "Old (2015)", "New (2020)"]
    row = next(tr for tr in tree.iter("tr") if tr.findtext("th") == "Row 1 \u201cPlanned\u201d: Plans in place")
    old, new = row.findall("td")
    assert old.text_content() == "Plans agreed."
    assert new.text_content() == "Plans agreed[inserted:  with partners]."
    assert new.find("ins/span").text == "[inserted: "      # a text label, not colour alone
    title = next(tr for tr in tree.iter("tr") if tr.findtext("th") == "Title")
    assert title.find("td/del").text_content() == "[deleted: Systems to monitor patient flow]"


# ---------------------------------------------------------------- markdown

def test_markdown_has_summary_table_and_marks(diff_2015_2020):
    text = render_markdown(diff_2015_2020)
    assert text.startswith("# What changed between the 2015 and 2020 editions\n")
    assert "| Matrix cells reworded | 2 |" in text and "| Changes added | 1 |" in text
    assert "- **Row 2 \u201cDates\u201d: Exemplary**: Dates shared with families<ins> and carers</ins>." in text
    assert "- **Tip 2 under \u201cCOVID-19\u201d: added**: <ins>Use the NHS capacity tracker during COVID-19.</ins>" in text


# ---------------------------------------------------------------- docx

def test_docx_has_real_tracked_changes(diff_2015_2020, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = document_xml(render_docx(diff_2015_2020))
    inserted, deleted = root.findall(".//w:ins", NS), root.findall(".//w:del", NS)
    assert len(inserted) == 24 and len(deleted) == 5
    ids = [r.get(f"{{{W}}}id") for r in inserted + deleted]
    assert len(set(ids)) == len(ids)
    for revision in inserted + deleted:
        assert revision.get(f"{{{W}}}author") == "hicm diff"
        assert revision.get(f"{{{W}}}date") == "2020-07-01T00:00:00Z"   # the new edition's published month
    assert all(d.find("w:r/w:delText", NS) is not None and d.find("w:r/w:t", NS) is None for d in deleted)
    assert [d.findtext("w:r/w:delText", namespaces=NS) for d in deleted][:2] == [
        "Old toolkit", "Systems to monitor patient flow"]
    # Accepting every change gives the new wording; rejecting every change gives the old.
    paragraphs = list(root.iter(f"{{{W}}}p"))
    accepted = {"".join(t.text for t in p.iter(f"{{{W}}}t")) for p in paragraphs}
    rejected = {"".join(t.text for t in p.iter(f"{{{W}}}t", f"{{{W}}}delText") if t.getparent().getparent().tag
                        != f"{{{W}}}ins") for p in paragraphs}
    assert "Plans agreed with partners." in accepted and "Plans agreed." in rejected
    assert "Monitoring and responding to system demand and capacity" in accepted
    assert "Systems to monitor patient flow" in rejected


def test_docx_is_deterministic_and_dated_by_source_date_epoch(diff_2015_2020, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = render_docx(diff_2015_2020), render_docx(diff_2015_2020)
    assert first == second
    root = document_xml(first)
    assert {r.get(f"{{{W}}}date") for r in root.findall(".//w:ins", NS)} == {"2023-11-14T22:13:20Z"}
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"<dc:language>en-GB</dc:language>" in package.read("docProps/core.xml")


def test_docx_headings_use_heading_styles(diff_2015_2020):
    root = document_xml(render_docx(diff_2015_2020))
    styles = [p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") for p in root.iter(f"{{{W}}}p")
              if p.find("w:pPr/w:pStyle", NS) is not None]
    assert styles[0] == "Heading1" and "Heading4" in styles
    assert root.find(".//w:tbl/w:tr/w:trPr/w:tblHeader", NS) is not None


def test_libreoffice_recognises_the_tracked_changes(diff_2015_2020, tmp_path):
    odt = libreoffice_convert(render_docx(diff_2015_2020), tmp_path, "odt")
    with zipfile.ZipFile(io.BytesIO(odt)) as package:
        content = etree.fromstring(package.read("content.xml"))
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    regions = content.findall(f".//{{{text}}}tracked-changes/{{{text}}}changed-region")
    kinds = [region[0].tag.split("}")[1] for region in regions]
    assert kinds.count("insertion") == 24 and kinds.count("deletion") == 5
    creators = {c.text for c in content.iter("{http://purl.org/dc/elements/1.1/}creator")}
    assert creators == {"hicm diff"}
    deleted = [" ".join(r.itertext()) for r in regions if r[0].tag.endswith("deletion")]
    assert any(d.endswith(" Systems to monitor patient flow") for d in deleted) and any(d.endswith(" Old toolkit") for d in deleted)


def test_html_contents_link_to_every_change_heading(diff_2015_2020):
    tree = html.fromstring(render_html(diff_2015_2020))
    links = {a.get("href")[1:]: a.text_content() for a in tree.xpath("//nav//a")}
    ids = {h.get("id"): h.text_content() for h in tree.iter("h2", "h3")}
    assert links == ids
    assert links["change-2-monitoring-and-responding-to-system-demand-and-capacity-renamed-modified"] == \
        "Change 2: Monitoring and responding to system demand and capacity (renamed, modified)"
