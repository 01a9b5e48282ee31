"""The KPI plan has one column per year of «Показатели» (seed 000), keeps its width whatever
the number of years, and names no software (issue 15, §5.4 and §4.4)."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import openpyxl
import pytest
from lxml import etree

from docgen import api
from tests.helpers import EXAMPLE, docx_text, flat, soffice_pdf_texts

AS_OF = date(2026, 11, 23)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_WIDTH = 257  # mm: A4 landscape, margins 30 and 10 mm


def with_years(tmp_path, extra: list[str]):
    """The example with more year columns on «Показатели» (values 1, 2, 3… per row)."""
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Показатели"]
    first = ws.max_column + 1
    for i, year in enumerate(extra):
        ws.cell(1, first + i, int(year))
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, 1).value:
                ws.cell(r, first + i, 30 + i)
    path = tmp_path / f"kpi{len(extra)}.xlsx"
    wb.save(path)
    return path


def _years(registry) -> list[str]:
    ws = openpyxl.load_workbook(registry, read_only=True)["Показатели"]
    head = next(ws.iter_rows(values_only=True))
    return [str(h) for h in head if re.fullmatch(r"20\d\d", str(h))]


def _grid_mm(path) -> list[float]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    cols = root.find(f".//{W}tbl/{W}tblGrid").findall(f"{W}gridCol")
    return [int(c.get(f"{W}w")) / 1440 * 25.4 for c in cols]


def _make(registry, tmp_path):
    return api.make(["kpi_plan"], registry, tmp_path / "out", as_of=AS_OF).files[0]


@pytest.mark.parametrize("extra", [[], ["2028", "2029", "2030"]])
def test_one_column_per_year_and_the_table_keeps_its_width(extra, tmp_path):
    registry = with_years(tmp_path, extra) if extra else EXAMPLE
    years = _years(registry)
    path = _make(registry, tmp_path)
    grid = _grid_mm(path)
    assert len(grid) == 4 + len(years)  # №, name, unit, years…, fact
    assert abs(sum(grid) - TEXT_WIDTH) < 1 and grid[0] < 15 and all(15 < w < 30 for w in grid[3:3 + len(years)])
    text = flat(docx_text(path))
    for year in years:
        assert f"{year}\u00a0г." in text or f"{year} г." in text
    numbers = " ".join(str(i) for i in range(1, 5 + len(years)))
    assert numbers in text  # the row of column numbers under the header
    assert "docgen" not in text.lower()


def test_no_software_named_anywhere_in_the_plan(tmp_path):
    path = _make(EXAMPLE, tmp_path)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            assert b"docgen" not in z.read(name).lower(), name


@pytest.mark.slow
def test_six_years_fit_the_page_in_libreoffice(tmp_path):
    registry = with_years(tmp_path, ["2028", "2029", "2030"])
    path = _make(registry, tmp_path)
    text = flat(soffice_pdf_texts([path])[path])
    for year in _years(registry):
        assert f"{year} г." in text
    assert "Факт на" in text and "(165 из 640)" in text  # the last column is on the page
    ws = openpyxl.load_workbook(registry, read_only=True)["Показатели"]
    words = set(re.findall(r"\w+", text))
    for row in ws.iter_rows(min_row=2, values_only=True):
        if row[0]:  # nothing cut: every word of every name is printed (the layout interleaves columns)
            assert set(re.findall(r"\w+", row[0])) <= words, row[0]
