"""Pictures from the pack's own folder: ``{{ image('подпись.png', 40) }}``.

What a school puts into documents besides text is a logo, a stamp or a facsimile of the
director's signature: one file the school keeps next to its templates and changes without
touching the .docx files. docxtpl does this with ``InlineImage(tpl, path)`` built in Python code,
which a docgen template cannot run and which would read any path on the computer. docgen's
``image(name, width, height)`` instead:

* takes a file **named literally** in the template (``image('логотип.png')``), from the folder
  ``images`` beside the template (``templates/images/`` of a pack); a name built from data, a path
  (``../``, ``/``, ``\\``) or a link leading out of that folder is refused when the template is
  compiled, so what a template can show is known before any record is read;
* accepts PNG and JPEG only, checked by their content, at most :data:`MAX_IMAGE_BYTES` and
  :data:`MAX_SIDE` pixels a side (Word and LibreOffice decode every pixel of what they show);
* puts each file into the package once, as a part of the document with its relationship and
  content type, when the template is compiled — a rendered document only refers to it, and a
  print file shares it between records like any other part;
* sizes the picture in millimetres (``width``, ``height``; one of them keeps the proportions), by
  default from its pixels and resolution, never wider than :data:`DEFAULT_MAX_MM`.

Nothing here reaches the network or the disk outside the pack (:mod:`docgen.render.safety`).
"""

from __future__ import annotations

import posixpath
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from lxml import etree

from docgen.ooxml.package import XML_PARSER
from docgen.ooxml.wordml import CT_NS, RELS_NS

__all__ = ["DEFAULT_MAX_MM", "IMAGES_FOLDER", "MAX_IMAGE_BYTES", "MAX_SIDE", "ImagePlacer", "PackImage",
           "image_function", "image_names", "read_image"]

IMAGES_FOLDER = "images"
MAX_IMAGE_BYTES = 5 * 2**20  # a scanned signature is ~100 KB, a logo less
MAX_SIDE = 6000  # pixels: an A4 page scanned at 500 dpi
MAX_MM = 300  # the largest width or height a template may ask for
DEFAULT_MAX_MM = 170  # the text width of an A4 page with ГОСТ margins
_EMU_PER_MM = 36000
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}
_NS = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
       "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
       "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_PLAIN_NAME = re.compile(r"^[^/\\:*?\"<>|\x00-\x1f]+\.(png|jpe?g)$", re.I)
_FORMAT_HINT = "картинка — файл PNG или JPEG в папке images рядом с шаблоном, например image('логотип.png')"


@dataclass(frozen=True)
class PackImage:
    name: str
    data: bytes
    kind: str  # "png" or "jpeg"
    width: int  # pixels
    height: int
    dpi: float


def _png_size(data: bytes) -> tuple[int, int, float]:
    width, height = struct.unpack(">II", data[16:24])
    dpi = 96.0
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"pHYs" and length >= 9:
            ppu_x, _, unit = struct.unpack(">IIB", data[pos + 8:pos + 17])
            if unit == 1 and ppu_x:
                dpi = ppu_x * 0.0254
        if kind in (b"IDAT", b"IEND"):
            break
        pos += 12 + length
    return width, height, dpi


def _jpeg_size(data: bytes) -> tuple[int, int, float]:
    dpi = 96.0
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ValueError("повреждённый JPEG")
        marker = data[pos + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if marker == 0xE0 and data[pos + 4:pos + 9] == b"JFIF\x00":
            units, x_density = data[pos + 11], struct.unpack(">H", data[pos + 12:pos + 14])[0]
            if x_density and units in (1, 2):
                dpi = float(x_density) if units == 1 else x_density * 2.54
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
            return width, height, dpi
        pos += 2 + length
    raise ValueError("в JPEG нет размеров изображения")


def read_image(folder: Path, name: Any) -> PackImage:
    """The picture ``name`` from ``folder`` (the template's ``images``), checked; ValueError with
    the Russian reason otherwise (see the module docstring)."""
    if not isinstance(name, str) or not _PLAIN_NAME.match(name) or name.startswith(".") or ".." in name:
        raise ValueError(f"«{name}» — не имя файла картинки: {_FORMAT_HINT}")
    path = folder / name
    try:
        real = path.resolve(strict=True)
        inside = real.parent == folder.resolve(strict=True) and real.is_file()
    except OSError:
        inside = False
    if not inside:
        raise ValueError(f"картинки «{name}» нет в папке {folder.parent.name}/{IMAGES_FOLDER}: {_FORMAT_HINT}")
    size = real.stat().st_size
    if size > MAX_IMAGE_BYTES:
        raise ValueError(f"картинка «{name}» занимает {size // 2**20} МБ, больше {MAX_IMAGE_BYTES // 2**20} МБ — "
                         "уменьшите её")
    data = real.read_bytes()
    try:
        if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
            kind, (width, height, dpi) = "png", _png_size(data)
        elif data.startswith(b"\xff\xd8"):
            kind, (width, height, dpi) = "jpeg", _jpeg_size(data)
        else:
            raise ValueError("не PNG и не JPEG")
    except (ValueError, struct.error, IndexError) as exc:
        reason = str(exc) if isinstance(exc, ValueError) else "файл повреждён"
        raise ValueError(f"картинка «{name}» не подходит: {reason} ({_FORMAT_HINT})") from None
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise ValueError(f"картинка «{name}» размером {width}×{height} точек: допустимо до {MAX_SIDE} точек "
                         "по стороне — уменьшите её")
    return PackImage(name, data, kind, width, height, dpi if 30 <= dpi <= 2400 else 96.0)


def image_names(ast: Any) -> tuple[list[str], list[str]]:
    """The pictures a parsed template shows — ``image('…')`` with a literal name — and the Russian
    reasons to refuse calls whose name is not written in the template."""
    from jinja2 import nodes  # noqa: PLC0415 — loaded with the sandbox

    names, problems = [], []
    for call in ast.find_all(nodes.Call):
        if not (isinstance(call.node, nodes.Name) and call.node.name == "image"):
            continue
        first = call.args[0] if call.args else next((k.value for k in call.kwargs if k.key == "name"), None)
        if isinstance(first, nodes.Const) and isinstance(first.value, str):
            names.append(first.value)
        else:
            problems.append("имя картинки в image(…) пишется в кавычках прямо в шаблоне, например "
                            "image('логотип.png'): картинку из данных docgen не выбирает")
    return list(dict.fromkeys(names)), problems


def _size_mm(picture: PackImage, width: Any, height: Any) -> tuple[float, float]:
    for value, what in ((width, "ширина"), (height, "высота")):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                  or not 1 <= value <= MAX_MM):
            raise ValueError(f"{what} картинки «{picture.name}» — число миллиметров от 1 до {MAX_MM}, а не «{value}»")
    ratio = picture.height / picture.width
    if width is None and height is None:
        width = picture.width / picture.dpi * 25.4
        if width > DEFAULT_MAX_MM:
            width = DEFAULT_MAX_MM
        return width, width * ratio
    if width is None:
        return height / ratio, height
    return width, (height if height is not None else width * ratio)


class ImagePlacer:
    """The pictures of one template: put into its package at compile time, placed by ``image()``.

    ``parts`` is the template's parts (name → bytes) and is changed in place: the media files, the
    relationships of each part that shows a picture, the content types."""

    def __init__(self, parts: dict[str, bytes], folder: Path):
        self.parts = parts
        self.folder = folder
        self._media: dict[str, str] = {}  # picture name → part name
        self._counter = 0

    def add(self, part: str, names: list[str]) -> dict[str, tuple[PackImage, str]]:
        """Put ``names`` into the package for ``part``; returns name → (picture, relationship id).
        ValueError (Russian) for a picture that cannot be used."""
        placed: dict[str, tuple[PackImage, str]] = {}
        for name in names:
            picture = read_image(self.folder, name)
            media = self._media.get(name)
            if media is None:
                self._counter += 1
                media = self._media[name] = f"word/media/docgen-image-{self._counter}.{picture.kind}"
                while media in self.parts:
                    self._counter += 1
                    media = self._media[name] = f"word/media/docgen-image-{self._counter}.{picture.kind}"
                self.parts[media] = picture.data
                self._content_type(picture.kind)
            placed[name] = (picture, self._relationship(part, media))
        return placed

    def _relationship(self, part: str, media: str) -> str:
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        data = self.parts.get(rels_name, f'<Relationships xmlns="{RELS_NS}"/>'.encode())
        root = etree.fromstring(data, XML_PARSER)
        target = posixpath.relpath(media, folder)
        used = {rel.get("Id") for rel in root}
        for rel in root:
            if rel.get("Target") == target and rel.get("Type") == _IMAGE_REL:
                return str(rel.get("Id"))
        number = 1
        while f"rIdDocgenImage{number}" in used:
            number += 1
        rid = f"rIdDocgenImage{number}"
        etree.SubElement(root, f"{{{RELS_NS}}}Relationship", Id=rid, Type=_IMAGE_REL, Target=target)
        self.parts[rels_name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return rid

    def _content_type(self, kind: str) -> None:
        name = "[Content_Types].xml"
        root = etree.fromstring(self.parts[name], XML_PARSER)
        extensions = {(d.get("Extension") or "").lower() for d in root.iter(f"{{{CT_NS}}}Default")}
        wanted = ["png"] if kind == "png" else ["jpeg", "jpg"]
        missing = [e for e in wanted if e not in extensions]
        if not missing:
            return
        first = root.find(f"{{{CT_NS}}}Override")
        for extension in missing:
            default = etree.Element(f"{{{CT_NS}}}Default", Extension=extension, ContentType=_TYPES[kind])
            if first is not None:
                first.addprevious(default)  # Defaults first, as Word writes them
            else:
                root.append(default)
        self.parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def image_function(placed: dict[str, tuple[PackImage, str]], drawing_id: int) -> Callable[..., Any]:
    """The template's ``image(name, width=None, height=None)``: the picture as an inline drawing
    in a run of its own (the tag's run is closed and opened again around it)."""
    from markupsafe import Markup, escape  # noqa: PLC0415 — loaded with jinja2

    def image(name: Any = None, width: Any = None, height: Any = None) -> Any:
        if name not in placed:
            raise ValueError(f"картинка «{name}» не названа в шаблоне буквально: пишите image('имя.png')")
        picture, rid = placed[name]
        w_mm, h_mm = _size_mm(picture, width, height)
        cx, cy = round(w_mm * _EMU_PER_MM), round(h_mm * _EMU_PER_MM)
        shown = escape(picture.name)
        ns = " ".join(f'xmlns:{p}="{u}"' for p, u in _NS.items())
        return Markup(
            f'</w:t></w:r><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" {ns}>'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{drawing_id}" name="{shown}" descr="{shown}"/>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
            f'<pic:nvPicPr><pic:cNvPr id="0" name="{shown}"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            '</wp:inline></w:drawing></w:r><w:r><w:t xml:space="preserve">')

    return image
