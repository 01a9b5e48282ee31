"""docgen.records.validate: broken copies of the example registry report every problem with
its cell; and a property: any value in any cell never crashes validation, and a value the
parser refuses is reported at exactly that cell."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import event, example, given
from hypothesis import strategies as st

from docgen import api
from docgen.ooxml.a1 import column_letter
from docgen.plugins.catalog import catalog
from docgen.records import validate as records
from docgen.records.fieldtypes import CellError, parse_cell, parse_percent
from docgen.ru.text import clean_text, fold, is_blank
from docgen.workbook.reader import RawSheet, read_workbook
from tests.helpers import EXAMPLE, find_cell
from tests.strategies import MEDIUM, assert_russian, cell_value

AS_OF = date(2026, 11, 23)


def _copy(tmp_path, change) -> str:
    wb = openpyxl.load_workbook(EXAMPLE)
    change(wb)
    path = tmp_path / "r.xlsx"
    wb.save(path)
    return path


def _by_cell(problems):
    return {f"{p.sheet}!{p.cell}": p for p in problems}


def test_example_is_clean():
    assert api.check(EXAMPLE, as_of=AS_OF) == []


def test_missing_sheet_and_column_are_reported_together(tmp_path):
    def change(wb):
        del wb["Партнёры"]
        ws = wb["Пары"]
        for cell in ws[1]:
            if cell.value == "Статус":
                cell.value = "Что-то другое"
    problems = api.check(_copy(tmp_path, change), as_of=AS_OF)
    messages = [str(p) for p in problems]
    assert any("нет листа «Партнёры»" in m for m in messages)
    assert any("Нет обязательного столбца «Статус»" in m for m in messages)


def test_duplicate_code_unknown_reference_and_orphan_minor(tmp_path):
    code3 = find_cell(EXAMPLE, "Наставляемые", "Код", 3)
    code2 = find_cell(EXAMPLE, "Наставляемые", "Код", 2)
    mentor = find_cell(EXAMPLE, "Пары", "Наставник", 2)

    def change(wb):
        ws = wb["Наставляемые"]
        ws[code3].value = ws[code2].value
        wb["Пары"][mentor].value = "Н-999"
    problems = _by_cell(api.check(_copy(tmp_path, change), as_of=AS_OF))
    assert "повторяется" in problems[f"Наставляемые!{code3}"].message
    assert "нет такого кода или ФИО" in problems[f"Пары!{mentor}"].message


def test_headers_are_matched_tolerantly_and_may_start_below_row_1(tmp_path):
    def change(wb):
        ws = wb["Партнёры"]
        for cell in ws[1]:
            if isinstance(cell.value, str):
                cell.value = "  " + cell.value.upper().replace("Ё", "Е") + " "
        ws.insert_rows(1, 2)
        ws["A1"] = "Реестр партнёров (шапка, которую пользователь добавил сам)"
    assert api.check(_copy(tmp_path, change), as_of=AS_OF) == []


def test_unknown_sex_without_patronymic_is_a_problem(tmp_path):
    fio = find_cell(EXAMPLE, "Сотрудники", "ФИО", 5)
    sex = find_cell(EXAMPLE, "Сотрудники", "Пол", 5)

    def change(wb):
        ws = wb["Сотрудники"]
        ws[fio].value = " ".join(ws[fio].value.split()[:2])
        ws[sex].value = None
    problems = _by_cell(api.check(_copy(tmp_path, change), as_of=AS_OF))
    assert "Не удаётся определить пол" in problems[f"Сотрудники!{sex}"].message


def test_minor_without_parent_is_reported(tmp_path):
    def change(wb):
        ws = wb["Родители"]
        ws.delete_rows(2, ws.max_row)
    problems = api.check(_copy(tmp_path, change), as_of=AS_OF)
    orphans = [p for p in problems if "нет его родителя" in p.message]
    assert len(orphans) > 100 and all(p.sheet in ("Наставляемые", "Наставники") and p.cell for p in orphans)


@lru_cache(maxsize=1)
def example_workbook() -> tuple[RawSheet, ...]:
    return tuple(read_workbook(api.example_registry()))


@lru_cache(maxsize=1)
def workbook_values() -> tuple[Any, ...]:
    """Every distinct non-empty cell of the example: codes, names, headers, dates."""
    seen: dict[Any, None] = {}
    for sheet in example_workbook():
        for row in sheet.rows:
            for v in row:
                if v not in ("", None):
                    seen.setdefault(v, None)
    return tuple(seen)


def _changed_target(raw: RawSheet, sheet, r: int, c: int):
    """What the validator reads cell (r, c) as: a Field, a year column's header (str) on
    «Показатели», or None (header rows, column A of a key–value sheet, unused columns).
    Mirrors records.keyvalue/records.table, using their own header lookup."""
    if sheet.kind == "keyvalue":
        if c != 2:
            return None
        by_header = {fold(h): f for f in sheet.fields for h in f.headers}
        seen: set[str] = set()
        for rr, line in enumerate(raw.rows, start=1):
            f = by_header.get(records._header_key(line[0] if line else ""))
            if f is None or f.key in seen:
                continue
            seen.add(f.key)
            if rr == r:
                return f
        return None
    header_row, columns = records.find_header_row(raw, sheet)
    if r <= header_row:
        return None
    for key, col in columns.items():
        if col == c:
            return sheet.field(key)
    if sheet.year_columns is not None:
        text = clean_text(raw.cell(header_row, c))
        if records._YEAR_HEADER.match(text) and c not in columns.values():
            return text
    return None


@st.composite
def workbook_edit(draw):
    raw = example_workbook()
    index = draw(st.sampled_from([i for i, s in enumerate(raw) if s.rows]))
    sheet = raw[index]
    r = draw(st.integers(1, len(sheet.rows)))
    width = max(len(sheet.rows[r - 1]), 1)
    c = draw(st.integers(1, width + 1))  # one column past the used area too
    value = draw(st.one_of(cell_value, st.sampled_from(workbook_values())))
    return index, r, c, value


@MEDIUM
@given(edit=workbook_edit())
@example(edit=(2, 5, 1, "{{ 7*7 }}"))
def test_validate_never_raises_and_points_at_the_changed_cell(edit) -> None:
    index, r, c, value = edit
    raw = list(example_workbook())
    old = raw[index]
    rows = list(old.rows)
    line = list(rows[r - 1])
    line.extend([""] * (c - len(line)))
    line[c - 1] = value
    rows[r - 1] = line
    raw[index] = RawSheet(name=old.name, rows=rows)
    schema = catalog().registry_schema

    _registry, problems = records.validate(raw, schema, Path("r.xlsx"), AS_OF)

    names = {s.name for s in schema.sheets}
    address = f"{column_letter(c)}{r}"
    for p in problems:
        assert_russian(p.message)
        assert p.sheet in names
        assert p.cell is None or re.fullmatch(r"[A-Z]+[1-9][0-9]*", p.cell), p
        assert isinstance(str(p), str) and isinstance(p.to_dict(), dict)

    sheet = next((s for s in schema.sheets if fold(s.name) == fold(old.name)), None)
    if sheet is None:
        return  # «Инструкция»: not validated
    target = _changed_target(raw[index], sheet, r, c)
    event(f"changed cell read as: {'nothing' if target is None else 'year' if isinstance(target, str) else 'field'}")
    if target is None:
        return
    header = target if isinstance(target, str) else target.header
    # Whatever is said about the changed cell's column in its row is said about that cell.
    for p in problems:
        if p.sheet == sheet.name and p.row == r and p.column == header and p.cell is not None:
            assert p.cell == address, (p, address)
    # A value the parser refuses is reported at exactly the changed cell.
    if value is None or value == "" or (isinstance(value, str) and is_blank(value, schema.blank_values)):
        return
    try:
        if isinstance(target, str):
            parse_percent(value, sheet.fields[0])
        else:
            parse_cell(value, target)
    except CellError as exc:
        event("changed cell refused by its parser")
        assert any(p.sheet == sheet.name and p.cell == address and p.message == str(exc)
                   for p in problems), (address, str(exc), problems)
