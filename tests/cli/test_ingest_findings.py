"""`hicm ingest` prints its findings like a compiler on standard error, and reads a release the manifest does not list yet."""
from __future__ import annotations

import json

from tests.support.paths import SOURCE_DOCS


def test_findings_go_to_standard_error_and_the_json_stays_clean(run_hicm):
    result = run_hicm("ingest", SOURCE_DOCS / "2020" / "hicm-2020-draft.txt")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    warnings = [f for f in document["findings"] if f["severity"] == "warning"]
    lines = result.stderr.splitlines()
    assert [line for line in lines if ": warning " in line] and len([l for l in lines if ": warning " in l]) == len(warnings)
    assert "source_docs/2020/hicm-2020-draft.txt:195: warning summary-differs: " in result.stderr
    assert lines[-1].startswith("source_docs/2020/hicm-2020-draft.txt: 0 errors, 2 warnings")
    quiet = run_hicm("ingest", SOURCE_DOCS / "2020" / "hicm-2020-draft.txt", "--quiet")
    assert quiet.stderr == "" and quiet.stdout == result.stdout


def test_a_new_edition_not_in_the_manifest_is_read_with_a_finding(run_hicm, tmp_path):
    new = tmp_path / "hicm-2023.txt"
    new.write_bytes((SOURCE_DOCS / "2020" / "hicm-2020-draft.txt").read_bytes().replace(b"Draft updated", b"Updated"))
    result = run_hicm("ingest", new, "--edition", "2023", "-o", tmp_path / "2023.json")
    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "2023.json").read_text(encoding="utf-8"))
    assert document["edition"]["id"] == "2023" and document["edition"]["status"] == "unknown"
    [note] = [f for f in document["findings"] if f["code"] == "edition-not-in-manifest"]
    assert note["severity"] == "warning" and "hicm manifest add 2023" in note["suggestion"]
    assert "warning edition-not-in-manifest: Edition 2023 is not in source_docs/editions.toml" in result.stderr
    # Its changes are keyed by the titles the lineage gives them in earlier editions, each with an info finding.
    assert [c["key"] for c in document["changes"]][:2] == ["early-discharge-planning", "monitoring-demand-and-capacity"]
    assert sum(f["code"] == "keyed-by-title" for f in document["findings"]) == len(document["changes"])
