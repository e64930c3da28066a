"""`hicm lint EDITION`: defects in an edition's published wording, as findings (the data is never changed)."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from normalize.lineage import load_lineage
from normalize.lint import source_defects
from pipeline.editions import build_edition, load_edition_file, looks_like_file
from pipeline.findings import finding_line
from pipeline.manifest import default_root

#: Findings lint lists besides the wording defects: what the maintainer must settle in the lineage file.
LINEAGE_GAPS = ("unmapped-change",)


def _record(edition: str, root: Path | None, lineage_path: Path | None) -> dict:
    """Given an edition id or a JSON file, return the canonical record to lint (built in memory for an id).

    Lint never reads build/: a maintainer linting an id wants the sources as they are now.
    """
    if looks_like_file(edition):
        return load_edition_file(edition)
    return build_edition(edition, root, load_lineage(lineage_path))


@click.command()
@click.argument("edition", metavar="EDITION")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON array.")
@click.option("--source-docs", "root", metavar="DIR", type=click.Path(file_okay=False, exists=True, path_type=Path), help="The source_docs folder with editions.toml (for an edition id).")
@click.option("--lineage", "lineage_path", metavar="FILE", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="The lineage file (default: normalize/lineage.toml).")
@click.option("--code", "codes", multiple=True, metavar="CODE", help="Only findings with this code (repeatable).")
def lint(edition: str, as_json: bool, root: Path | None, lineage_path: Path | None, codes: tuple[str, ...]) -> None:
    """List defects in the published text of EDITION: repeated sentences and words, misspellings,
    truncated sentences, placeholders, stray editorial text, empty headings, page stamps; and the
    changes the lineage file does not map yet (`unmapped-change`: see `hicm lineage suggest`).

    EDITION is an edition id from source_docs/editions.toml (read and merged in memory) or a
    canonical JSON file (an edition from `hicm build`, or a manifestation from `hicm ingest`).
    Each finding is one line, `file:line: severity code: message`, with a stable code; --json
    gives each with its locations and suggestion. Nothing is changed.
    Source-QA findings the record already carries (from a reader or a build) are listed too;
    `hicm build` adds the same findings to each edition's `findings`.

    \b
    Examples:
      hicm lint 2019
      hicm lint build/editions/2020.json --json
      hicm lint 2019 --code misspelling --code repeated-words
    """
    record = _record(edition, root, lineage_path)
    found = source_defects(record) + [f for f in record.get("findings", []) if f["code"] in LINEAGE_GAPS]
    if codes:
        found = [f for f in found if f["code"] in codes]
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for f in found:
        click.echo(finding_line(f, root or default_root()))
    counts = Counter(f["code"] for f in found)
    summary = ", ".join(f"{n} {code}" for code, n in sorted(counts.items())) or "no defects found"
    click.echo(f"{len(found)} finding(s): {summary}")
