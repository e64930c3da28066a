"""Property tests for the returned-document reader: any bytes raise nothing but hicm's own errors.

Returned .docx files come from 150 outside organisations. The reader (publish.returns.read
read_submission, through publish.docx.safe_docx) is fed arbitrary bytes, a real published template
with bytes overwritten, cut short, or with one part's XML replaced by arbitrary text, and
packages assembled from arbitrary part names. Bounded and derandomised for CI (the one
hypothesis profile, tests/conftest.py).
"""
from __future__ import annotations

import io
import json
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from pipeline.core.errors import HicmError
from publish.forms.assessment import build_assessment_template
from publish.returns.read import read_submission
from tests.support.paths import GOLDEN
from tests.support.make_bad_inputs import docx_bytes, document_xml

TEMPLATE = build_assessment_template(json.loads((GOLDEN / "editions" / "2015.json").read_text(encoding="utf-8")))
with zipfile.ZipFile(io.BytesIO(TEMPLATE)) as _archive:
    PARTS = {name: _archive.read(name) for name in _archive.namelist()}


def _read(data: bytes, name: str = "returned.docx") -> None:
    try:
        submission = read_submission(name, data)
    except HicmError:
        return
    assert isinstance(submission.answers, list)


def _repack(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def test_the_unchanged_template_is_read():
    """The control case: the template itself reads, with every control unanswered."""
    submission = read_submission("template.docx", TEMPLATE)
    assert submission.edition == "2015" and submission.answers
    assert not any(answer.answered for answer in submission.answers)


@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    _read(data)


@given(st.lists(st.tuples(st.integers(0, len(TEMPLATE) - 1), st.integers(0, 255)), min_size=1, max_size=10))
def test_the_template_with_bytes_overwritten(flips):
    data = bytearray(TEMPLATE)
    for position, value in flips:
        data[position] = value
    _read(bytes(data))


@given(st.integers(0, len(TEMPLATE) - 1))
def test_the_template_cut_short(length):
    _read(TEMPLATE[:length])


@given(st.sampled_from(sorted(PARTS)), st.one_of(st.binary(max_size=500), st.text(max_size=500).map(str.encode),
                                                  st.text(max_size=200).map(lambda t: document_xml(t))))
def test_the_template_with_one_part_replaced(part, replacement):
    _read(_repack({**PARTS, part: replacement}))


@given(st.dictionaries(st.text(min_size=1, max_size=30), st.binary(max_size=100), max_size=8))
def test_packages_of_arbitrary_parts(extra):
    _read(docx_bytes(document_xml("Established"), {name: data for name, data in extra.items()}))
