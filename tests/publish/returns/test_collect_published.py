"""Round trips through the real published templates (publish/forms/assessment.py): fill, collect, report, prefill.

The editions come from golden/editions/ (the reviewed build of every edition), so these tests
exercise exactly the templates `hicm publish` writes.
"""
from __future__ import annotations

import csv
import json
import random
import subprocess

import pytest

from publish.returns.batch import run_collect
from pipeline.editions import load_edition_file
from publish.returns import store
from publish.forms.assessment import build_assessment, build_assessment_template
from publish.returns.read import read_submission
from publish.docx.package import personalise
from publish.forms.prefill import prefill_answers
from publish.report.build import build_report
from tests.support.libreoffice import FILL_SCRIPT, SYSTEM_PYTHON, libreoffice_ready
from tests.support.paths import GOLDEN, ROOT
from publish.forms.cover import BOARD_SEEN
from publish.forms.tags import SIGN_OFF_FIELDS
from tests.support.published import golden_round
from tests.support.returns import DHSC_Q2_2017_18, DHSC_Q2_2017_18_ROWS, fill_docx

LEVELS = ["Not yet established", "Plans in place", "Established", "Mature", "Exemplary"]


@pytest.fixture(scope="module")
def editions() -> dict:
    return {e: load_edition_file(GOLDEN / "editions" / f"{e}.json") for e in ("2015", "2019", "2020")}


def matrix_rows(edition: dict) -> dict[str, int]:
    """Given an edition, return change key -> number of matrix rows (0: a whole-change control)."""
    return {c["key"]: len((c.get("matrix") or {}).get("rows") or []) for c in edition["changes"]}


def level_tags(edition: dict, key: str) -> list[str]:
    edition_id, rows = edition["edition"]["id"], matrix_rows(edition)[key]
    return ([f"hicm:{edition_id}:{key}:r{r}:level" for r in range(1, rows + 1)] if rows
            else [f"hicm:{edition_id}:{key}:all:level"])


def test_dhsc_q2_2017_18_table_from_150_real_2015_templates_filled_and_collected(editions, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1513296000")
    edition = editions["2015"]
    template = build_assessment_template(edition)
    rng = random.Random(119383)
    established = {key: set(rng.sample(range(150), count)) for key, count in DHSC_Q2_2017_18.items()}
    folder = tmp_path / "returns"
    folder.mkdir()
    for n in range(150):
        answers = {"hicm:2015:cover:assessment-date": "2017-09-29", "hicm:2015:cover:partners": "CCG\nCouncil"}
        for key in matrix_rows(edition):
            tags = level_tags(edition, key)
            lowest = rng.choice([2, 3, 4]) if n in established[key] else rng.choice([0, 1])
            levels = [lowest] + [rng.randint(lowest, 4) for _ in tags[1:]]
            rng.shuffle(levels)
            answers.update({tag: LEVELS[level] for tag, level in zip(tags, levels)})
            answers[tags[0].replace(":level", ":evidence")] = f"Evidence from area {n}"
        filled = fill_docx(personalise(template, f"Health and Wellbeing Board {n:03d}"), answers,
                           flavour="word" if n % 2 else "libreoffice")
        (folder / f"hwb-{n:03d}.docx").write_bytes(filled)
    results = run_collect(sorted(folder.iterdir()), tmp_path / "r.sqlite", "2015")
    assert [r.path for r in results if r.rejected] == []
    assert all({p["code"] for p in r.problems} <= {"unanswered-rows"} for r in results)
    report = build_report(store.connect_readonly(tmp_path / "r.sqlite"), "2015")
    from publish.report.render import to_markdown
    table = to_markdown(report).split("## Systems at Established or better, per change\n\n", 1)[1].split("\n\n")[0]
    assert table.splitlines()[2:] == DHSC_Q2_2017_18_ROWS


def test_every_value_filled_in_libreoffice_in_a_published_2020_template_comes_back(editions, tmp_path, run_cli):
    libreoffice_ready()
    edition = editions["2020"]
    data = build_assessment(edition, system="Anytown and District", collection_round=golden_round("2020"))
    kinds = {a.answer.tag: a.kind for a in read_submission("t.docx", data).answers}
    # the cover's every box comes back: the contact, every partners row and the whole sign-off
    assert {f"hicm:2020:partners:r{r}:{f}" for r in range(1, 13) for f in ("organisation", "contact")} <= set(kinds)
    assert {f"hicm:2020:sign-off:{f}" for f in SIGN_OFF_FIELDS} | {"hicm:2020:cover:contact"} <= set(kinds)
    rng = random.Random(2020)
    answers, expected = {}, {}
    for tag, kind in kinds.items():
        if tag.endswith(":system-name"):
            continue
        if tag.endswith(":board-seen"):
            choice = rng.choice(BOARD_SEEN)
            answers[tag], expected[tag] = {"text": choice.display}, (choice.value, choice.display)
        elif kind == "dropdown":
            level = rng.randint(0, 4)
            answers[tag], expected[tag] = {"text": LEVELS[level]}, (str(level), LEVELS[level])
        elif kind == "date":
            day = rng.randint(1, 28)
            answers[tag] = {"date": f"2021-03-{day:02d}", "text": f"{day:02d}/03/2021"}
            expected[tag] = (f"2021-03-{day:02d}", f"{day:02d}/03/2021")
        else:
            text = f"Answer for {tag.split(':', 2)[2]}" + ("\nsecond line" if rng.random() < 0.3 else "")
            answers[tag], expected[tag] = {"text": text}, (text, text)
    assert {"dropdown", "date", "richtext"} <= set(kinds.values())
    (tmp_path / "template.docx").write_bytes(data)
    (tmp_path / "answers.json").write_text(json.dumps(answers))
    run = subprocess.run([SYSTEM_PYTHON, str(FILL_SCRIPT), tmp_path / "template.docx", tmp_path / "filled.docx",
                          tmp_path / "answers.json", tmp_path / "profile"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert json.loads(run.stdout) == sorted(answers)
    submission = read_submission("filled.docx", (tmp_path / "filled.docx").read_bytes(), "2020")
    got = {a.answer.tag: (a.answer.value, a.answer.label) for a in submission.answers if a.answered}
    assert got.pop("hicm:2020:cover:system-name") == ("Anytown and District", "Anytown and District")
    assert got == expected
    assert submission.problems == []
    assert submission.round == "bcf-2020-21"
    assert submission.partners.splitlines()[0] == "Answer for partners:r1:organisation (Answer for partners:r1:contact)"
    # ... and through `hicm collect` into the store and the CSV, whole
    result = run_cli("collect", tmp_path / "filled.docx", "--db", tmp_path / "r.sqlite", "--csv", tmp_path / "a.csv",
                     "--round", ROOT / "examples" / "round-2020-21.toml")
    assert result.exit_code == 0, result.output
    expected["hicm:2020:cover:system-name"] = ("Anytown and District", "Anytown and District")
    with open(tmp_path / "a.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["tag"]: (row["value"], row["label"]) for row in rows} == expected
    assert {row["round"] for row in rows} == {"bcf-2020-21"}
    stored = store.connect_readonly(tmp_path / "r.sqlite")
    answers = stored.execute("SELECT tag, value, label FROM answers WHERE answered = 1").fetchall()
    assert {tag: (value, label) for tag, value, label in answers} == expected
    assert tuple(stored.execute("SELECT partners, round FROM submissions").fetchone()) == (submission.partners,
                                                                                          "bcf-2020-21")


def test_prefilled_2020_template_carries_2015_answers_through_lineage_and_reads_back_as_carried(editions, tmp_path):
    e2015, e2020 = editions["2015"], editions["2020"]
    answers = {tag: LEVELS[3] for tag in level_tags(e2015, "flexible-working-patterns")}
    answers["hicm:2015:flexible-working-patterns:r1:evidence"] = "Seven-day social work cover"
    answers["hicm:2015:cover:assessment-date"] = "2017-09-29"
    filled = fill_docx(personalise(build_assessment_template(e2015), "Barnsley"), answers)
    (tmp_path / "barnsley-2015.docx").write_bytes(filled)
    run_collect([tmp_path / "barnsley-2015.docx"], tmp_path / "r.sqlite")
    template_tags = [a.answer.tag for a in read_submission("t.docx", build_assessment_template(e2020)).answers]
    prefill = prefill_answers(tmp_path / "r.sqlite", "Barnsley", "2020", target_tags=template_tags)
    rows_2015, rows_2020 = matrix_rows(e2015)["flexible-working-patterns"], matrix_rows(e2020)["flexible-working-patterns"]
    carried = sorted(t for t in prefill if ":flexible-working-patterns:" in t and t.endswith(":level"))
    assert carried == [f"hicm:2020:flexible-working-patterns:r{r}:level" for r in range(1, min(rows_2015, rows_2020) + 1)]
    assert prefill["hicm:2020:flexible-working-patterns:r1:level"].carried_from == \
        "2015 assessment of 2017-09-29, Seven-day service"
    document = build_assessment(e2020, system="Barnsley", answers=prefill)
    back = {a.answer.tag: a for a in read_submission("barnsley-2020.docx", document).answers}
    level = back["hicm:2020:flexible-working-patterns:r1:level"]
    assert (level.answer.value, level.answer.label, level.answered) == ("3", "Mature", True)
    assert level.answer.carried_from == "2015 assessment of 2017-09-29, Seven-day service"
    assert back["hicm:2020:flexible-working-patterns:r1:evidence"].answer.value == "Seven-day social work cover"
    assert not back["hicm:2020:housing-and-related-services:r1:level"].answered   # no predecessor: empty


def test_publish_assessment_prefill_option_writes_the_systems_carried_answers(editions, tmp_path, run_cli):
    e2015 = editions["2015"]
    answers = {tag: LEVELS[2] for tag in level_tags(e2015, "flexible-working-patterns")}
    answers["hicm:2015:cover:assessment-date"] = "2017-09-29"
    (tmp_path / "b.docx").write_bytes(fill_docx(personalise(build_assessment_template(e2015), "Barnsley"), answers))
    run_collect([tmp_path / "b.docx"], tmp_path / "r.sqlite")
    result = run_cli("publish", "assessment", "--edition-file", GOLDEN / "editions" / "2020.json", "--prefill",
                     tmp_path / "r.sqlite", "--system", "Barnsley", "-o", tmp_path / "barnsley-2020.docx")
    assert result.exit_code == 0, result.output
    back = {a.answer.tag: a for a in read_submission("x.docx", (tmp_path / "barnsley-2020.docx").read_bytes()).answers}
    level = back["hicm:2020:flexible-working-patterns:r2:level"]
    assert (level.answer.value, level.answer.carried_from) == ("2", "2015 assessment of 2017-09-29, Seven-day service")
    assert back["hicm:2020:cover:system-name"].answer.value == "Barnsley"
    assert not back["hicm:2020:home-first:r1:level"].answered
    missing = run_cli("publish", "assessment", "--edition-file", GOLDEN / "editions" / "2020.json", "--prefill",
                      tmp_path / "r.sqlite", "-o", tmp_path / "x.docx")
    assert missing.exit_code == 2 and "--prefill needs --system" in missing.output
