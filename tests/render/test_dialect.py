"""docxtpl's dialect as docgen keeps it (README, «Язык шаблонов (совместимость с docxtpl)»): what
docgen renders — where docxtpl itself writes a damaged file too — and what it refuses, with the
Russian reason, when the template is compiled (``docgen make``; ``docgen pack lint`` gives the same
reasons: tests/packtools/test_lint_dialect.py)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt
from lxml import etree

from docgen.errors import TemplateError
from docgen.render.environment import make_env
from docgen.render.template import CompiledTemplate

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def template(tmp_path: Path, *paragraphs: str, name: str = "t", bold_tag: bool = False) -> Path:
    doc = Document()
    for text in paragraphs:
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Pt(36)
        run = p.add_run(text)
        run.bold = bold_tag
    path = tmp_path / f"{name}.docx"
    doc.save(path)
    return path


def render(path: Path, **context) -> etree._Element:
    data = CompiledTemplate(path, make_env()).render(context)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


def body_paragraphs(root: etree._Element) -> list[etree._Element]:
    return root.findall("w:body/w:p", NS)


def text(p: etree._Element) -> str:
    """The paragraph's text: line breaks as \\n, tabs as \\t (page breaks are not text)."""
    out = []
    for el in p.iter(f"{{{W}}}t", f"{{{W}}}br", f"{{{W}}}tab"):
        if el.tag.endswith("}t"):
            out.append(el.text or "")
        elif el.tag.endswith("}tab"):
            out.append("\t")
        elif el.get(f"{{{W}}}type") != "page":
            out.append("\n")
    return "".join(out)


def no_bare_text(root: etree._Element) -> None:
    """Text lies only in w:t (docxtpl puts a plain {{r}}/{{p}} value straight into w:p/w:body)."""
    for el in root.iter():
        if el.tag in (f"{{{W}}}p", f"{{{W}}}body", f"{{{W}}}r"):
            assert not (el.text or "").strip(), etree.tostring(el)[:200]
            for child in el:
                assert not (child.tail or "").strip(), etree.tostring(el)[:200]


def compile_error(path: Path) -> str:
    with pytest.raises(TemplateError) as exc:
        CompiledTemplate(path, make_env())
    return str(exc.value)


# --------------------------------------------------------------------------- {{r }} and {{p }}


def test_a_plain_value_in_a_run_tag_is_a_run_with_the_tags_formatting(tmp_path):
    root = render(template(tmp_path, "Кому: {{r who}}.", bold_tag=True), who="Иванова & <Ко>")
    no_bare_text(root)
    p = body_paragraphs(root)[0]
    assert text(p) == "Кому: Иванова & <Ко>."
    run = next(r for r in p.iter(f"{{{W}}}r") if "Иванова" in "".join(r.itertext()))
    assert run.find("w:rPr/w:b", NS) is not None  # the tag's own formatting


def test_a_run_tag_value_with_a_line_break_is_rendered_not_refused(tmp_path):
    """On main this was «повреждённый документ … тег {% … %} разрывает абзац» — a wrong reason."""
    root = render(template(tmp_path, "{{r lines}}"), lines="первая\nвторая")
    assert text(body_paragraphs(root)[0]) == "первая\nвторая"
    no_bare_text(root)


def test_a_plain_value_in_a_paragraph_tag_is_a_paragraph_with_the_tags_properties(tmp_path):
    root = render(template(tmp_path, "До", "лишнее {{p note}} тоже", "После", bold_tag=True),
                  note="строка один\nстрока два")
    no_bare_text(root)
    paragraphs = body_paragraphs(root)
    assert [text(p) for p in paragraphs] == ["До", "строка один\nстрока два", "После"]
    assert paragraphs[1].find("w:pPr/w:ind", NS) is not None
    assert paragraphs[1].find("w:r/w:rPr/w:b", NS) is not None


def test_an_empty_paragraph_tag_value_keeps_an_empty_paragraph(tmp_path):
    """A cell must hold a paragraph; docxtpl removes it and Word calls the file damaged."""
    doc = Document()
    table = doc.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "{{p note}}"
    path = tmp_path / "cell.docx"
    doc.save(path)
    root = render(path, note=None)
    assert root.find("w:body/w:tbl/w:tr/w:tc/w:p", NS) is not None


def test_richtext_paragraph_replaces_the_tag_paragraph(tmp_path):
    from docxtpl import RichText, RichTextParagraph

    rp = RichTextParagraph()
    rp.add(RichText("первый", bold=True))
    rp.add("второй & <третий>")
    root = render(template(tmp_path, "{{p rp}}"), rp=rp)
    assert [text(p) for p in body_paragraphs(root)] == ["первый", "второй & <третий>"]


# --------------------------------------------------------------------------- RichText and friends


def test_richtext_in_a_plain_tag_becomes_runs_not_markup_inside_text(tmp_path):
    from docxtpl import RichText

    rt = RichText("жирный", bold=True)
    rt.add(" и курсив & <знак>", italic=True)
    root = render(template(tmp_path, "Текст: {{ rt }} — конец"), rt=rt)
    p = body_paragraphs(root)[0]
    assert text(p) == "Текст: жирный и курсив & <знак> — конец"
    assert all(t.getparent().tag == f"{{{W}}}r" for t in p.iter(f"{{{W}}}t"))
    assert p.find("w:r/w:rPr/w:b", NS) is not None and p.find("w:r/w:rPr/w:i", NS) is not None


def test_listing_keeps_its_breaks(tmp_path):
    from docxtpl import Listing

    root = render(template(tmp_path, "{{ listing }}"), listing=Listing("а & б\nв\aг"))
    assert [text(p) for p in body_paragraphs(root)] == ["а & б\nв", "г"]


@pytest.mark.parametrize("value, expected", [
    ("hyperlink", "гиперссылки и картинки из дополнений docgen не выводит"),
    ("paragraph", "абзацы из дополнения (RichTextParagraph) выводятся тегом {{p …}} в отдельном абзаце"),
    ("image", "картинку (InlineImage) из дополнения docgen не вставляет: картинки берутся только из папки "
              "images набора — {{ image('имя.png') }}"),
    ("subdoc", "вложенный документ (Subdoc) docgen не вставляет: шаблон docgen — один документ"),
    ("field", "содержит «instrText» (поле, рисунок, ссылку или разрыв раздела)"),
])
def test_objects_docgen_cannot_place_are_refused_with_the_reason(tmp_path, value, expected):
    from docxtpl import DocxTemplate, InlineImage, RichText, RichTextParagraph

    Subdoc = type("Subdoc", (), {"__module__": "docxtpl.subdoc"})  # the real one needs docxcompose

    path = template(tmp_path, "{{ x }}")
    if value == "hyperlink":
        x = RichText("ссылка", url_id="rId99")
    elif value == "paragraph":
        x = RichTextParagraph("абзац")
    elif value == "image":
        x = InlineImage(DocxTemplate(path), "logo.png")
    elif value == "subdoc":
        x = Subdoc()
    else:
        x = RichText()
        x.xml = '<w:r><w:instrText>INCLUDEPICTURE "http://example.org/x.png"</w:instrText></w:r>'
    with pytest.raises(TemplateError) as exc:
        render(path, x=x)
    assert expected in str(exc.value)


# --------------------------------------------------------------------------- \a, \f, escapes, count


def test_bell_and_form_feed_are_a_paragraph_and_a_page_break(tmp_path):
    root = render(template(tmp_path, "А: {{ v }} — Б", bold_tag=True), v="один\aдва\fтри")
    paragraphs = body_paragraphs(root)
    assert [text(p) for p in paragraphs] == ["А: один", "два", "", "три — Б"]
    assert paragraphs[2].find("w:r/w:br[@w:type='page']", NS) is not None
    for p in (paragraphs[0], paragraphs[1], paragraphs[3]):  # the paragraph's and the run's properties
        assert p.find("w:pPr/w:ind", NS) is not None and p.find("w:r/w:rPr/w:b", NS) is not None


def test_a_split_paragraph_keeps_its_section_break_last(tmp_path):
    doc = Document()
    first = doc.add_paragraph("{{ v }}")
    doc.add_section()
    carrier = first._p.getnext()  # python-docx ends the section with a paragraph of its own
    first._p.get_or_add_pPr().append(carrier.find(f"{{{W}}}pPr/{{{W}}}sectPr"))
    carrier.getparent().remove(carrier)
    doc.add_paragraph("второй раздел")
    path = tmp_path / "sections.docx"
    doc.save(path)
    paragraphs = body_paragraphs(render(path, v="раз\aдва"))
    assert [p.find("w:pPr/w:sectPr", NS) is not None for p in paragraphs] == [False, True, False]


def test_docxtpl_escapes_print_tags_literally(tmp_path):
    root = render(template(tmp_path, "{_{ child.fio }_} и {_% if x %_}, {{ v }}"), v="{_{ из данных }_}")
    assert text(body_paragraphs(root)[0]) == "{{ child.fio }} и {% if x %}, {_{ из данных }_}"


def test_count_is_jinjas_and_the_three_form_count_stays_russian(tmp_path):
    root = render(template(tmp_path, "{{ items|count }} / {{ 5|count('наставник', 'наставника', 'наставников') }}"
                                     " / {{ 21|plural_count('год', 'года', 'лет') }}"), items=[1, 2, 3])
    assert text(body_paragraphs(root)[0]) == "3 / 5\u00a0наставников / 21\u00a0год"


@pytest.mark.parametrize("tag, expected", [
    ("{{ n|count('наставник') }}", "фильтр count с 1 арг.: без аргументов это число элементов (как length), а "
                                   "число со словом — |plural_count('наставник', 'наставника', 'наставников')"),
    ("{{ n|plural_count }}", "фильтру plural_count нужны три формы слова: "
                             "|plural_count('наставник', 'наставника', 'наставников')"),
    ("{{tr row}}", "тег {{tr row}} ставит значение на место целой строки таблицы — docgen так не умеет"),
    ("{{tc cell}}", "тег {{tc cell}} ставит значение на место целой ячейки таблицы"),
])
def test_what_docgen_refuses_is_refused_when_compiled(tmp_path, tag, expected):
    message = compile_error(template(tmp_path, tag))
    assert "не принят" in message and expected in message, message


def test_count_of_a_number_says_what_to_write(tmp_path):
    path = template(tmp_path, "{{ n|count }}")
    with pytest.raises(TemplateError) as exc:
        render(path, n=5)
    assert "|plural_count('наставник', 'наставника', 'наставников')" in str(exc.value)


# --------------------------------------------------------------------------- tables and pictures


def column_table(tmp_path: Path) -> Path:
    doc = Document()
    table = doc.add_table(rows=2, cols=4)
    for c, value in enumerate(["Класс", "{%tc for s in subjects %}", "{{ s }}", "{%tc endfor %}"]):
        table.cell(0, c).text = value
    for c, value in enumerate(["7А", "{%tc for s in subjects %}", "5", "{%tc endfor %}"]):
        table.cell(1, c).text = value
    path = tmp_path / "columns.docx"
    doc.save(path)
    return path


@pytest.mark.parametrize("subjects", [["а", "б", "в", "г", "д"], ["а"]])
def test_the_grid_follows_a_column_loop(tmp_path, subjects):
    root = render(column_table(tmp_path), subjects=subjects)
    grid = root.findall(".//w:tblGrid/w:gridCol", NS)
    assert len(grid) == 1 + len(subjects)
    assert all(len(tr.findall("w:tc", NS)) == len(grid) for tr in root.iter(f"{{{W}}}tr"))
    assert abs(sum(int(c.get(f"{{{W}}}w")) for c in grid) - 8640) < len(grid)  # the table keeps its width


def tiny_png(path: Path) -> Path:
    """A 1×1 PNG, written by hand (no imaging library needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))
    return path


def test_a_picture_in_a_loop_gets_unique_drawing_ids(tmp_path):
    png = tiny_png(tmp_path / "dot.png")
    doc = Document()
    doc.add_paragraph("{%p for x in items %}")
    doc.add_paragraph().add_run().add_picture(str(png))
    doc.add_paragraph("{%p endfor %}")
    path = tmp_path / "pictures.docx"
    doc.save(path)
    data = CompiledTemplate(path, make_env()).render({"items": [1, 2, 3]})
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        ids = re.findall(rb'<wp:docPr id="(\d+)"', zf.read("word/document.xml"))
    assert len(ids) == 3 and len(set(ids)) == 3
