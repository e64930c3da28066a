"""The manifest of published editions (source_docs/editions.toml): which files make up which edition, and adding one."""
from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pipeline.core.atomic import write_bytes
from pipeline.core.errors import InputError
from pipeline.core.tomltext import block_end, headers, quoted
from pipeline.core.untrusted import read_input

MANIFEST_NAME = "editions.toml"


@dataclass(frozen=True)
class Manifestation:
    """One published file of an edition (or of a catalogue such as the hub page)."""
    path: str          # relative to the source_docs root, forward slashes
    format: str        # pdf | html | text
    sha256: str


@dataclass(frozen=True)
class Edition:
    """One release of the model, as the manifest describes it."""
    id: str
    title: str
    published: str | None
    status: str
    manifestations: tuple[Manifestation, ...] = field(default_factory=tuple)

    def as_record(self) -> dict:
        """Return the `edition` object of the canonical JSON."""
        return {"id": self.id, "title": self.title, "published": self.published, "status": self.status}


@dataclass(frozen=True)
class Catalogue:
    """A related-resources page that is not an edition of the model (e.g. the hub page)."""
    id: str
    title: str
    manifestations: tuple[Manifestation, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Manifest:
    root: Path
    model_id: str
    model_title: str
    editions: tuple[Edition, ...]
    catalogues: tuple[Catalogue, ...]

    def edition(self, edition_id: str) -> Edition:
        """Return the edition with this id, or raise InputError naming the known ones."""
        for edition in self.editions:
            if edition.id == edition_id:
                return edition
        known = ", ".join(e.id for e in self.editions)
        raise InputError(f"unknown edition {edition_id!r} (known: {known})", str(self.root / MANIFEST_NAME))

    def identify(self, sha256: str) -> tuple[Edition | Catalogue, Manifestation] | None:
        """Given a file's sha256, return the edition (or catalogue) and manifestation it is, if known."""
        for group in (*self.editions, *self.catalogues):
            for manifestation in group.manifestations:
                if manifestation.sha256 == sha256:
                    return group, manifestation
        return None


def default_root() -> Path:
    """Return source_docs/ of the current directory if it has a manifest, else the bundled one."""
    here = Path.cwd() / "source_docs"
    if (here / MANIFEST_NAME).is_file():
        return here
    return Path(__file__).resolve().parent.parent / "source_docs"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifestations(entries: list[dict]) -> tuple[Manifestation, ...]:
    return tuple(Manifestation(path=m["path"], format=m["format"], sha256=m["sha256"]) for m in entries)


def load_manifest(root: Path | None = None) -> Manifest:
    """Given a source_docs root (default: default_root()), return its parsed manifest."""
    root = Path(root) if root else default_root()
    path = root / MANIFEST_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("no editions manifest here (expected source_docs/editions.toml)", str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"manifest is not valid TOML: {exc}", str(path)) from None
    try:
        editions = tuple(
            Edition(id=str(e["id"]), title=e["title"], published=e.get("published"), status=e.get("status", "unknown"),
                    manifestations=_manifestations(e.get("manifestation", [])))
            for e in data.get("edition", []))
        catalogues = tuple(
            Catalogue(id=c["id"], title=c["title"], manifestations=_manifestations(c.get("manifestation", [])))
            for c in data.get("catalogue", []))
        return Manifest(root=root, model_id=data["model"]["id"], model_title=data["model"]["title"],
                        editions=editions, catalogues=catalogues)
    except KeyError as exc:
        raise InputError(f"manifest entry is missing {exc}", str(path)) from None


def edition_block(edition_id: str, title: str, published: str | None, status: str,
                  manifestations: list[Manifestation]) -> list[str]:
    """Given a new edition and its files, return the lines of its [[edition]] block for editions.toml."""
    lines = ["[[edition]]", f"id = {quoted(edition_id)}", f"title = {quoted(title)}"]
    lines += [f"published = {quoted(published)}"] if published else []
    lines += [f"status = {quoted(status)}"]
    for manifestation in manifestations:
        lines += ["", "  [[edition.manifestation]]", f"  path = {quoted(manifestation.path)}",
                  f"  format = {quoted(manifestation.format)}", f"  sha256 = {quoted(manifestation.sha256)}"]
    return lines


def with_edition(text: str, block: list[str]) -> str:
    """Given editions.toml's text and a new [[edition]] block, return the text with the block after the last edition.

    Every other line (comments included) stays as it was; a manifest with no edition gets the block at its end.
    """
    lines = text.splitlines()
    starts = headers(lines, "edition")
    end = block_end(lines, starts[-1], lambda name: name.startswith("edition.")) if starts else len(lines)
    return "\n".join(lines[:end] + [""] + block + lines[end:]) + "\n"


def add_edition(manifest: Manifest, edition_id: str, title: str, published: str | None, status: str,
                files: list[Path], sniff: Callable[[bytes], str | None]) -> Edition:
    """Given the manifest, a new edition and its files (under the source_docs folder), add it to editions.toml; return it.

    Each file's format is what its bytes show (`sniff`), its digest its sha256. The edited file
    is parsed before it replaces the old one, so a failure leaves editions.toml as it was.
    """
    if any(e.id == edition_id for e in manifest.editions):
        raise InputError(f"edition {edition_id!r} is already in the manifest", str(manifest.root / MANIFEST_NAME))
    manifestations = []
    for file in files:
        try:
            relative = file.resolve().relative_to(manifest.root.resolve()).as_posix()
        except ValueError:
            raise InputError(f"is not under {manifest.root}: put the release's files in "
                             f"{manifest.root / edition_id}/ first", str(file)) from None
        data = read_input(file)
        fmt = sniff(data)
        if fmt is None:
            raise InputError("is not a PDF, HTML page or text file", str(file))
        manifestations.append(Manifestation(path=relative, format=fmt, sha256=sha256_of(data)))
    path = manifest.root / MANIFEST_NAME
    text = with_edition(path.read_text(encoding="utf-8"),
                        edition_block(edition_id, title, published, status, manifestations))
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:   # our bug, never saved
        raise InputError(f"adding the edition would break the manifest: {exc}", str(path)) from None
    write_bytes(path, text.encode("utf-8"))
    return load_manifest(manifest.root).edition(edition_id)
