"""docgen.api on the example registry: what `docgen demo` makes (the session fixture ``demo``,
made once per run), read back with python-docx."""

from __future__ import annotations

import openpyxl

from docgen import api
from docgen.ru import age_on
from tests.helpers import AS_OF_DATE as AS_OF
from tests.helpers import EXAMPLE, docx_text


def _minor_rows() -> list[tuple[str, str]]:
    """(ФИО, class as typed) of every minor — mentee or pupil mentor — read with openpyxl
    independently of docgen."""
    found = []
    for sheet in ("Наставляемые", "Наставники"):
        ws = openpyxl.load_workbook(EXAMPLE, read_only=True)[sheet]
        rows = ws.iter_rows(values_only=True)
        header = next(rows)
        fio, birth, klass = header.index("ФИО"), header.index("Дата рождения"), header.index("Класс")
        found += [(r[fio], r[klass]) for r in rows if r[fio] and r[birth] and age_on(r[birth].date(), AS_OF) < 18]
    return found


def _minors() -> list[str]:
    return [fio for fio, _ in _minor_rows()]


def test_demo_makes_the_order_and_one_consent_per_minor(demo):
    minors = _minors()
    classes = {klass for _, klass in _minor_rows()}
    assert {k: demo.counts[k] for k in ("consent_parent", "consent_tracking", "order_intro")} == {
        "consent_parent": len(minors), "consent_tracking": len(classes), "order_intro": 1}
    builtin = {t.id for t in api.list_templates() if t.pack == "builtin"}
    assert set(demo.counts) == builtin and all(demo.counts[t] > 0 for t in builtin)  # each one generated
    consents = [p for p in demo.files if p.parent.name == "Согласия родителей"]
    assert len(consents) == len(minors) >= 100
    assert len({p.name for p in demo.files}) == len(demo.files)
    assert not list(demo.out_dir.glob(".docgen-tmp-*"))


def test_order_names_the_curator_in_the_right_cases(demo):
    # the example issues separate orders: the curator is appointed by order_curator
    order = demo.by_template["order_curator"][0]
    text = docx_text(order)
    assert "Назначить заместителя директора по УВР Соловьёву Евгению Петровну куратором" in text
    assert "ответственной за взаимодействие" in text
    assert "Соловьёвой\u00a0Е.П." in text
    assert "Н.П.\u00a0Рыбакова" in text  # director's signature, GOST order
    intro = docx_text(demo.by_template["order_intro"][0])
    assert "«01» сентября 2025\u00a0г.\t№\u00a0118-од" in intro
    assert "на основании приказа управления образования администрации Северогорского района от 20.08.2025" in intro
    roadmap = docx_text(demo.by_template["order_roadmap"][0])
    assert "Приложение" in roadmap and "6.1" in roadmap  # roadmap sections numbered
    for shown in (text, intro, roadmap):
        assert "{{" not in shown and "{%" not in shown and "None" not in shown
