"""`hicm publish assessment|action-plan`: fillable Word documents for one edition, for one or many local systems."""
from __future__ import annotations

import json
from pathlib import Path

import click

from pipeline.core.errors import InputError
from pipeline.core.progress import progress_bar
from pipeline.editions import load_edition, load_edition_file
from publish.forms.rounds import Round, load_round
from publish.returns.systems import read_systems


def _edition(edition_id: str | None, edition_file: Path | None, collection_round: Round | None) -> dict:
    """Given --edition or --edition-file (or a round, which names its edition), return the edition record."""
    if edition_file is not None:
        edition = load_edition_file(edition_file)
    elif edition_id or collection_round is not None:
        edition = load_edition(edition_id or collection_round.edition)
    else:
        raise click.UsageError("give --edition ID, --edition-file FILE or --round FILE")
    if collection_round is not None and edition["edition"]["id"] != collection_round.edition:
        raise InputError(f"the round {collection_round.id} issues edition {collection_round.edition}, "
                         f"not {edition['edition']['id']}", collection_round.source)
    return edition


def _common(function):
    """Given a command function, add the options every publish command shares."""
    options = [
        click.option("--edition", "edition_id", metavar="ID", help="Edition id (2015, 2019, 2020); read from build/editions/ or built now. Default: the round's edition."),
        click.option("--round", "round_file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
                     help="The collection round (TOML, see examples/round-2020-21.toml): its name, issue and "
                          "return-by dates, return address, contact, logo and sign-off wording go into every document."),
        click.option("--edition-file", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="Use this edition JSON file instead."),
        click.option("--system", metavar="NAME", help="Make the document out to this local system."),
        click.option("--contact", metavar="TEXT", help="Contact for --system (name, email), filled into the cover's contact box (the system can correct it)."),
        click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The .docx to write (one document)."),
        click.option("--systems", "systems_csv", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="CSV of local systems (`name`, optional `contact`): one document each."),
        click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), help="Where --systems documents go (made if missing; its parent must exist)."),
        click.option("--no-protect", is_flag=True, help="Do not restrict editing to filling in the controls."),
        click.option("--force", is_flag=True, help="Replace a different blank hicm document already at a target (never "
                     "a filled return, nor a file hicm did not write)."),
        click.option("--json", "as_json", is_flag=True, help="Print the files written, those left unchanged and the "
                     "warnings as JSON."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _run(kind: str, edition_id, round_file, edition_file, system, contact, output, systems_csv, out_dir, no_protect,
         force, as_json, prefill: Path | None = None) -> None:
    """Given the parsed options, publish one document or one per system, and report what was written."""
    from publish.forms.batch import write_document, write_documents   # noqa: PLC0415 (python-docx loads only here)

    if (output is None) == (systems_csv is None):
        raise click.UsageError("give either -o FILE or --systems CSV --out-dir DIR")
    if systems_csv is not None and out_dir is None:
        raise click.UsageError("--systems needs --out-dir DIR")
    if prefill is not None and system is None and systems_csv is None:
        raise click.UsageError("--prefill needs --system NAME or --systems CSV")
    systems = read_systems(systems_csv) if systems_csv else None
    collection_round = load_round(round_file) if round_file else None
    edition = _edition(edition_id, edition_file, collection_round)
    if systems is None:
        done = write_document(kind, edition, output, system, contact, not no_protect, prefill, force, collection_round)
    else:
        with progress_bar(f"Writing {kind}", length=len(systems.systems), quiet=as_json) as bar:
            done = write_documents(kind, edition, systems, out_dir, not no_protect, prefill, force,
                                   progress=lambda system: bar.update(1), collection_round=collection_round)
    if as_json:
        click.echo(json.dumps(done.record(), ensure_ascii=False, indent=2))
        return
    for warning in done.warnings:
        click.echo(f"hicm: warning: {systems_csv}: {warning}", err=True)
    if systems is None:
        click.echo(f"wrote {output}" if done.written else f"{output}: unchanged (already this document)")
        return
    unchanged = f", {len(done.unchanged)} already there and unchanged" if done.unchanged else ""
    warned = f"; {len(done.warnings)} warning(s) above" if done.warnings else ""
    click.echo(f"wrote {len(done.written)} {kind} document(s) to {out_dir}{unchanged}{warned}")


@click.group()
def publish() -> None:
    """Write fillable Word documents for an edition: the self-assessment, or the action plan on its own.

    A file already at a target is never overwritten unless it is the same document (left
    unchanged) or --force is given; a filled return, or a file hicm did not write, is never
    replaced. A batch (--systems) is written in full or not at all, warns about every renamed
    duplicate and every ignored CSV column, and prints one summary line (--json: every file).

    \b
    Examples:
      hicm publish assessment --edition 2020 -o hicm-2020-assessment.docx
      hicm publish action-plan --edition 2020 --system "Anytown and District" -o plan.docx
      hicm publish assessment --round examples/round-2020-21.toml --systems systems.csv --out-dir out/
    """


@publish.command("assessment")
@_common
@click.option("--prefill", type=click.Path(dir_okay=False, exists=True, path_type=Path), metavar="RESULTS",
              help="Results store from `hicm collect`: fill in each system's latest answers, carried through "
                   "lineage from an earlier edition and marked as carried.")
def assessment(**options) -> None:
    """Write the self-assessment: a cover (return details, partners, sign-off), how to use, every change with its matrix and a level drop-down and evidence box per row, and the action plan.

    \b
    Examples:
      hicm publish assessment --edition 2020 -o hicm-2020-assessment.docx
      hicm publish assessment --round examples/round-2020-21.toml --system "Anytown" --contact "Sam Smith, sam@example.org" -o anytown.docx
      hicm publish assessment --edition-file build/editions/2019.json --no-protect -o draft.docx
      hicm publish assessment --edition 2020 --systems systems.csv --out-dir out/ --json
      hicm publish assessment --edition 2020 --prefill results.sqlite --system "Anytown" -o anytown-2020.docx
    """
    _run("assessment", **options)


@publish.command("action-plan")
@_common
def action_plan(**options) -> None:
    """Write the action plan on its own (landscape): a head (system, contact, date, partners), then one row per change with a box per column, a lead and a date picker.

    \b
    Examples:
      hicm publish action-plan --edition 2020 -o hicm-2020-action-plan.docx
      hicm publish action-plan --edition 2015 --systems systems.csv --out-dir plans/
      hicm publish action-plan --round examples/round-2020-21.toml --system "Anytown" -o anytown-plan.docx
    """
    _run("action-plan", **options)
