"""The Положение (issue 15, M8): the organisation's name above the grifs, the councils whose
opinion was taken into account (273-ФЗ ст. 30 ч. 3) when their protocols are filled, 152-ФЗ
among the laws it follows."""

from __future__ import annotations

from datetime import date

import openpyxl

from docgen import api
from tests.helpers import EXAMPLE, check_split, docx_text, flat

AS_OF = date(2026, 11, 23)
COUNCILS = ("Положение — номер протокола совета обучающихся", "Положение — номер протокола совета родителей")


def _org() -> dict:
    return {r[0]: r[1] for r in openpyxl.load_workbook(EXAMPLE, read_only=True)["Организация"].iter_rows(values_only=True)}


def _regulation(registry, tmp_path) -> str:
    return flat(docx_text(api.make(["regulation"], registry, tmp_path, as_of=AS_OF).files[0]))


def test_header_councils_and_basis(tmp_path):
    org = _org()
    text = _regulation(EXAMPLE, tmp_path / "a")
    head = text.split("ПРИНЯТО")[0]
    assert org["Полное наименование"].upper() in head and org["Учредитель"] in head
    students = org["Положение — дата протокола совета обучающихся"].strftime("%d.%m.%Y")
    assert (f"С учётом мнения совета обучающихся (протокол от {students} № "
            f"{org['Положение — номер протокола совета обучающихся']})") in text
    assert "С учётом мнения совета родителей (законных представителей) несовершеннолетних обучающихся" in text
    basis = text.split("1.2. Положение разработано в соответствии с:")[1].split("1.3.")[0]
    assert "Федеральным законом от 27.07.2006 № 152-ФЗ «О персональных данных»" in basis
    assert "Положение принимается педагогическим советом с учётом мнения совета обучающихся" in text


def test_without_council_protocols_the_lines_are_absent_and_check_warns(tmp_path):
    wb = openpyxl.load_workbook(EXAMPLE)
    for row in wb["Организация"].iter_rows(min_col=1, max_col=2):
        if row[0].value in COUNCILS:
            row[1].value = None
    path = tmp_path / "r.xlsx"
    wb.save(path)
    text = _regulation(path, tmp_path / "b")
    assert "С учётом мнения" not in text.split("ПОЛОЖЕНИЕ")[0]
    problems, warnings = check_split(path)
    assert not problems and any("ч. 3 ст. 30" in w.message for w in warnings)
