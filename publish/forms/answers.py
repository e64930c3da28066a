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
PROPERTY_STRUCTURE = "hicm-structure"          # sha256 of the sorted list of control tags
PROPERTY_SYSTEM = "hicm-system"                # the local system the copy was made for, if any


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
    """Given a document's control tags, return its hicm-structure property: sha256 of the sorted tags, one a line."""
    return hashlib.sha256("\n".join(sorted(tags)).encode("utf-8")).hexdigest()
