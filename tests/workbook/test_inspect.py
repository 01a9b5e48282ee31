"""A number no date can be, in a cell formatted as a date: calamine would panic (a Rust panic is
a BaseException, past every ``except Exception``); docgen names the cell instead (the CLI in-process;
``capfd`` sees what the Rust side would print)."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from docgen import api
from docgen.errors import RegistryError
from tests.helpers import EXAMPLE, find_cell, run_cli


@pytest.mark.parametrize("value", [-1e12, 5e15, -123456789012345])
def test_a_huge_number_in_a_date_cell_is_named_not_a_panic(tmp_path, value, capfd):
    wb = openpyxl.load_workbook(EXAMPLE)
    cell = find_cell(EXAMPLE, "Наставляемые", "Дата рождения", 5)
    wb["Наставляемые"][cell].value = value
    wb["Наставляемые"][cell].number_format = "DD.MM.YYYY"
    wb.save(tmp_path / "r.xlsx")
    with pytest.raises(RegistryError, match=f"Наставляемые!{cell}.*с форматом даты число"):
        api.check(tmp_path / "r.xlsx", as_of=date(2026, 11, 23))
    done = run_cli("check", str(tmp_path / "r.xlsx"))
    assert done.returncode == 1
    panic = capfd.readouterr().err  # a Rust panic is printed to the process's stderr, past sys.stderr
    assert "panicked" not in done.stderr + panic and "Traceback" not in done.stderr
    assert f"Наставляемые!{cell}" in done.stderr


def test_a_big_number_that_is_not_a_date_is_left_alone(tmp_path):
    wb = openpyxl.load_workbook(EXAMPLE)
    cell = find_cell(EXAMPLE, "Наставляемые", "ФИО", 5)
    wb["Наставляемые"].cell(row=5, column=40).value = 123456789012345  # a plain number, far right
    wb.save(tmp_path / "r.xlsx")
    api.check(tmp_path / "r.xlsx", as_of=date(2026, 11, 23))  # no exception: nothing to refuse
    assert cell
