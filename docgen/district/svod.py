"""Many schools' figures → the district's: matched to the schools of the district registry, added
up, set against the district's KPI plan, and the conclusions («Выводы») written from the numbers.

Everything here is ordered by the district registry (its «Школы» sheet) and, for files no school
claims, by file name — never by the order the registries were read in, which depends on the file
system and on which worker finished first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from docgen.context import KPI_METRICS, Obj
from docgen.district.figures import Person, SchoolFigures, SchoolReading
from docgen.records.model import Registry
from docgen.records.monitoring import COUNTED_METRICS
from docgen.ru.text import fold
from docgen.schema.model import RegistrySchema

__all__ = ["BROKEN", "COUNTED", "DUPLICATE", "MISSING", "NOT_DUE", "KpiPlan", "SchoolEntry", "Svod", "build_svod",
           "percent", "shown", "svod_object"]

# What the district knows of each of its schools this year.
COUNTED, BROKEN, MISSING, NOT_DUE = "учтён", "с ошибками, не учтён", "не представлен", "не входит в модель в этом году"
DUPLICATE = "несколько реестров одной организации, не учтён ни один"


@dataclass(frozen=True)
class KpiPlan:
    """A district KPI the registries can count: its name, the metric, the plan for the year (%)."""

    name: str
    metric: str
    planned: float | None


@dataclass
class SchoolEntry:
    """One school of the district's list: its identity, and what reading its registry gave."""

    code: str
    short_name: str
    full_name: str
    join_year: int | None
    expected: bool  # it implements the model in the year of the report
    status: str
    figures: SchoolFigures | None = None
    files: list[str] = field(default_factory=list)
    curator: Person | None = None  # the school's registry's, else the district list's


@dataclass
class Svod:
    """The district's monitoring: every school with its status, the counted ones' figures, the
    totals and the conclusions. ``forms``, ``categories`` and ``statuses`` are the columns of the
    tables: the choices of the school registry schema, so they never depend on the data."""

    year: int
    as_of: date
    forms: tuple[str, ...]
    categories: tuple[str, ...]
    statuses: tuple[str, ...]
    kpis: list[KpiPlan]
    schools: list[SchoolEntry]
    unmatched: list[tuple[SchoolReading, str]]  # a reading no listed school takes, and why
    readings: list[SchoolReading]
    conclusions: list[str] = field(default_factory=list)

    @property
    def counted(self) -> list[SchoolEntry]:
        return [s for s in self.schools if s.status == COUNTED]

    @property
    def expected(self) -> list[SchoolEntry]:
        return [s for s in self.schools if s.expected]

    def total(self, key: str) -> int:
        """The sum over counted schools of a figure (``mentors``, ``mentees``, ``pairs``)."""
        return sum(getattr(s.figures, key) for s in self.counted if s.figures is not None)

    def total_of(self, key: str, label: str) -> int:
        """The sum of one column of a breakdown (``by_form``, ``by_category``, ``by_status``)."""
        return sum(getattr(s.figures, key).get(label, 0) for s in self.counted if s.figures is not None)

    def total_consents(self, key: str) -> tuple[int, int]:
        pairs = [getattr(s.figures, key) for s in self.counted if s.figures is not None]
        return sum(n for n, _ in pairs), sum(t for _, t in pairs)

    def metric(self, metric: str) -> tuple[int, int]:
        """A KPI metric over the district: counts and totals of the schools whose total is known."""
        facts = [s.figures.metrics.get(metric, (0, None)) for s in self.counted if s.figures is not None]
        known = [(n, t) for n, t in facts if t]
        return sum(n for n, _ in known), sum(t or 0 for _, t in known)


def percent(n: int, total: int | None) -> float | None:
    """A share in per cent with one decimal, as the school's report gives it; None without a total."""
    return round(100 * n / total, 1) if total else None


def shown(value: float | None) -> str:
    """«12,5 %» — a share as the conclusions print it."""
    return "—" if value is None else f"{value:.1f}".replace(".", ",") + "\u00a0%"


def _planned(row: Any, year: int) -> float | None:
    years = row.values.get("years") or {}
    value = years.get(str(year))
    return float(value) if isinstance(value, (int, float)) else None


def _choices(schema: RegistrySchema, sheet: str, key: str) -> tuple[str, ...]:
    try:
        return schema.sheet(sheet).field(key).choices
    except KeyError:
        return ()


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def build_svod(district: Registry, readings: Iterable[SchoolReading], school_schema: RegistrySchema,
               year: int | None = None) -> Svod:
    """Match the readings to the schools of ``district`` (by ИНН, else by short name), and work out
    the statuses, totals and conclusions for ``year`` (default: the district registry's date)."""
    year = year or district.as_of.year
    readings = sorted(readings, key=lambda r: (fold(r.file), r.path))
    taken: set[int] = set()
    schools = []
    for rec in district.rows("schools"):
        v = rec.values
        join = v.get("join_year")
        inn, name = _text(v.get("inn")), fold(v.get("short_name") or "")
        # by ИНН when both sides have one; by the short name when either side has none
        mine = [r for r in readings if id(r) not in taken
                and ((inn and r.inn == inn) or ((not inn or not r.inn) and fold(r.short_name or "") == name))]
        taken.update(id(r) for r in mine)
        expected = isinstance(join, int) and join <= year
        entry = SchoolEntry(code=_text(v.get("code")), short_name=_text(v.get("short_name")),
                            full_name=_text(v.get("full_name")), join_year=join if isinstance(join, int) else None,
                            expected=expected, status=MISSING if expected else NOT_DUE,
                            files=[r.file for r in mine])
        if len(mine) > 1:
            entry.status = DUPLICATE
        elif mine and not mine[0].broken:
            entry.status, entry.figures = COUNTED, mine[0].figures
        elif mine:
            entry.status = BROKEN
        curator = entry.figures.curator if entry.figures is not None else None
        if curator is None and v.get("curator"):
            curator = Person(_text(v.get("curator")), v.get("curator_sex"), _text(v.get("curator_position")))
        entry.curator = curator
        schools.append(entry)
    unmatched = [(r, "организации нет на листе «Школы» реестра района (ни по ИНН, ни по сокращённому наименованию)")
                 for r in readings if id(r) not in taken]
    kpis = [KpiPlan(_text(k.values.get("name")), _text(k.values.get("metric")), _planned(k, year))
            for k in district.rows("kpis") if k.values.get("metric") in (*KPI_METRICS, *COUNTED_METRICS)]
    svod = Svod(year=year, as_of=district.as_of, forms=_choices(school_schema, "mentees", "form"),
                categories=_choices(school_schema, "mentors", "category"),
                statuses=_choices(school_schema, "pairs", "status"), kpis=kpis, schools=schools,
                unmatched=unmatched, readings=readings)
    svod.conclusions = conclusions(svod)
    return svod


# --------------------------------------------------------------------------- conclusions


def _of(n: int) -> str:
    """«из 8 общеобразовательных организаций», «из 21 общеобразовательной организации»."""
    one = n % 10 == 1 and n % 100 != 11
    return f"из {n} " + ("общеобразовательной организации" if one else "общеобразовательных организаций")


def _names(entries: Iterable[SchoolEntry]) -> str:
    return ", ".join(e.short_name for e in entries)


def conclusions(svod: Svod) -> list[str]:
    """«Выводы» of the report: each sentence follows from the numbers above it."""
    out = []
    expected, counted = svod.expected, svod.counted
    out.append(f"Реестры наставников и наставляемых учтены у {len([s for s in counted if s.expected])} "
               f"{_of(len(expected))}, внедряющих целевую модель наставничества в {svod.year} году.")
    missing = [s for s in svod.schools if s.status == MISSING]
    if missing:
        out.append(f"Не представили реестр: {_names(missing)}.")
    broken = [s for s in svod.schools if s.status == BROKEN]
    if broken:
        out.append("Реестры с ошибками не учтены: " + "; ".join(
            f"{s.short_name} ({', '.join(s.files)})" for s in broken) + ". Проблемы с адресами ячеек — на листе "
            "«Проблемы» сводной таблицы.")
    twice = [s for s in svod.schools if s.status == DUPLICATE]
    if twice:
        out.append("Представлено несколько реестров одной организации, не учтён ни один: " + "; ".join(
            f"{s.short_name} ({', '.join(s.files)})" for s in twice) + ".")
    if svod.unmatched:
        out.append("Не учтены реестры организаций, которых нет в перечне района: " + "; ".join(
            f"{r.file}" + (f" ({r.short_name})" if r.short_name else "") for r, _ in svod.unmatched) + ".")
    any_below = False
    for kpi in svod.kpis:
        if kpi.planned is None:
            continue
        n, total = svod.metric(kpi.metric)
        plan = shown(kpi.planned)
        out.append(f"Показатель «{kpi.name}»: по району {shown(percent(n, total))} при плане {plan}.")
        facts = [(s, percent(*s.figures.metrics.get(kpi.metric, (0, None)))) for s in counted if s.figures]
        below = [(s, f) for s, f in facts if f is not None and f < kpi.planned]
        unknown = [s for s, f in facts if f is None]
        if below:
            any_below = True
            out.append(f"Ниже планового значения ({plan}) — " + ", ".join(
                f"{s.short_name} ({shown(f)})" for s, f in below) + ".")
        if unknown:
            out.append("Фактическое значение не рассчитано (на листе «Организация» реестра не указана численность): "
                       f"{_names(unknown)}.")
    if counted and not any_below and any(k.planned is not None for k in svod.kpis):
        out.append(f"Плановые значения показателей {svod.year} года достигнуты во всех учтённых организациях.")
    no_curator = [s for s in svod.schools if s.expected and s.curator is None]
    if no_curator:
        out.append(f"Куратор внедрения целевой модели не назначен: {_names(no_curator)}.")
    else:
        out.append("Во всех организациях, внедряющих целевую модель, назначен куратор внедрения.")
    lacking = []
    for s in counted:
        if s.figures is None:
            continue
        (mn, mt), (an, at) = s.figures.consents_minors, s.figures.consents_adults
        parts = []
        if mn < mt:
            parts.append(f"{mt - mn} из {mt} — от родителей несовершеннолетних")
        if an < at:
            parts.append(f"{at - an} из {at} — от совершеннолетних участников")
        if parts:
            lacking.append(f"{s.short_name} ({'; '.join(parts)})")
    if lacking:
        out.append("Не получены согласия на обработку персональных данных: " + ", ".join(lacking) + ".")
    elif counted:
        out.append("Согласия на обработку персональных данных получены от всех участников учтённых организаций.")
    return out


# --------------------------------------------------------------------------- what templates see


def _row(label: str, n: int, total: int) -> Obj:
    return Obj(label=label, n=n, total=total, share=percent(n, total))


def _consent(n: int, total: int) -> Obj:
    return Obj(n=n, total=total, missing=total - n, share=percent(n, total))


def _figures_obj(svod: Svod, f: SchoolFigures | None, totals: bool = False) -> dict[str, Any]:
    """The figures of one school (or of the district with ``totals``) as template rows."""
    if totals:
        mentors, mentees, pairs = svod.total("mentors"), svod.total("mentees"), svod.total("pairs")
        forms = {x: svod.total_of("by_form", x) for x in svod.forms}
        cats = {x: svod.total_of("by_category", x) for x in svod.categories}
        states = {x: svod.total_of("by_status", x) for x in svod.statuses}
        minors, adults = svod.total_consents("consents_minors"), svod.total_consents("consents_adults")
        metrics: dict[str, tuple[int, int | None]] = {k.metric: svod.metric(k.metric) for k in svod.kpis}
    else:
        assert f is not None
        mentors, mentees, pairs = f.mentors, f.mentees, f.pairs
        forms, cats, states = f.by_form, f.by_category, f.by_status
        minors, adults, metrics = f.consents_minors, f.consents_adults, f.metrics
    kpis = []
    for k in svod.kpis:
        n, total = metrics.get(k.metric, (0, None))
        actual = percent(n, total)
        kpis.append(Obj(name=k.name, planned=k.planned, actual=actual, actual_count=n, actual_total=total,
                        below=actual is not None and k.planned is not None and actual < k.planned))
    return dict(
        mentors=mentors, mentees=mentees, pairs=pairs,
        by_form=[_row(x, forms.get(x, 0), mentees) for x in svod.forms],
        by_category=[_row(x, cats.get(x, 0), mentors) for x in svod.categories],
        by_status=[_row(x, states.get(x, 0), pairs) for x in svod.statuses],
        consents_minors=_consent(*minors), consents_adults=_consent(*adults), kpis=kpis,
    )


def _person_obj(p: Person | None) -> Obj | None:
    return None if p is None else Obj(fio=p.fio, sex=p.sex, position=p.position)


def svod_object(svod: Svod) -> Obj:
    """``svod`` as a template sees it (every field is described in the report's schema)."""
    rows = [Obj(code=s.code, short_name=s.short_name, **_figures_obj(svod, s.figures)) for s in svod.counted]
    schools = [Obj(code=s.code, short_name=s.short_name, full_name=s.full_name, join_year=s.join_year,
                   status=s.status, counted=s.status == COUNTED, file=", ".join(s.files),
                   curator=_person_obj(s.curator))
               for s in svod.schools if s.expected or s.files]
    total = Obj(code="", short_name="Итого по району", **_figures_obj(svod, None, totals=True))
    for i, k in enumerate(total.kpis):  # each KPI of the district with its schools' facts under it
        k.schools = [Obj(code=r.code, short_name=r.short_name, actual=r.kpis[i].actual,
                         actual_count=r.kpis[i].actual_count, actual_total=r.kpis[i].actual_total,
                         below=r.kpis[i].below) for r in rows]
    chart = [k for k in total.kpis if k.planned is not None and k.actual is not None]
    return Obj(year=svod.year, as_of=svod.as_of, forms=list(svod.forms), categories=list(svod.categories),
               statuses=list(svod.statuses), kpis=[Obj(name=k.name, planned=k.planned) for k in svod.kpis],
               schools=schools, rows=rows, total=total, chart=chart, conclusions=list(svod.conclusions),
               expected=len(svod.expected), counted=len(svod.counted),
               read=len(svod.readings), unmatched=[Obj(file=r.file, why=why) for r, why in svod.unmatched])
