"""`hicm build`: every edition in source_docs/ into DIR/editions/<id>.json, its findings on screen."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from normalize.lineage import load_lineage
from pipeline.build import build as run_build
from pipeline.core.progress import progress_bar
from pipeline.findings import counts, failure, report_lines
from pipeline.manifest import load_manifest


@click.command()
@click.option("--out", "out_dir", default="build", show_default=True, metavar="DIR", type=click.Path(file_okay=False, path_type=Path), help="Where to write editions/<id>.json and catalogues/<id>.json.")
@click.option("--source-docs", "root", metavar="DIR", type=click.Path(file_okay=False, exists=True, path_type=Path), help="The source_docs folder with editions.toml (default: ./source_docs, else the bundled one).")
@click.option("--edition", "editions", multiple=True, metavar="ID", help="Build only this edition (repeatable): an id from source_docs/editions.toml.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead: the files written, and per edition its findings and their counts by severity.")
@click.option("--lineage", "lineage_path", metavar="FILE", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="The lineage file that keys changes across editions (default: normalize/lineage.toml).")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warning findings too, not only on errors (for CI).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but the error findings and the failure.")
@click.option("--verbose", "-v", is_flag=True, help="Print info findings too.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N", help="Read files in N processes (default: one, or the machine's cores, at most 4, when there are megabytes to read). The outputs do not depend on N.")
def build(out_dir: Path, root: Path | None, editions: tuple[str, ...], as_json: bool, lineage_path: Path | None,
          strict: bool, quiet: bool, verbose: bool, jobs: int | None) -> None:
    """Read every edition listed in source_docs/editions.toml and write one merged record per edition.

    Findings are printed to standard error as a compiler prints diagnostics, one a line
    (`file:line: severity code: message`), grouped by edition with a count per edition. An
    error finding (a source file that is not the one the manifest names) makes the command fail
    with status 1, a warning too with --strict; the records are still written, findings included.
    Records are written only when every edition could be read, each file atomically, so a build
    that stops leaves the previous one in place.

    \b
    Examples:
      hicm build
      hicm build --out /tmp/hicm --edition 2020
      hicm build --source-docs new/source_docs --lineage new/lineage.toml
      hicm build --strict --quiet          # in CI: fail on any warning, print only what fails
      hicm build --json | jq '.findings["2020"][] | select(.severity == "warning")'
    """
    manifest = load_manifest(root)
    lineage = load_lineage(lineage_path)
    for edition_id in editions:
        manifest.edition(edition_id)   # an unknown id is an error before anything is read
    total = sum(len(e.manifestations) for e in manifest.editions if not editions or e.id in editions) + (
        0 if editions else sum(1 for c in manifest.catalogues for m in c.manifestations if m.format == "html"))
    with progress_bar("Reading", length=total, quiet=as_json or quiet, show_item=True) as bar:
        result = run_build(manifest, out_dir, list(editions) or None, progress=lambda label: bar.update(1, label),
                           lineage=lineage, jobs=jobs)
    by_edition = {f"edition {edition}": found for edition, found in result.findings.items()}
    if as_json:
        click.echo(json.dumps({"written": [str(p) for p in result.written],
                               "counts": {e: counts(found) for e, found in result.findings.items()},
                               "findings": result.findings}, ensure_ascii=False, indent=2))
    elif quiet:
        errors = {label: [f for f in found if f["severity"] == "error"] for label, found in by_edition.items()}
        for line in report_lines({label: found for label, found in errors.items() if found}, manifest.root, False):
            if not line.startswith("edition "):
                click.echo(line, err=True)
    else:
        for path in result.written:
            click.echo(f"wrote {path}")
        for line in report_lines(by_edition, manifest.root, verbose):
            click.echo(line, err=True)
    why = failure(by_edition, strict)
    if why:
        click.echo(f"hicm: error: build failed: {why} (the records were written; their findings say why)", err=True)
        sys.exit(1)
