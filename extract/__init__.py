"""Readers: one module per published format, each turning one file into canonical content.

Each reader module has `extract(source: Source) -> Extraction` (see extract.base). The
pipeline wraps the content with edition and source metadata, assigns lineage keys and
validates it; readers know nothing of editions beyond what the file says.
"""
from __future__ import annotations

import importlib

from extract.base import Extraction, Source

#: Reader module per format.
READERS = {
    "text": "extract.text",
    "pdf": "extract.pdf",
    "html": "extract.html",
}


def reader_for(fmt: str):
    """Given a format name, return its reader module's `extract` function."""
    return importlib.import_module(READERS[fmt]).extract


__all__ = ["Extraction", "Source", "READERS", "reader_for"]
