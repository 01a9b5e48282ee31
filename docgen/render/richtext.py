"""Values that print as XML rather than text: docxtpl's RichText family, as a plugin filter may
return them.

A template's context is docgen's own (records, never objects from outside), but an installed
plugin's filter is free Python and may hand back docxtpl's objects. What each becomes:

* ``RichText`` — runs with their own formatting. In ``{{r x}}`` or ``{{ x }}`` the tag's run is
  closed, the runs follow and a plain run opens after them: the XML docxtpl writes for
  ``{{r x}}``, and valid wherever a run may stand (docxtpl would put the runs inside ``w:t``
  for ``{{ x }}``, a file Word refuses).
* ``RichTextParagraph`` — paragraphs, printed by ``{{p x}}`` in place of the tag's paragraph
  (:mod:`docgen.render.dialect`); anywhere else a Russian error.
* ``Listing`` — text whose ``\\n``, ``\\a``, ``\\t``, ``\\f`` are line, paragraph and page breaks and
  tabs, like any value (:func:`docgen.render.environment.xml_finalize`).
* ``InlineImage`` and ``Subdoc`` — refused with a Russian reason: they need a live
  ``DocxTemplate`` to add parts to, and a picture may only come from the pack's own folder
  (:mod:`docgen.render.images`).

The XML of a RichText comes from code, but the text in it may come from data, and a field code
(``INCLUDEPICTURE``…), a relationship (``r:id`` of a hyperlink built with ``build_url_id``) or a
section break would reach outside the document or break it: :func:`checked_xml` lets through
only WordprocessingML runs and paragraphs without those (:mod:`docgen.render.safety`'s rules for
template files, applied to values).
"""

from __future__ import annotations

import html
import re
from typing import Any

from lxml import etree

from docgen.ooxml.normalise import normalise_tree
from docgen.ooxml.package import XML_PARSER
from docgen.ooxml.wordml import R, W
from docgen.render.structure import LINE_BREAK, PAGE_BREAK, PARAGRAPH_BREAK, TAB
from docgen.ru.text import XML_ILLEGAL

__all__ = ["checked_xml", "inline_value", "is_paragraphs", "paragraphs_xml"]

_XML_NS = "http://www.w3.org/XML/1998/namespace"
# Elements a value may not carry: fields (they pull files in), objects, pictures, links that need
# a relationship, section and sub-document breaks.
_FORBIDDEN = frozenset({
    "fldSimple", "fldChar", "instrText", "delInstrText", "fldData", "hyperlink", "object", "pict", "drawing",
    "sectPr", "subDoc", "altChunk", "control", "embedRegular", "embedBold", "embedItalic", "embedBoldItalic",
    "customXml", "sdt", "bookmarkStart", "bookmarkEnd", "commentReference", "footnoteReference",
    "endnoteReference"})
_RUN_OPEN = '<w:r><w:t xml:space="preserve">'


def _is(value: Any, name: str) -> bool:
    cls = type(value)
    return cls.__name__ == name and cls.__module__.startswith("docxtpl")


_BREAKS = {"\n": LINE_BREAK, "\t": TAB, "\a": PARAGRAPH_BREAK, "\f": PAGE_BREAK}
_BREAK_CHARS = re.compile("[\n\t\a\f]")


def checked_xml(xml: str, top: str, what: str) -> str:
    """``xml`` if it is only ``w:{top}`` elements of plain WordprocessingML (see the module
    docstring), its ``\\n``, ``\\t``, ``\\a``, ``\\f`` made breaks as docxtpl makes them (they can only
    be in text: XML has no other place for them) and its properties in schema order; otherwise
    ValueError with the Russian reason."""
    xml = XML_ILLEGAL.sub("", _BREAK_CHARS.sub(lambda m: _BREAKS[m.group(0)], xml.replace("\r", "")))
    wrapped = f'<docgen xmlns:w="{W}" xmlns:r="{R}">{xml}</docgen>'
    try:
        root = etree.fromstring(wrapped.encode("utf-8"), XML_PARSER)
    except etree.XMLSyntaxError:
        raise ValueError(f"{what} из дополнения — не правильная разметка Word") from None
    if root.text and root.text.strip():
        raise ValueError(f"{what} из дополнения содержит текст вне абзацев и фрагментов")
    for node in root.iter():
        if node is root:
            continue
        if not isinstance(node.tag, str):
            continue  # comments and processing instructions print nothing
        namespace, _, name = node.tag[1:].partition("}")
        for attr in node.attrib:
            ns = attr[1:].split("}", 1)[0] if attr.startswith("{") else ""
            if ns not in (W, _XML_NS):
                raise ValueError(f"{what} из дополнения ссылается на другие части документа "
                                 f"({etree.QName(attr).localname}) — гиперссылки и картинки из дополнений docgen "
                                 "не выводит")
        if namespace != W or name in _FORBIDDEN:
            raise ValueError(f"{what} из дополнения содержит «{name}» (поле, рисунок, ссылку или разрыв раздела) — "
                             "docgen выводит из дополнений только текст с оформлением")
        if node.getparent() is root and node.tag != f"{{{W}}}{top}":
            raise ValueError(f"{what} из дополнения содержит «{name}» там, где ожидается "
                             f"{'фрагмент текста' if top == 'r' else 'абзац'}")
    if not normalise_tree(root):  # RichText lists run properties in its arguments' order
        return xml
    declarations = (f' xmlns:w="{W}"', f' xmlns:r="{R}"')
    out = "".join(etree.tostring(node, encoding="unicode") for node in root)
    for declaration in declarations:
        out = out.replace(declaration, "")
    return out


def inline_value(value: Any) -> Any:
    """What a docxtpl object printed inside a run's text becomes: Markup of XML that closes the
    run, or plain text (a Listing), or ValueError with the Russian reason. Anything else is
    returned unchanged."""
    from markupsafe import Markup  # noqa: PLC0415 — loaded with jinja2

    if _is(value, "RichText"):
        return Markup("</w:t></w:r>" + checked_xml(str(value.xml), "r", "Оформленный текст (RichText)") + _RUN_OPEN)
    if _is(value, "Listing"):
        return html.unescape(str(value.xml))
    if _is(value, "RichTextParagraph"):
        raise ValueError("абзацы из дополнения (RichTextParagraph) выводятся тегом {{p …}} в отдельном абзаце, "
                         "а не внутри текста")
    if _is(value, "InlineImage"):
        raise ValueError("картинку (InlineImage) из дополнения docgen не вставляет: картинки берутся только из "
                         "папки images набора — {{ image('имя.png') }}")
    if _is(value, "Subdoc"):
        raise ValueError("вложенный документ (Subdoc) docgen не вставляет: шаблон docgen — один документ")
    return value


def is_paragraphs(value: Any) -> bool:
    """The ``docgen_paragraphs`` test: is this value whole paragraphs (``{{p x}}`` prints it as is)?"""
    return _is(value, "RichTextParagraph")


def paragraphs_xml(value: Any) -> Any:
    """The ``docgen_paragraphs`` filter: a RichTextParagraph's checked XML, as Markup."""
    from markupsafe import Markup  # noqa: PLC0415 — loaded with jinja2

    return Markup(checked_xml(str(value.xml), "p", "Абзацы из дополнения (RichTextParagraph)"))
