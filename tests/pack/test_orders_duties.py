"""Orders give duties only to those they can bind and list them among the acquainted; they cite
the commission's protocols the registry holds; the order on plans approves plans (issue 15,
§4.2). Expected people and protocols are read with openpyxl."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest
from docx import Document

from docgen import api
from tests.helpers import EXAMPLE, docx_text, flat

AS_OF = date(2026, 11, 23)


def _rows(sheet: str) -> list[dict]:
    rows = list(openpyxl.load_workbook(EXAMPLE, read_only=True)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]


def _day(value) -> date:
    return value.date() if hasattr(value, "date") else value


def _initials(fio: str) -> str:
    last, first, middle = fio.split()[:3]
    return f"{last}\u00a0{first[0]}.{middle[0]}."


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    result = api.make(["order_pairs", "order_ipr", "order_mentor_register"], EXAMPLE, tmp_path_factory.mktemp("o"),
                      as_of=AS_OF, orders=api.OrderOptions(register=False))
    return {tid: paths[0] for tid, paths in result.by_template.items()}


def _journal(template: str) -> dict:
    return [r for r in _rows("Приказы") if r["Шаблон"] == template][-1]


def _acquainted(path) -> list[str]:
    return [r.cells[0].text for r in Document(str(path)).tables[0].rows]


@pytest.mark.parametrize("tid", ["order_pairs", "order_ipr"])
def test_teacher_mentors_are_bound_and_acquainted_others_informed(made, tid):
    text = flat(docx_text(made[tid]))
    assert "Наставникам из числа педагогических работников" in text
    assert re.search(r"Наставникам(:| обеспечить)", text) is None
    assert ("довести настоящий приказ до сведения наставников, не являющихся работниками") in text
    mentors = {m["Код"]: m for m in _rows("Наставники")}
    on = _day(_journal(tid)["Дата"])
    pairs = _rows("Пары")
    if tid == "order_pairs":
        bound = {p["Наставник"] for p in pairs if _day(p["Дата окончания"]) >= on}
    else:
        bound = {p["Наставник"] for p in pairs if p["Статус"] == "действует"}
    teachers = {_initials(mentors[c]["ФИО"]) for c in bound if mentors[c]["Категория"] == "педагог"}
    acquainted = _acquainted(made[tid])
    assert teachers and teachers <= set(acquainted)
    others = {_initials(mentors[c]["ФИО"]) for c in bound if mentors[c]["Категория"] != "педагог"}
    assert not others & set(acquainted)  # pupils and partners' staff are informed, not bound


def test_ipr_order_approves_plans_by_a_list_of_plans(made):
    text = flat(docx_text(made["order_ipr"]))
    assert "Утвердить индивидуальные планы развития наставляемых по перечню (приложение)." in text
    assert "хранятся у куратора" in text
    assert "Перечень индивидуальных планов развития наставляемых, утверждённых настоящим приказом" in text
    assert Document(str(made["order_ipr"])).tables[-1].rows[0].cells[0].text == "№ плана"


def _groups(kind: str, until: date) -> str:
    by_day: dict[date, list[int]] = {}
    for p in _rows("Протоколы"):
        if p["Вид"] == kind and _day(p["Дата"]) <= until:
            by_day.setdefault(_day(p["Дата"]), []).append(int(p["Номер"]))
    return by_day


def test_register_and_pairs_orders_cite_the_protocols(made):
    text = flat(docx_text(made["order_mentor_register"]))
    groups = _groups("оценка кандидата", _day(_journal("order_mentor_register")["Дата"]))
    for day, numbers in groups.items():
        numbers.sort()
        assert f"от {day:%d.%m.%Y} № {numbers[0]}–{numbers[-1]}" in text
    table = Document(str(made["order_mentor_register"])).tables[-1]
    assert table.rows[0].cells[-1].text == "Протокол оценки"
    assert sum(1 for r in table.rows[1:] if r.cells[-1].text.startswith("№")) == sum(len(n) for n in groups.values())

    text = flat(docx_text(made["order_pairs"]))
    groups = _groups("прикрепление наставника", _day(_journal("order_pairs")["Дата"]))
    cited = ", ".join(f"от {d:%d.%m.%Y} № {', '.join(map(str, sorted(n)))}" for d, n in sorted(groups.items()))
    assert f"с учётом протоколов прикрепления наставников к наставляемым {cited}" in text
