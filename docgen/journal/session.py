"""The order journal: new orders appended to the «Приказы» sheet of the user's own workbook.

The workbook is edited surgically (:mod:`docgen.ooxml.xlsx`): only the journal sheet's part
(and the Excel table over it, if any) changes, every other member is copied byte for byte.
Safety around the write (:mod:`docgen.fsutil`): a workbook open in Excel or LibreOffice is
refused; an inter-process lock (:mod:`filelock`) is held from reading the journal until the
session ends, so two runs never hand out the same number; the new file is written beside the
old one, fsynced and moved over it, after a backup copy went to ``docgen-резервные-копии``.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from docgen.errors import OutputError, UsageError, os_reason
from docgen.fsutil import lock_owner, office_lock_file, replace_file, write_backup
from docgen.journal.numbering import JournalEntry, propose_number, same_number
from docgen.ooxml.a1 import column_letter
from docgen.ooxml.sheet import EditError, NewCell, NewRow, TablePlan
from docgen.ooxml.xlsx import NotAWorksheet, SheetMissing, TotalsRow, Workbook
from docgen.ooxml.zip import RewriteError
from docgen.records.validate import HEADER_SCAN_ROWS, find_header_row
from docgen.ru.text import XML_ILLEGAL, clean_text, fold
from docgen.schema.model import Sheet
from docgen.workbook.reader import RawSheet

__all__ = ["BACKUP_DIR", "KEEP_BACKUPS", "LOCK_TIMEOUT", "Journal", "refuse_if_open"]

#: Folder next to the workbook that receives a copy of it before every journal write.
BACKUP_DIR = "docgen-резервные-копии"
#: How many backup copies of one workbook are kept (the newest ones).
KEEP_BACKUPS = 10
#: Seconds a second docgen run waits for the first one to finish with the journal.
LOCK_TIMEOUT = 30.0
#: Excel's limit for the text of one cell.
MAX_CELL_TEXT = 32767
WRITABLE_SUFFIXES = (".xlsx", ".xlsm")


def refuse_if_open(path: Path) -> None:
    """OutputError when the workbook is open in Excel or LibreOffice (docgen must not write
    a file under an office suite: the suite would overwrite it, or lose the user's edits)."""
    lock = office_lock_file(path)
    if lock is None:
        return
    app, lock_path = lock
    user = lock_owner(lock_path) if app == "LibreOffice" else ""
    who = f" (пользователь: {user})" if user else ""
    raise OutputError(
        f"Реестр «{path.name}» открыт в {app}{who}. Сохраните и закройте его, затем повторите. "
        f"Если {app} уже закрыт, удалите служебный файл «{lock_path.name}» в папке с реестром."
    )


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

    def style_above(self, col: int) -> int | None:
        """The style a cell in ``col`` of the last journal row shows (not the header's)."""
        if self.last_row <= self.header_row:
            return None
        return self.wb.style_in_row(self.last_row, col)

    def date_style(self, col: int, target: int) -> int | None:
        return self.wb.date_style(col, target, self.header_row + 1, self.last_row)

    def table_plan(self, last_new_row: int) -> TablePlan | None:
        try:
            return self.wb.table_plan(self.header_row, set(self.columns.values()), self.last_row, last_new_row)
        except TotalsRow:
            raise OutputError(
                f"Журнал на листе «{self.sheet_name}» оформлен как таблица Excel со строкой итогов; "
                "новую запись нельзя добавить под неё без риска испортить итоги. Отключите строку "
                "итогов (Конструктор таблиц → «Строка итогов») и повторите."
            ) from None


def _as_date(value: date) -> date:
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, date):
        raise TypeError(f"expected a date, got {value!r}")
    return value


class Journal:
    """A write session on the order journal of one workbook.

    ::

        with Journal(path, packs.registry_schema().sheet("orders")) as j:
            number = j.next_number(day)
            place = j.add(number=number, on=day, template="order_intro", title=…, signed_by=…, file=…)
            j.commit()

    Entering checks that no office suite has the workbook open, takes the inter-process lock
    (waiting up to ``timeout`` seconds for another docgen run) and reads the journal fresh from
    disk; the lock is held until the ``with`` block ends, so the number handed out cannot be
    taken by anyone else before :meth:`commit`. Nothing is written without :meth:`commit`;
    an exception inside the block discards the added rows.

    Columns of the schema sheet that the journal lacks are skipped on writing (only the
    required ones — number and date — must exist), the same way the reader treats them.
    """

    def __init__(self, path: str | os.PathLike[str], sheet: Sheet, *, timeout: float = LOCK_TIMEOUT,
                 keep_backups: int = KEEP_BACKUPS):
        self.path = Path(path)
        # All reading and writing goes to the real file: replacing a symlink would turn it into
        # a regular file and leave the workbook it pointed to untouched.
        self.file = Path(os.path.realpath(self.path))
        self.sheet = sheet
        self.timeout = timeout
        self.keep_backups = keep_backups
        self.entries: list[JournalEntry] = []
        self.last_backup: Path | None = None
        self._book: _Book | None = None
        self._pending: list[NewRow] = []
        self._lock: Any = None

    # ---------------------------------------------------------------- session

    @property
    def lock_path(self) -> Path:
        """The inter-process lock file: hidden next to the workbook, harmless when left behind
        (on POSIX it stays, because deleting a lock file that another process may be waiting on
        would let a third one lock a new file with the same name)."""
        return self.file.parent / f".{self.file.name}.docgen.lock"

    def __enter__(self) -> "Journal":
        from filelock import FileLock, Timeout  # noqa: PLC0415 — 60 ms at start-up: only when a journal is written

        suffix = self.path.suffix.lower()
        if self.file.suffix.lower() not in WRITABLE_SUFFIXES:
            suffix = self.file.suffix.lower()
        if suffix not in WRITABLE_SUFFIXES:
            raise OutputError(
                f"Журнал приказов docgen ведёт только в книге .xlsx или .xlsm, а реестр «{self.path.name}» "
                f"— в формате {suffix or 'без расширения'}. Откройте его в Excel или LibreOffice, сохраните "
                "как «Книга Excel (.xlsx)» и укажите новый файл."
            )
        if not self.file.is_file():
            raise UsageError(f"Файл реестра не найден: {self.path}")
        self._refuse_if_open()  # fail fast, without waiting for the lock
        lock = FileLock(str(self.lock_path), timeout=self.timeout, thread_local=False)
        try:
            lock.acquire()
        except Timeout:
            raise OutputError(
                f"Реестр «{self.path.name}» занят другим запуском docgen: он сейчас записывает журнал "
                f"приказов. Подождали {self.timeout:g} с. Дождитесь окончания и повторите."
            ) from None
        except OSError as exc:
            raise OutputError(f"Нет возможности записывать в папку реестра «{self.file.parent}»: "
                              f"{os_reason(exc)}.") from None
        self._lock = lock
        try:
            self._refuse_if_open()
            self._load(self._read())
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self._pending = []
        self._release()

    def _refuse_if_open(self) -> None:
        refuse_if_open(self.path)
        if self.file != Path(os.path.abspath(self.path)):
            refuse_if_open(self.file)

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        self._book = None

    def _read(self) -> bytes:
        try:
            return self.file.read_bytes()
        except PermissionError:
            raise OutputError(f"Реестр «{self.path.name}» не читается: он открыт в другой программе или "
                              "нет прав на чтение. Закройте его и повторите.") from None
        except OSError as exc:
            raise OutputError(f"Реестр «{self.path.name}» не читается: {os_reason(exc)}.") from None

    def _load(self, data: bytes) -> None:
        self._book = _Book(data, self.path.name, self.sheet)
        self.entries = list(self._book.entries)
        self._pending = []

    def _session(self) -> _Book:
        if self._book is None:
            raise RuntimeError("Journal must be used inside a `with` block")
        return self._book

    # ---------------------------------------------------------------- reading

    @property
    def sheet_name(self) -> str:
        """The journal sheet's name as the workbook spells it."""
        return self._session().sheet_name

    def next_number(self, on: date) -> str:
        """The number :func:`propose_number` gives for ``on``, rows added in this session included."""
        self._session()
        return propose_number(self.entries, _as_date(on))

    # ---------------------------------------------------------------- writing

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
        twin = same_number(self.entries, number, on.year)
        if twin is not None:
            cell = f"{column_letter(book.columns['number'])}{twin.row}"
            raise OutputError(
                f"Номер «{number}» уже есть в журнале приказов за {on.year} год: {book.sheet_name}!{cell}. "
                "Укажите другой номер."
            )
        index = max([book.last_row] + [r.index for r in self._pending]) + 1
        values: dict[str, Any] = {"number": number, "date": on, "template": template, "title": title,
                  "signed_by": signed_by, "file": file}
        cells: list[NewCell] = []
        for key, value in values.items():
            col = book.columns.get(key)
            if col is None:
                continue
            existing = book.wb.cell(index, col)
            if existing is not None and existing.formula:
                raise OutputError(
                    f"В ячейке {book.sheet_name}!{column_letter(col)}{index}, куда docgen должен записать "
                    "новый приказ, стоит формула. Удалите её (или перенесите журнал) и повторите."
                )
            fallback = existing.style if existing is not None else book.wb.col_style(col)
            above = book.style_above(col)
            if key == "date":
                style = book.date_style(col, index)
                if style is not None:
                    cells.append(NewCell(col=col, style=style, serial=(value - book.wb.epoch).days))
                else:
                    cells.append(NewCell(col=col, style=above if above is not None else fallback,
                                          text=value.strftime("%d.%m.%Y")))
                continue
            text = XML_ILLEGAL.sub("", clean_text(value))
            if not text:
                continue
            if len(text) > MAX_CELL_TEXT:
                raise OutputError(f"Текст для столбца «{self.sheet.field(key).header}» длиннее "
                                  f"{MAX_CELL_TEXT} знаков: Excel не сохранит его в одной ячейке.")
            cells.append(NewCell(col=col, style=above if above is not None else fallback, text=text))
        book.table_plan(index)  # refuses early when an Excel table cannot grow
        self._pending.append(NewRow(index=index, cells=cells))
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

    def commit(self) -> None:
        """Write the added rows: check again that the workbook is closed and unchanged, back it
        up, then replace it atomically. The session stays open (and locked) afterwards."""
        book = self._session()
        if not self._pending:
            return
        self._refuse_if_open()
        current = self._read()
        if current != book.wb.data:
            raise OutputError(
                f"Реестр «{self.path.name}» изменился, пока docgen готовил запись в журнал (его сохранила "
                "другая программа). Ничего не записано: повторите."
            )
        new = self._build()
        folder = self.file.parent / BACKUP_DIR
        try:
            self.last_backup = write_backup(self.file, current, folder, self.keep_backups)
        except OSError as exc:
            raise OutputError(
                f"Не удалось сохранить резервную копию реестра в папку «{folder}»: {os_reason(exc)}. "
                "Журнал не изменён."
            ) from None
        try:
            replace_file(self.file, new)
        except PermissionError:
            raise OutputError(f"Реестр «{self.path.name}» не удалось перезаписать: он открыт в другой программе "
                              "или нет прав на запись. Закройте его и повторите. Журнал не изменён.") from None
        except OSError as exc:
            raise OutputError(f"Реестр «{self.path.name}» не удалось перезаписать: {os_reason(exc)}. "
                              "Журнал не изменён.") from None
        self._load(new)
