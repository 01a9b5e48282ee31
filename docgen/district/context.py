"""A district registry → what the district's templates see.

The same objects a school's templates get, built by the same code where the sheets are the same
(rows as :class:`~docgen.context.RowObj` with references followed, the roadmap in numbered
sections, the KPI rows with this year's plan, the journal and ``order_of``), so the two packs
share names and conventions: ``org``, ``roadmap``, ``kpis``, ``journal``, ``order_of``, ``today``.
What only a district has is added here: its head and coordinator, the schools (their director
and curator as persons the name filters decline), the schools by year of entry, the tasks of the
roadmap addressed to the schools, the numbers of the order's appendices, and — when the report is
made from the schools' registries (``docgen svod``) — ``svod``.
"""

from __future__ import annotations

from typing import Any

from docgen.context import Obj, _build_objects, _kpis, _order_of, _roadmap
from docgen.district.svod import Svod, svod_object
from docgen.records.model import Registry

__all__ = ["DISTRICT_ROOTS", "SVOD_ROOT", "district_context"]

SVOD_ROOT = "svod"
# The names district_context() gives (a template gets those its schema declares).
DISTRICT_ROOTS = ("org", "head", "coordinator", "centre_responsible", "control", "staff", "schools", "schools_by_year",
                  "roadmap", "school_tasks", "appendix", "kpis", "kpi_years", "journal", "order_of", "today", SVOD_ROOT)


def _person(fio: Any, sex: Any, position: Any) -> Obj | None:
    """A school's director or curator (plain text on «Школы») as a person the filters decline."""
    return Obj(fio=str(fio), sex=sex, position=str(position or "")) if fio else None


def district_context(registry: Registry, svod: Svod | None = None) -> tuple[dict[str, Any], dict[int, Obj]]:
    """Everything a district template can use, and the record → object map that one-per-row
    templates (a letter to each school) use to find their record. ``svod`` only when the schools'
    registries were read (``docgen svod``)."""
    objs = _build_objects(registry)

    def rows(key: str) -> list[Obj]:
        return [objs[id(r)] for r in registry.rows(key)]

    org = objs[id(registry.org)]
    schools = rows("schools")
    for school in schools:
        school.director = _person(school.director, school.director_sex, "директор")
        school.curator = _person(school.curator, school.curator_sex, school.curator_position)
    by_year: dict[int, list[Obj]] = {}
    for school in schools:
        if isinstance(school.join_year, int):
            by_year.setdefault(school.join_year, []).append(school)
    # the list of schools is numbered through, year after year, as the order's appendix prints it
    for number, school in enumerate((s for year in sorted(by_year) for s in by_year[year]), start=1):
        school.number = number
    roadmap = _roadmap(registry, objs)
    tasks = [e for s in roadmap for e in s.events if e.school_executor]
    tasks.sort(key=lambda e: (e.end is None, e.end or registry.as_of, e.number))
    # The order's appendices are numbered here, so the points that cite them and the marks over
    # them cannot disagree; an empty part is left out and the next one takes its number.
    parts = [name for name, present in (("roadmap", roadmap), ("schools", schools)) if present]
    appendix = Obj(**{name: parts.index(name) + 1 if name in parts else None for name in ("roadmap", "schools")},
                   count=len(parts))
    context: dict[str, Any] = {
        "org": org,
        "head": org.head,
        "coordinator": org.coordinator,
        "centre_responsible": org.centre_responsible,
        "control": org.control,
        "staff": rows("staff"),
        "schools": schools,
        "schools_by_year": [Obj(year=year, schools=by_year[year]) for year in sorted(by_year)],
        "roadmap": roadmap,
        "school_tasks": tasks,
        "appendix": appendix,
        "kpis": _kpis(registry, objs),
        "kpi_years": registry.year_headers.get("kpis", []),
        "journal": rows("orders"),
        "order_of": _order_of(rows("orders")),
        "today": registry.as_of,
    }
    if svod is not None:
        context[SVOD_ROOT] = svod_object(svod)
    return context, objs
