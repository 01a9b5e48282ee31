"""The district's workbooks (docgen.output.district): the same data gives the same bytes, a name
that starts with «=» stays text, codes are the district's, the skipped files' problems are listed."""

from __future__ import annotations

import io
from datetime import date

import openpyxl

from docgen.district.figures import RegisterRow, SchoolReading
from docgen.district.svod import build_svod
from docgen.engine.registries import read_registry
from docgen.output.district import figures_xlsx, register_xlsx
from docgen.plugins.catalog import SCHOOL, catalog
from tests.district.test_svod import INN, figures  # the made-up schools' figures
from tests.helpers import AS_OF_DATE, ROOT

REGISTRY = ROOT / "examples" / "district" / "registry.xlsx"


def _svod():
    _, district, _ = read_registry(REGISTRY, catalog(), "district", AS_OF_DATE)
    first = figures(INN["ЭР-001"], "МБОУ «Энская СОШ № 1»", pupils=2, of=10)
    first.mentee_rows = [RegisterRow("У-001", "=HYPERLINK(\"x\")", "обучающийся", "ученик – ученик", "5 А",
                                     date(2026, 9, 1)),
                         RegisterRow("У-002", "Иванова Анна", "обучающийся", "ученик – ученик", "5 А", None)]
    readings = [SchoolReading("a.xlsx", "/x/a.xlsx", figures=first, inn=INN["ЭР-001"], short_name="МБОУ «Энская СОШ № 1»"),
                SchoolReading("b.xlsx", "/x/b.xlsx", error="Наставляемые!D5: дата не распознана.")]
    return build_svod(district, readings, catalog().registry_schema_of(SCHOOL))


def test_same_data_same_bytes_and_formulas_stay_text():
    svod = _svod()
    assert register_xlsx(svod, "Энский район") == register_xlsx(svod, "Энский район")
    assert figures_xlsx(svod, "Энский район") == figures_xlsx(svod, "Энский район")
    ws = openpyxl.load_workbook(io.BytesIO(register_xlsx(svod, "Энский район")))["Наставляемые"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4) if r[0].value]
    assert [r[0] for r in rows] == ["ЭР-001/У-001", "ЭР-001/У-002"]
    cell = next(c for c in ws[4] if c.value == '=HYPERLINK("x")')
    assert cell.data_type == "s"


def test_problems_sheet_lists_the_skipped_file_with_its_cell():
    ws = openpyxl.load_workbook(io.BytesIO(figures_xlsx(_svod(), "Энский район")))["Проблемы"]
    lines = [" ".join(str(v) for v in r if v) for r in ws.iter_rows(min_row=4, values_only=True)]
    assert any("b.xlsx" in line and "Наставляемые!D5" in line for line in lines)
