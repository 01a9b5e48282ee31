"""Validation on broken copies of the example registry: every problem, with its cell."""

from __future__ import annotations

from datetime import date

import openpyxl

from docgen import api

from .helpers import EXAMPLE, find_cell

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
    assert len(orphans) > 100 and all(p.sheet == "Наставляемые" and p.cell for p in orphans)
