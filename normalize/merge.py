"""Merge the manifestations of one edition into one edition record.

An edition is published as several files (2015: PDF + text; 2019: HTML + text; 2020: PDF +
text + the web introduction page and its text). Each was read into a manifestation record;
this module makes the one record of what the edition says. Each field has a precedence rule
(the first source in the order given that has the field wins); every other source is compared
with the kept value and every difference becomes a `manifestations-disagree` finding with both
values and both locations. Provenance of merged elements keeps every contributing location.

| field | kept from | others |
| --- | --- | --- |
| `model.title` | pdf > html > text (first non-empty) | — |
| `edition` | the manifest (source_docs/editions.toml) | — |
| `sources` | every manifestation, manifest order | — |
| `levels` (labels, definitions) | the first of html > pdf > text that defines the levels | compared |
| `sections` | union by `key`, in reading order; content from pdf > html > text | compared block by block |
| changes / enablers | union by lineage `key`, ordered by number | a change missing in one source is a finding |
| `number`, `title`, `summary`, `statements`, `tips`, `blocks` | pdf > html > text (the typeset file or page is the most faithful; text renderings are derived from it) | compared (tips row by row) |
| `titles`, `alternate_summaries` | union of all sources | — |
| `matrix` | pdf > text > html (the PDF's ruled tables; the 2019 page has none inline) | compared cell by cell |
| `examples`, `materials` | union, aligned by normalised title; wording pdf > html > text | compared |
| `url` of examples and materials | html > pdf > text, first non-null (the web page carries the link targets) | compared when both non-null |
| `action_plan` | pdf > text > html (the PDF carries the form fields) | row labels compared |
| `findings` | all manifestations' findings, then merge findings, in that order | — |

Only manifestations that publish changes take part in comparisons about changes (the 2020 web
introduction page has none); a section missing from one source is a disagreement only between
two full manifestations. Typographic variants (curly/straight quotes, dash kinds, spacing) are
not disagreements; wording, case and punctuation are.
"""
from __future__ import annotations

import copy
import json

import schema
from normalize.align import add_provenance, align_rows, disagreement, first_location, flatten_blocks, flatten_tips
from pipeline.core.text import comparable, fold_words
from schema.model import LEVEL_KEYS

WORDING = ("pdf", "html", "text")
LEVELS = ("html", "pdf", "text")
MATRIX = ("pdf", "text", "html")
LINKS = ("html", "pdf", "text")
ACTION_PLAN = ("pdf", "text", "html")


class _Source:
    """One manifestation taking part in the merge: its document, format, path and place in the manifest."""

    def __init__(self, document: dict, index: int):
        self.document = document
        self.index = index
        first = (document.get("sources") or [{}])[0]
        self.format = first.get("format", "text")
        self.path = first.get("path", "?")
        self.location = {"path": self.path}

    def rank(self, order: tuple[str, ...]) -> tuple[int, int]:
        return (order.index(self.format) if self.format in order else len(order), self.index)


def _ranked(sources: list[_Source], order: tuple[str, ...]) -> list[_Source]:
    """Given sources and a format order, return them best first (manifest order breaks ties)."""
    return sorted(sources, key=lambda s: s.rank(order))


class _Merger:
    """Collects findings while the fields of one edition are merged."""

    def __init__(self, sources: list[_Source]):
        self.sources = sources
        self.findings: list[dict] = []
        self._same: dict[tuple, dict] = {}

    def differ(self, subject, what, ours, ours_src, ours_node, theirs, theirs_src, theirs_node, rule):
        """Record a disagreement; a third source saying the same as the second joins its finding (values and where)."""
        ours_where = first_location(ours_node, ours_src.location)
        marker = (subject, comparable(ours), comparable(theirs), json.dumps(ours_where, sort_keys=True))
        earlier = self._same.get(marker)
        if earlier is not None:
            earlier["where"].append(first_location(theirs_node, theirs_src.location))
            earlier["values"].append(theirs)
            return
        found = disagreement(subject, what, ours, ours_where, theirs, first_location(theirs_node, theirs_src.location), rule)
        self._same[marker] = found
        self.findings.append(found)

    def compare_text(self, subject, what, kept, kept_src, kept_node, sources_nodes, rule):
        """Compare the kept wording with each other source's; record each difference."""
        for src, node, value in sources_nodes:
            if src is kept_src or value is None and kept is None:
                continue
            if comparable(value) != comparable(kept):
                self.differ(subject, what, kept, kept_src, kept_node, value, src, node, rule)

    def compare_rows(self, subject, what, ours, ours_src, theirs, theirs_src, rule):
        """Compare two flattened lists (tips, blocks) and record each differing or missing row."""
        for mine, other in align_rows(ours, theirs):
            if mine is not None and other is not None:
                if comparable(mine.text) == comparable(other.text):
                    add_provenance(mine.node, other.node)
                    if mine.depth != other.depth:
                        self.differ(subject, f"{what}: nesting depth", str(mine.depth), ours_src, mine.node,
                                    str(other.depth), theirs_src, other.node, rule)
                    continue
            self.differ(subject, what, mine.text if mine else None, ours_src, mine.node if mine else {},
                        other.text if other else None, theirs_src, other.node if other else {}, rule)

    # ---- levels -------------------------------------------------------------------------------
    def levels(self) -> list[dict]:
        with_levels = [s for s in self.sources if s.document.get("levels")]
        if not with_levels:
            return []
        defining = [s for s in with_levels if any(l.get("description") for l in s.document["levels"])]
        kept_src = _ranked(defining or with_levels, LEVELS)[0]
        kept = copy.deepcopy(kept_src.document["levels"])
        for level in kept:
            for src in with_levels:
                if src is kept_src:
                    continue
                other = next((l for l in src.document["levels"] if l.get("key") == level.get("key")), None)
                if other is None:
                    continue
                subject = f"levels[key={level.get('key')}]"
                if comparable(other.get("label")) != comparable(level.get("label")):
                    self.differ(subject + ".label", "level label", level.get("label"), kept_src, level,
                                other.get("label"), src, other, "levels: html > pdf > text")
                if other.get("description") and comparable(other["description"]) != comparable(level.get("description")):
                    self.differ(subject + ".description", "level definition", level.get("description"), kept_src,
                                level, other["description"], src, other, "levels: html > pdf > text")
                elif other.get("description"):
                    add_provenance(level, other)
        return kept

    # ---- sections -----------------------------------------------------------------------------
    def sections(self) -> list[dict]:
        ranked = _ranked(self.sources, WORDING)
        order: list[str] = []
        for src in ranked:  # reading order of the most faithful source; others' extra sections slot in
            order = interleave(order, [s.get("key") for s in src.document.get("sections", [])])
        merged = []
        full = {id(s) for s in self.sources if s.document.get("changes")}
        for key in order:
            holders = [(src, sec) for src in ranked for sec in src.document.get("sections", []) if sec.get("key") == key]
            kept_src, kept = holders[0][0], copy.deepcopy(holders[0][1])
            for src, sec in holders[1:]:
                add_provenance(kept, sec)
                self.compare_rows(f"sections[key={key}]", f"section \"{kept.get('title')}\"",
                                  flatten_blocks(kept.get("blocks")), kept_src, flatten_blocks(sec.get("blocks")),
                                  src, "sections: pdf > html > text")
            if id(kept_src) in full:
                for src in self.sources:
                    if id(src) in full and src not in [h[0] for h in holders]:
                        self.differ(f"sections[key={key}]", "section", kept.get("title"), kept_src, kept, None, src,
                                    {}, "sections: union by key")
            merged.append(kept)
        return merged

    # ---- changes ------------------------------------------------------------------------------
    def items(self, group: str) -> list[dict]:
        with_items = [s for s in self.sources if s.document.get(group)]
        ranked = _ranked(with_items, WORDING)
        keys: list[str] = []
        numbers: dict[str, int] = {}
        for src in ranked:
            for item in src.document[group]:
                if item.get("key") and item["key"] not in keys:
                    keys.append(item["key"])
                    numbers[item["key"]] = item.get("number", 0)
        seen_at = {k: n for n, k in enumerate(keys)}
        keys.sort(key=lambda k: (numbers[k], seen_at[k]))
        merged = []
        for key in keys:
            holders = [(src, item) for src in ranked for item in src.document[group] if item.get("key") == key]
            merged.append(self.item(group, key, holders, with_items))
        return merged

    def item(self, group: str, key: str, holders: list, with_items: list[_Source]) -> dict:
        kept_src, first = holders[0]
        item = copy.deepcopy(first)
        subject = f"{group}[key={key}]"
        for src in with_items:
            if src not in [h[0] for h in holders]:
                self.differ(subject, f"{group[:-1]} {first.get('number')} \"{first.get('title')}\"", first.get("title"),
                            kept_src, first, None, src, {}, "changes: union by lineage key")
        for src, other in holders[1:]:
            add_provenance(item, other)
            rule = "wording: pdf > html > text"
            for field in ("number", "title"):
                if other.get(field) != item.get(field) and comparable(str(other.get(field))) != comparable(str(item.get(field))):
                    self.differ(f"{subject}.{field}", f"{field} of {key}", str(item.get(field)), kept_src, item,
                                str(other.get(field)), src, other, rule)
            self._fill_and_compare(item, kept_src, other, src, subject, "summary", rule)
            statements = item.setdefault("statements", {"i": None, "we": None})
            for which in ("i", "we"):
                mine = statements.get(which)
                theirs = (other.get("statements") or {}).get(which)
                if mine is None and theirs is not None:
                    statements[which] = theirs
                elif comparable(mine) != comparable(theirs):
                    self.differ(f"{subject}.statements.{which}", f"the {which.upper()} statement of {key}", mine,
                                kept_src, item, theirs, src, other, rule)
            if not item.get("tips") and other.get("tips"):
                item["tips"] = copy.deepcopy(other["tips"])
            else:
                self.compare_rows(f"{subject}.tips", f"tips of {key}", flatten_tips(item.get("tips")), kept_src,
                                  flatten_tips(other.get("tips")), src, rule)
            if not item.get("blocks") and other.get("blocks"):
                item["blocks"] = copy.deepcopy(other["blocks"])
            item["titles"] = _union_titles(item, other)
            item["alternate_summaries"] = _union_alternates(item.get("alternate_summaries"), other.get("alternate_summaries"))
            if not item["alternate_summaries"]:
                del item["alternate_summaries"]
        # Examples and materials align by their titles' words, so spacing and punctuation
        # differences ("assessments , co-authored") still align and are reported as one
        # disagreement instead of two missing entries.
        self._links(item, holders, subject, "examples", lambda e: fold_words(f"{e.get('place') or ''}: {e.get('title')}"))
        self._links(item, holders, subject, "materials", lambda m: fold_words(m.get("title")))
        item["matrix"] = self._matrix(holders, subject)
        return item

    def _fill_and_compare(self, item, kept_src, other, src, subject, field, rule):
        mine, theirs = item.get(field), other.get(field)
        if mine is None and theirs is not None:
            item[field] = theirs
        elif comparable(mine) != comparable(theirs):
            self.differ(f"{subject}.{field}", f"{field} of {subject}", mine, kept_src, item, theirs, src, other, rule)

    def _links(self, item: dict, holders: list, subject: str, field: str, key_of) -> None:
        """Merge examples or materials: union aligned by normalised title, wording by WORDING, url by LINKS."""
        merged: dict[str, dict] = {}
        origin: dict[str, _Source] = {}
        for src, holder in holders:  # holders are in WORDING order
            for entry in holder.get(field) or []:
                k = key_of(entry)
                if k not in merged:
                    merged[k], origin[k] = copy.deepcopy(entry), src
                    continue
                kept = merged[k]
                add_provenance(kept, entry)
                if comparable(kept.get("title")) != comparable(entry.get("title")):
                    self.differ(f"{subject}.{field}[title={kept.get('title')}].title", f"{field[:-1]} title",
                                kept.get("title"), origin[k], kept, entry.get("title"), src, entry,
                                "wording: pdf > html > text")
                if field == "examples":
                    mine, theirs = kept.get("description"), entry.get("description")
                    if mine is None and theirs is not None:
                        kept["description"] = theirs
                    elif theirs is not None and comparable(mine) != comparable(theirs):
                        self.differ(f"{subject}.examples[title={kept.get('title')}].description", "example description",
                                    mine, origin[k], kept, theirs, src, entry, "wording: pdf > html > text")
        for k, kept in merged.items():
            # An entry's inline links (several targets in one material) follow the link rule too.
            linked = [(src, e) for src, h in holders for e in h.get(field) or [] if key_of(e) == k and e.get("links")]
            if linked:
                kept["links"] = copy.deepcopy(min(linked, key=lambda pair: pair[0].rank(LINKS))[1]["links"])
            urls = [(src, e) for src, h in holders for e in h.get(field) or [] if key_of(e) == k and e.get("url")]
            if urls:
                best_src, best = min(urls, key=lambda pair: pair[0].rank(LINKS))
                kept["url"] = best["url"]
                for src, e in urls:
                    if e["url"] != best["url"]:
                        self.differ(f"{subject}.{field}[title={kept.get('title')}].url", f"link target in {field}",
                                    best["url"], best_src, best, e["url"], src, e, "links: html > pdf > text")
        for src, holder in holders:
            present = {key_of(e) for e in holder.get(field) or []}
            for k, kept in merged.items():
                if k not in present and origin[k] is not src:
                    self.differ(f"{subject}.{field}", f"{field[:-1]} \"{kept.get('title')}\"", kept.get("title"),
                                origin[k], kept, None, src, {}, f"{field}: union by normalised title")
        item[field] = list(merged.values())

    def _matrix(self, holders: list, subject: str):
        with_matrix = [(src, h) for src, h in holders if h.get("matrix")]
        if not with_matrix:
            return None
        with_matrix.sort(key=lambda pair: pair[0].rank(MATRIX))
        kept_src, kept_holder = with_matrix[0]
        matrix = copy.deepcopy(kept_holder["matrix"])
        rule = "matrix: pdf > text > html"
        for src, other_holder in with_matrix[1:]:
            other = other_holder["matrix"]
            add_provenance(matrix, other)
            rows, others = matrix.get("rows") or [], other.get("rows") or []
            if len(rows) != len(others):
                self.differ(f"{subject}.matrix", "number of matrix rows", str(len(rows)), kept_src, matrix,
                            str(len(others)), src, other, rule)
            for n, (row, orow) in enumerate(zip(rows, others)):
                add_provenance(row, orow)
                if comparable(row.get("theme")) != comparable(orow.get("theme")):
                    self.differ(f"{subject}.matrix.rows[{n}].theme", "matrix row theme", row.get("theme"), kept_src,
                                row, orow.get("theme"), src, orow, rule)
                for level in LEVEL_KEYS:
                    mine, theirs = (row.get("cells") or {}).get(level), (orow.get("cells") or {}).get(level)
                    if comparable(mine) != comparable(theirs):
                        self.differ(f"{subject}.matrix.rows[{n}].cells.{level}", f"matrix cell ({level}, row {n + 1})",
                                    mine, kept_src, row, theirs, src, orow, rule)
        for src, holder in holders:
            if holder.get("matrix") is None and src.format != "html":
                self.differ(f"{subject}.matrix", "maturity matrix", "(published)", kept_src, matrix, None, src, holder,
                            rule)
        return matrix

    # ---- action plan --------------------------------------------------------------------------
    def action_plan(self):
        with_plan = _ranked([s for s in self.sources if s.document.get("action_plan")], ACTION_PLAN)
        if not with_plan:
            return None
        kept_src = with_plan[0]
        plan = copy.deepcopy(kept_src.document["action_plan"])
        for src in with_plan[1:]:
            other = src.document["action_plan"]
            add_provenance(plan, other)
            rows = {r.get("key"): r for r in other.get("rows") or []}
            for row in plan.get("rows") or []:
                orow = rows.get(row.get("key"))
                if orow is None:
                    self.differ("action_plan.rows", "action-plan row", row.get("label"), kept_src, row, None, src, {},
                                "action plan: pdf > text > html")
                elif comparable(orow.get("label")) != comparable(row.get("label")):
                    self.differ(f"action_plan.rows[key={row.get('key')}].label", "action-plan row label",
                                row.get("label"), kept_src, row, orow.get("label"), src, orow,
                                "action plan: pdf > text > html")
                else:
                    add_provenance(row, orow)
            if not plan.get("fields") and other.get("fields"):
                plan["fields"] = copy.deepcopy(other["fields"])
        return plan


def interleave(order: list[str], other: list[str]) -> list[str]:
    """Given a reading order and another source's, return the first with the other's extra keys placed after their predecessor there."""
    result = list(order)
    for n, key in enumerate(other):
        if key in result:
            continue
        before = [k for k in other[:n] if k in result]
        after = [k for k in other[n + 1:] if k in result]
        at = result.index(before[-1]) + 1 if before else (result.index(after[0]) if after else len(result))
        result.insert(at, key)
    return result


def _union_titles(item: dict, other: dict) -> list[str]:
    """Given two manifestations' versions of a change, return every other title either uses, each once, in order."""
    seen = {comparable(item.get("title"))}
    result = []
    for title in [*(item.get("titles") or []), other.get("title"), *(other.get("titles") or [])]:
        if title and comparable(title) not in seen:
            seen.add(comparable(title))
            result.append(title)
    return result


def _union_alternates(ours: list | None, theirs: list | None) -> list[dict]:
    result, seen = [], set()
    for alt in [*(ours or []), *(theirs or [])]:
        marker = (alt.get("context"), comparable(alt.get("text")))
        if marker not in seen:
            seen.add(marker)
            result.append(copy.deepcopy(alt))
    return result


def _same_finding(kept: dict, other: dict) -> bool:
    """Given two findings from different files, return True if they report the same thing."""
    if kept["code"] != other["code"]:
        return False
    a, b = kept.get("subject"), other.get("subject")
    same_values = bool(kept.get("values")) and [comparable(v) for v in kept["values"]] == \
        [comparable(v) for v in other.get("values") or []]
    if same_values and (a == b or a is None or b is None):
        return True
    # The same field of the same element (".matrix", ".summary"), worded differently by each reader.
    return a is not None and a == b and "." in a


def combine_findings(per_file: list[list[dict]]) -> list[dict]:
    """Given each manifestation's findings, return them with the same finding from several files made one.

    The 2015 PDF and its text both report that change 5's overview summary differs; the 2019 page
    and its text both report the empty "Supporting materials" heading of change 1. The kept
    finding lists every file's places in `where` and their values, aligned, in `values`. A
    finding absorbs at most one from each other file, first come first paired, so repeated
    defects (nine empty headings) pair up in reading order.
    """
    combined: list[tuple[dict, set[int]]] = []
    for n, findings in enumerate(per_file):
        for f in findings:
            match = next((kept for kept, files in combined if n not in files and _same_finding(kept, f)), None)
            if match is None:
                combined.append((copy.deepcopy(f), {n}))
                continue
            files = next(files for kept, files in combined if kept is match)
            files.add(n)
            if len(match.get("values") or []) == len(match["where"]) and len(f.get("values") or []) == len(f["where"]):
                match["values"] = (match.get("values") or []) + list(f.get("values") or [])
            match["where"] += copy.deepcopy(f["where"])
            if not match.get("subject") and f.get("subject"):
                match["subject"] = f["subject"]
    return [kept for kept, _ in combined]


def merge_edition(edition: dict, manifestations: list[dict], extra_findings: list[dict] | None = None) -> dict:
    """Given the edition record and its manifestations' documents (manifest order), return the edition document."""
    if not manifestations:
        raise ValueError(f"edition {edition['id']} has no manifestation that could be read")
    sources = [_Source(doc, n) for n, doc in enumerate(manifestations)]
    merger = _Merger(sources)
    titled = [s for s in _ranked(sources, WORDING) if (s.document.get("model") or {}).get("title")]
    model = copy.deepcopy((titled[0] if titled else sources[0]).document["model"])
    merged = {
        "schema_version": schema.SCHEMA_VERSION,
        "kind": "edition",
        "model": model,
        "edition": dict(edition),
        "sources": [copy.deepcopy(s) for d in manifestations for s in d.get("sources", [])],
        "levels": merger.levels(),
        "sections": merger.sections(),
        "changes": merger.items("changes"),
        "enablers": merger.items("enablers"),
        "action_plan": merger.action_plan(),
    }
    merged["findings"] = (combine_findings([d.get("findings", []) for d in manifestations])
                          + list(extra_findings or []) + merger.findings)
    schema.validate(merged)
    return merged
