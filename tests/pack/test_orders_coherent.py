"""The orders of one school agree with each other (issue 15, M3).

A school issues either one order on introduction that appoints the curator and approves the
working group and the roadmap («единый приказ»), or a short one and separate orders
(«отдельные приказы»). Either way every decision is made by exactly one order, and every
document that cites a decision names the order that made it. The example registry uses
«отдельные приказы»; «единый приказ» is the example with the setting changed and the three
separate orders removed from the journal.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from docgen import api
from tests.helpers import EXAMPLE, docx_text, flat

pytestmark = pytest.mark.slow  # renders the orders of both variants: ~4 s (the fast command stays under a minute; CI runs it)

AS_OF = date(2026, 11, 23)
ORDERS = ["order_intro", "order_working_group", "order_curator", "order_regulation", "order_roadmap",
          "order_mentor_register", "order_mentor_school", "order_pairs", "order_ipr"]
SEPARATE = ("order_working_group", "order_curator", "order_roadmap")
VARIANT = "Приказы о внедрении ЦМН"
DECISIONS = {
    "куратор": r"Назначить\s.{0,120}?\sкуратором внедрения",
    "рабочая группа": r"состав рабочей группы[^.;]{0,120}\(приложение|утвердить её состав",
    "дорожная карта": r"дорожную карту \(план мероприятий\)[^.;]{0,120}\(приложение",
    "Положение": r"Утвердить Положение о наставничестве",
}


def _org_set(wb, parameter: str, value) -> None:
    ws = wb["Организация"]
    for row in ws.iter_rows(min_col=1, max_col=2):
        if row[0].value == parameter:
            row[1].value = value
            return
    ws.append([parameter, value])


def _drop_journal_rows(wb, templates) -> None:
    ws = wb["Приказы"]
    col = [c.value for c in ws[1]].index("Шаблон") + 1
    for r in range(ws.max_row, 1, -1):
        if ws.cell(r, col).value in templates:
            ws.delete_rows(r)


def registry_copy(tmp: Path, name: str, *, variant: str | None, drop_separate: bool = False,
                  edit=None) -> Path:
    """The example with «Приказы о внедрении ЦМН» set (``None`` empties it), optionally without
    the separate orders in the journal, and with any further ``edit(wb)``."""
    wb = openpyxl.load_workbook(EXAMPLE)
    _org_set(wb, VARIANT, variant)
    if drop_separate:
        _drop_journal_rows(wb, SEPARATE)
    if edit:
        edit(wb)
    path = tmp / f"{name}.xlsx"
    wb.save(path)
    return path


def make(registry: Path, out: Path, ids=ORDERS, extra=()) -> api.MakeResult:
    return api.make([*ids, *extra], registry, out, as_of=AS_OF, orders=api.OrderOptions(register=False))


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> Path:
    return registry_copy(tmp_path_factory.mktemp("single"), "single", variant="единый приказ", drop_separate=True)


def texts(result: api.MakeResult) -> dict[str, str]:
    return {tid: flat(docx_text(paths[0])) for tid, paths in result.by_template.items()}


@pytest.mark.parametrize("variant", ["отдельные приказы", "единый приказ"])
def test_no_decision_is_made_twice(variant, single, tmp_path):
    registry = EXAMPLE if variant == "отдельные приказы" else single
    made = texts(make(registry, tmp_path / "out"))
    for decision, pattern in DECISIONS.items():
        deciding = sorted(tid for tid, text in made.items() if re.search(pattern, text))
        assert len(deciding) == 1, (variant, decision, deciding)
    if variant == "единый приказ":
        assert not set(SEPARATE) & set(made)
        assert re.search(DECISIONS["куратор"], made["order_intro"])
    else:
        assert set(SEPARATE) <= set(made)
        assert "осуществляются отдельными приказами" in made["order_intro"]
        assert "Приложение" not in made["order_intro"]


def _journal(registry: Path) -> tuple[dict[str, tuple[str, str]], set[str]]:
    """Template → (number, «DD.MM.YYYY») of its last journal row, and every number of the
    journal (the school's own orders), read with openpyxl."""
    ws = openpyxl.load_workbook(registry, read_only=True)["Приказы"]
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0]
    found, numbers = {}, set()
    for row in rows[1:]:
        values = dict(zip(head, row))
        numbers.add(str(values["Номер"]))
        if values.get("Шаблон"):
            found[values["Шаблон"]] = (str(values["Номер"]), values["Дата"].strftime("%d.%m.%Y"))
    return found, numbers


CITED = re.compile(r"от (\d\d\.\d\d\.\d{4}) № ([\w/-]+-од)")


@pytest.mark.parametrize("variant", ["отдельные приказы", "единый приказ"])
def test_every_citation_points_to_the_act_that_decided(variant, single, tmp_path):
    registry = EXAMPLE if variant == "отдельные приказы" else single
    journal, numbers = _journal(registry)
    separate = variant == "отдельные приказы"
    by = {
        "regulation": "order_regulation",
        "roadmap": "order_roadmap" if separate else "order_intro",
        "curator": "order_curator" if separate else "order_intro",
        "working_group": "order_working_group" if separate else "order_intro",
        "mentor_register": "order_mentor_register",
    }
    expected = {
        "regulation": {"regulation", "roadmap", "curator", "working_group"},
        "roadmap": {"roadmap"},
        "working_group_list": {"working_group"},
        "order_mentor_school": {"regulation", "roadmap", "mentor_register"},
    }
    result = make(registry, tmp_path / "out", ids=list(expected))
    # a document cites nothing later than itself: an order its own date, the others «today»
    own = {"order_mentor_school": journal["order_mentor_school"][1]}
    for tid, decisions in expected.items():
        text = flat(docx_text(result.by_template[tid][0]))
        cited = {(number, day) for day, number in CITED.findall(text)
                 if number in numbers and (number, day) != journal.get(tid)}  # not the district's, not its own
        want = {journal[by[d]] for d in decisions}
        assert cited == want, (variant, tid, cited, want)
        until = date(*map(int, reversed(own.get(tid, "23.11.2026").split("."))))
        for number, day in cited:
            assert date(*map(int, reversed(day.split(".")))) <= until, (tid, number)
    if not separate:  # the decisions of the single order are its appendices
        assert "(приложение № 2" in flat(docx_text(result.by_template["roadmap"][0]))
        assert "(приложение № 1)" in flat(docx_text(result.by_template["working_group_list"][0]))


def test_variant_from_journal_when_empty(tmp_path):
    with_separate = registry_copy(tmp_path, "empty", variant=None)
    made = make(with_separate, tmp_path / "a", ids=["order_intro", "order_curator"])
    assert "order_curator" in made.by_template and not made.skipped
    assert "осуществляются отдельными приказами" in flat(docx_text(made.by_template["order_intro"][0]))

    without = registry_copy(tmp_path, "empty_single", variant=None, drop_separate=True)
    made = make(without, tmp_path / "b", ids=["order_intro", "order_curator"])
    assert "order_curator" not in made.by_template
    reason = made.skipped["order_curator"]
    assert reason.startswith("не используется") and "«единый приказ»" in reason and "по журналу" in reason
    assert re.search(DECISIONS["куратор"], flat(docx_text(made.by_template["order_intro"][0])))

    listed = {t.id: t.source for t in api.list_templates()}
    assert "«отдельные приказы»" in listed["order_curator"] and "«Организация»" in listed["order_curator"]


@pytest.mark.parametrize("council, adopted", [(date(2025, 8, 29), True), (date(2025, 9, 10), False)])
def test_point_5_1_follows_the_council_protocol(council, adopted, tmp_path):
    registry = registry_copy(tmp_path, "council", variant="единый приказ", drop_separate=True,
                             edit=lambda wb: _org_set(wb, "Положение — дата протокола педсовета", council))
    text = flat(docx_text(make(registry, tmp_path / "out", ids=["order_intro"]).by_template["order_intro"][0]))
    point = re.search(r"5\.1\. (.+?);", text).group(1)
    if adopted:  # the order (01.09.2025) comes after the council (29.08.2025)
        assert "представить на утверждение Положение о наставничестве" in point
        assert "принятое педагогическим советом (протокол от 29.08.2025 № 1)" in point
    else:
        assert "разработать проект Положения о наставничестве" in point and "протокол" not in point


def _roles(wb, roles: dict[str, str]) -> None:
    ws = wb["Рабочая группа"]
    head = [c.value for c in ws[1]]
    role = head.index("Роль в группе") + 1
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, role).value in roles:
            ws.cell(r, role).value = roles[ws.cell(r, role).value]


def test_working_group_executor_is_not_the_director(single, tmp_path):
    text = flat(docx_text(make(single, tmp_path / "a", ids=["order_intro"]).by_template["order_intro"][0]))
    assert "Руководителю рабочей группы" not in text
    assert ("Заместителю директора по УВР Соловьёвой Е.П., заместителю руководителя рабочей группы, "
            "организовать работу рабочей группы") in text

    no_deputy = registry_copy(tmp_path, "no_deputy", variant="единый приказ", drop_separate=True,
                              edit=lambda wb: _roles(wb, {"заместитель руководителя": "член группы"}))
    text = flat(docx_text(make(no_deputy, tmp_path / "b", ids=["order_intro"]).by_template["order_intro"][0]))
    assert "организовать работу рабочей группы" not in text and "Руководителю" not in text
