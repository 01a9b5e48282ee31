"""The monitoring report converted by real LibreOffice: every number in its PDF text counted again
here, by hand, from the workbook read with openpyxl (not with docgen)."""

from __future__ import annotations

import pytest

from tests.helpers import soffice_pdf_texts

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes

# the documents and helpers of the fast tests of the same documents (one definition each)
from tests.pack.test_reports import AS_OF, _age, _org, _sheet, report  # noqa: E402, F401


def _pct(n: int, total: int) -> str:
    return f"{round(100 * n / total, 1)}".replace(".", ",")


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
