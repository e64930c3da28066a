"""Build every edition in the manifest into DIR/editions/<id>.json (and catalogues into DIR/catalogues/)."""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from extract import READERS
from normalize.lineage import Lineage
from normalize.lint import new_findings
from normalize.merge import merge_edition
from pipeline.atomic import dump_json, write_all
from pipeline.errors import HicmError
from pipeline.ingest import ingest_file
from pipeline.manifest import Edition, Manifest, Manifestation
from schema.model import finding


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    findings: dict[str, list[dict]] = field(default_factory=dict)   # edition id -> findings


def reader_available(fmt: str) -> bool:
    """Given a format, return True if its reader module exists in this installation."""
    return importlib.util.find_spec(READERS[fmt]) is not None


def digest_findings(manifestation: Manifestation, document: dict) -> list[dict]:
    """Given a manifest entry and the document read from its file, return a finding if the file's sha256 differs.

    A file that changed without its manifest entry (or an entry typed wrong) means the build is
    not of the release the manifest names: an error, so `hicm build --strict` fails in CI.
    """
    actual = document["sources"][0]["sha256"]
    if actual == manifestation.sha256:
        return []
    return [finding("manifest-digest-mismatch", "error",
                    f"{manifestation.path} has sha256 {actual}, but editions.toml lists {manifestation.sha256}: "
                    "the file is not the one the manifest names.", {"path": manifestation.path},
                    suggestion="If the new file is the intended release, put its sha256 (sha256sum) in "
                               "editions.toml; otherwise restore the published file.")]


def build_edition(manifest: Manifest, edition: Edition, lineage: Lineage | None = None,
                  progress: Callable[[str], None] = lambda label: None) -> dict:
    """Given an edition of the manifest, return its merged record, source-QA findings included.

    A manifestation whose reader is not installed yet is skipped with a `reader-unavailable`
    finding (a bridge while readers are being written); the others are merged.
    """
    documents, skipped = [], []
    for manifestation in edition.manifestations:
        progress(manifestation.path)
        if not reader_available(manifestation.format):
            skipped.append(finding("reader-unavailable", "warning",
                                   f"No {manifestation.format} reader is installed; {manifestation.path} was left out "
                                   f"of the edition.", {"path": manifestation.path},
                                   suggestion=f"Install the {manifestation.format} reader ({READERS[manifestation.format]})."))
            continue
        document = ingest_file(manifest.root / manifestation.path, edition.id, manifest, lineage).document
        document["findings"].extend(digest_findings(manifestation, document))
        documents.append(document)
    if not documents:
        raise HicmError(f"edition {edition.id}: none of its files has a reader installed")
    merged = merge_edition(edition.as_record(), documents, skipped)
    # Source QA findings go into the edition so auditors see them next to the rest (hicm lint lists them alone).
    merged["findings"] += new_findings(merged)
    return merged


def build(manifest: Manifest, out_dir: Path, editions: list[str] | None = None,
          progress: Callable[[str], None] = lambda label: None, lineage: Lineage | None = None) -> BuildResult:
    """Ingest and merge every edition (or those named), write them, and return what was written.

    All outputs are produced in memory first and written only when every edition succeeded, so
    a failure leaves the previous build untouched.
    """
    outputs: dict[Path, bytes] = {}
    result = BuildResult()
    for edition in manifest.editions:
        if editions and edition.id not in editions:
            continue
        merged = build_edition(manifest, edition, lineage, progress)
        outputs[out_dir / "editions" / f"{edition.id}.json"] = dump_json(merged)
        result.findings[edition.id] = merged["findings"]
    if not editions:
        for catalogue in manifest.catalogues:
            for manifestation in catalogue.manifestations:
                if manifestation.format != "html" or not reader_available("html"):
                    continue  # the catalogue is read from its page; its text rendering adds nothing
                progress(manifestation.path)
                doc = ingest_file(manifest.root / manifestation.path, None, manifest).document
                outputs[out_dir / "catalogues" / f"{catalogue.id}.json"] = dump_json(doc)
    result.written.extend(write_all(outputs))
    return result
