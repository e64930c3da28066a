"""Reader for the published PDFs (the 2015 brochure, the 2020 agenda-pack draft).

The chain: bytes → (guards) → pages, each parsed once and closed → `PageLayout` (lines,
ruled tables, shaded boxes, links, form fields) → running headers/footers/stamps set aside
→ one stream of lines and tables in reading order → model content (extract.pdf_structure).
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from extract.base import Extraction, Leftover, NotHicmContent, Source
from extract.pdf_layout import (Line, attach_links, check_settings, find_running_lines, page_words,
                                reading_order, words_outside, words_to_lines)
from extract.pdf_page import check_streams
from extract.pdf_tables import Grid, find_grids
from pipeline.core.errors import InputError
from pipeline.core.text import strip_accents_fold
from schema.model import location

#: A PDF with more pages than this is refused before any page is parsed.
MAX_PAGES = 1000
#: If none of the first this-many pages mentions the model, the file is not about it.
MARKER_PAGES = 12
#: Folded phrases that only a High Impact Change Model says.
MARKERS = ("high impact change", "not yet established")


@dataclass
class PageLayout:
    """What one page holds, ready for the structure reader."""
    number: int
    width: float
    height: float
    lines: list[Line]
    grids: list[Grid]
    boxes: list[tuple]
    fields: list[dict] = field(default_factory=list)


def extract(source: Source, settings: dict | None = None) -> Extraction:
    """Given a PDF source, return its canonical content and what was left out."""
    from extract.pdf_structure import build_content  # the model-specific half of the chain
    settings = check_settings(settings)
    pages = read_pages(source, settings)
    running = find_running_lines([(p.height, p.lines) for p in pages], settings)
    leftovers: list[Leftover] = []
    stream: list = []
    for index, page in enumerate(pages):
        kept = []
        for i, line in enumerate(page.lines):
            if (index, i) in running:
                leftovers.append(Leftover(location(source.path, page=page.number, bbox=line.bbox), line.text,
                                          "boilerplate: " + running_kind(line, page.height)))
            else:
                kept.append(line)
        tables = [g for g in page.grids if not g.is_box]
        stream.extend(reading_order(kept + tables))
    content, more = build_content(stream, pages, source)
    return Extraction(content=content, leftovers=leftovers + more)


def running_kind(line: Line, page_height: float) -> str:
    """Given a running line and its page height, return what it is: page stamp, running header or footer."""
    if line.top > page_height / 2:
        return "page stamp" if any(w.text.isdigit() for w in line.words) and len(line.words) <= 3 else "running footer"
    return "running header"


def read_pages(source: Source, settings: dict) -> list[PageLayout]:
    """Given a PDF source, return its pages' layouts, parsing each page once and closing it.

    Raises InputError for a damaged, password-protected, image-only, over-long or unrelated PDF,
    deciding from the first pages so that a long unrelated file is refused quickly.
    """
    pdf = open_pdf(source)
    try:
        count = page_count(pdf, source)
        if count > MAX_PAGES:
            raise InputError(f"has {count} pages, over the {MAX_PAGES}-page limit for one model", source.path)
        layouts: list[PageLayout] = []
        seen_text = seen_marker = False
        for number, page in enumerate(_pages(pdf, source), start=1):
            try:
                layout = parse_page(page, number, settings)
            except Exception as exc:  # noqa: BLE001 (a damaged content stream on one page)
                raise InputError(f"is damaged: page {number} cannot be read ({type(exc).__name__})",
                                 source.path) from None
            finally:
                page.close()
            layouts.append(layout)
            text = " ".join(l.text for l in layout.lines) + " ".join(" ".join(r) for g in layout.grids for r in g.cells)
            seen_text = seen_text or bool(text.strip())
            seen_marker = seen_marker or any(m in strip_accents_fold(text) for m in MARKERS)
            if number == min(count, MARKER_PAGES) and not seen_marker:
                if not seen_text:
                    raise InputError("has no text layer; scanned documents are not supported", source.path)
                raise NotHicmContent(source.path)
        if not layouts:
            raise InputError("is a PDF with no pages", source.path)
        return layouts
    finally:
        _close(pdf)


def _close(pdf) -> None:
    """Close an open PDF without letting a damaged page tree hide the verdict already reached.

    pdfplumber's close() builds every page object to close it; on a damaged file that raises,
    and an exception from a `finally` would replace the InputError the reader had raised.
    Every page this reader opened is already closed, so only the file itself needs closing.
    """
    try:
        pdf.close()
    except Exception:  # noqa: BLE001
        stream = getattr(pdf, "stream", None)
        if stream is not None:
            stream.close()


def open_pdf(source: Source):
    """Given a PDF source, return an open pdfplumber PDF, or raise InputError for a damaged or locked file."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    if b"%%EOF" not in source.data[-2048:]:
        raise InputError("is truncated or damaged: the PDF has no end-of-file marker", source.path)
    check_streams(source.data, source.path)
    try:
        pdf = pdfplumber.open(io.BytesIO(source.data))
        pdf.doc.catalog  # noqa: B018 (forces the document structure to be read now)
    except Exception as exc:  # noqa: BLE001 (pdfminer raises many kinds of error on hostile bytes)
        # pdfplumber wraps pdfminer's errors; look at the cause as well as the error
        causes = [exc, *exc.args, exc.__cause__, exc.__context__]
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes) \
                or "password" in str(exc).lower():
            raise InputError("is password-protected; remove the password and try again", source.path) from None
        syntax = next((c for c in causes if isinstance(c, (PDFSyntaxError, PSException))), None)
        detail = str(syntax or exc).splitlines()[0][:120] if str(syntax or exc).strip() else type(syntax or exc).__name__
        raise InputError(f"is damaged and cannot be read as a PDF ({detail})", source.path) from None
    return pdf


def page_count(pdf, source: Source) -> int:
    """Given an open PDF, return its page count from the page tree's /Count (no page is parsed)."""
    from pdfminer.pdftypes import resolve1
    try:
        return int(resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"]))
    except Exception:  # noqa: BLE001 (a broken /Count: count by walking the page tree instead)
        pass
    try:
        return len(pdf.pages)
    except Exception as exc:  # noqa: BLE001 (the page tree itself is broken)
        raise InputError(f"is damaged: its page tree cannot be read ({type(exc).__name__})", source.path) from None


def _pages(pdf, source: Source):
    """Given an open PDF, yield its pages one at a time, turning parser failures into InputError."""
    try:
        iterator = iter(pdf.pages)   # pdfplumber builds every page object here: a damaged tree fails now
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"is damaged: its pages cannot be read ({type(exc).__name__})", source.path) from None
    while True:
        try:
            page = next(iterator)
        except StopIteration:
            return
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise InputError(f"is damaged: a page cannot be read ({type(exc).__name__})", source.path) from None
        yield page


def parse_page(page, number: int, settings: dict) -> PageLayout:
    """Given a pdfplumber page, return its layout: lines outside tables, tables, boxes, links and form fields."""
    words = page_words(page)
    grids = find_grids(page, number, words)
    annots = page.annots
    tables = [g for g in grids if not g.is_box]
    boxes = [g.bbox for g in grids if g.is_box]
    lines = words_to_lines(words_outside(words, [g.bbox for g in tables]), number, settings)
    for line in lines:
        cx, cy = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
        for b_index, box in enumerate(boxes):
            if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
                line.box = number * 100 + b_index
                break
    links = [{"url": a["uri"], "bbox": (a["x0"], a["top"], a["x1"], a["bottom"])} for a in annots if a.get("uri")]
    attach_links(lines, links)
    fields = [form_field(a, number) for a in annots if a.get("data", {}).get("T") is not None and not a.get("uri")]
    return PageLayout(number, float(page.width), float(page.height), lines, grids, boxes, fields)


def form_field(annot: dict, page_number: int) -> dict:
    """Given a widget annotation, return the form field: name, value, page and box."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    def text(value):
        value = resolve1(value)
        if value is None:
            return None
        if isinstance(value, PSLiteral):
            value = value.name
        if isinstance(value, bytes):
            value = decode_text(value)
        value = str(value)
        return value if value.strip() else None

    data = annot["data"]
    return {"name": text(data.get("T")) or "", "value": text(data.get("V")), "page": page_number,
            "bbox": (annot["x0"], annot["top"], annot["x1"], annot["bottom"])}
