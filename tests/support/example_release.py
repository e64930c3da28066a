"""A made-up new release, written from the 2020 text the way a real release changes: the README walkthrough's input.

    python -m tests.support.example_release source_docs/2024

writes `hicm-2024.txt` there: the 2020 draft's text rendering with change headings written
"Change 3 – Title" (en dash), change 5 renamed ("Seven-day and flexible working"), change 4
split (Home first keeps most of it; its discharge-to-assess tips, materials and matrix row
become change 10, Discharge to assess), and a new change 11 (Digital and data sharing). The
other changes are published unchanged. Nothing here knows how hicm reads the file: it only
edits the published text, line by line, as an editor would.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from tests.support.paths import SOURCE_DOCS

#: The made-up release's edition id (the README walkthrough's); never a real edition's.
EDITION_ID = "2024"
BASE = SOURCE_DOCS / "2020" / "hicm-2020-draft.txt"
RENAMED_FROM, RENAMED_TO = "Flexible working patterns", "Seven-day and flexible working"
MATRIX_HEADER = "\tNot yet established\tPlans in place\tEstablished\tMature\tExemplary"

#: The sub-heading in 2020's change 4 whose paragraph and tips become change 10.
D2A_HEADING = "Home First D2A"
#: The first words of change 4's materials and matrix row that go with it.
D2A_MATERIALS = ("- [ADASS partnership quick guide on discharge to assess]",
                 "- [ECIP presentation explaining discharge to assess",
                 "- [Sample discharge to assess model")
D2A_ROW = "Discharge to assess\t"

NEW_CHANGE = f"""Change 11 \u2013 Digital and data sharing

Shared records and shared data let every partner see where a person is in their discharge, so that no one waits for information that another service already holds.

'Making it Real' - I/We statement

I only have to tell my story once, and the people who support me know what matters to me.

We share information safely and in good time, so that people do not have to repeat themselves.

Tips for success:

- Agree one shared record of each person's discharge plan that hospital, community and council staff can all read and update.
- Use the data you share to find delays early, and review it together at the daily discharge meeting.

{MATRIX_HEADER}
Shared records\tEach service keeps its own records of a discharge.\tPartners have agreed to share discharge records.\tA shared discharge record is in use on some wards.\tEvery ward and community team uses the shared record.\tPeople can see and add to their own discharge record.
"""


def _index(lines: list[str], prefix: str, start: int = 0) -> int:
    """Given lines and a prefix, return the index of the first line from `start` that begins with it."""
    for index in range(start, len(lines)):
        if lines[index].startswith(prefix):
            return index
    raise ValueError(f"the 2020 text has no line starting {prefix!r} (after line {start + 1})")


def _split_change_4(lines: list[str]) -> tuple[list[str], list[str]]:
    """Given the 2020 text's lines, return them with change 4's discharge-to-assess part taken out, and that part as change 10."""
    start = _index(lines, "Change 4: ")
    end = _index(lines, "Change 5: ", start)
    body = lines[start:end]
    heading = body.index(D2A_HEADING)
    after_tips = _index(body, "- ", _index(body, "- Consider using trusted assessment", heading) + 1)
    d2a_paragraph = next(line for line in body[heading + 1:] if line.strip())
    d2a_tips = [line.strip() if line.startswith(" - ") else line
                for line in body[heading + 1:after_tips] if line.lstrip().startswith("- ")]
    materials = [line for line in body if line.startswith(D2A_MATERIALS)]
    row = next(line for line in body if line.startswith(D2A_ROW))
    statements = body[_index(body, "'Making it Real'"):_index(body, "Tips for success")]
    kept = body[:heading] + body[after_tips:]
    kept = [line for line in kept if line not in materials and line != row]
    change_10 = ["Change 10 \u2013 Discharge to assess", "", d2a_paragraph, "", *statements, "Tips for success:", "",
                 *d2a_tips, "", "Supporting Materials", "", *materials, "", MATRIX_HEADER, row, ""]
    return lines[:start] + kept + lines[end:], change_10


def release_text() -> str:
    """Return the made-up 2024 release's text."""
    lines = BASE.read_text(encoding="utf-8").split("\n")
    lines, change_10 = _split_change_4(lines)
    plan = _index(lines, "Action planning template")
    lines[plan:plan] = change_10 + NEW_CHANGE.split("\n")
    text = "\n".join(lines)
    text = text.replace("Draft updated for 2020/21", "Updated for 2024/25")
    text = text.replace("Change 4: Home First Discharge to Assess", "Change 4: Home first")
    text = text.replace("\nHome First D2A This means", "\nHome first This means")
    text = text.replace(RENAMED_FROM, RENAMED_TO)
    text = text.replace("Change 9- Housing and related services\t26\n", "Change 9- Housing and related services\t26\n"
                        "Change 10 \u2013 Discharge to assess\t28\nChange 11 \u2013 Digital and data sharing\t30\n")
    text = text.replace("Change 9: Housing and related services\t\t\t\t\n", "Change 9: Housing and related services"
                        "\t\t\t\t\nChange 10: Discharge to assess\t\t\t\t\nChange 11: Digital and data sharing\t\t\t\t\n")
    # The section headings, written with an en dash as the 2024 typesetter did.
    return re.sub(r"^Change (\d+): (?=\S)(?!.*\t)", "Change \\1 \u2013 ", text, flags=re.MULTILINE)


def write_release(folder: Path) -> Path:
    """Given a folder (source_docs/2024), write the release's text file there; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"hicm-{EDITION_ID}.txt"
    path.write_text(release_text(), encoding="utf-8")
    return path


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.support.example_release FOLDER")
    print(f"wrote {write_release(Path(sys.argv[1]))}")
