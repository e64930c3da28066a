"""Field-by-field comparison of two manifestations of one edition (for the PDF/text agreement test).

`differences(a, b)` walks every section (blocks: type, text, list items with nesting, table
rows; link targets and heading levels are left to the golden files), every change (number, key, title, titles, summary, alternate
summaries, statements, tips with their nesting and sub-headings, examples, materials, every
matrix cell), the levels and the action plan's columns and rows, and returns each place
where the two records say something different. Provenance is never compared (the two
files locate things differently by design).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Difference:
    path: str        # e.g. "changes[4].tips[1].children[0].text"
    a: object
    b: object


def differences(a: dict, b: dict) -> list[Difference]:
    """Given two canonical records of the same edition, return every difference in what they say."""
    out: list[Difference] = []
    _compare("levels", _strip(a["levels"]), _strip(b["levels"]), out)
    _compare("sections.keys", [s["key"] for s in a["sections"]], [s["key"] for s in b["sections"]], out)
    for sa, sb in zip(a["sections"], b["sections"]):
        for name in ("key", "number", "title"):
            _compare(f"sections[{sa['key']}].{name}", sa.get(name), sb.get(name), out)
        _compare(f"sections[{sa['key']}].blocks.count", len(sa["blocks"]), len(sb["blocks"]), out)
        for index, (x, y) in enumerate(zip(sa["blocks"], sb["blocks"])):
            _compare(f"sections[{sa['key']}].blocks[{index}]", _block(x), _block(y), out)
    _compare("changes.count", len(a["changes"]), len(b["changes"]), out)
    for ca, cb in zip(a["changes"], b["changes"]):
        where = f"changes[{ca['number']}]"
        for name in ("number", "key", "title", "titles", "summary", "statements"):
            _compare(f"{where}.{name}", ca[name], cb[name], out)
        _compare(f"{where}.alternate_summaries", _strip(ca.get("alternate_summaries", [])),
                 _strip(cb.get("alternate_summaries", [])), out)
        _compare_tips(f"{where}.tips", ca["tips"], cb["tips"], out)
        for name in ("examples", "materials"):
            _compare(f"{where}.{name}.count", len(ca[name]), len(cb[name]), out)
            for index, (x, y) in enumerate(zip(ca[name], cb[name])):
                for field in sorted(set(x) | set(y) - {"provenance"}):
                    if field != "provenance":
                        _compare(f"{where}.{name}[{index}].{field}", x.get(field), y.get(field), out)
        _compare_matrix(f"{where}.matrix", ca["matrix"], cb["matrix"], out)
    pa, pb = a["action_plan"] or {}, b["action_plan"] or {}
    _compare("action_plan.title", pa.get("title"), pb.get("title"), out)
    _compare("action_plan.columns", _strip(pa.get("columns", [])), _strip(pb.get("columns", [])), out)
    _compare("action_plan.rows", _strip(pa.get("rows", [])), _strip(pb.get("rows", [])), out)
    return out


def _block(block: dict) -> dict:
    """Given a section block, return what it says: type, text, heading level, list items with nesting, table rows."""
    def item(i):
        return (i["text"], [item(c) for c in i["children"]])
    return {"type": block["type"], "text": block.get("text"), "ordered": block.get("ordered"),
            "items": [item(i) for i in block.get("items", [])], "rows": block.get("rows")}


def _strip(value):
    """Given a JSON value, return it without provenance anywhere."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k != "provenance"}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _compare(path: str, x, y, out: list[Difference]) -> None:
    if x != y:
        out.append(Difference(path, x, y))


def _compare_tips(path: str, xs: list[dict], ys: list[dict], out: list[Difference]) -> None:
    _compare(f"{path}.count", len(xs), len(ys), out)
    for index, (x, y) in enumerate(zip(xs, ys)):
        _compare(f"{path}[{index}].text", x["text"], y["text"], out)
        _compare(f"{path}[{index}].heading", x.get("heading"), y.get("heading"), out)
        _compare_tips(f"{path}[{index}].children", x["children"], y["children"], out)


def _compare_matrix(path: str, x: dict | None, y: dict | None, out: list[Difference]) -> None:
    if x is None or y is None:
        _compare(path, x, y, out)
        return
    _compare(f"{path}.rows.count", len(x["rows"]), len(y["rows"]), out)
    for index, (rx, ry) in enumerate(zip(x["rows"], y["rows"])):
        _compare(f"{path}.rows[{index}].theme", rx["theme"], ry["theme"], out)
        for level in rx["cells"]:
            _compare(f"{path}.rows[{index}].cells.{level}", rx["cells"][level], ry["cells"].get(level), out)
