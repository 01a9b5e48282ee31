"""Validated records → what a template sees.

Records become plain attribute objects (``curator.fio``, ``child.parent.passport_series``)
with references already followed and a few facts computed once (age, minor, roadmap
sections with generated numbers). Russian formatting is not baked into strings here: the
template chooses the case or the date style through filters (environment.py), so one
record serves every template.

A template does not get all of it. :class:`View` cuts the context down to what the
template's schema declares (its ``fields``), so the field list a school reads in
``docgen fields`` is everything the template can print — a pack whose schema declares only
``mentor.fio`` cannot walk ``mentor.pairs[0].mentee.parent`` to the parents' passports.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterable

from docgen.context import acts, programme
from docgen.context.objects import Obj, Projected, RowObj
from docgen.errors import Problem, RegistryInvalid
from docgen.records.coherence import orders_variant, variant_reason
from docgen.records.model import Record, Registry
from docgen.records.monitoring import COUNTED_METRICS, consent_table, counted, growth_rows, latest_row, survey_rows
from docgen.records.participants import ROLES, id_doc_text, is_minor, publish_flags, union_rows
from docgen.ru.classes import SchoolClass, school_class
from docgen.ru.dates import age_on, date_num
from docgen.ru.text import clean_text, fold, ru_sort_key
from docgen.schema.model import TemplateSchema

_SECTION_NUMBER = re.compile(r"^\s*\d+(\.\d+)*\.?\s*")


# What a template may always read of a row it is given: who the person is, for the name and
# position filters (fio('род'), initials, position('дат'), agree) and the sheet row number.
ROW_BASICS = frozenset({"row", "fio", "sex", "position", "position_gen", "position_dat", "position_acc",
                        "position_ins", "position_abl"})


# Attributes docgen computes on rows (besides the registry's columns), and those of its own
# arrangements (sections, groups, the commission, the monitoring counts, an order): ``pack
# lint`` uses them to tell a row attribute a schema forgot from an arrangement's one.
ROW_EXTRAS = frozenset({"age", "minor", "parents", "parent", "pairs", "child_signs", "number", "planned", "actual",
                        "actual_count", "actual_total", "years", "fio", "sex", "position", "role", "roles", "publish",
                        "publish_any", "id_doc_text", "protocols", "candidates", "mentors_from", "form"})
ARRANGEMENT_ATTRS = frozenset({"number", "title", "events", "value", "rows", "chair", "secretary", "members", "all",
                               "size", "label", "n", "total", "share", "date", "template", "signed_by", "file",
                               "appendix", "variant", "variant_inferred", "numbers", "examples", "mentees",
                               "mentors", "per_mentor", "new_pairs", "finished_pairs", "active_pairs",
                               "with_request", "categories", "areas", "forms", "priorities", "review", "interview",
                               "assessment", "attachment"})


class View:
    """What one template may read: the context roots its schema's field names start with, and,
    of any registry row, the attributes those names mention (``child.parent.passport_series``
    allows ``parent`` and ``passport_series``) plus :data:`ROW_BASICS`.

    The rule is by attribute name rather than by exact path because schemas describe fields
    under the names a template uses (``p.passport_series`` after ``{% set p = child.parent %}``;
    ``mentor.pairs`` in a loop over ``mentors``). One view serves every document of a template:
    rows are cut once each (``id`` → copy), cycles (person → pairs → person) included.
    """

    def __init__(self, declared: Iterable[str]):
        names = [name.split(".") for name in declared]
        self.roots = frozenset(parts[0] for parts in names)
        self.attrs = frozenset(part for parts in names for part in parts[1:]) | ROW_BASICS
        self._done: dict[int, Any] = {}
        # What a row leaves out is the same for every row of a sheet: one set shared by all of
        # them, not one per row (issue 19: 14 MB of the parent's memory at 5000 documents).
        self._hidden: dict[frozenset[str], frozenset[str]] = {}

    def context(self, context: dict[str, Any]) -> dict[str, Any]:
        return {key: self.value(value) for key, value in context.items() if key in self.roots}

    def value(self, value: Any) -> Any:
        if isinstance(value, Obj):
            return self._obj(value)
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, dict):
            return {key: self.value(item) for key, item in value.items()}
        return value

    def _obj(self, obj: Obj) -> Obj:
        done = self._done.get(id(obj))
        if done is not None:
            return done
        if isinstance(obj, RowObj):
            copy: Obj = Projected()
            kept = {key: item for key, item in vars(obj).items() if key in self.attrs}
            hidden = frozenset(vars(obj).keys() - kept.keys())
            copy._hidden = self._hidden.setdefault(hidden, hidden)
        else:
            copy, kept = Obj(), vars(obj)
        self._done[id(obj)] = copy
        for key, item in kept.items():
            setattr(copy, key, self.value(item))
        return copy


def _build_objects(registry: Registry) -> dict[int, Obj]:
    """One Obj per record (keyed by id(record)), references replaced by the referenced Obj."""
    objs: dict[int, Obj] = {}
    all_records = [registry.org, *(r for rows in registry.tables.values() for r in rows)]
    for rec in all_records:
        objs[id(rec)] = RowObj(row=rec.row, **rec.values)
    for rec in all_records:
        obj = objs[id(rec)]
        for key, value in rec.values.items():
            if isinstance(value, Record):
                setattr(obj, key, objs[id(value)])
    return objs


def _person_extras(registry: Registry, objs: dict[int, Obj]) -> None:
    """Age, minority, role, parents, pairs and publication choices of every participant.

    Mentees and mentors carry every column of both sheets (``None`` where their sheet has no
    such column), so a template made from both sheets can test ``child.workplace`` on a mentee."""
    as_of = registry.as_of
    signs_from = registry.org.get("child_signs_from_age")
    people = registry.rows("mentees") + registry.rows("mentors")
    keys = {f.key for k in ROLES if k in {s.key for s in registry.schema.sheets}
            for f in registry.schema.sheet(k).fields}
    for rec in people:
        obj = objs[id(rec)]
        for key in keys:
            if not hasattr(obj, key):
                setattr(obj, key, None)
        birth = rec.values.get("birth_date")
        obj.age = age_on(birth, as_of) if isinstance(birth, date) else None
        obj.minor = bool(is_minor(rec, as_of))
        obj.role = ROLES[rec.sheet]
        obj.roles = [obj.role]
        obj.parents = []
        obj.pairs = []
        obj.child_signs = bool(obj.minor and signs_from and obj.age is not None and obj.age >= signs_from)
        obj.publish = Obj(**publish_flags(rec.values))
        obj.publish_any = any(vars(obj.publish).values())
    for rec in registry.rows("parents"):
        objs[id(rec)].id_doc_text = id_doc_text(rec.values)
        child = rec.values.get("child")
        if isinstance(child, Record):
            objs[id(child)].parents.append(objs[id(rec)])
    for mentee, mentor in registry.twins:  # one child on both sheets: one person, two roles
        a, b = objs[id(mentee)], objs[id(mentor)]
        a.roles = b.roles = ["наставник", "наставляемый"]
        a.parents = b.parents = a.parents + [p for p in b.parents if p not in a.parents]
    for rec in people:
        obj = objs[id(rec)]
        obj.parent = obj.parents[0] if obj.parents else None
    for rec in registry.rows("pairs"):
        pair = objs[id(rec)]
        for side in ("mentor", "mentee"):
            person = rec.values.get(side)
            if isinstance(person, Record):
                objs[id(person)].pairs.append(pair)


def _roadmap(registry: Registry, objs: dict[int, Obj]) -> list[Obj]:
    """Events grouped by section in first-appearance order, numbered 1.1, 1.2, 2.1…

    Numbers are generated (the seeds show hand numbering going wrong); a number the user
    typed at the start of a section title is dropped and replaced.
    """
    sections: dict[str, Obj] = {}
    for rec in registry.rows("roadmap"):
        title = _SECTION_NUMBER.sub("", rec.values.get("section") or "").strip()
        key = fold(title)
        if key not in sections:
            sections[key] = Obj(number=len(sections) + 1, title=title, events=[])
        section = sections[key]
        event = objs[id(rec)]
        event.number = f"{section.number}.{len(section.events) + 1}"
        section.events.append(event)
    return list(sections.values())


def _working_group(registry: Registry, objs: dict[int, Obj]) -> list[Obj]:
    roles = ("руководитель", "заместитель руководителя", "секретарь", "член группы")
    result = []
    for rec in registry.rows("working_group"):
        obj = objs[id(rec)]
        member = obj.member
        obj.fio = member.fio if member else ""
        obj.sex = member.sex if member else None
        if not obj.position and member:
            obj.position = member.position
        result.append(obj)
    result.sort(key=lambda o: roles.index(o.role) if o.role in roles else len(roles))
    return result


# «Расчёт по реестру» of a KPI row → (who counts, the school total on «Организация»).
KPI_METRICS = {
    "наставляемые 10–18 лет": ("mentees", "обучающийся", (10, 18), "pupils_10_18"),
    "наставники 15–18 лет": ("mentors", "обучающийся", (15, 18), "pupils_15_18"),
    "молодые педагоги-наставляемые": ("mentees", "молодой педагог", None, "young_teachers"),
}
def _kpis(registry: Registry, objs: dict[int, Obj]) -> list[Obj]:
    """KPI rows with the planned value for the current year and, where «Расчёт по реестру» is
    chosen, the actual one: ``actual`` (%, one decimal), ``actual_count`` of ``actual_total``."""
    year = str(registry.as_of.year)
    result = []
    for rec in registry.rows("kpis"):
        obj = objs[id(rec)]
        obj.years = getattr(obj, "years", None) or {}
        obj.planned = obj.years.get(year)
        obj.actual = obj.actual_count = obj.actual_total = None
        name = rec.values.get("metric") or ""
        metric = KPI_METRICS.get(name)
        if name in COUNTED_METRICS:
            obj.actual_count, obj.actual_total = counted(registry, name)
            if obj.actual_total:
                obj.actual = round(100 * obj.actual_count / obj.actual_total, 1)
        elif metric:
            sheet, category, ages, total_key = metric
            people = [objs[id(r)] for r in registry.rows(sheet) if r.values.get("category") == category]
            if ages:
                people = [o for o in people if o.age is not None and ages[0] <= o.age <= ages[1]]
            total = registry.org.values.get(total_key)
            obj.actual_count, obj.actual_total = len(people), total
            if total:
                obj.actual = round(100 * len(people) / total, 1)
        result.append(obj)
    return result


def _commission(registry: Registry, objs: dict[int, Obj]) -> Obj:
    """The selection commission: ``chair``, ``secretary``, ``members`` (others), ``all`` in that
    order; each with the staff record's fio, sex and position."""
    people = []
    for rec in registry.rows("commission"):
        obj = objs[id(rec)]
        member = obj.member
        obj.fio, obj.sex = (member.fio, member.sex) if member else ("", None)
        obj.position = member.position if member else ""
        people.append(obj)
    chair = next((o for o in people if o.role == "председатель"), None)
    secretary = next((o for o in people if o.role == "секретарь"), None)
    members = [o for o in people if o.role not in ("председатель", "секретарь")]
    ordered = [o for o in (chair, secretary) if o is not None] + members
    return Obj(chair=chair, secretary=secretary, members=members, all=ordered, size=len(ordered))


def _share(n: int, total: int) -> float | None:
    return round(100 * n / total, 1) if total else None


def _monitoring(registry: Registry, objs: dict[int, Obj], kpis: list[Obj]) -> Obj:
    """Counts and shares for the monitoring report, each a row ``Obj(label, n, total, share)``:
    mentees by form and by class, mentors by category, pairs by status, consents returned, and
    the KPIs that have both a plan for this year and an actual value (for the chart)."""

    def rows(label_counts: dict[str, int], total: int) -> list[Obj]:
        return [Obj(label=k, n=v, total=total, share=_share(v, total)) for k, v in label_counts.items()]

    def count(items, key) -> dict[str, int]:
        out: dict[str, int] = {}
        for item in items:
            value = key(item)
            if value is not None and value != "":
                out[str(value)] = out.get(str(value), 0) + 1
        return out

    mentees = [objs[id(r)] for r in registry.rows("mentees")]
    mentors = [objs[id(r)] for r in registry.rows("mentors")]
    pairs = [objs[id(r)] for r in registry.rows("pairs")]
    latest = latest_row(registry)
    pupils = sorted((m for m in mentees if m.school_class is not None), key=lambda m: _sort_value(m.school_class))
    # «5 «А»», as every document writes a class; 5 «А» before 10 «А»
    by_class = count(pupils, lambda m: school_class(m.school_class.number, m.school_class.letter, word=False))
    minors = [m for m in mentees + mentors if m.minor]
    adults = [m for m in mentors if not m.minor] + [m for m in mentees if not m.minor]
    return Obj(
        mentees=len(mentees), mentors=len(mentors), pairs=len(pairs),
        mentees_by_form=rows(count(mentees, lambda m: m.form), len(mentees)),
        mentees_by_class=rows(by_class, len(pupils)),
        mentors_by_category=rows(count(mentors, lambda m: m.category), len(mentors)),
        pairs_by_status=rows(count(pairs, lambda p: p.status), len(pairs)),
        consents_minors=Obj(label="родители несовершеннолетних", n=sum(1 for m in minors if m.consent_date),
                            total=len(minors), share=_share(sum(1 for m in minors if m.consent_date), len(minors))),
        consents_adults=Obj(label="совершеннолетние участники", n=sum(1 for m in adults if m.consent_date),
                            total=len(adults), share=_share(sum(1 for m in adults if m.consent_date), len(adults))),
        consents=[Obj(**row) for row in consent_table(registry)],
        latest=objs[id(latest)] if latest is not None else None,
        surveys=[Obj(**row) for row in survey_rows(registry)],
        growth=[Obj(**row) for row in growth_rows(registry)],
        chart=[k for k in kpis if k.actual is not None and k.planned is not None],
        year=registry.as_of.year,
    )


def _order_of(journal: list[Obj]) -> dict[str, Obj]:
    """The last journal row of each template code — under the plain id too, so ``order_of.order_intro``
    finds the order whichever pack's copy («ensk:order_intro») made it."""
    found: dict[str, Obj] = {}
    for row in journal:
        code = str(getattr(row, "template", None) or "")
        if code:
            found[code] = row
            found[code.rpartition(":")[2]] = row
    return found


# The names workbook_context() gives (a template gets those its schema declares).
WORKBOOK_ROOTS = ("org", "director", "curator", "staff", "mentors", "mentees", "minors", "participants", "parents",
                  "pairs",
                  "working_group", "roadmap", "kpis", "monitoring", "kpi_years", "partners", "journal", "order_of",
                  "mentor_school", "commission", "protocols", "today") + acts.ORDERS_ROOTS + programme.PROGRAMME_ROOTS


# The sheets each root of workbook_context() is built from, and those behind row attributes
# docgen computes: what a template reads when its schema names them (docgen.engine.scope).
ROOT_SHEETS: dict[str, tuple[str, ...]] = {
    "org": ("org",), "director": ("org", "staff"), "curator": ("org", "staff"), "staff": ("staff",),
    "mentors": ("mentors",), "mentees": ("mentees",), "minors": ("mentees",), "participants": ("mentees", "mentors"),
    "parents": ("parents",), "pairs": ("pairs", "mentors", "mentees"), "working_group": ("working_group", "staff"),
    "roadmap": ("roadmap",), "kpis": ("kpis", "mentees", "mentors", "monitoring"),
    "monitoring": ("mentees", "mentors", "pairs", "kpis", "monitoring"), "kpi_years": ("kpis",),
    "partners": ("partners",), "journal": ("orders",), "order_of": ("orders",), "mentor_school": ("mentor_school",),
    "commission": ("commission", "staff"), "protocols": ("protocols", "mentors", "mentees"), "today": (),
    # acts.orders_context and programme (the roots of docgen.context.acts and .programme)
    "acts": ("orders", "org"), "wg_lead": ("working_group", "staff", "org"), "forms": ("pairs", "mentors"),
    "forms_quoted": ("pairs", "mentors"), "protocol_groups": ("protocols", "mentors", "mentees"),
    "month": ("pairs", "mentors", "mentees"), "needs": ("mentees", "mentors"), "access_measures": ("access_measures",),
}
ATTRIBUTE_SHEETS: dict[str, tuple[str, ...]] = {
    "parent": ("parents",), "parents": ("parents",), "id_doc_text": ("parents",),
    "protocols": ("protocols",),
    "pairs": ("pairs", "mentors", "mentees"),
}


def workbook_context(registry: Registry) -> tuple[dict[str, Any], dict[int, Obj]]:
    """Everything a template of the whole workbook can use, built once per batch, and the
    record → object map that one-per-row templates use to find their record."""
    objs = _build_objects(registry)
    _person_extras(registry, objs)

    def rows(key: str) -> list[Obj]:
        return [objs[id(r)] for r in registry.rows(key)]

    org = objs[id(registry.org)]
    mentees = rows("mentees")
    kpis = _kpis(registry, objs)
    return {
        "org": org,
        "director": org.director,
        "curator": org.curator,
        "staff": rows("staff"),
        "mentors": rows("mentors"),
        "mentees": mentees,
        "minors": [m for m in mentees if m.minor],
        # everyone who takes part, mentees then mentors (a child on both sheets once)
        "participants": [objs[id(r)] for r in union_rows(registry, ("mentees", "mentors"))],
        "parents": rows("parents"),
        "pairs": rows("pairs"),
        "working_group": _working_group(registry, objs),
        "roadmap": _roadmap(registry, objs),
        "kpis": kpis,
        "monitoring": _monitoring(registry, objs, kpis),
        "kpi_years": registry.year_headers.get("kpis", []),
        "partners": rows("partners"),
        "journal": rows("orders"),
        # the last journal entry of each template: «УТВЕРЖДЕНО приказом от … № …» of the regulation
        "order_of": _order_of(rows("orders")),
        "mentor_school": sorted(rows("mentor_school"), key=lambda o: o.date),
        "commission": _commission(registry, objs),
        "protocols": rows("protocols"),
        "today": registry.as_of,
        **acts.orders_context(registry, objs, _working_group(registry, objs), org),
        **programme.programme_context(registry, objs),
    }, objs


def unmet_condition(registry: Registry, schema: TemplateSchema) -> str | None:
    """Why a template with ``when:`` is not made for this registry (Russian), or ``None``."""
    for key, values in schema.when.items():
        name = key.partition(".")[2]
        if name == "orders_variant":
            if orders_variant(registry)[0] not in values:
                return f"не используется: {variant_reason(registry)}"
            continue
        value = registry.org.get(name)
        if value not in values:
            header = registry.schema.sheet("org").field(name).header
            chosen = f"выбрано «{value}»" if value else "ничего не выбрано"
            return f"не используется: на листе «Организация» в «{header}» {chosen}"
    return None


def dated_context(registry: Registry, on: date, before_row: int | None = None) -> dict[str, Any]:
    """What changes with the date of the document that cites earlier acts: an order dated ``on``
    (at journal row ``before_row``) cites only the orders before it."""
    return {"acts": acts.acts_on(registry, on, before_row)}


def order_entry(registry: Registry, schema: TemplateSchema, objs: dict[int, Obj],
                number: str | None = None, plain_id: bool = False) -> Obj:
    """A registered order's number and date, for reprinting: the journal row with ``number``,
    or else the last journal row naming this template — by ``pack:id``, or also by its plain id
    when that id means this template (``plain_id``: a school's copy that replaces the built-in)."""
    sheet = registry.schema.sheet("orders")
    codes = {fold(schema.ref)} | ({fold(schema.id)} if plain_id else set())
    if number:
        rows = [r for r in registry.rows("orders") if fold(str(r.values.get("number") or "")) == fold(number)]
        if not rows:
            raise RegistryInvalid([Problem(
                sheet=sheet.name, column=sheet.field("number").header,
                message=f"В журнале нет приказа № {number}. Чтобы зарегистрировать новый приказ с этим "
                        "номером, запустите без --reprint.",
            )])
        other = [r for r in rows if r.values.get("template") and fold(r.values["template"]) not in codes]
        if other and len(other) == len(rows):
            r = other[-1]
            raise RegistryInvalid([Problem(
                sheet=sheet.name, row=r.row, column=sheet.field("template").header, cell=r.cells.get("template"),
                message=f"Приказ № {number} в журнале сделан по другому шаблону («{r.values['template']}»), "
                        f"а не «{schema.ref}».",
            )])
        return objs[id(rows[-1])]
    rows = [r for r in registry.rows("orders") if fold(r.values.get("template") or "") in codes]
    if not rows:
        raise RegistryInvalid([Problem(
            sheet=sheet.name,
            message=f"Нет строки журнала для приказа «{schema.title}». Добавьте строку с номером, "
                    f"датой и кодом шаблона «{schema.ref}» в столбце «Шаблон» или зарегистрируйте новый "
                    "приказ (запуск без --reprint).",
            column=sheet.field("template").header,
        )])
    return objs[id(rows[-1])]


def group_records(schema: TemplateSchema, records: list[Record], objs: dict[int, Obj]) -> list[Obj]:
    """One group per distinct value of ``schema.group_by`` (e.g. a consent list per class),
    groups in natural order (5 «А» before 10 «А»), rows kept in the template's sort order."""
    groups: dict[Any, Obj] = {}
    for rec in records:
        value = rec.values.get(schema.group_by or "")
        key = value if not isinstance(value, str) else fold(value)
        if key not in groups:
            if value is None:
                title = "без значения"
            elif isinstance(value, SchoolClass):
                title = f"{value.number}{value.letter}"
            elif isinstance(value, date):
                title = date_num(value)
            else:
                title = str(value)
            groups[key] = Obj(value=value, title=title, rows=[])
        groups[key].rows.append(objs[id(rec)])
    for group in groups.values():
        group.teacher = _class_teacher(group.rows)
    return sorted(groups.values(), key=lambda g: _sort_value(g.value))


def _class_teacher(rows: list[Obj]) -> str | None:
    """«Классный руководитель» of a class's rows: the names typed, each once (in the order
    met), joined with «, » when rows disagree; ``None`` when nobody filled it in."""
    names: dict[str, str] = {}
    for row in rows:
        name = clean_text(getattr(row, "class_teacher", None) or "")
        if name:
            names.setdefault(fold(name), name)
    return ", ".join(names.values()) or None


def select_records(registry: Registry, schema: TemplateSchema) -> list[Record]:
    """The rows one-document-per-row templates are made from (of every source sheet), filtered
    and sorted. A person whose age cannot be known goes to neither minors' nor adults' documents."""
    records = union_rows(registry, schema.source_sheets)
    as_of = registry.as_of
    for key, wanted in schema.where.items():
        if key in ("minor", "adult"):
            minor = wanted if key == "minor" else not wanted
            records = [r for r in records if is_minor(r, as_of) is minor]
        else:
            allowed = {fold(str(v)) for v in (wanted if isinstance(wanted, list) else [wanted])}
            records = [r for r in records if fold(str(r.values.get(key) or "")) in allowed]
    for key in reversed(schema.sort):
        field = key.lstrip("-")
        records.sort(key=lambda r: _sort_value(r.values.get(field)), reverse=key.startswith("-"))
    return records


def _sort_value(value: Any) -> tuple:
    if value is None:
        return (1, ())
    if isinstance(value, SchoolClass):
        return (0, (value.number, ru_sort_key(value.letter)))
    if isinstance(value, (int, float, date)):
        return (0, (value,))
    return (0, ru_sort_key(str(value)))
