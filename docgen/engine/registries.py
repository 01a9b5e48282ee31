"""Reading a registry of the kind the templates need — and saying so when it is the other kind.

A district's registry given to a school's template (or the other way round) would otherwise
come back as a dozen «no sheet» problems; its sheets tell which kind it is
(:meth:`docgen.plugins.catalog.Catalog.detect_kind`), so the user is told in one sentence.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docgen.errors import Problem, RegistryError, RegistryInvalid
from docgen.plugins.catalog import Catalog
from docgen.records.model import Registry
from docgen.records.validate import validate
from docgen.schema.model import REGISTRY_KINDS, SCHOOL
from docgen.workbook.reader import RawSheet, read_workbook

__all__ = ["check_registry", "load_any", "load_registry"]


def _genitive(kind: str) -> str:
    return REGISTRY_KINDS.get(kind, kind).replace("реестр ", "реестра ", 1)


def _read(path: Path, catalog: Catalog, kind: str | None) -> tuple[str, list[RawSheet]]:
    raw = read_workbook(path)
    found = catalog.detect_kind(s.name for s in raw)
    if kind is not None and found is not None and found != kind:
        raise RegistryError(f"«{path.name}» — {REGISTRY_KINDS.get(found, found)}, а эти шаблоны делаются из "
                            f"{_genitive(kind)}. Укажите {REGISTRY_KINDS.get(kind, kind)} "
                            "(или шаблоны для этого реестра: docgen list).")
    return (kind or found or SCHOOL), raw


def load_registry(path: Path, catalog: Catalog, kind: str, as_of: date | None) -> Registry:
    """Read and validate a registry of ``kind``; every problem in one :class:`RegistryInvalid`."""
    _, raw = _read(path, catalog, kind)
    registry, problems = validate(raw, catalog.registry_schema_of(kind), path, as_of or date.today())
    if problems:
        raise RegistryInvalid(problems)
    return registry


def check_registry(path: Path, catalog: Catalog, kind: str | None, as_of: date | None) -> tuple[str, list[Problem]]:
    """The kind of the registry (``kind``, or what its sheets say, a school's when they say
    nothing) and every problem it has as that kind."""
    found, raw = _read(path, catalog, kind)
    _, problems = validate(raw, catalog.registry_schema_of(found), path, as_of or date.today())
    return found, problems


def load_any(path: Path, catalog: Catalog, as_of: date | None = None) -> Registry:
    """Read and validate a registry of whatever kind its sheets say (a school's when they say nothing)."""
    kind, raw = _read(path, catalog, None)
    registry, problems = validate(raw, catalog.registry_schema_of(kind), path, as_of or date.today())
    if problems:
        raise RegistryInvalid(problems)
    return registry
