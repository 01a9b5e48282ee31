"""Worksheets of an .xlsx read and edited as bytes, so the user's workbook is never re-serialised.

The registry belongs to the school: it may hold macros, buttons, pivot tables, comments,
styles and sheets docgen knows nothing about. Loading it with openpyxl and saving it again
would silently drop or rewrite much of that, so docgen edits the package surgically:

* **Only the edited sheet's XML part changes** (plus the ``xl/tables/tableN.xml`` part of an
  Excel table that must grow with it). :class:`Workbook` finds the part by the sheet's name
  through ``xl/workbook.xml`` and its relationships. ``styles.xml`` and ``sharedStrings.xml``
  are only read: strings are written as inline strings (``t="inlineStr"``) and styles are
  reused by index.
* **The sheet XML is edited as text** (:mod:`docgen.ooxml.sheet`), and the result is re-read
  and compared cell by cell with the original before anyone writes it.
* **The other members are copied raw** (:func:`docgen.ooxml.zip.rewrite`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable

from lxml import etree

from docgen.errors import RegistryError
from docgen.ooxml.a1 import column_letter, parse_range
from docgen.ooxml.package import Package, local
from docgen.ooxml.sheet import (
    Cell,
    EditError,
    NewCell,
    NewRow,
    SheetScanError,
    TablePlan,
    edit_sheet,
    edit_table,
    scan_sheet,
    verify_sheet,
)
from docgen.ooxml.zip import rewrite, verify_rewrite
from docgen.ru.dates import EPOCH_1904, EXCEL_EPOCH, MAX_SERIAL, parse_date
from docgen.ru.text import XML_ILLEGAL, clean_text

__all__ = ["MAX_CELL_TEXT", "CellTooLong", "FormulaInTheWay", "NotAWorksheet", "SheetMissing", "Styles", "TotalsRow",
           "Workbook"]


class FormulaInTheWay(ValueError):
    """A cell a new row would write holds a formula (``args[0]``: its address)."""


class CellTooLong(ValueError):
    """A text is longer than Excel keeps in one cell (``args[0]``: the column number)."""


#: Excel's limit for the text of one cell.
MAX_CELL_TEXT = 32767


class TotalsRow(ValueError):
    """The table to grow has a totals row: a new row under it would corrupt the totals."""


# --------------------------------------------------------------------------- styles


_BUILTIN_DATE_FORMATS = {14: "date", 15: "date", 16: "date", 17: "date", 22: "datetime",
                         **{i: "date" for i in range(27, 37)}, **{i: "date" for i in range(50, 59)}}
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


def _date_kind(fmt_id: int, code: str | None) -> str | None:
    """``"date"``, ``"datetime"`` or ``None`` for a number format (built-in id or custom code)."""
    if code is None:
        return _BUILTIN_DATE_FORMATS.get(fmt_id)
    bare = _FORMAT_NOISE.sub("", code.split(";")[0]).lower()
    if not re.search(r"[dy]", bare):
        return None
    return "datetime" if re.search(r"[hs]", bare) else "date"


@dataclass(frozen=True)
class Xf:
    num_fmt: int
    plain: bool  # default font, fill and border


class Styles:
    def __init__(self, root: etree.Element | None):
        self.formats: dict[int, str] = {}
        self.xfs: list[Xf] = []
        if root is None:
            return
        for el in root.iter("{*}numFmt"):
            try:
                self.formats[int(el.get("numFmtId", ""))] = el.get("formatCode", "")
            except ValueError:
                pass
        cell_xfs = next(root.iter("{*}cellXfs"), None)
        for xf in (cell_xfs if cell_xfs is not None else []):
            if local(xf.tag) != "xf":
                continue
            try:
                num = int(xf.get("numFmtId", "0"))
            except ValueError:
                num = 0
            plain = all(xf.get(k, "0") == "0" for k in ("fontId", "fillId", "borderId"))
            self.xfs.append(Xf(num, plain))

    def date_kind(self, style: int | None) -> str | None:
        if style is None or not 0 <= style < len(self.xfs):
            return None
        num = self.xfs[style].num_fmt
        return _date_kind(num, self.formats.get(num) if num >= 164 or num in self.formats else None)

    def any_date_style(self) -> int | None:
        """An existing cell style showing a plain date: without time, preferring undecorated ones."""
        best = None
        for index, xf in enumerate(self.xfs):
            if self.date_kind(index) == "date":
                key = (not xf.plain, xf.num_fmt != 14, index)
                if best is None or key < best[0]:
                    best = (key, index)
        return best[1] if best else None


# --------------------------------------------------------------------------- one sheet of a workbook


class SheetMissing(LookupError):
    """The workbook has no sheet of that name (``str()`` is the name as asked)."""


class NotAWorksheet(LookupError):
    """The named sheet is a chart sheet or a dialog, not a grid of cells."""


class Workbook:
    """One version of a workbook's bytes, opened on one of its worksheets.

    ``match(name)`` says whether a sheet name is the one wanted (the registry compares
    names tolerantly: case, «ё», dashes). Raises :class:`SheetMissing`, :class:`NotAWorksheet`,
    or :class:`~docgen.errors.RegistryError` for a damaged file.
    """

    def __init__(self, data: bytes, display: str, match: Callable[[str], bool]):
        self.data = data
        self.display = display
        pkg = Package(data, display)
        self.pkg = pkg
        workbook_part = pkg.rel_of_type("", "/officeDocument") or "xl/workbook.xml"
        workbook = pkg.xml(workbook_part)
        if workbook is None:
            raise RegistryError(f"Файл «{display}» не похож на книгу Excel: в нём нет описания листов.")
        pr = next(workbook.iter("{*}workbookPr"), None)
        self.epoch = EPOCH_1904 if pr is not None and pr.get("date1904", "") in ("1", "true") else EXCEL_EPOCH
        found = None
        for el in workbook.iter("{*}sheet"):
            if match(el.get("name", "")):
                rid = next((v for k, v in el.attrib.items() if local(k) == "id" and k.startswith("{")), None)
                found = (el.get("name", ""), rid)
                break
        if found is None:
            raise SheetMissing()
        self.sheet_name, rid = found
        rels = {r[0]: r for r in pkg.rels(workbook_part)}
        rel = rels.get(rid or "")
        if rel is None or pkg.member(rel[2]) is None:
            raise RegistryError(f"Файл «{display}» повреждён: не найдена часть листа «{self.sheet_name}».")
        if not rel[1].endswith("/worksheet"):
            raise NotAWorksheet(self.sheet_name)
        self.sheet_part = rel[2]
        self.sheet_member = pkg.member(self.sheet_part) or self.sheet_part
        styles_part = pkg.rel_of_type(workbook_part, "/styles")
        self.styles = Styles(pkg.xml(styles_part) if styles_part else None)
        sst_part = pkg.rel_of_type(workbook_part, "/sharedStrings")
        self.strings = _shared_strings(pkg.xml(sst_part) if sst_part else None)
        try:
            self.xml = scan_sheet(pkg.read(self.sheet_part) or b"")
        except (SheetScanError, ValueError) as exc:
            raise RegistryError(f"Лист «{self.sheet_name}» в реестре «{display}» не читается ({exc}). "
                                "Откройте книгу в Excel или LibreOffice и сохраните заново.") from None

    # ---------------------------------------------------------------- reading

    def value(self, cell: Cell) -> Any:
        """A cell's value as the user sees it: text, a number, a bool, a datetime or ``None``."""
        if cell.type == "s":
            try:
                return self.strings[int(cell.v or "")]
            except (ValueError, IndexError):
                return None
        if cell.type == "inlineStr":
            return cell.text
        if cell.type in ("str", "e"):
            return cell.v
        if cell.type == "b":
            return cell.v in ("1", "true")
        if cell.type == "d":
            try:
                return datetime.fromisoformat((cell.v or "").replace("Z", ""))
            except ValueError:
                return cell.v
        if cell.v is None or not cell.v.strip():
            return None
        try:
            return float(cell.v)
        except ValueError:
            return cell.v

    def date_of(self, value: Any) -> date | None:
        """The date a cell's value means (serials in this workbook's date system), or ``None``."""
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, float) and 1 <= value <= MAX_SERIAL:
            value = int(value)  # a date with a time of day: the day
        try:
            return parse_date(value, epoch=self.epoch)
        except ValueError:
            return None

    def grid(self, last_row: int) -> list[list[Any]]:
        """Values of rows 1…``last_row`` as lists from column A (for finding a header row)."""
        grid: list[list[Any]] = []
        for row in self.xml.rows:
            if row.index > last_row:
                break
            while len(grid) < row.index:
                grid.append([])
            line: list[Any] = []
            for cell in row.cells:
                while len(line) < cell.col - 1:
                    line.append(None)
                line.append(self.value(cell))
            grid[row.index - 1] = line
        return grid

    def cell(self, row_index: int, col: int) -> Cell | None:
        row = self.xml.row(row_index)
        if row is None:
            return None
        return next((c for c in row.cells if c.col == col), None)

    # ---------------------------------------------------------------- styles of new cells

    def col_style(self, col: int) -> int | None:
        """The default style of a column (``<col style>``)."""
        for lo, hi, style in self.xml.col_styles:
            if lo <= col <= hi:
                return style
        return None

    def style_in_row(self, row_index: int, col: int) -> int | None:
        """The style a cell in ``col`` of row ``row_index`` shows: its own, the row's, the column's."""
        cell = self.cell(row_index, col)
        if cell is not None:
            return cell.style or 0
        row = self.xml.row(row_index)
        if row is not None and row.attrs.get("customFormat") in ("1", "true") and "s" in row.attrs:
            try:
                return int(row.attrs["s"])
            except ValueError:
                pass
        return self.col_style(col)

    def date_style(self, col: int, target: int, first: int, last: int) -> int | None:
        """A date style for a new date cell in row ``target``: the nearest date cell of ``col``
        among rows ``first``…``last`` (bottom up), the prepared target cell, the column's
        default, any plain date style of the workbook."""
        for row in sorted((r for r in self.xml.rows if first <= r.index <= last), key=lambda r: -r.index):
            cell = next((c for c in row.cells if c.col == col), None)
            if cell is not None and self.styles.date_kind(cell.style):
                return cell.style
        existing = self.cell(target, col)
        for style in (existing.style if existing else None, self.col_style(col)):
            if self.styles.date_kind(style):
                return style
        return self.styles.any_date_style()

    def new_row(self, index: int, values: dict[int, Any], first: int, last: int) -> NewRow:
        """Row ``index`` with ``values`` (column → text or date) styled like the data rows
        ``first``…``last`` above it: a date as an Excel date in the nearest date style (or as
        «ДД.ММ.ГГГГ» text when the workbook has none), text as an inline string in the style of
        the cell above (or the cell's own, or the column's). Empty texts are skipped."""
        cells: list[NewCell] = []
        for col, value in values.items():
            existing = self.cell(index, col)
            if existing is not None and existing.formula:
                raise FormulaInTheWay(f"{column_letter(col)}{index}")
            fallback = existing.style if existing is not None else self.col_style(col)
            above = self.style_in_row(last, col) if last >= first else None
            plain = above if above is not None else fallback
            if isinstance(value, date):
                style = self.date_style(col, index, first, last)
                if style is not None:
                    cells.append(NewCell(col=col, style=style, serial=(value - self.epoch).days))
                else:
                    cells.append(NewCell(col=col, style=plain, text=value.strftime("%d.%m.%Y")))
                continue
            text = XML_ILLEGAL.sub("", clean_text(value))
            if not text:
                continue
            if len(text) > MAX_CELL_TEXT:
                raise CellTooLong(col)
            cells.append(NewCell(col=col, style=plain, text=text))
        return NewRow(index=index, cells=cells)

    # ---------------------------------------------------------------- tables

    def table_plan(self, header_row: int, columns: set[int], last_row: int, last_new_row: int) -> TablePlan | None:
        """The Excel table whose header is ``header_row`` and which covers some of ``columns``,
        when its range must grow from ``last_row`` to ``last_new_row``. Raises
        :class:`TotalsRow` when that table has a totals row."""
        for _id, rtype, part in self.pkg.rels(self.sheet_part):
            if not rtype.endswith("/table"):
                continue
            root = self.pkg.xml(part)
            if root is None:
                continue
            bounds = parse_range(root.get("ref", ""))
            if bounds is None:
                continue
            r1, c1, r2, c2 = bounds
            if root.get("headerRowCount", "1") == "0" or r1 != header_row:
                continue
            if not any(c1 <= c <= c2 for c in columns):
                continue
            if root.get("totalsRowCount", "0") not in ("0", ""):
                raise TotalsRow(self.sheet_name)
            if r2 >= last_new_row or r2 < last_row:
                return None
            member = self.pkg.member(part)
            return TablePlan(part=member or part, ref=bounds, header_row=r1)
        return None

    # ---------------------------------------------------------------- writing

    def with_rows(self, new_rows: list[NewRow], table: TablePlan | None) -> bytes:
        """The workbook's bytes with ``new_rows`` spliced into the sheet (and ``table`` grown),
        verified: raises :class:`EditError` rather than return a workbook that differs
        anywhere else."""
        sheet_data = edit_sheet(self.xml, new_rows)
        verify_sheet(self.xml, sheet_data, new_rows)
        replacements = {self.sheet_member: sheet_data}
        if table is not None:
            last = max(r.index for r in new_rows)
            replacements[table.part] = edit_table(self.pkg.read(table.part) or b"", table, last)
        new = rewrite(self.data, replacements)  # RewriteError: an archive docgen cannot copy faithfully
        try:
            verify_rewrite(self.data, new, replacements)
        except ValueError as exc:
            raise EditError(f"архив: {exc}") from None
        return new


def _shared_strings(root: etree._Element | None) -> list[str]:
    if root is None:
        return []
    strings = []
    for si in root:
        if local(si.tag) != "si":
            continue
        parts = []
        for child in si:
            if local(child.tag) == "t":
                parts.append(child.text or "")
            elif local(child.tag) == "r":
                parts += [t.text or "" for t in child.iter("{*}t")]
        strings.append("".join(parts))
    return strings


