"""Excel adapter (xlwings): the buttons of «Генератор» and two spreadsheet functions.

A button's VBA Sub runs ``RunPython "import docgen.adapters.excel as d; d.run_action('generate')"``
through the xlwings add-in. This module reads what the user chose — the «Генератор» sheet and the
selection — through xlwings, hands it to :func:`docgen.adapters.buttons.run` and writes the answer back:
the summary cell, the «Проблемы» sheet with links to the cells, new rows of the order journal.
It decides nothing: the same request and answer serve the LibreOffice extension. «Проверить
реестр» never saves the user's book: it checks a copy of the book as it is now
(``Workbook.SaveCopyAs``), which is deleted afterwards.

On Linux xlwings cannot drive Excel (``Book.caller()`` needs Windows or macOS), so every function
takes the ``book`` to work on; the tests pass xlwings' own remote-engine Book or an object with
the same few members: ``fullname``, ``save()``, ``sheets[...]`` (``name``, ``range(a).value``,
``range(a).formula``, ``range(a).number_format``, ``clear_contents()``), ``sheets.add(name, after=)``,
``selection`` (``sheet.name``, ``address``) and ``api.SaveCopyAs(path)`` (Excel's own method).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from docgen import ru
from docgen.adapters import buttons
from docgen.workbook import generator as layout

xw: Any
try:  # the decorators are no-ops where xlwings has no Excel (Linux); the module imports anyway
    import xlwings as xw
except ImportError:  # docgen without the [excel] extra: run_action still works with a given book
    xw = None


def _func(f):
    return xw.func(f) if xw is not None else f


def _sheet(book: Any, name: str) -> Any | None:
    for sheet in book.sheets:
        if sheet.name == name:
            return sheet
    return None


def _cell_text(value: Any) -> Any:
    """A setting as the adapter hands it on: dates (Excel gives datetimes) as ISO text."""
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # «12» typed in «Номер приказа» comes back as 12.0
    return value


def read_request(book: Any, action: str, snapshot: Path | None = None) -> dict[str, Any]:
    """The request for :func:`docgen.adapters.buttons.run` from the open book. ``snapshot``: where
    a check reads a copy of the book as it is now (the book itself is not saved)."""
    registry = str(book.fullname)
    if snapshot is not None:
        book.api.SaveCopyAs(str(snapshot))
        registry = str(snapshot)
    elif action != "open_folder":
        book.save()  # docgen reads the file: what the user typed must be in it
    settings: dict[str, Any] = {}
    generator = _sheet(book, layout.GENERATOR_SHEET)
    if generator is not None:
        last = layout.SETTINGS_ROW + len(layout.SETTINGS) - 1
        values = generator.range(f"A{layout.SETTINGS_ROW}:B{last}").value or []
        for row in values:
            if row and row[0]:
                settings[str(row[0])] = _cell_text(row[1])
    selection = None
    try:
        chosen = book.selection
    except Exception:  # noqa: BLE001 — no selection (a chart is selected, the book is not active)
        chosen = None
    if chosen is not None:
        selection = {"sheet": chosen.sheet.name, "address": chosen.address}
    return {"action": action, "registry": registry, "source": str(book.fullname), "settings": settings,
            "selection": selection}


def _result_cell(sheet: Any) -> str:
    """Beside «Результат» in column A (a book made by an older docgen has it higher up)."""
    labels = sheet.range("A1:A40").value or []
    for i, label in enumerate(labels, start=1):
        if isinstance(label, list):  # a one-column range read as rows
            label = label[0] if label else None
        if str(label or "").strip() == layout.RESULT_LABEL:
            return f"B{i}"
    return layout.RESULT_CELL


def _as_text(value: Any) -> str:
    """A value from the registry shown in a cell as text: «=…», «+…», «-…», «@…» would become a
    formula in Excel (a cell's own content must never run), so they get Excel's text mark «'»."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _link(sheet: str, cell: str) -> str:
    target = sheet.replace("'", "''")
    return f'=HYPERLINK("#\'{target}\'!{cell}","{cell}")'


def write_answer(book: Any, answer: dict[str, Any], action: str) -> None:
    """Put the answer into the book: summary, «Проблемы», journal rows (then save)."""
    generator = _sheet(book, layout.GENERATOR_SHEET)
    if generator is not None:
        generator.range(_result_cell(generator)).value = answer.get("summary", "")
    table = answer.get("problems_table")  # None: the registry was not checked — keep the sheet
    problems = _sheet(book, layout.PROBLEMS_SHEET)
    if table is not None and (len(table) > 1 or problems is not None):
        if problems is None:
            problems = book.sheets.add(layout.PROBLEMS_SHEET, after=book.sheets[len(book.sheets) - 1])
        problems.clear_contents()
        problems.range("A1").value = [[_as_text(v) for v in row] for row in table]
        for i, item in enumerate(answer.get("problems") or [], start=2):
            if item.get("cell"):
                problems.range(f"B{i}").formula = _link(item["sheet"], item["cell"])
    for entry in answer.get("journal") or []:
        sheet = _sheet(book, entry["sheet"])
        if sheet is None:
            continue
        for address, value in entry["cells"].items():
            cell = sheet.range(address)
            if "date" in value:
                cell.value = datetime.fromisoformat(value["date"])
                cell.number_format = "dd.mm.yyyy"
            else:
                cell.number_format = "@"  # «12.3» stays a number of an order, not a date
                cell.value = value["text"]
    if answer.get("journal"):
        book.save()


def run_action(action: str, book: Any = None) -> dict[str, Any]:
    """What a button does. ``book``: the calling workbook (``xw.Book.caller()`` in Excel)."""
    if book is None:
        book = xw.Book.caller()
    if action != "check":
        answer = buttons.run(read_request(book, action))
    else:
        folder = tempfile.mkdtemp(prefix="docgen-check-")
        try:
            suffix = os.path.splitext(str(book.fullname))[1] or ".xlsx"
            answer = buttons.run(read_request(book, action, Path(folder) / f"проверка{suffix}"))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    write_answer(book, answer, action)
    return answer


# --------------------------------------------------------------------------- spreadsheet functions


@_func
def ПАДЕЖ(fio: Any, case: str = "родительный", sex: Any = None) -> str:  # noqa: N802 — the name Excel shows
    """=ПАДЕЖ(A2; "дательный") → «Иванову Ивану Ивановичу». Падеж: им, род, дат, вин, тв, пр
    или полностью; пол (м/ж) — если нет отчества."""
    if fio is None or str(fio).strip() == "":
        return ""
    try:
        return ru.fio_case(str(fio), ru.parse_case(str(case)), ru.normalize_sex(sex) if sex else None)
    except Exception as exc:  # noqa: BLE001 — a cell shows the reason, not #VALUE!
        return f"Ошибка: {exc}"


@_func
def ИНИЦИАЛЫ(fio: Any, case: str = "им", before: bool = False) -> str:  # noqa: N802
    """=ИНИЦИАЛЫ(A2) → «Иванов И.И.»; =ИНИЦИАЛЫ(A2; "дат"; ИСТИНА) → «И.И. Иванову» (подпись)."""
    if fio is None or str(fio).strip() == "":
        return ""
    try:
        parsed = ru.parse_case(str(case))
        return ru.initials_first(str(fio), parsed) if before else ru.initials(str(fio), parsed)
    except Exception as exc:  # noqa: BLE001
        return f"Ошибка: {exc}"
