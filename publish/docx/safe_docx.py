"""Opening a returned Word file that came from outside: the zip and XML layer collect reads through.

A returned assessment is hostile until proven otherwise. open_docx() checks, before any XML is
parsed, that the bytes are a zip archive (and says what they are if not: a PDF, an old binary
Office file, an Excel workbook renamed .docx), that the archive is small, has few entries, no
entry that expands suspiciously (a zip bomb) and no name that tries to leave the archive
(`../`, absolute paths, drive letters), and that it carries no macros (`.docm`, a `vbaProject`
part, a macro-enabled content type). Parts are then parsed with pipeline.core.untrusted's parser:
no entity expansion, no DTD, no network. Every refusal is an InputError with one clear line.
"""
from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import PurePosixPath

from lxml import etree

from pipeline.core.errors import InputError
from pipeline.core.untrusted import safe_xml_parser

#: Largest returned file accepted (a filled template is ~50 KiB).
MAX_ARCHIVE_BYTES = 20 * 1024 * 1024
#: Most entries an archive may hold (a Word document has ~15).
MAX_ENTRIES = 500
#: Most bytes all entries may expand to, together.
MAX_EXPANDED_BYTES = 100 * 1024 * 1024
#: Highest expansion ratio an entry larger than RATIO_FLOOR may have (text XML compresses ~10:1).
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024

CONTENT_TYPES = "[Content_Types].xml"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
MACRO_TYPES = ("application/vnd.ms-word.document.macroEnabled.main+xml",
               "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
               "application/vnd.ms-office.vbaProject")
#: Main content types of other Office formats, so a renamed file is named for what it is.
OTHER_OFFICE = {"spreadsheetml": "an Excel workbook", "presentationml": "a PowerPoint presentation"}

_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


class DocxPackage:
    """A checked Word package: its path, and its parts expanded on demand within the limits (unread parts never expand)."""

    def __init__(self, path: str, archive: zipfile.ZipFile):
        self.path = path
        self._archive = archive
        self._infos = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        self._budget = MAX_EXPANDED_BYTES
        self.content_types: etree._Element | None = None   # set by open_docx once checked

    @property
    def names(self) -> list[str]:
        """The package's part names, in archive order."""
        return list(self._infos)

    def read(self, name: str) -> bytes | None:
        """Given a part name, return its bytes (bounded), or None if the package has no such part."""
        info = self._infos.get(name)
        if info is None:
            return None
        data = _read_entry(self.path, self._archive, info, self._budget)
        self._budget -= len(data)
        return data

    def xml(self, name: str) -> etree._Element | None:
        """Given a part name, return its parsed root (safely), or None if the package has no such part."""
        data = self.read(name)
        if data is None:
            return None
        try:
            root = etree.fromstring(data, safe_xml_parser())
        except etree.XMLSyntaxError as exc:
            raise InputError(f"part {name} is not well-formed XML ({exc.msg})", self.path) from None
        # Office never writes a DTD; one in a returned file can only be there to declare entities
        # (billion laughs, external entities), so the part is refused rather than read without them.
        if root.getroottree().docinfo.doctype:
            raise InputError(f"part {name} declares a DTD (entity tricks?); Office never writes one", self.path)
        return root


def sniff_kind(data: bytes) -> str:
    """Given a file's first bytes, return what it is: zip | pdf | ole | xml | html | text | unknown."""
    head = data[:1024].lstrip()
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        return "zip"
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"
    lowered = head[:200].lower()
    if lowered.startswith(b"<?xml"):
        return "xml"
    if lowered.startswith(b"<!doctype html") or lowered.startswith(b"<html"):
        return "html"
    if head[:5] == b"{\\rtf":
        return "rtf"
    return "unknown"


_KIND_NAMES = {"pdf": "a PDF", "ole": "an old binary Office file (.doc/.xls), or an encrypted document",
               "xml": "a bare XML file (Word 2003 XML?)", "html": "an HTML page", "rtf": "an RTF document",
               "unknown": "not a Word document (not a zip archive)"}


def open_docx(path: str | os.PathLike, data: bytes) -> DocxPackage:
    """Given a file's path and bytes, return its checked parts, or raise InputError saying why it is refused."""
    path = str(path)
    if path.lower().endswith((".docm", ".dotm")):
        raise InputError("macro-enabled Word document refused (.docm): save it as .docx without macros", path)
    if len(data) > MAX_ARCHIVE_BYTES:
        raise InputError(f"file is {len(data)} bytes, over the {MAX_ARCHIVE_BYTES}-byte limit", path)
    kind = sniff_kind(data)
    if kind != "zip":
        raise InputError(f"not a Word .docx file: it is {_KIND_NAMES[kind]}", path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, NotImplementedError) as exc:
        raise InputError(f"damaged zip archive ({exc})", path) from None
    _check_entries(path, infos)
    names = {info.filename for info in infos}
    if CONTENT_TYPES not in names:
        raise InputError("not an Office document: the zip archive has no [Content_Types].xml", path)
    package = DocxPackage(path, archive)
    package.content_types = _check_content_types(package)
    return package


def _check_entries(path: str, infos: list[zipfile.ZipInfo]) -> None:
    """Given an archive's entries, raise InputError on too many, an escaping name, macros, or declared bomb sizes."""
    if len(infos) > MAX_ENTRIES:
        raise InputError(f"zip archive has {len(infos)} entries, over the limit of {MAX_ENTRIES}", path)
    declared = 0
    for info in infos:
        name = info.filename
        if not name:   # zipfile cuts a name at its first NUL byte: "\x00evil" becomes ""
            raise InputError("zip archive has an entry with no name", path)
        pure = PurePosixPath(name.replace("\\", "/"))
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in pure.parts:
            raise InputError(f"zip entry name {name!r} tries to escape the archive", path)
        if pure.name.lower().startswith("vbaproject") or pure.suffix.lower() == ".bin" and "vba" in name.lower():
            raise InputError(f"macro-enabled document refused: it contains a VBA project ({name})", path)
        declared += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(f"zip entry {name!r} expands {info.file_size // max(info.compress_size, 1)}:1 "
                             f"(a zip bomb?); the limit is {MAX_RATIO}:1", path)
    if declared > MAX_EXPANDED_BYTES:
        raise InputError(f"zip archive expands to {declared} bytes, over the {MAX_EXPANDED_BYTES}-byte limit", path)


def _read_entry(path: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Given an entry, return its bytes, reading at most the budget so a lying header cannot blow memory."""
    limit = min(budget, max(MAX_RATIO * max(info.compress_size, 1), RATIO_FLOOR))
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError, ValueError) as exc:
        raise InputError(f"zip entry {info.filename!r} cannot be read ({exc})", path) from None
    if len(data) > limit:
        raise InputError(f"zip entry {info.filename!r} expands beyond its declared size or the limits "
                         "(a zip bomb?)", path)
    return data


def _check_content_types(package: DocxPackage) -> etree._Element:
    """Given a package, return its parsed [Content_Types].xml; raise InputError unless its main part is Word without macros."""
    root = package.xml(CONTENT_TYPES)
    types = [el.get("ContentType", "") for el in root.iter(f"{_CT_NS}Override", f"{_CT_NS}Default")]
    for content_type in types:
        if content_type in MACRO_TYPES or "macroenabled" in content_type.lower():
            raise InputError(f"macro-enabled document refused (content type {content_type})", package.path)
    if WORD_MAIN in types or WORD_TEMPLATE_MAIN in types:
        return root
    for marker, name in OTHER_OFFICE.items():
        if any(marker in t for t in types):
            raise InputError(f"not a Word document: it is {name} with a Word file name", package.path)
    raise InputError("not a Word document: the package has no Word main part", package.path)


_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


def custom_properties(package: DocxPackage) -> dict[str, str]:
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
    for override in package.content_types.iter(f"{_CT_NS}Override"):
        if override.get("ContentType") in (WORD_MAIN, WORD_TEMPLATE_MAIN):
            return override.get("PartName", "").lstrip("/")
    return "word/document.xml"
