"""Which edition record each golden Word document is made from, and publishing one (the forms tests' helpers)."""
from __future__ import annotations

import json
from pathlib import Path

from tests.support.paths import FIXTURES, GOLDEN

EDITIONS = ("2015", "2019", "2020")
KINDS = ("assessment", "action-plan")


def edition_source(edition_id: str) -> Path:
    """Given an edition id, return the record the goldens are made from: golden/editions/<id>.json, else our fixture."""
    golden = GOLDEN / "editions" / f"{edition_id}.json"
    return golden if golden.is_file() else FIXTURES / f"edition-{edition_id}.json"


def load(edition_id: str) -> dict:
    """Given an edition id, return the edition record the goldens are made from."""
    return json.loads(edition_source(edition_id).read_text(encoding="utf-8"))


def golden_path(edition_id: str, kind: str) -> Path:
    """Given an edition id and document kind, return its golden .docx path."""
    return GOLDEN / "publish" / edition_id / f"{kind}.docx"


def publish(edition: dict, kind: str, **options) -> bytes:
    """Given an edition record and a kind, return the published document's bytes."""
    from publish.forms.action_plan import build_action_plan   # noqa: PLC0415 (python-docx loads only here)
    from publish.forms.assessment import build_assessment   # noqa: PLC0415
    return (build_assessment if kind == "assessment" else build_action_plan)(edition, **options)
