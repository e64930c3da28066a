"""`hicm manifest add`: a new release's files into editions.toml, formats and digests read from the files."""
from __future__ import annotations

import hashlib
import shutil
import tomllib

from pipeline.manifest import load_manifest
from tests.support.paths import SOURCE_DOCS

#: An edition id no real release will have, so the tests hold whatever the manifest lists.
NEW = "2099"


def _copy(tmp_path):
    docs = tmp_path / "source_docs"
    shutil.copytree(SOURCE_DOCS, docs)
    (docs / NEW).mkdir()
    (docs / NEW / "new.txt").write_bytes((SOURCE_DOCS / "2020" / "hicm-2020-draft.txt").read_bytes())
    (docs / NEW / "new.html").write_bytes((SOURCE_DOCS / "2020" / "managing-transfers-of-care.html").read_bytes())
    return docs


def test_an_edition_is_added_after_the_last_with_every_comment_kept(run_hicm, tmp_path):
    docs = _copy(tmp_path)
    before = (docs / "editions.toml").read_text(encoding="utf-8")
    result = run_hicm("manifest", "add", NEW, docs / NEW / "new.txt", docs / NEW / "new.html",
                      "--title", 'HICM "2099"', "--published", "2099-09", "--status", "draft", "--source-docs", docs)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"added edition {NEW} (2 files) to ")
    after = (docs / "editions.toml").read_text(encoding="utf-8")
    assert [line for line in after.splitlines() if line.startswith("#")] == \
        [line for line in before.splitlines() if line.startswith("#")]
    manifest = load_manifest(docs)
    assert [e.id for e in manifest.editions][-1] == NEW and len(manifest.catalogues) == 1
    edition = manifest.edition(NEW)
    assert (edition.title, edition.published, edition.status) == ('HICM "2099"', "2099-09", "draft")
    assert [(m.path, m.format) for m in edition.manifestations] == [(f"{NEW}/new.txt", "text"), (f"{NEW}/new.html", "html")]
    assert edition.manifestations[0].sha256 == hashlib.sha256((docs / NEW / "new.txt").read_bytes()).hexdigest()
    assert after.index(f'id = "{NEW}"') < after.index("[[catalogue]]")
    tomllib.loads(after)


def test_a_known_edition_or_a_file_outside_source_docs_is_refused_and_nothing_changes(run_hicm, tmp_path):
    docs = _copy(tmp_path)
    before = (docs / "editions.toml").read_bytes()
    again = run_hicm("manifest", "add", "2020", docs / NEW / "new.txt", "--title", "x", "--source-docs", docs)
    assert again.returncode == 2 and "edition '2020' is already in the manifest" in again.stderr
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("x")
    refused = run_hicm("manifest", "add", NEW, outside, "--title", "x", "--source-docs", docs)
    assert refused.returncode == 2 and "is not under" in refused.stderr and refused.stderr.count("\n") == 1
    assert (docs / "editions.toml").read_bytes() == before
