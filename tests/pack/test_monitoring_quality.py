"""The monitoring report's assessment of the programmes' quality and of the participants' growth
(methodology, Прил. 2), its conclusions, recommendations, signature line and date, and one way of
writing a class: every number counted again here from the workbook read with openpyxl."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest
from docx import Document

from docgen import api
from tests.helpers import EXAMPLE, docx_text, org_values, sheet_rows

ON = date(2026, 11, 23)


def _pct(n: int, total: int) -> str:
    return f"{round(100 * n / total, 1)}".replace(".", ",") + "\u00a0%"


def _latest() -> dict:
    rows = [r for r in sheet_rows(EXAMPLE, "Мониторинг") if r["Дата"].date() <= ON]
    return max(rows, key=lambda r: r["Дата"])


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    result = api.make(["monitoring_report"], EXAMPLE, tmp_path_factory.mktemp("report"), as_of=ON,
                      outputs=api.Outputs(manifest=False))
    [path] = result.files
    return path


def test_quality_from_the_last_monitoring_period(report):
    m = _latest()
    text = docx_text(report)
    assert "7. Оценка качества реализации программ наставничества" in text
    assert (f"По результатам анкетирования ({m['Период']}, итоги подведены {m['Дата']:%d.%m.%Y}) удовлетворены "
            f"участием в программе {_pct(m['Наставляемых удовлетворены'], m['Анкет наставляемых'])} наставляемых "
            f"({m['Наставляемых удовлетворены']} из {m['Анкет наставляемых']}) и "
            f"{_pct(m['Наставников удовлетворены'], m['Анкет наставников'])} наставников "
            f"({m['Наставников удовлетворены']} из {m['Анкет наставников']}).") in text
    for key in ("Сильные стороны", "Слабые стороны", "Возможности", "Угрозы"):
        assert key in text and m[key] in text


def test_growth_of_the_participants(report):
    m = _latest()
    mentees = sheet_rows(EXAMPLE, "Наставляемые")
    pupils = sum(1 for x in mentees if x["Категория"] == "обучающийся")
    young = sum(1 for x in mentees if x["Категория"] == "молодой педагог")
    table = next(t for t in Document(str(report)).tables if t.rows[0].cells[0].text == "Показатель"
                 and t.rows[0].cells[1].text == "Человек")
    rows = [[c.text for c in r.cells][1:] for r in table.rows[1:]]
    expected = [(m["Наставляемых с ростом успеваемости"], pupils),
                (m["Наставляемых — участников конкурсов и олимпиад"], len(mentees)),
                (m["Наставляемых, достигших цели плана"], len(mentees)),
                (m["Молодых педагогов с профессиональным ростом"], young)]
    assert rows == [[str(n), str(total), _pct(n, total)] for n, total in expected]
    assert "8. Оценка мотивационно-личностного и профессионального роста участников" in docx_text(report)


def test_conclusions_signature_and_date(report):
    m = _latest()
    text = docx_text(report)
    assert "9. Выводы и рекомендации" in text
    assert f"Выводы: {m['Выводы']}" in text and f"Рекомендации: {m['Рекомендации']}" in text
    curator = next(s for s in sheet_rows(EXAMPLE, "Сотрудники") if s["ФИО"] == org_values(EXAMPLE)["Куратор внедрения ЦМН"])
    last, first, middle = curator["ФИО"].split()
    assert f"Куратор внедрения целевой модели наставничества\t____________ {first[0]}.{middle[0]}.\u00a0{last}" in text
    paragraphs = [p.text for p in Document(str(report)).paragraphs if p.text.strip()]
    assert paragraphs[-1] == "23 ноября 2026\u00a0г." and paragraphs[-2].startswith("Куратор внедрения")


def test_satisfaction_and_partner_kpis_are_counted(report):
    m = _latest()
    mentors = sheet_rows(EXAMPLE, "Наставники")
    employees = sum(1 for x in mentors if x["Категория"] == "представитель работодателя")
    table = next(t for t in Document(str(report)).tables if t.rows[0].cells[1].text == "Показатель"
                 and t.rows[0].cells[2].text == "План, %")
    facts = {r.cells[1].text: (r.cells[3].text, r.cells[4].text) for r in table.rows[1:]}
    kpis = {k["Показатель"]: k["Расчёт по реестру"] for k in sheet_rows(EXAMPLE, "Показатели")}
    shown = lambda n, total: (f"{round(100 * n / total, 1)}".replace(".", ","), f"{n} из {total}")  # noqa: E731
    by_metric = {"удовлетворённость наставляемых": shown(m["Наставляемых удовлетворены"], m["Анкет наставляемых"]),
                 "удовлетворённость наставников": shown(m["Наставников удовлетворены"], m["Анкет наставников"]),
                 "наставники — работники партнёров": shown(employees, len(mentors))}
    for name, metric in kpis.items():
        if metric in by_metric:
            assert facts[name] == by_metric[metric], name


def test_one_way_of_writing_a_class(report):
    """«5 «А»» as every document writes it, not «5А» in one table."""
    table = next(t for t in Document(str(report)).tables if t.rows[0].cells[0].text == "Класс")
    labels = [r.cells[0].text for r in table.rows[1:]]
    assert labels and all(re.fullmatch(r"\d{1,2}\u00a0«[А-Я]»", x) for x in labels), labels
    assert not re.search(r"\b\d{1,2}[А-Я]\b", docx_text(report))


def test_without_monitoring_rows_the_report_leaves_lines_to_fill(tmp_path):
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Мониторинг"]
    ws.delete_rows(2, ws.max_row)
    path = tmp_path / "r.xlsx"
    wb.save(path)
    result = api.make(["monitoring_report"], path, tmp_path / "out", as_of=ON, outputs=api.Outputs(manifest=False))
    text = docx_text(result.files[0])
    assert "Данные анкетирования за период не внесены в реестр (лист «Мониторинг»)." in text
    assert "Данные о росте участников за период не внесены в реестр (лист «Мониторинг»)." in text
    assert re.search(r"Выводы: _{40,}", text) and re.search(r"Рекомендации: _{40,}", text)
