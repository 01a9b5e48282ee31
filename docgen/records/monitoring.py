"""The numbers of the monitoring report that come from the registry's rows: consents returned by
group of participants, the last «Мониторинг» row (surveys, quality, growth) and the KPIs counted
from it or from the mentors.

Pure functions over validated records; the context wraps their rows for the template. Counts are
of rows, so a test can recount them from the workbook with openpyxl.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from docgen.records.model import Record, Registry
from docgen.records.participants import is_minor

__all__ = ["COUNTED_METRICS", "consent_table", "counted", "growth_rows", "latest_row", "survey_rows"]

# «Расчёт по реестру» of a KPI row counted here: satisfied of surveyed (last «Мониторинг» row),
# or the share of mentors who are employees of partner organisations.
SURVEY_METRICS = {"удовлетворённость наставляемых": ("mentee_satisfied", "mentee_surveys"),
                  "удовлетворённость наставников": ("mentor_satisfied", "mentor_surveys")}
PARTNER_METRIC = "наставники — работники партнёров"
PARTNER_CATEGORY = "представитель работодателя"
COUNTED_METRICS = (*SURVEY_METRICS, PARTNER_METRIC)


def _share(n: int | None, total: int | None) -> float | None:
    return round(100 * n / total, 1) if n is not None and total else None


def latest_row(registry: Registry) -> Record | None:
    """The last «Мониторинг» row dated on or before the day of the documents."""
    rows = [r for r in registry.rows("monitoring") if isinstance(r.values.get("date"), date)
            and r.values["date"] <= registry.as_of]
    return max(rows, key=lambda r: (r.values["date"], r.row)) if rows else None


def counted(registry: Registry, metric: str) -> tuple[int | None, int | None]:
    """(n, of how many) for the KPIs of :data:`COUNTED_METRICS`; (None, None) without data."""
    if metric == PARTNER_METRIC:
        mentors = registry.rows("mentors")
        return sum(1 for r in mentors if r.values.get("category") == PARTNER_CATEGORY), len(mentors)
    latest = latest_row(registry)
    if latest is None:
        return None, None
    n, total = SURVEY_METRICS[metric]
    return latest.values.get(n), latest.values.get(total)


def survey_rows(registry: Registry) -> list[dict[str, Any]]:
    """Satisfaction by the last «Мониторинг» row: mentees and mentors who rated 4–5 of those surveyed."""
    latest = latest_row(registry)
    if latest is None:
        return []
    v = latest.values
    rows = [("наставляемых", v.get("mentee_satisfied"), v.get("mentee_surveys")),
            ("наставников", v.get("mentor_satisfied"), v.get("mentor_surveys"))]
    return [dict(label=label, n=n, total=total, share=_share(n, total)) for label, n, total in rows
            if n is not None and total]


def growth_rows(registry: Registry) -> list[dict[str, Any]]:
    """Growth of mentees from the last «Мониторинг» row, each of its own base: grades of the
    pupils, contests and plan goals of all mentees, professional growth of the young teachers."""
    latest = latest_row(registry)
    if latest is None:
        return []
    mentees = registry.rows("mentees")
    pupils = sum(1 for m in mentees if m.values.get("category") == "обучающийся")
    young = sum(1 for m in mentees if m.values.get("category") == "молодой педагог")
    v = latest.values
    rows = [("Рост успеваемости (из наставляемых-обучающихся)", v.get("grades_up"), pupils),
            ("Участие в конкурсах и олимпиадах", v.get("contests"), len(mentees)),
            ("Достижение цели индивидуального плана развития", v.get("goals_reached"), len(mentees)),
            ("Профессиональный рост (из молодых педагогов-наставляемых)", v.get("teachers_grown"), young)]
    return [dict(label=label, n=n, total=total, share=_share(n, total)) for label, n, total in rows]


def consent_table(registry: Registry) -> list[dict[str, Any]]:
    """Consents returned, by group of participants — minor and adult mentees and mentors — and in
    total: every row of both sheets is counted once (people of unknown age with the adults)."""
    as_of = registry.as_of
    groups = [("Несовершеннолетние наставляемые", "mentees", True), ("Несовершеннолетние наставники", "mentors", True),
              ("Совершеннолетние наставляемые", "mentees", False), ("Совершеннолетние наставники", "mentors", False)]
    rows = []
    for label, sheet, minor in groups:
        people = [r for r in registry.rows(sheet) if bool(is_minor(r, as_of)) == minor]
        rows.append(_consent_row(label, people))
    everyone = registry.rows("mentees") + registry.rows("mentors")
    assert sum(r["total"] for r in rows) == len(everyone)
    rows.append(_consent_row("Всего", everyone))
    return rows


def _consent_row(label: str, people: list[Record]) -> dict[str, Any]:
    total = len(people)
    processing = sum(1 for r in people if r.values.get("consent_date"))
    distribution = sum(1 for r in people if r.values.get("publish_consent_date"))
    share = (lambda n: round(100 * n / total, 1) if total else None)
    return dict(label=label, total=total, n=processing, share=share(processing), distribution=distribution,
                distribution_share=share(distribution))
