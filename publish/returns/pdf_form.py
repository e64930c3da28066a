"""Reading a filled copy of the 2015 PDF: its action-plan form fields as a Submission."""
from __future__ import annotations

from pathlib import Path

from normalize.lineage import assign_keys
from pipeline.core.errors import InputError
from publish.forms.answers import Answer
from publish.forms.tags import plan_column_key, plan_tag
from publish.returns.submission import CollectedAnswer, Submission
from schema.model import finding


def read_pdf_submission(path: str, data: bytes, sha: str, edition: str = "2015") -> Submission:
    """Given a filled copy of the 2015 PDF, return its action-plan answers from its form fields.

    The PDF reader (extract/pdf.py) puts each field in the table cell it sits in, the
    interpreter reads the action plan's rows and columns from that table, and its rows are
    lineage keyed as when ingesting, so a field's row is a change's lineage key and
    its column the edition's column key: the same tags a Word action plan's controls carry.
    """
    from extract.base import Source   # noqa: PLC0415 (the PDF reader loads only for a PDF)
    from extract import extract       # noqa: PLC0415
    where = {"path": str(path)}
    content = extract(Source(str(path), data, sha, "pdf", edition)).content
    assign_keys(content, edition, str(path))   # rows and their fields get lineage keys, as in ingest
    plan = content.get("action_plan") or {}
    answers, problems = [], []
    for field in plan.get("fields", []):
        text = (field.get("value") or "").strip()
        if field.get("row") is None or field.get("column") is None:
            if text:
                problems.append(finding("unknown-tags", "warning", f"Form field {field['name']!r} lies outside the "
                                        f"action plan; its text \"{text[:60]}\" was not collected.", where,
                                        subject=field["name"]))
            continue
        column = plan_column_key(edition, field["row"], field["column"])   # as the Word plan's tag shortens it
        answers.append(CollectedAnswer(Answer(plan_tag(edition, field["row"], column), text or None, text),
                                       "pdf-text", "plan", field["row"], None, column, bool(text), field["name"]))
    if not answers:
        raise InputError(f"not a filled action plan: the PDF has no {edition} action-plan form fields", path)
    system = Path(path).stem
    problems.append(finding("no-system-name", "info", f"The PDF action plan has no field for the local system; "
                            f"its file name \"{system}\" was used.", where))
    return Submission(path=str(path), sha256=sha, template="action-plan", edition=edition, system=system,
                      assessment_date=None, partners=None, answers=answers, problems=problems)
