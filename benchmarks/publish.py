"""Benchmark (not a test): personalised self-assessments per second, against docxtpl.

hicm builds each edition's document once with python-docx and personalises it per local system
by patching two parts of the cached, pre-compressed zip (publish.docx.package.Personaliser). docxtpl renders an
equivalent template (the same document, its system-name control holding `{{ system_name }}`)
once per system. Both write each document to memory.

    python -m benchmarks.publish [--count 150] [--repeat 3] [--edition-file FILE]
"""
from __future__ import annotations

import argparse
import io
import json
import time
from pathlib import Path

from publish.forms.assessment import build_assessment_template
from publish.docx.package import Personaliser, personalise

ROOT = Path(__file__).resolve().parent.parent


def default_edition_file() -> Path:
    """Return the 2020 edition record: golden/editions/2020.json, else build/editions/2020.json, else the fixture."""
    for candidate in (ROOT / "golden/editions/2020.json", ROOT / "build/editions/2020.json"):
        if candidate.is_file():
            return candidate
    return ROOT / "tests/fixtures/edition-2020.json"


def full_size(edition: dict, changes: int = 9) -> dict:
    """Given an edition, return it padded to `changes` changes (copies with new keys), the size of a real edition.

    The hand-written fixture has two changes; real editions have eight or nine, and the
    personalisation cost grows with document.xml.
    """
    padded = json.loads(json.dumps(edition))
    originals = list(padded["changes"])
    while len(padded["changes"]) < changes:
        copy = json.loads(json.dumps(originals[len(padded["changes"]) % len(originals)]))
        copy["number"] = len(padded["changes"]) + 1
        copy["key"] = f"copy-{copy['number']}-{copy['key']}"[:30].rstrip("-")
        padded["changes"].append(copy)
    return padded


def _systems(count: int) -> list[str]:
    return [f"Local system {n:03d} (health and care partnership)" for n in range(1, count + 1)]


def run_hicm(edition: dict, systems: list[str]) -> float:
    """Given an edition and system names, return the seconds hicm takes to build and personalise one document each."""
    start = time.perf_counter()
    personaliser = Personaliser(build_assessment_template(edition))
    for name in systems:
        io.BytesIO(personaliser.make(name))
    return time.perf_counter() - start


def run_docxtpl(template_bytes: bytes, systems: list[str]) -> float:
    """Given a docxtpl template's bytes and system names, return the seconds docxtpl takes to render one each."""
    from docxtpl import DocxTemplate
    start = time.perf_counter()
    for name in systems:
        document = DocxTemplate(io.BytesIO(template_bytes))
        document.render({"system_name": name})
        document.save(io.BytesIO())
    return time.perf_counter() - start


def measure(count: int = 150, repeat: int = 3, edition_file: Path | None = None, changes: int = 9) -> list[dict]:
    """Given a batch size and repeat count, return one dict of figures per repeat (edition padded to `changes`)."""
    path = edition_file or default_edition_file()
    edition = full_size(json.loads(path.read_text(encoding="utf-8")), changes)
    systems = _systems(count)
    docxtpl_template = personalise(build_assessment_template(edition, protected=False), "{{ system_name }}")
    results = []
    for attempt in range(1, repeat + 1):
        hicm_seconds = run_hicm(edition, systems)
        tpl_seconds = run_docxtpl(docxtpl_template, systems)
        results.append({
            "repeat": attempt, "edition": edition["edition"]["id"], "edition_file": str(path.relative_to(ROOT)),
            "changes": len(edition["changes"]), "documents": count, "hicm_seconds": round(hicm_seconds, 3),
            "hicm_docs_per_second": round(count / hicm_seconds, 1),
            "docxtpl_seconds": round(tpl_seconds, 3), "docxtpl_docs_per_second": round(count / tpl_seconds, 1),
            "ratio": round(tpl_seconds / hicm_seconds, 2),
        })
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--edition-file", type=Path)
    parser.add_argument("--changes", type=int, default=9, help="pad the edition to this many changes (default 9)")
    args = parser.parse_args()
    for row in measure(args.count, args.repeat, args.edition_file, args.changes):
        print(f"run {row['repeat']}: edition {row['edition']} ({row['changes']} changes): {row['documents']} assessments: "
              f"hicm {row['hicm_docs_per_second']} docs/s ({row['hicm_seconds']} s), "
              f"docxtpl {row['docxtpl_docs_per_second']} docs/s ({row['docxtpl_seconds']} s), "
              f"hicm is {row['ratio']}x docxtpl")


if __name__ == "__main__":
    main()
