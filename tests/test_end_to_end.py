"""The main job end to end on the example registry: real documents, opened by python-docx
and converted by real LibreOffice, whose PDF text must carry the expected values."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from docgen import api
from docgen.formatting import age_on

from .helpers import EXAMPLE, docx_text, soffice_pdf_texts

AS_OF = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> api.MakeResult:
    return api.demo(tmp_path_factory.mktemp("demo"), as_of=AS_OF)


def _minors() -> list[str]:
    ws = openpyxl.load_workbook(EXAMPLE, read_only=True)["Наставляемые"]
    rows = ws.iter_rows(values_only=True)
    header = next(rows)
    fio, birth = header.index("ФИО"), header.index("Дата рождения")
    return [r[fio] for r in rows if r[fio] and age_on(r[birth].date(), AS_OF) < 18]


def test_demo_makes_the_order_and_one_consent_per_minor(demo):
    minors = _minors()
    assert demo.counts == {"consent_parent": len(minors), "order_intro": 1}
    consents = [p for p in demo.files if p.parent.name == "Согласия родителей"]
    assert len(consents) == len(minors) >= 100
    assert len({p.name for p in demo.files}) == len(demo.files)
    assert not list(demo.out_dir.glob(".docgen-tmp-*"))


def test_order_names_the_curator_in_the_right_cases(demo):
    order = next(p for p in demo.files if p.parent.name == "Приказы")
    text = docx_text(order)
    assert "Назначить заместителя директора по УВР Соловьёву Евгению Петровну куратором" in text
    assert "ответственной за взаимодействие" in text
    assert "Заместителю директора по УВР Соловьёвой\u00a0Е.П.:" in text
    assert "Н.П.\u00a0Рыбакова" in text  # director's signature, GOST order
    assert "«01» сентября 2025\u00a0г.\t№\u00a0118-од" in text
    assert "Приложение № 2" in text and "6.1" in text  # roadmap sections numbered
    assert "{{" not in text and "{%" not in text and "None" not in text


@pytest.mark.slow
def test_every_document_converts_in_libreoffice(demo):
    order = next(p for p in demo.files if p.parent.name == "Приказы")
    consents = sorted(p for p in demo.files if p.parent.name == "Согласия родителей")
    texts = soffice_pdf_texts([order, *consents])
    assert len(texts) == len(consents) + 1
    flat = {p: re.sub(r"\s+", " ", t) for p, t in texts.items()}
    assert "ПРИКАЗ" in flat[order] and "ПРИКАЗЫВАЮ:" in flat[order]
    assert "С приказом ознакомлены:" in flat[order]
    for path in consents:
        text = flat[path]
        child = path.stem.split(" — ")[0].split(" ", 1)[1]
        assert "СОГЛАСИЕ" in text
        # The nine items of 152-ФЗ art. 9 part 4, each present:
        for marker in ["паспорт серия", "на основании документа", "даю согласие оператору",
                       "Цель обработки", "Перечень персональных данных", "по поручению оператора",
                       "Перечень действий", "Согласие действует", "отозвать согласие", "(подпись)"]:
            assert marker in text, (path.name, marker)
        assert child.split()[0][:4] in text  # the child's surname (declined) is printed
        assert "{{" not in text and "None" not in text and "«»" not in text
