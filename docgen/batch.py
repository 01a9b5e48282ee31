"""One batch, start to finish: records → contexts → documents → print files, PDFs, inventory, zip.

Kept apart from api.py so the API stays a list of entry points. The order of the steps is
what makes a batch safe:

1. load and validate the registry, resolve the selection, prepare every template and the
   order numbers — all input errors surface here, before a byte is written;
2. render into a staging folder inside the output folder (BatchWriter);
3. print files, PDFs, the inventory and the zip are staged the same way;
4. only then the order journal is written (atomically, under its lock), and the staged
   files are moved into place.

Ctrl-C or an error at any point before 4 leaves nothing: the staging folder is removed and
the journal was never touched.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from . import formatting as fmt
from . import packs
from .errors import Problem, RegistryInvalid, UsageError, os_reason
from .schema import TemplateSchema

if TYPE_CHECKING:
    from .api import MakeResult, OrderOptions, Outputs
    from .context import Obj
    from .output.files import BatchWriter
    from .output.manifest import ManifestRow
    from .packs import Catalog
    from .records import Registry
    from .render import CompiledTemplate
    from .selection import Selection

PRINT_FOLDER = "Для печати"
DRAFT_NUMBER = "____"  # a draft order's number: a blank to write the number in by hand


@dataclass
class _Doc:
    context: dict[str, Any]
    record: str  # «Наставляемые!14», «весь реестр», «Наставляемые: 28 строк»
    person: str


@dataclass
class _Job:
    schema: TemplateSchema
    compiled: "CompiledTemplate"
    docs: list[_Doc]
    order: "Obj | None" = None
    files: list[Path] = field(default_factory=list)
    print_file: Path | None = None


def _order_title(schema: TemplateSchema) -> str:
    """«Приказ о внедрении …» → «О внедрении …», as the journal's «Заголовок» is written."""
    title = schema.title
    if title.casefold().startswith("приказ "):
        title = title[len("приказ "):]
    return title[:1].upper() + title[1:]


def _is_bundled_example(path: Path) -> bool:
    candidates = [packs.builtin_root() / "examples" / "registry.xlsx",
                  Path(__file__).resolve().parent.parent / "examples" / "registry.xlsx"]
    try:
        return any(path.resolve() == c.resolve() for c in candidates if c.exists())
    except OSError:
        return False


def _person(obj: Any) -> str:
    fio = getattr(obj, "fio", None)
    return str(fio) if fio else "—"


# --------------------------------------------------------------------------- both cores

PARALLEL_FROM = 300  # below this, starting workers costs more than it saves
_CHUNK = 64
_WARM_UP = 64  # documents rendered here before forking, so caches and lazy loads are shared
_FORKED: dict[str, Any] = {}  # what forked workers inherit: set just before the pool starts


def _workers_for(n: int) -> int:
    """How many processes render ``n`` documents. Forking shares the compiled template and
    the contexts without pickling them; where fork is unsafe (macOS) or absent (Windows) a
    batch stays in one process."""
    import multiprocessing
    import os
    import sys

    if n < PARALLEL_FROM or sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, 4, n // (PARALLEL_FROM // 2)))


def _write(path: Path, data: bytes) -> None:
    from .errors import OutputError

    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise OutputError(f"Не удаётся записать файл «{path.name}»: {os_reason(exc)}.") from None


def _worker_init() -> None:
    """Workers leave Ctrl-C and SIGTERM to the parent, which stops them and cleans up."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _render_range(bounds: tuple[int, int]) -> list[tuple[int, str, int]]:
    """In a forked worker: render and write documents start..end-1; return their hashes."""
    import hashlib

    compiled, contexts, paths = _FORKED["compiled"], _FORKED["contexts"], _FORKED["paths"]
    out = []
    for i in range(*bounds):
        data = compiled.render(contexts[i])
        _write(paths[i], data)
        out.append((i, hashlib.sha256(data).hexdigest(), len(data)))
    return out


def _render_forked(compiled: Any, contexts: list[dict[str, Any]], paths: list[Path], workers: int,
                   report: Callable[[int], None] | None, builder: Any, start: int = 0) -> list[tuple[str, int]]:
    """Documents start… rendered by ``workers`` forked processes; their (sha256, size) in order."""
    import multiprocessing

    import gc

    _FORKED.update(compiled=compiled, contexts=contexts, paths=paths)
    # Move everything allocated so far out of the collector's reach: otherwise each worker's
    # first collections touch every object's header and copy the parent's memory page by page.
    gc.freeze()
    digests: list[tuple[str, int] | None] = [None] * len(contexts)
    bounds = [(i, min(i + _CHUNK, len(contexts))) for i in range(start, len(contexts), _CHUNK)]
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_init) as pool:
            pending = pool.imap_unordered(_render_range, bounds)
            if builder is not None:
                for ctx in contexts[start:]:
                    builder.add(compiled.render_parts(ctx))
            done = start
            for chunk in pending:
                for i, digest, size in chunk:
                    digests[i] = (digest, size)
                done += len(chunk)
                if report:
                    report(done)
    finally:
        _FORKED.clear()
        gc.unfreeze()
    return digests[start:]  # type: ignore[return-value]


class _Prepare:
    """Compile the batch's templates on a background thread; errors re-raised in result()."""

    def __init__(self, schemas: list[TemplateSchema], env: Any):
        import threading

        self.schemas, self.env = schemas, env
        self.compiled: dict[str, Any] = {}
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        from .render import CompiledTemplate

        try:
            for schema in self.schemas:
                self.compiled[schema.ref] = CompiledTemplate(schema.template, self.env, schema.ref)
            if any(c.uses_morphology for c in self.compiled.values()):
                fmt.warm_up()
        except BaseException as exc:  # noqa: BLE001 — handed to the caller's thread
            self.error = exc

    def result(self) -> dict[str, Any]:
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.compiled


class _WorkbookJournal:
    """The order journal of a workbook that is open in Excel or Calc: docgen must not write the
    file under the open program, so the new rows are handed back (``MakeResult.journal_cells``)
    for the spreadsheet adapter to write into the open book, where the user saves them."""

    def __init__(self, registry: "Registry", result: "MakeResult"):
        from .journal import JournalEntry

        self.sheet = registry.schema.sheet("orders")
        self.layout = registry.layouts.get("orders")
        if self.layout is None or not {"number", "date"} <= set(self.layout.letters):
            raise UsageError(f"На листе «{self.sheet.name}» нет столбцов «Номер» и «Дата»: новый приказ "
                             "некуда записать. Верните заголовки журнала приказов.")
        self.entries = [JournalEntry(r.row, str(r.values.get("number") or ""), r.values.get("date"),
                                     r.values.get("template")) for r in registry.rows("orders")]
        self.next_row = max([self.layout.last_row, self.layout.header_row, *(e.row for e in self.entries)]) + 1
        self.result = result

    def next_number(self, on: date) -> str:
        from .journal import propose_number

        return propose_number(self.entries, on)

    def add(self, *, number: str, on: date, template: str, title: str, signed_by: str, file: str) -> str:
        from .journal import JournalEntry

        values = {"number": number, "date": on, "template": template, "title": title,
                  "signed_by": signed_by, "file": file}
        row = self.next_row
        cells = {f"{letter}{row}": values[key] for key, letter in self.layout.letters.items() if key in values}
        self.result.journal_cells.append((self.sheet.name, cells))
        self.entries.append(JournalEntry(row, number, on, template))
        self.next_row += 1
        return f"{self.sheet.name}!{self.layout.letters['number']}{row}"

    def commit(self) -> None:
        """Nothing to write here: the adapter writes ``journal_cells`` into the open workbook."""


class Batch:
    def __init__(self, *, schemas: list[TemplateSchema], registry_path: Path, out_dir: Path,
                 as_of: date | None, select: "Selection | None", outputs: "Outputs",
                 orders: "OrderOptions", progress: Callable[[str, int, int], None] | None,
                 catalog: "Catalog | None" = None):
        self.schemas = schemas
        self.catalog = catalog or packs.catalog()
        self.registry_path = registry_path
        self.out_dir = out_dir
        self.as_of = as_of
        self.select = select
        self.outputs = outputs
        self.orders = orders
        self.progress = progress
        self.made = datetime.now()
        self.stamp = self.made.strftime("%Y-%m-%d %H-%M-%S")

    # ------------------------------------------------------------------ preparing

    def _check_usage(self) -> None:
        unknown = [w for w in self.outputs.writers if w not in self.catalog.writers]
        if unknown:
            known = ", ".join(self.catalog.writers) or "нет ни одного (их добавляют установленные наборы)"
            raise UsageError(f"Вывода «{unknown[0]}» нет. Доступные выводы: {known}.")
        order_schemas = [s for s in self.schemas if s.order_journal]
        if self.orders.number and len(order_schemas) != 1:
            raise UsageError("Номер приказа (--number) указывается, когда формируется ровно один приказ.")
        if self.select is not None and not self.select.is_empty() and not any(s.scope == "rows" for s in self.schemas):
            raise UsageError("Выбор строк применяется к документам «по строке реестра» (согласия, "
                             "соглашения…), а выбранные шаблоны делаются на весь реестр. Уберите условия выбора.")
        if order_schemas and self.orders.registers and _is_bundled_example(self.registry_path):
            raise UsageError("Встроенный пример реестра не изменяется: новые приказы в его журнал не "
                             "записываются. Скопируйте пример в свою папку или напечатайте приказ с "
                             "номером из журнала: --reprint.")
        if (order_schemas and self.orders.registers and not self.orders.in_workbook
                and self.registry_path.suffix.lower() not in (".xlsx", ".xlsm")):
            raise UsageError(
                f"Новый приказ регистрируется в журнале «Приказы» книги .xlsx или .xlsm, а реестр "
                f"«{self.registry_path.name}» в другом формате. Сохраните реестр как .xlsx или "
                "напечатайте приказ с номером из журнала: --reprint.")

    def _contexts(self, registry: "Registry", schema: TemplateSchema, base: dict[str, Any],
                  objs: dict[int, "Obj"]) -> list[_Doc]:
        from .context import group_records, select_records

        if schema.scope == "workbook":
            return [_Doc(dict(base), "весь реестр", "—")]
        sheet = registry.schema.sheet(schema.sheet or "")
        records = select_records(registry, schema)
        if self.select is not None:
            records = self.select.apply(registry, sheet.key, records)
        if schema.group_by:
            docs = []
            for group in group_records(schema, records, objs):
                docs.append(_Doc({**base, schema.record_name: group},
                                 f"{sheet.name}: {fmt.count(len(group.rows), 'строка', 'строки', 'строк')}",
                                 group.title))
            return docs
        return [_Doc({**base, schema.record_name: objs[id(r)]}, f"{sheet.name}!{r.row}", _person(objs[id(r)]))
                for r in records]

    def _reprint_order(self, registry: "Registry", schema: TemplateSchema, objs: dict[int, "Obj"]) -> "Obj":
        from .context import order_entry

        return order_entry(registry, schema, objs, number=self.orders.number)

    def _draft_order(self, registry: "Registry", schema: TemplateSchema) -> "Obj":
        """A draft for approval: a blank for the number (unless one is given), today's date,
        nothing written to the journal."""
        from .context import Obj

        return Obj(row=None, number=self.orders.number or DRAFT_NUMBER, date=self.orders.date or date.today(),
                   template=schema.ref, title=_order_title(schema), signed_by="", file=None)

    def _new_order(self, registry: "Registry", schema: TemplateSchema, journal: Any) -> "Obj":
        from .context import Obj

        on = self.orders.date or date.today()
        number = self.orders.number or journal.next_number(on)
        director = registry.org.get("director")
        signed = fmt.initials_first(director.values["fio"], sex=director.values.get("sex")) if director else ""
        return Obj(row=None, number=number, date=on, template=schema.ref, title=_order_title(schema),
                   signed_by=signed, file=None)

    # ------------------------------------------------------------------ running

    def run(self) -> "MakeResult":
        from contextlib import ExitStack

        from .api import MakeResult
        from .context import workbook_context
        from .environment import make_env, make_text_env
        from .output.files import BatchWriter
        from .records import load
        from .render import CompiledTemplate

        self._check_usage()
        started = time.perf_counter()
        env, self.text_env = make_env(self.catalog.filters), make_text_env(self.catalog.filters)
        # Templates are compiled (and pymorphy3's dictionaries loaded, if a template declines
        # positions or agrees words) on a second thread while this one reads the workbook:
        # calamine parses without the GIL, so both proceed at once.
        prepared = _Prepare(self.schemas, env)
        prepared.start()
        try:
            registry = load(self.registry_path, self.catalog.registry_schema, self.as_of)
        finally:
            compiled_templates = prepared.result()
        base, objs = workbook_context(registry)
        result = MakeResult(out_dir=self.out_dir, titles={s.ref: s.title for s in self.schemas},
                            selection=self.select.describe() if self.select else "все строки")

        jobs: list[_Job] = []
        problems: list[Problem] = []
        for schema in self.schemas:
            compiled = compiled_templates[schema.ref]
            order = None
            if schema.order_journal and self.orders.draft:
                order = self._draft_order(registry, schema)
            elif schema.order_journal and not self.orders.register:
                try:
                    order = self._reprint_order(registry, schema, objs)
                except RegistryInvalid as exc:
                    problems += exc.problems
                    continue
            docs = self._contexts(registry, schema, base, objs)
            if not docs:
                result.skipped[schema.ref] = "в реестре нет подходящих строк"
            jobs.append(_Job(schema, compiled, docs, order))
        if problems:
            raise RegistryInvalid(problems)
        if self.select is not None and not self.select.is_empty() and not any(
                j.docs for j in jobs if j.schema.scope == "rows"):
            from .errors import SelectionError
            raise SelectionError([f"по условиям ({self.select.describe()}) не выбрано ни одной строки."])

        with ExitStack() as stack:
            writer: BatchWriter = stack.enter_context(BatchWriter(self.out_dir, protect=(self.registry_path,)))
            journal = None
            if self.orders.registers and any(j.schema.order_journal for j in jobs):
                if self.orders.in_workbook:
                    journal = _WorkbookJournal(registry, result)
                else:
                    from .journal import Journal
                    journal = stack.enter_context(Journal(self.registry_path, registry.schema.sheet("orders")))
            rows: list[ManifestRow] = []
            for job in jobs:
                if job.schema.order_journal and journal is not None:
                    job.order = self._new_order(registry, job.schema, journal)
                self._render(job, writer, rows, result)
                if job.order is not None and journal is not None:
                    place = journal.add(number=job.order.number, on=job.order.date, template=job.schema.ref,
                                        title=job.order.title, signed_by=job.order.signed_by,
                                        file=writer.relative(job.files[0]))
                    result.registered.append(
                        f"№ {job.order.number} от {fmt.date_num(job.order.date)} — {job.order.title} ({place})")
            if self.outputs.pdf:
                self._pdfs(jobs, writer, rows, result)
            for name in self.outputs.writers:
                self._write_extra(name, jobs, writer, rows, result)
            if self.outputs.manifest:
                self._manifest(writer, rows, result)
            if self.outputs.zip:
                self._zip(writer, result)
            if journal is not None:
                writer.check_targets()  # the files will move into place: only then touch the journal
                journal.commit()
        result.seconds = time.perf_counter() - started
        return result

    def _render(self, job: _Job, writer: "BatchWriter", rows: list["ManifestRow"], result: "MakeResult") -> None:
        from .output.manifest import ManifestRow, sha256

        schema = job.schema
        name_template = self.text_env.from_string(schema.filename)
        contexts = [doc.context if job.order is None else {**doc.context, "order": job.order} for doc in job.docs]
        if job.order is not None and self.orders.draft and job.order.number == DRAFT_NUMBER:
            # «Черновик — Приказ № (без номера) от …», not «Приказ № ____ от …» in the folder.
            unnumbered = type(job.order)(**{**vars(job.order), "number": "(без номера)"})
            names = [self._file_name(schema, name_template, {**ctx, "order": unnumbered}) for ctx in contexts]
        else:
            names = [self._file_name(schema, name_template, ctx) for ctx in contexts]
        draft = "Черновик — " if job.order is not None and self.orders.draft else ""
        reserved = [writer.reserve(schema.folder, draft + name) for name in names]
        builder = None
        if (self.outputs.merge or self.outputs.duplex) and schema.scope == "rows" and job.docs:
            from .output.merge import PrintFileBuilder
            builder = PrintFileBuilder(job.compiled, duplex=self.outputs.duplex)

        report = (lambda done: self.progress(schema.title, done, len(contexts))) if self.progress else None
        workers = _workers_for(len(contexts))
        # The first documents are rendered here in any case: this loads what filters load
        # lazily (pymorphy3's dictionaries, declension caches) once, before workers fork.
        first = len(contexts) if workers == 1 else _WARM_UP
        digests = []
        for i, ctx in enumerate(contexts[:first]):
            parts = job.compiled.render_parts(ctx)
            data = job.compiled.assemble(parts)
            _write(reserved[i][0], data)
            digests.append((sha256(data), len(data)))
            if builder is not None:
                builder.add(parts)
            if report:
                report(i + 1)
        if workers > 1:
            # Both cores: forked workers render and write the rest; meanwhile this process
            # renders the parts once more for the print file, if one was asked for.
            digests += _render_forked(job.compiled, contexts, [st for st, _ in reserved], workers,
                                      report, builder, start=first)
        for doc, (_, final), (digest, size) in zip(job.docs, reserved, digests):
            job.files.append(final)
            result.files.append(final)
            result.by_template.setdefault(schema.ref, []).append(final)
            rows.append(ManifestRow(schema.title, "документ", doc.record, doc.person,
                                    writer.relative(final), digest, size))
        result.counts[schema.ref] = len(job.docs)
        if builder is not None:
            data = builder.finish()
            # the folder names the print file, unless templates of this batch share the folder
            # (four protocols in «Протоколы»): then the template's title tells them apart
            shared = sum(1 for s in self.schemas if s.folder == schema.folder) > 1
            stem = schema.title if shared else schema.folder
            if self.select is not None and not self.select.is_empty():
                stem += f" — {self.select.describe()}"
            stem += f" — {len(job.docs)} шт."
            job.print_file = writer.add(PRINT_FOLDER, stem, data)
            result.print_files.append(job.print_file)
            sheet = self.catalog.registry_schema.sheet(schema.sheet or "")
            rows.append(ManifestRow(schema.title, "файл для печати",
                                    f"{sheet.name}: {fmt.count(len(job.docs), 'документ', 'документа', 'документов')}",
                                    "все выбранные", writer.relative(job.print_file), sha256(data), len(data)))

    @staticmethod
    def _file_name(schema: TemplateSchema, template: Any, ctx: dict[str, Any]) -> str:
        from .environment import TemplateLimit, render_text
        from .errors import TemplateError

        try:
            return render_text(template, ctx)
        except TemplateLimit as exc:
            raise TemplateError(f"Шаблон «{schema.ref}»: имя файла не построено: {exc}.") from None
        except Exception as exc:  # an undefined field or a filter error in the pattern
            raise TemplateError(f"Шаблон «{schema.ref}»: ошибка в шаблоне имени файла «{schema.filename}»: {exc}") from None

    def _pdfs(self, jobs: list[_Job], writer: "BatchWriter", rows: list["ManifestRow"], result: "MakeResult") -> None:
        """PDFs of what is printed: the print file where there is one, else every document."""
        from .output.manifest import ManifestRow, file_sha256
        from .output.pdf import convert_to_pdf

        targets: list[tuple[Path, str, str, str]] = []  # final docx, title, record, person
        by_file = {r.file: r for r in rows}
        for job in jobs:
            finals = [job.print_file] if job.print_file is not None else job.files
            for final in finals:
                row = by_file[writer.relative(final)]
                targets.append((final, job.schema.title, row.record, row.person))
        if not targets:
            return
        scratch = writer.scratch("pdf")
        progress = (lambda done, total: self.progress("PDF (LibreOffice)", done, total)) if self.progress else None
        pdfs = convert_to_pdf([writer.staged(t[0]) for t in targets], scratch, progress=progress,
                              work_dir=writer.scratch("pdf-work"))
        for (final, title, record, person), pdf in zip(targets, pdfs):
            folder = final.parent.relative_to(self.out_dir).as_posix()
            if folder == ".":
                folder = ""
            pdf_final = writer.add_file(folder, final.stem, pdf, ".pdf")
            result.pdfs.append(pdf_final)
            digest, size = file_sha256(writer.staged(pdf_final))
            rows.append(ManifestRow(title, "PDF", record, person, writer.relative(pdf_final), digest, size))

    def _write_extra(self, name: str, jobs: list[_Job], writer: "BatchWriter", rows: list["ManifestRow"],
                     result: "MakeResult") -> None:
        """A plugin's output writer over the batch's documents (``--writer NAME``)."""
        from .output.manifest import ManifestRow, file_sha256
        from .output.writers import WrittenDocument, run_writer

        plugin = self.catalog.writers[name]
        by_file = {r.file: r for r in rows}
        documents = []
        for job in jobs:
            for final in job.files:
                row = by_file[writer.relative(final)]
                documents.append(WrittenDocument(writer.staged(final), writer.relative(final), job.schema.ref,
                                                 job.schema.title, row.record, row.person))
        folder = writer.scratch(f"writer-{name}")
        title = str(getattr(plugin, "title", name))
        for path in run_writer(name, plugin, documents, folder):
            final = writer.add_file("", path.stem, path, path.suffix)
            result.extra.append(final)
            digest, size = file_sha256(writer.staged(final))
            rows.append(ManifestRow(title, "вывод расширения", "все документы", "—", writer.relative(final),
                                    digest, size))

    def _manifest(self, writer: "BatchWriter", rows: list["ManifestRow"], result: "MakeResult") -> None:
        from .output.manifest import manifest_csv, manifest_xlsx

        stem = f"Опись {self.stamp}"
        selection = self.select.describe() if self.select else "все строки"
        result.manifest.append(writer.add("", stem, manifest_xlsx(rows, self.made, source=self.registry_path.name,
                                                                   selection=selection), ".xlsx"))
        result.manifest.append(writer.add("", stem, manifest_csv(rows, self.made), ".csv"))

    def _zip(self, writer: "BatchWriter", result: "MakeResult") -> None:
        from .output.archive import write_zip

        members = [(writer.staged(f), writer.relative(f)) for f in result.all_files]
        target = writer.scratch("zip") / "batch.zip"
        write_zip(target, members, when=self.made)
        result.archive = writer.add_file("", f"Документы {self.stamp}", target, ".zip")
