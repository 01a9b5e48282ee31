"""The eight orders of the built-in pack (templates/order_*.docx), reprinted from the example
registry's journal: numbers, dates, names in the right cases, appendix tables built from the
registry, and optional points (the PDF text of real LibreOffice: tests/acceptance/pack/test_orders.py)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from docx import Document

from docgen import api
from docgen import ru as fmt
from tests.helpers import EXAMPLE, docx_text, edited_copy, find_cell, flat, org_cell

AS_OF = date(2026, 11, 23)
ORDERS = ["order_working_group", "order_curator", "order_regulation", "order_roadmap",
          "order_mentor_register", "order_mentor_school", "order_pairs", "order_ipr"]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict:
    result = api.make(ORDERS, EXAMPLE, tmp_path_factory.mktemp("orders"), as_of=AS_OF,
                      orders=api.OrderOptions(register=False))
    assert sorted(result.by_template) == sorted(ORDERS)
    return {tid: paths[0] for tid, paths in result.by_template.items() if len(paths) == 1}


def person(rec) -> dict:
    return rec if isinstance(rec, dict) else rec.values


def initials(rec, case: str = "nom") -> str:
    v = person(rec)
    return fmt.initials(v["fio"], case, v.get("sex"))


def journal(reg, template_id: str):
    return [r.values for r in reg.rows("orders") if r.values.get("template") == template_id][-1]


def appendix_rows(path) -> list[list[str]]:
    """Body rows of the last table (the appendix): header and full-width section rows dropped."""
    table = Document(str(path)).tables[-1]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    return [r for r in rows if len(set(r)) > 1]


def acquainted(path) -> list[str]:
    """Names in the «С приказом ознакомлены» table (the first table of the order)."""
    return [row.cells[0].text for row in Document(str(path)).tables[0].rows]


def test_every_order_has_its_journal_number_date_and_no_leftovers(made, reg):
    director = person(reg.org.values["director"])
    for tid in ORDERS:
        text = docx_text(made[tid])
        entry = journal(reg, tid)
        assert f"{fmt.date_quoted(entry['date'])}\t№\u00a0{entry['number']}" in text, tid
        assert f"от {fmt.date_num(entry['date'])} №\u00a0{entry['number']}" in text or tid in (
            "order_curator", "order_regulation"), tid  # the appendix mark (orders with an appendix)
        assert made[tid].name.startswith(f"Приказ № {entry['number']} от {fmt.date_num(entry['date'])} ")
        assert "ПРИКАЗЫВАЮ:" in text and "Контроль за исполнением приказа оставляю за собой." in text
        assert fmt.initials_first(director["fio"], "nom", director["sex"]) in text, tid
        assert initials(director) not in acquainted(made[tid]), tid  # the director signs, not acquaints
        for bad in ("{{", "{%", "None", "«»", "()"):
            assert bad not in text, (tid, bad)


def test_curator_order_names_the_curator_in_the_right_cases(made, reg):
    cur = person(reg.org.values["curator"])
    text = flat(docx_text(made["order_curator"]))
    acc = (f"Назначить {fmt.position_case(cur['position'], 'acc')} "
           f"{fmt.fio_case(cur['fio'], 'acc', cur['sex'])} куратором")
    assert acc in text
    assert f"{fmt.agree('ответственный', cur['sex'], 'ins')} за взаимодействие с муниципальным центром" in text
    gen = f"должностную инструкцию {fmt.position_case(cur['position'], 'gen')} {flat(initials(cur, 'gen'))}"
    assert gen in text
    assert "2.6. " in text and "2.7. " not in text  # duties as numbered sub-points
    tech = person(reg.org.values["tech_support"])
    assert acquainted(made["order_curator"]) == [initials(cur), initials(tech)]
    assert f"{fmt.agree('ознакомлен', None)}:" in text


def test_working_group_appendix_lists_members_and_vacancies(made, reg):
    rows = appendix_rows(made["order_working_group"])
    group = reg.rows("working_group")
    assert len(rows) == len(group)
    vacancies = sum(1 for r in group if not r.values.get("member"))
    assert vacancies and [r[1] for r in rows].count("(вакансия)") == vacancies
    members = {initials(r.values["member"]) for r in group if r.values.get("member")}
    assert members == {r[1] for r in rows} - {"(вакансия)"}
    director = initials(reg.org.values["director"])
    assert set(acquainted(made["order_working_group"])) == (members - {director}) | {
        initials(reg.org.values["tech_support"])}


def test_regulation_order_cites_the_council_protocol(made, reg):
    org = reg.org.values
    text = flat(docx_text(made["order_regulation"]))
    assert (f"решения педагогического совета {org['short_name']} (протокол от "
            f"{fmt.date_num(org['council_protocol_date'])} № {org['council_protocol_number']})") in text
    assert "Утвердить Положение о наставничестве в" in text and "(приложение)" in text
    assert "разместить настоящий приказ и Положение о наставничестве на официальном сайте" in text


def test_roadmap_order_refers_to_the_intro_order_and_numbers_events(made, reg):
    intro = journal(reg, "order_intro")
    text = flat(docx_text(made["order_roadmap"]))
    assert f"от {fmt.date_num(intro['date'])} № {intro['number']} «{intro['title']}»" in text
    events = reg.rows("roadmap")
    numbers = [r[0] for r in appendix_rows(made["order_roadmap"]) if re.fullmatch(r"\d+\.\d+", r[0])]
    assert len(numbers) == len(events) and numbers[0] == "1.1"
    assert events[-1].values["event"] in text


def test_mentor_register_is_sorted_and_publication_is_limited_to_consents(made, reg):
    rows = appendix_rows(made["order_mentor_register"])
    mentors = sorted(reg.rows("mentors"), key=lambda r: fmt.ru_sort_key(r.values["fio"]))
    assert [r[1] for r in rows] == [initials(m) for m in mentors]
    pupil = next(m.values for m in mentors if m.values.get("school_class"))
    row = next(r for r in rows if r[1] == initials(pupil))
    klass = pupil["school_class"]
    assert row[3] == fmt.school_class(klass.number, klass.letter) and row[2] == "обучающийся"
    text = flat(docx_text(made["order_mentor_register"]))
    assert ("только о наставниках, давших согласие на обработку персональных данных, "
            "разрешённых для распространения") in text
    published = [m for m in mentors if m.values.get("publish_consent_date")]
    assert 0 < len(published) < len(mentors)  # the example has both kinds, and nobody is listed apart
    assert text.count(flat(initials(published[0]))) == 1


def test_mentor_school_period_hours_plan_and_leads(made, reg):
    sessions = sorted(reg.rows("mentor_school"), key=lambda r: r.values["date"])
    text = flat(docx_text(made["order_mentor_school"]))
    first, last = fmt.date_num(sessions[0].values["date"]), fmt.date_num(sessions[-1].values["date"])
    hours = sum(r.values.get("hours") or 0 for r in sessions)
    assert flat(f"с {first} по {last} общим объёмом {fmt.count(hours, 'час', 'часа', 'часов')}") in text
    assert "Обучение проходят наставники согласно реестру наставников" in text
    register = journal(reg, "order_mentor_register")
    assert f"утверждённому приказом от {fmt.date_num(register['date'])} № {register['number']}" in text
    rows = appendix_rows(made["order_mentor_school"])
    assert [r[1] for r in rows] == [s.values["topic"] for s in sessions]
    staff = {r.values["fio"]: r for r in reg.rows("staff")}
    leads = [staff[s.values["lead"]] for s in sessions if s.values["lead"] in staff]
    assert leads and {initials(p) for p in leads} <= set(acquainted(made["order_mentor_school"]))
    assert initials(leads[0]) in [r[5] for r in rows]  # a staff lead printed «Фамилия И.О.»


def test_pairs_order_lists_pairs_in_force_grouped_by_mentor(made, reg):
    on = journal(reg, "order_pairs")["date"]
    in_force = [p.values for p in reg.rows("pairs") if p.values["end"] >= on]
    ended = [p.values for p in reg.rows("pairs") if p.values["end"] < on]
    rows = appendix_rows(made["order_pairs"])
    assert len(rows) == len(in_force)
    groups = [r[0] for r in rows if r[0]]
    mentors = {p["mentor"].values["fio"] for p in in_force}
    assert groups == [f"{n}." for n in range(1, len(mentors) + 1)]
    pupil = next(p for p in in_force if p["mentee"].values.get("school_class"))
    klass = pupil["mentee"].values["school_class"]
    cell = f"{initials(pupil['mentee'])}, {fmt.school_class(klass.number, klass.letter)}"
    assert cell in [r[2] for r in rows]
    assert f"с {fmt.date_num(pupil['start'])}\nпо {fmt.date_num(pupil['end'])}" in [r[5] for r in rows]
    for p in ended:
        assert initials(p["mentee"]) not in [r[2].split(",")[0] for r in rows]
    text = flat(docx_text(made["order_pairs"]))
    assert "в течение 14 дней" in text and initials(reg.org.values["curator"], "dat").replace("\u00a0", " ") in text


def test_ipr_order_lists_active_pairs(made, reg):
    active = [p.values for p in reg.rows("pairs") if p.values["status"] == "действует"]
    rows = appendix_rows(made["order_ipr"])
    assert len(rows) == len(active) < len(reg.rows("pairs"))
    assert [r[2] for r in rows] == [initials(p["mentor"]) for p in active]
    pairs_order = journal(reg, "order_pairs")
    text = flat(docx_text(made["order_ipr"]))
    assert f"приказом от {fmt.date_num(pairs_order['date'])} № {pairs_order['number']}" in text


def test_optional_points_and_references_drop_out(tmp_path, reg):
    """No one for the website, no council protocol, no intro order in the journal: the points
    and references disappear and the numbers after them close up."""
    intro_row = next(r.row for r in reg.rows("orders") if r.values.get("template") == "order_intro")
    pairs_row = next(r.row for r in reg.rows("orders") if r.values.get("template") == "order_pairs")
    later = date(2026, 12, 1)  # the order on pairs reissued when some pairs have ended
    edited = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {
        ("Приказы", find_cell(EXAMPLE, "Приказы", "Дата", pairs_row)): later,
        ("Организация", org_cell(EXAMPLE, "Ответственный за сайт")): None,
        ("Организация", org_cell(EXAMPLE, "Положение — номер протокола педсовета")): None,
        ("Приказы", find_cell(EXAMPLE, "Приказы", "Шаблон", intro_row)): None,
    })
    result = api.make(["order_curator", "order_regulation", "order_roadmap", "order_mentor_register", "order_pairs"],
                      edited, tmp_path / "out", as_of=AS_OF, orders=api.OrderOptions(register=False))
    texts = {tid: flat(docx_text(paths[0])) for tid, paths in result.by_template.items()}
    assert "4. Контроль за исполнением" in texts["order_curator"] and "официальном сайте" not in texts["order_curator"]
    assert "педагогического совета" not in texts["order_regulation"]
    assert "5. Контроль" not in texts["order_regulation"] and "4. Контроль" in texts["order_regulation"]
    assert "О внедрении целевой модели наставничества" not in texts["order_roadmap"]
    cur = initials(reg.org.values["curator"], "dat").replace("\u00a0", " ")
    assert f"{cur} в течение пяти рабочих дней" in texts["order_mentor_register"]  # the curator publishes
    in_force = [p for p in reg.rows("pairs") if p.values["end"] >= later]
    assert 0 < len(in_force) < len(reg.rows("pairs"))
    assert len(appendix_rows(result.by_template["order_pairs"][0])) == len(in_force)
    for tid, text in texts.items():
        assert "None" not in text and "{{" not in text and "«»" not in text, tid


