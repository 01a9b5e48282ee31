"""«Согласие выдано»: the date a printed consent form was given out, written into the registry.

Printing the forms is what the column records, so it is written like the order journal: into
the user's own .xlsx/.xlsm, surgically (:mod:`docgen.ooxml.xlsx` — only the cells dated change,
every other byte of the book is kept, macros included), under a
:class:`~docgen.fsutil.WorkbookGuard` (refused while an office suite has the book open, locked,
re-read, backed up, replaced in one step), and only after the documents are published. A cell
that holds anything when the book is re-read under the lock is never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from docgen.errors import OutputError
from docgen.fsutil import WorkbookGuard
from docgen.ooxml.a1 import column_letter
from docgen.ooxml.sheet import EditError, NewRow
from docgen.ooxml.xlsx import FormulaInTheWay, NotAWorksheet, SheetMissing, Workbook
from docgen.ooxml.zip import RewriteError
from docgen.records.validate import HEADER_SCAN_ROWS, find_header_row
from docgen.ru.text import fold
from docgen.schema.model import Sheet
from docgen.workbook.reader import RawSheet

__all__ = ["ISSUED_WHAT", "IssuedCell", "IssuedDates", "intent_cells"]

ISSUED_WHAT = "даты выдачи согласий"


@dataclass(frozen=True)
class IssuedCell:
    """One row to date: its sheet (schema), row number, the date column's key, and who it is."""

    sheet: Sheet
    row: int
    column: str
    who: str  # «Иванов Иван (Наставляемые!14)»


@dataclass
class Edit:
    """What :meth:`IssuedDates.build` made of a version of the workbook."""

    data: bytes
    written: list[str]  # «Наставляемые!N14»
    already: list[str]  # who was dated meanwhile (by hand, or by another run)


def _named(name: str) -> Callable[[str], bool]:
    wanted = fold(name)
    return lambda candidate: fold(candidate) == wanted


class IssuedDates:
    """Dates for the printed records, written through ``guard`` (the order journal's own
    guard when the batch registers an order too, so that one lock covers both writes)."""

    def __init__(self, guard: WorkbookGuard, cells: list[IssuedCell], on: date):
        self.guard = guard
        self.cells = cells
        self.on = on
        self._intended = False

    def build(self, data: bytes) -> Edit:
        """The workbook ``data`` with the empty cells dated, checked cell by cell (one sheet at
        a time, each edit verified by :meth:`Workbook.with_rows`). Raises OutputError."""
        written: list[str] = []
        already: list[str] = []
        by_sheet: dict[str, list[IssuedCell]] = {}
        for cell in self.cells:
            by_sheet.setdefault(cell.sheet.key, []).append(cell)
        display = self.guard.path.name
        for cells in by_sheet.values():
            sheet = cells[0].sheet
            try:
                wb = Workbook(data, display, _named(sheet.name))
            except (SheetMissing, NotAWorksheet):
                raise OutputError(f"В реестре «{display}» нет листа «{sheet.name}»: дату выдачи согласия некуда "
                                  "записать.") from None
            header_row, columns = find_header_row(RawSheet(name=wb.sheet_name, rows=wb.grid(HEADER_SCAN_ROWS)),
                                                  sheet)
            key = cells[0].column
            if key not in columns:
                raise OutputError(f"На листе «{wb.sheet_name}» реестра «{display}» нет столбца "
                                  f"«{sheet.field(key).header}»: дату выдачи согласия некуда записать.")
            col = columns[key]
            last = max((r.index for r in wb.xml.rows), default=header_row)
            rows: list[NewRow] = []
            for cell in sorted(cells, key=lambda c: c.row):
                existing = wb.cell(cell.row, col)
                if existing is not None and wb.value(existing) not in (None, ""):
                    already.append(cell.who)
                    continue
                try:
                    rows.append(wb.new_row(cell.row, {col: self.on}, header_row + 1, last))
                except FormulaInTheWay as exc:
                    raise OutputError(f"В ячейке {wb.sheet_name}!{exc}, куда docgen должен записать дату выдачи "
                                      "согласия, стоит формула. Удалите её и повторите.") from None
                written.append(f"{wb.sheet_name}!{column_letter(col)}{cell.row}")
            if rows:
                data = self._edited(wb, rows)
        return Edit(data, written, already)

    @staticmethod
    def _edited(wb: Workbook, rows: list[NewRow]) -> bytes:
        try:
            return wb.with_rows(rows, None)
        except EditError as exc:
            raise OutputError("Не удалось безопасно записать даты выдачи согласий: проверка собранной книги не "
                              "прошла, поэтому реестр не изменён. Сообщите разработчикам docgen. "
                              f"(Подробность: {exc})") from None
        except RewriteError:
            raise OutputError("Реестр сжат необычным способом, который docgen не умеет повторить. Откройте его "
                              "в Excel или LibreOffice, сохраните заново как .xlsx и повторите.") from None

    def prepare(self, record: dict[str, Any] | None = None) -> None:
        """Every check before the documents are published: the book as read under the lock
        must take the dates (a formula in the way, a missing column stop the batch here). With
        ``record`` (the output folder, the printed forms' hashes) the cells are added to the
        guard's intent record — beside the journal's rows, if it wrote one — so that a run
        killed after publishing is finished by the next one (:mod:`docgen.engine.recovery`)."""
        self.build(self.guard.data)
        if record is not None and self.cells:
            pending = self.guard.pending_intent() or {}
            self.guard.record_intent({**record, **pending, "issued": intent_cells(self.cells),
                                      "issued_on": self.on.isoformat()})
            self._intended = True

    def commit(self, *, forget: bool = True) -> Edit:
        """Date the cells in the workbook as it is now (after the journal's rows, if any) and
        replace it (:meth:`WorkbookGuard.commit`: backed up first); then drop the intent record,
        unless the journal's commit that follows will (``forget=False``)."""
        edit = self.build(self.guard.data)
        if edit.written:
            self.guard.commit(edit.data)
        if forget and self._intended:
            self.guard.clear_intent()
        return edit


def intent_cells(cells: list[IssuedCell]) -> list[dict[str, Any]]:
    """The cells as the intent record keeps them (JSON)."""
    return [{"sheet": c.sheet.key, "row": c.row, "column": c.column, "who": c.who} for c in cells]
