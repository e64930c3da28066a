"""Progress bars for batch commands: click's bar on a terminal, nothing when stderr is piped or --json."""
from __future__ import annotations

import sys
from typing import Iterable

import click


class _Quiet:
    """Stands in for click's progress bar: iterates the items (if any) and ignores updates."""

    def __init__(self, items: Iterable | None):
        self.items = items

    def __enter__(self):
        return iter(self.items) if self.items is not None else self

    def __exit__(self, *exc):
        return False

    def update(self, n, current_item=None):
        pass


def progress_bar(label: str, items: Iterable | None = None, length: int | None = None, quiet: bool = False,
                 show_item: bool = False):
    """Given a label and the items (or their count), return a context manager for a progress bar on stderr.

    It draws only when stderr is a terminal and `quiet` is false (e.g. with --json), so logs and
    scripts never get bar characters.
    """
    if quiet or not sys.stderr.isatty():
        return _Quiet(items)
    return click.progressbar(items, length=length, label=label, file=sys.stderr, show_pos=True,
                             item_show_func=(lambda item: item) if show_item else None)
