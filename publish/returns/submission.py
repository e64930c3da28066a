"""What one returned file says: its answers (each with where it belongs), who and when, and its problems.

The data at the centre of collecting: the readers (read.py, pdf_form.py) make Submissions,
the store (store.py) keeps them, the batch (batch.py) reports on them.
"""
from __future__ import annotations

from dataclasses import dataclass

from publish.forms.answers import Answer


@dataclass
class CollectedAnswer:
    """One control's answer with where it belongs: the Answer plus its tag's parts and whether it was answered."""
    answer: Answer
    kind: str
    scope: str | None
    change_key: str | None
    row: int | None
    field: str | None
    answered: bool
    name: str | None = None   # the control's title (w:alias), e.g. "Level: Home first, Planned"

    def record(self) -> dict:
        """Return the answer as the JSON record `hicm collect --json` prints."""
        return {"tag": self.answer.tag, "value": self.answer.value, "label": self.answer.label,
                "type": self.kind, "change": self.change_key, "row": self.row, "field": self.field,
                "carried_from": self.answer.carried_from}


@dataclass
class Submission:
    """What one returned file says: who, when, which template and edition, every answer, and its problems."""
    path: str
    sha256: str
    template: str | None
    edition: str | None
    system: str | None
    assessment_date: str | None
    partners: str | None
    answers: list[CollectedAnswer]
    problems: list[dict]
    structure: str | None = None
