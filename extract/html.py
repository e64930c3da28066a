"""Reader for web pages (`.html`): bytes → text → parsed page → the document tree.

The chain: bytes → text (html_decode.decode_page: BOM, declared charset, UTF-8, else
Windows-1252) → lxml tree (html_blocks.parse_page: no network, no entity expansion, depth
checked) → main content and page furniture (html_blocks.find_page) → blocks
(html_blocks.read_blocks). The page's first `<h1>` (else `<title>`) is the document's title.
What the reader noticed about the file itself (a charset declaration that does not fit the
bytes) becomes a note. It knows web pages and nothing of the model: CMS pages mark the same
thing up differently from one part to the next, so the reader reports what it sees and the
interpreter (extract/interpret/) decides what it means.
"""
from __future__ import annotations

from extract.doc import Document, Furniture, Note
from extract.html_blocks import (Page, find_page, furniture_kind, inner_furniture, parse_page, read_blocks,
                                 visible_text)
from extract.html_decode import decode_page
from pipeline.core.text import normalise_space


def page_furniture(page: Page, inside: list, path: str) -> list[Furniture]:
    """Given the page, the furniture met inside its content and the file's path, return the document's furniture."""
    out = []
    for element, kind in page.furniture + [(el, inner_furniture(el) or furniture_kind(el)) for el in inside]:
        text = normalise_space(visible_text(element))
        if text:
            out.append(Furniture(kind, text, provenance=[{"path": path, "element": page.paths(element)}]))
    return out


def read(source) -> Document:
    """Given a web page (extract.base.Source), return its document tree."""
    decoded = decode_page(source.data)
    tree = parse_page(decoded.text, source.path)
    page = find_page(tree, source.path)
    blocks, inside = read_blocks(page, source.path)
    notes = []
    if decoded.problem:
        notes.append(Note("charset-mismatch", "warning", decoded.problem, provenance=[{"path": source.path}]))
    return Document(source.path, "html", body=blocks, furniture=page_furniture(page, inside, source.path), notes=notes,
                    title=page.title, base_url=page.base_url)
