"""The monitoring report converted by real LibreOffice: every number in its PDF text counted again
here, by hand, from the workbook read with openpyxl (not with docgen)."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from docgen import api
from docgen.ru import age_on
from tests.helpers import EXAMPLE, soffice_pdf_texts

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes

AS_OF = date(2026, 11, 23)


def _sheet(name: str) -> list[dict]:
    ws = openpyxl.load_workbook(EXAMPLE, read_only=True, data_only=True)[name]
    rows = ws.iter_rows(values_only=True)
    header = [h for h in next(rows)]
    return [dict(zip(header, r)) for r in rows if any(v is not None for v in r)]


def _org() -> dict:
    ws = openpyxl.load_workbook(EXAMPLE, read_only=True, data_only=True)["Организация"]
    return {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}


def _pct(n: int, total: int) -> str:
    return f"{round(100 * n / total, 1)}".replace(".", ",")


def _age(birth) -> int:
    return age_on(birth.date() if isinstance(birth, datetime) else birth, AS_OF)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    result = api.make(["monitoring_report"], EXAMPLE, out, as_of=AS_OF)
    [path] = result.files
    return path


def test_numbers_match_a_count_by_hand(report):
    text = " ".join(soffice_pdf_texts([report])[report].split())
    mentees, mentors, pairs, org = _sheet("Наставляемые"), _sheet("Наставники"), _sheet("Пары"), _org()
    assert f"{len(mentors)} наставник" in text and f"{len(mentees)} наставляем" in text
    forms = {}
    for m in mentees:
        forms[m["Форма наставничества"]] = forms.get(m["Форма наставничества"], 0) + 1
    for form, n in forms.items():
        assert f"«{form}» {n} {_pct(n, len(mentees))} %" in text, form
    statuses = {}
    for p in pairs:
        statuses[p["Статус"]] = statuses.get(p["Статус"], 0) + 1
    for status, n in statuses.items():
        assert f"{status.capitalize()} {n} {_pct(n, len(pairs))} %" in text, status
    minors = [m for m in mentees if _age(m["Дата рождения"]) < 18]
    returned = sum(1 for m in minors if m["Согласие получено"])
    assert f"Несовершеннолетние {len(minors)} {returned} {_pct(returned, len(minors))} %" in text  # the first row
    pupils_10_18 = sum(1 for m in mentees if m["Категория"] == "обучающийся" and 10 <= _age(m["Дата рождения"]) <= 18)
    total = org["Обучающихся 10–18 лет"]
    assert f"{_pct(pupils_10_18, total)} {pupils_10_18} из {total}" in text
    assert "Показатели эффективности: план и факт на 2026 год" in text
    for bad in ("{{", "{%", "None", "«»"):
        assert bad not in text
