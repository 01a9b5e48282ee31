"""Many schools' figures → the district's (docgen.district.svod): matching, totals, conclusions.

The schools' figures are made up here (no workbooks), so each conclusion can be forced: a school
below the plan, one without a curator, consents missing, a file of a school the district does
not list, two files of one school.
"""

from __future__ import annotations

import random

import pytest

from docgen.district.figures import Person, SchoolFigures, SchoolReading
from docgen.district.svod import BROKEN, COUNTED, DUPLICATE, MISSING, NOT_DUE, build_svod, svod_object
from docgen.engine.registries import read_registry
from docgen.plugins.catalog import DISTRICT, SCHOOL, catalog
from tests.helpers import AS_OF_DATE, ROOT

REGISTRY = ROOT / "examples" / "district" / "registry.xlsx"
INN = {"ЭР-001": "0012200290", "ЭР-002": "0012558939", "ЭР-003": "0012104205", "ЭР-004": "0012834716",
       "ЭР-007": "0012573729"}
METRIC = "наставляемые 10–18 лет"  # plan 15 % in 2026 in the example district


@pytest.fixture(scope="module")
def district():
    _, registry, problems = read_registry(REGISTRY, catalog(), DISTRICT, AS_OF_DATE)
    assert not [p for p in problems if not p.is_warning]
    return registry


def figures(inn: str, name: str, *, pupils: int, of: int, minors=(10, 10), curator: bool = True) -> SchoolFigures:
    return SchoolFigures(
        inn=inn, short_name=name, full_name=name, curator=Person("Иванова Анна Петровна", "ж") if curator else None,
        mentors=5, mentees=pupils, pairs=pupils, by_form={"ученик – ученик": pupils},
        by_category={"педагог": 5}, by_status={"действует": pupils}, consents_minors=minors,
        consents_adults=(5, 5), metrics={METRIC: (pupils, of)})


def reading(file: str, inn: str | None, name: str, **kw) -> SchoolReading:
    return SchoolReading(file, f"/x/{file}", figures=figures(inn or "", name, **kw), inn=inn, short_name=name)


def readings() -> list[SchoolReading]:
    return [
        reading("a.xlsx", INN["ЭР-001"], "МБОУ «Энская СОШ № 1»", pupils=30, of=100),
        reading("b.xlsx", INN["ЭР-002"], "МБОУ «Энская СОШ № 2»", pupils=10, of=100, minors=(7, 10)),  # below 15 %
        reading("c.xlsx", INN["ЭР-003"], "МБОУ «Энская гимназия»", pupils=20, of=100, curator=False),
        SchoolReading("d.xlsx", "/x/d.xlsx", error="файл повреждён.", inn=INN["ЭР-004"],
                      short_name="МКОУ «Заречная СОШ»"),
        reading("e1.xlsx", INN["ЭР-007"], "МБОУ «Энская СОШ № 3»", pupils=20, of=100),
        reading("e2.xlsx", INN["ЭР-007"], "МБОУ «Энская СОШ № 3»", pupils=20, of=100),
        reading("f.xlsx", "0012345678", "МБОУ «Чужая СОШ»", pupils=20, of=100),
        # no ИНН in the district's list for «Озёрная ООШ»: matched by short name
        reading("g.xlsx", None, "МКОУ «Озёрная ООШ»", pupils=16, of=100),
    ]


def test_statuses_by_inn_and_by_short_name(district):
    svod = build_svod(district, readings(), catalog().registry_schema_of(SCHOOL))
    status = {s.short_name: s.status for s in svod.schools}
    assert status["МБОУ «Энская СОШ № 1»"] == COUNTED
    assert status["МКОУ «Озёрная ООШ»"] == COUNTED
    assert status["МКОУ «Заречная СОШ»"] == BROKEN
    assert status["МБОУ «Энская СОШ № 3»"] == DUPLICATE
    assert status["МКОУ «Сосновская СОШ»"] == MISSING
    assert status["МБОУ «Энский лицей»"] == NOT_DUE  # joins in 2027
    assert [r.file for r, _ in svod.unmatched] == ["f.xlsx"]


def test_totals_are_sums_of_the_counted(district):
    svod = build_svod(district, readings(), catalog().registry_schema_of(SCHOOL))
    assert svod.total("mentees") == 30 + 10 + 20 + 16
    assert svod.metric(METRIC) == (76, 400)
    total = svod_object(svod).total
    assert [x.n for x in total.by_form if x.label == "ученик – ученик"] == [76]


def test_conclusions_name_schools_below_plan_without_curator_and_consents(district):
    text = " ".join(build_svod(district, readings(), catalog().registry_schema_of(SCHOOL)).conclusions)
    assert "Ниже планового значения (15,0\u00a0%) — МБОУ «Энская СОШ № 2» (10,0\u00a0%)." in text
    # the gymnasium's registry names no curator, but the district's list does: it has one
    assert "Куратор внедрения целевой модели не назначен: МКОУ «Сосновская СОШ»." in text
    assert "МБОУ «Энская СОШ № 2» (3 из 10 — от родителей несовершеннолетних)" in text
    assert "Не учтены реестры организаций, которых нет в перечне района: f.xlsx (МБОУ «Чужая СОШ»)." in text
    assert "несколько реестров одной организации" in text and "e1.xlsx, e2.xlsx" in text


def test_order_of_readings_changes_nothing(district):
    schema = catalog().registry_schema_of(SCHOOL)
    first = build_svod(district, readings(), schema)
    for seed in range(5):
        shuffled = readings()
        random.Random(seed).shuffle(shuffled)
        again = build_svod(district, shuffled, schema)
        assert again.conclusions == first.conclusions
        assert [(s.short_name, s.status, s.files) for s in again.schools] == \
               [(s.short_name, s.status, s.files) for s in first.schools]
