"""Find one edition record: a canonical JSON file, build/editions/<id>.json when built, or built now.

Commands ask for an edition by id (or file) and never care how it was made.
"""
from __future__ import annotations

import json
from pathlib import Path

import schema
from pipeline.errors import HicmError, InputError
from pipeline.untrusted import read_input

#: Where `hicm build` writes by default (relative to the current directory).
BUILD_DIR = Path("build")


def looks_like_file(argument: str) -> bool:
    """Given a command-line argument, return whether it names a JSON file rather than an edition id."""
    return argument.endswith(".json") or "/" in argument or Path(argument).is_file()


def load_edition_file(path: str | Path) -> dict:
    """Given a path to canonical JSON (an edition, or a manifestation), return the validated record."""
    data = read_input(path)
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"is not JSON: {str(exc).splitlines()[0][:200]}", str(path)) from None
    problems = schema.schema_errors(record)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(f"is not a valid hicm record: {problems[0]}{more}", str(path))
    return record


def build_edition(edition_id: str, root: Path | None = None) -> dict:
    """Given an edition id from source_docs/editions.toml, ingest its manifestations and return the merged edition."""
    from normalize.merge import merge_edition   # noqa: PLC0415 (only when building)
    from pipeline.ingest import ingest_file     # noqa: PLC0415
    from pipeline.manifest import load_manifest  # noqa: PLC0415

    manifest = load_manifest(root)
    edition = manifest.edition(edition_id)
    try:
        documents = [ingest_file(manifest.root / m.path, edition.id, manifest).document
                     for m in edition.manifestations]
    except ModuleNotFoundError as exc:  # a reader not installed in this checkout
        raise HicmError(f"cannot build edition {edition_id}: reader {exc.name} is not available; "
                        f"build it elsewhere and pass the JSON file") from None
    return merge_edition(edition.as_record(), documents)


def load_edition(edition_id: str, build_dir: Path | None = None) -> dict:
    """Given an edition id (or a JSON file), return its record: the file, BUILD/editions/<id>.json, or a new build."""
    if looks_like_file(edition_id):
        return load_edition_file(edition_id)
    path = (build_dir or BUILD_DIR) / "editions" / f"{edition_id}.json"
    if path.is_file():
        return load_edition_file(path)
    return build_edition(edition_id)
