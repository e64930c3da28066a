"""Tables for the PDF reader: ruled tables found by their lines, their cell texts, and merges across pages.

pdfplumber finds the tables (explicit `table_settings`: ruling lines only, never guessed
from text alignment); this module turns each into a `Grid` of cell texts built from the
page's words, tells a shaded one-column box (a "Supporting Materials" panel) from a real
table, and joins a table that continues on the next page with its header row repeated.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.core.text import strip_accents_fold
from extract.pdf_layout import Word

#: pdfplumber table settings: tables come from ruling lines and rectangle edges only.
TABLE_SETTINGS: dict = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}


@dataclass
class Grid:
    """One ruled table on one page: its cells' texts and boxes, row by row."""
    page: int
    bbox: tuple[float, float, float, float]
    cells: list[list[str]]
    boxes: list[list[tuple | None]]
    note: str | None = None
    pages: list[int] = field(default_factory=list)   # every page the (merged) table covers
    row_pages: list[tuple[int, tuple]] = field(default_factory=list)  # per row: (page, row bbox)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.cells), default=0)

    @property
    def is_box(self) -> bool:
        """True for a shaded panel (one row or one column): a box around flowing text, not a table."""
        return self.width <= 1 or len(self.cells) <= 1


def find_grids(page, page_number: int, words: list[Word]) -> list[Grid]:
    """Given a pdfplumber page and its words, return its ruled tables as Grids (top to bottom)."""
    grids = []
    for table in page.find_tables(TABLE_SETTINGS):
        boxes = [list(row.cells) for row in table.rows]
        cells = [[cell_text(words, box) if box else "" for box in row] for row in boxes]
        if not any(any(c for c in row) for row in cells):
            continue  # a rule-drawn frame with no text in it (a decorative panel)
        row_pages = [(page_number, row.bbox) for row in table.rows]
        grids.append(Grid(page_number, tuple(table.bbox), cells, boxes, pages=[page_number], row_pages=row_pages))
    return sorted(grids, key=lambda g: (g.bbox[1], g.bbox[0]))


def cell_text(words: list[Word], box: tuple) -> str:
    """Given words and a cell box, return the cell's text, one line per printed line ("\n" between).

    The lines are joined later (extract.pdf_blocks.join_text), when the whole document's
    hyphenated words are known.
    """
    x0, top, x1, bottom = box
    inside = [w for w in words if x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom]
    lines: list[list[Word]] = []
    for w in sorted(inside, key=lambda w: (round(w.top), w.x0)):
        if lines and abs(lines[-1][0].top - w.top) < 0.4 * w.size:
            lines[-1].append(w)
        else:
            lines.append([w])
    out = []
    for line in lines:
        line.sort(key=lambda w: w.x0)
        out.append(" ".join(w.text for w in line) + (" " if line[-1].space_after else ""))
    return "\n".join(out)


def header_matches(a: list[str], b: list[str]) -> bool:
    """Given two header rows, return True when they say the same (a repeated header row)."""
    return len(a) == len(b) and [strip_accents_fold(x) for x in a] == [strip_accents_fold(x) for x in b]


def merge_continued(grids: list[Grid]) -> list[Grid]:
    """Given tables in document order, return them with each table continued on the next page merged in.

    A table continues the previous one when it starts a page, has the same columns and repeats
    the same header row. A first row whose first cell is empty is the wrapped end of the previous
    table's last row and is joined into it cell by cell. The merge is recorded in `note`.
    """
    out: list[Grid] = []
    for grid in grids:
        prev = out[-1] if out else None
        if (prev is not None and not grid.is_box and not prev.is_box and grid.page == prev.pages[-1] + 1
                and grid.width == prev.width and grid.cells and prev.cells
                and header_matches(grid.cells[0], prev.cells[0])):
            rows = grid.cells[1:]
            boxes = grid.boxes[1:]
            row_pages = grid.row_pages[1:]
            joined = False
            if rows and not rows[0][0].strip() and len(prev.cells) > 1:
                prev.cells[-1] = ["\n".join(x for x in (a, b) if x) for a, b in zip(prev.cells[-1], rows[0])]
                rows, boxes, row_pages = rows[1:], boxes[1:], row_pages[1:]
                joined = True
            prev.cells.extend(rows)
            prev.boxes.extend(boxes)
            prev.row_pages.extend(row_pages)
            prev.pages.append(grid.page)
            prev.note = (f"merged from pages {prev.pages[0]}-{grid.page}: the header row repeated on page "
                         f"{grid.page} was dropped" + ("; a row wrapping across the break was joined" if joined else ""))
            continue
        out.append(grid)
    return out
