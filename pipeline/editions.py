"""Find an edition record for a command: a canonical JSON file, a built edition, or one built on demand."""
from __future__ import annotations

import json
from pathlib import Path

import schema
from normalize.merge import merge_edition
from pipeline.errors import HicmError, InputError
from pipeline.ingest import ingest_file
from pipeline.manifest import load_manifest
from pipeline.untrusted import read_input

#: Where `hicm build` writes editions by default (relative to the current directory).
BUILD_DIR = Path("build") / "editions"


def load_edition(edition_id_or_path: str, build_dir: Path = BUILD_DIR) -> dict:
    """Given an edition id or a path to canonical JSON, return the validated edition document.

    A path (anything ending in .json, or an existing file) is read and validated; an id is read
    from build/editions/<id>.json when that exists, else built in memory from source_docs/.
    """
    candidate = Path(edition_id_or_path)
    if edition_id_or_path.endswith(".json") or candidate.is_file():
        return read_edition_file(candidate)
    built = build_dir / f"{edition_id_or_path}.json"
    if built.is_file():
        return read_edition_file(built)
    return build_edition(edition_id_or_path)


def read_edition_file(path: Path) -> dict:
    """Given a path to canonical JSON, return the document, or raise InputError (unreadable, invalid)."""
    data = read_input(path)
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"is not JSON: {str(exc).splitlines()[0][:200]}", str(path)) from None
    problems = schema.schema_errors(document)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(f"is not a valid hicm record: {problems[0]}{more}", str(path))
    return document


def build_edition(edition_id: str) -> dict:
    """Given an edition id from source_docs/editions.toml, ingest its manifestations and return the merged edition."""
    manifest = load_manifest()
    edition = manifest.edition(edition_id)
    try:
        documents = [ingest_file(manifest.root / m.path, edition.id, manifest).document
                     for m in edition.manifestations]
    except ModuleNotFoundError as exc:  # a reader not installed in this checkout
        raise HicmError(f"cannot build edition {edition_id}: reader {exc.name} is not available; "
                        f"build it elsewhere and pass the JSON file") from None
    return merge_edition(edition.as_record(), documents)
