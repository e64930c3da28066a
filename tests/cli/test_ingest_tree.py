"""`hicm ingest FILE --tree`: the document tree a reader saw, as JSON, for telling a reader's mistake from the interpreter's."""
from __future__ import annotations

import json

from tests.support.paths import SOURCE_DOCS


def test_the_tree_of_a_web_page_shows_its_hidden_panel_and_furniture(run_cli, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>T</title></head><body><nav>Home | About</nav><main><h1>High Impact Change Model"
                    "</h1><details><summary>Change 1: Early discharge planning</summary><p>Plan early.</p></details>"
                    "</main></body></html>", encoding="utf-8")
    out = tmp_path / "tree.json"
    result = run_cli("ingest", page, "--tree", "-o", out)
    assert result.exit_code == 0, result.output
    tree = json.loads(out.read_text(encoding="utf-8"))
    assert (tree["node"], tree["format"], tree["title"]) == ("Document", "html", "High Impact Change Model")
    (box,) = tree["body"]
    assert (box["node"], box["kind"], box["hidden"]) == ("Box", "details", True)
    assert box["title"][0]["text"] == "Change 1: Early discharge planning"
    assert box["children"][0]["runs"][0]["text"] == "Plan early."
    assert [f["kind"] for f in tree["furniture"]] == ["navigation"]


def test_the_tree_of_a_text_file_keeps_its_printed_lines(run_cli):
    result = run_cli("ingest", SOURCE_DOCS / "2015/hicm-2015.txt", "--tree")
    tree = json.loads(result.output)
    first = tree["body"][0]
    assert first["node"] == "Paragraph" and first["provenance"] == [{"path": "2015/hicm-2015.txt", "line": 1, "line_end": 5}]
    assert [r["text"] for r in first["runs"] if r["line_break"]] == [" "] * 4


def test_a_format_whose_reader_emits_no_tree_is_one_line_of_error(run_hicm, tmp_path):
    from extract import has_tree_reader
    if has_tree_reader("pdf"):
        result = run_hicm("ingest", SOURCE_DOCS / "2020/hicm-2020-draft.pdf", "--tree")
        assert result.returncode == 0 and json.loads(result.stdout)["format"] == "pdf"
    else:
        result = run_hicm("ingest", SOURCE_DOCS / "2020/hicm-2020-draft.pdf", "--tree")
        assert result.returncode == 2 and "does not emit a document tree" in result.stderr
        assert "Traceback" not in result.stderr
