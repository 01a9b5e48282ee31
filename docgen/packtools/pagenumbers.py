"""Page numbers as ГОСТ Р 7.0.97-2016 (п. 6.5) wants them: from page 2, top centre, Arabic
numerals without words or punctuation; page 1 unnumbered.

Orders run to 8–10 pages, the Положение and the full registers longer; a school signs and files
them, and an unnumbered stack cannot be checked for a missing page. The numbers are a PAGE
field in the default header and an explicitly empty first-page header (``w:titlePg``): Word
and LibreOffice both compute the field on layout, and Word, which inherits headers across
sections, cannot carry a number onto page 1. The header holds no tag, so a print file shares
it between records, and each record's section (restarted at 1 by the merge) numbers its own
pages.

:func:`add_page_numbers` edits a template package in place and was run once over the built-in
and example templates; ``docgen pack new``/``pack add`` start from the base document, which
has them. In Word a methodologist gets the same with «Вставка → Номер страницы → Вверху
страницы, по центру» and «Особый колонтитул для первой страницы».
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from docgen.ooxml.package import XML_PARSER
from docgen.ooxml.wordml import (
    CONTENT_TYPES,
    CT_NS,
    DOCUMENT,
    DOCUMENT_RELS,
    HEADER_TYPE,
    R_ID,
    RELS_NS,
    R,
    W,
    after,
    w,
)

__all__ = ["add_page_numbers", "has_page_numbers"]

_HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_AFTER_TITLEPG = after("sectPr", "titlePg")  # CT_SectPr children that come after w:titlePg


def _header_xml(numbered: bool, size_half_points: int) -> bytes:
    run_props = (f'<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'
                 f'<w:sz w:val="{size_half_points}"/><w:szCs w:val="{size_half_points}"/></w:rPr>')
    field = (f'<w:r>{run_props}<w:fldChar w:fldCharType="begin"/></w:r>'
             f'<w:r>{run_props}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
             f'<w:r>{run_props}<w:fldChar w:fldCharType="separate"/></w:r>'
             f'<w:r>{run_props}<w:t>2</w:t></w:r>'
             f'<w:r>{run_props}<w:fldChar w:fldCharType="end"/></w:r>') if numbered else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:hdr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:spacing w:before="0" w:after="0"/>'
            f'<w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr>{field}</w:p></w:hdr>').encode()


def has_page_numbers(path: Path) -> bool:
    """Does every section of the template have a default header with a PAGE field?"""
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        document = etree.fromstring(zf.read(DOCUMENT), XML_PARSER)
        rels = etree.fromstring(zf.read(DOCUMENT_RELS), XML_PARSER) if DOCUMENT_RELS in names else None
        targets = {rel.get("Id"): rel.get("Target", "") for rel in (rels if rels is not None else [])}
        for sect in document.iter(w("sectPr")):
            default = [h for h in sect.findall(w("headerReference")) if h.get(w("type")) == "default"]
            if not default:
                return False
            part = "word/" + targets.get(default[0].get(R_ID) or "", "").lstrip("/").removeprefix("word/")
            if part not in names or not re.search(rb"instrText[^>]*>\s*PAGE\b|w:instr=\"\s*PAGE\b", zf.read(part)):
                return False
    return True


def add_page_numbers(path: Path, size_pt: int = 12) -> bool:
    """Give every section of the template at ``path`` a numbered default header and an empty
    first-page header. Returns False, changing nothing, when a section already has a header of
    its own (the template's author decided)."""
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        parts = {info.filename: zf.read(info) for info in infos}
    document = etree.fromstring(parts[DOCUMENT], XML_PARSER)
    sections = list(document.iter(w("sectPr")))
    if any(s.find(w("headerReference")) is not None for s in sections):
        return False
    rels = etree.fromstring(parts[DOCUMENT_RELS], XML_PARSER)
    types = etree.fromstring(parts[CONTENT_TYPES], XML_PARSER)
    taken_ids = {rel.get("Id") for rel in rels}
    new_parts: dict[str, bytes] = {}

    def new_header(numbered: bool) -> str:
        n = 1
        while f"word/header{n}.xml" in parts or f"word/header{n}.xml" in new_parts:
            n += 1
        name = f"word/header{n}.xml"
        new_parts[name] = _header_xml(numbered, size_pt * 2)
        rid = next(f"rIdPage{i}" for i in range(1, 1000) if f"rIdPage{i}" not in taken_ids)
        taken_ids.add(rid)
        etree.SubElement(rels, f"{{{RELS_NS}}}Relationship", Id=rid, Type=_HEADER_REL, Target=f"header{n}.xml")
        etree.SubElement(types, f"{{{CT_NS}}}Override", PartName=f"/{name}", ContentType=HEADER_TYPE)
        return rid

    numbered, first = new_header(True), new_header(False)
    for sect in sections:
        for kind, rid in (("first", first), ("default", numbered)):  # inserted at 0: default ends up first
            ref = etree.Element(w("headerReference"))
            ref.set(w("type"), kind)
            ref.set(R_ID, rid)
            sect.insert(0, ref)
        if sect.find(w("titlePg")) is None:
            title = etree.Element(w("titlePg"))
            later = next((c for c in sect if c.tag in _AFTER_TITLEPG), None)
            if later is None:
                sect.append(title)
            else:
                later.addprevious(title)
    parts[DOCUMENT] = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts[DOCUMENT_RELS] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts[CONTENT_TYPES] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with zipfile.ZipFile(tmp, "w") as out:
        for info in infos:
            out.writestr(info, parts[info.filename], compress_type=zipfile.ZIP_DEFLATED)
        for name, data in new_parts.items():
            out.writestr(zipfile.ZipInfo(name, date_time=infos[0].date_time), data, compress_type=zipfile.ZIP_DEFLATED)
    tmp.replace(path)
    return True
