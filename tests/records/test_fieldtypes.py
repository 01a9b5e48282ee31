from datetime import date, datetime

import pytest

from docgen.records.fieldtypes import CellError, parse_cell
from docgen.ru import SchoolClass, clean_text, fold
from docgen.schema.model import Field


def f(type_: str, **kw) -> Field:
    return Field(key="x", header="X", type=type_, **kw)


@pytest.mark.parametrize("value", [date(2012, 9, 1), datetime(2012, 9, 1, 0, 0), "01.09.2012", "1.9.2012",
                                   "2012-09-01", 41153.0, 41153, " 01.09.2012 "])
def test_dates_arrive_in_every_form(value):
    assert parse_cell(value, f("date")) == date(2012, 9, 1)


@pytest.mark.parametrize("value, message", [
    ("31.02.2012", "Такой даты не существует: 31.02.2012"),
    ("01.09.12", "двумя цифрами"),
    ("первое сентября", "Не похоже на дату"),
    ("30.08..2022", "Не похоже на дату"),
])
def test_bad_dates_are_explained(value, message):
    with pytest.raises(CellError, match=message):
        parse_cell(value, f("date"))


@pytest.mark.parametrize("value, expected", [
    ("7А", SchoolClass(7, "А")), ("7 «А»", SchoolClass(7, "А")), ("7-а", SchoolClass(7, "А")),
    (7.0, SchoolClass(7, "")), ("11 Б класс", SchoolClass(11, "Б")), ('10 "В"', SchoolClass(10, "В")),
])
def test_school_class_variants(value, expected):
    assert parse_cell(value, f("school_class")) == expected


def test_school_class_rejects_nonsense():
    with pytest.raises(CellError, match="Класс пишется"):
        parse_cell("13А", f("school_class"))


def test_choice_is_tolerant_of_case_and_dashes():
    field = f("choice", choices=("ученик – ученик", "учитель – учитель"))
    assert parse_cell("Ученик-ученик", field) == "ученик – ученик"
    assert parse_cell("УЧИТЕЛЬ — учитель", field) == "учитель – учитель"
    with pytest.raises(CellError, match="«ученик – ученик»; «учитель – учитель»"):
        parse_cell("студент", field)


def test_digits_keep_leading_zeros_and_explain_lost_ones():
    field = f("digits", digits=(4,))
    assert parse_cell("0412", field) == "0412"
    with pytest.raises(CellError, match="апострофом"):
        parse_cell(412.0, field)


def test_percent_accepts_fraction_and_sign():
    assert parse_cell(0.45, f("percent")) == 45
    assert parse_cell("45 %", f("percent")) == 45
    assert parse_cell(30, f("percent")) == 30
    with pytest.raises(CellError):
        parse_cell(140, f("percent"))


def test_formula_errors_are_reported():
    with pytest.raises(CellError, match="#DIV/0!"):
        parse_cell("#DIV/0!", f("text"))


def test_clean_text_drops_xml_illegal_and_extra_spaces():
    assert clean_text("  Иванова\x0b  Анна\x1f ") == "Иванова Анна"
    assert clean_text("строка 1\r\nстрока 2") == "строка 1\nстрока 2"
    assert clean_text(7.0) == "7"


def test_fold_ignores_case_yo_and_dash_style():
    assert fold("Ёлкин  - Пётр") == fold("елкин–петр")


def test_sex_words():
    assert parse_cell("Женский", f("sex")) == "ж"
    assert parse_cell("м.", f("sex")) == "м"
    with pytest.raises(CellError, match="«м» или «ж»"):
        parse_cell("x", f("sex"))
