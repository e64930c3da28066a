"""What a PDF page holds, read with PDFium in one pass: words, ruling lines, shaded boxes, links, form fields.

PDFium (`pypdfium2`, Chrome's PDF engine) parses the file; this module asks it, page by page,
for every character with its box and font, and every page object, and hands back plain data
(`PageContent`). Nothing here interprets the page: that is `extract.pdf_lines` (words →
lines) and `extract.pdf_grid` (ruling segments → tables) and `extract.pdf_tree` (→ the
document tree).

Speed: a character costs two calls into PDFium (its box and its text object); the characters'
text comes in one call per page, and a font's size and weight are asked once per text object.
The calls go through private ctypes prototypes whose results are plain integers
(`c_void_p`), so no Python pointer object is made per character.

Bounds (the file is untrusted, see SECURITY.md): the file is checked before PDFium sees it
(an end-of-file marker; no Flate stream inflating past `MAX_INFLATED_BYTES`), the page count
is read from the page tree before any page is parsed, and each page has a time budget
(`PAGE_SECONDS`), checked between objects, so a page of a million paths is refused, not
waited for.
"""
from __future__ import annotations

import ctypes
import re
import time
import zlib
from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.core.errors import InputError

#: A PDF with more pages than this is refused before any page is parsed.
MAX_PAGES = 1000
#: One Flate stream may inflate to at most this many bytes (a page's text is a few hundred KiB).
MAX_INFLATED_BYTES = 64 * 1024 * 1024
#: Reading one page may take at most this many seconds; the whole file at most `FILE_SECONDS`.
PAGE_SECONDS = 5.0
FILE_SECONDS = 60.0

_WEIGHT = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_ITALIC = re.compile(r"italic|oblique", re.I)
#: Ligature glyphs expanded to their letters (the text layer sometimes keeps the ligature).
LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                           "\ufb05": "st", "\ufb06": "st",
                           # PDFium marks a hyphen it takes for a line-end hyphenation with U+0002 or U+FFFE
                           "\x02": "-", "\ufffe": "-"})
_FONT_FORCE_BOLD = 1 << 18
_FONT_ITALIC = 1 << 6


class Word(NamedTuple):
    """A run of characters with no space in it, one style, on one baseline (top-left origin, points)."""
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    italic: bool
    space_after: bool     # the text layer has a space right after the word (a glyph, or one PDFium put in a gap)


class Segment(NamedTuple):
    """A ruling line: horizontal (`top == bottom` within its width) or vertical, top-left origin."""
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


class Link(NamedTuple):
    """A link annotation: its box and its target (a URI)."""
    bbox: tuple
    url: str


class Widget(NamedTuple):
    """A form field's widget: its fully qualified name, value (None when empty), kind and box."""
    name: str
    value: str | None
    kind: str
    bbox: tuple


@dataclass
class PageContent:
    """What one page holds, as plain data (coordinates in points from the page's top-left corner)."""
    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    rulings: list[Segment] = field(default_factory=list)
    fills: list[tuple] = field(default_factory=list)    # shaded rectangles (bbox), not white
    marks: list[tuple] = field(default_factory=list)    # small shapes (bbox): bullets drawn as paths
    links: list[Link] = field(default_factory=list)
    widgets: list[Widget] = field(default_factory=list)
    objects: int = 0                                      # page objects seen (nested ones too)


# -- the PDFium calls, as plain-integer prototypes ---------------------------------------------
class _RectF(ctypes.Structure):
    _fields_ = [("left", ctypes.c_float), ("top", ctypes.c_float), ("right", ctypes.c_float),
                ("bottom", ctypes.c_float)]


class _Matrix(ctypes.Structure):
    _fields_ = [(name, ctypes.c_float) for name in "abcdef"]


class _Pdfium:
    """The PDFium functions this reader calls, bound once with plain-integer handles."""

    def __init__(self):
        from pypdfium2_raw.bindings import _libs   # the library pypdfium2 has loaded (and initialised)
        lib = _libs["pdfium"]
        V, I, F, D = ctypes.c_void_p, ctypes.c_int, ctypes.c_float, ctypes.c_double
        P = ctypes.POINTER

        def bind(name, restype, *argtypes):
            function = lib[name]          # a fresh prototype: pypdfium2's own stays as it is
            function.restype, function.argtypes = restype, argtypes
            setattr(self, name, function)

        bind("FPDF_LoadPage", V, V, I)
        bind("FPDF_ClosePage", None, V)
        bind("FPDF_GetPageBoundingBox", I, V, P(_RectF))
        bind("FPDFPage_GetRotation", I, V)
        bind("FPDFText_LoadPage", V, V)
        bind("FPDFText_ClosePage", None, V)
        bind("FPDFText_CountChars", I, V)
        bind("FPDFText_GetText", I, V, I, I, V)
        bind("FPDFText_GetUnicode", ctypes.c_uint, V, I)
        bind("FPDFText_GetTextObject", V, V, I)
        bind("FPDFText_GetCharBox", I, V, I, P(D), P(D), P(D), P(D))
        bind("FPDFText_GetLooseCharBox", I, V, I, P(_RectF))
        bind("FPDFText_GetFontSize", D, V, I)
        bind("FPDFText_GetFontWeight", I, V, I)
        bind("FPDFText_GetFontInfo", ctypes.c_ulong, V, I, V, ctypes.c_ulong, P(I))
        bind("FPDFTextObj_GetFont", V, V)
        bind("FPDFPage_CountObjects", I, V)
        bind("FPDFPage_GetObject", V, V, I)
        bind("FPDFFormObj_CountObjects", I, V)
        bind("FPDFFormObj_GetObject", V, V, ctypes.c_ulong)
        bind("FPDFPageObj_GetType", I, V)
        bind("FPDFPageObj_GetBounds", I, V, P(F), P(F), P(F), P(F))
        bind("FPDFPageObj_GetMatrix", I, V, P(_Matrix))
        bind("FPDFPageObj_GetFillColor", I, V, P(ctypes.c_uint), P(ctypes.c_uint), P(ctypes.c_uint),
             P(ctypes.c_uint))
        bind("FPDFPath_GetDrawMode", I, V, P(I), P(I))
        bind("FPDFPath_CountSegments", I, V)
        bind("FPDFPath_GetPathSegment", V, V, I)
        bind("FPDFPathSegment_GetPoint", I, V, P(F), P(F))
        bind("FPDFPathSegment_GetType", I, V)
        bind("FPDFLink_Enumerate", I, V, P(I), P(V))
        bind("FPDFLink_GetAnnotRect", I, V, P(_RectF))
        bind("FPDFLink_GetAction", V, V)
        bind("FPDFAction_GetType", ctypes.c_ulong, V)
        bind("FPDFAction_GetURIPath", ctypes.c_ulong, V, V, V, ctypes.c_ulong)
        bind("FPDFPage_GetAnnotCount", I, V)
        bind("FPDFPage_GetAnnot", V, V, I)
        bind("FPDFPage_CloseAnnot", None, V)
        bind("FPDFAnnot_GetSubtype", I, V)
        bind("FPDFAnnot_GetRect", I, V, P(_RectF))
        bind("FPDFAnnot_GetFormFieldName", ctypes.c_ulong, V, V, V, ctypes.c_ulong)
        bind("FPDFAnnot_GetFormFieldValue", ctypes.c_ulong, V, V, V, ctypes.c_ulong)
        bind("FPDFAnnot_GetFormFieldType", I, V, V)
        bind("FPDFAnnot_IsChecked", I, V, V)


_API: _Pdfium | None = None


def api() -> _Pdfium:
    """Return the PDFium functions, bound on first use."""
    global _API
    if _API is None:
        import pypdfium2  # noqa: F401  (loads and initialises the library)
        _API = _Pdfium()
    return _API


# -- the file ----------------------------------------------------------------------------------
_STREAM = re.compile(rb"stream\r?\n")
_FLATE = re.compile(rb"/Fl(?:ateDecode)?\b")


def check_streams(data: bytes, path: str, limit: int = MAX_INFLATED_BYTES) -> None:
    """Given a PDF's bytes, raise InputError when a Flate stream inflates past `limit` bytes.

    PDFium would inflate such a stream whole before reading a word of it (a 1 GiB content
    stream is a "flate bomb"). Each stream whose dictionary names the Flate filter is inflated
    here in bounded steps, without keeping the output, and the count stops at the limit.
    """
    position = 0
    while True:
        found = _STREAM.search(data, position)
        if found is None:
            return
        start = found.end()
        head = data[max(0, found.start() - 512):found.start()]
        position = start
        if not _FLATE.search(head[head.rfind(b"obj"):] if b"obj" in head else head):
            continue
        inflater = zlib.decompressobj()
        total = 0
        chunk_at = start
        try:
            while not inflater.eof and chunk_at < len(data):
                piece = inflater.decompress(data[chunk_at:chunk_at + 65536], 1 << 20)
                total += len(piece)
                while inflater.unconsumed_tail and total <= limit:
                    piece = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
                    total += len(piece)
                if total > limit:
                    raise InputError(f"has a compressed stream that inflates past {limit // (1024 * 1024)} MiB "
                                     f"(at byte {found.start()}); refused as a decompression bomb", path)
                chunk_at += 65536
        except zlib.error:
            pass   # a damaged stream: PDFium decides what it can read of it
        position = max(position, chunk_at if inflater.eof is False else start)


def open_document(source):
    """Given a PDF source, return an open pypdfium2 document (forms ready), or raise InputError.

    Refuses a truncated file, a decompression bomb, a password-protected or damaged file, a
    file with no pages and one over the page limit, all before any page is parsed.
    """
    import pypdfium2

    if b"%%EOF" not in source.data[-2048:]:
        raise InputError("is truncated or damaged: the PDF has no end-of-file marker", source.path)
    check_streams(source.data, source.path)
    try:
        document = pypdfium2.PdfDocument(source.data)
    except pypdfium2.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pypdfium2.raw.FPDF_ERR_PASSWORD:
            raise InputError("is password-protected; remove the password and try again", source.path) from None
        raise InputError(f"is damaged and cannot be read as a PDF ({exc})".splitlines()[0][:200], source.path) from None
    count = len(document)
    if count > MAX_PAGES:
        document.close()
        raise InputError(f"has {count} pages, over the {MAX_PAGES}-page limit for one model", source.path)
    if count == 0:
        document.close()
        raise InputError("is a PDF with no pages", source.path)
    try:
        document.init_forms()
    except Exception:  # noqa: BLE001 (a broken AcroForm: the pages can still be read, without fields)
        pass
    return document


def read_pages(source, settings: dict | None = None):
    """Given a PDF source, yield each page's `PageContent`, one page parsed and closed at a time."""
    document = open_document(source)
    started = time.perf_counter()
    try:
        for index in range(len(document)):
            if time.perf_counter() - started > FILE_SECONDS:
                raise InputError(f"takes too long to read (over {FILE_SECONDS:.0f} s by page {index + 1})",
                                 source.path)
            yield read_page(document, index, source.path, settings or {})
    finally:
        document.close()


def read_page(document, index: int, path: str, settings: dict) -> PageContent:
    """Given an open document and a page index, return the page's content (page numbers count from 1)."""
    pdf = api()
    handle = ctypes.cast(document.raw, ctypes.c_void_p).value
    page = pdf.FPDF_LoadPage(handle, index)
    if not page:
        raise InputError(f"is damaged: page {index + 1} cannot be read", path)
    deadline = time.perf_counter() + PAGE_SECONDS
    try:
        box = _RectF()
        pdf.FPDF_GetPageBoundingBox(page, ctypes.byref(box))
        frame = Frame(box.left, box.top, box.right, box.bottom, pdf.FPDFPage_GetRotation(page) % 4)
        content = PageContent(index + 1, frame.width, frame.height)
        textpage = pdf.FPDFText_LoadPage(page)
        try:
            content.words = _words(pdf, textpage, frame)
        finally:
            pdf.FPDFText_ClosePage(textpage)
        content.objects = _paths(pdf, page, frame, content, deadline, path, index + 1)
        content.links = _links(pdf, handle, page, frame)
        form = getattr(getattr(document, "formenv", None), "raw", None)
        if form is not None:
            content.widgets = _widgets(pdf, ctypes.cast(form, ctypes.c_void_p).value, page, frame)
        return content
    finally:
        pdf.FPDF_ClosePage(page)


class Frame(NamedTuple):
    """A page's visible box in PDF user space (y up) and its /Rotate quarter turns: maps to top-left display space."""
    left: float
    top: float
    right: float
    bottom: float
    rotation: int

    @property
    def width(self) -> float:
        return self.right - self.left if self.rotation % 2 == 0 else self.top - self.bottom

    @property
    def height(self) -> float:
        return self.top - self.bottom if self.rotation % 2 == 0 else self.right - self.left

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """Given a box in user space, return it as (x0, top, x1, bottom) on the page as displayed."""
        if self.rotation == 0:
            return (left - self.left, self.top - top, right - self.left, self.top - bottom)
        if self.rotation == 1:
            return (bottom - self.bottom, left - self.left, top - self.bottom, right - self.left)
        if self.rotation == 2:
            return (self.right - right, bottom - self.bottom, self.right - left, top - self.bottom)
        return (self.top - top, self.right - right, self.top - bottom, self.right - left)


def _text_of_page(pdf, textpage, count: int) -> str:
    """Given a text page, return its characters as one string, one Python character per PDFium character."""
    buffer = ctypes.create_string_buffer(4 * count + 4)
    written = pdf.FPDFText_GetText(textpage, 0, count, buffer)
    text = buffer.raw[:2 * max(written - 1, 0)].decode("utf-16-le", "replace")
    if len(text) != count:   # characters outside the BMP take two UTF-16 units: ask one at a time
        text = "".join(chr(pdf.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    return text


def _weight(pdf, textpage, index: int, name_buffer, flags) -> tuple[bool, bool]:
    """Given a character, return (bold, italic) of its font, from its weight, name and flags."""
    weight = pdf.FPDFText_GetFontWeight(textpage, index)
    pdf.FPDFText_GetFontInfo(textpage, index, name_buffer, 256, ctypes.byref(flags))
    name = name_buffer.value.decode("latin-1").split("+")[-1]
    bold = weight >= 600 or bool(_WEIGHT.search(name)) or bool(flags.value & _FONT_FORCE_BOLD)
    italic = bool(_ITALIC.search(name)) or bool(flags.value & _FONT_ITALIC)
    return bold, italic


#: A gap wider than this many font sizes between two glyphs of a word splits it (a space with no glyph).
WORD_GAP = 0.15


def _words(pdf, textpage, frame: Frame) -> list[Word]:
    """Given a PDFium text page, return its words in content order (ligatures expanded, stray spaces dropped).

    A word ends at a space (a real one, or one PDFium generated for a gap), at a line end, at
    a gap wider than WORD_GAP font sizes, at a step backwards, and where the style switches.
    A space glyph drawn back over the word before it (some typesetters draw one after a link)
    is not a space.
    """
    count = pdf.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    text = _text_of_page(pdf, textpage, count)
    get_object, get_box = pdf.FPDFText_GetTextObject, pdf.FPDFText_GetLooseCharBox
    rect = _RectF()
    rect_ref = ctypes.byref(rect)
    name_buffer, flags = ctypes.create_string_buffer(256), ctypes.c_int()
    styles: dict[int, tuple] = {}          # text object -> (size, bold, italic)
    fonts: dict[int, tuple] = {}           # font -> (bold, italic)
    interned: dict[tuple, tuple] = {}      # one tuple per style, so that styles compare by identity
    words: list[Word] = []
    chars: list[str] = []
    x0 = top = x1 = bottom = 0.0           # the word being built, on the page as displayed
    glyph_left = 0.0                       # where the word's last glyph starts
    style = (0.0, False, False)
    upright = frame.rotation == 0
    origin_x, origin_y, to_page = frame.left, frame.top, frame.box

    space_middle: float | None = None      # the middle of the space glyph drawn after the last word, if any

    def flush(space_after: bool) -> None:
        nonlocal space_middle
        if chars == ["-"] and words and abs(words[-1].top - top) < 1 and 0 <= x0 - words[-1].x1 < 0.2 * style[0] \
                and (space_middle is None or x0 < space_middle):
            # a line-end hyphen drawn on its own, after a generated space or over a space glyph (LibreOffice):
            # it belongs to the word before it; one set after a whole space glyph is a dash of its own
            # ("West of England - Reducing", as a browser prints it)
            last = words[-1]
            words[-1] = last._replace(text=last.text + "-", x1=x1, space_after=space_after)
            chars.clear()
            return
        words.append(Word("".join(chars).translate(LIGATURES), x0, top, x1, bottom, style[0], style[1], style[2],
                          space_after))
        space_middle = None
        chars.clear()

    for index in range(count):
        character = text[index]
        handle = get_object(textpage, index)
        if handle is None:                      # generated by PDFium: a space, or a line end (no space)
            spaced = character == " "
            if chars:
                flush(spaced)
            elif spaced and words and not words[-1].space_after:
                words[-1] = words[-1]._replace(space_after=True)
            continue
        get_box(textpage, index, rect_ref)
        if upright:      # the common case, inline: user space (y up) to the page as displayed (y down)
            left, high, right, low = rect.left - origin_x, origin_y - rect.top, rect.right - origin_x, origin_y - rect.bottom
        else:
            left, high, right, low = to_page(rect.left, rect.bottom, rect.right, rect.top)
        if character.isspace():
            if chars:
                # a space drawn back over the glyph before it is a stray; one that starts past that glyph's
                # middle is real (an italic glyph's box overhangs the space after it)
                if left >= (glyph_left + x1) / 2:
                    flush(True)
                    space_middle = (left + right) / 2
            elif words and not words[-1].space_after and left >= words[-1].x1 - 1:
                words[-1] = words[-1]._replace(space_after=True)
                space_middle = (left + right) / 2
            continue
        current = styles.get(handle)
        if current is None:     # a new text object: its size, and its font's weight (asked once per font)
            font = pdf.FPDFTextObj_GetFont(handle)
            weight = fonts.get(font)
            if weight is None:
                weight = fonts[font] = _weight(pdf, textpage, index, name_buffer, flags)
            style_key = (round(pdf.FPDFText_GetFontSize(textpage, index), 1), *weight)
            current = styles[handle] = interned.setdefault(style_key, style_key)
        if chars:
            size = style[0] or 1.0
            jumped = abs(high - top) > 0.5 * size and abs(low - bottom) > 0.5 * size
            gap = left - x1
            if jumped or gap > WORD_GAP * size or gap < -0.5 * size or current is not style:
                flush(jumped or gap > WORD_GAP * size)
        if not chars:     # a loose box spans the font's ascent and descent: one per word is enough
            x0, top, bottom, style = left, high, low, current
        x1, glyph_left = right, left
        chars.append(character)
    if chars:
        flush(True)
    return words


#: A path no thicker than this (points) is a ruling line, whatever its drawing mode.
RULING_WIDTH = 3.0
#: A path no larger than this (points) either way, and not a line, is a mark: a bullet drawn as a shape.
MARK_SIZE = 6.5
#: Check the page's time budget after this many objects.
_CHECK_EVERY = 4096


def _paths(pdf, page, frame: Frame, content: PageContent, deadline: float, path: str, number: int) -> int:
    """Given a page, add its ruling segments and shaded boxes to `content`; return how many objects it has.

    Thin paths (cell borders, rules) become segments from their bounds alone; a wider path is
    asked for its drawing mode, and a stroked or shaded rectangle gives its four edges (and a
    shaded one its box). Objects inside form XObjects are read too, through the form's transform.
    """
    bounds = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.byref(b) for b in bounds]
    seen = 0
    stack: list[tuple[int, int, int, tuple | None]] = [(page, pdf.FPDFPage_CountObjects(page), 0, None)]
    while stack:
        parent, total, start, transform = stack.pop()
        nested = parent != page
        for k in range(start, total):
            obj = pdf.FPDFFormObj_GetObject(parent, k) if nested else pdf.FPDFPage_GetObject(parent, k)
            seen += 1
            if seen % _CHECK_EVERY == 0 and time.perf_counter() > deadline:
                raise InputError(f"page {number} takes too long to read (over {PAGE_SECONDS:.0f} s, "
                                 f"{seen:,} objects so far)", path)
            kind = pdf.FPDFPageObj_GetType(obj)
            if kind == 5:                       # a form XObject: read its objects after this level
                stack.append((parent, total, k + 1, transform))
                stack.append((obj, pdf.FPDFFormObj_CountObjects(obj), 0, _compose(_transform_of(pdf, obj), transform)))
                break
            if kind != 2:
                continue
            pdf.FPDFPageObj_GetBounds(obj, *refs)
            left, bottom, right, top = (b.value for b in bounds)
            if transform is not None:
                left, bottom, right, top = _transform(transform, left, bottom, right, top)
            _classify_path(pdf, obj, frame.box(left, bottom, right, top), content)
    return seen


def _classify_path(pdf, obj, box: tuple, content: PageContent) -> None:
    """Given a path object and its page box, add what it draws: a ruling segment, or a box's edges and fill."""
    x0, top, x1, bottom = box
    width, height = x1 - x0, bottom - top
    if height <= RULING_WIDTH and width > height:
        middle = (top + bottom) / 2
        content.rulings.append(Segment(x0, middle, x1, middle))
        return
    if width <= RULING_WIDTH and height > width:
        middle = (x0 + x1) / 2
        content.rulings.append(Segment(middle, top, middle, bottom))
        return
    if max(width, height) <= MARK_SIZE and min(width, height) >= MARK_SIZE / 5:
        content.marks.append(box)     # a dot, ring or square: a list bullet drawn as a shape (browsers do)
        return
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdf.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    shaded = bool(fill.value) and not _is_white(pdf, obj)
    if shaded:
        content.fills.append(box)
    if (stroke.value or shaded) and _is_rectangle(pdf, obj):
        content.rulings.extend((Segment(x0, top, x1, top), Segment(x0, bottom, x1, bottom),
                                Segment(x0, top, x0, bottom), Segment(x1, top, x1, bottom)))


def _is_white(pdf, obj) -> bool:
    """Given a filled path, return True when its fill is white or fully transparent (a page or cell background)."""
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdf.FPDFPageObj_GetFillColor(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return False
    return a.value == 0 or min(r.value, g.value, b.value) >= 250


def _is_rectangle(pdf, obj) -> bool:
    """Given a path, return True when it is one axis-aligned rectangle (4 or 5 straight segments)."""
    count = pdf.FPDFPath_CountSegments(obj)
    if count not in (4, 5):
        return False
    x, y = ctypes.c_float(), ctypes.c_float()
    xs, ys = set(), set()
    for k in range(count):
        segment = pdf.FPDFPath_GetPathSegment(obj, k)
        if pdf.FPDFPathSegment_GetType(segment) == 1:    # a Bézier curve: a rounded box, not ruled
            return False
        pdf.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        xs.add(round(x.value, 1))
        ys.add(round(y.value, 1))
    return len(xs) <= 2 and len(ys) <= 2


def _transform_of(pdf, obj) -> tuple:
    """Given a page object, return its transform (a, b, c, d, e, f)."""
    values = _Matrix()
    pdf.FPDFPageObj_GetMatrix(obj, ctypes.byref(values))
    return (values.a, values.b, values.c, values.d, values.e, values.f)


def _compose(inner: tuple, outer: tuple | None) -> tuple:
    """Given a form's transform and the transform of the form it sits in (or None), return the one to page space."""
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _transform(transform: tuple, left: float, bottom: float, right: float, top: float) -> tuple:
    """Given a transform and a box, return the bounding box of the transformed corners."""
    a, b, c, d, e, f = transform
    xs, ys = [], []
    for x, y in ((left, bottom), (left, top), (right, bottom), (right, top)):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


def _links(pdf, document: int, page: int, frame: Frame) -> list[Link]:
    """Given a page, return its links to web addresses (internal jumps are not content)."""
    links: list[Link] = []
    position, link = ctypes.c_int(0), ctypes.c_void_p()
    rect = _RectF()
    while pdf.FPDFLink_Enumerate(page, ctypes.byref(position), ctypes.byref(link)):
        action = pdf.FPDFLink_GetAction(link.value)
        if not action or pdf.FPDFAction_GetType(action) != 3:     # PDFACTION_URI
            continue
        size = pdf.FPDFAction_GetURIPath(document, action, None, 0)
        if size <= 1:
            continue
        buffer = ctypes.create_string_buffer(size)
        pdf.FPDFAction_GetURIPath(document, action, buffer, size)
        pdf.FPDFLink_GetAnnotRect(link.value, ctypes.byref(rect))
        box = frame.box(min(rect.left, rect.right), min(rect.top, rect.bottom),
                        max(rect.left, rect.right), max(rect.top, rect.bottom))
        links.append(Link(box, buffer.value.decode("utf-8", "replace")))
    return links


_FIELD_KINDS = {2: "checkbox", 3: "checkbox", 4: "choice", 5: "choice", 6: "text", 7: "signature"}


def _widgets(pdf, form: int, page: int, frame: Frame) -> list[Widget]:
    """Given a page and the document's form handle, return its form fields' widgets (name, value, kind, box)."""
    widgets: list[Widget] = []
    rect = _RectF()
    for k in range(pdf.FPDFPage_GetAnnotCount(page)):
        annot = pdf.FPDFPage_GetAnnot(page, k)
        if not annot:
            continue
        try:
            if pdf.FPDFAnnot_GetSubtype(annot) != 20:           # FPDF_ANNOT_WIDGET
                continue
            name = _utf16(pdf.FPDFAnnot_GetFormFieldName, form, annot)
            kind = _FIELD_KINDS.get(pdf.FPDFAnnot_GetFormFieldType(form, annot), "text")
            value = _utf16(pdf.FPDFAnnot_GetFormFieldValue, form, annot) or None
            if kind == "checkbox":
                value = (value or "Yes") if pdf.FPDFAnnot_IsChecked(form, annot) else None
            elif value is not None and not value.strip():
                value = None
            pdf.FPDFAnnot_GetRect(annot, ctypes.byref(rect))
            box = frame.box(min(rect.left, rect.right), min(rect.top, rect.bottom),
                            max(rect.left, rect.right), max(rect.top, rect.bottom))
            widgets.append(Widget(name or "", value, kind, box))
        finally:
            pdf.FPDFPage_CloseAnnot(annot)
    return widgets


def _utf16(function, form: int, annot: int) -> str:
    """Given a PDFium getter that fills a UTF-16 buffer, return its string."""
    size = function(form, annot, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    function(form, annot, buffer, size)
    return buffer.raw[:size - 2].decode("utf-16-le", "replace")
