"""The same edition read from its PDF and from its text version must say the same thing.

Both records are compared field by field by the one record comparator
(tests/support/agreement.py, `manifestations=True`: keys, title variants and alternate
summaries too). The only differences allowed are listed below, each with the reason the two
published files differ, the finding that reports it in the data (if it is a source defect)
and a check that the difference is exactly that one; a listed difference that no longer
occurs fails the test too, so the list cannot go stale.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import pytest

from tests.support.agreement import Mismatch, score
from tests.support.paths import SOURCE_DOCS
from pipeline.ingest import ingest_file


@dataclass(frozen=True)
class KnownDifference:
    path: str                                # regular expression over Mismatch.path
    reason: str                              # why the two published files differ here
    holds: Callable[[object, object], bool]  # (PDF value, text value) -> is it exactly that difference?
    finding: str | None = None               # the finding code that reports it in the text's record, if any


def _pdf_link_text_none(pdf_value, text_value) -> bool:
    return text_value is None and isinstance(pdf_value, str) and pdf_value.startswith("https://")


KNOWN: dict[str, list[KnownDifference]] = {
    "2015": [],
    "2020": [
        KnownDifference(
            r"^(changes\[number=\d\]\.(examples|materials)\[\d+\]|sections\[key=[a-z-]+\]\.blocks\[\d+\]"
            r"(\.items\[\d+\])?\.links\[\d+\])\.url$",
            "The text version writes every link as `[text](#)`, with no target (its reader records a "
            "link-target-missing finding); the PDF's link annotations carry the targets.",
            _pdf_link_text_none, "link-target-missing"),
        KnownDifference(
            r"^sections\[key=cover\]\.blocks\[0\]\.(type|level)$",
            "The cover's subtitle 'Managing transfers of care between hospital and home' is set in large type in "
            "the PDF (a heading by size); the text version wraps it over two lines, which its reader takes for a "
            "paragraph.",
            lambda pdf, text: (pdf, text) in (("heading", "paragraph"), (1, None))),
        KnownDifference(
            r"^changes\[number=7\]\.materials\[1\]\.links\[[01]\]$",
            "The PDF's material 'The Care Act: … 2014 Statutory Guidance' carries two link annotations (the Act "
            "and the guidance), so its links are listed; the text version's links have no targets.",
            lambda pdf, text: text is None and pdf in ("The Care Act", "2014 Statutory Guidance"),
            "link-target-missing"),
        KnownDifference(
            r"^sections\[key=how-to-use\]\.blocks\[2\]\.(type|level)$",
            "'Self assessment matrix levels:' is a bold label over the level table in the PDF (a sub-heading); "
            "plain text cannot show weight, so the text version has it as an ordinary line.",
            lambda pdf, text: (pdf, text) in (("heading", "paragraph"), (1, None))),
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


def explain(edition: str, found: list[Mismatch]) -> tuple[list[Mismatch], set[int]]:
    """Given an edition's mismatches, return those no known difference explains, and the indexes of known ones used."""
    unexplained, used = [], set()
    for mismatch in found:
        for index, known in enumerate(KNOWN[edition]):
            if re.match(known.path, mismatch.path) and known.holds(mismatch.expected, mismatch.actual):
                used.add(index)
                break
        else:
            unexplained.append(mismatch)
    return unexplained, used


def differences(pdf_doc: dict, text_doc: dict) -> list[Mismatch]:
    """Given the records read from the PDF and from the text version, return every field they disagree on."""
    return score(pdf_doc, text_doc, manifestations=True).mismatches


def test_pdf_and_text_say_the_same(pair):
    edition, pdf_doc, text_doc = pair
    unexplained, used = explain(edition, differences(pdf_doc, text_doc))
    assert not unexplained, "\n".join(f"{d.path}:\n  PDF:  {d.expected!r}\n  text: {d.actual!r}"
                                      for d in unexplained[:20])
    assert used == set(range(len(KNOWN[edition]))), "a listed known difference no longer occurs; remove it"


def test_each_listed_source_difference_is_a_finding_in_the_data(pair):
    edition, _, text_doc = pair
    for known in KNOWN[edition]:
        if known.finding is not None:
            assert any(f["code"] == known.finding for f in text_doc["findings"]), (known.path, known.reason)


def test_the_comparison_is_not_vacuous(pair):
    edition, pdf_doc, text_doc = pair
    assert len(pdf_doc["changes"]) == {"2015": 8, "2020": 9}[edition]
    cells = sum(len(r["cells"]) for c in pdf_doc["changes"] for r in c["matrix"]["rows"])
    assert cells == {"2015": 26 * 5, "2020": 27 * 5}[edition]
    assert score(pdf_doc, text_doc, manifestations=True).compared > {"2015": 250, "2020": 800}[edition]
    # a changed cell, tip, title variant or alternate summary is caught
    import copy
    altered = copy.deepcopy(text_doc)
    altered["changes"][0]["matrix"]["rows"][0]["cells"]["mature"] += " (edited)"
    altered["changes"][-1]["titles"].append("An extra title")
    last = len(pdf_doc["changes"])
    paths = {d.path: d.kind for d in differences(pdf_doc, altered)}
    assert paths["changes[number=1].matrix.rows[0].cells.mature"] == "differs"
    assert paths[f"changes[number={last}].titles[{len(text_doc['changes'][-1]['titles'])}]"] == "extra"
    if edition == "2015":
        altered["changes"][1]["alternate_summaries"][0]["text"] = "Another overview."
        assert "changes[number=2].alternate_summaries[0].text" in {d.path for d in differences(pdf_doc, altered)}
    if edition == "2020":
        altered["changes"][3]["tips"][2]["children"][0]["heading"] = None
        assert "changes[number=4].tips[2].children[0].heading" in {d.path for d in differences(pdf_doc, altered)}


def test_both_record_the_same_summary_differences(pair):
    # the overview/change-page wording differences are in both files, and both readers report them
    edition, pdf_doc, text_doc = pair
    subjects = lambda doc: sorted(f["subject"] for f in doc["findings"] if f["code"] == "summary-differs")  # noqa: E731
    assert subjects(pdf_doc) == subjects(text_doc)
    assert len(subjects(pdf_doc)) == {"2015": 6, "2020": 2}[edition]
