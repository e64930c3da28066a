"""Given two texts, their difference in words: the one place that decides when wording changed.

`Comparison` says what counts as the same wording (typography ignored unless exact);
`text_diff` gives a text's status and word segments; `match_by_similarity` pairs two lists of
texts (tips, titles, lines). normalize/compare.py builds the diff model from these, and
normalize/split_parts.py uses `similarity` to share out a split change.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from pipeline.core.text import fold_typography, fold_words


@dataclass(frozen=True)
class Comparison:
    """How two editions are compared: what counts as a difference in wording.

    By default two texts that differ only in typography (see pipeline.core.text.fold_typography:
    quotes, dashes, spacing, a final full stop) are the same: auditors want changes in meaning.
    `exact` reports those differences too.
    """
    exact: bool = False

    def same(self, old: str, new: str) -> bool:
        """Given two texts, return whether they count as the same wording."""
        return words(old) == words(new) or (not self.exact and fold_typography(old) == fold_typography(new))


MEANING = Comparison()


# ---------------------------------------------------------------- words and texts

def words(text: str | None) -> list[str]:
    """Given a text (or None), return its whitespace-separated word tokens."""
    return text.split() if text else []


def similarity(old: str | None, new: str | None) -> float:
    """Given two texts, return the similarity (0..1) of their folded word sequences."""
    a, b = fold_words(old).split(), fold_words(new).split()
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


_TOKEN = re.compile(r"\w+(?:['’]\w+)*|\s+|[^\w\s]")


def tokens(text: str) -> list[str]:
    """Given a text, return its word, punctuation and space tokens (joined, they give the text back)."""
    return _TOKEN.findall(text)


def is_island(run: list[str]) -> bool:
    """Given an equal run of tokens between two changes, return whether it is too small to read as kept text.

    Spaces, punctuation and one short word ("a", "to", "and") between two changes make a
    redline choppy; such islands are folded into the change around them.
    """
    words_in_run = [t for t in run if not t.isspace()]
    return len(words_in_run) == 0 or (len(words_in_run) == 1 and len(words_in_run[0]) <= 3)


def only_typography(opcode: tuple, a: list[str], b: list[str], new: str) -> bool:
    """Given one difference between token lists a and b (new is b joined), return whether it changes typography only.

    It does when putting the old tokens back into the new text leaves its fold_typography
    unchanged: a curly quote, a dash's spacing, a final full stop; never a word, and never a
    space between two words ("a service", "aservice").
    """
    _, i1, i2, j1, j2 = opcode
    reverted = "".join(b[:j1]) + "".join(a[i1:i2]) + "".join(b[j2:])
    return fold_typography(reverted) == fold_typography(new)


def word_segments(old: str, new: str, how: Comparison = MEANING) -> list[dict]:
    """Given two texts, return their word-level difference as segments {op: equal|delete|insert, text}.

    Joining the equal and insert segments gives the new text; the equal and delete segments give
    the old one (up to typography, unless `how` is exact: a difference in typography only is
    an equal segment holding the new text). Small islands between two changed words (see
    is_island) join them into one change, so a reworded phrase reads as one deletion and one
    insertion.
    """
    a, b = tokens(old), tokens(new)
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    if not how.exact:
        opcodes = [("equal", *op[1:]) if op[0] != "equal" and only_typography(op, a, b, new) else op for op in opcodes]
    regions: list[list] = []   # [op, old tokens, new tokens]; op is equal or change
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between_changes = 0 < index < len(opcodes) - 1 and opcodes[index - 1][0] != "equal" \
            and opcodes[index + 1][0] != "equal" and is_island(b[j1:j2])
        if tag == "equal" and not between_changes:
            if regions and regions[-1][0] == "equal":
                regions[-1][1] += a[i1:i2]
                regions[-1][2] += b[j1:j2]
            else:
                regions.append(["equal", a[i1:i2], b[j1:j2]])
        elif regions and regions[-1][0] == "change":
            regions[-1][1] += a[i1:i2]
            regions[-1][2] += b[j1:j2]
        else:
            regions.append(["change", a[i1:i2], b[j1:j2]])
    segments: list[dict] = []
    for op, old_tokens, new_tokens in regions:
        if op == "equal":
            segments.append({"op": "equal", "text": "".join(new_tokens)})
            continue
        if old_tokens:
            segments.append({"op": "delete", "text": "".join(old_tokens)})
        if new_tokens:
            segments.append({"op": "insert", "text": "".join(new_tokens)})
    return segments


def text_diff(old: str | None, new: str | None, how: Comparison = MEANING) -> dict:
    """Given an old and a new text (either may be None), return their text difference.

    `unchanged` keeps one copy of the text (the new one); `modified` keeps both and the word
    segments; `added`/`removed` keep the side that exists; `absent` means neither edition has
    it. Whitespace-only differences count as unchanged (the model already folds whitespace),
    and so do typographic ones unless `how` is exact.
    """
    old = old if old else None
    new = new if new else None
    if old is None and new is None:
        return {"status": "absent"}
    if old is None:
        return {"status": "added", "new": new}
    if new is None:
        return {"status": "removed", "old": old}
    if how.same(old, new):
        return {"status": "unchanged", "text": new}
    return {"status": "modified", "old": old, "new": new, "segments": word_segments(old, new, how)}


def changed(diff: dict) -> bool:
    """Given a text difference, return whether it reports a difference."""
    return diff["status"] not in ("unchanged", "absent")


def match_by_similarity(old: list[str], new: list[str], threshold: float) -> dict[int, int]:
    """Given old and new texts, return {old index: new index} for matched pairs.

    Identical (folded) texts match first, in order; then the remaining pairs greedily by
    descending similarity (ties broken by position, so the result is deterministic).
    """
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    by_text: dict[str, list[int]] = {}
    for j, text in enumerate(new):
        by_text.setdefault(fold_words(text), []).append(j)
    for i, text in enumerate(old):
        for j in by_text.get(fold_words(text), []):
            if j not in taken:
                pairs[i] = j
                taken.add(j)
                break
    candidates = []
    for i, a in enumerate(old):
        if i in pairs:
            continue
        for j, b in enumerate(new):
            if j in taken:
                continue
            score = similarity(a, b)
            if score >= threshold:
                candidates.append((-score, i, j))
    for _, i, j in sorted(candidates):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pairs
