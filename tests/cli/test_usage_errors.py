"""Usage errors (an unknown option, a bad value, a missing argument, an unknown edition) are hicm's one line, exit 2."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("args,says", [
    (["build", "--bogus"], "hicm: error: build: No such option '--bogus'"),
    (["--bogus"], "hicm: error: No such option '--bogus' (see hicm --help)"),
    (["nosuchcommand"], "hicm: error: No such command 'nosuchcommand' (see hicm --help)"),
    (["diff", "2015"], "hicm: error: diff: Missing argument 'B' (see hicm diff --help)"),
    (["diff", "2015", "2019", "--format", "pdf"], "hicm: error: diff: Invalid value for '-f' / '--format': 'pdf'"),
    (["publish", "assessment", "--bogus"], "hicm: error: publish assessment: No such option '--bogus'"),
    (["lineage", "suggest"], "hicm: error: lineage suggest: Missing argument 'EDITION'"),
])
def test_a_usage_error_is_one_line(run_hicm, args, says):
    result = run_hicm(*args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(says), result.stderr
    assert "Usage:" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [
    ["build", "--edition", "2012"],
    ["lint", "2012"],
    ["diff", "2012", "2020"],
    ["publish", "assessment", "--edition", "2012", "-o", "x.docx"],
    ["lineage", "suggest", "2012"],
    ["collect", "{golden}/publish/2020/assessment.docx", "--db", "results.sqlite", "--edition", "2012"],
    ["report", "--db", "results.sqlite", "--edition", "2012", "-o", "report.md"],
])
def test_an_unknown_edition_is_an_error_everywhere(run_hicm, tmp_path, args):
    from tests.support.paths import GOLDEN
    result = run_hicm(*[arg.format(golden=GOLDEN) for arg in args], cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "unknown edition '2012' (known: 2015, 2019, 2020" in result.stderr
    assert not list(tmp_path.iterdir())


def test_edition_help_names_the_manifest_not_a_fixed_list(run_cli):
    for command in (["build"], ["publish", "assessment"], ["ingest"]):
        text = run_cli(*command, "--help").output
        assert "editions.toml" in text and "2015, 2019, 2020" not in text, command
