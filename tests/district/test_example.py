"""The example district (examples/district/): what scripts/build_district_example.py makes, and sound.

The committed workbooks are the script's output (so a schema change that needs a rebuild is
caught); the district's registry and every school's registry have no errors; the district has
8–15 schools, most of them with a registry, and the schools' registries are read as they are."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import openpyxl
import pytest

from docgen import api
from tests.helpers import AS_OF_DATE, ROOT, sheet_rows

pytestmark = pytest.mark.slow  # rebuilds the example district: ~4 s (the fast command stays under a minute; CI runs it)

EXAMPLE = ROOT / "examples" / "district"


def _script():
    spec = importlib.util.spec_from_file_location("build_district_example", ROOT / "scripts" / "build_district_example.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _values(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("district")
    _script().build(out)
    return out


def test_committed_example_is_what_the_script_makes(fresh):
    made = sorted(p.relative_to(fresh) for p in fresh.rglob("*.xlsx"))
    assert made == sorted(p.relative_to(EXAMPLE) for p in EXAMPLE.rglob("*.xlsx"))
    for rel in made:
        assert _values(fresh / rel) == _values(EXAMPLE / rel), f"run: python scripts/build_district_example.py ({rel})"


def test_the_district_has_8_to_15_schools_and_every_registry_is_clean():
    schools = sheet_rows(EXAMPLE / "registry.xlsx", "Школы")
    assert 8 <= len(schools) <= 15
    assert not [p for p in api.check(EXAMPLE / "registry.xlsx", as_of=AS_OF_DATE) if not p.is_warning]
    registries = sorted((EXAMPLE / "schools").glob("*.xlsx"))
    assert len(registries) >= len(schools) // 2
    for path in registries:
        assert not [p for p in api.check(path, as_of=AS_OF_DATE) if not p.is_warning], path.name
