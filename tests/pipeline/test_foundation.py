"""The contract pieces every stage relies on: schemas, manifest, tags, lineage, CLI error handling."""
from __future__ import annotations

import hashlib
import json

import jsonschema
import pytest

import schema
from normalize.lineage import find_key, load_lineage
from pipeline.manifest import load_manifest
from publish.forms.tags import (MAX_TAG_LENGTH, RESERVED_KEYS, SIGN_OFF_FIELDS, Tag, change_tag, cover_tag, parse_tag,
                                partner_tag, plan_tag, row_tag, sign_off_tag)
from tests.support.paths import SOURCE_DOCS


@pytest.mark.parametrize("name", sorted(schema.SCHEMA_FILES))
def test_schema_is_valid_2020_12_with_descriptions_and_closed_objects(name):
    document = schema.load_schema(name)
    jsonschema.Draft202012Validator.check_schema(document)
    assert document["$id"].startswith("https://")

    def walk(node, path):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                assert node.get("additionalProperties") is False, f"{path} is open"
                for prop, sub in node["properties"].items():
                    assert "description" in sub or "$ref" in sub, f"{path}/{prop} has no description"
            for k, v in node.items():
                walk(v, f"{path}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}/{i}")
    walk(document, name)


def test_schema_rejects_a_misspelt_field():
    doc = {"schema_version": "1.0", "kind": "manifestation"}
    errors = schema.schema_errors(doc)
    assert errors and any("required" in e for e in errors)
    with pytest.raises(schema.SchemaViolation):
        schema.validate({**doc, "chnages": []})


def test_manifest_lists_every_bundled_file_with_its_real_digest():
    manifest = load_manifest(SOURCE_DOCS)
    assert [e.id for e in manifest.editions][:3] == ["2015", "2019", "2020"]   # later releases follow
    listed = {m.path: m.sha256 for g in (*manifest.editions, *manifest.catalogues) for m in g.manifestations}
    on_disk = {p.relative_to(SOURCE_DOCS).as_posix() for p in SOURCE_DOCS.glob("*/*") if p.suffix in {".pdf", ".html", ".txt"}}
    assert set(listed) == on_disk
    for path, digest in listed.items():
        assert hashlib.sha256((SOURCE_DOCS / path).read_bytes()).hexdigest() == digest, path


def test_tags_round_trip_and_respect_words_length_limit():
    for tag in (cover_tag("2020", "assessment-date"), row_tag("2020", "monitoring-demand-and-capacity", 12, "evidence"),
                change_tag("2019", "home-first", "level"), plan_tag("2015", "home-first", "by-when")):
        assert str(parse_tag(tag)) == tag
        assert len(tag) <= MAX_TAG_LENGTH
    assert parse_tag("hicm:2020:home-first:r2:level") == Tag("2020", "matrix", "home-first", 2, "level")
    assert parse_tag("Title 1") is None and parse_tag("hicm:2020:Home First:r1:level") is None
    with pytest.raises(ValueError):
        row_tag("2020", "x" * 60, 1, "evidence")


def test_cover_partners_and_sign_off_tags_round_trip_and_never_read_as_a_change():
    assert parse_tag(partner_tag("2020", 12, "organisation")) == Tag("2020", "partners", None, 12, "organisation")
    assert parse_tag(partner_tag("2020", 3, "contact")) == Tag("2020", "partners", None, 3, "contact")
    for field in SIGN_OFF_FIELDS:
        assert parse_tag(sign_off_tag("2015", field)) == Tag("2015", "sign-off", None, None, field)
    assert parse_tag(cover_tag("2019", "contact")) == Tag("2019", "cover", None, None, "contact")
    assert parse_tag("hicm:2020:cover:partners") == Tag("2020", "cover", None, None, "partners")   # older templates
    # a reserved word in a change's place is never a matrix row, and no change key may take one
    for text in ("hicm:2020:partners:r1:level", "hicm:2020:partners:r0:contact", "hicm:2020:sign-off:r1:level",
                 "hicm:2020:sign-off:nickname", "hicm:2020:cover:r1:level", "hicm:2020:partners:all:evidence"):
        assert parse_tag(text) is None, text
    for key in RESERVED_KEYS:
        with pytest.raises(ValueError, match="reserved"):
            row_tag("2020", key, 1, "level")
    with pytest.raises(ValueError):
        partner_tag("2020", 1, "phone")
    with pytest.raises(ValueError):
        sign_off_tag("2020", "signed-by")


def test_every_lineage_key_fits_the_longest_tag_and_none_is_reserved():
    for entry in load_lineage():
        row_tag("2020", entry.key, 99, "evidence")
        assert entry.key not in RESERVED_KEYS


@pytest.mark.parametrize("edition,number,title,key", [
    ("2015", 5, "Seven-day service", "flexible-working-patterns"),
    ("2015", None, "seven-day services", "flexible-working-patterns"),
    ("2020", None, "Home First D2A", "home-first"),
    ("2020", None, "HOME FIRST – Discharge to Assess", "home-first"),
    ("2019", 9, "Housing and related services", "housing-and-related-services"),
    ("2015", None, "Housing and related services", None),
    ("2031", 3, "Something new", None),
])
def test_lineage_recognises_title_variants(edition, number, title, key):
    assert find_key(edition, number, [title]) == key


def test_missing_file_is_one_line_exit_2(run_hicm, tmp_path):
    out = tmp_path / "out.json"
    result = run_hicm("ingest", tmp_path / "nope.txt", "-o", out)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "nope.txt: no such file" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_debug_shows_the_traceback(run_hicm, tmp_path):
    result = run_hicm("--debug", "ingest", tmp_path / "nope.txt")
    assert result.returncode != 0 and "Traceback" in result.stderr


@pytest.mark.parametrize("content,problem", [(b"", "empty"), (b"\x00\x01\x02\xff" * 50, "binary"),
                                             (b"PK\x03\x04" + b"\x00" * 40, "zip")])
def test_unreadable_inputs_are_rejected_without_output(run_cli, tmp_path, content, problem):
    src = tmp_path / "input.txt"
    src.write_bytes(content)
    out = tmp_path / "out.json"
    result = run_cli("ingest", src, "-o", out)
    assert result.exit_code == 2, result.output
    assert problem in result.output and str(src) in result.output
    assert not out.exists()


def test_validate_reports_problems_with_exit_2(run_cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema_version": "1.0", "kind": "edition"}))
    result = run_cli("validate", bad)
    assert result.exit_code == 2 and "required" in result.output
    notjson = tmp_path / "x.json"
    notjson.write_text("{")
    assert run_cli("validate", notjson).exit_code == 2


def test_help_explains_every_command(run_cli):
    from pipeline.cli import COMMANDS
    for name in COMMANDS:
        result = run_cli(name, "--help")
        assert result.exit_code == 0 and "Example" in result.output, name


def test_atomic_outputs_get_the_usual_file_mode(tmp_path):
    import os
    import stat
    from pipeline.core.atomic import write_bytes
    target = tmp_path / "out.json"
    old = os.umask(0o022)
    try:
        write_bytes(target, b"{}\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_an_output_that_is_a_pipe_is_written_into_not_replaced(run_hicm, tmp_path):
    """`-o /dev/null` must not rename a file over the device: a named pipe stands in for it here."""
    import os
    import stat
    import threading
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = run_hicm("ingest", SOURCE_DOCS / "2015" / "hicm-2015.txt", "-o", pipe, "--quiet")
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode) and received and received[0].startswith(b"{")
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_errors_cross_process_boundaries_unchanged():
    """A parallel build raises readers' errors in worker processes; the user must see the same line."""
    import pickle
    from extract.base import NotHicmContent
    from pipeline.core.errors import InputError
    for error in (NotHicmContent("2019/x.txt"), InputError("file is empty", "a.txt"), InputError("no path")):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and str(copy) == str(error)
        assert (copy.problem, copy.path) == (error.problem, error.path)


def test_parallel_and_serial_builds_are_identical_and_fail_alike(tmp_path):
    import shutil
    from pipeline.build import build
    from pipeline.core.errors import InputError
    from pipeline.manifest import load_manifest
    manifest = load_manifest(SOURCE_DOCS)
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    build(manifest, serial, ["2019"], jobs=1)
    build(manifest, parallel, ["2019"], jobs=2)
    assert (serial / "editions/2019.json").read_bytes() == (parallel / "editions/2019.json").read_bytes()
    broken = tmp_path / "source_docs"
    shutil.copytree(SOURCE_DOCS, broken)
    (broken / "2019/hicm-2019-refresh.txt").write_text("A recipe for scones.\n", encoding="utf-8")
    with pytest.raises(InputError, match="hicm-2019-refresh.txt: no High Impact Change Model content found"):
        build(load_manifest(broken), tmp_path / "out", ["2019"], jobs=2)
    assert not (tmp_path / "out").exists()


def test_a_build_starts_workers_only_when_there_is_much_to_read(monkeypatch):
    from pipeline import build
    monkeypatch.setattr(build.os, "cpu_count", lambda: 8)
    bundled = [(SOURCE_DOCS / path).stat().st_size for path in ("2015/hicm-2015.pdf", "2020/hicm-2020-draft.pdf",
                                                                 "2020/hicm-2020-draft.txt", "2019/hicm-2019-refresh.html")]
    assert build.default_jobs(bundled) == 1
    assert build.default_jobs([50_000_000]) == 1, "one file is read by one process however large"
    assert build.default_jobs([build.PARALLEL_FROM_BYTES] * 3) == 4, "the machine's cores, at most 4"


def test_progress_bar_is_silent_off_a_terminal_and_with_json():
    from pipeline.core.progress import progress_bar
    with progress_bar("Reading", items=["a", "b"]) as bar:     # stderr is not a terminal under pytest
        assert list(bar) == ["a", "b"]
    with progress_bar("Reading", length=3, quiet=True) as bar:
        bar.update(1, "x")                                      # accepted, draws nothing


def test_ingest_takes_another_lineage_file(run_cli, tmp_path):
    from tests.support.paths import ROOT
    text = (ROOT / "normalize/lineage.toml").read_text(encoding="utf-8")
    start = text.index('key = "housing-and-related-services"')
    start = text.rindex("[[change]]", 0, start)
    end = text.find("[[change]]", start + 1)
    lineage = tmp_path / "lineage.toml"
    lineage.write_text(text[:start] + (text[end:] if end != -1 else ""), encoding="utf-8")
    out = tmp_path / "2019.json"
    result = run_cli("ingest", SOURCE_DOCS / "2019/hicm-2019-refresh.txt", "--lineage", lineage, "-o", out)
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["changes"][8]["key"] == "provisional-housing-and-related-services"
    assert any(f["code"] == "unmapped-change" for f in document["findings"])
    assert document["changes"][0]["key"] == "early-discharge-planning"
