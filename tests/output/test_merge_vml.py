"""VML shapes in a print file (docgen.output.vml, called by docgen.output.merge): a watermark in a
templated header, a legacy picture and an OLE object in the body, as Word writes them. Every
record's shapes get their own ids, and each ``v:shapetype`` is defined once per part.

Self-contained (the template is built here) so that it does not depend on where the other print
file tests live. ``make_vml_template`` is also used by the slow validator test.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from lxml import etree

from docgen.output.merge import PrintFileBuilder
from docgen.render.environment import make_env
from docgen.render.template import CompiledTemplate

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "v": "urn:schemas-microsoft-com:vml", "o": "urn:schemas-microsoft-com:office:office"}
NAMES = ["Иванов Иван", "Петрова Анна", "Сидоров & Ко <ООО>", "Ёлкина Юлия", "Шмидт Карл"]
_DECLS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
          'xmlns:w10="urn:schemas-microsoft-com:office:word" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
# A header watermark as Word 2016 writes it (Конструктор → Подложка), shortened.
WATERMARK = (f'<w:r {_DECLS}><w:rPr><w:noProof/></w:rPr><w:pict>'
             '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
             'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
             '<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
             '<v:shape id="PowerPlusWaterMarkObject357831064" o:spid="_x0000_s2049" type="#_x0000_t136" '
             'style="position:absolute;margin-left:0;margin-top:0;width:412.4pt;height:247.45pt;rotation:315;'
             'z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;'
             'mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f" '
             'fillcolor="silver" stroked="f"><v:fill opacity=".5"/>'
             '<v:textpath style="font-family:&quot;Times New Roman&quot;;font-size:1pt" string="ОБРАЗЕЦ"/>'
             '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>')
_PICTURE_TYPE = ('<v:shapetype id="_x0000_t75" coordsize="21600,21600" o:spt="75" o:preferrelative="t" '
                 'path="m@4@5l@4@11@9@11@9@5xe" filled="f" stroked="f"><v:stroke joinstyle="miter"/>'
                 '<v:path o:extrusionok="f" gradientshapeok="t" o:connecttype="rect"/>'
                 '<o:lock v:ext="edit" aspectratio="t"/></v:shapetype>')


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def make_vml_template(folder: Path, name: str = "vml.docx") -> Path:
    """A template with a watermark in its (templated) header, a legacy VML picture and an
    embedded OLE object in the body — the XML Word writes for them."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    doc = Document()
    header = doc.sections[0].header.paragraphs[0]
    header.text = "Шапка: {{ name }}"
    header._p.append(parse_xml(WATERMARK))
    image = Part(PackURI("/word/media/legacy.png"), "image/png", _png(), doc.part.package)
    rid_image = doc.part.relate_to(image, RT.IMAGE)
    ole = Part(PackURI("/word/embeddings/oleObject1.bin"), "application/vnd.openxmlformats-officedocument.oleObject",
               b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), doc.part.package)
    rid_ole = doc.part.relate_to(ole, RT.OLE_OBJECT)
    doc.add_paragraph("Согласие: {{ name }}")
    doc.add_paragraph()._p.append(parse_xml(
        f'<w:r {_DECLS}><w:pict>{_PICTURE_TYPE}<v:shape id="_x0000_i1025" type="#_x0000_t75" '
        f'style="width:30pt;height:30pt"><v:imagedata r:id="{rid_image}" o:title=""/></v:shape></w:pict></w:r>'))
    doc.add_paragraph()._p.append(parse_xml(
        f'<w:r {_DECLS}><w:object w:dxaOrig="1440" w:dyaOrig="1440"><v:shape id="_x0000_i1026" '
        f'type="#_x0000_t75" style="width:30pt;height:30pt" o:ole=""><v:imagedata r:id="{rid_image}" o:title=""/>'
        f'</v:shape><o:OLEObject Type="Embed" ProgID="Package" ShapeID="_x0000_i1026" DrawAspect="Icon" '
        f'ObjectID="_1234567890" r:id="{rid_ole}"/></w:object></w:r>'))
    path = folder / name
    doc.save(path)
    return path


def merge_names(path: Path, names: list[str] = NAMES) -> bytes:
    """The print file of ``names``, one record each."""
    compiled = CompiledTemplate(path, make_env(), "t")
    builder = PrintFileBuilder(compiled)
    for name in names:
        builder.add(compiled.render_parts({"name": name}))
    return builder.finish()


def _stories(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(BytesIO(data)) as zf:
        return {n: etree.fromstring(zf.read(n)) for n in zf.namelist()
                if re.match(r"word/(document|header|footer)[^/]*\.xml$", n)}


def test_vml_shape_ids_are_unique_across_the_print_file(tmp_path):
    stories = _stories(merge_names(make_vml_template(tmp_path)))
    shapes = [e for r in stories.values() for e in r.iterfind(".//v:shape", NS)]
    assert len(shapes) == 3 * len(NAMES)  # watermark, picture, OLE object per record
    ids = [e.get("id") for e in shapes]
    assert len(set(ids)) == len(ids)
    spids = [e.get(f"{{{NS['o']}}}spid") for e in shapes if e.get(f"{{{NS['o']}}}spid")]
    assert len(spids) == len(NAMES) and len(set(spids)) == len(spids)
    # record 1 keeps the template's ids; Word's prefixes are kept (a watermark is found by its own)
    assert {"_x0000_i1025", "_x0000_i1026", "PowerPlusWaterMarkObject357831064"} <= set(ids)
    assert sum(i.startswith("PowerPlusWaterMarkObject") for i in ids) == len(NAMES)
    assert all(re.fullmatch(r"_x0000_i\d+|PowerPlusWaterMarkObject\d+", i) for i in ids)
    # every OLE object points at its own shape
    objects = stories["word/document.xml"].findall(".//w:object", NS)
    assert len(objects) == len(NAMES)
    for obj in objects:
        assert obj.find("o:OLEObject", NS).get("ShapeID") == obj.find("v:shape", NS).get("id")


def test_vml_shapetypes_are_defined_once_per_part_and_resolve(tmp_path):
    stories = _stories(merge_names(make_vml_template(tmp_path)))
    for name, root in stories.items():
        types = [e.get("id") for e in root.iter(f"{{{NS['v']}}}shapetype")]
        assert len(types) == len(set(types)), name
        for shape in root.iter(f"{{{NS['v']}}}shape"):
            assert shape.get("type", "#")[1:] in types, (name, shape.get("type"))
    assert len(stories["word/document.xml"].findall(".//v:shapetype", NS)) == 1


def test_a_different_shapetype_under_a_taken_id_is_renamed_with_its_references():
    from docgen.output.vml import VmlIds

    def body(fill: str) -> etree._Element:
        return etree.fromstring(
            f'<w:body {_DECLS}><w:p><w:r><w:pict><v:shapetype id="_x0000_t75" fillcolor="{fill}"/>'
            '<v:shape id="_x0000_i1025" type="#_x0000_t75"/></w:pict></w:r></w:p></w:body>')

    vml = VmlIds([])
    first, second = body("red"), body("blue")
    vml.body_shapetypes(first, 1)
    vml.body_shapetypes(second, 2)
    assert [e.get("id") for e in second.iter(f"{{{NS['v']}}}shapetype")] == ["_x0000_t75_2"]
    assert second.find(".//v:shape", NS).get("type") == "#_x0000_t75_2"
