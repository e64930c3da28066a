"""The SQLite store of collected answers: one file per collection round, readable with any SQLite tool.

Schema (version 1)::

    meta(key TEXT PRIMARY KEY, value TEXT)          -- schema_version = 1
    submissions(
        id INTEGER PRIMARY KEY,
        file_sha256 TEXT NOT NULL UNIQUE,           -- the same file collected twice is stored once
        path TEXT NOT NULL,                         -- where it was first collected from
        file_mtime REAL,                            -- its modification time then (orders same-date returns)
        template TEXT,                              -- assessment | action-plan
        edition TEXT,                               -- edition id, e.g. 2015
        system TEXT,                                -- the local system's name as written
        system_key TEXT,                            -- that name case- and space-folded, to group returns
        assessment_date TEXT,                       -- YYYY-MM-DD or NULL
        partners TEXT,
        structure TEXT,                             -- sha256 of the file's sorted control tags
        collected_at TEXT NOT NULL,                 -- UTC, from SOURCE_DATE_EPOCH when set, else now
        superseded_by INTEGER REFERENCES submissions(id)  -- NULL = the system's current return
    )
    answers(
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        tag TEXT NOT NULL,                          -- the control's w:tag (publish/forms/tags.py grammar)
        scope TEXT,                                 -- cover | matrix | change | plan
        change_key TEXT,                            -- lineage key of the change, NULL on the cover
        row INTEGER,                                -- matrix row (1-based) or NULL
        field TEXT,                                 -- level | evidence | system-name | … | plan column
        type TEXT,                                  -- dropdown | date | richtext | text | checkbox | …
        value TEXT,                                 -- level ordinal "0".."4", ISO date, or the text
        label TEXT,                                 -- what the person saw: level label, date as shown, text
        answered INTEGER NOT NULL,                  -- 0 while the placeholder shows
        carried_from TEXT,                          -- publish's "(carried from the …)" note beside the control:
                                                    -- the answer was prefilled from that assessment (it may
                                                    -- have been kept or changed since)
        name TEXT,                                  -- the control's title (w:alias), e.g. "Level: Home first, Planned"
        PRIMARY KEY (submission_id, tag)
    )
    problems(submission_id, code, severity, message, subject)   -- what collect reported per file

Every SQL statement of hicm lives in this module.

A newer submission from the same system for the same edition and template supersedes the
older: "newer" is the later assessment date, then the later file modification time, then the
later collection. Superseded submissions stay (history); `superseded_by` points at the newer.
"""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from publish.forms.tags import row_theme
from publish.returns.submission import Submission
from publish.returns.systems import system_key

SCHEMA_VERSION = "1"

_DDL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS submissions(
    id INTEGER PRIMARY KEY, file_sha256 TEXT NOT NULL UNIQUE, path TEXT NOT NULL, file_mtime REAL,
    template TEXT, edition TEXT, system TEXT, system_key TEXT, assessment_date TEXT, partners TEXT,
    structure TEXT, collected_at TEXT NOT NULL, superseded_by INTEGER REFERENCES submissions(id));
CREATE TABLE IF NOT EXISTS answers(
    submission_id INTEGER NOT NULL REFERENCES submissions(id), tag TEXT NOT NULL, scope TEXT,
    change_key TEXT, row INTEGER, field TEXT, type TEXT, value TEXT, label TEXT,
    answered INTEGER NOT NULL, carried_from TEXT, name TEXT, PRIMARY KEY (submission_id, tag));
CREATE TABLE IF NOT EXISTS problems(
    submission_id INTEGER NOT NULL REFERENCES submissions(id), code TEXT NOT NULL, severity TEXT NOT NULL,
    message TEXT NOT NULL, subject TEXT);
CREATE INDEX IF NOT EXISTS submissions_by_system ON submissions(edition, template, system_key);
"""


def connect(path: str | os.PathLike) -> sqlite3.Connection:
    """Given a database path, return a connection to it with the schema in place."""
    connection = sqlite3.connect(str(path))
    connection.row_factory = sqlite3.Row
    connection.executescript(_DDL)
    connection.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
    found = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    if found != SCHEMA_VERSION:
        raise ValueError(f"{path}: results database schema version {found}, this hicm reads {SCHEMA_VERSION}")
    return connection


def connect_readonly(path: str | os.PathLike) -> sqlite3.Connection:
    """Given a database path, return a read-only connection to a results store, or raise InputError.

    Reading (hicm report) never changes the file: an empty or foreign file is not turned into
    a store, and a corrupt one is refused with one line instead of a database error.
    """
    from pipeline.core.errors import InputError  # noqa: PLC0415
    try:
        connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        connection.row_factory = sqlite3.Row
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"meta", "submissions", "answers", "problems"} <= tables:
            connection.close()
            raise InputError("is not a hicm results store (run hicm collect to make one)", str(path))
        found = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise InputError(f"is not a readable results store ({exc})", str(path)) from None
    if found is None or found[0] != SCHEMA_VERSION:
        connection.close()
        raise InputError(f"results store schema version {found[0] if found else '?'}, this hicm reads "
                         f"{SCHEMA_VERSION}", str(path))
    return connection


def collected_at() -> str:
    """Return the collection time: SOURCE_DATE_EPOCH when set (reproducible runs), else now, in UTC ISO form."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def store_submission(connection: sqlite3.Connection, submission: Submission,
                     file_mtime: float | None = None) -> tuple[int, bool]:
    """Given a submission, store it unless the same file is stored already; return (its id, whether it was new)."""
    row = connection.execute("SELECT id FROM submissions WHERE file_sha256 = ?", (submission.sha256,)).fetchone()
    if row is not None:
        return row["id"], False
    cursor = connection.execute(
        "INSERT INTO submissions(file_sha256, path, file_mtime, template, edition, system, system_key, "
        "assessment_date, partners, structure, collected_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (submission.sha256, submission.path, file_mtime, submission.template, submission.edition, submission.system,
         system_key(submission.system), submission.assessment_date, submission.partners, submission.structure,
         collected_at()))
    submission_id = cursor.lastrowid
    connection.executemany(
        "INSERT OR REPLACE INTO answers(submission_id, tag, scope, change_key, row, field, type, value, label, "
        "answered, carried_from, name) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(submission_id, a.answer.tag, a.scope, a.change_key, a.row, a.field, a.kind, a.answer.value,
          a.answer.label, int(a.answered), a.answer.carried_from, a.name) for a in submission.answers])
    connection.executemany(
        "INSERT INTO problems(submission_id, code, severity, message, subject) VALUES (?,?,?,?,?)",
        [(submission_id, p["code"], p["severity"], p["message"], p.get("subject")) for p in submission.problems])
    update_supersession(connection, submission.edition, submission.template, system_key(submission.system))
    return submission_id, True


def update_supersession(connection: sqlite3.Connection, edition: str | None, template: str | None,
                        key: str | None) -> None:
    """Given a system, edition and template, mark all but the newest of its submissions as superseded by it."""
    if key is None:
        return
    rows = connection.execute(
        "SELECT id FROM submissions WHERE edition IS ? AND template IS ? AND system_key = ? "
        "ORDER BY assessment_date IS NULL, assessment_date DESC, file_mtime IS NULL, file_mtime DESC, id DESC",
        (edition, template, key)).fetchall()
    if not rows:
        return
    newest = rows[0]["id"]
    connection.execute("UPDATE submissions SET superseded_by = NULL WHERE id = ?", (newest,))
    connection.executemany("UPDATE submissions SET superseded_by = ? WHERE id = ?",
                           [(newest, r["id"]) for r in rows[1:]])


def history(connection: sqlite3.Connection, system: str, edition: str | None = None) -> list[dict]:
    """Given a system (and optionally an edition), return its submissions, newest first, current ones marked."""
    rows = connection.execute(
        "SELECT * FROM submissions WHERE system_key = ? AND (? IS NULL OR edition = ?) "
        "ORDER BY edition, superseded_by IS NOT NULL, assessment_date DESC, id DESC",
        (system_key(system), edition, edition)).fetchall()
    return [dict(r) for r in rows]


def current_submissions(connection: sqlite3.Connection, edition: str | None = None,
                        template: str = "assessment") -> list[sqlite3.Row]:
    """Return the current (not superseded) submissions of a template, optionally of one edition, by system."""
    return connection.execute(
        "SELECT * FROM submissions WHERE superseded_by IS NULL AND template = ? AND (? IS NULL OR edition = ?) "
        "ORDER BY system_key, id", (template, edition, edition)).fetchall()


def current_returns_of(connection: sqlite3.Connection, system: str,
                       template: str = "assessment") -> list[sqlite3.Row]:
    """Given a system, return its current (not superseded) submissions of a template, one per edition at most."""
    return connection.execute(
        "SELECT * FROM submissions WHERE system_key = ? AND template = ? AND superseded_by IS NULL",
        (system_key(system), template)).fetchall()


def is_current(connection: sqlite3.Connection, submission_id: int) -> bool:
    """Given a submission id, return whether it is its system's current return (superseded by none)."""
    return connection.execute("SELECT superseded_by FROM submissions WHERE id = ?",
                              (submission_id,)).fetchone()[0] is None


def busiest_edition(connection: sqlite3.Connection) -> str | None:
    """Return the edition with most current assessment returns (ties: the later edition id), or None."""
    row = connection.execute("SELECT edition, COUNT(*) n FROM submissions WHERE superseded_by IS NULL AND "
                             "template = 'assessment' GROUP BY edition ORDER BY n DESC, edition DESC").fetchone()
    return row["edition"] if row else None


def answers_of(connection: sqlite3.Connection, submission_id: int) -> list[sqlite3.Row]:
    """Given a submission id, return its answers in tag order."""
    return connection.execute("SELECT * FROM answers WHERE submission_id = ? ORDER BY tag",
                              (submission_id,)).fetchall()


def problems_of(connection: sqlite3.Connection, submission_id: int) -> list[dict]:
    """Given a submission id, return the problems collect reported for it."""
    return [dict(r) for r in connection.execute(
        "SELECT code, severity, message, subject FROM problems WHERE submission_id = ?", (submission_id,))]


def row_themes(connection: sqlite3.Connection, submission_id: int) -> dict[tuple[str, int], str]:
    """Given a submission, return (change key, row) -> theme, from its level controls' titles ("Level: <change>, <theme>")."""
    themes = {}
    for row in connection.execute("SELECT change_key, row, name FROM answers WHERE submission_id = ? AND "
                                  "scope = 'matrix' AND field = 'level' AND name IS NOT NULL", (submission_id,)):
        theme = row_theme(row["name"], row["change_key"])
        if theme:
            themes[(row["change_key"], row["row"])] = theme
    return themes
