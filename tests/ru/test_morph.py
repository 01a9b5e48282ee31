"""docgen.ru.morph: positions declined and words agreed with a person's sex (pymorphy3),
exact strings and a property: any phrase keeps its words and layout."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from docgen import ru as formatting
from docgen.ru import (
    agree,
    position_case,
)
from tests.strategies import CASE_NAMES, MEDIUM, SEXES, any_text, ok_or_russian_value_error, russian_phrase

POSITIONS = [
    ("заместитель директора по УВР", "dat", "заместителю директора по УВР"),
    ("заместитель директора по УВР", "gen", "заместителя директора по УВР"),
    ("педагог-психолог", "dat", "педагогу-психологу"),
    ("педагог-психолог", "ins", "педагогом-психологом"),
    ("учитель-логопед", "dat", "учителю-логопеду"),
    ("учитель-логопед", "acc", "учителя-логопеда"),
    ("главный специалист Комитета по образованию", "acc", "главного специалиста Комитета по образованию"),
    ("главный специалист Комитета по образованию", "dat", "главному специалисту Комитета по образованию"),
    ("Директор МБОУ «СШ №4»", "dat", "Директору МБОУ «СШ №4»"),
    ("классный руководитель", "dat", "классному руководителю"),
    ("классный руководитель", "ins", "классным руководителем"),
    ("советник директора по воспитанию", "dat", "советнику директора по воспитанию"),
    ("техник", "dat", "технику"),
    ("старший вожатый", "dat", "старшему вожатому"),
    ("старший вожатый", "acc", "старшего вожатого"),
    ("тьютор", "acc", "тьютора"),
    ("тьютор", "dat", "тьютору"),
    ("учитель начальных классов", "pre", "учителе начальных классов"),
    ("главная медсестра", "acc", "главную медсестру"),
    ("заведующая хозяйством", "dat", "заведующей хозяйством"),
    ("заведующий библиотекой", "acc", "заведующего библиотекой"),
    ("ДИРЕКТОР", "gen", "ДИРЕКТОРА"),
    ("и.о. директора", "dat", "и.о. директора"),
    ("учитель", "nom", "учитель"),
    ("учитель, классный руководитель", "dat", "учителю, классному руководителю"),
    ("учитель истории, обществознания", "dat", "учителю истории, обществознания"),
]


@pytest.mark.parametrize("position, case, expected", POSITIONS)
def test_position_case(position: str, case: str, expected: str) -> None:
    assert position_case(position, case) == expected


def test_position_case_empty() -> None:
    assert position_case("", "dat") == ""
    assert position_case(None, "dat") == ""  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "word, sex, case, expected",
    [
        ("ответственный", "ж", "nom", "ответственная"),
        ("ответственный", "ж", "ins", "ответственной"),
        ("ответственный", "м", "nom", "ответственный"),
        ("ответственный", "м", "ins", "ответственным"),
        ("ответственный", "м", "acc", "ответственного"),
        ("ответственный", None, "nom", "ответственные"),
        ("ответственный", None, "dat", "ответственным"),
        ("Ответственный", "ж", "nom", "Ответственная"),
        ("ознакомлен", "ж", "nom", "ознакомлена"),
        ("ознакомлен", "м", "nom", "ознакомлен"),
        ("ознакомлен", None, "nom", "ознакомлены"),
        ("ознакомлен", "ж", "ins", "ознакомлена"),
        ("действующий", "ж", "nom", "действующая"),
        ("именуемый", "женский", "nom", "именуемая"),
        ("именуемый в дальнейшем", "ж", "nom", "именуемая в дальнейшем"),
        ("", "ж", "nom", ""),
    ],
)
def test_agree(word: str, sex: str | None, case: str, expected: str) -> None:
    assert agree(word, sex, case) == expected


@MEDIUM
@given(text=st.one_of(any_text, russian_phrase), case=CASE_NAMES, sex=SEXES)
@example(text="старший вожатый", case="dat", sex="ж")
@example(text="ёжик-ёжик ёж", case="acc", sex=None)
def test_morphology_functions_never_crash(text: str, case: str, sex: Any) -> None:
    def layout(t: str) -> list[str]:  # spaces and commas between the words
        return re.split(r"[^\s,]+", t.strip())

    for result in (ok_or_russian_value_error(formatting.position_case, text, case),
                   ok_or_russian_value_error(formatting.agree, text, sex, case)):
        if result is not None:
            assert layout(result) == layout(text), (text, result)
            assert len(result.split()) == len(text.split())
    assert formatting.position_case(text, "nom") == text.strip()


def test_an_organisations_name_is_parsed_once_per_case(monkeypatch: pytest.MonkeyPatch) -> None:
    """1000 consents decline the school's name 1000 times: pymorphy3 parses its words once
    (issue 19: uncached, this was 0.5 ms of each consent's 0.8 ms)."""
    from docgen.ru import morph

    real = morph._morph()
    calls: list[str] = []

    class Counting:
        def parse(self, word: str) -> Any:
            calls.append(word)
            return real.parse(word)

    monkeypatch.setattr(morph, "_morph", lambda: Counting())
    name = "Муниципальное бюджетное общеобразовательное учреждение «Тестовая школа № 999»"
    first = morph.name_case(name, "дат")
    parsed = len(calls)
    assert parsed > 0
    for _ in range(50):
        assert morph.name_case(name, "дат") == first
    assert len(calls) == parsed
    assert first.startswith("Муниципальному бюджетному общеобразовательному учреждению")
