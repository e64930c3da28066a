"""The published vocabulary every reader maps to stable keys: section titles, a change's
sub-headings, action-plan column headings.

One place for all readers (text, PDF, HTML), so the same section or column gets the same key
whichever file it was read from, and a new release's wording is taught here once.
"""
from __future__ import annotations

import re

from pipeline.core.text import normalise_space

#: Section keys by title (first match wins); a section whose title matches none is keyed by its slug.
SECTION_KEYS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"^introduction$", re.I), "introduction"),
    (re.compile(r"^purpose\b", re.I), "purpose"),
    (re.compile(r"^principles\b", re.I), "principles"),
    (re.compile(r"making it real", re.I), "making-it-real"),
    (re.compile(r"^how to use\b", re.I), "how-to-use"),
    (re.compile(r"^supporting materials?$", re.I), "supporting-materials"),
    (re.compile(r"^the model$", re.I), "the-model"),
    (re.compile(r"matrix levels$", re.I), "levels"),
)

#: Sub-headings inside a change's section, by what they introduce.
CHANGE_HEADINGS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"making it real.*statement", re.I), "statements"),
    (re.compile(r"^tips for success:?$", re.I), "tips"),
    (re.compile(r"^examples of emerging and developing practice:?$", re.I), "examples"),
    (re.compile(r"^supporting materials?:?$", re.I), "materials"),
    (re.compile(r"maturity (levels|matrix)$", re.I), "matrix-elsewhere"),
)

#: Action-plan column keys by what the heading asks.
COLUMN_KEYS = ((re.compile(r"where are you now", re.I), "now"),
                (re.compile(r"what do you need to do", re.I), "actions"),
                (re.compile(r"when will it be done", re.I), "by-when"),
                (re.compile(r"how will you know", re.I), "success"))


def section_key(title: str) -> str:
    """Given a section title without its number, return its stable key."""
    folded = normalise_space(title.replace("\u2018", "'").replace("\u2019", "'")).strip("'\" ")
    folded = re.sub(r"['\"]", "", folded)
    for pattern, key in SECTION_KEYS:
        if pattern.search(folded):
            return key
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "section"


def column_key(label: str) -> str:
    """Given an action-plan column heading, return its stable key (`now`, `actions`, `by-when`, `success`, else a slug)."""
    for pattern, key in COLUMN_KEYS:
        if pattern.search(label):
            return key
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "column"
