"""The documents of the seeds that were missing (issue 15, §5.1–5.3, §5.7): the curator's
monthly questionnaire, the access measures, the preference questionnaires after the group
meeting and the needs analysis. Expected numbers are computed here with openpyxl."""

from __future__ import annotations

from collections import Counter
from datetime import date

import openpyxl
import pytest
from docx import Document

from docgen import api
from tests.helpers import EXAMPLE, docx_text, flat

AS_OF = date(2026, 11, 23)
NEW = ["questionnaire_curator_monthly", "access_measures", "questionnaire_preferences_mentee",
       "questionnaire_preferences_mentor", "needs_analysis"]


def _rows(sheet: str, path=EXAMPLE) -> list[dict]:
    rows = list(openpyxl.load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]


def _day(value) -> date:
    return value.date() if hasattr(value, "date") else value


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    return api.make(NEW, EXAMPLE, tmp_path_factory.mktemp("seeds"), as_of=AS_OF)


def test_monthly_questionnaire_counts_the_pairs_of_the_month(made):
    start, today = date(2026, 11, 1), AS_OF
    pairs = [(_day(p["Дата начала"]), _day(p["Дата окончания"]), p["Статус"]) for p in _rows("Пары")]
    active = sum(1 for s, e, st in pairs if st == "действует" and s <= today <= e)
    new = sum(1 for s, e, st in pairs if start <= s <= today)
    finished = sum(1 for s, e, st in pairs if start <= e <= today)
    table = Document(str(made.by_template["questionnaire_curator_monthly"][0])).tables[0]
    values = {r.cells[0].text: r.cells[1].text for r in table.rows}
    assert values["Действующих наставнических пар на 23.11.2026"] == str(active)
    assert values["Образовано пар за месяц"] == str(new)
    assert values["Завершено пар за месяц"] == str(finished)
    text = flat(docx_text(made.by_template["questionnaire_curator_monthly"][0]))
    assert "за ноябрь 2026 г." in text
    org = {r[0]: r[1] for r in openpyxl.load_workbook(EXAMPLE, read_only=True)["Организация"].iter_rows(values_only=True)}
    curator = next(s for s in _rows("Сотрудники") if s["ФИО"] == org["Куратор внедрения ЦМН"])
    assert ("удовлетворена ходом программы" if curator["Пол"] == "ж" else "удовлетворён ходом программы") in text


def test_access_measures_come_from_the_sheet_and_name_no_child(made, tmp_path):
    text = flat(docx_text(made.by_template["access_measures"][0]))
    measures = _rows("Меры доступности")
    assert len({m["Группа обучающихся"] for m in measures}) == 6
    for m in measures:
        assert flat(m["Мера"]) in text
    assert "УТВЕРЖДЕНЫ" in text and "от ____________ №" in text
    for person in _rows("Наставляемые") + _rows("Наставники"):
        assert person["ФИО"] not in text and person["ФИО"].split()[0] + "\u00a0" not in text

    wb = openpyxl.load_workbook(EXAMPLE)  # an empty sheet prints the typical measures
    ws = wb["Меры доступности"]
    ws.delete_rows(2, ws.max_row)
    empty = tmp_path / "empty.xlsx"
    wb.save(empty)
    typical = flat(docx_text(api.make(["access_measures"], empty, tmp_path / "out", as_of=AS_OF).files[0]))
    for group in ("с ограниченными возможностями здоровья", "выдающиеся способности", "трудной жизненной ситуации",
                  "малоимущих семей", "сельской местности", "Дети-сироты"):
        assert group in typical


@pytest.mark.parametrize("tid, sheet, other", [("questionnaire_preferences_mentee", "Наставляемые", "Наставники"),
                                               ("questionnaire_preferences_mentor", "Наставники", "Наставляемые")])
def test_preference_candidates_are_those_of_the_same_form(made, tid, sheet, other):
    people = {p["Код"]: p for p in _rows(sheet)}
    others = _rows(other)
    in_force = {p["Наставляемый"] for p in _rows("Пары") if p["Статус"] == "действует"}
    assert len(made.by_template[tid]) == len(people)
    for path in made.by_template[tid][:40]:
        me = people[path.name.split(" ", 1)[0]]
        same = [o for o in others if o["Форма наставничества"] == me["Форма наставничества"]]
        if tid.endswith("mentor"):
            free = [o for o in same if o["Код"] not in in_force]
            same = free or same
        table = Document(str(path)).tables[1]
        listed = [r.cells[1].text.split(",")[0] for r in table.rows[1:]]
        expected = sorted(f"{o['ФИО'].split()[0]}\u00a0{o['ФИО'].split()[1][0]}.{o['ФИО'].split()[2][0]}." for o in same)
        assert sorted(listed) == expected, path.name
        text = docx_text(path)
        for o in same:  # data minimisation: no patronymic, no address of a candidate
            assert o["ФИО"].split()[2] not in text.replace(me["ФИО"], "")
            assert not o.get("Адрес регистрации") or o["Адрес регистрации"] not in text


def test_needs_analysis_tables_add_up(made):
    mentees, mentors = _rows("Наставляемые"), _rows("Наставники")
    doc = Document(str(made.by_template["needs_analysis"][0]))
    by_cat = Counter((m["Категория"], m["Форма наставничества"]) for m in mentees)
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows[1:-1]]
    assert {(r[0], r[1].strip("«»")): int(r[2]) for r in rows} == dict(by_cat)
    assert abs(sum(float(r[3].replace(",", ".")) for r in rows) - 100) <= 0.1 + 0.05 * len(rows)
    areas = Counter(m.get("Направление запроса") or "не указано" for m in mentees)
    rows = [[c.text for c in r.cells] for r in doc.tables[1].rows[1:]]
    assert {r[0].lower(): int(r[1]) for r in rows} == {k.lower(): v for k, v in areas.items()}
    forms = [[c.text for c in r.cells] for r in doc.tables[2].rows[1:]]
    for form, n_mentors, n_mentees, _ in forms:
        name = form.strip("«»")
        assert int(n_mentors) == sum(1 for m in mentors if m["Форма наставничества"] == name)
        assert int(n_mentees) == sum(1 for m in mentees if m["Форма наставничества"] == name)
    text = flat(docx_text(made.by_template["needs_analysis"][0]))
    top = Counter(m["Форма наставничества"] for m in mentees).most_common(1)[0]
    assert f"1. «{top[0]}» — {top[1]} наставляемых" in text
