"""`docgen init` in every format it offers: .xlsx, .xlsm and .ods (made through LibreOffice)."""

from __future__ import annotations

import pytest

from docgen.workbook import generator as layout

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes


def test_init_writes_ods_and_xlsm_that_docgen_reads(tmp_path):
    """Each format `docgen init` offers opens as a registry with the same sheets."""
    from docgen import api
    from docgen.workbook.reader import read_workbook

    names = {}
    for suffix in (".xlsx", ".xlsm", ".ods"):
        path = api.init(tmp_path / f"реестр{suffix}")
        names[suffix] = [s.name for s in read_workbook(path)]
        problems = api.check(path)
        assert problems and all(p.sheet != layout.GENERATOR_SHEET for p in problems)  # empty, but readable
    assert names[".xlsx"] == names[".xlsm"] == names[".ods"]
    assert layout.GENERATOR_SHEET in names[".ods"]
    with pytest.raises(Exception, match="уже существует"):
        api.init(tmp_path / "реестр.ods")
