"""Render a diff as Markdown for a pull request or an email: `<del>`/`<ins>` marks, a summary table."""
from __future__ import annotations

import html
import re

from publish.diff.outline import outline

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def escape(text: str) -> str:
    """Given published text, return it safe inside Markdown (HTML entities, Markdown punctuation escaped)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def inline_diff(diff: dict) -> str:
    """Given a text difference, return it with deletions in <del> and insertions in <ins>."""
    status = diff["status"]
    if status == "modified":
        parts = []
        for segment in diff["segments"]:
            text = escape(segment["text"])
            parts.append(text if segment["op"] == "equal" else
                         f"<del>{text}</del>" if segment["op"] == "delete" else f"<ins>{text}</ins>")
        return "".join(parts)
    if status == "added":
        return f"<ins>{escape(diff['new'])}</ins>"
    if status == "removed":
        return f"<del>{escape(diff['old'])}</del>"
    return escape(diff.get("text", ""))


def render_block(block: dict) -> list[str]:
    """Given an outline block, return its Markdown lines (each block ends with a blank line)."""
    kind = block["type"]
    if kind == "heading":
        return ["#" * block["level"] + " " + escape(block["text"]), ""]
    if kind == "paragraph":
        return [escape(block["text"]), ""]
    if kind == "list":
        return [*(f"- {escape(item)}" for item in block["items"]), ""]
    if kind == "counts":
        return ["| What | Count |", "| --- | ---: |", *(f"| {escape(l)} | {n} |" for l, n in block["rows"]), ""]
    return [f"- **{escape(block['label'])}**: {inline_diff(block['diff'])}", ""]


def render_markdown(diff: dict) -> str:
    """Given a diff model, return the Markdown report."""
    lines = [] if diff["identical"] else ["Deletions are marked <del>like this</del>, insertions <ins>like this</ins>.", ""]
    blocks = outline(diff)
    lines = [*render_block(blocks[0]), *lines]
    for block in blocks[1:]:
        lines.extend(render_block(block))
    return "\n".join(lines).rstrip("\n") + "\n"
