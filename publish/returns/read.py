"""Reading a filled self-assessment back: a returned .docx (or the 2015 PDF action plan) into answers.

Two layers, as python-docx has them: publish/docx/oxml_sdt.py `read_controls()` knows the XML
of content controls and returns one Control per `w:sdt`; this module knows hicm's tag grammar
(publish/forms/tags.py) and custom properties (publish/forms/answers.py) and turns controls
into Answers plus the problems a collector must report (another edition, a modified
structure, a level typed instead of chosen, unanswered rows).

Controls are read as office suites really write them (see README, "Collecting"):
- a drop-down's answer is its visible text matched to an item's display text; `w:lastValue`
  is ignored (LibreOffice writes none, Word's can be stale);
- a control with no type element is rich text (LibreOffice drops `<w:richText/>`);
- `w:showingPlcHdr` means unanswered, whatever the text;
- a date is its `w:fullDate`, not the formatted text;
- a checkbox's `w14:checked` is on when its value is `1`, `true`, `on` or absent.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re

from normalize.lineage import load_lineage
from pipeline.core.errors import InputError
from pipeline.core.text import fold_case
from publish.docx.oxml_sdt import Control, read_controls
from publish.docx.safe_docx import custom_properties, main_part_name, open_docx
from publish.forms.answers import (Answer, PROPERTY_EDITION, PROPERTY_STRUCTURE, PROPERTY_SYSTEM,
                                   PROPERTY_TEMPLATE, structure_digest)
from publish.forms.tags import COVER_FIELDS, parse_tag
from publish.returns.pdf_form import read_pdf_submission
from publish.returns.submission import CollectedAnswer, Submission
from schema.model import DEFAULT_LEVEL_LABELS, LEVEL_KEYS, finding

_LEVEL_BY_LABEL = {fold_case(label): str(LEVEL_KEYS.index(key)) for key, label in DEFAULT_LEVEL_LABELS.items()}


def answer_of(control: Control) -> tuple[str | None, str, bool, str | None]:
    """Given a control, return (value, label, answered, problem code or None) as a reader should take them."""
    text = control.text.strip()
    if control.showing_placeholder and not _placeholder_flag_is_stale(control, text):
        return None, "", False, None
    if control.kind == "checkbox":
        return ("1" if control.checked else "0"), ("checked" if control.checked else "not checked"), True, None
    if control.kind == "date":
        value = _iso_date(control.full_date) or _parse_formatted_date(text, control.date_format)
        if not text and value is None:
            return None, "", False, None
        return value, text, True, (None if value else "date-unreadable")
    if control.kind in ("dropdown", "combobox"):
        if not text:
            return None, "", False, None
        for display, value in control.items:
            if fold_case(display) == fold_case(text):
                return value, display, True, None
        return _LEVEL_BY_LABEL.get(fold_case(text)), text, True, "level-typed-as-text"
    if not text:
        return None, "", False, None
    return text, text, True, None


def _placeholder_flag_is_stale(control: Control, text: str) -> bool:
    """Given a control flagged as showing its placeholder, return True if it holds an answer all the same.

    A drop-down showing one of its items, or a date picker with a stored date, was answered: a
    tool that sets the content without clearing the flag (LibreOffice over UNO does) leaves it
    stale. A placeholder is never a list item and never has a w:fullDate. Text controls cannot
    tell, so for them the flag wins.
    """
    if control.kind in ("dropdown", "combobox"):
        return any(fold_case(display) == fold_case(text) for display, _ in control.items) if text else False
    if control.kind == "date":
        return _iso_date(control.full_date) is not None
    return False


def _iso_date(full_date: str | None) -> str | None:
    """Given a w:fullDate (2017-09-30T00:00:00Z), return its date as YYYY-MM-DD, or None."""
    if not full_date:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", full_date)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def _parse_formatted_date(text: str, date_format: str | None) -> str | None:
    """Given a date's formatted text and its Word format (dd/MM/yyyy), return YYYY-MM-DD, or None."""
    pattern = (date_format or "dd/MM/yyyy").replace("yyyy", "%Y").replace("MM", "%m").replace("dd", "%d")
    for candidate in (pattern, "%d/%m/%Y", "%Y-%m-%d", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, candidate).date().isoformat()
        except ValueError:
            continue
    return None


def read_submission(path: str, data: bytes, expected_edition: str | None = None) -> Submission:
    """Given a returned file's path and bytes, return what it says; raise InputError if it is refused."""
    sha = hashlib.sha256(data).hexdigest()
    if data[:5] == b"%PDF-" and str(path).lower().endswith(".pdf"):
        return read_pdf_submission(path, data, sha)
    package = open_docx(path, data)
    body = package.xml(main_part_name(package))
    if body is None:
        raise InputError("not a Word document: its main document part is missing", path)
    controls = read_controls(body)
    properties = custom_properties(package)
    return interpret(path, sha, controls, properties, expected_edition)


def interpret(path: str, sha: str, controls: list[Control], properties: dict[str, str],
              expected_edition: str | None = None) -> Submission:
    """Given a file's controls and custom properties, return its Submission with answers and problems."""
    where = {"path": str(path)}
    problems: list[dict] = []
    ours = [(c, parse_tag(c.tag)) for c in controls if c.tag and c.tag.startswith("hicm:")]
    unknown = [c.tag for c, t in ours if t is None]
    tagged = [(c, t) for c, t in ours if t is not None]
    edition = properties.get(PROPERTY_EDITION) or _most_common([t.edition for _, t in tagged])
    template = properties.get(PROPERTY_TEMPLATE) or (
        "action-plan" if tagged and all(t.scope in ("plan", "cover") for _, t in tagged) else
        "assessment" if tagged else None)
    if not tagged:
        problems.append(finding("not-a-hicm-template", "error",
                                "The file has no hicm content controls: it is not a returned hicm template "
                                "(or its controls were removed).", where))
    if expected_edition and edition and edition != expected_edition:
        problems.append(finding("other-edition", "error",
                                f"The file is a {edition} template, not edition {expected_edition}.", where,
                                values={"edition": edition, "expected": expected_edition}))
    foreign = sorted({c.tag for c, t in tagged if t.edition != edition})
    unknown += foreign
    if unknown:
        problems.append(finding("unknown-tags", "warning",
                                f"{len(unknown)} control tag(s) do not belong to an edition-{edition} template: "
                                + ", ".join(sorted(unknown)[:5]) + (" …" if len(unknown) > 5 else ""), where,
                                values={"tags": sorted(unknown)}))
    tags_present = [c.tag for c, _ in ours]
    digest = structure_digest(tags_present)
    declared = properties.get(PROPERTY_STRUCTURE)
    if declared and declared != digest:
        problems.append(finding("structure-modified", "warning",
                                "The file's controls differ from the template it was made from (controls added, "
                                "removed or re-tagged); answers were read by tag.", where,
                                values={"declared": declared, "found": digest}))
    # A matching structure digest proves nothing is missing; otherwise infer what is from the tag grammar.
    missing = [] if declared == digest else _missing_tags([t for _, t in tagged if t.edition == edition],
                                                          edition, template)
    if missing:
        problems.append(finding("missing-controls", "warning",
                                f"{len(missing)} control(s) of the template are missing: "
                                + ", ".join(missing[:5]) + (" …" if len(missing) > 5 else ""), where,
                                values={"tags": missing}))
    answers = []
    seen: set[str] = set()
    duplicates: list[str] = []
    for control, tag in tagged:
        if tag.edition != edition:
            continue
        if control.tag in seen:   # a copied control: the first one in the document is the answer
            duplicates.append(control.tag)
            continue
        seen.add(control.tag)
        value, label, answered, problem = answer_of(control)
        if tag.field == "level" and control.kind not in ("dropdown", "combobox") and answered:
            problem, value = "level-typed-as-text", _LEVEL_BY_LABEL.get(fold_case(label))
        if problem == "level-typed-as-text":
            read_as = f"read as {DEFAULT_LEVEL_LABELS[LEVEL_KEYS[int(value)]]}" if value is not None else "not counted"
            problems.append(finding("level-typed-as-text", "warning",
                                    f"Control {control.tag}: the level was typed as \"{label}\" instead of chosen "
                                    f"from the list ({read_as}).", {**where, "element": f"w:sdt[{control.index}]"},
                                    subject=control.tag))
        elif problem == "date-unreadable":
            problems.append(finding("date-unreadable", "warning",
                                    f"Control {control.tag}: the date \"{label}\" cannot be read.",
                                    {**where, "element": f"w:sdt[{control.index}]"}, subject=control.tag))
        answers.append(CollectedAnswer(Answer(control.tag, value, label, control.carried_from if answered else None),
                                       control.kind, tag.scope, tag.key, tag.row, tag.field, answered, control.alias))
    if duplicates:
        problems.append(finding("duplicate-controls", "warning",
                                f"{len(duplicates)} control(s) appear more than once (copied?); the first of each was "
                                "read: " + ", ".join(sorted(set(duplicates))[:5]), where,
                                values={"tags": sorted(set(duplicates))}))
    unanswered = [a.answer.tag for a in answers if a.field == "level" and not a.answered]
    if unanswered:
        problems.append(finding("unanswered-rows", "warning",
                                f"{len(unanswered)} level(s) not answered: " + ", ".join(unanswered[:5])
                                + (" …" if len(unanswered) > 5 else ""), where, values={"tags": unanswered}))
    cover = {a.field: a.answer for a in answers if a.scope == "cover" and a.answered}
    system = cover["system-name"].value if "system-name" in cover else (properties.get(PROPERTY_SYSTEM) or None)
    if system is None and tagged:
        problems.append(finding("no-system-name", "warning", "The local system's name is not filled in.", where))
    return Submission(path=str(path), sha256=sha, template=template, edition=edition, system=system,
                      assessment_date=cover["assessment-date"].value if "assessment-date" in cover else None,
                      partners=cover["partners"].value if "partners" in cover else None,
                      answers=answers, problems=problems, structure=digest)


def _most_common(values: list[str]) -> str | None:
    return max(sorted(set(values)), key=values.count) if values else None


def _missing_tags(tags: list, edition: str | None, template: str | None) -> list[str]:
    """Given a file's parsed tags, return the tags its template must have that it lacks (by the tag grammar and lineage)."""
    if template != "assessment" or edition is None:
        return []
    present = {str(t) for t in tags}
    expected: set[str] = {f"hicm:{edition}:cover:{name}" for name in COVER_FIELDS}
    rows_by_change: dict[str, set[int]] = {}
    whole: set[str] = set()
    for tag in tags:
        if tag.scope == "matrix":
            rows_by_change.setdefault(tag.key, set()).add(tag.row)
        elif tag.scope == "change":
            whole.add(tag.key)
    for key, rows in rows_by_change.items():
        for row in range(1, max(rows) + 1):
            expected |= {f"hicm:{edition}:{key}:r{row}:{name}" for name in ("level", "evidence")}
    for key in whole:
        expected |= {f"hicm:{edition}:{key}:all:{name}" for name in ("level", "evidence")}
    known = [entry.key for entry in load_lineage() if edition in entry.editions]
    missing = sorted(expected - present)
    missing += [f"hicm:{edition}:{key}:…:level" for key in known if key not in rows_by_change and key not in whole]
    return missing
