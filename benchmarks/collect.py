"""Benchmark (not a test): collect 150 filled assessments into a fresh SQLite store; print documents per second.

Run from the repository root: `python -m benchmarks.collect` (target: at least 100 documents/s on
a 2-core machine). It also prints documents per CPU-second of this process, which other load
on a shared machine does not change, and runs once in one process and once with two reading
processes (`hicm collect --jobs 2`). The documents are publish's real 2020 assessment, every
control answered, half saved in Word's shape and half in LibreOffice's.
"""
from __future__ import annotations

import json
import random
import resource
import tempfile
import time
from pathlib import Path

from publish.returns.batch import run_collect


def write_documents(folder: Path, count: int) -> list[Path]:
    """Given a folder and a count, write that many filled 2020 assessments (publish's real template) and return them."""
    from publish.forms.assessment import build_assessment_template
    from publish.returns.read import read_submission
    from publish.docx.package import personalise
    from tests.support.paths import GOLDEN
    from tests.support.returns import LEVEL_ITEMS, fill_docx
    edition = json.loads((GOLDEN / "editions" / "2020.json").read_text(encoding="utf-8"))
    template = build_assessment_template(edition)
    kinds = {a.answer.tag: a.kind for a in read_submission("template.docx", template).answers}
    rng = random.Random(150)
    paths = []
    for n in range(count):
        answers = {}
        for tag, kind in kinds.items():
            if kind == "dropdown":
                answers[tag] = LEVEL_ITEMS[rng.randint(0, 4)][0]
            elif kind == "date":
                answers[tag] = f"2020-10-{rng.randint(1, 28):02d}"
            elif not tag.endswith(":system-name"):
                answers[tag] = f"Evidence for {tag}: " + "we do this well. " * 5
        path = folder / f"system-{n:03d}.docx"
        path.write_bytes(fill_docx(personalise(template, f"System {n}"), answers,
                                   flavour="word" if n % 2 else "libreoffice"))
        paths.append(path)
    return paths


def cpu_seconds() -> float:
    """Return the CPU time used so far by this process and its finished children (the reading processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(count: int = 150, repeat: int = 3, jobs: int = 1) -> list[dict]:
    """Given a document count, a number of runs and reading processes, return per run the documents, seconds,
    documents per second and per CPU-second."""
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_documents(Path(tmp), count)
        for run in range(repeat):
            db = Path(tmp) / f"results-{run}.sqlite"
            start, cpu_start = time.perf_counter(), cpu_seconds()
            results = run_collect(paths, db, jobs=jobs)
            seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
            assert sum(r.stored for r in results) == count
            runs.append({"run": run + 1, "jobs": jobs, "documents": count, "seconds": round(seconds, 3),
                         "documents_per_second": round(count / seconds, 1), "cpu_seconds": round(cpu, 3),
                         "documents_per_cpu_second": round(count / cpu, 1)})
    return runs


if __name__ == "__main__":
    for jobs in (1, 2):
        for result in measure(jobs=jobs):
            print(f"{result['jobs']} process(es), run {result['run']}: {result['documents']} documents in "
                  f"{result['seconds']} s = {result['documents_per_second']} documents/s "
                  f"({result['documents_per_cpu_second']} per CPU-second)")
