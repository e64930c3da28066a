"""The PDF reader stays bounded on hostile files: a flate bomb, a page of too many objects.

SECURITY.md promises that a PDF whose one content stream inflates to 1 GiB is refused in
under 10 seconds: the subprocess below is given 10 seconds and no more (a hang guard, not
a speed measurement; the benchmarks measure speed).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from extract.base import Source
from extract.pdf_page import MAX_INFLATED_BYTES, check_streams
from pipeline.core.errors import InputError

from tests.support.paths import ROOT
from tests.support.pdf_fixtures import _fix_xref, build_pdf, flate_bomb_pdf   # the tests' one hand-made PDF writer


def source(data: bytes, name: str = "file.pdf") -> Source:
    return Source(path=name, data=data, sha256="", format="pdf", edition_id=None)


def test_a_flate_bomb_is_refused_with_one_line_well_within_ten_seconds(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(flate_bomb_pdf(1 << 30))
    out = tmp_path / "out.json"
    result = subprocess.run([sys.executable, "-m", "pipeline", "ingest", str(path), "-o", str(out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=10, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "bomb.pdf: has a compressed stream that inflates past 64 MiB" in result.stderr
    assert not out.exists()


def test_a_stream_under_the_limit_is_read_and_the_limit_is_per_stream():
    check_streams(flate_bomb_pdf(1 << 20), "small.pdf")              # 1 MiB: read
    with pytest.raises(InputError, match="inflates past 1 MiB"):
        check_streams(flate_bomb_pdf(4 << 20), "small.pdf", limit=1 << 20)
    assert MAX_INFLATED_BYTES == 64 << 20


def test_a_page_over_its_time_budget_is_refused(monkeypatch):
    import extract.pdf_page as page_reader
    from extract.pdf_tree import read_document
    data = bytearray(build_pdf([["placeholder"]]))
    start = data.index(b"<< /Length ")
    end = data.index(b"endstream", start) + len(b"endstream")
    paths = b"".join(b"%d %d 2 2 re f\n" % (i % 500, i // 500) for i in range(10_000))
    data[start:end] = b"<< /Length %d >>\nstream\n" % len(paths) + paths + b"\nendstream"
    monkeypatch.setattr(page_reader, "PAGE_SECONDS", 0.0)
    with pytest.raises(InputError, match=r"page 1 takes too long to read \(over 0 s"):
        read_document(source(_fix_xref(bytes(data)), "dense.pdf"))


@pytest.mark.parametrize("name, make, problem", [
    ("locked.pdf", lambda: build_pdf([["Minutes"]], encrypted=True), "is password-protected"),
    ("scan.pdf", lambda: build_pdf([[""], [""]], image_only=True), "has no text layer"),
    ("garbage.pdf", lambda: b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", "is damaged and cannot be read"),
    ("cut.pdf", lambda: build_pdf([["Minutes"]])[:300], "is truncated or damaged"),
    ("huge.pdf", lambda: build_pdf([["Agenda"]] * 1001, shared_content=True), "over the 1000-page limit"),
])
def test_files_the_reader_cannot_read_are_one_clear_input_error(name, make, problem):
    from extract.pdf_tree import read_document
    with pytest.raises(InputError, match=problem) as caught:
        read_document(source(make(), name))
    assert str(caught.value).startswith(name)


def test_a_page_turned_by_its_rotate_entry_is_read_as_displayed():
    """A landscape page made by /Rotate 90 over a portrait box, its text drawn turned a quarter back."""
    from extract.pdf_tree import read_document
    data = build_pdf([["A landscape heading", "second line of text"]])
    data = data.replace(b"/MediaBox [0 0 595 842]", b"/MediaBox [0 0 595 842] /Rotate 90")
    start = data.index(b"BT /F1")
    end = data.index(b"\nendstream", start)
    stream = data[start:end]
    turned = b"q 0 1 -1 0 595 0 cm " + stream.replace(b"72 770 Td", b"72 500 Td") + b" Q"
    data = data[:start] + turned + data[end:]
    data = data.replace(b"<< /Length %d >>" % len(stream), b"<< /Length %d >>" % len(turned))
    document = read_document(source(_fix_xref(data), "turned.pdf"))
    assert [b.text for b in document.body] == ["A landscape heading", "second line of text"]
    x0, top, x1, bottom = document.body[0].provenance[0]["bbox"]
    assert x0 == 72.0 and top < bottom < 842 - 500 and x1 > x0     # near the top left of the landscape page
