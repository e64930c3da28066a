"""Benchmark (not a test): ingest time of every manifestation in source_docs, against its library floor.

The floor is the least any reader built on the same library must pay, measured in the same run:
- PDF: PDFium's raw read, every character with its box and every page object (benchmarks.pdf_ingest);
- HTML: lxml parse plus a walk over every text node (benchmarks.html_ingest);
- text: decode and split into lines.

    python -m benchmarks.ingest [--repeat 5]
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

from benchmarks import run_script
from benchmarks.html_ingest import floor_seconds as html_floor
from benchmarks.pdf_ingest import floor_seconds as pdf_floor_seconds
from pipeline.manifest import load_manifest


def ingest_seconds(path: Path) -> float:
    """Given a published file, return the seconds `hicm ingest` takes to read it into validated canonical JSON."""
    from pipeline.ingest import ingest_file
    start = time.perf_counter()
    ingest_file(path)
    return time.perf_counter() - start


def html_floor_seconds(path: Path) -> tuple[float, int]:
    """Given an HTML file, return (seconds for an lxml parse and a walk over its text nodes, 1 file)."""
    return html_floor(path), 1


def text_floor_seconds(path: Path) -> tuple[float, int]:
    """Given a text file, return (seconds to read, decode and split it into lines, 1 file)."""
    start = time.perf_counter()
    path.read_bytes().decode("utf-8", "replace").splitlines()
    return time.perf_counter() - start, 1


FLOORS = {"pdf": pdf_floor_seconds, "html": html_floor_seconds, "text": text_floor_seconds}


def measure(repeat: int = 5, formats: tuple[str, ...] = ("pdf", "html", "text")) -> list[dict]:
    """Given a repeat count, return per manifestation the median ingest and floor times and their ratio."""
    manifest = load_manifest()
    files = [(m.path, m.format) for group in (*manifest.editions, *manifest.catalogues)
             for m in group.manifestations if m.format in formats]
    ingest_seconds(manifest.root / files[0][0])   # warm imports and caches outside the timing
    rows = []
    for relative, fmt in files:
        path = manifest.root / relative
        ingest, floor, pages = [], [], 1
        for _ in range(repeat):
            seconds, pages = FLOORS[fmt](path)
            floor.append(seconds)
            ingest.append(ingest_seconds(path))
        ingest_ms, floor_ms = statistics.median(ingest) * 1000, statistics.median(floor) * 1000
        rows.append({"file": relative, "format": fmt, "bytes": path.stat().st_size,
                     "pages": pages if fmt == "pdf" else None, "repeat": repeat,
                     "ingest_ms_per_file": round(ingest_ms, 2), "floor_ms_per_file": round(floor_ms, 2),
                     "ingest_ms_per_page": round(ingest_ms / pages, 2) if fmt == "pdf" else None,
                     "floor_ms_per_page": round(floor_ms / pages, 2) if fmt == "pdf" else None,
                     "ratio": round(ingest_ms / floor_ms, 2) if floor_ms else None})
    return rows


def main() -> None:
    run_script(__doc__, measure, lambda row: f"{row['file']}: ingest {row['ingest_ms_per_file']} ms, "
                                             f"floor {row['floor_ms_per_file']} ms, ratio {row['ratio']}x")


if __name__ == "__main__":
    main()
