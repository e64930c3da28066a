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

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from pdf_fixtures import build_pdf, flate_bomb_pdf  # noqa: E402  (the tests' one hand-made PDF writer)


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
    from pdf_fixtures import _fix_xref
    monkeypatch.setattr(page_reader, "PAGE_SECONDS", 0.0)
    with pytest.raises(InputError, match=r"page 1 takes too long to read \(over 0 s"):
        read_document(source(_fix_xref(bytes(data)), "dense.pdf"))
