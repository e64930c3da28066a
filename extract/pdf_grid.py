"""Ruled tables from ruling segments: snap → merge → connect → grid of cells.

The chain follows pdfplumber's table finder, but starts from PDFium's segments and is built
to scale with the number of *segments*, not with the square of the page's objects: a browser
print draws every cell border as its own path (hundreds of thousands in one file).

1. `snap_and_merge`: segments at (nearly) the same position are snapped to one line, and
   touching or overlapping pieces on it are merged into one segment: a table's hundreds of
   border pieces become its few rules. Sorting makes this O(n log n).
2. `connect`: horizontal and vertical rules that cross are joined into groups (union-find);
   each vertical looks up the horizontals it may cross by binary search on their position.
3. `grid_of`: a group's distinct rule positions are the grid's row and column boundaries; a
   boundary missing between two neighbouring slots merges them into one spanning cell.

A grid with one row or one column is a ruled *box* (a panel around flowing text), not a
table; the tree builder reads its content as a `Box`.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from extract.pdf_page import Segment


@dataclass
class Cell:
    """One cell of a grid: its slot (row, column), its span, and its box on the page."""
    row: int
    column: int
    rowspan: int
    colspan: int
    bbox: tuple[float, float, float, float]


@dataclass
class Grid:
    """One ruled grid on one page: row and column boundaries and its cells, top to bottom, left to right."""
    page: int
    ys: list[float]
    xs: list[float]
    cells: list[Cell] = field(default_factory=list)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    @property
    def rows(self) -> int:
        return len(self.ys) - 1

    @property
    def columns(self) -> int:
        return len(self.xs) - 1

    @property
    def is_box(self) -> bool:
        """True for a ruled panel around flowing text: one column, or one row."""
        return self.rows <= 1 or self.columns <= 1


def _cluster(values: list[float], tolerance: float) -> list[float]:
    """Given sorted positions, return for each the mean of its cluster (positions within `tolerance` of the previous)."""
    snapped: list[float] = []
    start = 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] - values[index - 1] > tolerance:
            mean = sum(values[start:index]) / (index - start)
            snapped.extend([mean] * (index - start))
            start = index
    return snapped


def snap_and_merge(segments: list[Segment], tolerance: float) -> tuple[list[Segment], list[Segment]]:
    """Given ruling segments, return (horizontal rules, vertical rules), snapped and merged.

    Segments whose position differs by at most `tolerance` points lie on one line; pieces on a
    line that touch or overlap (a gap of at most `tolerance`) become one segment.
    """
    horizontal = sorted((s for s in segments if s.horizontal), key=lambda s: s.top)
    vertical = sorted((s for s in segments if not s.horizontal), key=lambda s: s.x0)
    rules_h = _merge([(y, s.x0, s.x1) for y, s in zip(_cluster([s.top for s in horizontal], tolerance), horizontal)],
                     tolerance)
    rules_v = _merge([(x, s.top, s.bottom) for x, s in zip(_cluster([s.x0 for s in vertical], tolerance), vertical)],
                     tolerance)
    return ([Segment(a, y, b, y) for y, a, b in rules_h], [Segment(x, a, x, b) for x, a, b in rules_v])


def _merge(pieces: list[tuple[float, float, float]], tolerance: float) -> list[tuple[float, float, float]]:
    """Given (position, start, end) pieces, return them with touching pieces at one position merged."""
    merged: list[tuple[float, float, float]] = []
    for position, start, end in sorted(pieces):
        if merged and merged[-1][0] == position and start <= merged[-1][2] + tolerance:
            last = merged[-1]
            merged[-1] = (position, last[1], max(last[2], end))
        else:
            merged.append((position, start, end))
    return merged


def connect(horizontal: list[Segment], vertical: list[Segment], tolerance: float) -> list[tuple[list[Segment], list[Segment]]]:
    """Given snapped rules, return the groups of rules that cross one another, as (horizontals, verticals)."""
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_y = sorted(range(len(horizontal)), key=lambda i: horizontal[i].top)
    ys = [horizontal[i].top for i in by_y]
    crossed = [False] * len(horizontal)
    for j, v in enumerate(vertical):
        for k in range(bisect_left(ys, v.top - tolerance), bisect_right(ys, v.bottom + tolerance)):
            h = horizontal[by_y[k]]
            if h.x0 - tolerance <= v.x0 <= h.x1 + tolerance:
                crossed[by_y[k]] = True
                a, b = find(by_y[k]), find(len(horizontal) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(horizontal):
        if crossed[i]:
            groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        root = find(len(horizontal) + j)
        if root in groups:
            groups[root][1].append(v)
    return list(groups.values())


def _positions(values: list[float], tolerance: float) -> list[float]:
    """Given positions, return the distinct ones (within `tolerance`), sorted."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > tolerance:
            out.append(value)
    return out


def _rules_at(rules: list[Segment], positions: list[float], horizontal: bool) -> list[list[tuple[float, float]]]:
    """Given rules and the grid's boundary positions, return per position the (start, end) spans of its rules."""
    spans: list[list[tuple[float, float]]] = [[] for _ in positions]
    for rule in rules:
        at, low, high = (rule.top, rule.x0, rule.x1) if horizontal else (rule.x0, rule.top, rule.bottom)
        spans[_nearest(positions, at)].append((low, high))
    return spans


def _nearest(positions: list[float], value: float) -> int:
    """Given sorted positions, return the index of the one nearest to value."""
    index = bisect_left(positions, value)
    if index == len(positions) or (index > 0 and value - positions[index - 1] < positions[index] - value):
        return index - 1
    return index


def _covers(spans: list[tuple[float, float]], start: float, end: float, tolerance: float) -> bool:
    """Given the spans of the rules at one boundary, return True when one covers the middle of (start, end)."""
    middle = (start + end) / 2
    return any(low - tolerance <= middle <= high + tolerance for low, high in spans)


#: A grid with more slots than this is not read as a table (a hostile or decorative pattern).
MAX_GRID_SLOTS = 50_000


def grid_of(page: int, horizontal: list[Segment], vertical: list[Segment], tolerance: float) -> Grid | None:
    """Given one group of crossing rules, return its grid of cells (spans where a boundary is missing), or None.

    Where the column rules run on past the last row rule (a row split by a page break, whose
    bottom border a browser does not draw), their end closes the grid.
    """
    ys = [h.top for h in horizontal] + [min(v.top for v in vertical), max(v.bottom for v in vertical)]
    ys, xs = _positions(ys, tolerance), _positions([v.x0 for v in vertical], tolerance)
    if len(ys) < 2 or len(xs) < 2:
        return None
    rows, columns = len(ys) - 1, len(xs) - 1
    if rows * columns > MAX_GRID_SLOTS:
        return None
    h_at, v_at = _rules_at(horizontal, ys, True), _rules_at(vertical, xs, False)
    owner = list(range(rows * columns))

    def find(i: int) -> int:
        while owner[i] != i:
            owner[i] = owner[owner[i]]
            i = owner[i]
        return i

    for r in range(rows):
        for c in range(columns):
            if c + 1 < columns and not _covers(v_at[c + 1], ys[r], ys[r + 1], tolerance):
                owner[find(r * columns + c + 1)] = find(r * columns + c)
            if r + 1 < rows and not _covers(h_at[r + 1], xs[c], xs[c + 1], tolerance):
                owner[find((r + 1) * columns + c)] = find(r * columns + c)
    slots: dict[int, list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(columns):
            slots.setdefault(find(r * columns + c), []).append((r, c))
    grid = Grid(page, ys, xs)
    for members in slots.values():
        top = min(r for r, _ in members)
        bottom = max(r for r, _ in members)
        left = min(c for _, c in members)
        right = max(c for _, c in members)
        grid.cells.append(Cell(top, left, bottom - top + 1, right - left + 1,
                               (xs[left], ys[top], xs[right + 1], ys[bottom + 1])))
    grid.cells.sort(key=lambda cell: (cell.row, cell.column))
    return grid


def find_grids(page: int, segments: list[Segment], tolerance: float) -> list[Grid]:
    """Given a page's ruling segments, return its ruled grids, top to bottom (nested boxes inside a table dropped)."""
    horizontal, vertical = snap_and_merge(segments, tolerance)
    grids = [g for group in connect(horizontal, vertical, tolerance)
             if (g := grid_of(page, *group, tolerance)) is not None]
    grids.sort(key=lambda g: (g.ys[0], g.xs[0]))
    return grids
