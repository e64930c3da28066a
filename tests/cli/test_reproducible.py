"""Same sources, same bytes: `hicm build` (and publishing from its output) is reproducible.

The project's source_docs are copied into two different temporary folders; `hicm build` runs
with each as its working directory (so source_docs/ is found there), once more in the first,
and each run under a different PYTHONHASHSEED (so set or dict ordering cannot leak into the
output). Every output file must be byte-identical across the three runs. The published
assessment and action plan made from each build must be byte-identical too.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import ROOT, SOURCE_DOCS


def _outputs(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def three_builds(tmp_path_factory) -> list[tuple[Path, str, dict]]:
    """Build the bundled source_docs in two folders (twice in the first); return the three working folders."""
    places = [tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second-place")]
    for place in places:
        shutil.copytree(SOURCE_DOCS, place / "source_docs")
    runs = [(places[0], "build", "1"), (places[1], "build", "2"), (places[0], "build-again", "3")]
    work = []
    for place, out, seed in runs:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-m", "pipeline", "build", "--out", out], cwd=place, env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        work.append((place, out, env))
    return work


def test_build_is_byte_identical_across_runs_and_folders(three_builds):
    outputs = [_outputs(place / out) for place, out, _ in three_builds]
    assert {"editions/2015.json", "editions/2019.json", "editions/2020.json"} <= set(outputs[0])
    assert outputs[0] == outputs[1] == outputs[2]
    # Real content, not three empty files: the 2019 edition has its nine changes, Housing last.
    assert b'"title": "Housing and related services"' in outputs[0]["editions/2019.json"]
    # No absolute path of either folder leaks into the outputs.
    for place, _, _ in three_builds:
        assert all(str(place).encode() not in data for data in outputs[0].values())


@pytest.mark.parametrize("kind", ["assessment", "action-plan"])
def test_published_documents_are_byte_identical(three_builds, kind, tmp_path):
    documents = []
    for index, (place, out, env) in enumerate(three_builds[:2]):
        target = tmp_path / f"{index}.docx"
        result = subprocess.run([sys.executable, "-m", "pipeline", "publish", kind, "--edition-file",
                                 str(place / out / "editions" / "2020.json"), "--system", "Anytown", "-o", str(target)],
                                cwd=place, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        documents.append(target.read_bytes())
    assert documents[0] == documents[1]
    assert documents[0].startswith(b"PK\x03\x04") and len(documents[0]) > 10_000
