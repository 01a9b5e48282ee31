"""The municipal pack: the district's documents, shipped with docgen as a plugin like any other
(entry point ``municipal`` in the ``docgen.packs`` group).

Its templates are made from a district's registry (``registry_kind: district`` in its
``pack.yaml``), whose schema is its ``schemas/registry.yaml``. Its folder is ``packs/municipal/``
in a source checkout and ``docgen/_municipal/`` in an installed wheel; the bundled example
district (a district registry and the registries of its schools) is ``examples/district/`` in a
checkout and ``docgen/_municipal/examples/`` in a wheel.
"""

from __future__ import annotations

from pathlib import Path

from docgen.errors import SchemaError
from docgen.plugins.hookspecs import hookimpl
from docgen.schema.pack import PACK_FILE

__all__ = ["example_root", "municipal_root", "register_packs"]


def municipal_root() -> Path:
    """Where the municipal pack is: inside the installed package, or the source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_municipal"
    if (installed / PACK_FILE).is_file():
        return installed
    checkout = package.parent / "packs" / "municipal"
    if (checkout / PACK_FILE).is_file():
        return checkout
    raise SchemaError("Набор шаблонов района не найден: пакет docgen установлен не полностью.")


def example_root() -> Path:
    """The bundled example district: ``registry.xlsx`` and ``schools/`` with its schools' registries."""
    root = municipal_root()
    installed = root / "examples"
    return installed if installed.is_dir() else root.parent.parent / "examples" / "district"


@hookimpl
def register_packs() -> list[Path]:
    return [municipal_root()]
