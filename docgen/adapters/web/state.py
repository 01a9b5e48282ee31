"""What the page remembers while it runs: the registries chosen, the jobs made, and their files.

Everything lives in one private temporary folder (``docgen-web-…``, mode 0700 where the system
has modes) that :meth:`State.close` deletes when the page stops: uploaded registries, the
documents of each run. One action at a time per registry: a registry's lock is taken by a check
or a run and refused to a second one while held. No function here decides anything about
documents: jobs call :mod:`docgen.api`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from docgen import api
from docgen.errors import DocgenError, OrderNumberNeeded, Problem, RegistryInvalid

__all__ = ["Download", "Job", "Registry", "State"]

_LOCKS_GUARD = threading.Lock()


@dataclass
class Download:
    label: str  # «Архив со всеми документами», «Файл для печати», …
    path: Path
    group: str = "main"  # "main": shown as buttons; "docs": the list of single documents


@dataclass
class Registry:
    """A registry the user chose: uploaded (a copy in the private folder) or a file on this computer."""

    id: str
    name: str
    path: Path
    uploaded: bool
    lock: threading.Lock
    problems: list[Problem] | None = None  # None: not checked yet
    checked_at: float = 0.0
    error: str = ""  # the registry cannot be read at all
    jobs: list["Job"] = field(default_factory=list)


@dataclass
class Job:
    id: str
    registry: Registry
    titles: list[str]
    out_dir: Path
    status: str = "running"  # running, done, failed
    step: str = "Подготовка: проверка реестра и шаблонов"
    done: int = 0
    total: int = 0
    started: float = field(default_factory=time.monotonic)
    summary: list[str] = field(default_factory=list)
    error: str = ""
    problems: list[Problem] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)
    registered: list[str] = field(default_factory=list)
    kept: dict[str, str] = field(default_factory=dict)
    number_needed: OrderNumberNeeded | None = None

    def progress(self, title: str, done: int, total: int) -> None:
        self.step, self.done, self.total = title, done, total


class State:
    """The page's memory; one per `docgen web`."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root else Path(tempfile.mkdtemp(prefix="docgen-web-"))  # 0700 by mkdtemp
        self.root.mkdir(parents=True, exist_ok=True)
        self.secret = secrets.token_urlsafe(24)  # the address's key: the cookie proves the browser had it
        self.csrf = secrets.token_urlsafe(24)  # in every form: a page of another site cannot know it
        self.registries: dict[str, Registry] = {}
        self.jobs: dict[str, Job] = {}
        self._path_locks: dict[str, threading.Lock] = {}

    # ------------------------------------------------------------------ registries

    def _lock_for(self, path: Path) -> threading.Lock:
        key = os.path.normcase(str(path.resolve()))
        with _LOCKS_GUARD:
            return self._path_locks.setdefault(key, threading.Lock())

    def add_upload(self, filename: str, save: Callable[[Path], Any]) -> Registry:
        rid = secrets.token_hex(4)
        folder = self.root / "registries" / rid
        folder.mkdir(parents=True)
        path = folder / filename
        save(path)
        reg = Registry(id=rid, name=filename, path=path, uploaded=True, lock=self._lock_for(path))
        self.registries[rid] = reg
        return reg

    def add_path(self, path: Path) -> Registry:
        for reg in self.registries.values():
            if not reg.uploaded and reg.path == path:
                return reg
        rid = secrets.token_hex(4)
        reg = Registry(id=rid, name=path.name, path=path, uploaded=False, lock=self._lock_for(path))
        self.registries[rid] = reg
        return reg

    # ------------------------------------------------------------------ actions

    def check(self, reg: Registry) -> None:
        """Check the registry now (the caller holds its lock)."""
        reg.error = ""
        try:
            reg.problems = api.check(reg.path)
        except DocgenError as exc:
            reg.problems, reg.error = None, str(exc)
        reg.checked_at = time.time()

    def start_job(self, reg: Registry, template_ids: list[str], titles: list[str], **make: Any) -> Job:
        """Make documents on a thread; the registry's lock is held until it ends (the caller took it)."""
        jid = secrets.token_hex(4)
        out_dir = self.root / "runs" / jid / "Документы"
        job = Job(id=jid, registry=reg, titles=titles, out_dir=out_dir)
        self.jobs[jid] = job
        reg.jobs.append(job)
        thread = threading.Thread(target=self._run, args=(job, template_ids, make), name=f"docgen-web-{jid}",
                                  daemon=True)
        thread.start()
        return job

    def _run(self, job: Job, template_ids: list[str], make: dict[str, Any]) -> None:
        reg = job.registry
        try:
            result = api.make(template_ids, reg.path, job.out_dir, progress=job.progress, **make)
            self._finish(job, result)
            job.status = "done"
        except OrderNumberNeeded as exc:
            job.number_needed, job.error, job.status = exc, str(exc), "failed"
        except RegistryInvalid as exc:
            job.problems, job.error, job.status = exc.problems, f"В реестре проблем: {len(exc.problems)}.", "failed"
        except DocgenError as exc:
            job.error, job.status = str(exc), "failed"
        except Exception as exc:  # a bug in docgen: no traceback on the page (it could carry personal data)
            job.error = (f"Внутренняя ошибка docgen ({type(exc).__name__}). Сообщите разработчикам; подробности "
                         "покажет запуск с переменной окружения DOCGEN_DEBUG=1.")
            job.status = "failed"
            if os.environ.get("DOCGEN_DEBUG"):
                raise
        finally:
            reg.lock.release()

    @staticmethod
    def _finish(job: Job, result: api.MakeResult) -> None:
        titles = result.titles
        seconds = f"{result.seconds:.1f}".replace(".", ",")
        job.summary.append(f"Сформировано документов: {len(result.files)} за {seconds} с.")
        if result.selection != "все строки":
            job.summary.append(f"Выбор: {result.selection}.")
        job.summary += [f"{titles.get(t, t)}: {n}" for t, n in result.counts.items()]
        job.summary += [f"{titles.get(t, t)} — не сформирован: {why}." for t, why in result.skipped.items()]
        if result.warnings:
            job.summary.append(f"Предупреждений в реестре: {len(result.warnings)} — документам они не мешают "
                               "(список — «Проверить» на странице реестра).")
        if result.no_form:
            job.summary.append(f"Без документа — нет родителя, который должен подписать ({len(result.no_form)}): "
                               + "; ".join(result.no_form) + ".")
        if result.issued:
            where = "в реестр" if not job.registry.uploaded else "в загруженную копию реестра"
            job.summary.append(f"«Согласие выдано» отмечено {where}: {len(result.issued)}.")
        if result.issued_already:
            job.summary.append(f"«Согласие выдано» уже было заполнено и не изменено: {len(result.issued_already)}.")
        if result.issued_received:
            job.summary.append(f"«Согласие выдано» не отмечено — согласие уже получено: "
                               f"{len(result.issued_received)}.")
        job.registered = list(result.registered)
        job.kept = dict(result.kept)
        if result.archive:
            job.downloads.append(Download("Архив со всеми документами (.zip)", result.archive))
        job.downloads += [Download(f"Файл для печати: {p.name}", p) for p in result.print_files]
        job.downloads += [Download(f"PDF: {p.name}", p) for p in result.pdfs]
        job.downloads += [Download("Опись (.xlsx)", p) for p in result.manifest if p.suffix == ".xlsx"]
        if (result.registered or result.issued) and job.registry.uploaded:
            what = "с новой записью в журнале приказов" if result.registered else "с отметками «Согласие выдано»"
            job.downloads.append(Download(f"Реестр {what}: {job.registry.name}", job.registry.path))
        job.downloads += [Download(p.relative_to(result.out_dir).as_posix(), p, "docs") for p in result.files]

    def close(self) -> None:
        """Delete everything of this page: uploads, documents, the folder itself."""
        shutil.rmtree(self.root, ignore_errors=True)
