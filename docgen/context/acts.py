"""Which act decided what, and the other facts the orders share.

A document cites the act that made a decision: the Положение names the order that approved the
roadmap, the roadmap its own approving order, the separate orders the order on introduction.
:func:`acts_on` answers «which order» for each decision from the journal «Приказы» and the
school's variant of the orders (:mod:`docgen.records.coherence`): in «единый приказ» the order
on introduction appointed the curator and approved the working group (appendix № 1) and the
roadmap (appendix № 2); in «отдельные приказы» each has its own order.

Only journal rows dated on or before the citing document count — for an order, rows of the
same date count only above its own row — so a reprint of an old order never cites a later one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from docgen.context.objects import Obj
from docgen.records.coherence import SINGLE, journal_template, orders_variant
from docgen.records.model import Registry
from docgen.ru.text import fold

__all__ = ["ACTS", "ORDERS_ROOTS", "PROTOCOL_KINDS", "acts_on", "forms_of", "orders_context", "protocol_groups",
           "quoted_list", "wg_lead"]

#: The names this module's facts have in a template's context.
ORDERS_ROOTS = ("acts", "wg_lead", "forms", "forms_quoted", "protocol_groups")

#: The decisions documents cite → the template of the order that makes them, and the title
#: printed when the journal row has none.
ACTS = {
    "intro": ("order_intro", "О внедрении целевой модели наставничества"),
    "curator": ("order_curator", "О назначении куратора внедрения целевой модели наставничества"),
    "working_group": ("order_working_group",
                      "Об утверждении состава рабочей группы по внедрению целевой модели наставничества"),
    "roadmap": ("order_roadmap", "Об утверждении дорожной карты внедрения целевой модели наставничества"),
    "regulation": ("order_regulation", "Об утверждении Положения о наставничестве"),
    "mentor_register": ("order_mentor_register", "Об утверждении реестра наставников"),
    "mentor_school": ("order_mentor_school", "Об организации «Школы наставников»"),
    "pairs": ("order_pairs", "О закреплении наставнических пар (групп)"),
    "ipr": ("order_ipr", "Об утверждении индивидуальных планов развития наставляемых"),
}
#: In «единый приказ» the order on introduction decides these, with its appendix number.
DECIDED_BY_INTRO = {"curator": None, "working_group": 1, "roadmap": 2}


def acts_on(registry: Registry, on: date, before_row: int | None = None) -> Obj:
    """``acts`` of a document dated ``on``: ``acts.roadmap`` is ``Obj(number, date, title,
    appendix, template)`` of the order that approved the roadmap, or ``None`` when the journal
    has none yet; ``acts.variant`` is the variant in use. ``before_row``: the citing order's own
    journal row (rows of its date below it are later orders)."""
    variant, inferred = orders_variant(registry)
    last: dict[str, Any] = {}
    for rec in registry.rows("orders"):
        day = rec.values.get("date")
        if not isinstance(day, date) or day > on:
            continue
        if before_row is not None and day == on and rec.row >= before_row:
            continue
        last[journal_template(rec)] = rec

    def entry(template: str, title: str, appendix: int | None = None) -> Obj | None:
        rec = last.get(template)
        if rec is None:
            return None
        return Obj(number=rec.values.get("number"), date=rec.values.get("date"),
                   title=rec.values.get("title") or title, appendix=appendix, template=template)

    found = {name: entry(template, title) for name, (template, title) in ACTS.items()}
    if variant == SINGLE:
        template, title = ACTS["intro"]
        for name, appendix in DECIDED_BY_INTRO.items():
            found[name] = entry(template, title, appendix)
    return Obj(variant=variant, variant_inferred=inferred, **found)


def wg_lead(working_group: list[Obj], director: Any) -> Obj | None:
    """Who organises the working group's work in the order on introduction: its head, or its
    deputy head when the head is the director (the director does not instruct himself)."""
    for role in ("руководитель", "заместитель руководителя"):
        for member in working_group:
            if member.role == role and member.member is not None and member.member is not director:
                return member
    return None


def forms_of(pairs: list[Obj], mentors: list[Obj]) -> list[str]:
    """Forms of mentoring the school runs: those of its pairs, then of its mentors, each once."""
    seen: dict[str, str] = {}
    for item in [*pairs, *mentors]:
        form = getattr(item, "form", None)
        if form and fold(form) not in seen:
            seen[fold(form)] = form
    return list(seen.values())


def quoted_list(items: list[str]) -> str:
    """««ученик – ученик», «учитель – учитель» и «студент – ученик»»."""
    quoted = [f"«{item}»" for item in items]
    if len(quoted) < 2:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " и " + quoted[-1]


#: Kinds of «Протоколы» → the attribute a template reads: ``protocol_groups.assessment``.
PROTOCOL_KINDS = {"рассмотрение кандидатуры": "review", "собеседование": "interview",
                  "оценка кандидата": "assessment", "прикрепление наставника": "attachment"}


def protocol_groups(protocols: list[Obj]) -> Obj:
    """Protocols by kind (:data:`PROTOCOL_KINDS`), grouped by date in date order:
    ``Obj(date, numbers)`` for «протоколы от 01.09.2026 № 13–18»; integer numbers sort as numbers.
    Every kind is there, an empty list when the registry has none."""
    by_kind: dict[str, dict[date, list[Any]]] = {name: {} for name in PROTOCOL_KINDS.values()}
    for p in protocols:
        name = PROTOCOL_KINDS.get(p.kind or "")
        if name is None or not isinstance(p.date, date):
            continue
        number: Any = p.number
        if isinstance(number, str) and number.strip().isdigit():
            number = int(number)
        by_kind[name].setdefault(p.date, []).append(number)
    return Obj(**{name: [Obj(date=day, numbers=_sorted(numbers)) for day, numbers in sorted(days.items())]
                  for name, days in by_kind.items()})


def _sorted(numbers: list[Any]) -> list[Any]:
    return sorted(numbers, key=lambda n: (0, n, "") if isinstance(n, int) else (1, 0, str(n)))


def orders_context(registry: Registry, objs: dict[int, Obj], working_group: list[Obj], org: Obj) -> dict[str, Any]:
    """Which act decided what (``acts``, as of today; an order gets its own date's through
    ``context.dated_context``), who organises the working group, the forms the school runs,
    protocols grouped for citation; each mentor's last protocol of each kind."""
    pairs = [objs[id(r)] for r in registry.rows("pairs")]
    mentors = [objs[id(r)] for r in registry.rows("mentors")]
    protocols = [objs[id(r)] for r in registry.rows("protocols")]
    for m in mentors:
        m.protocols = Obj(**dict.fromkeys(PROTOCOL_KINDS.values()))
    for p in sorted(protocols, key=lambda p: (p.date or date.min, p.row)):
        if p.mentor is not None and p.kind in PROTOCOL_KINDS:
            setattr(p.mentor.protocols, PROTOCOL_KINDS[p.kind], p)
    forms = forms_of(pairs, mentors)
    return {
        "acts": acts_on(registry, registry.as_of),
        "wg_lead": wg_lead(working_group, org.director),
        "forms": forms,
        "forms_quoted": quoted_list(forms),
        "protocol_groups": protocol_groups(protocols),
    }
