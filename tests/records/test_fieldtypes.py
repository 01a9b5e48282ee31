"""docgen.records.fieldtypes: cells parsed by field type (dates, classes, choices, digits,
percent), and properties: any cell gives a value or a Russian CellError, and typed values
round-trip."""

from __future__ import annotations

import datetime as dt
import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from docgen import ru as formatting
from docgen.plugins.catalog import catalog
from docgen.records.fieldtypes import CellError, parse_cell
from docgen.ru import SchoolClass, clean_text, fold
from docgen.schema.model import FIELD_TYPES, Field
from tests.strategies import CHEAP, FIELDS, assert_russian, cell_value


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


@pytest.mark.parametrize("value", ["²", "⑨", "9" * 5000])
def test_parse_date_digit_like_text(value: str) -> None:
    """Text that str.isdigit() accepts but int() refuses (superscripts, circled digits, 5000 digits)."""
    with pytest.raises(CellError):
        parse_cell(value, FIELDS["date"])


@CHEAP
@given(value=cell_value, ftype=st.sampled_from(FIELD_TYPES))
@example(value="١٢.٠٣.٢٠٢٠", ftype="date")  # Arabic-Indic digits: \d and int() agree
@example(value=float("nan"), ftype="percent")
@example(value=float("inf"), ftype="date")
@example(value="1e400", ftype="integer")
@example(value=True, ftype="integer")
def test_parse_cell_returns_value_or_russian_cell_error(value: Any, ftype: str) -> None:
    try:
        parse_cell(value, FIELDS[ftype])
    except CellError as exc:
        assert_russian(str(exc))


@lru_cache(maxsize=1)
def schema_choices() -> tuple[tuple[Field, str], ...]:
    return tuple((f, c) for sheet in catalog().registry_schema.sheets for f in sheet.fields
                 if f.type == "choice" for c in f.choices)


@CHEAP
@given(data=st.data(), style=st.sampled_from(["upper", "lower", "title"]),
       pad=st.sampled_from(["", " ", "\u00a0", "  \t"]), dash=st.sampled_from(["-", "–", "—", " - "]))
def test_choices_are_recognised_however_typed(data, style: str, pad: str, dash: str) -> None:
    f, choice = data.draw(st.sampled_from(schema_choices()))
    typed = getattr(choice, style)() if style != "title" else choice[:1].upper() + choice[1:]
    typed = re.sub(r"\s*[–—-]\s*", dash, typed).replace("ё", "е")
    assert parse_cell(pad + typed + pad, f) == choice


@CHEAP
@given(number=st.integers(1, 11), letter=st.sampled_from(["", *"АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"]),  # no Ё: folded to Е
       form=st.sampled_from(["{n}{l}", "{n} «{l}»", "{n}-{l}", "{n} {l} класс", '{n}"{l}"', "{n}\u00a0«{l}»"]))
def test_school_class_round_trips(number: int, letter: str, form: str) -> None:
    from docgen.ru import SchoolClass

    klass = SchoolClass(number, letter)
    assert parse_cell(str(klass), FIELDS["school_class"]) == klass
    typed = form.format(n=number, l=letter.lower()) if letter else str(number)
    assert parse_cell(typed, FIELDS["school_class"]) == klass


@CHEAP
@given(day=st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_round_trip(day: dt.date) -> None:
    f = FIELDS["date"]
    assert parse_cell(day.strftime("%d.%m.%Y"), f) == day
    assert parse_cell(f"{day.day}.{day.month}.{day.year} г.", f) == day
    assert parse_cell(day.isoformat(), f) == day
    assert parse_cell(float((day - dt.date(1899, 12, 30)).days), f) == day  # Excel serial
    assert parse_cell(dt.datetime.combine(day, dt.time(13, 5)), f) == day
    assert formatting.date_num(day) == day.strftime("%d.%m.%Y")
    assert formatting.parse_date(formatting.date_num(day)) == day


def test_items_refuse_digits_that_are_not_ascii_numbers():
    """«²» and «١» are digits to str.isdigit() but not numbers to int(): a clear cell error, not a
    crash of the whole check (found by the property test above)."""
    from docgen.records.fieldtypes import parse_items

    field = Field(key="publish_items", header="Разрешено к распространению", type="items", max=7)
    for typed in ("²", "1, ²", "١"):
        with pytest.raises(CellError):
            parse_items(typed, field)
    assert parse_items("1, 2;4", field) == (1, 2, 4)
