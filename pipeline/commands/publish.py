"""`hicm publish assessment|action-plan`: fillable Word documents for one edition, for one or many local systems."""
from __future__ import annotations

import json
from pathlib import Path

import click

from pipeline.core.progress import progress_bar
from pipeline.editions import load_edition, load_edition_file
from publish.returns.systems import read_systems


def _edition(edition_id: str | None, edition_file: Path | None) -> dict:
    """Given --edition or --edition-file, return the edition record."""
    if edition_file is not None:
        return load_edition_file(edition_file)
    if not edition_id:
        raise click.UsageError("give --edition ID or --edition-file FILE")
    return load_edition(edition_id)


def _common(function):
    """Given a command function, add the options every publish command shares."""
    options = [
        click.option("--edition", "edition_id", metavar="ID", help="Edition id (2015, 2019, 2020); read from build/editions/ or built now."),
        click.option("--edition-file", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="Use this edition JSON file instead."),
        click.option("--system", metavar="NAME", help="Make the document out to this local system."),
        click.option("--contact", metavar="TEXT", help="Contact line for --system (name, email)."),
        click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The .docx to write (one document)."),
        click.option("--systems", "systems_csv", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="CSV of local systems (`name`, optional `contact`): one document each."),
        click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), help="Where --systems documents go."),
        click.option("--no-protect", is_flag=True, help="Do not restrict editing to filling in the controls."),
        click.option("--json", "as_json", is_flag=True, help="Print the list of files written as JSON."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _run(kind: str, edition_id, edition_file, system, contact, output, systems_csv, out_dir, no_protect, as_json,
         prefill: Path | None = None) -> None:
    """Given the parsed options, publish one document or one per system, and report what was written."""
    from publish.forms.batch import write_document, write_documents   # noqa: PLC0415 (python-docx loads only here)

    if (output is None) == (systems_csv is None):
        raise click.UsageError("give either -o FILE or --systems CSV --out-dir DIR")
    if systems_csv is not None and out_dir is None:
        raise click.UsageError("--systems needs --out-dir DIR")
    if prefill is not None and system is None and systems_csv is None:
        raise click.UsageError("--prefill needs --system NAME or --systems CSV")
    systems = read_systems(systems_csv) if systems_csv else None
    edition = _edition(edition_id, edition_file)
    if systems is None:
        written = [write_document(kind, edition, output, system, contact, not no_protect, prefill)]
    else:
        with progress_bar(f"Writing {kind}", length=len(systems), quiet=as_json) as bar:
            written = write_documents(kind, edition, systems, out_dir, not no_protect, prefill,
                                      progress=lambda done: bar.update(1))
    if as_json:
        click.echo(json.dumps({"written": [str(path) for path in written]}, indent=2))
    else:
        for path in written:
            click.echo(f"wrote {path}")


@click.group()
def publish() -> None:
    """Write fillable Word documents for an edition: the self-assessment, or the action plan on its own.

    \b
    Examples:
      hicm publish assessment --edition 2020 -o hicm-2020-assessment.docx
      hicm publish action-plan --edition 2020 --system "Anytown and District" -o plan.docx
      hicm publish assessment --edition 2020 --systems systems.csv --out-dir out/
    """


@publish.command("assessment")
@_common
@click.option("--prefill", type=click.Path(dir_okay=False, exists=True, path_type=Path), metavar="RESULTS",
              help="Results store from `hicm collect`: fill in each system's latest answers, carried through "
                   "lineage from an earlier edition and marked as carried.")
def assessment(**options) -> None:
    """Write the self-assessment: cover, how to use, every change with its matrix, level drop-downs and evidence boxes, and the action plan.

    \b
    Examples:
      hicm publish assessment --edition 2020 -o hicm-2020-assessment.docx
      hicm publish assessment --edition 2020 --system "Anytown" --contact "Sam Smith, sam@example.org" -o anytown.docx
      hicm publish assessment --edition-file build/editions/2019.json --no-protect -o draft.docx
      hicm publish assessment --edition 2020 --systems systems.csv --out-dir out/ --json
      hicm publish assessment --edition 2020 --prefill results.sqlite --system "Anytown" -o anytown-2020.docx
    """
    _run("assessment", **options)


@publish.command("action-plan")
@_common
def action_plan(**options) -> None:
    """Write the action plan on its own (landscape): one row per change, a box per column and a date picker.

    \b
    Examples:
      hicm publish action-plan --edition 2020 -o hicm-2020-action-plan.docx
      hicm publish action-plan --edition 2015 --systems systems.csv --out-dir plans/
    """
    _run("action-plan", **options)
