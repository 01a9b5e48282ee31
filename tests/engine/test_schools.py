"""Reading many schools' registries (docgen.engine.schools): which files, in parallel, each on its own."""

from __future__ import annotations

import shutil

import pytest

from docgen.engine.schools import collect_registries, read_schools
from docgen.errors import UsageError
from docgen.plugins.catalog import SCHOOL, catalog
from tests.helpers import AS_OF_DATE, ROOT

SCHOOLS = ROOT / "examples" / "district" / "schools"
DISTRICT = ROOT / "examples" / "district" / "registry.xlsx"


def test_a_folder_means_its_registries_without_lock_files_and_the_district(tmp_path):
    for name in ("b.xlsx", "a.ods", "~$b.xlsx", ".~lock.a.ods#", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    shutil.copy(DISTRICT, tmp_path / "district.xlsx")
    found = collect_registries([tmp_path, tmp_path / "b.xlsx"], exclude=[tmp_path / "district.xlsx"])
    assert [p.name for p in found] == ["a.ods", "b.xlsx"]
    with pytest.raises(UsageError, match="не найдены"):
        collect_registries([tmp_path / "missing"])


def test_parallel_and_sequential_readings_are_the_same_in_the_same_order():
    paths = sorted(SCHOOLS.glob("*.xlsx"))[:4]
    schema = catalog().registry_schema_of(SCHOOL)
    one = read_schools(paths, schema, AS_OF_DATE, workers=1)
    two = read_schools(paths, schema, AS_OF_DATE, workers=2)
    assert [r.file for r in two] == [p.name for p in paths]
    assert [(r.file, r.figures) for r in one] == [(r.file, r.figures) for r in two]
    assert all(not r.broken for r in two)


def test_a_district_registry_or_a_damaged_file_is_a_broken_reading_not_a_stop(tmp_path):
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"not a workbook")
    paths = [DISTRICT, damaged, SCHOOLS / "school-001.xlsx"]
    found = read_schools(paths, catalog().registry_schema_of(SCHOOL), AS_OF_DATE, kind_of=catalog().detect_kind,
                         workers=2)
    assert [r.broken for r in found] == [True, True, False]
    assert "реестр района" in found[0].messages()[0]
    assert found[1].messages()
