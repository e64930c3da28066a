"""The perturbation suite: each bundled manifestation changed one thing at a time reads as the same model.

The variants (tests/support/perturb.py) change what a new release changes: a change heading's
separator or case ("Change 3. Title", "CHANGE 3 – Title", "Change 3" over its title, "3. Title"
under "The changes"), every synonym of a change's sub-headings ("Top tips", "Case studies",
"Further reading"…), statements opening "I statement:", heading markup (<h3>, <h4>, a bold
paragraph, a collapsed <details>), a matrix set as cells one after another or as a table, cut by
a page break, level definitions as lines, a table or a definition list. Each must give the same
model as the unchanged file. A wording the vocabulary does not know must lose nothing and be
named by a finding where it stands.
"""
from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from tests.support.perturb import PERTURBATIONS, cases, model_of, read, tree_formats

CASES = cases()
SAME = [case for case in CASES if not case.perturbation.unknown]
UNKNOWN = [case for case in CASES if case.perturbation.unknown]


def test_the_suite_changes_one_thing_at_a_time_in_every_format_with_a_reader():
    assert len(CASES) >= 40
    formats = {case.path.rsplit(".", 1)[1] for case in CASES}
    assert {"txt", "html"} <= formats
    if "pdf" in tree_formats():               # the PDF reader emits a tree: its variants are in the suite too
        assert "pdf" in formats
    # every perturbation changes at least one bundled manifestation (none is dead weight)
    assert {case.perturbation.name for case in CASES} == {p.name for p in PERTURBATIONS}


def _differences(a, b, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for key in dict.fromkeys([*a, *b]) for d in _differences(a.get(key), b.get(key), f"{path}.{key}")]
    if isinstance(a, list) and isinstance(b, list):
        out = [f"{path}: {len(a)} items, now {len(b)}"] if len(a) != len(b) else []
        return out + [d for index, (x, y) in enumerate(zip(a, b)) for d in _differences(x, y, f"{path}[{index}]")]
    return [] if a == b else [f"{path}: {json.dumps(a, ensure_ascii=False)[:120]} → {json.dumps(b, ensure_ascii=False)[:120]}"]


@pytest.mark.parametrize("case", SAME, ids=[case.id for case in SAME])
def test_a_variant_reads_as_the_same_model(case):
    original, variant = read(case)
    assert original["changes"] or original["levels"]          # the comparison is not vacuous
    differences = _differences(model_of(original), model_of(variant))
    assert not differences, f"{case.perturbation.what}:\n" + "\n".join(differences[:15])


@pytest.mark.parametrize("case", UNKNOWN, ids=[case.id for case in UNKNOWN])
def test_a_wording_the_vocabulary_does_not_know_is_a_finding_and_loses_nothing(case):
    original, variant = read(case)
    by_number = {c["number"]: c for c in variant["changes"]}
    changed = [c for c in original["changes"] if model_of({"changes": [c]}) != model_of({"changes": [by_number[c["number"]]]})]
    assert changed, "the perturbation should have reached the changes"
    for change in changed:
        subject = f"changes[number={change['number']}].blocks"
        assert any(f["code"] == "unknown-heading" and f["subject"] == subject for f in variant["findings"]), subject
        # nothing lost: every word of the change's tips and examples is still in the change (in its blocks)
        headings = {tip.get("heading") for tip in _all_tips(change["tips"])} - {None}    # one heading over many tips
        before = Counter(_words(change["tips"]) + _words(change["examples"]) + _words(sorted(headings)))
        after = Counter(_words(by_number[change["number"]]))
        assert not before - after, f"{change['number']}: lost {sorted((before - after).elements())[:20]}"


def _words(value) -> list[str]:
    return re.findall(r"\w+", " ".join(str(v) for v in _strings(value)))


def _all_tips(tips: list[dict]):
    for tip in tips:
        yield tip
        yield from _all_tips(tip["children"])


def _strings(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in ("provenance", "url", "heading"):
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value
