"""docgen.ru.numbers: counted nouns and numbers in words (exact strings, NBSP included), and
properties: Russian plural rules, genders, fractions, no crash on any input."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from docgen import ru as formatting
from docgen.ru import (
    NBSP,
    count,
    number_words,
    plural,
)
from tests.strategies import ALL_CASES, CASE_NAMES, CHEAP, CYRILLIC, NUMBERS, SEXES, any_text, ok_or_russian_value_error

PLURAL_TABLE = [
    (0, "наставников"),
    (1, "наставник"),
    (2, "наставника"),
    (5, "наставников"),
    (11, "наставников"),
    (21, "наставник"),
    (22, "наставника"),
    (25, "наставников"),
    (101, "наставник"),
    (111, "наставников"),
]


@pytest.mark.parametrize("n, expected", PLURAL_TABLE)
def test_plural(n: int, expected: str) -> None:
    assert plural(n, "наставник", "наставника", "наставников") == expected


def test_plural_fraction_and_negative() -> None:
    assert plural(1.5, "наставник", "наставника", "наставников") == "наставника"
    assert plural(-1, "наставник", "наставника", "наставников") == "наставник"


@pytest.mark.parametrize("n, expected", PLURAL_TABLE)
def test_count(n: int, expected: str) -> None:
    assert count(n, "наставник", "наставника", "наставников") == f"{n}{NBSP}{expected}"


def test_count_fraction() -> None:
    assert count(1.5, "день", "дня", "дней") == f"1,5{NBSP}дня"  # type: ignore[arg-type]


def test_number_words() -> None:
    assert number_words(370) == "триста семьдесят"
    assert number_words(1, "f") == "одна"
    assert number_words(2, "ж") == "две"
    assert number_words(1, "n") == "одно"
    assert number_words(21, "f", "gen") == "двадцати одной"
    assert number_words(370, case="твор") == "тремястами семьюдесятью"
    assert number_words(21, case="acc") == "двадцать один"
    assert number_words(0) == "ноль"
    assert number_words(2.0) == "два"
    assert number_words(1.5) == "одна целая пять десятых"
    assert number_words(None) == ""  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Неизвестный род"):
        number_words(1, "x")


@CHEAP
@given(n=NUMBERS, words=st.lists(any_text, min_size=3, max_size=3), gender=SEXES, case=CASE_NAMES)
@example(n="abc", words=["а", "б", "в"], gender="м", case="nom")  # English ValueError before
@example(n=float("inf"), words=["а", "б", "в"], gender="м", case="nom")  # OverflowError before
@example(n=float("nan"), words=["а", "б", "в"], gender="ж", case="gen")
@example(n="1,5", words=["а", "б", "в"], gender="ж", case="gen")
@example(n=10**40, words=["а", "б", "в"], gender="м", case="nom")  # KeyError in num2words before
@example(n=1e-7, words=["а", "б", "в"], gender="м", case="nom")  # «1e-07»: int() ValueError before
@example(n=True, words=["а", "б", "в"], gender="м", case="nom")
def test_number_functions_never_crash(n: Any, words: list[str], gender: Any, case: str) -> None:
    ok_or_russian_value_error(formatting.plural, n, *words)
    ok_or_russian_value_error(formatting.count, n, *words)
    ok_or_russian_value_error(formatting.number_words, n, gender, case)


def test_number_words_regressions() -> None:
    assert formatting.number_words(0.1 + 0.2) == "ноль целых три десятых"
    assert formatting.number_words(-0.5) == "минус ноль целых пять десятых"  # sign was lost
    assert formatting.number_words("1 000,5") == "одна тысяча целых пять десятых"
    assert formatting.number_words(1_000_000, "ж") == "один миллион"  # was «одна миллион»
    assert formatting.number_words(2_002, "ж", "gen") == "двух тысяч двух"
    assert formatting.number_words(1_000_001.5) == "один миллион одна целая пять десятых"  # «одна миллион»
    assert formatting.number_words(1e-7) == "ноль"  # int('1e-07') ValueError before
    assert formatting.number_words("12345678901234567890123456789012.5").endswith(  # 28-digit context
        "семьсот восемьдесят девять тысяч двенадцать целых пять десятых")
    assert formatting.count("5", "наставник", "наставника", "наставников") == "5\u00a0наставников"
    for bad in ("abc", float("nan"), float("inf"), None, 10**33):
        with pytest.raises(ValueError, match="[Чч]исл"):
            formatting.plural(bad, "а", "б", "в")


@CHEAP
@given(n=st.integers(min_value=-(10**30), max_value=10**30),
       gender=st.sampled_from(["м", "ж", "с"]), case=st.sampled_from(ALL_CASES))
@example(n=1_000_000, gender="ж", case="nom")
@example(n=2_000_000_000, gender="с", case="gen")
def test_number_words_gender_agrees_with_units_only(n: int, gender: str, case: str) -> None:
    words = formatting.number_words(n, gender, case)
    assert words and CYRILLIC.search(words)
    assert words.startswith("минус ") == (n < 0)
    high, low = divmod(abs(n), 1000)
    if high:  # thousands, millions… keep their own gender: only the last group changes
        head = formatting.number_words(high * 1000, "м", case)
        assert words.removeprefix("минус ").startswith(head), (words, head)
        if low:
            assert words.endswith(" " + formatting.number_words(low, gender, case))


@CHEAP
@given(n=st.integers(min_value=-(10**12), max_value=10**12))
def test_plural_forms_follow_russian_rules(n: int) -> None:
    form = formatting.plural(n, "one", "few", "many")
    last, last2 = abs(n) % 10, abs(n) % 100
    expected = ("one" if last == 1 and last2 != 11 else
                "few" if 2 <= last <= 4 and not 12 <= last2 <= 14 else "many")
    assert form == expected
    assert formatting.count(n, "one", "few", "many") == f"{n}\u00a0{expected}"


@CHEAP
@given(whole=st.integers(0, 10**20), digits=st.integers(1, 6), data=st.data(),
       negative=st.booleans(), gender=st.sampled_from(["м", "ж", "с"]))
def test_number_words_fractions(whole: int, digits: int, data, negative: bool, gender: str) -> None:
    from decimal import Decimal

    numerator = data.draw(st.integers(1, 10**digits - 1))
    value = Decimal(whole) + Decimal(numerator).scaleb(-digits)
    text = f"{'-' if negative else ''}{value}".replace(".", ",")
    words = formatting.number_words(text, gender, "gen")  # fractions: nominative, feminine
    point = "целая" if whole % 10 == 1 and whole % 100 != 11 else "целых"
    head = ("минус " if negative else "") + formatting.number_words(whole, "ж") + f" {point} "
    assert words.startswith(head), (text, words)
    assert words.endswith(("ая", "ых")), (text, words)  # «пять десятых», «одна сотая»
