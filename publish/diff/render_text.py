"""Render a diff as plain text for a person at a terminal: prose by default, `{+ +}`/`[- -]` marks on request.

The prose form says each edit in words, with a few words of context ("to" became "should",
after "an expected date of discharge"), so a reworded paragraph reads as the list of what
changed in it. The marked form (`markup=True`, `hicm diff --markup`) is wdiff's: the whole
text with `[-deleted-]` and `{+inserted+}` marks. Both read the same piped into a file or on a
monochrome terminal; colour (red for what went, green for what came) is only an aid. Headings
are underlined, never written with another format's markup.
"""
from __future__ import annotations

import textwrap

import click

from publish.diff.outline import outline

WIDTH = 100
UNDERLINES = {1: "=", 2: "-", 3: "~"}
#: How many words of unchanged text before an edit are quoted to say where it is.
CONTEXT_WORDS = 5
OPEN, CLOSE = "\u201c", "\u201d"


def style(text: str, role: str, color: bool) -> str:
    """Given text and its role (`old`, `new` or `heading`), return it coloured when color is true."""
    if not color:
        return text
    if role == "heading":
        return click.style(text, bold=True)
    return click.style(text, fg="red" if role == "old" else "green")


def mark(op: str, text: str, color: bool) -> str:
    """Given a segment's op and text, return it marked (and coloured when color is true)."""
    if op == "equal":
        return text
    marked = f"[-{text}-]" if op == "delete" else f"{{+{text}+}}"
    return style(marked, "old" if op == "delete" else "new", color)


def marked_text(diff: dict, color: bool) -> str:
    """Given a text difference, return it as one text with `[- -]` and `{+ +}` marks."""
    status = diff["status"]
    if status == "modified":
        return "".join(mark(s["op"], s["text"], color) for s in diff["segments"])
    if status == "added":
        return mark("insert", diff["new"], color)
    if status == "removed":
        return mark("delete", diff["old"], color)
    return diff.get("text", "")


def edits(segments: list[dict]) -> list[tuple[str, str, str]]:
    """Given word segments, return each edit as (context before it, old text, new text); old or new may be empty."""
    found, before, pending = [], "", None
    for segment in segments:
        if segment["op"] == "equal":
            if pending:
                found.append(pending)
                pending = None
            before = segment["text"]
            continue
        if pending is None:
            pending = (before, "", "")
        context, old, new = pending
        pending = (context, old + segment["text"], new) if segment["op"] == "delete" else \
            (context, old, new + segment["text"])
    if pending:
        found.append(pending)
    return found


def quoted(text: str, role: str, color: bool) -> str:
    """Given text from a document and its role, return it in curly quotes, spaces at its ends trimmed."""
    return OPEN + style(text.strip(), role, color) + CLOSE


def edit_sentence(context: str, old: str, new: str, color: bool) -> str:
    """Given one edit, return it in words: `"to" became "should" (after "date of discharge")`."""
    if old.strip() and new.strip():
        said = f"{quoted(old, 'old', color)} became {quoted(new, 'new', color)}"
    elif old.strip():
        said = f"removed {quoted(old, 'old', color)}"
    else:
        said = f"added {quoted(new, 'new', color)}"
    words = context.split()
    if not words:
        return said + " (at the start)"
    lead = ("\u2026" if len(words) > CONTEXT_WORDS else "") + " ".join(words[-CONTEXT_WORDS:])
    return f"{said} (after {OPEN}{lead}{CLOSE})"


def prose(diff: dict, color: bool) -> list[str]:
    """Given a text difference, return it as lines of prose: each edit in words, or the text added or removed."""
    status = diff["status"]
    if status == "modified":
        return [edit_sentence(*edit, color) for edit in edits(diff["segments"])
                if edit[1].strip() or edit[2].strip()] or ["(spacing only)"]
    if status == "added":
        return [style(diff["new"], "new", color)]
    if status == "removed":
        return [style(diff["old"], "old", color)]
    return [diff.get("text", "")]


def wrap(text: str, indent: str) -> list[str]:
    """Given a paragraph and an indent, return it wrapped to WIDTH (words never broken)."""
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False) or [indent.rstrip()]


def change_lines(block: dict, color: bool, markup: bool) -> list[str]:
    """Given a `change` block, return its lines: the label with what happened, then the text or each edit, indented."""
    diff = block["diff"]
    status = {"added": "added", "removed": "removed"}.get(diff["status"])
    label = f"* {block['label']}" + (f" ({status})" if status and not block["label"].endswith(status) else "") + ":"
    if markup:
        body = marked_text(diff, color).split("\n")
        return [label, *("    " + line if line else "" for line in body)]
    lines = [label]
    bullet = diff["status"] == "modified" and len(diff["segments"]) > 1
    for sentence in prose(diff, color):
        if color:   # colour codes would count in the width: keep each sentence on one line
            lines.append(("    - " if bullet else "    ") + sentence)
        else:
            lines.extend(textwrap.wrap(sentence, WIDTH, initial_indent="    - " if bullet else "    ",
                                       subsequent_indent="      " if bullet else "    ",
                                       break_long_words=False, break_on_hyphens=False))
    return lines


def render_block(block: dict, color: bool, markup: bool) -> list[str]:
    """Given an outline block, return its lines."""
    kind = block["type"]
    if kind == "heading":
        text = block["text"]
        if block["level"] in UNDERLINES:
            return ["", style(text, "heading", color), UNDERLINES[block["level"]] * len(text)]
        return ["", style(text, "heading", color)]
    if kind == "paragraph":
        return wrap(block["text"], "")
    if kind == "list":
        return [line for item in block["items"] for line in
                textwrap.wrap(item, WIDTH, initial_indent="- ", subsequent_indent="  ", break_long_words=False,
                              break_on_hyphens=False)]
    if kind == "counts":
        width = max(len(label) for label, _ in block["rows"])
        return [f"  {label.ljust(width)}  {count:>4}" for label, count in block["rows"]]
    return change_lines(block, color, markup)


def render_text(diff: dict, color: bool = False, markup: bool = False) -> str:
    """Given a diff model, return the text report: prose, or `[- -]`/`{+ +}` marks when markup (ANSI colours when color)."""
    lines: list[str] = []
    for block in outline(diff):
        lines.extend(render_block(block, color, markup))
    return "\n".join(lines).lstrip("\n") + "\n"
