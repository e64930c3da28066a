"""Collecting a batch of returned files into the results store: read each, store it, report its problems.

One bad file never stops the rest: a file that cannot be read is refused with one line and
the batch goes on. Files may be read in several processes; storing stays in this one, in the
order given, in one transaction, so the store is the same whatever the number of processes and
a failed or killed collect stores nothing. Two files of one batch from the same system, or a
file from a system the store already holds, are reported (both returns are kept; which one is
current follows the identity rule, publish/returns/identity.py).
"""
from __future__ import annotations

import csv
import io
import os
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Callable

from pipeline.core.atomic import PreparedFile
from pipeline.core.errors import InputError
from pipeline.core.untrusted import read_input
from pipeline.core.workers import worker_pool
from publish.returns import store
from publish.returns.identity import return_date
from publish.returns.read import read_submission
from publish.returns.submission import Submission
from publish.returns.systems import system_key

#: Exit statuses, documented in --help and the README ("Collecting returns"); 3 (the store is busy) is BusyError's.
EXIT_OK, EXIT_PROBLEMS, EXIT_REJECTED = 0, 1, 2
#: File name endings collect looks at inside a folder.
SUFFIXES = (".docx", ".docm", ".dotx", ".dotm", ".pdf")


@dataclass
class FileResult:
    """What happened to one input file: its submission (None if refused), problems, and whether it was stored."""
    path: str
    submission: Submission | None
    problems: list[dict] = field(default_factory=list)
    stored: bool = False
    rejected: bool = False

    def record(self) -> dict:
        """Return the file's JSON record: its answered controls and its problems."""
        sub = self.submission
        return {"path": self.path, "status": "rejected" if self.rejected else "stored" if self.stored else
                "already-collected" if sub else "not-stored",
                "sha256": sub.sha256 if sub else None, "template": sub.template if sub else None,
                "edition": sub.edition if sub else None, "round": sub.round if sub else None,
                "system": sub.system if sub else None,
                "assessment_date": sub.assessment_date if sub else None,
                "answers": [a.record() for a in sub.answers if a.answered] if sub else [],
                "problems": [{k: p[k] for k in ("code", "severity", "message") if k in p}
                             | ({"subject": p["subject"]} if "subject" in p else {}) for p in self.problems]}


def expand_inputs(inputs: list[str]) -> list[Path]:
    """Given files and folders, return the files to collect: folders walked for .docx/.docm/.pdf, sorted by name."""
    found: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and not p.is_symlink()
                            and p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", ".~lock")))
        else:
            found.append(path)
    return found


#: Below this many files a batch is read in this process: starting workers would cost more than it saves.
PARALLEL_FROM = 16

Reading = tuple[Path, Submission | None, str | None]


def run_collect(paths: list[Path], db_path: str | os.PathLike, edition: str | None = None,
                progress: Callable[[Path], None] = lambda path: None, jobs: int = 1,
                csv_path: str | os.PathLike | None = None, wait: float = store.DEFAULT_WAIT,
                on_wait: Callable[[], None] = lambda: None, round_id: str | None = None) -> list[FileResult]:
    """Given files and a store (and the edition and round being collected), collect each file (one bad file never
    stops the rest); return one result per file.

    All or nothing: the store is checked before any file is read (a foreign or newer database
    is refused, unchanged); every file is read first (in `jobs` processes if > 1); then all
    are stored in one transaction, and the CSV export (if asked) is written before the commit
    and put in place only after it. A failure or a kill stores nothing, and the store is not
    created when no file can be stored. Another collect writing the same store is waited for
    up to `wait` seconds (BusyError after). The store is the same whatever `jobs` is.
    """
    store.check_store(db_path)
    readings = _read_all(paths, edition, jobs, progress, round_id)
    if not any(submission for _, submission, _ in readings):
        return [_refused(path, refusal) for path, _, refusal in readings]
    with PreparedFile(csv_path) as export:
        return store.transact(db_path, lambda connection: _store_all(connection, readings, export), wait, on_wait)


def _read_all(paths: list[Path], edition: str | None, jobs: int, progress: Callable[[Path], None],
              round_id: str | None = None) -> list[Reading]:
    """Given files, return (path, submission or None, why it was refused or None) for each, in order."""
    pool = worker_pool(jobs) if jobs > 1 and len(paths) >= PARALLEL_FROM else None
    try:
        readings = (pool.map(read_file, paths, repeat(edition), repeat(round_id), chunksize=4) if pool
                    else map(read_file, paths, repeat(edition), repeat(round_id)))
        found = []
        for path, (submission, refusal) in zip(paths, readings):
            progress(path)
            found.append((path, submission, refusal))
        return found
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)


def _store_all(connection, readings: list[Reading], export: PreparedFile) -> list[FileResult]:
    """Given the batch's readings, store each inside the open transaction and prepare the export; return the results."""
    results = [_store_one(connection, path, submission) if submission else _refused(path, refusal)
               for path, submission, refusal in readings]
    _flag_same_system(results)
    export.write(answers_csv(results))
    return results


def read_file(path: Path, edition: str | None, round_id: str | None = None) -> tuple[Submission | None, str | None]:
    """Given one file, return (its submission, None), or (None, why it was refused); never raises."""
    try:
        data = read_input(path)
        mtime = path.stat().st_mtime
        submission = read_submission(str(path), data, edition, round_id)
    except InputError as exc:
        return None, exc.problem
    except (ValueError, LookupError, UnicodeError, MemoryError, RecursionError, OSError) as exc:
        # A reader bug or a hostile shape nobody foresaw must still not stop the batch: the file is
        # refused with the error's type, so it can be reported and fixed.
        return None, f"could not be read ({type(exc).__name__}: {exc})"[:300]
    submission.file_mtime = mtime
    submission.return_date = submission.return_date or return_date(None, False, mtime)
    return submission, None


def _refused(path: Path, refusal: str | None) -> FileResult:
    """Given a file that was refused and why, return its result (nothing of it is stored)."""
    return FileResult(str(path), None, [{"code": "input-rejected", "severity": "error", "message": refusal}],
                      rejected=True)


def _store_one(connection, path: Path, submission: Submission) -> FileResult:
    """Given a file's submission, store it (unless the same file is stored already); return its result."""
    submission_id, new = store.store_submission(connection, submission)
    problems = list(submission.problems)
    if not new:
        problems.append({"code": "already-collected", "severity": "info",
                         "message": "This exact file was collected before; it was not stored again."})
    else:
        problems += _earlier_returns(connection, submission, submission_id)
    return FileResult(str(path), submission, problems, stored=new)


def _earlier_returns(connection, submission: Submission, submission_id: int) -> list[dict]:
    """Given a newly stored submission, return a same-system problem if the store already held a return from that system."""
    if not submission.system or submission.conflict:
        return []
    others = [r for r in store.history(connection, submission.system, submission.edition)
              if r["id"] != submission_id and r["template"] == submission.template and r["conflict"] is None]
    if not others:
        return []
    earlier = ", ".join(f"{r['path']} ({r['assessment_date'] or 'no date'})" for r in others)
    if store.is_current(connection, submission_id):
        verdict = f"this file is now the current return (return date {submission.return_date})"
    else:
        current = next(r for r in others if r["current"])
        verdict = f"{current['path']} (return date {current['return_date']}) stays the current one"
    return [{"code": "same-system", "severity": "warning",
             "message": f"The store already holds a return from {submission.system} for edition "
                        f"{submission.edition}: {earlier}; {verdict}, all are kept in history."}]


def _flag_same_system(results: list[FileResult]) -> None:
    """Given a batch's results, add a problem to every file that shares its system, edition and template with another."""
    groups: dict[tuple, list[FileResult]] = defaultdict(list)
    for result in results:
        sub = result.submission
        if sub and sub.system and not sub.conflict:
            groups[(system_key(sub.system), sub.edition, sub.template)].append(result)
    for group in groups.values():
        distinct = {r.submission.sha256 for r in group}
        if len(distinct) < 2:
            continue
        for result in group:
            others = ", ".join(r.path for r in group if r is not result)
            result.problems.append({"code": "same-system", "severity": "warning",
                                    "message": f"Another file in this batch is from the same system "
                                               f"({result.submission.system}, {result.submission.edition}): {others}; "
                                               "the newer one is the current return, both are kept in history."})


def exit_status(results: list[FileResult]) -> int:
    """Given a batch's results, return 2 if any file was refused, 1 if any has a warning or error, else 0."""
    if any(r.rejected for r in results):
        return EXIT_REJECTED
    if any(p["severity"] in ("error", "warning") for r in results for p in r.problems):
        return EXIT_PROBLEMS
    return EXIT_OK


#: What a spreadsheet takes for a formula when a cell begins with it (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Given a CSV cell, return it so a spreadsheet shows it as text: a leading ' before = + - @ tab or CR."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def answers_csv(results: list[FileResult]) -> bytes:
    """Given a batch's results, return a CSV of every answered control, one row per answer.

    RFC 4180: rows end in CRLF, so a field holding a CR or LF (a line break typed in an evidence
    box) is quoted and stays one field; every text cell is made safe to open in a spreadsheet.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["file", "system", "edition", "round", "template", "assessment_date", "tag", "change", "row",
                     "field", "value", "label"])
    for result in results:
        sub = result.submission
        for answer in (sub.answers if sub else []):
            if answer.answered:
                writer.writerow([safe_cell(cell) for cell in (
                    result.path, sub.system, sub.edition, sub.round, sub.template, sub.assessment_date, answer.answer.tag,
                    answer.change_key, answer.row, answer.field, answer.answer.value, answer.answer.label)])
    return buffer.getvalue().encode("utf-8")
