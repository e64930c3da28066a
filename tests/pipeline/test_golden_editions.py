"""The merged editions: `hicm build` output compared with golden/editions/<id>.json, plus content checks.

Re-bless with `python -m pytest tests/pipeline/test_golden_editions.py --update-golden`, read
`git diff golden/editions/`, and say in the commit message why each edition changed.
"""
from __future__ import annotations

import json
from collections import Counter

import pytest

import schema
from tests.support.paths import GOLDEN, ROOT
from tests.support.golden import assert_matches_golden

EDITIONS = ("2015", "2019", "2020")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every edition built once by `hicm build` into a temporary folder."""
    from pipeline.build import build
    from pipeline.manifest import load_manifest
    out = tmp_path_factory.mktemp("build")
    build(load_manifest(ROOT / "source_docs"), out)
    return {e: json.loads((out / "editions" / f"{e}.json").read_text(encoding="utf-8")) for e in EDITIONS}


@pytest.mark.parametrize("edition", EDITIONS)
def test_edition_matches_golden(built, edition, update_golden):
    assert_matches_golden(built[edition], GOLDEN / "editions" / f"{edition}.json", update_golden)


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_golden_edition_is_valid_and_keyed(edition):
    record = json.loads((GOLDEN / "editions" / f"{edition}.json").read_text(encoding="utf-8"))
    schema.validate(record)
    assert record["kind"] == "edition" and record["edition"]["id"] == edition
    assert all(not c["key"].startswith("provisional-") for c in record["changes"] + record["enablers"])
    assert not [f for f in record["findings"] if f["code"] in ("unmapped-change", "unlisted-title-variant")]


def test_editions_have_their_changes_and_stable_keys(built):
    keys = {e: [c["key"] for c in built[e]["changes"]] for e in EDITIONS}
    assert [len(keys[e]) for e in EDITIONS] == [8, 9, 9]
    assert keys["2019"] == keys["2020"] == keys["2015"] + ["housing-and-related-services"]
    home_first = {e: next(c for c in built[e]["changes"] if c["key"] == "home-first") for e in EDITIONS}
    assert home_first["2015"]["title"] == "Home first/discharge to assess"
    assert home_first["2020"]["title"] == "Home First Discharge to Assess"
    assert "Home First D2A" in home_first["2020"]["titles"]


def test_every_edition_lists_all_its_files_in_manifest_order(built):
    from pipeline.manifest import load_manifest
    for edition in load_manifest(ROOT / "source_docs").editions:
        record = built[edition.id]
        read = [s["path"] for s in record["sources"]]
        assert read == [m.path for m in edition.manifestations]
        assert read == [m.path for m in edition.manifestations if m.path in read]
        for change in record["changes"]:
            assert change["provenance"] and {loc["path"] for loc in change["provenance"]} <= set(read)


def test_source_defects_are_in_the_edition_findings(built):
    codes = {e: Counter(f["code"] for f in built[e]["findings"]) for e in EDITIONS}
    assert codes["2019"]["repeated-sentence"] == 1 and codes["2019"]["stray-editorial-text"] == 1
    assert codes["2019"]["repeated-words"] == 2 and codes["2019"]["misspelling"] >= 3
    assert codes["2020"]["placeholder-text"] == 1 and codes["2020"]["truncated-sentence"] == 1
    misspelt = {f["values"][0] for f in built["2019"]["findings"] if f["code"] == "misspelling"}
    assert {"afriad", "provde", "reab lement"} <= misspelt


def test_hicm_lint_lists_the_2019_defects_by_code(run_cli):
    result = run_cli("lint", "2019", "--json", "--source-docs", ROOT / "source_docs")
    assert result.exit_code == 0
    found = json.loads(result.output)
    by_code = Counter(f["code"] for f in found)
    assert by_code["repeated-sentence"] == 1 and by_code["stray-editorial-text"] == 1
    assert by_code["repeated-words"] == 2
    words = [f["values"][0] for f in found if f["code"] == "repeated-words"]
    assert words == ["as early as early as", "should should"]
    assert all(f["where"][0]["path"].startswith("2019/") for f in found)
    # The text reader reports the empty sub-headings itself; lint lists them with its own findings.
    assert by_code["empty-heading"] == 9
    assert all(f.get("suggestion") for f in found if f["code"] != "empty-heading")


def test_linting_a_built_edition_lists_each_defect_once(run_cli):
    result = run_cli("lint", GOLDEN / "editions" / "2019.json", "--json")
    found = json.loads(result.output)
    markers = [(f["code"], json.dumps(f["where"][0], sort_keys=True), tuple(f.get("values") or ())) for f in found]
    assert len(markers) == len(set(markers))
    assert Counter(f["code"] for f in found)["misspelling"] == 4
