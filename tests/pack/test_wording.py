"""Wording a secretary would otherwise fix by hand in every copy (issue 15, §4.3): the line under
a student mentor's name, the working group's total, whom to tell about a leak, the route map's
section reference, and partners spoken of by their kind."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest
from docx import Document

from docgen import api
from tests.helpers import EXAMPLE, docx_text, flat

AS_OF = date(2026, 11, 23)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    return api.make(["application_mentor", "working_group_list", "confidentiality_instruction", "route_map_mentor",
                     "agreement_partner", "letter_employer"], EXAMPLE, tmp_path_factory.mktemp("wording"), as_of=AS_OF)


def _rows(sheet: str) -> list[dict]:
    rows = list(openpyxl.load_workbook(EXAMPLE, read_only=True)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]


def test_no_line_of_an_application_starts_with_a_comma(made):
    students = 0
    for path in made.by_template["application_mentor"]:
        lines = [p.text.strip() for p in Document(str(path)).paragraphs]
        assert not [line for line in lines if line.startswith(",")], path.name
        text = docx_text(path)
        students += bool(re.search(r"\nстудент(а|ки) ГБПОУ", text))
    assert students == sum(1 for m in _rows("Наставники") if m["Категория"] == "студент")


def test_working_group_total_counts_people_and_names_vacancies(made):
    group = _rows("Рабочая группа")
    vacancies = [m["Должность"] for m in group if not m["ФИО"]]
    people = len(group) - len(vacancies)
    text = flat(docx_text(made.by_template["working_group_list"][0]))
    assert f"Всего в составе: {people} человек." in text  # 7 in the example
    assert f"Вакантных мест: {len(vacancies)} ({', '.join(vacancies)})." in text
    assert "в том числе" not in text


def test_a_leak_is_reported_to_the_curator_named_in_the_dative(made):
    text = flat(docx_text(made.by_template["confidentiality_instruction"][0]))
    assert "куратору (" not in text
    assert re.search(r"сообщить куратору внедрения целевой модели наставничества [А-ЯЁ][а-яё]+ой [А-Я]\.[А-Я]\. "
                     r"или директору [А-ЯЁ][а-яё]+ой [А-Я]\.[А-Я]\.", text)


def test_route_map_refers_to_sections_that_exist(made):
    for path in made.by_template["route_map_mentor"][:5]:
        text = docx_text(path)
        headings = dict(re.findall(r"^(\d+)\.\s(.+)$", text, re.M))
        refs = re.findall(r"\(раздел (\d+)\)", text)
        assert refs and set(refs) <= set(headings), (path.name, refs, headings)
        assert "Школ" in headings[refs[0]], (path.name, refs[0], headings[refs[0]])  # the plan of the classes


def test_partners_are_spoken_of_by_their_kind(made):
    kinds = {p["Сокращённое наименование"]: p["Вид организации"] for p in _rows("Партнёры")}
    for path in made.by_template["agreement_partner"]:
        assert "(обучающихся) Партнёра" not in flat(docx_text(path))
    letters = {path: flat(docx_text(path)) for path in made.by_template["letter_employer"]}
    for name, kind in kinds.items():
        text = next(t for t in letters.values() if name in t)
        if kind == "колледж или вуз":
            assert "«студент – ученик»" in text and "«работодатель – ученик»" not in text
            assert "наставничество студентов и преподавателей вашей организации" in text
        elif kind == "работодатель":
            assert "«работодатель – ученик»" in text and "наставничество работников вашей организации" in text
        else:
            assert "«работодатель – ученик»" not in text and "«студент – ученик»" not in text
