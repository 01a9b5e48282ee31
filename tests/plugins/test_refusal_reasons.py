"""A pack that cannot be used says why, wherever the user meets it."""

from __future__ import annotations

from datetime import date

import pytest

from docgen import api
from docgen.errors import UsageError

from ..helpers import EXAMPLE


def test_making_from_a_pack_with_a_broken_pack_yaml_gives_the_reason(tmp_path):
    pack = tmp_path / "school"
    (pack / "templates").mkdir(parents=True)
    (pack / "schemas").mkdir()
    (pack / "pack.yaml").write_text("name: school\nversion: 1\ntitle: Набор: школы: 5\n", encoding="utf-8")
    with pytest.raises(UsageError) as info:
        api.make(["school:spravka"], EXAMPLE, tmp_path / "out", as_of=date(2026, 11, 23), pack_dirs=[pack])
    message = str(info.value)
    assert "Набор шаблонов «school» не подключён" in message
    assert "pack.yaml не читается как YAML: строка 3" in message and "двоеточие" in message
