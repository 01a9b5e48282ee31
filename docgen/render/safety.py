"""What a template package may not contain: nothing that reaches the network, runs code, or bursts.

A template from another school is untrusted, and a document made from it travels: to
LibreOffice (``--pdf``), to Word on a secretary's computer. Either will fetch what the package
points at. The attack that was found: a folder pack holds hundreds of external image links,
and the template picks one per letter of a mentor's name — the images' addresses, fetched by
LibreOffice, spell the name to a server. So a template is refused, with a Russian reason each,
when it has:

* a relationship to anything outside the package except a literal hyperlink (images, an
  attached template on http or a network share, OLE links, frames, sub-documents);
* a relationship id or any attribute built from data (``r:link="{{ … }}"``), or an address
  written straight into an attribute (``o:href="http://…"``, ``\\\\server\\share``);
* a field that pulls content in (``INCLUDETEXT``, ``INCLUDEPICTURE``, ``DDE``, ``DDEAUTO``,
  ``LINK``, ``IMPORT``), or a ``HYPERLINK`` field whose address is built from data;
* macros (``vbaProject.bin``, a macro-enabled content type);
* a DTD or entity declaration in any XML part;
* a member name that climbs out of the package (``../``, an absolute path, a drive letter);
* members that unpack to more than :data:`MAX_MEMBER_BYTES` (or :data:`MAX_TOTAL_BYTES` in
  all), or that pack better than :data:`MAX_RATIO` to 1 — a zip bomb.

:func:`read_template` enforces all of it for ``docgen make``; ``docgen pack lint`` reports the
same reasons.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from docgen.ooxml.package import XML_PARSER

__all__ = ["MAX_MEMBER_BYTES", "MAX_RATIO", "MAX_TOTAL_BYTES", "check_parts", "read_template"]

MAX_MEMBER_BYTES = 64 * 2**20  # a template's document.xml is ~100 KB; pictures a few MB
MAX_TOTAL_BYTES = 128 * 2**20
RATIO_CHECK_FROM = 4 * 2**20
MAX_RATIO = 100

_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_R_NS = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
         "http://purl.oclc.org/ooxml/officeDocument/relationships")
_TAG = re.compile(r"\{[{%#]")
_PULLING_FIELD = re.compile(r"^\s*(INCLUDETEXT|INCLUDEPICTURE|DDEAUTO|DDE|LINK|IMPORT)\b", re.I)
_HYPERLINK_FIELD = re.compile(r"^\s*HYPERLINK\b", re.I)
_ADDRESS = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*://|\\\\|//|file:)", re.I)
# Addresses that are names, not places: XML vocabularies (never fetched).
_VOCABULARY = ("http://schemas.openxmlformats.org/", "http://schemas.microsoft.com/", "http://purl.oclc.org/ooxml/",
               "urn:schemas-microsoft-com:", "http://www.w3.org/", "http://purl.org/")
_MACRO_TYPES = ("macroEnabled", "vbaProject", "vbaData", "ms-office.activeX")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class TemplateRefused(ValueError):
    """The package breaks the rules above; ``reasons`` are Russian sentences, one per problem."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def _mb(size: int) -> str:
    return f"{max(1, round(size / 2**20))} МБ"


def _check_members(infos: list[zipfile.ZipInfo]) -> list[str]:
    reasons = []
    total = 0
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name) or "\\" in name:
            reasons.append(f"имя части «{name}» выводит за пределы документа (../, абсолютный путь или диск)")
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES:
            reasons.append(f"часть «{name}» при распаковке заняла бы {_mb(info.file_size)} — так не бывает "
                           "в шаблоне (похоже на «zip-бомбу»)")
        elif info.file_size > RATIO_CHECK_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            reasons.append(f"часть «{name}» сжата в {info.file_size // max(info.compress_size, 1)} раз — "
                           "так не бывает в шаблоне (похоже на «zip-бомбу»)")
        if name.lower().endswith("vbaproject.bin") or name.lower().endswith("vbadata.xml"):
            reasons.append(f"шаблон содержит макросы ({name}): макросы в шаблонах docgen не допускаются")
    if total > MAX_TOTAL_BYTES:
        reasons.append(f"шаблон при распаковке занял бы {_mb(total)} — так не бывает в шаблоне")
    return reasons


def _is_address(value: str) -> bool:
    return bool(_ADDRESS.match(value)) and not value.startswith(_VOCABULARY)


_QUOTED_ADDRESS = re.compile(rb'"((?:[a-zA-Z][a-zA-Z0-9+.-]*://|\\\\|//|file:)[^"]*)"')


def _worth_a_look(data: bytes) -> bool:
    """A cheap first pass: could this part hold an address, a tag in an attribute, or a field?"""
    if b"{{" in data or b"{%" in data or b"instr" in data:
        return True
    return any(not m.decode("utf-8", "replace").startswith(_VOCABULARY) for m in _QUOTED_ADDRESS.findall(data))


def check_parts(parts: dict[str, bytes]) -> list[str]:
    """The reasons to refuse a template, from its unpacked parts (name → bytes); [] when none."""
    reasons: list[str] = []
    for name, data in parts.items():
        if name == "[Content_Types].xml" and any(t.encode() in data for t in _MACRO_TYPES):
            reasons.append("шаблон объявлен как документ с макросами или элементами ActiveX: они не допускаются")
        if not (name.endswith((".xml", ".rels")) or name.endswith(".vml")):
            continue
        head = data[:4096]
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data or b"<!doctype" in head:
            reasons.append(f"часть «{name}» содержит объявление DTD или сущностей (<!DOCTYPE, <!ENTITY)")
            continue
        if not name.endswith(".rels") and not _worth_a_look(data):
            continue  # nothing that could point outside: styles, themes, fonts (the usual bulk)
        try:
            root = etree.fromstring(data, XML_PARSER)
        except etree.XMLSyntaxError:
            continue  # the render reports broken XML with its own message
        if name.endswith(".rels"):
            for rel in root:
                target, kind = rel.get("Target", ""), rel.get("Type", "")
                if rel.get("TargetMode") == "External" and kind != _HYPERLINK:
                    what = kind.rsplit("/", 1)[-1] or "связь"
                    reasons.append(f"часть «{name}»: связь с внешним ресурсом «{target}» ({what}) — шаблон не "
                                   "может ничего загружать из сети или с других компьютеров")
                if _TAG.search(target):
                    reasons.append(f"часть «{name}»: адрес связи строится из данных («{target}»)")
            continue
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for attr, value in el.attrib.items():
                ns = attr[1:].split("}", 1)[0] if attr.startswith("{") else ""
                if ns in _R_NS and _TAG.search(value):
                    reasons.append(f"часть «{name}»: идентификатор связи строится из данных («{value}») — так "
                                   "шаблон мог бы выбирать, какой внешний ресурс загрузить")
                elif _is_address(value):
                    reasons.append(f"часть «{name}»: адрес внешнего ресурса «{value}» записан прямо в элемент")
            instruction = el.get(f"{_W}instr") if el.tag == f"{_W}fldSimple" else (
                el.text if el.tag == f"{_W}instrText" else None)
            if instruction:
                if _PULLING_FIELD.match(instruction):
                    field = _PULLING_FIELD.match(instruction).group(1).upper()  # type: ignore[union-attr]
                    reasons.append(f"часть «{name}»: поле {field} подгружает содержимое из другого файла или "
                                   "программы — такие поля не допускаются")
                elif _HYPERLINK_FIELD.match(instruction) and _TAG.search(instruction):
                    reasons.append(f"часть «{name}»: адрес гиперссылки строится из данных («{instruction.strip()}»)")
    return list(dict.fromkeys(reasons))


def read_template(path: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """Every member of a template package, checked; TemplateRefused with every reason, or
    zipfile.BadZipFile / OSError for a file that is not a package at all."""
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        reasons = _check_members(infos)
        if reasons:
            raise TemplateRefused(reasons)
        members = [(info, zf.read(info)) for info in infos]
    reasons = check_parts({info.filename: data for info, data in members})
    if reasons:
        raise TemplateRefused(reasons)
    return members
