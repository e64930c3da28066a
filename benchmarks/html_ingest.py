"""Benchmark (not a test): HTML ingest time per page against lxml's own floor.

The floor is what any lxml-based reader must pay at least: parsing the page's bytes with
lxml's HTML parser and one walk over every text node, measured in the same run. The ingest
time is `pipeline.ingest.ingest_file` end to end (decode, parse, classify, key, validate);
"reader alone" is extract.html.extract without the pipeline around it.

    python -m benchmarks.html_ingest            # prints one line per page
    python -m benchmarks.html_ingest --repeat 9
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

from benchmarks import run_script

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("source_docs/2019/hicm-2019-refresh.html", "source_docs/2020/managing-transfers-of-care.html",
         "source_docs/hub/hospital-discharge.html")


def floor_seconds(path: Path) -> float:
    """Given a page, return the seconds lxml takes to parse it and walk its text once."""
    from lxml import etree
    data = path.read_bytes()
    start = time.perf_counter()
    root = etree.fromstring(data, etree.HTMLParser(no_network=True, remove_comments=True))
    characters = sum(len(text) for text in root.itertext())
    assert characters
    return time.perf_counter() - start


def read_seconds(path: Path) -> float:
    """Given a page, return the seconds the HTML reader and the interpreter take (no manifest, lineage or schema
    validation)."""
    import hashlib
    from extract import extract
    from extract.base import Source
    data = path.read_bytes()
    source = Source(str(path), data, hashlib.sha256(data).hexdigest(), "html", None)
    start = time.perf_counter()
    extract(source)
    return time.perf_counter() - start


def measure(repeat: int = 5) -> list[dict]:
    """Given a repeat count, return per page the median ingest and floor times and their ratio."""
    from benchmarks.ingest import ingest_seconds   # one definition of "ingest time" for every format
    ingest_seconds(ROOT / PAGES[0])   # warm imports (schema, lineage) outside the timing
    results = []
    for name in PAGES:
        path = ROOT / name
        ingest, read, floor = [], [], []
        for _ in range(repeat):
            floor.append(floor_seconds(path))
            read.append(read_seconds(path))
            ingest.append(ingest_seconds(path))
        ingest_ms, floor_ms = statistics.median(ingest) * 1000, statistics.median(floor) * 1000
        read_ms = statistics.median(read) * 1000
        results.append({"page": name, "bytes": path.stat().st_size, "repeat": repeat,
                        "ingest_ms": round(ingest_ms, 2), "read_ms": round(read_ms, 2), "floor_ms": round(floor_ms, 2),
                        "ratio": round(ingest_ms / floor_ms, 1), "read_ratio": round(read_ms / floor_ms, 1)})
    return results


def main() -> None:
    run_script(__doc__, measure, lambda row: f"{row['page']}: {row['bytes']} bytes, ingest {row['ingest_ms']:.1f} ms "
                                             f"(median of {row['repeat']}), reader alone {row['read_ms']:.1f} ms, floor "
                                             f"{row['floor_ms']:.2f} ms, ratio {row['ratio']:.1f}x (reader alone "
                                             f"{row['read_ratio']:.1f}x)")


if __name__ == "__main__":
    main()
