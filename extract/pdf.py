"""Reader for PDFs: any typesetting into the document tree (extract/doc.py), and nothing of the model.

    bytes ─pdf_page (PDFium: guards, then per page words, rules, boxes, links, fields)─▶
    pdf_lines (lines, reading order, furniture) and pdf_grid (ruled tables and boxes) ─▶
    pdf_tree (headings, paragraphs, lists, tables, boxes, hyphenation) ─▶ Document

Every page of the file is read (up to `extract.pdf_page.MAX_PAGES`); which pages hold the
model is the interpreter's decision, from the tree. README "Reading PDFs" says which library
does what; SECURITY.md lists the limits (inflate, page time, pages).
"""
from __future__ import annotations

from extract.base import Source
from extract.doc import Document
from extract.pdf_tree import read_document


def read(source: Source, settings: dict | None = None) -> Document:
    """Given a PDF source (and optional layout settings, extract.pdf_lines.DEFAULT_SETTINGS), return its document tree."""
    return read_document(source, settings)
