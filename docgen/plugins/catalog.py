"""Template packs: what they are, where they come from, and the catalog of all of them.

A pack is a folder with ``pack.yaml`` (name, version, the docgen versions it works with,
author, licence, description, language, optional extra registry columns), ``templates/``
(.docx) and ``schemas/`` (one .yaml per template). Packs come from two places:

* installed Python distributions, through the ``docgen.packs`` entry-point group
  (:mod:`docgen.plugins`) — the built-in pack is the first of these;
* plain folders: ``--pack DIR`` and the ``DOCGEN_PACKS`` environment variable (folders
  separated by the system's path separator). A folder pack is data only: no code of it runs.

Template ids are namespaced by pack: ``ensk:order_intro``. The built-in pack's templates
keep their plain ids. A plain id that several packs have resolves by a documented priority
— **a folder pack, then an installed pack, then the built-in pack** — so a school can keep
its own edited copy of a built-in template (``consent_parent`` in a folder given with
``--pack``) and a district pack can replace the built-in order with its letterhead. The copy
that is used, and the ones it replaces, are shown by ``docgen list`` and ``docgen packs``. Two
packs of the same rank with the same id (two installed packs, or two folders) are never
resolved silently: the user is asked to name the pack.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from docgen import __version__
from docgen.errors import SchemaError, UsageError
from docgen.plugins.manager import hook_results, plugin_infos
from docgen.records.fieldtypes import PARSERS
from docgen.render.filters import FILTERS
from docgen.schema.model import BUILTIN, FIELD_TYPES, RegistrySchema, TemplateSchema
from docgen.schema.pack import PACK_FILE, REGISTRY_SCHEMA_FILE, Pack, check_version, find_pack_root, read_pack
from docgen.schema.registry import load_registry_schema, parse_extra_fields
from docgen.schema.template import load_template_schema

__all__ = ["BUILTIN", "ENV_VAR", "RANK_NAMES", "Catalog", "PackStatus", "catalog", "extend_registry", "rank"]

ENV_VAR = "DOCGEN_PACKS"


@dataclass
class PackStatus:
    """A pack as `docgen packs` shows it: usable, or refused and why."""

    name: str
    version: str
    title: str
    origin: str
    root: Path | None
    templates: tuple[str, ...] = ()
    error: str = ""
    pack: Pack | None = None


#: How a plain template id is resolved when several packs have it: the highest rank wins.
RANK_BUILTIN, RANK_INSTALLED, RANK_FOLDER = 0, 1, 2
RANK_NAMES = {RANK_BUILTIN: "встроенный", RANK_INSTALLED: "из установленного набора", RANK_FOLDER: "из папки"}


def rank(pack: Pack) -> int:
    """A folder pack (data only, given on purpose) outranks an installed one, which outranks
    the built-in pack."""
    if pack.name == BUILTIN:
        return RANK_BUILTIN
    return RANK_INSTALLED if pack.trusted else RANK_FOLDER


@dataclass
class Catalog:
    """Every usable pack, their templates by qualified id, and the plugins' extensions."""

    registry_schema: RegistrySchema
    packs: list[Pack]
    statuses: list[PackStatus]
    templates: dict[str, TemplateSchema]  # qualified ref → schema
    filters: dict[str, Callable[..., Any]]
    field_types: dict[str, Callable[[Any, Any], Any]]
    writers: dict[str, Any]
    warnings: list[str]

    def pack(self, name: str) -> Pack:
        for p in self.packs:
            if p.name == name:
                return p
        raise KeyError(name)

    def of_pack(self, name: str = BUILTIN) -> dict[str, TemplateSchema]:
        """The templates of one pack by their plain id (the built-in pack's by default)."""
        return {t.id: t for t in self.templates.values() if t.pack == name}

    def registry_without(self, name: str) -> RegistrySchema:
        """The registry schema as if the pack ``name`` were not installed (for linting a new
        version of a pack against everything else)."""
        types = frozenset(self.field_types)
        registry = load_registry_schema(self.pack(BUILTIN).schemas_dir / REGISTRY_SCHEMA_FILE, types)
        for p in self.packs:
            if p.name not in (name, BUILTIN):
                registry = extend_registry(registry, p, types)
        return registry

    def rank_of(self, template: TemplateSchema) -> int:
        return rank(self.pack(template.pack))

    def candidates(self, tid: str) -> list[TemplateSchema]:
        """Every template with the plain id ``tid``, the one a plain id resolves to first."""
        matches = [t for t in self.templates.values() if t.id == tid]
        return sorted(matches, key=lambda t: -self.rank_of(t))

    def shadowed_by(self, template: TemplateSchema) -> TemplateSchema | None:
        """The template a plain id resolves to instead of ``template``, if another pack's copy
        of the same id outranks it."""
        first = self.candidates(template.id)
        if first and first[0] is not template and self.rank_of(first[0]) > self.rank_of(template):
            return first[0]
        return None

    def shadows(self, template: TemplateSchema) -> list[TemplateSchema]:
        """The copies of ``template``'s id that ``template`` replaces (lower rank)."""
        return [t for t in self.candidates(template.id) if self.rank_of(t) < self.rank_of(template)]

    def find(self, name: str) -> TemplateSchema:
        """A template by ``id`` or ``pack:id``. A plain id several packs have resolves to the
        copy of the highest rank (folder > installed > built-in); a clear Russian error when
        the id is unknown, or when two packs of that rank have it."""
        name = name.strip()
        if ":" in name:
            pack_name, _, tid = name.partition(":")
            ts = self.templates.get(name) or (self.templates.get(tid) if pack_name == BUILTIN else None)
            if ts is not None:
                return ts
            if not any(p.name == pack_name for p in self.packs):
                refused = next((st for st in self.statuses if st.error and st.name == pack_name), None)
                if refused is not None:
                    raise UsageError(f"Набор шаблонов «{pack_name}» не подключён: {refused.error}")
                raise UsageError(f"Набора шаблонов «{pack_name}» нет. "
                                 f"Подключённые наборы: {', '.join(p.name for p in self.packs)}.")
            own = [t.id for t in self.templates.values() if t.pack == pack_name]
            raise UsageError(f"В наборе «{pack_name}» нет шаблона «{tid}». Его шаблоны: {', '.join(own) or '—'}.")
        matches = self.candidates(name)
        top = [t for t in matches if self.rank_of(t) == self.rank_of(matches[0])] if matches else []
        if len(top) == 1:
            return top[0]
        if len(top) > 1:
            where = "папках" if self.rank_of(top[0]) == RANK_FOLDER else "установленных наборах"
            options = "; ".join(f"{t.qualified} ({self.pack(t.pack).title}, {self.pack(t.pack).origin})"
                                for t in top)
            raise UsageError(f"Шаблон «{name}» есть в нескольких {where}: {options}. docgen не выбирает "
                             f"между ними — укажите набор перед кодом, например «{top[-1].qualified}».")
        known = ", ".join(self.templates) or "—"
        raise UsageError(f"Шаблона «{name}» нет{self._refused_hint()}. Доступные шаблоны: {known}.")

    def _refused_hint(self, name: str | None = None) -> str:
        refused = [s for s in self.statuses if s.error and (name is None or s.name == name)]
        if not refused:
            return ""
        return (" (не подключены из-за ошибок: " + ", ".join(s.name for s in refused)
                + "; подробности — docgen packs)")


# --------------------------------------------------------------------------- building


def _dirs_from_env() -> tuple[str, ...]:
    raw = os.environ.get(ENV_VAR, "")
    return tuple(p for p in raw.split(os.pathsep) if p.strip())


def catalog(pack_dirs: Iterable[str | Path] = ()) -> Catalog:
    """The catalog of the built-in pack, installed packs, ``DOCGEN_PACKS`` and ``pack_dirs``.

    Cached per set of folders: building it reads every schema once."""
    dirs = tuple(str(Path(d).expanduser().resolve()) for d in (*_dirs_from_env(), *pack_dirs))
    return _build(tuple(dict.fromkeys(dirs)))


@lru_cache(maxsize=8)
def _build(pack_dirs: tuple[str, ...]) -> Catalog:
    warnings: list[str] = []
    statuses: list[PackStatus] = []

    # ---- extensions from installed plugins (code: trusted distributions only)
    filters: dict[str, Callable[..., Any]] = {}
    field_types: dict[str, Callable[[Any, Any], Any]] = {}
    writers: dict[str, Any] = {}
    for hook, target, taken, what in (
        ("register_filters", filters, set(FILTERS), "фильтр"),
        ("register_field_types", field_types, set(FIELD_TYPES), "тип поля"),
        ("register_output_writers", writers, set(), "вывод"),
    ):
        for info, value in _safe_hook(hook, warnings):
            if not isinstance(value, dict):
                warnings.append(f"Расширение «{info.name}»: {hook} вернул не словарь — пропущено.")
                continue
            for key, obj in value.items():
                if key in taken or key in target:
                    warnings.append(f"Расширение «{info.name}»: {what} «{key}» уже есть — пропущен.")
                    continue
                target[key] = obj
    for key, parse in field_types.items():
        PARSERS.setdefault(key, parse)

    # ---- packs: installed first (the built-in one leads), then folders
    found: list[Pack] = []
    for info in plugin_infos():
        if info.error:
            statuses.append(PackStatus(info.name, info.version, "", f"пакет Python {info.distribution}",
                                       None, error=info.error))
    for info, roots in _safe_hook("register_packs", warnings):
        origin = ("встроен в docgen" if info.name == BUILTIN
                  else f"пакет Python {info.distribution} {info.version}")
        for root in roots or []:
            try:
                found.append(read_pack(Path(root), origin=origin, trusted=True))
            except SchemaError as exc:
                if info.name == BUILTIN:
                    raise
                statuses.append(PackStatus(info.name, info.version, "", origin, Path(root), error=str(exc)))
    for raw in pack_dirs:
        try:
            root = find_pack_root(Path(raw))
            found.append(read_pack(root, origin=f"папка {root}", trusted=False))
        except (SchemaError, UsageError) as exc:
            statuses.append(PackStatus(Path(raw).name, "", "", f"папка {raw}", Path(raw), error=str(exc)))

    usable: list[Pack] = []
    for pack in found:
        why = check_version(pack, __version__)
        other = next((p for p in usable if p.name == pack.name), None)
        if not why and other is not None:
            if other.root.resolve() == pack.root.resolve():
                continue  # the same folder twice (an editable install also given with --pack)
            if not pack.trusted and other.trusted and other.name != BUILTIN:
                # A folder given on purpose replaces the installed pack of that name: how a
                # methodologist tries her edits before publishing a new version.
                usable.remove(other)
                statuses.append(PackStatus(other.name, other.version, other.title, other.origin, other.root,
                                           error=f"заменён папкой {pack.root}", pack=other))
            else:
                why = (f"набор с именем «{pack.name}» уже подключён ({other.origin}). "
                       "Удалите один из них или переименуйте набор в pack.yaml")
        if why:
            if pack.name == BUILTIN and pack.origin == "встроен в docgen":
                raise SchemaError(f"Встроенный набор шаблонов не подходит: {why}.")
            statuses.append(PackStatus(pack.name, pack.version, pack.title, pack.origin, pack.root,
                                       error=why, pack=pack))
            continue
        usable.append(pack)

    builtin = next((p for p in usable if p.name == BUILTIN), None)
    if builtin is None:
        raise SchemaError("Встроенный набор шаблонов не найден: пакет docgen установлен не полностью.")
    extra_types = frozenset(field_types)
    registry = load_registry_schema(builtin.schemas_dir / REGISTRY_SCHEMA_FILE, extra_types)

    # ---- extra registry columns, then templates; a pack with an error is refused whole
    packs: list[Pack] = []
    templates: dict[str, TemplateSchema] = {}
    for pack in usable:
        try:
            extended = extend_registry(registry, pack, extra_types)
            own = _load_templates(pack, extended)
        except SchemaError as exc:
            if pack.name == BUILTIN:
                raise
            statuses.append(PackStatus(pack.name, pack.version, pack.title, pack.origin, pack.root,
                                       error=str(exc), pack=pack))
            continue
        registry = extended
        packs.append(pack)
        templates.update({t.qualified if pack.name != BUILTIN else t.id: t for t in own})
        statuses.append(PackStatus(pack.name, pack.version, pack.title, pack.origin, pack.root,
                                   templates=tuple(t.ref for t in own), pack=pack))
    statuses.sort(key=lambda s: (s.name != BUILTIN, bool(s.error), s.name))
    return Catalog(registry_schema=registry, packs=packs, statuses=statuses, templates=templates,
                   filters=filters, field_types=field_types, writers=writers, warnings=warnings)


def _safe_hook(name: str, warnings: list[str]) -> list[tuple[Any, Any]]:
    try:
        return hook_results(name)
    except Exception as exc:  # noqa: BLE001 — foreign code: report, don't crash docgen
        warnings.append(f"Расширение не ответило на {name}: {type(exc).__name__}: {exc}.")
        return []


def extend_registry(registry: RegistrySchema, pack: Pack, extra_types: frozenset[str]) -> RegistrySchema:
    """The registry schema with the optional columns ``pack.yaml`` adds (``registry:``)."""
    if not pack.registry:
        return registry
    sheets = list(registry.sheets)
    for sheet_key, raw_fields in pack.registry.items():
        index = next((i for i, s in enumerate(sheets) if s.key == sheet_key), None)
        if index is None:
            raise SchemaError(f"{pack.path}: registry.{sheet_key}: листа «{sheet_key}» нет в реестре. "
                              f"Листы: {', '.join(s.key for s in sheets)}.")
        sheet = sheets[index]
        added = parse_extra_fields(pack.path, f"registry.{sheet_key}", raw_fields, registry, sheet, extra_types)
        sheets[index] = replace(sheet, fields=sheet.fields + added)
    return replace(registry, sheets=tuple(sheets))


def _load_templates(pack: Pack, registry: RegistrySchema) -> list[TemplateSchema]:
    if not pack.schemas_dir.is_dir() or not pack.templates_dir.is_dir():
        raise SchemaError(f"В наборе «{pack.name}» ({pack.root}) нужны папки templates и schemas.")
    result = []
    for path in sorted(pack.schemas_dir.glob("*.yaml")):
        if path.name == REGISTRY_SCHEMA_FILE:
            if pack.name != BUILTIN:
                raise SchemaError(f"{path}: набор не может заменить схему реестра; дополнительные "
                                  f"столбцы описываются в {PACK_FILE}, в разделе registry.")
            continue
        result.append(replace(load_template_schema(path, registry, pack.templates_dir), pack=pack.name))
    if not result:
        raise SchemaError(f"В наборе «{pack.name}» нет ни одной схемы шаблона в {pack.schemas_dir}.")
    return result
