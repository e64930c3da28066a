"""Rebuild a maturity matrix whose cells a text extraction listed one after another (2015).

The 2015 text gives each matrix as cell paragraphs, row by row, five per row, each cell
hard-wrapped to its column's width. The first column is about half as wide again as the
others, so a row starts at a cell whose first line is wider than any line of the narrow
columns. Where the extraction put two cells on one line (2015 Change 7: "No choice protocol
in place Choice protocol being"), a row comes out one cell short; the wide first line is
split where the tail would fit the narrow column and starts with a capital letter.
"""
from __future__ import annotations

from extract.base import join_wrapped_lines
from pipeline.core.text import normalise_space

COLUMNS = 5


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


def rebuild_rows(cells: list[list[str]]) -> tuple[list[list[str]], list[dict]]:
    """Given a matrix's cell paragraphs in reading order, return (rows of five cell texts, notes).

    Notes are dicts {code, severity, message, block} for the findings the caller reports
    (`block` is the index of the cell paragraph concerned).
    """
    notes: list[dict] = []
    if not cells:
        return [], notes
    starts = row_starts(cells)
    width = narrow_width(cells, starts)
    rows: list[list[str]] = []
    bounds = starts + [len(cells)]
    ok = True
    for start, end in zip(bounds, bounds[1:]):
        row = [list(c) for c in cells[start:end]]
        if len(row) == COLUMNS - 1:
            split = split_merged(row[0], width)
            if split is None:
                ok = False
                break
            row[0:1] = list(split)
            notes.append({"code": "matrix-cells-merged", "severity": "info", "block": start,
                          "message": "two matrix cells were printed on one line "
                                     f"(\"{normalise_space(cells[start][0])}\"); they were split into "
                                     f"\"{split[0][0]}\" and the next level's cell."})
        if len(row) != COLUMNS:
            ok = False
            break
        rows.append([join_wrapped_lines(_slash_joined(c)) for c in row])
    if ok:
        return rows, notes
    # The widths did not give rows of five: fall back to reading five at a time, and say so.
    rows = []
    for start in range(0, len(cells), COLUMNS):
        row = [join_wrapped_lines(_slash_joined(c)) for c in cells[start:start + COLUMNS]]
        rows.append(row + [""] * (COLUMNS - len(row)))
    return rows, [{"code": "matrix-cells-uncertain", "severity": "warning", "block": 0,
                   "message": "the matrix cells could not be matched to rows by their layout; they were read five "
                              "at a time and may be misplaced."}]


def _slash_joined(lines: list[str]) -> list[str]:
    """Given a cell's lines, return them with a line ending in "/" joined to the next without a space."""
    out: list[str] = []
    for line in lines:
        line = normalise_space(line)
        if out and out[-1].endswith("/") and line[:1].isalnum():
            out[-1] += line
        else:
            out.append(line)
    return out
