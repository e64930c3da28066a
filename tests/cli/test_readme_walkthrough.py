"""The README's "Adding a new release" walkthrough, run as it is written, its output compared with the README.

Every ```console block of that section is a series of `$ COMMAND` lines, each followed by the
output it prints (standard output and error together). The test copies the project's
source_docs/ and normalize/lineage.toml to a scratch folder and runs each command there with
bash, `hicm` and `python3` standing for this checkout's, in order: one walkthrough, from a new
release's files to its published template, with no file edited by hand. When the tool's output
changes on purpose, `python3 -m pytest tests/cli/test_readme_walkthrough.py --update-golden`
prints the real output into the README (the test is a golden comparison); read `git diff
README.md` before committing.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.support.editions import EDITION_IDS
from tests.support.example_release import EDITION_ID
from tests.support.paths import ROOT, SOURCE_DOCS

README = ROOT / "README.md"
SECTION = "## Adding a new release"
_BLOCK = re.compile(r"^```console\n(.*?)^```\n", re.MULTILINE | re.DOTALL)


@dataclass
class Step:
    """One command of the walkthrough and the output the README shows for it."""
    command: str
    shown: list[str]


def section_span(text: str) -> tuple[int, int]:
    """Given the README, return where the walkthrough section starts and ends."""
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return start, end if end != -1 else len(text)


def steps(block: str) -> list[Step]:
    """Given a console block's text, return its commands and the output shown under each."""
    found: list[Step] = []
    for line in block.rstrip("\n").split("\n"):
        if line.startswith("$ "):
            found.append(Step(line[2:], []))
        elif found:
            found[-1].shown.append(line)
        else:
            raise AssertionError(f"a console block must start with a `$ ` command line: {line!r}")
    return found


def project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Given a scratch folder, return a copy of the project's editable data in it and the environment to run commands in."""
    folder = tmp_path / "project"
    shutil.copytree(SOURCE_DOCS, folder / "source_docs")
    (folder / "normalize").mkdir()
    shutil.copy(ROOT / "normalize" / "lineage.toml", folder / "normalize" / "lineage.toml")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, module in (("hicm", "-m pipeline "), ("python3", "")):
        (bin_dir / name).write_text(f'#!/bin/sh\nexec "{sys.executable}" {module}"$@"\n', encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(ROOT),
           "PYTHONUNBUFFERED": "1"}   # unbuffered: standard output and error interleave as they were written
    env.pop("SOURCE_DATE_EPOCH", None)
    return folder, env


def run(step: Step, folder: Path, env: dict[str, str]) -> list[str]:
    """Given a step, run its command with bash in the project folder; return its output lines (trailing spaces trimmed)."""
    result = subprocess.run(["bash", "-c", step.command], cwd=folder, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, timeout=600)
    return [line.rstrip() for line in result.stdout.rstrip("\n").split("\n")] if result.stdout.strip() else []


def test_the_release_walkthrough_runs_as_the_readme_shows(tmp_path, update_golden):
    assert EDITION_ID not in EDITION_IDS, (
        f"source_docs/editions.toml now lists a real {EDITION_ID}: give the walkthrough's made-up release another "
        f"id (tests/support/example_release.py and the README), then re-print it with --update-golden")
    text = README.read_text(encoding="utf-8")
    start, end = section_span(text)
    blocks = list(_BLOCK.finditer(text, start, end))
    assert len(blocks) >= 3, "the walkthrough has lost its console blocks"
    folder, env = project(tmp_path)
    replacements, differences = [], []
    for block in blocks:
        printed = []
        for step in steps(block.group(1)):
            actual = run(step, folder, env)
            printed += [f"$ {step.command}", *actual]
            if actual != step.shown:
                differences.append(f"$ {step.command}\n  README shows:\n" + "\n".join(f"    {l}" for l in step.shown)
                                   + "\n  it prints:\n" + "\n".join(f"    {l}" for l in actual))
        replacements.append((block.span(1), "\n".join(printed) + "\n"))
    if update_golden:
        for (a, b), new in reversed(replacements):
            text = text[:a] + new + text[b:]
        README.write_text(text, encoding="utf-8")
        return
    assert not differences, "the README's walkthrough differs from what the commands print (re-print it with " \
        "--update-golden, then read git diff README.md):\n" + "\n".join(differences)
    # What the walkthrough promises, whatever the wording of the output:
    lineage = (folder / "normalize" / "lineage.toml").read_text(encoding="utf-8")
    assert 'editions = ["2015", "2019", "2020", "2024"]' in lineage and 'key = "discharge-to-assess"' in lineage
    assert (folder / "build" / "editions" / "2024.json").is_file() and (folder / "2024-assessment.docx").is_file()
