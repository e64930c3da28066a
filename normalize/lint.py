"""Source QA: defects in the published wording of an edition, as findings. Never alters the data.

`lint(record)` walks every piece of published wording in a canonical record (sections, levels,
changes with their tips, statements, examples, materials and matrices, the action plan) and runs
one small check per defect kind over it. Each check is a function "given a text (and where it
sits), return findings"; each finding has a stable code, a severity, the element's locations, the
offending wording in `values` and a `suggestion` that is never applied.

| code | what it catches | example in the published text |
| --- | --- | --- |
| `repeated-sentence` | a sentence that occurs again (or almost again) in the same text | 2019 change 2, first tip: the same sentence three times |
| `stray-editorial-text` | an editor's marker left in the text | 2019 change 5 example: "… START HERE" |
| `repeated-words` | a word or a run of up to four words written twice in a row | "should should", "as early as early as" |
| `misspelling` | a lower-case word neither the English word list (pyspellchecker) nor the domain allow-list knows, also under British spelling; a word split in two ("reab lement") or two run together ("aservice") | "afriad", "provde", "reab lement" |
| `truncated-sentence` | a paragraph or item that stops mid-sentence (no closing punctuation and ends on a word that cannot end a sentence, or on "to VERB") | "… routinely sought and used to bring" |
| `placeholder-text` | a placeholder for content still to come | "[links to come]" |
| `empty-heading` | a heading with nothing under it before the next heading of the same or a higher level | 2019 "… maturity levels" headings |
| `page-stamp` | a "Page N" stamp of the agenda pack left inside the wording | 2020 "Page 207 A sense of belonging…" |

`hicm build` runs the checks on every merged edition and adds their findings to the edition's
`findings`, so auditors see them with the rest; `hicm lint EDITION` lists them on their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

from extract.base import english_spellchecker, english_words
from pipeline.core.text import comparable
from schema.model import finding

#: Domain terms and acronyms the general English word list lacks (lower case). Keep it short
#: and documented: add a term only when it is correct in the published text.
DOMAIN_TERMS = frozenset({
    "reablement", "enablement", "telecare", "telehealth", "teletriage", "deconditioning", "assistive",
    "wellbeing", "readmissions", "screeners", "oximeters", "funder", "webinars", "etc", "hoc", "nhs",
    "d2a", "mdt", "mdts", "vcse", "dtoc", "chc", "ccg", "mffd", "bcf", "ecip", "adass", "lga", "tlap",
})

#: British spellings the (American) word list knows under another ending: (British, American).
BRITISH_ENDINGS = (("isation", "ization"), ("isations", "izations"), ("isational", "izational"), ("ise", "ize"), ("ised", "ized"),
                   ("ises", "izes"), ("ising", "izing"), ("yse", "yze"), ("ysed", "yzed"), ("ysing", "yzing"),
                   ("our", "or"), ("ours", "ors"), ("oured", "ored"), ("tre", "ter"), ("tres", "ters"),
                   ("ogramme", "ogram"), ("ogrammes", "ograms"), ("lled", "led"), ("lling", "ling"))

#: Markers editors leave in drafts (matched as whole upper-case words).
EDITORIAL_MARKERS = ("START HERE", "END HERE", "TODO", "FIXME", "TBC", "TBD", "INSERT LINK", "ADD LINK",
                     "CHECK THIS", "DELETE THIS", "XXX")

#: Placeholders for content to come, in brackets.
_PLACEHOLDER = re.compile(r"\[\s*(?:links?|references?|details?|text|content|examples?)\s+(?:to\s+come|to\s+follow|tbc|tbd)"
                          r"\s*\]|\[\s*(?:tbc|tbd|to\s+come|to\s+follow|insert[^\]]{0,40}|placeholder)\s*\]", re.I)

_PAGE_STAMP = re.compile(r"(?<![\w/-])Page\s+\d{1,4}(?![\w/-])")

#: Words that cannot end an English sentence (articles, prepositions, conjunctions, auxiliaries).
_CANNOT_END = frozenset({
    "the", "a", "an", "and", "or", "but", "nor", "of", "to", "in", "into", "for", "with", "by", "on", "at",
    "from", "as", "that", "which", "who", "whose", "than", "has", "have", "had", "will", "would", "should", "can", "could", "may", "might", "must", "their", "its", "our",
    "your", "his", "her", "such", "about", "between", "through", "because", "if", "when", "where", "while",
})

#: Words a writer may legitimately double ("that that", "had had").
_MAY_DOUBLE = frozenset({"that", "had", "is"})

_WORD = re.compile(r"(?<![\w'’-])[A-Za-z]+(?:['’][A-Za-z]+)?(?![\w-])")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9‘'\"“(])")


@dataclass(frozen=True)
class Text:
    """One piece of published wording: what it is (`kind`), where it sits, and whether it heads a list."""
    subject: str
    text: str
    where: tuple
    kind: str             # heading | title | paragraph | item | cell | label
    has_children: bool = False
    in_punctuated_list: bool = False   # an item whose sibling items end with a full stop


def _where(node: dict, fallback: list[dict]) -> tuple:
    return tuple(node.get("provenance") or fallback)


def _punctuated(items: list[dict]) -> bool:
    """Given sibling list items, return True if most of them end with closing punctuation."""
    ends = [(i.get("text") or "").rstrip()[-1:] for i in items or [] if (i.get("text") or "").strip()]
    return len(ends) >= 3 and sum(e in ".!?" for e in ends) * 2 > len(ends)


def _tips(tips: list[dict], subject: str, fallback: list[dict]) -> Iterator[Text]:
    punctuated = _punctuated(tips)
    for n, tip in enumerate(tips or []):
        path = f"{subject}[{n}]"
        yield Text(path, tip.get("text") or "", _where(tip, fallback), "item", bool(tip.get("children")), punctuated)
        yield from _tips(tip.get("children"), f"{path}.children", _where(tip, fallback))


def _blocks(blocks: list[dict], subject: str, fallback: list[dict]) -> Iterator[Text]:
    for n, block in enumerate(blocks or []):
        path, where = f"{subject}.blocks[{n}]", _where(block, fallback)
        if block.get("type") in ("paragraph", "heading"):
            yield Text(path, block.get("text") or "", where, block["type"])
        elif block.get("type") == "list":
            yield from _tips(block.get("items"), f"{path}.items", list(where))
        elif block.get("type") == "table":
            for r, row in enumerate(block.get("rows") or []):
                for c, cell in enumerate(row):
                    yield Text(f"{path}.rows[{r}][{c}]", cell, where, "cell")


def texts(record: dict) -> Iterator[Text]:
    """Given a canonical record, return every piece of its published wording in reading order."""
    source = [{"path": (record.get("sources") or [{"path": "?"}])[0]["path"]}]
    for section in record.get("sections") or []:
        subject, where = f"sections[key={section.get('key')}]", _where(section, source)
        yield Text(f"{subject}.title", section.get("title") or "", where, "title")
        yield from _blocks(section.get("blocks"), subject, list(where))
    for level in record.get("levels") or []:
        if level.get("description"):
            yield Text(f"levels[key={level.get('key')}].description", level["description"], _where(level, source), "paragraph")
    for group in ("changes", "enablers"):
        for item in record.get(group) or []:
            subject, where = f"{group}[key={item.get('key')}]", _where(item, source)
            yield Text(f"{subject}.title", item.get("title") or "", where, "title")
            if item.get("summary"):
                yield Text(f"{subject}.summary", item["summary"], where, "paragraph")
            for which, statement in (item.get("statements") or {}).items():
                if statement:
                    yield Text(f"{subject}.statements.{which}", statement, where, "paragraph")
            yield from _tips(item.get("tips"), f"{subject}.tips", list(where))
            for n, example in enumerate(item.get("examples") or []):
                ewhere = _where(example, list(where))
                yield Text(f"{subject}.examples[{n}].title", example.get("title") or "", ewhere, "title")
                if example.get("description"):
                    yield Text(f"{subject}.examples[{n}].description", example["description"], ewhere, "paragraph")
            for n, material in enumerate(item.get("materials") or []):
                yield Text(f"{subject}.materials[{n}].title", material.get("title") or "", _where(material, list(where)), "title")
            for r, row in enumerate((item.get("matrix") or {}).get("rows") or []):
                rwhere = _where(row, list(where))
                if row.get("theme"):
                    yield Text(f"{subject}.matrix.rows[{r}].theme", row["theme"], rwhere, "label")
                for level, cell in (row.get("cells") or {}).items():
                    yield Text(f"{subject}.matrix.rows[{r}].cells.{level}", cell, rwhere, "cell")
            yield from _blocks(item.get("blocks"), subject, list(where))
    for n, row in enumerate((record.get("action_plan") or {}).get("rows") or []):
        yield Text(f"action_plan.rows[{n}].label", row.get("label") or "", _where(row, source), "label")


def _finding(code: str, message: str, piece: Text, values: list[str], suggestion: str, severity: str = "warning") -> dict:
    return finding(code, severity, message, list(piece.where), subject=piece.subject, values=values, suggestion=suggestion)


# ---- one check per defect --------------------------------------------------------------------

def sentences(text: str) -> list[str]:
    """Given a paragraph, return its sentences."""
    return [s for s in _SENTENCE_SPLIT.split(text.strip()) if s]


def _near(a: str, b: str, at_least: float = 0.95) -> bool:
    """Given two sentences, return True when they are equal or nearly (difflib's ratio at least `at_least`).

    The ratio is 2·matches / (len(a) + len(b)), so it is at most 2·min / (len(a) + len(b)), and
    at most what the letters the two share allow (`quick_ratio`): most pairs of a paragraph's
    sentences are told apart by those bounds without the quadratic match.
    """
    if a == b:
        return True
    if 2 * min(len(a), len(b)) < at_least * (len(a) + len(b)):
        return False
    from difflib import SequenceMatcher
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= at_least and matcher.ratio() >= at_least


def check_repeated_sentence(piece: Text) -> list[dict]:
    """Given a text, return a finding for each sentence of five or more words that occurs again (or nearly) in it."""
    found, reported = [], set()
    parts = [(s, comparable(s).lower()) for s in sentences(piece.text)]
    for i, (sentence, folded) in enumerate(parts):
        if i in reported or len(folded.split()) < 5:
            continue
        repeats = [j for j in range(i + 1, len(parts)) if _near(folded, parts[j][1])]
        if repeats:
            reported.update(repeats)
            count = len(repeats) + 1
            found.append(_finding("repeated-sentence", f"The sentence \"{sentence[:80]}\" appears {count} times in this text.",
                                  piece, [sentence] + [parts[j][0] for j in repeats],
                                  "Keep one occurrence of the sentence at source."))
    return found


def check_stray_editorial_text(piece: Text) -> list[dict]:
    """Given a text, return a finding for each editor's marker (START HERE, TODO…) left in it."""
    found = []
    for marker in EDITORIAL_MARKERS:
        for match in re.finditer(rf"(?<![A-Za-z]){re.escape(marker)}(?![A-Za-z])", piece.text):
            found.append(_finding("stray-editorial-text", f"The editor's marker \"{marker}\" is left in the published text.",
                                  piece, [match.group(0)], f"Delete \"{marker}\" at source."))
    return found


def check_repeated_words(piece: Text) -> list[dict]:
    """Given a text, return a finding for each word or run of up to four words written twice in a row."""
    found = []
    # Only spaces between the repeats: a tab or line break separates cells or lines, not words.
    pattern = re.compile(r"(?<![\w'’-])((?:[A-Za-z]+ +){0,3}[A-Za-z]+) +\1(?![\w'’-])", re.I)
    for match in pattern.finditer(piece.text):
        words, shown = match.group(1), match.group(0)
        if words.lower() in _MAY_DOUBLE:
            continue
        # "as early as early as": the phrase "as early as" written twice, overlapping on its last word.
        first = words.split()[0]
        after = re.match(rf" +{re.escape(first)}(?![\w'’-])", piece.text[match.end():], re.I)
        if after and " " in words:
            words, shown = f"{words} {first}", shown + after.group(0)
        found.append(_finding("repeated-words", f"\"{words}\" is written twice in a row: \"{shown}\".",
                              piece, [shown], f"Write \"{words}\" once."))
    return found


def is_known_word(word: str) -> bool:
    """Given a word, return True if the English word list (British endings too) or the domain allow-list knows it."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word in english_words() or word in DOMAIN_TERMS:
        return True
    return any(word.endswith(gb) and word[: -len(gb)] + us in english_words() for gb, us in BRITISH_ENDINGS)


def _split_in_two(word: str) -> str | None:
    for cut in range(1, len(word)):
        left, right = word[:cut], word[cut:]
        if (len(left) >= 3 or left in ("a", "an")) and len(right) >= 3 and is_known_word(left) and is_known_word(right):
            return f"{left} {right}"
    return None


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(c in letters for c in short)


def _likely_spelling(word: str) -> str:
    """Given an unknown word, return the likeliest intended word: one it misses a letter of, else the most frequent candidate."""
    checker = english_spellchecker()
    candidates = sorted(checker.candidates(word) or (), key=lambda c: (-checker.word_usage_frequency(c), c))
    dropped = [c for c in candidates if len(c) == len(word) + 1 and _is_subsequence(word, c)]
    return (dropped or candidates or ["?"])[0]


def check_misspelling(piece: Text) -> list[dict]:
    """Given a text, return a finding for each lower-case word no word list knows (with a suggested spelling)."""
    found = []
    text = _URL.sub(" ", piece.text)
    words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
    skip = set()
    for n, (word, start, end) in enumerate(words):
        if n in skip or not word.islower() or len(word) < 3 or is_known_word(word):
            continue
        nxt = words[n + 1] if n + 1 < len(words) else None
        if nxt and nxt[1] == end + 1 and nxt[0].islower() and is_known_word(word + nxt[0]) and not is_known_word(nxt[0]):
            skip.add(n + 1)
            wrong, right = f"{word} {nxt[0]}", word + nxt[0]
        else:
            wrong = word
            right = _split_in_two(word) or _likely_spelling(word)
        found.append(_finding("misspelling", f"\"{wrong}\" is not an English word (did the source mean \"{right}\"?).",
                              piece, [wrong], f"Correct \"{wrong}\" to \"{right}\" at source, or add a correct domain term "
                                              f"to DOMAIN_TERMS in normalize/lint.py."))
    return found


def check_truncated_sentence(piece: Text) -> list[dict]:
    """Given a paragraph or list item, return a finding if it stops mid-sentence.

    It does when it has no closing punctuation and ends on a word that cannot end a sentence
    ("…and the"), or, in a list whose other items end with a full stop, on "to VERB" with the
    verb's object missing ("…and used to bring").
    """
    if piece.kind not in ("paragraph", "item") or piece.has_children:
        return []
    text = piece.text.strip()
    if not text or text[-1] in ".!?:;)]\"'”’–—-…" or len(text.split()) < 4:
        return []
    tokens = [t.lower() for t in text.split()]
    ends_badly = tokens[-1] in _CANNOT_END or (piece.in_punctuated_list and tokens[-2] == "to" and tokens[-1].isalpha())
    if not ends_badly:
        return []
    return [_finding("truncated-sentence", f"The text stops mid-sentence: \"…{text[-60:]}\".", piece, [text[-60:]],
                     "Complete the sentence at source (compare with the other manifestations of the edition).")]


def check_placeholder_text(piece: Text) -> list[dict]:
    """Given a text, return a finding for each placeholder for content to come ("[links to come]")."""
    return [_finding("placeholder-text", f"Placeholder \"{m.group(0)}\" is published instead of the content.",
                     piece, [m.group(0)], "Replace the placeholder with the content, or delete it, at source.")
            for m in _PLACEHOLDER.finditer(piece.text)]


def check_page_stamp(piece: Text) -> list[dict]:
    """Given a text, return a finding for each "Page N" stamp left inside it."""
    return [_finding("page-stamp", f"The page stamp \"{m.group(0)}\" is part of the text.", piece, [m.group(0)],
                     "Remove the agenda pack's page stamp from the text (at source or in the reader).")
            for m in _PAGE_STAMP.finditer(piece.text)]


TEXT_CHECKS: tuple[Callable[[Text], list[dict]], ...] = (
    check_repeated_sentence, check_stray_editorial_text, check_repeated_words, check_misspelling,
    check_truncated_sentence, check_placeholder_text, check_page_stamp,
)


# ---- structure -------------------------------------------------------------------------------

def empty_headings(blocks: list[dict], subject: str, fallback: list[dict]) -> list[dict]:
    """Given a list of blocks, return a finding for each heading followed by no content before the next heading at its level or above.

    Trailing headings are not flagged, nor headings with no content anywhere after them: a
    section's last heading may introduce what follows the section (the changes), and a run of
    headings with nothing after it is display type (a cover page), not a document outline.
    """
    found = []
    blocks = blocks or []
    for n, block in enumerate(blocks):
        if block.get("type") != "heading":
            continue
        level = block.get("level", 1)
        following = blocks[n + 1:]
        content_follows = any(b.get("type") != "heading" for b in following)
        nxt = following[0] if following else None
        # A lead-in ending in a colon ("Self assessment matrix levels:") announces a table or list
        # that a reader may have lifted into its own field (the levels), so it is not flagged.
        lead_in = (block.get("text") or "").rstrip().endswith(":")
        if content_follows and not lead_in and nxt.get("type") == "heading" and nxt.get("level", 1) <= level:
            piece = Text(f"{subject}.blocks[{n}]", block.get("text") or "", _where(block, fallback), "heading")
            found.append(_finding("empty-heading", f"The heading \"{piece.text}\" has nothing under it.", piece,
                                  [piece.text], "Add the content the heading announces, or delete the heading, at source."))
    return found


def _position(loc: dict) -> tuple:
    return (loc.get("page") or 0, (loc.get("bbox") or [0, 0])[1], loc.get("line") or 0)


def _introduces_changes(section: dict, record: dict) -> bool:
    """Given an empty section, return True if in its source it is the heading right before the first change ("6. The model")."""
    for loc in section.get("provenance") or []:
        if "element" in loc:
            continue
        firsts = [p for c in record.get("changes") or [] for p in c.get("provenance") or [] if p["path"] == loc["path"]]
        if not firsts:
            continue
        start, end = _position(loc), min(_position(p) for p in firsts)
        others = [p for s in record.get("sections") or [] if s is not section
                  for p in s.get("provenance") or [] if p["path"] == loc["path"] and "element" not in p]
        if start < end and not any(start < _position(p) < end for p in others):
            return True
    return False


def check_empty_headings(record: dict) -> list[dict]:
    """Given a record, return a finding for every heading (section or sub-heading) with nothing under it."""
    source = [{"path": (record.get("sources") or [{"path": "?"}])[0]["path"]}]
    found = []
    for section in record.get("sections") or []:
        subject = f"sections[key={section.get('key')}]"
        blocks = section.get("blocks") or []
        if not blocks and not _introduces_changes(section, record):
            piece = Text(f"{subject}.title", section.get("title") or "", _where(section, source), "heading")
            found.append(_finding("empty-heading", f"The section heading \"{piece.text}\" has nothing under it.", piece,
                                  [piece.text], "Add the section's content, or delete the heading, at source."))
        found += empty_headings(blocks, subject, source)
    for group in ("changes", "enablers"):
        for item in record.get(group) or []:
            found += empty_headings(item.get("blocks"), f"{group}[key={item.get('key')}]", _where(item, source))
    return found


#: The codes of the source-QA findings (the readers may report some of them too).
CODES = ("repeated-sentence", "stray-editorial-text", "repeated-words", "misspelling", "truncated-sentence",
         "placeholder-text", "empty-heading", "page-stamp")


def _marker(f: dict) -> tuple:
    first = f["where"][0] if f.get("where") else {}
    return (f["code"], first.get("path"), first.get("line"), first.get("page"), first.get("element"),
            tuple(f.get("values") or ())[:1])


def lint(record: dict) -> list[dict]:
    """Given a canonical record (edition or manifestation), return its source defects as findings, in reading order."""
    found = []
    for piece in texts(record):
        for check in TEXT_CHECKS:
            found += check(piece)
    return found + check_empty_headings(record)


def new_findings(record: dict) -> list[dict]:
    """Given a record, return the lint findings it does not already carry (a reader may have reported some)."""
    have = {_marker(f) for f in record.get("findings") or []}
    return [f for f in lint(record) if _marker(f) not in have]


def source_defects(record: dict) -> list[dict]:
    """Given a record, return every source-QA finding: those it carries (from readers or a build) and fresh ones."""
    # A reader's finding whose code refines a lint code ("page-stamp-in-text") is a source defect too.
    carried = [f for f in record.get("findings") or [] if f["code"].startswith(CODES)]
    return carried + new_findings(record)
