"""Markup Word's validator rejects, rewritten as Word writes it (docgen.ooxml.normalise).

The pure functions are checked on small XML snippets; the committed templates (the built-in
pack, the Энский район pack, the base document of new packs) are checked to be normal already,
so that a template edited or rebuilt into markup Word calls an error fails here rather than on a
school's computer. The real validator runs in ``tests/acceptance/test_ooxml_validator.py`` (slow).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from docgen.ooxml import wordml
from docgen.ooxml.normalise import (
    normalise_docx_file,
    normalise_docx_parts,
    normalise_wordml,
    normalise_xlsx,
    xlsx_font_order,
)

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = [*sorted((ROOT / "templates").glob("*.docx")),
             *sorted((ROOT / "examples" / "packs" / "ensk" / "docgen_pack_ensk" / "templates").glob("*.docx")),
             ROOT / "docgen" / "packtools" / "assets" / "base.docx"]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOC = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}" '
       'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w:body>{}</w:body></w:document>')


def _doc(body: str) -> bytes:
    return DOC.replace("{}", body).encode("utf-8")


def _children(xml: bytes, path: str) -> list[str]:
    el = etree.fromstring(xml).find(path, {"w": W_NS})
    return [etree.QName(c).localname if isinstance(c.tag, str) else "#" for c in el]


# --------------------------------------------------------------------------- WordprocessingML


def test_duplicate_tbl_layout_after_tbl_look_is_dropped():
    """What python-docx's ``table.autofit = False`` plus an appended <w:tblLayout> made (76
    tables of the built-in templates had it)."""
    xml = _doc('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/>'
               '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/><w:tblLayout w:type="fixed"/></w:tblPr>'
               '<w:tblGrid/></w:tbl>')
    assert _children(normalise_wordml(xml), ".//w:tblPr") == ["tblStyle", "tblW", "tblLayout", "tblLook"]


def test_tbl_borders_appended_after_tbl_look_moves_into_place():
    xml = _doc('<w:tbl><w:tblPr><w:tblW w:type="auto" w:w="0"/><w:tblLayout w:type="fixed"/>'
               '<w:tblLook w:val="04A0"/><w:tblBorders><w:left w:val="nil"/><w:top w:val="nil"/></w:tblBorders>'
               '</w:tblPr><w:tblGrid/></w:tbl>')
    out = normalise_wordml(xml)
    assert _children(out, ".//w:tblPr") == ["tblW", "tblBorders", "tblLayout", "tblLook"]
    assert _children(out, ".//w:tblBorders") == ["top", "left"]


def test_the_last_of_repeated_properties_wins():
    xml = _doc('<w:p><w:pPr><w:jc w:val="left"/><w:spacing w:after="0"/><w:jc w:val="center"/></w:pPr></w:p>')
    out = normalise_wordml(xml)
    assert _children(out, ".//w:pPr") == ["spacing", "jc"]
    assert etree.fromstring(out).find(".//w:jc", {"w": W_NS}).get(f"{{{W_NS}}}val") == "center"


def test_on_off_only_table_properties_are_written_as_word_writes_them():
    xml = _doc('<w:tbl><w:tblPr/><w:tblGrid/><w:tr><w:trPr><w:tblHeader w:val="true"/>'
               '<w:cantSplit w:val="0"/><w:hidden w:val="true"/></w:trPr><w:tc><w:tcPr><w:noWrap w:val="1"/></w:tcPr>'
               '<w:p/></w:tc></w:tr></w:tbl>')
    out = normalise_wordml(xml).decode("utf-8")
    assert "<w:tblHeader/>" in out and '<w:cantSplit w:val="off"/>' in out and "<w:noWrap/>" in out
    assert '<w:hidden w:val="true"/>' in out  # ST_OnOff for the SDK too: left alone


def test_zoom_gets_the_percent_iso_requires():
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{W_NS}">'
           '<w:zoom w:val="bestFit"/></w:settings>').encode("utf-8")
    assert b'<w:zoom w:val="bestFit" w:percent="100"/>' in normalise_wordml(xml)


def test_a_valid_part_is_returned_as_it_is():
    xml = _doc('<w:tbl><w:tblPr><w:tblW w:type="auto" w:w="0"/><w:tblLayout w:type="fixed"/>'
               '<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid/><w:tr><w:trPr><w:tblHeader/></w:trPr>'
               '<w:tc><w:p><w:r><w:t>{{ name }}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    assert normalise_wordml(xml) is xml


def test_unknown_children_travel_with_the_property_before_them():
    xml = _doc('<w:p><w:r><w:rPr><w:sz w:val="20"/><w14:glow w14:rad="1"/><!--x--><w:b/></w:rPr>'
               '<w:t>x</w:t></w:r></w:p>')
    assert _children(normalise_wordml(xml), ".//w:rPr") == ["b", "sz", "glow", "#"]


def test_a_container_holding_text_is_left_as_it_is():
    """A tag typed between properties is text there: moving properties would move it too."""
    xml = _doc('<w:p><w:pPr><w:jc w:val="left"/>{% if x %}<w:spacing w:after="0"/>{% endif %}</w:pPr></w:p>')
    assert normalise_wordml(xml) is xml


def test_section_keeps_every_header_reference():
    xml = _doc('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:headerReference w:type="default" w:id="a"/>'
               '<w:headerReference w:type="first" w:id="b"/><w:titlePg/></w:sectPr>')
    assert _children(normalise_wordml(xml), ".//w:sectPr") == ["headerReference", "headerReference", "pgSz", "titlePg"]


def test_the_inserting_helpers_and_the_normaliser_share_one_order():
    """merge.py's «insert before any of these» sets are cut from the same sequences."""
    order = wordml.CHILD_ORDER["sectPr"]
    assert wordml.AFTER_TYPE == {wordml.w(n) for g in order[order.index("type") + 1:] for n in g.split("|")}
    assert wordml.AFTER_SECTPR_IN_PPR == {wordml.w("pPrChange")}
    assert wordml.AFTER_NUMID == {wordml.w("numberingChange"), wordml.w("ins")}


def _texts(xml: bytes) -> list[str]:
    return list(etree.fromstring(xml).itertext())


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_templates_are_normal(path):
    """Every committed template is already as Word writes it: the normaliser finds nothing.
    (Before issue 14, 46 of the 52 templates carried a second w:tblLayout or
    <w:tblHeader w:val="true"/>, and every one lacked the w:zoom percent.)"""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    assert sorted(normalise_docx_parts(parts)) == []


def test_normalising_a_file_changes_only_markup_and_only_its_parts(tmp_path):
    """On a template as python-docx (and the old builder scripts) made it: only the changed
    parts are rewritten, every other member is copied byte for byte, no text changes."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "{%tr for p in people %}"
    table.cell(1, 0).text = "{{ p.fio }} & <b>"
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)
    path = tmp_path / "old.docx"
    doc.save(path)
    before = path.read_bytes()
    assert normalise_docx_file(path) == ["word/document.xml", "word/settings.xml"]
    with zipfile.ZipFile(io.BytesIO(before)) as a, zipfile.ZipFile(path) as b:
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
        for x, y in zip(a.infolist(), b.infolist()):
            if x.filename.endswith(".xml"):
                assert _texts(a.read(x)) == _texts(b.read(y)), x.filename
            if x.filename not in ("word/document.xml", "word/settings.xml"):
                assert (x.CRC, x.compress_size, x.date_time) == (y.CRC, y.compress_size, y.date_time)
    once = path.read_bytes()
    assert normalise_docx_file(path) == []
    assert path.read_bytes() == once  # a normal file is not written again


# --------------------------------------------------------------------------- SpreadsheetML

SML_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
EXCEL_FONT_ORDER = ["b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz",
                    "color", "name", "family", "charset", "scheme"]


def font_orders(styles: bytes) -> list[list[str]]:
    return [[etree.QName(c).localname for c in font] for font in etree.fromstring(styles).iter(f"{{{SML_NS}}}font")]


def in_excel_order(styles: bytes) -> bool:
    return all(names == sorted(names, key=EXCEL_FONT_ORDER.index) for names in font_orders(styles))


def test_font_children_in_excel_order():
    styles = (f'<styleSheet xmlns="{SML_NS}"><fonts count="2"><font><name val="Calibri"/><family val="2"/>'
              '<color theme="1"/><sz val="11"/><scheme val="minor"/></font><font><i val="1"/>'
              '<color rgb="00666666"/><sz val="9"/></font></fonts></styleSheet>').encode()
    out = xlsx_font_order(styles)
    assert font_orders(out) == [["sz", "color", "name", "family", "scheme"], ["i", "sz", "color"]]
    assert xlsx_font_order(out) is out


def test_normalising_a_workbook_keeps_every_other_member():
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.active["A1"] = "x"
    wb.active["A1"].font = Font(name="Arial", bold=True, size=12, color="FF0000")
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    fixed = normalise_xlsx(data)
    with zipfile.ZipFile(io.BytesIO(data)) as a, zipfile.ZipFile(io.BytesIO(fixed)) as b:
        assert a.namelist() == b.namelist()
        assert [n for n in a.namelist() if a.read(n) != b.read(n)] == ["xl/styles.xml"]
        assert in_excel_order(b.read("xl/styles.xml"))
    assert normalise_xlsx(fixed) is fixed
