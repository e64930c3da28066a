"""Collecting a batch of returned files into the results store: read each, store it, report its problems.

One bad file never stops the rest: a file that cannot be read is refused with one line and
the batch goes on. Files may be read in several processes; storing stays in this one, in the
order given, so the store is the same whatever the number of processes. Two files of one
batch from the same system, or a file from a system the store already holds, are reported
(both returns are kept; the newer is the current one).
"""
from __future__ import annotations

import csv
import io
import os
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.core.untrusted import read_input
from publish.returns import store
from publish.returns.read import read_submission
from publish.returns.submission import Submission
from publish.returns.systems import system_key

#: Exit statuses, documented in --help and the README.
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
                "edition": sub.edition if sub else None, "system": sub.system if sub else None,
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


def run_collect(paths: list[Path], db_path: str | os.PathLike, edition: str | None = None,
                progress=lambda path: None, jobs: int = 1) -> list[FileResult]:
    """Given files and a database, collect each file (one bad file never stops the rest); return one result per file.

    With jobs > 1, files are read in that many processes; storing stays in this one, in the
    order given, so the store is the same whatever `jobs` is.
    """
    results: list[FileResult] = []
    connection = store.connect(db_path)
    pool = ProcessPoolExecutor(jobs) if jobs > 1 and len(paths) >= PARALLEL_FROM else None
    try:
        readings = (pool.map(read_file, paths, repeat(edition), chunksize=4) if pool
                    else map(read_file, paths, repeat(edition)))
        for path, reading in zip(paths, readings):
            progress(path)
            results.append(_store_one(connection, path, reading))
        _flag_same_system(results)
        connection.commit()
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
        connection.close()
    return results


def read_file(path: Path, edition: str | None) -> tuple[Submission | None, str | None, float | None]:
    """Given one file, return (its submission, None, its mtime), or (None, why it was refused, None); never raises."""
    try:
        data = read_input(path)
        return read_submission(str(path), data, edition), None, path.stat().st_mtime
    except InputError as exc:
        return None, exc.problem, None
    except (ValueError, LookupError, UnicodeError, MemoryError, RecursionError, OSError) as exc:
        # A reader bug or a hostile shape nobody foresaw must still not stop the batch: the file is
        # refused with the error's type, so it can be reported and fixed.
        return None, f"could not be read ({type(exc).__name__}: {exc})"[:300], None


def _store_one(connection, path: Path, reading: tuple) -> FileResult:
    """Given a file and what reading it gave, store it; a refused file becomes a rejected result."""
    submission, refusal, mtime = reading
    if submission is None:
        return FileResult(str(path), None, [{"code": "input-rejected", "severity": "error", "message": refusal}],
                          rejected=True)
    submission_id, new = store.store_submission(connection, submission, mtime)
    problems = list(submission.problems)
    if not new:
        problems.append({"code": "already-collected", "severity": "info",
                         "message": "This exact file was collected before; it was not stored again."})
    else:
        problems += _earlier_returns(connection, submission, submission_id)
    return FileResult(str(path), submission, problems, stored=new)


def _earlier_returns(connection, submission: Submission, submission_id: int) -> list[dict]:
    """Given a newly stored submission, return a same-system problem if the store already held a return from that system."""
    if not submission.system:
        return []
    others = [r for r in store.history(connection, submission.system, submission.edition)
              if r["id"] != submission_id and r["template"] == submission.template]
    if not others:
        return []
    current = store.is_current(connection, submission_id)
    earlier = ", ".join(f"{r['path']} ({r['assessment_date'] or 'no date'})" for r in others)
    verdict = "this file is now the current return" if current else "a newer stored return stays the current one"
    return [{"code": "same-system", "severity": "warning",
             "message": f"The store already holds a return from {submission.system} for edition "
                        f"{submission.edition}: {earlier}; {verdict}, all are kept in history."}]


def _flag_same_system(results: list[FileResult]) -> None:
    """Given a batch's results, add a problem to every file that shares its system, edition and template with another."""
    groups: dict[tuple, list[FileResult]] = defaultdict(list)
    for result in results:
        sub = result.submission
        if sub and sub.system:
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


def answers_csv(results: list[FileResult]) -> bytes:
    """Given a batch's results, return a CSV of every answered control, one row per answer."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "system", "edition", "template", "assessment_date", "tag", "change", "row", "field",
                     "value", "label"])
    for result in results:
        sub = result.submission
        for answer in (sub.answers if sub else []):
            if answer.answered:
                writer.writerow([result.path, sub.system, sub.edition, sub.template, sub.assessment_date,
                                 answer.answer.tag, answer.change_key, answer.row, answer.field,
                                 answer.answer.value, answer.answer.label])
    return buffer.getvalue().encode("utf-8")
