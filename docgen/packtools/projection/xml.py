"""Reading a .docx for the projection: its parts and relationships, units, visible text."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
import zlib
from typing import Any, Iterator

from lxml import etree

from docgen.errors import TemplateError
from docgen.ooxml.package import XML_PARSER, local, rels_part, resolve
from docgen.ooxml.wordml import W, w

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
OFFICE_DOCUMENT = "/officeDocument"
MM_TWIPS = 1440 / 25.4
MM_EMU = 36000
OFF = {"0", "false", "off"}
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def attr(el: Any, name: str, ns: str = W) -> str | None:
    """An attribute in ``ns`` (w: by default), or unqualified as some writers store it."""
    if el is None:
        return None
    value = el.get(f"{{{ns}}}{name}")
    return value if value is not None else el.get(name)


def on(el: Any) -> bool | None:
    """An on/off property: None when absent."""
    if el is None:
        return None
    return (attr(el, "val") or "1").lower() not in OFF


def number(text: str | None) -> float | None:
    """A measure: a plain number, or with a unit (``12.5mm``, strict OOXML) in twips."""
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        m = re.fullmatch(r"(-?[\d.]+)(mm|cm|in|pt|pc|pi)", text.strip())
        if not m:
            return None
        factor = {"mm": MM_TWIPS, "cm": MM_TWIPS * 10, "in": 1440, "pt": 20, "pc": 240, "pi": 240}[m.group(2)]
        return float(m.group(1)) * factor  # twips


def fmt_number(value: float) -> str:
    """At most one decimal, none when whole: 12.5, 170."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def to_mm(twips: float | None) -> str:
    return "?" if twips is None else fmt_number(twips / MM_TWIPS)


def to_pt(twips: float | None) -> str:
    return "?" if twips is None else fmt_number(twips / 20)


def short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:8]


# --------------------------------------------------------------------------- the package


class Package:
    """The parts of a .docx, by name, and their relationships."""

    def __init__(self, data: bytes, display: str):
        self.display = display
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.names = set(self.zip.namelist())
        except zipfile.BadZipFile:
            raise TemplateError(f"{display} не открывается как документ Word (.docx): файл повреждён "
                                "или это файл другого формата.") from None
        self._xml: dict[str, Any] = {}
        self._rels: dict[str, dict[str, tuple[str, str, bool]]] = {}

    def read(self, part: str) -> bytes | None:
        if part not in self.names:
            return None
        try:
            return self.zip.read(part)
        except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError) as exc:
            raise TemplateError(f"{self.display} повреждён: часть {part} не читается ({exc}).") from None

    def xml(self, part: str) -> Any:
        if part not in self._xml:
            data = self.read(part)
            root = None
            if data is not None:
                try:
                    root = etree.fromstring(data, XML_PARSER)
                except etree.XMLSyntaxError as exc:
                    raise TemplateError(f"{self.display} повреждён: часть {part} — не XML ({exc}).") from None
            self._xml[part] = root
        return self._xml[part]

    def rels(self, part: str) -> dict[str, tuple[str, str, bool]]:
        """rId → (type, target part or URL, external?)."""
        if part not in self._rels:
            found: dict[str, tuple[str, str, bool]] = {}
            root = self.xml(rels_part(part))
            for rel in root if root is not None else []:
                if local(rel.tag) != "Relationship":
                    continue
                external = rel.get("TargetMode") == "External"
                target = rel.get("Target", "")
                found[rel.get("Id", "")] = (rel.get("Type", ""), target if external else resolve(part, target),
                                            external)
            self._rels[part] = found
        return self._rels[part]

    def main_part(self) -> str:
        for rtype, target, _ in self.rels("").values():
            if rtype.endswith(OFFICE_DOCUMENT):
                return target
        return "word/document.xml"

    def related(self, part: str, suffix: str) -> str | None:
        for rtype, target, external in self.rels(part).values():
            if rtype.endswith(suffix) and not external:
                return target
        return None


def part_name(part: str) -> str:
    """A part's name as a reviewer knows it: relative to word/."""
    return part[5:] if part.startswith("word/") else part


def visible(text: str) -> str:
    """Text as a reviewer should see it: no-break space °, soft hyphen ¬, other invisible or
    private-use characters as ⟪U+XXXX⟫."""
    out = []
    for ch in text:
        if ch == "\u00a0":
            out.append("°")
        elif ch == "\u00ad":
            out.append("¬")
        elif ch == "\t":
            out.append("→")
        elif ch in "\r\n":
            out.append("↵")
        elif ch != " " and unicodedata.category(ch) in ("Cc", "Cf", "Co", "Zs", "Zl", "Zp"):
            out.append(f"⟪U+{ord(ch):04X}⟫")
        else:
            out.append(ch)
    return "".join(out)


def choice(alternate: Any) -> Any:
    """What Word shows of an ``mc:AlternateContent``: its first Choice (else the Fallback)."""
    for child in alternate:
        if local(child.tag) == "Choice":
            return child
    for child in alternate:
        if local(child.tag) == "Fallback":
            return child
    return etree.Element("empty")


def copy_element(el: Any) -> Any:
    return etree.fromstring(etree.tostring(el))


def block_children(container: Any) -> Iterator[Any]:
    """Block-level children, content controls and custom XML opened."""
    for child in container:
        if not isinstance(child.tag, str):
            continue
        name = local(child.tag)
        if child.tag.startswith(f"{{{MC}}}") and name == "AlternateContent":
            yield from block_children(choice(child))
        elif not child.tag.startswith(f"{{{W}}}"):
            continue
        elif name == "sdt":
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from block_children(content)
        elif name in ("customXml", "ins", "moveTo"):
            yield from block_children(child)
        elif name in ("p", "tbl", "altChunk"):
            yield child


def children_named(container: Any, name: str) -> Iterator[Any]:
    """The ``w:name`` children (rows of a table, cells of a row), content controls opened."""
    for child in container:
        if not isinstance(child.tag, str) or not child.tag.startswith(f"{{{W}}}"):
            continue
        if local(child.tag) == name:
            yield child
        elif local(child.tag) in ("sdt", "customXml"):
            content = child.find(w("sdtContent")) if local(child.tag) == "sdt" else child
            if content is not None:
                yield from children_named(content, name)
