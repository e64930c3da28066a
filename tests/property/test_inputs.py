"""Property tests: whatever bytes a file holds, reading it raises nothing but the tool's own errors.

These go through the whole of `ingest_file` (sniffing, the reader, lineage keys, schema
validation), not only a reader, so a crash anywhere on the way is caught; and through the JSON
loaders every command that takes a canonical file uses. Bounded and reproducible for CI by
the one hypothesis profile (tests/conftest.py): a fixed number of examples, no deadline (the
machine is shared), derandomised. (The text reader's own property test is in
tests/extract/test_text.py; this one does not repeat it.)
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pipeline.editions import load_edition_file
from pipeline.core.errors import HicmError
from pipeline.ingest import ingest_file
from pipeline.core.untrusted import read_json_input
from tests.support.paths import GOLDEN, SOURCE_DOCS
from tests.support.make_bad_inputs import text_pdf

_SCRATCH = Path(tempfile.mkdtemp(prefix="hicm-property-"))

LINES = ["Change 1: Early discharge planning", "Change 9: Housing and related services", "Tips for success",
         "  \u2022 Start planning early", "    \u2022 nested tip", "Making it real \u2013 \u2018I\u2019 and \u2018We\u2019 statements",
         "I statement: I am involved", "Not yet established\tPlans in place\tEstablished\tMature\tExemplary",
         "Page 277", "1. Introduction", "Supporting Materials", "Action planning template", "Contents",
         "Examples of emerging and developing practice", "Kent: Discharge to assess: a description",
         "[link](#) text", "High Impact Change Model", "", "reable-", "ment continues", "\x0c"]


def _ingest_bytes(data: bytes, suffix: str) -> None:
    path = _SCRATCH / f"input{suffix}"
    path.write_bytes(data)
    try:
        result = ingest_file(path)
    except HicmError:
        return
    assert result.document["kind"] in ("manifestation", "catalogue")


text_documents = st.one_of(
    st.binary(max_size=600),
    st.lists(st.sampled_from(LINES), max_size=60).map("\n".join).map(lambda t: t.encode("utf-8")),
    st.tuples(st.lists(st.sampled_from(LINES), max_size=40).map("\r\n".join),
              st.sampled_from(["utf-8", "utf-16", "cp1252", "utf-8-sig"])).map(lambda p: p[0].encode(p[1], "replace")),
)


@given(text_documents)
def test_any_text_file_ingests_or_is_refused_cleanly(data):
    _ingest_bytes(data, ".txt")


REAL_TEXT = (SOURCE_DOCS / "2015" / "hicm-2015.txt").read_bytes()


@given(st.lists(st.tuples(st.integers(0, len(REAL_TEXT) - 1), st.integers(0, len(REAL_TEXT) - 1)), max_size=6))
def test_the_real_text_cut_and_spliced_ingests_or_is_refused_cleanly(cuts):
    data = REAL_TEXT
    for start, end in cuts:          # drop a stretch: sections lose their headings, tables their rows
        start, end = sorted((start, end))
        data = data[:start] + data[end:]
    _ingest_bytes(data, ".txt")


SMALL_PDF = text_pdf(2, b"Change 1: Early discharge planning")


@given(st.one_of(st.binary(max_size=400).map(lambda b: b"%PDF-1.4\n" + b),
                 st.lists(st.tuples(st.integers(0, len(SMALL_PDF) - 1), st.integers(0, 255)), min_size=1, max_size=8)
                 .map(lambda flips: _flip(SMALL_PDF, flips)),
                 st.integers(10, len(SMALL_PDF)).map(lambda n: SMALL_PDF[:n])))
def test_any_pdf_ingests_or_is_refused_cleanly(data):
    _ingest_bytes(data, ".pdf")


def _flip(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    mutable = bytearray(data)
    for position, value in flips:
        mutable[position] = value
    return bytes(mutable)


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                           lambda children: st.lists(children, max_size=4)
                           | st.dictionaries(st.text(max_size=12), children, max_size=4), max_leaves=30)
GOLDEN_TEXT = (GOLDEN / "editions" / "2015.json").read_bytes()


@given(st.one_of(json_values.map(lambda v: json.dumps(v).encode()),
                 st.binary(max_size=300),
                 st.integers(1, len(GOLDEN_TEXT)).map(lambda n: GOLDEN_TEXT[:n]),
                 st.lists(st.tuples(st.integers(0, len(GOLDEN_TEXT) - 1), st.integers(32, 126)), min_size=1, max_size=5)
                 .map(lambda flips: _flip(GOLDEN_TEXT, flips))))
def test_any_json_file_loads_or_is_refused_cleanly(data):
    path = _SCRATCH / "record.json"
    path.write_bytes(data)
    try:
        read_json_input(path)
        record = load_edition_file(path)
    except HicmError:
        return
    assert record["changes"] is not None
