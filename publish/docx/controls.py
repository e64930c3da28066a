"""Content controls for writers: "a level drop-down tagged t in this paragraph", never raw `w:sdt`.

The friendly layer above `publish.docx.oxml_sdt`: writers pass a python-docx paragraph, a tag made
by `publish.forms.tags`, a title and, when prefilling, the `publish.forms.answers.Answer` for that tag. An
answer carried from an earlier assessment is marked in words after the control, so the mark
does not rely on colour and is not read back as part of the answer.
"""
from __future__ import annotations

import datetime as dt
from typing import Mapping, Sequence

from publish.docx import oxml_sdt
from publish.forms.answers import Answer

PLACEHOLDERS = {
    "dropdown": "Choose a level",
    "rich": "Type your evidence…",
    "plain": "Type here…",
    "date": "Choose a date",
}


def level_items(levels: Sequence[dict]) -> tuple[oxml_sdt.ListItem, ...]:
    """Given an edition's levels, return the drop-down items: the level's label shown, its ordinal as value."""
    return tuple(oxml_sdt.ListItem(level["label"], str(ordinal)) for ordinal, level in enumerate(levels))


def format_date(iso: str) -> str:
    """Given an ISO date (YYYY-MM-DD), return it as Word shows it with our format (dd/MM/yyyy)."""
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def _append(paragraph, sdt, answer: Answer | None) -> None:
    """Given a paragraph, a control and an optional answer, put the control (and any carried note) at its end."""
    paragraph._p.append(sdt)
    if answer is not None and answer.carried_from:
        note = paragraph.add_run(f" (carried from the {answer.carried_from})")
        note.italic = True


class Controls:
    """Adds controls to paragraphs, prefilling from `answers` (tag → Answer) and remembering every tag."""

    def __init__(self, answers: Mapping[str, Answer] | None = None):
        self.answers = dict(answers or {})
        self.tags: list[str] = []

    def _claim(self, tag: str) -> Answer | None:
        """Given a tag, record it (each tag once per document) and return its answer, if any."""
        if tag in self.tags:
            raise ValueError(f"control tag {tag!r} used twice in one document")
        self.tags.append(tag)
        return self.answers.get(tag)

    def level(self, paragraph, tag: str, title: str, levels: Sequence[dict]) -> None:
        """Given a paragraph, add a level drop-down (items = the edition's levels) tagged `tag`."""
        answer = self._claim(tag)
        items = level_items(levels)
        sdt = oxml_sdt.new_sdt("dropdown", tag, title, PLACEHOLDERS["dropdown"], items)
        if answer is not None and answer.value is not None:
            chosen = next((item for item in items if item.value == answer.value), None)
            if chosen is not None:
                oxml_sdt.set_answer(sdt, chosen.display)
            else:
                answer = None  # a level this edition does not offer: leave the choice to the person
        _append(paragraph, sdt, answer)

    def text(self, paragraph, tag: str, title: str, placeholder: str | None = None, rich: bool = True) -> None:
        """Given a paragraph, add a rich-text (or plain-text) control tagged `tag`."""
        answer = self._claim(tag)
        kind = "rich" if rich else "plain"
        sdt = oxml_sdt.new_sdt(kind, tag, title, placeholder or PLACEHOLDERS[kind])
        if answer is not None and (answer.label or answer.value):
            oxml_sdt.set_answer(sdt, answer.label or answer.value)
        else:
            answer = None
        _append(paragraph, sdt, answer)

    def date(self, paragraph, tag: str, title: str) -> None:
        """Given a paragraph, add a date picker (dd/MM/yyyy, en-GB) tagged `tag`."""
        answer = self._claim(tag)
        sdt = oxml_sdt.new_sdt("date", tag, title, PLACEHOLDERS["date"])
        if answer is not None and answer.value:
            oxml_sdt.set_answer(sdt, format_date(answer.value), full_date=answer.value)
        else:
            answer = None
        _append(paragraph, sdt, answer)
