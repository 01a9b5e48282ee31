"""The core API. The CLI and the spreadsheet macros are thin adapters over these functions.

Stages run one way: read the workbook → validate into records → build the template
context → render → write. Nothing here prints, asks or exits: results are returned and
problems are raised as :class:`~docgen.errors.DocgenError` subclasses with Russian text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Sequence, Union

from . import packs
from .errors import Problem, UsageError
from .selection import Condition, Selection

__all__ = [
    "Condition", "MakeResult", "OrderOptions", "Outputs", "PackInfo", "Selection", "TemplateInfo",
    "check", "demo", "example_registry", "init", "lint_pack", "list_packs", "list_templates",
    "list_writers", "make", "new_pack", "preview_pack",
]

PackDirs = Sequence[Union[str, Path]]

Progress = Callable[[str, int, int], None]  # (template title, done, total)


@dataclass(frozen=True)
class TemplateInfo:
    id: str  # what to type: the plain id for the built-in pack, ``pack:id`` for others
    title: str
    kind: str
    kind_ru: str
    source: str
    fields: list[dict[str, str]]
    pack: str = packs.BUILTIN

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "kind": self.kind, "kind_ru": self.kind_ru,
                "source": self.source, "pack": self.pack, "fields": self.fields}


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

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class MakeResult:
    out_dir: Path
    files: list[Path] = field(default_factory=list)  # one .docx per document
    by_template: dict[str, list[Path]] = field(default_factory=dict)  # template id → its documents
    counts: dict[str, int] = field(default_factory=dict)  # template id → documents
    skipped: dict[str, str] = field(default_factory=dict)  # template id → why nothing was made
    titles: dict[str, str] = field(default_factory=dict)  # template id → Russian title
    print_files: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    manifest: list[Path] = field(default_factory=list)  # .xlsx and .csv
    archive: Path | None = None
    registered: list[str] = field(default_factory=list)  # «№ 119-од от 23.11.2026 … (Приказы!A12)»
    extra: list[Path] = field(default_factory=list)  # files of plugins' output writers
    # with OrderOptions(in_workbook=True): (sheet name, {"A12": value, …}) for each new journal row
    journal_cells: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    selection: str = "все строки"
    seconds: float = 0.0

    @property
    def all_files(self) -> list[Path]:
        extra = [self.archive] if self.archive else []
        return [*self.files, *self.print_files, *self.pdfs, *self.extra, *self.manifest, *extra]


def example_registry() -> Path:
    """The bundled registry of the fictional school (shipped inside the wheel)."""
    candidate = packs.builtin_root() / "examples" / "registry.xlsx"
    if candidate.is_file():
        return candidate
    raise UsageError("Пример реестра не найден: пакет docgen установлен не полностью.")


def list_templates(pack_dirs: PackDirs = ()) -> list[TemplateInfo]:
    """Templates of every usable pack: the built-in one first, then installed, then folders."""
    catalog = packs.catalog(pack_dirs)
    registry = catalog.registry_schema
    return [
        TemplateInfo(id=t.ref, title=t.title, kind=t.kind, kind_ru=t.kind_ru,
                     source=t.describe_source(registry), pack=t.pack,
                     fields=[{"name": f.name, "help": f.help, "source": f.source} for f in t.fields])
        for t in catalog.templates.values()
    ]


def list_packs(pack_dirs: PackDirs = ()) -> list[PackInfo]:
    """Every pack found — usable or refused, with the reason — and where it comes from."""
    result = []
    for s in packs.catalog(pack_dirs).statuses:
        p = s.pack
        result.append(PackInfo(
            name=s.name, version=s.version, title=s.title, origin=s.origin, path=str(s.root or ""),
            templates=list(s.templates), author=p.author if p else "", license=p.license if p else "",
            language=p.language if p else "", requires=p.requires if p else "",
            description=p.description if p else "", error=s.error))
    return result


def list_writers(pack_dirs: PackDirs = ()) -> dict[str, str]:
    """Output writers installed plugins add (name → Russian title), for ``--writer``."""
    return {name: str(getattr(w, "title", name)) for name, w in packs.catalog(pack_dirs).writers.items()}


def plugin_warnings(pack_dirs: PackDirs = ()) -> list[str]:
    """What was skipped while loading plugins (a filter name taken twice, a failing hook)."""
    return list(packs.catalog(pack_dirs).warnings)


def check(registry_path: str | Path, *, as_of: date | None = None, pack_dirs: PackDirs = ()) -> list[Problem]:
    """Every problem of the workbook (empty list: the registry is fine)."""
    from .records import validate
    from .registry import read_workbook

    path = Path(registry_path)
    schema = packs.catalog(pack_dirs).registry_schema
    _, problems = validate(read_workbook(path), schema, path, as_of or date.today())
    return problems


def init(path: str | Path, *, pack_dirs: PackDirs = ()) -> Path:
    """Write an empty registry workbook made from the registry schema (with the columns the
    packs in use add) and the «Генератор» sheet: .xlsx, .xlsm (with the Excel buttons) or .ods."""
    from .actions import template_choices
    from .workbook import write_blank_registry

    path = Path(path)
    write_blank_registry(path, packs.catalog(pack_dirs).registry_schema, template_choices(tuple(pack_dirs)))
    return path


@dataclass(frozen=True)
class Outputs:
    """What a batch writes besides one .docx per document.

    ``merge``: one print file per row template (all its documents, each from a new page);
    ``duplex``: each document of the print file starts on an odd page (implies ``merge``);
    ``pdf``: PDFs through LibreOffice — of the print file when merging, otherwise of every
    document; ``zip``: everything of the batch in one archive; ``manifest``: the inventory
    with SHA-256 of every file (.xlsx and .csv).
    """

    merge: bool = False
    duplex: bool = False
    pdf: bool = False
    zip: bool = False
    manifest: bool = True
    writers: tuple[str, ...] = ()  # plugins' output writers by name (``list_writers``)


@dataclass(frozen=True)
class OrderOptions:
    """How orders get their number.

    ``register`` (the default): a new number — ``number`` if given, else the next one in the
    journal's own format — is written with the date, title and file into the «Приказы» sheet
    of the registry workbook. ``register=False`` reprints: the number and date come from the
    journal row with ``number``, or from the last row of that template. ``draft=True``: a
    draft to agree before signing — the number is a blank «____» (or ``number``), the date
    today (or ``date``), and the journal is not touched.
    """

    register: bool = True
    number: str | None = None
    date: date | None = None
    draft: bool = False  # a draft for approval: «№ ____», no journal row (overrides ``register``)
    in_workbook: bool = False  # the journal row goes back in MakeResult.journal_cells (open workbook)

    @property
    def registers(self) -> bool:
        return self.register and not self.draft


def make(template_ids: list[str], registry_path: str | Path, out_dir: str | Path, *,
         as_of: date | None = None, select: "Selection | None" = None, outputs: Outputs = Outputs(),
         orders: OrderOptions = OrderOptions(), progress: Progress | None = None,
         pack_dirs: PackDirs = ()) -> MakeResult:
    """Generate the named templates from a registry into ``out_dir``.

    The registry is validated first and the selection resolved; if anything is wrong,
    nothing is written. Output of the whole call is atomic: every file (documents, print
    files, PDFs, inventory, zip) is staged and moved into place only when all are ready,
    and the order journal is written only then. An error or Ctrl-C leaves neither files nor
    journal rows behind.

    ``template_ids`` are ids from :func:`list_templates` (``pack:id`` where several packs
    have the same id); ``pack_dirs`` adds folder packs to the installed ones.
    """
    from .batch import Batch

    if not template_ids:
        raise UsageError("Не указан ни один шаблон. Список шаблонов: docgen list.")
    catalog = packs.catalog(pack_dirs)
    schemas = list({s.qualified: s for s in (catalog.find(t) for t in template_ids)}.values())
    batch = Batch(
        schemas=schemas, registry_path=Path(registry_path), out_dir=Path(out_dir), as_of=as_of,
        select=select, outputs=outputs, orders=orders, progress=progress, catalog=catalog,
    )
    return batch.run()


def demo(out_dir: str | Path = "docgen-demo", *, as_of: date | None = None,
         progress: Progress | None = None) -> MakeResult:
    """The main job on the bundled example: every template of the built-in pack."""
    ids = [t.qualified for t in packs.catalog().templates.values() if t.pack == packs.BUILTIN]
    return make(ids, example_registry(), out_dir, as_of=as_of, progress=progress,
                outputs=Outputs(merge=True, duplex=True), orders=OrderOptions(register=False))


def new_pack(name: str, dest: str | Path | None = None, *, title: str = "", author: str = "") -> Path:
    """Scaffold a pack project (pyproject with the entry point, one template and schema, a test,
    a README); see :mod:`docgen.scaffold`."""
    from .scaffold import new_pack as _new

    return _new(name, dest, title=title, author=author)


def lint_pack(folder: str | Path, *, registry_path: str | Path | None = None, as_of: date | None = None):
    """Every problem of a pack folder (:class:`docgen.lint.LintReport`); nothing is raised for
    problems of the pack itself."""
    from .lint import lint_pack as _lint

    return _lint(folder, registry_path=registry_path, as_of=as_of)


def preview_pack(folder: str | Path, out_dir: str | Path | None = None, *,
                 registry_path: str | Path | None = None, as_of: date | None = None):
    """PNG of each template's first page and a Markdown gallery (:mod:`docgen.preview`)."""
    from .preview import preview_pack as _preview

    return _preview(folder, out_dir, registry_path=registry_path, as_of=as_of)


def build_oxt(out: str | Path = ".", *, python: str | None = None) -> Path:
    """The LibreOffice Calc extension (menu «Документы»): ``out`` is a folder (the file is
    always ``docgen.oxt``: LibreOffice finds the macros by that name) or a path ending in it.
    ``python``: the interpreter with docgen, the current one by default."""
    from .oxt import build_oxt as _build
    from .xlsm import OXT_NAME

    out = Path(out)
    target = out if out.suffix.lower() == ".oxt" else out / OXT_NAME
    if target.name != OXT_NAME:
        raise UsageError(f"Расширение называется {OXT_NAME}: LibreOffice находит его макросы по этому имени. "
                         "Укажите папку или путь, оканчивающийся на docgen.oxt.")
    return _build(target, python)


def fields(template_ids: list[str] | None = None, *, markdown: bool = False, pack_dirs: PackDirs = ()):
    """The field reference of templates (all when ``template_ids`` is empty): rows per template,
    or the Markdown page (``markdown=True``)."""
    from . import fields as f

    catalog = packs.catalog(pack_dirs)
    schemas = [catalog.find(t) for t in template_ids] if template_ids else list(catalog.templates.values())
    if markdown:
        return f.markdown(schemas, catalog.registry_schema)
    return {s.ref: (s.title, f.field_rows(s, catalog.registry_schema)) for s in schemas}

