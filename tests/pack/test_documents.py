"""Built-in regulation, roadmap, lists, KPI plan and letter to employers rendered from the example
registry (and edited copies) through docgen.api.make, read back with python-docx; their PDF
text is checked in tests/acceptance/pack/test_documents.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from docgen import api
from docgen import ru as fmt
from docgen.plugins.catalog import catalog
from docgen.records import validate as records
from tests.helpers import EXAMPLE, docx_text, edited_copy, find_cell, org_cell

AS_OF = date(2026, 11, 23)
WORKBOOK_IDS = ["regulation", "roadmap", "working_group_list", "kpi_plan", "partners_list"]
LETTER_ROWS = "2-3"  # the first two partners (a woman and a man represent them)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, list[Path]]:
    out = tmp_path_factory.mktemp("documents")
    whole = api.make(WORKBOOK_IDS, EXAMPLE, out / "whole", as_of=AS_OF,
                     outputs=api.Outputs(manifest=False), orders=api.OrderOptions(register=False))
    letters = api.make(["letter_employer"], EXAMPLE, out / "letters", as_of=AS_OF,
                       select=api.Selection.parse(rows=LETTER_ROWS), outputs=api.Outputs(manifest=False))
    return {**whole.by_template, **letters.by_template}


def test_each_template_makes_its_documents(made):
    assert {tid: len(files) for tid, files in made.items()} == {
        "regulation": 1, "roadmap": 1, "working_group_list": 1, "kpi_plan": 1, "partners_list": 1,
        "letter_employer": 2}


def test_regulation_without_protocol_or_order_prints_blanks(tmp_path):
    rows = [r for r in records.load(EXAMPLE, catalog().registry_schema, AS_OF).rows("orders")
            if r.values.get("template") == "order_regulation"]
    book = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {
        ("Организация", org_cell(EXAMPLE, "Положение — номер протокола педсовета")): None,
        ("Организация", org_cell(EXAMPLE, "Положение — дата протокола педсовета")): None,
        **{("Приказы", find_cell(EXAMPLE, "Приказы", "Шаблон", r.row)): None for r in rows},
    })
    result = api.make(["regulation"], book, tmp_path / "out", as_of=AS_OF, outputs=api.Outputs(manifest=False))
    text = docx_text(result.files[0])
    assert "протокол от ____________ №\u00a0______" in text
    assert "приказом" in text and "от ____________ №\u00a0________" in text
    assert "None" not in text and "{{" not in text


def test_letter_without_representative_greets_colleagues(tmp_path):
    book = edited_copy(EXAMPLE, tmp_path / "p.xlsx", {
        ("Партнёры", find_cell(EXAMPLE, "Партнёры", "Представитель", 2)): None,
        ("Партнёры", find_cell(EXAMPLE, "Партнёры", "Должность представителя", 2)): None,
        ("Партнёры", find_cell(EXAMPLE, "Партнёры", "Письмо — исходящий номер", 2)): None,
        ("Партнёры", find_cell(EXAMPLE, "Партнёры", "Письмо — дата", 2)): None,
    })
    result = api.make(["letter_employer"], book, tmp_path / "out", as_of=AS_OF,
                      select=api.Selection.parse(rows="2"), outputs=api.Outputs(manifest=False))
    text = docx_text(result.files[0])
    assert "Руководителю" in text and "Уважаемые коллеги!" in text
    assert "Исх. №\u00a0________ от ____________" in text
    assert "Уважаем" not in text.replace("Уважаемые коллеги!", "")
    assert "None" not in text and "{{" not in text


def test_letter_greeting_without_sex_takes_it_from_the_patronymic(tmp_path, reg):
    partner = next(p for p in reg.rows("partners") if p.row == 3)
    book = edited_copy(EXAMPLE, tmp_path / "p.xlsx", {
        ("Партнёры", find_cell(EXAMPLE, "Партнёры", "Пол представителя", 3)): None})
    result = api.make(["letter_employer"], book, tmp_path / "out", as_of=AS_OF,
                      select=api.Selection.parse(rows="3"), outputs=api.Outputs(manifest=False))
    _, first, middle = fmt.split_fio(partner.values["representative"])
    greeting = fmt.agree("уважаемый", fmt.detect_sex(partner.values["representative"]))
    assert f"{greeting[:1].upper() + greeting[1:]} {first} {middle}!" in docx_text(result.files[0])
