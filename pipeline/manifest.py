"""The manifest of published editions (source_docs/editions.toml): which files make up which edition."""
from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.errors import InputError

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
