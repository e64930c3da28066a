"""issue 16, cases 5, 6 and 7: the results store is never another program's database, and a collect is all or nothing.

5. `--db` naming a database that is not a hicm store (another program's, a newer schema, not
   SQLite at all) is refused in one line, exit 2, the file byte for byte as it was.
6. A failure (an export that cannot be written, a full disk) stores nothing and says so in one
   line, exit 1; a collect with nothing to store makes no store.
7. A collect that finds the store being written waits for it (the exit status 3 only when it
   has waited --wait seconds), and stores nothing then.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time

import pytest

from publish.returns import store
from tests.support.faults import fault_env
from tests.support.returns import assessment


def returns(folder, count: int, edition: str = "2015", prefix: str = "System"):
    """Write `count` filled returns from distinct systems into folder; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"{prefix.lower()}-{n:03d}.docx"
        path.write_bytes(assessment(edition, f"{prefix} {n}", "2017-09-30",
                                    {("home-first", 1): n % 5, ("home-first", 2): (n + 1) % 5}))
        paths.append(path)
    return paths


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(db) -> int:
    connection = store.connect_readonly(db)
    try:
        return connection.execute("SELECT count(*) FROM submissions").fetchone()[0]
    finally:
        connection.close()


# ------------------------------------------------------------------ case 5: foreign databases

def foreign_database(path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


@pytest.mark.parametrize("statements, words", [
    # before: hicm's tables were added, then "no such column: edition"
    (("CREATE TABLE submissions(id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO submissions(name) VALUES ('x')"),
     "is a database of another program, not a hicm results store: it was left unchanged"),
    # before: silently turned into a results store (exit 0)
    (("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO customers(name) VALUES ('Ann')"),
     "is a database of another program"),
    # before: tables were created, then it was refused
    ((f"PRAGMA application_id = {store.APPLICATION_ID}", "PRAGMA user_version = 7",
      "CREATE TABLE future(x)"), "schema version 7 was made by a newer hicm"),
    (("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)", "INSERT INTO meta VALUES ('schema_version', '9')",
      "CREATE TABLE submissions(x)", "CREATE TABLE answers(x)", "CREATE TABLE problems(x)"),
     "schema version 9 is not one this hicm reads"),
], ids=["clashing-table", "other-tables", "newer-version", "newer-unversioned"])
def test_a_database_that_is_not_a_hicm_store_is_refused_and_left_unchanged(tmp_path, run_cli, statements, words):
    db = tmp_path / "theirs.sqlite"
    foreign_database(db, *statements)
    before = digest(db)
    result = run_cli("collect", *returns(tmp_path / "in", 2), "--db", db)
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1].startswith(f"hicm: error: {db}: ")
    assert words in result.output
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "theirs.sqlite"]   # no journal, no copy


def test_a_file_that_is_not_sqlite_is_refused_unchanged(tmp_path, run_hicm):
    db = tmp_path / "notes.sqlite"
    db.write_text("my notes\n" * 100)
    result = run_hicm("collect", *returns(tmp_path / "in", 1), "--db", db)
    assert result.returncode == 2
    assert result.stderr.strip() == f"hicm: error: {db}: is not a readable SQLite database (file is not a " \
                                    "database); it is not a hicm results store"
    assert db.read_text() == "my notes\n" * 100


def test_report_refuses_a_foreign_database_too(tmp_path, run_cli):
    db = tmp_path / "theirs.sqlite"
    foreign_database(db, "CREATE TABLE customers(id)")
    before = digest(db)
    result = run_cli("report", "--db", db, "-o", tmp_path / "r.md")
    assert result.exit_code == 2 and "not a hicm results store" in result.output
    assert digest(db) == before


def test_a_new_store_carries_hicms_identity_and_an_empty_file_becomes_one(tmp_path, run_cli):
    db = tmp_path / "new.sqlite"
    assert run_cli("collect", *returns(tmp_path / "in", 2), "--db", db).exit_code == 0
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA application_id").fetchone()[0] == store.APPLICATION_ID
    assert connection.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    assert run_cli("collect", *returns(tmp_path / "in", 2), "--db", empty).exit_code == 0
    assert count(empty) == 2


V1_DDL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE submissions(
    id INTEGER PRIMARY KEY, file_sha256 TEXT NOT NULL UNIQUE, path TEXT NOT NULL, file_mtime REAL,
    template TEXT, edition TEXT, system TEXT, system_key TEXT, assessment_date TEXT, partners TEXT,
    structure TEXT, collected_at TEXT NOT NULL, superseded_by INTEGER REFERENCES submissions(id));
CREATE TABLE answers(
    submission_id INTEGER NOT NULL REFERENCES submissions(id), tag TEXT NOT NULL, scope TEXT,
    change_key TEXT, row INTEGER, field TEXT, type TEXT, value TEXT, label TEXT,
    answered INTEGER NOT NULL, carried_from TEXT, name TEXT, PRIMARY KEY (submission_id, tag));
CREATE TABLE problems(
    submission_id INTEGER NOT NULL REFERENCES submissions(id), code TEXT NOT NULL, severity TEXT NOT NULL,
    message TEXT NOT NULL, subject TEXT);
INSERT INTO meta VALUES ('schema_version', '1');
INSERT INTO submissions VALUES (1, 'aa', 'old/q1.docx', 1500000000, 'assessment', '2015', 'Ynys Môn', 'ynys môn',
    '2017-06-30', NULL, NULL, '2017-07-01T00:00:00Z', 2);
INSERT INTO submissions VALUES (2, 'bb', 'old/q2.docx', 1510000000, 'assessment', '2015', 'Ynys Môn', 'ynys môn',
    '2017-09-30', NULL, NULL, '2017-10-01T00:00:00Z', NULL);
INSERT INTO answers VALUES (2, 'hicm:2015:home-first:r1:level', 'matrix', 'home-first', 1, 'level', 'dropdown', '3',
    'Mature', 1, NULL, 'Level: Home first, Row 1');
"""


def test_a_version_1_store_is_upgraded_in_the_same_transaction_and_keeps_its_returns(tmp_path, run_cli):
    db = tmp_path / "v1.sqlite"
    connection = sqlite3.connect(db)
    connection.executescript(V1_DDL)
    connection.close()
    # Reading it (report, prefill) upgrades a copy in memory; the file stays version 1.
    before = digest(db)
    readonly = store.connect_readonly(db)
    assert [r["path"] for r in store.current_submissions(readonly, "2015")] == ["old/q2.docx"]
    readonly.close()
    assert digest(db) == before
    # A new return from the same system ("Ynys Mon", accents folded) joins its history and is current.
    new = tmp_path / "q3.docx"
    new.write_bytes(assessment("2015", "Ynys Mon", "2017-12-31", {("home-first", 1): 4}))
    result = run_cli("collect", new, "--db", db)
    assert result.exit_code == 1 and "same-system" in result.output
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 2
    assert connection.execute("PRAGMA application_id").fetchone()[0] == store.APPLICATION_ID
    rows = [tuple(r) for r in connection.execute("SELECT path, system_key, current, superseded_by, return_date "
                                                 "FROM submissions ORDER BY id")]
    assert rows == [("old/q1.docx", "ynys mon", 0, 3, "2017-06-30"), ("old/q2.docx", "ynys mon", 0, 3, "2017-09-30"),
                    (str(new), "ynys mon", 1, None, "2017-12-31")]


# ------------------------------------------------------------------ case 6: failures store nothing

def test_an_export_that_cannot_be_written_stores_nothing(tmp_path, run_hicm):
    # Before: "internal error", but the database had already been committed.
    db = tmp_path / "r.sqlite"
    paths = returns(tmp_path / "in", 3)
    assert run_hicm("collect", paths[0], "--db", db).returncode == 0
    before = digest(db)
    result = run_hicm("collect", *paths, "--db", db, "--csv", tmp_path / "no-such-folder" / "answers.csv")
    assert result.returncode == 1
    assert result.stderr.strip() == (f"hicm: error: {tmp_path / 'no-such-folder' / 'answers.csv'}: cannot write: "
                                     f"the folder {tmp_path / 'no-such-folder'} does not exist")
    assert digest(db) == before and count(db) == 1


def test_a_full_disk_is_one_line_and_stores_nothing(tmp_path, run_hicm):
    # Before: "internal error: OperationalError", half a batch committed.
    db = tmp_path / "r.sqlite"
    assert run_hicm("collect", *returns(tmp_path / "first", 2), "--db", db).returncode == 0
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]
    before = digest(db)
    result = run_hicm("collect", *returns(tmp_path / "in", 60, prefix="Town"), "--db", db, "--csv",
                      tmp_path / "answers.csv", env=fault_env(tmp_path / "hooks", DB_MAX_PAGES=pages + 2))
    assert result.returncode == 1
    assert result.stderr.strip() == f"hicm: error: {db}: cannot write: the disk is full"
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert digest(db) == before and count(db) == 2
    assert not (tmp_path / "answers.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first", "hooks", "in", "r.sqlite"]   # no temporaries


def test_a_full_disk_while_making_a_new_store_leaves_no_store(tmp_path, run_hicm):
    db = tmp_path / "new.sqlite"
    result = run_hicm("collect", *returns(tmp_path / "in", 40), "--db", db,
                      env=fault_env(tmp_path / "hooks", DB_MAX_PAGES=4))
    assert result.returncode == 1 and result.stderr.strip() == f"hicm: error: {db}: cannot write: the disk is full"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hooks", "in"]


def test_collecting_a_missing_file_makes_no_store(tmp_path, run_hicm):
    # Before: the database was created all the same.
    db = tmp_path / "r.sqlite"
    result = run_hicm("collect", tmp_path / "missing.docx", "--db", db, "--csv", tmp_path / "a.csv")
    assert result.returncode == 2
    assert result.stdout.splitlines() == [f"{tmp_path / 'missing.docx'}: refused", "  error: input-rejected: no such file",
                                          "1 file(s): 0 stored, 1 refused; nothing stored"]
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ case 7: concurrent collects queue

def hold_write_lock(db, seconds: float) -> threading.Thread:
    """Hold the store's write lock for `seconds` in a thread, as another collect storing its batch would."""
    ready = threading.Event()

    def hold():
        connection = sqlite3.connect(db, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO meta(key, value) VALUES ('held', 'yes')")
        ready.set()
        time.sleep(seconds)
        connection.execute("ROLLBACK")
        connection.close()
    thread = threading.Thread(target=hold)
    thread.start()
    ready.wait(10)
    return thread


def test_a_collect_waits_for_the_store_another_is_writing(tmp_path, run_hicm):
    # Before: it waited 5 s, stored nothing, and exited 1, the status of "stored with warnings".
    db = tmp_path / "r.sqlite"
    assert run_hicm("collect", *returns(tmp_path / "first", 1), "--db", db).returncode == 0
    holder = hold_write_lock(db, 1.5)
    result = run_hicm("collect", *returns(tmp_path / "in", 5, prefix="Town"), "--db", db)
    holder.join()
    assert result.returncode == 0, result.stderr
    assert f"hicm: {db}: another hicm command is writing the store; waiting up to 300 s" in result.stderr
    assert count(db) == 6


def test_a_collect_that_waits_too_long_exits_3_and_stores_nothing(tmp_path, run_hicm):
    db = tmp_path / "r.sqlite"
    assert run_hicm("collect", *returns(tmp_path / "first", 1), "--db", db).returncode == 0
    holder = hold_write_lock(db, 4)
    result = run_hicm("collect", *returns(tmp_path / "in", 5, prefix="Town"), "--db", db, "--wait", "0.5",
                      "--csv", tmp_path / "a.csv")
    holder.join()
    assert result.returncode == 3
    assert result.stderr.strip().splitlines()[-1] == (
        f"hicm: error: {db}: the results store is busy: another hicm command kept writing it; nothing was changed "
        "(try again, or give collect --wait more seconds)")
    assert count(db) == 1 and not (tmp_path / "a.csv").exists()


def test_two_first_collects_into_one_new_store_both_end_up_in_it(tmp_path):
    # Each builds the new store in a hidden file; the second to finish finds the name taken and
    # stores its batch again into the first one's store, instead of replacing it.
    from publish.returns.read import read_submission
    db = tmp_path / "new.sqlite"
    first, second = (read_submission(f"{name}.docx", assessment("2015", name, "2017-09-30", {("home-first", 1): 2}))
                     for name in ("Leeds", "York"))
    calls = []

    def store_first(connection):
        calls.append("first")
        if len(calls) == 1:   # while this batch is being stored, another collect makes the store
            store.transact(db, lambda other: store.store_submission(other, second))
        return store.store_submission(connection, first)
    store.transact(db, store_first)
    assert calls == ["first", "first"]
    assert sorted(r["system"] for r in store.current_submissions(store.connect_readonly(db), "2015")) == \
        ["Leeds", "York"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.sqlite"]


def test_a_report_right_after_a_killed_collect_reads_the_last_committed_store(tmp_path, run_cli):
    # The killed writer left a hot journal that a read-only connection may not roll back.
    import subprocess
    import sys
    db = tmp_path / "r.sqlite"
    assert run_cli("collect", *returns(tmp_path / "in", 3), "--db", db).exit_code == 0
    killed = subprocess.run([sys.executable, "-c", (
        "import os, sqlite3; c = sqlite3.connect(%r, isolation_level=None); c.execute('PRAGMA cache_size = 1');"
        "c.execute('BEGIN');"
        "[c.execute('INSERT INTO problems VALUES (1, ?, ?, ?, NULL)', ('x', 'info', 'y' * 500)) for _ in range(5000)];"
        "os._exit(9)") % str(db)])
    assert killed.returncode == 9 and (tmp_path / "r.sqlite-journal").exists()
    result = run_cli("report", "--db", db, "-o", tmp_path / "r.md", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output[result.output.index("{"):])["returns"] == 3
    assert sqlite3.connect(db).execute("SELECT count(*) FROM problems WHERE code = 'x'").fetchone()[0] == 0
