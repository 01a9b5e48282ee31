"""Built-in regulation, roadmap, lists, KPI plan and letter to employers: rendered from the
example registry through docgen.api.make, converted by real LibreOffice, and checked
against values computed here from the registry records (never typed in by hand)."""

from __future__ import annotations

import re

import pytest

from docgen import ru as fmt
from tests.helpers import flat, soffice_pdf_texts

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes

# the documents and helpers of the fast tests of the same documents (one definition each)
from tests.pack.test_documents import AS_OF, LETTER_ROWS, WORKBOOK_IDS, made  # noqa: E402, F401


@pytest.fixture(scope="module")
def pdf(made) -> dict[str, list[str]]:
    """Template id → the flattened PDF text of each of its documents (one LibreOffice run)."""
    paths = [p for files in made.values() for p in files]
    texts = soffice_pdf_texts(paths)
    return {tid: [flat(texts[p]) for p in files] for tid, files in made.items()}


def _last_order(reg, template_id: str):
    rows = [r for r in reg.rows("orders") if r.values.get("template") == template_id]
    return rows[-1].values


def _person(reg, key: str):
    return reg.org.values[key].values


# --------------------------------------------------------------------------- all documents


def test_no_tag_none_or_empty_quotes_in_any_pdf(pdf):
    for tid, texts in pdf.items():
        for text in texts:
            for bad in ("{{", "{%", "%}", "}}", "None", "«»", "« »"):
                assert bad not in text, (tid, bad)


# --------------------------------------------------------------------------- regulation


def test_regulation_approvals_basis_and_forms(pdf, reg):
    text, = pdf["regulation"]
    org = reg.org.values
    order = _last_order(reg, "order_regulation")
    assert "ПРИНЯТО" in text and "УТВЕРЖДЕНО" in text
    assert (f"протокол от {fmt.date_num(org['council_protocol_date'])} № {org['council_protocol_number']}"
            in text)
    assert f"приказом {org['short_name']}" in text
    assert f"от {fmt.date_num(order['date'])} № {order['number']}" in text
    assert f"ПОЛОЖЕНИЕ о наставничестве в {org['short_name']}" in text
    for basis in ("273-ФЗ", "№ Р-145", "от 23.01.2020 № МР-42/02",
                  f"{fmt.position_case(org['basis_kind'], fmt.parse_case('тв'))} "  # «в соответствии с приказом …»
                  f"от {fmt.date_num(org['basis_date'])} № {org['basis_number']}"):
        assert basis in text, basis
    for number, title in enumerate(["Общие положения", "Цели и задачи", "Организационные основы",
                                    "Права и обязанности наставника", "Права и обязанности наставляемого",
                                    "Формирование наставнических пар", "Завершение программы",
                                    "Мониторинг и оценка", "Мотивация наставников", "Документы"], start=1):
        assert f"{number}. {title}" in text, title
    text = text.replace("- од", "-од")  # a line break after the hyphen of an order number
    curator = _person(reg, "curator")
    appointed = _last_order(reg, "order_curator")  # the example issues separate orders
    assert ("функции куратора возложены на "
            f"{fmt.position_case(curator['position'], fmt.parse_case('вин'))} "
            f"(приказ от {fmt.date_num(appointed['date'])} № {appointed['number']})." in text)
    wg = _last_order(reg, "order_working_group")
    assert f"состав которой утверждён приказом от {fmt.date_num(wg['date'])} № {wg['number']}" in text
    forms = {r.values["form"] for r in reg.rows("pairs") + reg.rows("mentors")}
    listed = re.search(r"осуществляется в формах (.*?)\. Формы", text).group(1)
    assert set(re.findall(r"«([^»]+)»", listed)) == forms


# --------------------------------------------------------------------------- roadmap


def test_roadmap_is_approved_and_numbers_every_event(pdf, made, reg):
    text, = pdf["roadmap"]
    org = reg.org.values
    order = _last_order(reg, "order_roadmap")
    assert "УТВЕРЖДЕНА" in text  # approved by an order (ГОСТ Р 7.0.97 п. 5.21), not «УТВЕРЖДАЮ»
    assert f"приказом {org['short_name']} от {fmt.date_num(order['date'])} № {order['number']}" in text
    assert f"на {org['period_start']}–{org['period_end']} годы" in text
    sections: dict[str, int] = {}
    for r in reg.rows("roadmap"):
        title = re.sub(r"^\s*\d+(\.\d+)*\.?\s*", "", r.values["section"]).strip()
        sections[title] = sections.get(title, 0) + 1
    for i, (title, events) in enumerate(sections.items(), start=1):
        assert f"{i}. {title}" in text, title
        for j in range(1, events + 1):
            assert re.search(rf"(^| ){i}\.{j} ", text), f"{i}.{j}"
        assert not re.search(rf"(^| ){i}\.{events + 1} ", text)


# --------------------------------------------------------------------------- working group


def test_working_group_list_names_members_and_vacancies(pdf, reg):
    text, = pdf["working_group_list"]
    order = _last_order(reg, "order_working_group")
    assert "УТВЕРЖДЁН" in text and f"от {fmt.date_num(order['date'])} № {order['number']}" in text
    rows = reg.rows("working_group")
    members = [r.values["member"] for r in rows if r.values.get("member")]
    vacant = len(rows) - len(members)
    for m in members:
        assert m.values["fio"].split()[0] in text
    assert text.count("(вакансия)") == vacant >= 1
    total = fmt.count(len(members), "человек", "человека", "человек").replace("\u00a0", " ")
    assert f"Всего в составе: {total}. Вакантных мест: {vacant} (" in text


# --------------------------------------------------------------------------- KPI plan


def _by_hand(reg) -> list[str]:
    """«25,8 % (165 из 640)» for each KPI the registry computes, recounted here."""
    org = reg.org.values
    expected = []
    for kpi in reg.rows("kpis"):
        metric = kpi.values.get("metric")
        if metric == "наставляемые 10–18 лет":
            people = [r for r in reg.rows("mentees") if r.values["category"] == "обучающийся"
                      and 10 <= fmt.age_on(r.values["birth_date"], AS_OF) <= 18]
            total = org["pupils_10_18"]
        elif metric == "наставники 15–18 лет":
            people = [r for r in reg.rows("mentors") if r.values["category"] == "обучающийся"
                      and r.values.get("birth_date") and 15 <= fmt.age_on(r.values["birth_date"], AS_OF) <= 18]
            total = org["pupils_15_18"]
        elif metric == "молодые педагоги-наставляемые":
            people = [r for r in reg.rows("mentees") if r.values["category"] == "молодой педагог"]
            total = org["young_teachers"]
        else:
            continue
        share = f"{round(100 * len(people) / total, 1):g}".replace(".", ",")
        expected.append(f"{share} % ({len(people)} из {total})")
    return expected


def test_kpi_plan_shows_plans_by_year_and_actual_values_from_the_registry(pdf, reg):
    text, = pdf["kpi_plan"]
    expected = _by_hand(reg)
    assert len(expected) == 3
    for value in expected:  # «25,8 %» and «(165 из 640)» are two lines of a cell: the layout interleaves
        share, _, count = value.partition(" (")
        assert share in text and f"({count}" in text, value
    assert "25,8 % (165 из 640)" in expected  # the example's first indicator, as the issue quotes it
    kpis = reg.rows("kpis")
    years = list((kpis[0].values.get("years") or {}))
    assert " ".join(f"{y} г." for y in years) in text  # one column per year
    for kpi in kpis:
        values = " ".join(f"{v:g}".replace(".", ",") for v in (kpi.values.get("years") or {}).values())
        assert f"% {values}" in text, kpi.values["name"]  # the unit, then the plan of each year
    assert f"по реестру наставников и наставляемых на {fmt.date_num(AS_OF)}" in text


# --------------------------------------------------------------------------- partners


def test_partners_list_has_every_partner(pdf, reg):
    text, = pdf["partners_list"]
    partners = reg.rows("partners")
    for p in partners:
        v = p.values
        assert f"ИНН {v['inn']}" in text and f"ОГРН {v['ogrn']}" in text
        assert v["representative"].split()[0] in text
        assert v["email"] in text
    total = fmt.count(len(partners), "организация", "организации", "организаций").replace("\u00a0", " ")
    assert f"Всего: {total}." in text


# --------------------------------------------------------------------------- letter


def test_letters_address_the_representative_in_the_right_forms(pdf, reg):
    texts = pdf["letter_employer"]
    chosen = [p for p in reg.rows("partners") if 2 <= p.row <= 3]
    assert len(texts) == len(chosen) == 2
    assert {p.values["representative_sex"] for p in chosen} == {"м", "ж"}
    curator = _person(reg, "curator")
    director = _person(reg, "director")
    for partner in chosen:
        v = partner.values
        text = next(t for t in texts if v["letter_number"] in t)
        assert f"Исх. № {v['letter_number']} от {fmt.date_num(v['letter_date'])}" in text
        position = fmt.position_case(v["representative_position"], fmt.parse_case("дат"))
        addressee = fmt.initials(v["representative"], fmt.parse_case("дат"), v["representative_sex"])
        # the addressee block sits beside the school's requisites: its lines are checked one by one
        assert f"{position[:1].upper() + position[1:]} " in text
        assert f" {addressee.replace(chr(160), ' ')} " in text
        _, first, middle = fmt.split_fio(v["representative"])
        greeting = fmt.agree("уважаемый", v["representative_sex"])
        assert f"{greeting[:1].upper() + greeting[1:]} {first} {middle}!" in text
        assert f"Приглашаем {v['short_name']} стать партнёром" in text
        assert v["subject"] in text
        assert (f"{fmt.position_case(curator['position'], fmt.parse_case('дат'))} "
                f"{fmt.fio_case(curator['fio'], fmt.parse_case('дат'), curator.get('sex'))}") in text
        assert curator["email"] in text
        assert fmt.initials_first(director["fio"], "nom", director.get("sex")).replace("\u00a0", " ") in text
        assert reg.org.values["inn"] in text and reg.org.values["ogrn"] in text


