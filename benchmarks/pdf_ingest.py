"""Benchmark (not a test): the PDF reader's time against PDFium's raw read of the same file.

The floor is what any reader on PDFium must pay at least, measured in the same run: every
page loaded, every character's code and box, and every page object (nested ones too) with its
type and bounds. The reader time is `extract.pdf_tree.read_document` (bytes → document tree,
guards included); the target is at most 2x the floor. The bundled PDFs are measured, and the
browser print in benchmarks/data (31 pages, every table border its own path).

Both are timed in CPU seconds of this process (`time.process_time`), the least of the repeats:
on a machine shared with other work, wall time measures the neighbours as much as the code.

    python -m benchmarks.pdf_ingest            # prints one line per PDF
    python -m benchmarks.pdf_ingest --repeat 9
"""
from __future__ import annotations

import ctypes
import time
from pathlib import Path

from benchmarks import run_script

ROOT = Path(__file__).resolve().parent.parent
#: PDFs measured beyond the manifest's: the committed browser print (benchmarks/browser_print.py).
EXTRA_PDFS = ("benchmarks/data/browser-print.pdf",)
TARGET_RATIO = 2.0


def floor_seconds(path: Path) -> tuple[float, int]:
    """Given a PDF, return (seconds for PDFium's raw read of every character with its box and every page object, pages)."""
    import pypdfium2
    from extract.pdf_page import api
    pdf = api()
    data = path.read_bytes()
    start = time.process_time()
    document = pypdfium2.PdfDocument(data)
    handle = ctypes.cast(document.raw, ctypes.c_void_p).value
    box = [ctypes.c_double() for _ in range(4)]
    box_refs = [ctypes.byref(b) for b in box]
    bounds = [ctypes.c_float() for _ in range(4)]
    bound_refs = [ctypes.byref(b) for b in bounds]
    pages = len(document)
    for index in range(pages):
        page = pdf.FPDF_LoadPage(handle, index)
        textpage = pdf.FPDFText_LoadPage(page)
        characters = []
        for k in range(pdf.FPDFText_CountChars(textpage)):
            pdf.FPDFText_GetCharBox(textpage, k, *box_refs)
            characters.append((pdf.FPDFText_GetUnicode(textpage, k), box[0].value, box[3].value, box[1].value,
                               box[2].value))
        objects = []
        stack = [(page, pdf.FPDFPage_CountObjects(page), False)]
        while stack:
            parent, count, nested = stack.pop()
            for k in range(count):
                obj = pdf.FPDFFormObj_GetObject(parent, k) if nested else pdf.FPDFPage_GetObject(parent, k)
                kind = pdf.FPDFPageObj_GetType(obj)
                pdf.FPDFPageObj_GetBounds(obj, *bound_refs)
                objects.append((kind, bounds[0].value, bounds[1].value, bounds[2].value, bounds[3].value))
                if kind == 5:
                    stack.append((obj, pdf.FPDFFormObj_CountObjects(obj), True))
        pdf.FPDFText_ClosePage(textpage)
        pdf.FPDF_ClosePage(page)
    document.close()
    return time.process_time() - start, pages


def reader_seconds(path: Path) -> float:
    """Given a PDF, return the seconds the PDF reader takes from its bytes to the document tree."""
    from extract.base import Source
    from extract.pdf_tree import read_document
    data = path.read_bytes()
    start = time.process_time()
    read_document(Source(path=path.name, data=data, sha256="", format="pdf", edition_id=None))
    return time.process_time() - start


def pdf_files() -> list[str]:
    """Return the PDFs measured, relative to the repository: the manifest's, then the extra ones."""
    from pipeline.manifest import load_manifest
    manifest = load_manifest()
    bundled = [f"source_docs/{m.path}" for group in (*manifest.editions, *manifest.catalogues)
               for m in group.manifestations if m.format == "pdf"]
    return bundled + [p for p in EXTRA_PDFS if (ROOT / p).exists()]


def measure(repeat: int = 5) -> list[dict]:
    """Given a repeat count, return per PDF the least reader and floor CPU times and their ratio."""
    files = pdf_files()
    reader_seconds(ROOT / files[0])      # warm imports and the word list outside the timing
    rows = []
    for relative in files:
        path = ROOT / relative
        reader, floor, pages = [], [], 0
        for _ in range(repeat):
            seconds, pages = floor_seconds(path)
            floor.append(seconds)
            reader.append(reader_seconds(path))
        reader_ms, floor_ms = min(reader) * 1000, min(floor) * 1000
        rows.append({"file": relative, "pages": pages, "repeat": repeat, "reader_cpu_ms": round(reader_ms, 1),
                     "pdfium_raw_cpu_ms": round(floor_ms, 1), "ratio": round(reader_ms / floor_ms, 2)})
    return rows


def main() -> None:
    run_script(__doc__, measure, lambda row: f"{row['file']}: {row['pages']} pages, reader {row['reader_cpu_ms']:.1f} ms, "
                                             f"PDFium raw read {row['pdfium_raw_cpu_ms']:.1f} ms (CPU), ratio "
                                             f"{row['ratio']:.2f}x (target <= {TARGET_RATIO}x)")


if __name__ == "__main__":
    main()
