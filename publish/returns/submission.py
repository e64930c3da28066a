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
    """What one returned file says: who, when, which template and edition, every answer, and its problems.

    `system` is whose return it is by the identity rule (publish/returns/identity.py): the system
    it was made out to (`made_out_to`, the hicm-system property), else the name on its cover
    (`cover_name`). `conflict` says why it must not become that system's current return, if
    so. `return_date` orders a system's returns (set when the file's modification time is known).
    """
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
    made_out_to: str | None = None
    cover_name: str | None = None
    conflict: str | None = None
    file_mtime: float | None = None
    return_date: str | None = None
    round: str | None = None      # the collection round it answers: its hicm-round property, None if it names none
