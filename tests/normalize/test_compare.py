"""The diff model and its text and JSON renderings, on small hand-made editions (tests/fixtures/diff/)."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, strategies as st

import schema
from normalize.lineage import load_lineage
from normalize.compare import diff_editions, lineage_relations, match_rows, text_diff, word_segments
from publish.diff.render_text import render_text
from tests.support.paths import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "diff"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"edition-{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def old():
    return fixture("2015")


@pytest.fixture(scope="module")
def new():
    return fixture("2019")


@pytest.fixture(scope="module")
def themed():
    return fixture("2020")


def entry(diff: dict, key: str) -> dict:
    return next(e for e in diff["changes"] if e["key"] == key)


def test_fixtures_are_valid_editions():
    for name in ("2015", "2019", "2020"):
        schema.validate(fixture(name))


def test_word_segments_rebuild_both_texts():
    old, new = "Plans agreed.", "Plans agreed with partners, daily."
    segments = word_segments(old, new)
    assert "".join(s["text"] for s in segments if s["op"] != "insert") == old
    assert "".join(s["text"] for s in segments if s["op"] != "delete") == new
    assert {"op": "insert", "text": " with partners, daily"} in segments


@given(st.text(alphabet="ab .,’\n", max_size=40), st.text(alphabet="ab .,’\n", max_size=40))
def test_word_segments_always_rebuild_both_texts(old, new):
    segments = word_segments(old, new)
    assert "".join(s["text"] for s in segments if s["op"] != "insert") == old
    assert "".join(s["text"] for s in segments if s["op"] != "delete") == new
    assert all(s["text"] for s in segments)
    assert all(a["op"] != b["op"] for a, b in zip(segments, segments[1:]) if "equal" in (a["op"], b["op"]))


def test_text_diff_statuses():
    assert text_diff(None, None) == {"status": "absent"}
    assert text_diff("a b", "a  b") == {"status": "unchanged", "text": "a  b"}
    assert text_diff(None, "x") == {"status": "added", "new": "x"}
    assert text_diff("x", "") == {"status": "removed", "old": "x"}


def test_changes_aligned_by_lineage_key(old, new):
    diff = diff_editions(old, new)
    renamed = entry(diff, "monitoring-demand-and-capacity")
    assert renamed["relations"] == ["renamed", "modified"]
    assert renamed["old"] == [{"key": "monitoring-demand-and-capacity", "number": 2, "title": "Systems to monitor patient flow"}]
    assert renamed["new"]["title"] == "Monitoring and responding to system demand and capacity"
    housing = entry(diff, "housing-and-related-services")
    assert housing["status"] == "added" and housing["old"] == [] and housing["new"]["number"] == 3
    assert diff["summary"]["changes"]["added"] == 1 and diff["summary"]["changes"]["renamed"] == 1


def test_tips_matched_by_similarity(old, new):
    tips = entry(diff_editions(old, new), "early-discharge-planning")["content"]["tips"]
    by_status = {t["status"]: t for t in tips["entries"]}
    assert by_status["reworded"]["text"]["segments"][1] == {"op": "insert", "text": "all "}
    assert by_status["moved"]["old"]["path"] == "3" and by_status["moved"]["new"]["path"] == "2"
    assert by_status["re-nested"]["old"] == {"path": "2.1", "depth": 2}
    assert by_status["re-nested"]["new"] == {"path": "4", "depth": 1}
    assert by_status["added"]["text"]["new"].startswith("Use video calls with families during the pandemic")
    assert tips["counts"] == {"added": 1, "removed": 0, "reworded": 1, "moved": 1, "re-nested": 1, "unchanged": 1}


def test_examples_and_materials(old, new):
    content = entry(diff_editions(old, new), "early-discharge-planning")["content"]
    examples = content["examples"]["entries"]
    assert [e["status"] for e in examples] == ["modified", "added"]
    assert examples[0]["fields"]["description"]["new"] == "A pilot that was scaled up."
    assert examples[1]["new"]["title"] == "Newcastle Gateshead: Bringing care homes from the periphery"
    assert content["materials"]["entries"] == [{"status": "removed", "old": {"title": "Old toolkit", "url": None}, "new": None}]


def test_matrix_rows_by_position_when_themes_absent(old, themed):
    matrix = entry(diff_editions(old, themed), "early-discharge-planning")["content"]["matrix"]
    assert matrix["matched_by"] == "position"
    assert matrix["counts"] == {"added": 1, "removed": 0, "modified": 2, "unchanged": 0, "cells_reworded": 2}
    cell = matrix["rows"][0]["cells"]["plans-in-place"]
    assert cell["old"] == "Plans agreed." and cell["new"] == "Plans agreed with partners."
    assert matrix["rows"][2]["status"] == "added" and matrix["rows"][2]["theme"] == {"status": "added", "new": "Digital"}


def test_matrix_rows_by_theme_when_both_have_themes(themed):
    moved = json.loads(json.dumps(themed))
    rows = moved["changes"][0]["matrix"]["rows"]
    rows.reverse()
    rows[0]["cells"]["exemplary"] = "Digital first."
    matrix = entry(diff_editions(themed, moved), "early-discharge-planning")["content"]["matrix"]
    assert matrix["matched_by"] == "theme"
    assert matrix["counts"]["modified"] == 1 and matrix["counts"]["cells_reworded"] == 1
    row = matrix["rows"][0]
    assert (row["old_position"], row["new_position"]) == (3, 1)
    assert row["cells"]["exemplary"]["segments"] == [
        {"op": "equal", "text": "Digital "}, {"op": "delete", "text": "by default"}, {"op": "insert", "text": "first"},
        {"op": "equal", "text": "."}]


def test_match_rows_mixed_themes_fall_back_to_position():
    rows = [{"theme": None, "cells": {}}, {"theme": None, "cells": {}}]
    assert match_rows(rows, [{"theme": "A", "cells": {}}]) == ("position", [(0, 0), (1, None)])


def test_matrix_not_inline_is_reported_not_compared(old, new):
    diff = diff_editions(old, new)
    matrix = entry(diff, "early-discharge-planning")["content"]["matrix"]
    assert matrix["status"] == "removed" and matrix["old_rows"] == 2 and matrix["rows"] == []
    assert diff["summary"]["matrices"]["removed"] == 2


def test_levels_and_sections(old, new):
    diff = diff_editions(old, new)
    assert [e["key"] for e in diff["levels"]["entries"]] == list(schema.model.LEVEL_KEYS)
    assert diff["levels"]["entries"][0]["definition"] == {"status": "added", "new": "Nothing in place yet."}
    sections = {e["key"]: e for e in diff["sections"]["entries"]}
    assert sections["purpose"]["status"] == "added" and sections["how-to-use"]["status"] == "removed"
    line = sections["introduction"]["lines"][0]
    assert line["op"] == "modify" and {"op": "insert", "text": " and refreshed in 2019"} in line["text"]["segments"]


def test_identical_editions_report_nothing(themed):
    diff = diff_editions(themed, themed)
    assert diff["identical"] is True
    assert all(e["status"] == "unchanged" and e["relations"] == [] for e in diff["changes"])
    assert diff["summary"]["tips"]["unchanged"] == 8 and diff["summary"]["tips"]["added"] == 0
    assert diff["levels"]["entries"] == [] and diff["sections"]["entries"] == []
    assert "No differences" in render_text(diff)


LINEAGE_WITH_SPLIT = """
schema_version = "1.0"
editions = ["2015", "2019"]
[[change]]
key = "early-discharge-planning"
  [change.editions.2015]
  number = 1
  relation = "original"
  titles = ["Early discharge planning"]
[[change]]
key = "elective-planning"
  [change.editions.2019]
  number = 1
  relation = "split"
  from = ["early-discharge-planning"]
  titles = ["Elective planning"]
[[change]]
key = "emergency-planning"
  [change.editions.2019]
  number = 2
  relation = "split"
  from = ["early-discharge-planning"]
  titles = ["Emergency planning"]
[[change]]
key = "flow"
  [change.editions.2015]
  number = 2
  relation = "original"
  titles = ["Systems to monitor patient flow"]
[[change]]
key = "whole-system"
  [change.editions.2019]
  number = 3
  relation = "merged"
  from = ["flow", "early-discharge-planning"]
  titles = ["Whole system"]
"""


def test_split_and_merged_read_from_lineage(old, tmp_path):
    path = tmp_path / "lineage.toml"
    path.write_text(LINEAGE_WITH_SPLIT, encoding="utf-8")
    lineage = load_lineage(path)
    before = json.loads(json.dumps(old))
    before["changes"][1]["key"] = "flow"
    after = json.loads(json.dumps(old))
    after["edition"]["id"] = "2019"
    first, second = after["changes"]
    after["changes"] = [
        {**first, "key": "elective-planning", "title": "Elective planning", "tips": first["tips"][:1]},
        {**first, "key": "emergency-planning", "number": 2, "title": "Emergency planning", "tips": first["tips"][1:]},
        {**second, "key": "whole-system", "number": 3, "title": "Whole system"},
    ]
    diff = diff_editions(before, after, lineage)
    elective = entry(diff, "elective-planning")
    assert elective["status"] == "split" and elective["from"] == ["early-discharge-planning"]
    assert elective["content"]["tips"]["counts"]["removed"] == 3   # the tips (2, 2.1, 3) that went to the other half
    assert entry(diff, "emergency-planning")["from"] == ["early-discharge-planning"]
    merged = entry(diff, "whole-system")
    assert merged["status"] == "merged" and merged["from"] == ["flow", "early-discharge-planning"]
    assert [r["title"] for r in merged["old"]] == ["Systems to monitor patient flow", "Early discharge planning"]
    source = entry(diff, "early-discharge-planning")
    assert source["status"] == "split" and source["into"] == ["elective-planning", "emergency-planning", "whole-system"]
    assert entry(diff, "flow")["status"] == "merged" and entry(diff, "flow")["into"] == ["whole-system"]
    assert diff["summary"]["changes"]["split"] == 3 and diff["summary"]["changes"]["merged"] == 2


def test_lineage_relations_read_defensively():
    from normalize.lineage import LineageEntry
    entry_ = LineageEntry(key="x", editions={"2019": {"relation": "split", "from": "a"}, "2020": {"number": 1},
                                             "2021": "not a table"})
    assert lineage_relations(entry_, ["2019", "2020", "2021"]) == [
        {"edition": "2019", "relation": "split", "from": ["a"]},
        {"edition": "2020", "relation": "unknown", "from": []}]


@pytest.mark.parametrize("pair", [("2015", "2019"), ("2019", "2020"), ("2015", "2020"), ("2020", "2020"), ("2019", "2015")])
def test_every_diff_follows_the_diff_schema(pair):
    schema.validate(diff_editions(fixture(pair[0]), fixture(pair[1])), "diff")


def test_diff_schema_describes_every_property():
    def walk(node, path):
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                assert "description" in sub, f"{path}/{name} has no description"
            if node.get("type") == "object" and "properties" in node:
                assert node.get("additionalProperties") is False, f"{path} allows additional properties"
            for key, value in node.items():
                if key not in ("if", "then", "not"):   # conditions only restate properties described above
                    walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")
    document = schema.load_schema("diff")
    assert document["$schema"].endswith("2020-12/schema") and document["$id"]
    walk(document, "")


def test_text_marks_changes_without_colour(old, new):
    text = render_text(diff_editions(old, new))
    assert "\x1b[" not in text
    assert "[-Systems to monitor patient flow-]{+Monitoring and responding to system demand and capacity+}" in text
    assert "- Change 2 Systems to monitor patient flow → 2 Monitoring and responding to system demand and capacity " \
        "[renamed, modified]" in " ".join(text.split()).replace(" - ", "\n- ")
    coloured = render_text(diff_editions(old, new), color=True)
    assert "\x1b[31m[-Systems to monitor patient flow-]" in coloured and "\x1b[32m{+Monitoring and responding" in coloured


def test_cli_json_is_valid_and_deterministic(run_cli):
    a, b = FIXTURES / "edition-2015.json", FIXTURES / "edition-2020.json"
    first = run_cli("diff", a, b, "--format", "json")
    assert first.exit_code == 0, first.output
    second = run_cli("diff", a, b, "--json")
    assert first.stdout_bytes == second.stdout_bytes
    document = json.loads(first.stdout)
    schema.validate(document, "diff")
    assert document["summary"]["matrix_rows"]["cells_reworded"] == 2


def test_cli_text_is_plain_when_piped(run_hicm, tmp_path):
    result = run_hicm("diff", FIXTURES / "edition-2015.json", FIXTURES / "edition-2019.json")
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stdout and "{+Monitoring and responding to system demand and capacity+}" in result.stdout
    out = tmp_path / "d.md"
    result = run_hicm("diff", FIXTURES / "edition-2015.json", FIXTURES / "edition-2019.json", "-f", "markdown", "-o", out)
    assert result.returncode == 0 and result.stdout == ""
    assert "<del>Systems to monitor patient flow</del><ins>Monitoring and responding to system demand and capacity</ins>" in out.read_text(encoding="utf-8")


def test_cli_help_has_examples(run_cli):
    result = run_cli("diff", "--help")
    assert "Examples:" in result.output and "hicm diff 2015 2019" in result.output


def test_cli_bad_input_is_one_line(run_hicm, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"kind": "edition"}')
    result = run_hicm("diff", bad, FIXTURES / "edition-2019.json", "-o", tmp_path / "out.txt")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "not a valid hicm record" in result.stderr
    assert not (tmp_path / "out.txt").exists()
    missing = run_hicm("diff", tmp_path / "nope.json", FIXTURES / "edition-2019.json")
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_load_edition_from_file_build_dir_or_error(tmp_path, monkeypatch):
    from pipeline.editions import load_edition
    from pipeline.core.errors import InputError
    assert load_edition(str(FIXTURES / "edition-2019.json"))["edition"]["title"] == "Fixture 2019 edition"
    built = tmp_path / "build" / "editions"
    built.mkdir(parents=True)
    (built / "2019.json").write_bytes((FIXTURES / "edition-2019.json").read_bytes())
    monkeypatch.chdir(tmp_path)
    assert load_edition("2019")["edition"]["title"] == "Fixture 2019 edition"   # the built one, not a new build
    with pytest.raises(InputError, match="unknown edition '1999'"):
        load_edition("1999")
    with pytest.raises(InputError, match="no such file"):
        load_edition("missing.json")


def test_text_is_coloured_on_a_terminal(tmp_path):
    """Run the command with its standard output on a pseudo-terminal: the marks come coloured."""
    import os
    import pty
    import subprocess
    import sys
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "diff", FIXTURES / "edition-2015.json",
                                FIXTURES / "edition-2019.json"], stdout=follower, stderr=subprocess.PIPE,
                               cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:   # the terminal closed: the command finished
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=60) == 0
    os.close(leader)
    assert b"\x1b[32m{+Monitoring and responding to system demand and capacity+}" in output


def test_renumbered_change_is_moved(new):
    after = json.loads(json.dumps(new))
    monitoring, housing = after["changes"][1], after["changes"][2]
    monitoring["number"], housing["number"] = 3, 2
    after["changes"][1:] = [housing, monitoring]
    diff = diff_editions(new, after)
    moved = entry(diff, "monitoring-demand-and-capacity")
    assert moved["status"] == "moved" and moved["relations"] == ["moved"]
    assert (moved["old"][0]["number"], moved["new"]["number"]) == (2, 3)
    assert diff["summary"]["changes"]["moved"] == 2 and not diff["identical"]
    assert "- Change 2 Monitoring and responding to system demand and capacity → 3 Monitoring and responding to " \
           "system demand and capacity [renumbered]" in " ".join(render_text(diff).split()).replace(" - ", "\n- ")


def test_unwritable_output_is_one_line(run_hicm, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_hicm("diff", FIXTURES / "edition-2015.json", FIXTURES / "edition-2019.json", "-o", blocker / "out.txt")
    assert result.returncode == 1 and result.stderr.startswith("hicm: error:") and result.stderr.count("\n") == 1


def test_an_edition_without_levels_does_not_remove_them(old, new):
    silent = json.loads(json.dumps(new))
    silent["levels"] = []
    diff = diff_editions(old, silent)
    assert diff["levels"] == {"compared": False, "counts": {"added": 0, "removed": 0, "modified": 0, "unchanged": 0},
                              "entries": []}
    assert "The levels are not compared" in render_text(diff)
    assert diff_editions(new, old)["levels"]["compared"] is True
