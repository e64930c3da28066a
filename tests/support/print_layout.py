"""Reading a converted PDF as a person reads the printed pages: each page's body, header, footer and how full it is.

Margins are the documents' (2 cm, publish/docx/docbase.py); the header and footer sit in them.
A page's fill is how far down its body the lowest text or table rule reaches, as a fraction
of the body's height: a page whose content stops near the top is a mostly blank page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pdfplumber

POINTS_PER_CM = 72 / 2.54
MARGIN_CM = 2.0


@dataclass(frozen=True)
class Page:
    """One printed page: its number, its body text, header and footer text, and how full its body is (0..1)."""
    number: int
    body: str
    header: str
    footer: str
    fill: float


def read_pages(path) -> list[Page]:
    """Given a PDF, return its pages."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            top, bottom = MARGIN_CM * POINTS_PER_CM, page.height - MARGIN_CM * POINTS_PER_CM
            words = page.extract_words()
            inside = [w for w in words if w["top"] >= top - 2 and w["bottom"] <= bottom + 2]
            rules = [edge["bottom"] for edge in page.edges if edge["top"] >= top - 2 and edge["bottom"] <= bottom + 2]
            lowest = max([w["bottom"] for w in inside] + rules, default=top)
            pages.append(Page(number, " ".join(w["text"] for w in inside),
                              " ".join(w["text"] for w in words if w["bottom"] < top - 2),
                              " ".join(w["text"] for w in words if w["top"] > bottom + 2),
                              (lowest - top) / (bottom - top)))
    return pages


def _folded(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages_by_part(pages: list[Page], headings: list[str]) -> dict[str, list[Page]]:
    """Given a document's pages and the headings that each start a new page (in order), return each heading's pages.

    A part runs from the page its heading opens to the page before the next heading's.
    """
    starts = []
    for heading in headings:
        start = next((p.number for p in pages if _folded(p.body).startswith(_folded(heading))
                      and (not starts or p.number > starts[-1])), None)
        assert start is not None, f"no page starts with {heading!r}"
        starts.append(start)
    ends = starts[1:] + [len(pages) + 1]
    return {heading: pages[start - 1:end - 1] for heading, start, end in zip(headings, starts, ends)}
