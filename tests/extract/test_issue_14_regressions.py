"""The three one-word edits issue 14 reported, each on its own, read as the unchanged file does.

- "Change 3:" → "Change 3." in the 2019 text made change 3 vanish, its tips and examples
  appended to change 2, with no finding;
- "Tips for success" → "Top tips" dropped the 2019 tips from 98 to 0, in the text and the page;
- "Examples of emerging and developing practice" → "Examples of practice" in the 2019 page
  turned 21 of its 24 examples into supporting materials, and the findings went down.
"""
from __future__ import annotations

import hashlib

import pytest

from extract import extract
from extract.base import Source
from tests.support.paths import SOURCE_DOCS


def read(path: str, edit=None) -> dict:
    """Given a bundled file and an edit of its text (or None), return the content read from the (edited) file."""
    original = (SOURCE_DOCS / path).read_text(encoding="utf-8")
    edited = edit(original) if edit else original
    assert edit is None or edited != original, "the edit changed nothing"
    data = edited.encode("utf-8")
    fmt = "html" if path.endswith(".html") else "text"
    return extract(Source(path, data, hashlib.sha256(data).hexdigest(), fmt, None)).content


def all_tips(change: dict) -> int:
    stack, count = list(change["tips"]), 0
    while stack:
        tip = stack.pop()
        count += 1
        stack.extend(tip["children"])
    return count


def test_change_3_with_a_full_stop_is_still_change_3():
    before = read("2019/hicm-2019-refresh.txt")
    after = read("2019/hicm-2019-refresh.txt", lambda t: t.replace("Change 3: Multi-disciplinary working",
                                                                   "Change 3. Multi-disciplinary working"))
    assert [c["number"] for c in after["changes"]] == list(range(1, 10))
    three = after["changes"][2]
    assert (three["title"], len(three["tips"]), len(three["examples"])) == ("Multi-disciplinary working", 9, 3)
    assert after["changes"] == before["changes"]


@pytest.mark.parametrize("path", ["2019/hicm-2019-refresh.txt", "2019/hicm-2019-refresh.html"])
def test_top_tips_are_tips(path):
    before = read(path)
    after = read(path, lambda t: t.replace("Tips for success", "Top tips"))
    assert sum(all_tips(c) for c in before["changes"]) == 98
    assert [all_tips(c) for c in after["changes"]] == [all_tips(c) for c in before["changes"]]
    assert after["changes"] == before["changes"]


def test_examples_of_practice_are_examples_and_nothing_is_reported_away():
    path = "2019/hicm-2019-refresh.html"
    before = read(path)
    after = read(path, lambda t: t.replace("Examples of emerging and developing practice", "Examples of practice"))
    assert sum(len(c["examples"]) for c in after["changes"]) == sum(len(c["examples"]) for c in before["changes"]) == 24
    assert [len(c["materials"]) for c in after["changes"]] == [len(c["materials"]) for c in before["changes"]]
    assert len(after["findings"]) == len(before["findings"])
