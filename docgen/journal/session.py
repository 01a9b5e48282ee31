"""The order journal: new orders appended to the «Приказы» sheet of the user's own workbook.

The workbook is edited surgically (:mod:`docgen.ooxml.xlsx`): only the journal sheet's part
(and the Excel table over it, if any) changes, every other member is copied byte for byte.
Safety around the write is :class:`docgen.fsutil.WorkbookGuard`: a workbook open in Excel or
LibreOffice is refused; a lock is held from reading the journal until the session ends, so
two runs never hand out the same number; the workbook is backed up, then replaced in one step.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from docgen.errors import OutputError
from docgen.fsutil import BACKUP_DIR, KEEP_BACKUPS, LOCK_TIMEOUT, WorkbookGuard
from docgen.journal.numbering import JournalEntry, Proposal, propose, propose_number, same_number, used_number
from docgen.ooxml.a1 import column_letter
from docgen.ooxml.sheet import EditError, NewRow, TablePlan
from docgen.ooxml.xlsx import (
    MAX_CELL_TEXT,
    CellTooLong,
    FormulaInTheWay,
    NotAWorksheet,
    SheetMissing,
    TotalsRow,
    Workbook,
)
from docgen.ooxml.zip import RewriteError
from docgen.records.validate import HEADER_SCAN_ROWS, find_header_row
from docgen.ru.text import clean_text, fold
from docgen.schema.model import Sheet
from docgen.workbook.reader import RawSheet

__all__ = ["BACKUP_DIR", "KEEP_BACKUPS", "LOCK_TIMEOUT", "Journal"]

WRITABLE_SUFFIXES = (".xlsx", ".xlsm")


def _internal(detail: str) -> OutputError:
    return OutputError(
        "Не удалось безопасно дописать журнал приказов: проверка собранной книги не прошла, "
        f"поэтому реестр не изменён. Сообщите разработчикам docgen. (Подробность: {detail})"
    )


class _Book:
    """The journal as read from one version of the workbook's bytes."""

    def __init__(self, data: bytes, display: str, sheet: Sheet):
        self.schema = sheet
        self.display = display
        wanted = fold(sheet.name)
        try:
            self.wb = Workbook(data, display, lambda name: fold(name) == wanted)
        except SheetMissing:
            headers = ", ".join(f.header for f in sheet.fields)
            raise OutputError(
                f"В реестре «{display}» нет листа «{sheet.name}» — журнала приказов. Добавьте лист с "
                f"таким названием и заголовками столбцов: {headers}."
            ) from None
        except NotAWorksheet as exc:
            raise OutputError(f"Лист «{exc}» в реестре «{display}» — не таблица (например, "
                              "диаграмма), журнал приказов на нём вести нельзя.") from None
        self.sheet_name = self.wb.sheet_name
        header_row, columns = find_header_row(RawSheet(name=self.sheet_name, rows=self.wb.grid(HEADER_SCAN_ROWS)),
                                              sheet)
        missing = [f.header for f in sheet.fields if f.required and f.key not in columns]
        if missing:
            shown = ", ".join(f"«{h}»" for h in missing)
            raise OutputError(
                f"На листе «{self.sheet_name}» реестра «{display}» не найдена строка заголовков "
                f"журнала приказов: в первых {HEADER_SCAN_ROWS} строках нет столбцов {shown}."
            )
        self.header_row, self.columns = header_row, columns
        journal_cols = set(columns.values())
        self.entries: list[JournalEntry] = []
        self.last_row = header_row
        for row in self.wb.xml.rows:
            if row.index <= header_row:
                continue
            values = {c.col: self.wb.value(c) for c in row.cells if c.col in journal_cols}
            if not any(clean_text(v) for v in values.values()):
                continue
            self.last_row = max(self.last_row, row.index)
            number, day, template = (values.get(columns[k]) if k in columns else None
                                     for k in ("number", "date", "template"))
            self.entries.append(JournalEntry(row=row.index, number=clean_text(number), date=self.wb.date_of(day),
                                             template=clean_text(template) or None))

    def table_plan(self, last_new_row: int) -> TablePlan | None:
        try:
            return self.wb.table_plan(self.header_row, set(self.columns.values()), self.last_row, last_new_row)
        except TotalsRow:
            raise OutputError(
                f"Журнал на листе «{self.sheet_name}» оформлен как таблица Excel со строкой итогов; "
                "новую запись нельзя добавить под неё без риска испортить итоги. Отключите строку "
                "итогов (Конструктор таблиц → «Строка итогов») и повторите."
            ) from None


def taken_message(number: str, on: date, twin: JournalEntry, cell: str) -> str:
    """Why a number is refused: it is in the journal already (this year's, or undated)."""
    when = f"за {on.year} год" if twin.date is not None else "(в строке без даты)"
    return f"Номер «{number}» уже есть в журнале приказов {when}: {cell}. Укажите другой номер."


def _as_date(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


class Journal:
    """A write session on the order journal of one workbook.

    ::

        with Journal(path, catalog().registry_schema.sheet("orders")) as j:
            number = j.next_number(day)
            place = j.add(number=number, on=day, template="order_intro", title=…, signed_by=…, file=…)
            j.commit()

    The number handed out is nobody else's before :meth:`commit` (the guard's lock); nothing is
    written without it. Columns the journal lacks are skipped (number and date must exist).
    """

    def __init__(self, path: str | os.PathLike[str], sheet: Sheet, *, timeout: float = LOCK_TIMEOUT,
                 keep_backups: int = KEEP_BACKUPS):
        self.path = Path(path)
        self.sheet = sheet
        self.guard = WorkbookGuard(path, what="журнал приказов", timeout=timeout, keep_backups=keep_backups)
        self.entries: list[JournalEntry] = []
        self.rows: list[dict[str, str]] = []  # the rows added in this session, as the intent record keeps them
        self._book: _Book | None = None
        self._pending: list[NewRow] = []
        self._new: bytes | None = None
        self._intended = False

    @property
    def last_backup(self) -> Path | None:
        return self.guard.last_backup

    def __enter__(self) -> "Journal":
        suffix = self.path.suffix.lower()
        if self.guard.file.suffix.lower() not in WRITABLE_SUFFIXES:
            suffix = self.guard.file.suffix.lower()
        if suffix not in WRITABLE_SUFFIXES:
            raise OutputError(
                f"Журнал приказов docgen ведёт только в книге .xlsx или .xlsm, а реестр «{self.path.name}» "
                f"— в формате {suffix or 'без расширения'}. Откройте его в Excel или LibreOffice, сохраните "
                "как «Книга Excel (.xlsx)» и укажите новый файл."
            )
        self.guard.__enter__()
        try:
            self._load(self.guard.data)
        except BaseException:
            self.guard.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self._pending = []
        self._book = None
        self.guard.__exit__(exc_type, exc, tb)

    def _load(self, data: bytes) -> None:
        self._book = _Book(data, self.path.name, self.sheet)
        self.entries = list(self._book.entries)
        self._pending, self.rows, self._new = [], [], None

    def _session(self) -> _Book:
        if self._book is None:
            raise RuntimeError("Journal must be used inside a `with` block")
        return self._book

    @property
    def sheet_name(self) -> str:
        """The journal sheet's name as the workbook spells it."""
        return self._session().sheet_name

    def next_number(self, on: date) -> str:
        """The number :func:`propose_number` gives for ``on``, rows added in this session included."""
        self._session()
        return propose_number(self.entries, _as_date(on))

    def proposal(self, on: date, year_start: str | None = None) -> Proposal:
        """The number for ``on`` and whether it may be used unasked (:func:`propose`)."""
        self._session()
        return propose(self.entries, _as_date(on), year_start)

    def add(self, *, number: str, on: date, template: str, title: str, signed_by: str, file: str) -> str:
        """Queue one journal row after the last one; return its place, e.g. «Приказы!A12».

        The number is written as text whatever it looks like, the date as an Excel date with
        the previous row's date style (or the workbook's date style, or as «ДД.ММ.ГГГГ» text
        when the workbook has none); text cells take the style of the cell above.
        """
        book = self._session()
        on = _as_date(on)
        number = clean_text(number)
        if not number:
            raise OutputError("Не указан номер приказа для журнала.")
        twin = used_number(self.entries, number, on)
        if twin is not None:
            raise OutputError(taken_message(number, on, twin, f"{book.sheet_name}!"
                                            f"{column_letter(book.columns['number'])}{twin.row}"))
        index = max([book.last_row] + [r.index for r in self._pending]) + 1
        values = {"number": number, "date": on, "template": template, "title": title, "signed_by": signed_by,
                  "file": file}
        by_col = {book.columns[k]: v for k, v in values.items() if k in book.columns}
        try:
            row = book.wb.new_row(index, by_col, book.header_row + 1, book.last_row)
        except FormulaInTheWay as exc:
            raise OutputError(f"В ячейке {book.sheet_name}!{exc}, куда docgen должен записать новый приказ, "
                              "стоит формула. Удалите её (или перенесите журнал) и повторите.") from None
        except CellTooLong as exc:
            key = next(k for k, c in book.columns.items() if c == exc.args[0])
            raise OutputError(f"Текст для столбца «{self.sheet.field(key).header}» длиннее {MAX_CELL_TEXT} "
                              "знаков: Excel не сохранит его в одной ячейке.") from None
        book.table_plan(index)  # refuses early when an Excel table cannot grow
        self._pending.append(row)
        self.rows.append({"number": number, "date": on.isoformat(), "template": template, "title": title,
                          "signed_by": signed_by, "file": file})
        self.entries.append(JournalEntry(row=index, number=number, date=on, template=clean_text(template) or None))
        return f"{book.sheet_name}!{column_letter(book.columns['number'])}{index}"

    def _build(self) -> bytes:
        book = self._session()
        last = max(r.index for r in self._pending)
        try:
            return book.wb.with_rows(self._pending, book.table_plan(last))
        except EditError as exc:
            raise _internal(str(exc)) from None
        except RewriteError as exc:
            if "4 ГБ" in str(exc):
                raise OutputError("Реестр слишком велик для записи журнала (больше 4 ГБ).") from None
            raise OutputError(
                "Реестр сжат необычным способом, который docgen не умеет повторить. Откройте его в Excel "
                "или LibreOffice, сохраните заново как .xlsx и повторите."
            ) from None

    def has(self, number: str, on: date, template: str) -> bool:
        """Is this order in the journal already (same number, year and template)?"""
        twin = same_number(self.entries, clean_text(number), _as_date(on).year)
        return twin is not None and (twin.template or "") == template

    def pending(self) -> dict[str, Any] | None:
        """The intent record a killed run left: rows it was about to write after publishing."""
        return self.guard.pending_intent()

    def prepare(self, record: dict[str, Any]) -> None:
        """Build the new workbook now (every check done) and record the intent to write it:
        ``record`` (the output folder, the documents' hashes) with the added rows."""
        if self._pending:
            self._new = self._build()
            self.guard.record_intent({**record, "rows": self.rows})
            self._intended = True

    def commit(self, *, forget: bool = True) -> None:
        """Write the added rows (see :meth:`docgen.fsutil.WorkbookGuard.commit`), then drop the
        intent record — unless more of it is still to be written (``forget=False``: the dates
        «Согласие выдано» of the same batch, :mod:`docgen.journal.issued`)."""
        intended = self._intended
        if self._pending:
            new = self._new or self._build()
            self.guard.commit(new)
            self._load(new)
        if intended and forget:
            self.forget_pending()

    def forget_pending(self) -> None:
        """Drop the intent record (its rows are written, or will never be)."""
        self.guard.clear_intent()
        self._intended = False
