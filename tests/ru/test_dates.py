"""docgen.ru.dates: dates read and printed in Russian (exact strings, NBSP included), and a
property: no input crashes the date and class functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from docgen import ru as formatting
from docgen.ru import (
    NBSP,
    age_on,
    date_full_words,
    date_num,
    date_quoted,
    date_words,
    month_year,
)
from tests.strategies import AS_OF, CASE_NAMES, CHEAP, any_text, ok_or_russian_value_error

D = dt.date(2021, 3, 5)
DT = dt.datetime(2020, 11, 18, 14, 30)


def test_date_num() -> None:
    assert date_num(D) == "05.03.2021"
    assert date_num(DT) == "18.11.2020"
    assert date_num("2021-03-05") == "05.03.2021"
    assert date_num(None) == ""


def test_date_words() -> None:
    assert date_words(D) == f"5 марта 2021{NBSP}г."
    assert date_words(DT) == f"18 ноября 2020{NBSP}г."
    assert "\u202f" not in date_words(D)
    assert date_words("05.03.2021") == f"5 марта 2021{NBSP}г."
    assert date_words("") == ""


def test_date_quoted() -> None:
    assert date_quoted(D) == f"«05» марта 2021{NBSP}г."
    assert date_quoted(DT) == f"«18» ноября 2020{NBSP}г."


def test_month_year() -> None:
    assert month_year(D) == f"март 2021{NBSP}г."
    assert month_year(DT) == f"ноябрь 2020{NBSP}г."


def test_date_full_words() -> None:
    assert date_full_words(DT) == "восемнадцатое ноября две тысячи двадцатого года"
    assert date_full_words(D) == "пятое марта две тысячи двадцать первого года"
    assert date_full_words(dt.date(2000, 1, 1)) == "первое января двухтысячного года"


def test_bad_date() -> None:
    with pytest.raises(ValueError, match="Не удалось распознать дату «вчера»"):
        date_num("вчера")


def test_age_on() -> None:
    birth = dt.date(2010, 3, 5)
    assert age_on(birth, dt.date(2021, 3, 4)) == 10
    assert age_on(birth, dt.date(2021, 3, 5)) == 11
    assert age_on(birth, dt.date(2021, 3, 6)) == 11
    assert age_on(dt.datetime(2010, 3, 5, 23, 0), dt.datetime(2021, 3, 5, 0, 0)) == 11
    assert age_on(birth, dt.date(2021, 2, 28)) == 10
    assert age_on(birth, birth) == 0
    with pytest.raises(ValueError):
        age_on(None, birth)


@CHEAP
@given(d=st.one_of(any_text, st.dates(), st.datetimes(), st.integers(), st.none()), case=CASE_NAMES)
@example(d="1.1.1", case="nom")
@example(d="31.12.9999", case="nom")
def test_date_and_class_functions_never_crash(d: Any, case: str) -> None:
    for fn in (formatting.date_num, formatting.date_words, formatting.date_quoted,
               formatting.month_year, formatting.date_full_words):
        ok_or_russian_value_error(fn, d)
    ok_or_russian_value_error(formatting.school_class, d, d, case)
    ok_or_russian_value_error(formatting.age_on, d, AS_OF)
