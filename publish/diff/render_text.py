"""Render a diff as plain text for a terminal: `[-deleted-]` and `{+inserted+}` marks, coloured on request.

The marks are always there, so the report reads the same piped into a file or on a
monochrome terminal; colour (red deletions, green insertions) is only an aid.
"""
from __future__ import annotations

import textwrap

import click

from publish.diff.outline import outline

WIDTH = 100
UNDERLINES = {1: "=", 2: "-"}


def mark(op: str, text: str, color: bool) -> str:
    """Given a segment's op and text, return it marked (and coloured when color is true)."""
    if op == "equal":
        return text
    marked = f"[-{text}-]" if op == "delete" else f"{{+{text}+}}"
    return click.style(marked, fg="red" if op == "delete" else "green") if color else marked


def inline_diff(diff: dict, color: bool) -> str:
    """Given a text difference, return it as one marked line."""
    status = diff["status"]
    if status == "modified":
        return "".join(mark(s["op"], s["text"], color) for s in diff["segments"])
    if status == "added":
        return mark("insert", diff["new"], color)
    if status == "removed":
        return mark("delete", diff["old"], color)
    return diff.get("text", "")


def render_block(block: dict, color: bool) -> list[str]:
    """Given an outline block, return its lines."""
    kind = block["type"]
    if kind == "heading":
        text = block["text"]
        if block["level"] in UNDERLINES:
            return ["", click.style(text, bold=True) if color else text, UNDERLINES[block["level"]] * len(text)]
        return ["", ("#" * block["level"]) + " " + (click.style(text, bold=True) if color else text)]
    if kind == "paragraph":
        return textwrap.wrap(block["text"], WIDTH, break_long_words=False, break_on_hyphens=False) or [""]
    if kind == "list":
        return [line for item in block["items"] for line in
                textwrap.wrap(item, WIDTH, initial_indent="- ", subsequent_indent="  ", break_long_words=False,
                              break_on_hyphens=False)]
    if kind == "counts":
        width = max(len(label) for label, _ in block["rows"])
        return [f"  {label.ljust(width)}  {count:>4}" for label, count in block["rows"]]
    body = inline_diff(block["diff"], color)
    return [f"* {block['label']}:", *("    " + line if line else "" for line in body.split("\n"))]


def render_text(diff: dict, color: bool = False) -> str:
    """Given a diff model, return the text report (ANSI colours only when color is true)."""
    lines: list[str] = []
    for block in outline(diff):
        lines.extend(render_block(block, color))
    return "\n".join(lines).lstrip("\n") + "\n"
