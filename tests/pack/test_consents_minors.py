"""Issue 15, «Done when»: every participant who is a minor — mentee or pupil mentor — gets a
parental processing consent and a parental distribution consent; adults get their own; the
consent-tracking sheets and the monitoring report count every participant. Every expected number
is derived here from the workbook read with openpyxl, never with docgen."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from docgen import api
from tests.helpers import EXAMPLE, docx_text, edited_copy, org_cell, org_values, sheet_rows, years_on

pytestmark = pytest.mark.slow  # renders every minor's consents of the example: ~16 s (the fast command stays under a minute; CI runs it)

ON = date(2026, 11, 23)
SHEETS = ("Наставляемые", "Наставники")
PUPIL_CATEGORIES = ("обучающийся", "студент", "выпускник")


def people() -> dict[str, dict]:
    """Every participant by code, with «_sheet»."""
    return {r["Код"]: {**r, "_sheet": sheet} for sheet in SHEETS for r in sheet_rows(EXAMPLE, sheet)}


def is_minor(p: dict) -> bool:
    return bool(p["Дата рождения"]) and years_on(p["Дата рождения"], ON) < 18


def is_adult(p: dict) -> bool:
    if p["Дата рождения"]:
        return years_on(p["Дата рождения"], ON) >= 18
    return p["_sheet"] == "Наставники" and p["Категория"] not in PUPIL_CATEGORIES


def minors() -> set[str]:
    return {c for c, p in people().items() if is_minor(p)}


def adults() -> set[str]:
    return {c for c, p in people().items() if is_adult(p)}


def first_parent(code: str) -> dict:
    return next(p for p in sheet_rows(EXAMPLE, "Родители") if p["Ребёнок"] == code)


def made_codes(result) -> list[tuple[str, Path]]:
    """(code of the participant, document) for each document made for one row, from the inventory's
    «Запись реестра» («Наставники!14») and the sheets read with openpyxl."""
    by_place = {f"{p['_sheet']}!{p['_row']}": c for c, p in people().items()}
    inventory = next(p for p in result.manifest if p.suffix == ".csv")
    with open(inventory, encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter=";") if r["Вид файла"] == "документ" and "!" in r["Запись реестра"]]
    return [(by_place[r["Запись реестра"]], result.out_dir / r["Файл"]) for r in rows]


def in_folder(result, folder: str) -> dict[str, Path]:
    """code → document of the documents in one folder (one template)."""
    found = [(c, p) for c, p in made_codes(result) if p.parent.name == folder]
    assert len({c for c, _ in found}) == len(found), f"two documents for one person in «{folder}»"
    return dict(found)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("minors")
    return api.make(["consent_parent", "consent_distribution_parent", "consent_adult", "consent_adult_mentee",
                     "consent_distribution", "consent_distribution_mentee", "consent_tracking",
                     "consent_tracking_adults", "monitoring_report"], EXAMPLE, out, as_of=ON)


def by_template(made, tid: str) -> list[Path]:
    return made.by_template[tid]


def test_every_minor_gets_a_parental_processing_consent(made):
    expected = minors()
    assert len(expected) == 180 and {c[:1] for c in expected} == {"У", "Н"}  # 160 mentees, 20 pupil mentors
    parent_docs = in_folder(made, "Согласия родителей")
    assert set(parent_docs) == expected
    for code, path in parent_docs.items():
        text = docx_text(path)
        assert f"Я, {first_parent(code)['ФИО']}," in text, code
        role = "наставника" if code.startswith("Н") else "наставляемого"
        assert f"в качестве {role} (форма" in text, code


def test_every_minor_gets_a_parental_distribution_consent(made):
    docs = in_folder(made, "Согласия на распространение (родители)")
    assert set(docs) == minors()
    pages = [u.strip() for u in org_values(EXAMPLE)["Страницы сайта для публикации"].split(";")]
    for code, path in list(docs.items())[:40]:
        text = docx_text(path)
        assert f"Я, {first_parent(code)['ФИО']}," in text
        assert all(url in text for url in pages), code
        table = Document(str(path)).tables[0]
        assert [r.cells[3].text.split() for r in table.rows[1:]] == [["☐", "да", "☐", "нет"]] * 7  # nothing ticked


def test_adults_get_their_own_consents_and_no_minor_does(made):
    processing = set(in_folder(made, "Согласия наставников")) | set(in_folder(made, "Согласия наставляемых"))
    distribution = set(in_folder(made, "Согласия на распространение"))
    assert processing == distribution == adults()
    assert len(adults()) + len(minors()) == len(people()) == 224


def _table_rows(path: Path) -> list[list[str]]:
    table = Document(str(path)).tables[0]
    return [[c.text.strip() for c in row.cells] for row in table.rows[1:]]


def test_tracking_sheets_count_every_participant(made):
    everyone = people()
    per_class = [row for path in by_template(made, "consent_tracking") for row in _table_rows(path)]
    [adult_sheet] = by_template(made, "consent_tracking_adults")
    adult_rows = _table_rows(adult_sheet)
    assert len(per_class) == len(minors()) and len(adult_rows) == len(adults())
    assert len(per_class) + len(adult_rows) == len(everyone)
    names = sorted(r[1] for r in per_class + adult_rows)
    assert names == sorted(p["ФИО"] for p in everyone.values())
    returned = sum(1 for r in per_class if r[5] != "нет")
    assert returned == sum(1 for c in minors() if everyone[c]["Согласие получено"])
    published = sum(1 for r in per_class if r[6] != "—")
    assert published == sum(1 for c in minors() if everyone[c]["Согласие на распространение получено"])
    roles = {r[2] for r in per_class}
    assert roles == {"наставляемый", "наставник"}
    text = docx_text(adult_sheet)
    assert f"Участников в списке: {len(adults())}" in text


def _pct(n: int, total: int) -> str:
    return f"{round(100 * n / total, 1)}".replace(".", ",") + "\u00a0%"


def test_monitoring_report_counts_every_participant(made):
    [report] = by_template(made, "monitoring_report")
    table = next(t for t in Document(str(report)).tables if t.rows[0].cells[0].text == "Участники")
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    everyone = people()
    groups = [("Несовершеннолетние наставляемые", lambda p: p["_sheet"] == "Наставляемые" and is_minor(p)),
              ("Несовершеннолетние наставники", lambda p: p["_sheet"] == "Наставники" and is_minor(p)),
              ("Совершеннолетние наставляемые", lambda p: p["_sheet"] == "Наставляемые" and not is_minor(p)),
              ("Совершеннолетние наставники", lambda p: p["_sheet"] == "Наставники" and not is_minor(p)),
              ("Всего", lambda p: True)]
    expected = []
    for label, test in groups:
        group = [p for p in everyone.values() if test(p)]
        n = sum(1 for p in group if p["Согласие получено"])
        d = sum(1 for p in group if p["Согласие на распространение получено"])
        expected.append([label, str(len(group)), str(n), _pct(n, len(group)), str(d), _pct(d, len(group))])
    assert rows == expected
    assert expected[-1][1] == "224"


def test_the_operator_is_named_in_the_dative(made):
    for tid in ("consent_parent", "consent_distribution_parent", "consent_adult", "consent_adult_mentee",
                "consent_distribution", "consent_distribution_mentee"):
        text = docx_text(by_template(made, tid)[0])
        assert "оператору —" not in text and "оператору:" not in text, tid
        assert ("согласие Муниципальному автономному общеобразовательному учреждению «Средняя общеобразовательная "
                "школа № 7» города Северогорска") in text.replace("\u00a0", " "), tid
        assert "(далее — оператор)" in text


def test_a_processor_is_named_when_there_is_one(tmp_path, made):
    for tid in ("consent_parent", "consent_adult"):
        text = docx_text(by_template(made, tid)[0])
        assert "Обработка персональных данных по поручению оператора другим лицам не поручается." in text
        assert "сообщит мне наименование" not in text
    reg = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {
        ("Организация", org_cell(EXAMPLE, "Лицо по поручению оператора — наименование")): "ООО «Электронная школа»",
        ("Организация", org_cell(EXAMPLE, "Лицо по поручению оператора — адрес")): "г. Северогорск, ул. Мира, д. 3"})
    files = [f for tid, code in (("consent_parent", "У-001"), ("consent_adult", "Н-001"))
             for f in api.make([tid], reg, tmp_path / tid, as_of=ON, select=api.Selection.parse(people=[code]),
                               outputs=api.Outputs(manifest=False)).files]
    assert len(files) == 2
    for path in files:
        assert ("Лицо, осуществляющее обработку персональных данных по поручению оператора: ООО «Электронная "
                "школа», адрес: г. Северогорск, ул. Мира, д. 3.") in docx_text(path)


def test_a_foreign_parent_document_is_printed_as_it_is(made):
    foreign = next(p for p in sheet_rows(EXAMPLE, "Родители") if p.get("Документ родителя"))
    assert api.check(EXAMPLE, as_of=ON) == []
    path = in_folder(made, "Согласия родителей")[foreign["Ребёнок"]]
    text = docx_text(path).replace("\u00a0", " ")
    issued = foreign["Документ — дата выдачи"].strftime("%d.%m.%Y")
    assert (f"Я, {foreign['ФИО']}, {foreign['Документ родителя']} № {foreign['Документ — номер']}, выдан "
            f"{foreign['Документ — кем выдан']} {issued}, ") in text
    assert "серия" not in text.split("являясь")[0]


def test_a_minor_mentor_is_described_as_a_mentor(made):
    mentor = next(p for p in people().values() if p["_sheet"] == "Наставники" and is_minor(p))
    path = in_folder(made, "Согласия родителей")[mentor["Код"]]
    text = docx_text(path).replace("\u00a0", " ")
    number, letter = re.match(r"(\d+) «(.)»", mentor["Класс"]).groups()
    assert f"{number} «{letter}» класса МАОУ «СОШ № 7»" in text
    assert "в качестве наставника (форма наставничества «ученик – ученик»)" in text


def test_conditions_and_choices_are_never_preprinted(made):
    """The subject ticks the table and writes conditions by hand: what the registry records of a
    returned consent is not printed into a blank form."""
    codes = in_folder(made, "Согласия на распространение")
    with_conditions = [p for p in people().values() if p.get("Условия и запреты распространения") and is_adult(p)]
    assert with_conditions
    for p in with_conditions:
        path = codes[p["Код"]]
        text = docx_text(path)
        assert p["Условия и запреты распространения"] not in text
        assert "иные условия и запреты (для каких сведений из таблицы, какие именно):" in text
        assert "☑" not in text and "☒" not in text
