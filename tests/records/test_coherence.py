"""Rules across sheets (issue 15): the variant of the orders from the journal, the warnings
`docgen check` gives about the journal and the councils, the roadmap's dates."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl

from tests.helpers import AS_OF, EXAMPLE, ROOT, check_split


def _copy(tmp_path, edit):
    wb = openpyxl.load_workbook(EXAMPLE)
    edit(wb)
    path = tmp_path / "r.xlsx"
    wb.save(path)
    return path


def _org(wb, parameter, value):
    for row in wb["Организация"].iter_rows(min_col=1, max_col=2):
        if row[0].value == parameter:
            row[1].value = value


def _check_json(path):
    out = subprocess.run([sys.executable, "-m", "docgen", "check", str(path), "--json", "--as-of", AS_OF],
                         capture_output=True, text=True, cwd=ROOT)
    return out.returncode, json.loads(out.stdout)


def test_single_order_with_separate_orders_in_the_journal_is_a_warning_not_an_error(tmp_path):
    path = _copy(tmp_path, lambda wb: _org(wb, "Приказы о внедрении ЦМН", "единый приказ"))
    code, found = _check_json(path)
    assert code == 0
    warnings = [p for p in found if p["severity"] == "warning"]
    assert len(warnings) == 3  # 119-од, 120-од, 125-од
    assert all(p["sheet"] == "Приказы" and "выбрано «единый приказ»" in p["message"] for p in warnings)
    assert {p["value"] for p in warnings} == {"order_working_group", "order_curator", "order_roadmap"}


def test_separate_order_dated_before_the_intro_is_a_warning(tmp_path):
    def edit(wb):
        ws = wb["Приказы"]
        head = [c.value for c in ws[1]]
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, head.index("Шаблон") + 1).value == "order_curator":
                ws.cell(r, head.index("Дата") + 1).value = ws.cell(r, head.index("Дата") + 1).value.replace(day=1, month=8)
    problems, warnings = check_split(_copy(tmp_path, edit), as_of=None)
    assert not problems
    assert [w.message for w in warnings if "раньше приказа о внедрении № 118-од" in w.message]


def test_councils_missing_is_a_warning_on_organisation(tmp_path):
    def edit(wb):
        _org(wb, "Положение — номер протокола совета обучающихся", None)
        _org(wb, "Положение — номер протокола совета родителей", None)
    problems, warnings = check_split(_copy(tmp_path, edit))
    assert not problems
    assert [w for w in warnings if w.sheet == "Организация" and "ч. 3 ст. 30" in w.message and w.cell]
    _, clean = check_split(EXAMPLE)
    assert clean == []


def test_roadmap_event_without_deadline_and_end_is_an_error(tmp_path):
    def edit(wb):
        ws = wb["Дорожная карта"]
        head = [c.value for c in ws[1]]
        ws.cell(2, head.index("Срок") + 1).value = None
        ws.cell(2, head.index("Дата окончания") + 1).value = None
    problems, _ = check_split(_copy(tmp_path, edit))
    assert [p.place for p in problems] == ["Дорожная карта!C2"]
    assert "«Срок»" in problems[0].message and "«Дата окончания»" in problems[0].message
