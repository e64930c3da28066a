"""`hicm publish assessment|action-plan`: fillable Word documents for one edition, for one or many local systems."""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import click

from pipeline.core.progress import progress_bar
from pipeline.core.atomic import write_bytes
from pipeline.editions import load_edition, load_edition_file
from pipeline.core.errors import InputError
from pipeline.core.untrusted import read_input

MAX_SYSTEMS = 2000
NAME_COLUMNS = ("name", "system", "local system")
CONTACT_COLUMNS = ("contact", "contacts", "email")


@dataclass(frozen=True)
class System:
    """One local system a document is made out to."""
    name: str
    contact: str | None


def slug(text: str) -> str:
    """Given a name, return a safe file-name slug (ASCII letters, digits and hyphens, at most 60 characters)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return cleaned[:60].rstrip("-") or "system"


def read_systems(path: Path) -> list[System]:
    """Given a CSV of local systems (a `name` column, optional `contact`), return them; InputError names file and line."""
    raw = read_input(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", str(path)) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return _systems_from(reader, path)
    except csv.Error as exc:
        raise InputError(f"line {reader.line_num}: not valid CSV: {exc}", str(path)) from None


def _systems_from(reader, path: Path) -> list[System]:
    """Given a csv reader over a systems file, return its systems (InputError naming the line of a bad row)."""
    header = next(reader, None)
    if not header:
        raise InputError("is empty; expected a header row with a `name` column", str(path))
    columns = [h.strip().lower() for h in header]
    name_at = next((columns.index(c) for c in NAME_COLUMNS if c in columns), None)
    if name_at is None:
        raise InputError(f"line 1: no `name` column (columns: {', '.join(header)})", str(path))
    contact_at = next((columns.index(c) for c in CONTACT_COLUMNS if c in columns), None)
    systems = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputError(f"line {line}: {len(row)} fields, the header has {len(header)}", str(path))
        name = row[name_at].strip()
        if not name:
            raise InputError(f"line {line}: the name is empty", str(path))
        if len(name) > 200 or any(unicodedata.category(ch) == "Cc" for ch in name):
            raise InputError(f"line {line}: the name is not a plausible system name", str(path))
        contact = row[contact_at].strip() if contact_at is not None else ""
        systems.append(System(name, contact or None))
        if len(systems) > MAX_SYSTEMS:
            raise InputError(f"more than {MAX_SYSTEMS} systems", str(path))
    if not systems:
        raise InputError("lists no systems", str(path))
    return systems


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
    from publish.forms.action_plan import build_action_plan_template
    from publish.forms.assessment import build_assessment_template
    from publish.docx.package import Personaliser, personalise

    if (output is None) == (systems_csv is None):
        raise click.UsageError("give either -o FILE or --systems CSV --out-dir DIR")
    if systems_csv is not None and out_dir is None:
        raise click.UsageError("--systems needs --out-dir DIR")
    systems = read_systems(systems_csv) if systems_csv else None
    edition = _edition(edition_id, edition_file)
    build = build_assessment_template if kind == "assessment" else build_action_plan_template
    template = build(edition, protected=not no_protect)   # built once; each system patches its copy
    if prefill is not None:
        if system is None and systems is None:
            raise click.UsageError("--prefill needs --system NAME or --systems CSV")
        from publish.forms.prefill import prefill_for_template
        blank = template

        def document_for(name, contact_line):   # each system's own earlier answers, so no shared template
            answers = prefill_for_template(prefill, name, edition, blank)
            return personalise(build(edition, answers=answers, protected=not no_protect), name, contact_line)
    else:
        personaliser = Personaliser(template)   # compresses the template once for every system

        def document_for(name, contact_line):
            return personaliser.make(name, contact_line) if name else template
    written: list[str] = []
    if systems is None:
        write_bytes(output, document_for(system, contact))
        written.append(str(output))
    else:
        used: dict[str, int] = {}
        with progress_bar(f"Writing {kind}", items=systems, quiet=as_json) as bar:
            for entry in bar:
                base = f"hicm-{edition['edition']['id']}-{kind}-{slug(entry.name)}"
                used[base] = used.get(base, 0) + 1
                name = base if used[base] == 1 else f"{base}-{used[base]}"
                target = out_dir / f"{name}.docx"
                write_bytes(target, document_for(entry.name, entry.contact))
                written.append(str(target))
    if as_json:
        click.echo(json.dumps({"written": written}, indent=2))
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
