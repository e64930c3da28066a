"""Turn a diff model into the outline every human-readable report shares.

The outline is a flat list of plain blocks, so the text, markdown, HTML and Word renderers
agree on wording and order and differ only in markup:

    {"type": "heading", "level": 1..4, "text": str}
    {"type": "paragraph", "text": str}
    {"type": "counts", "rows": [[label, number], ...]}         the summary table
    {"type": "list", "items": [str, ...]}                      a bulleted list (the index of changes)
    {"type": "change", "label": str, "diff": text_diff}        one labelled text difference

`change` blocks carry the model's text differences unchanged (status, old, new, segments).
"""
from __future__ import annotations

from schema.model import DEFAULT_LEVEL_LABELS, LEVEL_KEYS

STATUS_WORDS = {
    "added": "added", "removed": "removed", "renamed": "renamed", "split": "split", "merged": "merged",
    "moved": "renumbered", "modified": "modified", "unchanged": "unchanged", "reworded": "reworded",
    "re-nested": "re-nested",
}


def title_line(diff: dict) -> str:
    """Given a diff, return the report's title."""
    return f"What changed between the {diff['old']['id']} and {diff['new']['id']} editions"


def edition_line(ref: dict) -> str:
    """Given an edition reference, return `2019: Title (published 2019, published)`."""
    published = ref.get("published") or "date unknown"
    return f"{ref['id']}: {ref['title']} (published {published}, status {ref['status']})"


def summary_rows(diff: dict) -> list[list]:
    """Given a diff, return the summary table's rows: [label, count]."""
    s = diff["summary"]
    rows = [
        ["Changes added", s["changes"]["added"]],
        ["Changes removed", s["changes"]["removed"]],
        ["Changes renamed", s["changes"]["renamed"]],
        ["Changes split", s["changes"]["split"]],
        ["Changes merged", s["changes"]["merged"]],
        ["Changes renumbered", s["changes"]["moved"]],
        ["Changes with modified content", s["changes"]["modified"]],
        ["Changes unchanged", s["changes"]["unchanged"]],
    ]
    if any(s["enablers"].values()):
        rows += [[f"Enablers {STATUS_WORDS[k]}", n] for k, n in s["enablers"].items()]
    rows += [
        ["Summaries changed", s["texts"]["summaries_changed"]],
        ["I/We statements changed", s["texts"]["statements_changed"]],
        ["Tips added", s["tips"]["added"]],
        ["Tips removed", s["tips"]["removed"]],
        ["Tips reworded", s["tips"]["reworded"]],
        ["Tips moved", s["tips"]["moved"]],
        ["Tips re-nested", s["tips"]["re-nested"]],
        ["Examples added", s["examples"]["added"]],
        ["Examples removed", s["examples"]["removed"]],
        ["Examples modified", s["examples"]["modified"]],
        ["Materials added", s["materials"]["added"]],
        ["Materials removed", s["materials"]["removed"]],
        ["Materials modified", s["materials"]["modified"]],
        ["Matrices published inline only in the new edition", s["matrices"]["added"]],
        ["Matrices published inline only in the old edition", s["matrices"]["removed"]],
        ["Matrix rows added", s["matrix_rows"]["added"]],
        ["Matrix rows removed", s["matrix_rows"]["removed"]],
        ["Matrix rows modified", s["matrix_rows"]["modified"]],
        ["Matrix cells reworded", s["matrix_rows"]["cells_reworded"]],
        ["Levels changed", s["levels"]["added"] + s["levels"]["removed"] + s["levels"]["modified"]],
        ["Sections added", s["sections"]["added"]],
        ["Sections removed", s["sections"]["removed"]],
        ["Sections modified", s["sections"]["modified"]],
    ]
    return rows


def item_name(ref: dict | None, noun: str) -> str:
    """Given an item reference, return `Change 2 "Title"`."""
    return f"{noun} {ref['number']} \u201c{ref['title']}\u201d" if ref else ""


def relation_sentence(entry: dict, diff: dict, noun: str) -> str:
    """Given an item's entry, return one sentence saying what became of it, with old and new numbers and titles."""
    old_id, new_id = diff["old"]["id"], diff["new"]["id"]
    olds = " and ".join(item_name(r, noun) for r in entry["old"])
    new = item_name(entry["new"], noun)
    status = entry["status"]
    if status == "added":
        return f"Added in {new_id} as {new}."
    if status == "removed":
        return f"{olds} of {old_id} is not in {new_id}."
    if entry["into"]:
        return f"{olds} of {old_id} was {status} into {', '.join(entry['into'])} in {new_id}."
    if status in ("split", "merged"):
        return f"{new} of {new_id} was {status} from {olds} of {old_id}."
    return f"{olds} in {old_id} is {new} in {new_id}."


def index_line(entry: dict, noun: str) -> str:
    """Given an item's entry, return its line in the index: numbers, titles and relations."""
    old = ", ".join(f"{r['number']} {r['title']}" for r in entry["old"]) or "(none)"
    new = f"{entry['new']['number']} {entry['new']['title']}" if entry["new"] else "(none)"
    relations = ", ".join(STATUS_WORDS[r] for r in entry["relations"]) or "unchanged"
    return f"{noun} {old} \u2192 {new} [{relations}]"


def tip_label(entry: dict) -> str:
    """Given a tip's entry, return `Tip 4 (was 2.1): re-nested`."""
    where = entry["new"] or entry["old"]
    label = f"Tip {where['path']}"
    if entry["old"] and entry["new"] and entry["old"]["path"] != entry["new"]["path"]:
        label += f" (was {entry['old']['path']})"
    if where.get("heading"):
        label += f" under \u201c{where['heading']}\u201d"
    return label + ": " + ", ".join(entry["changes"])


def listed_blocks(name: str, listed: dict) -> list[dict]:
    """Given examples or materials' differences, return their blocks."""
    if not listed["entries"]:
        return []
    blocks = [{"type": "heading", "level": 4, "text": name}]
    for entry in listed["entries"]:
        side = entry["new"] or entry["old"]
        if entry["status"] == "modified":
            for field, field_diff in entry["fields"].items():
                if field_diff["status"] not in ("unchanged", "absent"):
                    blocks.append({"type": "change", "label": f"{side['title']}: {field} modified", "diff": field_diff})
        else:
            from_side = "new" if entry["status"] == "added" else "old"
            diff = {"status": entry["status"], from_side: side["title"] + (f" <{side['url']}>" if side.get("url") else "")}
            blocks.append({"type": "change", "label": f"{name[:-1]} {entry['status']}", "diff": diff})
    return blocks


def matrix_blocks(matrix: dict, diff: dict) -> list[dict]:
    """Given a matrix's differences, return their blocks."""
    old_id, new_id = diff["old"]["id"], diff["new"]["id"]
    status = matrix["status"]
    if status in ("absent", "unchanged"):
        return []
    blocks = [{"type": "heading", "level": 4, "text": "Maturity matrix"}]
    if status == "added":
        return blocks + [{"type": "paragraph", "text": f"The {new_id} edition publishes this matrix inline "
                          f"({matrix['new_rows']} rows); the {old_id} edition does not, so its cells are not compared."}]
    if status == "removed":
        return blocks + [{"type": "paragraph", "text": f"The {old_id} edition publishes this matrix inline "
                          f"({matrix['old_rows']} rows); the {new_id} edition does not, so its cells are not compared."}]
    counts = matrix["counts"]
    blocks.append({"type": "paragraph", "text":
                   f"Rows matched by {matrix['matched_by']}: {counts['modified']} modified, {counts['added']} added, "
                   f"{counts['removed']} removed, {counts['unchanged']} unchanged; {counts['cells_reworded']} cells reworded."})
    for row in matrix["rows"]:
        theme = row["theme"].get("text") or row["theme"].get("new") or row["theme"].get("old")
        position = row["new_position"] if row["new_position"] is not None else row["old_position"]
        where = f"Row {position}" + (f" (was {row['old_position']})" if row["status"] == "modified"
                                     and row["old_position"] != row["new_position"] else "")
        where += f" \u201c{theme}\u201d" if theme else ""
        if row["status"] != "modified":
            blocks.append({"type": "paragraph", "text": f"{where}: row {row['status']}."})
        elif row["theme"]["status"] not in ("unchanged", "absent"):
            blocks.append({"type": "change", "label": f"{where}: theme", "diff": row["theme"]})
        for level in LEVEL_KEYS:
            cell = row["cells"][level]
            if cell["status"] not in ("unchanged", "absent"):
                blocks.append({"type": "change", "label": f"{where}: {DEFAULT_LEVEL_LABELS[level]}", "diff": cell})
    return blocks


def text_blocks(content: dict) -> list[dict]:
    """Given an item's content differences, return blocks for its title, summary and statements."""
    blocks = []
    for label, diff in (("Title", content["title"]), ("Summary", content["summary"]),
                        ("I statement", content["statements"]["i"]), ("We statement", content["statements"]["we"])):
        if diff["status"] not in ("unchanged", "absent"):
            blocks.append({"type": "change", "label": label, "diff": diff})
    return blocks


def item_blocks(entry: dict, diff: dict, noun: str) -> list[dict]:
    """Given an item's entry, return its section of the report (nothing when unchanged)."""
    if entry["status"] == "unchanged":
        return []
    ref = entry["new"] or entry["old"][0]
    blocks = [{"type": "heading", "level": 3,
               "text": f"{noun} {ref['number']}: {ref['title']} ({', '.join(STATUS_WORDS[r] for r in entry['relations'])})"},
              {"type": "paragraph", "text": relation_sentence(entry, diff, noun)}]
    content = entry["content"]
    if content is None or entry["status"] in ("added", "removed"):
        return blocks
    blocks += text_blocks(content)
    tips = content["tips"]
    if tips["entries"]:
        blocks.append({"type": "heading", "level": 4, "text": "Tips"})
        blocks.append({"type": "paragraph", "text": "Tips: " + ", ".join(
            f"{n} {k}" for k, n in tips["counts"].items() if n) + "."})
        for tip in tips["entries"]:
            blocks.append({"type": "change", "label": tip_label(tip), "diff": tip["text"]})
    blocks += listed_blocks("Examples", content["examples"])
    blocks += listed_blocks("Materials", content["materials"])
    blocks += matrix_blocks(content["matrix"], diff)
    return blocks


def level_blocks(diff: dict) -> list[dict]:
    """Given a diff, return the maturity levels' section (nothing when none changed)."""
    entries = diff["levels"]["entries"]
    if not diff["levels"]["compared"]:
        return [{"type": "heading", "level": 2, "text": "Maturity levels"},
                {"type": "paragraph", "text": "The levels are not compared: an edition that defines no maturity "
                 "levels says nothing about them (it does not remove them)."}]
    if not entries:
        return []
    blocks = [{"type": "heading", "level": 2, "text": "Maturity levels"}]
    for entry in entries:
        name = DEFAULT_LEVEL_LABELS[entry["key"]]
        for what, text in (("label", entry["label"]), ("definition", entry["definition"])):
            if text["status"] not in ("unchanged", "absent"):
                blocks.append({"type": "change", "label": f"{name}: {what}", "diff": text})
    return blocks


def section_blocks(diff: dict) -> list[dict]:
    """Given a diff, return the front-matter section of the report (nothing when no section changed)."""
    entries = diff["sections"]["entries"]
    if not entries:
        return []
    blocks = [{"type": "heading", "level": 2, "text": "Front matter"}]
    for entry in entries:
        title = entry["title"].get("text") or entry["title"].get("new") or entry["title"].get("old") or entry["key"]
        blocks.append({"type": "heading", "level": 3, "text": f"Section \u201c{title}\u201d ({entry['status']})"})
        if entry["title"]["status"] == "modified":
            blocks.append({"type": "change", "label": "Title", "diff": entry["title"]})
        for line in entry["lines"]:
            number = line["new_line"] if line["new_line"] is not None else line["old_line"]
            side = "new" if line["new_line"] is not None else "old"
            blocks.append({"type": "change", "label": f"Line {number} ({side}): {line['op']}", "diff": line["text"]})
    return blocks


def outline(diff: dict) -> list[dict]:
    """Given a diff model, return the report outline (title, summary, changes, levels, front matter)."""
    blocks = [
        {"type": "heading", "level": 1, "text": title_line(diff)},
        {"type": "paragraph", "text": f"Old: {edition_line(diff['old'])}"},
        {"type": "paragraph", "text": f"New: {edition_line(diff['new'])}"},
    ]
    if diff["identical"]:
        blocks.append({"type": "paragraph", "text": "No differences: the two editions are identical in everything compared."})
    blocks += [{"type": "heading", "level": 2, "text": "Summary"}, {"type": "counts", "rows": summary_rows(diff)}]
    for group, noun in (("changes", "Change"), ("enablers", "Enabler")):
        if not diff[group]:
            continue
        blocks.append({"type": "heading", "level": 2, "text": f"{noun}s"})
        blocks.append({"type": "list", "items": [index_line(entry, noun) for entry in diff[group]]})
        for entry in diff[group]:
            blocks += item_blocks(entry, diff, noun)
    blocks += level_blocks(diff)
    blocks += section_blocks(diff)
    return blocks
