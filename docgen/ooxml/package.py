"""A read-only view of an OOXML package: parts by name (case-insensitively) and relationships."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from typing import Any
from urllib.parse import unquote

from lxml import etree

from docgen.errors import RegistryError

__all__ = ["XML_PARSER", "Package", "local", "rels_part", "resolve"]

#: No entities, no network, big trees allowed (a 5000-row sheet is 10 MB of XML).
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def resolve(base_part: str, target: str) -> str:
    """Part name of a relationship target, relative to the part that holds the relationship."""
    target = unquote(target)
    if target.startswith("/"):
        return posixpath.normpath(target[1:])
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def rels_part(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class Package:
    """Read-only view of the workbook's zip: parts by name (case-insensitively), relationships."""

    def __init__(self, data: bytes, display: str):
        self.display = display
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise RegistryError(
                f"Файл «{display}» не читается как книга .xlsx/.xlsm: он повреждён, защищён паролем "
                "или это файл другого формата с изменённым расширением. Откройте его в Excel или "
                "LibreOffice и сохраните заново."
            ) from None
        self.names = {n.lower(): n for n in self.zip.namelist()}

    def member(self, part: str) -> str | None:
        return self.names.get(part.lower())

    def read(self, part: str) -> bytes | None:
        name = self.member(part)
        if name is None:
            return None
        try:
            return self.zip.read(name)
        except (zipfile.BadZipFile, zlib.error, OSError) as exc:
            raise RegistryError(f"Файл «{self.display}» повреждён: часть {name} не читается ({exc}).") from None

    def xml(self, part: str) -> etree._Element | None:
        data = self.read(part)
        if data is None:
            return None
        try:
            return etree.fromstring(data, XML_PARSER)
        except etree.XMLSyntaxError as exc:
            raise RegistryError(f"Файл «{self.display}» повреждён: часть {part} — не XML ({exc}).") from None

    def rels(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target part) of the part's internal relationships."""
        root = self.xml(rels_part(part))
        if root is None:
            return []
        result = []
        for rel in root:
            if local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
                continue
            result.append((rel.get("Id", ""), rel.get("Type", ""), resolve(part, rel.get("Target", ""))))
        return result

    def rel_of_type(self, part: str, suffix: str) -> str | None:
        for _id, rtype, target in self.rels(part):
            if rtype.endswith(suffix):
                return target
        return None

