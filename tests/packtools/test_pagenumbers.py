"""Page numbers from page 2, top centre (ГОСТ Р 7.0.97-2016 п. 6.5), on every template."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import pytest
from docx import Document

from docgen import api
from docgen.packtools.pagenumbers import add_page_numbers, has_page_numbers
from docgen.records.selection import Selection
from tests.helpers import EXAMPLE, ROOT, soffice_pdf_texts

TEMPLATES = sorted((ROOT / "templates").glob("*.docx")) + sorted(
    (ROOT / "examples" / "packs" / "ensk" / "docgen_pack_ensk" / "templates").glob("*.docx"))
BASE = ROOT / "docgen" / "packtools" / "assets" / "base.docx"


@pytest.mark.parametrize("path", [*TEMPLATES, BASE], ids=lambda p: p.stem)
def test_every_template_numbers_its_pages_from_the_second(path):
    assert has_page_numbers(path)
    with zipfile.ZipFile(path) as zf:
        document = zf.read("word/document.xml").decode()
    assert document.count("<w:titlePg/>") == document.count("<w:sectPr")  # page 1 has its own, empty header


def test_adding_numbers_keeps_the_body_and_is_done_once(tmp_path):
    path = tmp_path / "t.docx"
    doc = Document()
    doc.add_paragraph("{{ org.full_name }}")
    doc.save(path)
    body = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert not has_page_numbers(path)
    assert add_page_numbers(path) and has_page_numbers(path)
    after = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert "{{ org.full_name }}" in after and after.count("<w:p>") == body.count("<w:p>")
    before = path.read_bytes()
    assert not add_page_numbers(path) and path.read_bytes() == before


def test_a_template_with_a_header_of_its_own_is_left_alone(tmp_path):
    path = tmp_path / "t.docx"
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Бланк школы"
    doc.save(path)
    before = path.read_bytes()
    assert not add_page_numbers(path) and path.read_bytes() == before


def _first_lines(pdf_text: str) -> list[str]:
    """The first non-empty line of every page."""
    return [next((line.strip() for line in page.splitlines() if line.strip()), "")
            for page in pdf_text.split("\f") if page.strip()]


@pytest.mark.slow
def test_libreoffice_prints_numbers_from_page_two_also_in_a_print_file(tmp_path):
    result = api.make(["order_roadmap", "register_mentees", "agreement_pair"], EXAMPLE, tmp_path / "out",
                      outputs=api.Outputs(merge=True), orders=api.OrderOptions(register=False, draft=True),
                      select=Selection(rows=((2, 4),)))
    order = next(f for f in result.files if f.parent.name == "Приказы")
    register = next(f for f in result.files if f.parent.name == "Реестры")
    prints = result.print_files
    assert prints
    copies = {p: tmp_path / f"{i}.docx" for i, p in enumerate([order, register, prints[0]])}
    for src, dst in copies.items():
        shutil.copy(src, dst)
    texts = soffice_pdf_texts(list(copies.values()))
    for path in (copies[order], copies[register]):
        lines = _first_lines(texts[path])
        assert len(lines) > 2 and not lines[0].isdigit()
        assert lines[1:] == [str(k) for k in range(2, len(lines) + 1)]
    lines = _first_lines(texts[copies[prints[0]]])
    records = [i for i, line in enumerate(lines) if not line.isdigit()]
    assert len(records) >= 2  # every record of the print file starts unnumbered, then 2, 3…
    for start, end in zip(records, [*records[1:], len(lines)]):
        assert lines[start + 1:end] == [str(k) for k in range(2, end - start + 1)]


def test_pdftotext_is_there():
    assert subprocess.run(["pdftotext", "-v"], capture_output=True).returncode == 0
