"""A template whose markup Word's validator rejects (as python-docx and other programs write it)
gives documents and print files Word opens without "repairing" them: CompiledTemplate writes the
markup as Word does (docgen.ooxml.normalise), in memory. The school's template file is never
changed; `docgen pack lint` warns about it instead (tests/packtools/test_lint_markup.py)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from docgen.ooxml.normalise import normalise_docx_parts
from docgen.output.merge import PrintFileBuilder
from docgen.render.environment import make_env
from docgen.render.template import CompiledTemplate

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def program_made_template(folder: Path) -> Path:
    """What the retired builder scripts wrote: a second w:tblLayout and w:tblBorders after
    w:tblLook, <w:tblHeader w:val="true"/> on the repeated header row."""
    doc = Document()
    doc.add_paragraph("Список: {{ title }}")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "ФИО"
    table.cell(1, 0).text = "{{ person }}"
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    borders = OxmlElement("w:tblBorders")
    tbl_pr.append(borders)
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)
    path = folder / "program.docx"
    doc.save(path)
    return path


def _fixable(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return normalise_docx_parts({n: zf.read(n) for n in zf.namelist()})


def _table_properties(data: bytes) -> list[list[str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    return [[etree.QName(c).localname for c in pr] for pr in root.iter(f"{{{W}}}tblPr")]


def test_documents_of_a_program_made_template_are_as_word_writes_them(tmp_path):
    path = program_made_template(tmp_path)
    before = path.read_bytes()
    assert sorted(_fixable(before)) == ["word/document.xml", "word/settings.xml"]
    compiled = CompiledTemplate(path, make_env(), "program")
    document = compiled.render({"title": "наставники", "person": "Иванов"})
    assert _fixable(document) == {}
    assert _table_properties(document) == [["tblW", "tblBorders", "tblLayout", "tblLook"]]
    assert b'<w:tblHeader w:val="true"/>' not in zipfile.ZipFile(io.BytesIO(document)).read("word/document.xml")
    assert path.read_bytes() == before  # the template file is left as it is


def test_print_files_of_a_program_made_template_are_as_word_writes_them(tmp_path):
    compiled = CompiledTemplate(program_made_template(tmp_path), make_env(), "program")
    builder = PrintFileBuilder(compiled)
    for title in ("первый", "второй", "третий"):
        builder.add(compiled.render_parts({"title": title, "person": "Иванов"}))
    merged = builder.finish()
    assert _fixable(merged) == {}
    assert len(_table_properties(merged)) == 3
