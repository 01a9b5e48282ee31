"""A pack's ``pack.yaml``: its name, version, the docgen versions it works with, extra columns.

A pack is a folder with ``pack.yaml``, ``templates/`` (.docx) and ``schemas/`` (one .yaml per
template). ``registry_kind`` says which kind of registry workbook its templates are made from: a
school's (the default) or a district's (:data:`~docgen.schema.model.REGISTRY_KINDS`) — one kind
per pack, because a template's fields name the sheets of one registry. This module reads and
checks the metadata; finding packs and building the catalog of
their templates is :mod:`docgen.plugins.catalog`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import UsageError
from docgen.schema.check import Checker, load_yaml
from docgen.schema.model import REGISTRY_KINDS, SCHOOL

__all__ = ["PACK_FILE", "REGISTRY_SCHEMA_FILE", "Pack", "check_version", "find_pack_root", "read_pack"]

REGISTRY_SCHEMA_FILE = "registry.yaml"
PACK_FILE = "pack.yaml"
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_PACK_KEYS = {"name", "version", "title", "description", "author", "license", "language", "docgen", "registry",
              "registry_kind"}


@dataclass(frozen=True)
class Pack:
    """One pack's metadata and folder. ``trusted``: it came from an installed distribution
    (its plugin code, if any, runs); a folder pack is data only."""

    name: str
    root: Path
    version: str = ""
    title: str = ""
    description: str = ""
    author: str = ""
    license: str = ""
    language: str = "ru"
    requires: str = ""  # PEP 440 specifier of docgen versions, e.g. ">=0.1,<0.3"
    origin: str = ""  # Russian: where it comes from, for `docgen packs`
    trusted: bool = False
    registry: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    registry_kind: str = SCHOOL  # the registry its templates are made from (REGISTRY_KINDS)

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def schemas_dir(self) -> Path:
        return self.root / "schemas"

    @property
    def path(self) -> Path:
        return self.root / PACK_FILE


def find_pack_root(folder: Path) -> Path:
    """The pack folder for a path a user typed: the folder with ``pack.yaml`` itself, or a
    pack's project folder (``docgen pack new`` makes ``NAME/docgen_pack_NAME/pack.yaml``)."""
    folder = Path(folder)
    if (folder / PACK_FILE).is_file():
        return folder
    if not folder.is_dir():
        raise UsageError(f"Папка набора шаблонов {folder} не найдена.")
    inner = sorted(p.parent for p in folder.glob(f"*/{PACK_FILE}"))
    if len(inner) == 1:
        return inner[0]
    raise UsageError(f"В папке {folder} нет файла {PACK_FILE}: это не набор шаблонов docgen. "
                     "Создать набор: docgen pack new ИМЯ.")


def read_pack(root: Path, *, origin: str, trusted: bool) -> Pack:
    """Read and check ``pack.yaml``; SchemaError names the file and the key."""
    path = root / PACK_FILE
    c = Checker(path)
    data = load_yaml(path)
    c.unknown(data, _PACK_KEYS, "")

    def text(key: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                raise c.fail(key, "обязательный ключ отсутствует.")
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise c.fail(key, "ожидалась строка.")
        return str(value).strip()

    name = text("name", True)
    if not _NAME_RE.match(name):
        raise c.fail("name", f"имя набора «{name}» пишется латиницей в нижнем регистре (a-z, 0-9, _), "
                             "например ensk_district.")
    registry = data.get("registry") or {}
    if not isinstance(registry, dict):
        raise c.fail("registry", "ожидался словарь «ключ листа: [поля]».")
    kind = text("registry_kind") or SCHOOL
    if kind not in REGISTRY_KINDS:
        shown = ", ".join(f"{k} ({v})" for k, v in REGISTRY_KINDS.items())
        raise c.fail("registry_kind", f"«{kind}»: допустимо {shown}.")
    return Pack(name=name, root=root, version=text("version", True), title=text("title", True),
                description=text("description"), author=text("author"), license=text("license"),
                language=text("language") or "ru", requires=text("docgen"), origin=origin,
                trusted=trusted, registry=registry, registry_kind=kind)


def check_version(pack: Pack, version: str) -> str:
    """Empty when ``pack`` works with docgen ``version``; otherwise why not, in Russian."""
    if not pack.requires:
        return ""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet  # noqa: PLC0415 — only when a pack names versions

    try:
        spec = SpecifierSet(pack.requires)
    except InvalidSpecifier:
        return (f"в {PACK_FILE} неверно указаны версии docgen: «{pack.requires}» "
                "(пример верной записи: >=0.1,<0.3)")
    if spec.contains(version, prereleases=True):
        return ""
    return (f"набор рассчитан на docgen {pack.requires}, а установлен docgen {version}. "
            "Обновите docgen (pip install -U docgen) или возьмите версию набора для своей версии docgen")
