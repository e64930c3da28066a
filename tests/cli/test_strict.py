"""`hicm build` fails on error findings (and on warnings with --strict), and prints every finding as a compiler does.

The error used is `manifest-digest-mismatch`: a file under source_docs/ whose sha256 is not the
one editions.toml lists (the file changed, or the entry was typed wrong) — a real maintainer
error. The made-up source_docs holds only the 2015 text rendering, so each build takes a second.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.support.editions import EDITION_IDS
from tests.support.paths import SOURCE_DOCS
from tests.support.source_docs import Edition, write_source_docs


def _source_docs(root: Path, sha256: str | None = None) -> Path:
    """Given a folder, make a one-file source_docs in it (the manifest's digest given, or the true one)."""
    path = "2015/hicm-2015.txt"
    return write_source_docs(root, [Edition(
        "2015", {path: (SOURCE_DOCS / path).read_bytes()},
        title="High impact change model: managing transfers of care between hospital and home",
        published="2017-04", digests={path: sha256} if sha256 else {})])


def test_an_error_finding_fails_the_build_and_the_records_are_still_written(run_hicm, tmp_path):
    wrong = "0" * 64
    docs = _source_docs(tmp_path / "source_docs", sha256=wrong)
    result = run_hicm("build", "--source-docs", docs, "--out", tmp_path / "build", "--json")
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("hicm: error: build failed: 1 error in edition 2015")
    assert "Traceback" not in result.stderr
    summary = json.loads(result.stdout)
    assert summary["counts"]["2015"]["error"] == 1
    [shown] = [f for f in summary["findings"]["2015"] if f["severity"] == "error"]   # the findings themselves
    assert shown["code"] == "manifest-digest-mismatch"
    # The records are still written, so the maintainer (and the next command) can read them.
    edition = json.loads((tmp_path / "build" / "editions" / "2015.json").read_text(encoding="utf-8"))
    errors = [f for f in edition["findings"] if f["severity"] == "error"]
    assert errors == [shown] and errors[0]["where"] == [{"path": "2015/hicm-2015.txt"}]
    true = hashlib.sha256((docs / "2015" / "hicm-2015.txt").read_bytes()).hexdigest()
    assert wrong in errors[0]["message"] and true in errors[0]["message"]


def test_findings_are_printed_one_a_line_like_a_compiler_grouped_by_edition(run_hicm, tmp_path):
    docs = _source_docs(tmp_path / "source_docs", sha256="f" * 64)
    result = run_hicm("build", "--source-docs", docs, "--out", "build", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["wrote build/editions/2015.json"]
    lines = result.stderr.splitlines()
    assert "source_docs/2015/hicm-2015.txt: error manifest-digest-mismatch: 2015/hicm-2015.txt has sha256" in \
        "\n".join(lines)
    assert "source_docs/2015/hicm-2015.txt:120: warning summary-differs: Change 1's summary on the overview differs " \
        "from the one in its own section." in lines
    edition = json.loads((tmp_path / "build" / "editions" / "2015.json").read_text(encoding="utf-8"))
    warnings = [f for f in edition["findings"] if f["severity"] == "warning"]
    infos = [f for f in edition["findings"] if f["severity"] == "info"]
    assert sum(": warning " in line for line in lines) == len(warnings) and warnings
    assert not any(": info " in line for line in lines)      # info only with --verbose
    assert f"edition 2015: 1 error, {len(warnings)} warnings, {len(infos)} info (not shown; --verbose shows them)" in lines
    verbose = run_hicm("build", "--source-docs", docs, "--out", "build", "--verbose", cwd=tmp_path)
    assert sum(": info " in line for line in verbose.stderr.splitlines()) == len(infos)


def test_quiet_prints_only_what_fails(run_hicm, tmp_path):
    docs = _source_docs(tmp_path / "source_docs", sha256="f" * 64)
    result = run_hicm("build", "--source-docs", docs, "--out", tmp_path / "build", "--quiet", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and ": error manifest-digest-mismatch: " in lines[0] and lines[1].startswith("hicm: error:")
    clean = _source_docs(tmp_path / "clean")
    quiet = run_hicm("build", "--source-docs", clean, "--out", tmp_path / "b2", "--quiet", cwd=tmp_path)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_strict_fails_on_warnings_too(run_hicm, tmp_path):
    docs = _source_docs(tmp_path / "source_docs")
    plain = run_hicm("build", "--source-docs", docs, "--out", tmp_path / "build", "--json")
    assert plain.returncode == 0, plain.stderr
    summary = json.loads(plain.stdout)
    assert summary["counts"]["2015"]["error"] == 0 and summary["counts"]["2015"]["warning"] > 0
    strict = run_hicm("build", "--strict", "--source-docs", docs, "--out", tmp_path / "build", "--json")
    assert strict.returncode == 1
    assert f"build failed: {summary['counts']['2015']['warning']} warnings in edition 2015 (--strict" in strict.stderr
    edition = json.loads((tmp_path / "build" / "editions" / "2015.json").read_text(encoding="utf-8"))
    assert len(edition["changes"]) == 8 and edition["changes"][0]["title"] == "Early discharge planning"


def test_an_unknown_edition_is_an_error_not_an_empty_build(run_hicm, tmp_path):
    result = run_hicm("build", "--edition", "2012", "--out", tmp_path / "build")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "unknown edition '2012' (known: " in result.stderr
    assert "editions.toml" in result.stderr and not (tmp_path / "build").exists()


def test_the_bundled_source_docs_have_no_error_finding(run_hicm, tmp_path):
    """The shipped manifest is right: the real build has no error (all editions, every reader)."""
    result = run_hicm("build", "--out", tmp_path / "build", "--json", timeout=300)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert set(summary["findings"]) == set(EDITION_IDS)
    assert all(counts["error"] == 0 for counts in summary["counts"].values())
