"""The roadmap has «Показатели эффективности» and the start and end dates the registry holds
(seeds 003, 004; issue 15, §5.5), in the roadmap itself and in the order's appendix."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest
from docx import Document

from docgen import api
from tests.helpers import EXAMPLE

AS_OF = date(2026, 11, 23)


def _events() -> list[dict]:
    rows = list(openpyxl.load_workbook(EXAMPLE, read_only=True)["Дорожная карта"].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if r[1]]


def _num(d) -> str:
    return d.strftime("%d.%m.%Y")


@pytest.mark.parametrize("tid", ["roadmap", "order_roadmap"])
def test_every_event_has_its_indicator_and_dates(tid, tmp_path):
    path = api.make([tid], EXAMPLE, tmp_path, as_of=AS_OF, orders=api.OrderOptions(register=False)).files[0]
    table = Document(str(path)).tables[-1]
    header = [c.text for c in table.rows[0].cells]
    assert header[2] == "Сроки" and header[5] == "Показатели эффективности"
    rows = [[c.text for c in r.cells] for r in table.rows if re.fullmatch(r"\d+\.\d+", r.cells[0].text.strip())]
    events = _events()
    assert len(rows) == len(events)
    end_only = 0
    for row, e in zip(rows, events):
        assert row[1] == e["Мероприятие"]
        assert row[5] == (e["Показатель эффективности"] or "—")
        when = row[2]
        if e["Срок"]:
            assert when.startswith(e["Срок"])
        if e["Дата начала"]:
            assert f"{_num(e['Дата начала'])} – {_num(e['Дата окончания'])}" in when
        elif e["Дата окончания"] and not e["Срок"]:
            assert when == f"до {_num(e['Дата окончания'])}"
            end_only += 1
    assert end_only >= 1  # the example has an event with an end date only
