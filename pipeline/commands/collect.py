"""`hicm collect`: read returned assessments and action plans into the SQLite results store."""
from __future__ import annotations

import json
from pathlib import Path

import click

from pipeline.core.errors import InputError
from pipeline.core.progress import progress_bar
from pipeline.manifest import default_root, load_manifest
from publish.forms.rounds import load_round
from publish.returns.batch import exit_status, expand_inputs, run_collect
from publish.returns.store import DEFAULT_WAIT


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE_OR_DIR...")
@click.option("--db", "db_path", required=True, metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
              help="SQLite results store to add to (made when the first file is stored; never another "
                   "program's database).")
@click.option("--edition", metavar="ID", help="The edition being collected; a file from another edition is refused. "
                                              "Default: the round's edition, with --round.")
@click.option("--round", "round_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
              help="The collection round being collected (the TOML `hicm publish --round` used); a return "
                   "issued in another round, or in none, is reported.")
@click.option("--csv", "csv_path", metavar="OUT", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write every answer of this batch as CSV (in place only once the store has it).")
@click.option("--json", "as_json", is_flag=True, help="Print, per file, its answered controls and its problems as JSON.")
@click.option("--jobs", type=click.IntRange(1, 32), metavar="N",
              default=1, show_default=True,
              help="Read files in N processes (worth it on an idle multi-core machine; storing stays in one).")
@click.option("--wait", type=click.FloatRange(0), metavar="SECONDS", default=DEFAULT_WAIT, show_default=True,
              help="How long to wait for another collect writing the same store before giving up (exit 3).")
def collect(inputs: tuple[str, ...], db_path: Path, edition: str | None, round_file: Path | None,
            csv_path: Path | None, as_json: bool, jobs: int, wait: float) -> None:
    """Read filled hicm templates (.docx, or the 2015 PDF action plan) and store every answer.

    Every file is treated as hostile (zip bombs, entity tricks, macros and renamed files are
    refused with one line); one bad file never stops the rest. A file that is not a return (no
    hicm controls, another edition than --edition, control tags edited by hand) is refused and
    nothing of it is stored. The same file collected twice is stored once. A return belongs to
    the system it was made out to; a cover naming another system is a conflict, stored but never
    counted; a newer return from a system supersedes the older (both kept). A batch is stored
    all at once or not at all.

    \b
    Exit status:
      0  every file stored (or collected before), no problems
      1  stored, with problems reported (another system's name or round, a modified template,
         a level typed instead of chosen, unanswered rows, an implausible date, two files
         from one system); or nothing stored because writing failed (disk full, no
         permission), said in the last line
      2  some file was refused as input and nothing of it stored (the rest were stored),
         or --db is not a hicm results store (left unchanged)
      3  the store is busy: another collect kept writing it for --wait seconds; nothing stored

    \b
    Examples:
      hicm collect returns/ --db results.sqlite
      hicm collect returns/*.docx --db results.sqlite --edition 2020 --csv answers.csv
      hicm collect returns/ --db results.sqlite --round examples/round-2020-21.toml
      hicm collect barnsley.docx --db results.sqlite --json
    """
    collection_round = load_round(round_file) if round_file else None
    if collection_round is not None:
        edition = edition or collection_round.edition
    if edition:
        load_manifest(default_root()).edition(edition)   # an unknown id is an error before any file is read
    paths = expand_inputs(list(inputs))
    if not paths:
        raise InputError("no .docx or .pdf files found", " ".join(inputs))

    def waiting() -> None:
        click.echo(f"hicm: {db_path}: another hicm command is writing the store; waiting up to {wait:g} s",
                   err=True)

    with progress_bar("Collecting", length=len(paths), quiet=as_json) as bar:
        results = run_collect(paths, db_path, edition, progress=lambda path: bar.update(1), jobs=jobs,
                              csv_path=csv_path, wait=wait, on_wait=waiting,
                              round_id=collection_round.id if collection_round else None)
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
        where = f"results in {db_path}" if counts[0] or len(results) > counts[1] else "nothing stored"
        click.echo(f"{len(results)} file(s): {counts[0]} stored, {counts[1]} refused; {where}")
    click.get_current_context().exit(exit_status(results))
