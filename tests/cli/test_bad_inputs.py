"""Every command that reads files, run over every applicable item of the bad-input corpus.

Each run is a real subprocess with its memory bounded (RLIMIT_AS) and a timeout (a hang
fails the test). For each item × command the outcome must be the one the corpus states
(tests/support/make_bad_inputs.py), or the command's own override: a rejected input exits 2 with error
lines that name the file (collect, a batch command, says "FILE: refused" and why on stdout and
stores nothing); a flagged one exits 1 naming the file (read, but reported as a problem); an
accepted one exits 0 with a valid result. Always: no traceback, no "internal error", the input
file unchanged, nothing read from outside the input (the XXE canary never appears), no zip-slip
file created, and no partial output (the -o target is absent after a failure, and no .part
file is left behind).

The corpus is generated once per session; parametrisation only needs the items' names.
"""
from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import resource
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from tests.support.make_bad_inputs import CANARY_TOKEN, ZIP_SLIP_NAME, CorpusItem, make_corpus
from tests.support.paths import GOLDEN

#: Address-space ceiling for each command: far above what the real documents need (~300 MiB),
#: far below what an unbounded zip bomb or entity expansion would take.
MEMORY_LIMIT = int(1.5 * 1024 ** 3)
#: A command that has not finished by then is hanging (generous: CI machines are shared).
TIMEOUT = 120

ITEMS = {item.name: item for item in make_corpus(Path("corpus-not-written"), write=False)}


def _bounded_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@dataclass(frozen=True)
class Command:
    """How to run one command over one corpus file, and which items it is run over."""
    name: str
    kinds: tuple[str, ...]
    argv: Callable[[Path, Path], list[str]]        # (input file, output dir) -> arguments
    output: str | None = None                      # the file it writes into the output dir, if any
    state: tuple[str, ...] = ()                    # files it keeps even when the input is refused (a store)
    reports_on_stdout: bool = False                # a batch command: per-file outcome lines on stdout
    extra_items: tuple[str, ...] = ()              # foreign items it must reject (beyond its kinds)
    outcome_overrides: tuple[tuple[str, str], ...] = ()   # item name -> outcome for this command

    def items(self) -> list[str]:
        return [n for n, item in ITEMS.items() if item.kind in self.kinds or n in self.extra_items]

    def expected(self, item: CorpusItem) -> str:
        overrides = dict(self.outcome_overrides)
        if item.name in overrides:
            return overrides[item.name]
        return item.expected_outcome if item.kind in self.kinds else "reject"


#: Items whose content reaches the HTML reader: run by ingest once extract/html.py is installed
#: (until the HTML reader is merged, ingest cannot read them at all).
_AWAITING_READERS = frozenset() if importlib.util.find_spec("extract.html") else frozenset({
    "html-named.pdf", "truncated.html", "cp1252-no-charset.html", "unrelated.html", "broken-markup.html", "xxe.html",
    "deep-div.html", "deep-list.html"})

#: A valid edition record to diff against (B), so diff never builds on demand in these tests.
GOLDEN_EDITION = GOLDEN / "editions" / "2015.json"
#: Foreign items a JSON-reading command must reject.
NOT_JSON = ("pdf-named.txt", "random.pdf", "utf16-bom.txt", "empty.txt", "plain.docx", "foreign.sqlite")

COMMANDS = [
    # ingest takes any file and reads it as what it is: files of other kinds are rejected,
    # except a real PDF under another name, read as a PDF with a wrong-extension warning.
    Command("ingest", ("pdf", "html", "text"),
            lambda file, out: ["ingest", file, "-o", out / "result.json"], output="result.json",
            extra_items=tuple(n for n, i in ITEMS.items() if i.kind in ("docx", "json", "db")),
            outcome_overrides=(("pdf-named.docx", "accept"), ("pdf-named.sqlite", "accept"))),
    Command("validate", ("json",), lambda file, out: ["validate", file], extra_items=NOT_JSON),
    Command("lint", ("json",), lambda file, out: ["lint", file, "--json"], extra_items=NOT_JSON),
    Command("diff", ("json",),
            lambda file, out: ["diff", file, GOLDEN_EDITION, "--format", "json", "-o", out / "diff.json"],
            output="diff.json", extra_items=NOT_JSON),
    # collect keeps its store (--db) and writes the batch's CSV even when every file is refused;
    # it reports per file on stdout ("FILE: refused" and the reason), exit 2 when one was refused
    # (a PDF that is not the 2015 model's action plan is refused too), 1 when one was stored
    # with problems (not a hicm template).
    Command("collect", ("docx",),
            lambda file, out: ["collect", file, "--db", out / "results.sqlite", "--csv", out / "answers.csv"],
            state=("answers.csv", "results.sqlite"), reports_on_stdout=True,
            extra_items=("unrelated.pdf", "image-only.pdf", "encrypted.pdf", "truncated-half.pdf", "random.pdf",
                         "empty.pdf", "html-named.pdf", "pdf-named.txt", "valid-manifestation.json"),
            outcome_overrides=(("plain.docx", "flagged"),)),
    Command("check-docx", ("docx",), lambda file, out: ["check-docx", file],
            extra_items=("random.pdf", "pdf-named.txt", "html-named.pdf"),
            outcome_overrides=(("plain.docx", "flagged"),)),   # a real .docx that fails the accessibility checks
    Command("report", ("db",), lambda file, out: ["report", "--db", file, "-o", out / "report.html"],
            output="report.html", extra_items=("empty.txt", "plain.docx", "valid-manifestation.json", "random.pdf")),
    Command("publish", ("json",),
            lambda file, out: ["publish", "assessment", "--edition-file", file, "-o", out / "assessment.docx"],
            output="assessment.docx", extra_items=NOT_JSON),
]

CASES = [pytest.param(command, name, id=f"{command.name}-{name}") for command in COMMANDS for name in command.items()
         if not (command.name == "ingest" and name in _AWAITING_READERS)]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict[str, CorpusItem]:
    """Generate the corpus once per session (a few seconds: the long PDF, the huge text, the zip bomb)."""
    directory = tmp_path_factory.mktemp("bad-inputs") / "corpus"
    return {item.name: item for item in make_corpus(directory)}


@pytest.mark.parametrize("command,name", CASES)
def test_command_survives_bad_input(command: Command, name: str, corpus, run_hicm, tmp_path):
    item = corpus[name]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    work = tmp_path / "work" / "a" / "b"      # cwd: somewhere a zip-slip entry could land
    work.mkdir(parents=True)
    before = hashlib.sha256(item.path.read_bytes()).hexdigest()
    result = run_hicm(*command.argv(item.path, out_dir), cwd=work, timeout=TIMEOUT, preexec_fn=_bounded_memory)
    expected = command.expected(item)
    everything = result.stdout + result.stderr
    written = sorted(p.name for p in out_dir.iterdir() if p.name not in command.state)

    assert hashlib.sha256(item.path.read_bytes()).hexdigest() == before, "the command changed its input file"

    assert "Traceback" not in everything, result.stderr[-2000:]
    assert "internal error" not in result.stderr, result.stderr
    assert CANARY_TOKEN not in everything
    assert not list(tmp_path.rglob(ZIP_SLIP_NAME)) and not Path("/tmp", ZIP_SLIP_NAME).exists()
    assert not [n for n in written if n.endswith(".part") or n.startswith(".")], written
    for text in item.must_not_contain:
        assert text not in everything, f"{text!r} in the output of {command.name} {name}"

    if expected == "either":
        assert result.returncode in (0, 2), (result.returncode, result.stderr)
        expected = "accept" if result.returncode == 0 else "reject"
    if expected == "reject":
        assert result.returncode == 2, (result.returncode, result.stdout[:500], result.stderr)
        if command.reports_on_stdout:
            assert result.stdout.startswith(f"{item.path}: refused\n  error: "), result.stdout[:500]
            assert _stored_submissions(out_dir / "results.sqlite") == 0
        else:
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            assert lines, "rejected without saying why"
            assert all(item.path.name in line for line in lines), result.stderr
        assert written == [], f"output left behind after a failure: {written}"
    elif expected == "flagged":   # read, but reported as a problem (exit 1), naming the file
        assert result.returncode == 1, (result.returncode, result.stdout[:500], result.stderr)
        assert result.stdout.startswith(str(item.path)) or result.stdout.startswith(f"{item.path}: "), result.stdout[:300]
    else:
        assert result.returncode == 0, (result.returncode, result.stderr)
        if command.output:
            assert written == [command.output]
            data = (out_dir / command.output).read_bytes()
            if command.output.endswith(".docx"):
                assert data.startswith(b"PK\x03\x04")
                data = _docx_text(data)
            text = data.decode("utf-8")
            for needle in item.must_not_contain:
                assert needle not in text
            json.loads(text) if command.output.endswith(".json") else None
            for needle in item.must_contain:
                assert needle in text, f"{needle!r} missing from the output for {name}"


def _stored_submissions(db: Path) -> int:
    """Given a results store, return how many submissions it holds."""
    connection = sqlite3.connect(db)
    try:
        return connection.execute("SELECT count(*) FROM submissions").fetchone()[0]
    finally:
        connection.close()


def _docx_text(data: bytes) -> bytes:
    """Given a .docx, return the bytes of all its XML parts joined (to search the published text)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))


def test_every_corpus_item_is_run_by_some_command():
    """No corpus item is generated for nothing."""
    covered = {name for command in COMMANDS for name in command.items()}
    assert covered == set(ITEMS)


def test_corpus_is_deterministic(tmp_path):
    """The same script gives the same bytes (small items only: the big ones are made the same way)."""
    small = [n for n in ITEMS if n.endswith((".json", ".html", ".docm")) and not n.startswith(("deep", "xxe"))]
    first = {i.name: i.path.read_bytes() for i in make_corpus(tmp_path / "one") if i.name in small}
    second = {i.name: i.path.read_bytes() for i in make_corpus(tmp_path / "two") if i.name in small}
    assert first == second and len(first) >= 10
