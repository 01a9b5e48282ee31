"""Planning a batch: every input error surfaces here, before a byte is written.

The registry is read and validated (while the templates compile and pymorphy3 loads on a
second thread: calamine parses without the GIL, so both proceed at once), the selection is
resolved, one context per document is built, and reprinted or draft orders get their number.
New order numbers are given by :mod:`docgen.engine.run` under the journal's lock.
"""

from __future__ import annotations

import copy
import os
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from docgen.context import (
    Obj,
    View,
    dated_context,
    group_records,
    order_entry,
    select_records,
    unmet_condition,
    workbook_context,
)
from docgen.district.context import district_context
from docgen.engine.options import (
    PARENT_EACH,
    PARENT_FIRST,
    Attachment,
    ConsentOptions,
    MakeResult,
    OrderOptions,
    Outputs,
    Progress,
)
from docgen.engine.registries import read_registry
from docgen.engine.scope import required_cells, scope_problems
from docgen.errors import OrderNumberNeeded, Problem, RegistryError, RegistryInvalid, SelectionError, UsageError
from docgen.journal.numbering import JournalEntry, Proposal, propose
from docgen.plugins.builtin import builtin_root
from docgen.plugins.catalog import Catalog
from docgen.records.model import Record, Registry
from docgen.records.selection import Selection
from docgen.render.environment import make_env, make_text_env
from docgen.render.template import CompiledTemplate
from docgen.ru.morph import warm_up
from docgen.ru.names import initials
from docgen.ru.numbers import count
from docgen.ru.text import fold
from docgen.schema.model import DISTRICT, TemplateSchema

__all__ = ["DRAFT_NUMBER", "PRINT_FOLDER", "Doc", "Issue", "Job", "Plan", "confirmed_number", "journal_entries",
           "make_plan", "order_title"]

PRINT_FOLDER = "Для печати"
DRAFT_NUMBER = "____"  # a draft order's number: a blank to write the number in by hand
#: Builds what templates see from a validated registry: (context, record → object map).
ContextBuilder = Callable[[Registry], "tuple[dict[str, Any], dict[int, Obj]]"]


@dataclass
class Doc:
    context: dict[str, Any]
    record: str  # «Наставляемые!14», «весь реестр», «Наставляемые: 28 строк»
    person: str
    rows: tuple[Record, ...] = ()  # the registry rows the document is about (a child on both sheets: both)
    suffix: str = ""  # added to the file name: « (мать)» when every parent gets a form


@dataclass(frozen=True)
class Issue:
    """A cell to date when the form is printed (ConsentOptions.record_issued)."""

    sheet: str  # sheet key
    row: int
    column: str  # field key, e.g. consent_issued
    who: str  # «Иванов Иван (Наставляемые!14)»


@dataclass
class Job:
    schema: TemplateSchema
    compiled: CompiledTemplate
    docs: list[Doc]
    order: Obj | None = None
    files: list[Path] = field(default_factory=list)
    print_file: Path | None = None


@dataclass
class Plan:
    """Everything a run needs, checked: the registry, the jobs, and how to write them."""

    catalog: Catalog
    registry_path: Path
    out_dir: Path
    select: Selection | None
    outputs: Outputs
    orders: OrderOptions
    progress: Progress | None
    registry: Registry
    jobs: list[Job]
    text_env: Any
    result: MakeResult
    made: datetime
    run_id: str = field(default_factory=lambda: os.urandom(2).hex())
    attachments: list[Attachment] = field(default_factory=list)  # files made beside the documents (docgen svod)
    consents: ConsentOptions = ConsentOptions()
    issues: list[Issue] = field(default_factory=list)  # empty cells to date after publishing

    @property
    def year_start(self) -> str | None:
        """How a new year starts: the caller's confirmation, else «Нумерация приказов с нового года»
        of «Организация» (None: not set)."""
        return self.orders.year_start or year_start(self.registry)

    @property
    def schemas(self) -> list[TemplateSchema]:
        return [j.schema for j in self.jobs]

    @property
    def stamp(self) -> str:
        """The run's name in file names («Опись 2026-11-23 10-15-02 a3f1»): the time, and a
        random tail so that two runs in the same second never share an inventory."""
        return f"{self.made:%Y-%m-%d %H-%M-%S} {self.run_id}"


def year_start(registry: Registry) -> str | None:
    value = registry.org.get("order_year_start")
    return str(value) if value else None


def journal_entries(registry: Registry) -> list[JournalEntry]:
    """The order journal as the registry was read (the numbers docgen proposes from)."""
    return [JournalEntry(r.row, str(r.values.get("number") or ""), r.values.get("date"), r.values.get("template"))
            for r in registry.rows("orders")]


def confirmed_number(proposal: Proposal) -> str:
    """The proposed number, if docgen may use it unasked; else the reason, as an error."""
    if not proposal.confirmed:
        raise OrderNumberNeeded(proposal.why,
                                number=proposal.number, alternative=proposal.alternative,
                                new_year=proposal.new_year)
    return proposal.number


def order_title(schema: TemplateSchema) -> str:
    """«Приказ о внедрении …» → «О внедрении …», as the journal's «Заголовок» is written."""
    title = schema.title
    if title.casefold().startswith("приказ "):
        title = title[len("приказ "):]
    return title[:1].upper() + title[1:]


def _is_bundled_example(path: Path) -> bool:
    candidate = builtin_root() / "examples" / "registry.xlsx"
    try:
        return candidate.exists() and path.resolve() == candidate.resolve()
    except OSError:
        return False


def _person(obj: Any) -> str:
    fio = getattr(obj, "fio", None)
    return str(fio) if fio else "—"


def _check_usage(schemas: list[TemplateSchema], catalog: Catalog, registry_path: Path, select: Selection | None,
                 outputs: Outputs, orders: OrderOptions, consents: ConsentOptions = ConsentOptions()) -> None:
    if consents.parent not in (PARENT_FIRST, PARENT_EACH):
        relations = catalog.registry_schema.sheet("parents").field("relation").choices
        if fold(consents.parent) not in {fold(r) for r in relations}:
            raise UsageError(f"Кто подписывает согласие: «{consents.parent}» — нет такого значения. Можно: первый "
                             f"указанный родитель, каждый родитель или {', '.join(relations)}.")
    if consents.record_issued and any(s.issued for s in schemas):
        _check_issued_writable(registry_path, orders)
    unknown = [w for w in outputs.writers if w not in catalog.writers]
    if unknown:
        known = ", ".join(catalog.writers) or "нет ни одного (их добавляют установленные наборы)"
        raise UsageError(f"Вывода «{unknown[0]}» нет. Доступные выводы: {known}.")
    order_schemas = [s for s in schemas if s.order_journal]
    if orders.number and len(order_schemas) != 1:
        raise UsageError("Номер приказа (--number) указывается, когда формируется ровно один приказ.")
    if select is not None and not select.is_empty() and not any(s.scope == "rows" for s in schemas):
        raise UsageError("Выбор строк применяется к документам «по строке реестра» (согласия, "
                         "соглашения…), а выбранные шаблоны делаются на весь реестр. Уберите условия выбора.")
    if order_schemas and orders.registers and _is_bundled_example(registry_path):
        raise UsageError("Встроенный пример реестра не изменяется: новые приказы в его журнал не "
                         "записываются. Скопируйте пример в свою папку или напечатайте приказ с "
                         "номером из журнала: --reprint.")
    if (order_schemas and orders.registers and not orders.in_workbook
            and registry_path.suffix.lower() not in (".xlsx", ".xlsm")):
        raise RegistryError(
            f"Новый приказ записывается в журнал «Приказы» книги .xlsx или .xlsm, а реестр "
            f"«{registry_path.name}» — в формате {registry_path.suffix.lower() or 'без расширения'}, в который "
            "docgen сам не пишет. Зарегистрируйте приказ из LibreOffice Calc (меню «Документы» → "
            "«Сформировать документы»: строка журнала появится в открытой книге), или сохраните реестр как "
            ".xlsx, или напечатайте приказ с номером из журнала (повторно) либо черновиком.")


def _check_issued_writable(registry_path: Path, orders: OrderOptions) -> None:
    """«Согласие выдано» is written where the order journal is: into an .xlsx/.xlsm docgen
    rewrites, or into the open book by a spreadsheet adapter. Refused before anything is made."""
    if _is_bundled_example(registry_path):
        raise UsageError("Встроенный пример реестра не изменяется: отметить в нём «Согласие выдано» нельзя. "
                         "Скопируйте пример в свою папку или формируйте согласия без отметки о выдаче.")
    if not orders.in_workbook and registry_path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise RegistryError(
            f"Дату в столбец «Согласие выдано» docgen записывает в книгу .xlsx или .xlsm, а реестр "
            f"«{registry_path.name}» — в формате {registry_path.suffix.lower() or 'без расширения'}, в который "
            "docgen сам не пишет. Сформируйте согласия из LibreOffice Calc (меню «Документы»: даты появятся "
            "в открытой книге), или сохраните реестр как .xlsx, или формируйте согласия без отметки о выдаче.")


class _Compile:
    """Compile the batch's templates on a background thread; errors re-raised in result()."""

    def __init__(self, schemas: list[TemplateSchema], env: Any):
        self.schemas, self.env = schemas, env
        self.compiled: dict[str, CompiledTemplate] = {}
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            for schema in self.schemas:
                self.compiled[schema.ref] = CompiledTemplate(schema.template, self.env, schema.ref)
            # pymorphy3 loads here, beside the registry's reading, for the filters that need it in
            # every batch; an organisation's name is declined once and kept (render.filters.declined_name)
            if any(c.morphology - {"name_case"} for c in self.compiled.values()):
                warm_up()
        except BaseException as exc:  # noqa: BLE001 — handed to the caller's thread
            self.error = exc

    def result(self) -> dict[str, CompiledTemplate]:
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.compiled


def _docs(registry: Registry, schema: TemplateSchema, base: dict[str, Any], objs: dict[int, Obj],
          select: Selection | None, consents: ConsentOptions = ConsentOptions(),
          no_form: list[str] | None = None) -> list[Doc]:
    """The documents of one template, each context cut down to what its schema declares.

    A template signed by a child's parent (it names ``child.parent``) is made for the parent
    ``consents.parent`` chooses; a child without such a parent gets no form and is named in
    ``no_form``."""
    view = View(f.name for f in schema.fields)
    shown = view.context(base)
    if schema.scope == "workbook":
        return [Doc(shown, "весь реестр", "—")]
    records = select_records(registry, schema)
    if select is not None:
        records = select.apply(registry, schema.source_sheets, records)
    name = registry.schema.sheet
    if schema.group_by:
        return [Doc({**shown, schema.record_name: view.value(group)},
                    f"{_sheet_names(registry, schema.source_sheets)}: "
                    f"{count(len(group.rows), 'строка', 'строки', 'строк')}", group.title)
                for group in group_records(schema, records, objs)]
    twins = {id(mentee): mentor for mentee, mentor in registry.twins}
    signed = consents.parent != PARENT_FIRST and f"{schema.record_name}.parent" in {f.name for f in schema.fields}
    docs: list[Doc] = []
    keep: list[Obj] = []  # the view caches projections by id(): copies must outlive the loop
    for r in records:
        obj = objs[id(r)]
        place = f"{name(r.sheet).name}!{r.row}"
        rows = (r, twins[id(r)]) if id(r) in twins else (r,)
        if not signed:
            docs.append(Doc({**shown, schema.record_name: view.value(obj)}, place, _person(obj), rows))
            continue
        signers = _signers(obj, consents.parent)
        if not signers and no_form is not None:
            no_form.append(_no_signer(obj, place, consents.parent))
        for parent, suffix in signers:
            child = copy.copy(obj)
            child.parent = parent
            keep.append(child)
            docs.append(Doc({**shown, schema.record_name: view.value(child)}, place, _person(obj), rows, suffix))
    return docs


def _signers(child: Obj, choice: str) -> list[tuple[Obj, str]]:
    """The parents who get a form, each with the file name's suffix: every one (« (мать)»,
    « (опекун Петров П. П.)» when two have the same relation), or the first with the relation
    ``choice``."""
    parents = list(getattr(child, "parents", None) or [])
    relations = [fold(str(getattr(p, "relation", "") or "")) for p in parents]
    if choice == PARENT_EACH:
        result = []
        for parent, relation in zip(parents, relations):
            text = str(getattr(parent, "relation", "") or "родитель")
            if relations.count(relation) > 1:
                text += f" {initials(str(parent.fio), sex=getattr(parent, 'sex', None))}"
            result.append((parent, f" ({text})"))
        return result
    wanted = fold(choice)
    return [(p, "") for p, relation in zip(parents, relations) if relation == wanted][:1]


def _no_signer(child: Obj, place: str, choice: str) -> str:
    """Who got no form, and why, as the run's summary says it."""
    who = f"{_person(child)} ({place})"
    if not getattr(child, "parents", None):
        return f"{who}: на листе «Родители» нет ни одной строки этого ребёнка"
    shown = ", ".join(str(getattr(p, "relation", "") or "?") for p in child.parents)
    return f"{who}: на листе «Родители» нет родителя «{choice}» (указаны: {shown})"


def _sheet_names(registry: Registry, keys: tuple[str, ...]) -> str:
    return " и ".join(registry.schema.sheet(k).name for k in keys)


def _plain_id_is(catalog: Catalog, schema: TemplateSchema) -> bool:
    """Does the template's plain id name it (a school's copy replacing the built-in)?"""
    try:
        return catalog.find(schema.id) is schema
    except UsageError:
        return False


def _draft_order(schema: TemplateSchema, orders: OrderOptions) -> Obj:
    """A draft for approval: a blank for the number (unless one is given), today's date,
    nothing written to the journal."""
    return Obj(row=None, number=orders.number or DRAFT_NUMBER, date=orders.date or date.today(),
               template=schema.ref, title=order_title(schema), signed_by="", file=None)


def make_plan(schemas: list[TemplateSchema], *, catalog: Catalog, registry_path: Path, out_dir: Path,
              as_of: date | None, select: Selection | None, outputs: Outputs, orders: OrderOptions,
              progress: Progress | None, consents: ConsentOptions = ConsentOptions(),
              context: ContextBuilder | None = None) -> Plan:
    """Check the call, read and validate the registry, compile the templates, build every
    document's context. Raises :class:`~docgen.errors.DocgenError` with every input problem.

    The registry is of the kind the templates are made from (a school's or a district's; a mix is
    refused); ``context`` builds what they see instead of that kind's default (``docgen svod``
    adds the schools' figures to the district's context)."""
    _check_usage(schemas, catalog, registry_path, select, outputs, orders, consents)
    kind = catalog.kind_for(schemas)
    made = datetime.now()
    env, text_env = make_env(catalog.filters), make_text_env(catalog.filters)
    compiling = _Compile(schemas, env)
    try:
        _, registry, found = read_registry(registry_path, catalog, kind, as_of)
    finally:
        compiled = compiling.result()
    # Problems in data these templates read stop the batch (all of them at once); the rest are
    # warnings in the summary (docgen.engine.scope).
    found = scope_problems(found + required_cells(schemas, registry.schema, registry.org, found), schemas,
                           registry.schema)
    errors = [p for p in found if not p.is_warning]
    if errors:
        raise RegistryInvalid(errors, [p for p in found if p.is_warning])
    base, objs = (context or (district_context if kind == DISTRICT else workbook_context))(registry)
    result = MakeResult(out_dir=out_dir, titles={s.ref: s.title for s in schemas},
                        selection=select.describe() if select else "все строки",
                        warnings=[p for p in found if p.is_warning])
    jobs: list[Job] = []
    problems: list[Problem] = []
    for schema in schemas:
        unmet = unmet_condition(registry, schema)
        if unmet:
            result.skipped[schema.ref] = unmet
            continue
        order = None
        if schema.order_journal and orders.draft:
            order = _draft_order(schema, orders)
        elif schema.order_journal and not orders.register:
            try:
                order = order_entry(registry, schema, objs, number=orders.number,
                                    plain_id=_plain_id_is(catalog, schema))
            except RegistryInvalid as exc:
                problems += exc.problems
                continue
        job_base = base
        if schema.order_journal:  # an order cites only the acts before it
            on = order.date if order is not None else (orders.date or date.today())
            job_base = {**base, **dated_context(registry, on, getattr(order, "row", None))}
        missed = len(result.no_form)
        docs = _docs(registry, schema, job_base, objs, select, consents, result.no_form)
        if not docs and len(result.no_form) > missed:
            result.skipped[schema.ref] = f"ни у кого из выбранных нет родителя «{consents.parent}»"
        elif not docs:
            result.skipped[schema.ref] = "в реестре нет подходящих строк"
        jobs.append(Job(schema, compiled[schema.ref], docs, order))
    if problems:
        raise RegistryInvalid(problems)
    if orders.registers and not orders.number and any(s.order_journal for s in schemas):
        # before anything is written; the run asks again under the journal's lock
        confirmed_number(propose(journal_entries(registry), orders.date or date.today(),
                                 orders.year_start or year_start(registry)))
    if (select is not None and not select.is_empty() and not result.no_form  # rows chosen, no signer: said below
            and not any(j.docs for j in jobs if j.schema.scope == "rows")):
        raise SelectionError([f"по условиям ({select.describe()}) не выбрано ни одной строки."])
    result.no_form = list(dict.fromkeys(result.no_form))  # a child missed by two templates: once
    issues = _issues(registry, jobs, result) if consents.record_issued else []
    return Plan(catalog=catalog, registry_path=registry_path, out_dir=out_dir, select=select, outputs=outputs,
                orders=orders, progress=progress, registry=registry, jobs=jobs, text_env=text_env,
                result=result, made=made, consents=consents, issues=issues)


def _issues(registry: Registry, jobs: list[Job], result: MakeResult) -> list[Issue]:
    """The empty «Согласие выдано» cells of the rows this batch prints a form for (templates
    with ``issued:``); rows already dated are counted in ``result.issued_already``, never
    overwritten; rows whose signed consent came back already («Согласие получено» earlier) are
    left too (``result.issued_received``). A sheet without the column stops the batch before
    anything is written."""
    issues: dict[tuple[str, int], Issue] = {}
    for job in jobs:
        column = job.schema.issued
        if not column:
            continue
        for doc in job.docs:
            for rec in doc.rows:
                sheet = registry.schema.sheet(rec.sheet)
                layout = registry.layouts.get(rec.sheet)
                if layout is None or column not in layout.letters:
                    raise UsageError(f"На листе «{sheet.name}» нет столбца «{sheet.field(column).header}»: "
                                     "дату выдачи согласия некуда записать. Добавьте столбец с таким заголовком "
                                     "(в конец таблицы) или формируйте согласия без отметки о выдаче.")
                who = f"{rec.values.get('fio') or '—'} ({sheet.name}!{rec.row})"
                if rec.values.get(column) is not None:
                    if who not in result.issued_already:
                        result.issued_already.append(who)
                    continue
                # «Согласие получено» before today: the form was given out long ago; today's date
                # would make the registry wrong (received before issued)
                if any(f.not_before == column and isinstance(rec.values.get(f.key), date)
                       and rec.values[f.key] < registry.as_of for f in sheet.fields):
                    if who not in result.issued_received:
                        result.issued_received.append(who)
                    continue
                issues.setdefault((rec.sheet, rec.row), Issue(rec.sheet, rec.row, column, who))
    return list(issues.values())
