"""Writing a registry workbook from the registry schema (``docgen init``).

The workbook is built from :class:`~docgen.schema.RegistrySchema` alone, so a new column in
``registry.yaml`` appears in new workbooks without touching this module. It opens with an
«Инструкция» sheet that explains every sheet and column in Russian; then comes one sheet per
schema sheet, in schema order:

* ``table`` sheets: row 1 holds the headers (frozen, bold, filled, wrapped, with the field's help
  as a cell comment), columns get widths that suit their content and a default number format
  (dates as ДД.ММ.ГГГГ, digits and phones as text so leading zeros survive), and ``choice`` and
  ``sex`` columns get drop-down lists;
* ``keyvalue`` sheets: «Параметр | Значение | Пояснение», one row per field.

Nothing here reads a workbook; reading and checking are other modules' business.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from docgen.errors import OutputError, UsageError, os_reason
from docgen.fsutil import write_new
from docgen.ooxml.a1 import column_letter as get_column_letter
from docgen.schema.model import Field, RegistrySchema, Sheet
from docgen.soffice import convert_one
from docgen.workbook.buttons import save_with_buttons
from docgen.workbook.describe import DATE_FORMAT, column_format, column_width, describe_type, text_lines
from docgen.workbook.generator import GENERATOR_SHEET, write_generator_sheet
from docgen.workbook.save import save_workbook

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "INSTRUCTION_SHEET",
    "DATE_FORMAT",
    "VALIDATION_LAST_ROW",
    "new_registry_workbook",
    "write_blank_registry",
    "save_workbook",
    "fit_row_height",
    "describe_type",
    "column_width",
]

INSTRUCTION_SHEET = "Инструкция"
#: Drop-down lists cover the rows 2..VALIDATION_LAST_ROW of a table sheet.
VALIDATION_LAST_ROW = 2000
KEYVALUE_HEADERS = ("Параметр", "Значение", "Пояснение")
REQUIRED_MARK = "обязательно"

# Light fills: blue for ordinary headers, orange for required ones (the instruction says so).


@lru_cache(maxsize=1)
def _look() -> SimpleNamespace:
    """openpyxl's styles, made when the first workbook is written (openpyxl costs 0.2 s to import)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # noqa: PLC0415 — 0.2 s: only when writing

    thin = Side(style="thin", color="BFBFBF")
    return SimpleNamespace(
        Alignment=Alignment, Font=Font, PatternFill=PatternFill,
        FILL_HEADER=PatternFill("solid", fgColor="DDEBF7"), FILL_REQUIRED=PatternFill("solid", fgColor="FCE4D6"),
        FILL_TITLE=PatternFill("solid", fgColor="D9E1F2"), FILL_TABLE_HEAD=PatternFill("solid", fgColor="EDEDED"),
        FILL_VALUE=PatternFill("solid", fgColor="FFF9E5"), BOLD=Font(bold=True),
        WRAP_TOP=Alignment(wrap_text=True, vertical="top"), WRAP_CENTER=Alignment(wrap_text=True, vertical="center"),
        BOX=Border(left=thin, right=thin, top=thin, bottom=thin))
_LINE_HEIGHT = 15.0  # points per line of 11-pt text

def fit_row_height(ws: Worksheet, row: int, *, minimum: int = 1) -> None:
    """Set the height of ``row`` so that its wrapped text shows, using the columns' widths.

    Call it after writing long values into a sheet made by :func:`new_registry_workbook`.
    """
    widths = {}
    for cell in ws[row]:
        if cell.value not in (None, ""):
            widths[cell.column] = ws.column_dimensions[cell.column_letter].width or 8.43
    _fit_row(ws, row, widths, minimum=minimum)


def _fit_row(ws: Worksheet, row: int, widths: dict[int, float], minimum: int = 1) -> None:
    """Set the row height so that the wrapped text of every cell in the row is visible."""
    lines = minimum
    for col, width in widths.items():
        cell = ws.cell(row=row, column=col)
        if cell.value not in (None, ""):
            # Bold letters are wider: count on fewer of them per line.
            lines = max(lines, text_lines(str(cell.value), width * (0.85 if cell.font.b else 1.0)))
    ws.row_dimensions[row].height = lines * _LINE_HEIGHT + 3


# --------------------------------------------------------------------------- drop-down lists


def _list_validation(values: tuple[str, ...], header: str) -> DataValidation | None:
    """A drop-down of ``values``, or None when Excel cannot hold them as an inline list."""
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415 — 0.2 s: only when writing

    if not values or any("," in v or '"' in v for v in values):
        return None
    formula = '"' + ",".join(values) + '"'
    if len(formula) > 255:  # Excel's limit for an inline list
        return None
    shown = ", ".join(values)
    message = (f"В столбце «{header}» допустимы только значения из списка: {shown}. "
               "Чтобы оставить ячейку пустой, удалите её содержимое.")
    if len(message) > 255:
        message = f"Выберите значение из списка: {shown}."[:255]
    return DataValidation(
        type="list", formula1=formula, allow_blank=True, showDropDown=False,
        showErrorMessage=True, errorStyle="stop", errorTitle="Недопустимое значение", error=message,
    )


def _dropdown_values(field: Field) -> tuple[str, ...]:
    if field.type == "choice":
        return field.choices
    if field.type == "sex":
        return ("м", "ж")
    return ()


# --------------------------------------------------------------------------- sheets


def _style_header(cell, required: bool) -> None:
    L = _look()
    cell.font = L.BOLD
    cell.fill = L.FILL_REQUIRED if required else L.FILL_HEADER
    cell.alignment = L.WRAP_CENTER
    cell.border = L.BOX


def _help_comment(text: str, width: float = 320) -> Any:
    from openpyxl.comments import Comment  # noqa: PLC0415 — 0.2 s: only when a workbook is written

    comment = Comment(text, "docgen")
    comment.width = int(width)
    comment.height = int(24 + 16 * text_lines(text, width / 7))
    return comment


def _write_table_sheet(ws: Worksheet, sheet: Sheet) -> None:
    widths: dict[int, float] = {}
    for col, field in enumerate(sheet.fields, start=1):
        cell = ws.cell(row=1, column=col, value=field.header)
        _style_header(cell, field.required)
        if field.help:
            cell.comment = _help_comment(field.help)
        letter = get_column_letter(col)
        widths[col] = column_width(field)
        ws.column_dimensions[letter].width = widths[col]
        fmt = column_format(field)
        if fmt:
            ws.column_dimensions[letter].number_format = fmt
        validation = _list_validation(_dropdown_values(field), field.header)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{VALIDATION_LAST_ROW}")
            ws.add_data_validation(validation)
    _fit_row(ws, 1, widths, minimum=2)
    ws.freeze_panes = "A2"


def _write_keyvalue_sheet(ws: Worksheet, sheet: Sheet, schema: RegistrySchema) -> None:
    L = _look()
    widths = {1: 34.0, 2: 50.0, 3: 70.0}
    for col, title in enumerate(KEYVALUE_HEADERS, start=1):
        _style_header(ws.cell(row=1, column=col, value=title), required=False)
        ws.column_dimensions[get_column_letter(col)].width = widths[col]
    for row, field in enumerate(sheet.fields, start=2):
        name = ws.cell(row=row, column=1, value=field.header)
        name.font = L.BOLD if field.required else L.Font()
        name.alignment = L.WRAP_TOP
        if field.required:
            name.fill = L.FILL_REQUIRED
        value = ws.cell(row=row, column=2)
        value.fill = L.FILL_VALUE
        value.alignment = L.Alignment(wrap_text=True, vertical="top", horizontal="left")
        fmt = column_format(field)
        if fmt:
            value.number_format = fmt
        notes = [REQUIRED_MARK] if field.required else []
        if field.type != "text":
            notes.append(describe_type(field, schema))
        explanation = field.help
        if notes:
            explanation = (explanation + " " if explanation else "") + f"({'; '.join(notes)})"
        note = ws.cell(row=row, column=3, value=explanation or None)
        note.alignment = L.WRAP_TOP
        validation = _list_validation(_dropdown_values(field), field.header)
        if validation is not None:
            validation.add(f"B{row}")
            ws.add_data_validation(validation)
        _fit_row(ws, row, widths)
    ws.freeze_panes = "A2"


_INTRO = (
    "Эта книга — единый реестр образовательной организации для внедрения целевой модели "
    "наставничества (ЦМН). Из неё программа docgen заполняет приказы, положения, согласия, "
    "соглашения, протоколы и другие документы: каждое имя, дата и реквизит вводится один раз.",
    "Как заполнять. Не переименовывайте листы и не меняйте заголовки в первой строке таблиц: "
    "по ним docgen находит данные. Одна строка — одна запись. Столбцы с оранжевым заголовком "
    "обязательны. Подсказка к столбцу появляется при наведении на его заголовок.",
    "Даты пишите как ДД.ММ.ГГГГ (например, 01.09.2025). Коды, серии и номера документов, ИНН, "
    "ОГРН и телефоны вводятся как текст, чтобы не терялись ведущие нули.",
    "Книга содержит персональные данные (152-ФЗ «О персональных данных»): храните её в защищённом "
    "месте и не пересылайте по открытым каналам.",
)


def _write_instruction_sheet(ws: Worksheet, schema: RegistrySchema) -> None:
    L = _look()
    from openpyxl.worksheet.hyperlink import Hyperlink  # noqa: PLC0415 — openpyxl is loaded by now (_look)

    widths = {1: 30.0, 2: 13.0, 3: 36.0, 4: 64.0}
    total = sum(widths.values())
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    row = 1

    def paragraph(text: str, *, font: Any = None, fill: Any = None,
                  link: str | None = None) -> None:
        nonlocal row
        cell = ws.cell(row=row, column=1, value=text)
        cell.alignment = L.WRAP_TOP
        if font is not None:
            cell.font = font
        if fill is not None:
            for col in widths:
                ws.cell(row=row, column=col).fill = fill
        if link is not None:
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=link, display=text)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(widths))
        size = font.sz if font is not None and font.sz else 11
        ws.row_dimensions[row].height = text_lines(text, total * 11 / size) * _LINE_HEIGHT * size / 11 + 4
        row += 1

    paragraph("Реестр целевой модели наставничества", font=L.Font(bold=True, size=14))
    for text in _INTRO:
        paragraph(text)
    if schema.blank_values:
        shown = ", ".join(f"«{v}»" for v in schema.blank_values)
        paragraph(f"Пустое значение — пустая ячейка; так же понимаются {shown}.")
    row += 1

    for sheet in schema.sheets:
        quoted = sheet.name.replace("'", "''")
        paragraph(f"Лист «{sheet.name}»", font=L.Font(bold=True, size=12), fill=L.FILL_TITLE,
                  link=f"'{quoted}'!A1")
        if sheet.kind == "keyvalue":
            kind = "Параметр — значение: столбец A — параметр (не меняйте), столбец B — значение."
        else:
            kind = "Таблица: первая строка — заголовки, далее по строке на запись."
        required = "Лист обязателен." if sheet.required else "Лист можно не заполнять."
        paragraph(" ".join(x for x in (sheet.help, kind, required) if x))
        heads = ("Параметр" if sheet.kind == "keyvalue" else "Столбец",
                 "Обязательно", "Что писать", "Пояснение")
        for col, title in enumerate(heads, start=1):
            cell = ws.cell(row=row, column=col, value=title)
            cell.font = L.BOLD
            cell.fill = L.FILL_TABLE_HEAD
            cell.alignment = L.WRAP_CENTER
            cell.border = L.BOX
        row += 1
        entries = []
        for field in sheet.fields:
            explanation = field.help
            others = field.aliases
            if others:
                also = "Также узнаётся заголовок: " + ", ".join(f"«{a}»" for a in others) + "."
                explanation = f"{explanation} {also}".strip()
            entries.append((field.header, REQUIRED_MARK if field.required else "—",
                            describe_type(field, schema), explanation))
        if sheet.year_columns is not None:
            year_type = Field(key="year_value", header="год", type=str(sheet.year_columns.get("type", "percent")))
            entries.append(("2025, 2026, … (столбцы с годами)", "—", describe_type(year_type, schema),
                            "Добавьте справа по столбцу на каждый год; заголовок — год."))
        for values in entries:
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=col, value=value)
                cell.alignment = L.WRAP_TOP
                cell.border = L.BOX
                if col == 1:
                    cell.font = L.BOLD
            _fit_row(ws, row, widths)
            row += 1
        row += 1
    ws.sheet_view.showGridLines = False


def _fit_page_width(ws: Worksheet, *, landscape: bool) -> None:
    """Print on pages as wide as the sheet; tables repeat their header row on each page."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def new_registry_workbook(schema: RegistrySchema, templates: list[str] | None = None) -> Workbook:
    """Return an empty registry workbook for ``schema``: «Инструкция», «Генератор» (when the
    template choices are given), then one sheet per schema sheet."""
    from openpyxl import Workbook  # noqa: PLC0415 — 0.2 s: only when a workbook is written

    wb = Workbook()
    instruction = wb.active
    instruction.title = INSTRUCTION_SHEET
    _write_instruction_sheet(instruction, schema)
    _fit_page_width(instruction, landscape=False)
    if templates is not None:
        relations = schema.sheet("parents").field("relation").choices if schema.has_field("parents", "relation") else ()
        write_generator_sheet(wb.create_sheet(GENERATOR_SHEET), templates, relations)
    for sheet in schema.sheets:
        ws = wb.create_sheet(sheet.name)
        if sheet.kind == "keyvalue":
            _write_keyvalue_sheet(ws, sheet, schema)
        else:
            _write_table_sheet(ws, sheet)
            ws.print_title_rows = "1:1"
        _fit_page_width(ws, landscape=True)
    wb.active = 0
    wb.properties.title = "Реестр целевой модели наставничества"
    wb.properties.creator = "docgen"
    wb.properties.language = "ru-RU"
    return wb


def write_blank_registry(path: Path, schema: RegistrySchema, templates: list[str] | None = None) -> None:
    """Write an empty registry workbook to ``path`` (.xlsx; .xlsm with the Excel buttons; .ods
    through LibreOffice); an existing file is never overwritten."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".ods"):
        raise UsageError(f"Реестр сохраняется в формате .xlsx, .xlsm (с кнопками для Excel) или .ods, "
                         f"а указан файл «{path.name}».")
    if path.exists():
        raise UsageError(f"Файл «{path}» уже существует. docgen не перезаписывает реестр: "
                         "укажите другое имя или удалите старый файл.")
    wb = new_registry_workbook(schema, templates if templates is not None else [])
    if suffix == ".xlsx":
        save_workbook(wb, path, overwrite=False)
    elif suffix == ".xlsm":
        save_with_buttons(wb, path)
    else:
        _save_ods(wb, path)


_CONFIG_NS = "urn:oasis:names:tc:opendocument:xmlns:config:1.0"


def freeze_first_rows(ods: bytes, sheets: list[str]) -> bytes:
    """The .ods with its first row frozen on ``sheets``: a conversion without a window writes no
    view settings, so the frozen headers of the .xlsx would be lost. Only ``settings.xml``
    changes (the other members are kept byte for byte)."""
    from xml.sax.saxutils import quoteattr  # noqa: PLC0415 — only for .ods

    from docgen.ooxml.zip import rewrite  # noqa: PLC0415 — only for .ods

    def item(name: str, kind: str, value: object) -> str:
        return f'<config:config-item config:name="{name}" config:type="{kind}">{value}</config:config-item>'

    tables = "".join(
        f"<config:config-item-map-entry config:name={quoteattr(name)}>"
        + item("HorizontalSplitMode", "short", 0) + item("VerticalSplitMode", "short", 2)
        + item("HorizontalSplitPosition", "int", 0) + item("VerticalSplitPosition", "int", 1)
        + item("ActiveSplitRange", "short", 2) + item("PositionLeft", "int", 0) + item("PositionRight", "int", 0)
        + item("PositionTop", "int", 0) + item("PositionBottom", "int", 1)
        + "</config:config-item-map-entry>" for name in sheets)
    views = ('<config:config-item-map-indexed config:name="Views"><config:config-item-map-entry>'
             + item("ViewId", "string", "view1")
             + f'<config:config-item-map-named config:name="Tables">{tables}</config:config-item-map-named>'
             + "</config:config-item-map-entry></config:config-item-map-indexed>")
    with zipfile.ZipFile(io.BytesIO(ods)) as z:
        settings = z.read("settings.xml").decode("utf-8")
    if 'config:name="Views"' in settings:
        return ods  # LibreOffice wrote a view of its own: keep it
    marker = '<config:config-item-set config:name="ooo:view-settings">'
    if marker in settings:
        settings = settings.replace(marker, marker + views, 1)
    else:
        settings = settings.replace("<office:settings>", "<office:settings>" + marker + views
                                    + "</config:config-item-set>", 1)
    return rewrite(ods, {"settings.xml": settings.encode("utf-8")})


def _save_ods(wb: Workbook, path: Path) -> None:
    """.ods through LibreOffice (the suite that .ods users have): the .xlsx is converted in a
    scratch folder, then put into place only if the name is still free."""
    with tempfile.TemporaryDirectory(prefix="docgen-ods-") as tmp:
        source = Path(tmp) / (path.stem + ".xlsx")
        save_workbook(wb, source)
        made = convert_one(source, "ods", Path(tmp))
        if made is None:
            raise OutputError("LibreOffice не смог сохранить реестр в формате .ods. Создайте .xlsx и "
                              "сохраните его как .ods в LibreOffice Calc.")
        frozen = [ws.title for ws in wb.worksheets if ws.freeze_panes == "A2"]
        try:
            write_new(path, freeze_first_rows(made.read_bytes(), frozen))
        except FileExistsError:
            raise UsageError(f"Файл «{path}» уже существует. Укажите другое имя или удалите старый файл.") from None
        except OSError as exc:
            raise OutputError(f"Не удалось записать файл «{path}»: {os_reason(exc)}.") from None
