"""Rules about the participants as people: who is a minor and who signs for them, what their
documents are, what they allowed to publish — checked across «Наставляемые», «Наставники»
and «Родители» after references are resolved.

Some rules only advise (``severity="warning"``: a birth certificate named as the document of a
16-year-old, a consent to distribution with nothing ticked): the document can still be made
and the person will fill the line by hand. A missing parent row is an error only for documents
that read «Родители» (``concerns``), so it never stops an order.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from docgen.records.model import Record
from docgen.ru.dates import age_on
from docgen.ru.numbers import plural, years
from docgen.ru.text import fold

__all__ = ["PARTICIPANT_SHEETS", "RF_PASSPORT", "find_twins", "participant_rules"]

PARTICIPANT_SHEETS = ("mentees", "mentors")
RF_PASSPORT = "паспорт гражданина РФ"
WARNING = "warning"
# «Разрешено к распространению»: the rows of the distribution consent's table (1 — фамилия, 2 — имя)
SURNAME, FIRST_NAME = 1, 2
_SPACES = re.compile(r"[\s\u00a0-]")
# «Михеева Екатерина Николаевна», «Михеева Е. Н.», «Е.Н. Михеева»: letters, at least two parts
_PERSON = re.compile(r"[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё'’.\-]*(?:[\s\u00a0]+[A-Za-zА-Яа-яЁё'’.\-]+)+|"
                     r"[А-ЯЁA-Z]\.\s?[А-ЯЁA-Z]\.\s?[А-ЯЁA-Za-zа-яё\-]+")


def _age(rec: Record, as_of: date) -> int | None:
    birth = rec.values.get("birth_date")
    if not isinstance(birth, date) or birth > as_of:
        return None
    return age_on(birth, as_of)


def find_twins(tables: dict[str, list[Record]]) -> list[tuple[Record, Record]]:
    """One child on both sheets — a mentee who is also a mentor («ученик – ученик» for younger
    pupils and «работодатель – ученик» for himself): same ФИО and birth date. Such a child gets
    one set of consents, made from the «Наставляемые» row."""
    mentees = {(fold(r.values["fio"]), r.values["birth_date"]): r for r in tables.get("mentees", [])
               if r.values.get("fio") and isinstance(r.values.get("birth_date"), date)}
    result = []
    for rec in tables.get("mentors", []):
        key = (fold(rec.values.get("fio") or ""), rec.values.get("birth_date"))
        if key in mentees:
            result.append((mentees[key], rec))
    return result


def participant_rules(col: Any, tables: dict[str, list[Record]], org: Record,
                      twins: list[tuple[Record, Record]]) -> None:
    """Every rule of this module; ``col`` is the validator's collector (``add``, ``schema``, ``as_of``)."""
    _minors_without_parents(col, tables, twins)
    _guardians(col, tables)
    _parent_documents(col, tables)
    _child_documents(col, tables)
    _publication(col, tables)
    _pages(col, org)
    _twin_conflicts(col, twins)
    _monitoring(col, tables)
    _class_teachers(col, tables)


def _sheet(col: Any, key: str) -> Any:
    return col.schema.sheet(key)


def _minors_without_parents(col: Any, tables: dict[str, list[Record]], twins: list[tuple[Record, Record]]) -> None:
    """Every participant under 18 — mentee or pupil mentor — needs a parent (legal
    representative) on «Родители»: he signs the consents (152-ФЗ ст. 9; ГК РФ ст. 26, 28)."""
    if "parents" not in tables:
        return
    with_parent = {id(p.values["child"]) for p in tables["parents"] if isinstance(p.values.get("child"), Record)}
    for mentee, mentor in twins:
        if id(mentee) in with_parent or id(mentor) in with_parent:
            with_parent |= {id(mentee), id(mentor)}
    twin_mentors = {id(mentor) for _, mentor in twins}
    for key in PARTICIPANT_SHEETS:
        sheet = _sheet(col, key)
        for rec in tables.get(key, []):
            age = _age(rec, col.as_of)
            if age is None or age >= 18 or id(rec) in with_parent or id(rec) in twin_mentors:
                continue
            if key == "mentees":
                message = ("Наставляемый несовершеннолетний, но на листе «Родители» нет его родителя (законного "
                           "представителя). Добавьте строку со ссылкой на его код.")
            else:
                message = (f"Наставник несовершеннолетний ({years(age)}), но на листе «Родители» нет его родителя "
                           f"(законного представителя). Добавьте строку с кодом {rec.values.get('code')} в "
                           "столбце «Ребёнок».")
            col.add(sheet, message, row=rec.row, column=sheet.field("fio").header, cell=rec.cells.get("fio"),
                    value=rec.values.get("fio"), concerns=("parents",))


def _guardians(col: Any, tables: dict[str, list[Record]]) -> None:
    """A guardian (опекун) acts for a child under 14, a custodian (попечитель) for 14–17
    (ГК РФ ст. 32, 33; at 14 guardianship becomes custodianship by law, ст. 40)."""
    sheet = _sheet(col, "parents")
    for rec in tables.get("parents", []):
        child, relation = rec.values.get("child"), rec.values.get("relation")
        if not isinstance(child, Record) or relation not in ("опекун", "попечитель"):
            continue
        age = _age(child, col.as_of)
        if age is None or age >= 18:
            continue
        birth = child.values["birth_date"]
        if relation == "опекун" and age >= 14:
            message = (f"Ребёнку исполнилось 14 лет ({birth:%d.%m.%Y}): опека над ним прекратилась, и опекун стал "
                       "попечителем без отдельного решения (п. 1 ст. 40 ГК РФ). Замените «опекун» на «попечитель»; "
                       "документ о полномочиях остаётся прежним.")
        elif relation == "попечитель" and age < 14:
            message = (f"Попечительство устанавливается над несовершеннолетними от 14 до 18 лет (п. 1 ст. 33 ГК РФ), "
                       f"а ребёнку {years(age)}. Для ребёнка младше 14 лет укажите «опекун» или проверьте дату "
                       "рождения ребёнка.")
        else:
            continue
        col.add(sheet, message, row=rec.row, column=sheet.field("relation").header, cell=rec.cells.get("relation"),
                value=relation)


def _parent_documents(col: Any, tables: dict[str, list[Record]]) -> None:
    """A Russian passport has a 4-digit series and a 6-digit number; other documents (a foreign
    passport, a residence permit) are written as they are, the series may be absent."""
    sheet = _sheet(col, "parents")
    keys = {f.key for f in sheet.fields}
    if not {"passport_series", "passport_number"} <= keys:
        return
    other = ("Для паспорта иностранного гражданина или другого документа выберите его вид в столбце "
             "«Документ родителя».")
    for rec in tables.get("parents", []):
        if rec.values.get("id_doc_kind") not in (None, RF_PASSPORT):
            continue
        for key, digits, what in (("passport_series", 4, "серия"), ("passport_number", 6, "номер")):
            cell = rec.cells.get(key)
            value = rec.values.get(key)
            if (sheet.name, cell) in col.bad_cells or (value is None and key == "passport_number"):
                continue  # already said («Обязательное поле не заполнено», a formula error)
            text = _SPACES.sub("", str(value or ""))
            if text.isdigit() and len(text) == digits:
                rec.values[key] = text
                continue
            forms = plural(digits, "цифра", "цифры", "цифр")
            if value is None:
                message = f"{what.capitalize()} паспорта гражданина РФ — {digits} {forms} (например 4510). {other}"
            elif not text.isdigit():
                message = f"Ожидалось {digits} {forms} без букв ({what} паспорта гражданина РФ). {other}"
            else:
                hint = (" Если номер начинается с нуля, введите его как текст (с апострофом: '0412)."
                        if len(text) < digits else "")
                message = (f"Ожидалось {digits} {forms}, а их {len(text)} ({what} паспорта гражданина РФ).{hint} "
                           f"{other}")
            col.add(sheet, message, row=rec.row, column=sheet.field(key).header, cell=cell, value=value)


def _child_documents(col: Any, tables: dict[str, list[Record]]) -> None:
    """From 14 a Russian citizen's identity document is the passport (Указ Президента РФ от
    13.03.1997 № 232): a birth certificate named for an older child is probably out of date."""
    for key in PARTICIPANT_SHEETS:
        sheet = _sheet(col, key)
        if not any(f.key == "doc" for f in sheet.fields):
            continue
        for rec in tables.get(key, []):
            age = _age(rec, col.as_of)
            doc = fold(rec.values.get("doc") or "")
            if age is None or age < 14 or not doc.startswith("свидетельство о рождении"):
                continue
            col.add(sheet, f"Ребёнку {years(age)}, а документом указано свидетельство о рождении. С 14 лет основной "
                           "документ, удостоверяющий личность гражданина РФ, — паспорт (Указ Президента РФ от "
                           "13.03.1997 № 232). Укажите паспорт или оставьте ячейку пустой — в согласии будет строка "
                           "для заполнения от руки.",
                    row=rec.row, column=sheet.field("doc").header, cell=rec.cells.get("doc"),
                    value=rec.values.get("doc"), severity=WARNING)


def _publication(col: Any, tables: dict[str, list[Record]]) -> None:
    """A consent to distribution is recorded by its date and by what it allows («Разрешено к
    распространению»); one without the other publishes nobody, and a row without the surname
    or the first name is left out of the public registers (a first name and a class identify
    a child at school, and tell a stranger nothing useful)."""
    for key in PARTICIPANT_SHEETS:
        sheet = _sheet(col, key)
        if not any(f.key == "publish_items" for f in sheet.fields):
            continue
        header = sheet.field("publish_items").header
        for rec in tables.get(key, []):
            when, items = rec.values.get("publish_consent_date"), rec.values.get("publish_items")
            cell = rec.cells.get("publish_items")
            if (sheet.name, cell) in col.bad_cells:
                continue
            if when and not items:
                message = ("Согласие на распространение получено, но не указано, что в нём разрешено: в реестр для "
                           f"сайта этот человек не попадёт. Заполните «{header}» номерами строк согласия.")
            elif items and not when:
                message = ("Указано, что разрешено распространять, но нет даты получения согласия: без неё "
                           "сведения не публикуются.")
            elif items and not {SURNAME, FIRST_NAME} <= set(items):
                message = ("Разрешено распространять сведения без фамилии или имени: такая строка в реестр для сайта "
                           "не включается (по одному имени и классу человека не найти, а по совокупности сведений — "
                           "можно узнать).")
            else:
                continue
            col.add(sheet, message, row=rec.row, column=header, cell=cell,
                    value=", ".join(map(str, items)) if items else None, severity=WARNING)


def _pages(col: Any, org: Record) -> None:
    """Roskomnadzor order № 18 asks for the pages where the data are published, not the site."""
    for url in org.values.get("publish_pages") or ():
        if urlsplit(url).path.strip("/"):
            continue
        sheet = _sheet(col, "org")
        col.add(sheet, f"Указан только адрес сайта ({url}), без страницы: в согласии нужен адрес страницы, где "
                       "размещаются сведения (приказ Роскомнадзора № 18).",
                column=sheet.field("publish_pages").header, cell=org.cells.get("publish_pages"), value=url,
                severity=WARNING)


def _twin_conflicts(col: Any, twins: list[tuple[Record, Record]]) -> None:
    """One child, two rows: the consent is made from the «Наставляемые» row; a different
    address or document on the «Наставники» row would be silently ignored."""
    mentors = _sheet(col, "mentors")
    for mentee, mentor in twins:
        for key in ("address", "doc"):
            a, b = mentee.values.get(key), mentor.values.get(key)
            if a and b and fold(a) != fold(b):
                header = mentors.field(key).header
                col.add(mentors, f"Один и тот же ребёнок на листах «Наставляемые» (строка {mentee.row}) и «Наставники» "
                                 f"(строка {mentor.row}): различается «{header}». Согласие будет одно — исправьте "
                                 "одну из строк.",
                        row=mentor.row, column=header, cell=mentor.cells.get(key), value=b, severity=WARNING)


def _class_teachers(col: Any, tables: dict[str, list[Record]]) -> None:
    """«Классный руководитель» is printed on the class's tracking sheet: a value that is not a
    person's name («7А», «есть») and a second name in the same class are pointed out (the sheet
    would print both); neither stops a document."""
    first: dict[Any, tuple[str, str, int]] = {}  # class → (name, sheet name, row)
    for key in ("mentees", "mentors"):
        if key not in tables:
            continue
        sheet = _sheet(col, key)
        if not any(f.key == "class_teacher" for f in sheet.fields):
            continue
        header = sheet.field("class_teacher").header
        for rec in tables[key]:
            name = str(rec.values.get("class_teacher") or "").strip()
            if not name:
                continue
            where = dict(row=rec.row, column=header, cell=rec.cells.get("class_teacher"), value=name,
                         severity=WARNING)
            if not _PERSON.fullmatch(name):
                col.add(sheet, "Классный руководитель — это ФИО: «Фамилия Имя Отчество» или «Фамилия И. О.».",
                        **where)
                continue
            klass = rec.values.get("school_class")
            if klass is None:
                continue
            seen = first.setdefault(klass, (name, sheet.name, rec.row))
            if fold(seen[0]) != fold(name):
                col.add(sheet, f"В классе {klass.number}{klass.letter} другой классный руководитель: «{seen[0]}» "
                               f"({seen[1]}, строка {seen[2]}). В лист учёта согласий класса попадут оба.", **where)


def _monitoring(col: Any, tables: dict[str, list[Record]]) -> None:
    """Satisfied participants are counted among those who filled in the questionnaire."""
    if "monitoring" not in tables:
        return
    sheet = _sheet(col, "monitoring")
    for rec in tables["monitoring"]:
        for satisfied, surveys in (("mentee_satisfied", "mentee_surveys"), ("mentor_satisfied", "mentor_surveys")):
            n, total = rec.values.get(satisfied), rec.values.get(surveys)
            if isinstance(n, int) and isinstance(total, int) and n > total:
                col.add(sheet, f"Удовлетворённых больше, чем заполненных анкет ({total}).", row=rec.row,
                        column=sheet.field(satisfied).header, cell=rec.cells.get(satisfied), value=n)
