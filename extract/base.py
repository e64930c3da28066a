"""What every reader shares: its input and output types, and the text clean-up rules.

Text rule (the schema's promise): whitespace is folded to single spaces (pipeline/core/text.py
`normalise_space`) and line-break artefacts are joined, but wording, spelling and punctuation
are never changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.core.errors import InputError
from pipeline.core.text import normalise_space


@dataclass(frozen=True)
class Source:
    """One file handed to a reader."""
    path: str                 # display path: relative to source_docs/ when it is a known file
    data: bytes
    sha256: str
    format: str               # pdf | html | text
    edition_id: str | None    # from the manifest or --edition; None when unknown


@dataclass(frozen=True)
class Leftover:
    """A piece of the source that ended up nowhere in the content.

    `reason` starts with `boilerplate:` for material that is rightly left out (running header,
    address, form-field dump, cookie banner…); anything else is content that could not be placed,
    which the pipeline also reports as an `unplaced-content` finding.
    """
    where: dict
    text: str
    reason: str

    @property
    def is_boilerplate(self) -> bool:
        return self.reason.startswith("boilerplate:")


@dataclass
class Extraction:
    """What a reader returns.

    `content` holds the model fields of the canonical JSON that the file says: `levels`,
    `sections`, `changes` (items without `key`; the pipeline assigns it), `enablers`,
    `action_plan` (rows with their printed `number` and no `key`, form fields with the
    `row_position` of their row and `row` null; the pipeline keys them), `findings`, and
    optionally `model_title`. A catalogue page returns
    `{"resources": [...]}` instead, with `catalogue=True`.
    """
    content: dict
    leftovers: list[Leftover] = field(default_factory=list)
    catalogue: bool = False


class NotHicmContent(InputError):
    """The file is readable but says nothing that belongs to a High Impact Change Model."""

    def __init__(self, path: str):
        super().__init__("no High Impact Change Model content found", path)


@lru_cache(maxsize=1)
def english_spellchecker():
    """Return the English spell checker (pyspellchecker), loaded once per process: readers and lint share it.

    It is pyspellchecker's English list, loaded as `SpellChecker(language="en")` loads it but
    without lower-casing 160,000 keys that are all lower case already (a third of the load
    time of every build; tests/normalize/test_lint.py checks the two lists are the same).
    """
    import gzip
    import json
    import pkgutil
    from spellchecker import SpellChecker
    words = json.loads(gzip.decompress(pkgutil.get_data("spellchecker", "resources/en.json.gz")).decode("utf-8"))
    checker = SpellChecker(language=None, case_sensitive=True)
    checker.word_frequency.load_json(words)
    return checker


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Return the English word list (lower case) of `english_spellchecker`."""
    return frozenset(english_spellchecker().word_frequency.dictionary.keys())


def is_english_word(word: str) -> bool:
    """Given a word, return True if the English word list (pyspellchecker) knows it."""
    return word.lower() in english_words()


_HYPHEN_END = re.compile(r"([A-Za-z]+)-$")
_WORD_START = re.compile(r"^([a-z]+)")
#: How much of a paragraph's end the hyphen rules look at: far longer than any English word.
_TAIL_CHARS = 256


_HYPHENATED = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")


def hyphenated_words(texts) -> frozenset[str]:
    """Given texts, return every hyphenated compound printed unbroken in them (lower case), e.g. "multi-disciplinary"."""
    found = set()
    for text in texts:
        for line in text.split("\n"):
            found.update(m.group(0).lower() for m in _HYPHENATED.finditer(line))
    return frozenset(found)


def line_joint(tail: str, line: str, compounds: frozenset[str] = frozenset()) -> tuple[bool, str]:
    """Given the end of a paragraph so far, its next line (spaces folded) and the document's hyphenated
    compounds (`hyphenated_words`), return (drop the tail's hyphen?, what goes between them: "" or " ").

    A line ending in a hyphen is joined without a space. The document's own spelling decides
    first: "multi-" + "disciplinary" keeps its hyphen when the document prints
    "multi-disciplinary" unbroken elsewhere. Otherwise the hyphen is dropped only where it
    splits a word at the line break ("reable-" + "ment" -> "reablement": the joined word is an
    English word and the two halves are not both words); real hyphens ("short-" + "term",
    "co-" + "design") are kept.
    """
    end = _HYPHEN_END.search(tail)
    start = _WORD_START.match(line)
    if end and start:
        left, right = end.group(1), start.group(1)
        if f"{left}-{right}".lower() in compounds:
            return False, ""
        return is_english_word(left + right) and not (is_english_word(left) and is_english_word(right)), ""
    if tail.endswith("-") and line[:1].isalpha() and not tail.endswith(" -"):
        return False, ""
    return False, " "


def join_wrapped_lines(lines: list[str]) -> str:
    """Given the lines of one wrapped paragraph, return one line of text, joined by `line_joint`'s rule."""
    # Built as a list of pieces, and the hyphen rules look only at the last characters: a
    # paragraph of a hundred thousand lines (a hostile or broken file) stays linear in time.
    pieces: list[str] = []
    tail = ""
    for raw in lines:
        line = normalise_space(raw)
        if not line:
            continue
        if not pieces:
            piece = line
        else:
            drop, between = line_joint(tail, line)
            if drop:
                pieces[-1], tail = pieces[-1][:-1], tail[:-1]
            piece = between + line
        pieces.append(piece)
        tail = (tail + piece)[-_TAIL_CHARS:]
    return "".join(pieces)


def split_place_title(text: str) -> tuple[str | None, str]:
    """Given an example's published title ("Kent: Use of SHREWD"), return (place, title); place is None without a colon."""
    place, sep, title = text.partition(":")
    if not sep or not title.strip():
        return None, normalise_space(text)
    return normalise_space(place), normalise_space(title)
