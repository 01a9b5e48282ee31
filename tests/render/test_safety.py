"""A template package that reaches outside itself is refused — by ``docgen make`` and by
``docgen pack lint``, with a Russian reason — and a literal hyperlink is still allowed.

Each case is a copy of the built-in order_intro with one hostile change, the way an attacker
would ship it in a folder pack: external images, an attached template on a network share,
relationship ids chosen by data, pulling fields, macros, a DTD, a member that climbs out, and
zip bombs (one declares 2 GiB in its central directory, one is 5 MB of spaces)."""

from __future__ import annotations

import re
import struct
import time
from pathlib import Path

import pytest

from docgen import api
from docgen.errors import TemplateError
from docgen.packtools.lint import lint_pack
from docgen.render.environment import make_env
from docgen.render.template import CompiledTemplate
from tests.helpers import EXAMPLE
from tests.render.safety_support import (
    DOC,
    RELS,
    _add_body,
    _add_rel,
    _field,
    _para,
    _rel,
    linked_picture,
    pack_with,
    write_package,
)


def external_image(parts):
    _add_rel(parts, RELS, _rel("rIdX1", "image", "http://127.0.0.1:9/a.png"))
    _add_body(parts, _para('<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml">'
                           '<v:imagedata r:id="rIdX1"/></v:shape></w:pict></w:r>'))


def image_per_letter(parts):
    for i, letter in enumerate("АБВ"):
        _add_rel(parts, RELS, _rel(f"rIdL{i}", "image", f"http://127.0.0.1:9/{i}.png"))
    _add_body(parts, _para('<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml">'
                           '<v:imagedata r:id="rIdL{{ org.director_fio[0] }}"/></v:shape></w:pict></w:r>'))


def relationship_id_from_data(parts):
    _add_body(parts, _para('<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml">'
                           '<v:imagedata r:id="{{ org.name }}"/></v:shape></w:pict></w:r>'))


def address_in_an_attribute(parts):
    _add_body(parts, _para('<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" '
                           'xmlns:o="urn:schemas-microsoft-com:office:office">'
                           '<v:imagedata o:href="http://127.0.0.1:9/x.png"/></v:shape></w:pict></w:r>'))


def attached_template_on_a_share(parts):
    name = "word/_rels/settings.xml.rels"
    parts[name] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships">'
                   + _rel("rIdT", "attachedTemplate", "file://server/share/normal.dotm")
                   + "</Relationships>").encode()


def includetext_field(parts):
    _add_body(parts, _field('INCLUDETEXT "C:\\\\Users\\\\secretary\\\\Documents\\\\x.docx"'))


def includepicture_field(parts):
    _add_body(parts, _para('<w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://127.0.0.1:9/x.png&quot; \\d">'
                           '<w:r><w:t>x</w:t></w:r></w:fldSimple>'))


def dde_field(parts):
    _add_body(parts, _field('DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/c calc"'))


def hyperlink_field_from_data(parts):
    _add_body(parts, _field('HYPERLINK "http://127.0.0.1:9/{{ org.director_fio }}"'))


def hyperlink_relationship_from_data(parts):
    _add_rel(parts, RELS, _rel("rIdH", "hyperlink", "http://127.0.0.1:9/{{ org.director_fio }}"))


def macros(parts):
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"\0" * 100


def macro_content_type(parts):
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")


def doctype(parts):
    parts[DOC] = parts[DOC].replace(b"?>", b'?><!DOCTYPE d [<!ENTITY x SYSTEM "http://127.0.0.1:9/">]>', 1)


CASES = {
    "external image": (external_image, "связь с внешним ресурсом «http://127.0.0.1:9/a.png» (image)"),
    "linked picture": (linked_picture, "связь с внешним ресурсом «http://127.0.0.1:9/a.png» (image)"),
    "an image per letter of a name": (image_per_letter, "идентификатор связи строится из данных"),
    "relationship id from data": (relationship_id_from_data, "идентификатор связи строится из данных"),
    "address in an attribute": (address_in_an_attribute, "записан прямо в элемент"),
    "attached template on a share": (attached_template_on_a_share, "(attachedTemplate)"),
    "INCLUDETEXT": (includetext_field, "поле INCLUDETEXT"),
    "INCLUDEPICTURE": (includepicture_field, "поле INCLUDEPICTURE"),
    "DDEAUTO": (dde_field, "поле DDEAUTO"),
    "HYPERLINK field from data": (hyperlink_field_from_data, "адрес гиперссылки строится из данных"),
    "hyperlink relationship from data": (hyperlink_relationship_from_data, "адрес связи строится из данных"),
    "macros": (macros, "шаблон содержит макросы (word/vbaProject.bin)"),
    "macro-enabled content type": (macro_content_type, "документ с макросами"),
    "DTD": (doctype, "объявление DTD"),
}


@pytest.mark.parametrize("name", CASES)
def test_a_template_reaching_outside_is_refused_when_compiled(tmp_path, name):
    edit, reason = CASES[name]
    path = write_package(tmp_path / "t.docx", edit)
    with pytest.raises(TemplateError) as caught:
        CompiledTemplate(path, make_env(), "чужой")
    assert "не принят" in str(caught.value) and reason in str(caught.value)


@pytest.mark.parametrize("name", ["external image", "DDEAUTO", "macros"])
def test_make_and_lint_refuse_the_pack_and_write_nothing(tmp_path, name):
    edit, reason = CASES[name]
    pack = pack_with(tmp_path / "pack", write_package(tmp_path / "t.docx", edit))
    report = lint_pack(pack)
    assert any(reason in p.message for p in report.errors), [p.message for p in report.problems]
    out = tmp_path / "out"
    with pytest.raises(TemplateError, match=re.escape(reason)):
        api.make(["chuzhoy:order_intro"], EXAMPLE, out, pack_dirs=[pack],
                 orders=api.OrderOptions(register=False, draft=True))
    assert not out.exists() or not any(p.suffix == ".docx" for p in out.rglob("*"))


def test_a_literal_hyperlink_is_allowed(tmp_path):
    def literal(parts):
        _add_rel(parts, RELS, _rel("rIdH", "hyperlink", "https://edu.gov.ru/"))
        _add_body(parts, _para('<w:hyperlink r:id="rIdH"><w:r><w:t>Минпросвещения</w:t></w:r></w:hyperlink>'))

    path = write_package(tmp_path / "t.docx", literal)
    template = CompiledTemplate(path, make_env(), "свой")
    assert template.parts


def _with_central_size(path: Path, member: str, size: int) -> None:
    """Patch the uncompressed size the central directory declares for one member (what a
    crafted zip bomb does: the local header and the data stay small)."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02" + bytes(0))
    while at != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46: at + 46 + name_len].decode() == member:
            struct.pack_into("<I", data, at + 24, size)
            path.write_bytes(bytes(data))
            return
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(member)


def test_a_zip_bomb_declaring_two_gigabytes_is_refused_before_anything_is_unpacked(tmp_path):
    path = write_package(tmp_path / "t.docx", lambda parts: None)
    _with_central_size(path, DOC, 2**31 - 1)
    started = time.perf_counter()
    with pytest.raises(TemplateError, match="zip-бомб"):
        CompiledTemplate(path, make_env(), "чужой")
    assert time.perf_counter() - started < 5


def test_a_part_packed_better_than_a_template_can_be_is_refused(tmp_path):
    def spaces(parts):
        parts["word/padding.xml"] = b" " * (5 * 2**20)

    path = write_package(tmp_path / "t.docx", spaces)
    with pytest.raises(TemplateError, match="сжата в \\d+ раз"):
        CompiledTemplate(path, make_env(), "чужой")


def test_a_member_that_climbs_out_of_the_package_is_refused(tmp_path):
    path = write_package(tmp_path / "t.docx", lambda parts: parts.update({"../../evil.xml": b"<x/>"}))
    with pytest.raises(TemplateError, match="выводит за пределы документа"):
        CompiledTemplate(path, make_env(), "чужой")


