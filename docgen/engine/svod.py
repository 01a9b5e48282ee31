"""Planning the district's report from its schools' registries (``docgen svod``).

The schools' registries are read on every core (:mod:`docgen.engine.schools`); a broken one is
set aside with its problems (or stops the run before anything is written, when the caller is
strict). Then it is an ordinary batch of the district's templates (:func:`make_plan`) whose
context also holds the schools' figures, plus two spreadsheets made from the same figures, staged
and published with the documents — all of it, or nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Sequence

from docgen.context import Obj
from docgen.district.context import SVOD_ROOT, district_context
from docgen.district.svod import Svod, build_svod
from docgen.engine.options import Attachment, OrderOptions, Outputs, Progress
from docgen.engine.plan import Plan, make_plan
from docgen.engine.schools import collect_registries, read_schools
from docgen.errors import RegistriesInvalid, UsageError
from docgen.output.district import figures_xlsx, register_xlsx
from docgen.plugins.catalog import Catalog
from docgen.records.model import Registry
from docgen.ru.dates import date_num
from docgen.schema.model import DISTRICT, SCHOOL, TemplateSchema

__all__ = ["REPORT_ID", "reads_schools", "svod_plan"]

#: The district's monitoring report: the template ``docgen svod`` makes (a district's copy in a
#: folder pack replaces it by this plain id, as any template is replaced).
REPORT_ID = "district_monitoring_report"
TABLES_FOLDER = "Отчёты"
SCHOOL_REPORT_ID = "monitoring_report"  # the school's analytical report: what it reads must be sound


def reads_schools(schema: TemplateSchema) -> bool:
    """Does the template print the schools' figures (and so needs their registries)?"""
    return any(f.name.split(".")[0] == SVOD_ROOT for f in schema.fields)


def svod_plan(catalog: Catalog, district_path: Path, schools: Sequence[str | Path], out_dir: Path, *,
              template_ids: Sequence[str] = (), as_of: date | None = None, strict: bool = False,
              outputs: Outputs = Outputs(), orders: OrderOptions = OrderOptions(register=False),
              progress: Progress | None = None) -> Plan:
    """The batch of the district's report (and of ``template_ids``, other district templates, if
    any) from the district registry and the schools' registries named by ``schools`` (files and
    folders). Raises before anything is written: the district's registry with problems, templates
    of a school's registry, or — with ``strict`` — any school registry that cannot be counted."""
    schemas = list({s.ref: s for s in [catalog.find(REPORT_ID), *(catalog.find(t) for t in template_ids)]}.values())
    if catalog.kind_for(schemas) != DISTRICT:
        raise UsageError("Сводка по району делается шаблонами набора района (docgen list: «из реестра района»).")
    school_schema = catalog.registry_schema_of(SCHOOL)
    paths = collect_registries(schools, exclude=[district_path])
    day = as_of or date.today()
    # a school's registry counts when the school could make its own analytical report from it
    scope = [catalog.find(SCHOOL_REPORT_ID)] if SCHOOL_REPORT_ID in catalog.templates else []
    readings = read_schools(paths, school_schema, day, kind_of=catalog.detect_kind, scope=scope, progress=progress)
    if strict and any(r.broken for r in readings):
        raise RegistriesInvalid({r.file: r.messages() for r in readings if r.broken})
    made: list[Svod] = []

    def context(registry: Registry) -> tuple[dict[str, Any], dict[int, Obj]]:
        made.append(build_svod(registry, readings, school_schema))
        return district_context(registry, made[-1])

    plan = make_plan(schemas, catalog=catalog, registry_path=district_path, out_dir=out_dir, as_of=as_of,
                     select=None, outputs=outputs, orders=orders, progress=progress, context=context)
    svod = made[-1]
    district = str(plan.registry.org.values.get("district") or "")
    on = date_num(svod.as_of)
    plan.attachments += [
        Attachment(TABLES_FOLDER, f"Сводные показатели на {on}", ".xlsx", figures_xlsx(svod, district),
                   "Сводные показатели реализации целевой модели (таблица)"),
        Attachment(TABLES_FOLDER, f"Сводный реестр наставников и наставляемых на {on}", ".xlsx",
                   register_xlsx(svod, district), "Сводный реестр наставников и наставляемых района"),
    ]
    plan.result.broken = {r.file: r.messages() for r in svod.readings if r.broken}
    plan.result.broken.update({r.file: [f"не учтён: {why}"] + (r.messages() if r.broken else [])
                               for r, why in svod.unmatched})
    plan.result.counted = [s.short_name for s in svod.counted]
    return plan
