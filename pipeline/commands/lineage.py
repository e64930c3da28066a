"""`hicm lineage suggest EDITION`: the lineage entries a new edition needs, as TOML to read, paste or --write."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from normalize.lineage import lineage_name, load_lineage, rekeyed
from normalize.suggest import lineage_toml, previous_edition, suggest as propose, with_proposals
from pipeline.core.atomic import write_bytes
from pipeline.core.errors import InputError
from pipeline.editions import build_edition, load_edition, load_edition_file, looks_like_file


@click.group()
def lineage() -> None:
    """The lineage file, normalize/lineage.toml: which change of each edition is which.

    \b
    Examples:
      hicm lineage suggest 2024             # the entries a new release needs, as TOML
      hicm lineage suggest 2024 --write     # accept them
    """


def _record(edition: str, root: Path | None, lineage_file, built: bool) -> dict:
    """Given an edition id or JSON file, return its record keyed by the lineage.

    The edition being mapped is read from its sources as they are now (built in memory);
    the earlier one may come from build/editions/ when built.
    """
    if looks_like_file(edition):
        return rekeyed(load_edition_file(edition), lineage_file)
    if built and root is None:
        return rekeyed(load_edition(edition), lineage_file)
    return build_edition(edition, root, lineage_file)


@lineage.command("suggest", short_help="Propose the lineage entries an edition needs (--write accepts them).")
@click.argument("edition", metavar="EDITION")
@click.option("--against", metavar="ID", help="The earlier edition to judge against (default: the one before EDITION in "
                                              "the lineage's `editions`, or its last one for a new edition).")
@click.option("--write", is_flag=True, help="Write the entries into the lineage file (checked first: an entry the file "
                                            "would refuse is an error and nothing is written).")
@click.option("--lineage", "lineage_path", metavar="FILE", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="The lineage file (default: normalize/lineage.toml).")
@click.option("--source-docs", "root", metavar="DIR", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="The source_docs folder with editions.toml (for edition ids).")
@click.option("--json", "as_json", is_flag=True, help="Print the entries as a JSON array (key, relation, number, titles, "
                                                      "from, evidence).")
def suggest(edition: str, against: str | None, write: bool, lineage_path: Path | None, root: Path | None,
            as_json: bool) -> None:
    """Propose the lineage entries EDITION needs: one for every change (and enabler) the lineage
    does not map for it yet, and one for every earlier change nothing in it carries on.

    Each change is judged against the earlier edition by its title, then by its content (title,
    summary, I/We statements, tips and matrix text): unchanged (same title), renamed (similar
    content, with its score), split or merged (content shared with two changes), added, or
    removed. Each entry's evidence is a comment above it. EDITION is an edition id from
    source_docs/editions.toml (read from its sources now) or a JSON file from `hicm ingest`.

    \b
    Examples:
      hicm lineage suggest 2024                  # read the TOML
      hicm lineage suggest 2024 --write          # accept it: edits normalize/lineage.toml
      hicm lineage suggest 2024 --lineage /tmp/lineage.toml --write   # try it on a copy
      hicm lineage suggest /tmp/2024.json --json
    """
    lineage_file = load_lineage(lineage_path)
    new = _record(edition, root, lineage_file, built=False)
    new_id = new["edition"]["id"]
    try:
        against = against or previous_edition(lineage_file, new_id)
    except ValueError as exc:
        raise InputError(str(exc), lineage_name(lineage_file)) from None
    old = _record(against, root, lineage_file, built=True)
    proposals = propose(new, old, lineage_file)
    if write:
        path = Path(lineage_file.path)
        if not proposals:
            click.echo(f"{lineage_name(lineage_file)} already maps every change of {new_id}: nothing written")
            return
        try:
            text = with_proposals(path.read_text(encoding="utf-8"), proposals, new_id, lineage_file.path)
        except ValueError as exc:
            raise InputError(str(exc), lineage_name(lineage_file)) from None
        write_bytes(path, text.encode("utf-8"))
        relations = Counter(p.relation for p in proposals)
        counted = ", ".join(f"{n} {relation}" for relation, n in relations.items())
        click.echo(f"wrote {len(proposals)} entries for {new_id} to {lineage_name(lineage_file)}: {counted}")
        return
    if as_json:
        click.echo(json.dumps([p.as_dict() for p in proposals], ensure_ascii=False, indent=2))
        return
    click.echo(lineage_toml(proposals, new_id, against, f"hicm lineage suggest {edition}"), nl=False)
