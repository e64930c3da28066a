"""The `w:tag` of every content control hicm writes: one grammar, shared by publish and collect.

A tag says exactly which answer a control holds, so a filled document is read back without
guessing from its layout:

    hicm:<edition>:cover:<field>            cover: system-name | assessment-date | partners
    hicm:<edition>:<change key>:r<N>:<field> maturity-matrix row N (1-based): level | evidence
    hicm:<edition>:<change key>:all:<field>  a change with no published matrix (2019): level | evidence
    hicm:<edition>:<change key>:plan:<column key>   an action-plan cell

An action-plan column key too long for the 64-character limit is shortened to its longest
leading run of whole words (hyphen-separated) that fits (`plan_column_key`): a reader matches
it to the edition's column whose key equals it or starts with it followed by a hyphen.

Word limits a tag to 64 characters, so every tag is checked against that when it is made.
A level control's title (`w:alias`, "Level: <change title>, <row>") names its row's theme
for a person; `row_theme` reads the theme back from it.

Drop-down items carry the level's ordinal (0 = Not yet established … 4 = Exemplary) as their
value, so answers compare across editions whatever the labels say.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from normalize.lineage import load_lineage

PREFIX = "hicm"
MAX_TAG_LENGTH = 64
COVER_FIELDS = ("system-name", "assessment-date", "partners")
ROW_FIELDS = ("level", "evidence")

_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"


@dataclass(frozen=True)
class Tag:
    """A parsed control tag. `row` is the 1-based matrix row, or None (cover, whole change, action plan)."""
    edition: str
    scope: str          # cover | matrix | change | plan
    key: str | None     # the change's lineage key (None for the cover)
    row: int | None
    field: str

    def __str__(self) -> str:
        if self.scope == "cover":
            text = f"{PREFIX}:{self.edition}:cover:{self.field}"
        elif self.scope == "matrix":
            text = f"{PREFIX}:{self.edition}:{self.key}:r{self.row}:{self.field}"
        elif self.scope == "change":
            text = f"{PREFIX}:{self.edition}:{self.key}:all:{self.field}"
        else:
            text = f"{PREFIX}:{self.edition}:{self.key}:plan:{self.field}"
        if len(text) > MAX_TAG_LENGTH:
            raise ValueError(f"tag {text!r} is longer than Word's {MAX_TAG_LENGTH}-character limit")
        return text


def cover_tag(edition: str, field: str) -> str:
    """Return the tag of a cover field (system-name, assessment-date, partners)."""
    if field not in COVER_FIELDS:
        raise ValueError(f"unknown cover field {field!r}")
    return str(Tag(edition, "cover", None, None, field))


def row_tag(edition: str, change_key: str, row: int, field: str) -> str:
    """Return the tag of a matrix row's level or evidence control (row is 1-based)."""
    return str(Tag(edition, "matrix", change_key, row, field))


def change_tag(edition: str, change_key: str, field: str) -> str:
    """Return the tag of a whole-change level or evidence control (editions without matrices)."""
    return str(Tag(edition, "change", change_key, None, field))


def plan_tag(edition: str, change_key: str, column_key: str) -> str:
    """Return the tag of an action-plan cell."""
    return str(Tag(edition, "plan", change_key, None, column_key))


def plan_column_key(edition: str, change_key: str, column_key: str) -> str:
    """Given an action-plan cell's edition, change key and column key, return the column key its tag uses.

    The key itself when the tag fits Word's limit, else its longest leading whole words that fit.
    """
    room = MAX_TAG_LENGTH - len(f"{PREFIX}:{edition}:{change_key}:plan:")
    if len(column_key) <= room:
        return column_key
    words = column_key.split("-")
    while words and len("-".join(words)) > room:
        words.pop()
    if not words:
        raise ValueError(f"no room for a column key in the tag of {change_key!r}")
    return "-".join(words)


def parse_tag(text: str) -> Tag | None:
    """Given a w:tag value, return the Tag it encodes, or None if it is not one of ours."""
    parts = text.split(":")
    if len(parts) < 4 or parts[0] != PREFIX:
        return None
    edition = parts[1]
    if len(parts) == 4 and parts[2] == "cover" and parts[3] in COVER_FIELDS:
        return Tag(edition, "cover", None, None, parts[3])
    if len(parts) != 5 or not re.fullmatch(_SLUG, parts[2]) or not re.fullmatch(_SLUG, parts[4]):
        return None
    key, part, field = parts[2], parts[3], parts[4]
    if part == "all":
        return Tag(edition, "change", key, None, field)
    if part == "plan":
        return Tag(edition, "plan", key, None, field)
    if re.fullmatch(r"r[1-9][0-9]*", part):
        return Tag(edition, "matrix", key, int(part[1:]), field)
    return None


# ---------------------------------------------------------------- level controls' titles

def level_title(change_title: str, row_name: str) -> str:
    """Given a change's title and a matrix row's name (its theme, "Row 2" or "Whole change"), return the level control's title."""
    return f"Level: {change_title}, {row_name}"


def row_theme(control_name: str, change_key: str | None = None) -> str | None:
    """Given a level control's title (see level_title) and its change's key, return the row's
    theme, or None ("Row 2", no title).

    Titles and themes may both hold commas ("Home adaptations, equipment, telecare and health"), so
    the change's known titles (lineage.toml, any edition) are stripped first; an unknown title
    leaves the text after the last comma.
    """
    if not control_name.startswith("Level: ") or ", " not in control_name:
        return None
    rest = control_name[len("Level: "):]
    titles = sorted((t for e in load_lineage() if e.key == change_key for scope in e.editions.values()
                     for t in scope.get("titles", [])), key=len, reverse=True)
    prefix = next((t for t in titles if rest.casefold().startswith(t.casefold() + ", ")), None)
    theme = (rest[len(prefix) + 2:] if prefix else rest.rsplit(", ", 1)[1]).strip()
    return None if not theme or re.fullmatch(r"Row \d+", theme) else theme
