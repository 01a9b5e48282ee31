"""The core API. The CLI and the spreadsheet macros are thin adapters over these functions.

Stages run one way: read the workbook → validate into records → build the template
context → render → write. Nothing here prints, asks or exits: results are returned and
problems are raised as :class:`~docgen.errors.DocgenError` subclasses with Russian text.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from . import packs
from .errors import Problem, RegistryInvalid, UsageError
from .schema import TemplateSchema
from .selection import Condition, Selection

__all__ = [
    "Condition", "MakeResult", "OrderOptions", "Outputs", "Selection", "TemplateInfo",
    "check", "demo", "example_registry", "init", "list_templates", "make",
]

Progress = Callable[[str, int, int], None]  # (template title, done, total)


@dataclass(frozen=True)
class TemplateInfo:
    id: str
    title: str
    kind: str
    kind_ru: str
    source: str
    fields: list[dict[str, str]]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "kind": self.kind, "kind_ru": self.kind_ru,
                "source": self.source, "fields": self.fields}


@dataclass
class MakeResult:
    out_dir: Path
    files: list[Path] = field(default_factory=list)  # one .docx per document
    counts: dict[str, int] = field(default_factory=dict)  # template id → documents
    skipped: dict[str, str] = field(default_factory=dict)  # template id → why nothing was made
    titles: dict[str, str] = field(default_factory=dict)  # template id → Russian title
    print_files: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    manifest: list[Path] = field(default_factory=list)  # .xlsx and .csv
    archive: Path | None = None
    registered: list[str] = field(default_factory=list)  # «№ 119-од от 23.11.2026 … (Приказы!A12)»
    selection: str = "все строки"
    seconds: float = 0.0

    @property
    def all_files(self) -> list[Path]:
        extra = [self.archive] if self.archive else []
        return [*self.files, *self.print_files, *self.pdfs, *self.manifest, *extra]


def example_registry() -> Path:
    """The bundled registry of the fictional school (shipped inside the wheel)."""
    candidate = packs.builtin_root() / "examples" / "registry.xlsx"
    if candidate.is_file():
        return candidate
    raise UsageError("Пример реестра не найден: пакет docgen установлен не полностью.")


def list_templates() -> list[TemplateInfo]:
    registry = packs.registry_schema()
    return [
        TemplateInfo(id=t.id, title=t.title, kind=t.kind, kind_ru=t.kind_ru,
                     source=t.describe_source(registry),
                     fields=[{"name": f.name, "help": f.help, "source": f.source} for f in t.fields])
        for t in packs.template_schemas().values()
    ]


def check(registry_path: str | Path, *, as_of: date | None = None) -> list[Problem]:
    """Every problem of the workbook (empty list: the registry is fine)."""
    from .records import validate
    from .registry import read_workbook

    path = Path(registry_path)
    _, problems = validate(read_workbook(path), packs.registry_schema(), path, as_of or date.today())
    return problems


def init(path: str | Path) -> Path:
    """Write an empty registry workbook made from the registry schema."""
    from .workbook import write_blank_registry

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UsageError("Новый реестр создаётся в формате .xlsx: укажите имя файла с расширением .xlsx.")
    write_blank_registry(path, packs.registry_schema())
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


@dataclass(frozen=True)
class OrderOptions:
    """How orders get their number.

    ``register`` (the default): a new number — ``number`` if given, else the next one in the
    journal's own format — is written with the date, title and file into the «Приказы» sheet
    of the registry workbook. ``register=False`` reprints: the number and date come from the
    journal row with ``number``, or from the last row of that template.
    """

    register: bool = True
    number: str | None = None
    date: date | None = None


def make(template_ids: list[str], registry_path: str | Path, out_dir: str | Path, *,
         as_of: date | None = None, select: "Selection | None" = None, outputs: Outputs = Outputs(),
         orders: OrderOptions = OrderOptions(), progress: Progress | None = None) -> MakeResult:
    """Generate the named templates from a registry into ``out_dir``.

    The registry is validated first and the selection resolved; if anything is wrong,
    nothing is written. Output of the whole call is atomic: every file (documents, print
    files, PDFs, inventory, zip) is staged and moved into place only when all are ready,
    and the order journal is written only then. An error or Ctrl-C leaves neither files nor
    journal rows behind.
    """
    from .batch import Batch

    if not template_ids:
        raise UsageError("Не указан ни один шаблон. Список шаблонов: docgen list.")
    batch = Batch(
        schemas=[packs.find_template(t) for t in dict.fromkeys(template_ids)],
        registry_path=Path(registry_path), out_dir=Path(out_dir), as_of=as_of,
        select=select, outputs=outputs, orders=orders, progress=progress,
    )
    return batch.run()


def demo(out_dir: str | Path = "docgen-demo", *, as_of: date | None = None,
         progress: Progress | None = None) -> MakeResult:
    """The main job on the bundled example: every template of the built-in pack."""
    ids = [t.id for t in list_templates()]
    return make(ids, example_registry(), out_dir, as_of=as_of, progress=progress,
                outputs=Outputs(merge=True, duplex=True), orders=OrderOptions(register=False))
