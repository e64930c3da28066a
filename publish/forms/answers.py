"""One answer held by one content control: what publish prefills and what collect reads back.

Shared by the writers (prefilling next year's template) and by collect (reading filled
templates), so both speak of answers in the same terms.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterable

#: Custom document properties (docProps/custom.xml) every hicm document carries, so collect can
#: tell which template and edition a returned file is, without guessing from its layout.
PROPERTY_TEMPLATE = "hicm-template"            # "assessment" | "action-plan"
PROPERTY_EDITION = "hicm-edition"              # edition id, e.g. "2020"
PROPERTY_STRUCTURE = "hicm-structure"          # sha256 of the control tags in document order
PROPERTY_SYSTEM = "hicm-system"                # the local system the copy was made for, if any
PROPERTY_ROUND = "hicm-round"                  # the collection round's id (publish/forms/rounds.py), if any


@dataclass(frozen=True)
class Answer:
    """The answer in one control.

    `value` is machine-readable: the level's ordinal ("0".."4") for a level drop-down, an ISO
    date (YYYY-MM-DD) for a date picker, the text itself otherwise. `label` is what a person
    sees: the level's display text, the formatted date, or the text typed. `carried_from` names
    the earlier assessment an answer was prefilled from (e.g. "2015 assessment, Seven-day
    services"), or None.
    """
    tag: str
    value: str | None
    label: str
    carried_from: str | None = None


def structure_digest(tags: Iterable[str]) -> str:
    """Given a document's control tags in document order, return its hicm-structure property: their sha256, one a line.

    The order is part of the digest, so two controls whose tags were swapped (the same tags,
    each now beside the other's matrix row) no longer match the template they came from.
    """
    return hashlib.sha256("\n".join(tags).encode("utf-8")).hexdigest()


def structure_matches(declared: str | None, tags: list[str]) -> bool:
    """Given a document's hicm-structure property and its control tags in document order, return whether they match.

    Documents published before the order counted carry the digest of the sorted tags; they
    still match when their tags are those of the template (their order cannot be checked).
    """
    if not declared:
        return False
    return declared in (structure_digest(tags), structure_digest(sorted(tags)))
