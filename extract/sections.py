"""Stable keys for front- and back-matter sections, shared by every reader.

The same section must get the same key from the PDF, the web page and the text rendering of
every edition (`2. Purpose of the model`, `Purpose`, `PURPOSE` → `purpose`), so that
normalize can line manifestations up. A heading none of the patterns knows gets the slug of
its title: still stable, and visible in the output for a maintainer to add here.
"""
from __future__ import annotations

import re

from extract.base import strip_accents_fold

#: (pattern on the folded heading, key), first match wins. Patterns say what the section is
#: about, so wording changes between editions ("Principles", "Principles behind the model")
#: keep their key.
SECTION_PATTERNS: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p), k) for p, k in (
    (r"^introduction\b", "introduction"),
    (r"^(the )?refreshed model\b|^the refresh\b", "refreshed-model"),
    (r"^purpose\b", "purpose"),
    (r"^(the )?principles\b|^overarching principles\b", "principles"),
    (r"\bmaking it real\b", "making-it-real"),
    (r"^how to use\b", "how-to-use"),
    (r"^supporting materials?\b", "supporting-materials"),
    (r"^action plan", "action-plan"),
    (r"^(the )?model$", "the-model"),
))

_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s+(?=\S)")


def split_section_number(heading: str) -> tuple[int | None, str]:
    """Given a section heading ("2. Purpose of the model"), return (2, "Purpose of the model"); (None, heading) without a number."""
    match = _NUMBER.match(heading)
    if not match:
        return None, heading.strip()
    return int(match.group(1)), heading[match.end():].strip()


def section_key(title: str) -> str:
    """Given a section's title (without its number), return its stable key."""
    folded = re.sub(r"[^a-z0-9/ ]+", " ", strip_accents_fold(title))
    folded = re.sub(r"\s+", " ", folded).strip()
    for pattern, key in SECTION_PATTERNS:
        if pattern.search(folded):
            return key
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "section"


def unique_keys(keys: list[str]) -> list[str]:
    """Given section keys in order, return them with repeats made unique (`purpose`, `purpose-2`)."""
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return out
