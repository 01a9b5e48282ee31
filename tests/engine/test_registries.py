"""A registry of the kind the templates need (docgen.engine.registries), and a district's order
journal kept by the same code as a school's."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from docgen import api
from docgen.engine.registries import read_registry
from docgen.errors import RegistryError
from docgen.plugins.catalog import DISTRICT, SCHOOL, catalog
from tests.helpers import AS_OF_DATE, EXAMPLE, ROOT, sheet_rows

DISTRICT_REGISTRY = ROOT / "examples" / "district" / "registry.xlsx"


def test_the_kind_comes_from_the_sheets_or_is_refused_in_one_sentence():
    assert read_registry(DISTRICT_REGISTRY, catalog(), None, AS_OF_DATE)[0] == DISTRICT
    assert read_registry(EXAMPLE, catalog(), None, AS_OF_DATE)[0] == SCHOOL
    with pytest.raises(RegistryError, match="реестр района, а эти шаблоны делаются из реестра школы"):
        read_registry(DISTRICT_REGISTRY, catalog(), SCHOOL, AS_OF_DATE)


def test_a_district_order_is_numbered_and_written_into_the_district_journal(tmp_path):
    registry = tmp_path / "район.xlsx"
    shutil.copy(DISTRICT_REGISTRY, registry)
    before = sheet_rows(registry, "Приказы")
    made = api.make(["district_order_coordinator"], registry, tmp_path / "out", as_of=AS_OF_DATE,
                    orders=api.OrderOptions(date=date(2025, 9, 1)), outputs=api.Outputs(manifest=False))
    after = sheet_rows(registry, "Приказы")
    assert len(after) == len(before) + 1
    row = after[-1]
    assert (row["Номер"], row["Шаблон"], row["Подписал"]) == ("59-од", "district_order_coordinator", "Л.А. Ковалёва")
    assert made.registered and "№ 59-од от 01.09.2025" in made.registered[0]
    [doc] = made.files
    assert doc.name.startswith("Приказ № 59-од от 01.09.2025")
