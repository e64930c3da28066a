"""A real round trip: a template filled in LibreOffice (over UNO, as a person would) and saved as .docx
comes back through hicm collect with every value. Needs LibreOffice 24+ and its Python `uno`:
these tests FAIL, never skip, when they are missing (tests/install-libreoffice.sh installs them; tests/support/libreoffice.py checks).
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.support.libreoffice import FILL_SCRIPT, SYSTEM_PYTHON, libreoffice_ready
from tests.support.returns import build_docx, control, properties

E = "2020"

#: What the person types or chooses, per control; r2 of discharge-to-care-homes is left unanswered.
ANSWERS = {
    f"hicm:{E}:cover:system-name": {"text": "Barnsley"},
    f"hicm:{E}:cover:assessment-date": {"date": "2020-10-30", "text": "30/10/2020"},
    f"hicm:{E}:cover:partners": {"text": "Barnsley CCG\nBarnsley Council & Barnsley Hospital"},
    f"hicm:{E}:home-first:r1:level": {"text": "Mature"},
    f"hicm:{E}:home-first:r1:evidence": {"text": "Discharge to assess on all wards"},
    f"hicm:{E}:home-first:r2:level": {"text": "Not yet established"},
    f"hicm:{E}:home-first:r2:evidence": {"text": "Starts in April"},
    f"hicm:{E}:discharge-to-care-homes:r1:level": {"text": "Exemplary"},
    f"hicm:{E}:home-first:plan:what-do-you-need-to-do": {"text": "Recruit two trusted assessors"},
    f"hicm:{E}:home-first:plan:done": {"checked": True},
}
KINDS = {"system-name": "text", "assessment-date": "date", "partners": "richtext", "level": "dropdown",
         "evidence": "richtext", "what-do-you-need-to-do": "richtext", "done": "checkbox"}


def template() -> bytes:
    tags = list(ANSWERS) + [f"hicm:{E}:discharge-to-care-homes:r2:level"]
    specs = [control(tag, KINDS[tag.rsplit(":", 1)[1]], False if tag.endswith(":done") else None) for tag in tags]
    return build_docx(specs, properties(E, system="Barnsley"), in_table=True)


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    libreoffice_ready()
    folder = tmp_path_factory.mktemp("libreoffice")
    (folder / "template.docx").write_bytes(template())
    (folder / "answers.json").write_text(json.dumps(ANSWERS))
    result = subprocess.run([SYSTEM_PYTHON, str(FILL_SCRIPT), folder / "template.docx", folder / "barnsley.docx",
                             folder / "answers.json", folder / "profile"], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout) == sorted(ANSWERS), "LibreOffice did not find every control"
    return folder / "barnsley.docx"


def test_every_value_filled_in_libreoffice_comes_back(filled, run_cli, tmp_path):
    result = run_cli("collect", filled, "--db", tmp_path / "r.sqlite", "--json")
    record = json.loads(result.output)["files"][0]
    got = {r["tag"]: (r["type"], r["value"], r["label"]) for r in record["answers"]}
    assert got == {
        f"hicm:{E}:cover:system-name": ("text", "Barnsley", "Barnsley"),
        f"hicm:{E}:cover:assessment-date": ("date", "2020-10-30", "30/10/2020"),
        f"hicm:{E}:cover:partners": ("richtext", "Barnsley CCG\nBarnsley Council & Barnsley Hospital",
                                     "Barnsley CCG\nBarnsley Council & Barnsley Hospital"),
        f"hicm:{E}:home-first:r1:level": ("dropdown", "3", "Mature"),
        f"hicm:{E}:home-first:r1:evidence": ("richtext", "Discharge to assess on all wards",
                                             "Discharge to assess on all wards"),
        f"hicm:{E}:home-first:r2:level": ("dropdown", "0", "Not yet established"),
        f"hicm:{E}:home-first:r2:evidence": ("richtext", "Starts in April", "Starts in April"),
        f"hicm:{E}:discharge-to-care-homes:r1:level": ("dropdown", "4", "Exemplary"),
        f"hicm:{E}:home-first:plan:what-do-you-need-to-do": ("richtext", "Recruit two trusted assessors",
                                                             "Recruit two trusted assessors"),
        f"hicm:{E}:home-first:plan:done": ("checkbox", "1", "checked")}
    # LibreOffice kept every tag and the custom properties: the structure still matches, and the
    # only problem is the row the person left unanswered.
    assert [(p["code"], p.get("subject")) for p in record["problems"]] == [("unanswered-rows", None)]
    assert f"hicm:{E}:discharge-to-care-homes:r2:level" in record["problems"][0]["message"]
    assert result.exit_code == 1


def test_libreoffice_writes_the_shapes_the_reader_relies_on(filled):
    import zipfile
    document = zipfile.ZipFile(filled).read("word/document.xml").decode()
    assert "w:lastValue" not in document          # drop-down answer only in the visible text
    assert "<w:richText/>" not in document        # rich text has no type element
    assert 'w:fullDate="2020-10-30T00:00:00Z"' in document
    assert document.count("<w:showingPlcHdr/>") == 1   # only the unanswered row keeps its placeholder flag


def test_content_set_without_clearing_the_placeholder_flag_still_reads_for_drop_downs_and_dates(tmp_path):
    libreoffice_ready()
    answers = {tag: {**ANSWERS[tag], "keep_flag": True} for tag in (
        f"hicm:{E}:cover:system-name", f"hicm:{E}:cover:assessment-date", f"hicm:{E}:home-first:r1:level")}
    (tmp_path / "template.docx").write_bytes(template())
    (tmp_path / "answers.json").write_text(json.dumps(answers))
    result = subprocess.run([SYSTEM_PYTHON, str(FILL_SCRIPT), tmp_path / "template.docx", tmp_path / "out.docx",
                             tmp_path / "answers.json", tmp_path / "profile"], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    import zipfile
    from publish.returns.read import read_submission
    data = (tmp_path / "out.docx").read_bytes()
    assert zipfile.ZipFile(tmp_path / "out.docx").read("word/document.xml").decode().count("<w:showingPlcHdr/>") == 10
    got = {a.answer.tag: a.answer.value for a in read_submission("out.docx", data).answers if a.answered}
    # The flag stays set on all three; the drop-down's item and the date's w:fullDate still show they
    # were answered, a text control cannot show it (the flag wins), and the checkbox was never a placeholder.
    assert got == {f"hicm:{E}:cover:assessment-date": "2020-10-30", f"hicm:{E}:home-first:r1:level": "3",
                   f"hicm:{E}:home-first:plan:done": "0"}
