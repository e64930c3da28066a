"""issue 16, case 1 (and the batch-CSV bullet moved from issue 17): a batch publish never overwrites a document.

Every file name of a batch is distinct; a renamed duplicate and an ignored column are warned
about; one summary line, --json for the details. What is already on disk stays: a re-run leaves
identical files unchanged, --force replaces only blank hicm documents, and a filled return or a
file hicm did not write is never replaced. A failure (a full disk) leaves no file of the batch.
"""
from __future__ import annotations

import json

import pytest

from tests.support.faults import fault_env
from tests.support.published import edition_source
from tests.support.returns import fill_docx

KIND = "action-plan"


def systems_csv(tmp_path, text: str):
    path = tmp_path / "systems.csv"
    path.write_text(text, encoding="utf-8")
    return path


def publish_batch(run_cli, systems, out, *extra):
    return run_cli("publish", KIND, "--edition-file", edition_source("2015"), "--systems", systems, "--out-dir", out,
                   *extra)


def test_duplicate_names_never_share_a_file_and_each_rename_is_warned(tmp_path, run_cli):
    # Before: "Anytown", "Anytown", "Anytown 2" wrote two files; the second Anytown's -2 file was
    # overwritten by the "Anytown 2" row, and --json listed that path twice (exit 0).
    systems = systems_csv(tmp_path, "name,contact,region\nAnytown,a@x.org,North\nAnytown,b@x.org,North\n"
                                    "Anytown 2,c@x.org,South\n")
    result = publish_batch(run_cli, systems, tmp_path / "out", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    names = [p.rsplit("/", 1)[1] for p in record["written"]]
    assert names == ["hicm-2015-action-plan-anytown.docx", "hicm-2015-action-plan-anytown-3.docx",
                     "hicm-2015-action-plan-anytown-2.docx"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)
    assert record["warnings"] == [
        'column "region" is ignored (hicm reads the system\'s name and a contact)',
        'line 3: "Anytown" repeats line 2 ("Anytown"): its document is hicm-2015-action-plan-anytown-3.docx']
    from publish.docx.package import read_properties
    made_out = {n: read_properties((tmp_path / "out" / n).read_bytes())["hicm-system"] for n in names}
    assert list(made_out.values()) == ["Anytown", "Anytown", "Anytown 2"]


def test_a_batch_prints_one_summary_line_and_warnings_on_stderr(tmp_path, run_hicm):
    systems = systems_csv(tmp_path, "name,email,region\n" + "".join(f"System {n},s{n}@x.org,R\n" for n in range(12))
                          + "System 3,again@x.org,R\n")
    result = run_hicm("publish", KIND, "--edition-file", edition_source("2015"), "--systems", systems,
                      "--out-dir", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"wrote 13 {KIND} document(s) to {tmp_path / 'out'}; 2 warning(s) above"]
    assert result.stderr.splitlines() == [
        f"hicm: warning: {systems}: column \"region\" is ignored (hicm reads the system's name and a contact)",
        f"hicm: warning: {systems}: line 14: \"System 3\" repeats line 5 (\"System 3\"): its document is "
        f"hicm-2015-action-plan-system-3-2.docx"]


def test_publishing_again_never_overwrites_a_filled_return(tmp_path, run_cli):
    systems = systems_csv(tmp_path, "name\nAnytown\nBville\n")
    out = tmp_path / "out"
    assert publish_batch(run_cli, systems, out).exit_code == 0
    blank = {p.name: p.read_bytes() for p in out.iterdir()}
    returned = out / "hicm-2015-action-plan-bville.docx"
    filled = fill_docx(returned.read_bytes(), {"hicm:2015:home-first:plan:now": "Discharge to assess in place"})
    returned.write_bytes(filled)

    again = publish_batch(run_cli, systems, out)               # before: overwrote the return silently
    assert again.exit_code == 1
    assert "hicm-2015-action-plan-bville.docx holds 1 answer(s) this document would not (a filled return?)" \
        in again.output and "nothing was written" in again.output
    forced = publish_batch(run_cli, systems, out, "--force")
    assert forced.exit_code == 1 and "a filled return?" in forced.output
    assert returned.read_bytes() == filled
    assert (out / "hicm-2015-action-plan-anytown.docx").read_bytes() == blank["hicm-2015-action-plan-anytown.docx"]
    assert sorted(p.name for p in out.iterdir()) == sorted(blank)      # no staging folder, no temporary left


def test_a_rerun_leaves_identical_files_and_force_replaces_only_blank_hicm_documents(tmp_path, run_cli):
    systems = systems_csv(tmp_path, "name\nAnytown\nBville\n")
    out = tmp_path / "out"
    assert publish_batch(run_cli, systems, out, "--no-protect").exit_code == 0
    rerun = publish_batch(run_cli, systems, out, "--no-protect", "--json")
    assert rerun.exit_code == 0
    assert json.loads(rerun.output)["written"] == [] and len(json.loads(rerun.output)["unchanged"]) == 2

    changed = publish_batch(run_cli, systems, out)              # protected now: different bytes, no answers
    assert changed.exit_code == 1 and "use --force to replace it" in changed.output
    forced = publish_batch(run_cli, systems, out, "--force", "--json")
    assert forced.exit_code == 0, forced.output
    assert len(json.loads(forced.output)["written"]) == 2

    foreign = out / "hicm-2015-action-plan-anytown.docx"
    foreign.write_bytes(b"my own notes, not a hicm document")
    refused = publish_batch(run_cli, systems, out, "--force")
    assert refused.exit_code == 1 and "is not a hicm document; hicm never replaces it" in refused.output
    assert foreign.read_bytes() == b"my own notes, not a hicm document"


def test_one_document_over_an_existing_file_follows_the_same_rules(tmp_path, run_cli):
    out = tmp_path / "a.docx"
    args = ("publish", KIND, "--edition-file", edition_source("2015"), "--system", "Anytown", "-o", out)
    assert run_cli(*args).exit_code == 0
    same = run_cli(*args)
    assert same.exit_code == 0 and "unchanged" in same.output
    filled = fill_docx(out.read_bytes(), {"hicm:2015:home-first:plan:now": "Plan"})
    out.write_bytes(filled)
    assert run_cli(*args, "--force").exit_code == 1
    assert out.read_bytes() == filled


def test_publish_into_a_folder_that_does_not_exist_is_an_error(tmp_path, run_hicm):
    # issue 16, case 10: `publish -o` into a folder that does not exist created it silently.
    result = run_hicm("publish", KIND, "--edition-file", edition_source("2015"), "-o", tmp_path / "typo" / "a.docx")
    assert result.returncode == 1
    assert result.stderr.strip() == (f"hicm: error: {tmp_path / 'typo' / 'a.docx'}: cannot write: the folder "
                                     f"{tmp_path / 'typo'} does not exist")
    assert not (tmp_path / "typo").exists()


def test_a_batch_that_runs_out_of_disk_leaves_no_file_and_says_so_in_one_line(tmp_path, run_hicm):
    # Before: 56 of 80 files were left behind, unlisted, and the error was "internal error: OSError".
    systems = systems_csv(tmp_path, "name\n" + "".join(f"System {n}\n" for n in range(30)))
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("already here")
    result = run_hicm("publish", KIND, "--edition-file", edition_source("2015"), "--systems", systems,
                      "--out-dir", out, env=fault_env(tmp_path / "hooks", FULL_AFTER_FSYNCS=12))
    assert result.returncode == 1
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"hicm: error: {out / 'hicm-2015-action-plan-system-12.docx'}: cannot write: " \
                                    "the disk is full"
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    fresh = tmp_path / "fresh"
    result = run_hicm("publish", KIND, "--edition-file", edition_source("2015"), "--systems", systems,
                      "--out-dir", fresh, env=fault_env(tmp_path / "hooks", FULL_AFTER_FSYNCS=3))
    assert result.returncode == 1 and not fresh.exists()     # the folder it made is gone again
