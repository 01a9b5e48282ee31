"""The LibreOffice Calc extension: real clicks on its menu in a headless LibreOffice.

These tests run ``tests/acceptance/lo_driver.py`` with Debian's ``/usr/bin/python3`` (pyuno); it
installs the freshly built .oxt into a fresh profile and dispatches the URL of the installed menu
item, as a click does. The macro then calls docgen (this interpreter, baked into the .oxt) out of process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import openpyxl
import pytest

from docgen.adapters.lo.oxt import build_oxt
from docgen.workbook.generator import (
    ACTIONS,
    GENERATOR_SHEET,
    ORDER_CHOICES,
    PROBLEM_HEADERS,
    PROBLEMS_SHEET,
    RESULT_CELL,
    SCOPES,
    SETTINGS,
    SETTINGS_ROW,
)
from tests.helpers import EXAMPLE, column_of, edited_copy

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes

CAPTION = {a.id: a.caption for a in ACTIONS}
SYSTEM_PYTHON = "/usr/bin/python3"
DRIVER = Path(__file__).with_name("lo_driver.py")


@lru_cache(maxsize=None)
def _lo_missing() -> str:
    if not shutil.which("soffice"):
        return "soffice is not installed"
    try:
        subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return f"{SYSTEM_PYTHON} has no uno (apt install python3-uno)"
    if not Path("/usr/lib/libreoffice/program/pythonscript.py").exists():
        return "LibreOffice has no Python scripting (apt install libreoffice-script-provider-python)"
    return ""


needs_lo = pytest.mark.skipif(bool(_lo_missing()), reason=_lo_missing() or "LibreOffice ready")


def _setting(label: str) -> str:
    """The «Генератор» cell of a setting's value: column B of its row."""
    index = [lab for _, lab in SETTINGS].index(label)
    return f"B{SETTINGS_ROW + index}"


def _click(tmp_path: Path, workbook: Path, item: str, *, python: str | None = None, settings=None, select=None,
           **job) -> dict:
    """Build the .oxt, open ``workbook`` in a fresh headless LibreOffice with it installed, set
    «Генератор» settings, select a range, click the menu item ``item``, read back, close."""
    oxt = build_oxt(tmp_path / "docgen.oxt", python=python)
    job = {"oxt": str(oxt), "workbook": str(workbook), "profile": str(tmp_path / "lo-profile"),
           "generator": {"sheet": GENERATOR_SHEET, "row": SETTINGS_ROW, "labels": [lab for _, lab in SETTINGS]},
           "cells": {GENERATOR_SHEET: {_setting(k): v for k, v in (settings or {}).items()}},
           "select": select, "menu_item": item, "read": {GENERATOR_SHEET: [RESULT_CELL]},
           "read_sheets": [PROBLEMS_SHEET], **job}
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "PYTHONPATH", "DOCGEN_PYTHON", "VIRTUAL_ENV")}
    # LibreOffice as a user starts it: with an activated venv's bin on PATH (its python3 has no
    # uno) the extension manager failed to install the .oxt (DeploymentException, every test).
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if p and not (Path(p).parent / "pyvenv.cfg").exists())
    env.update(DOCGEN_LO_NO_DIALOG="1", DOCGEN_AS_OF="2026-11-23", XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([SYSTEM_PYTHON, str(DRIVER), json.dumps(job, ensure_ascii=False)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["stderr"] = done.stderr
    return result


def _copy_example(tmp_path: Path, name: str = "реестр.xlsx") -> Path:
    target = tmp_path / "book" / name
    target.parent.mkdir()
    shutil.copy(EXAMPLE, target)
    return target


@needs_lo
def test_menu_generates_documents_for_selected_rows(tmp_path):
    book = _copy_example(tmp_path)
    out = tmp_path / "Документы (вывод)"
    result = _click(tmp_path, book, CAPTION["generate_selected"],
                    settings={"Шаблон": "consent_parent", "Папка для документов": str(out)},
                    select={"sheet": "Наставляемые", "range": "A2:D4"}, read_menu=True)
    summary = result["cells"][f"{GENERATOR_SHEET}!{RESULT_CELL}"]
    assert "Сформировано документов: 3" in summary, (summary, result["stderr"][-2000:])
    files = sorted(p.name for p in out.rglob("*.docx"))
    names = [r[1] for r in openpyxl.load_workbook(EXAMPLE, read_only=True)["Наставляемые"].iter_rows(
        min_row=2, max_row=4, values_only=True)]
    assert len(files) == 3 and all(f.startswith("5А ") for f in files), files
    assert all(any(name in f for f in files) for name in names), (names, files)
    # the edited settings were saved (.xlsx) before docgen read the file
    assert openpyxl.load_workbook(book)[GENERATOR_SHEET][_setting("Шаблон")].value == "consent_parent"
    assert result["sheets"][PROBLEMS_SHEET] is None  # no problems: no new sheet
    # the menu «Документы» is installed for Calc, one item per action
    (menu,) = [m for m in result["menu"] if m["title"] == "Документы"]
    assert [i["title"] for i in menu["items"]] == [a.caption for a in ACTIONS]
    assert menu["context"] == "com.sun.star.sheet.SpreadsheetDocument"


@needs_lo
def test_menu_check_lists_problems_with_links(tmp_path):
    book = _copy_example(tmp_path)
    wb = openpyxl.load_workbook(book)
    wb["Наставляемые"]["D5"] = "31.02.2010"
    wb.save(book)
    result = _click(tmp_path, book, CAPTION["check"], follow_link={"sheet": PROBLEMS_SHEET, "cell": "B2"})
    summary = result["cells"][f"{GENERATOR_SHEET}!{RESULT_CELL}"]
    assert "проблем: 1" in summary and PROBLEMS_SHEET in summary, (summary, result["stderr"][-2000:])
    assert result["sheet_names"][-1] == PROBLEMS_SHEET
    sheet = result["sheets"][PROBLEMS_SHEET]
    assert sheet["values"][0] == PROBLEM_HEADERS
    assert [row[:3] for row in sheet["values"][1:]] == [["Наставляемые", "D5", "Дата рождения"]]
    assert sheet["formulas"][1][1] == "=HYPERLINK(\"#'Наставляемые'!D5\";\"D5\")"
    assert result["jumped"] == {"sheet": "Наставляемые", "column": 4, "row": 5}


@needs_lo
def test_menu_order_goes_to_the_journal_of_the_saved_book(tmp_path):
    book = _copy_example(tmp_path)
    journal_rows = openpyxl.load_workbook(book)["Приказы"].max_row
    out = tmp_path / "out"
    result = _click(tmp_path, book, CAPTION["generate"],
                    settings={"Шаблон": "order_intro", "Что формировать": SCOPES[0],
                              "Папка для документов": str(out), "Приказы": ORDER_CHOICES[0]})
    summary = result["cells"][f"{GENERATOR_SHEET}!{RESULT_CELL}"]
    assert "Сформировано документов: 1" in summary and "В журнал приказов добавлен" in summary, \
        (summary, result["stderr"][-2000:])
    assert not result["modified"]  # the macro saved the book after writing the journal row
    assert len(list(out.rglob("*.docx"))) == 1
    orders = openpyxl.load_workbook(book)["Приказы"]
    assert orders.max_row == journal_rows + 1
    number, day, template, title = (c.value for c in orders[orders.max_row][:4])
    assert re.fullmatch(r"\d+-од", number) and template == "order_intro" and title
    # a real date (openpyxl reads text or a number otherwise): the order is dated today
    assert isinstance(day, datetime) and (datetime.now() - day).days in (0, 1)
    assert orders.cell(orders.max_row, 2).number_format == orders.cell(orders.max_row - 1, 2).number_format


@needs_lo
def test_menu_explains_a_missing_interpreter(tmp_path):
    book = _copy_example(tmp_path)
    config = tmp_path / "config" / "docgen" / "libreoffice.json"
    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({"python": "/nonexistent/from-config/python"}), encoding="utf-8")
    result = _click(tmp_path, book, CAPTION["check"], python="/nonexistent/baked/python")
    summary = result["cells"][f"{GENERATOR_SHEET}!{RESULT_CELL}"]
    assert summary.startswith("Не найден Python с установленным docgen"), (summary, result["stderr"][-2000:])
    assert "/nonexistent/from-config/python" in summary and str(config) in summary


@needs_lo
def test_menu_works_on_an_ods_registry(tmp_path):
    """The same menu on the example saved as .ods (converted by LibreOffice itself)."""
    source = _copy_example(tmp_path)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'conv-profile'}", "--headless",
                    "--convert-to", "ods", "--outdir", str(source.parent), str(source)],
                   check=True, capture_output=True, timeout=180)
    book = source.with_suffix(".ods")
    out = tmp_path / "out"
    result = _click(tmp_path, book, CAPTION["generate"],
                    settings={"Шаблон": "consent_tracking", "Что формировать": SCOPES[2], "Условие": "Класс=5А",
                              "Папка для документов": str(out)})
    summary = result["cells"][f"{GENERATOR_SHEET}!{RESULT_CELL}"]
    assert "Сформировано документов: 1" in summary, (summary, result["stderr"][-2000:])
    assert [p.name for p in out.rglob("*.docx")] == ["5А — лист учёта согласий.docx"]


@pytest.mark.slow
@needs_lo
def test_menu_check_reads_unsaved_edits_and_never_saves(tmp_path):
    """«Проверить реестр» checks the book as it is on screen (a copy) and leaves the file alone."""
    book = _copy_example(tmp_path)
    before = book.read_bytes()
    result = _click(tmp_path, book, CAPTION["check"], cells={GENERATOR_SHEET: {},
                                                             "Наставляемые": {"D5": "31.02.2010"}})
    summary = result["cells"][f"{GENERATOR_SHEET}!{RESULT_CELL}"]
    assert "проблем: 1" in summary, (summary, result["stderr"][-2000:])
    assert result["modified"]  # the unsaved edit is still unsaved: LibreOffice will ask on closing
    assert book.read_bytes() == before


@pytest.mark.slow
@needs_lo
def test_menu_has_the_cli_settings(tmp_path):
    """«Генератор» in Calc: «без согласия», file for printing with PDF, zip, order number and date."""
    book = _copy_example(tmp_path)
    out = tmp_path / "out"
    result = _click(tmp_path, book, CAPTION["generate"],
                    settings={"Шаблон": "consent_parent", "Что формировать": SCOPES[2], "Условие": "Класс=7А",
                              "Только без согласия": "да", "Папка для документов": str(out),
                              "Файл для печати": "да (двусторонняя печать)", "PDF": "да", "Архив .zip": "да"})
    summary = result["cells"][f"{GENERATOR_SHEET}!{RESULT_CELL}"]
    assert "без полученного согласия" in summary and "PDF: 1" in summary and "Архив:" in summary, \
        (summary, result["stderr"][-2000:])
    assert len(list(out.rglob("*.pdf"))) == 1 and len(list(out.glob("*.zip"))) == 1
    result = _click(tmp_path, book, CAPTION["generate"],
                    settings={"Шаблон": "order_intro", "Что формировать": SCOPES[0], "Папка для документов": str(out),
                              "Только без согласия": "нет", "Приказы": ORDER_CHOICES[0], "Номер приказа": "93-од",
                              "Дата приказа": "24.11.2026"})
    summary = result["cells"][f"{GENERATOR_SHEET}!{RESULT_CELL}"]
    assert "№ 93-од от 24.11.2026" in summary, (summary, result["stderr"][-2000:])
    orders = openpyxl.load_workbook(book)["Приказы"]
    assert orders.cell(orders.max_row, 1).value == "93-од"


@needs_lo
def test_menu_prints_for_each_parent_and_dates_the_open_book(tmp_path):
    """«Кто подписывает за ребёнка» and «Отметить «Согласие выдано»» from the Calc menu: a form per
    parent, and the dates written into the open book, which the menu then saves."""
    issued = column_of(EXAMPLE, "Наставляемые", "Согласие выдано")
    received = column_of(EXAMPLE, "Наставляемые", "Согласие получено")
    (tmp_path / "book").mkdir()
    book = edited_copy(EXAMPLE, tmp_path / "book" / "реестр.xlsx",
                       {("Наставляемые", f"{issued}2"): None, ("Наставляемые", f"{received}2"): None})
    out = tmp_path / "out"
    result = _click(tmp_path, book, CAPTION["generate_selected"],
                    settings={"Шаблон": "consent_parent", "Папка для документов": str(out),
                              "Кто подписывает за ребёнка": "каждый родитель", "Отметить «Согласие выдано»": "да"},
                    select={"sheet": "Наставляемые", "range": "A2:D2"})
    summary = result["cells"][f"{GENERATOR_SHEET}!{RESULT_CELL}"]
    assert "«Согласие выдано» отмечено: 1" in summary, (summary, result["stderr"][-2000:])
    assert [p.name for p in out.rglob("*.docx")][0].endswith("(отец).docx")
    value = openpyxl.load_workbook(book)["Наставляемые"][f"{issued}2"].value
    assert value == datetime(2026, 11, 23)
