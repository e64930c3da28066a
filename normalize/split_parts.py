"""The part of a split change that each of its parts came from.

When the lineage says a change was split (2020's Home first into a later edition's Home first
and Discharge to assess), each part is compared with the content of the parent that it took,
not with the whole parent: otherwise every tip that went to the other part reads as removed
from this one. Each element of the parent (a top-level tip with the tips nested under it, an
example, a material, a matrix row, a sentence of the summary or of a statement) goes to the
part holding the most similar element (to each of them, when parts repeat it). An element that
no part holds goes to the heir, the part that kept the parent's key (else the first part),
where the diff shows it as removed.
"""
from __future__ import annotations

import re

from normalize.align import flatten_tips
from normalize.textdiff import similarity

#: An element of the parent goes to a part only if the part holds something at least this similar.
PART_SIMILARITY = 0.5

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9‘“'\"(])")


def sentences(text: str | None) -> list[str]:
    """Given a text, return its sentences ("A b. C d." -> ["A b.", "C d."]); none for no text."""
    return [s for s in _SENTENCE_END.split(text or "") if s.strip()]


def parts_holding(element_texts: list[str], part_texts: list[list[str]], heir: int) -> list[int]:
    """Given an element's texts and each part's texts, return the parts holding the most similar text.

    Parts holding it equally (a statement both parts repeat) each get it; when no part reaches
    PART_SIMILARITY the heir does.
    """
    scores = [max((similarity(a, b) for a in element_texts for b in texts), default=0.0) for texts in part_texts]
    best = max(scores, default=0.0)
    if best < PART_SIMILARITY:
        return [heir]
    return [index for index, score in enumerate(scores) if score == best]


def share_out(elements: list, texts_of, parts: list[list], heir: int) -> list[list]:
    """Given the parent's elements, a function giving an element's texts, and each part's elements, return each part's share."""
    part_texts = [[t for element in part for t in texts_of(element)] for part in parts]
    shares: list[list] = [[] for _ in parts]
    for element in elements:
        for index in parts_holding(texts_of(element), part_texts, heir):
            shares[index].append(element)
    return shares


def share_text(text: str | None, part_texts: list[str | None], heir: int) -> list[str | None]:
    """Given the parent's text and each part's, return each part's share of the parent's sentences (None for none)."""
    shares = share_out(sentences(text), lambda sentence: [sentence], [sentences(t) for t in part_texts], heir)
    return [" ".join(share) or None for share in shares]


def tip_texts(tip: dict) -> list[str]:
    """Given a tip, return its text and the texts of the tips nested under it."""
    return [row.text for row in flatten_tips([tip]) if row.text]


def row_texts(row: dict) -> list[str]:
    """Given a matrix row, return its theme and cells as texts."""
    return [t for t in (row.get("theme"), *row.get("cells", {}).values()) if t]


def listed_texts(item: dict) -> list[str]:
    """Given an example or material, return its title (with its place) and description."""
    title = f"{item['place']}: {item['title']}" if item.get("place") else item["title"]
    return [t for t in (title, item.get("description")) if t]


def split_shares(parent: dict, parts: list[dict]) -> list[dict]:
    """Given a change that was split and its parts (in the new edition), return for each part the parent's content it took.

    Each share has the shape of a change (title, summary, statements, tips, examples,
    materials, matrix), so the diff compares a part with its share as with any earlier change.
    """
    heir = next((index for index, part in enumerate(parts) if part["key"] == parent["key"]), 0)
    statements = parent.get("statements") or {}
    shared = {
        "summary": share_text(parent.get("summary"), [p.get("summary") for p in parts], heir),
        "i": share_text(statements.get("i"), [(p.get("statements") or {}).get("i") for p in parts], heir),
        "we": share_text(statements.get("we"), [(p.get("statements") or {}).get("we") for p in parts], heir),
        "tips": share_out(parent.get("tips", []), tip_texts, [p.get("tips", []) for p in parts], heir),
        "examples": share_out(parent.get("examples", []), listed_texts, [p.get("examples", []) for p in parts], heir),
        "materials": share_out(parent.get("materials", []), listed_texts,
                               [p.get("materials", []) for p in parts], heir),
    }
    matrix = parent.get("matrix")
    rows = share_out(matrix["rows"], row_texts, [(p.get("matrix") or {}).get("rows", []) for p in parts], heir) \
        if matrix else None
    shares = []
    for index in range(len(parts)):
        shares.append({
            **parent,
            "summary": shared["summary"][index],
            "statements": {"i": shared["i"][index], "we": shared["we"][index]},
            "tips": shared["tips"][index],
            "examples": shared["examples"][index],
            "materials": shared["materials"][index],
            "matrix": {**matrix, "rows": rows[index]} if matrix else None,
        })
    return shares
