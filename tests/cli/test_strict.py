"""`hicm build --strict`: exit 1 when any finding has severity "error", for CI.

The error used is `manifest-digest-mismatch`: a file under source_docs/ whose sha256 is not the
one editions.toml lists (the file changed, or the entry was typed wrong) — a real maintainer
error. The made-up source_docs holds only the 2015 text rendering, so each build takes a second.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.support.paths import SOURCE_DOCS
from tests.support.source_docs import Edition, write_source_docs


def _source_docs(root: Path, sha256: str | None = None) -> Path:
    """Given a folder, make a one-file source_docs in it (the manifest's digest given, or the true one)."""
    path = "2015/hicm-2015.txt"
    return write_source_docs(root, [Edition(
        "2015", {path: (SOURCE_DOCS / path).read_bytes()},
        title="High impact change model: managing transfers of care between hospital and home",
        published="2017-04", digests={path: sha256} if sha256 else {})])


def test_strict_fails_on_a_digest_mismatch(run_hicm, tmp_path):
    wrong = "0" * 64
    docs = _source_docs(tmp_path / "source_docs", sha256=wrong)
    result = run_hicm("build", "--strict", "--source-docs", docs, "--out", tmp_path / "build", "--json")
    assert result.returncode == 1, result.stderr
    assert "--strict: 1 finding(s) of severity error" in result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["findings"]["2015"]["error"] == 1
    # --strict still writes the outputs, so the maintainer can read the finding.
    edition = json.loads((tmp_path / "build" / "editions" / "2015.json").read_text(encoding="utf-8"))
    errors = [f for f in edition["findings"] if f["severity"] == "error"]
    assert [f["code"] for f in errors] == ["manifest-digest-mismatch"]
    assert errors[0]["where"] == [{"path": "2015/hicm-2015.txt"}]
    true = hashlib.sha256((docs / "2015" / "hicm-2015.txt").read_bytes()).hexdigest()
    assert wrong in errors[0]["message"] and true in errors[0]["message"]


def test_without_strict_the_same_build_exits_0(run_hicm, tmp_path):
    docs = _source_docs(tmp_path / "source_docs", sha256="f" * 64)
    result = run_hicm("build", "--source-docs", docs, "--out", tmp_path / "build")
    assert result.returncode == 0, result.stderr
    assert "edition 2015: findings:" in result.stdout and "1 error" in result.stdout


def test_strict_passes_when_the_manifest_is_right(run_hicm, tmp_path):
    docs = _source_docs(tmp_path / "source_docs")
    result = run_hicm("build", "--strict", "--source-docs", docs, "--out", tmp_path / "build", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert "error" not in summary["findings"]["2015"]
    edition = json.loads((tmp_path / "build" / "editions" / "2015.json").read_text(encoding="utf-8"))
    assert len(edition["changes"]) == 8 and edition["changes"][0]["title"] == "Early discharge planning"


def test_the_bundled_source_docs_have_no_digest_mismatch(run_hicm, tmp_path):
    """The shipped manifest is right: the real build is clean under --strict (all editions, every reader)."""
    result = run_hicm("build", "--strict", "--out", tmp_path / "build", "--json", timeout=300)
    assert result.returncode == 0, result.stderr
    assert set(json.loads(result.stdout)["findings"]) == {"2015", "2019", "2020"}
