"""The print file: many records of one template merged into one .docx (docgen.output.merge).

Templates are built here with python-docx: a header holding a field, a static footer with a PAGE
field, two auto-numbered lists (one through the "List Number" style, one through an explicit
``w:numPr``), a bookmark with a REF field to it, a table and images in the body and the header.
The merged file is checked with python-docx and lxml here; tests/acceptance/test_merge.py has
real LibreOffice lay it out. The templates come from tests/output/merge_support.py.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections import Counter
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from docgen.errors import OutputError
from docgen.output.merge import PrintFileBuilder
from docgen.render.environment import make_env
from docgen.render.template import CompiledTemplate
from tests.output.merge_support import EXPLICIT_NUM_ID, NAMES, make_template, merge

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


def xml_parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(BytesIO(data)) as zf:
        return {n: etree.fromstring(zf.read(n)) for n in zf.namelist() if n.endswith((".xml", ".rels"))}


def body_paragraph_texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


# --------------------------------------------------------------------------- structure


def test_one_section_per_record_with_its_own_header(tmp_path):
    data = merge(make_template(tmp_path), NAMES)
    doc = Document(BytesIO(data))
    assert len(doc.sections) == len(NAMES)
    for section, name in zip(doc.sections, NAMES):
        assert section.start_type == WD_SECTION.NEW_PAGE
        assert section.header.paragraphs[0].text == f"Шапка: {name}"
        assert section.footer.paragraphs[0].text.startswith("Подвал, стр.")
        pg = section._sectPr.find(qn("w:pgNumType"))
        assert pg is not None and pg.get(qn("w:start")) == "1"
    # the untemplated footer is shared, each templated header is a part of its own
    assert len({id(s.footer.part) for s in doc.sections}) == 1
    assert len({s.header.part.partname for s in doc.sections}) == len(NAMES)
    titles = [t for t in body_paragraph_texts(doc) if t.startswith("Согласие")]
    assert titles == [f"Согласие: {n}" for n in NAMES]


def test_duplex_sections_start_on_odd_pages(tmp_path):
    doc = Document(BytesIO(merge(make_template(tmp_path), NAMES[:3], duplex=True)))
    assert [s.start_type for s in doc.sections] == [WD_SECTION.ODD_PAGE] * 3


def test_duplex_numbers_run_on_and_are_not_shown(tmp_path):
    """Word takes "odd page" from the page number: a restart at 1 would make every record's first
    page odd whatever the sheet (docgen.output.pagefields). Double-sided: no restart, no PAGE
    field; the header's own text stays. Single-sided keeps both."""
    data = merge(make_template(tmp_path), NAMES[:3], duplex=True)
    doc = Document(BytesIO(data))
    for section, name in zip(doc.sections, NAMES):
        pg = section._sectPr.find(qn("w:pgNumType"))
        assert pg is None or pg.get(qn("w:start")) is None
        assert section.header.paragraphs[0].text == f"Шапка: {name}"
        assert section.footer.paragraphs[0].text == "Подвал, стр. "
    with zipfile.ZipFile(BytesIO(data)) as zf:
        stories = [zf.read(n) for n in zf.namelist() if n.startswith(("word/header", "word/footer"))]
    assert stories and not any(b"PAGE" in s for s in stories)
    single = Document(BytesIO(merge(make_template(tmp_path), NAMES[:3])))
    assert all(s._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1" for s in single.sections)


def test_package_is_consistent(tmp_path):
    """Every part has a content type, every relationship target exists, all XML parses."""
    data = merge(make_template(tmp_path), NAMES)
    parts = xml_parts(data)
    with zipfile.ZipFile(BytesIO(data)) as zf:
        names = zf.namelist()
        assert zf.testzip() is None
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in zf.infolist())
    assert len(names) == len(set(names))
    types = parts["[Content_Types].xml"]
    defaults = {e.get("Extension").lower() for e in types.iterfind("ct:Default", NS)}
    overrides = {e.get("PartName").lstrip("/") for e in types.iterfind("ct:Override", NS)}
    for name in names:
        assert name in overrides or name.rsplit(".", 1)[-1].lower() in defaults, name
    assert all(o in names for o in overrides)
    header_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
    headers = [e for e in types.iterfind("ct:Override", NS) if e.get("ContentType") == header_type]
    assert len(headers) == len(NAMES)
    for rels_name, rels in parts.items():
        if not rels_name.endswith(".rels"):
            continue
        source_dir = posixpath.dirname(posixpath.dirname(rels_name))  # word/_rels/x.rels -> word
        for rel in rels.iterfind("rel:Relationship", NS):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target")
            full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(source_dir, target))
            assert full in names, (rels_name, target)
    ids = [r.get("Id") for r in parts["word/_rels/document.xml.rels"].iterfind("rel:Relationship", NS)]
    assert len(ids) == len(set(ids))
    # every r:id the document uses is a relationship of the document
    used = {v for e in parts["word/document.xml"].iter() for k, v in e.attrib.items() if k.startswith(f"{{{NS['r']}}}")}
    assert used <= set(ids)


def test_numbering_restarts_with_one_new_num_per_record_and_list(tmp_path):
    path = make_template(tmp_path)
    with zipfile.ZipFile(path) as zf:
        before = etree.fromstring(zf.read("word/numbering.xml"))
    parts = xml_parts(merge(path, NAMES))
    numbering = parts["word/numbering.xml"]
    old_nums = {n.get(f"{{{W}}}numId") for n in before.iterfind("w:num", NS)}
    nums = {n.get(f"{{{W}}}numId"): n for n in numbering.iterfind("w:num", NS)}
    new = {k: v for k, v in nums.items() if k not in old_nums}
    assert len(new) == 2 * (len(NAMES) - 1)  # two lists, records 2…N
    abstract_of = {k: v.find("w:abstractNumId", NS).get(f"{{{W}}}val") for k, v in nums.items()}
    style_abstract = abstract_of[_list_number_num_id(parts)]
    assert Counter(abstract_of[k] for k in new) == {style_abstract: len(NAMES) - 1, EXPLICIT_NUM_ID: len(NAMES) - 1}
    for num in new.values():
        overrides = num.findall("w:lvlOverride", NS)
        levels = {o.get(f"{{{W}}}ilvl") for o in overrides}
        if abstract_of[num.get(f"{{{W}}}numId")] == EXPLICIT_NUM_ID:
            assert levels == {str(i) for i in range(9)}
        assert all(o.find("w:startOverride", NS).get(f"{{{W}}}val") == "1" for o in overrides)
    # schema order: every w:num after every w:abstractNum
    tags = [etree.QName(e).localname for e in numbering]
    assert tags.index("num") > max(i for i, t in enumerate(tags) if t == "abstractNum")
    assert "abstractNum" not in tags[tags.index("num"):]

    # In the body, record 1 keeps the template's lists, each later record has its own pair.
    body = parts["word/document.xml"].find("w:body", NS)
    per_record: list[list[tuple[str, str]]] = [[]]
    for p in body.iter(f"{{{W}}}p"):
        text = "".join(p.itertext())
        num_id = p.find("w:pPr/w:numPr/w:numId", NS)
        style = p.find("w:pPr/w:pStyle", NS)
        if text.startswith("Пункт") or text.startswith(("Раздел", "Подраздел")):
            per_record[-1].append((text, num_id.get(f"{{{W}}}val") if num_id is not None else "style"))
        if p.find("w:pPr/w:sectPr", NS) is not None:
            per_record.append([])
        if style is not None and style.get(f"{{{W}}}val") == "ListNumber" and len(per_record) > 1:
            assert num_id is not None  # style-linked numbering got an explicit, restarting numPr
    assert len(per_record) == len(NAMES)
    assert [n for _, n in per_record[0]] == ["style"] * 3 + [EXPLICIT_NUM_ID] * 3
    seen: set[str] = set()
    for record in per_record[1:]:
        ids = [n for _, n in record]
        assert len(ids) == 6 and len(set(ids[:3])) == 1 and len(set(ids[3:])) == 1
        assert set(ids).isdisjoint(seen | old_nums)
        seen |= set(ids)


def _list_number_num_id(parts) -> str:
    style = parts["word/styles.xml"].find("w:style[@w:styleId='ListNumber']", NS)
    return style.find("w:pPr/w:numPr/w:numId", NS).get(f"{{{W}}}val")


def test_ids_are_unique_across_the_merged_document(tmp_path):
    parts = xml_parts(merge(make_template(tmp_path), NAMES))
    stories = {n: r for n, r in parts.items() if re.match(r"word/(document|header|footer)", n)}
    docpr = [e.get("id") for r in stories.values() for e in r.iterfind(".//wp:docPr", NS)]
    assert len(docpr) == 2 * len(NAMES)  # the body image and the header image of every record
    assert len(docpr) == len(set(docpr))
    body = parts["word/document.xml"]
    starts = body.findall(".//w:bookmarkStart", NS)
    ends = body.findall(".//w:bookmarkEnd", NS)
    start_ids = [e.get(f"{{{W}}}id") for e in starts]
    assert len(start_ids) == len(set(start_ids)) == len(NAMES)
    assert sorted(start_ids) == sorted(e.get(f"{{{W}}}id") for e in ends)
    names = [e.get(f"{{{W}}}name") for e in starts]
    assert names == ["title"] + [f"title_{k}" for k in range(2, len(NAMES) + 1)]
    refs = [e.get(f"{{{W}}}instr") for e in body.iterfind(".//w:fldSimple", NS)]
    assert refs == [" REF title \\h "] + [f" REF title_{k} \\h " for k in range(2, len(NAMES) + 1)]
    anchors = [e.get(f"{{{W}}}anchor") for e in body.iterfind(".//w:hyperlink", NS)]
    assert anchors == names
    # paraId/textId are dropped: Word regenerates them, duplicates would be an error
    with zipfile.ZipFile(make_template(tmp_path, name="again.docx")) as zf:
        assert b"paraId" in zf.read("word/document.xml") and b"paraId" in zf.read("word/header1.xml")
    for root in stories.values():
        assert not root.xpath("//@*[local-name()='paraId' or local-name()='textId']")


def test_document_without_tags_uses_the_template_body(tmp_path):
    path = make_template(tmp_path, body_field=False)
    compiled = CompiledTemplate(path, make_env(), "t")
    assert "word/document.xml" not in compiled.render_parts({"name": "x"})
    data = merge(path, NAMES[:3])
    doc = Document(BytesIO(data))
    assert len(doc.sections) == 3
    assert [s.header.paragraphs[0].text for s in doc.sections] == [f"Шапка: {n}" for n in NAMES[:3]]
    assert body_paragraph_texts(doc).count("Согласие") == 3


def test_untemplated_header_is_shared(tmp_path):
    path = make_template(tmp_path, header_field=False)
    doc = Document(BytesIO(merge(path, NAMES[:3])))
    assert len(doc.sections) == 3
    assert len({s.header.part.partname for s in doc.sections}) == 1
    assert all(s.header.paragraphs[0].text == "Шапка без полей" for s in doc.sections)


def test_body_ending_with_a_table_gets_a_section_paragraph(tmp_path):
    data = merge(make_template(tmp_path, end_with_table=True), NAMES[:3])
    doc = Document(BytesIO(data))
    assert len(doc.sections) == 3 and len(doc.tables) == 3
    assert [t.cell(0, 1).text for t in doc.tables] == NAMES[:3]
    body = doc.element.body
    for sect_p in body.xpath("w:p[w:pPr/w:sectPr]"):
        assert sect_p.getprevious().tag == qn("w:tbl")


def test_template_with_two_sections_keeps_both_per_record(tmp_path):
    data = merge(make_template(tmp_path, two_sections=True), NAMES[:3])
    doc = Document(BytesIO(data))
    assert len(doc.sections) == 6
    for i, section in enumerate(doc.sections):
        name = NAMES[i // 2]
        assert section.header.paragraphs[0].text == f"Шапка: {name}"  # the 2nd inherits the 1st's
        restart = section._sectPr.find(qn("w:pgNumType"))
        assert (restart is not None and restart.get(qn("w:start")) == "1") == (i % 2 == 0)
    texts = body_paragraph_texts(doc)
    assert texts.count("Приложение к форме") == 3


def test_restart_values_come_from_the_abstract_numbering(tmp_path):
    """Level starts other than 1 are kept, and w:numIdMacAtCleanup stays last."""
    src = make_template(tmp_path)
    doc = Document(str(src))
    numbering = doc.part.numbering_part.element
    abstract = numbering.find(f"w:abstractNum[@w:abstractNumId='{EXPLICIT_NUM_ID}']", NS)
    abstract.find("w:lvl[@w:ilvl='0']/w:start", NS).set(qn("w:val"), "3")
    abstract.find("w:lvl[@w:ilvl='2']/w:start", NS).getparent().remove(
        abstract.find("w:lvl[@w:ilvl='2']/w:start", NS))  # omitted w:start means 0
    numbering.append(parse_xml(f'<w:numIdMacAtCleanup {nsdecls("w")} w:val="0"/>'))
    doc.save(src)
    numbering = xml_parts(merge(src, NAMES[:3]))["word/numbering.xml"]
    assert etree.QName(numbering[-1]).localname == "numIdMacAtCleanup"
    new = [n for n in numbering.iterfind("w:num", NS) if n.get(qn("w:numId")) != EXPLICIT_NUM_ID
           and n.find("w:abstractNumId", NS).get(qn("w:val")) == EXPLICIT_NUM_ID]
    assert len(new) == 2
    for num in new:
        starts = {o.get(qn("w:ilvl")): o.find("w:startOverride", NS).get(qn("w:val"))
                  for o in num.iterfind("w:lvlOverride", NS)}
        assert starts == {"0": "3", "1": "1", "2": "0", **{str(i): "1" for i in range(3, 9)}}


def test_single_record_is_a_plain_document(tmp_path):
    data = merge(make_template(tmp_path), NAMES[:1])
    doc = Document(BytesIO(data))
    assert len(doc.sections) == 1
    assert doc.sections[0].header.paragraphs[0].text == f"Шапка: {NAMES[0]}"
    assert not doc.element.body.xpath("w:p/w:pPr/w:sectPr")


def test_nothing_added_is_an_error(tmp_path):
    builder = PrintFileBuilder(CompiledTemplate(make_template(tmp_path), make_env(), "t"))
    with pytest.raises(OutputError, match="Нет ни одного документа"):
        builder.finish()


def test_parts_of_another_template_are_refused(tmp_path):
    compiled = CompiledTemplate(make_template(tmp_path), make_env(), "t")
    other = CompiledTemplate(make_template(tmp_path, header_field=False, name="o.docx"), make_env(), "o")
    builder = PrintFileBuilder(compiled)
    with pytest.raises(OutputError, match="по этому же шаблону"):
        builder.add(other.render_parts({"name": "x", "long": False}))


def test_adding_after_finish_is_an_error(tmp_path):
    compiled = CompiledTemplate(make_template(tmp_path), make_env(), "t")
    builder = PrintFileBuilder(compiled)
    builder.add(compiled.render_parts({"name": "x", "long": False}))
    builder.finish()
    with pytest.raises(OutputError, match="уже собран"):
        builder.add(compiled.render_parts({"name": "y", "long": False}))


def _with_footnote(src: Path, dst: Path, *, templated: bool, referenced: bool = True) -> Path:
    """Add a footnote (reference in the body, text in word/footnotes.xml) to a saved template."""
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {nsdecls("w")}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>' + ("Сноска {{ name }}" if templated else "Сноска") +
        '</w:t></w:r></w:p></w:footnote></w:footnotes>')
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml" and referenced:
                data = data.replace("<w:t>Конец формы</w:t></w:r>".encode(),
                                    '<w:t>Конец формы</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'.encode())
                assert b"footnoteReference" in data
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            elif info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
            zout.writestr(info, data)
        zout.writestr("word/footnotes.xml", footnotes.encode())
    return dst


@pytest.mark.parametrize("templated", [True, False])
def test_footnotes_are_refused_with_a_clear_message(tmp_path, templated):
    path = _with_footnote(make_template(tmp_path), tmp_path / "fn.docx", templated=templated)
    compiled = CompiledTemplate(path, make_env(), "согласие")
    assert ("word/footnotes.xml" in compiled.render_parts({"name": "x", "long": False})) == templated
    builder = PrintFileBuilder(compiled)
    with pytest.raises(OutputError) as err:
        builder.add(compiled.render_parts({"name": "x", "long": False}))
    assert str(err.value) == ("Шаблон «согласие» содержит сноски; объединить такие документы в один файл "
                              "docgen пока не умеет — сформируйте отдельные файлы.")


def test_notes_part_without_references_merges(tmp_path):
    """Word keeps a footnotes part with only the separators once a note was deleted."""
    path = _with_footnote(make_template(tmp_path), tmp_path / "fn.docx", templated=True, referenced=False)
    data = merge(path, NAMES[:2])
    doc = Document(BytesIO(data))
    assert len(doc.sections) == 2
    with zipfile.ZipFile(BytesIO(data)) as zf:
        assert "Сноска Иванов Иван".encode() in zf.read("word/footnotes.xml")


def test_builder_does_not_change_the_rendered_parts(tmp_path):
    """The batch writes the same parts as a separate file too (CompiledTemplate.assemble)."""
    compiled = CompiledTemplate(make_template(tmp_path), make_env(), "t")
    parts = compiled.render_parts({"name": "x", "long": False})
    copy = dict(parts)
    builder = PrintFileBuilder(compiled)
    builder.add(parts)
    builder.add(parts)
    builder.finish()
    assert parts == copy
