"""docgen.workbook.generator: the «Генератор» sheet of new registries and of the example."""

from __future__ import annotations

import openpyxl

from docgen.workbook import generator as layout
from tests.helpers import EXAMPLE


def test_generator_sheet_in_new_registries(tmp_path):
    from docgen import api

    path = api.init(tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(path)[layout.GENERATOR_SHEET]
    labels = [ws.cell(layout.SETTINGS_ROW + i, 1).value for i in range(len(layout.SETTINGS))]
    assert labels == [label for _, label in layout.SETTINGS]
    assert ws.cell(layout.SETTINGS_ROW, 2).value.startswith("consent_parent — ")
    formulas = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert formulas[f"B{layout.SETTINGS_ROW}"].startswith("$H$")
    assert "весь реестр" in formulas[f"B{layout.SETTINGS_ROW + 1}"]
    example = openpyxl.load_workbook(EXAMPLE)
    assert layout.GENERATOR_SHEET in example.sheetnames
