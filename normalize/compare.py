"""Compute what changed between two editions: the diff model (plain data, schema/hicm-diff.schema.json).

A chain of small pure functions: align items by lineage key (reading normalize/lineage.toml for
split and merged changes), then compare each aligned pair field by field: word-level
differences of texts, tips matched by similarity, examples and materials by title or link,
matrix rows by theme (or position where an edition has no themes), levels by key and
front-matter sections by key. Every list holds only differences; unchanged elements are
counted, so an edition compared with itself gives empty lists and zero counts.

Renderers (publish/diff/render_*.py) read only this model, never the editions.
"""
from __future__ import annotations

import difflib
import re

from normalize.align import Row, flatten_tips
from normalize.lineage import Lineage, LineageEntry, load_lineage
from pipeline.core.text import fold_words
from schema.model import LEVEL_KEYS

DIFF_SCHEMA_VERSION = "1.0"

#: Two tips (or materials) whose word similarity reaches this are the same one reworded.
TIP_SIMILARITY = 0.5
MATERIAL_SIMILARITY = 0.6

#: Order in which an item's relations decide its one-word status.
STATUS_ORDER = ("added", "removed", "split", "merged", "renamed", "moved", "modified")


# ---------------------------------------------------------------- words and texts

def words(text: str | None) -> list[str]:
    """Given a text (or None), return its whitespace-separated word tokens."""
    return text.split() if text else []


def similarity(old: str | None, new: str | None) -> float:
    """Given two texts, return the similarity (0..1) of their folded word sequences."""
    a, b = fold_words(old).split(), fold_words(new).split()
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


_TOKEN = re.compile(r"\w+(?:['’]\w+)*|\s+|[^\w\s]")


def tokens(text: str) -> list[str]:
    """Given a text, return its word, punctuation and space tokens (joined, they give the text back)."""
    return _TOKEN.findall(text)


def is_island(run: list[str]) -> bool:
    """Given an equal run of tokens between two changes, return whether it is too small to read as kept text.

    Spaces, punctuation and one short word ("a", "to", "and") between two changes make a
    redline choppy; such islands are folded into the change around them.
    """
    words_in_run = [t for t in run if not t.isspace()]
    return len(words_in_run) == 0 or (len(words_in_run) == 1 and len(words_in_run[0]) <= 3)


def word_segments(old: str, new: str) -> list[dict]:
    """Given two texts, return their word-level difference as segments {op: equal|delete|insert, text}.

    Joining the equal and delete segments gives the old text, the equal and insert segments
    the new one. Small islands between two changed words (see is_island) join them into one change, so a
    reworded phrase reads as one deletion and one insertion.
    """
    a, b = tokens(old), tokens(new)
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    regions: list[list] = []   # [op, old tokens, new tokens]; op is equal or change
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between_changes = 0 < index < len(opcodes) - 1 and is_island(a[i1:i2])
        if tag == "equal" and not between_changes:
            regions.append(["equal", a[i1:i2], b[j1:j2]])
        elif regions and regions[-1][0] == "change":
            regions[-1][1] += a[i1:i2]
            regions[-1][2] += b[j1:j2]
        else:
            regions.append(["change", a[i1:i2], b[j1:j2]])
    segments: list[dict] = []
    for op, old_tokens, new_tokens in regions:
        if op == "equal":
            segments.append({"op": "equal", "text": "".join(old_tokens)})
            continue
        if old_tokens:
            segments.append({"op": "delete", "text": "".join(old_tokens)})
        if new_tokens:
            segments.append({"op": "insert", "text": "".join(new_tokens)})
    return segments


def text_diff(old: str | None, new: str | None) -> dict:
    """Given an old and a new text (either may be None), return their text difference.

    `unchanged` keeps one copy of the text; `modified` keeps both and the word segments;
    `added`/`removed` keep the side that exists; `absent` means neither edition has it.
    Whitespace-only differences count as unchanged (the model already folds whitespace).
    """
    old = old if old else None
    new = new if new else None
    if old is None and new is None:
        return {"status": "absent"}
    if old is None:
        return {"status": "added", "new": new}
    if new is None:
        return {"status": "removed", "old": old}
    if words(old) == words(new):
        return {"status": "unchanged", "text": new}
    return {"status": "modified", "old": old, "new": new, "segments": word_segments(old, new)}


def changed(diff: dict) -> bool:
    """Given a text difference, return whether it reports a difference."""
    return diff["status"] not in ("unchanged", "absent")


def edition_ref(document: dict) -> dict:
    """Given an edition document, return the reference the diff keeps of it."""
    edition = document["edition"]
    return {"id": edition["id"], "title": edition["title"], "published": edition.get("published"),
            "status": edition.get("status", "unknown")}


def counter(names: tuple[str, ...]) -> dict:
    """Given status names, return a zeroed count per name."""
    return {name: 0 for name in names}


# ---------------------------------------------------------------- lineage

def lineage_path(lineage: Lineage, old_id: str, new_id: str) -> list[str]:
    """Given the lineage and two edition ids, return the editions after old up to new, in the lineage's order.

    The same edition gives []; editions the lineage file does not know (or compared
    backwards) give just [new_id].
    """
    order = list(lineage.editions)
    if old_id == new_id:
        return []
    if old_id in order and new_id in order and order.index(old_id) < order.index(new_id):
        return order[order.index(old_id) + 1: order.index(new_id) + 1]
    return [new_id]


def lineage_relations(entry: LineageEntry | None, path: list[str]) -> list[dict]:
    """Given a lineage entry and the editions between two, return each step's {edition, relation, from}.

    Relations are read defensively: a missing relation is `unknown`, a `from` that is a single
    string becomes a one-element list.
    """
    steps = []
    if entry is None:
        return steps
    for edition in path:
        scope = entry.editions.get(edition)
        if not isinstance(scope, dict):
            continue
        sources = scope.get("from", [])
        if isinstance(sources, str):
            sources = [sources]
        steps.append({"edition": edition, "relation": str(scope.get("relation", "unknown")),
                      "from": [str(s) for s in sources]})
    return steps


# ---------------------------------------------------------------- tips

def match_by_similarity(old: list[str], new: list[str], threshold: float) -> dict[int, int]:
    """Given old and new texts, return {old index: new index} for matched pairs.

    Identical (folded) texts match first, in order; then the remaining pairs greedily by
    descending similarity (ties broken by position, so the result is deterministic).
    """
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    by_text: dict[str, list[int]] = {}
    for j, text in enumerate(new):
        by_text.setdefault(fold_words(text), []).append(j)
    for i, text in enumerate(old):
        for j in by_text.get(fold_words(text), []):
            if j not in taken:
                pairs[i] = j
                taken.add(j)
                break
    candidates = []
    for i, a in enumerate(old):
        if i in pairs:
            continue
        for j, b in enumerate(new):
            if j in taken:
                continue
            score = similarity(a, b)
            if score >= threshold:
                candidates.append((-score, i, j))
    for _, i, j in sorted(candidates):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pairs


def out_of_order(pairs: dict[int, int]) -> set[int]:
    """Given matched {old index: new index}, return the old indexes outside the longest in-order run.

    Those are the elements that moved; the rest kept their relative order (a longest increasing
    subsequence of new positions, taken in old order).
    """
    olds = sorted(pairs)
    seq = [pairs[i] for i in olds]
    best: list[list[int]] = []
    for k, value in enumerate(seq):
        chain = max((c for c in best if seq[c[-1]] < value), key=len, default=[])
        best.append(chain + [k])
    keep = max(best, key=len, default=[])
    kept = {olds[k] for k in keep}
    return set(olds) - kept


def place_removed(entries: list[tuple[int | None, dict]], removed: list[tuple[int, dict]]) -> list[dict]:
    """Given (old index, entry) in new order and removed (old index, entry), return one list with removals in place.

    A removed element goes just before the first surviving element that came after it in the old edition.
    """
    result: list[dict] = []
    pending = sorted(removed, key=lambda pair: pair[0])
    for old_index, entry in entries:
        while pending and old_index is not None and pending[0][0] < old_index:
            result.append(pending.pop(0)[1])
        result.append(entry)
    result.extend(entry for _, entry in pending)
    return result


TIP_STATUSES = ("added", "removed", "reworded", "moved", "re-nested", "unchanged")


def diff_tips(old_tips: list[dict], new_tips: list[dict]) -> dict:
    """Given two editions' tips of one change, return {counts, entries} of tips added, removed, reworded, moved, re-nested."""
    old, new = flatten_tips(old_tips), flatten_tips(new_tips)
    pairs = match_by_similarity([t.text for t in old], [t.text for t in new], TIP_SIMILARITY)
    moved = out_of_order(pairs)
    back = {j: i for i, j in pairs.items()}
    old_path_to_index = {t.path: i for i, t in enumerate(old)}
    counts = counter(TIP_STATUSES)
    entries: list[tuple[int | None, dict]] = []
    for j, tip in enumerate(new):
        if j not in back:
            counts["added"] += 1
            entries.append((None, {"status": "added", "changes": ["added"], "old": None,
                                   "new": _tip_ref(tip), "text": text_diff(None, tip.text)}))
            continue
        i = back[j]
        was = old[i]
        changes = []
        text = text_diff(was.text, tip.text)
        if changed(text):
            changes.append("reworded")
        if i in moved:
            changes.append("moved")
        old_parent = pairs.get(old_path_to_index[was.parent]) if was.parent else None
        new_parent = next((k for k, t in enumerate(new) if t.path == tip.parent), None) if tip.parent else None
        if was.depth != tip.depth or old_parent != new_parent:
            changes.append("re-nested")
        for change in changes:
            counts[change] += 1
        if not changes:
            counts["unchanged"] += 1
            continue
        entries.append((i, {"status": changes[0], "changes": changes, "old": _tip_ref(was),
                            "new": _tip_ref(tip), "text": text,
                            "similarity": round(similarity(was.text, tip.text), 2)}))
    removed = []
    for i, tip in enumerate(old):
        if i not in pairs:
            counts["removed"] += 1
            removed.append((i, {"status": "removed", "changes": ["removed"], "old": _tip_ref(tip),
                                "new": None, "text": text_diff(tip.text, None)}))
    return {"counts": counts, "entries": place_removed(entries, removed)}


def _tip_ref(tip: Row) -> dict:
    """Given a flattened tip, return the reference the diff keeps of it (depth counted from 1)."""
    ref = {"path": tip.path, "depth": tip.depth + 1}
    if tip.node.get("heading"):
        ref["heading"] = tip.node["heading"]
    return ref


# ---------------------------------------------------------------- examples and materials

ENTRY_STATUSES = ("added", "removed", "modified", "unchanged")


def example_label(example: dict) -> str:
    """Given an example, return its published title (`Place: Title`)."""
    return f"{example['place']}: {example['title']}" if example.get("place") else example["title"]


def diff_listed(old: list[dict], new: list[dict], label, fields: tuple[str, ...], threshold: float) -> dict:
    """Given two lists of examples (or materials), return {counts, entries} matched by title, then link, then similarity."""
    old_labels, new_labels = [label(x) for x in old], [label(x) for x in new]
    pairs = match_by_similarity(old_labels, new_labels, 1.01)  # identical titles only
    taken = set(pairs.values())
    for i, item in enumerate(old):  # same link, different title
        if i in pairs or not item.get("url"):
            continue
        for j, other in enumerate(new):
            if j not in taken and other.get("url") == item["url"]:
                pairs[i] = j
                taken.add(j)
                break
    rest_old = [i for i in range(len(old)) if i not in pairs]
    rest_new = [j for j in range(len(new)) if j not in taken]
    fuzzy = match_by_similarity([old_labels[i] for i in rest_old], [new_labels[j] for j in rest_new], threshold)
    for a, b in fuzzy.items():
        pairs[rest_old[a]] = rest_new[b]
    back = {j: i for i, j in pairs.items()}
    counts = counter(ENTRY_STATUSES)
    entries: list[tuple[int | None, dict]] = []
    for j, item in enumerate(new):
        if j not in back:
            counts["added"] += 1
            entries.append((None, {"status": "added", "old": None, "new": _listed_ref(item, label, fields)}))
            continue
        was = old[back[j]]
        field_diffs = {"title": text_diff(label(was), label(item))}
        for name in fields:
            field_diffs[name] = text_diff(was.get(name), item.get(name))
        if any(changed(d) for d in field_diffs.values()):
            counts["modified"] += 1
            entries.append((back[j], {"status": "modified", "old": _listed_ref(was, label, fields),
                                      "new": _listed_ref(item, label, fields), "fields": field_diffs}))
        else:
            counts["unchanged"] += 1
    removed = [(i, {"status": "removed", "old": _listed_ref(item, label, fields), "new": None})
               for i, item in enumerate(old) if i not in pairs]
    counts["removed"] = len(removed)
    return {"counts": counts, "entries": place_removed(entries, removed)}


def _listed_ref(item: dict, label, fields: tuple[str, ...]) -> dict:
    return {"title": label(item), **{name: item.get(name) for name in fields}}


# ---------------------------------------------------------------- matrices

ROW_STATUSES = ("added", "removed", "modified", "unchanged")


def match_rows(old_rows: list[dict], new_rows: list[dict]) -> tuple[str, list[tuple[int | None, int | None]]]:
    """Given two matrices' rows, return how they were matched (`theme` or `position`) and the (old, new) index pairs.

    Rows match by folded theme when both matrices label every row; otherwise (2015's
    matrices have no themes) by position. Unmatched rows pair with None.
    """
    themed = old_rows and new_rows and all(r.get("theme") for r in old_rows + new_rows)
    if themed:
        pairs = match_by_similarity([r["theme"] for r in old_rows], [r["theme"] for r in new_rows], 1.01)
        back = {j: i for i, j in pairs.items()}
        result = [(back.get(j), j) for j in range(len(new_rows))]
        result += [(i, None) for i in range(len(old_rows)) if i not in pairs]
        return "theme", result
    size = max(len(old_rows), len(new_rows))
    return "position", [(i if i < len(old_rows) else None, i if i < len(new_rows) else None) for i in range(size)]


def diff_matrix(old: dict | None, new: dict | None) -> dict:
    """Given two matrices (either may be None: not published inline), return the matrix difference.

    When only one edition publishes the matrix inline (2019 published its matrices as
    separate files), the matrix as a whole is `added` or `removed` and its rows are not
    compared cell by cell: there is nothing to compare them with.
    """
    counts = {**counter(ROW_STATUSES), "cells_reworded": 0}
    if old is None or new is None:
        status = "absent" if old is None and new is None else "added" if old is None else "removed"
        return {"status": status, "matched_by": None, "counts": counts, "rows": [],
                "old_rows": len(old["rows"]) if old else 0, "new_rows": len(new["rows"]) if new else 0}
    matched_by, pairs = match_rows(old["rows"], new["rows"])
    rows = []
    for i, j in pairs:
        a = old["rows"][i] if i is not None else None
        b = new["rows"][j] if j is not None else None
        if a is None or b is None:
            status = "added" if a is None else "removed"
            counts[status] += 1
            rows.append(_row_entry(status, i, j, a, b))
            continue
        entry = _row_entry("modified", i, j, a, b)
        reworded = sum(changed(c) for c in entry["cells"].values())
        if reworded or changed(entry["theme"]):
            counts["modified"] += 1
            counts["cells_reworded"] += reworded
            rows.append(entry)
        else:
            counts["unchanged"] += 1
    status = "modified" if rows else "unchanged"
    return {"status": status, "matched_by": matched_by, "counts": counts, "rows": rows,
            "old_rows": len(old["rows"]), "new_rows": len(new["rows"])}


def _row_entry(status: str, i: int | None, j: int | None, old: dict | None, new: dict | None) -> dict:
    return {
        "status": status,
        "old_position": None if i is None else i + 1,
        "new_position": None if j is None else j + 1,
        "theme": text_diff(old.get("theme") if old else None, new.get("theme") if new else None),
        "cells": {level: text_diff(old["cells"][level] if old else None, new["cells"][level] if new else None)
                  for level in LEVEL_KEYS},
    }


# ---------------------------------------------------------------- levels and sections

def diff_levels(old: list[dict], new: list[dict]) -> dict:
    """Given two editions' levels, return {counts, entries} of levels whose label or definition changed."""
    old_by, new_by = {l["key"]: l for l in old}, {l["key"]: l for l in new}
    counts = counter(ENTRY_STATUSES)
    entries = []
    if not old or not new:
        # An edition that says nothing about levels (2019) did not remove them: nothing to compare.
        return {"compared": False, "counts": counts, "entries": entries}
    for key in LEVEL_KEYS:
        a, b = old_by.get(key), new_by.get(key)
        if a is None and b is None:
            continue
        label = text_diff(a["label"] if a else None, b["label"] if b else None)
        definition = text_diff(a.get("description") if a else None, b.get("description") if b else None)
        status = "added" if a is None else "removed" if b is None else \
            "modified" if changed(label) or changed(definition) else "unchanged"
        counts[status] += 1
        if status != "unchanged":
            entries.append({"key": key, "status": status, "label": label, "definition": definition})
    return {"compared": True, "counts": counts, "entries": entries}


def block_lines(blocks: list[dict]) -> list[str]:
    """Given front-matter blocks, return their text as lines: headings, paragraphs, list items (indented by depth), table rows."""
    lines: list[str] = []

    def list_items(items: list[dict], depth: int, ordered: bool) -> None:
        for n, item in enumerate(items, start=1):
            marker = f"{n}." if ordered else "-"
            lines.append(f"{'  ' * depth}{marker} {item['text']}")
            list_items(item.get("children", []), depth + 1, ordered)

    for block in blocks:
        kind = block["type"]
        if kind in ("paragraph", "heading") and block.get("text"):
            lines.append(("#" * block.get("level", 1) + " " if kind == "heading" else "") + block["text"])
        elif kind == "list":
            list_items(block.get("items", []), 0, bool(block.get("ordered")))
        elif kind == "table":
            lines.extend(" | ".join(row) for row in block.get("rows", []))
    return lines


def diff_lines(old: list[str], new: list[str]) -> list[dict]:
    """Given two lists of lines, return the lines inserted, deleted and modified (paired replacements word-diffed)."""
    ops = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = old[i1:i2], new[j1:j2]
        pairs = match_by_similarity(olds, news, TIP_SIMILARITY) if tag == "replace" else {}
        back = {j: i for i, j in pairs.items()}
        placed: list[tuple[int | None, dict]] = []
        for j, line in enumerate(news):
            if j in back:
                placed.append((back[j], {"op": "modify", "old_line": i1 + back[j] + 1, "new_line": j1 + j + 1,
                                         "text": text_diff(olds[back[j]], line)}))
            else:
                placed.append((None, {"op": "insert", "old_line": None, "new_line": j1 + j + 1,
                                      "text": text_diff(None, line)}))
        removed = [(i, {"op": "delete", "old_line": i1 + i + 1, "new_line": None, "text": text_diff(line, None)})
                   for i, line in enumerate(olds) if i not in pairs]
        ops.extend(place_removed(placed, removed))
    return ops


def diff_sections(old: list[dict], new: list[dict]) -> dict:
    """Given two editions' front-matter sections, return {counts, entries} of sections added, removed or modified, by key."""
    old_by = {s["key"]: s for s in old}
    new_keys = {s["key"] for s in new}
    counts = counter(ENTRY_STATUSES)
    entries = []
    ordered = [(s["key"], old_by.get(s["key"]), s) for s in new] + \
              [(s["key"], s, None) for s in old if s["key"] not in new_keys]
    for key, a, b in ordered:
        title = text_diff(a["title"] if a else None, b["title"] if b else None)
        lines = diff_lines(block_lines(a["blocks"]) if a else [], block_lines(b["blocks"]) if b else [])
        status = "added" if a is None else "removed" if b is None else \
            "modified" if changed(title) or lines else "unchanged"
        counts[status] += 1
        if status != "unchanged":
            entries.append({"key": key, "status": status,
                            "old_number": a.get("number") if a else None,
                            "new_number": b.get("number") if b else None,
                            "title": title, "lines": lines})
    return {"counts": counts, "entries": entries}


# ---------------------------------------------------------------- changes and enablers

def combine_items(items: list[dict]) -> dict:
    """Given the old items a split or merged change came from, return one item holding all their content."""
    first = items[0]
    if len(items) == 1:
        return first
    summaries = [i["summary"] for i in items if i.get("summary")]
    matrices = [i["matrix"] for i in items if i.get("matrix")]
    return {
        **first,
        "title": " / ".join(i["title"] for i in items),
        "summary": " ".join(summaries) or None,
        "statements": first.get("statements") or {"i": None, "we": None},
        "tips": [t for i in items for t in i["tips"]],
        "examples": [e for i in items for e in i["examples"]],
        "materials": [m for i in items for m in i["materials"]],
        "matrix": {"rows": [r for m in matrices for r in m["rows"]]} if matrices else None,
    }


def item_ref(item: dict) -> dict:
    """Given a change, return the number, key and title the diff keeps of it."""
    return {"key": item["key"], "number": item["number"], "title": item["title"]}


def diff_item_content(old: dict | None, new: dict | None) -> dict:
    """Given the old and new form of one change (either may be None), return the differences of its content."""
    empty = {"title": "", "summary": None, "statements": {"i": None, "we": None}, "tips": [], "examples": [],
             "materials": [], "matrix": None}
    a, b = old or empty, new or empty
    a_statements = a.get("statements") or {"i": None, "we": None}
    b_statements = b.get("statements") or {"i": None, "we": None}
    return {
        "title": text_diff(a["title"] or None, b["title"] or None),
        "summary": text_diff(a.get("summary"), b.get("summary")),
        "statements": {"i": text_diff(a_statements.get("i"), b_statements.get("i")),
                       "we": text_diff(a_statements.get("we"), b_statements.get("we"))},
        "tips": diff_tips(a["tips"], b["tips"]),
        "examples": diff_listed(a["examples"], b["examples"], example_label, ("description", "url"), TIP_SIMILARITY),
        "materials": diff_listed(a["materials"], b["materials"], lambda m: m["title"], ("url",), MATERIAL_SIMILARITY),
        "matrix": diff_matrix(a.get("matrix"), b.get("matrix")),
    }


def content_changed(content: dict) -> bool:
    """Given an item's content difference, return whether anything other than the title changed."""
    return (changed(content["summary"]) or any(changed(s) for s in content["statements"].values())
            or any(content[name]["entries"] for name in ("tips", "examples", "materials"))
            or content["matrix"]["status"] not in ("unchanged", "absent"))


def align_items(old_items: list[dict], new_items: list[dict], lineage: Lineage,
                path: list[str]) -> list[dict]:
    """Given two editions' changes (or enablers), return one difference per lineage key, in new order then removed."""
    entries_by_key = {e.key: e for e in lineage}
    old_by = {i["key"]: i for i in old_items}
    new_keys = {i["key"] for i in new_items}
    consumed: dict[str, list[str]] = {}   # old key -> new keys it was split or merged into
    results = []
    for item in new_items:
        steps = lineage_relations(entries_by_key.get(item["key"]), path)
        relations = []
        sources: list[str] = []
        old = old_by.get(item["key"])
        for step in steps:
            if step["relation"] in ("split", "merged"):
                found = [k for k in step["from"] if k in old_by and k != item["key"]]
                if found:
                    relations.append(step["relation"])
                    sources = found
                    for key in found:
                        consumed.setdefault(key, []).append(item["key"])
        if old is None and not sources:
            relations.append("added")
        olds = ([old] if old is not None else []) + [old_by[k] for k in sources]
        basis = combine_items(olds) if olds else None
        content = diff_item_content(basis, item)
        if basis is not None:
            # The lineage file is the authority on renames: a heading reworded without a
            # `renamed` relation is shown as a modified title, not as a new name.
            renamed = not sources and (any(s["relation"] == "renamed" for s in steps) or
                                       (not steps and changed(content["title"])))
            if renamed:
                relations.append("renamed")
            if old is not None and old["number"] != item["number"]:
                relations.append("moved")
            if content_changed(content) or (changed(content["title"]) and not renamed):
                relations.append("modified")
        results.append(_item_entry(item["key"], relations, steps, [item_ref(o) for o in olds],
                                   item_ref(item), sources, [], content))
    for item in old_items:
        if item["key"] in new_keys:
            continue
        into = consumed.get(item["key"], [])
        steps = lineage_relations(entries_by_key.get(item["key"]), path)
        if into:
            relation = next((s["relation"] for s in lineage_relations(entries_by_key.get(into[0]), path)
                             if s["relation"] in ("split", "merged")), "split")
            results.append(_item_entry(item["key"], [relation], steps, [item_ref(item)], None, [], into,
                                       None))
        else:
            results.append(_item_entry(item["key"], ["removed"], steps, [item_ref(item)], None, [], [],
                                       diff_item_content(item, None)))
    return results


def _item_entry(key: str, relations: list[str], steps: list[dict], old: list[dict], new: dict | None,
                sources: list[str], into: list[str], content: dict | None) -> dict:
    status = next((s for s in STATUS_ORDER if s in relations), "unchanged")
    return {"key": key, "status": status, "relations": [s for s in STATUS_ORDER if s in relations],
            "lineage": steps, "old": old, "new": new, "from": sources, "into": into, "content": content}


# ---------------------------------------------------------------- the whole diff

ITEM_STATUSES = ("added", "removed", "renamed", "split", "merged", "moved", "modified", "unchanged")


def summarise(diff: dict) -> dict:
    """Given a diff (without summary), return its counts for the summary at the top."""
    summary: dict = {}
    for group in ("changes", "enablers"):
        counts = counter(ITEM_STATUSES)
        for entry in diff[group]:
            for relation in entry["relations"] or ["unchanged"]:
                counts[relation] += 1
        summary[group] = counts
    tips = counter(TIP_STATUSES)
    examples, materials = counter(ENTRY_STATUSES), counter(ENTRY_STATUSES)
    matrix = {**counter(ROW_STATUSES), "cells_reworded": 0}
    matrices = counter(("added", "removed", "modified", "unchanged", "absent"))
    texts = {"titles_changed": 0, "summaries_changed": 0, "statements_changed": 0}
    for entry in diff["changes"] + diff["enablers"]:
        content = entry["content"]
        if content is None:
            continue
        for name, total in (("tips", tips), ("examples", examples), ("materials", materials)):
            for status, n in content[name]["counts"].items():
                total[status] += n
        for status, n in content["matrix"]["counts"].items():
            matrix[status] += n
        matrices[content["matrix"]["status"]] += 1
        texts["titles_changed"] += changed(content["title"])
        texts["summaries_changed"] += changed(content["summary"])
        texts["statements_changed"] += sum(changed(s) for s in content["statements"].values())
    summary.update({"tips": tips, "examples": examples, "materials": materials, "matrix_rows": matrix,
                    "matrices": matrices,
                    "texts": texts, "levels": diff["levels"]["counts"], "sections": diff["sections"]["counts"]})
    return summary


def is_identical(diff: dict) -> bool:
    """Given a diff, return whether it reports no difference at all."""
    return (not diff["levels"]["entries"] and not diff["sections"]["entries"]
            and all(e["status"] == "unchanged" for e in diff["changes"] + diff["enablers"]))


def diff_editions(old: dict, new: dict, lineage: Lineage | None = None) -> dict:
    """Given two edition documents (canonical JSON), return the diff model."""
    lineage = lineage if lineage is not None else load_lineage()
    path = lineage_path(lineage, old["edition"]["id"], new["edition"]["id"])
    diff = {
        "diff_schema_version": DIFF_SCHEMA_VERSION,
        "old": edition_ref(old),
        "new": edition_ref(new),
        "identical": False,
        "summary": {},
        "levels": diff_levels(old["levels"], new["levels"]),
        "sections": diff_sections(old["sections"], new["sections"]),
        "changes": align_items(old["changes"], new["changes"], lineage, path),
        "enablers": align_items(old["enablers"], new["enablers"], lineage, path),
    }
    diff["summary"] = summarise(diff)
    diff["identical"] = is_identical(diff)
    return diff
