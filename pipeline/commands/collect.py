"""`hicm collect`: read returned assessments and action plans into the SQLite results store."""
from __future__ import annotations

import json
from pathlib import Path

import click

from pipeline.core.atomic import write_bytes
from pipeline.core.errors import HicmError, InputError
from pipeline.core.progress import progress_bar
from publish.returns import store
from publish.returns.batch import answers_csv, exit_status, expand_inputs, run_collect


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE_OR_DIR...")
@click.option("--db", "db_path", required=True, metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
              help="SQLite results store to add to (created if missing).")
@click.option("--edition", metavar="ID", help="The edition being collected; a file from another edition is reported.")
@click.option("--csv", "csv_path", metavar="OUT", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write every answer of this batch as CSV.")
@click.option("--json", "as_json", is_flag=True, help="Print, per file, its answered controls and its problems as JSON.")
@click.option("--jobs", type=click.IntRange(1, 32), metavar="N",
              default=1, show_default=True,
              help="Read files in N processes (worth it on an idle multi-core machine; storing stays in one).")
def collect(inputs: tuple[str, ...], db_path: Path, edition: str | None, csv_path: Path | None,
            as_json: bool, jobs: int) -> None:
    """Read filled hicm templates (.docx, or the 2015 PDF action plan) and store every answer.

    Every file is treated as hostile (zip bombs, entity tricks, macros and renamed files are
    refused with one line); one bad file never stops the rest. The same file collected twice
    is stored once; a newer return from the same system supersedes the older (both kept).

    \b
    Exit status: 0 every file collected without problems; 1 some file has problems
    (another edition, a modified template, a level typed instead of chosen, unanswered rows,
    two files from one system); 2 some file was refused as input.

    \b
    Examples:
      hicm collect returns/ --db results.sqlite
      hicm collect returns/*.docx --db results.sqlite --edition 2020 --csv answers.csv
      hicm collect barnsley.docx --db results.sqlite --json
    """
    paths = expand_inputs(list(inputs))
    if not paths:
        raise InputError("no .docx or .pdf files found", " ".join(inputs))
    try:
        connection = store.connect(db_path)
        connection.close()
    except Exception as exc:
        raise HicmError(f"cannot open the results store ({exc})", str(db_path)) from None
    with progress_bar("Collecting", length=len(paths), quiet=as_json) as bar:
        results = run_collect(paths, db_path, edition, progress=lambda path: bar.update(1), jobs=jobs)
    if csv_path:
        write_bytes(csv_path, answers_csv(results))
    if as_json:
        click.echo(json.dumps({"files": [r.record() for r in results], "exit_status": exit_status(results)},
                              ensure_ascii=False, indent=2))
    else:
        for result in results:
            sub = result.submission
            status = "refused" if result.rejected else "stored" if result.stored else "already collected"
            who = f" {sub.system or '?'} ({sub.template} {sub.edition}, {sum(a.answered for a in sub.answers)} " \
                  f"answers)" if sub else ""
            click.echo(f"{result.path}: {status}{who}")
            for problem in result.problems:
                click.echo(f"  {problem['severity']}: {problem['code']}: {problem['message']}")
        counts = (sum(r.stored for r in results), sum(r.rejected for r in results))
        click.echo(f"{len(results)} file(s): {counts[0]} stored, {counts[1]} refused; results in {db_path}")
    click.get_current_context().exit(exit_status(results))
