"""The built-in template pack, as a plugin like any other (entry point ``docgen.packs``).

Its folder is the repository's top level (``pack.yaml``, ``templates/``, ``schemas/``) in a
source checkout and ``docgen/_builtin/`` in an installed wheel.
"""

from __future__ import annotations

from pathlib import Path

from docgen.errors import SchemaError
from docgen.plugins.hookspecs import hookimpl
from docgen.schema.pack import REGISTRY_SCHEMA_FILE

__all__ = ["builtin_root", "register_packs"]


def builtin_root() -> Path:
    """Where the built-in pack is: inside the installed package, or the source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_builtin"
    if (installed / "schemas" / REGISTRY_SCHEMA_FILE).is_file():
        return installed
    checkout = package.parent
    if (checkout / "schemas" / REGISTRY_SCHEMA_FILE).is_file():
        return checkout
    raise SchemaError("Встроенный набор шаблонов не найден: пакет docgen установлен не полностью.")


@hookimpl
def register_packs() -> list[Path]:
    return [builtin_root()]
