"""docgen.ru.cases: case names in every spelling a template author types."""

from __future__ import annotations

import pytest

from docgen.ru import (
    CASES,
    parse_case,
)
from tests.strategies import ALL_CASES


@pytest.mark.parametrize(
    "alias, expected",
    [
        ("nom", "nom"),
        ("gen", "gen"),
        ("dat", "dat"),
        ("acc", "acc"),
        ("ins", "ins"),
        ("pre", "pre"),
        ("им", "nom"),
        ("род", "gen"),
        ("дат", "dat"),
        ("вин", "acc"),
        ("тв", "ins"),
        ("твор", "ins"),
        ("пр", "pre"),
        ("пред", "pre"),
        ("именительный", "nom"),
        ("Родительный", "gen"),
        ("ДАТЕЛЬНЫЙ", "dat"),
        ("винительный", "acc"),
        ("творительный", "ins"),
        ("предложный", "pre"),
        ("дат.", "dat"),
        ("род. п.", "gen"),
        ("  Твор. ", "ins"),
        ("дательный падеж", "dat"),
        ("NOM", "nom"),
    ],
)
def test_parse_case_aliases(alias: str, expected: str) -> None:
    assert parse_case(alias) == expected


@pytest.mark.parametrize("bad", ["", "датив", "xyz", "п."])
def test_parse_case_error(bad: str) -> None:
    with pytest.raises(ValueError) as exc:
        parse_case(bad)
    message = str(exc.value)
    assert message.startswith(f"Неизвестный падеж «{bad}». Допустимо: именительный, родительный")
    assert "предложный" in message


def test_cases_table_values_are_canonical() -> None:
    assert set(CASES.values()) == set(ALL_CASES)
    for code in ALL_CASES:
        assert CASES[code] == code
