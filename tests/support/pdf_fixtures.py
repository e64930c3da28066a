"""Hand-built PDFs for the PDF reader's tests (no PDF-writing library is needed).

`build_pdf` writes a small, valid PDF from page texts; `fill_form_fields` writes an
incremental update that gives AcroForm fields values (what a person filling in the 2015
action plan and saving it would produce).
"""
from __future__ import annotations

import re


def _pdf_string(text: str) -> bytes:
    return b"(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1") + b")"


def build_pdf(pages: list[list[str]], *, encrypted: bool = False, image_only: bool = False,
              shared_content: bool = False) -> bytes:
    """Given pages (each a list of text lines), return the bytes of a PDF showing them.

    encrypted: add a Standard security handler whose password is not empty (unknown to the reader).
    image_only: draw a grey image instead of text on every page (a scan with no text layer).
    shared_content: every page uses the first page's content stream (a cheap very long file).
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")            # 1, filled in below
    pages_obj = add(b"")          # 2
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    image = add(b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x80\x80\x80\x80\nendstream")
    kids = []
    shared = None
    for lines in pages:
        if image_only:
            stream = b"q 500 0 0 700 50 70 cm /Im1 Do Q"
        else:
            parts = [b"BT /F1 12 Tf 14 TL 72 770 Td"]
            for line in lines:
                parts.append(_pdf_string(line) + b" Tj T*")
            parts.append(b"ET")
            stream = b"\n".join(parts)
        if shared_content and shared is not None:
            content = shared
        else:
            content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
            shared = content
        kids.append(add(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
                        % (content, font, image)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[pages_obj - 1] = (b"<< /Type /Pages /Count %d /Kids [" % len(kids)
                              + b" ".join(b"%d 0 R" % k for k in kids) + b"] >>")
    encrypt = None
    if encrypted:
        encrypt = add(b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 "
                      b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypt:
        trailer += b" /Encrypt %d 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]" % encrypt
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def flate_bomb_pdf(inflated_bytes: int = 1 << 30) -> bytes:
    """Given a size, return a one-page PDF whose content stream (blank space) inflates to that many bytes.

    Built without inflating it once here: one 16 MiB block is compressed with a full flush (so
    it stands alone) and repeated; the stream is about 1,000 times smaller than what it inflates to.
    """
    import zlib
    chunk = b" " * (1 << 24)
    compressor = zlib.compressobj(9)
    head = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush()
    repeats = max(inflated_bytes // len(chunk) - 1, 0)
    stream = head + block * repeats + tail
    data = bytearray(build_pdf([["placeholder"]]))
    start = data.index(b"<< /Length ")
    end = data.index(b"endstream", start) + len(b"endstream")
    data[start:end] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"
    return _fix_xref(bytes(data))


def _fix_xref(data: bytes) -> bytes:
    """Given a hand-built PDF whose objects moved, return it with its cross-reference table recomputed."""
    import re as _re
    body = data[:data.index(b"xref\n")]
    offsets = [m.start() for m in _re.finditer(rb"(?m)^\d+ 0 obj\n", body)]
    out = bytearray(body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = data[data.index(b"trailer\n"):data.index(b"startxref")]
    out += trailer + b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _serialise(value) -> bytes:
    """Given a pdfminer object, return its PDF syntax."""
    from pdfminer.pdftypes import PDFObjRef
    from pdfminer.psparser import PSKeyword, PSLiteral

    if isinstance(value, PDFObjRef):
        return b"%d 0 R" % value.objid
    if isinstance(value, PSLiteral):
        return b"/" + (value.name.encode("latin-1") if isinstance(value.name, str) else value.name)
    if isinstance(value, PSKeyword):
        return value.name if isinstance(value.name, bytes) else value.name.encode()
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, (int, float)):
        return str(value).encode()
    if isinstance(value, bytes):
        return b"<" + value.hex().encode() + b">"
    if isinstance(value, str):
        return b"<" + value.encode("latin-1").hex().encode() + b">"
    if isinstance(value, list):
        return b"[" + b" ".join(_serialise(v) for v in value) + b"]"
    if isinstance(value, dict):
        return b"<< " + b" ".join(b"/" + k.encode() + b" " + _serialise(v) for k, v in value.items()) + b" >>"
    if value is None:
        return b"null"
    raise TypeError(f"cannot serialise {type(value).__name__}")


def fill_form_fields(data: bytes, values: dict[str, str]) -> bytes:
    """Given a PDF with AcroForm text fields and {field name: text}, return the PDF with those values saved.

    Written as an incremental update (new versions of the field objects appended after the
    original bytes, a new xref section pointing back to the old one), as a PDF editor saves.
    """
    import io

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef, resolve1

    doc = PDFDocument(PDFParser(io.BytesIO(data)))
    updates: dict[int, dict] = {}
    for page in PDFPage.create_pages(doc):
        for ref in resolve1(page.annots) or []:
            if not isinstance(ref, PDFObjRef):
                continue
            annot = dict(resolve1(ref))
            name = resolve1(annot.get("T"))
            name = name.decode("latin-1") if isinstance(name, bytes) else name
            if name in values:
                annot["V"] = values[name].encode("utf-16-be").join([b"\xfe\xff", b""]) \
                    if any(ord(c) > 126 for c in values[name]) else values[name].encode("latin-1")
                updates[ref.objid] = annot
    missing = set(values) - {resolve1(a.get("T")).decode("latin-1") for a in updates.values()}
    if missing:
        raise KeyError(f"no such form field(s): {sorted(missing)}")
    startxref = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    size = int(resolve1(doc.xrefs[0].get_trailer().get("Size")))
    root = doc.xrefs[0].get_trailer()["Root"]
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for objid, annot in sorted(updates.items()):
        offsets[objid] = len(out)
        out += b"%d 0 obj\n" % objid + _serialise(annot) + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n"
    for objid, offset in sorted(offsets.items()):
        out += b"%d 1\n%010d 00000 n \n" % (objid, offset)
    out += (b"trailer\n<< /Size %d /Root %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, _serialise(root), startxref, xref))
    return bytes(out)
