"""The registers for the school's site print a person only with a consent to distribution that
allows the surname and the first name, and of each person only the rows of the consent's table
ticked «да» («Разрешено к распространению»): patronymic (3), class or position (4), form (5).
Expected rows are derived from the workbook read with openpyxl."""

from __future__ import annotations

import re
from datetime import date

import pytest
from docx import Document

from docgen import api
from tests.helpers import EXAMPLE, column_of, docx_text, edited_copy, org_values, sheet_rows

ON = date(2026, 11, 23)
ITEMS = "Разрешено к распространению"


def items(p: dict) -> set[int]:
    if not p.get("Согласие на распространение получено"):
        return set()
    return {int(x) for x in re.findall(r"\d+", str(p.get(ITEMS) or ""))}


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    """The example with three choices no example row has: a first name and class only, a full name
    without the class, a surname, first name and form."""
    mentees = [m for m in sheet_rows(EXAMPLE, "Наставляемые") if m["Согласие на распространение получено"]]
    mentors = [m for m in sheet_rows(EXAMPLE, "Наставники") if m["Согласие на распространение получено"]]
    col = column_of(EXAMPLE, "Наставляемые", ITEMS)
    mcol = column_of(EXAMPLE, "Наставники", ITEMS)
    path = tmp_path_factory.mktemp("public") / "r.xlsx"
    return edited_copy(EXAMPLE, path, {("Наставляемые", f"{col}{mentees[0]['_row']}"): "2, 4",
                                       ("Наставляемые", f"{col}{mentees[1]['_row']}"): "1, 2, 3",
                                       ("Наставники", f"{mcol}{mentors[0]['_row']}"): "1, 2, 5"})


@pytest.fixture(scope="module")
def made(registry, tmp_path_factory):
    return api.make(["register_mentees_public", "register_mentors_public"], registry,
                    tmp_path_factory.mktemp("out"), as_of=ON, outputs=api.Outputs(manifest=False))


def _rows(path):
    table = Document(str(path)).tables[0]
    return [[c.text.strip() for c in row.cells] for row in table.rows[1:]]


@pytest.mark.parametrize("tid, sheet", [("register_mentees_public", "Наставляемые"),
                                        ("register_mentors_public", "Наставники")])
def test_only_what_the_consent_allows(made, registry, tid, sheet):
    [path] = made.by_template[tid]
    people = sheet_rows(registry, sheet)
    published = [p for p in people if {1, 2} <= items(p)]
    rows = _rows(path)
    assert len(rows) == len(published)
    by_name: dict[str, list[list[str]]] = {}
    for row in rows:
        by_name.setdefault(row[1], []).append(row)
    for p in published:
        surname, name, *rest = p["ФИО"].split()
        shown = " ".join([surname, name] + (rest if 3 in items(p) else []))
        candidates = by_name.get(shown)
        assert candidates, shown
        row = candidates[0]
        assert (row[2] == p["Категория"]) == (4 in items(p)), (shown, row)
        assert (row[3] != "—") == (4 in items(p)), (shown, row)
        assert (row[4] != "—") == (5 in items(p)), (shown, row)
    never = [p for p in people if not {1, 2} <= items(p)]
    docx_all = "\n".join(" | ".join(r) for r in rows)
    shown_full = {p["ФИО"] for p in published if 3 in items(p)}
    for p in never:
        if p["ФИО"] not in shown_full:
            assert p["ФИО"] not in docx_all, p["ФИО"]
    page = org_values(registry)["Страницы сайта для публикации"].split(";")[0].strip()
    assert f"(сведения для размещения на странице официального сайта {page})" in docx_text(path)


def test_a_row_with_only_a_first_name_is_left_out_and_said(made, registry):
    mentee = [m for m in sheet_rows(EXAMPLE, "Наставляемые") if m["Согласие на распространение получено"]][0]
    place = f"Наставляемые!{column_of(EXAMPLE, 'Наставляемые', ITEMS)}{mentee['_row']}"
    [warning] = [p for p in made.warnings if p.place == place]
    assert "без фамилии или имени" in warning.message
    [path] = made.by_template["register_mentees_public"]
    names = [r[1] for r in _rows(path)]
    assert mentee["ФИО"].split()[1] not in names  # never a bare first name
    assert all(len(n.split()) >= 2 for n in names)
