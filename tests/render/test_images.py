"""Pictures from the pack's own folder: ``{{ image('логотип.png', 30) }}`` (docgen.render.images).

The one picture feature a school needs — a logo, a stamp, a facsimile kept beside the templates —
with nothing a template could use to read other files: the name is written in the template,
the file lies in ``images`` next to it, it is a real PNG or JPEG of bounded size, and it goes into
the package once."""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from docgen.errors import TemplateError
from docgen.output.merge import PrintFileBuilder
from docgen.render.environment import make_env
from docgen.render.images import MAX_IMAGE_BYTES
from docgen.render.template import CompiledTemplate

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
EMU_PER_MM = 36000


def png(path: Path, width: int = 2, height: int = 1, dpi: int | None = None) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    phys = chunk(b"pHYs", struct.pack(">IIB", round(dpi / 0.0254), round(dpi / 0.0254), 1)) if dpi else b""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + phys + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


def make(tmp_path: Path, *paragraphs: str, header: str = "", rows: bool = False) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if rows:
        table = doc.add_table(rows=3, cols=1)
        table.cell(0, 0).text = "{%tr for x in items %}"
        table.cell(1, 0).text = "{{ x }} {{ image('подпись.png', 20) }}"
        table.cell(2, 0).text = "{%tr endfor %}"
    if header:
        doc.sections[0].header.paragraphs[0].text = header
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    path = folder / "t.docx"
    doc.save(path)
    return path


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_a_pack_picture_is_placed_with_its_part_relationship_and_type(tmp_path):
    logo = png(tmp_path / "templates" / "images" / "логотип.png", width=200, height=100)
    path = make(tmp_path, "Бланк {{ image('логотип.png', 30) }} школы {{ name }}",
                header="{{ image('логотип.png', height=5) }}")
    out = parts(CompiledTemplate(path, make_env()).render({"name": "№ 1"}))
    media = [n for n in out if n.startswith("word/media/docgen-image-")]
    assert len(media) == 1 and out[media[0]] == logo.read_bytes()
    body = out["word/document.xml"]
    rid = re.search(rb'r:embed="([^"]+)"', body).group(1)
    rels = out["word/_rels/document.xml.rels"]
    assert re.search(rb'Id="' + rid + rb'"[^>]*Target="media/' + media[0].split("/")[-1].encode(), rels)
    assert b'Extension="png"' in out["[Content_Types].xml"]
    assert re.search(rb'<wp:extent cx="%d" cy="%d"/>' % (30 * EMU_PER_MM, 15 * EMU_PER_MM), body)
    header = next(n for n in out if n.startswith("word/header") and b"r:embed" in out[n])
    assert b"docgen-image" in out[header.replace("word/", "word/_rels/") + ".rels"]
    etree.fromstring(body)  # the run around the tag was closed and reopened: still well-formed
    paragraph = etree.fromstring(body).find(f".//{{{W}}}p")
    assert "".join(paragraph.itertext()) == "Бланк  школы № 1"


def test_default_size_follows_the_resolution_and_the_page(tmp_path):
    png(tmp_path / "templates" / "images" / "a.png", width=300, height=150, dpi=300)
    png(tmp_path / "templates" / "images" / "wide.png", width=4000, height=1000)
    path = make(tmp_path, "{{ image('a.png') }} {{ image('wide.png') }}")
    body = parts(CompiledTemplate(path, make_env()).render({}))["word/document.xml"]
    sizes = [(int(cx), int(cy)) for cx, cy in re.findall(rb'<wp:extent cx="(\d+)" cy="(\d+)"/>', body)]
    assert sizes[0] == pytest.approx((25.4 * EMU_PER_MM, 12.7 * EMU_PER_MM), abs=10)  # 300 px at 300 dpi: 1 inch
    assert sizes[1] == (170 * EMU_PER_MM, round(42.5 * EMU_PER_MM))  # never wider than the text


def test_a_picture_in_a_row_loop_has_unique_drawing_ids_and_one_part(tmp_path):
    png(tmp_path / "templates" / "images" / "подпись.png")
    path = make(tmp_path, "Подписи", rows=True)
    out = parts(CompiledTemplate(path, make_env()).render({"items": ["а", "б", "в"]}))
    ids = re.findall(rb'<wp:docPr id="(\d+)"', out["word/document.xml"])
    assert len(ids) == 3 and len(set(ids)) == 3
    assert len([n for n in out if n.startswith("word/media/")]) == 1


def test_a_print_file_shares_the_picture(tmp_path):
    png(tmp_path / "templates" / "images" / "логотип.png")
    path = make(tmp_path, "{{ name }} {{ image('логотип.png', 20) }}", header="{{ image('логотип.png', 10) }}")
    compiled = CompiledTemplate(path, make_env())
    builder = PrintFileBuilder(compiled, duplex=False)
    for name in ("А", "Б", "В"):
        builder.add(compiled.render_parts({"name": name}))
    out = parts(builder.finish())
    assert len([n for n in out if n.startswith("word/media/")]) == 1
    ids = re.findall(rb'<wp:docPr id="(\d+)"', out["word/document.xml"])
    assert len(ids) == 3 and len(set(ids)) == 3
    for name in out:  # every record's header copy points at the picture through its own rels
        if re.match(r"word/header\d*_r\d+\.xml$", name) and b"r:embed" in out[name]:
            assert b"docgen-image" in out[name.replace("word/", "word/_rels/") + ".rels"]


@pytest.mark.parametrize("tag, setup, expected", [
    ("{{ image(name) }}", None, "имя картинки в image(…) пишется в кавычках прямо в шаблоне"),
    ("{{ image('нет.png') }}", None, "картинки «нет.png» нет в папке templates/images"),
    ("{{ image('../секрет.png') }}", None, "«../секрет.png» — не имя файла картинки"),
    ("{{ image('/etc/x.png') }}", None, "«/etc/x.png» — не имя файла картинки"),
    ("{{ image('лого.gif') }}", None, "«лого.gif» — не имя файла картинки"),
    ("{{ image('текст.png') }}", "text", "картинка «текст.png» не подходит: не PNG и не JPEG"),
    ("{{ image('большая.png') }}", "big", "больше 5 МБ"),
    ("{{ image('ссылка.png') }}", "link", "картинки «ссылка.png» нет в папке templates/images"),
])
def test_pictures_docgen_will_not_take_are_refused_when_compiled(tmp_path, tag, setup, expected):
    images = tmp_path / "templates" / "images"
    images.mkdir(parents=True)
    if setup == "text":
        (images / "текст.png").write_text("не картинка")
    elif setup == "big":
        big = png(images / "большая.png")
        big.write_bytes(big.read_bytes() + b"\x00" * MAX_IMAGE_BYTES)
    elif setup == "link":
        os.symlink(png(tmp_path / "outside.png"), images / "ссылка.png")
    with pytest.raises(TemplateError) as exc:
        CompiledTemplate(make(tmp_path, tag), make_env())
    assert "не принят" in str(exc.value) and expected in str(exc.value), str(exc.value)


def test_a_size_out_of_bounds_is_refused_when_rendered(tmp_path):
    png(tmp_path / "templates" / "images" / "a.png")
    compiled = CompiledTemplate(make(tmp_path, "{{ image('a.png', width) }}"), make_env())
    with pytest.raises(TemplateError) as exc:
        compiled.render({"width": 5000})
    assert "ширина картинки «a.png» — число миллиметров от 1 до 300, а не «5000»" in str(exc.value)
