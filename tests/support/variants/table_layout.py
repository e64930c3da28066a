"""Size a table's columns the way a typesetter would, so that a table never runs past its column.

A designed publication never prints a table past its column: a table that fits is set at
the column's width with columns sized to their content; a wider one is set across the whole
text width (a one-column stretch in a two-column layout); one wider still goes on a landscape
page (`word.py` decides which). The rule is the browsers' automatic table layout (CSS 2.1,
17.5.2.2): each column has a minimum width (its longest word, which cannot break) and a
preferred width (its longest cell on one line); when the preferred widths fit they share the
room in proportion, otherwise the room above the minimums is shared in proportion to what
each column would still like.

Words are measured in the face the table is set in (the font file fontconfig picks for it, as
LibreOffice does), bold where the cell is bold, so the sizes are what LibreOffice will set and
the same on every machine with the same fonts.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageFont

#: Word's default left plus right cell margins (0.19 cm each), plus a little for borders and rounding, in cm.
CELL_PADDING_CM = 0.5
#: An empty column is a space to write in (an action plan is a form): it gets at least this much.
WRITING_SPACE_CM = 3.0
#: A long cell is not set on one line: its preferred width is capped here.
PREFERRED_CAP_CM = 12.0
#: Where a line may break: at spaces, and after a hyphen ("multi-" / "agency"); LibreOffice does not break
#: after a slash between letters ("reablement/intermediate" stays one word).
BREAKS = re.compile(r"\s+|(?<=-)")

PT_PER_CM = 72 / 2.54
_MEASURING_SIZE = 1000     # points: font files measured at a large size, so rounding does not matter


@lru_cache(maxsize=None)
def _font_file(family: str, bold: bool) -> str:
    """Given a family and a weight, return the font file fontconfig (and so LibreOffice) sets it from."""
    if not shutil.which("fc-match"):
        raise RuntimeError("fc-match (fontconfig) is missing: install LibreOffice and fonts-liberation "
                           "(tests/install-libreoffice.sh)")
    pattern = f"{family}:{'bold' if bold else 'regular'}"
    return subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True,
                          check=True).stdout.strip()


@lru_cache(maxsize=None)
def _font(family: str, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(_font_file(family, bold), _MEASURING_SIZE)


@dataclass(frozen=True)
class Face:
    """The face a table is set in: a family (e.g. "Liberation Serif") and a size in points."""
    family: str
    size: float

    def width_cm(self, text: str, bold: bool = False) -> float:
        """Given a text, return its width on one line in cm."""
        return _font(self.family, bold).getlength(text) / _MEASURING_SIZE * self.size / PT_PER_CM


@dataclass(frozen=True)
class ColumnNeeds:
    """What one column needs: `minimum` (its longest unbreakable word) and `preferred` (its longest cell), in cm."""
    minimum: float
    preferred: float


def column_needs(rows: list[list[str]], face: Face, bold_rows: int = 0,
                 bold_first_column: bool = False) -> list[ColumnNeeds]:
    """Given a table's rows of cell texts, its face and which cells are bold, return each column's needs in cm.

    The first `bold_rows` rows (the header) are bold, and the first column when
    `bold_first_column` (row headers). A column's minimum is its longest unbreakable stretch
    (see BREAKS); a column whose body cells are all blank is a space to write in and gets at
    least WRITING_SPACE_CM.
    """
    count = max((len(row) for row in rows), default=0)
    needs = []
    for column in range(count):
        cells = [(row[column], n < bold_rows or (column == 0 and bold_first_column))
                 for n, row in enumerate(rows) if column < len(row)]
        word = max((face.width_cm(part, bold) for text, bold in cells for part in BREAKS.split(text)), default=0.0)
        line = min(max((face.width_cm(text, bold) for text, bold in cells), default=0.0), PREFERRED_CAP_CM)
        blank = len(cells) > bold_rows and not any(text.strip() for text, _ in cells[bold_rows:])
        minimum = max(word + CELL_PADDING_CM, WRITING_SPACE_CM if blank else 0.0)
        needs.append(ColumnNeeds(minimum, max(line + CELL_PADDING_CM, minimum)))
    return needs


def fits(needs: list[ColumnNeeds], width_cm: float) -> bool:
    """Given the columns' needs, return whether the table can be set within width_cm without a word overflowing."""
    return sum(need.minimum for need in needs) <= width_cm


def column_widths(needs: list[ColumnNeeds], width_cm: float) -> list[float]:
    """Given the columns' needs and a width, return each column's width in cm (summing to width_cm).

    E.g. a two-column levels table in an 8 cm column: the label column gets about its longest
    label, the description column the rest. A table that does not fit (a caller with no wider
    place left) has its minimums scaled down, and its longest words break.
    """
    minimums = sum(need.minimum for need in needs)
    if minimums > width_cm:
        return [width_cm * need.minimum / minimums for need in needs]
    preferred = sum(need.preferred for need in needs)
    if preferred <= width_cm:
        return [width_cm * need.preferred / preferred for need in needs]
    spare = width_cm - minimums
    wanted = sum(need.preferred - need.minimum for need in needs) or 1.0
    return [need.minimum + spare * (need.preferred - need.minimum) / wanted for need in needs]
