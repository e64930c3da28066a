"""Findings on screen, the way a compiler prints diagnostics: `file:line: severity code: message`.

`hicm build`, `hicm ingest` and `hicm lint` print findings through this one module, so they
read alike, an editor or a CI log can jump to the line, and the exit status follows one rule:
an `error` finding fails the command, a `warning` too under `--strict`. Findings stay data in
the records (`findings[]`); this module only shows them.
"""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from schema.model import SEVERITIES

#: The severities shown by default; `--verbose` adds info.
SHOWN = ("error", "warning")


def shown_path(path: Path) -> str:
    """Given a file's path, return it as a user reads it best: relative to the current folder when under it, else as it is."""
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else Path(path).as_posix()


def spot(location: dict | None, root: Path | None = None) -> str:
    """Given a finding's first location (and the source_docs folder its path is under), return where it is.

    `source_docs/2020/x.txt:12` for a line of a text, `…/x.pdf:p11` for a PDF page, `…/x.html:/html/body/…`
    for an HTML element, or the file alone; the path is made relative to the current folder when
    the file is under it, so a terminal or an editor can open it.
    """
    if not location:
        return "(no location)"
    path = location["path"]
    if root is not None and (root / path).exists():
        path = shown_path(root / path)
    if "line" in location:
        return f"{path}:{location['line']}"
    if "page" in location:
        return f"{path}:p{location['page']}"
    if "element" in location:
        return f"{path}:{location['element']}"
    return path


def finding_line(found: dict, root: Path | None = None) -> str:
    """Given a finding, return its one line: `file:line: severity code: message`."""
    message = " ".join(found["message"].split())
    return f"{spot(found['where'][0] if found.get('where') else None, root)}: {found['severity']} {found['code']}: {message}"


def counts(findings: list[dict]) -> dict[str, int]:
    """Given findings, return how many there are of each severity (most severe first, none left out)."""
    counted = Counter(f["severity"] for f in findings)
    return {severity: counted[severity] for severity in SEVERITIES}


def summary_line(label: str, findings: list[dict], verbose: bool = False) -> str:
    """Given a label (`edition 2020`) and its findings, return `edition 2020: 1 error, 3 warnings, 4 info (not shown)`."""
    counted = counts(findings)
    parts = [f"{counted['error']} error{'s' * (counted['error'] != 1)}",
             f"{counted['warning']} warning{'s' * (counted['warning'] != 1)}",
             f"{counted['info']} info" + ("" if verbose or not counted["info"] else " (not shown; --verbose shows them)")]
    return f"{label}: {', '.join(parts)}"


def report_lines(findings_by_label: dict[str, list[dict]], root: Path | None = None,
                 verbose: bool = False) -> list[str]:
    """Given findings grouped by edition (label -> findings), return the lines to print: each group's findings, then its summary.

    Errors and warnings are shown, info too when verbose; order is the records' own.
    """
    shown = SEVERITIES if verbose else SHOWN
    lines = []
    for label, findings in findings_by_label.items():
        lines += [finding_line(f, root) for f in findings if f["severity"] in shown]
        lines.append(summary_line(label, findings, verbose))
    return lines


def failure(findings_by_label: dict[str, list[dict]], strict: bool = False) -> str | None:
    """Given findings grouped by edition, return why they fail the command (an error; a warning when strict), or None."""
    failing = ("error", "warning") if strict else ("error",)
    total = Counter(f["severity"] for findings in findings_by_label.values() for f in findings)
    found = {severity: total[severity] for severity in failing if total[severity]}
    if not found:
        return None
    named = " and ".join(f"{n} {severity}{'s' * (n != 1)}" for severity, n in found.items())
    where = ", ".join(label for label, findings in findings_by_label.items()
                      if any(f["severity"] in failing for f in findings))
    return f"{named} in {where}" + (" (--strict: warnings fail too)" if strict and "warning" in found else "")
