"""VML shape ids of a print file: every record's shapes get their own.

VML (``urn:schemas-microsoft-com:vml``) is how Word stores legacy pictures, OLE objects,
watermarks and the fallbacks of DrawingML shapes. Every record of a print file repeats the
template's shapes, so without this the merged body holds N shapes with one id (the Open XML SDK
reports ``Sem_UniqueAttributeValue`` for ``v:shape/@id`` and ``v:shapetype/@id``) and Word's
shape ids (``o:spid``) repeat across the per-record header copies too. Kept apart from
:mod:`docgen.output.merge`, which calls it for records 2…N like its drawing and bookmark ids.
"""

from __future__ import annotations

import re

from lxml import etree

from docgen.ooxml.wordml import w

__all__ = ["VmlIds"]

VML = "urn:schemas-microsoft-com:vml"
OFFICE = "urn:schemas-microsoft-com:office:office"
_VML_ID_VALUE = re.compile(rb'\s(?:id|o:spid|ShapeID|w:shapeid)="([^"]*?)(\d+)"')
_TRAILING_NUMBER = re.compile(r"^(.*?)(\d+)$")
_V_ANY, _V_SHAPETYPE = f"{{{VML}}}*", f"{{{VML}}}shapetype"
_O_SPID, _O_OLE = f"{{{OFFICE}}}spid", f"{{{OFFICE}}}OLEObject"
_W_CONTROL, _W_SHAPEID = w("control"), w("shapeid")


class VmlIds:
    """New ids for the VML shapes of records 2…N of one print file.

    * ``v:*/@id``, ``o:spid`` — the trailing number is replaced by the next free number of the
      same prefix (``_x0000_i1025`` → ``_x0000_i1027``, ``PowerPlusWaterMarkObject357831064`` →
      ``…357831065``: Word recognises a watermark by that prefix), counting above every number
      the template uses; an id without a number gets ``_k``. ``o:OLEObject/@ShapeID`` and
      ``w:control/@w:shapeid`` follow the shape they name (one map per record and story).
    * ``v:shapetype`` — a definition, referenced as ``type="#id"`` and conventionally named after
      its shape type (``_x0000_t75``, which LibreOffice also reads as the type when ``o:spt`` is
      missing). Word writes each once per part, so in the body a record's shapetype that an
      earlier record already defined identically is dropped (its shapes use the earlier one); a
      different definition under a taken id is renamed ``id_k``, with its references. Header and
      footer copies are parts of their own and keep their shapetypes.
    """

    def __init__(self, template_parts: list[bytes]):
        """``template_parts``: the template's document, header and footer XML, whose numbers
        new ids are counted above."""
        self._next: dict[str, int] = {}
        for data in template_parts:
            for prefix, number in _VML_ID_VALUE.findall(data):
                key = prefix.decode("utf-8", "replace")
                self._next[key] = max(self._next.get(key, 0), int(number) + 1)
        self._body_types: dict[str, bytes] = {}  # shapetype id → its definition, in the merged body

    def _new(self, old: str, k: int) -> str:
        m = _TRAILING_NUMBER.match(old)
        if m is None:
            return f"{old}_{k}"
        prefix = m.group(1)
        number = max(self._next.get(prefix, 0), int(m.group(2)) + 1)
        self._next[prefix] = number + 1
        return f"{prefix}{number}"

    def renumber(self, root: etree._Element, k: int) -> None:
        """Give record k's shapes (k > 1) new ids in ``root`` (a body or a header/footer copy)."""
        ids: dict[str, str] = {}

        def new(old: str) -> str:
            if old not in ids:
                ids[old] = self._new(old, k)
            return ids[old]

        for el in root.iter(_V_ANY):
            if el.tag == _V_SHAPETYPE:
                continue
            for attr in ("id", _O_SPID):
                value = el.get(attr)
                if value:
                    el.set(attr, new(value))
        pointers = [(e, "ShapeID") for e in root.iter(_O_OLE)] + [(e, _W_SHAPEID) for e in root.iter(_W_CONTROL)]
        for el, attr in pointers:
            value = el.get(attr)
            if value:
                el.set(attr, new(value))

    def body_shapetypes(self, body: etree._Element, k: int) -> None:
        """Keep one definition of each shapetype id in the merged body (see the class)."""
        renamed: dict[str, str] = {}
        for el in list(body.iter(_V_SHAPETYPE)):
            type_id = el.get("id")
            if not type_id:
                continue
            definition = etree.tostring(el, with_tail=False)
            known = self._body_types.get(type_id)
            if known is None:
                self._body_types[type_id] = definition
            elif known == definition:
                parent = el.getparent()
                if parent is not None:  # its tail, if any, is whitespace: w:pict holds elements only
                    parent.remove(el)
            else:
                new_id = renamed[type_id] = f"{type_id}_{k}"
                el.set("id", new_id)
                self._body_types[new_id] = etree.tostring(el, with_tail=False)
        if renamed:
            for el in body.iter(_V_ANY):
                ref = el.get("type", "")
                if ref.startswith("#") and ref[1:] in renamed:
                    el.set("type", "#" + renamed[ref[1:]])
