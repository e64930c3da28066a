"""Benchmark (not a test): cost at 1x, 10x and 100x work, each point in a fresh process, with peak memory.

Each point runs in its own subprocess (`python -m benchmarks.scaling worker KIND N [FILE]`),
which prints the seconds of the measured work and its peak resident memory
(VmHWM), so one point's memory cannot hide another's.
- publish: N personalised assessments (benchmarks.publish.run_hicm);
- collect: N filled assessments collected into a fresh store (benchmarks.collect.measure);
- pdf: one PDF made of N copies of the 2015 PDF's pages, ingested.
Linear cost means the time per unit stays flat as N grows: `per_unit_vs_1x` near 1.
"""
from __future__ import annotations

import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def repeated_pdf(source: Path, copies: int, target: Path) -> Path:
    """Given a PDF, return `target`, a PDF of its pages repeated `copies` times (pypdfium2, the PDF reader's engine)."""
    import pypdfium2
    original = pypdfium2.PdfDocument(str(source))
    combined = pypdfium2.PdfDocument.new()
    for _ in range(copies):
        combined.import_pages(original)
    combined.save(str(target))
    return target


def _work(kind: str, count: int, file: str | None) -> float:
    """Given a kind of work and its size, do it once and return the seconds it took."""
    if kind == "publish":
        from benchmarks.publish import _systems, default_edition_file, full_size, run_hicm
        edition = full_size(json.loads(default_edition_file().read_text(encoding="utf-8")))
        return run_hicm(edition, _systems(count))
    if kind == "collect":
        from benchmarks.collect import measure
        runs = measure(count=count, repeat=1)
        return runs[0]["seconds"]
    if kind == "pdf":
        from pipeline.ingest import ingest_file
        ingest_file(ROOT / "source_docs/2015/hicm-2015.pdf")   # warm imports outside the timing
        start = time.perf_counter()
        ingest_file(file, "2015")
        return time.perf_counter() - start
    raise SystemExit(f"unknown kind {kind}")


def worker(kind: str, count: int, file: str | None) -> None:
    """Run one point and print {"seconds", "max_rss_mb"} as JSON."""
    seconds = _work(kind, count, file)
    print(json.dumps({"seconds": seconds, "max_rss_mb": round(peak_rss_mb(), 1)}))


def peak_rss_mb() -> float:
    """Return this process's peak resident memory in MiB.

    /proc/self/status VmHWM is this program's own peak; getrusage's ru_maxrss survives exec on
    Linux, so in a child started by a big parent it reports the parent's peak instead.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_point(kind: str, count: int, file: Path | None = None) -> dict:
    """Given a kind and size, run it in a fresh process and return its seconds and peak memory."""
    args = [sys.executable, "-m", "benchmarks.scaling", "worker", kind, str(count)] + ([str(file)] if file else [])
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=3600,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    if result.returncode != 0:
        raise RuntimeError(f"scaling worker {kind} {count} failed: {result.stderr.strip()[-500:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def available(kind: str) -> bool:
    """Given a kind, return whether the modules it measures are installed."""
    needs = {"publish": "benchmarks.publish", "collect": "benchmarks.collect", "pdf": "extract.pdf"}[kind]
    return importlib.util.find_spec(needs) is not None


def measure(factors: tuple[int, ...] = (1, 10, 100), base: int = 15, pdf_factors: tuple[int, ...] = (1, 10),
            repeat: int = 3, work_dir: Path | None = None) -> list[dict]:
    """Given the scale factors, the 1x document count and a repeat count, return one row per kind and size."""
    import tempfile
    rows = []
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        plans = [("publish", [(f, base * f, None) for f in factors], "documents"),
                 ("collect", [(f, base * f, None) for f in factors], "documents")]
        pdf = ROOT / "source_docs/2015/hicm-2015.pdf"
        pages = _page_count(pdf) if available("pdf") else 0
        plans.append(("pdf", [(f, pages * f, repeated_pdf(pdf, f, Path(tmp) / f"x{f}.pdf")) for f in pdf_factors]
                      if available("pdf") else [], "pages"))
        for kind, points, unit in plans:
            if not available(kind):
                rows.append({"kind": kind, "status": "unavailable"})
                continue
            first_per_unit = None
            for factor, count, file in points:
                runs = [run_point(kind, count if kind != "pdf" else factor, file) for _ in range(repeat)]
                seconds = statistics.median(r["seconds"] for r in runs)
                per_unit = seconds / count
                first_per_unit = first_per_unit or per_unit
                rows.append({"kind": kind, "factor": factor, "units": count, "unit": unit, "repeat": repeat,
                             "seconds": round(seconds, 3), "ms_per_unit": round(per_unit * 1000, 2),
                             "per_unit_vs_1x": round(per_unit / first_per_unit, 2),
                             "max_rss_mb": max(r["max_rss_mb"] for r in runs)})
    return rows


def _page_count(path: Path) -> int:
    import pypdfium2
    return len(pypdfium2.PdfDocument(str(path)))


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "worker":
        worker(sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else None)
    else:
        for row in measure():
            print(row)
