"""Choosing rows of a template made from two sheets (consent_parent: «Наставляемые» and «Наставники»):
a column by its header on either sheet, people on both, row numbers of a named sheet, and errors
that list both sheets."""

from __future__ import annotations

from datetime import date

import pytest

from docgen import api
from docgen.errors import SelectionError
from docgen.records.selection import Selection
from tests.helpers import EXAMPLE, sheet_rows, years_on

AS_OF = date(2026, 11, 23)
BOTH = ("mentees", "mentors")


def rows(reg):
    return reg.rows("mentees") + reg.rows("mentors")


def codes(records) -> set[str]:
    return {r.values["code"] for r in records}


def test_a_header_of_either_sheet_names_the_same_column(reg):
    # «Документ ребёнка» is the mentees' header, «Документ, удостоверяющий личность» the mentors'
    a = Selection.parse(where=["Документ ребёнка!=пусто"]).apply(reg, BOTH, rows(reg))
    b = Selection.parse(where=["Документ, удостоверяющий личность!=пусто"]).apply(reg, BOTH, rows(reg))
    expected = {m["Код"] for sheet in ("Наставляемые", "Наставники") for m in sheet_rows(EXAMPLE, sheet)
                if m.get("Документ ребёнка") or m.get("Документ, удостоверяющий личность")}
    assert codes(a) == codes(b) == expected and any(c.startswith("Н-") for c in expected)


def test_class_and_minors_on_both_sheets(reg):
    got = Selection.parse(where=["Класс=9Б"], minors=True).apply(reg, BOTH, rows(reg))
    expected = {m["Код"] for sheet in ("Наставляемые", "Наставники") for m in sheet_rows(EXAMPLE, sheet)
                if m.get("Класс") == "9 «Б»" and m["Дата рождения"] and years_on(m["Дата рождения"], AS_OF) < 18}
    assert codes(got) == expected
    assert {c[:1] for c in expected} == {"У", "Н"}


def test_people_are_looked_for_on_both_sheets(reg):
    mentor = next(m for m in sheet_rows(EXAMPLE, "Наставники") if m["Категория"] == "обучающийся")
    got = Selection.parse(people=["У-001", mentor["ФИО"]]).apply(reg, BOTH, rows(reg))
    assert codes(got) == {"У-001", mentor["Код"]}
    with pytest.raises(SelectionError, match="на листах «Наставляемые» и «Наставники» нет человека"):
        Selection.parse(people=["Несуществующий Человек"]).apply(reg, BOTH, rows(reg))


def test_row_numbers_of_a_named_sheet(reg):
    mentor = next(m for m in sheet_rows(EXAMPLE, "Наставники") if m["Категория"] == "обучающийся")
    got = Selection.parse(rows=f"Наставники!{mentor['_row']}").apply(reg, BOTH, rows(reg))
    assert codes(got) == {mentor["Код"]}
    assert Selection.parse(rows="Наставники!14").describe() == "лист «Наставники», строки 14"
    first = Selection.parse(rows="2").apply(reg, BOTH, rows(reg))  # no name: the first sheet
    assert codes(first) == {sheet_rows(EXAMPLE, "Наставляемые")[0]["Код"]}
    with pytest.raises(SelectionError, match="этот документ делается по строкам листа «Наставляемые», «Наставники»"):
        Selection.parse(rows="Пары!2").apply(reg, BOTH, rows(reg))


def test_make_chooses_minors_of_both_sheets_by_class(tmp_path):
    result = api.make(["consent_parent"], EXAMPLE, tmp_path, as_of=AS_OF, select=Selection.parse(where=["Класс=10А"]),
                      outputs=api.Outputs(manifest=False))
    expected = sorted(m["ФИО"] for sheet in ("Наставляемые", "Наставники") for m in sheet_rows(EXAMPLE, sheet)
                      if m.get("Класс") == "10 «А»" and m["Дата рождения"]
                      and years_on(m["Дата рождения"], AS_OF) < 18)
    assert sorted(p.name.split(" ", 1)[1].split(" — ")[0] for p in result.files) == expected
