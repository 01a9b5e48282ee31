"""Order numbers a school can trust: a new year's first order needs a confirmed start, and a
number already in the journal (this year's or undated) is refused — by the CLI, the API and the
open-book journal of the spreadsheet buttons alike."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date

import openpyxl
import pytest

from docgen import api
from docgen.adapters import buttons
from docgen.errors import OrderNumberNeeded, OutputError
from docgen.journal.numbering import CONTINUE, RESTART, JournalEntry, propose, used_number
from tests.helpers import EXAMPLE

LAST_YEAR = [JournalEntry(5, "118-од", date(2026, 9, 1), "order_intro"),
             JournalEntry(6, "125-од", date(2026, 12, 28), None),
             JournalEntry(7, "б/н", date(2026, 12, 29), None)]
JANUARY = date(2027, 1, 12)


def test_first_order_of_a_year_is_not_guessed():
    p = propose(LAST_YEAR, JANUARY)
    assert not p.confirmed and p.new_year
    assert (p.number, p.alternative) == ("1-од", "126-од")
    assert "первый приказ 2027 года" in p.why and "№ 125-од от 28.12.2026" in p.why
    assert "Нумерация приказов с нового года" in p.why


@pytest.mark.parametrize(("start", "number"), [(RESTART, "1-од"), (CONTINUE, "126-од"), ("Заново с 1", "1-од")])
def test_the_setting_confirms_how_a_year_starts(start, number):
    p = propose(LAST_YEAR, JANUARY, start)
    assert p.confirmed and p.new_year and p.number == number


def test_within_a_year_the_next_number_needs_no_confirmation():
    p = propose([*LAST_YEAR, JournalEntry(8, "1-од", date(2027, 1, 10), None)], JANUARY)
    assert p.confirmed and not p.new_year and p.number == "2-од"


def test_an_empty_journal_is_not_guessed_either():
    p = propose([JournalEntry(5, "б/н", date(2026, 9, 1), None)], JANUARY)
    assert not p.confirmed and "нет ни одного номера" in p.why


def test_a_number_is_taken_by_an_undated_row_too():
    entries = [JournalEntry(5, "7-од", None, None), JournalEntry(6, "8-од", date(2026, 3, 1), None)]
    assert used_number(entries, "7-ОД", JANUARY).row == 5
    assert used_number(entries, "8-од", date(2026, 5, 1)).row == 6
    assert used_number(entries, "8-од", JANUARY) is None  # last year's «8-од»: numbering restarted


@pytest.fixture()
def registry(tmp_path):
    """The example registry without the «Нумерация приказов с нового года» setting."""
    path = tmp_path / "реестр.xlsx"
    shutil.copy(EXAMPLE, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Организация"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Нумерация приказов с нового года")
    assert ws.cell(row, 2).value == RESTART  # the example school's rule
    ws.cell(row, 2).value = None
    wb.save(path)
    return path


def _journal(path):
    ws = openpyxl.load_workbook(path)["Приказы"]
    return [str(ws.cell(r, 1).value) for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value]


def test_make_refuses_an_unconfirmed_new_year_and_writes_nothing(registry, tmp_path):
    before = registry.read_bytes()
    with pytest.raises(OrderNumberNeeded) as caught:
        api.make(["order_intro"], registry, tmp_path / "out", orders=api.OrderOptions(date=JANUARY))
    assert (caught.value.number, caught.value.alternative, caught.value.new_year) == ("1-од", "93-од", True)
    assert registry.read_bytes() == before and not (tmp_path / "out").exists()


def test_make_registers_the_first_order_of_a_year_with_a_confirmed_number(registry, tmp_path):
    result = api.make(["order_intro"], registry, tmp_path / "out", orders=api.OrderOptions(date=JANUARY, number="1-од"))
    assert result.registered[0].startswith("№ 1-од от 12.01.2027")
    assert _journal(registry)[-1] == "1-од"
    # the second order of the year follows without asking
    second = api.make(["order_curator"], registry, tmp_path / "out2", orders=api.OrderOptions(date=JANUARY))
    assert second.registered[0].startswith("№ 2-од от 12.01.2027")


def test_cli_says_how_to_confirm(registry, tmp_path):
    done = subprocess.run([sys.executable, "-m", "docgen", "make", "order_intro", "-r", str(registry), "-o",
                           str(tmp_path / "out"), "--date", "12.01.2027", "-q"], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 1, done.stderr
    assert "первый приказ 2027 года" in done.stderr and "--number 1-од или --number 93-од" in done.stderr


def test_a_number_used_this_year_is_refused(registry, tmp_path):
    before = registry.read_bytes()
    with pytest.raises(OutputError, match="«91-од» уже есть в журнале приказов за 2026 год: Приказы!A"):
        api.make(["order_intro"], registry, tmp_path / "out",
                 orders=api.OrderOptions(date=date(2026, 11, 23), number="91-од"))
    assert registry.read_bytes() == before


def test_buttons_refuse_an_unconfirmed_year_and_a_used_number(registry):
    settings = {"Шаблон": "order_intro", "Что формировать": "весь реестр", "Приказы": "новый номер в журнале"}
    request = {"action": "generate", "registry": str(registry), "settings": settings, "as_of": "2027-01-12"}
    answer = buttons.run({**request, "settings": {**settings, "Дата приказа": "12.01.2027"}})
    assert not answer["ok"] and "первый приказ 2027 года" in answer["summary"] and not answer["journal"]
    answer = buttons.run({**request, "settings": {**settings, "Номер приказа": "91-од",
                                                   "Дата приказа": "23.11.2026"}})
    assert not answer["ok"] and "«91-од» уже есть" in answer["summary"] and not answer["journal"]
    answer = buttons.run({**request, "settings": {**settings, "Номер приказа": "1-од",
                                                   "Дата приказа": "12.01.2027"}})
    assert answer["ok"], answer["summary"]
    cells = answer["journal"][0]["cells"]
    assert {"text": "1-од"} in cells.values() and {"date": "2027-01-12"} in cells.values()
