#!/usr/bin/env python
"""Build ``examples/district/``: the registry of a fictional district and its schools', reproducibly.

    python scripts/build_district_example.py [OUT_FOLDER]

The district is the fictional Энский муниципальный район: its committee on education, the
municipal centre, ten schools (four join the target model in 2025, four in 2026, two in 2027),
the municipal roadmap, the KPI plan and the committee's order journal. Seven of the eight schools
due in 2026 have a registry in ``schools/``; the eighth has not sent one and has no curator in
the district's list, so the district's report has something to say about both.

Each school's registry is the example school's (``scripts/build_example.py``) built with its own
seed — so every school has its own invented people — then renamed into the district (its
«Организация», and every «Северогорск» of the example turned into «Энск»), cut to its own size
(mentees and mentors dropped with the rows that name them: parents, pairs, protocols) and given
its own numbers of pupils and its own missing consents, so that the district's report has
schools above and below the plan. Every person, school and organisation is invented; INN and OGRN
have valid check digits and the tax-office code 00, which no real organisation has.

Rebuild after changing either registry schema: ``tests/district/test_example.py`` checks the
committed files are what this script makes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import build_example as school  # noqa: E402

from docgen.plugins.catalog import DISTRICT, catalog  # noqa: E402
from docgen.workbook.blank import new_registry_workbook  # noqa: E402
from docgen.workbook.generator import template_choices  # noqa: E402
from docgen.workbook.save import save_workbook  # noqa: E402

SEED = 20261124
TIMESTAMP = dt.datetime(2026, 11, 23, 9, 0, 0)
DEFAULT_OUT = ROOT / "examples" / "district"

DISTRICT_NAME = "Энский муниципальный район"
DISTRICT_GEN = "Энского муниципального района"
REGION = "Энская обл."
CITY = "г. Энск"
COMMITTEE = f"Комитет по образованию администрации {DISTRICT_GEN}"

# code, full name, short name, settlement, join year, district list has its INN, has a registry,
# (share of mentees kept, of mentors kept), KPI facts aimed at (% of pupils 10–18 and 15–18 in the
# programmes, % of young teachers), consents missing (of minors, of adults)
SCHOOLS = [
    ("ЭР-001", "Муниципальное бюджетное общеобразовательное учреждение «Энская средняя общеобразовательная школа № 1»",
     "МБОУ «Энская СОШ № 1»", CITY, 2025, True, True, (0.9, 0.9), (21.0, 11.0, 80.0), (0, 0)),
    ("ЭР-002", "Муниципальное бюджетное общеобразовательное учреждение «Энская средняя общеобразовательная школа № 2»",
     "МБОУ «Энская СОШ № 2»", CITY, 2025, True, True, (0.6, 0.7), (16.5, 9.0, 67.0), (7, 2)),
    ("ЭР-003", "Муниципальное бюджетное общеобразовательное учреждение «Энская гимназия»",
     "МБОУ «Энская гимназия»", CITY, 2025, True, True, (0.75, 0.8), (24.0, 12.5, 100.0), (0, 0)),
    ("ЭР-004", "Муниципальное казённое общеобразовательное учреждение «Заречная средняя общеобразовательная школа» "
               f"{DISTRICT_GEN}", "МКОУ «Заречная СОШ»", "с. Заречное", 2025, True, True, (0.35, 0.4),
     (12.0, 6.0, 50.0), (4, 0)),
    ("ЭР-005", "Муниципальное казённое общеобразовательное учреждение «Берёзовская средняя общеобразовательная "
               f"школа» {DISTRICT_GEN}", "МКОУ «Берёзовская СОШ»", "с. Берёзовка", 2026, True, True, (0.3, 0.35),
     (15.5, 8.5, 60.0), (0, 1)),
    ("ЭР-006", "Муниципальное казённое общеобразовательное учреждение «Озёрная основная общеобразовательная школа» "
               f"{DISTRICT_GEN}", "МКОУ «Озёрная ООШ»", "пос. Озёрный", 2026, False, True, (0.2, 0.3),
     (18.0, 7.0, 75.0), (2, 0)),
    ("ЭР-007", "Муниципальное бюджетное общеобразовательное учреждение «Энская средняя общеобразовательная школа № 3»",
     "МБОУ «Энская СОШ № 3»", CITY, 2026, True, True, (0.5, 0.55), (17.0, 10.0, 90.0), (0, 0)),
    ("ЭР-008", "Муниципальное казённое общеобразовательное учреждение «Сосновская средняя общеобразовательная школа» "
               f"{DISTRICT_GEN}", "МКОУ «Сосновская СОШ»", "с. Сосновка", 2026, True, False, None, None, None),
    ("ЭР-009", "Муниципальное казённое общеобразовательное учреждение «Луговская основная общеобразовательная школа» "
               f"{DISTRICT_GEN}", "МКОУ «Луговская ООШ»", "с. Луговое", 2027, True, False, None, None, None),
    ("ЭР-010", "Муниципальное бюджетное общеобразовательное учреждение «Энский лицей»",
     "МБОУ «Энский лицей»", CITY, 2027, True, False, None, None, None),
]

STAFF = [  # role, position, sex
    ("head", f"председатель комитета по образованию администрации {DISTRICT_GEN}", "ж"),
    ("control", f"заместитель председателя комитета по образованию администрации {DISTRICT_GEN}", "м"),
    ("coordinator", f"главный специалист комитета по образованию администрации {DISTRICT_GEN}", "ж"),
    ("centre", "методист муниципального казённого учреждения «Энский информационно-методический центр»", "ж"),
    ("specialist", f"ведущий специалист комитета по образованию администрации {DISTRICT_GEN}", "м"),
    ("director_imc", "директор муниципального казённого учреждения «Энский информационно-методический центр»", "м"),
]

# section, event, result, document, start, end, municipal executor, school executor
ROADMAP = [
    ("Нормативное правовое обеспечение", [
        ("Подготовка и утверждение муниципальной дорожной карты внедрения целевой модели наставничества",
         "Дорожная карта утверждена", "приказ комитета", (2025, 8, 1), (2025, 8, 25), "комитет по образованию", ""),
        ("Утверждение перечня общеобразовательных организаций, внедряющих целевую модель, по годам",
         "Перечень утверждён", "приказ комитета", (2025, 8, 1), (2025, 8, 25), "комитет по образованию", ""),
        ("Назначение муниципального координатора внедрения целевой модели",
         "Координатор назначен", "приказ комитета", None, (2025, 8, 25), "комитет по образованию", ""),
        ("Разработка локальных актов организаций: положения о наставничестве, приказов о внедрении, дорожных карт",
         "Локальные акты приняты", "приказы организаций", (2025, 8, 26), (2025, 9, 30), "МКУ «Энский ИМЦ»",
         "руководители ОУ"),
        ("Назначение кураторов внедрения целевой модели в организациях",
         "Кураторы назначены", "приказы организаций", (2025, 8, 26), (2025, 9, 15), "", "руководители ОУ"),
    ]),
    ("Организационно-методическое сопровождение", [
        ("Установочное совещание с руководителями и кураторами организаций по алгоритму внедрения",
         "Алгоритм внедрения доведён до организаций", "протокол совещания", None, (2025, 9, 10),
         "МКУ «Энский ИМЦ»", "руководители ОУ, кураторы"),
        ("Консультации кураторов по формированию баз наставников и наставляемых и ведению реестра",
         "Организации ведут реестры по единой форме", "график консультаций", (2025, 9, 1), (2027, 12, 20),
         "МКУ «Энский ИМЦ»", "кураторы"),
        ("Обучение наставников по программе «Школа наставников»",
         "Наставники прошли обучение", "сертификаты, списки слушателей", (2025, 10, 1), (2027, 5, 31),
         "МКУ «Энский ИМЦ»", "кураторы"),
        ("Формирование наставнических пар и групп, утверждение индивидуальных планов развития",
         "Пары закреплены приказами организаций", "приказы организаций", (2025, 9, 15), (2025, 10, 15), "",
         "руководители ОУ, кураторы"),
    ]),
    ("Сетевое взаимодействие и партнёрство", [
        ("Заключение соглашений о сетевом наставничестве между организациями района",
         "Соглашения заключены", "соглашения", (2026, 1, 15), (2026, 3, 31), "комитет по образованию",
         "руководители ОУ"),
        ("Привлечение предприятий и организаций района к форме «работодатель – ученик»",
         "Партнёры участвуют в программах", "соглашения о сотрудничестве", (2025, 10, 1), (2027, 12, 20),
         "комитет по образованию", "руководители ОУ"),
    ]),
    ("Распространение лучших практик", [
        ("Районный конкурс «Наставник года»", "Определены победители, опыт обобщён", "приказ комитета",
         (2026, 2, 1), (2026, 4, 30), "МКУ «Энский ИМЦ»", "кураторы, наставники"),
        ("Страница «Наставничество» на сайте комитета и сайтах организаций",
         "Информация размещена и обновляется", "страницы сайтов", (2025, 9, 1), (2027, 12, 20),
         "комитет по образованию", "ответственные за сайт"),
        ("Сборник практик наставничества Энского района", "Сборник издан", "сборник",
         (2026, 9, 1), (2026, 12, 15), "МКУ «Энский ИМЦ»", "кураторы"),
    ]),
    ("Мониторинг и оценка результатов", [
        ("Представление реестров наставников и наставляемых в муниципальный центр",
         "Реестры организаций собраны", "реестры организаций", (2025, 11, 1), (2025, 11, 20), "МКУ «Энский ИМЦ»",
         "кураторы"),
        ("Сводный мониторинг реализации целевой модели и аналитическая справка по району",
         "Справка подготовлена, показатели сравнены с планом", "аналитическая справка", (2025, 11, 21),
         (2025, 12, 10), "муниципальный координатор", ""),
        ("Анкетирование удовлетворённости участников программ наставничества",
         "Результаты анкетирования обобщены", "сводка анкет", (2026, 4, 1), (2026, 5, 20), "МКУ «Энский ИМЦ»",
         "кураторы"),
        ("Отчёт о реализации целевой модели в региональный центр",
         "Отчёт направлен", "отчёт, сводная таблица", (2025, 12, 10), (2025, 12, 20), "комитет по образованию", ""),
    ]),
]

KPIS = [
    ("Доля обучающихся в возрасте от 10 до 18 лет, вовлечённых в программы наставничества в роли наставляемого",
     "по реестрам организаций: обучающиеся 10–18 лет в роли наставляемых к числу обучающихся 10–18 лет, × 100",
     "наставляемые 10–18 лет", (10, 15, 20)),
    ("Доля обучающихся в возрасте от 15 до 18 лет, вовлечённых в программы наставничества в роли наставника",
     "по реестрам организаций: обучающиеся 15–18 лет в роли наставников к числу обучающихся 15–18 лет, × 100",
     "наставники 15–18 лет", (5, 8, 10)),
    ("Доля молодых педагогов (стаж до 3 лет), вовлечённых в программы наставничества в роли наставляемого",
     "по реестрам организаций: молодые педагоги в роли наставляемых к числу молодых педагогов, × 100",
     "молодые педагоги-наставляемые", (50, 60, 70)),
    ("Доля общеобразовательных организаций района, внедряющих целевую модель наставничества",
     "по перечню: организации, включённые в модель, к числу общеобразовательных организаций района, × 100",
     None, (30, 60, 80)),
]

ORDERS = [  # number, date, template, title
    ("51-од", dt.date(2025, 8, 11), None, "О подготовке образовательных организаций к новому учебному году"),
    ("55-од", dt.date(2025, 8, 20), None, "О проведении августовского совещания педагогических работников"),
    ("57-од", dt.date(2025, 8, 25), "district_order_roadmap",
     "Об утверждении муниципальной дорожной карты внедрения целевой модели наставничества и перечня "
     "общеобразовательных организаций"),
    ("58-од", dt.date(2025, 8, 25), "district_order_coordinator",
     "О назначении муниципального координатора внедрения целевой модели наставничества"),
]


def _date(parts: tuple[int, int, int] | None) -> dt.date | None:
    return dt.date(*parts) if parts else None


# --------------------------------------------------------------------------- a school's registry


def _headers(ws: Any) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[1] if c.value}


def _rows(ws: Any) -> list[int]:
    return [r for r in range(2, ws.max_row + 1) if any(ws.cell(r, c).value not in (None, "") for c in range(1, 4))]


def _drop(ws: Any, doomed: list[int]) -> None:
    for r in sorted(doomed, reverse=True):
        ws.delete_rows(r)


def _keep_share(rng: random.Random, ws: Any, share: float) -> set[str]:
    """Keep about ``share`` of the rows of a people sheet (by «Код»); the codes dropped."""
    code = _headers(ws)["Код"]
    rows = _rows(ws)
    keep = set(rng.sample(rows, max(3, round(len(rows) * share))))
    gone = {str(ws.cell(r, code).value) for r in rows if r not in keep}
    _drop(ws, [r for r in rows if r not in keep])
    return gone


def _drop_referring(ws: Any, columns: list[str], gone: set[str]) -> None:
    heads = _headers(ws)
    cols = [heads[c] for c in columns if c in heads]
    _drop(ws, [r for r in _rows(ws) if any(str(ws.cell(r, c).value) in gone for c in cols)])


def _rename(wb: Any) -> None:
    """The example school's city (Северогорск) becomes the district's (Энск) in every text cell."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "Северогорск" in cell.value:
                    cell.value = cell.value.replace("Северогорск", "Энск")


def _age(birth: Any, on: dt.date) -> int:
    return school.age_on(birth.date() if isinstance(birth, dt.datetime) else birth, on)


def _count(ws: Any, category: str, ages: tuple[int, int] | None) -> int:
    heads = _headers(ws)
    n = 0
    for r in _rows(ws):
        if ws.cell(r, heads["Категория"]).value != category:
            continue
        birth = ws.cell(r, heads["Дата рождения"]).value
        if ages is None or (birth and ages[0] <= _age(birth, school.REFERENCE_DATE) <= ages[1]):
            n += 1
    return n


def _clear_consents(rng: random.Random, ws: Any, n: int, adults: bool) -> None:
    heads = _headers(ws)
    col, birth = heads["Согласие получено"], heads["Дата рождения"]
    rows = [r for r in _rows(ws) if ws.cell(r, col).value and ws.cell(r, birth).value
            and (_age(ws.cell(r, birth).value, school.REFERENCE_DATE) >= 18) == adults]
    for r in rng.sample(rows, min(n, len(rows))):
        ws.cell(r, col).value = None


def build_school(i: int, spec: tuple, rng: random.Random) -> tuple[Any, dict[str, Any]]:
    """One school's registry (openpyxl) and what the district's list says of it."""
    code, full_name, short_name, place, _join, _listed, _has, shares, aims, missing = spec
    wb = school.build_workbook(school.SEED + 1000 * (i + 1))
    _rename(wb)
    org = wb["Организация"]
    params = {org.cell(r, 1).value: r for r in range(2, org.max_row + 1)}

    def put(header: str, value: Any) -> None:
        org.cell(params[header], 2).value = value

    def get(header: str) -> Any:
        return org.cell(params[header], 2).value

    inn, ogrn = school.inn_legal(rng), school.ogrn(rng, rng.randrange(1995, 2012))
    domain = f"school{i + 1}.ensk.example.ru"
    put("Учредитель", COMMITTEE)
    put("Полное наименование", full_name)
    put("Сокращённое наименование", short_name)
    put("Юридический адрес", f"{REGION}, {DISTRICT_NAME}, {place}, ул. Школьная, д. {3 + i}")
    put("Населённый пункт", place)
    put("ИНН", inn)
    put("ОГРН", ogrn)
    put("Телефон", f"+7 (81299) 2-{10 + i:02d}-{40 + 3 * i:02d}")
    put("Электронная почта", f"info@{domain}")
    put("Сайт", f"https://{domain}")
    put("Основание — вид документа", f"приказ комитета по образованию администрации {DISTRICT_GEN}")
    put("Основание — номер", "57-од")
    put("Основание — дата", dt.date(2025, 8, 25))
    put("Основание — наименование", "Об утверждении муниципальной дорожной карты внедрения целевой модели "
                                    "наставничества и перечня общеобразовательных организаций")

    gone_mentees = _keep_share(rng, wb["Наставляемые"], shares[0])
    gone_mentors = _keep_share(rng, wb["Наставники"], shares[1])
    _drop_referring(wb["Родители"], ["Ребёнок"], gone_mentees | gone_mentors)  # minor mentors have parents too
    _drop_referring(wb["Пары"], ["Наставник", "Наставляемый"], gone_mentees | gone_mentors)
    _drop_referring(wb["Протоколы"], ["Наставник (кандидат)", "Наставляемый"], gone_mentees | gone_mentors)
    _clear_consents(rng, wb["Наставляемые"], missing[0], adults=False)
    _clear_consents(rng, wb["Наставники"], missing[1], adults=True)

    # The school's totals, so that its KPI facts come out near the shares aimed at.
    young = _count(wb["Наставляемые"], "молодой педагог", None)
    for header, n, aim in (("Обучающихся 10–18 лет", _count(wb["Наставляемые"], "обучающийся", (10, 18)), aims[0]),
                           ("Обучающихся 15–18 лет", _count(wb["Наставники"], "обучающийся", (15, 18)), aims[1]),
                           ("Молодых педагогов (стаж до 3 лет)", young, aims[2])):
        put(header, max(n, round(100 * n / aim)) if n else rng.randrange(5, 30))

    staff = wb["Сотрудники"]
    heads = _headers(staff)
    positions = {staff.cell(r, heads["ФИО"]).value: staff.cell(r, heads["Должность"]).value for r in _rows(staff)}
    sexes = {staff.cell(r, heads["ФИО"]).value: staff.cell(r, heads["Пол"]).value for r in _rows(staff)}
    director, curator = get("Директор"), get("Куратор внедрения ЦМН")
    wb.properties.title = f"Реестр ЦМН — {short_name} (вымышленная школа)"
    listed = dict(inn=inn, director=director, director_sex=sexes.get(director), curator=curator,
                  curator_sex=sexes.get(curator), curator_position=positions.get(curator),
                  address=get("Юридический адрес"), phone=get("Телефон"), email=get("Электронная почта"))
    return wb, listed


# --------------------------------------------------------------------------- the district's registry


def build_district(listed: dict[str, dict[str, Any]], rng: random.Random) -> Any:
    found = catalog()
    schema = found.registry_schema_of(DISTRICT)
    wb = new_registry_workbook(schema, template_choices(found.of_kind(DISTRICT)))
    g = school.Generator(SEED)
    people = {}
    staff_rows = []
    for role, position, sex in STAFF:
        older = role in ("head", "control", "director_imc")
        first = ((school.MEN_OLDER if older else school.MEN_ADULT) if sex == "м"
                 else (school.WOMEN_OLDER if older else school.WOMEN_ADULT))
        p = g.person(sex, first)
        people[role] = p
        staff_rows.append(dict(fio=p.fio, sex=p.sex, position=position, phone=g.phone(),
                               email=g.email(p, "ensk-edu.example.ru")))
    school.write_keyvalue(wb, schema, "org", dict(
        founder=f"Администрация {DISTRICT_GEN}", full_name=COMMITTEE, short_name="Комитет по образованию",
        district=DISTRICT_NAME, district_gen=DISTRICT_GEN,
        address=f"{REGION}, {CITY}, ул. Советская, д. 14", city=CITY,
        inn=school.inn_legal(rng), kpp="001201001", ogrn=school.ogrn(rng, 2006),
        phone="+7 (81299) 2-11-05", email="edu@ensk-edu.example.ru", website="https://ensk-edu.example.ru",
        head=people["head"].fio,
        centre="Муниципальное казённое учреждение «Энский информационно-методический центр»",
        centre_short="МКУ «Энский ИМЦ»", centre_responsible=people["centre"].fio,
        coordinator=people["coordinator"].fio, control=people["control"].fio,
        period_start=2025, period_end=2027,
        basis_kind="распоряжение министерства образования Энской области", basis_number="412-р",
        basis_date=dt.date(2025, 6, 30),
        basis_title="О внедрении региональной целевой модели наставничества обучающихся в Энской области",
        local_acts_deadline=dt.date(2025, 9, 30), registry_deadline=dt.date(2026, 11, 20),
        letter_number="01-14/612", letter_date=dt.date(2025, 8, 27), order_year_start="заново с 1",
    ))
    school.write_table(wb, schema, "staff", staff_rows)
    rows = []
    for spec in SCHOOLS:
        code, full_name, short_name, place, join, has_inn, _has, *_ = spec
        known = listed.get(code)
        if known is None:  # a school with no registry in the example: the list says what it knows
            sex = g.sex()
            d = g.person(sex, school.WOMEN_OLDER if sex == "ж" else school.MEN_OLDER)
            known = dict(inn=school.inn_legal(rng), director=d.fio, director_sex=d.sex,
                         address=f"{REGION}, {DISTRICT_NAME}, {place}, ул. Центральная, д. {rng.randrange(1, 30)}",
                         phone=f"+7 (81299) 2-{rng.randrange(10, 99)}-{rng.randrange(10, 99)}")
            if code != "ЭР-008":  # the school that sent nothing and has no curator yet
                c = g.person("ж", school.WOMEN_ADULT)
                known.update(curator=c.fio, curator_sex=c.sex, curator_position="заместитель директора по УВР")
        row = dict(code=code, full_name=full_name, short_name=short_name, join_year=join, **known)
        if not has_inn:
            row.pop("inn")
        rows.append(row)
    school.write_table(wb, schema, "schools", rows)
    roadmap = []
    for section, events in ROADMAP:
        for event, result, doc, start, end, municipal, at_school in events:
            roadmap.append(dict(section=section, event=event, result=result, doc_type=doc, start=_date(start),
                                end=_date(end), municipal_executor=municipal or None,
                                school_executor=at_school or None))
    school.write_table(wb, schema, "roadmap", roadmap)
    school.write_table(wb, schema, "kpis", [
        {"name": name, "formula": formula, "unit": "%", "metric": metric, **dict(zip(school.YEARS, values))}
        for name, formula, metric, values in KPIS], extra_columns=school.YEARS)
    signed = people["head"].initials
    school.write_table(wb, schema, "orders", [dict(number=n, date=d, template=t, title=title, signed_by=signed)
                                              for n, d, t, title in ORDERS])
    wb.properties.title = f"Реестр района — {DISTRICT_NAME} (вымышленный)"
    wb.active = 0
    return wb


def build(out: Path = DEFAULT_OUT) -> list[Path]:
    """Write the district's registry and its schools' into ``out``; the files written."""
    rng = random.Random(SEED)
    (out / "schools").mkdir(parents=True, exist_ok=True)
    written, listed = [], {}
    for i, spec in enumerate(SCHOOLS):
        if not spec[6]:
            continue
        wb, listed[spec[0]] = build_school(i, spec, rng)
        path = out / "schools" / f"school-{spec[0][-3:]}.xlsx"
        save_workbook(wb, path, timestamp=TIMESTAMP)
        written.append(path)
    path = out / "registry.xlsx"
    save_workbook(build_district(listed, rng), path, timestamp=TIMESTAMP)
    return [path, *written]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Собрать пример района: реестр района и реестры его школ.")
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT,
                        help=f"папка (по умолчанию {DEFAULT_OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(f"записан {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
