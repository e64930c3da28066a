"""Benchmarks: scripts that measure, not tests."""
from __future__ import annotations

import argparse
from typing import Callable


def run_script(doc: str, measure: Callable[[int], list[dict]], line: Callable[[dict], str]) -> None:
    """Given a benchmark module's docstring, its measure(repeat) and a row formatter, parse --repeat and print each row."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for row in measure(args.repeat):
        print(line(row))
