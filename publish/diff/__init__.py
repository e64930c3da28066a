"""The diff reports: one renderer per format over the diff model (normalize/compare.py), and their registry.

Every renderer reads only the model; the human-readable ones share its outline (outline.py),
so they agree on wording and order and differ only in markup.
"""
from __future__ import annotations

import importlib

#: Format -> module:function of its renderer (imported on first use: python-docx only for docx).
RENDERERS = {
    "text": "publish.diff.render_text:render_text",
    "markdown": "publish.diff.render_markdown:render_markdown",
    "html": "publish.diff.render_html:render_html",
    "json": "publish.diff.render_json:render_json",
    "docx": "publish.diff.render_docx:render_docx",
}


def renderer(fmt: str):
    """Given a format name, return its render function (imported on first use)."""
    module, name = RENDERERS[fmt].split(":")
    return getattr(importlib.import_module(module), name)


def render(diff: dict, fmt: str, color: bool = False) -> bytes:
    """Given a diff model and a format, return the report's bytes."""
    output = renderer(fmt)(diff, color=color) if fmt == "text" else renderer(fmt)(diff)
    return output.encode("utf-8") if isinstance(output, str) else output
