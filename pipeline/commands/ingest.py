"""`hicm ingest FILE`: one published file into canonical JSON."""
from __future__ import annotations

import json
import sys

import click

from pipeline.core.atomic import dump_json, write_bytes
from normalize.lineage import load_lineage
from pipeline.ingest import ingest_file, tree_of_file


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--edition", "edition_id", metavar="ID", help="Edition the file belongs to (default: recognised from source_docs/editions.toml by its sha256).")
@click.option("-o", "--output", metavar="OUT", type=click.Path(dir_okay=False, writable=True, path_type=str), help="Write the JSON here instead of standard output ('-' for standard output).")
@click.option("--coverage", is_flag=True, help="Instead of the JSON, report what in the file ended up nowhere in the output (boilerplate is named as such).")
@click.option("--json", "as_json", is_flag=True, help="With --coverage: print the report as JSON.")
@click.option("--lineage", "lineage_path", metavar="FILE", type=click.Path(dir_okay=False, exists=True, path_type=str), help="The lineage file that keys changes across editions (default: normalize/lineage.toml).")
@click.option("--tree", is_flag=True, help="Instead of the record, write the document tree the file's reader saw (headings, paragraphs, lists, tables, boxes, furniture, each with its place), before the interpreter reads the model from it.")
@click.option("--debug-pdf", metavar="DIR", type=click.Path(file_okay=False, path_type=str), help="For a PDF: write one PNG per page to DIR showing what was detected.")
def ingest(file: str, edition_id: str | None, output: str | None, coverage: bool, as_json: bool,
           lineage_path: str | None, tree: bool, debug_pdf: str | None) -> None:
    """Read one published FILE (PDF, HTML or text) into the canonical JSON.

    The output follows schema/hicm-model.schema.json (or schema/hicm-catalogue.schema.json for
    a resource catalogue such as the hub page). Nothing is written if the file cannot be read.

    \b
    Examples:
      hicm ingest source_docs/2015/hicm-2015.txt
      hicm ingest source_docs/2020/hicm-2020-draft.pdf -o 2020-pdf.json
      hicm ingest new-release.txt --edition 2020 --coverage
      hicm ingest new-release.html --tree -o tree.json
    """
    if tree:
        _write(dump_json(tree_of_file(file)), output)
        return
    if debug_pdf:
        from extract.pdf_debug import write_debug_images  # noqa: PLC0415 (only when asked for)
        write_debug_images(file, debug_pdf)
    lineage = load_lineage(lineage_path) if lineage_path else None
    result = ingest_file(file, edition_id, lineage=lineage)
    if coverage:
        leftovers = [{"where": l.where, "reason": l.reason, "text": l.text} for l in result.leftovers]
        if as_json:
            click.echo(json.dumps({"source": result.document["sources"][0]["path"], "leftovers": leftovers},
                                  ensure_ascii=False, indent=2))
            return
        source = result.document["sources"][0]["path"]
        if not leftovers:
            click.echo(f"{source}: everything was placed in the output")
            return
        placed = sum(1 for l in result.leftovers if l.is_boilerplate)
        click.echo(f"{source}: {len(leftovers)} pieces left out ({placed} boilerplate, {len(leftovers) - placed} unplaced)")
        for l in leftovers:
            where = l["where"]
            spot = ":".join(str(where[k]) for k in ("line", "page", "element") if k in where)
            click.echo(f"  {spot or '?'}\t{l['reason']}\t{l['text'][:100]}")
        return
    _write(dump_json(result.document), output)


def _write(data: bytes, output: str | None) -> None:
    if output and output != "-":
        write_bytes(output, data)
    else:
        sys.stdout.buffer.write(data)
