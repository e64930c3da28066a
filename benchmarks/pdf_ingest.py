"""Benchmark (not a test): PDF ingest time per page against pdfplumber's own floor.

The floor is what any pdfplumber-based reader must pay at least: `page.extract_text()` plus
`page.find_tables()` over the same pages, measured in the same run. Target: ingest at most
1.5 times the floor.

    python -m benchmarks.pdf_ingest            # prints one line per PDF
    python -m benchmarks.pdf_ingest --repeat 9
"""
from __future__ import annotations

import time
from pathlib import Path

from benchmarks import run_script


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


def measure(repeat: int = 5) -> list[dict]:
    """Given a repeat count, return per PDF the median ingest and floor times per page and their ratio."""
    from benchmarks.ingest import measure as measure_ingest   # the one measuring loop
    return measure_ingest(repeat, formats=("pdf",))


def main() -> None:
    run_script(__doc__, measure, lambda row: f"{row['file']}: {row['pages']} pages, ingest "
                                             f"{row['ingest_ms_per_page']:.1f} ms/page, floor {row['floor_ms_per_page']:.1f} "
                                             f"ms/page, ratio {row['ratio']:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
