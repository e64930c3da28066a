"""`hicm lineage suggest` (normalize/suggest.py): entries judged from the editions' content, written into the file's text.

The strongest check: with an edition taken out of the real lineage, the suggestions rebuild
what its maintainers wrote for it by hand, from the golden editions' content alone.
"""
from __future__ import annotations

import copy
import json
import tomllib

import pytest

from normalize.lineage import DEFAULT_LINEAGE_PATH, Lineage, LineageEntry, parse_lineage, rekeyed
from normalize.suggest import lineage_toml, previous_edition, suggest, with_proposals
from tests.support.paths import GOLDEN

REAL = tomllib.loads(DEFAULT_LINEAGE_PATH.read_text(encoding="utf-8"))


def golden(edition_id: str) -> dict:
    return json.loads((GOLDEN / "editions" / f"{edition_id}.json").read_text(encoding="utf-8"))


def lineage_up_to(last: str) -> Lineage:
    """The real lineage as it was before any edition after `last` was added to it."""
    editions = REAL["editions"][:REAL["editions"].index(last) + 1]
    entries = [LineageEntry(c["key"], {e: s for e, s in c["editions"].items() if e in editions})
               for c in REAL["change"]]
    return Lineage("lineage.toml", tuple(editions), tuple(e for e in entries if e.editions))


@pytest.mark.parametrize("old_id,new_id", [("2015", "2019"), ("2019", "2020")])
def test_suggestions_rebuild_the_hand_written_lineage_of_a_real_edition(old_id, new_id):
    lineage = lineage_up_to(old_id)
    new, old = rekeyed(golden(new_id), lineage), rekeyed(golden(old_id), lineage)
    proposals = suggest(new, old, lineage)
    real = {c["key"]: c["editions"][new_id] for c in REAL["change"] if new_id in c["editions"]}
    assert [p.key for p in proposals] == list(real)
    for proposal in proposals:
        assert (proposal.relation, proposal.number) == (real[proposal.key]["relation"], real[proposal.key]["number"])
        assert proposal.evidence.startswith(proposal.relation + ":")
    if new_id == "2019":   # 2019 rewrote every change: renames are judged by content, with a score
        renamed = next(p for p in proposals if p.key == "flexible-working-patterns")
        assert "like 2015's change 5 \u201cSeven-day service\u201d" in renamed.evidence


def _without(record: dict, *keys: str) -> dict:
    record = copy.deepcopy(record)
    record["changes"] = [c for c in record["changes"] if c["key"] not in keys]
    return record


def test_a_change_holding_two_earlier_ones_is_merged_and_a_dropped_one_removed():
    lineage = lineage_up_to("2020")
    old = golden("2020")
    new = _without(old, "early-discharge-planning", "monitoring-demand-and-capacity", "trusted-assessment")
    first, second = old["changes"][0], old["changes"][1]
    new["edition"]["id"] = "2024"
    new["changes"].insert(0, {**copy.deepcopy(first), "key": "provisional-planning-and-flow", "title": "Planning and flow",
                              "titles": [], "summary": f"{first['summary']} {second['summary']}",
                              "tips": first["tips"] + second["tips"],
                              "matrix": {"rows": first["matrix"]["rows"] + second["matrix"]["rows"]}})
    proposals = {p.key: p for p in suggest(new, old, lineage)}
    merged = proposals["planning-and-flow"]
    assert (merged.relation, merged.sources, merged.new_key) == \
        ("merged", ["early-discharge-planning", "monitoring-demand-and-capacity"], True)
    assert proposals["trusted-assessment"].relation == "removed" and proposals["trusted-assessment"].number is None
    assert proposals["home-first"].relation == "unchanged"


def test_a_change_split_in_two_gives_both_parts_with_the_heir_keeping_the_key():
    lineage = lineage_up_to("2020")
    old = golden("2020")
    home = next(c for c in old["changes"] if c["key"] == "home-first")
    new = _without(old, "home-first")
    new["edition"]["id"] = "2024"
    rows = home["matrix"]["rows"]
    new["changes"][3:3] = [
        {**copy.deepcopy(home), "key": "home-first", "title": "Home first", "titles": [], "tips": home["tips"][:1],
         "matrix": {"rows": rows[1:]}},
        {**copy.deepcopy(home), "key": "provisional-discharge-to-assess", "number": 10, "title": "Discharge to assess",
         "titles": [], "summary": None, "statements": {"i": None, "we": None}, "tips": home["tips"][1:],
         "examples": [], "materials": [], "matrix": {"rows": rows[:1]}},
    ]
    proposals = {p.key: p for p in suggest(new, old, lineage)}
    assert (proposals["home-first"].relation, proposals["home-first"].sources) == ("split", ["home-first"])
    part = proposals["discharge-to-assess"]
    assert (part.relation, part.sources, part.number, part.new_key) == ("split", ["home-first"], 10, True)
    assert "continues as changes 4 and 10" in part.evidence


LINEAGE = '''# A lineage file with comments a maintainer wrote.
schema_version = "1.0"
editions = ["2020"]

[[change]]
key = "home-first"   # the flagship change
  [change.editions.2020]
  number = 1
  relation = "original"
  titles = ["Home first"]
  # kept: this comment belongs to home-first

# The second change.
[[change]]
key = "trusted-assessment"
  [change.editions.2020]
  number = 2
  relation = "original"
  titles = ["Trusted assessment"]
'''


def test_writing_puts_each_entry_under_its_key_keeps_comments_and_the_result_maps_the_edition(tmp_path):
    path = tmp_path / "lineage.toml"
    path.write_text(LINEAGE, encoding="utf-8")
    lineage = parse_lineage(LINEAGE, str(path))
    old = {"edition": {"id": "2020"}, "enablers": [], "changes": [
        {"key": "home-first", "number": 1, "title": "Home first", "titles": []},
        {"key": "trusted-assessment", "number": 2, "title": "Trusted assessment", "titles": []}]}
    new = {"edition": {"id": "2024"}, "enablers": [], "changes": [
        {"key": "home-first", "number": 1, "title": "Home first", "titles": []},
        {"key": "provisional-digital-first", "number": 2, "title": "Digital first", "titles": ["Digital-first care"]}]}
    assert previous_edition(lineage, "2024") == "2020"
    proposals = suggest(new, old, lineage)
    assert [(p.key, p.relation) for p in proposals] == [("home-first", "unchanged"), ("digital-first", "added"),
                                                        ("trusted-assessment", "removed")]
    printed = tomllib.loads(lineage_toml(proposals, "2024", "2020", "hicm lineage suggest 2024"))
    assert [c["key"] for c in printed["change"]] == ["home-first", "digital-first", "trusted-assessment"]
    assert printed["change"][1]["editions"]["2024"] == {"number": 2, "relation": "added",
                                                        "titles": ["Digital first", "Digital-first care"]}
    text = with_proposals(LINEAGE, proposals, "2024", str(path))
    remaining = iter(text.splitlines())
    kept = [line for line in LINEAGE.splitlines() if not line.startswith("editions =")]
    assert all(line in remaining for line in kept)   # every other line, comments too, kept in order
    assert 'editions = ["2020", "2024"]' in text
    assert text.index("[change.editions.2024]") < text.index("# The second change.")   # under home-first
    written = parse_lineage(text, str(path))
    assert written.editions == ("2020", "2024")
    assert written.match("2024", 2, ["Digital first"]) == ("digital-first", "title")
    assert written.match("2024", 1, ["Home first"]) == ("home-first", "title")
    rekeyed_new = rekeyed({**new, "sources": [{"path": "x"}]}, written)
    assert suggest(rekeyed_new, old, written) == []   # nothing left to suggest


def test_writing_refuses_what_the_lineage_loader_would_refuse(tmp_path):
    from normalize.suggest import Proposal
    from pipeline.core.errors import InputError
    bad = [Proposal("changes", "home-first", "renamed", 1, ["Home first"])]   # renamed, yet keeps its title
    with pytest.raises(InputError, match="keeps a title of 2020"):
        with_proposals(LINEAGE, bad, "2024", str(tmp_path / "lineage.toml"))
