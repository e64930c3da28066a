"""Ingest one file: recognise it, run its reader, key its changes, validate the result."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import schema
from extract import Source, extract, has_tree_reader, read_tree
from extract.doc import to_plain
from extract.base import Leftover
from normalize.lineage import Lineage, assign_keys
from pipeline.core.errors import HicmError, InputError
from pipeline.manifest import Catalogue, Manifest, load_manifest, sha256_of
from pipeline.core.untrusted import read_input
from schema.model import MODEL_ID, finding

#: Libraries whose exceptions on a file's bytes mean the file is damaged, not that the reader has a bug.
_PARSER_LIBRARIES = frozenset({"pdfminer", "pdfplumber", "pypdfium2", "lxml", "zipfile", "zlib", "PIL", "html5lib"})

_EXTENSIONS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "text", ".text": "text", ".md": "text"}


@dataclass
class Ingested:
    """A validated canonical document (model or catalogue) and what its reader left out."""
    document: dict
    leftovers: list[Leftover] = field(default_factory=list)
    catalogue: bool = False


def sniff_format(data: bytes) -> str | None:
    """Given a file's first bytes, return the format they show (pdf, html, text) or None for binary."""
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return None  # a zip (docx, xlsx…): not a format any reader takes
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(codec, "ignore").encode("utf-8")
            break
    lowered = head.lower()
    if b"<html" in lowered or b"<!doctype html" in lowered or b"<body" in lowered:
        return "html"
    if b"\x00" in head:
        return None
    return "text"


def ingest_file(path: str | os.PathLike, edition_id: str | None = None,
                manifest: Manifest | None = None, lineage: Lineage | None = None) -> Ingested:
    """Given a file (and optionally its edition and lineage), return its validated canonical document."""
    try:
        return _ingest(Path(path), edition_id, manifest, lineage)
    except RecursionError:
        # Deeply nested input (lists thousands of levels deep) can outgrow the stack in any
        # later step too (keying, schema validation), not only in the reader.
        raise InputError("structure is nested too deeply to read", str(path)) from None


def _ingest(path: Path, edition_id: str | None, manifest: Manifest | None, lineage: Lineage | None) -> Ingested:
    data = read_input(path)
    manifest = manifest or load_manifest()
    digest = sha256_of(data)
    known = manifest.identify(digest)
    display = _display_path(path, manifest)
    findings: list[dict] = []

    fmt = format_of(path, data)
    declared = _EXTENSIONS.get(path.suffix.lower())
    if declared and declared != fmt:
        findings.append(finding("wrong-extension", "warning",
                                f"The file is named .{path.suffix.lstrip('.')} but its content is {fmt}; read as {fmt}.",
                                {"path": display}))

    group, edition = None, None
    if known:
        group, manifestation = known
        display = manifestation.path
    if edition_id:
        edition = manifest.edition(edition_id)
    elif group is not None and not isinstance(group, Catalogue):
        edition = group

    source = Source(path=display, data=data, sha256=digest, format=fmt,
                    edition_id=edition.id if edition else None)
    extraction = _guarded(path, fmt, lambda: extract(source))

    if extraction.catalogue:
        document = {"schema_version": schema.SCHEMA_VERSION, "kind": "catalogue",
                    "catalogue": {"id": group.id if isinstance(group, Catalogue) else "unidentified",
                                  "title": group.title if isinstance(group, Catalogue) else path.stem},
                    "sources": [{"path": display, "format": fmt, "sha256": digest}],
                    **extraction.content}
        document.setdefault("findings", []).extend(findings)
        _check(document, "catalogue")
        return Ingested(document, extraction.leftovers, catalogue=True)

    content = extraction.content
    edition_record = edition.as_record() if edition else {
        "id": "unidentified", "title": content.get("model_title") or path.stem, "published": None, "status": "unknown"}
    if edition is None:
        findings.append(finding("unidentified-edition", "warning",
                                "The file is not in source_docs/editions.toml and no --edition was given; "
                                "changes are keyed by title only.", {"path": display}))
    assign_keys(content, edition.id if edition else None, display, lineage)
    for leftover in extraction.leftovers:
        if not leftover.is_boilerplate:
            findings.append(finding("unplaced-content", "warning",
                                    f"Content that could not be placed in the model ({leftover.reason}): "
                                    f"\"{leftover.text[:120]}\"", leftover.where))
    document = {
        "schema_version": schema.SCHEMA_VERSION,
        "kind": "manifestation",
        "model": {"id": manifest.model_id or MODEL_ID, "title": content.get("model_title") or manifest.model_title},
        "edition": edition_record,
        "sources": [{"path": display, "format": fmt, "sha256": digest}],
        "levels": content.get("levels", []),
        "sections": content.get("sections", []),
        "changes": content.get("changes", []),
        "enablers": content.get("enablers", []),
        "action_plan": content.get("action_plan"),
        "findings": content.get("findings", []) + findings,
    }
    _check(document, "model")
    return Ingested(document, extraction.leftovers)


def format_of(path: Path, data: bytes) -> str:
    """Given a file and its bytes, return the format its content shows, or raise InputError for one no reader takes."""
    fmt = sniff_format(data)
    if fmt is None:
        what = "a zip archive (Word, Excel…)" if data.startswith(b"PK\x03\x04") else "binary data"
        raise InputError(f"is {what}, not a PDF, HTML page or text file", str(path))
    return fmt


def _guarded(path: Path, fmt: str, read):
    """Given a file, its format and a function reading it, return what the function returns; a parser's failure
    on the file's bytes becomes one InputError line, any other exception stays a bug (an internal error)."""
    try:
        return read()
    except HicmError:
        raise
    except RecursionError:
        raise InputError("structure is nested too deeply to read", str(path)) from None
    except Exception as exc:  # noqa: BLE001 (sorted below: the input's fault, or a bug)
        # Readers raise InputError for what they recognise; anything else from a parser
        # library on untrusted bytes is still the input's fault, reported in one line.
        # Any other exception is a bug in the reader and stays one (an internal error).
        if not isinstance(exc, (ValueError, UnicodeError, OSError)) and \
                type(exc).__module__.split(".")[0] not in _PARSER_LIBRARIES:
            raise
        raise InputError(f"cannot be read as {fmt}: {exc}".splitlines()[0][:300], str(path)) from None


def tree_of_file(path: str | os.PathLike, manifest: Manifest | None = None) -> dict:
    """Given a file, return its document tree (extract/doc.py) as plain data: what its format's reader saw, before
    the interpreter decided what it means."""
    path = Path(path)
    data = read_input(path)
    fmt = format_of(path, data)
    if not has_tree_reader(fmt):
        raise InputError(f"the {fmt} reader does not emit a document tree yet", str(path))
    source = Source(path=_display_path(path, manifest or load_manifest()), data=data, sha256=sha256_of(data),
                    format=fmt, edition_id=None)
    return to_plain(_guarded(path, fmt, lambda: read_tree(source)))


def _display_path(path: Path, manifest: Manifest) -> str:
    try:
        return path.resolve().relative_to(manifest.root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _check(document: dict, schema_name: str) -> None:
    try:
        schema.validate(document, schema_name)
    except schema.SchemaViolation as exc:
        # The reader built something the contract forbids: our bug, not the user's input.
        raise HicmError(f"internal error: the reader's output breaks the {schema_name} schema: {exc}") from None
