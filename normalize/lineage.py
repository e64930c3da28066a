"""Stable cross-edition keys for changes, read from the editable lineage file (lineage.toml).

Code never hard-codes a change's title: a change is recognised by any title variant its
edition uses in lineage.toml (compared case-, accent- and punctuation-insensitively), else by
its number in that edition. A change the file does not know gets a provisional key and a
finding, so a new release still ingests completely.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from extract.base import strip_accents_fold
from schema.model import finding


@dataclass(frozen=True)
class LineageEntry:
    key: str
    editions: dict  # edition id -> {"number": int, "titles": [str], "relation": str}


def _fold_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", strip_accents_fold(title)).strip()


@lru_cache(maxsize=None)
def load_lineage(text: str | None = None) -> tuple[LineageEntry, ...]:
    """Return the entries of lineage.toml (or of the TOML text given)."""
    if text is None:
        text = resources.files(__package__).joinpath("lineage.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return tuple(LineageEntry(key=c["key"], editions=c.get("editions", {})) for c in data.get("change", []))


def slug(text: str) -> str:
    """Given a title, return a kebab-case slug."""
    return re.sub(r"[^a-z0-9]+", "-", strip_accents_fold(text)).strip("-") or "untitled"


def find_key(edition_id: str | None, number: int | None, titles: list[str],
             lineage: tuple[LineageEntry, ...] | None = None) -> str | None:
    """Given an edition, a change's number and its titles, return its lineage key, or None if unknown."""
    lineage = lineage if lineage is not None else load_lineage()
    folded = {_fold_title(t) for t in titles if t}
    # 1. A title variant listed for this edition (or, for an unknown edition, for any edition).
    for entry in lineage:
        scopes = [entry.editions.get(edition_id)] if edition_id in entry.editions else (
            list(entry.editions.values()) if edition_id not in _known_editions(lineage) else [])
        for scope in scopes:
            if scope and folded & {_fold_title(t) for t in scope.get("titles", [])}:
                return entry.key
    # 2. The number, for an edition the lineage file covers.
    if edition_id in _known_editions(lineage) and number is not None:
        for entry in lineage:
            scope = entry.editions.get(edition_id)
            if scope and scope.get("number") == number:
                return entry.key
    return None


def _known_editions(lineage: tuple[LineageEntry, ...]) -> set[str]:
    return {e for entry in lineage for e in entry.editions}


def assign_keys(content: dict, edition_id: str | None, source_path: str) -> None:
    """Give every change and enabler in content a `key` (in place); unknown ones get a provisional key and a finding."""
    for group in ("changes", "enablers"):
        for item in content.get(group, []):
            if item.get("key"):
                continue
            key = find_key(edition_id, item.get("number"), [item.get("title", ""), *item.get("titles", [])])
            if key is None:
                key = f"provisional-{slug(item.get('title', ''))}"
                content.setdefault("findings", []).append(finding(
                    "unmapped-change", "warning",
                    f"{group[:-1].capitalize()} {item.get('number')} \"{item.get('title')}\" has no entry in "
                    f"normalize/lineage.toml for edition {edition_id}; it was given the provisional key {key}.",
                    item.get("provenance", [])[:1] or [{"path": source_path}],
                    subject=f"{group}[number={item.get('number')}]",
                    suggestion="Add the change's titles for this edition to normalize/lineage.toml (see README)."))
            item["key"] = key
    plan = content.get("action_plan")
    if plan:
        for row in plan.get("rows", []):
            if not row.get("key"):
                row["key"] = find_key(edition_id, row.get("number"), [row.get("label", "")]) or \
                    f"provisional-{slug(row.get('label', ''))}"
            row.pop("number", None)
