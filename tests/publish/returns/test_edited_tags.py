"""issue 16, case 3: controls whose tags were edited by hand never file their answers under another change.

publish writes every control's w:id from its tag and the hicm-structure digest over the tags
in document order. Two changes' tags swapped by hand (before: the answers silently moved to the
other change, exit 0) or one row's tag edited (before: "12 controls missing" and a phantom
"Row 9" in the report) are now caught by the ids, named, and the file refused with nothing
stored. Controls moved whole (tag and id together) only change the order: a warning, and each
answer stays with its own tag.
"""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from lxml import etree

from pipeline.core.errors import InputError
from publish.returns.read import read_submission
from tests.support.published import load, publish
from tests.support.returns import fill_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
E = "2020"
A = f"hicm:{E}:early-discharge-planning:r1:level"
B = f"hicm:{E}:home-first:r1:level"


@pytest.fixture(scope="module")
def filled() -> bytes:
    """A published 2020 assessment made out to Anytown with two changes' first rows answered differently."""
    from publish.docx.package import personalise
    data = personalise(publish(load(E), "assessment"), "Anytown")
    return fill_docx(data, {A: "Not yet established", B: "Exemplary", f"hicm:{E}:cover:assessment-date": "2020-10-30"})


def edit_document(data: bytes, change) -> bytes:
    """Given a .docx and a function that edits its parsed word/document.xml in place, return the edited .docx."""
    source = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(source.read("word/document.xml"))
    change(root)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                            if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()


def tag_element(root, tag: str):
    return next(t for t in root.iter(f"{W}tag") if t.get(f"{W}val") == tag)


def swap_tags(root) -> None:
    """Swap two controls' tags as Word's Properties dialog would: the tag only, not the id or the title."""
    first, second = tag_element(root, A), tag_element(root, B)
    first.set(f"{W}val", B)
    second.set(f"{W}val", A)


def test_the_untouched_file_reads_each_answer_under_its_change(filled):
    answers = {a.answer.tag: a.answer.value for a in read_submission("a.docx", filled).answers if a.answered}
    assert (answers[A], answers[B]) == ("0", "4")
    assert "structure-modified" not in [p["code"] for p in read_submission("a.docx", filled).problems]


def test_two_changes_tags_swapped_by_hand_are_named_and_the_file_refused(filled, run_cli, tmp_path):
    path = tmp_path / "swapped.docx"
    path.write_bytes(edit_document(filled, swap_tags))
    result = run_cli("collect", path, "--db", tmp_path / "r.sqlite", "--json")
    assert result.exit_code == 2
    problem = json.loads(result.output)["files"][0]["problems"][0]
    assert problem["code"] == "input-rejected"
    assert problem["message"].startswith("control tags were edited by hand, so answers would be filed under the "
                                         "wrong change: control ")
    assert f'("Level: Early discharge planning, ' in problem["message"]
    assert f"is tagged {B} but was made as {A}" in problem["message"]
    assert f"is tagged {A} but was made as {B}" in problem["message"]
    assert not (tmp_path / "r.sqlite").exists()


def test_one_row_tag_edited_is_named_not_reported_as_missing_rows(filled, run_hicm, tmp_path):
    edited = f"hicm:{E}:home-first:r9:level"
    path = tmp_path / "edited.docx"
    path.write_bytes(edit_document(filled, lambda root: tag_element(root, B).set(f"{W}val", edited)))
    db = tmp_path / "r.sqlite"
    result = run_hicm("collect", path, "--db", db)
    assert result.returncode == 2
    assert f"is tagged {edited} but was made as {B}" in result.stdout
    assert "missing" not in result.stdout and not db.exists()


def test_a_tag_removed_or_made_foreign_is_caught_the_same_way(filled):
    def unprefix(root):
        tag_element(root, B).set(f"{W}val", "home-first level")
    with pytest.raises(InputError, match=f"is tagged home-first level but was made as {B}"):
        read_submission("a.docx", edit_document(filled, unprefix))


def test_controls_moved_whole_change_the_order_digest_and_keep_their_answers(filled):
    def move(root):
        first = tag_element(root, A).getparent().getparent()     # the w:sdt, tag and id together
        second = tag_element(root, B).getparent().getparent()
        first_place, second_place = first.getparent(), second.getparent()
        first_index, second_index = first_place.index(first), second_place.index(second)
        first_place.remove(first)
        second_place.remove(second)
        first_place.insert(first_index, second)
        second_place.insert(second_index, first)
    submission = read_submission("a.docx", edit_document(filled, move))
    assert "structure-modified" in [p["code"] for p in submission.problems]
    answers = {a.answer.tag: a.answer.value for a in submission.answers if a.answered}
    assert (answers[A], answers[B]) == ("0", "4")


def test_a_control_word_renumbered_is_not_mistaken_for_a_re_tag(filled):
    def renumber(root):
        sdt_id = tag_element(root, B).getparent().find(f"{W}id")
        sdt_id.set(f"{W}val", "123456789")
    submission = read_submission("a.docx", edit_document(filled, renumber))
    assert {a.answer.tag: a.answer.value for a in submission.answers if a.answered}[B] == "4"
