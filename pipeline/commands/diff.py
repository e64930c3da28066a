"""`hicm diff A B`: what changed between two editions, for auditors, in five formats."""
from __future__ import annotations

import sys

import click

from pipeline.core.atomic import write_bytes
from pipeline.editions import load_edition, load_edition_file, looks_like_file
from pipeline.core.errors import InputError, OutputError
from normalize.compare import diff_editions
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
@click.option("--color/--no-color", default=None,
              help="Colour the text report (default: only when standard output is a terminal).")
def diff(old: str, new: str, fmt: str, as_json: bool, output: str | None, color: bool | None) -> None:
    """Report what changed from edition A to edition B.

    A and B are edition ids from source_docs/editions.toml (read from build/editions/<id>.json
    when built, else built on demand) or canonical JSON files. Changes are aligned by their
    lineage key (normalize/lineage.toml): added, removed, renamed, split, merged, renumbered,
    modified; within each change, word-level differences of summary, statements, tips,
    examples, materials and matrix cells. Output is the same bytes for the same inputs.

    \b
    Examples:
      hicm diff 2015 2019
      hicm diff 2019 2020 --format markdown -o changes.md
      hicm diff 2015 2020 --format docx -o redline.docx
      hicm diff build/editions/2019.json build/editions/2020.json --json | jq .summary
    """
    fmt = "json" if as_json else fmt
    to_stdout = not output or output == "-"
    if fmt == "docx" and to_stdout and sys.stdout.isatty():
        raise InputError("a Word document cannot be shown on a terminal; give -o FILE.docx", "-")
    if color is None:
        color = to_stdout and sys.stdout.isatty()
    editions = [load_edition_file(a) if looks_like_file(a) else load_edition(a) for a in (old, new)]
    report = render(diff_editions(*editions), fmt, color=color and fmt == "text")
    if to_stdout:
        sys.stdout.buffer.write(report)
        sys.stdout.buffer.flush()
    else:
        try:
            write_bytes(output, report)
        except OSError as exc:
            raise OutputError(f"cannot write the report: {exc.strerror}", output) from None
