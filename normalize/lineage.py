"""Stable cross-edition keys for changes, read from the editable lineage file (lineage.toml).

Code never hard-codes a change's title: a change is recognised by any title variant its
edition uses in lineage.toml (compared case-, accent- and punctuation-insensitively), else by
its number in that edition (with an info finding asking for the title variant to be listed).
A change the file does not know gets a provisional key and an `unmapped-change` finding that
names the nearest known keys with a similarity score, so a new release still ingests
completely and the maintainer knows which entry to extend.

The file is checked when it is loaded: against schema/lineage.schema.json, then for the rules
a schema cannot state (unique keys, `from` naming known keys, one change per number per
edition). A bad file is a one-line InputError naming it.
"""
from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import schema
from pipeline.core.errors import InputError
from pipeline.core.text import fold_words, slug
from schema.model import finding

#: The lineage file shipped with the tool; `load_lineage(path)` takes another (tests, a new release).
DEFAULT_LINEAGE_PATH = Path(__file__).resolve().parent / "lineage.toml"

#: How many nearest keys an `unmapped-change` finding names.
NEAREST_LIMIT = 3


@dataclass(frozen=True)
class LineageEntry:
    key: str
    editions: dict  # edition id -> {"number": int, "titles": [str], "relation": str, "from": [key]}


@dataclass(frozen=True)
class Lineage:
    """The parsed lineage file: its path (for messages), the editions it covers, and its entries."""
    path: str
    editions: tuple[str, ...]
    entries: tuple[LineageEntry, ...]

    def __iter__(self):
        return iter(self.entries)

    def __len__(self):
        return len(self.entries)

    def match(self, edition_id: str | None, number: int | None, titles: list[str]) -> tuple[str | None, str | None]:
        """Given an edition, a change's number and titles, return (key, how) with how `title`, `number` or None."""
        folded = {fold_title(t) for t in titles if t and fold_title(t)}
        known_edition = edition_id in self.editions
        for entry in self.entries:
            if known_edition:
                scopes = [entry.editions[edition_id]] if edition_id in entry.editions else []
            else:
                scopes = list(entry.editions.values())   # a new release: any edition's titles count
            if any(folded & _folded_titles(scope) for scope in scopes):
                return entry.key, "title"
        if known_edition and number is not None:
            for entry in self.entries:
                scope = entry.editions.get(edition_id)
                if scope and scope.get("number") == number:
                    return entry.key, "number"
        return None, None

    def nearest(self, titles: list[str], limit: int = NEAREST_LIMIT) -> list[tuple[str, float]]:
        """Given a change's titles, return the `limit` most similar keys with their score (0..1), best first."""
        folded = [fold_title(t) for t in titles if t and fold_title(t)]
        scored = []
        for entry in self.entries:
            known = {t for scope in entry.editions.values() for t in _folded_titles(scope)}
            known.add(fold_title(entry.key))
            score = max((title_similarity(a, b) for a in folded for b in known), default=0.0)
            scored.append((entry.key, round(score, 2)))
        scored.sort(key=lambda pair: (-pair[1], pair[0]))
        return scored[:limit]


def fold_title(title: str) -> str:
    """Given a title, return its comparison form: lower case, no accents, words separated by single spaces.

    A leading "Change N" (action-plan rows, contents lines) is numbering, not title, and is dropped.
    """
    return re.sub(r"^change \d+ ", "", fold_words(title))


def _folded_titles(scope: dict) -> set[str]:
    return {fold_title(t) for t in scope.get("titles", [])}


def title_similarity(a: str, b: str) -> float:
    """Given two folded titles, return their similarity: the larger of difflib's ratio and word Jaccard."""
    if not a or not b:
        return 0.0
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    wa, wb = set(a.split()), set(b.split())
    jaccard = len(wa & wb) / len(wa | wb)
    return max(ratio, jaccard)


def _problems(data: dict) -> list[str]:
    """Given parsed lineage data, return what breaks the schema or the cross-entry rules."""
    errors = schema.schema_errors(data, "lineage")
    if errors:
        return errors
    problems = []
    keys = [c["key"] for c in data["change"]]
    problems += [f"key {k!r} is used by more than one change" for k in sorted({k for k in keys if keys.count(k) > 1})]
    for change in data["change"]:
        for edition_id, scope in change["editions"].items():
            if edition_id not in data["editions"]:
                problems.append(f"change {change['key']!r} names edition {edition_id!r}, which is not in `editions`")
            problems += [f"change {change['key']!r} in {edition_id}: `from` names unknown key {k!r}"
                         for k in scope.get("from", []) if k not in keys]
    for edition_id in data["editions"]:
        numbers = [c["editions"][edition_id]["number"] for c in data["change"]
                   if "number" in c["editions"].get(edition_id, {})]
        problems += [f"edition {edition_id} has more than one change numbered {n}"
                     for n in sorted({n for n in numbers if numbers.count(n) > 1})]
    return problems + _relation_problems(data)


def _relation_problems(data: dict) -> list[str]:
    """Given parsed lineage data, return relations that contradict the previous edition's entries.

    `original` only in the first edition (which is not checked further); `added` for a key the
    previous edition lacks;
    `unchanged`, `renamed` and `removed` for a key it has (`unchanged` sharing a title with it,
    `renamed` sharing none); `split` and `merged` from keys it has.
    """
    problems = []
    editions = data["editions"]
    present = {e: {c["key"]: c["editions"][e] for c in data["change"]
                   if e in c["editions"] and c["editions"][e]["relation"] != "removed"} for e in editions}
    for change in data["change"]:
        for edition_id, scope in change["editions"].items():
            if edition_id not in editions:
                continue
            n = editions.index(edition_id)
            relation, where = scope["relation"], f"change {change['key']!r} in {edition_id}"
            previous = present[editions[n - 1]] if n else None
            if relation == "original":
                if n:
                    problems.append(f"{where}: `original` is only for the first edition ({editions[0]})")
                continue
            if previous is None:
                continue  # nothing earlier to check the first edition against
            before = previous.get(change["key"])
            if relation == "added" and before is not None:
                problems.append(f"{where}: `added`, but {editions[n - 1]} already has it")
            elif relation in ("unchanged", "renamed", "removed") and before is None:
                problems.append(f"{where}: `{relation}`, but {editions[n - 1]} does not have it")
            elif relation in ("unchanged", "renamed"):
                shared = _folded_titles(before) & _folded_titles(scope)
                if relation == "unchanged" and not shared:
                    problems.append(f"{where}: `unchanged`, but it shares no title with {editions[n - 1]} (renamed?)")
                if relation == "renamed" and shared:
                    problems.append(f"{where}: `renamed`, but it keeps a title of {editions[n - 1]} (unchanged?)")
            problems += [f"{where}: `from` names {k!r}, which {editions[n - 1]} does not have"
                         for k in scope.get("from", []) if k not in previous]
    return problems


@lru_cache(maxsize=16)
def _load(path: str, mtime_ns: int) -> Lineage:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("lineage file not found", path) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"lineage file is not valid TOML: {exc}", path) from None
    problems = _problems(data)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(f"invalid lineage file: {problems[0]}{more}", path)
    entries = tuple(LineageEntry(key=c["key"], editions=c["editions"]) for c in data["change"])
    return Lineage(path=path, editions=tuple(data["editions"]), entries=entries)


def load_lineage(path: str | Path | None = None) -> Lineage:
    """Given a lineage file (default: normalize/lineage.toml), return it parsed and checked."""
    path = Path(path) if path else DEFAULT_LINEAGE_PATH
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        raise InputError("lineage file not found", str(path)) from None
    return _load(str(path), mtime)


def provisional_key(title: str) -> str:
    """Given an unmapped change's title, return its provisional key (short enough for a w:tag)."""
    key = f"provisional-{slug(title)}"
    # Cut at a word boundary: a key must stay short enough for every publish tag.
    return key if len(key) <= 40 else key[:41].rsplit("-", 1)[0]


def find_key(edition_id: str | None, number: int | None, titles: list[str],
             lineage: Lineage | None = None) -> str | None:
    """Given an edition, a change's number and its titles, return its lineage key, or None if unknown."""
    return (lineage or load_lineage()).match(edition_id, number, titles)[0]


def _lineage_name(lineage: Lineage) -> str:
    return "normalize/lineage.toml" if Path(lineage.path) == DEFAULT_LINEAGE_PATH else lineage.path


def _unmapped_finding(group: str, item: dict, key: str, edition_id: str | None, lineage: Lineage,
                      where: list[dict]) -> dict:
    titles = [item.get("title", ""), *item.get("titles", [])]
    nearest = lineage.nearest(titles)
    named = ", ".join(f"{k} ({score:.2f})" for k, score in nearest)
    return finding(
        "unmapped-change", "warning",
        f"{group[:-1].capitalize()} {item.get('number')} \"{item.get('title')}\" has no entry in "
        f"{_lineage_name(lineage)} for edition {edition_id}; it was given the provisional key {key}. "
        f"Nearest known keys: {named}.",
        where, subject=f"{group}[number={item.get('number')}]",
        values=[item.get("title")] + [f"{k} {score:.2f}" for k, score in nearest],
        suggestion=f"Add edition {edition_id}'s titles for this change to {_lineage_name(lineage)}: under the "
                   f"existing key if it is the same change (relation renamed/unchanged), or as a new [[change]] "
                   f"(relation added, or split/merged with `from`); see README \"Adding a new release\".")


def _by_number_finding(group: str, item: dict, key: str, edition_id: str, lineage: Lineage,
                       where: list[dict]) -> dict:
    return finding(
        "unlisted-title-variant", "info",
        f"{group[:-1].capitalize()} {item.get('number')} \"{item.get('title')}\" was keyed {key} by its number "
        f"only: {_lineage_name(lineage)} does not list this title for edition {edition_id}.",
        where, subject=f"{group}[key={key}].title", values=[item.get("title")],
        suggestion=f"Add the title to edition {edition_id}'s `titles` of {key} in {_lineage_name(lineage)}.")


def assign_keys(content: dict, edition_id: str | None, source_path: str, lineage: Lineage | None = None) -> None:
    """Give every change, enabler and action-plan row in content a `key` (in place); unknown ones get a provisional key and a finding.

    An action-plan form field placed in a row by the reader (`row_position`) gets that row's key as its `row`.
    """
    lineage = lineage or load_lineage()
    for group in ("changes", "enablers"):
        for item in content.get(group, []):
            if item.get("key"):
                continue
            key, how = lineage.match(edition_id, item.get("number"), [item.get("title", ""), *item.get("titles", [])])
            where = item.get("provenance", [])[:1] or [{"path": source_path}]
            if key is None:
                key = provisional_key(item.get("title", ""))
                content.setdefault("findings", []).append(_unmapped_finding(group, item, key, edition_id, lineage, where))
            elif how == "number":
                content.setdefault("findings", []).append(_by_number_finding(group, item, key, edition_id, lineage, where))
            item["key"] = key
    plan = content.get("action_plan")
    if plan:
        item_keys = {(group, item.get("number")): item["key"] for group in ("changes", "enablers")
                     for item in content.get(group, []) if item.get("key")}
        for row in plan.get("rows", []):
            group = row.pop("group", "changes")     # a row naming an enabler says so; the lineage keys changes
            if not row.get("key"):
                key = lineage.match(edition_id, row.get("number"), [row.get("label", "")])[0] \
                    if group == "changes" else None
                # A row the file does not know is the row of the item with its number, if any.
                row["key"] = key or item_keys.get((group, row.get("number"))) or provisional_key(row.get("label", ""))
            row.pop("number", None)
        rows = plan.get("rows", [])
        for field in plan.get("fields", []):
            position = field.pop("row_position", None)
            if position is not None:
                field["row"] = rows[position]["key"]
