"""Hostile copies of the built-in order_intro package, made by editing its zip members, and a
folder pack carrying one (tests/render/test_safety.py, tests/acceptance/test_safety.py)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from tests.helpers import ROOT

SOURCE = ROOT / "templates" / "order_intro.docx"
RELS = "word/_rels/document.xml.rels"
DOC = "word/document.xml"
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _rel(rid: str, kind: str, target: str, external: bool = True) -> str:
    mode = ' TargetMode="External"' if external else ""
    return (f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/{kind}" Target="{target}"{mode}/>')


def _add_rel(parts: dict[str, bytes], name: str, rel: str) -> None:
    parts[name] = parts[name].replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def _add_body(parts: dict[str, bytes], xml: str) -> None:
    parts[DOC] = re.sub(rb"(<w:body>)", lambda m: m.group(1) + xml.encode(), parts[DOC], count=1)


def _para(inner: str) -> str:
    return f"<w:p>{inner}</w:p>"


def _field(instr: str) -> str:
    return _para('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                 f'<w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


PICTURE = (
    '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<wp:extent cx="914400" cy="914400"/><wp:docPr id="99" name="P"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr>'
    '<pic:cNvPr id="99" name="P"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="{rid}"/>'
    '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
    '<a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
    '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')


def linked_picture(parts, address: str = "http://127.0.0.1:9/a.png"):
    """A DrawingML picture linked, not embedded: LibreOffice fetches it when it converts."""
    _add_rel(parts, RELS, _rel("rIdX2", "image", address))
    _add_body(parts, _para(PICTURE.format(rid="rIdX2")))


def write_package(path: Path, edit) -> Path:
    with zipfile.ZipFile(SOURCE) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    edit(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def pack_with(root: Path, template: Path) -> Path:
    """A folder pack whose order_intro copy is the given package."""
    (root / "templates").mkdir(parents=True)
    (root / "schemas").mkdir()
    (root / "pack.yaml").write_text('name: chuzhoy\nversion: 1.0.0\ntitle: Чужой набор\nauthor: Неизвестно\n'
                                    'license: CC0\ndocgen: ">=0.1,<1"\n', encoding="utf-8")
    shutil.copy(template, root / "templates" / "order_intro.docx")
    shutil.copy(ROOT / "schemas" / "order_intro.yaml", root / "schemas" / "order_intro.yaml")
    return root
