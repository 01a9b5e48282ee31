"""Surnames Russian schools meet, declined as the norm wants: -ец/-нец, -ых/-их, -ко, Georgian,
double-barrelled, ё, consonant-final women's surnames, Turkic «оглы»/«кызы» (issue 15, M7).

The fault that was found: pytrovich's rule for «Волынец → Волынца» also dropped the vowel after
a consonant — «Кузнца», «Кузнцем» — in documents and file names."""

from __future__ import annotations

import pytest

from docgen.ru.names import fio_case, initials
from tests.ru.surname_cases import CASES, FIRST, FULL, FULL_ALTERNATIVES, SURNAMES


@pytest.mark.parametrize(("surname", "sex", "forms", "alternatives"),
                         [(s, sex, forms, alt) for s, sex, _kind, forms, alt, _note in SURNAMES],
                         ids=[f"{s}-{sex}" for s, sex, *_ in SURNAMES])
def test_a_surname_in_every_case(surname, sex, forms, alternatives):
    for i, case in enumerate(CASES):
        got = fio_case(f"{surname} {FIRST[sex]}", case, sex).split(" ")[0]
        assert got == forms[i] or got in alternatives.get(i, []), (case, got, forms[i])


@pytest.mark.parametrize(("full", "sex", "forms"), FULL, ids=[f for f, *_ in FULL])
def test_a_whole_name_in_every_case(full, sex, forms):
    for i, case in enumerate(CASES):
        got = fio_case(full, case, sex)
        assert got == forms[i] or got in FULL_ALTERNATIVES.get(full, {}).get(i, []), (case, got)


def test_the_vowel_of_kuznets_stays_in_initials_too():
    assert initials("Кузнец Иван Петрович", "дат").replace("\u00a0", " ") == "Кузнецу И.П."
    assert fio_case("Бонч-Кузнец Иван Петрович", "gen", "м") == "Бонч-Кузнеца Ивана Петровича"
