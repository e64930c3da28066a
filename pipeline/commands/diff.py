"""`hicm diff A B`: what changed between two editions, for auditors, in five formats."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from normalize.compare import diff_editions
from normalize.lineage import load_lineage, rekeyed
from pipeline.core.atomic import write_bytes
from pipeline.core.errors import InputError, OutputError
from pipeline.editions import load_edition
from publish.diff import RENDERERS, render


@click.command()
@click.argument("old", metavar="A")
@click.argument("new", metavar="B")
@click.option("-f", "--format", "fmt", type=click.Choice(list(RENDERERS)), default="text", show_default=True,
              help="Report format: text (terminal), markdown (pull request, email), html (one accessible page), "
                   "json (schema/hicm-diff.schema.json), docx (Word redline with tracked changes).")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("-o", "--output", metavar="OUT", type=click.Path(dir_okay=False, path_type=str),
              help="Write the report here instead of standard output ('-' for standard output).")
@click.option("--exact", is_flag=True,
              help="Report typographic variants too (curly or straight quotes, dashes, spacing, a final full stop); "
                   "by default only wording that differs in meaning is reported.")
@click.option("--markup", is_flag=True,
              help="Text format: the whole text with [-deleted-] and {+inserted+} marks instead of each edit in words.")
@click.option("--lineage", "lineage_path", metavar="FILE", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Key and relate changes with this lineage file (default: normalize/lineage.toml): preview an "
                   "edited copy before replacing the real one.")
@click.option("--color/--no-color", default=None,
              help="Colour the text report (default: only when standard output is a terminal).")
def diff(old: str, new: str, fmt: str, as_json: bool, output: str | None, exact: bool, markup: bool,
         lineage_path: Path | None, color: bool | None) -> None:
    """Report what changed from edition A to edition B, in meaning.

    A and B are edition ids from source_docs/editions.toml (read from build/editions/<id>.json
    when built, else built on demand) or canonical JSON files. Changes are keyed and aligned by
    the lineage file as it is now: added, removed, renamed, split (each part compared with the
    share of the old change it took), merged, renumbered, modified; within each change, what
    changed in its summary, statements, tips, examples, materials and matrix cells. Fields that
    one edition does not publish at all (a text rendering's link targets) are named once, not
    compared. The same inputs give the same bytes.

    \b
    Examples:
      hicm diff 2015 2019
      hicm diff 2019 2020 --exact --markup          # every typographic edit, marked inline
      hicm diff 2019 2020 --format markdown -o changes.md
      hicm diff 2020 2024 --lineage /tmp/lineage.toml   # try an edited lineage
      hicm diff 2015 2020 --format docx -o redline.docx
      hicm diff build/editions/2019.json build/editions/2020.json --json | jq .summary
    """
    fmt = "json" if as_json else fmt
    to_stdout = not output or output == "-"
    if fmt == "docx" and to_stdout and sys.stdout.isatty():
        raise InputError("a Word document cannot be shown on a terminal; give -o FILE.docx", "-")
    if color is None:
        color = to_stdout and sys.stdout.isatty()
    lineage = load_lineage(lineage_path)
    editions = [rekeyed(load_edition(argument), lineage) for argument in (old, new)]
    model = diff_editions(*editions, lineage=lineage, exact=exact)
    report = render(model, fmt, color=color and fmt == "text", markup=markup)
    if to_stdout:
        sys.stdout.buffer.write(report)
        sys.stdout.buffer.flush()
    else:
        try:
            write_bytes(output, report)
        except OSError as exc:
            raise OutputError(f"cannot write the report: {exc.strerror}", output) from None
