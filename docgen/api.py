"""The core API: the CLI, the web page and the spreadsheet buttons are thin adapters over it.

Stages run one way: read the workbook → validate into records → build the template context
→ render → write. Nothing here prints, asks or exits: results are returned and problems are
raised as :class:`~docgen.errors.DocgenError` subclasses with Russian text. Tools for pack
authors (lint, preview, scaffold, field reference) are in :mod:`docgen.packtools`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Sequence, Union

from docgen.engine.options import PARENT_EACH, PARENT_FIRST, ConsentOptions, MakeResult, OrderOptions, Outputs, Progress
from docgen.engine.plan import journal_entries, make_plan
from docgen.engine.plan import year_start as registry_year_start
from docgen.engine.pool import few_collections
from docgen.engine.registries import load_any, read_registry
from docgen.engine.run import run
from docgen.engine.scope import blocks_text, required_cells, scope_problems
from docgen.engine.svod import reads_schools as _reads_schools
from docgen.engine.svod import svod_plan
from docgen.errors import DocgenError, Problem, UsageError
from docgen.journal.numbering import CONTINUE, RESTART, Proposal, propose
from docgen.plugins.builtin import builtin_root
from docgen.plugins.catalog import BUILTIN, DISTRICT, MUNICIPAL, SCHOOL, catalog
from docgen.plugins.municipal import example_root
from docgen.records import coherence
from docgen.records.selection import Condition, Selection, choices
from docgen.soffice import find_soffice
from docgen.workbook.blank import write_blank_registry
from docgen.workbook.generator import template_choices

__all__ = [
    "DISTRICT", "PARENT_EACH", "PARENT_FIRST", "SCHOOL", "Condition", "ConsentOptions", "MakeResult", "OrderOptions",
    "Outputs", "PackInfo", "Progress", "Proposal", "Selection", "TemplateInfo", "YEAR_CONTINUE", "YEAR_RESTART",
    "blocks_text", "check", "column_values", "demo", "example_district", "example_registry", "example_schools", "init",
    "list_packs", "list_templates", "list_writers", "make", "order_proposal", "parent_relations", "pdf_available",
    "plugin_warnings", "reads_schools", "svod", "template_preview",
]

PackDirs = Sequence[Union[str, Path]]
YEAR_RESTART, YEAR_CONTINUE = RESTART, CONTINUE  # OrderOptions.year_start: how a new year's numbering starts


@dataclass(frozen=True)
class TemplateInfo:
    id: str  # what to type: the plain id for the built-in pack, ``pack:id`` for others
    title: str
    kind: str
    kind_ru: str
    source: str
    fields: list[dict[str, str]]
    pack: str = BUILTIN
    origin: str = ""  # where the pack comes from: «встроен в docgen», «папка …», «пакет Python …»
    replaces: tuple[str, ...] = ()  # copies of this id in lower-ranked packs that this one replaces
    replaced_by: str = ""  # the copy a plain id resolves to instead of this one (empty: this one is used)
    order: bool = False  # an order with a number in the journal «Приказы» (new number, draft, reprint)
    rows: bool = False  # one document per row of a sheet (rows can be chosen), not one for the registry
    registry: str = SCHOOL  # made from a school's registry or a district's (api.SCHOOL, api.DISTRICT)
    schools: bool = False  # made by `docgen svod` from the schools' registries as well

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "kind": self.kind, "kind_ru": self.kind_ru,
                "source": self.source, "pack": self.pack, "origin": self.origin, "fields": self.fields,
                "replaces": list(self.replaces), "replaced_by": self.replaced_by, "order": self.order,
                "rows": self.rows, "registry": self.registry, "schools": self.schools}


@dataclass(frozen=True)
class PackInfo:
    """A pack as `docgen packs` shows it."""

    name: str
    version: str
    title: str
    origin: str  # «встроен в docgen», «пакет Python docgen-pack-ensk 1.0.0», «папка …»
    path: str
    templates: list[str]
    author: str = ""
    license: str = ""
    language: str = ""
    requires: str = ""
    description: str = ""
    error: str = ""  # why it is not used; empty when it is
    replaced: dict[str, str] | None = None  # its template → the copy that replaces it (another pack's)
    replacing: dict[str, str] | None = None  # its template → the copy it replaces

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def example_registry() -> Path:
    """The bundled registry of the fictional school (shipped inside the wheel)."""
    candidate = builtin_root() / "examples" / "registry.xlsx"
    if candidate.is_file():
        return candidate
    raise UsageError("Пример реестра не найден: пакет docgen установлен не полностью.")


def example_district() -> Path:
    """The bundled registry of the fictional district (Энский район), shipped inside the wheel."""
    candidate = example_root() / "registry.xlsx"
    if candidate.is_file():
        return candidate
    raise UsageError("Пример реестра района не найден: пакет docgen установлен не полностью.")


def example_schools() -> Path:
    """The folder of the bundled registries of the example district's schools."""
    candidate = example_root() / "schools"
    if candidate.is_dir():
        return candidate
    raise UsageError("Примеры реестров школ района не найдены: пакет docgen установлен не полностью.")


def list_templates(pack_dirs: PackDirs = ()) -> list[TemplateInfo]:
    """Templates of every usable pack: the built-in one first, then installed, then folders;
    each says which copy a plain id uses (a folder pack's copy replaces an installed one, which
    replaces the built-in one)."""
    found = catalog(pack_dirs)
    result = []
    for t in found.templates.values():
        winner = found.shadowed_by(t)
        result.append(TemplateInfo(
            id=t.ref, title=t.title, kind=t.kind, kind_ru=t.kind_ru,
            source=t.describe_source(found.registry_schema_of(t.registry)),
            pack=t.pack, origin=found.pack(t.pack).origin,
            fields=[{"name": f.name, "help": f.help, "source": f.source} for f in t.fields],
            replaces=tuple(s.ref for s in found.shadows(t)), replaced_by=winner.ref if winner else "",
            order=t.order_journal, rows=t.scope == "rows", registry=t.registry, schools=_reads_schools(t)))
    return result


def list_packs(pack_dirs: PackDirs = ()) -> list[PackInfo]:
    """Every pack found — usable or refused, with the reason — and where it comes from."""
    found = catalog(pack_dirs)
    result = []
    for s in found.statuses:
        p = s.pack
        own = [t for t in found.templates.values() if not s.error and t.pack == s.name]
        replaced = {t.ref: w.ref for t in own if (w := found.shadowed_by(t)) is not None}
        replacing = {t.ref: ", ".join(x.ref for x in found.shadows(t)) for t in own if found.shadows(t)}
        result.append(PackInfo(
            name=s.name, version=s.version, title=s.title, origin=s.origin, path=str(s.root or ""),
            templates=list(s.templates), author=p.author if p else "", license=p.license if p else "",
            language=p.language if p else "", requires=p.requires if p else "",
            description=p.description if p else "", error=s.error, replaced=replaced, replacing=replacing))
    return result


def list_writers(pack_dirs: PackDirs = ()) -> dict[str, str]:
    """Output writers installed plugins add (name → Russian title), for ``--writer``."""
    return {name: str(getattr(w, "title", name)) for name, w in catalog(pack_dirs).writers.items()}


def reads_schools(template_id: str, pack_dirs: PackDirs = ()) -> bool:
    """Is the template made by :func:`svod` (it prints figures of the schools' registries)?"""
    return _reads_schools(catalog(pack_dirs).find(template_id))


def plugin_warnings(pack_dirs: PackDirs = ()) -> list[str]:
    """What was skipped while loading plugins (a filter name taken twice, a failing hook)."""
    return list(catalog(pack_dirs).warnings)


def check(registry_path: str | Path, *, as_of: date | None = None, kind: str | None = None,
          pack_dirs: PackDirs = (), templates: Sequence[str] = ()) -> list[Problem]:
    """Every problem of the workbook (empty list: the registry is fine), each with its severity
    and the templates it stops: those named in ``templates`` (``docgen check --for``), or every
    template made from that kind of registry. A problem no such template reads is a warning.
    ``kind``: a school's registry (:data:`SCHOOL`) or a district's (:data:`DISTRICT`); None — what
    the templates or the workbook's sheets say («Школы» — a district's), a school's otherwise."""
    found = catalog(pack_dirs)
    schemas = [found.find(t) for t in templates]
    if schemas and kind is None:
        kind = found.kind_for(schemas)
    kind, registry, problems = read_registry(Path(registry_path), found, kind, as_of)
    schemas = schemas or found.of_kind(kind)
    found_problems = problems + required_cells(schemas, registry.schema, registry.org, problems)
    if kind == SCHOOL:  # the journal against the variant of orders, the councils: a school's
        found_problems += coherence.warnings(registry)
    return scope_problems(found_problems, schemas, registry.schema)


def column_values(registry_path: str | Path, column: str, *, as_of: date | None = None,
                  pack_dirs: PackDirs = ()) -> list[str]:
    """The values a condition on ``column`` («Класс») can take in this registry, as typed.
    Raises :class:`~docgen.errors.RegistryInvalid` when the registry has problems."""
    registry = load_any(Path(registry_path), catalog(pack_dirs), as_of)
    return choices(registry, column)


def order_proposal(registry_path: str | Path, on: date | None = None, *, year_start: str | None = None,
                   pack_dirs: PackDirs = ()) -> Proposal:
    """The number docgen would give a new order dated ``on`` (default today), and whether it may
    do so unasked (see :func:`docgen.journal.numbering.propose`); ``year_start`` as in
    :class:`OrderOptions` ``year_start``. The number is given for real, under the journal's lock,
    by :func:`make`."""
    registry = load_any(Path(registry_path), catalog(pack_dirs))
    return propose(journal_entries(registry), on or date.today(), year_start or registry_year_start(registry))


def parent_relations(pack_dirs: PackDirs = ()) -> tuple[str, ...]:
    """The values of «Кем приходится» («мать», «отец», «опекун»…): besides :data:`PARENT_FIRST`
    and :data:`PARENT_EACH`, what :class:`ConsentOptions` ``parent`` accepts."""
    return catalog(pack_dirs).registry_schema.sheet("parents").field("relation").choices


def pdf_available() -> bool:
    """Can PDFs be made here (is LibreOffice installed)?"""
    try:
        find_soffice()
    except DocgenError:
        return False
    return True


def template_preview(template_id: str, pack_dirs: PackDirs = ()) -> Path | None:
    """The picture of a template's first page that ``docgen pack preview`` made (``previews/ID.png``
    in the pack's folder or beside it), or None."""
    found = catalog(pack_dirs)
    schema = found.find(template_id)
    root = found.pack(schema.pack).root
    if root is None:
        return None
    for folder in (Path(root) / "previews", Path(root).parent / "previews"):
        candidate = folder / f"{schema.id}.png"
        if candidate.is_file():
            return candidate
    return None


def init(path: str | Path, *, kind: str = SCHOOL, pack_dirs: PackDirs = ()) -> Path:
    """Write an empty registry workbook made from the registry schema of ``kind`` (a school's, or
    a district's: :data:`DISTRICT`) with the columns the packs in use add, and the «Генератор»
    sheet listing that kind's templates: .xlsx, .xlsm (with the Excel buttons) or .ods."""
    path = Path(path)
    found = catalog(pack_dirs)
    write_blank_registry(path, found.registry_schema_of(kind), template_choices(found.of_kind(kind)))
    return path


def make(template_ids: list[str], registry_path: str | Path, out_dir: str | Path, *,
         as_of: date | None = None, select: Selection | None = None, outputs: Outputs = Outputs(),
         orders: OrderOptions = OrderOptions(), progress: Progress | None = None,
         pack_dirs: PackDirs = (), consents: ConsentOptions = ConsentOptions()) -> MakeResult:
    """Generate the named templates from a registry into ``out_dir``.

    The registry is validated first and the selection resolved; if anything is wrong,
    nothing is written. Output of the whole call is atomic: every file (documents, print
    files, PDFs, inventory, zip) is staged and moved into place only when all are ready,
    and the order journal is written only then. An error or Ctrl-C leaves neither files nor
    journal rows behind.

    ``template_ids`` are ids from :func:`list_templates` (``pack:id`` where several packs
    have the same id); ``pack_dirs`` adds folder packs to the installed ones. ``consents``:
    which parent signs a child's forms, and whether printing consents dates «Согласие выдано»
    (written like the journal: after the files are published; see :class:`ConsentOptions`).
    """
    if not template_ids:
        raise UsageError("Не указан ни один шаблон. Список шаблонов: docgen list.")
    found = catalog(pack_dirs)
    schemas = list({s.qualified: s for s in (found.find(t) for t in template_ids)}.values())
    needs = [s.ref for s in schemas if _reads_schools(s)]
    if needs:
        raise UsageError(f"Шаблон {', '.join(needs)} делается по реестрам школ района: docgen svod -r РЕЕСТР_РАЙОНА "
                         "ПАПКА_С_РЕЕСТРАМИ_ШКОЛ -o ПАПКА.")
    with few_collections():
        plan = make_plan(schemas, catalog=found, registry_path=Path(registry_path), out_dir=Path(out_dir),
                         as_of=as_of, select=select, outputs=outputs, orders=orders, progress=progress,
                         consents=consents)
        return run(plan)


def svod(district_registry: str | Path, schools: Sequence[str | Path], out_dir: str | Path, *,
         template_ids: Sequence[str] = (), as_of: date | None = None, strict: bool = False,
         outputs: Outputs = Outputs(), orders: OrderOptions = OrderOptions(register=False),
         progress: Progress | None = None, pack_dirs: PackDirs = ()) -> MakeResult:
    """The district's report from its schools' registries (``docgen svod``).

    ``schools`` are registry files and folders of them. Each is read and validated in parallel
    with the school registry schema; one that cannot be counted is reported in
    ``MakeResult.broken`` (file → problems naming sheet and cell) and skipped, or, with
    ``strict``, stops the run before anything is written
    (:class:`~docgen.errors.RegistriesInvalid`). Writes the analytical report
    (``district_monitoring_report``, or a folder pack's copy of it), the spreadsheet of its
    figures and the consolidated register of mentors and mentees (``MakeResult.attachments``), and
    ``template_ids`` — other district templates — from the same registry; all at once, or nothing.
    Orders among them are reprinted from the journal unless ``orders`` says otherwise.
    """
    found = catalog(pack_dirs)
    plan = svod_plan(found, Path(district_registry), schools, Path(out_dir), template_ids=template_ids,
                     as_of=as_of, strict=strict, outputs=outputs, orders=orders, progress=progress)
    return run(plan)


def demo(out_dir: str | Path = "docgen-demo", *, as_of: date | None = None, district: bool = False,
         progress: Progress | None = None) -> MakeResult:
    """The main job on the bundled example: every template of the built-in pack; with
    ``district``, every template of the municipal pack from the example district and its schools."""
    if district:
        ids = [t.ref for t in catalog().templates.values() if t.pack == MUNICIPAL]
        return svod(example_district(), [example_schools()], out_dir, template_ids=ids, as_of=as_of,
                    progress=progress, outputs=Outputs(merge=True, duplex=True))
    ids = [t.qualified for t in catalog().templates.values() if t.pack == BUILTIN]
    return make(ids, example_registry(), out_dir, as_of=as_of, progress=progress,
                outputs=Outputs(merge=True, duplex=True), orders=OrderOptions(register=False))
