"""hicm report: counts from 150 collected returns equal the known totals, and DHSC's Q2 2017/18 figures come back exactly."""
from __future__ import annotations

import io
import json
import random
import zipfile

import pytest

from normalize.lineage import load_lineage
from publish.returns.batch import run_collect
from publish.returns import store
from publish.report.build import build_report
from tests.support.returns import DHSC_Q2_2017_18, DHSC_Q2_2017_18_ROWS, assessment

ROWS_2015 = 3


def keys_of(edition: str) -> list[str]:
    entries = [e for e in load_lineage() if edition in e.editions]
    return [e.key for e in sorted(entries, key=lambda e: e.editions[edition]["number"])]


def dhsc_returns(tmp_path):
    """Write 150 filled 2015 assessments matching DHSC's figures, plus an older return and a re-sent copy."""
    rng = random.Random(119383)
    folder = tmp_path / "returns"
    folder.mkdir()
    systems = [f"Health and Wellbeing Board {n:03d}" for n in range(1, 151)]
    established = {key: set(rng.sample(range(150), count)) for key, count in DHSC_Q2_2017_18.items()}
    for n, system in enumerate(systems):
        levels = {}
        for key in keys_of("2015"):
            lowest = rng.choice([2, 3, 4]) if n in established[key] else rng.choice([0, 1])
            rows = [lowest] + [rng.randint(lowest, 4) for _ in range(ROWS_2015 - 1)]
            rng.shuffle(rows)
            levels.update({(key, r + 1): level for r, level in enumerate(rows)})
        (folder / f"{n:03d}.docx").write_bytes(assessment("2015", system, "2017-09-29", levels, partners="CCG, council"))
    # An earlier (Q1) return from system 1 saying everything is Exemplary: superseded, so not counted.
    everything = {(key, r): 4 for key in keys_of("2015") for r in range(1, ROWS_2015 + 1)}
    (folder / "earlier.docx").write_bytes(assessment("2015", systems[0], "2017-06-30", everything))
    (folder / "resent.docx").write_bytes((folder / "005.docx").read_bytes())
    return folder, systems


@pytest.fixture(scope="module")
def dhsc_db(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("dhsc")
    folder, systems = dhsc_returns(tmp_path)
    db = tmp_path / "results.sqlite"
    results = run_collect(sorted(folder.iterdir()), db)
    assert sum(r.stored for r in results) == 151 and not any(r.rejected for r in results)
    return db, systems


def test_report_built_from_150_collected_2015_returns_prints_dhsc_q2_2017_18_table(dhsc_db, tmp_path, run_cli,
                                                                                  monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1513296000")   # 15 December 2017
    db, _ = dhsc_db
    result = run_cli("report", "--db", db, "--edition", "2015", "-o", tmp_path / "report.md")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "report.md").read_text()
    table = text.split("## Systems at Established or better, per change\n\n", 1)[1].split("\n\n", 1)[0]
    assert table.splitlines() == [
        "| No. | Change | Established or better | Returns |",
        "|---|---|---|---|",
        *DHSC_Q2_2017_18_ROWS]
    assert "Edition: 2015. Report made on 2017-12-15." in text
    assert "Returns counted: 150 local systems" in text and "from 2017-09-29 to 2017-09-29" in text


def test_html_report_is_accessible_and_prints_the_same_figures(dhsc_db, tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1513296000")
    db, systems = dhsc_db
    (tmp_path / "hwb.csv").write_text("system\n" + "\n".join(systems + ["Isles of Scilly"]) + "\n")
    result = run_cli("report", "--db", db, "-o", tmp_path / "report.html", "--chart", tmp_path / "chart.png",
                     "--systems", tmp_path / "hwb.csv")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "report.html").read_text()
    assert "<html lang=\"en-GB\">" in page and "<title>High Impact Change Model self-assessment returns, edition 2015</title>" in page
    assert page.index("<h1>") < page.index("<h2>") < page.index("<h3>")
    assert '<tr><th scope="row">5</th><td>Seven-day service</td><td class="n">62</td><td class="n">150</td></tr>' in page
    assert '<th scope="col">Established or better</th>' in page
    assert "<h2>Systems that have not returned</h2>\n<ul><li>Isles of Scilly</li></ul>" in page
    assert 'src="chart.png"' in page
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_chart_and_word_report_are_byte_identical_across_runs(dhsc_db, tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1513296000")
    db, _ = dhsc_db
    outputs = []
    for run in ("a", "b"):
        assert run_cli("report", "--db", db, "-o", tmp_path / f"{run}.docx", "--chart",
                       tmp_path / f"{run}.png").exit_code == 0
        outputs.append(((tmp_path / f"{run}.docx").read_bytes(), (tmp_path / f"{run}.png").read_bytes()))
    assert outputs[0] == outputs[1]
    body = zipfile.ZipFile(io.BytesIO(outputs[0][0])).read("word/document.xml").decode()
    assert "<w:tblHeader" in body and "Seven-day service" in body and ">62<" in body
    assert 'descr="Stacked bar chart of the number of systems at each level' in body


def test_the_word_report_is_a4_landscape_in_british_english_at_11_pt_and_passes_check_docx(dhsc_db, tmp_path, run_hicm):
    db, systems = dhsc_db
    (tmp_path / "expected.csv").write_text("name\n" + "\n".join(systems + ["Isles of Scilly"]) + "\n", encoding="utf-8")
    result = run_hicm("report", "--db", db, "-o", tmp_path / "report.docx", "--systems", tmp_path / "expected.csv",
                      env={"SOURCE_DATE_EPOCH": "1513296000"})
    assert result.returncode == 0, result.stderr
    checked = run_hicm("check-docx", tmp_path / "report.docx")
    assert checked.returncode == 0 and "passes every check" in checked.stdout, checked.stdout
    package = zipfile.ZipFile(tmp_path / "report.docx")
    size = package.read("word/styles.xml").decode()
    assert '<w:sz w:val="22"/>' in size.split("</w:docDefaults>")[0]   # 11 pt body
    body = package.read("word/document.xml").decode()
    assert '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' in body   # A4 landscape: wide tables of figures
    assert body.count("<w:tblCaption ") == body.count("<w:tbl>") and "Isles of Scilly" in body
    footer = package.read("word/footer1.xml").decode()
    assert 'w:instr="NUMPAGES"' in footer and "made on 2017-12-15" in footer
    assert "docProps/thumbnail.jpeg" not in package.namelist()


def random_returns(tmp_path, edition: str, count: int = 150):
    """Write `count` returns with random known answers (some rows unanswered); return what each system answered."""
    rng = random.Random(8)
    known = {}
    folder = tmp_path / f"random-{edition}"
    folder.mkdir()
    for n in range(count):
        levels = {}
        for key in keys_of(edition):
            for row in range(1, 5):
                levels[(key, row)] = None if rng.random() < 0.04 else rng.randint(0, 4)
        system = f"System {n}"
        known[system] = levels
        (folder / f"{n}.docx").write_bytes(assessment(edition, system, "2020-10-01", levels,
                                                      flavour=rng.choice(["word", "libreoffice"]),
                                                      themes={(k, 1): "Planned" for k in keys_of(edition)}))
    return folder, known


def test_report_counts_from_150_random_returns_equal_the_known_totals(tmp_path):
    folder, known = random_returns(tmp_path, "2020")
    db = tmp_path / "r.sqlite"
    run_collect(sorted(folder.iterdir()), db)
    report = build_report(store.connect_readonly(db), "2020")
    assert report["returns"] == 150
    for change in report["changes"]:
        key = change["key"]
        per_row = {row: [0] * 6 for row in range(1, 5)}
        per_level, not_answered = [0] * 5, 0
        for levels in known.values():
            mine = [levels[(key, row)] for row in range(1, 5)]
            for row, level in enumerate(mine, start=1):
                per_row[row][5 if level is None else level] += 1
            if None in mine:
                not_answered += 1
            else:
                per_level[min(mine)] += 1
        assert change["counts"] == per_level, key
        assert change["not_answered"] == not_answered, key
        assert change["established_or_better"] == sum(per_level[2:]), key
        assert [r["counts"] + [r["not_answered"]] for r in change["rows"]] == [per_row[r] for r in range(1, 5)], key
        assert [r["theme"] for r in change["rows"]] == ["Planned", None, None, None]


def test_report_refuses_an_unknown_output_format_with_one_line(tmp_path, run_cli, dhsc_db):
    db, _ = dhsc_db
    result = run_cli("report", "--db", db, "-o", tmp_path / "report.pdf")
    assert result.exit_code == 2
    assert "must end in .html, .docx or .md" in result.output
    assert "Example" in run_cli("report", "--help").output
    assert not (tmp_path / "report.pdf").exists()


@pytest.mark.parametrize("key, title, theme", [
    ("housing-and-related-services", "Level: Housing and related services, Systematic response, and demand/capacity",
     "Systematic response, and demand/capacity"),
    ("multi-disciplinary-working", "Level: Multi-disciplinary/multi-agency discharge teams, including the voluntary "
     "and community sector, Row 2", None),
    ("multi-disciplinary-working", "Level: Multi-disciplinary/multi-agency discharge teams, including the voluntary "
     "and community sector, Integrated, seven days", "Integrated, seven days"),
    ("home-first", "Level: Home first, Discharge to assess", "Discharge to assess"),
    ("home-first", "Level: A title lineage does not know, Planned", "Planned"),
    ("home-first", "Evidence: Home first, Planned", None)])
def test_a_rows_theme_is_read_from_its_level_controls_title_even_with_commas(key, title, theme):
    from publish.forms.tags import row_theme
    assert row_theme(title, key) == theme


def test_whole_change_levels_of_2019_are_counted_and_have_no_matrix_rows(tmp_path):
    folder = tmp_path / "2019"
    folder.mkdir()
    known = {"A": 4, "B": 2, "C": 1, "D": None}
    for system, level in known.items():
        (folder / f"{system}.docx").write_bytes(assessment("2019", system, "2019-09-30", {("home-first", None): level}))
    run_collect(sorted(folder.iterdir()), tmp_path / "r.sqlite")
    home_first = next(c for c in build_report(store.connect_readonly(tmp_path / "r.sqlite"), "2019")["changes"]
                      if c["key"] == "home-first")
    assert (home_first["counts"], home_first["not_answered"], home_first["established_or_better"],
            home_first["rows"]) == ([0, 1, 1, 0, 1], 1, 2, [])
