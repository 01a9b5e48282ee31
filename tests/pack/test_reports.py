"""The monitoring report: its chart part carries the plan and fact values counted by hand from
the workbook read with openpyxl (every number of its PDF text: tests/acceptance/pack/test_reports.py)."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from docgen import api
from docgen.ru import age_on
from tests.helpers import EXAMPLE

AS_OF = date(2026, 11, 23)


def _sheet(name: str) -> list[dict]:
    ws = openpyxl.load_workbook(EXAMPLE, read_only=True, data_only=True)[name]
    rows = ws.iter_rows(values_only=True)
    header = [h for h in next(rows)]
    return [dict(zip(header, r)) for r in rows if any(v is not None for v in r)]


def _org() -> dict:
    ws = openpyxl.load_workbook(EXAMPLE, read_only=True, data_only=True)["Организация"]
    return {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}


def _age(birth) -> int:
    return age_on(birth.date() if isinstance(birth, datetime) else birth, AS_OF)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    result = api.make(["monitoring_report"], EXAMPLE, out, as_of=AS_OF)
    [path] = result.files
    return path


def test_chart_part_holds_plan_and_fact(report):
    with zipfile.ZipFile(report) as zf:
        chart = zf.read("word/charts/chart1.xml").decode("utf-8")
        rels = zf.read("word/_rels/document.xml.rels").decode("utf-8")
        types = zf.read("[Content_Types].xml").decode("utf-8")
    assert "charts/chart1.xml" in rels and "drawingml.chart+xml" in types
    assert "{{" not in chart and "{%" not in chart
    values = re.findall(r"<c:numCache>.*?</c:numCache>", chart, re.S)
    plan, fact = ([float(v) for v in re.findall(r"<c:v>([^<]+)</c:v>", block)] for block in values)
    kpis = [k for k in _sheet("Показатели") if k["Расчёт по реестру"]]
    assert plan == [float(k["2026"]) for k in kpis]
    mentees = _sheet("Наставляемые")
    pupils = sum(1 for m in mentees if m["Категория"] == "обучающийся" and 10 <= _age(m["Дата рождения"]) <= 18)
    assert fact[0] == round(100 * pupils / _org()["Обучающихся 10–18 лет"], 1)
    assert re.findall(r"<c:v>(Показатель \d)</c:v>", chart)[:len(kpis)] == [f"Показатель {i + 1}" for i in range(len(kpis))]
