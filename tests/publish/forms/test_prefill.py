"""prefill_answers: a system's latest collected answers, carried through lineage to the edition being published."""
from __future__ import annotations

from publish.returns.batch import run_collect
from publish.forms.prefill import prefill_answers
from tests.support.returns import assessment


def collect(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    run_collect([path], tmp_path / "r.sqlite")


def test_a_2015_seven_day_service_answer_lands_on_2020_flexible_working_patterns_marked_as_carried(tmp_path):
    collect(tmp_path, "barnsley-2015.docx", assessment(
        "2015", "Barnsley", "2017-09-29",
        {("flexible-working-patterns", 1): 3, ("flexible-working-patterns", 2): 1, ("home-first", 1): None},
        {("flexible-working-patterns", 1): "Weekend discharge team since April"}, partners="Barnsley CCG"))
    target = [f"hicm:2020:flexible-working-patterns:r{r}:{f}" for r in (1, 2, 3) for f in ("level", "evidence")]
    target += ["hicm:2020:cover:system-name", "hicm:2020:cover:assessment-date", "hicm:2020:cover:partners",
               "hicm:2020:home-first:r1:level"]
    answers = prefill_answers(tmp_path / "r.sqlite", "barnsley", "2020", target_tags=target)
    assert {tag: (a.value, a.label) for tag, a in answers.items()} == {
        "hicm:2020:cover:partners": ("Barnsley CCG", "Barnsley CCG"),
        "hicm:2020:cover:system-name": ("Barnsley", "Barnsley"),
        "hicm:2020:flexible-working-patterns:r1:evidence": ("Weekend discharge team since April",
                                                            "Weekend discharge team since April"),
        "hicm:2020:flexible-working-patterns:r1:level": ("3", "Mature"),
        "hicm:2020:flexible-working-patterns:r2:level": ("1", "Plans in place")}
    assert answers["hicm:2020:flexible-working-patterns:r1:level"].carried_from == \
        "2015 assessment of 2017-09-29, Seven-day service"
    assert "hicm:2020:flexible-working-patterns:r3:level" not in answers   # no predecessor: stays empty


def test_rows_match_by_theme_when_both_editions_name_them_and_the_newest_return_wins(tmp_path):
    collect(tmp_path, "old.docx", assessment("2019", "Hull", "2019-06-30", {("home-first", 1): 0}))
    collect(tmp_path, "new.docx", assessment("2019", "Hull", "2019-12-31",
                                             {("home-first", 1): 4, ("home-first", 2): 2},
                                             themes={("home-first", 1): "Planned", ("home-first", 2): "Unplanned"}))
    # The 2019 return's own row titles name its themes; the 2020 template's come from its edition.
    themes = {"2020": {("home-first", 1): "Unplanned", ("home-first", 2): "Enablers", ("home-first", 3): "Planned"}}
    answers = prefill_answers(tmp_path / "r.sqlite", "Hull", "2020", row_themes=themes)
    levels = {tag: a.value for tag, a in answers.items() if tag.endswith(":level")}
    assert levels == {"hicm:2020:home-first:r3:level": "4", "hicm:2020:home-first:r1:level": "2"}
    assert answers["hicm:2020:home-first:r3:level"].carried_from.startswith("2019 assessment of 2019-12-31")


def test_a_system_with_no_returns_gets_nothing_and_a_later_edition_is_never_carried_back(tmp_path):
    collect(tmp_path, "x.docx", assessment("2020", "York", "2020-10-01", {("home-first", 1): 2}))
    assert prefill_answers(tmp_path / "r.sqlite", "Leeds", "2020") == {}
    assert prefill_answers(tmp_path / "r.sqlite", "York", "2019") == {}


def test_prefill_for_a_template_matches_rows_by_the_2020_editions_themes(tmp_path):
    import json
    from tests.support.paths import GOLDEN
    from tests.support.returns import build_docx, control, properties
    edition = json.loads((GOLDEN / "editions" / "2020.json").read_text())
    themes = [r["theme"] for r in next(c for c in edition["changes"] if c["key"] == "home-first")["matrix"]["rows"]]
    assert themes[:2] == ["Discharge to assess", "Reablement pathways"]
    # A (hypothetical) earlier 2020 return whose rows were in another order, titled by theme.
    collect(tmp_path, "leeds.docx", assessment("2020", "Leeds", "2020-06-30", {("home-first", 1): 1, ("home-first", 2): 4},
                                               themes={("home-first", 1): themes[1], ("home-first", 2): themes[0]}))
    template = build_docx([control(f"hicm:2020:home-first:r{r}:level", "dropdown", None) for r in (1, 2, 3)]
                          + [control("hicm:2020:cover:system-name", "text", None)], properties("2020"))
    from publish.forms.prefill import prefill_for_template
    answers = prefill_for_template(tmp_path / "r.sqlite", "Leeds", edition, template)
    assert {t: a.value for t, a in answers.items()} == {
        "hicm:2020:cover:system-name": "Leeds", "hicm:2020:home-first:r1:level": "4", "hicm:2020:home-first:r2:level": "1"}
