"""The district's spreadsheets of ``docgen svod``: the figures to send upwards, and the
consolidated register of mentors and mentees of all its schools.

The figures workbook holds the numbers of the analytical report — per school and in total — in
tables a region's form can be filled from (one row per school and one per KPI and school, «long»
as spreadsheets like them), and a sheet of the registries that were not counted with each problem's
file, sheet and cell. The register gives every person a code unique in the district: the school's
code on «Школы» before the school's own («ЭР-001/Н-001»), and only what a district needs — no birth
dates, addresses or documents.

Written with openpyxl's write-only mode (30 000 rows in about a second) and saved by
:func:`docgen.workbook.save.workbook_bytes` with a fixed time: the same data gives the same bytes,
valid for Excel's validator. Text cells are always text, never a formula.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable

from docgen.district.figures import RegisterRow
from docgen.district.svod import COUNTED, DUPLICATE, MISSING, Svod, percent
from docgen.ru.dates import date_num
from docgen.workbook.save import workbook_bytes

__all__ = ["figures_xlsx", "register_xlsx"]

_DATE = "DD.MM.YYYY"


class _Sheet:
    """A write-only sheet: a title, a bold header row, rows; text cells kept as text."""

    def __init__(self, wb: Any, title: str, heading: str, headers: list[str], widths: list[int]):
        from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415 — openpyxl: 0.2 s, only when a table is written
        from openpyxl.styles import Alignment, Font, PatternFill  # noqa: PLC0415 — loaded with the line above
        from openpyxl.utils import get_column_letter  # noqa: PLC0415 — loaded with the line above

        self.ws = wb.create_sheet(title)
        self._cell = WriteOnlyCell
        for col, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(col)].width = width
        self.ws.freeze_panes = "A4"
        title_cell = WriteOnlyCell(self.ws, value=heading)
        title_cell.font = Font(bold=True, size=12)
        self.ws.append([title_cell])
        self.ws.append([])
        head = []
        for text in headers:
            cell = WriteOnlyCell(self.ws, value=text)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            head.append(cell)
        self.ws.append(head)
        self._bold = Font(bold=True)

    def row(self, values: Iterable[Any], bold: bool = False) -> None:
        out = []
        for value in values:
            if isinstance(value, _dt.date) or bold or (isinstance(value, str) and value.startswith("=")):
                cell = self._cell(self.ws, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # «=…» in a name is text, never a formula
                if isinstance(value, _dt.date):
                    cell.number_format = _DATE
                if bold:
                    cell.font = self._bold
                out.append(cell)
            else:
                out.append(value)
        self.ws.append(out)


def _workbook() -> Any:
    from openpyxl import Workbook  # noqa: PLC0415 — openpyxl: 0.2 s, only when a table is written

    return Workbook(write_only=True)


def _stamp(svod: Svod) -> _dt.datetime:
    return _dt.datetime.combine(svod.as_of, _dt.time(0, 0))


def _matrix(wb: Any, svod: Svod, title: str, heading: str, key: str, labels: tuple[str, ...], whole: str) -> None:
    sheet = _Sheet(wb, title, heading, ["Код", "Организация", *labels, whole], [10, 34, *(16 for _ in labels), 10])
    for s in svod.counted:
        counts = getattr(s.figures, key)
        sheet.row([s.code, s.short_name, *(counts.get(x, 0) for x in labels), sum(counts.values())])
    sheet.row(["", "Итого по району", *(svod.total_of(key, x) for x in labels),
               sum(svod.total_of(key, x) for x in labels)], bold=True)


def figures_xlsx(svod: Svod, district: str) -> bytes:
    """The figures of the district's report as a workbook (see the module)."""
    wb = _workbook()
    on = date_num(svod.as_of)
    summary = _Sheet(wb, "Сводка", f"Реализация целевой модели наставничества: {district}, на {on}",
                     ["Код", "Организация", "Год включения", "Реестр", "Файл", "Куратор", "Наставников",
                      "Наставляемых", "Пар", "Согласий родителей несовершеннолетних получено",
                      "Несовершеннолетних участников", "Согласий совершеннолетних участников получено",
                      "Совершеннолетних участников"],
                     [10, 34, 10, 22, 22, 30, 12, 12, 8, 16, 16, 16, 16])
    for s in svod.schools:
        if not (s.expected or s.files):
            continue
        f = s.figures
        figures: list[Any] = ([f.mentors, f.mentees, f.pairs, *f.consents_minors, *f.consents_adults]
                              if f is not None and s.status == COUNTED else [None] * 7)
        summary.row([s.code, s.short_name, s.join_year, s.status, ", ".join(s.files),
                     s.curator.fio if s.curator else "не назначен", *figures])
    minors, adults = svod.total_consents("consents_minors"), svod.total_consents("consents_adults")
    summary.row(["", "Итого по району", None, f"учтено: {len(svod.counted)}", "", "", svod.total("mentors"),
                 svod.total("mentees"), svod.total("pairs"), *minors, *adults], bold=True)

    _matrix(wb, svod, "Формы", f"Наставляемые по формам наставничества на {on}", "by_form", svod.forms, "Всего")
    _matrix(wb, svod, "Категории", f"Наставники по категориям на {on}", "by_category", svod.categories, "Всего")
    _matrix(wb, svod, "Пары", f"Наставнические пары по состоянию на {on}", "by_status", svod.statuses, "Всего")

    kpis = _Sheet(wb, "Показатели", f"Показатели эффективности: план и факт на {svod.year} год, %",
                  ["Код", "Организация", "Показатель", "Участников", "Численность", "Факт, %", "План, %",
                   "Ниже плана"], [10, 34, 48, 12, 12, 10, 10, 10])
    for k in svod.kpis:
        for s in svod.counted:
            assert s.figures is not None
            n, total = s.figures.metrics.get(k.metric, (0, None))
            fact = percent(n, total)
            below = fact is not None and k.planned is not None and fact < k.planned
            kpis.row([s.code, s.short_name, k.name, n, total, fact, k.planned, "да" if below else "нет"])
        n, total = svod.metric(k.metric)
        fact = percent(n, total)
        kpis.row(["", "Итого по району", k.name, n, total, fact, k.planned,
                  "да" if fact is not None and k.planned is not None and fact < k.planned else "нет"], bold=True)

    problems = _Sheet(wb, "Проблемы", "Реестры, которые не учтены, и почему",
                      ["Файл", "Организация", "Проблема"], [28, 34, 120])
    unmatched = {id(r): why for r, why in svod.unmatched}
    for r in svod.readings:
        if id(r) in unmatched:
            problems.row([r.file, r.short_name or "", f"не учтён: {unmatched[id(r)]}"])
        for line in r.messages() if r.broken else []:
            problems.row([r.file, r.short_name or "", line])
    for s in svod.schools:
        if s.status in (DUPLICATE, MISSING):
            problems.row([", ".join(s.files), s.short_name, s.status])
    return workbook_bytes(wb, _stamp(svod))


def _people(sheet: _Sheet, svod: Svod, rows_of: str) -> None:
    for s in svod.counted:
        assert s.figures is not None
        rows: list[RegisterRow] = getattr(s.figures, rows_of)
        for r in rows:
            sheet.row([f"{s.code}/{r.code}", s.code, s.short_name, r.code, r.fio, r.category, r.form, r.detail,
                       r.consent])


def register_xlsx(svod: Svod, district: str) -> bytes:
    """The consolidated register of the district's mentors and mentees (see the module)."""
    wb = _workbook()
    on = date_num(svod.as_of)
    headers = ["Код в районе", "Код организации", "Организация", "Код в реестре школы", "ФИО", "Категория",
               "Форма наставничества", "Класс или должность", "Согласие на обработку ПД получено"]
    widths = [18, 10, 30, 12, 36, 22, 24, 30, 16]
    _people(_Sheet(wb, "Наставники", f"Сводный реестр наставников: {district}, на {on}", headers, widths),
            svod, "mentor_rows")
    _people(_Sheet(wb, "Наставляемые", f"Сводный реестр наставляемых: {district}, на {on}", headers, widths),
            svod, "mentee_rows")
    return workbook_bytes(wb, _stamp(svod))
