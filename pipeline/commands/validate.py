"""`hicm validate FILE.json`: check a canonical JSON file against its schema."""
from __future__ import annotations

import json
import sys

import click

import schema
from pipeline.core.errors import InputError
from pipeline.core.untrusted import read_json_input


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (one object per file).")
def validate(files: tuple[str, ...], as_json: bool) -> None:
    """Check canonical JSON FILES (editions, manifestations or catalogues) against the schema.

    Exit status 0 when every file is valid, 2 when any is not (each problem is printed as
    FILE: path: message).

    \b
    Examples:
      hicm validate build/editions/2020.json
      hicm validate --json golden/editions/*.json
    """
    results = []
    for name in files:
        document = read_json_input(name)
        kind = document.get("kind") if isinstance(document, dict) else None
        try:
            errors = schema.schema_errors(document, "catalogue" if kind == "catalogue" else "model")
        except RecursionError:
            raise InputError("nested too deeply to check against the schema", name) from None
        results.append({"file": name, "valid": not errors, "errors": errors})
    if as_json:
        click.echo(json.dumps(results, indent=2))
    else:
        for r in results:
            if r["valid"]:
                click.echo(f"{r['file']}: valid")
            for e in r["errors"]:
                click.echo(f"{r['file']}: {e}", err=True)
    if any(not r["valid"] for r in results):
        sys.exit(2)
