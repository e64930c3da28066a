"""Field-by-field agreement between a source record and the record read back from a rendering of it.

What is compared: everything a reader can be expected to keep from a document, with every
text's whitespace folded (`extract.base.normalise_space`) and nothing else forgiven (case,
quotes, dashes, hyphens and wording must come back as published):

- `levels[key]`: `label`, `description`.
- `sections[key]`: `key`, `number`, `title`, and each block's `type`, `text`, heading
  `level`, list `ordered`, list items' `text` (with their `children`), table `rows` cell by
  cell, and `links` (`text`, `url`). The blocks of the section keyed `levels` are the level
  definitions themselves, compared as `levels[…]` (a rendering may set them as a table, a
  definition list or lines), so they are not compared again.
- `changes[number=N]` and `enablers[number=N]`: `number`, `title`, `summary`,
  `statements.i`, `statements.we`; `tips` (`text`, `heading`, nested `children`); `examples`
  (`place`, `title`, `description`, `url`); `materials` (`title`, `url`, `links`); the
  matrix's rows (`theme` and each level's cell); `blocks` as for sections, less a heading
  block that repeats one of the item's tip sub-headings (that is the same sub-heading,
  compared once, as the tips' `heading`).
- `action_plan`: `title`, each column's `key` and `label`, each row's `label` and the item
  the row names (`changes[number=N]` or `enablers[number=N]`, found through the row's key in
  its own record).

What is not compared, and why: `schema_version`, `kind`, `model`, `edition`, `sources` and
`findings` (the pipeline's and the manifest's, not the document's); `provenance` everywhere
(each file locates things its own way); the items' `key` (the lineage file's decision, not
the reader's: a made-up release gets `provisional-…` keys, and action-plan rows are checked
through the item they name instead); `titles` and `alternate_summaries` (they record where
else a document names an item, which depends on which contents and overview pages a
rendering has); the action plan's form `fields` (only the 2015 PDF has them). With
`urls=False` (a rendering that cannot carry links, such as plain text) every `url` is left
out too, and so are the blocks' and list items' `links`: plain text does not say which of
its words were a link.

One thing is forgiven beyond whitespace: a level's `description` is compared with one final
full stop folded away. A record merged from several files keeps the level definitions of one
(the 2020 web page's, without full stops) and the sections of another (the 2020 PDF, whose
table of level definitions ends each with one); a rendering prints the definitions once, so
it can agree with only one of them.

Lists are aligned before they are compared (difflib on each element's folded text), so one
lost tip costs that tip's fields, not those of every tip after it. A source element with no
counterpart is one `missing` mismatch and counts all its fields as failed; a read-back
element with none is one `extra` mismatch and counts all its fields as failed.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from pipeline.core.text import normalise_space
from schema.model import LEVEL_KEYS


@dataclass(frozen=True)
class Mismatch:
    """One field (or whole element) where the read-back record disagrees with the source.

    `kind` is `differs` (both have it), `missing` (the read-back record lacks the element) or
    `extra` (the source lacks it).
    """
    path: str
    kind: str
    expected: object
    actual: object

    def __str__(self) -> str:
        def show(value):
            text = repr(value)
            return text if len(text) <= 100 else text[:97] + "..."
        if self.kind == "missing":
            return f"{self.path}: missing (expected {show(self.expected)})"
        if self.kind == "extra":
            return f"{self.path}: extra (read {show(self.actual)})"
        return f"{self.path}: expected {show(self.expected)}, read {show(self.actual)}"


@dataclass
class Score:
    """How many fields were compared, how many agreed, and every mismatch by path."""
    compared: int = 0
    agreed: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """The share of compared fields that agree (1.0 when nothing was compared)."""
        return self.agreed / self.compared if self.compared else 1.0

    def report(self, limit: int = 60) -> str:
        """Return the ratio and the first `limit` mismatches, one per line."""
        lines = [f"{self.ratio:.1%} of {self.compared} fields agree ({len(self.mismatches)} mismatches)"]
        lines += [f"  {m}" for m in self.mismatches[:limit]]
        if len(self.mismatches) > limit:
            lines.append(f"  … and {len(self.mismatches) - limit} more")
        return "\n".join(lines)


_ABSENT = object()   # the other side of an element that has no counterpart: count, do not report


def score(source: dict, read_back: dict, *, urls: bool = True) -> Score:
    """Given a source record and the record read back from a rendering of it, return their field agreement."""
    comparison = _Comparison(urls)
    comparison.levels(source.get("levels") or [], read_back.get("levels") or [])
    comparison.sequence("sections", source.get("sections") or [], read_back.get("sections") or [],
                        lambda s: (s.get("key"), _fold(s.get("title"))), comparison.section, _section_label)
    for group in ("changes", "enablers"):
        comparison.items(group, source.get(group) or [], read_back.get(group) or [])
    comparison.action_plan(source, read_back)
    return comparison.result


def _fold(text):
    return normalise_space(text) if isinstance(text, str) else text


def _without_full_stop(text):
    """Given a text (or None), return it with one final full stop dropped ("… reactive manner." -> "… reactive manner")."""
    return text[:-1] if isinstance(text, str) and text.endswith(".") and not text.endswith("..") else text


def _section_label(section: dict) -> str:
    return f"[key={section.get('key')}]"


class _Comparison:
    """The walk over two records; each method compares one kind of element and counts its fields."""

    def __init__(self, urls: bool):
        self.urls = urls
        self.result = Score()

    # -- leaves and lists ------------------------------------------------------------------
    def leaf(self, path: str, expected, actual) -> None:
        """Compare one field (texts with whitespace folded); record a mismatch unless one side is absent."""
        self.result.compared += 1
        if expected is _ABSENT or actual is _ABSENT:
            return
        if _fold(expected) == _fold(actual):
            self.result.agreed += 1
        else:
            self.result.mismatches.append(Mismatch(path, "differs", expected, actual))

    def sequence(self, path: str, expected: list, actual: list, fingerprint, compare, label=None) -> None:
        """Align two lists by `fingerprint` and compare each pair with `compare(path, x, y)`."""
        label = label or (lambda element: None)
        if expected is _ABSENT or actual is _ABSENT:   # inside an unmatched element: count, do not report
            present = actual if expected is _ABSENT else expected
            for n, element in enumerate(_list(present)):
                where = f"{path}{label(element) or f'[{n}]'}"
                compare(where, _ABSENT, element) if expected is _ABSENT else compare(where, element, _ABSENT)
            return
        expected, actual = _list(expected), _list(actual)
        keys_x = [fingerprint(x) for x in expected]
        keys_y = [fingerprint(y) for y in actual]
        matcher = difflib.SequenceMatcher(None, keys_x, keys_y, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            pairs = list(zip(range(i1, i2), range(j1, j2))) if tag in ("equal", "replace") else []
            for i, j in pairs:
                compare(f"{path}{label(expected[i]) or f'[{i}]'}", expected[i], actual[j])
            for i in range(i1 + len(pairs), i2):
                where = f"{path}{label(expected[i]) or f'[{i}]'}"
                self.result.mismatches.append(Mismatch(where, "missing", _summary(expected[i]), None))
                compare(where, expected[i], _ABSENT)
            for j in range(j1 + len(pairs), j2):
                where = f"{path}{label(actual[j]) or f'[{j}]'}"
                self.result.mismatches.append(Mismatch(where, "extra", None, _summary(actual[j])))
                compare(where, _ABSENT, actual[j])

    # -- the parts of a record ---------------------------------------------------------------
    def levels(self, expected: list, actual: list) -> None:
        by_key = {level.get("key"): level for level in actual}
        for level in expected:
            other = by_key.get(level["key"], {})
            self.leaf(f"levels[{level['key']}].label", level.get("label"), other.get("label"))
            self.leaf(f"levels[{level['key']}].description", _without_full_stop(level.get("description")),
                      _without_full_stop(other.get("description")))

    def section(self, path: str, x, y) -> None:
        for name in ("key", "number", "title"):
            self.leaf(f"{path}.{name}", _get(x, name), _get(y, name))
        if _get(x, "key") == "levels" or _get(y, "key") == "levels":
            return   # the level definitions: compared as `levels`
        self.blocks(f"{path}.blocks", _get(x, "blocks", []), _get(y, "blocks", []))

    def blocks(self, path: str, expected, actual) -> None:
        self.sequence(path, expected, actual, _block_fingerprint, self.block)

    def block(self, path: str, x, y) -> None:
        for name in ("type", "text", "level", "ordered"):
            if _has(x, name) or _has(y, name):
                self.leaf(f"{path}.{name}", _get(x, name), _get(y, name))
        if "list" in (_get(x, "type"), _get(y, "type")):
            self.list_items(f"{path}.items", _get(x, "items", []), _get(y, "items", []))
        if "table" in (_get(x, "type"), _get(y, "type")):
            self.table(f"{path}.rows", _get(x, "rows", []), _get(y, "rows", []))
        self.links(f"{path}.links", _get(x, "links", []), _get(y, "links", []))

    def list_items(self, path: str, expected, actual) -> None:
        def compare(where, x, y):
            self.leaf(f"{where}.text", _get(x, "text"), _get(y, "text"))
            self.links(f"{where}.links", _get(x, "links", []), _get(y, "links", []))
            self.list_items(f"{where}.children", _get(x, "children", []), _get(y, "children", []))
        self.sequence(path, expected, actual, lambda i: _fold(i.get("text")), compare)

    def table(self, path: str, expected, actual) -> None:
        def compare(where, x, y):
            cells_x, cells_y = _list(x), _list(y)
            for n in range(max(len(cells_x), len(cells_y))):
                self.leaf(f"{where}[{n}]", _cell(x, cells_x, n), _cell(y, cells_y, n))
        self.sequence(path, expected, actual, lambda r: tuple(_fold(c) for c in r), compare)

    def links(self, path: str, expected, actual) -> None:
        def compare(where, x, y):
            self.leaf(f"{where}.text", _get(x, "text"), _get(y, "text"))
            self.leaf(f"{where}.url", _get(x, "url"), _get(y, "url"))
        if self.urls and (_list(expected) or _list(actual)):
            self.sequence(path, expected, actual, lambda link: _fold(link.get("text")), compare)

    def items(self, group: str, expected: list, actual: list) -> None:
        self.sequence(group, expected, actual, lambda item: item.get("number"), self.item,
                      lambda item: f"[number={item.get('number')}]")

    def item(self, path: str, x, y) -> None:
        for name in ("number", "title", "summary"):
            self.leaf(f"{path}.{name}", _get(x, name), _get(y, name))
        for name in ("i", "we"):
            self.leaf(f"{path}.statements.{name}", _get(_get(x, "statements", {}), name),
                      _get(_get(y, "statements", {}), name))
        self.tips(f"{path}.tips", _get(x, "tips", []), _get(y, "tips", []))
        self.sequence(f"{path}.examples", _get(x, "examples", []), _get(y, "examples", []),
                      lambda e: _fold(e.get("title")), self.example)
        self.sequence(f"{path}.materials", _get(x, "materials", []), _get(y, "materials", []),
                      lambda m: _fold(m.get("title")), self.material)
        self.matrix(f"{path}.matrix", _get(x, "matrix"), _get(y, "matrix"))
        self.blocks(f"{path}.blocks", _item_blocks(x), _item_blocks(y))

    def tips(self, path: str, expected, actual) -> None:
        def compare(where, x, y):
            self.leaf(f"{where}.text", _get(x, "text"), _get(y, "text"))
            self.leaf(f"{where}.heading", _get(x, "heading"), _get(y, "heading"))
            self.tips(f"{where}.children", _get(x, "children", []), _get(y, "children", []))
        self.sequence(path, expected, actual, lambda t: _fold(t.get("text")), compare)

    def example(self, path: str, x, y) -> None:
        for name in ("place", "title", "description") + (("url",) if self.urls else ()):
            self.leaf(f"{path}.{name}", _get(x, name), _get(y, name))

    def material(self, path: str, x, y) -> None:
        self.leaf(f"{path}.title", _get(x, "title"), _get(y, "title"))
        if self.urls:
            self.leaf(f"{path}.url", _get(x, "url"), _get(y, "url"))
        self.links(f"{path}.links", _get(x, "links", []), _get(y, "links", []))

    def matrix(self, path: str, x, y) -> None:
        if x is None and y is None:
            return
        if (x is None) != (y is None) and _ABSENT not in (x, y):
            self.result.mismatches.append(Mismatch(path, "missing" if y is None else "extra",
                                                   None if x is None else f"{len(x['rows'])} rows",
                                                   None if y is None else f"{len(y['rows'])} rows"))
            x, y = (_ABSENT, y) if x is None else (x, _ABSENT)

        def compare(where, rx, ry):
            self.leaf(f"{where}.theme", _get(rx, "theme"), _get(ry, "theme"))
            for level in LEVEL_KEYS:
                self.leaf(f"{where}.cells.{level}", _get(_get(rx, "cells", {}), level),
                          _get(_get(ry, "cells", {}), level))
        self.sequence(f"{path}.rows", _get(x, "rows", []), _get(y, "rows", []),
                      lambda r: (_fold(r.get("theme")), _fold(r.get("cells", {}).get(LEVEL_KEYS[0]))), compare)

    def action_plan(self, source: dict, read_back: dict) -> None:
        x, y = source.get("action_plan"), read_back.get("action_plan")
        if x is None and y is None:
            return
        if (x is None) != (y is None):
            self.result.mismatches.append(Mismatch("action_plan", "missing" if y is None else "extra",
                                                   _summary(x) if x else None, _summary(y) if y else None))
        x, y = x or _ABSENT, y or _ABSENT
        self.leaf("action_plan.title", _get(x, "title"), _get(y, "title"))

        def column(where, cx, cy):
            self.leaf(f"{where}.key", _get(cx, "key"), _get(cy, "key"))
            self.leaf(f"{where}.label", _get(cx, "label"), _get(cy, "label"))
        self.sequence("action_plan.columns", _get(x, "columns", []), _get(y, "columns", []),
                      lambda c: _fold(c.get("label")), column)
        names_x, names_y = _item_names(source), _item_names(read_back)

        def row(where, rx, ry):
            self.leaf(f"{where}.label", _get(rx, "label"), _get(ry, "label"))
            self.leaf(f"{where}.names", _row_names(rx, names_x), _row_names(ry, names_y))
        self.sequence("action_plan.rows", _get(x, "rows", []), _get(y, "rows", []),
                      lambda r: _fold(r.get("label")), row)


def _get(element, name, default=None):
    """Given an element (or the absent marker), return its field, the marker for every field of an absent one."""
    if element is _ABSENT:
        return _ABSENT
    if not isinstance(element, dict):
        return default
    value = element.get(name, default)
    return default if value is None and default is not None else value


def _has(element, name: str) -> bool:
    """Given an element (or the absent marker), return True if it has a value for the field."""
    return isinstance(element, dict) and element.get(name) is not None


def _cell(row, cells: list, n: int):
    if row is _ABSENT:
        return _ABSENT
    return cells[n] if n < len(cells) else None


def _list(value) -> list:
    return [] if value is _ABSENT or value is None else list(value)


def _block_fingerprint(block: dict):
    items = [_fold(i.get("text")) for i in block.get("items", [])[:2]]
    rows = [tuple(_fold(c) for c in r) for r in block.get("rows", [])[:1]]
    return (block.get("type"), _fold(block.get("text")), tuple(items), tuple(rows))


def _item_blocks(item) -> list:
    """Given a change or enabler, return its blocks less headings that repeat one of its tips' sub-headings."""
    if item is _ABSENT:
        return _ABSENT
    headings = set()
    stack = list(item.get("tips") or [])
    while stack:
        tip = stack.pop()
        if tip.get("heading"):
            headings.add(_fold(tip["heading"]))
        stack.extend(tip.get("children") or [])
    return [b for b in item.get("blocks") or []
            if not (b.get("type") == "heading" and _fold(b.get("text")) in headings)]


def _item_names(record: dict) -> dict:
    """Given a record, return what each item key names: `changes[number=N]` or `enablers[number=N]`."""
    return {item["key"]: f"{group}[number={item['number']}]"
            for group in ("changes", "enablers") for item in record.get(group) or [] if item.get("key")}


def _row_names(row, names: dict):
    if row is _ABSENT:
        return _ABSENT
    return names.get(row.get("key"), f"no item keyed {row.get('key')}")


def _summary(element) -> str:
    """Given an element, return a short description of it for a missing/extra mismatch."""
    if isinstance(element, dict):
        if element.get("rows") and isinstance(element["rows"][0], list):   # a table block: its first row
            return "table: " + " | ".join(_fold(str(c)) for c in element["rows"][0])
        for name in ("title", "text", "label", "theme"):
            if element.get(name):
                return _fold(element[name])
        return ", ".join(sorted(element))[:80]
    if isinstance(element, (list, tuple)):
        return " | ".join(_fold(str(c)) for c in element)
    return repr(element)
