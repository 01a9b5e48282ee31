"""Reading many schools' registries for the district: every core, each file on its own.

Each registry is read and validated with the school registry schema, exactly as ``docgen check``
does, in a forked worker (calamine and validation are CPU work; 30 files of 1000 rows take a few
seconds on two cores). A worker sends back only the figures of its school
(:class:`~docgen.district.figures.SchoolFigures`), or its problems. One file that is not a
registry, is damaged, or holds problems never stops the others: it comes back as a broken reading
and the caller reports it (or stops, when asked to be strict). Where fork is unsafe (macOS) or
absent (Windows) the files are read one after another.

The files given are a list of files and folders; a folder means its registries (.xlsx, .xlsm,
.ods, not in subfolders), without the district's own registry and the lock files office programs
leave beside an open book.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from docgen.district.figures import SchoolReading, identity, school_figures
from docgen.engine.scope import scope_problems
from docgen.errors import DocgenError, UsageError
from docgen.records.validate import validate
from docgen.schema.model import REGISTRY_KINDS, SCHOOL, RegistrySchema, TemplateSchema
from docgen.workbook.reader import read_workbook

__all__ = ["REGISTRY_SUFFIXES", "collect_registries", "read_schools"]

REGISTRY_SUFFIXES = (".xlsx", ".xlsm", ".ods")
_FORKED: dict[str, Any] = {}  # what forked workers inherit: set just before the pool starts
KindOf = Callable[[Iterable[str]], "str | None"]


def collect_registries(items: Sequence[str | Path], exclude: Sequence[Path] = ()) -> list[Path]:
    """The registry files named by ``items`` (files, and folders meaning the registries in them),
    once each, in name order; ``exclude`` (the district's own registry) left out."""
    skip = {Path(p).resolve() for p in exclude}
    found: dict[Path, Path] = {}
    for item in items:
        path = Path(item)
        if path.is_dir():
            inside = sorted((p for p in path.iterdir() if p.is_file() and p.suffix.lower() in REGISTRY_SUFFIXES
                             and not p.name.startswith(("~$", ".~lock", "."))), key=lambda p: p.name)
            if not inside:
                raise UsageError(f"В папке «{path}» нет реестров школ (файлов .xlsx, .xlsm или .ods).")
            candidates = inside
        elif path.is_file():
            candidates = [path]
        else:
            raise UsageError(f"Реестр или папка «{path}» не найдены.")
        for p in candidates:
            resolved = p.resolve()
            if resolved not in skip:
                found.setdefault(resolved, p)
    if not found:
        raise UsageError("Не указан ни один реестр школы: назовите файлы реестров или папку с ними.")
    return sorted(found.values(), key=lambda p: (p.name.casefold(), str(p)))


def _shown_names(paths: list[Path]) -> dict[Path, str]:
    """The name each file is called by in messages: its own name, or its path when two files of
    different folders share a name."""
    names = [p.name for p in paths]
    return {p: (p.name if names.count(p.name) == 1 else str(p)) for p in paths}


def _read_one(path: Path, shown: str, schema: RegistrySchema, as_of: date, kind_of: KindOf | None,
              scope: Sequence[TemplateSchema]) -> SchoolReading:
    """One school's registry: read, detect that it is a school's, validate, count. ``scope``: the
    templates whose data must be sound (the school's report); other problems are not errors here."""
    try:
        raw = read_workbook(path)
        kind = kind_of(s.name for s in raw) if kind_of is not None else None
        if kind is not None and kind != SCHOOL:
            return SchoolReading(shown, str(path), error=f"это {REGISTRY_KINDS.get(kind, kind)}, а не реестр школы.")
        registry, found = validate(raw, schema, path, as_of)
        scoped = scope_problems(found, list(scope), schema) if scope else found
        problems = [p for p in scoped if not p.is_warning]
        inn, name = identity(registry)
        if problems:
            return SchoolReading(shown, str(path), problems=tuple(problems), inn=inn, short_name=name)
        return SchoolReading(shown, str(path), figures=school_figures(registry), inn=inn, short_name=name)
    except DocgenError as exc:
        return SchoolReading(shown, str(path), error=str(exc))
    except Exception as exc:  # noqa: BLE001 — a bug must not stop the other schools; no details (personal data)
        return SchoolReading(shown, str(path), error=f"внутренняя ошибка docgen при чтении ({type(exc).__name__}). "
                                                     "Сообщите разработчикам.")


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _read_forked(i: int) -> tuple[int, SchoolReading]:
    paths, shown = _FORKED["paths"], _FORKED["shown"]
    return i, _read_one(paths[i], shown[paths[i]], _FORKED["schema"], _FORKED["as_of"], _FORKED["kind_of"],
                         _FORKED["scope"])


def _workers(n: int) -> int:
    if n < 2 or sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, 8, n))


def read_schools(paths: Sequence[Path], schema: RegistrySchema, as_of: date, *, kind_of: KindOf | None = None,
                 scope: Sequence[TemplateSchema] = (), progress: Callable[[str, int, int], None] | None = None,
                 workers: int | None = None) -> list[SchoolReading]:
    """Every registry of ``paths`` read and validated with ``schema`` (the school's), in the order of
    ``paths`` whatever order the workers finish in; ``kind_of`` tells a district's registry given by
    mistake from a school's; ``scope`` — the templates whose data must be sound (none given: every
    problem that is not a warning sets the file aside)."""
    paths = list(paths)
    shown = _shown_names(paths)
    n = workers if workers is not None else _workers(len(paths))
    title = "Реестры школ"
    results: list[SchoolReading | None] = [None] * len(paths)
    if n <= 1:
        for i, path in enumerate(paths):
            results[i] = _read_one(path, shown[path], schema, as_of, kind_of, scope)
            if progress:
                progress(title, i + 1, len(paths))
    else:
        _FORKED.update(paths=paths, shown=shown, schema=schema, as_of=as_of, kind_of=kind_of, scope=scope)
        try:
            with multiprocessing.get_context("fork").Pool(n, initializer=_worker_init) as pool:
                for done, (i, reading) in enumerate(pool.imap_unordered(_read_forked, range(len(paths))), start=1):
                    results[i] = reading
                    if progress:
                        progress(title, done, len(paths))
        finally:
            _FORKED.clear()
    return [r for r in results if r is not None]
