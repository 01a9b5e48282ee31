"""The text projection of .docx templates (`docgen pack text`): its format on small documents
built here, its stability, and that the committed projections match the templates."""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt

from docgen.errors import TemplateError
from docgen.packtools.projection import HEADER, project, project_bytes, update_projections
from tests.helpers import ROOT, CliRun, run_cli

ENSK = ROOT / "examples" / "packs" / "ensk"


def body(text: str) -> list[str]:
    """The lines after the page setup of the (first) section."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("== section"))
    return lines[start + 1:]


def save(doc, tmp_path: Path, name: str = "t.docx") -> Path:
    path = tmp_path / name
    doc.save(str(path))
    return path


def new_doc():
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(14)
    return doc


# --------------------------------------------------------------------------- the committed projections


@pytest.mark.parametrize("folder", [ROOT, ENSK, ROOT / "packs" / "municipal"], ids=["builtin", "ensk", "municipal"])
def test_committed_projections_are_current(folder):
    """Every template's .txt is what `docgen pack text` makes of its .docx. When this fails, a
    template changed without its projection: run `docgen pack text` and commit the .txt."""
    report = update_projections(folder, check=True)
    assert report.templates > 0
    assert [f"{c.template}: {c.state}" for c in report.changes] == [], "run: docgen pack text " + str(folder)


def test_every_builtin_template_has_its_projection():
    docx = sorted(p.stem for p in (ROOT / "templates").glob("*.docx"))
    txt = sorted(p.stem for p in (ROOT / "templates").glob("*.txt"))
    assert docx == txt and len(docx) == 57


# --------------------------------------------------------------------------- the format


def test_page_setup_and_styles(tmp_path):
    doc = new_doc()
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(297), Mm(210)
    s.orientation = WD_ORIENT.LANDSCAPE
    s.left_margin, s.right_margin, s.top_margin, s.bottom_margin = Mm(30), Mm(10), Mm(20), Mm(15)
    doc.styles["Normal"].paragraph_format.space_after = Pt(0)
    doc.add_paragraph("Текст")
    text = project(save(doc, tmp_path))
    assert text.startswith(HEADER + "\n")
    assert "== section 1: A4 landscape; margins top 20, right 10, bottom 15, left 30 mm;" in text
    assert "«Normal»: Times New Roman 14pt" in text and "after 0pt" in text


def test_paragraph_formatting_is_compact(tmp_path):
    doc = new_doc()
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(18)
    p.paragraph_format.keep_with_next = True
    run = p.add_run("ПРИКАЗ")
    run.bold, run.font.size = True, Pt(16)
    p = doc.add_paragraph("Во исполнение\u00a0приказа")
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.first_line_indent = Cm(1.25)
    p = doc.add_paragraph()
    p.paragraph_format.tab_stops.add_tab_stop(Cm(17), WD_TAB_ALIGNMENT.RIGHT)
    p.add_run("{{ director|position|upfirst }}\t{{ director|initials_first }}")
    doc.add_paragraph()
    p = doc.add_paragraph("Строка")
    p.add_run().add_break()
    p.add_run("ещё строка ")
    assert body(project(save(doc, tmp_path))) == [
        "[center before 18pt keep-next; 16pt] **ПРИКАЗ**",
        "[justify first-line 12.5mm] Во исполнение°приказа",
        "[tab right 170mm] {{ director|position|upfirst }}→{{ director|initials_first }}",
        "¶",
        "Строка↵ещё строка·",
    ]


def test_runs_that_look_alike_are_joined_and_formatting_is_marked(tmp_path):
    """Word splits a paragraph into runs at every edit (rsids, spell check); the projection
    joins runs that look the same, so such noise never shows in a review."""
    doc = new_doc()
    p = doc.add_paragraph()
    for piece in ("Выдана {{ mentor|", "fio('дат') }}", " в том, что"):
        p.add_run(piece)
    p._p.append(parse_xml(f'<w:proofErr {nsdecls("w")} w:type="spellStart"/>'))
    p.add_run(" участвует")
    p.add_run(" (").italic = True
    b = p.add_run("в программе")
    b.bold = b.italic = True
    p.add_run(")").italic = True
    u = p.add_run(" подпись")
    u.underline, u.font.size = True, Pt(9)
    p.add_run(" и ")
    p.add_run("{{ mentor.").bold = False
    p.add_run("fio").bold = True
    p.add_run(" }}")
    assert body(project(save(doc, tmp_path))) == [
        "Выдана {{ mentor|fio('дат') }} в том, что участвует *(**в программе**)*⟨u 9pt| подпись⟩ и "
        "{{ mentor.**fio** }}",
    ]


def test_run_formatting_of_the_whole_paragraph_joins_its_brackets(tmp_path):
    doc = new_doc()
    p = doc.add_paragraph()
    p.add_run("(подпись)").font.size = Pt(9)
    p = doc.add_paragraph()
    p.add_run("Куратор").font.size = Pt(12)
    p.add_run("\t")  # a tab's size is invisible: it does not break the paragraph's 12 pt
    p.add_run("{{ curator|initials_first }}").font.size = Pt(12)
    assert body(project(save(doc, tmp_path))) == ["[9pt] (подпись)", "[12pt] Куратор→{{ curator|initials_first }}"]


def test_page_break_and_docxtpl_paragraph_tags(tmp_path):
    doc = new_doc()
    doc.add_paragraph("{%p if org.founder %}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("{{ org.founder }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    assert body(project(save(doc, tmp_path))) == [
        "{%p if org.founder %}",  # docxtpl drops the whole paragraph: its formatting is not shown
        "{{ org.founder }}",
        "{%p endif %}",
        "⟪page break⟫",
    ]


def test_tables_as_rows(tmp_path):
    doc = new_doc()
    table = doc.add_table(rows=5, cols=3)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ["№", "ФИО", "Подпись"]):
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = True
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for p in people %}")
    row = table.rows[2].cells
    row[0].paragraphs[0].add_run("{{ loop.index }}")
    row[1].paragraphs[0].add_run("{{ p|initials }}")
    table.rows[2]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    merged = table.rows[4].cells[0].merge(table.rows[4].cells[2])
    merged.paragraphs[0].add_run("Всего: {{ people|length }}")
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), (1, 9, 6)):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for cell in table.columns[0].cells:
        for p in cell.paragraphs:
            for r in p.runs:
                r.font.size = Pt(12)
    for cell in table.columns[1].cells + table.columns[2].cells:
        for p in cell.paragraphs:
            for r in p.runs:
                r.font.size = Pt(12)
    assert body(project(save(doc, tmp_path))) == [
        "table «Table Grid», text 12pt; cols 10 | 90 | 60 mm",
        "| [center] **№** | [center] **ФИО** | [center] **Подпись** |  ‹header row›",
        "| {%tr for p in people %} |  |  |",
        "| {{ loop.index }} | {{ p|initials }} |  |  ‹no split›",
        "| {%tr endfor %} |  |  |",
        "| ‹span 3› Всего: {{ people|length }} |",
    ]


def test_vertical_merge_and_cells_with_several_paragraphs(tmp_path):
    doc = new_doc()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(1, 0)).paragraphs[0].add_run("Наставник")
    cell = table.cell(0, 1)
    cell.paragraphs[0].add_run("УТВЕРЖДАЮ").bold = True
    cell.add_paragraph("{{ director|initials_first }}")
    table.cell(1, 1).paragraphs[0].add_run("дата")
    assert body(project(save(doc, tmp_path)))[1:] == [
        "|1 ‹merge ↓› Наставник",
        "|2 **УТВЕРЖДАЮ**",
        " ¶ {{ director|initials_first }}",
        "|",
        "| ‹merged ↑› | дата |",
    ]


def test_headers_and_footers_by_part(tmp_path):
    doc = new_doc()
    doc.add_paragraph("Текст")
    section = doc.sections[0]
    section.header.paragraphs[0].text = "{{ org.short_name }}"
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "3"), ("end", None)):
        run = footer.add_run()
        if kind:
            run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="{kind}"/>'))
        elif text == "3":
            run.text = text  # the field's last result: not shown, it changes with every update
        else:
            run._r.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve">{text}</w:instrText>'))
    text = project(save(doc, tmp_path))
    lines = text.splitlines()
    section_line = next(line for line in lines if line.startswith("== section 1"))
    assert "header default header1.xml" in section_line and "footer default footer1.xml" in section_line
    assert lines[lines.index("== header1.xml (header default, section 1)") + 1] == "[«header»] {{ org.short_name }}"
    assert lines[lines.index("== footer1.xml (footer default, section 1)") + 1] == "[«footer» center] ⟪field PAGE⟫"


def test_sections_are_shown_where_they_start(tmp_path):
    doc = new_doc()
    doc.add_paragraph("Первая страница")
    doc.add_section()
    doc.sections[1].orientation = WD_ORIENT.LANDSCAPE
    doc.sections[1].page_width, doc.sections[1].page_height = Mm(297), Mm(210)
    doc.add_paragraph("Альбомная")
    lines = body(project(save(doc, tmp_path)))
    assert lines[:2] == ["Первая страница", "¶"]  # the paragraph that carries the section break
    assert lines[2].startswith("== section 2: A4 landscape")
    assert lines[3] == "Альбомная"


def test_images_show_size_and_a_hash_of_the_picture(tmp_path):
    doc = new_doc()
    doc.add_paragraph().add_run().add_picture(io.BytesIO(_png(255)), width=Mm(40))
    first = body(project(save(doc, tmp_path, "a.docx")))
    assert len(first) == 1 and first[0].startswith("⟪image 40×40 mm media/image1.png #")
    doc = new_doc()
    doc.add_paragraph().add_run().add_picture(io.BytesIO(_png(0)), width=Mm(40))
    assert body(project(save(doc, tmp_path, "b.docx"))) != first  # another picture, another hash


def test_the_monitoring_reports_chart_is_shown_with_its_loop():
    text = project(ROOT / "templates" / "monitoring_report.docx")
    assert "[center before 12pt after 6pt] ⟪chart 160×90 mm charts/chart1.xml⟫" in text
    chart = text[text.index("== chart charts/chart1.xml"):].splitlines()
    assert chart[1] == "bar chart (columns, clustered)"
    assert "title: **Показатели эффективности: план и факт на {{ monitoring.year }} год, %**" in chart
    assert any(line.startswith("series 1 «План» (Лист1!$B$1)") for line in chart)
    # the loop sits in XML comments around one valid example point (docgen.render.charts)
    assert ("  values: Лист1!$B$2:$B$2: format General count 1 "
            "{% for k in monitoring.chart %} [0] {{ k.planned }} {% endfor %}") in chart
    assert "data: embeddings/Microsoft_Excel_Worksheet.xlsx #" in text


def test_footnotes_hyperlinks_and_tracked_changes(tmp_path):
    doc = new_doc()
    p = doc.add_paragraph("Сайт: ")
    rid = p.part.relate_to("https://school.example/", "http://schemas.openxmlformats.org/officeDocument/2006/"
                           "relationships/hyperlink", is_external=True)
    p._p.append(parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:t>школа</w:t></w:r>'
                          '</w:hyperlink>'))
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="М"><w:r><w:t xml:space="preserve"> новое'
                          '</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="М"><w:r><w:delText xml:space="preserve">'
                          ' старое</w:delText></w:r></w:del>'))
    assert body(project(save(doc, tmp_path))) == [
        "Сайт: ⟨link https://school.example/|школа⟩⟨inserted| новое⟩⟨deleted| старое⟩",
    ]


def _add_part(docx: Path, name: str, xml: str, rel_type: str, content_type: str) -> None:
    """Add a part related to word/document.xml (python-docx makes no footnotes)."""
    with zipfile.ZipFile(docx) as zin:
        parts = {i.filename: zin.read(i) for i in zin.infolist()}
    parts[name] = xml.encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", f'<Relationship Id="rIdX" Type="{rel_type}" Target="{name[5:]}"/></Relationships>').encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>').encode()
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as zout:
        for part, data in parts.items():
            zout.writestr(part, data)


def test_footnotes_and_text_boxes(tmp_path):
    doc = new_doc()
    p = doc.add_paragraph("Согласие")
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="1"/></w:r>'))
    box = (f'<w:r {nsdecls("w", "wp", "a")} xmlns:wps="http://schemas.microsoft.com/office/word/2010/'
           'wordprocessingShape" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
           '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
           '<wp:extent cx="1800000" cy="360000"/><wp:docPr id="1" name="Надпись 1"/><a:graphic><a:graphicData '
           'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>'
           '<w:txbxContent><w:p><w:r><w:t>{{ org.short_name }}</w:t></w:r></w:p></w:txbxContent></wps:txbx>'
           '</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>'
           '<w:t>старая копия</w:t></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    doc.add_paragraph()._p.append(parse_xml(box))
    path = save(doc, tmp_path)
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    _add_part(path, "word/footnotes.xml",
              f'<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
              '</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t '
              'xml:space="preserve"> Статья 9 152-ФЗ, {{ org.short_name }}.</w:t></w:r></w:p></w:footnote>'
              '</w:footnotes>',
              "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml")
    lines = project(path).splitlines()
    assert body("\n".join(lines))[:2] == ["Согласие⟪footnote 1⟫", "⟪floating shape 50×10 mm: {{ org.short_name }}⟫"]
    assert lines[-2:] == ["== footnotes (footnotes.xml)", "footnote 1: ·Статья 9 152-ФЗ, {{ org.short_name }}."]


def test_same_document_same_text_however_zipped(tmp_path):
    """Re-zipping (another order of parts, another compression, other dates) changes no line."""
    source = ROOT / "templates" / "order_intro.docx"
    original = project(source)
    assert project(source) == original
    with zipfile.ZipFile(source) as zin:
        parts = [(info.filename, zin.read(info)) for info in zin.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zout:
        for name, data in reversed(parts):
            zout.writestr(zipfile.ZipInfo(name, date_time=(2030, 1, 2, 3, 4, 6)), data)
    assert project_bytes(buffer.getvalue()) == original


def test_pretty_printed_xml_gives_the_same_text(tmp_path):
    """Whitespace between XML elements (an editor's or another tool's indentation) is not text."""
    from lxml import etree

    source = ROOT / "templates" / "monitoring_report.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in ("word/document.xml", "word/styles.xml"):
                data = etree.tostring(etree.fromstring(data), pretty_print=True, xml_declaration=True,
                                      encoding="UTF-8", standalone=True)
            zout.writestr(info, data)
    assert project_bytes(buffer.getvalue()) == project(source)


def test_not_a_word_document(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(TemplateError, match="не открывается как документ Word"):
        project(bad)


# --------------------------------------------------------------------------- update_projections


def _pack(tmp_path: Path) -> Path:
    """A copy of the example district pack's folder (pack.yaml, templates, schemas)."""
    pack = tmp_path / "ensk"
    shutil.copytree(ENSK / "docgen_pack_ensk", pack, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return pack


def test_check_lists_missing_stale_and_orphan_projections_and_writes_nothing(tmp_path):
    pack = _pack(tmp_path)
    (pack / "templates" / "order_intro.txt").unlink()
    stale = pack / "templates" / "report_municipal.txt"
    stale.write_text(stale.read_text(encoding="utf-8").replace("ИНФОРМАЦИЯ", "СПРАВКА"), encoding="utf-8")
    (pack / "templates" / "gone.txt").write_text(HEADER + "\n", encoding="utf-8")
    (pack / "templates" / "notes.txt").write_text("заметки методиста\n", encoding="utf-8")  # not ours: kept
    before = {p.name: p.read_bytes() for p in (pack / "templates").iterdir()}
    report = update_projections(pack, check=True)
    assert [(c.template, c.state) for c in report.changes] == [
        ("order_intro.docx", "missing"), ("report_municipal.docx", "stale"), ("gone.docx", "orphan")]
    assert {p.name: p.read_bytes() for p in (pack / "templates").iterdir()} == before

    report = update_projections(pack)
    assert len(report.changes) == 3
    assert update_projections(pack, check=True).changes == []
    assert not (pack / "templates" / "gone.txt").exists() and (pack / "templates" / "notes.txt").exists()
    assert (pack / "templates" / "order_intro.txt").read_text(encoding="utf-8") == project(
        pack / "templates" / "order_intro.docx")


def test_a_windows_checkout_with_crlf_is_current(tmp_path):
    pack = _pack(tmp_path)
    for txt in (pack / "templates").glob("*.txt"):
        txt.write_bytes(txt.read_bytes().replace(b"\n", b"\r\n"))
    assert update_projections(pack, check=True).changes == []


def test_cli_check_then_write(tmp_path, monkeypatch):
    """`docgen pack text --check` exits 1 naming the stale file and the command to run; without
    --check it writes, and the check passes."""
    pack = _pack(tmp_path)
    (pack / "templates" / "report_municipal.txt").unlink()
    monkeypatch.chdir(tmp_path)  # the pack folder is named as a user in tmp_path would name it

    def docgen(*args: str) -> CliRun:
        return run_cli("pack", "text", *args)

    result = docgen("ensk", "--check")
    assert result.returncode == 1, result.stderr
    assert "templates/report_municipal.txt — нет файла .txt" in result.stdout
    assert "Обновите: docgen pack text ensk" in result.stdout
    assert not (pack / "templates" / "report_municipal.txt").exists()
    result = docgen("ensk")
    assert result.returncode == 0 and "записан" in result.stdout and "изменено текстов: 1" in result.stdout
    result = docgen("ensk", "--check")
    assert result.returncode == 0 and "соответствует .docx" in result.stdout
    assert docgen(str(tmp_path / "нет")).returncode == 2


def _png(gray: int) -> bytes:
    """A 1×1 grey PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes([0, gray])))
            + chunk(b"IEND", b""))
