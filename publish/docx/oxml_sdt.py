"""The XML of one inline Word content control (`w:sdt`), said once.

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
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

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

