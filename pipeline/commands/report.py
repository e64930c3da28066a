"""`hicm report`: the national picture from the collected returns, as HTML, Word or Markdown, and a chart."""
from __future__ import annotations

import json
from pathlib import Path

import click

from pipeline.core.atomic import write_bytes
from pipeline.core.errors import InputError
from pipeline.manifest import default_root, load_manifest
from publish.report.build import report_from_store
from publish.report.render import FORMATS, render
from publish.returns.systems import read_systems


@click.command()
@click.option("--db", "db_path", required=True, metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
              help="The SQLite results store `hicm collect` wrote.")
@click.option("--edition", metavar="ID", help="Report this edition (default: the edition with most returns).")
@click.option("-o", "--output", required=True, metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
              help="Report file: .html, .docx or .md (the format follows the name).")
@click.option("--chart", "chart_path", metavar="PNG", type=click.Path(dir_okay=False, path_type=Path),
              help="Also draw a stacked bar chart (systems at each level, per change) as PNG.")
@click.option("--systems", "systems_path", metavar="CSV", type=click.Path(dir_okay=False, path_type=Path),
              help="CSV of the systems expected to return (a `system` or `name` column), to list who has not.")
@click.option("--json", "as_json", is_flag=True, help="Also print the report's figures as JSON.")
def report(db_path: Path, edition: str | None, output: Path, chart_path: Path | None, systems_path: Path | None,
           as_json: bool) -> None:
    """Count the latest return of every local system: per change, systems at each level and at
    Established or better; per matrix row the distribution; who has not returned.

    \b
    Examples:
      hicm report --db results.sqlite -o report.html --chart chart.png
      hicm report --db results.sqlite --edition 2015 -o report.md --systems hwb-areas.csv
      hicm report --db results.sqlite -o report.docx
    """
    if edition:
        load_manifest(default_root()).edition(edition)   # an unknown id is an error before the store is opened
    kind = FORMATS.get(output.suffix.lower())
    if kind is None:
        raise InputError("the report's name must end in .html, .docx or .md", str(output))
    expected = [system.name for system in read_systems(systems_path).systems] if systems_path else None
    model = report_from_store(db_path, edition, expected)
    png = None
    if chart_path or kind == "docx":
        from publish.report.chart import chart_png   # noqa: PLC0415 (matplotlib loads only when drawing)
        png = chart_png(model)
    if chart_path:
        write_bytes(chart_path, png)
    write_bytes(output, render(model, kind, _chart_link(chart_path, output), png))
    if as_json:
        click.echo(json.dumps(model, ensure_ascii=False, indent=2))
    else:
        click.echo(f"wrote {output} (edition {model['edition']}, {model['returns']} returns)"
                   + (f" and {chart_path}" if chart_path else ""))


def _chart_link(chart_path: Path | None, output: Path) -> str | None:
    """Given the chart's path and the report's, return how the HTML report links the chart: relative where it can be."""
    if chart_path is None:
        return None
    try:
        return str(chart_path.resolve().relative_to(output.resolve().parent))
    except ValueError:
        return str(chart_path.resolve())
