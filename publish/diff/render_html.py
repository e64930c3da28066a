"""Render a diff as one self-contained, accessible HTML page, old and new side by side.

Accessible by construction: the page's language and title are set, headings go in order,
tables have captions and header cells with scope, and deletions and insertions are marked
with <del> and <ins> carrying text labels for screen readers, struck through and
underlined, so that nothing is told by colour alone. No scripts, no external resources.
"""
from __future__ import annotations

from html import escape

from pipeline.core.text import slug
from publish.diff.outline import outline, title_line

STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1b1b1b; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
caption { text-align: left; font-weight: bold; }
th, td { border: 1px solid #6f6f6f; padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
td.count { text-align: right; }
del { text-decoration: line-through; background: #fde0e0; color: #6b0000; }
ins { text-decoration: underline; background: #dff5e1; color: #004d14; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
""".strip()


def marked(op: str, text: str) -> str:
    """Given a segment's op and text, return its HTML: a labelled <del> or <ins>, or plain text."""
    if op == "equal":
        return escape(text)
    tag, label = ("del", "deleted") if op == "delete" else ("ins", "inserted")
    return f'<{tag}><span class="visually-hidden">[{label}: </span>{escape(text)}<span class="visually-hidden">]</span></{tag}>'


def sides(diff: dict) -> tuple[str, str]:
    """Given a text difference, return the HTML of its old side (deletions) and new side (insertions)."""
    status = diff["status"]
    if status == "modified":
        old = "".join(marked(s["op"], s["text"]) for s in diff["segments"] if s["op"] != "insert")
        new = "".join(marked(s["op"], s["text"]) for s in diff["segments"] if s["op"] != "delete")
        return old, new
    if status == "added":
        return "<em>(none)</em>", marked("insert", diff["new"])
    if status == "removed":
        return marked("delete", diff["old"]), "<em>(none)</em>"
    text = escape(diff.get("text", ""))
    return text, text


def changes_table(rows: list[dict], old_id: str, new_id: str, caption: str) -> list[str]:
    """Given consecutive `change` blocks, return a side-by-side table of them."""
    lines = ["<table>", f"<caption>{escape(caption)}</caption>",
             f'<thead><tr><th scope="col">What</th><th scope="col">Old ({escape(old_id)})</th>'
             f'<th scope="col">New ({escape(new_id)})</th></tr></thead>', "<tbody>"]
    for block in rows:
        old, new = sides(block["diff"])
        lines.append(f'<tr><th scope="row">{escape(block["label"])}</th><td>{old}</td><td>{new}</td></tr>')
    return lines + ["</tbody>", "</table>"]


def counts_table(rows: list[list]) -> list[str]:
    """Given the summary's rows, return its table."""
    lines = ["<table>", "<caption>Counts of differences</caption>",
             '<thead><tr><th scope="col">What</th><th scope="col">Count</th></tr></thead>', "<tbody>"]
    lines += [f'<tr><th scope="row">{escape(label)}</th><td class="count">{n}</td></tr>' for label, n in rows]
    return lines + ["</tbody>", "</table>"]


def heading_ids(blocks: list[dict]) -> list[str]:
    """Given the outline, return a unique, stable id per heading (its slug, numbered when repeated)."""
    ids, seen = [], {}
    for block in blocks:
        if block["type"] == "heading":
            base = slug(block["text"])
            seen[base] = seen.get(base, 0) + 1
            ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def contents(blocks: list[dict], ids: list[str]) -> list[str]:
    """Given the outline and heading ids, return a navigation list of the level-2 headings with their level-3 ones."""
    groups: list[tuple[str, str, list[tuple[str, str]]]] = []
    for block, anchor in zip((b for b in blocks if b["type"] == "heading"), ids):
        if block["level"] == 2:
            groups.append((block["text"], anchor, []))
        elif block["level"] == 3 and groups:
            groups[-1][2].append((block["text"], anchor))
    lines = ['<nav aria-label="Contents">', "<ul>"]
    for text, anchor, children in groups:
        link = f'<a href="#{anchor}">{escape(text)}</a>'
        if not children:
            lines.append(f"<li>{link}</li>")
            continue
        lines += [f"<li>{link}", "<ul>", *(f'<li><a href="#{a}">{escape(t)}</a></li>' for t, a in children), "</ul></li>"]
    return lines + ["</ul>", "</nav>"]


def render_html(diff: dict) -> str:
    """Given a diff model, return the HTML page."""
    old_id, new_id = diff["old"]["id"], diff["new"]["id"]
    body: list[str] = []
    blocks = outline(diff)
    anchors = iter(heading_ids(blocks))
    heading = ""
    index = 0
    while index < len(blocks):
        block = blocks[index]
        kind = block["type"]
        if kind == "heading":
            heading = block["text"]
            body.append(f'<h{block["level"]} id="{next(anchors)}">{escape(block["text"])}</h{block["level"]}>')
            if block["level"] == 1:
                body.append(f"<p>Side by side: the {escape(old_id)} edition on the left, the {escape(new_id)} "
                            "edition on the right. Deleted words are struck through and labelled "
                            "&#8220;deleted&#8221;; inserted words are underlined and labelled &#8220;inserted&#8221;.</p>")
                body.extend(contents(blocks, heading_ids(blocks)))
        elif kind == "paragraph":
            body.append(f"<p>{escape(block['text'])}</p>")
        elif kind == "list":
            body.extend(["<ul>", *(f"<li>{escape(item)}</li>" for item in block["items"]), "</ul>"])
        elif kind == "counts":
            body.extend(counts_table(block["rows"]))
        else:
            run = []
            while index < len(blocks) and blocks[index]["type"] == "change":
                run.append(blocks[index])
                index += 1
            body.extend(changes_table(run, old_id, new_id, heading))
            continue
        index += 1
    head = ['<!DOCTYPE html>', '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title_line(diff))}</title>", f"<style>\n{STYLE}\n</style>", "</head>", "<body>", "<main>"]
    return "\n".join(head + body + ["</main>", "</body>", "</html>"]) + "\n"
