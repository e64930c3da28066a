"""`hicm report`: the national picture from the collected returns, as HTML, Word or Markdown, and a chart."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import click

from pipeline.core.atomic import write_bytes
from pipeline.core.errors import InputError
from pipeline.core.untrusted import read_input
from publish.returns import store
from publish.report.build import build_report, read_systems_csv

FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".docx": "docx"}


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
    kind = FORMATS.get(output.suffix.lower())
    if kind is None:
        raise InputError("the report's name must end in .html, .docx or .md", str(output))
    if not db_path.is_file():
        raise InputError("no such results store (run hicm collect first)", str(db_path))
    expected = None
    if systems_path:
        expected = read_systems_csv(read_input(systems_path).decode("utf-8-sig", "replace"))
    connection = store.connect_readonly(db_path)   # a report never changes the store
    try:
        model = build_report(connection, edition, expected)
    except sqlite3.DatabaseError as exc:   # a store damaged past its header
        raise InputError(f"is not a readable results store ({exc})", str(db_path)) from None
    finally:
        connection.close()
    if model["edition"] is None or (edition and model["returns"] == 0):
        raise InputError(f"no assessment returns for edition {edition or '(any)'} in the store", str(db_path))
    from publish.report import render as report_render
    png = None
    if chart_path or kind == "docx":
        from publish.report.chart import chart_png
        png = chart_png(model)
    if chart_path:
        write_bytes(chart_path, png)
    if kind == "md":
        write_bytes(output, report_render.to_markdown(model).encode("utf-8"))
    elif kind == "html":
        name = None
        if chart_path:
            try:
                name = str(chart_path.resolve().relative_to(output.resolve().parent))
            except ValueError:
                name = str(chart_path.resolve())
        write_bytes(output, report_render.to_html(model, name).encode("utf-8"))
    else:
        write_bytes(output, report_render.to_docx(model, png))
    if as_json:
        click.echo(json.dumps(model, ensure_ascii=False, indent=2))
    else:
        click.echo(f"wrote {output} (edition {model['edition']}, {model['returns']} returns)"
                   + (f" and {chart_path}" if chart_path else ""))
