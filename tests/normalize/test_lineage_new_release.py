"""A made-up new release (2025, in the 2020 text format) with a renamed and a split change.

It proves the unmapped path end to end: the release ingests completely with provisional keys
and findings that name the nearest keys, and after lineage entries are added (in a copy of the
lineage file) it maps cleanly — with no code change.
"""
from __future__ import annotations

import json
import shutil

import pytest

from normalize.lineage import DEFAULT_LINEAGE_PATH
from tests.support.source_docs import Edition, write_source_docs

RELEASE = """High impact change model

Managing transfers of care
between hospital and home

Updated for 2025

Contents

1. Introduction\t3
6. The model\t9
Change 1 – Early discharge planning\t10
Change 2 – Seven-day and flexible working\t12
Change 3 – Home first\t14
Change 4 – Discharge to assess\t16
7. Action planning template\t28

1. Introduction

This model was developed in 2015 by strategic system partners and refreshed in 2025.

Change 1: Early discharge planning

In elective care, planning for discharge should begin before admission.

'Making it Real' - I/We statement

When I move between services, there is a plan for what happens next.

We support people to plan for important life changes.

Tips for success:

- Ensure the MDT sets a proposed date of discharge prior to admission.
- Ensure all staff are aware they all have a role in discharge planning.

\tNot yet established\tPlans in place\tEstablished\tMature\tExemplary
Planned\tDischarge is not discussed.\tThere is an active plan.\tPlanning is in place.\tPlanning is tested.\tPlanning is embedded.

Change 2: Seven-day and flexible working

Seven-day working, weekend working and extended hours can deliver improved flow of people.

'Making it Real'- I/We statement

I can choose who supports me, and how, when and where my care and support is provided.

We make sure that people can rely on the people who work with them.

Tips for success:

- Consider your system's demand, capacity and bottlenecks.

\tNot yet established\tPlans in place\tEstablished\tMature\tExemplary
Discharge services\tServices only available Monday to Friday.\tServices are being reviewed.\tSome services run at weekends.\tMost services run at weekends.\tAll services run every day.

Change 3: Home first

This means people going home as soon as possible after acute treatment.

'Making it Real'- I/We statement

I can live the life I want and do the things that are important to me.

We talk with people to find out what matters most to them.

Tips for success:

- Start with domiciliary support rather than bed-based options.

\tNot yet established\tPlans in place\tEstablished\tMature\tExemplary
Home first mentality\tHome first is not well understood.\tHome first is being debated.\tHome first is agreed.\tHome first is practised.\tHome first is the norm.

Change 4: Discharge to assess

People are assessed for their longer-term needs at home, not on an acute ward.

'Making it Real'- I/We statement

I can live the life I want and do the things that are important to me.

We talk with people to find out what matters most to them.

Tips for success:

- Consider using trusted assessment to provide speedy access for discharge to assess pathways.

\tNot yet established\tPlans in place\tEstablished\tMature\tExemplary
Discharge to assess\tPeople are usually assessed on an acute ward.\tPlans have been drawn up.\tA pathway is in place.\tThe pathway is used widely.\tEveryone is assessed at home.

Action planning template

Impact change\tWhere are you now?\tWhat do you need to do?\tWhen will it be done by?\tHow will you know it has been successful?
Change 1: Early discharge planning\t\t\t\t
Change 2: Seven-day and flexible working\t\t\t\t
Change 3: Home first\t\t\t\t
Change 4: Discharge to assess\t\t\t\t
"""

MAPPING = """
[[change]]
key = "discharge-to-assess"
  [change.editions.2025]
  number = 4
  relation = "split"
  from = ["home-first"]
  titles = ["Discharge to assess"]
"""


@pytest.fixture
def release(tmp_path):
    """A source_docs folder holding only the made-up 2025 release, and a copy of the lineage file."""
    root = write_source_docs(tmp_path / "source_docs", [Edition(
        "2025", {"2025/hicm-2025.txt": RELEASE.encode("utf-8")},
        title="High impact change model (updated for 2025)", published="2025-01", status="draft")])
    lineage = tmp_path / "lineage.toml"
    shutil.copy(DEFAULT_LINEAGE_PATH, lineage)
    return root, lineage


def _build(run_hicm, root, lineage, out):
    result = run_hicm("build", "--source-docs", root, "--lineage", lineage, "--out", out, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads((out / "editions" / "2025.json").read_text(encoding="utf-8"))


def test_an_unmapped_release_ingests_completely_with_provisional_keys_and_nearest_keys(run_hicm, release, tmp_path):
    root, lineage = release
    edition = _build(run_hicm, root, lineage, tmp_path / "out")
    assert [c["key"] for c in edition["changes"]] == [
        "early-discharge-planning", "provisional-seven-day-and-flexible", "home-first",
        "provisional-discharge-to-assess"]
    assert [len(c["tips"]) for c in edition["changes"]] == [2, 1, 1, 1]
    assert edition["changes"][1]["matrix"]["rows"][0]["theme"] == "Discharge services"
    unmapped = {f["values"][0]: f for f in edition["findings"] if f["code"] == "unmapped-change"}
    assert sorted(unmapped) == ["Discharge to assess", "Seven-day and flexible working"]
    assert unmapped["Seven-day and flexible working"]["values"][1].startswith("flexible-working-patterns ")
    assert unmapped["Discharge to assess"]["values"][1].startswith("home-first ")
    assert unmapped["Discharge to assess"]["where"][0]["path"] == "2025/hicm-2025.txt"
    assert [r["key"] for r in edition["action_plan"]["rows"]] == [c["key"] for c in edition["changes"]]


def test_after_adding_lineage_entries_the_release_maps_cleanly(run_hicm, release, tmp_path):
    root, lineage = release
    text = lineage.read_text(encoding="utf-8")
    text = text.replace('editions = ["2015", "2019", "2020"]', 'editions = ["2015", "2019", "2020", "2025"]')
    # Once the file covers 2025, every change of it is listed, the unchanged one too.
    text = text.replace('key = "early-discharge-planning"\n', 'key = "early-discharge-planning"\n'
                        '  [change.editions.2025]\n  number = 1\n  relation = "unchanged"\n'
                        '  titles = ["Early discharge planning"]\n', 1)
    # The renamed change: one more edition under its existing key.
    text = text.replace('key = "flexible-working-patterns"\n', 'key = "flexible-working-patterns"\n'
                        '  [change.editions.2025]\n  number = 2\n  relation = "renamed"\n'
                        '  titles = ["Seven-day and flexible working"]\n', 1)
    # The split: home-first keeps its key for one part; the other part gets a new key.
    text = text.replace('key = "home-first"\n', 'key = "home-first"\n'
                        '  [change.editions.2025]\n  number = 3\n  relation = "split"\n  from = ["home-first"]\n'
                        '  titles = ["Home first"]\n', 1)
    lineage.write_text(text + MAPPING, encoding="utf-8")
    edition = _build(run_hicm, root, lineage, tmp_path / "out")
    assert [c["key"] for c in edition["changes"]] == [
        "early-discharge-planning", "flexible-working-patterns", "home-first", "discharge-to-assess"]
    assert [f for f in edition["findings"] if f["code"] in ("unmapped-change", "unlisted-title-variant")] == []
    assert [r["key"] for r in edition["action_plan"]["rows"]] == [c["key"] for c in edition["changes"]]
