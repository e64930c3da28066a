"""A source_docs folder made by a test: some files and the editions.toml that lists them.

    write_source_docs(root, [Edition("2015", {"2015/hicm-2015.txt": data})])

writes each file under `root` and a manifest naming every edition and file with its sha256
(or the digest a test wants to be wrong), so `hicm build --source-docs root` reads it.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

MODEL = ('[model]\nid = "hicm-managing-transfers-of-care"\n'
         'title = "High Impact Change Model: Managing transfers of care between hospital and home"\n')


@dataclass(frozen=True)
class Edition:
    """One edition of a made-up source_docs: its id, its files (path under source_docs -> bytes) and manifest fields."""
    id: str
    files: dict[str, bytes]
    title: str | None = None
    published: str | None = None
    status: str = "published"
    digests: dict[str, str] = field(default_factory=dict)   # path -> a digest to write instead of the true one


def write_source_docs(root: Path, editions: list[Edition]) -> Path:
    """Given a folder and editions, write their files and editions.toml (text manifestations) there; return the folder."""
    lines = ['schema_version = "1.0"', "", MODEL]
    for edition in editions:
        lines += ["[[edition]]", f'id = "{edition.id}"', f'title = "{edition.title or f"Edition {edition.id}"}"']
        lines += [f'published = "{edition.published}"'] if edition.published else []
        lines += [f'status = "{edition.status}"', ""]
        for path, data in edition.files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(data)
            digest = edition.digests.get(path) or hashlib.sha256(data).hexdigest()
            lines += ["  [[edition.manifestation]]", f'  path = "{path}"', '  format = "text"', f'  sha256 = "{digest}"', ""]
    (root / "editions.toml").write_text("\n".join(lines), encoding="utf-8")
    return root
