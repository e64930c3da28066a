"""Maturity matrices: a table whose header names the five levels, or its cells printed one after another.

A matrix is a table whose header row names the five levels in order, in any case, with or
without a theme column before them ("Theme", "Area" or blank); its other rows are one theme
each. A table split across pages comes as several tables (or one marked `continued`) whose
header rows may repeat: the rows are read in order and a repeated header is skipped.

A text extraction of a designed PDF (2015) prints the cells one after another instead, row by
row, each cell hard-wrapped to its column's width, under a line naming the five levels.
`rebuild_rows` puts them back in rows: the first column is about half as wide again as the
others, so a row starts at a cell whose first line is wider than any line of the narrow
columns; where the extraction put two cells on one line (2015 change 7: "No choice protocol
in place Choice protocol being"), a row comes out one cell short and the wide first line is
split where the tail would fit the narrow column and starts with a capital letter.
"""
from __future__ import annotations

from extract import vocabulary
from pipeline.core.text import normalise_space
from extract.doc import Table, lines_of, text_of
from schema.model import LEVEL_KEYS

COLUMNS = len(LEVEL_KEYS)


def matrix_header(table: Table) -> tuple[int, bool] | None:
    """Given a table, return (the index of its level header row, whether it has a theme column), or None."""
    for index, row in enumerate(table.rows[:2]):
        found = vocabulary.level_header([cell.text for cell in row.cells])
        if found:
            return index, found[1] is not None
    return None


def table_rows(table: Table, themed: bool, subject: str, report) -> list[dict]:
    """Given a matrix table (header found) and whether it has a theme column, return its matrix rows.

    A row repeating the header (a page break in a long table) is skipped; a row with the wrong
    number of cells is kept, padded or cut, with a `matrix-row-incomplete` finding (`report`
    is the ledger's).
    """
    width = COLUMNS + (1 if themed else 0)
    rows = []
    for row in table.rows:
        cells = [cell.text for cell in row.cells]
        if vocabulary.level_header(cells) or not any(cells):
            continue
        while len(cells) > width and not cells[-1]:
            cells.pop()
        if len(cells) != width:
            report("matrix-row-incomplete",
                   f"{subject.capitalize()}: a matrix row has {len(cells)} cells instead of "
                   f"{'a theme and ' if themed else ''}five levels.", list(row.provenance[:1] or table.provenance[:1]),
                   subject=f"{subject}.matrix")
            cells = (cells + [""] * width)[:width]
        rows.append({"theme": (cells[0] or None) if themed else None, "cells": dict(zip(LEVEL_KEYS, cells[-COLUMNS:])),
                     "provenance": list(row.provenance[:1] or table.provenance[:1])})
    return rows


# --------------------------------------------------------------------------- cells printed one after another

def _width(line: str) -> int:
    return len(normalise_space(line))


def row_starts(cells: list[list[str]]) -> list[int]:
    """Given cell paragraphs (lists of lines), return the indexes of the cells that start a row.

    With n cells there are ceil(n / 5) rows; the row starts are the cells with the widest
    first lines (the first column is the wide one), in reading order. The first cell always
    starts a row.
    """
    rows = -(-len(cells) // COLUMNS)
    ranked = sorted(range(1, len(cells)), key=lambda i: (-_width(cells[i][0]), i))
    return sorted([0] + ranked[:rows - 1])


def narrow_width(cells: list[list[str]], starts: list[int]) -> int:
    """Given the cells and the row starts, return the widest line of the narrow (non-first) columns."""
    widths = [_width(line) for i, cell in enumerate(cells) if i not in starts for line in cell]
    return max(widths, default=0)


def split_merged(cell: list[str], width: int) -> tuple[list[str], list[str]] | None:
    """Given a cell whose first line also holds the next cell's first line, return the two cells' lines.

    The split is at the first capitalised word (not the first word) after which the rest of
    the line fits the narrow column's width; None when there is no such word.
    """
    words = normalise_space(cell[0]).split(" ")
    for i in range(1, len(words)):
        tail = " ".join(words[i:])
        if words[i][:1].isupper() and len(tail) <= width:
            return [" ".join(words[:i])], [tail, *cell[1:]]
    return None


class PrintedCell:
    """A cell's printed lines and what joins each to the next (" ", or "" for a word or address wrapped at the
    line end), so that its text can be made from any run of its lines."""

    def __init__(self, lines: list[str], joints: list[str]):
        self.lines, self.joints = lines, joints

    @classmethod
    def of(cls, paragraph) -> "PrintedCell":
        """Given a paragraph, return its printed lines and their joints."""
        joints = [run.text for run in paragraph.runs if run.line_break]
        return cls([text_of(line) for line in lines_of(paragraph.runs)], joints)

    def text(self, start: int = 0, first: str | None = None) -> str:
        """Given the first line to use (and a replacement for it), return the text of the lines from there."""
        pieces = [first if first is not None else self.lines[start]]
        for joint, line in zip(self.joints[start:], self.lines[start + 1:]):
            pieces.append(joint + line)
        return normalise_space("".join(pieces))


def rebuild_rows(cells: list[PrintedCell]) -> tuple[list[list[str]], list[dict]]:
    """Given a matrix's cells in reading order, return (rows of five cell texts, notes); a note is
    {code, message, block} (`block`: the index of the cell concerned)."""
    notes: list[dict] = []
    if not cells:
        return [], notes
    lines = [cell.lines for cell in cells]
    starts = row_starts(lines)
    width = narrow_width(lines, starts)
    rows: list[list[str]] = []
    bounds = starts + [len(cells)]
    for start, end in zip(bounds, bounds[1:]):
        row = [cell.text() for cell in cells[start:end]]
        if len(row) == COLUMNS - 1:
            split = split_merged(cells[start].lines, width)
            if split is None:
                break
            (head,), (tail, *_) = split
            row[0:1] = [head, cells[start].text(0, first=tail)]
            notes.append({"code": "matrix-cells-merged", "block": start,
                          "message": "two matrix cells were printed on one line "
                                     f"(\"{normalise_space(cells[start].lines[0])}\"); they were split into "
                                     f"\"{head}\" and the next level's cell."})
        if len(row) != COLUMNS:
            break
        rows.append(row)
    else:
        return rows, notes
    # The widths did not give rows of five: read five at a time, and say so.
    rows = []
    for start in range(0, len(cells), COLUMNS):
        row = [cell.text() for cell in cells[start:start + COLUMNS]]
        rows.append(row + [""] * (COLUMNS - len(row)))
    return rows, [{"code": "matrix-cells-uncertain", "block": 0,
                   "message": "the matrix cells could not be matched to rows by their layout; they were read five "
                              "at a time and may be misplaced."}]
