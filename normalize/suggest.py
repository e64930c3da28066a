"""Lineage entries for a new edition, proposed from what its changes say: `hicm lineage suggest`.

Given an edition's record, the previous edition's record and the lineage, return one proposal
per change (and enabler) the lineage does not map for the edition yet, and per change of the
previous edition that nothing carries on. Each proposal is judged by the title first, then by
content (title, summary, I/We statements, tips and matrix text):

- unchanged: a title equal (folded) to one the previous edition gives the key;
- merged: the change holds most of the content of two or more earlier changes;
- split: two or more changes of the edition each take much of their content from one earlier
  change (the part keeping its title keeps the key; the others get new keys);
- renamed: the content is like one earlier change's and clearly more than like any other
  (a rewritten change still uses the words that set it apart, so its similarity is the cosine
  of word counts weighted by how few changes use each word: tf-idf);
- added: like no earlier change; removed: an earlier change nothing carries on.

What was carried over (merges, splits) is measured in runs of three words, so copied text
counts and shared boilerplate weighs little.

Every proposal keeps its evidence in words, printed as a comment above its TOML. The proposals
are data; `lineage_toml` prints them and `with_proposals` writes them into the lineage file's
text (normalize/lineage.py checks the result before anything is saved).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from normalize.align import flatten_tips
from normalize.lineage import Lineage, fold_title, folded_titles, parse_lineage, title_key
from pipeline.core.text import fold_words
from pipeline.core.tomltext import block_end, headers, quoted, string_array, table_name

#: Words per shingle: runs of three words say more about content than single common words do.
SHINGLE = 3
#: A change holding this share of an earlier change's content carries it on (a merge takes two).
MERGE_KEPT = 0.5
#: A part of a split takes at least this share of its own content from the earlier change.
SPLIT_SHARE = 0.3
#: Content at least this alike (tf-idf cosine) can make a rename: the 2019 refresh rewrote most
#: of each change, and its renames score 0.12-0.40 against 2015 where other pairs score under 0.16.
RENAME_SIMILARITY = 0.1
#: ... and only when it is this many times as alike as the next earlier change.
RENAME_MARGIN = 1.5


@dataclass
class Proposal:
    """One lineage entry proposed for an edition: the key, the relation, the edition's number and titles, and why."""
    group: str                  # changes | enablers
    key: str
    relation: str               # unchanged | renamed | split | merged | added | removed
    number: int | None
    titles: list[str]
    sources: list[str] = field(default_factory=list)   # `from`, for split and merged
    evidence: str = ""
    new_key: bool = False       # a key the lineage does not have yet

    def as_dict(self) -> dict:
        """Return the proposal as plain data (for --json)."""
        return {"group": self.group, "key": self.key, "relation": self.relation, "number": self.number,
                "titles": self.titles, "from": self.sources, "evidence": self.evidence, "new_key": self.new_key}


# ---------------------------------------------------------------- content

def item_texts(item: dict) -> list[str]:
    """Given a change, return the texts its content is judged by: title, summary, statements, tips, matrix."""
    statements = item.get("statements") or {}
    texts = [item.get("title"), item.get("summary"), statements.get("i"), statements.get("we")]
    texts += [row.text for row in flatten_tips(item.get("tips") or [])]
    for row in (item.get("matrix") or {}).get("rows", []):
        texts += [row.get("theme"), *row.get("cells", {}).values()]
    return [t for t in texts if t]


def shingles(item: dict) -> set[tuple[str, ...]]:
    """Given a change, return the runs of SHINGLE words (folded) its content is made of."""
    runs: set[tuple[str, ...]] = set()
    for text in item_texts(item):
        words = fold_words(text).split()
        runs.update(tuple(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1)))
    return runs


def word_weights(items: list[dict]) -> dict[int, dict[str, float]]:
    """Given changes, return each one's words weighted by tf-idf over them all (by the change's id())."""
    counts = {id(item): Counter(w for t in item_texts(item) for w in fold_words(t).split()) for item in items}
    spread = Counter(word for counted in counts.values() for word in counted)
    return {key: {w: n * math.log(len(items) / spread[w]) for w, n in counted.items()}
            for key, counted in counts.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Given two weighted word counts, return their cosine similarity (0 when either is empty)."""
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return sum(v * b.get(w, 0.0) for w, v in a.items()) / norm if norm else 0.0


@dataclass(frozen=True)
class Likeness:
    """How alike a new and an old change are: the share of each one's word runs found in the other, and their similarity."""
    of_new: float      # share of the new change's content found in the old one
    of_old: float      # share of the old change's content found in the new one
    similarity: float  # tf-idf cosine of their words


def likeness(new: set, old: set, similarity: float) -> Likeness:
    """Given two changes' shingles and their similarity, return how alike they are."""
    shared = len(new & old)
    return Likeness(shared / len(new) if new else 0.0, shared / len(old) if old else 0.0, similarity)


def titles_of(item: dict) -> list[str]:
    """Given a change, return its titles, the main one first, each once (folded)."""
    seen, titles = set(), []
    for title in [item.get("title", ""), *item.get("titles", [])]:
        folded = fold_title(title)
        if title and folded and folded not in seen:
            seen.add(folded)
            titles.append(title)
    return titles


def name(item: dict, edition: str) -> str:
    """Given a change and its edition, return `2020's change 4 "Home first"`."""
    return f"{edition}'s change {item.get('number')} \u201c{item.get('title')}\u201d"


# ---------------------------------------------------------------- judging

def previous_edition(lineage: Lineage, edition_id: str) -> str:
    """Given the lineage and an edition, return the edition its relations are judged against: the one before it in `editions`.

    An edition the file does not list yet comes after its last one.
    """
    if edition_id not in lineage.editions:
        return lineage.editions[-1]
    index = lineage.editions.index(edition_id)
    if index == 0:
        raise ValueError(f"edition {edition_id} is the lineage's first: there is nothing earlier to judge it against")
    return lineage.editions[index - 1]


def needs_entry(item: dict, lineage: Lineage, edition_id: str) -> bool:
    """Given a change, return whether the lineage lacks its entry for the edition (provisional, or keyed by an earlier title)."""
    entry = next((e for e in lineage if e.key == item["key"]), None)
    return entry is None or edition_id not in entry.editions


def fresh_key(title: str, taken: set[str]) -> str:
    """Given a new change's title and the keys in use, return a new key from its words (numbered if taken)."""
    key = title_key(title)
    candidate, n = key, 2
    while candidate in taken:
        candidate = f"{title_key(title)[:37]}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def suggest(new: dict, old: dict, lineage: Lineage) -> list[Proposal]:
    """Given an edition's record, the previous edition's record and the lineage, return the entries the edition needs."""
    proposals = []
    taken = {entry.key for entry in lineage}
    for group in ("changes", "enablers"):
        proposals += suggest_group(group, new.get(group, []), old.get(group, []), new["edition"]["id"],
                                   old["edition"]["id"], lineage, taken)
    return proposals


def suggest_group(group: str, new_items: list[dict], old_items: list[dict], new_id: str, old_id: str,
                  lineage: Lineage, taken: set[str]) -> list[Proposal]:
    """Given one group (changes or enablers) of both editions, return its proposals (see the module's rules)."""
    open_items = [item for item in new_items if needs_entry(item, lineage, new_id)]
    settled = {item["key"] for item in new_items if not needs_entry(item, lineage, new_id)}
    previous_titles = {o["key"]: {fold_title(t) for t in titles_of(o)} | folded_titles(
        next((e.editions.get(old_id, {}) for e in lineage if e.key == o["key"]), {})) for o in old_items}
    runs = {id(item): shingles(item) for item in new_items + old_items}
    weights = word_weights(new_items + old_items)
    alike = {(id(n), o["key"]): likeness(runs[id(n)], runs[id(o)], cosine(weights[id(n)], weights[id(o)]))
             for n in new_items for o in old_items}
    chosen: dict[int, Proposal] = {}

    for item in open_items:   # unchanged: a title the key had in the previous edition
        same = [o for o in old_items if o["key"] not in settled and {fold_title(t) for t in titles_of(item)}
                & previous_titles[o["key"]]]
        if same and same[0]["key"] not in {p.key for p in chosen.values()}:
            o = same[0]
            chosen[id(item)] = Proposal(group, o["key"], "unchanged", item.get("number"), titles_of(item),
                                        evidence=f"unchanged: the title is {old_id}'s title of {o['key']}")

    for item in open_items:   # merged: most of two or more earlier changes' content
        sources = [o for o in old_items if alike[(id(item), o["key"])].of_old >= MERGE_KEPT]
        if len(sources) >= 2 and (id(item) not in chosen or chosen[id(item)].key in {o["key"] for o in sources}):
            keep = next((o["key"] for o in sources if o["key"] == item["key"] or fold_title(o.get("title", ""))
                         == fold_title(item.get("title", ""))), None)
            held = " and ".join(f"{alike[(id(item), o['key'])].of_old:.0%} of {name(o, old_id)}" for o in sources)
            key = keep or fresh_key(item.get("title", ""), taken)
            chosen[id(item)] = Proposal(group, key, "merged", item.get("number"), titles_of(item),
                                        [o["key"] for o in sources], f"merged: it holds {held}", new_key=keep is None)
    merged_from = {k for p in chosen.values() if p.relation == "merged" for k in p.sources}

    for o in old_items:   # split: two or more parts each mostly from one earlier change
        if o["key"] in merged_from:
            continue
        parts = [n for n in new_items if alike[(id(n), o["key"])].of_new >= SPLIT_SHARE
                 and not (id(n) in chosen and chosen[id(n)].relation == "merged")
                 and (n["key"] == o["key"] or id(n) in chosen or needs_entry(n, lineage, new_id))]
        if len(parts) < 2:
            continue
        heir = next((n for n in parts if id(n) in chosen and chosen[id(n)].key == o["key"]), None) or \
            next((n for n in parts if n["key"] == o["key"]), None)
        numbers = " and ".join(str(n.get("number")) for n in parts)
        for n in parts:
            if not needs_entry(n, lineage, new_id):
                continue   # the lineage already says what this part is
            share = alike[(id(n), o["key"])].of_new
            key = o["key"] if n is heir else fresh_key(n.get("title", ""), taken)
            chosen[id(n)] = Proposal(group, key, "split", n.get("number"), titles_of(n), [o["key"]],
                                     f"split: {name(o, old_id)} continues as changes {numbers}; "
                                     f"{share:.0%} of this one's content is from it", new_key=n is not heir)

    claimed = settled | {p.key for p in chosen.values()} | merged_from | \
        {k for p in chosen.values() if p.relation == "split" for k in p.sources}
    for item in open_items:   # renamed: content like one earlier change's; else added
        if id(item) in chosen:
            continue
        free = sorted((o for o in old_items if o["key"] not in claimed),
                      key=lambda o: (-alike[(id(item), o["key"])].similarity, old_items.index(o)))
        best = free[0] if free else None
        score = alike[(id(item), best["key"])].similarity if best else 0.0
        runner_up = alike[(id(item), free[1]["key"])].similarity if len(free) > 1 else 0.0
        if best is not None and score >= RENAME_SIMILARITY and score >= RENAME_MARGIN * runner_up:
            claimed.add(best["key"])
            chosen[id(item)] = Proposal(group, best["key"], "renamed", item.get("number"), titles_of(item),
                                        evidence=f"renamed: content {score:.2f} like {name(best, old_id)}"
                                                 + (f" (next best: {runner_up:.2f})" if runner_up else ""))
        else:
            nearest = f" (nearest: {best['key']} {score:.2f})" if best else ""
            chosen[id(item)] = Proposal(group, fresh_key(item.get("title", ""), taken), "added", item.get("number"),
                                        titles_of(item), evidence=f"added: like no change of {old_id}{nearest}",
                                        new_key=True)

    proposals = [chosen[id(item)] for item in new_items if id(item) in chosen]
    carried = settled | {p.key for p in proposals} | {k for p in proposals for k in p.sources}
    for o in old_items:   # removed: nothing in the edition carries it on
        entry = next((e for e in lineage if e.key == o["key"]), None)
        if o["key"] not in carried and (entry is None or new_id not in entry.editions):
            proposals.append(Proposal(group, o["key"], "removed", None, [],
                                      evidence=f"removed: no change of {new_id} has its title or content"))
    return proposals


# ---------------------------------------------------------------- TOML

def appearance_lines(proposal: Proposal, edition_id: str) -> list[str]:
    """Given a proposal, return its `[change.editions.ID]` table, indented as in lineage.toml, its evidence above."""
    lines = [f"  # {proposal.evidence}", f"  [change.editions.{edition_id}]"]
    if proposal.number is not None:
        lines.append(f"  number = {proposal.number}")
    lines.append(f"  relation = {quoted(proposal.relation)}")
    if proposal.sources:
        lines.append(f"  from = {string_array(proposal.sources)}")
    if proposal.titles:
        lines.append(f"  titles = {string_array(proposal.titles)}")
    return lines


def lineage_toml(proposals: list[Proposal], edition_id: str, against: str, command: str) -> str:
    """Given the proposals for an edition, return them as TOML: one [[change]] block each, ready to read or paste."""
    if not proposals:
        return f"# Every change of {edition_id} is in the lineage file: nothing to add.\n"
    lines = [f"# Lineage entries for edition {edition_id}, judged against {against} ({command}).",
             f"# Add \"{edition_id}\" to `editions`; paste each [change.editions.{edition_id}] table under the",
             "# [[change]] of its key, and each new key's block at the end (or run the command with --write)."]
    for proposal in proposals:
        lines += ["", "[[change]]", f"key = {quoted(proposal.key)}" + ("   # a new key" if proposal.new_key else "")]
        lines += appearance_lines(proposal, edition_id)
    return "\n".join(lines) + "\n"


_EDITIONS = re.compile(r"^editions\s*=\s*\[[^\]]*\]", re.MULTILINE)
_KEY = re.compile(r'^\s*key\s*=\s*"([^"]*)"')


def change_blocks(lines: list[str]) -> dict[str, int]:
    """Given lineage.toml's lines, return the index of each [[change]] header by the key it declares."""
    found = {}
    for start in headers(lines, "change"):
        for line in lines[start + 1:]:
            if table_name(line) is not None:
                break
            match = _KEY.match(line)
            if match:
                found[match.group(1)] = start
                break
    return found


def with_proposals(text: str, proposals: list[Proposal], edition_id: str, path: str) -> str:
    """Given lineage.toml's text and the proposals for an edition, return the text with them in place, checked.

    The edition joins `editions`; each existing key gets its table at the end of its [[change]]
    block; each new key is a [[change]] block at the end of the file. Every other line stays.
    """
    match = _EDITIONS.search(text)
    if match is None:
        raise ValueError("the lineage file has no `editions = [...]` line")
    editions = [e for e in re.findall(r'"([^"]*)"', match.group(0))]
    if edition_id not in editions:
        text = text[:match.start()] + f"editions = {string_array(editions + [edition_id])}" + text[match.end():]
    lines = text.rstrip("\n").split("\n")
    blocks = change_blocks(lines)
    inserts: dict[int, list[str]] = {}
    appended: list[str] = []
    for proposal in proposals:
        table = appearance_lines(proposal, edition_id)
        if proposal.key in blocks:
            end = block_end(lines, blocks[proposal.key], lambda table: table.startswith("change."))
            inserts.setdefault(end, []).extend(table)
        else:
            appended += ["", "[[change]]", f"key = {quoted(proposal.key)}", *table]
    for end in sorted(inserts, reverse=True):
        lines[end:end] = inserts[end]
    text = "\n".join(lines + appended) + "\n"
    parse_lineage(text, path)   # never save a file the loader would refuse
    return text
