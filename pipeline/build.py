"""Build every edition in the manifest into DIR/editions/<id>.json (and catalogues into DIR/catalogues/)."""
from __future__ import annotations

import os
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from normalize.lineage import Lineage
from normalize.lint import new_findings
from normalize.merge import merge_edition
from pipeline.core.atomic import dump_json, write_all
from pipeline.core.workers import worker_pool
from pipeline.ingest import ingest_file
from pipeline.manifest import Edition, Manifest, Manifestation
from schema.model import finding


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    findings: dict[str, list[dict]] = field(default_factory=dict)   # edition id -> findings


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


def read_manifestation(manifest: Manifest, edition_id: str | None, manifestation: Manifestation,
                       lineage: Lineage | None = None) -> dict:
    """Given a manifest entry, return the validated document read from its file, with a digest check."""
    document = ingest_file(manifest.root / manifestation.path, edition_id, manifest, lineage).document
    document["findings"].extend(digest_findings(manifestation, document))
    return document


def read_all(manifest: Manifest, wanted: list[tuple[str | None, Manifestation]], lineage: Lineage | None,
             jobs: int, progress: Callable[[str], None]) -> dict[str, dict]:
    """Given (edition id, manifestation) pairs, return their documents by path, read in up to `jobs` processes.

    Each file is read in its own process (the PDFs are the largest), so on two cores the build
    takes about as long as its largest file. Results are keyed by path and merged in
    manifest order, so the outputs do not depend on which process finished first.
    """
    if jobs <= 1 or len(wanted) <= 1:
        documents = {}
        for edition_id, manifestation in wanted:
            progress(manifestation.path)
            documents[manifestation.path] = read_manifestation(manifest, edition_id, manifestation, lineage)
        return documents
    # Largest files first, so the long PDFs do not start last.
    order = sorted(wanted, key=lambda pair: -(manifest.root / pair[1].path).stat().st_size)
    documents = {}
    with worker_pool(min(jobs, len(wanted))) as pool:
        futures = {pool.submit(read_manifestation, manifest, edition_id, manifestation, lineage): manifestation.path
                   for edition_id, manifestation in order}
        for future in as_completed(futures):
            documents[futures[future]] = future.result()
            progress(futures[future])
    return documents


#: Reading in worker processes pays only when there is much to read. Each worker starts by loading
#: what the readers need (the English word list, the compiled schema), a few tenths of a second of
#: CPU, and sends its records back pickled; the bundled sources (0.7 MB) are read in about a second
#: by one process, which on a 2-core machine shared with other work is as fast as two workers and
#: spends less CPU. So by default a build uses workers only when the files besides the largest one
#: (which one process reads alone in any case) hold at least this many bytes.
PARALLEL_FROM_BYTES = 4_000_000


def default_jobs(sizes: list[int]) -> int:
    """Given the sizes in bytes of the files a build reads, return how many processes read them by default.

    One process unless the files besides the largest hold PARALLEL_FROM_BYTES; then the
    machine's cores, at most 4.
    """
    if sum(sizes) - max(sizes, default=0) < PARALLEL_FROM_BYTES:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def build_edition(manifest: Manifest, edition: Edition, lineage: Lineage | None = None,
                  progress: Callable[[str], None] = lambda label: None,
                  documents: dict[str, dict] | None = None) -> dict:
    """Given an edition of the manifest (and any of its files already read), return its merged record.

    Source-QA findings (normalize.lint) are included, so auditors see them next to the rest.
    """
    documents = documents or {}
    read = [documents.get(m.path) or read_manifestation(manifest, edition.id, m, lineage)
            for m in edition.manifestations]
    merged = merge_edition(edition.as_record(), read)
    merged["findings"] += new_findings(merged)
    return merged


def build(manifest: Manifest, out_dir: Path, editions: list[str] | None = None,
          progress: Callable[[str], None] = lambda label: None, lineage: Lineage | None = None,
          jobs: int | None = None) -> BuildResult:
    """Ingest and merge every edition (or those named), write them, and return what was written.

    An edition id that source_docs/editions.toml does not list is an InputError. All outputs are produced in memory first and written only when every edition succeeded, so
    a failure leaves the previous build untouched.
    """
    outputs: dict[Path, bytes] = {}
    result = BuildResult()
    for edition_id in editions or []:
        manifest.edition(edition_id)   # an edition the manifest does not list is an error, not an empty build
    chosen = [e for e in manifest.editions if not editions or e.id in editions]
    # The hub page is read from its HTML; its text rendering adds nothing to the catalogue.
    catalogue_pages = [(None, m) for c in manifest.catalogues for m in c.manifestations
                       if m.format == "html"] if not editions else []
    wanted = [(e.id, m) for e in chosen for m in e.manifestations] + catalogue_pages
    if jobs is None:
        jobs = default_jobs([(manifest.root / manifestation.path).stat().st_size for _, manifestation in wanted])
    documents = read_all(manifest, wanted, lineage, jobs, progress)
    for edition in chosen:
        merged = build_edition(manifest, edition, lineage, documents=documents)
        outputs[out_dir / "editions" / f"{edition.id}.json"] = dump_json(merged)
        result.findings[edition.id] = merged["findings"]
    for catalogue in manifest.catalogues:
        for manifestation in catalogue.manifestations:
            if manifestation.path in documents:
                outputs[out_dir / "catalogues" / f"{catalogue.id}.json"] = dump_json(documents[manifestation.path])
    result.written.extend(write_all(outputs))
    return result
