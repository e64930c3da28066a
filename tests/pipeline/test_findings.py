"""Findings on screen (pipeline/findings.py): one line each, like a compiler, and the rule for failing."""
from __future__ import annotations

from pipeline.findings import failure, finding_line, report_lines, spot, summary_line
from schema.model import finding


def test_a_location_is_shown_as_file_and_line_page_or_element(tmp_path, monkeypatch):
    (tmp_path / "docs" / "2020").mkdir(parents=True)
    (tmp_path / "docs" / "2020" / "a.txt").write_text("x")
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "docs"
    assert spot({"path": "2020/a.txt", "line": 12}, root) == "docs/2020/a.txt:12"
    assert spot({"path": "2020/b.pdf", "page": 3, "bbox": [1, 2, 3, 4]}, root) == "2020/b.pdf:p3"
    assert spot({"path": "2020/c.html", "element": "/html/body/p[2]"}) == "2020/c.html:/html/body/p[2]"
    assert spot({"path": "/elsewhere/d.txt"}, root) == "/elsewhere/d.txt"
    assert spot(None) == "(no location)"


def test_a_finding_is_one_line_with_severity_and_code():
    found = finding("misspelling", "warning", "\"provde\" is not\nan English word.", {"path": "a.txt", "line": 4})
    assert finding_line(found) == "a.txt:4: warning misspelling: \"provde\" is not an English word."


def test_findings_are_grouped_and_counted_and_info_shown_only_when_verbose():
    findings = {"edition 2020": [finding("a", "info", "i.", {"path": "x", "line": 1}),
                                 finding("b", "warning", "w.", {"path": "x", "line": 2})],
                "edition 2024": [finding("c", "error", "e.", {"path": "y"})]}
    assert report_lines(findings) == ["x:2: warning b: w.",
                                      "edition 2020: 0 errors, 1 warning, 1 info (not shown; --verbose shows them)",
                                      "y: error c: e.", "edition 2024: 1 error, 0 warnings, 0 info"]
    assert report_lines(findings, verbose=True)[:2] == ["x:1: info a: i.", "x:2: warning b: w."]
    assert summary_line("edition 2020", [], verbose=True) == "edition 2020: 0 errors, 0 warnings, 0 info"


def test_errors_fail_and_warnings_fail_only_when_strict():
    warned = {"edition 2020": [finding("b", "warning", "w.")]}
    assert failure(warned) is None
    assert failure(warned, strict=True) == "1 warning in edition 2020 (--strict: warnings fail too)"
    both = {"edition 2015": [finding("c", "error", "e.")], **warned}
    assert failure(both) == "1 error in edition 2015"
    assert failure(both, strict=True) == "1 error and 1 warning in edition 2015, edition 2020 (--strict: warnings fail too)"
