"""Turn a web page's bytes into text, whatever it declares about its encoding.

The order follows the HTML standard's encoding sniffing, cut down to what a saved page can
carry: a byte-order mark wins; then a `<meta charset>` or `<meta http-equiv="Content-Type">`
declaration near the top; with neither, UTF-8 if the bytes are valid UTF-8, else
Windows-1252 (what browsers assume for undeclared Western pages, so curly quotes saved by
Word or an old CMS come out as curly quotes, not mojibake). Labels the standard treats as
Windows-1252 (`iso-8859-1`, `latin1`, `us-ascii`) are read as Windows-1252.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

#: How far into the file a charset declaration is looked for (the standard says 1024 bytes;
#: CMS pages put long scripts first, so look a little further).
_PRESCAN_BYTES = 4096

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)

#: Labels the WHATWG Encoding Standard maps to another decoder than Python's of the same name.
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "l1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252", "x-cp1252": "cp1252",
    # A page cannot declare UTF-16 in its own (ASCII) markup: the standard reads it as UTF-8.
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8", "unicode": "utf-8",
}


@dataclass(frozen=True)
class Decoded:
    """A page's text and how it was decoded (`how` is one of bom, declared, utf-8, windows-1252)."""
    text: str
    encoding: str
    how: str
    problem: str | None = None   # a sentence for a finding when the declaration did not fit the bytes


def _cp1252_or_latin1(error: UnicodeDecodeError) -> tuple[str, int]:
    # The five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) decode as the
    # C1 controls of the same value, as browsers do; they are never silently dropped.
    return error.object[error.start:error.end].decode("latin-1"), error.end


codecs.register_error("hicm-cp1252-latin1", _cp1252_or_latin1)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """Given a page's bytes, return (encoding, BOM length) for a byte-order mark at its start, or None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def declared_encoding(data: bytes) -> str | None:
    """Given a page's bytes, return the Python codec its meta charset declaration names, or None if none usable."""
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").strip().lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # Only real text encodings; never bytes-to-bytes codecs (hex, zlib) or UTF-7, which the
    # standard forbids because it hides markup from sniffers.
    if not getattr(info, "_is_text_encoding", True) or info.name in {"utf-7", "rot-13"}:
        return None
    return info.name


def decode_windows_1252(data: bytes) -> str:
    """Given bytes, return them decoded as Windows-1252 (undefined bytes as their Latin-1 controls)."""
    return data.decode("cp1252", errors="hicm-cp1252-latin1")


def decode_page(data: bytes) -> Decoded:
    """Given a page's bytes, return its text: BOM, then declared charset, then UTF-8, then Windows-1252."""
    bom = bom_encoding(data)
    if bom:
        encoding, length = bom
        return Decoded(data[length:].decode(encoding, errors="replace"), encoding, "bom")
    declared = declared_encoding(data)
    if declared:
        try:
            return Decoded(data.decode(declared), declared, "declared")
        except (UnicodeError, LookupError, ValueError) as exc:
            fallback = _undeclared(data)
            where = f"byte {exc.start}" if isinstance(exc, UnicodeDecodeError) else "the page"
            problem = (f"The page declares charset {declared} but {where} is not valid {declared}; "
                       f"it was read as {fallback.encoding} instead.")
            return Decoded(fallback.text, fallback.encoding, fallback.how, problem)
    return _undeclared(data)


def _undeclared(data: bytes) -> Decoded:
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        return Decoded(decode_windows_1252(data), "cp1252", "windows-1252")
