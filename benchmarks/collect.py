"""Benchmark (not a test): collect 150 filled assessments into a fresh SQLite store; print documents per second.

Run from the repository root: `python -m benchmarks.collect` (target: at least 100 documents/s on
a 2-core machine). It also prints documents per CPU-second of this process, which other load
on a shared machine does not change. The documents are 2020 assessments with every change's four matrix rows
answered, as publish writes them, half in Word's shape and half in LibreOffice's.
"""
from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from normalize.lineage import load_lineage
from pipeline.commands.collect import run_collect
from tests.fixtures.collect.builder import assessment


def write_documents(folder: Path, count: int) -> list[Path]:
    """Given a folder and a count, write that many filled assessments and return their paths."""
    rng = random.Random(150)
    keys = [e.key for e in load_lineage() if "2020" in e.editions]
    paths = []
    for n in range(count):
        levels = {(key, row): rng.randint(0, 4) for key in keys for row in range(1, 5)}
        evidence = {slot: f"Evidence for {slot[0]} row {slot[1]}: " + "we do this well. " * 5 for slot in levels}
        path = folder / f"system-{n:03d}.docx"
        path.write_bytes(assessment("2020", f"System {n}", "2020-10-01", levels, evidence, partners="CCG, council",
                                    flavour="word" if n % 2 else "libreoffice"))
        paths.append(path)
    return paths


def measure(count: int = 150, repeat: int = 3) -> list[dict]:
    """Given a document count and a number of runs, return per run the documents, seconds and documents per second."""
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_documents(Path(tmp), count)
        for run in range(repeat):
            db = Path(tmp) / f"results-{run}.sqlite"
            start, cpu_start = time.perf_counter(), time.process_time()
            results = run_collect(paths, db)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
            assert sum(r.stored for r in results) == count
            runs.append({"run": run + 1, "documents": count, "seconds": round(seconds, 3),
                         "documents_per_second": round(count / seconds, 1), "cpu_seconds": round(cpu, 3),
                         "documents_per_cpu_second": round(count / cpu, 1)})
    return runs


if __name__ == "__main__":
    for result in measure():
        print(f"run {result['run']}: {result['documents']} documents in {result['seconds']} s = "
              f"{result['documents_per_second']} documents/s ({result['documents_per_cpu_second']} per CPU-second: "
              "the machine is shared, so wall-clock rates vary with load)")
