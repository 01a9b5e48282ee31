"""docgen.records.rules: «Классный руководитель» is checked as a name, and once per class."""

from __future__ import annotations

from tests.helpers import EXAMPLE, check_split, column_of, edited_copy, sheet_rows


def _class_rows(klass: str) -> list[int]:
    return [r["_row"] for r in sheet_rows(EXAMPLE, "Наставляемые") if str(r["Класс"] or "").startswith(klass)]


def test_class_teacher_must_look_like_a_name_and_be_one_per_class(tmp_path):
    col = column_of(EXAMPLE, "Наставляемые", "Классный руководитель")
    a, b = _class_rows("7 «А»")[:2]
    other = _class_rows("8 «Б»")[0]
    reg = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {("Наставляемые", f"{col}{a}"): "Иванова А. Б.",
                                                      ("Наставляемые", f"{col}{b}"): "Петров Виктор Гаврилович",
                                                      ("Наставляемые", f"{col}{other}"): "8Б"})
    errors, warnings = check_split(reg)
    assert errors == []
    mine = {w.cell: w.message for w in warnings if w.column == "Классный руководитель"}
    assert mine[f"{col}{other}"].startswith("Классный руководитель — это ФИО")
    assert f"{col}{b}" in mine and "другой классный руководитель: «Иванова А. Б.»" in mine[f"{col}{b}"]
    assert f"{col}{a}" not in mine


def test_the_example_has_no_such_warning():
    _errors, warnings = check_split(EXAMPLE)
    assert not [w for w in warnings if w.column == "Классный руководитель"]
