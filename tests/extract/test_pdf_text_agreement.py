"""The same edition read from its PDF and from its text version must say the same thing.

Every change is compared field by field (tests/support/agreement.py). The only differences allowed
are listed below, each with the reason the two published files differ and a check that the
difference is exactly that one; a listed difference that no longer occurs fails the test too,
so the list cannot go stale.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import pytest

from tests.support.agreement import Difference, differences
from tests.support.paths import SOURCE_DOCS
from pipeline.ingest import ingest_file


@dataclass(frozen=True)
class KnownDifference:
    path: str                                # regular expression over Difference.path
    reason: str                              # why the two published files differ here
    holds: Callable[[object, object], bool]  # (PDF value, text value) -> is it exactly that difference?


def _pdf_link_text_none(pdf_value, text_value) -> bool:
    return text_value is None and isinstance(pdf_value, str) and pdf_value.startswith("https://")


KNOWN: dict[str, list[KnownDifference]] = {
    "2015": [],
    "2020": [
        KnownDifference(
            r"^changes\[\d\]\.(examples|materials)\[\d+\]\.url$",
            "The text version writes every link as `[text](#)`, with no target (its reader records a "
            "link-target-missing finding); the PDF's link annotations carry the targets.",
            _pdf_link_text_none),
        KnownDifference(
            r"^sections\[cover\]\.blocks\[0\]$",
            "The cover's subtitle 'Managing transfers of care between hospital and home' is set in large type in "
            "the PDF (a heading by size); the text version wraps it over two lines, which its reader takes for a "
            "paragraph.",
            lambda pdf, text: pdf["type"] == "heading" and text["type"] == "paragraph"
            and pdf["text"] == text["text"] == "Managing transfers of care between hospital and home"),
        KnownDifference(
            r"^changes\[7\]\.materials\[1\]\.links$",
            "The PDF's material 'The Care Act: … 2014 Statutory Guidance' carries two link annotations (the Act "
            "and the guidance), so its links are listed; the text version's links have no targets.",
            lambda pdf, text: text is None and [link["url"] for link in pdf] == [
                "https://www.legislation.gov.uk/", "https://www.gov.uk/"]),
        KnownDifference(
            r"^sections\[how-to-use\]\.blocks\[2\]$",
            "'Self assessment matrix levels:' is a bold label over the level table in the PDF (a sub-heading); "
            "plain text cannot show weight, so the text version has it as an ordinary line.",
            lambda pdf, text: pdf["type"] == "heading" and text["type"] == "paragraph"
            and pdf["text"] == text["text"] == "Self assessment matrix levels:"),
    ],
}

PAIRS = {
    "2015": ("2015/hicm-2015.pdf", "2015/hicm-2015.txt"),
    "2020": ("2020/hicm-2020-draft.pdf", "2020/hicm-2020-draft.txt"),
}


@pytest.fixture(scope="module", params=sorted(PAIRS))
def pair(request):
    pdf, text = PAIRS[request.param]
    return request.param, ingest_file(SOURCE_DOCS / pdf).document, ingest_file(SOURCE_DOCS / text).document


def explain(edition: str, found: list[Difference]) -> tuple[list[Difference], set[int]]:
    """Given an edition's differences, return those no known difference explains, and the indexes of known ones used."""
    unexplained, used = [], set()
    for diff in found:
        for index, known in enumerate(KNOWN[edition]):
            if re.match(known.path, diff.path) and known.holds(diff.a, diff.b):
                used.add(index)
                break
        else:
            unexplained.append(diff)
    return unexplained, used


def test_pdf_and_text_say_the_same(pair):
    edition, pdf_doc, text_doc = pair
    found = differences(pdf_doc, text_doc)
    unexplained, used = explain(edition, found)
    assert not unexplained, "\n".join(f"{d.path}:\n  PDF:  {d.a!r}\n  text: {d.b!r}" for d in unexplained[:20])
    assert used == set(range(len(KNOWN[edition]))), "a listed known difference no longer occurs; remove it"


def test_the_comparison_is_not_vacuous(pair):
    edition, pdf_doc, text_doc = pair
    assert len(pdf_doc["changes"]) == {"2015": 8, "2020": 9}[edition]
    cells = sum(len(r["cells"]) for c in pdf_doc["changes"] for r in c["matrix"]["rows"])
    assert cells == {"2015": 26 * 5, "2020": 27 * 5}[edition]
    # a changed cell, tip or title is caught
    import copy
    altered = copy.deepcopy(text_doc)
    altered["changes"][0]["matrix"]["rows"][0]["cells"]["mature"] += " (edited)"
    altered["changes"][-1]["titles"].append("An extra title")
    paths = {d.path for d in differences(pdf_doc, altered)}
    assert "changes[1].matrix.rows[0].cells.mature" in paths
    assert f"changes[{len(pdf_doc['changes'])}].titles" in paths
    if edition == "2020":
        altered["changes"][3]["tips"][2]["children"][0]["heading"] = None
        assert "changes[4].tips[2].children[0].heading" in {d.path for d in differences(pdf_doc, altered)}


def test_both_record_the_same_summary_differences(pair):
    # the overview/change-page wording differences are in both files, and both readers report them
    edition, pdf_doc, text_doc = pair
    subjects = lambda doc: sorted(f["subject"] for f in doc["findings"] if f["code"] == "summary-differs")  # noqa: E731
    assert subjects(pdf_doc) == subjects(text_doc)
    assert len(subjects(pdf_doc)) == {"2015": 6, "2020": 2}[edition]
