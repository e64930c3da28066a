"""Read a rendered variant back through the real pipeline (`pipeline.ingest.ingest_file`)."""
from __future__ import annotations

from pathlib import Path

from pipeline.ingest import ingest_file
from pipeline.manifest import load_manifest


def read_back(path: str | Path, edition: str) -> dict:
    """Given a rendered file and the edition it was rendered from, return the record the pipeline reads from it.

    A bundled edition is named with `--edition` (as a maintainer ingesting a re-typeset copy
    would), so its changes are keyed by the lineage file; the made-up edition is not in the
    manifest, so it is read as an unidentified release (provisional keys, as a new release gets).
    """
    manifest = load_manifest()
    known = {e.id for e in manifest.editions}
    return ingest_file(path, edition_id=edition if edition in known else None, manifest=manifest).document
