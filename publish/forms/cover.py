"""What a returned form says about itself: its cover, the partners who took part, and its sign-off.

Shared by the self-assessment (cover, partners, sign-off) and the action plan (its head: the
system, contact, date and partners). Everything a local system fills in is a tagged control
(publish/forms/tags.py), so collect reads it back like any answer; everything the round says
(publish/forms/rounds.py: its name, return-by date, where to return, who to ask, the sign-off
wording) is printed text, the same in every copy of the round.

Every table here has a marked header row and rows that never split, so a printed cover reads
as a form and a screen reader announces each box with its column.
"""
from __future__ import annotations

from docx.shared import Pt

from publish.docx import docbase
from publish.docx.controls import Controls
from publish.docx.oxml_sdt import ListItem
from publish.forms.rounds import DEFAULT_SIGN_OFF, Round, long_date
from publish.forms.tags import cover_tag, partner_tag, sign_off_tag

#: Rows of the partners table: protected forms cannot grow a table, so there are enough for a
#: large system (councils, CCGs, hospital, community and mental-health trusts, care providers,
#: housing, the voluntary sector); the last box takes more lines.
PARTNER_ROWS = {"assessment": 12, "action-plan": 8}
#: The Health and Wellbeing Board question's choices (value, what a person sees).
BOARD_SEEN = (ListItem("Yes", "yes"), ListItem("Not yet: it is on a Board agenda", "scheduled"), ListItem("No", "no"))
SYSTEM_PLACEHOLDER = "Type the name of your local system"
#: The footer's first words until a copy is made out to a system (package.py `Personaliser` puts its name there).
FOOTER_SYSTEM = "Local system"
CONTACT_PLACEHOLDER = "Name, role and email of the person to contact"


def add_header_and_footer(document, edition_id: str, collection_round: Round | None, what: str) -> None:
    """Given a new document, head every page with its round's name and foot it "<system> – HICM <what>
    <edition> – page X of Y", then the round's issue date and version."""
    if collection_round is not None:
        header, issue = collection_round.name, collection_round.issue_line()
        issue = issue[0].upper() + issue[1:]
    else:
        header, issue = f"High Impact Change Model {what}, {edition_id} edition", None
    docbase.add_running_header(document.sections[0], header)
    docbase.add_page_footer(document.sections[0], FOOTER_SYSTEM, f"HICM {what} {edition_id}", issue)


def add_logo(document, collection_round: Round | None) -> None:
    """Given a new document and its round, put the round's logo (if any) at the top, with its alternative text."""
    if collection_round is None or collection_round.logo is None:
        return
    logo = collection_round.logo
    docbase.add_picture(document.add_paragraph(), logo.image, 6.0, logo.alt)


def add_return_details(document, edition_id: str, collection_round: Round | None, controls: Controls,
                       date_label: str, width_cm: float) -> None:
    """Given a document, add the details table: the round, the system, its contact, the date, and where and when to return it."""
    widths = [5.0, width_cm - 5.0]
    table = docbase.add_table(document, ["About this return", "Details"], widths,
                              "About this return: the local system, its contact, the date, and where and when to return it")

    def row(label: str):
        cells = docbase.add_row(table, widths)
        docbase.cell_text(cells[0], label, bold=True)
        return cells[1]

    if collection_round is not None:
        docbase.cell_text(row("Round"), collection_round.name)
    controls.text(row("Local system").paragraphs[0], cover_tag(edition_id, "system-name"), "Name of the local system",
                  SYSTEM_PLACEHOLDER, rich=False)
    controls.text(row("Contact for this return").paragraphs[0], cover_tag(edition_id, "contact"),
                  "Contact for this return", CONTACT_PLACEHOLDER, rich=False)
    controls.date(row(date_label).paragraphs[0], cover_tag(edition_id, "assessment-date"), date_label)
    if collection_round is None:
        return
    docbase.cell_text(row("Return by"), long_date(collection_round.return_by), bold=True)
    where = row("Return to")
    for number, line in enumerate(collection_round.return_lines()):
        paragraph = where.paragraphs[0] if number == 0 else where.add_paragraph(style=docbase.TABLE_TEXT_STYLE)
        paragraph.add_run(line)
    docbase.cell_text(row("Questions"), collection_round.contact_line())


def add_instructions(document, collection_round: Round | None, plan_only: bool = False) -> None:
    """Given a document, add short instructions: what the boxes are, what to fill in, and how to return it."""
    document.add_heading("How to fill this in", level=1)
    steps = ["Each grey prompt, such as \u201cType here\u2026\u201d or \u201cChoose a date\u201d, is a box to fill in. "
             "Only the boxes can be edited, so the document keeps its shape as it is passed between partners."]
    if plan_only:
        steps.append("Fill in the details above and list the partners who agreed the plan. For each change, say "
                     "what you will do, who will lead it, when it will be done and how you will know it has worked.")
    else:
        steps += ["Fill in the details above, the partners who took part, and the sign-off.",
                  "For each change, read its maturity matrix row by row. In the last column of each row, choose "
                  "the level that best describes your system now and give your evidence.",
                  "Agree the action plan at the end with your partners: what you will do, who will lead it and by when."]
    if collection_round is not None:
        steps.append(f"Return the completed document by {long_date(collection_round.return_by)}, as a Word "
                     "document (.docx), not a PDF or a scan: its boxes are read automatically.")
    docbase.add_bullets(document, [{"text": step, "children": []} for step in steps])


def add_partners(document, edition_id: str, kind: str, controls: Controls, width_cm: float) -> None:
    """Given a document, add the partners table: per row an organisation and a contact, each a box."""
    document.add_heading("Partners involved", level=1)
    docbase.keep_with_next(document.add_paragraph(
        "List every organisation that took part, with a contact for each. Use the last row for any more, one per line."))
    widths = [1.3, 0.45 * (width_cm - 1.3), 0.55 * (width_cm - 1.3)]
    table = docbase.add_table(document, ["No.", "Organisation", "Contact (name, role, email)"], widths,
                              "Partners involved: one organisation and its contact per row")
    rows = PARTNER_ROWS[kind]
    for number in range(1, rows + 1):
        cells = docbase.add_row(table, widths, min_height_cm=0.9)
        docbase.cell_text(cells[0], str(number))
        controls.text(cells[1].paragraphs[0], partner_tag(edition_id, number, "organisation"),
                      f"Partner {number}: organisation", "Organisation", rich=number == rows)
        controls.text(cells[2].paragraphs[0], partner_tag(edition_id, number, "contact"),
                      f"Partner {number}: contact", "Name, role, email", rich=number == rows)
    docbase.keep_table_together(table)


def add_sign_off(document, edition_id: str, collection_round: Round | None, controls: Controls,
                 width_cm: float) -> None:
    """Given a document, add the sign-off: the round's wording, who completed and who approved it, and the Board question."""
    document.add_heading("Sign-off", level=1)
    wording = collection_round.sign_off if collection_round is not None else DEFAULT_SIGN_OFF
    docbase.keep_with_next(document.add_paragraph(wording))
    widths = [3.4, (width_cm - 3.4 - 3.6) / 2, (width_cm - 3.4 - 3.6) / 2, 3.6]
    table = docbase.add_table(document, ["Step", "Name", "Role, or the approving body", "Date"], widths,
                              "Sign-off: who completed this return and who approved it, with their role and the date")
    for step, prefix, role_title in (("Completed by", "completed", "Role of the person who completed it"),
                                     ("Approved by", "approved", "Body that approved it")):
        cells = docbase.add_row(table, widths, min_height_cm=1.2)
        docbase.cell_text(cells[0], step, bold=True)
        controls.text(cells[1].paragraphs[0], sign_off_tag(edition_id, f"{prefix}-by"), f"{step}: name",
                      "Name", rich=False)
        role_field = "completed-role" if prefix == "completed" else "approved-body"
        controls.text(cells[2].paragraphs[0], sign_off_tag(edition_id, role_field), role_title,
                      "Role" if prefix == "completed" else "e.g. Health and Wellbeing Board", rich=False)
        controls.date(cells[3].paragraphs[0], sign_off_tag(edition_id, f"{prefix}-date"), f"{step}: date")
    docbase.keep_table_together(table)
    question = document.add_paragraph()
    question.paragraph_format.space_before = Pt(8)
    question.add_run("Has the Health and Wellbeing Board seen this self-assessment? ").bold = True
    controls.choice(question, sign_off_tag(edition_id, "board-seen"), "Has the Health and Wellbeing Board seen it?",
                    BOARD_SEEN, "Choose an answer")
