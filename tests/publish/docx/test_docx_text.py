"""`hicm docx-text`: a .docx as normalised text, and `git diff` of a changed golden document showing that text."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from publish.docx.text import docx_text
from tests.support.paths import GOLDEN, ROOT
from tests.support.published import golden_path, load, publish


def test_a_published_assessment_reads_as_its_properties_headings_tables_and_controls():
    text = docx_text(golden_path("2020", "assessment"))
    lines = text.splitlines()
    assert lines[0] == "# properties" and "hicm-template: assessment" in lines and "language: en-GB" in lines
    assert "[Title] High Impact Change Model: Managing transfers of care between hospital and home" in lines
    assert "[Heading1] Change 1: Early discharge planning" in lines
    levels = [line for line in lines if " dropdown " in line and ":level dropdown " in line]
    assert levels and all("(Not yet established | Plans in place | Established | Mature | Exemplary)" in line
                          for line in levels)
    assert any(line.startswith("| ") and line.endswith(" |") for line in lines)
    assert "| [TableText] Local system | [TableText] [control hicm:2020:cover:system-name text placeholder: Type the name " \
        "of your local system] |" in lines
    assert docx_text(golden_path("2020", "assessment")) == text   # deterministic


def test_a_redline_shows_its_tracked_changes():
    text = docx_text(GOLDEN / "diff" / "2019-2020.docx")
    assert "[-within 48 hours.-]{+as soon as possible+}" in text


def test_a_file_that_is_not_a_word_document_is_one_line(run_hicm, tmp_path):
    result = run_hicm("docx-text", ROOT / "README.md")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "not a Word .docx file" in result.stderr


def test_git_diff_of_a_changed_golden_document_shows_text(tmp_path):
    """What a maintainer sees after re-blessing: `git diff golden/` with the README's one git config line."""
    repo = tmp_path / "repo"
    (repo / "golden").mkdir(parents=True)
    shutil.copy(ROOT / ".gitattributes", repo / ".gitattributes")
    document = repo / "golden" / "assessment.docx"
    document.write_bytes(golden_path("2020", "assessment").read_bytes())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)}

    def git(*args):
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo, env=env,
                              capture_output=True, text=True, check=True)
    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "golden")
    changed = json.loads(json.dumps(load("2020")))
    changed["changes"][0]["title"] = "Early discharge planning (revised)"
    document.write_bytes(publish(changed, "assessment"))
    binary = git("diff", "golden/").stdout
    assert "Binary files" in binary       # without the textconv, git cannot show it
    textconv = f"{sys.executable} -m pipeline docx-text"
    shown = git("-c", f"diff.docx.textconv={textconv}", "diff", "golden/").stdout
    assert "Binary files" not in shown
    assert "-[Heading1] Change 1: Early discharge planning" in shown.splitlines()
    assert "+[Heading1] Change 1: Early discharge planning (revised)" in shown.splitlines()
