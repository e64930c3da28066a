"""Find one edition record: from build/editions/<ID>.json when built, else built now from source_docs/.

Writers ask for an edition by id and never care how it was made. Building on demand reads the
edition's manifestations with whatever readers exist: a manifestation whose reader is missing
or fails is skipped, as long as one manifestation of the edition can be read.
"""
from __future__ import annotations

import json
from pathlib import Path

import schema
from pipeline.errors import HicmError, InputError
from pipeline.untrusted import read_input

BUILD_DIR = Path("build")


def load_edition_file(path: str | Path) -> dict:
    """Given a path to an edition JSON file, return the validated record (InputError when it is not one)."""
    try:
        record = json.loads(read_input(path))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not JSON: {exc}", str(path)) from None
    try:
        schema.validate(record)
    except schema.SchemaViolation as exc:
        raise InputError(f"not a valid hicm record: {exc}", str(path)) from None
    if record.get("kind") != "edition":
        raise InputError("is a manifestation record, not an edition (run `hicm build`)", str(path))
    return record


def build_edition(edition_id: str, root: Path | None = None) -> dict:
    """Given an edition id, ingest its manifestations and return the merged edition record."""
    from normalize.merge import merge_edition
    from pipeline.ingest import ingest_file
    from pipeline.manifest import load_manifest

    manifest = load_manifest(root)
    edition = manifest.edition(edition_id)
    documents, problems = [], []
    for manifestation in edition.manifestations:
        try:
            documents.append(ingest_file(manifest.root / manifestation.path, edition.id, manifest).document)
        except HicmError as exc:
            problems.append(f"{manifestation.path}: {exc.problem}")
        except ModuleNotFoundError:   # that format's reader has not been written yet
            problems.append(f"{manifestation.path}: no {manifestation.format} reader")
    if not documents:
        raise InputError(f"no manifestation of edition {edition_id} could be read ({'; '.join(problems)}); "
                         "run `hicm build` or give --edition-file")
    return merge_edition(edition.as_record(), documents)


def load_edition(edition_id: str, build_dir: Path | None = None) -> dict:
    """Given an edition id, return its record from BUILD/editions/<id>.json if present, else build it now."""
    path = (build_dir or BUILD_DIR) / "editions" / f"{edition_id}.json"
    if path.is_file():
        return load_edition_file(path)
    return build_edition(edition_id)
