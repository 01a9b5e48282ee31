"""Facts about the people of the registry that several stages need, computed from their rows:
age and minority, the role a sheet gives, what a consent to distribution allows, how a
parent's identity document is written, and the consent counts of the monitoring report.

Pure functions over validated records, so the context (what templates see), the choice of rows
for a template and the checks all answer «is this person a minor?» the same way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from docgen.records.model import Record, Registry
from docgen.ru.dates import age_on, date_num

__all__ = ["BIRTH_DATE_CATEGORIES", "PUBLISH_ITEMS", "ROLES", "age_of", "id_doc_text", "is_minor", "publish_flags",
           "union_rows"]

ROLES = {"mentees": "наставляемый", "mentors": "наставник"}
# Mentors who may be under 18: their birth date is required (registry.yaml, required_if).
BIRTH_DATE_CATEGORIES = ("обучающийся", "студент", "выпускник")
# The rows of the distribution consent's table, in order (the «Разрешено к распространению» numbers).
PUBLISH_ITEMS = ("surname", "name", "patronymic", "place", "form", "results", "photo")
_ISSUED = {"удостоверение беженца": "выдано"}
_DOC_KIND_TEXT = {"паспорт гражданина РФ": "паспорт гражданина Российской Федерации", "иной документ": "документ"}


def age_of(rec: Record, as_of: date) -> int | None:
    birth = rec.values.get("birth_date")
    if not isinstance(birth, date) or birth > as_of:
        return None
    return age_on(birth, as_of)


def is_minor(rec: Record, as_of: date) -> bool | None:
    """True under 18, False from 18; None when it cannot be known — a mentee, or a pupil,
    student or graduate mentor, without a valid birth date. Such a row goes to neither the
    minors' nor the adults' documents: guessing «adult» would let a child sign for himself.
    A teacher or an employer's representative without a birth date is an adult."""
    age = age_of(rec, as_of)
    if age is not None:
        return age < 18
    if rec.sheet == "mentors" and rec.values.get("category") not in BIRTH_DATE_CATEGORIES:
        return False
    return None


def union_rows(registry: Registry, sheets: tuple[str, ...]) -> list[Record]:
    """The rows of several sheets in order; a child on both «Наставляемые» and «Наставники»
    (registry.twins) is one row — the mentee's — so he gets one consent, not two."""
    rows = [r for key in sheets for r in registry.rows(key)]
    if len(sheets) > 1 and registry.twins:
        drop = {id(mentor) for _, mentor in registry.twins}
        rows = [r for r in rows if id(r) not in drop]
    return rows


def publish_flags(values: dict[str, Any]) -> dict[str, bool]:
    """What a consent to distribution allows, by table row: nothing without its date."""
    items = set(values.get("publish_items") or ()) if values.get("publish_consent_date") else set()
    return {name: i in items for i, name in enumerate(PUBLISH_ITEMS, start=1)}


def id_doc_text(values: dict[str, Any]) -> str:
    """A parent's identity document as a consent names it: «паспорт гражданина Российской
    Федерации серия 5711 № 321880, выдан ГУ МВД России по … 03.09.2011», «паспорт иностранного
    гражданина № N12345678, выдан МВД Республики Казахстан 12.05.2019»."""
    kind = values.get("id_doc_kind") or "паспорт гражданина РФ"
    text = _DOC_KIND_TEXT.get(kind, kind)
    if values.get("passport_series"):
        text += f" серия {values['passport_series']}"
    if values.get("passport_number"):
        text += f" №\u00a0{values['passport_number']}"
    issued = [str(values.get("passport_issued_by") or ""), date_num(values["passport_date"])
              if isinstance(values.get("passport_date"), date) else ""]
    issued_text = " ".join(x for x in issued if x)
    return f"{text}, {_ISSUED.get(kind, 'выдан')} {issued_text}" if issued_text else text
