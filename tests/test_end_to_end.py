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


def _minor_rows() -> list[tuple[str, str]]:
    """(ФИО, class as typed) of every minor, read with openpyxl independently of docgen."""
    ws = openpyxl.load_workbook(EXAMPLE, read_only=True)["Наставляемые"]
    rows = ws.iter_rows(values_only=True)
    header = next(rows)
    fio, birth, klass = header.index("ФИО"), header.index("Дата рождения"), header.index("Класс")
    return [(r[fio], r[klass]) for r in rows if r[fio] and age_on(r[birth].date(), AS_OF) < 18]


def _minors() -> list[str]:
    return [fio for fio, _ in _minor_rows()]


def test_demo_makes_the_order_and_one_consent_per_minor(demo):
    minors = _minors()
    classes = {klass for _, klass in _minor_rows()}
    assert demo.counts == {"consent_parent": len(minors), "consent_tracking": len(classes), "order_intro": 1}
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
    assert "на основании приказа управления образования администрации Северогорского района от 20.08.2025" in text
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


def _page_texts(pdf: Path) -> list[str]:
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@pytest.mark.slow
def test_duplex_print_file_and_its_pdf_match_the_separate_forms(tmp_path):
    """Page count of the duplex PDF = each form's pages rounded up to even (the last one not),
    every form starts on an odd page, in class-then-surname order."""
    from docgen.output.pdf import page_count

    sel = api.Selection.parse(where=["Класс=8А;9Б;10В"])
    separate = api.make(["consent_parent"], EXAMPLE, tmp_path / "each", as_of=AS_OF, select=sel,
                        outputs=api.Outputs(pdf=True))
    pages = [page_count(p) for p in separate.pdfs]
    assert len(pages) == len(separate.files) >= 10
    merged = api.make(["consent_parent"], EXAMPLE, tmp_path / "print", as_of=AS_OF, select=sel,
                      outputs=api.Outputs(merge=True, duplex=True, pdf=True))
    assert len(merged.pdfs) == 1 and merged.pdfs[0].suffix == ".pdf"
    expected = sum(p + p % 2 for p in pages[:-1]) + pages[-1]
    assert page_count(merged.pdfs[0]) == expected

    texts = _page_texts(merged.pdfs[0])
    starts = [i + 1 for i, t in enumerate(texts) if "СОГЛАСИЕ" in t]
    assert len(starts) == len(pages)
    assert all(n % 2 == 1 for n in starts), starts
    # the order of the forms is the order of the separate files (class, then surname)
    firsts = [texts[n - 1] for n in starts]
    for text, docx in zip(firsts, separate.files):
        surname = docx.stem.split(" ")[1]
        assert surname[:-1] in text  # the child's surname (declined) is on the form's first page
