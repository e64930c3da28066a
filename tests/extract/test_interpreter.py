"""The interpreter on document trees built by hand: the shapes a reader of any format emits.

Trees here are what a PDF reader gives as much as a web page or a text file: headings found
by type size, a box of materials cutting a list of tips, a matrix table continued on the next
page with its header repeated, form fields in the action plan's cells, enablers beside the
changes. Expected values are written from the trees, not copied from the interpreter.
"""
from __future__ import annotations

import pytest

from extract.base import NotHicmContent
from extract.doc import (Box, Cell, Document, FormField, Heading, ListBlock, ListItem, Paragraph, Row, Run, Table)
from extract.interpret import interpret

LEVELS = ["Not yet established", "Plans in place", "Established", "Mature", "Exemplary"]


def runs(text: str, **style) -> list[Run]:
    return [Run(text, **style)]


def p(text: str, **style) -> Paragraph:
    return Paragraph(runs(text, **style), provenance=[{"path": "t", "page": 1}])


def h(level: int, text: str) -> Heading:
    return Heading(level, runs(text), provenance=[{"path": "t", "page": 1}])


def bullets(*texts: str) -> ListBlock:
    return ListBlock([ListItem(runs(t)) for t in texts])


def table(*rows: list[str], header: int = 1) -> Table:
    return Table([Row([Cell(runs(c), header=i < header) for c in row], header=i < header) for i, row in enumerate(rows)],
                 provenance=[{"path": "t", "page": 2}])


def read(*blocks, fields=(), title=None) -> dict:
    return interpret(Document("t", "pdf", body=list(blocks), fields=list(fields), title=title)).content


def codes(content: dict) -> list[str]:
    return [f["code"] for f in content["findings"]]


def test_a_box_of_materials_cutting_the_tips_does_not_end_them():
    content = read(
        h(1, "Change 1: Early discharge planning"), p("Plan early."),
        h(2, "Tips for success"), bullets("First tip.", "Second tip that runs on to"),
        Box("box", [h(3, "Supporting Materials"), ListBlock([ListItem([Run("A guide", link="https://a.example")])])]),
        p("the next page and ends here."), bullets("Third tip."))
    (change,) = content["changes"]
    assert [t["text"] for t in change["tips"]] == ["First tip.", "Second tip that runs on to the next page and ends here.",
                                                   "Third tip."]
    assert change["materials"] == [{"title": "A guide", "url": "https://a.example", "provenance": []}]
    assert "part-resumed" not in codes(content)        # the box says where the materials end: no guess to report


def test_a_matrix_continued_on_the_next_page_with_its_header_repeated():
    header = ["", *LEVELS]
    first = table(header, ["Planned", "a", "b", "c", "d", "e"])
    second = table(header, ["Emergency", "f", "g", "h", "i", "j"])
    second.continued = True
    content = read(h(1, "Change 2 – Flow"), p("Summary."), first, second)
    rows = content["changes"][0]["matrix"]["rows"]
    assert [r["theme"] for r in rows] == ["Planned", "Emergency"]
    assert rows[1]["cells"]["exemplary"] == "j"
    assert [level["label"] for level in content["levels"]] == LEVELS     # the header's labels, no definitions


def test_a_table_that_names_levels_but_is_no_matrix_is_a_finding_and_is_kept():
    content = read(h(1, "Change 1: X"), p("Summary."),
                   table(["Theme", "Not yet established", "Established", "Mature", "Exemplary"], ["t", "1", "2", "3", "4"]))
    change = content["changes"][0]
    assert change["matrix"] is None and change["blocks"][0]["type"] == "table"
    assert "matrix-shape-unknown" in codes(content)


def test_form_fields_in_the_action_plan_cells_take_their_row_and_column():
    plan = table(["", "Where are you now?", "What do you need to do?"], ["Early discharge planning", "", ""],
                 ["Flow", "", ""])
    plan.rows[1].cells[1].fields.append(FormField("Text_01", value="We have started", provenance=[{"path": "t", "page": 9}]))
    plan.rows[2].cells[2].fields.append(FormField("Text_04", provenance=[{"path": "t", "page": 9}]))
    content = read(h(1, "Change 1: Early discharge planning"), p("S."), h(1, "Change 2: Flow"), p("S."),
                   h(1, "Action planning template"), plan,
                   fields=[FormField("10", provenance=[{"path": "t", "page": 9, "bbox": [0, 0, 1, 1]}])])
    action = content["action_plan"]
    assert [(r["label"], r["number"]) for r in action["rows"]] == [("Early discharge planning", 1), ("Flow", 2)]
    fields = {f["name"]: f for f in action["fields"]}
    assert (fields["Text_01"]["row_position"], fields["Text_01"]["column"], fields["Text_01"]["value"]) == (0, "now",
                                                                                                      "We have started")
    assert (fields["Text_04"]["row_position"], fields["Text_04"]["column"]) == (1, "actions")
    assert fields["10"]["column"] is None and "form-field-unplaced" in codes(content)


def test_enablers_have_the_parts_of_a_change_and_plan_rows_name_them():
    content = read(
        h(1, "Change 1: Early discharge planning"), p("S."),
        h(1, "Enabler 1 – Culture and leadership"), p("Leaders share one view."),
        h(2, "Top tips"), bullets("Hold a joint session."),
        h(2, "Case studies"), p("Holmbrook: Leaders' ward walks – Chief executives visit a ward."),
        h(1, "Action plan"),
        table(["", "Where are you now?", "What do you need to do?", "How will you know it has been successful?"],
              ["Early discharge planning", "", "", ""], ["Culture and leadership", "", "", ""]))
    (enabler,) = content["enablers"]
    assert (enabler["number"], enabler["title"], enabler["summary"]) == (1, "Culture and leadership",
                                                                         "Leaders share one view.")
    assert enabler["tips"][0]["text"] == "Hold a joint session."
    assert (enabler["examples"][0]["place"], enabler["examples"][0]["title"]) == ("Holmbrook", "Leaders' ward walks")
    rows = content["action_plan"]["rows"]
    assert [(r["label"], r["number"], r.get("group", "changes")) for r in rows] == [
        ("Early discharge planning", 1, "changes"), ("Culture and leadership", 1, "enablers")]


def test_statements_by_lead_by_table_and_by_voice():
    content = read(
        h(1, "Change 1: A"), p("S."), p("I statement: When I leave hospital, I know who helps."),
        p("We statement: We plan together."),
        h(1, "Change 2: B"), p("S."), table(["I", "I have one plan."], ["We", "We share it."], header=0),
        h(1, "Change 3: C"), p("S."), h(2, "Making it real: I and We statements"), p("We talk early."),
        p("I know what happens next."))
    statements = [c["statements"] for c in content["changes"]]
    assert statements == [{"i": "When I leave hospital, I know who helps.", "we": "We plan together."},
                          {"i": "I have one plan.", "we": "We share it."},
                          {"i": "I know what happens next.", "we": "We talk early."}]


def test_a_bold_run_in_label_opens_its_part():
    content = read(h(1, "Change 1: A"), p("Summary."),
                   Paragraph([Run("Tips:", bold=True), Run(" Start early.")]), bullets("Then review."))
    assert [t["text"] for t in content["changes"][0]["tips"]] == ["Start early.", "Then review."]


def test_a_label_the_vocabulary_does_not_know_is_a_finding_and_its_content_is_kept():
    content = read(h(1, "Change 1: A"), p("Summary."), h(2, "Things that help"), bullets("Start early."),
                   h(2, "Tips for success"), bullets("Review daily."))
    change = content["changes"][0]
    assert [t["text"] for t in change["tips"]] == ["Review daily."]
    assert change["blocks"][1]["items"][0]["text"] == "Start early."
    (unknown,) = [f for f in content["findings"] if f["code"] == "unknown-heading"]
    assert unknown["subject"] == "changes[number=1].blocks" and unknown["values"] == ["Things that help"]


def test_numbered_changes_under_the_changes_and_a_contents_page_with_dot_leaders():
    contents = Paragraph([Run("Change 1 – Early discharge planning ........ 3"), Run(" ", line_break=True),
                          Run("Change 2 – Flow ........ 5")], provenance=[{"path": "t", "line": 3, "line_end": 4}])
    content = read(h(1, "Contents"), contents, h(1, "The changes"), h(2, "1. Early discharge planning"), p("S."),
                   h(2, "2. Flow"), p("S."))
    assert [(c["number"], c["title"]) for c in content["changes"]] == [(1, "Early discharge planning"), (2, "Flow")]
    assert content["sections"] == []                 # neither the contents nor "The changes" is a section
    assert content["changes"][0]["titles"] == []     # the contents' wording is the same as the heading's


def test_level_definitions_as_a_two_column_table_a_list_or_lines():
    two_columns = table(["Level", "What it means"], *[[label, f"means {n}"] for n, label in enumerate(LEVELS)])
    as_lines = [p(f"{label} \u2013 means {n}") for n, label in enumerate(LEVELS)]
    as_list = bullets(*[f"{label}: means {n}" for n, label in enumerate(LEVELS)])
    for blocks in ([two_columns], as_lines, [as_list]):
        content = read(h(1, "Introduction"), p("High Impact Change Model."), h(1, "Maturity levels"), *blocks)
        assert [(l["label"], l["description"]) for l in content["levels"]] == [
            (label, f"means {n}") for n, label in enumerate(LEVELS)]


def test_level_definitions_given_twice_keep_their_own_sections_and_a_difference_is_a_finding():
    in_how_to_use = table(LEVELS, [f"means {n}." for n in range(5)])          # a header of levels over definitions
    own_section = table(["Level", "What it means"], *[[label, f"means {n}"] for n, label in enumerate(LEVELS)])
    for order in ((h(1, "How to use the model"), in_how_to_use, h(1, "Maturity levels"), own_section),
                  (h(1, "Maturity levels"), own_section, h(1, "How to use the model"), in_how_to_use)):
        content = read(h(1, "Introduction"), p("High Impact Change Model."), *order)
        assert [l["description"] for l in content["levels"]] == [f"means {n}" for n in range(5)]
        (differ,) = [f for f in content["findings"] if f["code"] == "levels-differ"]
        assert differ["values"][0].startswith("Not yet established: means 0 /")
        assert differ["values"][1].startswith("Not yet established: means 0. /")
    same = table(LEVELS, [f"means {n}" for n in range(5)])
    content = read(h(1, "Introduction"), p("High Impact Change Model."), h(1, "How to use the model"), same,
                   h(1, "Maturity levels"), own_section)
    assert "levels-differ" not in codes(content)                  # set out twice in the same words: nothing to say
    content = read(h(1, "Introduction"), p("High Impact Change Model."), h(1, "How to use the model"), in_how_to_use,
                   h(1, "Using the matrix"), own_section)
    assert content["levels"][0]["description"] == "means 0."     # no section given to them: the first are kept


def test_a_tree_with_no_model_in_it_is_refused():
    with pytest.raises(NotHicmContent):
        read(h(1, "Bin collections"), p("Your bins are collected on Tuesdays."))
