"""Template packs: a folder holding ``templates/`` (.docx) and ``schemas/`` (.yaml).

The built-in pack is the repository's top-level ``templates/`` and ``schemas/``. In a wheel
they are copied to ``docgen/_builtin/`` (see pyproject's force-include); in a source
checkout or an editable install they are read where they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import SchemaError, UsageError
from .schema import RegistrySchema, TemplateSchema, load_registry_schema, load_template_schema

REGISTRY_SCHEMA_FILE = "registry.yaml"


@dataclass(frozen=True)
class Pack:
    name: str
    root: Path

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def schemas_dir(self) -> Path:
        return self.root / "schemas"


def builtin_root() -> Path:
    """Where the built-in pack is: inside the installed package, or the source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "_builtin"
    if (installed / "schemas" / REGISTRY_SCHEMA_FILE).is_file():
        return installed
    checkout = here.parent
    if (checkout / "schemas" / REGISTRY_SCHEMA_FILE).is_file():
        return checkout
    raise SchemaError("Встроенный набор шаблонов не найден: пакет docgen установлен не полностью.")


def builtin_pack() -> Pack:
    return Pack(name="builtin", root=builtin_root())


@lru_cache(maxsize=None)
def registry_schema() -> RegistrySchema:
    return load_registry_schema(builtin_root() / "schemas" / REGISTRY_SCHEMA_FILE)


def template_schemas(pack: Pack | None = None) -> dict[str, TemplateSchema]:
    """Every template schema of a pack, by id, in file-name order."""
    pack = pack or builtin_pack()
    reg = registry_schema()
    result: dict[str, TemplateSchema] = {}
    for path in sorted(pack.schemas_dir.glob("*.yaml")):
        if path.name == REGISTRY_SCHEMA_FILE:
            continue
        ts = load_template_schema(path, reg, pack.templates_dir)
        result[ts.id] = ts
    return result


def find_template(template_id: str, pack: Pack | None = None) -> TemplateSchema:
    schemas = template_schemas(pack)
    try:
        return schemas[template_id]
    except KeyError:
        known = ", ".join(schemas) or "—"
        raise UsageError(f"Шаблона «{template_id}» нет. Доступные шаблоны: {known}.") from None
