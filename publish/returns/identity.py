"""Whose return a file is, and which of a system's returns is current: the identity rule, in one place.

The rule (README, "Collecting returns"):

1. A return belongs to the system it was made out to: the `hicm-system` property publish writes.
   A blank template (made out to no one) belongs to the name typed on its cover.
2. A cover naming another system is a conflict: the return is stored, reported, and never
   becomes any system's current return (the report lists it apart from the counts). A name that
   differs only by a slip ("Anytwon" for "Anytown") is a warning and the return counts.
3. An assessment date more than a year after the collection, or before the edition's year, is
   implausible: reported, kept as typed, and not used to order returns.
4. A system's returns are ordered by their return date: the assessment date when plausible,
   else the day the file was last modified. Its current return is the latest (ties: the later
   file modification time, then the later collected). So no single typo can make a return
   current for ever, and a newer return with no date is not stuck behind an older dated one.
"""
from __future__ import annotations

import datetime as dt
import re

from publish.returns.systems import near_miss, system_key
from schema.model import finding

#: How far after the collection an assessment date may be before it is a typo (a year, as in "2204").
MAX_DAYS_AHEAD = 365


def belongs_to(made_out_to: str | None, cover_name: str | None, where: dict) -> tuple[str | None, str | None, list[dict]]:
    """Given who a return was made out to and the name on its cover, return (its system, a conflict or None, problems)."""
    if not made_out_to:
        return cover_name, None, []
    if not cover_name or system_key(cover_name) == system_key(made_out_to):
        return made_out_to, None, []
    if near_miss(cover_name, made_out_to):
        return made_out_to, None, [finding(
            "system-name-differs", "warning",
            f"The cover says \"{cover_name}\" but the document was made out to \"{made_out_to}\"; the names differ "
            f"only a little, so it is counted as {made_out_to}'s return.", where,
            values={"made_out_to": made_out_to, "cover_name": cover_name})]
    conflict = f"made out to \"{made_out_to}\" but the cover names \"{cover_name}\""
    return made_out_to, conflict, [finding(
        "system-conflict", "error",
        f"The document was made out to \"{made_out_to}\" but its cover names \"{cover_name}\": it is stored but "
        "counted as neither system's return. Check with both; collect a copy whose cover names the right "
        "system to settle it.", where, values={"made_out_to": made_out_to, "cover_name": cover_name})]


def date_problem(assessment_date: str | None, edition: str | None, collected: str, where: dict) -> dict | None:
    """Given a return's assessment date (YYYY-MM-DD), its edition and the collection time, return a problem if implausible."""
    if not assessment_date:
        return None
    latest = (dt.date.fromisoformat(collected[:10]) + dt.timedelta(days=MAX_DAYS_AHEAD)).isoformat()
    earliest = f"{edition[:4]}-01-01" if edition and re.fullmatch(r"\d{4}", edition[:4]) else None
    if assessment_date > latest:
        why = f"more than a year after it was collected ({collected[:10]})"
    elif earliest and assessment_date < earliest:
        why = f"before the {edition} edition existed"
    else:
        return None
    return finding("date-implausible", "warning",
                   f"The assessment date {assessment_date} is {why}: a typo? It is kept as typed but not used to "
                   "decide which return is the system's latest (the file's date is used).", where,
                   values={"assessment_date": assessment_date})


def return_date(assessment_date: str | None, plausible: bool, file_mtime: float | None) -> str | None:
    """Given a return's assessment date, whether it is plausible, and its file's modification time, return its return date."""
    if assessment_date and plausible:
        return assessment_date
    if file_mtime is None:
        return None
    return dt.datetime.fromtimestamp(file_mtime, dt.timezone.utc).date().isoformat()
