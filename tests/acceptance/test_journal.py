"""The order journal with real processes: two docgen runs at once get distinct consecutive
numbers; LibreOffice opens a journal docgen wrote, and docgen writes into a workbook
LibreOffice saved."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from tests.helpers import ROOT
from tests.journal.support import (
    D1,
    D2,
    EXAMPLE,
    SHEET_PART,
    add_two,
    assert_only_changed,
    example,
    make_xlsm,
    members,
    orders_sheet,
    raw_members,
)

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes

CHILD = """
import json, sys, time
from datetime import date
from docgen.plugins import catalog as packs
from docgen.plugins.catalog import catalog
from docgen.journal.session import Journal

path, start_at, tag = sys.argv[1], float(sys.argv[2]), sys.argv[3]
while time.time() < start_at:
    time.sleep(0.002)
with Journal(path, catalog().registry_schema.sheet("orders")) as j:
    number = j.next_number(date(2025, 9, 10))
    time.sleep(0.4)  # a document is being rendered meanwhile
    place = j.add(number=number, on=date(2025, 9, 10), template="order_intro", title=tag, signed_by="", file="")
    j.commit()
print(json.dumps([number, place, tag]))
"""


def test_two_processes_at_once_get_distinct_consecutive_numbers(tmp_path):
    path = example(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start_at = time.time() + 3
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(start_at), tag], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for tag in ("first", "second")]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    assert sorted(r[0] for r in results) == ["119-од", "120-од"]
    assert {r[1] for r in results} == {"Приказы!A9", "Приказы!A10"}
    ws = orders_sheet(path)
    got = {ws[f"A{r}"].value: ws[f"D{r}"].value for r in (9, 10)}
    assert got == {r[0]: r[2] for r in results}
    assert ws.max_row == 10


def soffice_csv(path: Path, sheet_number: int, tmp_path: Path) -> list[list[str]]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is required for this test"
    out = tmp_path / "csv"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
                    "--convert-to", f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,"
                    f"{sheet_number}", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=300)
    [csv] = list(out.glob("*.csv"))
    import csv as _csv
    return list(_csv.reader(csv.read_text(encoding="utf-8").splitlines()))


def test_libreoffice_opens_the_result(tmp_path):
    path = example(tmp_path, "registry.xlsm")
    make_xlsm(path)
    add_two(path)
    rows = soffice_csv(path, openpyxl.load_workbook(path, read_only=True).sheetnames.index("Приказы") + 1, tmp_path)
    assert rows[0][:2] == ["Номер", "Дата"]
    assert [r[0] for r in rows[8:10]] == ["119-од", "120-од"]
    # The new dates look exactly like the one above (same style), whatever the locale shows.
    shown_118 = rows[7][1]
    pattern = next(p for p in ("%m/%d/%Y", "%d.%m.%Y", "%Y-%m-%d") if date(2025, 9, 1).strftime(p) == shown_118)
    assert rows[8][1] == D1.strftime(pattern) and rows[9][1] == D2.strftime(pattern)
    assert rows[8][3] == "О первом"


def test_workbook_saved_by_libreoffice(tmp_path):
    """LibreOffice writes shared strings, data descriptors and its own styles: all kept."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "lo"), str(EXAMPLE)],
                   check=True, capture_output=True, timeout=300)
    path = tmp_path / "lo" / EXAMPLE.name
    before, raw_before = members(path), raw_members(path)
    assert "xl/sharedStrings.xml" in before
    add_two(path)
    assert_only_changed(before, members(path), {SHEET_PART})
    assert [r for r in raw_before if r[0] != SHEET_PART] == [r for r in raw_members(path) if r[0] != SHEET_PART]
    ws = orders_sheet(path)
    assert ws["A10"].value == "120-од" and ws["B10"].value.date() == D2
    assert ws["B10"].number_format == ws["B8"].number_format
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Приказы").to_python()
    assert rows[9][:2] == ["120-од", D2]
