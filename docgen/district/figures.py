"""One school's registry → the figures the district adds up, and who is in its register.

The counting is the school's own (:func:`docgen.context.workbook_context`: the monitoring counts
of the school's analytical report, the KPI facts as :func:`docgen.context.workbook_context` works them out), so a school
and its district can never count the same registry differently. The result is plain data that
pickles cheaply: registries are read in worker processes and only this comes back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from docgen.context import KPI_METRICS, Obj, workbook_context
from docgen.errors import Problem
from docgen.records.model import Record, Registry
from docgen.records.monitoring import COUNTED_METRICS, counted
from docgen.ru.classes import SchoolClass

__all__ = ["Person", "RegisterRow", "SchoolFigures", "SchoolReading", "identity", "school_figures"]


@dataclass(frozen=True)
class Person:
    """A named person of a school (its curator) as the district's documents print it."""

    fio: str
    sex: str | None = None
    position: str = ""


@dataclass(frozen=True)
class RegisterRow:
    """One person of the consolidated register of the district: what the district needs to know
    of a mentor or mentee — no birth dates, addresses or documents."""

    code: str
    fio: str
    category: str
    form: str
    detail: str  # the class of a pupil, the position of an adult
    consent: date | None  # when the signed consent came back; None: not yet


@dataclass
class SchoolFigures:
    """What one school's registry counts: people, forms, categories, pair states, consents, KPI facts."""

    inn: str | None
    short_name: str
    full_name: str
    curator: Person | None
    mentors: int
    mentees: int
    pairs: int
    by_form: dict[str, int]
    by_category: dict[str, int]
    by_status: dict[str, int]
    consents_minors: tuple[int, int]  # (returned, of how many)
    consents_adults: tuple[int, int]
    metrics: dict[str, tuple[int, int | None]]  # KPI metric → (who counts, of how many)
    mentor_rows: list[RegisterRow] = field(default_factory=list)
    mentee_rows: list[RegisterRow] = field(default_factory=list)


@dataclass(frozen=True)
class SchoolReading:
    """What reading one school's registry gave: its figures, or why it cannot be counted (its
    problems, each naming a sheet and a cell, or a sentence when the file is not a registry at
    all). ``inn`` and ``short_name`` say which school it is even when it is broken."""

    file: str  # the file name shown in messages
    path: str
    figures: SchoolFigures | None = None
    problems: tuple[Problem, ...] = ()
    error: str = ""
    inn: str | None = None
    short_name: str | None = None

    @property
    def broken(self) -> bool:
        return self.figures is None

    def messages(self, limit: int | None = None) -> list[str]:
        """«Наставляемые!D14 («Дата рождения»): …» for each problem (or the error), in order."""
        lines = [self.error] if self.error else [str(p) for p in self.problems]
        return lines if limit is None else lines[:limit]


def identity(registry: Registry) -> tuple[str | None, str | None]:
    """(ИНН, short name) from «Организация» of a school registry — also of one with problems."""
    values = registry.org.values if registry.org is not None else {}
    inn = values.get("inn")
    name = values.get("short_name")
    return (str(inn) if inn else None), (str(name) if name else None)


def _person(record: Any) -> Person | None:
    if not isinstance(record, Record):
        return None
    return Person(str(record.values.get("fio") or ""), record.values.get("sex"),
                  str(record.values.get("position") or ""))


def _detail(obj: Any) -> str:
    klass = getattr(obj, "school_class", None)
    if isinstance(klass, SchoolClass):
        return str(klass).replace("\u00a0", " ")
    return str(getattr(obj, "position", None) or getattr(obj, "workplace", None) or "")


def _register(people: list[Any]) -> list[RegisterRow]:
    return [RegisterRow(str(p.code or ""), str(p.fio or ""), str(p.category or ""), str(p.form or ""), _detail(p),
                        p.consent_date) for p in people]


def kpi_fact(registry: Registry, objs: dict[int, Obj], metric: str) -> tuple[int, int | None]:
    """A «Расчёт по реестру» metric of one school: who counts, and of how many (None: the total is
    not filled). The school's report works the same out only for the rows of its own «Показатели»;
    the district needs every metric of its plan from every school, whatever rows the school keeps —
    so the rule of ``docgen.context._kpis`` is applied here to each metric (keep the two alike)."""
    if metric in COUNTED_METRICS:
        n, total = counted(registry, metric)
        return (n, total) if n is not None else (0, None)
    sheet, category, ages, total_key = KPI_METRICS[metric]
    people = [objs[id(r)] for r in registry.rows(sheet) if r.values.get("category") == category]
    if ages:
        people = [o for o in people if o.age is not None and ages[0] <= o.age <= ages[1]]
    return len(people), registry.org.values.get(total_key)


def school_figures(registry: Registry) -> SchoolFigures:
    """The figures of a validated school registry (one without problems)."""
    base, objs = workbook_context(registry)
    m = base["monitoring"]
    inn, short_name = identity(registry)
    return SchoolFigures(
        inn=inn, short_name=short_name or "", full_name=str(registry.org.values.get("full_name") or ""),
        curator=_person(registry.org.values.get("curator")),
        mentors=m.mentors, mentees=m.mentees, pairs=m.pairs,
        by_form={x.label: x.n for x in m.mentees_by_form},
        by_category={x.label: x.n for x in m.mentors_by_category},
        by_status={x.label: x.n for x in m.pairs_by_status},
        consents_minors=(m.consents_minors.n, m.consents_minors.total),
        consents_adults=(m.consents_adults.n, m.consents_adults.total),
        metrics={metric: kpi_fact(registry, objs, metric) for metric in (*KPI_METRICS, *COUNTED_METRICS)},
        mentor_rows=_register(base["mentors"]), mentee_rows=_register(base["mentees"]),
    )
