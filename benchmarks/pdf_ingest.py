"""Benchmark (not a test): PDF ingest time per page against pdfplumber's own floor.

The floor is what any pdfplumber-based reader must pay at least: `page.extract_text()` plus
`page.find_tables()` over the same pages, measured in the same run. Target: ingest at most
1.5 times the floor.

    python -m benchmarks.pdf_ingest            # prints one line per PDF
    python -m benchmarks.pdf_ingest --repeat 9
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDFS = ("source_docs/2015/hicm-2015.pdf", "source_docs/2020/hicm-2020-draft.pdf")


def floor_seconds(path: Path) -> tuple[float, int]:
    """Given a PDF, return (seconds for extract_text() + find_tables() over every page, page count)."""
    import pdfplumber
    start = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        pages = 0
        for page in pdf.pages:
            page.extract_text()
            page.find_tables()
            page.close()
            pages += 1
    return time.perf_counter() - start, pages


def ingest_seconds(path: Path) -> float:
    """Given a PDF, return the seconds `hicm ingest` takes to read it into validated canonical JSON."""
    from pipeline.ingest import ingest_file
    start = time.perf_counter()
    ingest_file(path)
    return time.perf_counter() - start


def measure(repeat: int = 5) -> list[dict]:
    """Given a repeat count, return per PDF the median ingest and floor times per page and their ratio."""
    ingest_seconds(ROOT / PDFS[0])  # warm imports (spell-checker word list, schema) outside the timing
    results = []
    for name in PDFS:
        path = ROOT / name
        ingest, floor, pages = [], [], 0
        for _ in range(repeat):
            f, pages = floor_seconds(path)
            floor.append(f)
            ingest.append(ingest_seconds(path))
        ingest_ms = statistics.median(ingest) / pages * 1000
        floor_ms = statistics.median(floor) / pages * 1000
        results.append({"pdf": name, "pages": pages, "repeat": repeat,
                        "ingest_ms_per_page": round(ingest_ms, 2), "floor_ms_per_page": round(floor_ms, 2),
                        "ratio": round(ingest_ms / floor_ms, 2)})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for row in measure(args.repeat):
        print(f"{row['pdf']}: {row['pages']} pages, ingest {row['ingest_ms_per_page']:.1f} ms/page, "
              f"floor {row['floor_ms_per_page']:.1f} ms/page, ratio {row['ratio']:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
