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


def has_tree_reader(fmt: str) -> bool:
    """Given a format name, return True if its reader emits a document tree (`read`)."""
    return hasattr(importlib.import_module(READERS[fmt]), "read")


def read_tree(source: Source):
    """Given a source, return its document tree from its format's reader."""
    return importlib.import_module(READERS[source.format]).read(source)


def extract(source: Source) -> Extraction:
    """Given a source, return what it says: its format's reader's tree, interpreted."""
    from extract.interpret import interpret  # noqa: PLC0415 (only when a file is read)
    return interpret(read_tree(source))


__all__ = ["Extraction", "Source", "READERS", "extract", "has_tree_reader", "read_tree"]
