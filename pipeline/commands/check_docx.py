"""`hicm check-docx`: the accessibility checks of a Word document."""
from __future__ import annotations

import json
from pathlib import Path

import click

from pipeline.core.untrusted import read_input


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
    from publish.docx.accessibility import check_file   # noqa: PLC0415 (lxml checks load only here)

    report = {str(path): [f.as_dict() for f in check_file(path, read_input(path))] for path in files}
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
