"""Turn a python-docx document into deterministic .docx bytes, and personalise those bytes cheaply.

Determinism: fixed zip timestamps and entry order, fixed core-property dates (from
SOURCE_DATE_EPOCH, else the edition's published date), stable control ids (see oxml_sdt), no
rsids, no thumbnail. The parts python-docx's default template carries but a form does not need
(stylesWithEffects, customXml, the thumbnail) are dropped, and unused styles are pruned.

Personalisation patches the two parts that differ between local systems (the system-name
control in word/document.xml and the hicm-system custom property) on a template's bytes, so a
batch builds each edition once and not once per system.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from publish.forms import answers as props
from publish.docx import zipwriter
from publish.docx.safe_docx import custom_properties, open_docx
from publish.forms.answers import structure_digest
from publish.forms.tags import cover_tag

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
CUSTOM_PART = "docProps/custom.xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
DROPPED_RELS = ("stylesWithEffects", "customXml", "metadata/thumbnail")
#: Settings elements that must come before w:documentProtection (CT_Settings sequence), in order.
_BEFORE_PROTECTION = ("writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
                      "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
                      "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts",
                      "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins",
                      "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter",
                      "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle",
                      "proofState", "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter",
                      "stylePaneSortMethod", "documentType", "mailMerge", "revisionView", "trackRevisions",
                      "doNotTrackMoves", "doNotTrackFormatting")


def document_date(published: str | None) -> dt.datetime:
    """Given an edition's published date (YYYY[-MM[-DD]] or None), return the documents' fixed date.

    SOURCE_DATE_EPOCH wins when set (reproducible-builds convention).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    parts = [int(p) for p in (published or "2000").split("-")] + [1, 1]
    return dt.datetime(parts[0], parts[1], parts[2])


def protect(document) -> None:
    """Given a python-docx document, restrict editing to filling in forms (no password)."""
    settings = document.settings.element
    element = etree.SubElement(settings, f"{{{W}}}documentProtection")
    element.set(f"{{{W}}}edit", "forms")
    element.set(f"{{{W}}}enforcement", "1")
    last_before = None
    for child in settings:
        if etree.QName(child).localname in _BEFORE_PROTECTION and etree.QName(child).namespace == W:
            last_before = child
    if last_before is not None:
        last_before.addnext(element)
    else:
        settings.insert(0, element)


def _drop_unneeded_parts(document) -> None:
    """Given a python-docx document, drop relationships to parts a form does not need (they are then not saved)."""
    for rels in (document.part.rels, document.part.package.rels):
        for r_id, rel in list(rels.items()):
            if any(rel.reltype.endswith(suffix) for suffix in DROPPED_RELS):
                del rels[r_id]


def _custom_xml(values: dict[str, str]) -> bytes:
    """Given property names and values, return docProps/custom.xml."""
    body = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name={quoteattr(name)}>'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values.items(), start=2))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"{body}</Properties>").encode("utf-8")


def read_properties(data: bytes) -> dict[str, str]:
    """Given .docx bytes, return its custom properties (name → text)."""
    return custom_properties(open_docx("document.docx", data))


_RSID = re.compile(rb' w:rsid[A-Za-z]*="[0-9A-F]+"')
_STYLE_REF = re.compile(rb'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"')


def _prune_styles(entries: dict[str, bytes]) -> None:
    """Given the package's parts, keep only the styles used (and what they are based on or linked to)."""
    used = set()
    for name, data in entries.items():
        if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml":
            used.update(m.decode() for m in _STYLE_REF.findall(data))
    root = etree.fromstring(entries["word/styles.xml"])
    styles = {s.get(f"{{{W}}}styleId"): s for s in root.findall("w:style", NS)}
    used.update(sid for sid, s in styles.items() if s.get(f"{{{W}}}default") == "1")
    pending = list(used)
    while pending:
        style = styles.get(pending.pop())
        if style is None:
            continue
        for ref in ("basedOn", "link", "next"):
            target = style.find(f"w:{ref}", NS)
            if target is not None and target.get(f"{{{W}}}val") not in used:
                used.add(target.get(f"{{{W}}}val"))
                pending.append(target.get(f"{{{W}}}val"))
    for sid, style in styles.items():
        if sid not in used:
            root.remove(style)
    entries["word/styles.xml"] = etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True)


def _add_custom_part(entries: dict[str, bytes], values: dict[str, str]) -> None:
    """Given the package's parts, add docProps/custom.xml with its relationship and content type."""
    entries[CUSTOM_PART] = _custom_xml(values)
    rels = entries["_rels/.rels"].decode("utf-8")
    rel = f'<Relationship Id="rIdHicmCustom" Type="{CUSTOM_REL}" Target="{CUSTOM_PART}"/>'
    entries["_rels/.rels"] = rels.replace("</Relationships>", rel + "</Relationships>").encode("utf-8")
    types = entries["[Content_Types].xml"].decode("utf-8")
    override = f'<Override PartName="/{CUSTOM_PART}" ContentType="{CUSTOM_TYPE}"/>'
    entries["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode("utf-8")


def read_entries(data: bytes) -> dict[str, bytes]:
    """Given zip bytes, return its entries in order (name → bytes)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _ordered(names) -> list[str]:
    """Given part names, return them in package order: [Content_Types].xml first, then as given."""
    return ["[Content_Types].xml"] + [n for n in names if n != "[Content_Types].xml"]


def pack(entries: dict[str, bytes]) -> bytes:
    """Given parts in order, return deterministic zip bytes ([Content_Types].xml first, fixed times)."""
    return zipwriter.write_zip([zipwriter.member(name, entries[name]) for name in _ordered(entries)])


def repack(data: bytes) -> bytes:
    """Given a package python-docx saved, return it rewritten deterministically: [Content_Types].xml first, then
    parts by name, fixed timestamps and modes (the diff redline and the report; the forms use `pack`)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in _ordered(sorted(source.namelist())):
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()


def finish(document, template: str, edition_id: str, tags: list[str], published: str | None) -> bytes:
    """Given a finished python-docx document and what it is, return its deterministic, unpersonalised bytes."""
    when = document_date(published)
    core = document.core_properties
    core.created = core.modified = when
    _drop_unneeded_parts(document)
    buffer = io.BytesIO()
    document.save(buffer)
    entries = read_entries(buffer.getvalue())
    for name in ("word/document.xml", "word/settings.xml"):
        entries[name] = _RSID.sub(b"", entries[name])   # the template's revision ids mean nothing here
    _prune_styles(entries)
    _add_custom_part(entries, {props.PROPERTY_TEMPLATE: template, props.PROPERTY_EDITION: edition_id,
                               props.PROPERTY_STRUCTURE: structure_digest(tags), props.PROPERTY_SYSTEM: ""})
    return pack(entries)


def _run_xml(text: str, bold: bool = False, keep_space: bool = False) -> bytes:
    """Given text, return the XML of one run holding it (line breaks as `w:br`), as oxml_sdt writes runs."""
    parts = []
    for index, line in enumerate(text.split("\n")):
        if index:
            parts.append("<w:br/>")
        space = ' xml:space="preserve"' if keep_space or line != line.strip() else ""
        parts.append(f"<w:t{space}>{escape(line)}</w:t>")
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f"<w:r>{props}{''.join(parts)}</w:r>".encode("utf-8")


class Personaliser:
    """Makes one template out to many local systems, cheaply.

    The template's parts are compressed once; per system only the name control's new run, the
    optional contact line and docProps/custom.xml are compressed (see publish.docx.zipwriter), so a
    batch costs little more than writing the files.
    """

    def __init__(self, template: bytes):
        entries = read_entries(template)
        self.properties = read_properties(template)
        tag = cover_tag(self.properties[props.PROPERTY_EDITION], "system-name")
        document_xml = entries["word/document.xml"]
        marker = f'<w:tag w:val="{tag}"/>'.encode("utf-8")
        at = document_xml.find(marker)
        if at < 0 or document_xml.find(marker, at + 1) >= 0:
            raise ValueError(f"template does not have exactly one control tagged {tag}")
        content_start = document_xml.index(b"<w:sdtContent>", at) + len(b"<w:sdtContent>")
        content_end = document_xml.index(b"</w:sdtContent>", content_start)
        paragraph_start = max(document_xml.rfind(b"<w:p>", 0, at), document_xml.rfind(b"<w:p ", 0, at))
        paragraph_end = document_xml.index(b"</w:p>", at) + len(b"</w:p>")
        ppr = b""
        if document_xml.startswith(b"<w:p><w:pPr>", paragraph_start):
            ppr = document_xml[paragraph_start + 5:document_xml.index(b"</w:pPr>", paragraph_start) + len(b"</w:pPr>")]
        self.contact_start = b"<w:p>" + ppr + _run_xml("Contact: ", bold=True, keep_space=True)
        # the answered control: no placeholder flag, then the system's run replaces the placeholder run
        head = document_xml[:at] + document_xml[at:content_start].replace(b"<w:showingPlcHdr/>", b"", 1)
        self.head = zipwriter.segment(head, final=False)
        self.middle = zipwriter.segment(document_xml[content_end:paragraph_end], final=False)
        self.tail = zipwriter.segment(document_xml[paragraph_end:], final=True)
        self.names = _ordered(entries)
        self.members = {name: zipwriter.member(name, data) for name, data in entries.items()
                        if name not in ("word/document.xml", CUSTOM_PART)}

    def make(self, system: str, contact: str | None = None) -> bytes:
        """Given a system's name (and contact line), return the template made out to it."""
        segments = [self.head, zipwriter.segment(_run_xml(system), final=False), self.middle]
        if contact:
            segments.append(zipwriter.segment(self.contact_start + _run_xml(contact) + b"</w:p>", final=False))
        segments.append(self.tail)
        members = dict(self.members)
        members["word/document.xml"] = zipwriter.member_from_segments("word/document.xml", segments)
        members[CUSTOM_PART] = zipwriter.member(CUSTOM_PART, _custom_xml({**self.properties,
                                                                            props.PROPERTY_SYSTEM: system}))
        return zipwriter.write_zip([members[name] for name in self.names])


def personalise(data: bytes, system: str | None, contact: str | None = None) -> bytes:
    """Given a template's bytes, return them made out to one local system (name control, contact line, property).

    Without a system the template is returned unchanged. For many systems, use one Personaliser.
    """
    if not system:
        return data
    return Personaliser(data).make(system, contact)
