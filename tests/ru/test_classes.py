"""docgen.ru.classes: a school class printed in every case (exact strings, NBSP included)."""

from __future__ import annotations

import pytest

from docgen.ru import (
    NBSP,
    school_class,
)


def test_school_class() -> None:
    assert school_class(7, "А") == f"7{NBSP}«А» класс"
    assert school_class(7, "а", "gen") == f"7{NBSP}«А» класса"
    assert school_class(7, "А", "pre") == f"7{NBSP}«А» классе"
    assert school_class(7, "А", "dat") == f"7{NBSP}«А» классу"
    assert school_class(7, "А", "ins") == f"7{NBSP}«А» классом"
    assert school_class(7, "А", word=False) == f"7{NBSP}«А»"
    assert school_class(7, "") == f"7{NBSP}класс"
    assert school_class(7, None, "pre") == f"7{NBSP}классе"  # type: ignore[arg-type]
    assert school_class(7, "", word=False) == "7"
    assert school_class("11", "«Б»") == f"11{NBSP}«Б» класс"
    assert school_class(7, "A") == f"7{NBSP}«А» класс"  # Latin A → Cyrillic А
    assert school_class("7А", "") == f"7{NBSP}«А» класс"
    with pytest.raises(ValueError):
        school_class("седьмой", "А")
