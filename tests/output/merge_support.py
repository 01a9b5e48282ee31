"""Templates for the print-file tests, built with python-docx (tests/output/test_merge.py and
tests/acceptance/test_merge.py), and the merge of records into one print file."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

from docgen.output.merge import PrintFileBuilder
from docgen.render.environment import make_env
from docgen.render.template import CompiledTemplate

NAMES = ["Иванов Иван", "Петрова Анна", "Сидоров & Ко <ООО>", "Ёлкина Юлия", "Шмидт Карл"]
EXPLICIT_NUM_ID = "90"


# Pages per record in the duplex test: 1, 2, 1, 1, 2 → every record must start on an odd page.
LONG = [False, True, False, False, True]


def png(width: int = 4, height: int = 4) -> bytes:
    """A tiny red PNG, made by hand so the tests need no image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _add_explicit_list(doc) -> None:
    """An abstract numbering "1)", "1.1)" … and a w:num 90 for it, placed schema-valid."""
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{".".join(f"%{j + 1}" for j in range(i + 1))})"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{720 * (i + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for i in range(9))
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{EXPLICIT_NUM_ID}">'
                         f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>')
    numbering.find(qn("w:num")).addprevious(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{EXPLICIT_NUM_ID}">'
                               f'<w:abstractNumId w:val="{EXPLICIT_NUM_ID}"/></w:num>'))


def _numbered(paragraph, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/>'
                            f'<w:numId w:val="{EXPLICIT_NUM_ID}"/></w:numPr>'))


W14_PARA_ID = "{http://schemas.microsoft.com/office/word/2010/wordml}paraId"


def make_template(tmp_path: Path, *, header_field: bool = True, body_field: bool = True,
                  end_with_table: bool = False, two_sections: bool = False, name: str = "t.docx") -> Path:
    doc = Document()
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = "Шапка: {{ name }}" if header_field else "Шапка без полей"
    header._p.set(W14_PARA_ID, "1A2B3C4D")  # as Word writes them
    header.add_run().add_picture(BytesIO(png()), width=Cm(0.5))
    footer = section.footer.paragraphs[0]
    footer.text = "Подвал, стр. "
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    _add_explicit_list(doc)

    title = doc.add_paragraph()
    title._p.append(parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="0" w:name="title"/>'))
    title.add_run("Согласие: {{ name }}" if body_field else "Согласие")
    title._p.set(W14_PARA_ID, "2B3C4D5E")
    title._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="0"/>'))
    ref = doc.add_paragraph("См. ")
    ref._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" REF title \\h "><w:r><w:t>x</w:t></w:r></w:fldSimple>'))
    ref._p.append(parse_xml(f'<w:hyperlink {nsdecls("w")} w:anchor="title"><w:r><w:t> (к заголовку)</w:t></w:r></w:hyperlink>'))
    for text in ("Пункт первый", "Пункт второй", "Пункт третий"):
        doc.add_paragraph(text, style="List Number")
    for text, ilvl in (("Раздел А", 0), ("Подраздел", 1), ("Раздел Б", 0)):
        _numbered(doc.add_paragraph(text), ilvl)
    doc.add_picture(BytesIO(png()), width=Cm(1))
    if body_field:  # a second page for records with ``long``
        doc.add_paragraph("{%p if long %}")
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_paragraph("Вторая страница: {{ name }}")
        doc.add_paragraph("{%p endif %}")
    if two_sections:
        doc.add_section(WD_SECTION.NEW_PAGE)
        doc.add_paragraph("Приложение к форме")
    doc.add_paragraph("Конец формы")
    if end_with_table:
        table = doc.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "ФИО"
        table.cell(0, 1).text = "{{ name }}" if body_field else "—"
    path = tmp_path / name
    doc.save(path)
    return path


def merge(path: Path, names: list[str], *, duplex: bool = False, long: list[bool] | None = None) -> bytes:
    compiled = CompiledTemplate(path, make_env(), "t")
    builder = PrintFileBuilder(compiled, duplex=duplex)
    for i, name in enumerate(names):
        builder.add(compiled.render_parts({"name": name, "long": bool(long and long[i])}))
    return builder.finish()
