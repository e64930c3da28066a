"""Layout variants of every edition read back whole (issue 15, point 1).

Every edition record (the bundled goldens and the made-up edition) is rendered in every
variant family (web pages, text renderings, LibreOffice-typeset PDFs, committed browser
prints), ingested through the real pipeline, and compared field by field with its source:
at least 99% of the fields must agree, and a failure prints the failing fields by name.
`python -m tests.support.variants measure` prints the same figures as a table.
"""
from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

import pytest

import schema
from normalize.lineage import load_lineage
from tests.support.variants import EDITIONS, VARIANTS, load_record, read_back, score, variant
from tests.support.variants.catalogue import PRINTS
from tests.support.variants.libreoffice import to_pdf

#: The agreement a variant must reach (issue 15: "at least 99% field agreement").
REQUIRED = 0.99

SCREEN_VARIANTS = [v for v in VARIANTS if v.format in ("html", "text")]
PDF_VARIANTS = [v for v in VARIANTS if v.format == "pdf"]


def _assert_agrees(record: dict, path: Path, edition: str, urls: bool) -> None:
    result = score(record, read_back(path, edition), urls=urls)
    assert result.ratio >= REQUIRED, f"{path.name}: {result.report(80)}"


# -- the made-up edition -------------------------------------------------------------------------
def test_made_up_edition_has_the_shapes_no_bundled_edition_has():
    record = load_record("made-up")
    schema.validate(record)
    assert record["kind"] == "edition"
    assert len(record["changes"]) == 10 and len(record["enablers"]) == 4
    for item in record["changes"] + record["enablers"]:
        for part in ("summary", "tips", "examples", "materials"):
            assert item[part], f"{item['title']} has no {part}"
        assert item["statements"]["i"] and item["statements"]["we"]
        assert item["matrix"]["rows"] and all(row["theme"] for row in item["matrix"]["rows"])
    assert all(level["description"] for level in record["levels"])
    keys = {item["key"] for item in record["changes"]} | {item["key"] for item in record["enablers"]}
    named = {row["key"] for row in record["action_plan"]["rows"]}
    assert named == keys, "the action plan names every change and enabler"


def test_made_up_titles_are_fresh():
    """No change of the made-up edition is a copy of a bundled one: the lineage file knows none of them."""
    lineage = load_lineage()
    record = load_record("made-up")
    bundled = {item["title"] for edition in ("2015", "2019", "2020") for item in load_record(edition)["changes"]}
    for item in record["changes"] + record["enablers"]:
        assert item["title"] not in bundled
        assert lineage.match(None, item["number"], [item["title"]]) == (None, None), item["title"]


# -- the renderers -------------------------------------------------------------------------------
@pytest.mark.parametrize("chosen", VARIANTS, ids=lambda v: v.name)
def test_rendering_is_deterministic(chosen):
    record = load_record("made-up")
    assert chosen.render(record) == chosen.render(copy.deepcopy(record))


def test_every_item_heading_style_and_synonym_is_rendered():
    from tests.support.variants import wording
    used = {field: {getattr(v.wording, field) for v in VARIANTS}
            for field in ("item_heading", "statement_form", "tips", "examples", "materials", "matrix")}
    assert used["item_heading"] == set(wording.ITEM_HEADING_STYLES)
    assert used["statement_form"] == set(wording.STATEMENT_FORMS)
    assert used["tips"] == set(wording.TIPS_HEADINGS)
    assert used["examples"] == set(wording.EXAMPLES_HEADINGS)
    assert used["materials"] == set(wording.MATERIALS_HEADINGS)
    assert used["matrix"] == set(wording.MATRIX_HEADINGS)


def _render(name: str, edition: str = "made-up") -> str:
    return variant(name).render(load_record(edition)).decode("utf-8")


def test_web_pages_are_marked_up_as_promised():
    govuk = _render("html-govuk")
    assert re.search(r'<button type="button" class="govuk-accordion__section-button" aria-controls="([^"]+)"', govuk)
    assert re.search(r'<div id="accordion-[^"]+" class="govuk-accordion__section-content" hidden>', govuk)
    assert 'class="skip-link' in govuk and "cookie-banner" in govuk and '<footer class="site-footer"' in govuk
    assert '<th scope="row">Access</th>' in _render("html-plain")
    assert "<details" in _render("html-details") and "<dl>" in _render("html-details")
    assert '<dl class="ckeditor-accordion">' in _render("html-drupal-dl")
    assert "<td><strong>Not yet established</strong></td>" in _render("html-drupal-dl")
    assert 'role="tablist"' in _render("html-tabs") and 'role="tabpanel"' in _render("html-tabs")
    assert 'data-bs-toggle="collapse"' in _render("html-bootstrap")
    assert '<h3 id="change-1">' in _render("html-bootstrap"), "headings one level lower"
    bold = _render("html-bold")
    assert "<p><strong>1. Shared care records at the front door</strong></p>" in bold
    assert "<h2>" not in bold.split("The changes")[1]


def test_text_renderings_are_set_as_promised():
    pdftotext = _render("text-pdftotext")
    assert "\f" in pdftotext and re.search(r"^Page 1 of \d+$", pdftotext, re.M)
    assert all(len(line) <= 80 for line in pdftotext.splitlines() if "\t" not in line)
    assert "CHANGE 3 \u2013 Daily flow huddles across partners" in pdftotext
    assert "\tNot yet established\tPlans in place\tEstablished\tMature\tExemplary" in pdftotext
    assert re.search(r"^\* Agree one information-sharing", _render("text-browser"), re.M)
    assert re.search(r"^    - Name one person", _render("text-word"), re.M)
    assert "](https://example.org/" in _render("text-markdown")
    assert "\nChange 3\nDaily flow huddles across partners\n" in _render("text-markdown")


def test_word_documents_are_laid_out_as_promised():
    def part(name, member="word/document.xml"):
        import io
        return zipfile.ZipFile(io.BytesIO(variant(name).render(load_record("made-up")))).read(member).decode()
    office = part("pdf-office")
    assert 'w:orient="landscape"' in office and "<w:tblHeader/>" in office
    assert "PAGEREF _Toc" in office and 'w:leader="dot"' in office
    brochure = part("pdf-brochure")
    assert 'w:num="2"' in brochure and "Liberation Serif" in part("pdf-brochure", "word/styles.xml")
    assert "<w:autoHyphenation/>" in part("pdf-brochure", "word/settings.xml")
    pack = part("pdf-agenda-pack")
    assert 'w:start="219"' in pack and pack.count("Agenda item") >= 60


def _tables_by_column_width(document: bytes) -> list[tuple[int, int]]:
    """Given a .docx, return (table grid width, its section's text column width) in twips for every table."""
    from lxml import etree
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    w = "{%s}" % ns["w"]
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(document)).read("word/document.xml")).find("w:body", ns)
    found, waiting = [], []
    for element in body:
        if element.tag == w + "tbl":
            waiting.append(sum(int(col.get(w + "w")) for col in element.iterfind("w:tblGrid/w:gridCol", ns)))
        ended = element if element.tag == w + "sectPr" else element.find("w:pPr/w:sectPr", ns)
        if ended is not None:      # a section's properties close it: they hold for the tables before them
            margins = ended.find("w:pgMar", ns)
            text = int(ended.find("w:pgSz", ns).get(w + "w")) - int(margins.get(w + "left")) - int(margins.get(w + "right"))
            cols = ended.find("w:cols", ns)
            count = int(cols.get(w + "num", "1")) if cols is not None else 1
            gap = int(cols.get(w + "space", "0")) if cols is not None else 0
            found += [(grid, (text - (count - 1) * gap) // count) for grid in waiting]
            waiting = []
    return found


@pytest.mark.parametrize("edition", list(EDITIONS))
@pytest.mark.parametrize("chosen", PDF_VARIANTS, ids=lambda v: v.name)
def test_every_table_is_set_within_its_column(chosen, edition):
    """A typesetter never sets a table past its column: a wide one spans the columns or gets a landscape page."""
    tables = _tables_by_column_width(chosen.render(load_record(edition)))
    too_wide = [(grid, column) for grid, column in tables if grid > column + 2]
    assert not too_wide, f"tables wider than their column (grid, column twips): {too_wide}"


def test_a_wide_table_spans_the_brochure_columns_and_a_form_gets_room_to_write():
    from tests.support.variants.table_layout import Face, column_needs, column_widths, fits
    serif = Face("Liberation Serif", 11)
    levels = [["Not yet established", "Plans in place", "Established", "Mature", "Exemplary"],
              ["Processes are typically undocumented"] * 5]
    needs = column_needs(levels, serif, bold_rows=1)
    assert not fits(needs, 8.1) and fits(needs, 17.0), "five level columns: too wide for a column, not for a page"
    plan = [["", "Where are you now?", "What do you need to do?"], ["Change 1: Early discharge planning", "", ""]]
    assert [need.minimum for need in column_needs(plan, serif, 1, True)][1:] == [3.0, 3.0]
    widths = column_widths(column_needs([["Level", "What it means"], ["Mature", "Ways of working are tested, "
                                                                                 "reliable and showing results."]],
                                        serif, 1), 8.1)
    assert round(sum(widths), 6) == 8.1 and widths[0] < widths[1]
    assert column_needs([["multi-agency"]], serif)[0].minimum < column_needs([["multiagency"]], serif)[0].minimum
    assert serif.width_cm("Outcomes", bold=True) > serif.width_cm("Outcomes") > serif.width_cm("iiiiiiii")


def test_the_brochure_spans_wide_tables_and_keeps_rows_whole():
    document = variant("pdf-brochure").render(load_record("2020"))
    xml = zipfile.ZipFile(io.BytesIO(document)).read("word/document.xml").decode()
    assert '<w:type w:val="continuous"/>' in xml, "no one-column stretch for the five-column level table"
    assert "<w:cantSplit/>" in xml


# -- the scorer ----------------------------------------------------------------------------------
def test_scorer_agrees_with_itself_and_names_each_failing_field():
    record = load_record("made-up")
    assert score(record, record).ratio == 1.0
    changed = copy.deepcopy(record)
    changed["changes"][2]["tips"][1]["text"] = "Something else."
    del changed["changes"][0]["tips"][3]
    changed["enablers"][1]["matrix"]["rows"][0]["cells"]["mature"] = ""
    changed["changes"][4]["summary"] = "  " + record["changes"][4]["summary"].replace(" ", "\n ") + " "
    changed["changes"][0]["provenance"] = [{"path": "elsewhere.pdf", "page": 3}]
    changed["findings"] = [{"code": "x", "severity": "info", "message": "m", "where": []}]
    changed["changes"][0]["key"] = "provisional-something"
    result = score(record, changed)
    paths = {m.path: m.kind for m in result.mismatches}
    assert paths == {"changes[number=3].tips[1].text": "differs", "changes[number=1].tips[3]": "missing",
                     "enablers[number=2].matrix.rows[0].cells.mature": "differs",
                     "action_plan.rows[0].names": "differs"}
    assert 0.98 < result.ratio < 1.0
    assert "changes[number=3].tips[1].text: expected" in result.report()


def test_scorer_leaves_urls_out_only_when_asked():
    record = load_record("made-up")
    changed = copy.deepcopy(record)
    changed["changes"][0]["examples"][0]["url"] = None
    assert [m.path for m in score(record, changed).mismatches] == ["changes[number=1].examples[0].url"]
    assert score(record, changed, urls=False).ratio == 1.0


def test_scorer_leaves_links_out_of_plain_text_and_a_level_definitions_full_stop():
    record = load_record("made-up")
    changed = copy.deepcopy(record)
    section = next(s for s in changed["sections"] if any(b.get("links") for b in s["blocks"]))
    at = next(n for n, b in enumerate(section["blocks"]) if b.get("links"))
    section["blocks"][at]["links"] = []
    assert record["levels"][0]["description"].endswith(".")
    changed["levels"][0]["description"] = record["levels"][0]["description"][:-1]     # the full stop dropped
    assert [m.path for m in score(record, changed).mismatches] == [f"sections[key={section['key']}].blocks[{at}].links[0]"]
    assert score(record, changed, urls=False).ratio == 1.0
    changed["levels"][0]["description"] = record["levels"][0]["description"].replace("nothing", "little")
    assert [m.path for m in score(record, changed, urls=False).mismatches] == ["levels[not-yet-established].description"]


def test_scorer_counts_a_lost_part_by_its_fields():
    record = load_record("made-up")
    changed = copy.deepcopy(record)
    changed["enablers"] = []
    changed["action_plan"] = None
    result = score(record, changed)
    assert {m.path for m in result.mismatches} == {f"enablers[number={n}]" for n in range(1, 5)} | {"action_plan"}
    assert result.compared == score(record, record).compared
    assert result.ratio < 0.8


# -- round trips ---------------------------------------------------------------------------------
@pytest.mark.parametrize("edition", list(EDITIONS))
@pytest.mark.parametrize("chosen", SCREEN_VARIANTS, ids=lambda v: v.name)
def test_screen_variant_reads_back_whole(chosen, edition, tmp_path):
    record = load_record(edition)
    path = tmp_path / f"{edition}-{chosen.name}{chosen.suffix}"
    path.write_bytes(chosen.render(record))
    _assert_agrees(record, path, edition, chosen.keeps_urls)


@pytest.fixture(scope="session")
def typeset(tmp_path_factory) -> dict:
    """Every PDF variant of every edition, typeset by LibreOffice in one run: {(edition, variant): path}."""
    folder = tmp_path_factory.mktemp("typeset")
    documents = {}
    for edition in EDITIONS:
        record = load_record(edition)
        for chosen in PDF_VARIANTS:
            path = folder / f"{edition}-{chosen.name}.docx"
            path.write_bytes(chosen.render(record))
            documents[(edition, chosen.name)] = path
    pdfs = to_pdf(list(documents.values()), folder)
    return dict(zip(documents, pdfs))


@pytest.mark.parametrize("edition", list(EDITIONS))
@pytest.mark.parametrize("chosen", PDF_VARIANTS, ids=lambda v: v.name)
def test_typeset_variant_reads_back_whole(chosen, edition, typeset):
    _assert_agrees(load_record(edition), typeset[(edition, chosen.name)], edition, chosen.keeps_urls)


@pytest.mark.parametrize("printed", PRINTS, ids=lambda p: p.path.name)
def test_browser_print_reads_back_whole(printed):
    assert printed.path.exists(), f"{printed.path} is missing: make it with `python -m tests.support.variants print`"
    _assert_agrees(load_record(printed.edition), printed.path, printed.edition, True)


def test_typeset_pdfs_are_hyphenated_stamped_and_landscape(typeset):
    """LibreOffice really set what the layouts ask for (a missing hyphenation dictionary fails here)."""
    import pypdfium2 as pdfium
    record = load_record("made-up")
    words = set(re.findall(r"[a-z]{7,}", str(record)))

    def pages(name):
        document = pdfium.PdfDocument(typeset[("made-up", name)])
        try:
            return [(page.get_size(), page.get_textpage().get_text_range()) for page in document]
        finally:
            document.close()

    brochure = pages("pdf-brochure")
    text = "\n".join(t for _, t in brochure)
    # PDFium marks a hyphen LibreOffice added at a line end as U+FFFE, joined to the next line.
    split = [a + b for a, b in re.findall(r"([a-z]+)(?:-\r?\n|\ufffe)([a-z]+)", text) if a + b in words]
    assert len(split) >= 5, f"too few words hyphenated at a line end: {split}"
    assert any(width > height for (width, height), _ in brochure), "no landscape matrix page"
    pack = pages("pdf-agenda-pack")
    assert "Page 259" in pack[40][1] and "Agenda item" in pack[0][1] and "Agenda item" in pack[-1][1]
    assert re.search(r"\.{10,}\s*\d+", pages("pdf-office")[1][1]), "no dot-leader contents page"


def test_typeset_tables_stay_inside_the_text_area(typeset):
    """No ruling line or cell border of any typeset variant runs past the page's margins (2 cm, as word.py sets them)."""
    import pypdfium2 as pdfium
    from pypdfium2 import raw
    # Points: 2 cm, less Word's table indent (a cell's text, not its border, lines up with the margin: 0.19 cm)
    # and a point for line widths.
    margin = (2.0 - 0.19) * 72 / 2.54 - 1.0
    past = []
    for (edition, name), path in typeset.items():
        document = pdfium.PdfDocument(path)
        try:
            for number, page in enumerate(document, 1):
                width, _ = page.get_size()
                for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]):
                    left, _, right, _ = obj.get_bounds()
                    if left < margin or right > width - margin:
                        past.append(f"{edition}-{name} p{number}: {left:.0f}-{right:.0f} of {width:.0f}")
        finally:
            document.close()
    assert not past, f"drawn past the margins: {past[:10]}"
