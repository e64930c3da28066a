"""Source QA: each check on small made-up inputs (firing and staying silent) and on the real documents."""
from __future__ import annotations

import copy
import json
import re

import pytest

from normalize import lint as L
from tests.support.paths import SOURCE_DOCS
from tests.support.handmade_records import change, manifestation, section

TEXT_FILES = ["2015/hicm-2015.txt", "2019/hicm-2019-refresh.txt", "2020/hicm-2020-draft.txt",
              "2020/managing-transfers-of-care.txt"]


def piece(text, kind="paragraph", punctuated_list=False, children=False):
    return L.Text("x", text, ({"path": "made-up.txt", "line": 1},), kind, children, punctuated_list)


def values(check, text, **kw):
    return [f["values"][0] for f in check(piece(text, **kw))]


# ---- made-up inputs ----------------------------------------------------------------------------

def test_repeated_sentence_counts_exact_and_near_repeats_and_ignores_short_or_similar_ones():
    text = "Plan early. You might use a shared platform for the area. You might use a shared platform for the area. " \
           "You might use a shared platform for the araa."
    [f] = L.check_repeated_sentence(piece(text))
    assert f["code"] == "repeated-sentence" and "3 times" in f["message"] and len(f["values"]) == 3
    assert values(L.check_repeated_sentence, "Plan early. Plan early. Act.") == []       # too short to matter
    assert values(L.check_repeated_sentence, "There is a plan for all planned admissions. "
                                             "There is a plan for all emergency admissions.") == []


def test_stray_editorial_text_finds_markers_only_as_capitals():
    assert values(L.check_stray_editorial_text, "Hackney: weekend working. START HERE") == ["START HERE"]
    assert values(L.check_stray_editorial_text, "Start here if you are new; the todo list is short.") == []


def test_repeated_words_catch_words_and_ngrams_but_not_cells_or_legitimate_doubles():
    assert values(L.check_repeated_words, "Data should should also be used.") == ["should should"]
    assert values(L.check_repeated_words, "this occurs as early as early as possible") == ["as early as early as"]
    assert values(L.check_repeated_words, "He said that that was fine; the the end.") == ["the the"]
    assert values(L.check_repeated_words, "Discharge services\tServices to support discharge") == []
    assert values(L.check_repeated_words, "as early as possible, as soon as possible") == []


def test_the_word_list_is_pyspellcheckers_english_list_loaded_faster():
    """extract.base loads pyspellchecker's English list without lower-casing it: the same words, the same answers."""
    from spellchecker import SpellChecker
    from extract.base import english_spellchecker
    ours, theirs = english_spellchecker(), SpellChecker(language="en")
    assert ours.word_frequency.dictionary == theirs.word_frequency.dictionary
    for word in ("afriad", "provde", "dischrage", "hopsital"):
        assert ours.candidates(word) == theirs.candidates(word)


def test_misspelling_uses_the_word_list_british_spelling_and_the_domain_allow_list():
    assert values(L.check_misspelling, "don't be afriad to issue them") == ["afriad"]
    assert values(L.check_misspelling, "services that will not provde that") == ["provde"]
    assert values(L.check_misspelling, "in terms of reab lement and") == ["reab lement"]
    [f] = L.check_misspelling(piece("aservice delivered by members"))
    assert f["values"] == ["aservice"] and '"a service"' in f["suggestion"]
    [f] = L.check_misspelling(piece("don't be afriad"))
    assert '"afraid"' in f["suggestion"]
    [f] = L.check_misspelling(piece("will not provde that"))
    assert '"provide"' in f["suggestion"]          # a dropped letter beats the more frequent "prove"
    silent = ("Organisations maximise reablement and telecare; programmes are prioritised, recognised and "
              "personalised. Each other's wellbeing. See https://www.thinklocalactpersonal.org.uk/x. NHS D2A MDTs.")
    assert values(L.check_misspelling, silent) == []


def test_truncated_sentence_needs_a_dangling_end():
    assert values(L.check_truncated_sentence, "Feedback is routinely sought and used to bring",
                  kind="item", punctuated_list=True) == ["Feedback is routinely sought and used to bring"]
    assert values(L.check_truncated_sentence, "Plans are drawn up to improve the") == ["Plans are drawn up to improve the"]
    assert values(L.check_truncated_sentence, "evidence of impact beginning to show") == []         # not in a list
    assert values(L.check_truncated_sentence, "Start by agreeing what the problem you are trying to solve is",
                  kind="item", punctuated_list=True) == []
    assert values(L.check_truncated_sentence, "Homelessness should not be a reason for delaying discharge –",
                  kind="item", punctuated_list=True) == []
    assert values(L.check_truncated_sentence, "Remember a trusted assessment can be used to", kind="item",
                  children=True) == []                                                        # introduces children
    assert values(L.check_truncated_sentence, "Change 4: Home First Discharge to Assess", kind="title") == []


def test_placeholder_text():
    assert values(L.check_placeholder_text, "materials which apply [links to come]:") == ["[links to come]"]
    assert values(L.check_placeholder_text, "See [TBC] and [insert link here].") == ["[TBC]", "[insert link here]"]
    assert values(L.check_placeholder_text, "See [NHS guide](#) and [2014 Statutory Guidance].") == []


def test_page_stamp():
    assert values(L.check_page_stamp, "Page 207 A sense of belonging") == ["Page 207"]
    assert values(L.check_page_stamp, "Independent care sector assessments Page 223") == ["Page 223"]
    assert values(L.check_page_stamp, "See the front page 3 times; web-Page 2; Pages 4-5") == []


def test_empty_heading_in_sections_and_changes():
    blocks = [{"type": "heading", "text": "Early discharge planning maturity levels", "level": 1},
              {"type": "heading", "text": "Supporting materials", "level": 1},
              {"type": "paragraph", "text": "NHS quick guide"},
              {"type": "heading", "text": "Examples", "level": 1},
              {"type": "heading", "text": "Kent", "level": 2},
              {"type": "paragraph", "text": "Use of SHREWD"}]
    found = L.empty_headings(blocks, "changes[key=x]", [{"path": "p"}])
    assert [f["values"][0] for f in found] == ["Early discharge planning maturity levels"]
    assert found[0]["subject"] == "changes[key=x].blocks[0]"
    record = manifestation("m.txt", "text", sections=[section("m.txt", "text", "intro", "Introduction", [])])
    assert [f["code"] for f in L.check_empty_headings(record)] == ["empty-heading"]
    assert L.empty_headings(blocks[1:3], "s", []) == []
    cover = [{"type": "paragraph", "text": "Managing transfers of care"},
             {"type": "heading", "text": "Draft updated for 2020/21", "level": 1},
             {"type": "heading", "text": "A self-assessment tool", "level": 1}]
    assert L.empty_headings(cover, "sections[key=cover]", []) == []


def test_lint_walks_a_record_and_never_changes_it():
    bad = change("m.txt", "text", 2, "monitoring-demand-and-capacity", "Monitoring",
                 summary="Data should should also be used.",
                 tips=[{"text": "Don't be afriad to issue them. START HERE", "children": []}])
    record = manifestation("m.txt", "text", [bad])
    before = copy.deepcopy(record)
    found = L.lint(record)
    assert record == before
    assert [(f["code"], f["subject"]) for f in found] == [
        ("repeated-words", "changes[key=monitoring-demand-and-capacity].summary"),
        ("stray-editorial-text", "changes[key=monitoring-demand-and-capacity].tips[0]"),
        ("misspelling", "changes[key=monitoring-demand-and-capacity].tips[0]"),
    ]
    assert all(f["where"] and f["suggestion"] and f["severity"] == "warning" for f in found)


# ---- the real documents ------------------------------------------------------------------------

def pieces_of(path: str) -> list[L.Text]:
    """The published text file as paragraphs (wrapped lines joined) and list items, each with its first line."""
    lines = (SOURCE_DOCS / path).read_text(encoding="utf-8").splitlines()
    groups, current = [], []
    for number, line in enumerate(lines, 1):
        if line.strip():
            current.append((number, line))
        elif current:
            groups.append(current)
            current = []
    groups += [current] if current else []
    out = []
    bullet = re.compile(r"^\s*[•\-]\s+")
    for group in groups:
        if all(bullet.match(line) for _, line in group):
            items = [{"text": bullet.sub("", line).strip()} for _, line in group]
            punctuated = L._punctuated(items)
            out += [L.Text(f"{path}:{n}", item["text"], ({"path": path, "line": n},), "item", False, punctuated)
                    for (n, _), item in zip(group, items)]
        else:
            text = " ".join(line.strip() for _, line in group)
            out.append(L.Text(f"{path}:{group[0][0]}", text, ({"path": path, "line": group[0][0]},), "paragraph"))
    return out


@pytest.fixture(scope="module")
def real_findings():
    found = []
    for path in TEXT_FILES:
        for p in pieces_of(path):
            # A tab separates table cells in the 2020 text: lint each cell as the readers will.
            cells = p.text.split("\t") if "\t" in p.text else [p.text]
            for cell in cells:
                one = L.Text(p.subject, cell, p.where, p.kind, p.has_children, p.in_punctuated_list)
                for check in L.TEXT_CHECKS:
                    found += [(p.subject, f["code"], f["values"][0]) for f in check(one)]
    return found


def test_real_documents_repeated_sentence_words_editorial_text_and_placeholder(real_findings):
    by_code = lambda code: [(s, v) for s, c, v in real_findings if c == code]
    assert by_code("repeated-sentence") == [
        ("2019/hicm-2019-refresh.txt:54", "You might develop a bespoke platform for your area or adopt an existing system.")]
    assert by_code("repeated-words") == [("2019/hicm-2019-refresh.txt:27", "as early as early as"),
                                         ("2019/hicm-2019-refresh.txt:44", "should should")]
    assert by_code("stray-editorial-text") == [("2019/hicm-2019-refresh.txt:175", "START HERE")]
    assert by_code("placeholder-text") == [("2020/hicm-2020-draft.txt:143", "[links to come]")]


def test_real_documents_misspellings_and_truncated_sentences(real_findings):
    by_code = lambda code: [(s, v) for s, c, v in real_findings if c == code]
    assert by_code("misspelling") == [("2019/hicm-2019-refresh.txt:95", "aservice"),
                                      ("2019/hicm-2019-refresh.txt:128", "reab lement"),
                                      ("2019/hicm-2019-refresh.txt:128", "provde"),
                                      ("2019/hicm-2019-refresh.txt:244", "afriad")]
    assert [s for s, v in by_code("truncated-sentence")] == ["2020/hicm-2020-draft.txt:116",
                                                             "2020/managing-transfers-of-care.txt:78"]
    assert all(v.endswith("routinely sought and used to bring") for s, v in by_code("truncated-sentence"))


def test_real_documents_page_stamps_only_in_the_agenda_pack(real_findings):
    stamps = [(s, v) for s, c, v in real_findings if c == "page-stamp"]
    assert {s.split(":")[0] for s, _ in stamps} == {"2020/hicm-2020-draft.txt"}
    assert ("2020/hicm-2020-draft.txt:109", "Page 207") in stamps          # glued to a list item
    assert ("2020/hicm-2020-draft.txt:459", "Page 223") in stamps          # inside a matrix theme cell
    assert len(stamps) == 11


# ---- the command ---------------------------------------------------------------------------------

def test_lint_command_on_a_json_file(run_cli, tmp_path):
    record = manifestation("m.txt", "text", [change("m.txt", "text", 1, "early-discharge-planning", "Early",
                                                    summary="Plans should should be made [links to come].")])
    path = tmp_path / "m.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    result = run_cli("lint", path, "--json")
    assert result.exit_code == 0
    assert [f["code"] for f in json.loads(result.output)] == ["repeated-words", "placeholder-text"]
    result = run_cli("lint", path)
    assert "m.txt:" in result.output and result.output.strip().endswith("2 finding(s): 1 placeholder-text, 1 repeated-words")
    assert "Example" in run_cli("lint", "--help").output


def test_lint_command_rejects_a_bad_json_file_in_one_line(run_hicm, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"kind": "edition"}', encoding="utf-8")
    result = run_hicm("lint", path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert f"{path}: not a valid hicm record" in result.stderr


def test_an_empty_section_right_before_the_changes_introduces_them_and_is_not_flagged():
    record = manifestation("m.pdf", "pdf", [change("m.pdf", "pdf", 1, "early-discharge-planning", "Early")],
                           sections=[section("m.pdf", "pdf", "how-to-use", "How to use", ["Use it."]),
                                     section("m.pdf", "pdf", "the-model", "The model", [])])
    record["sections"][0]["provenance"] = [{"path": "m.pdf", "page": 7}]
    record["sections"][1]["provenance"] = [{"path": "m.pdf", "page": 9}]
    record["changes"][0]["provenance"] = [{"path": "m.pdf", "page": 10}]
    assert L.check_empty_headings(record) == []
    record["sections"][1]["provenance"] = [{"path": "m.pdf", "page": 9, "bbox": [56.8, 55.5, 179.0, 75.5]}]
    record["sections"][0]["provenance"] = [{"path": "m.pdf", "page": 9, "bbox": [56.8, 300.0, 179.0, 320.0]}]
    # now "How to use" sits between "The model" and the first change
    assert [f["values"] for f in L.check_empty_headings(record)] == [["The model"]]
    lead_in = [{"type": "heading", "text": "Self assessment matrix levels:", "level": 1},
               {"type": "heading", "text": "Emerging practice", "level": 1}, {"type": "paragraph", "text": "x"}]
    assert L.empty_headings(lead_in, "s", []) == []
