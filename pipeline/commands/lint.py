"""`hicm lint EDITION`: defects in an edition's published wording, as findings (the data is never changed)."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from normalize.lineage import load_lineage
from normalize.lint import source_defects
from pipeline.editions import build_edition, load_edition_file, looks_like_file


def _record(edition: str, root: Path | None, lineage_path: Path | None) -> dict:
    """Given an edition id or a JSON file, return the canonical record to lint (built in memory for an id).

    Lint never reads build/: a maintainer linting an id wants the sources as they are now.
    """
    if looks_like_file(edition):
        return load_edition_file(edition)
    return build_edition(edition, root, load_lineage(lineage_path))


def _spot(where: list[dict]) -> str:
    if not where:
        return "?"
    loc = where[0]
    detail = ":".join(str(loc[k]) for k in ("line", "page", "element") if k in loc)
    return f"{loc['path']}:{detail}" if detail else loc["path"]


@click.command()
@click.argument("edition", metavar="EDITION")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON array.")
@click.option("--source-docs", "root", metavar="DIR", type=click.Path(file_okay=False, exists=True, path_type=Path), help="The source_docs folder with editions.toml (for an edition id).")
@click.option("--lineage", "lineage_path", metavar="FILE", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="The lineage file (default: normalize/lineage.toml).")
@click.option("--code", "codes", multiple=True, metavar="CODE", help="Only findings with this code (repeatable).")
def lint(edition: str, as_json: bool, root: Path | None, lineage_path: Path | None, codes: tuple[str, ...]) -> None:
    """List defects in the published text of EDITION: repeated sentences and words, misspellings,
    truncated sentences, placeholders, stray editorial text, empty headings, page stamps.

    EDITION is an edition id from source_docs/editions.toml (read and merged in memory) or a
    canonical JSON file (an edition from `hicm build`, or a manifestation from `hicm ingest`).
    Each finding has a stable code, a severity, a location and a suggestion; nothing is changed.
    Source-QA findings the record already carries (from a reader or a build) are listed too;
    `hicm build` adds the same findings to each edition's `findings`.

    \b
    Examples:
      hicm lint 2019
      hicm lint build/editions/2020.json --json
      hicm lint 2019 --code misspelling --code repeated-words
    """
    found = source_defects(_record(edition, root, lineage_path))
    if codes:
        found = [f for f in found if f["code"] in codes]
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for f in found:
        click.echo(f"{_spot(f['where'])}\t{f['code']}\t{f['message']}")
    counts = Counter(f["code"] for f in found)
    summary = ", ".join(f"{n} {code}" for code, n in sorted(counts.items())) or "no defects found"
    click.echo(f"{len(found)} finding(s): {summary}")
