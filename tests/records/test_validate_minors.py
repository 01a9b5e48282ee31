"""Checks of the participants as people (docgen.records.rules, required_if, references to two
sheets): who is a minor and who signs for him, the parent's documents, the choices of a consent to
distribution — each on a copy of the example registry changed with openpyxl, each problem named by
its cell and with the documents it stops."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from docgen import api
from docgen.errors import RegistryInvalid
from tests.helpers import EXAMPLE, column_of, edited_copy, org_cell, sheet_rows, years_on

pytestmark = pytest.mark.slow  # edits and re-reads copies of the example registry: ~8 s (the fast command stays under a minute; CI runs it)

AS_OF = date(2026, 11, 23)


def _problems(path: Path, *templates: str) -> list:
    return api.check(path, as_of=AS_OF, templates=list(templates))


def _at(problems: list, place: str) -> list:
    return [p for p in problems if p.place == place]


def _minor_mentor() -> dict:
    """The first pupil mentor under 18 of the example, read with openpyxl."""
    return next(m for m in sheet_rows(EXAMPLE, "Наставники")
                if m["Дата рождения"] and years_on(m["Дата рождения"], AS_OF) < 18)


def _parent_rows(child_code: str) -> list[dict]:
    return [p for p in sheet_rows(EXAMPLE, "Родители") if p["Ребёнок"] == child_code]


def _without_rows(src: Path, dst: Path, sheet: str, rows: list[int]) -> Path:
    wb = openpyxl.load_workbook(src)
    for row in sorted(rows, reverse=True):
        wb[sheet].delete_rows(row)
    wb.save(dst)
    return dst


def test_a_minor_mentor_needs_a_parent_row(tmp_path):
    mentor = _minor_mentor()
    reg = _without_rows(EXAMPLE, tmp_path / "r.xlsx", "Родители", [p["_row"] for p in _parent_rows(mentor["Код"])])
    place = f"Наставники!{column_of(EXAMPLE, 'Наставники', 'ФИО')}{mentor['_row']}"
    [problem] = _at(_problems(reg), place)
    assert "Наставник несовершеннолетний" in problem.message and mentor["Код"] in problem.message
    assert not problem.is_warning and "consent_parent" in problem.blocks
    assert "consent_distribution_parent" in problem.blocks
    assert "order_intro" not in problem.blocks and "register_mentors" not in problem.blocks
    # an order never reads «Родители»: for it the same problem is only a warning
    [problem] = _at(_problems(reg, "order_intro"), place)
    assert problem.is_warning and problem.blocks == ()


def test_a_parent_row_may_name_a_mentor(reg):
    """«Родители».«Ребёнок» holds a mentor's code: the row resolves to the mentor (no problem)."""
    mentor = _minor_mentor()
    assert _parent_rows(mentor["Код"]) and api.check(EXAMPLE, as_of=AS_OF) == []
    children = [p.values["child"] for p in reg.rows("parents")]
    named = [c for c in children if c is not None and c.sheet == "mentors"]
    assert {c.values["code"] for c in named} >= {mentor["Код"]}


def test_a_name_found_on_both_sheets_asks_for_the_code(tmp_path):
    """A mentor and a mentee with the same ФИО but different birth dates are two people: a parent
    row naming them by ФИО is ambiguous."""
    mentor = _minor_mentor()
    mentee = next(m for m in sheet_rows(EXAMPLE, "Наставляемые") if years_on(m["Дата рождения"], AS_OF) < 18)
    parent = _parent_rows(mentee["Код"])[0]
    fio = f"{column_of(EXAMPLE, 'Наставники', 'ФИО')}{mentor['_row']}"
    child = f"{column_of(EXAMPLE, 'Родители', 'Ребёнок')}{parent['_row']}"
    reg = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {("Наставники", fio): mentee["ФИО"],
                                                     ("Родители", child): mentee["ФИО"]})
    [problem] = _at(_problems(reg), f"Родители!{child}")
    assert problem.message == (f"Такой код или ФИО есть и на листе «Наставляемые» (строка {mentee['_row']}), и на "
                               f"листе «Наставники» (строка {mentor['_row']}). Укажите код.")


@pytest.mark.parametrize("relation, age, expected", [
    ("опекун", 15, "опекун стал попечителем"),
    ("попечитель", 13, "Попечительство устанавливается над несовершеннолетними от 14 до 18 лет"),
])
def test_guardian_or_custodian_by_the_childs_age(tmp_path, relation, age, expected):
    mentees = {m["Код"]: m for m in sheet_rows(EXAMPLE, "Наставляемые")}
    parent = next(p for p in sheet_rows(EXAMPLE, "Родители")
                  if p["Ребёнок"] in mentees and years_on(mentees[p["Ребёнок"]]["Дата рождения"], AS_OF) == age
                  and p["Кем приходится"] != relation)
    cell = f"{column_of(EXAMPLE, 'Родители', 'Кем приходится')}{parent['_row']}"
    reg = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {("Родители", cell): relation})
    [problem] = _at(_problems(reg), f"Родители!{cell}")
    assert expected in problem.message and "consent_parent" in problem.blocks
    assert api.check(EXAMPLE, as_of=AS_OF) == []  # the example's guardians match their children's ages


def test_russian_passport_by_digits_other_documents_as_typed(tmp_path):
    parent = sheet_rows(EXAMPLE, "Родители")[0]
    series = f"{column_of(EXAMPLE, 'Родители', 'Документ — серия')}{parent['_row']}"
    number = f"{column_of(EXAMPLE, 'Родители', 'Документ — номер')}{parent['_row']}"
    kind = f"{column_of(EXAMPLE, 'Родители', 'Документ родителя')}{parent['_row']}"
    bad = edited_copy(EXAMPLE, tmp_path / "bad.xlsx", {("Родители", series): None, ("Родители", number): "12A456"})
    problems = _problems(bad)
    assert "Серия паспорта гражданина РФ — 4 цифры" in _at(problems, f"Родители!{series}")[0].message
    assert "без букв" in _at(problems, f"Родители!{number}")[0].message
    foreign = edited_copy(EXAMPLE, tmp_path / "foreign.xlsx", {
        ("Родители", series): None, ("Родители", number): "AB1234567",
        ("Родители", kind): "вид на жительство"})
    assert _problems(foreign) == []


def test_a_birth_certificate_after_14_is_a_warning(tmp_path):
    mentee = next(m for m in sheet_rows(EXAMPLE, "Наставляемые")
                  if 14 <= years_on(m["Дата рождения"], AS_OF) < 18)
    cell = f"{column_of(EXAMPLE, 'Наставляемые', 'Документ ребёнка')}{mentee['_row']}"
    reg = edited_copy(EXAMPLE, tmp_path / "r.xlsx",
                      {("Наставляемые", cell): "свидетельство о рождении II-ЛО № 123456 от 01.02.2011"})
    [problem] = _at(_problems(reg), f"Наставляемые!{cell}")
    assert problem.is_warning and "С 14 лет основной документ" in problem.message


def test_distribution_choices_are_checked(tmp_path):
    rows = [m for m in sheet_rows(EXAMPLE, "Наставляемые") if m["Согласие на распространение получено"]]
    col_items = column_of(EXAMPLE, "Наставляемые", "Разрешено к распространению")
    col_date = column_of(EXAMPLE, "Наставляемые", "Согласие на распространение получено")
    no_items, only_name, bad, unpublished = rows[0], rows[1], rows[2], next(
        m for m in sheet_rows(EXAMPLE, "Наставляемые") if not m["Согласие на распространение получено"])
    reg = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {
        ("Наставляемые", f"{col_items}{no_items['_row']}"): None,
        ("Наставляемые", f"{col_items}{only_name['_row']}"): "2, 4",
        ("Наставляемые", f"{col_items}{bad['_row']}"): "1, 9",
        ("Наставляемые", f"{col_items}{unpublished['_row']}"): "1, 2",
    })
    problems = _problems(reg)
    [a] = _at(problems, f"Наставляемые!{col_items}{no_items['_row']}")
    assert a.is_warning and "не указано, что в нём разрешено" in a.message
    [b] = _at(problems, f"Наставляемые!{col_items}{only_name['_row']}")
    assert b.is_warning and "без фамилии или имени" in b.message
    [c] = _at(problems, f"Наставляемые!{col_items}{bad['_row']}")
    assert not c.is_warning and "от 1 до 7" in c.message and "register_mentees_public" in c.blocks
    [d] = _at(problems, f"Наставляемые!{col_items}{unpublished['_row']}")
    assert d.is_warning and "нет даты получения согласия" in d.message
    assert col_date  # the date column exists beside it


def test_a_processor_needs_an_address(tmp_path):
    reg = edited_copy(EXAMPLE, tmp_path / "r.xlsx",
                      {("Организация", org_cell(EXAMPLE, "Лицо по поручению оператора — наименование")):
                       "ООО «Электронная школа»"})
    place = f"Организация!{org_cell(EXAMPLE, 'Лицо по поручению оператора — адрес')}"
    [problem] = _at(_problems(reg), place)
    assert "п. 6 ч. 4 ст. 9 152-ФЗ" in problem.message and "consent_parent" in problem.blocks


def test_a_pupil_mentor_without_birth_date_is_an_error_not_an_adult(tmp_path):
    mentor = _minor_mentor()
    cell = f"{column_of(EXAMPLE, 'Наставники', 'Дата рождения')}{mentor['_row']}"
    reg = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {("Наставники", cell): None})
    [problem] = _at(_problems(reg), f"Наставники!{cell}")
    assert "нужна дата рождения" in problem.message and f"«{mentor['Категория']}»" in problem.message
    assert {"consent_adult", "consent_parent"} <= set(problem.blocks)
    with pytest.raises(RegistryInvalid) as info:
        api.make(["consent_adult"], reg, tmp_path / "out", as_of=AS_OF)
    assert f"Наставники!{cell}" in str(info.value)
    order = api.make(["order_curator"], reg, tmp_path / "order", as_of=AS_OF,
                     orders=api.OrderOptions(register=False))
    assert order.counts == {"order_curator": 1}  # an order that never reads «Наставники»
    assert [p.place for p in order.warnings] == [f"Наставники!{cell}"]
    # a teacher without a birth date is an adult: nothing to report
    teacher = next(m for m in sheet_rows(EXAMPLE, "Наставники") if m["Категория"] == "педагог")
    cell = f"{column_of(EXAMPLE, 'Наставники', 'Дата рождения')}{teacher['_row']}"
    assert _problems(edited_copy(EXAMPLE, tmp_path / "t.xlsx", {("Наставники", cell): None})) == []


def test_an_unknown_age_is_neither_minor_nor_adult(tmp_path):
    """Defence in depth: if the check is ignored (a pack without it), a pupil mentor without a
    birth date still goes to neither the minors' nor the adults' consents."""
    from docgen.context import select_records
    from docgen.plugins.catalog import catalog
    from docgen.records.validate import validate
    from docgen.workbook.reader import read_workbook

    mentor = _minor_mentor()
    cell = f"{column_of(EXAMPLE, 'Наставники', 'Дата рождения')}{mentor['_row']}"
    path = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {("Наставники", cell): None})
    found = catalog()
    registry, _ = validate(read_workbook(path), found.registry_schema, path, AS_OF)
    for tid in ("consent_adult", "consent_parent", "consent_distribution", "consent_distribution_parent"):
        codes = {r.values.get("code") for r in select_records(registry, found.find(tid))}
        assert mentor["Код"] not in codes, tid


def test_publication_pages(tmp_path):
    cell = org_cell(EXAMPLE, "Страницы сайта для публикации")
    empty = edited_copy(EXAMPLE, tmp_path / "empty.xlsx", {("Организация", cell): None})
    problems = _at(_problems(empty), f"Организация!{cell}")
    blocked = {ref for p in problems for ref in p.blocks}
    assert blocked == {"consent_distribution", "consent_distribution_mentee", "consent_distribution_parent",
                       "register_mentees_public", "register_mentors_public"}
    assert all("нужно заполнить «Страницы сайта для публикации»" in p.message for p in problems)
    root = edited_copy(EXAMPLE, tmp_path / "root.xlsx", {("Организация", cell): "https://school7.example.ru/"})
    [warning] = _at(_problems(root), f"Организация!{cell}")
    assert warning.is_warning and "без страницы" in warning.message
    bad = edited_copy(EXAMPLE, tmp_path / "bad.xlsx", {("Организация", cell): "school7.example.ru/reestr"})
    [error] = _at(_problems(bad), f"Организация!{cell}")
    assert not error.is_warning and "должен начинаться с https://" in error.message


def test_one_child_on_both_sheets_is_one_person(tmp_path):
    """A pupil who is both a mentee and a mentor: one parental consent, both roles named; a
    different address on the second row is a warning, since only one row is printed."""
    mentor = _minor_mentor()
    mentee = next(m for m in sheet_rows(EXAMPLE, "Наставляемые")
                  if m["Класс"] == mentor["Класс"] and years_on(m["Дата рождения"], AS_OF) < 18)
    col = lambda h: column_of(EXAMPLE, "Наставники", h)  # noqa: E731
    birth = mentee["Дата рождения"]
    reg = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {
        ("Наставники", f"{col('ФИО')}{mentor['_row']}"): mentee["ФИО"],
        ("Наставники", f"{col('Пол')}{mentor['_row']}"): mentee["Пол"],
        ("Наставники", f"{col('Дата рождения')}{mentor['_row']}"): birth if isinstance(birth, datetime) else birth,
        ("Наставники", f"{col('Адрес регистрации')}{mentor['_row']}"): "г. Северогорск, ул. Другая, д. 1",
    })
    problems = _problems(reg)
    [warning] = _at(problems, f"Наставники!{col('Адрес регистрации')}{mentor['_row']}")
    assert warning.is_warning and "Один и тот же ребёнок" in warning.message
    assert [p for p in problems if not p.is_warning] == []
    result = api.make(["consent_parent"], reg, tmp_path / "out", as_of=AS_OF,
                      select=api.Selection.parse(people=[mentee["Код"], mentor["Код"]]),
                      outputs=api.Outputs(manifest=False))
    [doc] = result.files
    from tests.helpers import docx_text
    assert "в качестве наставника и наставляемого" in docx_text(doc)


def test_more_satisfied_than_surveyed_is_an_error(tmp_path):
    row = sheet_rows(EXAMPLE, "Мониторинг")[-1]
    cell = f"{column_of(EXAMPLE, 'Мониторинг', 'Наставляемых удовлетворены')}{row['_row']}"
    reg = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {("Мониторинг", cell): row["Анкет наставляемых"] + 1})
    [problem] = _at(_problems(reg), f"Мониторинг!{cell}")
    assert "Удовлетворённых больше, чем заполненных анкет" in problem.message
    assert "monitoring_report" in problem.blocks and "consent_parent" not in problem.blocks
