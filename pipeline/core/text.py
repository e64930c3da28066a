"""Folding text: the one module every layer uses to clean up and compare wording.

Readers, the merge, lineage, the diff and collect all compare text; each fold here has one
name and one job, from the lightest to the strongest:

- `normalise_space`: whitespace only (the schema's text rule; safe for display and storage).
- `fold_case`: whitespace and case (a local system's name, a drop-down's chosen item).
- `comparable`: whitespace, Unicode compatibility forms, typographic quotes and dashes; case,
  spelling and punctuation stay (two manifestations' wording, where any real difference is a
  disagreement).
- `fold_typography`: as comparable, and how a dash is spaced, a space before punctuation and
  a final full stop (what `hicm diff` ignores by default: two editions' wording that differs
  only in how it was typeset).
- `strip_accents_fold`: as comparable, and accents and case too (a heading or a table cell
  recognised whatever its typography).
- `fold_words`: only the words, lower case and unaccented (titles matched across editions).
- `slug`: a kebab-case key or file name built from those words.

Published wording is never changed in the data: only normalise_space's result is stored;
every other fold is for matching.
"""
from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
#: Typographic variants that renderings of the same text differ in without changing the wording.
_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                             "\u2013": "-", "\u2014": "-", "\u2011": "-", "\u2010": "-"})
#: A dash with a space on either side ("Service - Person", "Service- Person"): one spaced dash.
_SPACED_DASH = re.compile(r"\s*-\s+|\s+-\s*")
#: A space before closing punctuation ("care ." , "(e.g. )"): a typesetting habit, not wording.
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:!?)\]])")


def normalise_space(text: str) -> str:
    """Given text, return it with every run of whitespace (NBSP and other Unicode spaces too) as one space, stripped."""
    text = text.replace("\u00ad", "")  # a soft hyphen is a line-break artefact, never wording
    return _SPACE.sub(" ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def fold_case(text: str) -> str:
    """Given text, return it with whitespace runs as one space, stripped and case-folded; accents and punctuation stay."""
    return _SPACE.sub(" ", text).strip().casefold()


def comparable(text: str | None) -> str | None:
    """Given published wording, return its comparison form: NFKC, quotes and dashes unified, spaces folded.

    Case, spelling and punctuation stay: a difference in them is a disagreement.
    """
    if text is None:
        return None
    return normalise_space(unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY))


def fold_typography(text: str | None) -> str | None:
    """Given published wording, return it as comparable does, and with a dash's spacing, spaces before
    punctuation and one final full stop folded away ("Service- Person." -> "Service - Person").

    Two texts with equal folds say the same thing typeset differently (curly or straight quotes,
    an en dash or a hyphen, a sentence with or without its full stop); words, case and any other
    punctuation still count.
    """
    if text is None:
        return None
    text = _SPACED_DASH.sub(" - ", comparable(text))
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def strip_accents_fold(text: str) -> str:
    """Given text, return a comparison form: NFKD, no accents, lower case, quotes and dashes unified, spaces folded."""
    if not text.isascii():      # ASCII has nothing to decompose (most labels): skip the walk over every character
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return normalise_space(text.translate(_TYPOGRAPHY)).lower()


def fold_words(text: str | None) -> str:
    """Given text (or None), return its words only: unaccented, lower case, single-spaced ("Home First!" -> "home first")."""
    return _NOT_WORD.sub(" ", strip_accents_fold(text or "")).strip()


def slug(text: str, fallback: str = "untitled") -> str:
    """Given a title or name, return its kebab-case slug ("St. Mary's/Weston" -> "st-mary-s-weston"), or `fallback` if it has no word."""
    return _NOT_WORD.sub("-", strip_accents_fold(text)).strip("-") or fallback
