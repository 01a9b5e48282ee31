"""Facts for the working documents of the programme that the registry holds only implicitly.

The curator's monthly questionnaire counts the pairs of the month; the needs analysis groups
the mentees' requests (methodology, appendix 6); the preference questionnaires after the group
meeting list each participant's candidates; the access measures come from their sheet or, when
the school has not filled it, from the typical measures of the methodology; partners' letters
and agreements speak of «студентов» for a college and of «работников» for a plant.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from docgen.context.objects import Obj
from docgen.records.model import Registry
from docgen.ru.text import fold, ru_sort_key

__all__ = ["ACCESS_GROUPS", "DEFAULT_MEASURES", "PROGRAMME_ROOTS", "access_measures", "month_of", "needs",
           "partner_extras", "preference_candidates", "programme_context"]

#: The names this module's facts have in a template's context.
PROGRAMME_ROOTS = ("month", "needs", "access_measures")

# --------------------------------------------------------------------------- the month


def month_of(pairs: list[Obj], today: date) -> Obj:
    """``Obj(start, end, new_pairs, finished_pairs, active_pairs)`` for the month of ``today``:
    pairs that started in it, that ended in it (by their end date, up to today), and that are
    in force on ``today`` (status «действует», started, not yet ended)."""
    start = today.replace(day=1)
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    dated = [p for p in pairs if isinstance(p.start, date) and isinstance(p.end, date)]
    return Obj(
        start=start, end=end,
        new_pairs=sum(1 for p in dated if start <= p.start <= min(end, today)),
        finished_pairs=sum(1 for p in dated if start <= p.end <= min(end, today)),
        active_pairs=sum(1 for p in dated if p.status == "действует" and p.start <= today <= p.end),
    )


# --------------------------------------------------------------------------- needs analysis


def _share(n: int, total: int) -> float | None:
    return round(100 * n / total, 1) if total else None


def needs(mentees: list[Obj], mentors: list[Obj]) -> Obj:
    """The needs analysis: mentees by category and form, by the area of their request (with up
    to three distinct requests each, shortest first), and per form the mentees, the mentors and
    mentees per mentor; ``priorities`` are the forms in descending demand."""
    total = len(mentees)
    by_cat_form: dict[tuple[str, str], int] = {}
    for m in mentees:
        key = (m.category or "—", m.form or "—")
        by_cat_form[key] = by_cat_form.get(key, 0) + 1
    categories = [Obj(category=c, form=f, n=n, share=_share(n, total)) for (c, f), n in by_cat_form.items()]

    areas: dict[str, list[Obj]] = {}
    for m in mentees:
        areas.setdefault(m.need_area or "не указано", []).append(m)
    by_area = []
    for label, people in sorted(areas.items(), key=lambda kv: (kv[0] == "не указано", -len(kv[1]))):
        requests = sorted({fold(p.request): p.request for p in people if p.request}.values(), key=lambda r: (len(r), r))
        by_area.append(Obj(label=label, n=len(people), share=_share(len(people), total), examples=requests[:3]))

    forms: dict[str, list[int]] = {}
    for m in mentees:
        if m.form:
            forms.setdefault(m.form, [0, 0])[0] += 1
    for m in mentors:
        if m.form:
            forms.setdefault(m.form, [0, 0])[1] += 1
    by_form = [Obj(form=f, mentees=n, mentors=k, per_mentor=round(n / k, 1) if k else None,
                   share=_share(n, total)) for f, (n, k) in forms.items()]
    priorities = sorted(by_form, key=lambda o: -o.mentees)
    return Obj(total=total, with_request=sum(1 for m in mentees if m.request), categories=categories,
               areas=by_area, forms=by_form, priorities=priorities)


# --------------------------------------------------------------------------- access measures

#: «Группа обучающихся» on «Меры доступности» → how the document names the group.
ACCESS_GROUPS = {
    "с ОВЗ и инвалидностью": "Обучающиеся с ограниченными возможностями здоровья и инвалидностью",
    "с выдающимися способностями": "Обучающиеся, проявившие выдающиеся способности",
    "в трудной жизненной ситуации": "Обучающиеся, находящиеся в трудной жизненной ситуации",
    "из малоимущих семей": "Обучающиеся из малоимущих семей",
    "из сельской местности и отдалённых территорий":
        "Обучающиеся, проживающие в сельской местности, на труднодоступных и отдалённых территориях",
    "дети-сироты и оставшиеся без попечения родителей": "Дети-сироты и дети, оставшиеся без попечения родителей",
}
_LABELS = list(ACCESS_GROUPS)
_ALWAYS = "в течение периода реализации программы"
#: Typical measures (methodology of the target model), printed when «Меры доступности» is empty:
#: group label → [(measure, responsible, expected result)].
DEFAULT_MEASURES: dict[str, list[tuple[str, str, str]]] = {
    _LABELS[0]: [
        ("Подбор наставника и формы наставничества с учётом рекомендаций психолого-медико-педагогической "
         "комиссии и индивидуальной программы реабилитации или абилитации", "куратор, педагог-психолог",
         "наставничество в доступной форме"),
        ("Проведение встреч в доступных помещениях, при необходимости — дистанционно", "куратор",
         "участие во встречах без барьеров"),
        ("Адаптация материалов программы (крупный шрифт, аудиоформат, упрощённые инструкции)", "куратор",
         "доступные материалы"),
        ("Сопровождение пары педагогом-психологом, учителем-дефектологом или тьютором",
         "педагог-психолог, тьютор", "поддержка наставника и наставляемого"),
    ],
    _LABELS[1]: [
        ("Подбор наставников из числа педагогов, специалистов партнёров и победителей олимпиад по профилю "
         "способностей", "куратор", "наставник по профилю способностей"),
        ("Включение в индивидуальный план развития олимпиад, конкурсов и проектов", "наставники",
         "участие в олимпиадах, конкурсах, проектах"),
    ],
    _LABELS[2]: [
        ("Первоочередное включение в программу по запросу обучающегося или родителей (законных представителей)",
         "куратор, социальный педагог", "поддержка наставника в трудной ситуации"),
        ("Сопровождение социальным педагогом и педагогом-психологом, конфиденциальность сведений о "
         "жизненной ситуации", "социальный педагог, педагог-психолог", "социальная и психологическая поддержка"),
    ],
    _LABELS[3]: [
        ("Бесплатное участие во всех мероприятиях программы; обеспечение материалами за счёт школы и "
         "партнёров", "куратор", "участие без расходов семьи"),
    ],
    _LABELS[4]: [
        ("Дистанционные встречи; согласование расписания встреч с подвозом обучающихся", "куратор",
         "регулярные встречи независимо от места проживания"),
    ],
    _LABELS[5]: [
        ("Взаимодействие с опекунами (попечителями) и органом опеки и попечительства; согласия оформляются "
         "законными представителями", "социальный педагог", "согласованное участие в программе"),
        ("Подбор наставника для постоянного взаимодействия в течение всей программы", "куратор",
         "устойчивая поддержка значимого взрослого"),
    ],
}


def access_measures(registry: Registry, objs: dict[int, Obj]) -> list[Obj]:
    """Groups of pupils with their measures, ``Obj(title, rows)``, in the methodology's order:
    from «Меры доступности», or the typical measures when the sheet is empty or absent."""
    rows = registry.rows("access_measures")
    groups: dict[str, list[Any]] = {}
    if rows:
        for rec in rows:
            groups.setdefault(rec.values.get("group") or "", []).append(objs[id(rec)])
    else:
        for title, measures in DEFAULT_MEASURES.items():
            groups[title] = [Obj(measure=m, deadline=_ALWAYS, responsible=r, result=res) for m, r, res in measures]
    order = {fold(g): i for i, g in enumerate(ACCESS_GROUPS)}
    ordered = sorted(groups.items(), key=lambda kv: order.get(fold(kv[0]), len(order)))
    return [Obj(title=ACCESS_GROUPS.get(label, label), rows=measures) for label, measures in ordered]


# --------------------------------------------------------------------------- pair formation


def preference_candidates(mentees: list[Obj], mentors: list[Obj]) -> None:
    """``candidates`` of every mentee (the mentors of the same form) and of every mentor (the
    mentees of the same form not yet in a pair in force, or all of that form when everyone is),
    in alphabetical order. Lists are shared per form: a registry of thousands keeps one list per
    form, not one per person."""
    mentors_by_form: dict[str, list[Obj]] = {}
    mentors = sorted(mentors, key=lambda m: ru_sort_key(m.fio or ""))
    mentees = sorted(mentees, key=lambda m: ru_sort_key(m.fio or ""))
    for m in mentors:
        mentors_by_form.setdefault(fold(m.form or ""), []).append(m)
    mentees_by_form: dict[str, list[Obj]] = {}
    free_by_form: dict[str, list[Obj]] = {}
    for m in mentees:
        key = fold(m.form or "")
        mentees_by_form.setdefault(key, []).append(m)
        if not any(p.status == "действует" for p in m.pairs):
            free_by_form.setdefault(key, []).append(m)
    for m in mentees:
        m.candidates = mentors_by_form.get(fold(m.form or ""), [])
    for m in mentors:
        key = fold(m.form or "")
        m.candidates = free_by_form.get(key) or mentees_by_form.get(key, [])


# --------------------------------------------------------------------------- partners

_PARTNER_KINDS = {
    "работодатель": ("работников", "работодатель – ученик"),
    "колледж или вуз": ("студентов и преподавателей", "студент – ученик"),
    "учреждение культуры или спорта": ("работников (тренеров, педагогов, специалистов)", None),
    "общественная организация": ("членов и работников", None),
}


def partner_extras(partners: list[Obj]) -> None:
    """``mentors_from`` (genitive: «из числа студентов и преподавателей Партнёра») and ``form``
    (the form of mentoring the partner's people take part in, if any) by the partner's kind;
    an empty kind is an employer."""
    for p in partners:
        p.mentors_from, p.form = _PARTNER_KINDS.get(p.kind or "работодатель", _PARTNER_KINDS["работодатель"])


def programme_context(registry: Registry, objs: dict[int, Obj]) -> dict[str, Any]:
    """The programme's facts of the whole registry; sets ``candidates`` on people and
    ``mentors_from``/``form`` on partners."""
    mentees = [objs[id(r)] for r in registry.rows("mentees")]
    mentors = [objs[id(r)] for r in registry.rows("mentors")]
    preference_candidates(mentees, mentors)
    partner_extras([objs[id(r)] for r in registry.rows("partners")])
    return {
        "month": month_of([objs[id(r)] for r in registry.rows("pairs")], registry.as_of),
        "needs": needs(mentees, mentors),
        "access_measures": access_measures(registry, objs),
    }
