"""Make the bad-input corpus: bad, hostile and huge files that every reading command must survive.

Nothing here is a checked-in binary blob: every file is generated (deterministically, from a
fixed seed and the bundled source_docs) so the corpus can be read, reviewed and regenerated.

    python -m tests.support.make_bad_inputs OUT_DIR   # write the corpus and list it
    from tests.support.make_bad_inputs import make_corpus  # the same, from a test (returns CorpusItems)

Each item says what a reader of its kind must do with it (`expected_outcome`):
- "reject": a one-line error naming the file, exit status 2, nothing written;
- "accept": a valid result (possibly with warnings as findings), exit status 0;
- "either": reject as above, or a warning and a partial but valid result — the outcome
  depends on where the file happens to break, but it must still be clean (no traceback,
  bounded time and memory, no partial output).
Commands that do not take this kind of file must reject it ("reject" for every foreign item).
"""
from __future__ import annotations

import io
import random
import sqlite3
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Callable
from pathlib import Path

from tests.support.paths import GOLDEN, SOURCE_DOCS
from tests.support.pdf_fixtures import build_pdf, flate_bomb_pdf   # the one hand-made PDF writer of the tests

#: Kinds of file, by which commands take them.
KINDS = ("pdf", "html", "text", "docx", "json", "db")

#: The secret an XXE tries to read; its content must never appear in any output.
CANARY_NAME = "canary-secret.txt"
CANARY_TOKEN = "CANARY-7f3c9e1d-must-never-be-read"

#: What the zip-slip entries are called: no file of this name may appear anywhere after a run.
ZIP_SLIP_NAME = "hicm-escaped-by-zip-slip-3b1f.txt"

#: Sizes, chosen to cross the limits in SECURITY.md while keeping generation to a few seconds.
LONG_PDF_PAGES = 5000
HUGE_TEXT_BYTES = 80 * 1024 * 1024        # over the 64 MiB input limit
BIG_TEXT_BYTES = 12 * 1024 * 1024         # under it: must be read (or refused) in bounded time
ZIP_BOMB_BYTES = 128 * 1024 * 1024        # one part inflating to 128 MiB from ~130 KB
NESTING_DEPTH = 100_000


@dataclass(frozen=True)
class CorpusItem:
    """One generated file and what a reader of its kind must do with it."""
    name: str
    path: Path
    kind: str                      # pdf | html | text | docx | json | db
    expected_outcome: str          # reject | accept | either
    note: str = ""
    must_contain: tuple[str, ...] = field(default=())       # in the output when accepted
    must_not_contain: tuple[str, ...] = field(default=())   # anywhere in output, stdout, stderr


# --------------------------------------------------------------------------- helpers


def _source(relative: str) -> bytes:
    return (SOURCE_DOCS / relative).read_bytes()


def _rng(name: str) -> random.Random:
    return random.Random(f"hicm-bad-inputs:{name}")


def text_pdf(pages: int, line: bytes) -> bytes:
    """Given a page count and a line of text, return a PDF of that many A4 pages sharing one content stream."""
    return build_pdf([[line.decode("latin-1")]] * pages, shared_content=True)


def image_only_pdf() -> bytes:
    """Return a one-page PDF whose only content is an image (a 'scanned' page: no text layer)."""
    return build_pdf([[]], image_only=True)


def encrypted_pdf() -> bytes:
    """Return a PDF under the standard security handler whose user password is not empty (it cannot be opened)."""
    return build_pdf([["Change 1: Early discharge planning"]], encrypted=True)


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/>'
    '</Types>')
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>')


def document_xml(body_text: str, doctype: str = "") -> bytes:
    """Given the text of one paragraph (may hold entity references) and a DOCTYPE, return word/document.xml."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
            f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>{body_text}</w:t></w:r></w:p>'
            f'<w:sectPr/></w:body></w:document>').encode("utf-8")


def docx_bytes(document: bytes, extra: dict[str, bytes] | None = None, main_type: str = DOCX_MAIN,
               compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Given word/document.xml and extra parts, return a minimal Word package (fixed timestamps, fixed order)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        def put(name: str, data: bytes) -> None:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data, compress_type=compression)
        put("[Content_Types].xml", CONTENT_TYPES.format(main=main_type).encode())
        put("_rels/.rels", PACKAGE_RELS.encode())
        put("word/document.xml", document)
        for name, data in (extra or {}).items():
            put(name, data)
    return buffer.getvalue()


def zip_bomb_docx(inflated_bytes: int) -> bytes:
    """Return a docx whose document.xml inflates to `inflated_bytes` (written as one raw deflate stream)."""
    head = document_xml("START")[:-len("</w:t></w:r></w:p><w:sectPr/></w:body></w:document>")]
    tail = b"</w:t></w:r></w:p><w:sectPr/></w:body></w:document>"
    body_size = inflated_bytes - len(head) - len(tail)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc = zlib.crc32(head)
    parts = [compressor.compress(head)]
    chunk = b" " * (1 << 20)
    remaining = body_size
    while remaining:
        piece = chunk if remaining >= len(chunk) else chunk[:remaining]
        parts.append(compressor.compress(piece))
        crc = zlib.crc32(piece, crc)
        remaining -= len(piece)
    parts.append(compressor.compress(tail))
    crc = zlib.crc32(tail, crc)
    parts.append(compressor.flush())
    compressed = b"".join(parts)
    # zipfile would insist on compressing 128 MiB itself; splice the raw deflate stream in instead.
    return _replace_entry_raw(docx_bytes(b"<placeholder/>"), "word/document.xml", compressed, crc, inflated_bytes)


def _replace_entry_raw(archive_bytes: bytes, name: str, compressed: bytes, crc: int, size: int) -> bytes:
    """Given a zip, return it rebuilt with entry `name` holding pre-compressed deflate data."""
    source = zipfile.ZipFile(io.BytesIO(archive_bytes))
    out = io.BytesIO()
    central = []
    for info in source.infolist():
        if info.filename == name:
            data, entry_crc, entry_size = compressed, crc, size
        else:
            raw = source.read(info.filename)
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            data, entry_crc, entry_size = compressor.compress(raw) + compressor.flush(), zlib.crc32(raw), len(raw)
        encoded = info.filename.encode("utf-8")
        offset = out.tell()
        out.write(b"PK\x03\x04" + _u16(20) + _u16(0) + _u16(8) + _u16(0) + _u16(0x5021)
                  + _u32(entry_crc) + _u32(len(data)) + _u32(entry_size) + _u16(len(encoded)) + _u16(0) + encoded)
        out.write(data)
        central.append(b"PK\x01\x02" + _u16(20) + _u16(20) + _u16(0) + _u16(8) + _u16(0) + _u16(0x5021)
                       + _u32(entry_crc) + _u32(len(data)) + _u32(entry_size) + _u16(len(encoded))
                       + _u16(0) + _u16(0) + _u16(0) + _u16(0) + _u32(0) + _u32(offset) + encoded)
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(b"PK\x05\x06" + _u16(0) + _u16(0) + _u16(len(central)) + _u16(len(central))
              + _u32(out.tell() - start) + _u32(start) + _u16(0))
    return out.getvalue()


def _u16(value: int) -> bytes:
    return value.to_bytes(2, "little")


def _u32(value: int) -> bytes:
    return value.to_bytes(4, "little")


def xlsx_bytes() -> bytes:
    """Return a minimal Excel workbook (one sheet, one cell)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        def put(name: str, text: str) -> None:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), text.encode())
        put("[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '</Types>')
        put("_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')
        put("xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        put("xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>')
        put("xl/worksheets/sheet1.xml",
            '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Established</t></is></c></row></sheetData></worksheet>')
    return buffer.getvalue()


BILLION_LAUGHS = ('<!DOCTYPE w:document [\n<!ENTITY lol "lol">\n'
                  + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                            for i in range(1, 10))
                  + "]>\n")


def deep_tips_json(canonical: bytes, depth: int) -> bytes:
    """Given a canonical JSON document, return it with its first change's tips nested `depth` levels deep."""
    import json
    document = json.loads(canonical)
    document["changes"][0]["tips"] = "__DEEP__"
    nested = '{"text": "Start planning early", "children": [' * depth + "]}" * depth
    return json.dumps(document, ensure_ascii=False).replace('"__DEEP__"', "[" + nested + "]").encode("utf-8")


def mixed_line_endings(text: bytes) -> bytes:
    """Given LF text, return it with its line breaks cycling through CRLF, LF and CR."""
    lines = text.split(b"\n")
    endings = (b"\r\n", b"\n", b"\r")
    return b"".join(line + endings[i % 3] for i, line in enumerate(lines[:-1])) + lines[-1]


def without_charset(html: bytes) -> bytes:
    """Given an HTML page, return it with its charset declarations removed."""
    import re
    html = re.sub(rb"<meta[^>]*charset[^>]*>", b"", html, flags=re.I)
    return re.sub(rb"<\?xml[^>]*\?>", b"", html)


def results_db_bytes() -> bytes:
    """Return a valid SQLite database that is not a results store (foreign tables only)."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    connection.executemany("INSERT INTO invoices (amount) VALUES (?)", [(i * 1.5,) for i in range(50)])
    connection.commit()
    data = connection.serialize()
    connection.close()
    return data


# --------------------------------------------------------------------------- the corpus


def make_corpus(directory: str | Path, write: bool = True) -> list[CorpusItem]:
    """Given an empty directory, write the whole corpus into it and return its items in a fixed order.

    With write=False, only return the items (for test collection: cheap, nothing generated).
    """
    directory = Path(directory)
    canary = directory / CANARY_NAME
    if write:
        directory.mkdir(parents=True, exist_ok=True)
        canary.write_text(CANARY_TOKEN + "\n", encoding="utf-8")
    items: list[CorpusItem] = []

    def add(name: str, data: bytes | Callable[[], bytes], kind: str, outcome: str, note: str, **checks) -> None:
        path = directory / name
        if write:
            path.write_bytes(data() if callable(data) else data)
        checks.setdefault("must_not_contain", ())
        checks["must_not_contain"] = (*checks["must_not_contain"], CANARY_TOKEN, "Traceback")
        items.append(CorpusItem(name, path, kind, outcome, note, **checks))

    pdf_2015, html_2019, text_2015, text_2019 = (
        _source("2015/hicm-2015.pdf"), _source("2019/hicm-2019-refresh.html"),
        _source("2015/hicm-2015.txt"), _source("2019/hicm-2019-refresh.txt"))
    golden_json = (GOLDEN / "manifestations/2015/hicm-2015.txt.json").read_bytes()
    plain_docx = docx_bytes(document_xml("Established"))

    # Empty, truncated and random files of each format.
    for extension, kind in ((".pdf", "pdf"), (".html", "html"), (".txt", "text"), (".docx", "docx"),
                            (".json", "json"), (".sqlite", "db")):
        add(f"empty{extension}", b"", kind, "reject", "zero bytes")
        add(f"random{extension}", _rng(extension).randbytes(64 * 1024), kind, "reject", "64 KiB of random bytes")
    add("truncated-head.pdf", pdf_2015[:1500], "pdf", "reject", "the 2015 PDF cut after 1,500 bytes")
    add("truncated-half.pdf", pdf_2015[:len(pdf_2015) // 2], "pdf", "either", "the 2015 PDF cut in half")
    add("truncated.html", html_2019[:1500], "html", "reject", "the 2019 page cut inside its <head>")
    add("truncated.txt", text_2015[:300], "text", "either", "the 2015 text cut after 300 bytes")
    add("truncated.docx", plain_docx[:len(plain_docx) // 2], "docx", "reject", "a Word file cut in half")
    add("truncated.json", golden_json[:len(golden_json) // 2], "json", "reject", "a canonical JSON cut in half")
    add("truncated.sqlite", lambda: results_db_bytes()[:1024], "db", "reject", "a SQLite database cut after its header")

    # PDFs that open but cannot be read, or must not be read to the end.
    add("encrypted.pdf", encrypted_pdf, "pdf", "reject", "standard security handler, unknown user password")
    add("image-only.pdf", image_only_pdf, "pdf", "reject", "one page with only an image: no text layer")
    add("long-unrelated.pdf", lambda: text_pdf(LONG_PDF_PAGES, b"Minutes of the parks and leisure committee"), "pdf",
        "reject", f"{LONG_PDF_PAGES} pages about something else")
    add("unrelated.pdf", lambda: text_pdf(2, b"Quarterly report of the parks and leisure committee"), "pdf", "reject",
        "a readable PDF about something else")
    add("flate-bomb.pdf", flate_bomb_pdf, "pdf", "reject", "one content stream (1 MiB) inflating to 1 GiB")

    # Wrong extensions: read as what they are, with a warning.
    add("pdf-named.txt", pdf_2015, "text", "accept", "the 2015 PDF named .txt", must_contain=("wrong-extension",))
    add("html-named.pdf", html_2019, "pdf", "accept", "the 2019 page named .pdf", must_contain=("wrong-extension",))
    add("docx-named.pdf", plain_docx, "pdf", "reject", "a Word file named .pdf")

    # Encodings and line endings.
    cp1252_page = without_charset(html_2019).decode("utf-8").encode("cp1252")
    add("cp1252-no-charset.html", cp1252_page, "html", "accept",
        "the 2019 page in Windows-1252 with its charset removed (curly quotes as 0x92)",
        must_contain=("\u2019", "Housing and related services"), must_not_contain=("\u00e2\u20ac",))
    add("utf16-bom.txt", b"\xff\xfe" + text_2019.decode("utf-8").encode("utf-16-le"), "text", "accept",
        "the 2019 text as UTF-16 with a byte-order mark", must_contain=("Housing and related services", "\u2019"))
    add("cp1252.txt", text_2015.decode("utf-8").encode("cp1252"), "text", "accept",
        "the 2015 text in Windows-1252", must_contain=("Trusted assessors", "\u2019"), must_not_contain=("\u00e2\u20ac",))
    add("mixed-eol.txt", mixed_line_endings(text_2015), "text", "accept",
        "the 2015 text with CRLF, LF and CR line breaks mixed", must_contain=("Early discharge planning",))
    add("nul-bytes.txt", b"Change 1: Early discharge planning\n\x00\x00\x00" * 50, "text", "reject",
        "text with NUL bytes: binary")
    add("whitespace-only.txt", b" \n\t\n\r\n  \n" * 100, "text", "reject", "only whitespace")
    add("unrelated.html", b"<!DOCTYPE html><html><head><title>Bins</title></head><body><main><h1>Bin collections"
        b"</h1><p>Your bins are collected on Tuesdays.</p></main></body></html>", "html", "reject",
        "a page about something else")
    add("broken-markup.html", b"<html><body><div><p>unclosed <b><i><table><tr><td>" + b"<<<>>><" * 500
        + b"</span></td></div>", "html", "reject", "tag soup with no article")
    add("xxe.html", f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{canary}">]>\n'
        f'<html><body><main><h1>Change 1: Early discharge planning</h1><p>&xxe;</p></main></body></html>'.encode(),
        "html", "either", "an external entity pointing at the canary file")

    # Deep nesting.
    depth = NESTING_DEPTH
    add("deep-div.html", b"<html><body>" + b"<div>" * depth + b"Early discharge planning" + b"</div>" * depth
        + b"</body></html>", "html", "either", f"{depth} nested <div> elements")
    add("deep-list.html", b"<html><body><main><h1>High Impact Change Model</h1><h2>Change 1: Early discharge "
        b"planning</h2><h3>Tips for success</h3>" + b"<ul><li>Start planning early" * depth
        + b"</li></ul>" * depth + b"</main></body></html>", "html", "either", f"a list nested {depth} levels deep")
    text_depth = 2000
    add("deep-list.txt", b"High Impact Change Model\n\nChange 1: Early discharge planning\n\nTips for success\n\n"
        + b"".join(b"  " * i + b"\xe2\x80\xa2 Start planning early\n" for i in range(text_depth)), "text", "either",
        f"a bulleted list indented {text_depth} levels deep")

    # Huge files.
    line = b"The parks and leisure committee noted the minutes of its previous meeting.\n"
    add("huge.txt", lambda: (line * (HUGE_TEXT_BYTES // len(line) + 1))[:HUGE_TEXT_BYTES], "text", "reject",
        f"{HUGE_TEXT_BYTES // 2**20} MiB of text: over the input size limit")
    add("big-unrelated.txt", lambda: (line * (BIG_TEXT_BYTES // len(line) + 1))[:BIG_TEXT_BYTES], "text", "reject",
        f"{BIG_TEXT_BYTES // 2**20} MiB of text about something else, under the size limit")
    add("long-line.txt", b"Early discharge planning " * 400_000, "text", "either", "one 10 MB line")

    # Hostile Word packages.
    add("zip-bomb.docx", lambda: zip_bomb_docx(ZIP_BOMB_BYTES), "docx", "reject",
        f"document.xml inflates to {ZIP_BOMB_BYTES // 2**20} MiB (ratio ~1000:1)")
    add("many-entries.docx", lambda: docx_bytes(document_xml("Established"),
                                        {f"word/media/x{i}.xml": b"<x/>" for i in range(20_000)},
                                        compression=zipfile.ZIP_STORED), "docx", "reject", "20,000 archive entries")
    add("xxe.docx", docx_bytes(document_xml("&xxe;", f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{canary}">]>\n'),
                               {"docProps/custom.xml": f'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM '
                                                       f'"file://{canary}">]><p>&xxe;</p>'.encode()}),
        "docx", "reject", "external entities pointing at the canary file, in document.xml and custom.xml")
    add("billion-laughs.docx", docx_bytes(document_xml("&lol9;", BILLION_LAUGHS)), "docx", "reject",
        "entity expansion bomb (10^9 'lol's) in document.xml")
    add("zip-slip.docx", docx_bytes(document_xml("Established"),
                                    {f"../../{ZIP_SLIP_NAME}": b"escaped", f"/tmp/{ZIP_SLIP_NAME}": b"escaped"}),
        "docx", "reject", "archive entries named ../../… and /tmp/…")
    macro = {"word/vbaProject.bin": _rng("vba").randbytes(2048)}
    add("macro.docm", docx_bytes(document_xml("Established"), macro, main_type=DOCM_MAIN), "docx", "reject",
        "a macro-enabled document (.docm with vbaProject.bin)")
    add("macro-renamed.docx", docx_bytes(document_xml("Established"), macro, main_type=DOCM_MAIN), "docx", "reject",
        "a macro-enabled document renamed .docx")
    add("xlsx-renamed.docx", xlsx_bytes(), "docx", "reject", "an Excel workbook renamed .docx")
    add("pdf-named.docx", pdf_2015, "docx", "reject", "the 2015 PDF named .docx")
    add("plain.docx", plain_docx, "docx", "reject", "a well-formed Word file that is not a HICM template")

    # JSON that is not a canonical document.
    add("valid-manifestation.json", golden_json, "json", "accept", "a golden manifestation (the control case)",
        must_contain=("Early discharge planning",))
    add("deep-tips.json", lambda: deep_tips_json(golden_json, 300), "json", "reject",
        "a canonical JSON whose first change's tips nest 300 levels deep")
    add("deep.json", b"[" * depth + b"]" * depth, "json", "reject", f"arrays nested {depth} deep")
    add("long-integer.json", b'{"schema_version": ' + b"9" * 100_000 + b"}", "json", "reject",
        "a 100,000-digit number (over Python's int parsing limit)")
    add("not-an-object.json", b"[1, 2, 3]", "json", "reject", "JSON, but an array")
    add("wrong-shape.json", b'{"kind": "edition", "changes": "none"}', "json", "reject", "an object that breaks the schema")
    add("utf16.json", b"\xff\xfe" + '{"kind": "edition"}'.encode("utf-16-le"), "json", "reject",
        "UTF-16 JSON that breaks the schema")

    # Databases that are not a results store.
    add("pdf-named.sqlite", pdf_2015, "db", "reject", "the 2015 PDF named .sqlite")
    add("foreign.sqlite", results_db_bytes, "db", "reject", "a valid SQLite database with someone else's tables")
    return items


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m tests.support.make_bad_inputs OUT_DIR", file=sys.stderr)
        return 2
    for item in make_corpus(argv[1]):
        print(f"{item.name}\t{item.kind}\t{item.expected_outcome}\t{item.note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
