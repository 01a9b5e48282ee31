"""Running a planned batch: documents → print files, PDFs, inventory, zip → journal → publish.

The order of the steps is what makes a batch safe:

1. :func:`docgen.engine.plan.make_plan` found every input error before anything was written;
2. documents are rendered into a staging folder inside the output folder
   (:class:`~docgen.output.files.BatchWriter`), on both cores for big batches;
3. print files, PDFs, the inventory and the zip are staged the same way;
4. the staged files are moved into place, and only then the order journal and the dates
   «Согласие выдано» are written (atomically, under the registry's lock).

Ctrl-C or an error at any point before 4 leaves nothing: the staging folder is removed and
the registry was never touched.
"""

from __future__ import annotations

import os
import time
from contextlib import ExitStack
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from docgen.context import Obj
from docgen.engine.options import Attachment, MakeResult
from docgen.engine.plan import DRAFT_NUMBER, PRINT_FOLDER, Job, Plan, confirmed_number, order_title
from docgen.engine.pool import WARM_UP, render_forked, workers_for
from docgen.engine.recovery import finish_interrupted, finish_issued
from docgen.errors import Interrupted, OutputError, TemplateError
from docgen.fsutil import WorkbookGuard
from docgen.journal.issued import ISSUED_WHAT, IssuedCell, IssuedDates
from docgen.journal.open_book import OpenBookJournal
from docgen.journal.session import Journal
from docgen.output.archive import write_zip
from docgen.output.files import BatchWriter, write_staged
from docgen.output.ledger import INVENTORY_FOLDER
from docgen.output.manifest import ManifestRow, file_sha256, manifest_csv, manifest_xlsx, sha256
from docgen.output.merge import PrintFileBuilder
from docgen.output.pdf import convert_to_pdf
from docgen.output.printpdf import MIN_RECORDS_TO_SPLIT, convert_print_file, counts_pages, record_pdfs
from docgen.output.writers import WrittenDocument, run_writer
from docgen.render.environment import TemplateLimit, render_text
from docgen.ru.dates import date_num
from docgen.ru.names import initials_first
from docgen.ru.numbers import count
from docgen.schema.model import TemplateSchema

__all__ = ["CUT_RECORDS", "run"]

CUT_RECORDS = 1000
"""Most records of one print file that separate PDFs are cut from (memory: see _PdfSource)."""


def run(plan: Plan) -> MakeResult:
    """Write the planned batch; see the module's docstring for the order of the steps."""
    return _Batch(plan).run()


class _Batch:
    def __init__(self, plan: Plan):
        self.plan = plan
        self.schemas = plan.schemas
        self.catalog = plan.catalog
        self.registry_path = plan.registry_path
        self.out_dir = plan.out_dir
        self.select = plan.select
        self.outputs = plan.outputs
        self.orders = plan.orders
        self.progress = plan.progress
        self.text_env = plan.text_env
        self.made = plan.made
        self.stamp = plan.stamp
        # Separate PDFs of a big batch are cut from print files made only for that (issue 19):
        # id(job) → the print files (and their records), or absent when documents go one by one.
        self.pdf_sources: dict[int, list[tuple[Path, int]]] = {}

    def _new_order(self, schema: TemplateSchema, journal: Any) -> Obj:
        on = self.orders.date or date.today()
        number = self.orders.number or confirmed_number(journal.proposal(on, self.plan.year_start))
        # the school's director, the district's head: whoever signs the registry's orders
        director = self.plan.registry.org.get("director") or self.plan.registry.org.get("head")
        signed = initials_first(director.values["fio"], sex=director.values.get("sex")) if director else ""
        return Obj(row=None, number=number, date=on, template=schema.ref, title=order_title(schema),
                   signed_by=signed, file=None)

    def run(self) -> MakeResult:
        started = time.perf_counter()
        plan, result = self.plan, self.plan.result
        with ExitStack() as stack:
            writer: BatchWriter = stack.enter_context(BatchWriter(self.out_dir, protect=(self.registry_path,)))
            result.recovered += writer.recovered
            journal: Any = None
            if self.orders.registers and any(j.schema.order_journal for j in plan.jobs):
                if self.orders.in_workbook:
                    journal = OpenBookJournal(plan.registry, result.journal_cells)
                else:
                    journal = stack.enter_context(Journal(self.registry_path, plan.registry.schema.sheet("orders")))
                    result.recovered += finish_interrupted(journal, plan.registry.schema)
            issued: IssuedDates | None = None
            # asked to date «Согласие выдано»: the registry is opened even when every printed row is
            # dated already, so that a killed run's dates are settled (docgen.engine.recovery)
            if plan.consents.record_issued and any(j.schema.issued for j in plan.jobs):
                if self.orders.in_workbook:
                    self._issued_in_workbook(result)
                else:  # the journal's guard when there is one: one lock over both writes
                    schema = plan.registry.schema
                    if isinstance(journal, Journal):
                        guard = journal.guard
                    else:
                        guard = stack.enter_context(WorkbookGuard(self.registry_path, what=ISSUED_WHAT))
                        result.recovered += finish_issued(guard, schema)
                    issued = IssuedDates(guard, [IssuedCell(schema.sheet(i.sheet), i.row, i.column, i.who)
                                                 for i in plan.issues], plan.registry.as_of)
            rows: list[ManifestRow] = []
            orders: list[Path] = []
            for job in plan.jobs:
                if job.schema.order_journal and journal is not None:
                    job.order = self._new_order(job.schema, journal)
                self._render(job, writer, rows, result)
                if job.order is not None and journal is not None:
                    place = journal.add(number=job.order.number, on=job.order.date, template=job.schema.ref,
                                        title=job.order.title, signed_by=job.order.signed_by,
                                        file=writer.relative(job.files[0]))
                    orders.append(job.files[0])
                    result.registered.append(
                        f"№ {job.order.number} от {date_num(job.order.date)} — {job.order.title} ({place})")
            for attachment in plan.attachments:
                self._attach(attachment, writer, rows, result)
            if self.outputs.pdf:
                self._pdfs(plan.jobs, writer, rows, result)
            for name in self.outputs.writers:
                self._write_extra(name, plan.jobs, writer, rows, result)
            if self.outputs.manifest:
                self._manifest(writer, rows, result)
            if self.outputs.zip:
                self._zip(writer, result)
            self._finish(writer, journal, rows, orders, issued)
        result.kept = dict(writer.kept)
        result.seconds = time.perf_counter() - started
        return result

    def _issued_in_workbook(self, result: MakeResult) -> None:
        """The dates go back to the spreadsheet adapter, which writes them into the open book."""
        registry = self.plan.registry
        by_sheet: dict[str, dict[str, Any]] = {}
        for issue in self.plan.issues:
            name = registry.schema.sheet(issue.sheet).name
            address = f"{registry.layouts[issue.sheet].letters[issue.column]}{issue.row}"
            by_sheet.setdefault(name, {})[address] = registry.as_of
            result.issued.append(f"{name}!{address}")
        result.journal_cells += list(by_sheet.items())

    def _finish(self, writer: BatchWriter, journal: Any, rows: list[ManifestRow], orders: list[Path],
                issued: IssuedDates | None = None) -> None:
        """Publish the documents, then write the journal — with an intent record in between, so
        that an interruption anywhere leaves the two agreeing, or settled by the next run
        (:mod:`docgen.engine.recovery`) — and the dates «Согласие выдано» (checked before
        publishing, kept in the same intent record, written after the journal's rows)."""
        registers = isinstance(journal, Journal)
        digests = {r.file: r.sha256 for r in rows}
        try:
            writer.check_targets()
            if registers:
                journal.prepare({"out_dir": str(self.out_dir.resolve()),
                                 "when": self.made.strftime("%d.%m.%Y %H:%M:%S"),
                                 "files": {writer.relative(f): digests[writer.relative(f)] for f in orders}})
            if issued is not None:
                issued.prepare({"out_dir": str(self.out_dir.resolve()),
                                "when": self.made.strftime("%d.%m.%Y %H:%M:%S"),
                                "issued_files": {writer.relative(f): digests[writer.relative(f)]
                                                 for f in self._issued_files()}})
        except KeyboardInterrupt:
            if registers:
                journal.forget_pending()
            elif issued is not None:
                issued.guard.clear_intent()
            raise Interrupted("Прервано. Незаконченные документы удалены, журнал приказов не изменён.") from None
        try:
            writer.publish()
        except KeyboardInterrupt:
            raise Interrupted(f"Прервано во время перемещения документов в папку {self.out_dir}. Запустите "
                              "ту же команду снова: документы этого запуска будут сохранены целиком"
                              + (", а приказ — записан в журнал" if registers else "")
                              + (", а даты «Согласие выдано» — в реестр" if issued is not None else "") + ".") from None
        except BaseException:
            if registers:
                journal.forget_pending()
            elif issued is not None:
                issued.guard.clear_intent()
            raise
        # the journal's rows, then the dates; the intent record (it covers both) is dropped last
        if journal is not None:
            self._commit_journal(journal, forget=issued is None)
        if issued is not None:
            self._commit_issued(issued, forget=True)
            if registers:
                journal.forget_pending()

    def _issued_files(self) -> list[Path]:
        """The documents of the templates that date «Согласие выдано» (their hashes go into the
        intent record: a later run dates the cells only if they were published)."""
        return [f for job in self.plan.jobs if job.schema.issued for f in job.files]

    def _commit_issued(self, issued: IssuedDates, *, forget: bool) -> None:
        result = self.plan.result
        try:
            edit = issued.commit(forget=forget)
        except KeyboardInterrupt:
            raise Interrupted(f"Прервано после того, как документы сохранены в папке {self.out_dir}; даты «Согласие "
                              "выдано» ещё не записаны в реестр. Они будут записаны при следующем запуске docgen "
                              "с этим реестром, который записывает приказ или отметки о выдаче.") from None
        except OutputError as exc:
            raise OutputError(f"Документы сохранены в папке {self.out_dir}, но даты «Согласие выдано» не записаны в "
                              f"реестр: {exc} Исправьте это и запустите docgen с этим реестром снова (приказ или "
                              "согласия с отметкой о выдаче) — даты будут дописаны, уже стоящие не меняются.") from None
        result.issued += edit.written
        result.issued_already += [w for w in edit.already if w not in result.issued_already]

    def _commit_journal(self, journal: Any, *, forget: bool = True) -> None:
        try:
            if forget:
                journal.commit()
            else:  # a Journal: the dates of the same batch are still to be written under its record
                journal.commit(forget=False)
        except KeyboardInterrupt:
            raise Interrupted(f"Прервано после того, как документы сохранены в папке {self.out_dir}; приказ ещё "
                              "не записан в журнал. Он будет дописан при следующем запуске docgen с этим "
                              "реестром.") from None
        except OutputError as exc:
            raise OutputError(f"Документы сохранены в папке {self.out_dir}, но приказ не записан в журнал: {exc} "
                              "Исправьте это и запустите docgen с этим реестром снова — запись будет "
                              "дописана.") from None

    def _properties(self, job: Job) -> None:
        """The documents of this job name the school as their author and the run's time
        (``SOURCE_DATE_EPOCH`` when set, for reproducible output) as created and modified."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        when = datetime.fromtimestamp(int(epoch), tz=timezone.utc) if epoch.isdigit() else self.made
        title = job.schema.title
        if job.order is not None:
            title = f"Приказ № {job.order.number} «{job.order.title or order_title(job.schema)}»"
        author = str(self.plan.registry.org.get("short_name") or "")
        job.compiled.set_properties(title=title, author=author, when=when)

    def _render(self, job: Job, writer: BatchWriter, rows: list[ManifestRow], result: MakeResult) -> None:
        schema = job.schema
        self._properties(job)
        name_template = self.text_env.from_string(schema.filename)
        contexts = [doc.context if job.order is None else {**doc.context, "order": job.order} for doc in job.docs]
        if job.order is not None and self.orders.draft and job.order.number == DRAFT_NUMBER:
            # «Черновик — Приказ № (без номера) от …», not «Приказ № ____ от …» in the folder.
            unnumbered = type(job.order)(**{**vars(job.order), "number": "(без номера)"})
            names = [self._file_name(schema, name_template, {**ctx, "order": unnumbered}) for ctx in contexts]
        else:
            names = [self._file_name(schema, name_template, ctx) + doc.suffix for ctx, doc in zip(contexts, job.docs)]
        draft = "Черновик — " if job.order is not None and self.orders.draft else ""
        reserved = [writer.reserve(schema.folder, draft + name) for name in names]
        builder: Any = None
        if (self.outputs.merge or self.outputs.duplex) and schema.scope == "rows" and job.docs:
            builder = PrintFileBuilder(job.compiled, duplex=self.outputs.duplex)
        elif self._pdfs_from_print_file(job):
            builder = _PdfSource(job.compiled, writer.scratch(f"pdf-source-{len(self.pdf_sources)}"))

        progress = self.progress
        report = (lambda done: progress(schema.title, done, len(contexts))) if progress else None
        workers = workers_for(len(contexts))
        # The first documents are rendered here in any case: this loads what filters load
        # lazily (pymorphy3's dictionaries, declension caches) once, before workers fork.
        first = len(contexts) if workers == 1 else WARM_UP
        digests = []
        for i, ctx in enumerate(contexts[:first]):
            parts = job.compiled.render_parts(ctx)
            data = job.compiled.assemble(parts)
            write_staged(reserved[i][0], data)
            digests.append((sha256(data), len(data)))
            if builder is not None:
                builder.add(parts)
            if report:
                report(i + 1)
        if workers > 1:
            # Both cores: forked workers render and write the rest; meanwhile this process
            # renders the parts once more for the print file, if one was asked for.
            digests += render_forked(job.compiled, contexts, [st for st, _ in reserved], workers,
                                      report, builder, start=first)
        for doc, (_, final), (digest, size) in zip(job.docs, reserved, digests):
            if not self.outputs.writers:  # a plugin's writer may change the documents before publishing
                writer.know_digest(final, digest)
            job.files.append(final)
            result.files.append(final)
            result.by_template.setdefault(schema.ref, []).append(final)
            rows.append(ManifestRow(schema.title, "документ", doc.record, doc.person,
                                    writer.relative(final), digest, size))
        result.counts[schema.ref] = len(job.docs)
        if isinstance(builder, _PdfSource):
            files = builder.finish()
            if files is not None:
                self.pdf_sources[id(job)] = files
        elif builder is not None:
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
            sheets = " и ".join(self.plan.registry.schema.sheet(k).name for k in schema.source_sheets)
            rows.append(ManifestRow(schema.title, "файл для печати",
                                    f"{sheets}: {count(len(job.docs), 'документ', 'документа', 'документов')}",
                                    "все выбранные", writer.relative(job.print_file), sha256(data), len(data)))

    @staticmethod
    def _file_name(schema: TemplateSchema, template: Any, ctx: dict[str, Any]) -> str:
        try:
            return render_text(template, ctx)
        except TemplateLimit as exc:
            raise TemplateError(f"Шаблон «{schema.ref}»: имя файла не построено: {exc}.") from None
        except Exception as exc:  # an undefined field or a filter error in the pattern
            raise TemplateError(f"Шаблон «{schema.ref}»: ошибка в шаблоне имени файла «{schema.filename}»: "
                                f"{exc}") from None

    def _pdfs(self, jobs: list[Job], writer: BatchWriter, rows: list[ManifestRow], result: MakeResult) -> None:
        """PDFs of what is printed: the print file where there is one (cut into parts converted on
        every core, output/printpdf.py), else every document."""
        targets: list[tuple[Path, str, str, str]] = []  # final docx, title, record, person
        made: list[Path] = []
        by_file = {r.file: r for r in rows}
        separate = []
        report = self.progress
        for job in jobs:
            if job.print_file is not None:
                row = by_file[writer.relative(job.print_file)]
                progress = (lambda done, total: report("PDF (LibreOffice)", done, total)) if report else None
                made.append(convert_print_file(writer.staged(job.print_file), writer.scratch("pdf"),
                                               records=len(job.docs), duplex=self.outputs.duplex,
                                               progress=progress, work_dir=writer.scratch("pdf-work"),
                                               name=writer.relative(job.print_file)))
                targets.append((job.print_file, job.schema.title, row.record, row.person))
                continue
            rows_of_job = [by_file[writer.relative(final)] for final in job.files]
            sources = self.pdf_sources.get(id(job))
            if sources is not None:
                cut: list[Path] = []
                for k, (source, records) in enumerate(sources):
                    progress = ((lambda done, total, before=len(cut), of=len(job.files):
                                 report("PDF (LibreOffice)", before + done, of))
                                if report else None)
                    part = record_pdfs(source, records, writer.scratch(f"pdf-records-{id(job)}-{k}"),
                                       progress=progress, work_dir=writer.scratch("pdf-work"), name=job.schema.title)
                    if part is None:
                        break
                    cut += part
                if len(cut) == len(job.files):
                    made += cut
                    targets += [(final, job.schema.title, row.record, row.person)
                                for final, row in zip(job.files, rows_of_job)]
                    continue
            separate += [(final, job.schema.title, row.record, row.person)
                         for final, row in zip(job.files, rows_of_job)]
        if separate:
            progress = (lambda done, total: report("PDF (LibreOffice)", done, total)) if report else None
            made += convert_to_pdf([writer.staged(t[0]) for t in separate], writer.scratch("pdf-docs"),
                                   progress=progress, work_dir=writer.scratch("pdf-work"),
                                   names=[writer.relative(t[0]) for t in separate])
            targets += separate
        for (final, title, record, person), pdf in zip(targets, made):
            folder = final.parent.relative_to(self.out_dir).as_posix()
            if folder == ".":
                folder = ""
            pdf_final = writer.add_file(folder, final.stem, pdf, ".pdf")
            result.pdfs.append(pdf_final)
            digest, size = file_sha256(writer.staged(pdf_final))
            rows.append(ManifestRow(title, "PDF", record, person, writer.relative(pdf_final), digest, size))

    def _pdfs_from_print_file(self, job: Job) -> bool:
        """Are this job's separate PDFs cut from a print file (:func:`record_pdfs`)? Only for
        PDFs without --merge, one document per row, enough of them to gain from it, and a
        template that prints no page count; a plugin's writer may change the documents after
        rendering, so then each is converted as written."""
        return (self.outputs.pdf and not self.outputs.writers and job.schema.scope == "rows"
                and len(job.docs) >= MIN_RECORDS_TO_SPLIT
                and not counts_pages({p.info.filename: p.data for p in job.compiled.parts}))

    def _write_extra(self, name: str, jobs: list[Job], writer: BatchWriter, rows: list[ManifestRow],
                     result: MakeResult) -> None:
        """A plugin's output writer over the batch's documents (``--writer NAME``)."""
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

    @staticmethod
    def _attach(attachment: Attachment, writer: BatchWriter, rows: list[ManifestRow], result: MakeResult) -> None:
        final = writer.add(attachment.folder, attachment.stem, attachment.data, attachment.suffix)
        result.attachments.append(final)
        rows.append(ManifestRow(attachment.title, "таблица", "все реестры", "—", writer.relative(final),
                                sha256(attachment.data), len(attachment.data)))

    def _manifest(self, writer: BatchWriter, rows: list[ManifestRow], result: MakeResult) -> None:
        stem = f"Опись {self.stamp}"
        selection = self.select.describe() if self.select else "все строки"
        inventory = manifest_xlsx(rows, self.made, source=self.registry_path.name, selection=selection)
        result.manifest.append(writer.add(INVENTORY_FOLDER, stem, inventory, ".xlsx"))
        result.manifest.append(writer.add(INVENTORY_FOLDER, stem, manifest_csv(rows, self.made), ".csv"))

    def _zip(self, writer: BatchWriter, result: MakeResult) -> None:
        members = [(writer.staged(f), writer.relative(f)) for f in result.all_files]
        target = writer.scratch("zip") / "batch.zip"
        write_zip(target, members, when=self.made)
        result.archive = writer.add_file("", f"Документы {self.stamp}", target, ".zip")


class _PdfSource:
    """Single-sided print files made only to cut the separate PDFs from (never published), of
    at most :data:`CUT_RECORDS` records each: a print file is built in memory (and split with
    lxml), so a school of 5000 is cut from five files, not one five times the size.
    A template the print file cannot take (footnotes, comments: :mod:`docgen.output.merge`) is
    no error here: its documents are then converted one by one."""

    def __init__(self, compiled: Any, folder: Path):
        self.compiled, self.folder = compiled, folder
        self.files: list[tuple[Path, int]] = []
        self.failed = False
        self.builder: PrintFileBuilder | None = None
        self.records = 0

    def add(self, parts: dict[str, bytes]) -> None:
        if self.failed:
            return
        try:
            if self.builder is None:
                self.builder, self.records = PrintFileBuilder(self.compiled, duplex=False), 0
            self.builder.add(parts)
            self.records += 1
            if self.records == CUT_RECORDS:
                self._flush()
        except OutputError:
            self.failed, self.builder = True, None

    def _flush(self) -> None:
        assert self.builder is not None
        path = self.folder / f"{len(self.files):03d}.docx"
        path.write_bytes(self.builder.finish())
        self.files.append((path, self.records))
        self.builder = None

    def finish(self) -> list[tuple[Path, int]] | None:
        """The print files and their records, in print order; None when the template cannot
        be merged (then every document is converted on its own)."""
        if self.failed:
            return None
        try:
            if self.builder is not None:
                self._flush()
        except OutputError:
            return None
        return self.files
