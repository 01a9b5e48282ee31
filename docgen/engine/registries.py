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

__all__ = ["load_any", "read_registry"]


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


def read_registry(path: Path, catalog: Catalog, kind: str | None,
                  as_of: date | None) -> tuple[str, Registry, list[Problem]]:
    """Read and validate a registry of ``kind`` (None: of whatever kind its sheets say, a school's
    when they say nothing): its kind, the registry and every problem — which of them stop which
    templates is :mod:`docgen.engine.scope`'s to say."""
    found, raw = _read(path, catalog, kind)
    registry, problems = validate(raw, catalog.registry_schema_of(found), path, as_of or date.today())
    return found, registry, problems


def load_any(path: Path, catalog: Catalog, as_of: date | None = None) -> Registry:
    """Read and validate a registry of whatever kind its sheets say (a school's when they say
    nothing); raise :class:`RegistryInvalid` with every error (warnings do not count here)."""
    _, registry, problems = read_registry(path, catalog, None, as_of)
    errors = [p for p in problems if not p.is_warning]
    if errors:
        raise RegistryInvalid(errors)
    return registry
