"""`docgen pack lint` warns about template markup Word's validator rejects (typical of a template
made by a program) and says how to fix it: open the template in Word and save it. docgen never
rewrites the template itself; the documents it makes are normalised anyway
(tests/render/test_template_markup.py)."""

from __future__ import annotations

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from docgen.packtools.lint import WARNING, lint_pack
from docgen.packtools.scaffold import TEMPLATE_ID, new_pack


def _markup_warnings(report) -> list:
    return [p for p in report.problems if p.level == WARNING and "Office Open XML" in p.message]


def test_lint_warns_about_markup_word_calls_an_error(tmp_path):
    pack = new_pack("school", tmp_path / "school") / "docgen_pack_school"
    path = pack / "templates" / f"{TEMPLATE_ID}.docx"
    # python-docx's own settings.xml lacks the w:zoom percent: only the ISO schemas mind, not Word
    doc = Document()
    doc.add_paragraph("{{ mentor.fio }}")
    table = doc.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "{{ mentor.fio }}"
    doc.save(str(path))
    assert _markup_warnings(lint_pack(pack)) == []
    # what the retired builder scripts wrote for a repeated header row: Word's validator refuses it
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)
    doc.save(str(path))
    before = path.read_bytes()
    report = lint_pack(pack)
    [found] = _markup_warnings(report)
    assert found.where == f"templates/{TEMPLATE_ID}.docx, основной текст"
    assert "сохраните" in found.message and "Word" in found.message
    assert report.errors == []
    assert path.read_bytes() == before  # lint reads, never writes
