"""The example registry of the built-in pack (examples/registry.xlsx): scripts/build_example.py
builds it deterministically, the checked-in copy is up to date, and its data is consistent."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from docgen.plugins.catalog import catalog
from docgen.workbook.blank import (
    DATE_FORMAT,
    INSTRUCTION_SHEET,
)
from tests.helpers import ROOT


@pytest.fixture(scope="module")
def schema():
    return catalog().registry_schema


def header_row(ws) -> list:
    return [c.value for c in ws[1]]


def table(ws, sheet) -> list[dict]:
    """Rows of a table sheet as dicts by field key (year columns by their header)."""
    headers = header_row(ws)
    keys = {f.header: f.key for f in sheet.fields}
    out = []
    for row in ws.iter_rows(min_row=2, values_only=True):
        if all(v is None for v in row):
            continue
        out.append({keys.get(h, h): v for h, v in zip(headers, row)})
    return out


def keyvalue(ws, sheet) -> dict:
    keys = {f.header: f.key for f in sheet.fields}
    return {keys[a]: b for a, b, *_ in ws.iter_rows(min_row=2, values_only=True) if a in keys}
BUILD_SCRIPT = ROOT / "scripts" / "build_example.py"
CHECKED_IN_EXAMPLE = ROOT / "examples" / "registry.xlsx"
REFERENCE_DATE = dt.date(2026, 11, 23)
SCHOOL_YEAR_START = dt.date(2026, 9, 1)
MENTOR_FORM_BY_CATEGORY = {
    "педагог": {"учитель – учитель"},
    "обучающийся": {"ученик – ученик"},
    "студент": {"студент – ученик"},
    "представитель работодателя": {"работодатель – ученик"},
    "выпускник": {"студент – ученик", "работодатель – ученик"},
}


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def as_date(value) -> dt.date:
    assert isinstance(value, (dt.date, dt.datetime)), value
    return value.date() if isinstance(value, dt.datetime) else value


def class_number(text: str) -> int:
    match = re.match(r"^(\d{1,2})\s*[-«]?\s*([А-ЯЁ])»?$", text)
    assert match, f"class {text!r} is not like 7 «А»"
    return int(match.group(1))


def all_values(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def build_example(out: Path) -> Path:
    result = subprocess.run([sys.executable, str(BUILD_SCRIPT), str(out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert out.is_file()
    return out


@pytest.fixture(scope="module")
def example_path(tmp_path_factory) -> Path:
    return build_example(tmp_path_factory.mktemp("example") / "registry.xlsx")


@pytest.fixture(scope="module")
def example(example_path):
    return openpyxl.load_workbook(example_path)


@pytest.fixture(scope="module")
def data(example, schema) -> dict:
    out = {}
    for sheet in schema.sheets:
        ws = example[sheet.name]
        out[sheet.key] = keyvalue(ws, sheet) if sheet.kind == "keyvalue" else table(ws, sheet)
    return out


def test_example_build_is_deterministic(example_path, tmp_path):
    again = build_example(tmp_path / "again.xlsx")
    first, second = all_values(example_path), all_values(again)
    assert list(first) == list(second)
    for name in first:
        assert first[name] == second[name], name
    assert example_path.read_bytes() == again.read_bytes(), "same bytes on every build"


def test_checked_in_example_is_up_to_date(example_path):
    if not CHECKED_IN_EXAMPLE.exists():
        pytest.skip("examples/registry.xlsx is not built yet")
    fresh, stored = all_values(example_path), all_values(CHECKED_IN_EXAMPLE)
    assert fresh == stored, "run: python scripts/build_example.py"


def test_example_keeps_the_schema_layout(example, schema):
    assert example.sheetnames == [INSTRUCTION_SHEET, "Генератор"] + [s.name for s in schema.sheets]
    for sheet in schema.sheets:
        ws = example[sheet.name]
        assert ws.freeze_panes == "A2"
        if sheet.kind == "table":
            headers = header_row(ws)
            assert headers[:len(sheet.fields)] == [f.header for f in sheet.fields], sheet.name
            extra = headers[len(sheet.fields):]
            if sheet.year_columns is not None:
                assert [str(h) for h in extra] == ["2025", "2026", "2027"]
            else:
                assert extra == [], sheet.name


def test_example_counts(data):
    mentees, mentors = data["mentees"], data["mentors"]
    assert len(mentees) >= 150
    classes = {class_number(m["school_class"]) for m in mentees if m["category"] == "обучающийся"}
    assert classes == set(range(5, 12))
    letters = {m["school_class"][-2] for m in mentees if m["school_class"]}
    assert letters == {"А", "Б", "В"}
    assert len(mentors) >= 40
    assert {m["category"] for m in mentors} == set(MENTOR_FORM_BY_CATEGORY)
    forms = {"ученик – ученик", "учитель – учитель", "студент – ученик", "работодатель – ученик"}
    assert {m["form"] for m in mentors} == forms
    assert len(data["roadmap"]) >= 25
    assert len({r["section"] for r in data["roadmap"]}) >= 5
    assert 20 <= len(data["staff"]) <= 30
    assert 4 <= len(data["partners"]) <= 5
    assert 6 <= len(data["working_group"]) <= 8


def test_example_codes_are_unique_text(data):
    for key, prefix in (("mentors", "Н-"), ("mentees", "У-")):
        codes = [r["code"] for r in data[key]]
        assert len(codes) == len(set(codes))
        assert all(isinstance(c, str) and re.fullmatch(prefix + r"\d{3}", c) for c in codes)
    staff = [r["fio"] for r in data["staff"]]
    assert len(staff) == len(set(staff))
    for row in data["staff"] + data["mentors"] + data["mentees"] + data["parents"]:
        assert len(row["fio"].split()) == 3, row["fio"]
        assert row["sex"] in ("м", "ж")
        assert row["fio"].endswith("ич" if row["sex"] == "м" else "на"), row["fio"]


def test_example_mentors_are_consistent(data):
    for m in data["mentors"]:
        assert m["form"] in MENTOR_FORM_BY_CATEGORY[m["category"]], m["code"]
        birth = as_date(m["birth_date"])
        if m["category"] == "обучающийся":
            assert 9 <= class_number(m["school_class"]) <= 11
            assert 15 <= age_on(birth, REFERENCE_DATE) <= 17, m["code"]
        elif m["category"] == "педагог":
            assert m["position"] and not m["workplace"]
        else:
            assert m["workplace"], m["code"]
        assert m["registry_date"] is not None
    without_consent = sum(m["consent_date"] is None for m in data["mentors"])
    assert 0 < without_consent <= len(data["mentors"]) * 0.2


def test_example_pupils_ages_match_their_classes(data):
    pupils = [m for m in data["mentees"] if m["category"] == "обучающийся"]
    ages = []
    for m in pupils:
        n = class_number(m["school_class"])
        age = age_on(as_date(m["birth_date"]), SCHOOL_YEAR_START)
        assert n + 5 <= age <= n + 7, (m["code"], n, age)
        ages.append(age_on(as_date(m["birth_date"]), REFERENCE_DATE))
        assert m["doc"], m["code"]
        if ages[-1] < 14:
            assert m["doc"].startswith("свидетельство о рождении"), m["code"]
    assert any(14 <= a <= 17 for a in ages) and any(10 <= a <= 13 for a in ages)
    assert any(a >= 18 for a in ages), "a few 11th-graders are already adults"
    consented = sum(m["consent_date"] is not None for m in data["mentees"])
    assert 0.55 <= consented / len(data["mentees"]) <= 0.85


def test_example_has_young_teachers(data):
    young = [m for m in data["mentees"] if m["category"] == "молодой педагог"]
    assert len(young) >= 8
    for m in young:
        assert 22 <= age_on(as_date(m["birth_date"]), REFERENCE_DATE) <= 27
        assert m["position"].startswith("учитель") and m["form"] == "учитель – учитель"
        assert not m["school_class"] and not m["doc"]
    assert any(m["category"] == "педагог" for m in data["mentees"])


def test_example_has_a_parent_for_every_minor_mentee(data):
    mentees = {m["code"]: m for m in data["mentees"]}
    with_parent = {p["child"] for p in data["parents"]}
    assert with_parent <= set(mentees) | {m["code"] for m in data["mentors"]}
    for code, m in mentees.items():
        if age_on(as_date(m["birth_date"]), REFERENCE_DATE) < 18:
            assert code in with_parent, code
    counts = {}
    for p in data["parents"]:
        counts[p["child"]] = counts.get(p["child"], 0) + 1
        if p.get("id_doc_kind") is None:  # a Russian passport (one parent has a foreign one)
            assert re.fullmatch(r"\d{4}", p["passport_series"]), p
            assert re.fullmatch(r"\d{6}", p["passport_number"]), p
        assert p["passport_issued_by"] and p["authority_doc"] and p["address"]
        assert isinstance(p["passport_date"], dt.datetime)
    assert any(n == 2 for n in counts.values()), "some children have both parents"
    relations = {p["relation"] for p in data["parents"]}
    assert {"мать", "отец"} <= relations and relations & {"опекун", "попечитель"}


def test_example_pairs_match_forms_and_cover_every_mentee(data):
    mentors = {m["code"]: m for m in data["mentors"]}
    mentees = {m["code"]: m for m in data["mentees"]}
    paired = set()
    for p in data["pairs"]:
        mentor, mentee = mentors[p["mentor"]], mentees[p["mentee"]]
        assert p["form"] == mentor["form"] == mentee["form"], p
        start, end = as_date(p["start"]), as_date(p["end"])
        assert dt.date(2025, 1, 1) <= start < end <= dt.date(2027, 12, 31), p
        if p["form"] == "ученик – ученик":
            assert class_number(mentor["school_class"]) > class_number(mentee["school_class"]), p
        paired.add(p["mentee"])
    for code, m in mentees.items():
        if m["category"] in ("обучающийся", "молодой педагог"):
            assert code in paired, code
    statuses = [p["status"] for p in data["pairs"]]
    assert statuses.count("действует") > len(statuses) / 2 and "завершена" in statuses
    per_mentor = {}
    for p in data["pairs"]:
        per_mentor[p["mentor"]] = per_mentor.get(p["mentor"], 0) + 1
    assert max(per_mentor.values()) >= 3, "some mentors lead groups"


def test_example_working_group_refers_to_staff(data):
    staff = {s["fio"]: s for s in data["staff"]}
    rows = data["working_group"]
    vacancies = [r for r in rows if not r["member"]]
    assert len(vacancies) == 1 and vacancies[0]["position"] == "педагог-психолог"
    assert not any(s["position"] == "педагог-психолог" for s in staff.values())
    for r in rows:
        if r["member"]:
            assert r["member"] in staff
        assert r["duties"]
    roles = [r["role"] for r in rows]
    assert roles.count("руководитель") == 1 and roles.count("секретарь") == 1


def test_example_organisation(data):
    org, staff = data["org"], {s["fio"] for s in data["staff"]}
    assert re.fullmatch(r"\d{10}", org["inn"]) and re.fullmatch(r"\d{13}", org["ogrn"])
    assert org["short_name"] == "МАОУ «СОШ № 7»"
    assert org["director"] in staff and org["curator"] in staff and org["tech_support"] in staff
    assert (org["period_start"], org["period_end"]) == (2025, 2027)
    assert org["basis_number"] == "112-од" and as_date(org["basis_date"]) == dt.date(2025, 8, 20)
    assert org["child_signs_from_age"] == 14
    assert org["website"].startswith("https://")
    for p in data["partners"]:
        assert re.fullmatch(r"\d{10}", p["inn"]) and re.fullmatch(r"\d{13}", p["ogrn"])
        assert p["representative"] and p["representative_sex"] in ("м", "ж")


def test_example_kpis_and_orders(data):
    kpis = data["kpis"]
    assert len(kpis) >= 5
    for k in kpis:
        values = [k["2025"], k["2026"], k["2027"]]
        assert all(isinstance(v, int) and 0 <= v <= 100 for v in values)
        assert values == sorted(values) and values[0] < values[-1]
        assert k["unit"] == "%" and k["formula"]
    intro = [o for o in data["orders"] if o["template"] == "order_intro"]
    assert len(intro) == 1
    assert intro[0]["number"] == "118-од" and as_date(intro[0]["date"]) == dt.date(2025, 9, 1)
    assert len(data["orders"]) >= 6


def test_example_cells_have_the_right_types(example, schema):
    for sheet in schema.sheets:
        if sheet.kind != "table":
            continue
        ws = example[sheet.name]
        for col, field in enumerate(sheet.fields, start=1):
            for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                if cell.value is None:
                    continue
                if field.type == "date":
                    assert cell.is_date and cell.number_format == DATE_FORMAT, cell.coordinate
                elif field.type in ("digits", "phone", "text", "school_class", "ref", "choice", "sex"):
                    assert isinstance(cell.value, str), (sheet.name, cell.coordinate)


def test_example_contains_text_that_must_print_literally(data):
    requests = [m["request"] for m in data["mentees"]]
    assert "Иванова & Петрова <Мария> {{ 7*7 }}" in requests
    for m in data["mentees"]:
        assert not set("&<>{}") & set(m["fio"])
