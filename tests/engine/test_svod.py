"""The district's report from many schools' registries (docgen.engine.svod, through api.svod).

Several school registries with known counts — the bundled school example read unchanged, three
schools of the example district, and a fourth with a broken date — and a district registry that
lists them. Every figure the report writes is checked against counts made here from the
workbooks with openpyxl (tests.helpers.sheet_rows), never with docgen's own reading.
"""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from docgen import api
from docgen.errors import RegistriesInvalid
from tests.helpers import (
    AS_OF_DATE,
    EXAMPLE,
    ROOT,
    docx_text,
    edited_copy,
    find_cell,
    flat,
    org_values,
    sheet_rows,
    years_on,
)

DISTRICT = ROOT / "examples" / "district"
SEVER = "МАОУ «СОШ № 7»"  # the bundled school example, listed in the test district as its eleventh school
COUNTED = ["school-001.xlsx", "school-002.xlsx", "school-003.xlsx"]


def _district(dst: Path) -> Path:
    """The example district's registry with the bundled school example added to «Школы»."""
    wb = openpyxl.load_workbook(DISTRICT / "registry.xlsx")
    ws = wb["Школы"]
    headers = [c.value for c in ws[1]]
    org = org_values(EXAMPLE)
    row = {"Код": "ЭР-011", "Полное наименование": org["Полное наименование"], "Сокращённое наименование": SEVER,
           "ИНН": str(org["ИНН"]), "Год включения в модель": 2025, "Директор": "Рыбакова Нина Петровна"}
    ws.append([row.get(h) for h in headers])
    wb.save(dst)
    return dst


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("svod")
    schools = tmp / "schools"
    schools.mkdir()
    shutil.copy(EXAMPLE, schools / "sever.xlsx")  # the school example's registry, unchanged
    for name in COUNTED:
        shutil.copy(DISTRICT / "schools" / name, schools / name)
    source = DISTRICT / "schools" / "school-004.xlsx"
    broken_cell = find_cell(source, "Наставляемые", "Дата рождения", 5)
    edited_copy(source, schools / "broken.xlsx", {("Наставляемые", broken_cell): "31.02.2012"})
    district = _district(tmp / "district.xlsx")
    return {"tmp": tmp, "schools": schools, "district": district, "broken_cell": broken_cell}


@pytest.fixture(scope="module")
def made(inputs) -> api.MakeResult:
    return api.svod(inputs["district"], [inputs["schools"]], inputs["tmp"] / "out", as_of=AS_OF_DATE)


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def expected(path: Path, on: date = AS_OF_DATE) -> dict[str, Any]:
    """What the district must count of one school, read here with openpyxl."""
    mentees, mentors = sheet_rows(path, "Наставляемые"), sheet_rows(path, "Наставники")
    pairs = sheet_rows(path, "Пары")

    def minor(r: dict[str, Any]) -> bool:
        born = _date(r.get("Дата рождения"))
        return born is not None and years_on(born, on) < 18

    people = mentees + mentors
    minors = [r for r in people if minor(r)]
    adults = [r for r in people if not minor(r)]
    consented = [r for r in people if r.get("Согласие получено") is not None]
    return {
        "mentors": len(mentors), "mentees": len(mentees), "pairs": len(pairs),
        "by_form": Counter(r["Форма наставничества"] for r in mentees),
        "by_category": Counter(r["Категория"] for r in mentors),
        "by_status": Counter(r["Статус"] for r in pairs),
        "minors": (sum(1 for r in minors if r in consented), len(minors)),
        "adults": (sum(1 for r in adults if r in consented), len(adults)),
        "short_name": org_values(path)["Сокращённое наименование"],
    }


def _table(book: Path, sheet: str) -> dict[str, dict[str, Any]]:
    """A sheet of the figures workbook as {organisation: {header: value}} (header on row 3)."""
    ws = openpyxl.load_workbook(book, read_only=True)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    headers = rows[2]
    return {r[1]: dict(zip(headers, r)) for r in rows[3:] if r and r[1]}


def _book(result: api.MakeResult, stem: str) -> Path:
    return next(p for p in result.attachments if p.name.startswith(stem))


def _counted_files(inputs) -> list[Path]:
    return [inputs["schools"] / "sever.xlsx", *(inputs["schools"] / n for n in COUNTED)]


def test_each_school_and_the_total_as_counted_from_the_workbooks(inputs, made):
    summary = _table(_book(made, "Сводные показатели"), "Сводка")
    forms = _table(_book(made, "Сводные показатели"), "Формы")
    categories = _table(_book(made, "Сводные показатели"), "Категории")
    statuses = _table(_book(made, "Сводные показатели"), "Пары")
    everyone = [expected(p) for p in _counted_files(inputs)]
    for exp in everyone:
        row = summary[exp["short_name"]]
        assert row["Реестр"] == "учтён"
        assert (row["Наставников"], row["Наставляемых"], row["Пар"]) == (exp["mentors"], exp["mentees"], exp["pairs"])
        assert (row["Согласий родителей несовершеннолетних получено"], row["Несовершеннолетних участников"]) \
            == exp["minors"]
        assert (row["Согласий совершеннолетних участников получено"], row["Совершеннолетних участников"]) \
            == exp["adults"]
        got_forms = {k: v for k, v in forms[exp["short_name"]].items() if k not in ("Код", "Организация", "Всего") and v}
        assert got_forms == dict(exp["by_form"])
        got_cats = {k: v for k, v in categories[exp["short_name"]].items()
                    if k not in ("Код", "Организация", "Всего") and v}
        assert got_cats == dict(exp["by_category"])
        got_states = {k: v for k, v in statuses[exp["short_name"]].items()
                      if k not in ("Код", "Организация", "Всего") and v}
        assert got_states == dict(exp["by_status"])
    total = summary["Итого по району"]
    assert total["Наставников"] == sum(e["mentors"] for e in everyone)
    assert total["Наставляемых"] == sum(e["mentees"] for e in everyone)
    assert total["Пар"] == sum(e["pairs"] for e in everyone)
    assert forms["Итого по району"]["Всего"] == sum(e["mentees"] for e in everyone)
    for form, n in sum((e["by_form"] for e in everyone), Counter()).items():
        assert forms["Итого по району"][form] == n
    assert made.counted == sorted(made.counted, key=[*summary].index)  # the district's order


def test_the_report_prints_the_same_figures(inputs, made):
    [report] = [p for p in made.files if p.suffix == ".docx"]
    text = flat(docx_text(report))
    everyone = [expected(p) for p in _counted_files(inputs)]
    mentors, mentees = sum(e["mentors"] for e in everyone), sum(e["mentees"] for e in everyone)
    assert f"участвуют {mentors} наставник" in text
    assert f"и {mentees} наставляем" in text
    for exp in everyone:
        assert f"{exp['short_name']} {exp['mentors']} {exp['mentees']} {exp['pairs']} " in text
    assert "Итого по району" in text and "7. Выводы" in text


def test_a_broken_registry_is_named_with_its_cell_and_skipped(inputs, made):
    assert set(made.broken) == {"broken.xlsx"}
    assert any(f"Наставляемые!{inputs['broken_cell']}" in line for line in made.broken["broken.xlsx"])
    summary = _table(_book(made, "Сводные показатели"), "Сводка")
    assert summary["МКОУ «Заречная СОШ»"]["Реестр"] == "с ошибками, не учтён"
    assert summary["МКОУ «Заречная СОШ»"].get("Наставников") is None
    problems = _table(_book(made, "Сводные показатели"), "Проблемы")  # {organisation: …} — file in column A
    assert any(inputs["broken_cell"] in str(r["Проблема"]) for r in problems.values())
    assert len(made.counted) == 4


def test_conclusions_follow_the_numbers(made):
    [report] = [p for p in made.files if p.suffix == ".docx"]
    text = flat(docx_text(report))
    assert "Реестры с ошибками не учтены: МКОУ «Заречная СОШ» (broken.xlsx)" in text
    # the district lists eight schools due in 2026 plus the example; two of them sent nothing
    assert "Не представили реестр: МКОУ «Берёзовская СОШ», МКОУ «Озёрная ООШ», МБОУ «Энская СОШ № 3», " \
           "МКОУ «Сосновская СОШ»." in text
    assert "Куратор внедрения целевой модели не назначен: МКОУ «Сосновская СОШ»." in text
    assert "Плановые значения показателей 2026 года достигнуты во всех учтённых организациях." in text


def test_codes_in_the_consolidated_register_are_unique_by_school(inputs, made):
    wb = openpyxl.load_workbook(_book(made, "Сводный реестр"), read_only=True)
    for sheet, source, key in (("Наставники", "Наставники", "mentors"), ("Наставляемые", "Наставляемые", "mentees")):
        rows = [r for r in wb[sheet].iter_rows(min_row=4, values_only=True) if r[0]]
        codes = [r[0] for r in rows]
        assert len(codes) == len(set(codes))
        assert len(rows) == sum(expected(p)[key] for p in _counted_files(inputs))
        own = [r[3] for r in rows]
        assert len(own) > len(set(own))  # the schools' own codes repeat: only the district's are unique
        sever = {r[3] for r in rows if r[2] == SEVER}
        assert sever == {r["Код"] for r in sheet_rows(EXAMPLE, source)}


def test_the_result_does_not_depend_on_the_order_files_are_read(inputs, made, tmp_path):
    files = sorted(inputs["schools"].iterdir(), reverse=True)
    again = api.svod(inputs["district"], files, tmp_path / "again", as_of=AS_OF_DATE)
    for first, second in zip(sorted(made.attachments), sorted(again.attachments)):
        assert first.read_bytes() == second.read_bytes(), first.name
    [a] = [p for p in made.files if p.suffix == ".docx"]
    [b] = [p for p in again.files if p.suffix == ".docx"]
    assert docx_text(a) == docx_text(b)
    assert again.broken.keys() == made.broken.keys() and again.counted == made.counted


def test_strict_stops_before_anything_is_written(inputs, tmp_path):
    with pytest.raises(RegistriesInvalid) as caught:
        api.svod(inputs["district"], [inputs["schools"]], tmp_path / "strict", as_of=AS_OF_DATE, strict=True)
    assert "broken.xlsx" in str(caught.value) and inputs["broken_cell"] in str(caught.value)
    assert not (tmp_path / "strict").exists()


def test_school_templates_are_refused_and_report_needs_schools(inputs, tmp_path):
    with pytest.raises(api.UsageError if hasattr(api, "UsageError") else Exception):
        api.svod(inputs["district"], [inputs["schools"]], tmp_path / "x", template_ids=["order_intro"],
                 as_of=AS_OF_DATE)
    with pytest.raises(Exception, match="docgen svod"):
        api.make(["district_monitoring_report"], inputs["district"], tmp_path / "y", as_of=AS_OF_DATE)
