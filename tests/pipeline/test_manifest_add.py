"""`hicm manifest add`: a new release's files into editions.toml, formats and digests read from the files."""
from __future__ import annotations

import hashlib
import shutil
import tomllib

from pipeline.manifest import load_manifest
from tests.support.paths import SOURCE_DOCS


def _copy(tmp_path):
    docs = tmp_path / "source_docs"
    shutil.copytree(SOURCE_DOCS, docs)
    (docs / "2024").mkdir()
    (docs / "2024" / "new.txt").write_bytes((SOURCE_DOCS / "2020" / "hicm-2020-draft.txt").read_bytes())
    (docs / "2024" / "new.html").write_bytes((SOURCE_DOCS / "2020" / "managing-transfers-of-care.html").read_bytes())
    return docs


def test_an_edition_is_added_after_the_last_with_every_comment_kept(run_hicm, tmp_path):
    docs = _copy(tmp_path)
    before = (docs / "editions.toml").read_text(encoding="utf-8")
    result = run_hicm("manifest", "add", "2024", docs / "2024" / "new.txt", docs / "2024" / "new.html",
                      "--title", 'HICM "2024"', "--published", "2024-09", "--status", "draft", "--source-docs", docs)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("added edition 2024 (2 files) to ")
    after = (docs / "editions.toml").read_text(encoding="utf-8")
    assert [line for line in after.splitlines() if line.startswith("#")] == \
        [line for line in before.splitlines() if line.startswith("#")]
    manifest = load_manifest(docs)
    assert [e.id for e in manifest.editions][-1] == "2024" and len(manifest.catalogues) == 1
    edition = manifest.edition("2024")
    assert (edition.title, edition.published, edition.status) == ('HICM "2024"', "2024-09", "draft")
    assert [(m.path, m.format) for m in edition.manifestations] == [("2024/new.txt", "text"), ("2024/new.html", "html")]
    assert edition.manifestations[0].sha256 == hashlib.sha256((docs / "2024" / "new.txt").read_bytes()).hexdigest()
    assert after.index('id = "2024"') < after.index("[[catalogue]]")
    tomllib.loads(after)


def test_a_known_edition_or_a_file_outside_source_docs_is_refused_and_nothing_changes(run_hicm, tmp_path):
    docs = _copy(tmp_path)
    before = (docs / "editions.toml").read_bytes()
    again = run_hicm("manifest", "add", "2020", docs / "2024" / "new.txt", "--title", "x", "--source-docs", docs)
    assert again.returncode == 2 and "edition '2020' is already in the manifest" in again.stderr
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("x")
    refused = run_hicm("manifest", "add", "2024", outside, "--title", "x", "--source-docs", docs)
    assert refused.returncode == 2 and "is not under" in refused.stderr and refused.stderr.count("\n") == 1
    assert (docs / "editions.toml").read_bytes() == before
