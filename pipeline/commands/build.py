"""`hicm build`: every edition in source_docs/ into DIR/editions/<id>.json."""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from pipeline.build import build as run_build
from normalize.lineage import load_lineage
from pipeline.manifest import load_manifest
from pipeline.core.progress import progress_bar


@click.command()
@click.option("--out", "out_dir", default="build", show_default=True, metavar="DIR", type=click.Path(file_okay=False, path_type=Path), help="Where to write editions/<id>.json and catalogues/<id>.json.")
@click.option("--source-docs", "root", metavar="DIR", type=click.Path(file_okay=False, exists=True, path_type=Path), help="The source_docs folder with editions.toml (default: ./source_docs, else the bundled one).")
@click.option("--edition", "editions", multiple=True, metavar="ID", help="Build only this edition (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary (files written, findings per edition and severity).")
@click.option("--lineage", "lineage_path", metavar="FILE", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="The lineage file that keys changes across editions (default: normalize/lineage.toml).")
@click.option("--strict", is_flag=True, help="Exit with status 1 when any finding has severity \"error\" (for CI); outputs are still written.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N", help="Read files in N processes (default: the machine's cores, at most 4). The outputs do not depend on N.")
def build(out_dir: Path, root: Path | None, editions: tuple[str, ...], as_json: bool, lineage_path: Path | None,
          strict: bool, jobs: int | None) -> None:
    """Read every edition listed in source_docs/editions.toml and write one merged record per edition.

    Outputs are written only when every edition succeeded, each file atomically, so a failed
    build leaves the previous one in place.

    \b
    Examples:
      hicm build
      hicm build --out /tmp/hicm --edition 2020
      hicm build --source-docs new/source_docs --lineage new/lineage.toml
      hicm build --strict --json        # in CI: fail on any error-severity finding
    """
    manifest = load_manifest(root)
    lineage = load_lineage(lineage_path)
    total = sum(len(e.manifestations) for e in manifest.editions if not editions or e.id in editions) + (
        0 if editions else sum(1 for c in manifest.catalogues for m in c.manifestations if m.format == "html"))
    with progress_bar("Reading", length=total, quiet=as_json, show_item=True) as bar:
        result = run_build(manifest, out_dir, list(editions) or None, progress=lambda label: bar.update(1, label),
                           lineage=lineage, jobs=jobs)
    summary = {
        "written": [str(p) for p in result.written],
        "findings": {e: dict(Counter(f["severity"] for f in fs)) for e, fs in result.findings.items()},
    }
    errors = sum(counts.get("error", 0) for counts in summary["findings"].values())
    if as_json:
        click.echo(json.dumps(summary, indent=2))
    else:
        for path in result.written:
            click.echo(f"wrote {path}")
        for edition, counts in summary["findings"].items():
            parts = ", ".join(f"{n} {sev}" for sev, n in sorted(counts.items())) or "none"
            click.echo(f"edition {edition}: findings: {parts}")
    if strict and errors:
        click.echo(f"hicm: error: --strict: {errors} finding(s) of severity error (see the editions' findings)", err=True)
        sys.exit(1)
