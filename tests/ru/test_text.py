"""docgen.ru.text: Russian sorting, and properties of text cleaning and comparison keys."""

from __future__ import annotations

from typing import Any

from hypothesis import given

from docgen.ru import (
    ru_sort_key,
)
from docgen.ru.text import XML_ILLEGAL, clean_text, fold, is_blank
from tests.strategies import CHEAP, cell_value


def test_ru_sort_key() -> None:
    names = ["Ёлкин", "Андреев", "Жуков", "Егоров", "ежов", "Евсеев"]
    assert sorted(names)[0] == "Ёлкин"  # code-point order is wrong
    assert sorted(names, key=ru_sort_key) == ["Андреев", "Евсеев", "Егоров", "ежов", "Ёлкин", "Жуков"]
    # equal up to ё/е: the original string breaks the tie, whatever the input order
    assert sorted(["Ёж", "Еж"], key=ru_sort_key) == sorted(["Еж", "Ёж"], key=ru_sort_key)
    assert ru_sort_key("Ёлкин") == ("елкин", "Ёлкин")
    assert ru_sort_key(None) == ("", "")  # type: ignore[arg-type]


@CHEAP
@given(value=cell_value)
def test_clean_text_is_xml_safe_and_idempotent(value: Any) -> None:
    text = clean_text(value)
    assert isinstance(text, str)
    assert not XML_ILLEGAL.search(text)
    assert "\r" not in text
    assert text == text.strip(" \t\u00a0")
    assert clean_text(text) == text


@CHEAP
@given(value=cell_value)
def test_fold_and_is_blank(value: Any) -> None:
    key = fold(value)
    assert isinstance(key, str)
    assert fold(key) == key
    assert not XML_ILLEGAL.search(key)
    assert is_blank(value) in (True, False)
    assert is_blank(value, ("-", "нет")) in (True, False)
    if isinstance(value, str):
        assert is_blank(value) == (clean_text(value) == "")
