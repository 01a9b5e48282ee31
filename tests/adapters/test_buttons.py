"""The workbook buttons' core (docgen.adapters.buttons): requests in, answers out, real documents."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from docgen.adapters import buttons as actions
from docgen.workbook import generator as layout
from tests.adapters.buttons_support import request
from tests.helpers import EXAMPLE, edited_copy, find_cell


@pytest.fixture
def registry(tmp_path) -> Path:
    path = tmp_path / "реестр.xlsx"
    shutil.copy(EXAMPLE, path)
    return path


@pytest.mark.parametrize("address, rows", [
    ("$A$2:$D$3", [2, 3]), ("A2:XFD3,A5", [2, 3, 5]), ("$B$7", [7]), ("Наставляемые!A4:A2", [2, 3, 4]),
    ("$Наставляемые.$A$9:$C$10", [9, 10]), ("A2:D3;A3:D4", [2, 3, 4]), ("", []),
])
def test_rows_from_address(address, rows):
    assert actions.rows_from_address(address) == rows


def test_generate_selected_rows(registry, tmp_path):
    answer = actions.run(request(registry, "generate_selected", {"sheet": "Наставляемые", "address": "A2:XFD4"},
                                 template="consent_parent — Согласие родителя…", out_dir=str(tmp_path / "out")))
    assert answer["ok"], answer["summary"]
    assert len(answer["files"]) == 3 and all(Path(f).is_file() for f in answer["files"])
    assert answer["summary"].startswith("Сформировано документов: 3 — Согласие родителя")
    assert "Выбор: строки 2, 3, 4" in answer["summary"]


def test_selection_on_another_sheet_is_explained(registry):
    answer = actions.run(request(registry, "generate_selected", {"sheet": "Генератор", "address": "B3"},
                                 template="consent_parent"))
    assert not answer["ok"]
    assert "делается по листу «Наставляемые» или «Наставники», а строки выделены на листе «Генератор»" in answer["error"]


def test_generate_by_condition_and_default_folder(registry):
    answer = actions.run(request(registry, "generate", template="consent_tracking", scope="по условию",
                                 condition="Класс=5А"))
    assert answer["ok"], answer["summary"]
    assert Path(answer["out_dir"]) == registry.parent / "Документы"
    assert [Path(f).name for f in answer["files"]] == ["5А — лист учёта согласий.docx"]


def test_order_number_comes_back_for_the_open_workbook(registry, tmp_path):
    before = registry.read_bytes()
    answer = actions.run(request(registry, "generate", template="order_intro", out_dir=str(tmp_path / "o")))
    assert answer["ok"], answer["summary"]
    assert registry.read_bytes() == before  # the file under the open program is not touched
    [entry] = answer["journal"]
    assert entry["sheet"] == "Приказы"
    cells = entry["cells"]
    wb = openpyxl.load_workbook(registry)
    next_row = wb["Приказы"].max_row + 1
    assert cells[f"A{next_row}"]["text"] and cells[f"C{next_row}"] == {"text": "order_intro"}
    assert "date" in cells[f"B{next_row}"]
    assert f"(Приказы!A{next_row})" in answer["summary"] and "Сохраните книгу" in answer["summary"]
    number = cells[f"A{next_row}"]["text"]
    assert Path(answer["files"][0]).name.startswith(f"Приказ № {number} от ")


def test_draft_order_changes_nothing(registry, tmp_path):
    answer = actions.run(request(registry, "generate", template="order_intro", orders="черновик без номера",
                                 out_dir=str(tmp_path / "o")))
    assert answer["ok"] and answer["journal"] == []
    assert Path(answer["files"][0]).name.startswith("Черновик — ")


def test_check_reports_every_problem_with_its_cell(tmp_path):
    cell = find_cell(EXAMPLE, "Наставляемые", "Дата рождения", 5)
    broken = edited_copy(EXAMPLE, tmp_path / "broken.xlsx", {("Наставляемые", cell): "31.02.2010",
                                                             ("Наставляемые", "A6"): None})
    answer = actions.run(request(broken, "check"))
    assert not answer["ok"]
    table = answer["problems_table"]
    assert table[0] == layout.PROBLEM_HEADERS
    assert ["Наставляемые", cell] == table[1][:2] or any(r[:2] == ["Наставляемые", cell] for r in table[1:])
    assert any(p["place"] == f"Наставляемые!{cell}" for p in answer["problems"])
    generated = actions.run(request(broken, "generate", template="consent_parent", out_dir=str(tmp_path / "o")))
    assert not generated["ok"] and "документы не сформированы" in generated["summary"]
    assert not (tmp_path / "o").exists()


def test_unknown_template_and_missing_choice(registry):
    missing = actions.run(request(registry, "generate"))
    assert "не выбран шаблон" in missing["error"]
    wrong = actions.run(request(registry, "generate", template="consent_kid"))
    assert "Шаблона «consent_kid» нет" in wrong["error"] and "consent_parent" in wrong["error"]


def test_open_folder(registry, tmp_path):
    missing = actions.run(request(registry, "open_folder", out_dir=str(tmp_path / "nope")))
    assert not missing["ok"] and "ещё нет" in missing["summary"]
    (tmp_path / "docs").mkdir()
    found = actions.run(request(registry, "open_folder", out_dir=str(tmp_path / "docs")))
    assert found["ok"] and found["out_dir"] == str(tmp_path / "docs")


def test_a_second_action_on_the_same_book_is_refused(tmp_path):
    registry = tmp_path / "реестр.xlsx"
    shutil.copy(EXAMPLE, registry)
    request = {"action": "generate", "registry": str(registry),
               "settings": {"Шаблон": "order_intro", "Папка для документов": str(tmp_path / "out")}}
    running = actions._busy_lock(registry)
    running.acquire()  # the first click, still at work
    try:
        answer = actions.run(request)
        assert not answer["ok"] and "уже выполняет действие с этой книгой" in answer["summary"]
        assert not answer["journal"] and not (tmp_path / "out").exists()
        # a check of a copy of the same book is the same book
        copy = tmp_path / "copy.xlsx"
        shutil.copy(registry, copy)
        answer = actions.run({"action": "check", "registry": str(copy), "source": str(registry)})
        assert not answer["ok"] and "уже выполняет" in answer["summary"]
    finally:
        running.release()
    answer = actions.run(request)
    assert answer["ok"], answer["summary"]
    assert answer["journal"]


def test_consent_settings_reach_the_api_and_the_dates_come_back(registry, tmp_path):
    """«Кто подписывает за ребёнка» and «Отметить «Согласие выдано»» of «Генератор»: a form per parent,
    and the dates of the printed rows handed back for the open book, which docgen never writes."""
    before = registry.read_bytes()
    answer = actions.run(request(registry, "generate", template="consent_parent", scope="по условию",
                                 condition="Класс=5А", parent="каждый родитель", record_issued="да",
                                 out_dir=str(tmp_path / "o")))
    assert answer["ok"], answer["summary"]
    assert registry.read_bytes() == before
    assert any(Path(f).stem.endswith("(мать)") for f in answer["files"])
    # every 5А minor in the example has its date already: nothing to write, and the summary says so
    assert "«Согласие выдано» уже было заполнено и не изменено" in answer["summary"]
    letter = find_cell(registry, "Наставляемые", "Согласие выдано", 1).rstrip("1")
    received = find_cell(registry, "Наставляемые", "Согласие получено", 1).rstrip("1")
    emptied = edited_copy(registry, tmp_path / "пусто.xlsx", {("Наставляемые", f"{letter}2"): None,
                                                              ("Наставляемые", f"{received}2"): None})
    answer = actions.run(request(emptied, "generate_selected", {"sheet": "Наставляемые", "address": "A2"},
                                 template="consent_parent", parent="отец", record_issued="да",
                                 out_dir=str(tmp_path / "o2")))
    assert answer["ok"], answer["summary"]  # У-001 of the example has a father
    assert answer["journal"] == [{"sheet": "Наставляемые", "cells": {f"{letter}2": {"date": "2026-11-23"}}}]
    assert "«Согласие выдано» отмечено: 1. Сохраните книгу." in answer["summary"]
    answer = actions.run(request(emptied, "generate_selected", {"sheet": "Наставляемые", "address": "A2"},
                                 template="consent_parent", parent="мать", record_issued="да",
                                 out_dir=str(tmp_path / "o3")))
    assert answer["ok"] and answer["files"] == [] and answer["journal"] == []
    assert "нет родителя «мать» (указаны: отец)" in answer["summary"]


def test_a_wrong_parent_choice_is_explained(registry):
    answer = actions.run(request(registry, "generate", template="consent_parent", parent="сосед"))
    assert not answer["ok"] and "сосед" in answer["error"]
