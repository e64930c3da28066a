"""`python -m tests.support.variants measure|write|print`: the layout variants from a shell.

    measure [--edition E] [--variant V] [--failures N] [--json]
        render, read back and score; print the variant × edition table (today's figures)
    write DIR
        write every variant of every edition into DIR (.html, .txt, .docx and its .pdf)
    print DIR
        print the browser variants with Chromium into DIR (how tests/fixtures/variants/printed/ was made)
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from tests.support.variants.measure import measure_case, render_cases, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.variants", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    measure = commands.add_parser("measure", help="score every variant read back through the pipeline")
    measure.add_argument("--edition", action="append", help="only this edition (repeatable)")
    measure.add_argument("--variant", action="append", help="only this variant (repeatable)")
    measure.add_argument("--failures", type=int, default=0, metavar="N", help="also list the first N failing fields")
    measure.add_argument("--json", action="store_true", help="print the results as JSON")
    write = commands.add_parser("write", help="write every variant into a folder")
    write.add_argument("folder", type=Path)
    printing = commands.add_parser("print", help="print the browser variants with Chromium")
    printing.add_argument("folder", type=Path)
    args = parser.parse_args(argv)

    if args.command == "write":
        cases = render_cases(args.folder, prints=False)
        print(f"wrote {len(cases)} variants to {args.folder}")
        return 0
    if args.command == "print":
        from tests.support.variants.printing import print_all
        for path in print_all(args.folder):
            print(path)
        return 0
    with tempfile.TemporaryDirectory(prefix="variants-") as scratch:
        cases = render_cases(Path(scratch), args.edition, args.variant)
        results = [measure_case(case) for case in cases]
    if args.json:
        print(json.dumps([{"edition": r.case.edition, "variant": r.case.variant, "format": r.case.format,
                           "ratio": round(r.ratio, 4), "compared": r.score.compared if r.score else 0,
                           "error": r.error,
                           "mismatches": [str(m) for m in (r.score.mismatches if r.score else [])][:args.failures]}
                          for r in results], indent=2))
        return 0
    print(table(results))
    for result in results:
        if args.failures and result.score and result.score.mismatches:
            print(f"\n{result.case.edition} {result.case.variant}: {result.score.report(args.failures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
