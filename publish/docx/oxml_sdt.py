"""The XML of one inline Word content control (`w:sdt`), said once: written here, and read back here.

python-docx has no content-control API, so this module is our `oxml` layer for them: it knows
the exact shape Word and LibreOffice 25.2 both accept, and nothing about the model. Every
control we write is *inline* (a `w:sdt` inside a paragraph around one run): LibreOffice loses
block-level controls (see README, "LibreOffice").

    <w:sdt>
      <w:sdtPr>
        <w:alias w:val="Level: Planned"/>          title, also the accessible label
        <w:tag w:val="hicm:2020:home-first:r1:level"/>
        <w:id w:val="123456"/>                     stable: derived from the tag
        <w:lock w:val="sdtLocked"/>                the control cannot be deleted
        <w:showingPlcHdr/>                         only while unanswered
        <w:dropDownList> <w:listItem w:displayText="Mature" w:value="3"/> … </w:dropDownList>
          | <w:date w:fullDate="…"?><w:dateFormat w:val="dd/MM/yyyy"/><w:lid w:val="en-GB"/>
          |   <w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/></w:date>
          | <w:richText/> | <w:text/>
      </w:sdtPr>
      <w:sdtContent><w:r><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr><w:t>Choose a level</w:t></w:r></w:sdtContent>
    </w:sdt>

Reading (`read_controls`) takes controls as office suites really write them, before any hicm
meaning is given to them: one `Control` per `w:sdt`, in document order.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

KINDS = ("dropdown", "date", "rich", "plain")
DATE_FORMAT = "dd/MM/yyyy"
DATE_LOCALE = "en-GB"
PLACEHOLDER_STYLE = "PlaceholderText"


@dataclass(frozen=True)
class ListItem:
    """One drop-down choice: what a person sees and the machine-readable value."""
    display: str
    value: str


def control_id(tag: str) -> int:
    """Given a control's tag, return its stable `w:id` (a positive 31-bit number)."""
    return zlib.crc32(tag.encode("utf-8")) & 0x7FFFFFFF or 1


def _element(name: str, **attributes: str):
    """Given a `w:` tag name and attributes (without prefix), return a new element."""
    element = OxmlElement(name)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _run(text: str, style: str | None = None):
    """Given text and an optional character style, return a `w:r` holding it (line breaks as `w:br`)."""
    run = _element("w:r")
    if style:
        rpr = _element("w:rPr")
        rpr.append(_element("w:rStyle", val=style))
        run.append(rpr)
    for index, line in enumerate(text.split("\n")):
        if index:
            run.append(_element("w:br"))
        t = _element("w:t")
        t.text = line
        if line != line.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(t)
    return run


def new_sdt(kind: str, tag: str, alias: str, placeholder: str,
            items: tuple[ListItem, ...] = ()):
    """Given a control's kind, tag, title, placeholder text and (drop-downs) items, return an unanswered inline `w:sdt`."""
    if kind not in KINDS:
        raise ValueError(f"unknown control kind {kind!r}")
    sdt = _element("w:sdt")
    pr = _element("w:sdtPr")
    pr.append(_element("w:alias", val=alias))
    pr.append(_element("w:tag", val=tag))
    pr.append(_element("w:id", val=str(control_id(tag))))
    pr.append(_element("w:lock", val="sdtLocked"))
    pr.append(_element("w:showingPlcHdr"))
    if kind == "dropdown":
        box = _element("w:dropDownList")
        for item in items:
            box.append(_element("w:listItem", displayText=item.display, value=item.value))
        pr.append(box)
    elif kind == "date":
        date = _element("w:date")
        date.append(_element("w:dateFormat", val=DATE_FORMAT))
        date.append(_element("w:lid", val=DATE_LOCALE))
        date.append(_element("w:storeMappedDataAs", val="dateTime"))
        date.append(_element("w:calendar", val="gregorian"))
        pr.append(date)
    elif kind == "rich":
        pr.append(_element("w:richText"))
    else:
        pr.append(_element("w:text"))
    sdt.append(pr)
    content = _element("w:sdtContent")
    content.append(_run(placeholder, PLACEHOLDER_STYLE))
    sdt.append(content)
    return sdt


def set_answer(sdt, text: str, full_date: str | None = None) -> None:
    """Given a `w:sdt`, its answer's visible text and (dates) an ISO date, fill it in place.

    The placeholder flag goes, the content becomes one plain run of the answer, and a date
    control records `w:fullDate` (what a reader takes the date from).
    """
    pr = sdt.find(qn("w:sdtPr"))
    flag = pr.find(qn("w:showingPlcHdr"))
    if flag is not None:
        pr.remove(flag)
    if full_date is not None:
        pr.find(qn("w:date")).set(qn("w:fullDate"), f"{full_date}T00:00:00Z")
    content = sdt.find(qn("w:sdtContent"))
    for child in list(content):
        content.remove(child)
    content.append(_run(text))


# ---------------------------------------------------------------- reading controls back

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
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
