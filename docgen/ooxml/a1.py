"""A1 cell addresses: the one parser of «B12», «$A$2:$D$3», «Лист1!A2:XFD3,A5».

Used by the workbook reader (far cells, formula errors), the journal (rows, tables, the sheet
dimension) and the spreadsheet buttons (the rows a user selected).
"""

from __future__ import annotations

import re

__all__ = ["column_index", "column_letter", "parse_range", "parse_ref", "range_text", "rows_of"]

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)$")
_ROW_OR_CELL = re.compile(r"^\$?([A-Za-z]{1,3})?\$?([0-9]+)$")


def column_index(letters: str) -> int:
    """A → 1, AA → 27."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def column_letter(index: int) -> str:
    """1 → A, 27 → AA. Here rather than openpyxl's, so reading a registry does not import
    openpyxl (0.15 s)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def parse_ref(ref: str) -> tuple[int, int] | None:
    """«B12» → (12, 2): row and column; ``None`` when it is not a cell address."""
    m = _REF.match(ref.strip())
    if not m:
        return None
    return int(m[2]), column_index(m[1])


def parse_range(ref: str) -> tuple[int, int, int, int] | None:
    """«A1:F8» → (1, 1, 8, 6): first row, first column, last row, last column."""
    parts = ref.strip().split(":")
    if len(parts) not in (1, 2):
        return None
    corners = [parse_ref(p) for p in parts]
    if corners[0] is None or corners[-1] is None:
        return None
    (r1, c1), (r2, c2) = corners[0], corners[-1]
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def range_text(r1: int, c1: int, r2: int, c2: int) -> str:
    """(1, 1, 8, 6) → «A1:F8»; one cell → «A1»."""
    first, last = f"{column_letter(c1)}{r1}", f"{column_letter(c2)}{r2}"
    return first if first == last else f"{first}:{last}"


def rows_of(address: str) -> list[int]:
    """Worksheet rows of a selection address: «$A$2:$D$3,$A$5» → [2, 3, 5]; «A2:XFD3» and «2:3»
    (whole rows) → [2, 3]. Sheet prefixes («Лист1!», «$Лист1.») are ignored. ValueError when a
    part is not an address."""
    rows: set[int] = set()
    for part in re.split(r"[,;]", address or ""):
        part = part.strip().split("!")[-1].split(".")[-1]
        if not part:
            continue
        corners = [_ROW_OR_CELL.match(c) for c in part.split(":")]
        if len(corners) > 2 or any(c is None for c in corners):
            raise ValueError(part)
        first = int(corners[0][2])  # type: ignore[index]
        last = int(corners[-1][2])  # type: ignore[index]
        rows.update(range(min(first, last), max(first, last) + 1))
    return sorted(rows)
