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
    files: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # template id → documents
    skipped: dict[str, str] = field(default_factory=dict)  # template id → why nothing was made
    titles: dict[str, str] = field(default_factory=dict)  # template id → Russian title
    seconds: float = 0.0


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


def make(template_ids: list[str], registry_path: str | Path, out_dir: str | Path, *,
         as_of: date | None = None, progress: Progress | None = None) -> MakeResult:
    """Generate the named templates from a registry into ``out_dir``.

    The registry is validated first; if it has any problem nothing is written. Output of
    the whole call is atomic: either every document is in place, or none.
    """
    from .context import order_entry, select_records, workbook_context
    from .environment import make_env, make_text_env
    from .output.files import BatchWriter
    from .records import load
    from .render import CompiledTemplate

    if not template_ids:
        raise UsageError("Не указан ни один шаблон. Список шаблонов: docgen list.")
    schemas = [packs.find_template(t) for t in dict.fromkeys(template_ids)]
    started = time.perf_counter()
    registry = load(registry_path, packs.registry_schema(), as_of)
    base, objs = workbook_context(registry)
    env, text_env = make_env(), make_text_env()
    result = MakeResult(out_dir=Path(out_dir), titles={s.id: s.title for s in schemas})

    # Prepare everything that can fail on input before a single file is written.
    jobs: list[tuple[TemplateSchema, Any, list[dict[str, Any]]]] = []
    problems: list[Problem] = []
    for schema in schemas:
        compiled = CompiledTemplate(schema.template, env, schema.id)
        shared = dict(base)
        if schema.order_journal:
            try:
                shared["order"] = order_entry(registry, schema, objs)
            except RegistryInvalid as exc:
                problems += exc.problems
                continue
        if schema.scope == "workbook":
            contexts = [shared]
        else:
            contexts = [{**shared, schema.record_name: objs[id(r)]} for r in select_records(registry, schema)]
        if not contexts:
            result.skipped[schema.id] = "в реестре нет подходящих строк"
        jobs.append((schema, compiled, contexts))
    if problems:
        raise RegistryInvalid(problems)

    with BatchWriter(result.out_dir) as writer:
        for schema, compiled, contexts in jobs:
            name_template = text_env.from_string(schema.filename)
            for i, ctx in enumerate(contexts, start=1):
                data = compiled.render(ctx)
                result.files.append(writer.add(schema.folder, name_template.render(ctx), data))
                if progress:
                    progress(schema.title, i, len(contexts))
            result.counts[schema.id] = len(contexts)
    result.seconds = time.perf_counter() - started
    return result


def demo(out_dir: str | Path = "docgen-demo", *, as_of: date | None = None,
         progress: Progress | None = None) -> MakeResult:
    """The main job on the bundled example: every template of the built-in pack."""
    ids = [t.id for t in list_templates()]
    return make(ids, example_registry(), out_dir, as_of=as_of, progress=progress)
