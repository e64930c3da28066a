"""Reading filled self-assessments back: a returned .docx (or the 2015 PDF action plan) into answers.

Two layers, as python-docx has them: read_controls() knows the XML of content controls and
returns one Control per `w:sdt`; read_submission() knows hicm's tag grammar (publish/forms/tags.py)
and custom properties (publish/forms/answers.py) and turns controls into Answers plus the problems a
collector must report (another edition, a modified structure, a level typed instead of chosen,
unanswered rows).

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
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from normalize.lineage import load_lineage
from pipeline.core.errors import InputError
from publish.forms.answers import (Answer, PROPERTY_EDITION, PROPERTY_STRUCTURE, PROPERTY_SYSTEM,
                             PROPERTY_TEMPLATE, structure_digest)
from publish.docx.safe_docx import WORD_MAIN, WORD_TEMPLATE_MAIN, DocxPackage, open_docx
from publish.forms.tags import COVER_FIELDS, parse_tag, plan_column_key, plan_tag
from schema.model import DEFAULT_LEVEL_LABELS, LEVEL_KEYS, finding

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_TRUE = {"1", "true", "on"}


@dataclass
class Control:
    """One content control as written in the file, before any hicm meaning is given to it."""
    tag: str | None
    alias: str | None
    kind: str                       # dropdown | combobox | date | checkbox | text | richtext | other
    showing_placeholder: bool
    text: str                       # the visible text
    items: list[tuple[str, str]] = field(default_factory=list)   # (display text, value)
    last_value: str | None = None
    full_date: str | None = None
    date_format: str | None = None
    checked: bool | None = None
    index: int = 0                  # position among the document's controls (1-based), for locations
    carried_from: str | None = None  # the prefill note publish writes beside the control, if any


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


# ---------------------------------------------------------------- low layer: content-control XML

def read_controls(body: etree._Element) -> list[Control]:
    """Given a parsed document part, return its content controls in document order."""
    return [_control(sdt, number) for number, sdt in enumerate(body.iter(f"{W}sdt"), start=1)]


def _control(sdt: etree._Element, index: int) -> Control:
    """Given a w:sdt element, return the Control it holds (one pass over its properties: collect reads thousands)."""
    content = sdt.find(f"{W}sdtContent")
    control = Control(tag=None, alias=None, kind="richtext", showing_placeholder=False,
                      text=visible_text(content) if content is not None else "", index=index,
                      carried_from=_carried_note(sdt))
    props = sdt.find(f"{W}sdtPr")
    for child in (props if props is not None else ()):
        if not isinstance(child.tag, str):
            continue
        namespace, _, name = child.tag[1:].partition("}")
        if name == "tag":
            control.tag = child.get(f"{W}val")
        elif name == "alias":
            control.alias = child.get(f"{W}val")
        elif name == "showingPlcHdr":
            control.showing_placeholder = (child.get(f"{W}val") or "1").lower() in _TRUE
        elif name in ("dropDownList", "comboBox"):
            control.kind = "dropdown" if name == "dropDownList" else "combobox"
            control.last_value = child.get(f"{W}lastValue")
            control.items = [(item.get(f"{W}displayText") or item.get(f"{W}value") or "",
                              item.get(f"{W}value") or item.get(f"{W}displayText") or "")
                             for item in child.iter(f"{W}listItem")]
        elif name == "date":
            control.kind = "date"
            control.full_date = child.get(f"{W}fullDate")
            control.date_format = _val(child.find(f"{W}dateFormat"))
        elif name == "checkbox" and child.tag == f"{W14}checkbox":
            control.kind = "checkbox"
            checked = child.find(f"{W14}checked")
            control.checked = checked is not None and (checked.get(f"{W14}val") or "1").lower() in _TRUE
        elif name == "text":
            control.kind = "text"
        elif name in ("picture", "docPartObj", "docPartList", "group", "citation", "bibliography", "equation"):
            control.kind = "other"
    return control


_CARRIED = re.compile(r"\s*\(carried from the (.+)\)\s*")


def _carried_note(sdt: etree._Element) -> str | None:
    """Given an inline w:sdt, return the assessment named by publish's "(carried from the …)" note after it, or None."""
    after = sdt.getnext()
    if after is None or after.tag != f"{W}r":
        return None
    match = _CARRIED.fullmatch("".join(t.text or "" for t in after.iter(f"{W}t")))
    return match.group(1) if match else None


def _val(element: etree._Element | None, default: str | None = None) -> str | None:
    return element.get(f"{W}val", default) if element is not None else default


def visible_text(content: etree._Element) -> str:
    """Given a w:sdtContent, return the text a reader sees: runs' text, tabs, breaks, paragraphs as newlines."""
    pieces: list[str] = []
    paragraphs = 0
    for element in content.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}p", f"{W}delText"):
        tag = element.tag
        if tag == f"{W}t":
            pieces.append(element.text or "")
        elif tag == f"{W}p":
            if paragraphs:
                pieces.append("\n")
            paragraphs += 1
        elif tag == f"{W}tab":
            if element.getparent() is not None and element.getparent().tag == f"{W}r":
                pieces.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            pieces.append("\n")
    return "".join(pieces).strip("\n")


# ---------------------------------------------------------------- high layer: hicm answers

def read_properties(package: DocxPackage) -> dict[str, str]:
    """Given a package, return its custom document properties (name -> text value)."""
    root = package.xml("docProps/custom.xml")
    if root is None:
        return {}
    result = {}
    for prop in root.iter(f"{_CUSTOM}property"):
        value = next(iter(prop), None)
        if prop.get("name") and value is not None:
            result[prop.get("name")] = value.text or ""
    return result


def main_part_name(package: DocxPackage) -> str:
    """Given a package, return the name of its main document part (normally word/document.xml)."""
    for override in package.content_types.iter(f"{_CT}Override"):
        if override.get("ContentType") in (WORD_MAIN, WORD_TEMPLATE_MAIN):
            return override.get("PartName", "").lstrip("/")
    return "word/document.xml"


_SPACES = re.compile(r"\s+")


def _fold(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


_LEVEL_BY_LABEL = {_fold(label): str(LEVEL_KEYS.index(key)) for key, label in DEFAULT_LEVEL_LABELS.items()}


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
            if _fold(display) == _fold(text):
                return value, display, True, None
        return _LEVEL_BY_LABEL.get(_fold(text)), text, True, "level-typed-as-text"
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
        return any(_fold(display) == _fold(text) for display, _ in control.items) if text else False
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
    properties = read_properties(package)
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
            problem, value = "level-typed-as-text", _LEVEL_BY_LABEL.get(_fold(label))
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


def row_theme(control_name: str, change_key: str | None = None) -> str | None:
    """Given a level control's title ("Level: <change title>, <theme>") and its change's key, return the row's
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


# ---------------------------------------------------------------- the 2015 PDF action plan

def read_pdf_submission(path: str, data: bytes, sha: str, edition: str = "2015") -> Submission:
    """Given a filled copy of the 2015 PDF, return its action-plan answers from its form fields.

    The PDF reader (extract/pdf.py) places each field in the action plan's table by position, so
    a field's row is a change's lineage key and its column the edition's column key: the same
    tags a Word action plan's controls carry.
    """
    from extract.base import Source
    from extract.pdf import extract
    where = {"path": str(path)}
    plan = extract(Source(str(path), data, sha, "pdf", edition)).content.get("action_plan") or {}
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
