"""Every workbook docgen writes with openpyxl has its font properties in Excel's order
(docgen.workbook.save → docgen.ooxml.normalise.normalise_xlsx): openpyxl's own order
(``name``, ``family``, ``color``, ``sz``…) is one Microsoft's validator rejects."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from docgen import api
from docgen.output.manifest import ManifestRow, manifest_xlsx
from tests.ooxml.test_normalise import font_orders, in_excel_order

ROOT = Path(__file__).resolve().parents[2]


def _styles(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("xl/styles.xml")


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_docgen_init_writes_fonts_in_excel_order(tmp_path, suffix):
    path = api.init(tmp_path / f"реестр{suffix}")
    styles = _styles(path.read_bytes())
    assert len(font_orders(styles)) > 1 and in_excel_order(styles)


def test_the_example_registry_has_fonts_in_excel_order():
    """scripts/build_example.py saves through docgen.workbook.save too."""
    assert in_excel_order(_styles((ROOT / "examples" / "registry.xlsx").read_bytes()))


def test_the_inventory_has_fonts_in_excel_order():
    row = ManifestRow("Согласие", "документ", "Наставляемые!2", "Иванов", "a.docx", "0" * 64, 1)
    styles = _styles(manifest_xlsx([row], datetime(2026, 11, 23, 10, 0), source="r.xlsx", selection="все"))
    assert any("b" in names for names in font_orders(styles)) and in_excel_order(styles)
