"""Reading published files: format readers emit a document tree, one interpreter builds the record.

Each format reader module (`extract.text`, `extract.html`, `extract.pdf`) has
`read(source) -> Document` (extract/doc.py) and knows only its format;
`extract.interpret.interpret(document)` is the one place that knows the model and returns an
`Extraction` (extract/base.py).
The pipeline wraps the content with edition and source metadata, assigns lineage keys and
validates it; readers know nothing of editions beyond what the file says.
"""
from __future__ import annotations

import importlib

from extract.base import Extraction, Source

#: Reader module per format: `read(source) -> Document`.
READERS = {
    "text": "extract.text",
    "pdf": "extract.pdf",
    "html": "extract.html",
}


def read_tree(source: Source):
    """Given a source, return its document tree from its format's reader."""
    return importlib.import_module(READERS[source.format]).read(source)


def extract(source: Source) -> Extraction:
    """Given a source, return what it says: its format's reader's tree, interpreted."""
    module = importlib.import_module(READERS[source.format])
    from extract.interpret import interpret  # noqa: PLC0415 (the interpreter imports the readers' tree only)
    return interpret(module.read(source))


def reader_for(fmt: str):
    """Given a format name, return the function that reads a source of that format into an Extraction."""
    return extract


__all__ = ["Extraction", "Source", "READERS", "extract", "read_tree", "reader_for"]
