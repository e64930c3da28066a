"""The SQLite store of collected answers: one file per collection round, readable with any SQLite tool.

Schema (version 2)::

    PRAGMA application_id = 0x6869636D ("hicm")    -- what makes a file a hicm store
    PRAGMA user_version = 2                          -- the schema version, read before any write
    meta(key TEXT PRIMARY KEY, value TEXT)           -- schema_version = 2
    submissions(
        id INTEGER PRIMARY KEY,
        file_sha256 TEXT NOT NULL UNIQUE,            -- the same file collected twice is stored once
        path TEXT NOT NULL,                          -- where it was first collected from
        file_mtime REAL,                             -- its modification time then
        template TEXT,                               -- assessment | action-plan
        edition TEXT,                                -- edition id, e.g. 2015
        system TEXT,                                 -- the system the return belongs to: the one it was made
                                                     -- out to (made_out_to), else the name on its cover
        system_key TEXT,                             -- that name folded (accents, case, punctuation), to group returns
        made_out_to TEXT,                            -- the hicm-system property publish wrote; NULL: a blank template
        cover_name TEXT,                             -- the name typed on the cover; NULL: left empty
        conflict TEXT,                               -- why the return is held back from being current (the cover
                                                     -- names another system), or NULL
        assessment_date TEXT,                        -- the cover's date, YYYY-MM-DD, as typed (plausible or not), or NULL
        return_date TEXT,                            -- the date that orders the system's returns: assessment_date
                                                     -- when plausible, else the file's modification date
        round TEXT,                                  -- the collection round the return answers (its hicm-round
                                                     -- property, publish/forms/rounds.py); NULL: it names none
        partners TEXT,                               -- the partners table, one "organisation (contact)" a line
        structure TEXT,                              -- sha256 of the file's control tags in document order
        collected_at TEXT NOT NULL,                  -- UTC, from SOURCE_DATE_EPOCH when set, else now
        current INTEGER NOT NULL DEFAULT 0,          -- 1: the system's current return for its edition and template
        superseded_by INTEGER REFERENCES submissions(id)  -- the current return that replaced this one; NULL if
                                                     -- current or held back by a conflict
    )
    answers(
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        tag TEXT NOT NULL,                           -- the control's w:tag (publish/forms/tags.py grammar)
        scope TEXT,                                  -- cover | partners | sign-off | matrix | change | plan
        change_key TEXT,                             -- lineage key of the change, NULL on the cover
        row INTEGER,                                 -- matrix or partners-table row (1-based) or NULL
        field TEXT,                                  -- level | evidence | system-name | … | plan column
        type TEXT,                                   -- dropdown | date | richtext | text | checkbox | …
        value TEXT,                                  -- level ordinal "0".."4", ISO date, or the text
        label TEXT,                                  -- what the person saw: level label, date as shown, text
        answered INTEGER NOT NULL,                   -- 0 while the placeholder shows
        carried_from TEXT,                           -- publish's "(carried from the …)" note beside the control:
                                                     -- the answer was prefilled from that assessment
        name TEXT,                                   -- the control's title (w:alias), e.g. "Level: Home first, Planned"
        PRIMARY KEY (submission_id, tag)
    )
    problems(submission_id, code, severity, message, subject)   -- what collect reported per file

Every SQL statement of hicm lives in this module.

A file is a store only if its application id says so (or it is a version-1 store, made before
hicm set one, which is upgraded). Anything else — another program's database, a newer
schema, not SQLite at all — is refused before anything is written to it, and stays unchanged.
One command's writes are one transaction (`update`): a killed or failed collect stores nothing,
and a second collect waits for the first instead of failing (BusyError, exit 3, when it has
waited too long). A new store is built in a hidden file beside its name and appears whole.

A system's current return, per edition and template, is its latest by `return_date`, then
file modification time, then collection; a return in conflict is never current. Older ones
stay (history) with `superseded_by` pointing at the current one.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from pipeline.core.atomic import STAGING_PREFIX, place, remove_dead_staging
from pipeline.core.errors import BusyError, InputError, OutputError, output_error
from publish.forms.tags import row_theme
from publish.returns.submission import Submission
from publish.returns.systems import system_key

T = TypeVar("T")

#: PRAGMA application_id of every hicm store: "hicm" in ASCII.
APPLICATION_ID = 0x6869636D
SCHEMA_VERSION = 2
TABLES = {"meta", "submissions", "answers", "problems"}

_DDL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE submissions(
    id INTEGER PRIMARY KEY, file_sha256 TEXT NOT NULL UNIQUE, path TEXT NOT NULL, file_mtime REAL,
    template TEXT, edition TEXT, system TEXT, system_key TEXT, made_out_to TEXT, cover_name TEXT, conflict TEXT,
    assessment_date TEXT, return_date TEXT, round TEXT, partners TEXT, structure TEXT, collected_at TEXT NOT NULL,
    current INTEGER NOT NULL DEFAULT 0, superseded_by INTEGER REFERENCES submissions(id));
CREATE TABLE answers(
    submission_id INTEGER NOT NULL REFERENCES submissions(id), tag TEXT NOT NULL, scope TEXT,
    change_key TEXT, row INTEGER, field TEXT, type TEXT, value TEXT, label TEXT,
    answered INTEGER NOT NULL, carried_from TEXT, name TEXT, PRIMARY KEY (submission_id, tag));
CREATE TABLE problems(
    submission_id INTEGER NOT NULL REFERENCES submissions(id), code TEXT NOT NULL, severity TEXT NOT NULL,
    message TEXT NOT NULL, subject TEXT);
CREATE INDEX submissions_by_system ON submissions(edition, template, system_key);
"""

#: Version 1 -> 2: who the return was made out to and what its cover says, conflicts, the ordering date, the
#: round, and an explicit `current` flag (version 1 took "not superseded" as current).
_MIGRATE_1_TO_2 = """
ALTER TABLE submissions ADD COLUMN made_out_to TEXT;
ALTER TABLE submissions ADD COLUMN cover_name TEXT;
ALTER TABLE submissions ADD COLUMN conflict TEXT;
ALTER TABLE submissions ADD COLUMN return_date TEXT;
ALTER TABLE submissions ADD COLUMN round TEXT;
ALTER TABLE submissions ADD COLUMN current INTEGER NOT NULL DEFAULT 0;
UPDATE submissions SET cover_name = system, return_date = COALESCE(assessment_date, date(file_mtime, 'unixepoch')),
    current = (superseded_by IS NULL);
"""


# ---------------------------------------------------------------- opening a store

def _sqlite_error(exc: sqlite3.Error, path: str) -> Exception:
    """Given an SQLite error met on the store at `path`, return the one-line hicm error to raise instead."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return BusyError("the results store is busy: another hicm command kept writing it; nothing was changed "
                         "(try again, or give collect --wait more seconds)", path)
    if "disk is full" in text or "disk i/o" in text:
        return OutputError("cannot write: the disk is full" if "full" in text else "cannot write: a disk error",
                           path)
    if "readonly" in text or "read-only" in text:
        return OutputError("cannot write: the results store or its folder is read-only", path)
    if "unable to open" in text:
        return OutputError("cannot open the results store (its folder is missing or not writable)", path)
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return InputError(f"is not a readable SQLite database ({exc}); it is not a hicm results store", path)
    return OutputError(f"results store error: {exc}", path)


@contextlib.contextmanager
def errors_as_hicm(path: str | os.PathLike) -> Iterator[None]:
    """Turn SQLite and operating-system errors met on the store into one-line hicm errors naming it."""
    try:
        yield
    except sqlite3.Error as exc:
        raise _sqlite_error(exc, str(path)) from None
    except OSError as exc:
        raise output_error(exc, str(path)) from None


def _identity(connection: sqlite3.Connection, path: str) -> int | None:
    """Given a connection, return the store's schema version, None if the database is empty; InputError if not ours."""
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if application_id == APPLICATION_ID:
        if version > SCHEMA_VERSION:
            raise InputError(f"results store schema version {version} was made by a newer hicm; this one reads "
                             f"version {SCHEMA_VERSION} (and older): upgrade hicm", path)
        return version
    if application_id == 0 and version == 0 and not connection.execute("SELECT 1 FROM sqlite_master").fetchone():
        return None
    if application_id == 0 and TABLES <= tables:
        # Version 1 stores were made before hicm set an application id: known by their meta row.
        found = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if found is not None and found[0] == "1":
            return 1
        if found is not None and str(found[0]).isdigit():
            raise InputError(f"results store schema version {found[0]} is not one this hicm reads "
                             f"(version {SCHEMA_VERSION} and older)", path)
    raise InputError("is a database of another program, not a hicm results store: it was left unchanged "
                     "(give --db a new file name)", path)


def _migrate(connection: sqlite3.Connection, version: int | None) -> None:
    """Given a store of `version` (None: an empty database) inside a write transaction, bring it to SCHEMA_VERSION."""
    if version is None:
        _run_script(connection, _DDL)
    elif version < 2:
        _run_script(connection, _MIGRATE_1_TO_2)
        for row in connection.execute("SELECT id, system FROM submissions").fetchall():
            connection.execute("UPDATE submissions SET system_key = ? WHERE id = ?",
                               (system_key(row["system"]), row["id"]))
    connection.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _run_script(connection: sqlite3.Connection, script: str) -> None:
    """Given SQL statements (each ending a line with ";"), run them one by one inside the open transaction.

    Not executescript(): it commits the pending transaction first, and a migration must be
    all or nothing with the command's writes.
    """
    for statement in script.split(";\n"):
        if statement.strip():
            connection.execute(statement)


def _open(path: str | os.PathLike, wait: float, **options) -> sqlite3.Connection:
    """Given a path, return a connection in autocommit mode (we BEGIN ourselves) with rows by name."""
    connection = sqlite3.connect(str(path), timeout=wait, isolation_level=None, **options)
    connection.row_factory = sqlite3.Row
    return connection


def check_store(path: str | os.PathLike) -> None:
    """Given a --db path, raise InputError unless it is missing, empty, or a hicm store this hicm can update.

    Looks without writing (read-only), so a foreign or newer database is refused before any
    work is done and stays byte for byte as it was.
    """
    path = Path(path)
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return
    if not path.is_file():
        raise InputError("is a folder, not a results store", str(path))
    with errors_as_hicm(path):
        connection = _open_readonly(path)
        try:
            _identity(connection, str(path))
        finally:
            connection.close()


def _open_readonly(path: Path) -> sqlite3.Connection:
    """Given a database path, return a read-only connection to it, its header read.

    A command killed while writing leaves a hot journal, which SQLite rolls back the next time
    the file is opened for writing, and which a read-only connection may not roll back: that
    recovery (SQLite's own, back to the last commit) is done first, then the file is reopened.
    """
    try:
        return _readonly_connection(path)
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorname", "") != "SQLITE_READONLY_ROLLBACK":
            raise
    recovering = sqlite3.connect(str(path))
    try:
        recovering.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        recovering.close()
    return _readonly_connection(path)


def _readonly_connection(path: Path) -> sqlite3.Connection:
    """Given a database path, return a read-only connection with rows by name, once its header could be read."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        connection.execute("PRAGMA application_id").fetchone()
    except BaseException:
        connection.close()
        raise
    return connection


#: How long a collect waits, by default, for another collect to finish writing the store.
DEFAULT_WAIT = 300.0


@contextlib.contextmanager
def update(path: str | os.PathLike, wait: float = DEFAULT_WAIT,
           on_wait: Callable[[], None] = lambda: None) -> Iterator[sqlite3.Connection]:
    """Given a store's path, yield a connection inside one write transaction, committed when the block ends.

    The store is checked (ours, not newer) and migrated inside the transaction, before any
    other write. Another writer is waited for up to `wait` seconds (`on_wait` is called once
    if there is one), then BusyError. Any failure rolls back: nothing of the block is stored.
    A store that does not exist yet is built in a hidden file and appears only when committed.
    """
    path = Path(path)
    if not path.exists():
        with _new_store(path) as connection:
            yield connection
        return
    with errors_as_hicm(path):
        connection = _open(path, wait)
    try:
        with errors_as_hicm(path):
            _begin(connection, wait, on_wait)
            version = _identity(connection, str(path))
            if version != SCHEMA_VERSION:
                _migrate(connection, version)
            yield connection
            connection.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            if connection.in_transaction:
                connection.execute("ROLLBACK")
        raise
    finally:
        connection.close()


def _begin(connection: sqlite3.Connection, wait: float, on_wait: Callable[[], None]) -> None:
    """Start the write transaction: at once if the store is free, else after telling `on_wait` and waiting."""
    connection.execute("PRAGMA busy_timeout = 0")
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
            raise
        on_wait()
        connection.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        connection.execute("BEGIN IMMEDIATE")


def transact(path: str | os.PathLike, work: Callable[[sqlite3.Connection], T], wait: float = DEFAULT_WAIT,
             on_wait: Callable[[], None] = lambda: None) -> T:
    """Given a store's path and work to do in it, run the work in one write transaction (see update); return its result.

    If another command made the store while this one was building a new one, the work is done
    again in theirs, so two first collects into one new store both end up in it.
    """
    try:
        with update(path, wait, on_wait) as connection:
            return work(connection)
    except StoreAppeared:
        with update(path, wait, on_wait) as connection:
            return work(connection)


class StoreAppeared(Exception):
    """Another command made the store while this one was building a new one: store into theirs instead."""


@contextlib.contextmanager
def _new_store(path: Path) -> Iterator[sqlite3.Connection]:
    """Given a path where no store exists, yield a connection to a new store built beside it; place it on success.

    The new file takes its name only when it is complete and committed, and never over a store
    another command made meanwhile (StoreAppeared: the caller stores into that one instead).
    """
    if not path.parent.is_dir():
        raise OutputError(f"cannot write: the folder {path.parent} does not exist", str(path))
    with errors_as_hicm(path):
        remove_dead_staging(path.parent)
    building = path.parent / f"{STAGING_PREFIX}{os.getpid()}-{os.urandom(4).hex()}-{path.name}"
    try:
        with errors_as_hicm(path):
            connection = _open(building, 0)
            connection.execute("BEGIN IMMEDIATE")
            _migrate(connection, None)
        try:
            with errors_as_hicm(path):
                yield connection
                connection.execute("COMMIT")
        finally:
            connection.close()
        with errors_as_hicm(path):
            place(building, path, replace=False)
    except OutputError as exc:
        if path.exists() and "already exists" in exc.problem:
            raise StoreAppeared() from None
        raise
    finally:
        for leftover in (building, Path(f"{building}-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def connect_readonly(path: str | os.PathLike) -> sqlite3.Connection:
    """Given a database path, return a read-only connection to a results store, or raise InputError.

    Reading (hicm report, prefill) never changes the file: a foreign or newer one is refused
    with one line, and an older one is upgraded in a copy in memory, never on disk.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("no such results store (run hicm collect first)", str(path))
    with errors_as_hicm(path):
        connection = _open_readonly(path)
        try:
            version = _identity(connection, str(path))
        except BaseException:
            connection.close()
            raise
        if version is None:
            connection.close()
            raise InputError("is an empty database, not a results store (run hicm collect to make one)", str(path))
        if version != SCHEMA_VERSION:
            copy = sqlite3.connect(":memory:", isolation_level=None)
            copy.row_factory = sqlite3.Row
            connection.backup(copy)
            connection.close()
            copy.execute("BEGIN")
            _migrate(copy, version)
            copy.execute("COMMIT")
            connection = copy
    return connection


# ---------------------------------------------------------------- storing

def collected_at() -> str:
    """Return the collection time: SOURCE_DATE_EPOCH when set (reproducible runs), else now, in UTC ISO form."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def store_submission(connection: sqlite3.Connection, submission: Submission) -> tuple[int, bool]:
    """Given a submission, store it unless the same file is stored already; return (its id, whether it was new)."""
    row = connection.execute("SELECT id FROM submissions WHERE file_sha256 = ?", (submission.sha256,)).fetchone()
    if row is not None:
        return row["id"], False
    cursor = connection.execute(
        "INSERT INTO submissions(file_sha256, path, file_mtime, template, edition, system, system_key, made_out_to, "
        "cover_name, conflict, assessment_date, return_date, round, partners, structure, collected_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (submission.sha256, submission.path, submission.file_mtime, submission.template, submission.edition,
         submission.system, system_key(submission.system), submission.made_out_to, submission.cover_name,
         submission.conflict, submission.assessment_date, submission.return_date, submission.round,
         submission.partners, submission.structure, collected_at()))
    submission_id = cursor.lastrowid
    connection.executemany(
        "INSERT OR REPLACE INTO answers(submission_id, tag, scope, change_key, row, field, type, value, label, "
        "answered, carried_from, name) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(submission_id, a.answer.tag, a.scope, a.change_key, a.row, a.field, a.kind, a.answer.value,
          a.answer.label, int(a.answered), a.answer.carried_from, a.name) for a in submission.answers])
    connection.executemany(
        "INSERT INTO problems(submission_id, code, severity, message, subject) VALUES (?,?,?,?,?)",
        [(submission_id, p["code"], p["severity"], p["message"], p.get("subject")) for p in submission.problems])
    update_current(connection, submission.edition, submission.template, system_key(submission.system))
    return submission_id, True


def update_current(connection: sqlite3.Connection, edition: str | None, template: str | None,
                   key: str | None) -> None:
    """Given a system, edition and template, mark its current return and point the older ones at it.

    Current: the latest `return_date`, then the latest file modification time, then the last
    collected; a return held back by a conflict is never current and is not superseded.
    """
    if key is None:
        return
    rows = connection.execute(
        "SELECT id FROM submissions WHERE edition IS ? AND template IS ? AND system_key = ? AND conflict IS NULL "
        "ORDER BY return_date IS NULL, return_date DESC, file_mtime IS NULL, file_mtime DESC, id DESC",
        (edition, template, key)).fetchall()
    if not rows:
        return
    newest = rows[0]["id"]
    connection.execute("UPDATE submissions SET current = 1, superseded_by = NULL WHERE id = ?", (newest,))
    connection.executemany("UPDATE submissions SET current = 0, superseded_by = ? WHERE id = ?",
                           [(newest, r["id"]) for r in rows[1:]])


# ---------------------------------------------------------------- reading

def history(connection: sqlite3.Connection, system: str, edition: str | None = None) -> list[dict]:
    """Given a system (and optionally an edition), return its submissions, the current one first, then newest first."""
    rows = connection.execute(
        "SELECT * FROM submissions WHERE system_key = ? AND (? IS NULL OR edition = ?) "
        "ORDER BY edition, current DESC, return_date DESC, id DESC",
        (system_key(system), edition, edition)).fetchall()
    return [dict(r) for r in rows]


def current_submissions(connection: sqlite3.Connection, edition: str | None = None,
                        template: str = "assessment") -> list[sqlite3.Row]:
    """Return the current submissions of a template, optionally of one edition, by system."""
    return connection.execute(
        "SELECT * FROM submissions WHERE current = 1 AND template = ? AND (? IS NULL OR edition = ?) "
        "ORDER BY system_key, id", (template, edition, edition)).fetchall()


def conflicting_submissions(connection: sqlite3.Connection, edition: str | None = None,
                            template: str = "assessment") -> list[sqlite3.Row]:
    """Return the submissions held back by a conflict (never counted), optionally of one edition, by path."""
    return connection.execute(
        "SELECT * FROM submissions WHERE conflict IS NOT NULL AND template = ? AND (? IS NULL OR edition = ?) "
        "ORDER BY path, id", (template, edition, edition)).fetchall()


def current_returns_of(connection: sqlite3.Connection, system: str,
                       template: str = "assessment") -> list[sqlite3.Row]:
    """Given a system, return its current submissions of a template, one per edition at most."""
    return connection.execute(
        "SELECT * FROM submissions WHERE system_key = ? AND template = ? AND current = 1",
        (system_key(system), template)).fetchall()


def is_current(connection: sqlite3.Connection, submission_id: int) -> bool:
    """Given a submission id, return whether it is its system's current return."""
    return bool(connection.execute("SELECT current FROM submissions WHERE id = ?", (submission_id,)).fetchone()[0])


def busiest_edition(connection: sqlite3.Connection) -> str | None:
    """Return the edition with most current assessment returns (ties: the later edition id), or None."""
    row = connection.execute("SELECT edition, COUNT(*) n FROM submissions WHERE current = 1 AND "
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
