"""Build every edition in the manifest into DIR/editions/<id>.json (and catalogues into DIR/catalogues/)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from normalize.merge import merge_edition
from pipeline.atomic import dump_json, write_bytes
from pipeline.ingest import ingest_file
from pipeline.manifest import Manifest


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    findings: dict[str, list[dict]] = field(default_factory=dict)   # edition id -> findings


def build(manifest: Manifest, out_dir: Path, editions: list[str] | None = None,
          progress: Callable[[str], None] = lambda label: None) -> BuildResult:
    """Ingest and merge every edition (or those named), write them, and return what was written.

    All outputs are produced in memory first and written only when every edition succeeded, so
    a failure leaves the previous build untouched.
    """
    outputs: dict[Path, bytes] = {}
    result = BuildResult()
    for edition in manifest.editions:
        if editions and edition.id not in editions:
            continue
        documents = []
        for manifestation in edition.manifestations:
            progress(manifestation.path)
            documents.append(ingest_file(manifest.root / manifestation.path, edition.id, manifest).document)
        merged = merge_edition(edition.as_record(), documents)
        outputs[out_dir / "editions" / f"{edition.id}.json"] = dump_json(merged)
        result.findings[edition.id] = merged["findings"]
    if not editions:
        for catalogue in manifest.catalogues:
            for manifestation in catalogue.manifestations:
                if manifestation.format != "html":
                    continue  # the catalogue is read from its page; its text rendering adds nothing
                progress(manifestation.path)
                doc = ingest_file(manifest.root / manifestation.path, None, manifest).document
                outputs[out_dir / "catalogues" / f"{catalogue.id}.json"] = dump_json(doc)
    for path, data in outputs.items():
        write_bytes(path, data)
        result.written.append(path)
    return result
