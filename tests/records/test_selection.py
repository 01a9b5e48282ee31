"""Selections on the example registry; expected rows are counted independently with openpyxl."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest

from docgen.errors import SelectionError
from docgen.plugins.catalog import catalog
from docgen.records.selection import Condition, Selection
from docgen.records.validate import load
from docgen.ru import age_on
from tests.helpers import EXAMPLE, edited_copy

AS_OF = date(2026, 11, 23)


@pytest.fixture(scope="module")
def registry():
    return load(EXAMPLE, catalog().registry_schema, AS_OF)


@pytest.fixture(scope="module")
def sheet_rows():
    """Mentees as plain dicts keyed by header, straight from the workbook."""
    ws = openpyxl.load_workbook(EXAMPLE, read_only=True)["Наставляемые"]
    rows = list(ws.iter_rows(values_only=True))
    headers = rows[0]
    return [dict(zip(headers, r), _row=i) for i, r in enumerate(rows[1:], start=2) if r[0]]


def _klass(value) -> str:
    return re.sub(r"[\s«»\"-]", "", str(value or "")).upper()


def _minor(r) -> bool:
    b = r["Дата рождения"]
    b = b.date() if hasattr(b, "date") else b
    return age_on(b, AS_OF) < 18


def pick(registry, **kwargs):
    sel = Selection.parse(**kwargs)
    return sel.apply(registry, "mentees", registry.rows("mentees"))


def test_class_condition_tolerates_spelling(registry, sheet_rows):
    expected = sorted(r["_row"] for r in sheet_rows if _klass(r["Класс"]) == "7А")
    assert expected, "the example has a 7А"
    for spelling in ("Класс=7А", "класс = 7 «А»", "КЛАСС=7-а", "Класс=7 а"):
        assert sorted(r.row for r in pick(registry, where=[spelling])) == expected


def test_several_values_minors_and_missing_consent(registry, sheet_rows):
    classes = {"7А", "8Б"}
    expected = sorted(
        r["_row"] for r in sheet_rows
        if _klass(r["Класс"]) in classes and _minor(r) and r["Согласие получено"] is None
    )
    got = pick(registry, where=["Класс=7А;8Б"], minors=True, without_consent=True)
    assert sorted(r.row for r in got) == expected
    assert 0 < len(expected) < len([r for r in sheet_rows if _klass(r["Класс"]) in classes])


def test_choice_condition_and_negation(registry, sheet_rows):
    form = "ученик – ученик"
    same = [r["_row"] for r in sheet_rows if r["Форма наставничества"] == form]
    other = [r["_row"] for r in sheet_rows if r["Форма наставничества"] != form]
    assert [r.row for r in pick(registry, where=["Форма наставничества=ученик-ученик"])] == same
    assert [r.row for r in pick(registry, where=["Форма наставничества!=Ученик — ученик"])] == other


def test_blank_condition(registry, sheet_rows):
    expected = [r["_row"] for r in sheet_rows if r["Согласие получено"] is None]
    assert [r.row for r in pick(registry, where=["Согласие получено=пусто"])] == expected
    assert [r.row for r in pick(registry, where=["Согласие получено="])] == expected
    # the old header is an alias
    assert [r.row for r in pick(registry, where=["Согласие на обработку ПД получено="])] == expected


def test_rows_and_people(registry, sheet_rows):
    assert [r.row for r in pick(registry, rows="12-14, 20")] == [12, 13, 14, 20]
    target = sheet_rows[9]
    by_code = pick(registry, people=[target["Код"]])
    by_fio = pick(registry, people=[target["ФИО"].upper()])
    short = " ".join(target["ФИО"].split()[:2])
    same_start = [r for r in sheet_rows if r["ФИО"].startswith(short + " ")]
    assert [r.row for r in by_code] == [r.row for r in by_fio] == [target["_row"]]
    if len(same_start) == 1:
        assert [r.row for r in pick(registry, people=[short])] == [target["_row"]]
    both = pick(registry, people=[sheet_rows[0]["Код"], sheet_rows[1]["ФИО"]])
    assert [r.row for r in both] == [sheet_rows[0]["_row"], sheet_rows[1]["_row"]]


def test_all_problems_in_one_report_with_what_exists(registry):
    with pytest.raises(SelectionError) as info:
        pick(registry, rows="500-600", people=["Несуществующий Человек"],
             where=["Клас=7А", "Класс=7Г", "Форма наставничества=учитель", "Пол=x"])
    text = str(info.value)
    assert len(info.value.messages) == 6
    assert "строки 2–178" in text or "строки 2–" in text
    assert "Возможно, имелся в виду «Класс»" in text
    assert "нет значения «7Г». Есть: 5А; 5Б" in text
    assert "«ученик – ученик»" in text  # the allowed choices are listed
    assert "«Несуществующий Человек»" in text
    assert info.value.exit_code == 2


def test_two_namesakes_are_never_confused(tmp_path):
    """Two pupils with the same ФИО: the name alone is refused with both codes; a code picks one."""
    path = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {("Наставляемые", "B3"): "Иванов Иван Иванович",
                                                      ("Наставляемые", "B4"): "Иванов Иван Иванович",
                                                      ("Наставляемые", "C3"): "м", ("Наставляемые", "C4"): "м"})
    reg = load(path, catalog().registry_schema, AS_OF)
    with pytest.raises(SelectionError) as info:
        Selection.parse(people=["Иванов Иван Иванович"]).apply(reg, "mentees", reg.rows("mentees"))
    assert "несколько человек" in str(info.value)
    assert "У-002 Иванов Иван Иванович (строка 3)" in str(info.value)
    assert "У-003 Иванов Иван Иванович (строка 4)" in str(info.value)
    got = Selection.parse(people=["у-003"]).apply(reg, "mentees", reg.rows("mentees"))
    assert [r.row for r in got] == [4]


def test_syntax_errors():
    with pytest.raises(SelectionError) as info:
        Selection.parse(rows="12-x", where=["Класс 7А"])
    assert len(info.value.messages) == 2
    assert Condition.parse("Класс=7А; 7Б").values == ("7А", "7Б")
    assert Condition.parse("Согласие получено=нет").values == ()


def test_describe_is_russian():
    sel = Selection.parse(rows="12-40", where=["Класс=7А"], minors=True, without_consent=True)
    assert sel.describe() == "строки 12–40; Класс=7А; только несовершеннолетние; без полученного согласия"
    assert Selection().is_empty() and Selection().describe() == "все строки"
