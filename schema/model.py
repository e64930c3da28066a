"""Vocabulary of the canonical model that every stage shares: levels, formats, constructors.

The JSON Schema (hicm-model.schema.json) is the contract; this module only names its fixed
values and builds its small recurring pieces (locations, findings) so that no stage spells
them out by hand.
"""
from __future__ import annotations

from typing import Any

#: The five maturity levels, in order; the index is the level's ordinal (0..4).
LEVEL_KEYS: tuple[str, ...] = ("not-yet-established", "plans-in-place", "established", "mature", "exemplary")

#: The labels the published editions use for the levels (used where a source names none).
DEFAULT_LEVEL_LABELS: dict[str, str] = {
    "not-yet-established": "Not yet established",
    "plans-in-place": "Plans in place",
    "established": "Established",
    "mature": "Mature",
    "exemplary": "Exemplary",
}

FORMATS = ("pdf", "html", "text")
SEVERITIES = ("error", "warning", "info")
MODEL_ID = "hicm-managing-transfers-of-care"


#: Every finding code a record can carry, with its one severity (the README's "Finding codes"
#: table lists the same, with what each means; a test keeps the two equal).
SEVERITY: dict[str, str] = {
    # ingest and build
    "manifest-digest-mismatch": "error",
    "wrong-extension": "warning",
    "unidentified-edition": "warning",
    "edition-not-in-manifest": "warning",
    # what a reader noticed about the file
    "charset-mismatch": "warning",
    "page-stamp-in-text": "info",
    "link-target-missing": "info",
    "highlighted-text": "warning",
    "form-field-unplaced": "info",
    # what the interpreter could not place, or placed with a doubt
    "unplaced-content": "warning",
    "unknown-heading": "warning",
    "part-resumed": "info",
    "catalogue-introduction": "info",
    "outside-the-model": "info",
    "empty-heading": "warning",
    "summary-differs": "warning",
    "statement-unclear": "warning",
    "matrix-published-elsewhere": "info",
    "matrix-cells-merged": "info",
    "matrix-cells-uncertain": "warning",
    "matrix-row-incomplete": "warning",
    "matrix-shape-unknown": "warning",
    "levels-incomplete": "warning",
    "levels-differ": "warning",
    "example-in-tip-list": "warning",
    "example-description-before-title": "info",
    "example-title-unclear": "info",
    "example-place-separator": "info",
    "example-without-title": "warning",
    "action-plan-row-unplaced": "warning",
    # lineage and merge
    "unmapped-change": "warning",
    "unlisted-title-variant": "info",
    "keyed-by-title": "info",
    "manifestations-disagree": "warning",
    "reader-unavailable": "warning",
    # source QA (hicm lint)
    "repeated-sentence": "warning",
    "stray-editorial-text": "warning",
    "repeated-words": "warning",
    "misspelling": "warning",
    "truncated-sentence": "warning",
    "placeholder-text": "warning",
    "page-stamp": "warning",
}


def location(path: str, **where: Any) -> dict:
    """Given a source path and format-specific fields (line, page, bbox, element…), return a location.

    None values are dropped and a bbox is rounded to 0.1 pt, so that equal inputs give equal JSON.
    """
    loc: dict[str, Any] = {"path": path}
    for name, value in where.items():
        if value is None:
            continue
        if name == "bbox":
            value = [round(float(v), 1) for v in value]
        loc[name] = value
    return loc


def finding(code: str, severity: str, message: str, where: list[dict] | dict | None = None,
            **extra: Any) -> dict:
    """Given a code, severity, message and location(s), return a finding (extra: subject, values, suggestion)."""
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")
    if SEVERITY.get(code, severity) != severity:
        raise ValueError(f"finding {code!r} has severity {SEVERITY[code]!r}, not {severity!r}")
    if where is None:
        where = []
    elif isinstance(where, dict):
        where = [where]
    result = {"code": code, "severity": severity, "message": message, "where": list(where)}
    result.update({k: v for k, v in extra.items() if v is not None})
    return result


def empty_levels() -> list[dict]:
    """Return the five levels with their default labels and no definitions."""
    return [{"key": k, "label": DEFAULT_LEVEL_LABELS[k], "description": None} for k in LEVEL_KEYS]


def empty_statements() -> dict:
    """Return statements with neither an I nor a We statement."""
    return {"i": None, "we": None}
