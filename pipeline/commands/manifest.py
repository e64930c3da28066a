"""`hicm manifest add`: a new release's files into source_docs/editions.toml, with their formats and digests."""
from __future__ import annotations

from pathlib import Path

import click

from pipeline.findings import shown_path
from pipeline.ingest import sniff_format
from pipeline.manifest import MANIFEST_NAME, add_edition, load_manifest


@click.group()
def manifest() -> None:
    """The manifest of editions, source_docs/editions.toml: which files make up which edition.

    \b
    Examples:
      hicm manifest add 2024 source_docs/2024/hicm-2024.txt --title "…" --published 2024-09
    """


@manifest.command("add", short_help="Add a new edition and its files (formats and digests read from them).")
@click.argument("edition_id", metavar="ID")
@click.argument("files", nargs=-1, required=True, metavar="FILE...",
                type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--title", required=True, help="The edition's title, as published.")
@click.option("--published", metavar="YYYY[-MM[-DD]]", help="When it was published.")
@click.option("--status", type=click.Choice(["published", "draft", "withdrawn"]), default="published",
              show_default=True, help="Its publication status.")
@click.option("--source-docs", "root", metavar="DIR", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="The source_docs folder with editions.toml (default: ./source_docs, else the bundled one).")
def add(edition_id: str, files: tuple[Path, ...], title: str, published: str | None, status: str,
        root: Path | None) -> None:
    """Add edition ID, published as FILE..., to the manifest (after its last edition).

    Each FILE must already be under the source_docs folder (by convention source_docs/ID/); its
    format is read from its content and its sha256 computed, so nothing is typed by hand. Every
    other line of editions.toml, comments included, stays as it was.

    \b
    Examples:
      hicm manifest add 2024 source_docs/2024/hicm-2024.txt --title "High impact change model (2024)" \\
          --published 2024-09 --status draft
    """
    current = load_manifest(root)
    edition = add_edition(current, edition_id, title, published, status, list(files), sniff_format)
    where = shown_path(current.root / MANIFEST_NAME)
    click.echo(f"added edition {edition.id} ({len(edition.manifestations)} "
               f"file{'s' * (len(edition.manifestations) != 1)}) to {where}")
