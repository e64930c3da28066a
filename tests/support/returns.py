"""Build small filled .docx files in the shapes Word and LibreOffice write, for collect's tests.

Given control specs (dicts), return the bytes of a minimal but valid Word package: one
paragraph per control, each control inline (`w:sdt` inside `w:p`), plus the custom properties
publish writes. `flavour="libreoffice"` writes controls as LibreOffice 25.2 does (no
`<w:richText/>`, no `w:lastValue`, an empty leading run); "word" as Word does. `fill_docx`
answers a real published template. DHSC_Q2_2017_18 holds the published figures the report
tests rebuild from 150 returns.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from xml.sax.saxutils import escape, quoteattr

from publish.forms.answers import PROPERTY_EDITION, PROPERTY_STRUCTURE, PROPERTY_SYSTEM, PROPERTY_TEMPLATE, structure_digest
from schema.model import DEFAULT_LEVEL_LABELS, LEVEL_KEYS


#: Department of Health and Social Care, written answer 119383 (December 2017): Health and Wellbeing
#: Board areas at "Established" or better in the Better Care Fund returns for Q2 2017/18, of 150.
DHSC_Q2_2017_18 = {
    "early-discharge-planning": 79, "monitoring-demand-and-capacity": 87, "multi-disciplinary-working": 108,
    "home-first": 87, "flexible-working-patterns": 62, "trusted-assessment": 50, "engagement-and-choice": 81,
    "discharge-to-care-homes": 81}

#: The same figures as the report's markdown table prints them from 150 collected 2015 returns: the
#: 2015 titles as published, then established-or-better and returns counted.
DHSC_Q2_2017_18_ROWS = [
    "| 1 | Early discharge planning | 79 | 150 |",
    "| 2 | Systems to monitor patient flow | 87 | 150 |",
    "| 3 | Multi-disciplinary/multi-agency discharge teams, including the voluntary and community sector | 108 | 150 |",
    "| 4 | Home first/discharge to assess | 87 | 150 |",
    "| 5 | Seven-day service | 62 | 150 |",
    "| 6 | Trusted assessors | 50 | 150 |",
    "| 7 | Focus on choice | 81 | 150 |",
    "| 8 | Enhancing health in care homes | 81 | 150 |"]

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"')
LEVEL_ITEMS = [(DEFAULT_LEVEL_LABELS[k], str(i)) for i, k in enumerate(LEVEL_KEYS)]
PLACEHOLDER = {"dropdown": "Choose a level.", "date": "Click to enter a date.", "text": "Click to enter text.",
               "richtext": "Click to enter text.", "checkbox": ""}

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="{main}"/>
<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>
{extra}</Types>"""
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>
</Relationships>"""


def control(tag: str, kind: str, answer=None, **options) -> dict:
    """Return a control spec: kind dropdown|date|text|richtext|checkbox; answer the visible text, or None (placeholder)."""
    return {"tag": tag, "kind": kind, "answer": answer, **options}


def sdt_xml(spec: dict, flavour: str = "word") -> str:
    """Given a control spec, return its inline w:sdt XML as Word or LibreOffice writes it."""
    kind, answer = spec["kind"], spec.get("answer")
    unanswered = answer is None and kind != "checkbox"
    props = [f'<w:alias w:val={quoteattr(spec.get("alias", spec["tag"]))}/>',
             f'<w:tag w:val={quoteattr(spec["tag"])}/>', f'<w:id w:val="{zlib.crc32(spec["tag"].encode()) % 2**31}"/>']
    if unanswered or spec.get("placeholder_flag"):
        props.append("<w:showingPlcHdr/>")
    if kind == "dropdown":
        items = spec.get("items", LEVEL_ITEMS)
        last = spec.get("last_value")
        if last is None and flavour == "word" and answer is not None:
            last = next((v for d, v in items if d == answer), None)
        last_attr = f" w:lastValue={quoteattr(last)}" if last is not None and flavour == "word" else ""
        props.append(f"<w:dropDownList{last_attr}>" + "".join(
            f"<w:listItem w:displayText={quoteattr(d)} w:value={quoteattr(v)}/>" for d, v in items)
            + "</w:dropDownList>")
    elif kind == "date":
        full = spec.get("full_date")
        full_attr = f' w:fullDate="{full}T00:00:00Z"' if full else ""
        props.append(f'<w:date{full_attr}><w:dateFormat w:val="dd/MM/yyyy"/><w:lid w:val="en-GB"/>'
                     '<w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/></w:date>')
    elif kind == "text":
        props.append("<w:text/>")
    elif kind == "richtext":
        if flavour == "word" and spec.get("rich_element", True):
            props.append("<w:richText/>")
    elif kind == "checkbox":
        state = spec.get("checked_xml", '<w14:checked w14:val="1"/>' if answer else '<w14:checked w14:val="0"/>')
        props.append(f'<w14:checkbox>{state}<w14:checkedState w14:val="2612"/>'
                     '<w14:uncheckedState w14:val="2610"/></w14:checkbox>')
    shown = PLACEHOLDER[kind] if unanswered else ("\u2612" if kind == "checkbox" and answer else
                                                   "\u2610" if kind == "checkbox" else answer)
    runs = "<w:r/>" if flavour == "libreoffice" else ""
    for number, line in enumerate(str(shown).split("\n")):
        if number:
            runs += "<w:r><w:br/></w:r>"
        runs += f'<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r>'
    return f"<w:sdt><w:sdtPr>{''.join(props)}</w:sdtPr><w:sdtContent>{runs}</w:sdtContent></w:sdt>"


def build_docx(controls: list[dict], properties: dict | None = None, flavour: str = "word",
               extra_parts: dict[str, bytes] | None = None, extra_types: str = "", main_type: str = MAIN,
               structure_tags: list[str] | None = None, in_table: bool = False) -> bytes:
    """Given control specs and custom properties, return a .docx; hicm-structure is computed from structure_tags (default: the controls' tags)."""
    if in_table:   # as publish lays out matrices: a label cell, then the control inline in the next cell
        paragraphs = ("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"4000\"/>"
                      "<w:gridCol w:w=\"5000\"/></w:tblGrid>"
                      + "".join(f"<w:tr><w:tc><w:p><w:r><w:t>{escape(c.get('label', c['tag']))}</w:t></w:r></w:p></w:tc>"
                                f"<w:tc><w:p>{sdt_xml(c, flavour)}</w:p></w:tc></w:tr>" for c in controls)
                      + "</w:tbl><w:p/>")
    else:
        paragraphs = "".join(f"<w:p><w:r><w:t>{escape(c.get('label', c['tag']))}: </w:t></w:r>{sdt_xml(c, flavour)}"
                             "</w:p>" for c in controls)
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NS}><w:body>'
                f"{paragraphs}<w:sectPr/></w:body></w:document>")
    props = dict(properties or {})
    if props and PROPERTY_STRUCTURE not in props:
        props[PROPERTY_STRUCTURE] = structure_digest(structure_tags or [c["tag"] for c in controls])
    custom = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns='
              '"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt='
              '"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
              + "".join(f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{n}" name={quoteattr(k)}>'
                        f"<vt:lpwstr>{escape(v)}</vt:lpwstr></property>" for n, (k, v) in enumerate(props.items(), 2))
              + "</Properties>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=main_type, extra=extra_types))
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", document)
        archive.writestr("docProps/custom.xml", custom)
        for name, data in (extra_parts or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def properties(edition: str, template: str = "assessment", system: str | None = None) -> dict:
    """Return the custom properties publish writes on a template."""
    result = {PROPERTY_TEMPLATE: template, PROPERTY_EDITION: edition}
    if system:
        result[PROPERTY_SYSTEM] = system
    return result


def assessment(edition: str, system: str | None, date: str | None, levels: dict[tuple[str, int | None], int | None],
               evidence: dict[tuple[str, int | None], str] | None = None, partners: str | None = None,
               flavour: str = "word", themes: dict[tuple[str, int], str] | None = None,
               made_out_to: str | None = None) -> bytes:
    """Given levels per (change key, row or None for `all`), return a filled assessment .docx.

    `system` is the name typed on the cover; `made_out_to` the system publish made the document
    out to (its hicm-system property), None for a blank template. A level of None leaves that
    control unanswered (its placeholder showing). Level controls are titled as publish titles
    them: "Level: <change>, <theme or Row N>".
    """
    specs = [control(f"hicm:{edition}:cover:system-name", "text", system),
             control(f"hicm:{edition}:cover:assessment-date", "date",
                     None if date is None else "/".join(reversed(date.split("-"))), full_date=date),
             control(f"hicm:{edition}:cover:partners", "richtext", partners)]
    for (key, row), level in levels.items():
        part = f"r{row}" if row is not None else "all"
        name = (themes or {}).get((key, row)) or (f"Row {row}" if row is not None else "Whole change")
        specs.append(control(f"hicm:{edition}:{key}:{part}:level", "dropdown",
                             None if level is None else LEVEL_ITEMS[level][0], alias=f"Level: {key}, {name}"))
        specs.append(control(f"hicm:{edition}:{key}:{part}:evidence", "richtext",
                             (evidence or {}).get((key, row))))
    return build_docx(specs, properties(edition, system=made_out_to), flavour=flavour)


def fill_docx(data: bytes, answers: dict[str, str], flavour: str = "word") -> bytes:
    """Given any .docx with content controls and tag -> answer text (a drop-down item's display text, a date as
    YYYY-MM-DD, or typed text), return it filled as Word (or LibreOffice) would save it; other controls are untouched."""
    from lxml import etree
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    source = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(source.read("word/document.xml"))
    for sdt in root.iter(f"{w}sdt"):
        props, content = sdt.find(f"{w}sdtPr"), sdt.find(f"{w}sdtContent")
        tag = props.find(f"{w}tag")
        if tag is None or tag.get(f"{w}val") not in answers:
            continue
        answer = answers[tag.get(f"{w}val")]
        for flag in props.findall(f"{w}showingPlcHdr"):
            props.remove(flag)
        text = answer
        date = props.find(f"{w}date")
        if date is not None:
            date.set(f"{w}fullDate", f"{answer}T00:00:00Z")
            text = "/".join(reversed(answer.split("-")))
        listing = props.find(f"{w}dropDownList")
        if listing is not None and flavour == "word":
            value = next((i.get(f"{w}value") for i in listing.iter(f"{w}listItem")
                          if i.get(f"{w}displayText") == answer), None)
            if value is not None:
                listing.set(f"{w}lastValue", value)
        if flavour == "libreoffice":
            for element in props.findall(f"{w}richText"):
                props.remove(element)
        # Keep the first run's formatting (Word keeps the placeholder's style in table cells).
        first_run = next(content.iter(f"{w}r"), None)
        run_props = first_run.find(f"{w}rPr") if first_run is not None else None
        paragraph = content.find(f"{w}p")
        holder = paragraph if paragraph is not None else content
        for child in list(holder):
            if child.tag in (f"{w}r", f"{w}sdt", f"{w}hyperlink"):
                holder.remove(child)
        for number, line in enumerate(text.split("\n")):
            run = etree.SubElement(holder, f"{w}r")
            if run_props is not None:
                run.append(etree.fromstring(etree.tostring(run_props)))
            if number:
                etree.SubElement(run, f"{w}br")
            t = etree.SubElement(run, f"{w}t")
            t.text = line
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) \
                if info.filename == "word/document.xml" else source.read(info)
            target.writestr(info, payload)
    return out.getvalue()
