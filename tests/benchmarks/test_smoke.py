"""`python -m benchmarks --size tiny` still runs and writes every section (a smoke run: no timing is asserted)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.support.paths import ROOT

SECTIONS = {"ingest", "pdf", "build", "publish", "collect", "scaling"}


def test_tiny_benchmark_run_writes_every_section(tmp_path):
    results_path = tmp_path / "results.json"
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--size", "tiny", "--results", str(results_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=900,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-3000:]
    results = json.loads(results_path.read_text(encoding="utf-8"))
    assert results["size"] == "tiny" and results["machine"]["cores"] >= 1
    assert set(results["sections"]) == SECTIONS
    for name, section in results["sections"].items():
        assert "target" in section["summary"], name
    # Each section measured what it names, on the bundled documents.
    ingest = {row["file"]: row for row in results["sections"]["ingest"]["rows"]}
    assert ingest["2015/hicm-2015.pdf"]["pages"] == 13 and ingest["2015/hicm-2015.pdf"]["ratio"] > 0
    assert {"2015/hicm-2015.txt", "2020/hicm-2020-draft.pdf"} <= set(ingest)
    assert results["sections"]["build"]["rows"][0]["seconds_median"] > 0
    assert all(row["documents"] == 3 for row in results["sections"]["publish"]["rows"])
    scaled = [row for row in results["sections"]["scaling"]["rows"] if row["kind"] == "publish"]
    assert [row["units"] for row in scaled] == [1, 2] and all(row["max_rss_mb"] > 0 for row in scaled)
    # The printed table names each section and its target.
    for name in SECTIONS:
        assert f"== {name}" in result.stdout
    assert "PDF reader <= 2x PDFium's raw read, each PDF" in result.stdout
    pdf = {row["file"]: row for row in results["sections"]["pdf"]["rows"]}
    assert pdf["benchmarks/data/browser-print.pdf"]["pages"] == 31 and pdf["benchmarks/data/browser-print.pdf"]["ratio"] > 0
    # The default results file was not touched by the smoke run.
    assert not (ROOT / "benchmarks" / "results.json").exists() or \
        json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8"))["size"] != "tiny"
