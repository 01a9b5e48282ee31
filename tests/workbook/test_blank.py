"""docgen.workbook.blank: the blank registry `docgen init` writes, sheet by sheet and column by column."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from docgen.errors import UsageError
from docgen.plugins.catalog import catalog
from docgen.workbook.blank import (
    DATE_FORMAT,
    INSTRUCTION_SHEET,
    VALIDATION_LAST_ROW,
    describe_type,
    new_registry_workbook,
    write_blank_registry,
)

# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def schema():
    return catalog().registry_schema


def header_row(ws) -> list:
    return [c.value for c in ws[1]]


# --------------------------------------------------------------------------- the blank workbook


@pytest.fixture(scope="module")
def blank_path(tmp_path_factory, schema) -> Path:
    path = tmp_path_factory.mktemp("blank") / "registry.xlsx"
    write_blank_registry(path, schema)
    return path


@pytest.fixture(scope="module")
def blank(blank_path):
    return openpyxl.load_workbook(blank_path)


def test_blank_has_instruction_then_every_schema_sheet_in_order(blank, schema):
    assert blank.sheetnames == [INSTRUCTION_SHEET, "Генератор"] + [s.name for s in schema.sheets]
    assert blank.active.title == INSTRUCTION_SHEET


def test_table_headers_equal_schema_headers_and_are_frozen(blank, schema):
    for sheet in schema.sheets:
        if sheet.kind != "table":
            continue
        ws = blank[sheet.name]
        assert header_row(ws) == [f.header for f in sheet.fields], sheet.name
        assert ws.freeze_panes == "A2", sheet.name
        assert ws.max_row == 1, f"{sheet.name}: a blank table has only its header row"
        for col, _field in enumerate(sheet.fields, start=1):
            cell = ws.cell(row=1, column=col)
            assert cell.font.b and cell.alignment.wrap_text, (sheet.name, cell.value)
            assert cell.fill.fgColor.rgb not in (None, "00000000"), (sheet.name, cell.value)
            assert ws.column_dimensions[cell.column_letter].width >= 6


def test_year_column_sheet_has_no_year_headers_when_blank(blank, schema):
    for sheet in schema.sheets:
        if sheet.year_columns is not None:
            assert not any(re.fullmatch(r"\d{4}", str(h)) for h in header_row(blank[sheet.name]))


def test_header_comments_carry_the_help_text(blank, schema):
    for sheet in schema.sheets:
        if sheet.kind != "table":
            continue
        ws = blank[sheet.name]
        for col, field in enumerate(sheet.fields, start=1):
            comment = ws.cell(row=1, column=col).comment
            if field.help:
                assert comment is not None, (sheet.name, field.header)
                assert comment.author == "docgen"
                assert field.help in comment.text
            else:
                assert comment is None, (sheet.name, field.header)


def _validations(ws) -> dict[str, str]:
    """Map each cell range with a list validation to its formula."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list"
        assert dv.showErrorMessage and dv.error, "a dropdown explains a wrong value"
        for rng in str(dv.sqref).split():
            found[rng] = dv.formula1
    return found


def test_choice_and_sex_columns_have_dropdowns_with_the_right_values(blank, schema):
    for sheet in schema.sheets:
        if sheet.kind != "table":
            continue
        ws = blank[sheet.name]
        found = _validations(ws)
        expected = {}
        for col, field in enumerate(sheet.fields, start=1):
            letter = openpyxl.utils.get_column_letter(col)
            if field.type == "choice":
                expected[f"{letter}2:{letter}{VALIDATION_LAST_ROW}"] = '"' + ",".join(field.choices) + '"'
            elif field.type == "sex":
                expected[f"{letter}2:{letter}{VALIDATION_LAST_ROW}"] = '"м,ж"'
        assert found == expected, sheet.name


def test_mentorship_form_dropdown_lists_the_four_forms(blank, schema):
    ws = blank[schema.sheet("pairs").name]
    formulas = set(_validations(ws).values())
    assert '"ученик – ученик,учитель – учитель,студент – ученик,работодатель – ученик"' in formulas


def test_date_and_text_columns_get_a_default_format(blank, schema):
    for sheet in schema.sheets:
        if sheet.kind != "table":
            continue
        ws = blank[sheet.name]
        for col, field in enumerate(sheet.fields, start=1):
            dim = ws.column_dimensions[openpyxl.utils.get_column_letter(col)]
            if field.type == "date":
                assert dim.number_format == DATE_FORMAT, (sheet.name, field.header)
            elif field.type in ("digits", "phone"):
                assert dim.number_format == "@", (sheet.name, field.header)


def test_keyvalue_sheet_has_one_row_per_field(blank, schema):
    for sheet in schema.sheets:
        if sheet.kind != "keyvalue":
            continue
        ws = blank[sheet.name]
        assert header_row(ws)[:3] == ["Параметр", "Значение", "Пояснение"]
        assert ws.freeze_panes == "A2"
        rows = list(ws.iter_rows(min_row=2, values_only=True))
        assert [r[0] for r in rows] == [f.header for f in sheet.fields]
        for field, (_name, value, note) in zip(sheet.fields, rows):
            assert value is None, field.header
            if field.required:
                assert "обязательно" in note, field.header
            if field.help:
                assert field.help in note, field.header


def test_instruction_explains_every_sheet_and_column(blank, schema):
    ws = blank[INSTRUCTION_SHEET]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    joined = "\n".join(texts)
    assert "наставничеств" in texts[0] or "наставничеств" in texts[1]
    for sheet in schema.sheets:
        assert f"Лист «{sheet.name}»" in texts, sheet.name
        if sheet.help:
            assert sheet.help in joined, sheet.name
        for field in sheet.fields:
            assert field.header in texts, (sheet.name, field.header)
            assert describe_type(field, schema) in texts, (sheet.name, field.header)
    assert "дата (ДД.ММ.ГГГГ)" in texts
    assert "обязательно" in texts
    widths = [ws.column_dimensions[c].width for c in "ABCD"]
    assert all(w and w >= 12 for w in widths)


@pytest.mark.parametrize(("sheet", "key", "expected"), [
    ("org", "inn", "10 цифр"),
    ("parents", "passport_series", "текст"),
    ("partners", "inn", "10 или 12 цифр"),
    ("org", "director", "ссылка на лист «Сотрудники» (ФИО)"),
    ("pairs", "mentee", "ссылка на лист «Наставляемые» (код или ФИО)"),
    ("mentors", "sex", "пол (м/ж)"),
    ("mentees", "school_class", "класс (7 «А»)"),
    ("org", "period_start", "год"),
    ("org", "child_signs_from_age", "целое число от 10 до 18"),
    ("mentors", "email", "e-mail"),
    ("mentors", "phone", "телефон"),
    ("pairs", "status", "один из списка: действует, завершена, приостановлена"),
    ("pairs", "end", "дата (ДД.ММ.ГГГГ); не раньше, чем «Дата начала»"),
])
def test_describe_type_speaks_russian(schema, sheet, key, expected):
    assert describe_type(schema.sheet(sheet).field(key), schema) == expected


def test_refuses_to_overwrite_an_existing_file(tmp_path, schema):
    path = tmp_path / "registry.xlsx"
    path.write_bytes(b"my precious data")
    with pytest.raises(UsageError, match="уже существует"):
        write_blank_registry(path, schema)
    assert path.read_bytes() == b"my precious data"


def test_refuses_a_path_that_is_not_xlsx_or_has_no_folder(tmp_path, schema):
    with pytest.raises(UsageError, match=r"\.xlsx"):
        write_blank_registry(tmp_path / "registry.xls", schema)
    with pytest.raises(UsageError, match="Папки"):
        write_blank_registry(tmp_path / "missing" / "registry.xlsx", schema)
    assert list(tmp_path.iterdir()) == []


def test_blank_workbook_is_readable_by_calamine(blank_path, schema):
    calamine = pytest.importorskip("python_calamine")
    book = calamine.CalamineWorkbook.from_path(str(blank_path))
    assert book.sheet_names == [INSTRUCTION_SHEET, "Генератор"] + [s.name for s in schema.sheets]
    mentors = schema.sheet("mentors")
    rows = book.get_sheet_by_name(mentors.name).to_python()
    assert rows[0] == [f.header for f in mentors.fields]


def test_new_registry_workbook_returns_an_unsaved_workbook(schema):
    wb = new_registry_workbook(schema)
    assert isinstance(wb, openpyxl.Workbook)
    assert wb.sheetnames[0] == INSTRUCTION_SHEET
