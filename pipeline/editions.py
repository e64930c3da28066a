"""Find one edition record: a canonical JSON file, build/editions/<id>.json when built, or built now.

Commands (publish, diff, lint…) ask for an edition by id or file and never care how it was
made. Building on demand is `hicm build`'s own per-edition step (pipeline.build.build_edition).
"""
from __future__ import annotations

from pathlib import Path

import schema
from pipeline.core.errors import InputError
from pipeline.core.untrusted import read_json_input

#: Where `hicm build` writes by default (relative to the current directory).
BUILD_DIR = Path("build")


def looks_like_file(argument: str) -> bool:
    """Given a command-line argument, return whether it names a JSON file rather than an edition id."""
    return argument.endswith(".json") or "/" in argument or Path(argument).is_file()


def load_edition_file(path: str | Path) -> dict:
    """Given a path to canonical JSON (an edition, or a manifestation), return the validated record."""
    record = read_json_input(path)
    try:
        schema.validate(record)
    except schema.SchemaViolation as exc:
        raise InputError(f"not a valid hicm record: {exc}", str(path)) from None
    except RecursionError:
        raise InputError("not a valid hicm record: nested too deeply to check", str(path)) from None
    return record


def build_edition(edition_id: str, root: Path | None = None, lineage=None) -> dict:
    """Given an edition id from source_docs/editions.toml (and optionally a lineage), build and return its merged record."""
    from pipeline.build import build_edition as build_one  # noqa: PLC0415 (only when building)
    from pipeline.manifest import load_manifest  # noqa: PLC0415

    manifest = load_manifest(root)
    return build_one(manifest, manifest.edition(edition_id), lineage)


def load_edition(edition_id: str, build_dir: Path | None = None) -> dict:
    """Given an edition id (or a JSON file), return its record: the file, BUILD/editions/<id>.json, or a new build."""
    if looks_like_file(edition_id):
        return load_edition_file(edition_id)
    path = (build_dir or BUILD_DIR) / "editions" / f"{edition_id}.json"
    if path.is_file():
        return load_edition_file(path)
    return build_edition(edition_id)
