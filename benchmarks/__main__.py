"""`python -m benchmarks`: every speed measurement in one run, printed as a table and saved as JSON.

Sections (each can be run alone with --only NAME):
- ingest:  every manifestation in source_docs, per file (and per page for PDFs), against its
           library floor measured in the same run (benchmarks.ingest);
- pdf:     the PDF reader (bytes → document tree) on every bundled PDF and a 31-page browser
           print, against PDFium's raw read of the same file in the same run (benchmarks.pdf_ingest);
- build:   a cold `hicm build` of all of source_docs in a fresh process (wall time); with
           `--baseline REF` the same build of git REF (e.g. main) is measured in the same run,
           from a snapshot (`git archive`), and the speed-up reported;
- publish: 150 personalised assessments, documents/s and the ratio to docxtpl (benchmarks.publish);
- collect: 150 filled assessments collected, documents/s (benchmarks.collect);
- scaling: publish and collect at 1x/10x/100x documents, PDF ingest at 1x/10x pages, each point
           in its own process with its peak memory (benchmarks.scaling).
Figures are medians over the repeats. `--size tiny` is the smoke run CI does (it proves the
benchmarks still run; its figures mean nothing). Targets are printed beside each figure.

    python -m benchmarks                       # full run, by hand, before a release
    python -m benchmarks --size tiny --results /tmp/results.json
    python -m benchmarks --only publish
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("ingest", "pdf", "build", "publish", "collect", "scaling")

#: Sizes: repeats and batch sizes per section.
SIZES = {
    "full": {"repeat": 3, "build_repeat": 3, "documents": 150, "doc_repeat": 3, "scale_base": 15,
             "factors": (1, 10, 100), "pdf_factors": (1, 10), "scale_repeat": 2, "build_editions": ()},
    "tiny": {"repeat": 1, "build_repeat": 1, "documents": 3, "doc_repeat": 1, "scale_base": 1,
             "factors": (1, 2), "pdf_factors": (1,), "scale_repeat": 1, "build_editions": ("2015",)},
}

TARGETS = {
    "pdf_ingest_ratio": "every manifestation's ingest time reported against its library's floor",
    "pdf_reader_ratio": "PDF reader <= 2x PDFium's raw read, each PDF",
    "build_seconds": "cold build < 10 s on 2 cores, and >= 3x faster than the baseline when one is given",
    "publish_docs_per_second": "publish >= 50 docs/s",
    "publish_ratio": "publish >= 3x docxtpl",
    "collect_docs_per_second": "collect >= 100 docs/s",
    "scaling": "time per unit flat (linear cost) as work grows",
}


def section_ingest(size: dict) -> dict:
    from benchmarks import ingest
    rows = ingest.measure(size["repeat"])
    pdf = [r["ratio"] for r in rows if r["format"] == "pdf"]
    return {"rows": rows, "summary": {"pdf_ratio_max": max(pdf) if pdf else None,
                                      "target": TARGETS["pdf_ingest_ratio"], "met": None}}


def section_pdf(size: dict) -> dict:
    from benchmarks import pdf_ingest
    rows = pdf_ingest.measure(size["repeat"])
    worst = max(r["ratio"] for r in rows)
    return {"rows": rows, "summary": {"ratio_max": worst, "target": TARGETS["pdf_reader_ratio"],
                                      "met": worst <= pdf_ingest.TARGET_RATIO}}


def _build_runs(size: dict, tree: Path) -> tuple[list[float], list[float]]:
    """Given a source tree, run a cold `hicm build` of it `build_repeat` times; return (wall seconds, CPU seconds)."""
    import resource
    runs, cpu = [], []
    for _ in range(size["build_repeat"]):
        with tempfile.TemporaryDirectory() as tmp:
            args = [sys.executable, "-m", "pipeline", "build", "--out", tmp]
            for edition in size["build_editions"]:
                args += ["--edition", edition]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            result = subprocess.run(args, cwd=tree, capture_output=True, text=True, timeout=1800,
                                    env={**os.environ, "PYTHONPATH": str(tree)})
            seconds = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            # CPU time of the build process: what the wall time would be on an idle core.
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if result.returncode not in (0, 1):     # 1: built, with findings the strict mode would fail on
                raise RuntimeError(f"hicm build failed in {tree}: {result.stderr.strip()[-500:]}")
            runs.append(seconds)
    return runs, cpu


def section_build(size: dict, baseline: str | None = None) -> dict:
    runs, cpu = _build_runs(size, ROOT)
    median = statistics.median(runs)
    rows = [{"tree": "this", "editions": list(size["build_editions"]) or "all", "repeat": len(runs),
             "seconds_median": round(median, 2), "cpu_seconds_median": round(statistics.median(cpu), 2),
             "seconds_runs": [round(s, 2) for s in runs]}]
    summary = {"seconds": round(median, 2), "cpu_seconds": round(statistics.median(cpu), 2),
               "target": TARGETS["build_seconds"], "met": median < 10}
    if baseline:
        with tempfile.TemporaryDirectory() as snapshot:
            archive = subprocess.run(["git", "archive", "--format=tar", baseline], cwd=ROOT, capture_output=True,
                                     check=True).stdout
            subprocess.run(["tar", "-x", "-C", snapshot], input=archive, check=True)
            base_runs, base_cpu = _build_runs(size, Path(snapshot))
        base = statistics.median(base_runs)
        rows.append({"tree": f"baseline {baseline}", "editions": rows[0]["editions"], "repeat": len(base_runs),
                     "seconds_median": round(base, 2), "cpu_seconds_median": round(statistics.median(base_cpu), 2),
                     "seconds_runs": [round(s, 2) for s in base_runs]})
        summary.update({"baseline": baseline, "baseline_seconds": round(base, 2),
                        "speedup": round(base / median, 2),
                        "cpu_speedup": round(statistics.median(base_cpu) / statistics.median(cpu), 2),
                        "met": median < 10 and base / median >= 3})
    return {"rows": rows, "summary": summary}


def section_publish(size: dict) -> dict:
    from benchmarks import publish
    rows = publish.measure(count=size["documents"], repeat=size["doc_repeat"])
    rate = statistics.median(r["hicm_docs_per_second"] for r in rows)
    ratio = statistics.median(r["ratio"] for r in rows)
    # The same hicm run timed in CPU seconds of this process: what a shared machine's load does not change.
    edition = publish.full_size(json.loads(publish.default_edition_file().read_text(encoding="utf-8")))
    cpu = []
    for _ in range(size["doc_repeat"]):
        start = time.process_time()
        publish.run_hicm(edition, publish._systems(size["documents"]))
        cpu.append(time.process_time() - start)
    per_cpu = round(size["documents"] / statistics.median(cpu), 1)
    return {"rows": rows, "summary": {"docs_per_second": rate, "docs_per_cpu_second": per_cpu, "ratio_to_docxtpl": ratio,
                                      "target": f"{TARGETS['publish_docs_per_second']}; {TARGETS['publish_ratio']}",
                                      "met": rate >= 50 and ratio >= 3}}


def section_collect(size: dict) -> dict:
    if importlib.util.find_spec("benchmarks.collect") is None:
        return {"rows": [], "summary": {"status": "unavailable: benchmarks/collect.py has not landed",
                                        "target": TARGETS["collect_docs_per_second"], "met": None}}
    from benchmarks import collect
    rows = collect.measure(count=size["documents"], repeat=size["doc_repeat"])
    rate = statistics.median(r["documents_per_second"] for r in rows)
    per_cpu = statistics.median(r["documents_per_cpu_second"] for r in rows) if "documents_per_cpu_second" in rows[0] else None
    return {"rows": rows, "summary": {"docs_per_second": rate, "docs_per_cpu_second": per_cpu, "target": TARGETS["collect_docs_per_second"],
                                      "met": rate >= 100}}


def section_scaling(size: dict) -> dict:
    from benchmarks import scaling
    rows = scaling.measure(size["factors"], size["scale_base"], size["pdf_factors"], size["scale_repeat"])
    drift = {kind: max(r["per_unit_vs_1x"] for r in rows if r["kind"] == kind and "per_unit_vs_1x" in r)
             for kind in {r["kind"] for r in rows if "per_unit_vs_1x" in r}}
    return {"rows": rows, "summary": {"per_unit_vs_1x_max": drift, "target": TARGETS["scaling"],
                                      "met": bool(drift) and all(v <= 1.5 for v in drift.values())}}


RUNNERS = {"ingest": section_ingest, "pdf": section_pdf, "build": section_build, "publish": section_publish,
           "collect": section_collect, "scaling": section_scaling}


def machine() -> dict:
    """Return what the figures depend on: cores, Python, platform, load."""
    return {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "load_average_1min": round(os.getloadavg()[0], 2)}


def print_table(results: dict) -> None:
    """Given the results, print one block per section: its rows, then its summary against the target."""
    m = results["machine"]
    print(f"hicm benchmarks ({results['size']}): {m['cores']} cores, Python {m['python']}, "
          f"load {m['load_average_1min']} at start")
    for name, section in results["sections"].items():
        print(f"\n== {name}")
        rows = section["rows"]
        if rows:
            columns = [c for c in rows[0] if not isinstance(rows[0][c], (list, dict))]
            for row in rows:
                for c in row:
                    if c not in columns and not isinstance(row[c], (list, dict)):
                        columns.append(c)
            widths = {c: max(len(c), *(len(_cell(r.get(c))) for r in rows)) for c in columns}
            print("  ".join(c.ljust(widths[c]) for c in columns))
            for row in rows:
                print("  ".join(_cell(row.get(c)).ljust(widths[c]) for c in columns))
        summary = dict(section["summary"])
        met = summary.pop("met", None)
        target = summary.pop("target", "")
        verdict = "MET" if met else ("n/a" if met is None else "MISSED")
        print(f"-> {json.dumps(summary)}  target: {target}: {verdict}")


def _cell(value) -> str:
    return "-" if value is None else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[1:]))
    parser.add_argument("--size", choices=sorted(SIZES), default="full", help="full (by hand) or tiny (CI smoke run)")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run only this section (repeatable)")
    parser.add_argument("--baseline", metavar="REF",
                        help="also time a cold build of this git ref (e.g. main) in the same run, for the speed-up")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results.json",
                        help="where to write the JSON results (default: benchmarks/results.json)")
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    results = {"size": args.size, "machine": machine(), "sections": {}}
    for name in args.only or SECTIONS:
        print(f"running {name}…", file=sys.stderr, flush=True)
        runner = RUNNERS[name]
        results["sections"][name] = runner(size, args.baseline) if name == "build" else runner(size)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    from pipeline.core.atomic import write_json
    write_json(args.results, results)
    print_table(results)
    print(f"\nwrote {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
