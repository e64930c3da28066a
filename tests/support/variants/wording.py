"""How a release words its headings and labels: the choices a variant makes, and the synonyms real releases use.

The synonyms are the ones the interpreter issue (14) lists; a variant picks one of each, and
the catalogue (`catalogue.py`) rotates through them so that every synonym is rendered by some
variant of every edition.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

#: How a change's (or enabler's) heading shows its number, e.g. for change 3 "Flow":
#: colon "Change 3: Flow"; en-dash "Change 3 – Flow"; em-dash "Change 3 — Flow";
#: hyphen "Change 3 - Flow"; dot "Change 3. Flow"; newline "Change 3" then "Flow" on the next
#: line; numbered "3. Flow" inside a section called "The changes" (enablers: "The enablers").
ITEM_HEADING_STYLES = ("colon", "en-dash", "em-dash", "hyphen", "dot", "newline", "numbered")
_SEPARATORS = {"colon": ": ", "en-dash": " \u2013 ", "em-dash": " \u2014 ", "hyphen": " - ", "dot": ". "}

#: The label's letter case: "Change", "CHANGE" or "change" (the title keeps its published case).
LABEL_CASES = ("title", "upper", "lower")

STATEMENTS_HEADINGS = ("'Making it Real' - I/We statements", "Making it Real: I and We statements",
                       "I and We statements")
#: How the two statements are set: two plain paragraphs; "I statement:" / "We statement:" run-in
#: labels; "'I' statement" labels; "I:" / "We:"; a two-row table.
STATEMENT_FORMS = ("paragraphs", "labelled", "quoted", "short", "table")
TIPS_HEADINGS = ("Tips for success", "Top tips", "Tips")
EXAMPLES_HEADINGS = ("Examples of emerging and developing practice", "Examples of practice", "Practice examples",
                     "Case studies")
MATERIALS_HEADINGS = ("Supporting materials", "Further resources", "Useful resources", "Resources", "Further reading")
#: None: the matrix table follows with no heading of its own (its header row names the levels).
MATRIX_HEADINGS = ("Maturity matrix", "Self-assessment matrix", None)
#: The header of a matrix's theme column ("" for a blank corner cell).
THEME_HEADERS = ("Theme", "Area", "")


@dataclass(frozen=True)
class Wording:
    """One choice of heading styles and labels for a whole document."""
    item_heading: str = "colon"
    label_case: str = "title"
    section_numbers: bool = True
    statements: str = STATEMENTS_HEADINGS[0]
    statement_form: str = "paragraphs"
    tips: str = TIPS_HEADINGS[0]
    examples: str = EXAMPLES_HEADINGS[0]
    materials: str = MATERIALS_HEADINGS[0]
    matrix: str | None = MATRIX_HEADINGS[0]
    theme_header: str = THEME_HEADERS[0]
    part_colon: bool = False                 # "Tips for success:" rather than "Tips for success"
    example_separator: str = " \u2013 "      # between an example's title and its description
    plan_row_prefix: bool = False            # action-plan rows as "Change 3: Flow" rather than "Flow"

    def __post_init__(self):
        if self.item_heading not in ITEM_HEADING_STYLES:
            raise ValueError(f"unknown item heading style {self.item_heading!r} (known: {', '.join(ITEM_HEADING_STYLES)})")
        if self.label_case not in LABEL_CASES:
            raise ValueError(f"unknown label case {self.label_case!r} (known: {', '.join(LABEL_CASES)})")
        if self.statement_form not in STATEMENT_FORMS:
            raise ValueError(f"unknown statement form {self.statement_form!r} (known: {', '.join(STATEMENT_FORMS)})")

    def label(self, group: str) -> str:
        """Given `changes` or `enablers`, return the numbering label in this wording's case ("Change", "ENABLER")."""
        word = "Change" if group == "changes" else "Enabler"
        return {"title": word, "upper": word.upper(), "lower": word.lower()}[self.label_case]

    def item_heading_lines(self, group: str, number: int, title: str) -> tuple[str, ...]:
        """Given an item's group, number and title, return its heading as one line or two."""
        if self.item_heading == "numbered":
            return (f"{number}. {title}",)
        if self.item_heading == "newline":
            return (f"{self.label(group)} {number}", title)
        return (f"{self.label(group)} {number}{_SEPARATORS[self.item_heading]}{title}",)

    def grouping_section(self, group: str) -> str | None:
        """Given a group, return the title of the section that holds its items ("The changes"), or None."""
        if self.item_heading != "numbered":
            return None
        return "The changes" if group == "changes" else "The enablers"

    def part(self, heading: str) -> str:
        """Given a part's sub-heading, return it as this wording sets it (with or without a colon)."""
        return f"{heading}:" if self.part_colon else heading

    def plan_row(self, group: str | None, number: int | None, label: str) -> str:
        """Given the item an action-plan row names (if any) and its label, return the row's published label."""
        if not self.plan_row_prefix or group is None or re.match(r"(?i)(change|enabler) \d", label):
            return label
        return f"{self.label(group)} {number}: {label}"
