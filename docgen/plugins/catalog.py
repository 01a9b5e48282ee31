"""Template packs: what they are, where they come from, and the catalog of all of them.

A pack is a folder with ``pack.yaml`` (name, version, the docgen versions it works with,
author, licence, description, language, optional extra registry columns), ``templates/``
(.docx) and ``schemas/`` (one .yaml per template). Packs come from two places:

* installed Python distributions, through the ``docgen.packs`` entry-point group
  (:mod:`docgen.plugins`) — the built-in pack is the first of these;
* plain folders: ``--pack DIR`` and the ``DOCGEN_PACKS`` environment variable (folders
  separated by the system's path separator). A folder pack is data only: no code of it runs.

Template ids are namespaced by pack: ``ensk:order_intro``. The templates of the packs docgen
ships (the school's built-in pack and the district's municipal pack) keep their plain ids. A
plain id that several packs have resolves by a documented priority
— **a folder pack, then an installed pack, then the built-in pack** — so a school can keep
its own edited copy of a built-in template (``consent_parent`` in a folder given with
``--pack``) and a district pack can replace the built-in order with its letterhead. The copy
that is used, and the ones it replaces, are shown by ``docgen list`` and ``docgen packs``. Two
packs of the same rank with the same id (two installed packs, or two folders) are never
resolved silently: the user is asked to name the pack.

Registries come in kinds (:data:`~docgen.schema.model.REGISTRY_KINDS`): a school's and a
district's. The schema of each kind is the ``registry.yaml`` of the pack docgen ships for it
(:data:`KIND_PACKS`); any other pack declares the kind its templates read (``registry_kind`` in
``pack.yaml``, a school's by default) and may add optional columns to that kind's schema. A batch
is made from one registry, so its templates must be of one kind (:meth:`Catalog.registry_schema_for`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from docgen import __version__
from docgen.errors import SchemaError, UsageError
from docgen.plugins.manager import hook_results, plugin_infos
from docgen.records.fieldtypes import PARSERS
from docgen.render.filters import FILTERS
from docgen.ru.text import fold
from docgen.schema.model import (
    BUILTIN,
    DISTRICT,
    FIELD_TYPES,
    MUNICIPAL,
    REGISTRY_KINDS,
    SCHOOL,
    SHIPPED,
    RegistrySchema,
    TemplateSchema,
)
from docgen.schema.pack import PACK_FILE, REGISTRY_SCHEMA_FILE, Pack, check_version, find_pack_root, read_pack
from docgen.schema.registry import load_registry_schema, parse_extra_fields
from docgen.schema.template import load_template_schema

__all__ = ["BUILTIN", "DISTRICT", "ENV_VAR", "KIND_PACKS", "MUNICIPAL", "RANK_NAMES", "SCHOOL", "SHIPPED", "Catalog",
           "PackStatus", "catalog", "extend_registry", "rank"]

ENV_VAR = "DOCGEN_PACKS"
#: The pack whose ``schemas/registry.yaml`` is the schema of each kind of registry.
KIND_PACKS = {SCHOOL: BUILTIN, DISTRICT: MUNICIPAL}


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
    the packs docgen ships."""
    if pack.name in SHIPPED:
        return RANK_BUILTIN
    return RANK_INSTALLED if pack.trusted else RANK_FOLDER


@dataclass
class Catalog:
    """Every usable pack, their templates by qualified id, and the plugins' extensions."""

    registry_schema: RegistrySchema  # a school's registry (the kind most templates read)
    packs: list[Pack]
    statuses: list[PackStatus]
    templates: dict[str, TemplateSchema]  # qualified ref → schema
    filters: dict[str, Callable[..., Any]]
    field_types: dict[str, Callable[[Any, Any], Any]]
    writers: dict[str, Any]
    warnings: list[str]
    registry_schemas: dict[str, RegistrySchema] = dc_field(default_factory=dict)  # kind → schema

    def registry_schema_of(self, kind: str) -> RegistrySchema:
        """The schema of a kind of registry (with the columns packs add), or why there is none."""
        if kind == SCHOOL:
            return self.registry_schema
        schema = self.registry_schemas.get(kind)
        if schema is None:
            why = next((s.error for s in self.statuses if s.name == KIND_PACKS.get(kind) and s.error), "")
            raise UsageError(f"Схемы «{REGISTRY_KINDS.get(kind, kind)}» нет: набор «{KIND_PACKS.get(kind, kind)}» "
                             f"не подключён{': ' + why if why else ''}.")
        return schema

    def kind_for(self, schemas: Iterable[TemplateSchema]) -> str:
        """The kind of registry the templates of one batch are made from. A batch reads one
        workbook, so templates of different kinds (a school's order and a district's roadmap)
        are refused."""
        kinds: dict[str, list[str]] = {}
        for t in schemas:
            kinds.setdefault(t.registry, []).append(t.ref)
        if len(kinds) > 1:
            parts = "; ".join(f"из {_genitive(k)} — {', '.join(refs)}" for k, refs in kinds.items())
            raise UsageError(f"Эти шаблоны делаются из разных реестров: {parts}. Один запуск читает один "
                             "реестр: сформируйте их отдельными командами.")
        return next(iter(kinds), SCHOOL)

    def registry_schema_for(self, schemas: Iterable[TemplateSchema]) -> RegistrySchema:
        """The registry schema the templates of one batch are made from (see :meth:`kind_for`)."""
        return self.registry_schema_of(self.kind_for(schemas))

    def detect_kind(self, sheet_names: Iterable[str]) -> str | None:
        """The kind of registry a workbook with these sheets is: the kind with the most sheets that
        only it has («Наставляемые» — a school's, «Школы» — a district's); None when none says."""
        present = {fold(n) for n in sheet_names}
        names = {k: {fold(s.name) for s in self.registry_schema_of(k).sheets} for k in self.kinds()}
        scores = {k: len((own - set().union(*(v for o, v in names.items() if o != k))) & present)
                  for k, own in names.items()}
        best = max(scores.values(), default=0)
        winners = [k for k, n in scores.items() if n == best]
        return winners[0] if best and len(winners) == 1 else None

    def kinds(self) -> list[str]:
        """The kinds of registry docgen can read here (a school's always)."""
        return [k for k in REGISTRY_KINDS if k == SCHOOL or k in self.registry_schemas]

    def pack(self, name: str) -> Pack:
        for p in self.packs:
            if p.name == name:
                return p
        raise KeyError(name)

    def of_kind(self, kind: str) -> list[TemplateSchema]:
        """The templates made from a registry of ``kind``."""
        return [t for t in self.templates.values() if t.registry == kind]

    def of_pack(self, name: str = BUILTIN) -> dict[str, TemplateSchema]:
        """The templates of one pack by their plain id (the built-in pack's by default)."""
        return {t.id: t for t in self.templates.values() if t.pack == name}

    def registry_without(self, name: str, kind: str = SCHOOL) -> RegistrySchema:
        """The registry schema of ``kind`` as if the pack ``name`` were not installed (for linting
        a new version of a pack against everything else)."""
        types = frozenset(self.field_types)
        owner = KIND_PACKS[kind]
        registry = load_registry_schema(self.pack(owner).schemas_dir / REGISTRY_SCHEMA_FILE, types)
        for p in self.packs:
            if p.name not in (name, owner) and p.registry_kind == kind:
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
            ts = self.templates.get(name)
            if ts is None and pack_name in SHIPPED:  # a shipped pack's templates are kept by plain id
                ts = self.templates.get(tid)
                ts = ts if ts is not None and ts.pack == pack_name else None
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
        origin = ("встроен в docgen" if info.name in SHIPPED
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
    registries = _kind_schemas(usable, extra_types, statuses)

    # ---- extra registry columns, then templates; a pack with an error is refused whole
    packs: list[Pack] = []
    templates: dict[str, TemplateSchema] = {}
    for pack in usable:
        if pack in (s.pack for s in statuses):
            continue  # refused above: the schema of its registry does not load
        try:
            if pack.registry_kind not in registries:
                raise SchemaError(f"{pack.path}: шаблоны набора делаются из реестра района, а набор "
                                  f"«{MUNICIPAL}» со схемой этого реестра не подключён (docgen packs).")
            extended = extend_registry(registries[pack.registry_kind], pack, extra_types)
            own = _load_templates(pack, extended)
            clash = next((t.id for t in own if pack.name in SHIPPED and t.id in templates), None)
            if clash:
                raise SchemaError(f"{pack.path}: шаблон «{clash}» есть и в другом наборе, встроенном в docgen.")
        except SchemaError as exc:
            if pack.name == BUILTIN:
                raise
            statuses.append(PackStatus(pack.name, pack.version, pack.title, pack.origin, pack.root,
                                       error=str(exc), pack=pack))
            continue
        registries[pack.registry_kind] = extended
        packs.append(pack)
        templates.update({t.ref: t for t in own})
        statuses.append(PackStatus(pack.name, pack.version, pack.title, pack.origin, pack.root,
                                   templates=tuple(t.ref for t in own), pack=pack))
    statuses.sort(key=lambda s: (s.name not in SHIPPED, s.name != BUILTIN, bool(s.error), s.name))
    return Catalog(registry_schema=registries[SCHOOL], packs=packs, statuses=statuses, templates=templates,
                   filters=filters, field_types=field_types, writers=writers, warnings=warnings,
                   registry_schemas=registries)


def _genitive(kind: str) -> str:
    """«реестр школы» → «реестра школы» (for «делается из …»)."""
    return REGISTRY_KINDS.get(kind, kind).replace("реестр ", "реестра ", 1)


def _kind_schemas(usable: list[Pack], extra_types: frozenset[str],
                  statuses: list[PackStatus]) -> dict[str, RegistrySchema]:
    """Each kind's registry schema, from the pack docgen ships for it. The school's must load; a
    district schema that does not load refuses its pack (shown by `docgen packs`), not docgen."""
    registries: dict[str, RegistrySchema] = {}
    for kind, owner in KIND_PACKS.items():
        pack = next((p for p in usable if p.name == owner and p.registry_kind == kind), None)
        if pack is None:
            continue
        try:
            registries[kind] = load_registry_schema(pack.schemas_dir / REGISTRY_SCHEMA_FILE, extra_types)
        except SchemaError as exc:
            if kind == SCHOOL:
                raise
            statuses.append(PackStatus(pack.name, pack.version, pack.title, pack.origin, pack.root,
                                       error=str(exc), pack=pack))
    return registries


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
            if pack.name != KIND_PACKS[pack.registry_kind]:
                raise SchemaError(f"{path}: набор не может заменить схему реестра; дополнительные "
                                  f"столбцы описываются в {PACK_FILE}, в разделе registry.")
            continue
        result.append(replace(load_template_schema(path, registry, pack.templates_dir), pack=pack.name,
                              registry=pack.registry_kind))
    if not result:
        raise SchemaError(f"В наборе «{pack.name}» нет ни одной схемы шаблона в {pack.schemas_dir}.")
    return result
