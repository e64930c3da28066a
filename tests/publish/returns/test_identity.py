"""issue 16, case 2: a return never replaces another system's current return; no typo decides which is current.

The identity rule (publish/returns/identity.py, README "Collecting returns"): a return belongs
to the system it was made out to (hicm-system); a cover naming another system is a conflict,
stored but never current, and listed apart by the report; an implausible date is flagged and
not used to order returns, which are ordered by their return date (the plausible assessment
date, else the file's date).
"""
from __future__ import annotations

import json
import os

import pytest

from publish.report.build import build_report
from publish.returns import store
from tests.support.returns import assessment

#: 2017-12-15, when the returns below are collected.
COLLECTED = "1513296000"
DAY = 86400


@pytest.fixture(autouse=True)
def collected_on_a_fixed_day(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", COLLECTED)


def write(folder, name, data, days_before_collection: int | None = None):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    if days_before_collection is not None:
        moment = int(COLLECTED) - days_before_collection * DAY
        os.utime(path, (moment, moment))
    return path


def collect(run_cli, *paths, db):
    result = run_cli("collect", *paths, "--db", db, "--json")
    return result.exit_code, {os.path.basename(f["path"]): f for f in json.loads(result.output)["files"]}


def codes(record) -> list[str]:
    return [p["code"] for p in record["problems"]]


def rows(db, *columns):
    connection = store.connect_readonly(db)
    try:
        return [tuple(r) for r in connection.execute(f"SELECT {', '.join(columns)} FROM submissions ORDER BY id")]
    finally:
        connection.close()


def test_a_cover_naming_another_system_never_replaces_that_systems_return(tmp_path, run_cli):
    db = tmp_path / "r.sqlite"
    bville = write(tmp_path / "in", "bville.docx", assessment("2015", "Bville", "2017-09-30", {("home-first", 1): 3},
                                                              made_out_to="Bville"))
    # Made out to Anytown, "Bville" typed on its cover, dated later. Before: it became Bville's current return.
    passed_on = write(tmp_path / "in", "anytown.docx", assessment("2015", "Bville", "2017-11-30",
                                                                  {("home-first", 1): 0}, made_out_to="Anytown"))
    status, files = collect(run_cli, bville, passed_on, db=db)
    assert status == 1
    assert codes(files["bville.docx"]) == []
    conflict = next(p for p in files["anytown.docx"]["problems"] if p["code"] == "system-conflict")
    assert conflict["severity"] == "error"
    assert 'made out to "Anytown" but its cover names "Bville"' in conflict["message"]
    assert "same-system" not in codes(files["anytown.docx"])
    assert rows(db, "system", "made_out_to", "cover_name", "current", "conflict IS NOT NULL") == [
        ("Bville", "Bville", "Bville", 1, 0), ("Anytown", "Anytown", "Bville", 0, 1)]
    connection = store.connect_readonly(db)
    report = build_report(connection, "2015")
    assert report["systems"] == ["Bville"] and report["returns"] == 1
    assert report["held_back"] == [{"path": str(passed_on), "made_out_to": "Anytown", "cover_name": "Bville"}]


def test_twenty_documents_with_the_same_words_in_their_name_box_are_twenty_held_back_returns(tmp_path, run_cli):
    # Before: twenty templates made out to twenty systems, the same words typed in every name
    # box, were counted by `hicm report` as one return.
    db = tmp_path / "r.sqlite"
    paths = [write(tmp_path / "in", f"{n:02d}.docx", assessment("2015", "Health and Wellbeing Board", "2017-09-30",
                                                                {("home-first", 1): n % 5}, made_out_to=f"System {n}"))
             for n in range(20)]
    paths.append(write(tmp_path / "in", "good.docx", assessment("2015", "Good Place", "2017-09-30",
                                                               {("home-first", 1): 2}, made_out_to="Good Place")))
    status, files = collect(run_cli, *paths, db=db)
    assert status == 1
    assert all(codes(files[f"{n:02d}.docx"]) == ["system-conflict"] for n in range(20))
    report = build_report(store.connect_readonly(db), "2015")
    assert (report["returns"], report["systems"], len(report["held_back"])) == (1, ["Good Place"], 20)
    result = run_cli("report", "--db", db, "-o", tmp_path / "report.md")
    text = (tmp_path / "report.md").read_text()
    assert "Held back, not counted: 20 return(s)" in text
    assert "- " + str(paths[3]) + ": made out to System 3, the cover names Health and Wellbeing Board." in text
    assert result.exit_code == 0


def test_a_name_that_differs_by_a_slip_still_counts_with_a_warning(tmp_path, run_cli):
    db = tmp_path / "r.sqlite"
    path = write(tmp_path / "in", "a.docx", assessment("2015", "Anytwon", "2017-09-30", {("home-first", 1): 2},
                                                       made_out_to="Anytown"))
    same = write(tmp_path / "in", "b.docx", assessment("2015", "ynys  mon", "2017-09-30", {("home-first", 1): 2},
                                                       made_out_to="Ynys Môn"))
    status, files = collect(run_cli, path, same, db=db)
    assert codes(files["a.docx"]) == ["system-name-differs"] and codes(files["b.docx"]) == []
    assert status == 1
    assert rows(db, "system", "current") == [("Anytown", 1), ("Ynys Môn", 1)]


def test_a_blank_template_belongs_to_the_name_on_its_cover(tmp_path, run_cli):
    db = tmp_path / "r.sqlite"
    a = write(tmp_path / "in", "a.docx", assessment("2015", "Hull", "2017-06-30", {("home-first", 1): 1}))
    b = write(tmp_path / "in", "b.docx", assessment("2015", "HULL", "2017-09-30", {("home-first", 1): 3}))
    status, files = collect(run_cli, a, b, db=db)
    assert status == 1 and "same-system" in codes(files["a.docx"])
    assert rows(db, "system", "made_out_to", "current") == [("Hull", None, 0), ("HULL", None, 1)]


def test_a_typo_in_the_date_never_makes_a_return_current_for_ever(tmp_path, run_cli):
    # Before: a return dated 2204 became current for ever.
    db = tmp_path / "r.sqlite"
    typo = write(tmp_path / "q2", "q2.docx", assessment("2015", "Leeds", "2204-09-30", {("home-first", 1): 1},
                                                        made_out_to="Leeds"), days_before_collection=60)
    status, files = collect(run_cli, typo, db=db)
    problem = next(p for p in files["q2.docx"]["problems"] if p["code"] == "date-implausible")
    assert "2204-09-30 is more than a year after it was collected (2017-12-15)" in problem["message"]
    assert status == 1
    later = write(tmp_path / "q3", "q3.docx", assessment("2015", "Leeds", "2017-12-01", {("home-first", 1): 3},
                                                         made_out_to="Leeds"), days_before_collection=5)
    status, files = collect(run_cli, later, db=db)
    assert "this file is now the current return (return date 2017-12-01)" in files["q3.docx"]["problems"][0]["message"]
    assert rows(db, "assessment_date", "return_date", "current") == [
        ("2204-09-30", "2017-10-16", 0), ("2017-12-01", "2017-12-01", 1)]


def test_a_date_before_the_edition_is_implausible_too(tmp_path, run_cli):
    db = tmp_path / "r.sqlite"
    path = write(tmp_path / "in", "a.docx", assessment("2015", "York", "2001-09-30", {("home-first", 1): 1}),
                 days_before_collection=10)
    status, files = collect(run_cli, path, db=db)
    assert "before the 2015 edition existed" in files["a.docx"]["problems"][0]["message"]
    assert rows(db, "return_date") == [("2017-12-05",)]


def test_a_newer_return_with_no_date_becomes_current(tmp_path, run_cli):
    # Before: a return with no date never became current.
    db = tmp_path / "r.sqlite"
    dated = write(tmp_path / "in", "dated.docx", assessment("2015", "Wigan", "2017-06-30", {("home-first", 1): 1}),
                  days_before_collection=150)
    undated = write(tmp_path / "in", "undated.docx", assessment("2015", "Wigan", None, {("home-first", 1): 4}),
                    days_before_collection=3)
    collect(run_cli, dated, db=db)
    status, files = collect(run_cli, undated, db=db)
    assert "this file is now the current return (return date 2017-12-12)" in files["undated.docx"]["problems"][0]["message"]
    assert rows(db, "path", "current") == [(str(dated), 0), (str(undated), 1)]
    # ... and an older undated file collected later does not displace a newer dated one.
    old = write(tmp_path / "in", "old.docx", assessment("2015", "Wigan", None, {("home-first", 1): 0}),
                days_before_collection=400)
    status, files = collect(run_cli, old, db=db)
    assert f"{undated} (return date 2017-12-12) stays the current one" in files["old.docx"]["problems"][0]["message"]
