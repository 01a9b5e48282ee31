"""Rules across sheets that keep the documents of one school consistent with each other.

The orders a school issues when it introduces the target model must not decide the same thing
twice: either one order («единый приказ») appoints the curator and approves the working group
and the roadmap, or the order on introduction is short and each of those is a separate order
(«отдельные приказы»). Which variant a school follows is a setting on «Организация»; left empty,
the journal «Приказы» tells (:func:`orders_variant`), so a school that already registered
separate orders keeps getting documents that cite them.

The rest are checks of several cells at once: :func:`roadmap_without_dates` (an error: an
event needs a deadline or an end date) and :func:`warnings` — what `docgen check` points out
without blocking any document (a journal that contradicts the chosen variant, a Положение
adopted without the councils' opinion).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from docgen.errors import Problem
from docgen.records.model import Record, Registry
from docgen.ru.text import fold
from docgen.schema.model import RegistrySchema, Sheet

__all__ = ["SEPARATE", "SEPARATE_ORDERS", "SINGLE", "journal_template", "orders_variant", "roadmap_without_dates",
           "variant_reason", "warnings"]

SINGLE = "единый приказ"
SEPARATE = "отдельные приказы"
#: Orders that exist only in the variant «отдельные приказы»: in the other one the order on
#: introduction makes these decisions itself.
SEPARATE_ORDERS = ("order_working_group", "order_curator", "order_roadmap")
INTRO = "order_intro"


def journal_template(rec: Record) -> str:
    """The plain template id of a journal row («ensk:order_intro» → «order_intro»), folded."""
    return fold(str(rec.values.get("template") or "")).rpartition(":")[2]


def orders_variant(registry: Registry) -> tuple[str, bool]:
    """The variant of the orders on introduction and whether docgen inferred it.

    An empty «Приказы о внедрении ЦМН» is read from the journal: a registered order on the
    working group, the curator or the roadmap means the school issues separate orders.
    """
    chosen = registry.org.get("orders_variant")
    if chosen:
        return str(chosen), False
    separate = any(journal_template(r) in SEPARATE_ORDERS for r in registry.rows("orders"))
    return (SEPARATE if separate else SINGLE), True


def variant_reason(registry: Registry) -> str:
    """Why the variant is what it is, in Russian, for a skipped template's line in `make`."""
    variant, inferred = orders_variant(registry)
    header = registry.schema.sheet("org").field("orders_variant").header
    if not inferred:
        return f"на листе «Организация» в «{header}» выбрано «{variant}»"
    return (f"в «{header}» на листе «Организация» ничего не выбрано, и docgen определил вариант «{variant}» по "
            "журналу «Приказы» (в нём нет отдельных приказов о рабочей группе, кураторе, дорожной карте); "
            f"чтобы делать отдельные приказы, выберите «{SEPARATE}»")


def roadmap_without_dates(schema: RegistrySchema, tables: dict[str, list[Record]]) -> list[Problem]:
    """Every roadmap event needs a deadline as text («до 15.10 ежегодно») or an end date:
    the «Сроки» column of the roadmap is never empty."""
    try:
        sheet = schema.sheet("roadmap")
        deadline, end = sheet.field("deadline"), sheet.field("end")
    except KeyError:
        return []
    problems = []
    for rec in tables.get("roadmap", []):
        if rec.values.get("deadline") or rec.values.get("end"):
            continue
        problems.append(Problem(sheet=sheet.name, row=rec.row, column=deadline.header, cell=rec.cells.get("deadline"),
                                message=f"Заполните «{deadline.header}» (например «до 15.10 ежегодно») или "
                                        f"«{end.header}»: без них в дорожной карте у мероприятия нет срока."))
    return problems


def warnings(registry: Registry) -> list[Problem]:
    """What `docgen check` points out without blocking a document (``severity="warning"``)."""
    return _journal_against_variant(registry) + _councils(registry)


def _row_title(rec: Record) -> str:
    return str(rec.values.get("title") or rec.values.get("template") or "")


def _journal_against_variant(registry: Registry) -> list[Problem]:
    sheet = registry.schema.sheet("orders")
    header = registry.schema.sheet("org").field("orders_variant").header
    variant, inferred = orders_variant(registry)
    rows = registry.rows("orders")
    found = []
    if variant == SINGLE and not inferred:
        for rec in rows:
            if journal_template(rec) in SEPARATE_ORDERS:
                found.append(_journal_problem(sheet, rec, "template", (
                    f"В журнале есть приказ № {rec.values.get('number')} «{_row_title(rec)}», а на листе «Организация» "
                    f"в «{header}» выбрано «{SINGLE}»: куратора назначает, а состав рабочей группы и дорожную карту "
                    f"утверждает приказ о внедрении. Удалите строку из журнала или выберите «{SEPARATE}».")))
    if variant == SEPARATE:
        intros = [r for r in rows if journal_template(r) == INTRO and isinstance(r.values.get("date"), date)]
        if intros:
            intro = intros[-1]
            for rec in rows:
                day = rec.values.get("date")
                if journal_template(rec) not in SEPARATE_ORDERS or not isinstance(day, date):
                    continue
                if (day, rec.row) < (intro.values["date"], intro.row):
                    found.append(_journal_problem(sheet, rec, "date", (
                        f"Приказ № {rec.values.get('number')} «{_row_title(rec)}» издан раньше приказа о внедрении "
                        f"№ {intro.values.get('number')} (строка {intro.row}), на который он ссылается. Проверьте "
                        "даты и порядок строк журнала.")))
    return found


def _journal_problem(sheet: Sheet, rec: Record, key: str, message: str) -> Problem:
    value: Any = rec.values.get(key)
    return Problem(sheet=sheet.name, row=rec.row, column=sheet.field(key).header, cell=rec.cells.get(key),
                   message=message, value=value, severity="warning")


def _councils(registry: Registry) -> list[Problem]:
    """ч. 3 ст. 30 273-ФЗ: a local act that touches pupils' rights is adopted with the opinion of
    the pupils' and parents' councils, where they exist."""
    org = registry.org
    if org.get("students_council_protocol_number") or org.get("parents_council_protocol_number"):
        return []
    sheet = registry.schema.sheet("org")
    try:
        field = sheet.field("students_council_protocol_number")
    except KeyError:
        return []
    return [Problem(sheet=sheet.name, column=field.header, cell=org.cells.get(field.key), severity="warning",
                    message="Положение о наставничестве затрагивает права обучающихся: при его принятии "
                            "учитывается мнение совета обучающихся и совета родителей, если они созданы "
                            "(ч. 3 ст. 30 Федерального закона № 273-ФЗ). Заполните протоколы на листе "
                            "«Организация» или оставьте пустыми, если советов нет.")]
