"""`hicm check-docx`: the accessibility checks of a Word document."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import click
from lxml import etree

from pipeline.core.errors import InputError
from pipeline.core.untrusted import read_input
from publish.docx.safe_docx import open_docx


@click.command("check-docx")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the failures as JSON (rule, part, element, message per failure).")
def check_docx(files: tuple[Path, ...], as_json: bool) -> None:
    """Check Word documents for what accessible public-sector documents need; exit 1 when any check fails.

    Rules: title, language, heading-order, table-header, merged-cells, image-alt, control-title,
    control-inline, font-size, font-family, colour-alone.

    \b
    Examples:
      hicm check-docx hicm-2020-assessment.docx
      hicm check-docx out/*.docx --json
    """
    from publish.docx.accessibility import check

    report = {}
    for path in files:
        data = read_input(path)
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise InputError("is not a .docx (not a zip file)", str(path))
        # The file may come from anywhere: the hostile-package checks collect uses (size, entry
        # count, ratio, escaping names, macros, DTDs, bounded inflation of every XML part) first.
        package = open_docx(path, data)
        for name in package.names:
            if name.endswith((".xml", ".rels")):
                package.xml(name)
        try:
            report[str(path)] = [f.as_dict() for f in check(data)]
        except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
            raise InputError(f"is not a readable .docx: {exc}".splitlines()[0][:300], str(path)) from None
    if as_json:
        click.echo(json.dumps(report, indent=2))
    else:
        for path, failures in report.items():
            if not failures:
                click.echo(f"{path}: passes every check")
            for f in failures:
                click.echo(f"{path}: {f['rule']}: {f['part']} {f['element']}: {f['message']}")
    if any(report.values()):
        raise SystemExit(1)
