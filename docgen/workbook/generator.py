"""The «Генератор» sheet every registry has: what the workbook's buttons and menu read.

One description of the sheet — its settings rows, their choices, the result cell, the
«Проблемы» sheet the check writes — shared by the workbook writer (:mod:`.blank`), the Excel
buttons (:mod:`.buttons`), and the adapters that read the sheet (:mod:`docgen.adapters`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from docgen.schema.model import SCHOOL, TemplateSchema

__all__ = ["ACTIONS", "DEFAULT_OUT", "GENERATOR_SHEET", "ORDER_CHOICES", "PARENT_CHOICES", "PRINT_CHOICES",
           "PROBLEMS_SHEET",
           "PROBLEM_HEADERS", "RESULT_CELL", "RESULT_LABEL", "SCOPES", "SETTINGS", "SETTINGS_ROW", "YES_NO", "Action",
           "template_choices", "write_generator_sheet"]


@dataclass(frozen=True)
class Action:
    id: str
    caption: str  # the button's / menu item's text
    help: str


ACTIONS: tuple[Action, ...] = (
    Action("generate", "Сформировать документы",
           "По листу «Генератор»: выбранный шаблон, весь реестр, выделенные строки или условие."),
    Action("generate_selected", "Сформировать для выделенных строк",
           "Шаблон с листа «Генератор», строки — выделенные на листе с данными."),
    Action("check", "Проверить реестр", "Все проблемы книги — на лист «Проблемы» со ссылками на ячейки."),
    Action("open_folder", "Открыть папку с документами", "Папка, указанная на листе «Генератор»."),
)

GENERATOR_SHEET = "Генератор"
PROBLEMS_SHEET = "Проблемы"
# (key, label in column A) — the settings rows of «Генератор», from row SETTINGS_ROW down.
# Adapters find a setting by its label, so a book made by an older docgen (fewer rows) still works.
SETTINGS: tuple[tuple[str, str], ...] = (
    ("template", "Шаблон"),
    ("scope", "Что формировать"),
    ("condition", "Условие"),
    ("without_consent", "Только без согласия"),
    ("out_dir", "Папка для документов"),
    ("print_file", "Файл для печати"),
    ("pdf", "PDF"),
    ("zip", "Архив .zip"),
    ("orders", "Приказы"),
    ("number", "Номер приказа"),
    ("order_date", "Дата приказа"),
    ("parent", "Кто подписывает за ребёнка"),
    ("record_issued", "Отметить «Согласие выдано»"),
)
SETTINGS_ROW = 3
RESULT_LABEL = "Результат"  # column A; adapters write the summary beside it (column B)
RESULT_CELL = f"B{SETTINGS_ROW + len(SETTINGS) + 1}"  # where it is in a book made by this docgen
SCOPES = ("весь реестр", "выделенные строки", "по условию")
# Excel and Calc split an inline drop-down list at commas: no choice may contain one.
YES_NO = ("нет", "да")
PRINT_CHOICES = ("нет", "да", "да (двусторонняя печать)")
ORDER_CHOICES = ("новый номер в журнале", "черновик без номера", "номер из журнала (повторно)")
# «Кто подписывает за ребёнка»: these two, then the values of «Кем приходится» («мать», «отец»…)
PARENT_CHOICES = ("первый указанный", "каждый родитель")
DEFAULT_OUT = "Документы"
PROBLEM_HEADERS = ["Лист", "Ячейка", "Столбец", "Проблема", "Значение"]


def template_choices(templates: Iterable[TemplateSchema] | Any) -> list[str]:
    """The dropdown of «Генератор»: «id — title» for every template (a catalog — its templates made
    from a school's registry, the kind a workbook with buttons is — or the schemas given)."""
    schemas = ([t for t in templates.templates.values() if t.registry == SCHOOL] if hasattr(templates, "templates")
               else templates)
    return [f"{t.ref} — {t.title}" for t in schemas]


def write_generator_sheet(ws: Any, templates: list[str], relations: tuple[str, ...] = ()) -> None:
    """The «Генератор» sheet the spreadsheet buttons read (:mod:`docgen.actions`): a label in
    column A and a choice in column B for each setting, dropdowns where the choices are fixed,
    and the result cell the buttons write to."""
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415 — 0.2 s: only when a workbook is written
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415 — loaded with the line above

    ws["A1"] = "Генератор документов"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = ("Выберите шаблон и что формировать, затем нажмите кнопку «Сформировать» (Excel) "
                "или меню «Документы» (LibreOffice Calc).")
    # the parents' consents are the batch a school makes most often
    first = next((t for t in templates if t.startswith("consent_parent ")), templates[0] if templates else "")
    defaults = {"template": first, "scope": SCOPES[0], "condition": "", "without_consent": YES_NO[0],
                "out_dir": DEFAULT_OUT, "print_file": PRINT_CHOICES[0], "pdf": YES_NO[0], "zip": YES_NO[0],
                "orders": ORDER_CHOICES[0], "number": "", "order_date": "", "parent": PARENT_CHOICES[0],
                "record_issued": YES_NO[0]}
    hints = {"condition": "Для «по условию»: Столбец=значение, например Класс=7А (каждое условие с новой строки).",
             "without_consent": "«да» — только те, от кого согласие ещё не получено.",
             "out_dir": "Папка рядом с реестром или полный путь.",
             "pdf": "PDF через LibreOffice: файла для печати, а без него — каждого документа.",
             "number": "Пусто — следующий номер журнала. Первый приказ нового года — только с номером, "
                       "если на листе «Организация» не задана нумерация с нового года.",
             "order_date": "ДД.ММ.ГГГГ; пусто — сегодня.",
             "parent": "Для согласий и соглашений родителей: по документу на каждого родителя или только матери, "
                       "отцу… (у кого такого родителя нет — без документа, итог их назовёт).",
             "record_issued": "«да» — сегодняшняя дата в «Согласие выдано» тем, кому напечатано согласие на "
                              "обработку (заполненные даты не меняются). Сохраните книгу."}
    choice_col = 8  # H: the template list for the dropdown (hidden)
    for i, name in enumerate(templates):
        ws.cell(SETTINGS_ROW + i, choice_col, name)
    ws.column_dimensions["H"].hidden = True
    fixed = {"scope": SCOPES, "print_file": PRINT_CHOICES, "orders": ORDER_CHOICES, "without_consent": YES_NO,
             "pdf": YES_NO, "zip": YES_NO, "parent": (*PARENT_CHOICES, *relations), "record_issued": YES_NO}
    for offset, (key, label) in enumerate(SETTINGS):
        row = SETTINGS_ROW + offset
        label_cell = ws.cell(row, 1, label)
        label_cell.font = Font(bold=True)
        label_cell.alignment = Alignment(vertical="top")
        cell = ws.cell(row, 2, defaults[key] or None)
        if key == "number":
            cell.number_format = "@"  # «12.3» is an order's number, not a date
        elif key == "order_date":
            cell.number_format = "DD.MM.YYYY"
        cell.alignment = Alignment(vertical="top")
        if key in hints:
            hint = ws.cell(row, 3, hints[key])
            hint.font = Font(italic=True, color="666666", size=9)
            hint.alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[row].height = 26
        if key == "template" and templates:
            last = SETTINGS_ROW + len(templates) - 1
            dv = DataValidation(type="list", formula1=f"$H${SETTINGS_ROW}:$H${last}", allow_blank=False)
        elif key in fixed:
            assert not any("," in choice for choice in fixed[key]), "a comma splits an inline list"
            dv = DataValidation(type="list", formula1='"' + ",".join(fixed[key]) + '"', allow_blank=False)
        else:
            continue
        dv.error, dv.errorTitle = "Выберите значение из списка.", "docgen"
        ws.add_data_validation(dv)
        dv.add(cell)
    result_row = int(RESULT_CELL[1:])
    ws.cell(result_row, 1, RESULT_LABEL).font = Font(bold=True)
    ws[RESULT_CELL].alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 88
    ws.column_dimensions["C"].width = 40  # hints; the Excel buttons stand in D
