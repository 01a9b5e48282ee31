#!/usr/bin/env python
"""Build ``examples/registry.xlsx``: the registry of a fictional school, reproducibly.

    python scripts/build_example.py [OUT]

Every person, the school, its partners and all their details are invented: names are drawn
from lists of common Russian first names, patronymics and surnames with a fixed random seed,
so the same file (byte for byte) comes out on every run. The INN and OGRN have valid check
digits but the tax-office code 00, which no real organisation has.

The workbook starts from :func:`docgen.workbook.new_registry_workbook`, so it has exactly the
sheets and headers of ``schemas/registry.yaml``; rows are written by field key, looked up by
the header the schema gives.
"""

from __future__ import annotations

import argparse
from copy import copy
import datetime as dt
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from docgen.plugins.catalog import catalog  # noqa: E402
from docgen.schema.model import RegistrySchema  # noqa: E402
from docgen.workbook.generator import template_choices  # noqa: E402
from docgen.workbook.blank import DATE_FORMAT, fit_row_height, new_registry_workbook
from docgen.workbook.save import save_workbook  # noqa: E402

SEED = 20261123
#: "Today" of the example: ages, minors and pair statuses are counted on this date.
REFERENCE_DATE = dt.date(2026, 11, 23)
#: Classes are those of the school year that starts on this date.
SCHOOL_YEAR_START = dt.date(2026, 9, 1)
#: Fixed workbook timestamp, so rebuilding gives the same bytes.
TIMESTAMP = dt.datetime(2026, 11, 23, 9, 0, 0)
DEFAULT_OUT = ROOT / "examples" / "registry.xlsx"

CITY = "г. Северогорск"
REGION = "Северогорская обл."
PASSPORT_OFFICE = "ГУ МВД России по Северогорской области"
PASSPORT_REGION = "57"
ZAGS = "отделом ЗАГС администрации города Северогорска"
SCHOOL_DOMAIN = "school7.example.ru"
MAIL_DOMAIN = "mail.example.ru"

# --------------------------------------------------------------------------- name lists

#: Male first names with the patronymics they give (male, female).
PATRONYMICS = {
    "Александр": ("Александрович", "Александровна"), "Алексей": ("Алексеевич", "Алексеевна"),
    "Анатолий": ("Анатольевич", "Анатольевна"), "Андрей": ("Андреевич", "Андреевна"),
    "Антон": ("Антонович", "Антоновна"), "Артём": ("Артёмович", "Артёмовна"),
    "Борис": ("Борисович", "Борисовна"), "Вадим": ("Вадимович", "Вадимовна"),
    "Валерий": ("Валерьевич", "Валерьевна"), "Василий": ("Васильевич", "Васильевна"),
    "Виктор": ("Викторович", "Викторовна"), "Виталий": ("Витальевич", "Витальевна"),
    "Владимир": ("Владимирович", "Владимировна"), "Вячеслав": ("Вячеславович", "Вячеславовна"),
    "Геннадий": ("Геннадьевич", "Геннадьевна"), "Георгий": ("Георгиевич", "Георгиевна"),
    "Григорий": ("Григорьевич", "Григорьевна"), "Денис": ("Денисович", "Денисовна"),
    "Дмитрий": ("Дмитриевич", "Дмитриевна"), "Евгений": ("Евгеньевич", "Евгеньевна"),
    "Егор": ("Егорович", "Егоровна"), "Иван": ("Иванович", "Ивановна"),
    "Игорь": ("Игоревич", "Игоревна"), "Илья": ("Ильич", "Ильинична"),
    "Кирилл": ("Кириллович", "Кирилловна"), "Константин": ("Константинович", "Константиновна"),
    "Максим": ("Максимович", "Максимовна"), "Михаил": ("Михайлович", "Михайловна"),
    "Никита": ("Никитич", "Никитична"), "Николай": ("Николаевич", "Николаевна"),
    "Олег": ("Олегович", "Олеговна"), "Павел": ("Павлович", "Павловна"),
    "Пётр": ("Петрович", "Петровна"), "Роман": ("Романович", "Романовна"),
    "Руслан": ("Русланович", "Руслановна"), "Сергей": ("Сергеевич", "Сергеевна"),
    "Станислав": ("Станиславович", "Станиславовна"), "Степан": ("Степанович", "Степановна"),
    "Тимофей": ("Тимофеевич", "Тимофеевна"), "Фёдор": ("Фёдорович", "Фёдоровна"),
    "Юрий": ("Юрьевич", "Юрьевна"), "Ярослав": ("Ярославович", "Ярославовна"),
    "Матвей": ("Матвеевич", "Матвеевна"), "Даниил": ("Даниилович", "Данииловна"),
    "Лев": ("Львович", "Львовна"), "Марк": ("Маркович", "Марковна"),
    "Глеб": ("Глебович", "Глебовна"), "Семён": ("Семёнович", "Семёновна"),
    "Арсений": ("Арсеньевич", "Арсеньевна"),
}
MEN_OLDER = ["Виктор", "Владимир", "Сергей", "Николай", "Юрий", "Геннадий", "Анатолий", "Борис",
             "Валерий", "Василий", "Григорий", "Пётр", "Александр", "Михаил", "Игорь", "Олег"]
MEN_ADULT = ["Александр", "Алексей", "Андрей", "Сергей", "Дмитрий", "Евгений", "Денис", "Роман",
             "Максим", "Иван", "Павел", "Михаил", "Николай", "Игорь", "Олег", "Владимир", "Антон",
             "Артём", "Константин", "Вадим", "Виталий", "Руслан", "Станислав", "Юрий", "Илья",
             "Кирилл", "Виктор", "Вячеслав", "Егор", "Никита"]
BOYS = ["Артём", "Максим", "Иван", "Михаил", "Даниил", "Тимофей", "Матвей", "Лев", "Кирилл",
        "Егор", "Никита", "Марк", "Фёдор", "Ярослав", "Глеб", "Арсений", "Семён", "Александр",
        "Дмитрий", "Илья", "Роман", "Степан", "Алексей", "Георгий", "Андрей", "Владимир"]
WOMEN_OLDER = ["Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Людмила", "Галина",
               "Надежда", "Валентина", "Лариса", "Марина", "Вера", "Любовь", "Нина"]
WOMEN_ADULT = ["Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Юлия", "Анна",
               "Екатерина", "Марина", "Анастасия", "Мария", "Оксана", "Евгения", "Алёна",
               "Кристина", "Вера", "Ксения", "Дарья", "Надежда", "Виктория", "Александра"]
GIRLS = ["Анна", "Мария", "София", "Алиса", "Виктория", "Полина", "Варвара", "Дарья", "Ксения",
         "Екатерина", "Елизавета", "Вероника", "Ульяна", "Арина", "Милана", "Александра",
         "Анастасия", "Кира", "Василиса", "Таисия", "Ева", "Валерия", "Злата", "Софья", "Есения"]

_SURNAME_ROOTS = (
    "Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков "
    "Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров "
    "Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин "
    "Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов "
    "Ковалёв Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев "
    "Герасимов Богданов Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов "
    "Мельников Денисов Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов "
    "Абрамов Мартынов Ефимов Федотов Щербаков Назаров Калинин Исаев Быков Маслов Родионов "
    "Коновалов Лазарев Воронин Климов Филатов Пономарёв Голубев Кудрявцев Прохоров Наумов Потапов "
    "Журавлёв Овчинников Трофимов Леонов Соболев Ермаков Колесников Гончаров Емельянов Никифоров "
    "Грачёв Котов Гришин Ефремов Архипов Громов Кириллов Малышев Панов Моисеев Румянцев Акимов "
    "Кондратьев Бирюков Горбунов Анисимов Галкин Лукьянов Михеев Скворцов Юдин Белоусов Нестеров "
    "Симонов Харитонов Князев Цветков Воронов Аксёнов Мальцев Логинов Горшков Савин Краснов "
    "Майоров Демидов Елисеев Рыбаков Сафонов Плотников Хохлов Жданов Шубин Лапин Зуев Блинов"
).split()
_SURNAME_SKY = "Покровский Вишневский Успенский Троицкий Ковальский Соколовский".split()
_SURNAME_SAME = "Шевченко Бондаренко Кравченко Черных Седых Долгих".split()


def _female_surname(male: str) -> str:
    if male.endswith(("ский", "цкий")):
        return male[:-2] + "ая"
    if male.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return male + "а"
    return male


SURNAMES = [(s, _female_surname(s)) for s in _SURNAME_ROOTS + _SURNAME_SKY + _SURNAME_SAME]

STREETS = ["ул. Школьная", "ул. Северная", "ул. Лесная", "ул. Молодёжная", "просп. Строителей",
           "ул. Набережная", "ул. Гагарина", "ул. Мира", "ул. Заводская", "ул. Полярная",
           "пер. Сосновый", "ул. Речная", "ул. Энтузиастов", "ул. Садовая", "ул. Рябиновая",
           "ул. Геологов", "ул. Комсомольская", "бульвар Победы"]

_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
))


def translit(text: str) -> str:
    return "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())


# --------------------------------------------------------------------------- helpers


@dataclass
class Person:
    last: str
    first: str
    middle: str
    sex: str  # "м" / "ж"
    birth: dt.date | None = None
    surname_pair: tuple[str, str] = ("", "")
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def fio(self) -> str:
        return f"{self.last} {self.first} {self.middle}"

    @property
    def initials(self) -> str:
        """«И.О. Фамилия» as a signature is written."""
        return f"{self.first[0]}.{self.middle[0]}. {self.last}"


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def inn_legal(rng: random.Random) -> str:
    """A 10-digit INN with a valid check digit and the (non-existent) tax office 0012."""
    body = "0012" + "".join(str(rng.randrange(10)) for _ in range(5))
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(int(d) * w for d, w in zip(body, weights)) % 11 % 10
    return body + str(check)


def ogrn(rng: random.Random, year: int) -> str:
    """A 13-digit OGRN with a valid check digit and the (non-existent) region 00."""
    body = "1" + f"{year % 100:02d}" + "0012" + "".join(str(rng.randrange(10)) for _ in range(5))
    return body + str(int(body) % 11 % 10)


class Generator:
    """Random but reproducible people, dates, phones and addresses; no ФИО is used twice."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.used_fio: set[str] = set()
        self.used_numbers: set[str] = set()

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    def person(self, sex: str, first_names: list[str], *, surname: tuple[str, str] | None = None,
               father: str | None = None, birth: dt.date | None = None) -> Person:
        for _ in range(1000):
            pair = surname or self.rng.choice(SURNAMES)
            first = self.rng.choice(first_names)
            dad = father or self.rng.choice(MEN_ADULT + MEN_OLDER)
            middle = PATRONYMICS[dad][0 if sex == "м" else 1]
            last = pair[0] if sex == "м" else pair[1]
            p = Person(last, first, middle, sex, birth, pair)
            if p.fio not in self.used_fio and first != dad:
                self.used_fio.add(p.fio)
                return p
        raise RuntimeError("name lists are too short")

    def sex(self) -> str:
        return "м" if self.chance(0.5) else "ж"

    def number(self, digits: int) -> str:
        while True:
            value = "".join(str(self.rng.randrange(10)) for _ in range(digits))
            if value[0] != "0" and value not in self.used_numbers:
                self.used_numbers.add(value)
                return value

    def phone(self) -> str:
        code = self.rng.choice(["912", "915", "921", "922", "950", "953", "962", "977", "981", "999"])
        n = self.number(7)
        return f"+7 {code} {n[:3]}-{n[3:5]}-{n[5:]}"

    def address(self) -> str:
        street = self.rng.choice(STREETS)
        house = self.rng.randrange(1, 60)
        if self.chance(0.12):
            return f"{REGION}, {CITY}, {street}, д. {house}"
        return f"{REGION}, {CITY}, {street}, д. {house}, кв. {self.rng.randrange(1, 120)}"

    def email(self, person: Person, domain: str = MAIL_DOMAIN) -> str:
        return f"{translit(person.last)}.{translit(person.first[0])}{translit(person.middle[0])}@{domain}"


# --------------------------------------------------------------------------- writing rows


def _write_cell(ws, row: int, col: int, value: Any) -> None:
    if value is None or value == "":
        return
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT


def write_table(wb, schema: RegistrySchema, key: str, rows: list[dict[str, Any]],
                extra_columns: list[str] = ()) -> None:
    """Write ``rows`` (dicts by field key, plus ``extra_columns`` by header) under the headers."""
    sheet = schema.sheet(key)
    ws = wb[sheet.name]
    columns = {f.key: i for i, f in enumerate(sheet.fields, start=1)}
    for f in sheet.fields:
        assert ws.cell(row=1, column=columns[f.key]).value == f.header
    first_extra = len(sheet.fields) + 1
    for i, header in enumerate(extra_columns):
        src = ws.cell(row=1, column=len(sheet.fields))
        cell = ws.cell(row=1, column=first_extra + i, value=header)
        cell.font, cell.fill = copy(src.font), copy(src.fill)
        cell.alignment, cell.border = copy(src.alignment), copy(src.border)
        ws.column_dimensions[cell.column_letter].width = 8
        columns[header] = first_extra + i
    for r, data in enumerate(rows, start=2):
        unknown = set(data) - set(columns)
        assert not unknown, f"{key}: unknown keys {sorted(unknown)}"
        for name, value in data.items():
            _write_cell(ws, r, columns[name], value)


def write_keyvalue(wb, schema: RegistrySchema, key: str, values: dict[str, Any]) -> None:
    sheet = schema.sheet(key)
    ws = wb[sheet.name]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    for f in sheet.fields:
        if f.key in values:
            _write_cell(ws, rows[f.header], 2, values[f.key])
            fit_row_height(ws, rows[f.header])
    assert not set(values) - {f.key for f in sheet.fields}


# --------------------------------------------------------------------------- the school's data

STAFF_POSITIONS = [
    ("director", "директор", "ж"),
    ("curator", "заместитель директора по УВР", "ж"),
    ("deputy_vr", "заместитель директора по ВР", "м"),
    ("social", "социальный педагог", "ж"),
    ("adviser", "советник директора по воспитанию", None),
    ("leader", "старший вожатый", "ж"),
    ("tutor", "тьютор", None),
    ("librarian", "педагог-библиотекарь", "ж"),
    ("tech", "техник", "м"),
    ("secretary", "учитель русского языка и литературы", "ж"),
    ("t", "учитель русского языка и литературы", None),
    ("t", "учитель математики", None),
    ("t", "учитель математики", "ж"),
    ("t", "учитель физики", "м"),
    ("t", "учитель информатики", "м"),
    ("t", "учитель истории и обществознания", None),
    ("t", "учитель английского языка", "ж"),
    ("t", "учитель английского языка", None),
    ("t", "учитель биологии", None),
    ("t", "учитель химии", "ж"),
    ("t", "учитель географии", None),
    ("t", "учитель физической культуры", "м"),
    ("t", "учитель технологии", None),
    ("t", "учитель музыки", "ж"),
    ("t", "учитель начальных классов", "ж"),
]

#: Position cases filled by hand for one multi-word position, to show what the columns are for.
ADVISER_CASES = {
    "position_gen": "советника директора по воспитанию",
    "position_dat": "советнику директора по воспитанию",
    "position_acc": "советника директора по воспитанию",
    "position_ins": "советником директора по воспитанию",
}

YOUNG_TEACHER_POSITIONS = [
    "учитель математики", "учитель английского языка", "учитель начальных классов",
    "учитель истории и обществознания", "учитель физической культуры",
    "учитель русского языка и литературы", "учитель информатики", "учитель химии",
    "учитель биологии", "учитель географии",
]

PARTNERS = [
    dict(key="college",
         full_name="Государственное бюджетное профессиональное образовательное учреждение "
                   "Северогорской области «Северогорский политехнический колледж»",
         short_name="ГБПОУ «Северогорский политехнический колледж»",
         address=f"{REGION}, {CITY}, просп. Строителей, д. 41", founded=1995,
         rep_position="директор",
         subject="наставничество студентов над обучающимися, профессиональные пробы, дни открытых дверей"),
    dict(key="plant",
         full_name="Акционерное общество «Северогорский машиностроительный завод»",
         short_name="АО «Северогорскмаш»",
         address=f"{REGION}, {CITY}, ул. Заводская, д. 1", founded=2003,
         rep_position="генеральный директор",
         subject="профориентация, профессиональные пробы, наставничество специалистов завода над обучающимися"),
    dict(key="it",
         full_name="Общество с ограниченной ответственностью «Северный код»",
         short_name="ООО «Северный код»",
         address=f"{REGION}, {CITY}, ул. Гагарина, д. 17, офис 305", founded=2016,
         rep_position="генеральный директор",
         subject="проектная деятельность обучающихся в сфере информационных технологий"),
    dict(key="library",
         full_name="Муниципальное бюджетное учреждение культуры «Централизованная библиотечная "
                   "система города Северогорска»",
         short_name="МБУК «ЦБС г. Северогорска»",
         address=f"{REGION}, {CITY}, ул. Мира, д. 8", founded=2006,
         rep_position="директор",
         subject="читательские и проектные мероприятия, площадка для встреч наставнических групп"),
    dict(key="sport",
         full_name="Муниципальное бюджетное учреждение дополнительного образования "
                   "«Спортивная школа «Олимп»",
         short_name="МБУ ДО «СШ «Олимп»",
         address=f"{REGION}, {CITY}, ул. Набережная, д. 3", founded=2011,
         rep_position="директор",
         subject="спортивное наставничество, подготовка к выполнению нормативов ГТО"),
]
COLLEGE = PARTNERS[0]["short_name"]
PLANT = PARTNERS[1]["short_name"]
IT_FIRM = PARTNERS[2]["short_name"]
UNIVERSITY = "ФГБОУ ВО «Северогорский государственный университет»"

PUPILS_PER_CLASS = {5: 26, 6: 25, 7: 25, 8: 24, 9: 22, 10: 21, 11: 22}
PUPIL_MENTORS_PER_CLASS = {9: 6, 10: 7, 11: 7}
LETTERS = ["А", "Б", "В"]

FORM_PUPILS = "ученик – ученик"
FORM_TEACHERS = "учитель – учитель"
FORM_STUDENTS = "студент – ученик"
FORM_EMPLOYERS = "работодатель – ученик"

REQUESTS = {
    FORM_PUPILS: [
        "Освоиться в новом классе и найти друзей", "Подтянуть математику, разобраться с дробями",
        "Научиться планировать время и делать домашние задания без напоминаний",
        "Подготовить проект к школьной научно-практической конференции",
        "Научиться уверенно выступать перед классом", "Разобраться в правилах орфографии",
        "Включиться в работу школьного медиацентра", "Подготовиться к олимпиаде по биологии",
        "Найти занятие по интересам и записаться в кружок", "Улучшить оценки по английскому языку",
        "Подготовиться к ОГЭ по математике",
    ],
    FORM_STUDENTS: [
        "Понять, какую профессию выбрать после 9 класса", "Узнать, как поступить в колледж",
        "Собрать робота для городского конкурса", "Научиться программировать на Python",
        "Подготовиться к профессиональным пробам", "Разобраться в черчении и 3D-моделировании",
    ],
    FORM_EMPLOYERS: [
        "Познакомиться с инженерными профессиями на предприятии", "Пройти профессиональные пробы",
        "Выполнить проект по заданию предприятия",
        "Понять, какие предметы сдавать на ЕГЭ для выбранной профессии",
        "Попробовать себя в разработке мобильного приложения",
    ],
    "молодой педагог": [
        "Освоить ведение электронного журнала и рабочих программ",
        "Научиться поддерживать дисциплину на уроке", "Подготовить открытый урок",
        "Выстроить общение с родителями обучающихся", "Подготовиться к аттестации",
        "Освоить методику подготовки к ОГЭ",
    ],
    "педагог": [
        "Освоить цифровые образовательные ресурсы", "Перейти на работу по обновлённым ФГОС",
    ],
}

PROGRAMS = {
    FORM_PUPILS: ["Учимся учиться", "Шаг к успеху", "Лидер класса", "Школа проектов",
                  "Мир без конфликтов", "Читаем вместе"],
    FORM_STUDENTS: ["Первые шаги в профессию", "Инженерный старт", "Цифровая грамотность"],
    FORM_EMPLOYERS: ["Профессиональные пробы", "Моя будущая профессия", "Проектная мастерская на производстве"],
    FORM_TEACHERS: ["Адаптация молодого педагога", "Школа молодого учителя"],
}
SPECIAL_REQUEST = "Иванова & Петрова <Мария> {{ 7*7 }}"

ROADMAP = [
    ("1. Нормативное правовое обеспечение", [
        ("Издание приказа о внедрении целевой модели наставничества в школе", "до 01.09.2025",
         (dt.date(2025, 8, 25), dt.date(2025, 9, 1)), "директор", "Приказ ОО"),
        ("Назначение куратора внедрения целевой модели наставничества", "до 01.09.2025",
         None, "директор", "Приказ ОО"),
        ("Разработка и утверждение положения о наставничестве", "до 15.09.2025",
         (dt.date(2025, 9, 1), dt.date(2025, 9, 15)), "куратор", "Положение о наставничестве"),
        ("Разработка и утверждение дорожной карты внедрения целевой модели наставничества",
         "до 15.09.2025", (dt.date(2025, 9, 1), dt.date(2025, 9, 15)), "куратор", "Дорожная карта, приказ ОО"),
        ("Внесение изменений в должностные инструкции куратора и педагогов-наставников",
         "до 01.10.2025", None, "директор", "Должностные инструкции"),
        ("Разработка системы мотивации и поощрения наставников", "до 01.11.2025",
         (dt.date(2025, 10, 1), dt.date(2025, 11, 1)), "заместитель директора по УВР", "Локальный акт"),
    ]),
    ("2. Организационно-методическое обеспечение", [
        ("Создание рабочей группы по внедрению целевой модели наставничества", "до 01.09.2025",
         None, "директор", "Приказ ОО"),
        ("Информирование педагогического коллектива о внедрении целевой модели", "сентябрь 2025 г.",
         (dt.date(2025, 9, 1), dt.date(2025, 9, 30)), "куратор", "Протокол педагогического совета"),
        ("Информирование родителей (законных представителей) на родительских собраниях",
         "сентябрь, ежегодно", None, "классные руководители", "Протоколы родительских собраний"),
        ("Размещение информации о наставничестве на официальном сайте школы",
         "в течение всего периода", None, "ответственный за сайт", "Раздел «Наставничество» на сайте"),
        ("Заключение соглашений о сотрудничестве с организациями-партнёрами", "до 01.11.2025",
         (dt.date(2025, 9, 15), dt.date(2025, 11, 1)), "директор", "Соглашения о сотрудничестве"),
        ("Сбор согласий на обработку персональных данных участников программ наставничества",
         "ежегодно до 15 сентября", None, "классные руководители, социальный педагог",
         "Согласия на обработку персональных данных"),
    ]),
    ("3. Формирование баз наставников и наставляемых", [
        ("Анкетирование обучающихся и педагогов для выявления запросов на наставничество",
         "сентябрь, ежегодно", None, "педагог-психолог, классные руководители", "Аналитическая справка"),
        ("Формирование базы наставляемых", "ежегодно до 15 октября", None, "куратор",
         "Реестр наставляемых"),
        ("Привлечение наставников из числа обучающихся, педагогов, выпускников и работников партнёров",
         "сентябрь – октябрь, ежегодно", None, "заместитель директора по ВР", "Список кандидатов в наставники"),
        ("Формирование базы наставников", "ежегодно до 15 октября", None, "куратор", "Реестр наставников"),
        ("Утверждение реестра наставников", "до 20.10.2025", (dt.date(2025, 10, 15), dt.date(2025, 10, 20)),
         "директор", "Приказ ОО"),
    ]),
    ("4. Обучение наставников", [
        ("Организация работы «Школы наставников»", "октябрь – ноябрь 2025 г.",
         (dt.date(2025, 10, 6), dt.date(2025, 11, 28)), "куратор", "План занятий, приказ ОО"),
        ("Обучающие занятия для наставников из числа обучающихся", "октябрь, ежегодно", None,
         "советник директора по воспитанию", "Материалы занятий"),
        ("Участие наставников в муниципальных и региональных мероприятиях по наставничеству",
         "по отдельному графику", None, "заместитель директора по УВР", "Сертификаты участников"),
        ("Подготовка памяток и методических материалов для наставников", "до 01.11.2025",
         None, "куратор", "Памятки для наставников"),
    ]),
    ("5. Организация работы наставнических пар и групп", [
        ("Формирование наставнических пар и групп", "ежегодно до 1 октября", None, "куратор",
         "Приказ о закреплении наставнических пар и групп"),
        ("Разработка индивидуальных планов развития наставляемых",
         "в течение месяца после закрепления пары", None, "наставники", "Индивидуальные планы"),
        ("Организация встреч наставников и наставляемых", "в течение учебного года", None,
         "наставники", "Дневники встреч"),
        ("Промежуточная рефлексия в наставнических парах и группах", "декабрь, март — ежегодно", None,
         "педагог-психолог", "Анкеты, аналитическая справка"),
        ("Итоговая конференция наставнических пар и групп", "май, ежегодно", None,
         "заместитель директора по ВР", "Программа конференции, фотоотчёт"),
    ]),
    ("6. Мониторинг и оценка результатов", [
        ("Анкетирование участников об удовлетворённости программами наставничества", "май, ежегодно",
         None, "педагог-психолог", "Результаты анкетирования"),
        ("Мониторинг реализации программ наставничества", "декабрь, июнь — ежегодно", None, "куратор",
         "Аналитическая справка"),
        ("Расчёт показателей эффективности внедрения целевой модели", "ежегодно до 15 июня", None,
         "куратор", "Отчёт о показателях"),
        ("Подведение итогов и поощрение лучших наставников", "июнь, ежегодно", None, "директор",
         "Приказ о поощрении"),
        ("Представление отчёта о внедрении целевой модели в управление образования",
         "ежегодно до 30 июня", None, "куратор", "Отчёт"),
        ("Обобщение и распространение лучших практик наставничества", "в течение всего периода",
         (dt.date(2025, 9, 1), dt.date(2027, 6, 30)), "заместитель директора по УВР",
         "Публикации на сайте, выступления на конференциях"),
    ]),
]

KPIS = [
    ("Доля обучающихся в возрасте от 10 до 18 лет, вовлечённых в программы наставничества в роли наставляемого",
     "отношение числа обучающихся 10–18 лет в роли наставляемых к общему числу обучающихся 10–18 лет, × 100",
     (10, 15, 20)),
    ("Доля обучающихся в возрасте от 15 до 18 лет, вовлечённых в программы наставничества в роли наставника",
     "отношение числа обучающихся 15–18 лет в роли наставников к общему числу обучающихся 15–18 лет, × 100",
     (5, 8, 10)),
    ("Доля молодых педагогов (стаж работы от 0 до 3 лет), вовлечённых в программы наставничества в роли наставляемого",
     "отношение числа молодых педагогов в роли наставляемых к общему числу молодых педагогов, × 100",
     (70, 85, 100)),
    ("Уровень удовлетворённости наставляемых участием в программах наставничества",
     "доля наставляемых, оценивших участие на «хорошо» и «отлично», по результатам анкетирования",
     (70, 75, 80)),
    ("Уровень удовлетворённости наставников участием в программах наставничества",
     "доля наставников, оценивших участие на «хорошо» и «отлично», по результатам анкетирования",
     (65, 70, 75)),
    ("Доля работников организаций-партнёров, вовлечённых в программы наставничества в роли наставника",
     "отношение числа наставников из организаций-партнёров к общему числу наставников, × 100",
     (5, 10, 15)),
]
YEARS = ["2025", "2026", "2027"]

EARLIER_ORDERS = [
    ("95-од", dt.date(2025, 8, 25), "Об организованном начале 2025/2026 учебного года"),
    ("96-од", dt.date(2025, 8, 26), "О назначении ответственного за организацию питания обучающихся"),
    ("97-од", dt.date(2025, 8, 27), "Об утверждении учебного плана на 2025/2026 учебный год"),
    ("99-од", dt.date(2025, 8, 28), "О назначении классных руководителей"),
    ("104-од", dt.date(2025, 8, 29), "О мерах по обеспечению пожарной безопасности"),
    ("110-од", dt.date(2025, 8, 29), "Об организации дежурства педагогов"),
]

# The other orders of the built-in pack, as the school registered them (number, date, template, title).
TARGET_MODEL_ORDERS = [
    ("119-од", dt.date(2025, 9, 1), "order_working_group",
     "Об утверждении состава рабочей группы по внедрению целевой модели наставничества"),
    ("120-од", dt.date(2025, 9, 1), "order_curator", "О назначении куратора внедрения целевой модели наставничества"),
    ("124-од", dt.date(2025, 9, 3), "order_regulation", "Об утверждении Положения о наставничестве"),
    ("125-од", dt.date(2025, 9, 3), "order_roadmap",
     "Об утверждении дорожной карты внедрения целевой модели наставничества"),
    ("84-од", dt.date(2026, 9, 14), "order_mentor_register", "Об утверждении реестра наставников"),
    ("85-од", dt.date(2026, 9, 14), "order_mentor_school", "Об организации «Школы наставников»"),
    ("91-од", dt.date(2026, 9, 21), "order_pairs", "О закреплении наставнических пар (групп)"),
    ("92-од", dt.date(2026, 9, 28), "order_ipr", "Об утверждении индивидуальных планов развития наставляемых"),
]


# --------------------------------------------------------------------------- orders, Положение, roadmap, needs (issue 15)

#: The school issues separate orders on the curator, the working group and the roadmap.
ORDERS_VARIANT = "отдельные приказы"
#: The councils whose opinion the Положение took into account (ч. 3 ст. 30 273-ФЗ).
COUNCILS = dict(students_council_protocol_number="1", students_council_protocol_date=dt.date(2025, 8, 28),
                parents_council_protocol_number="1", parents_council_protocol_date=dt.date(2025, 8, 28))

#: «Показатель эффективности» of each roadmap event (seeds 003, 004).
ROADMAP_INDICATORS = {
    "Издание приказа о внедрении целевой модели наставничества в школе": "приказ издан",
    "Назначение куратора внедрения целевой модели наставничества": "куратор назначен приказом",
    "Разработка и утверждение положения о наставничестве": "положение принято педсоветом и утверждено",
    "Разработка и утверждение дорожной карты внедрения целевой модели наставничества": "дорожная карта утверждена",
    "Внесение изменений в должностные инструкции куратора и педагогов-наставников":
        "должностные инструкции дополнены",
    "Разработка системы мотивации и поощрения наставников": "локальный акт принят",
    "Создание рабочей группы по внедрению целевой модели наставничества": "состав рабочей группы утверждён",
    "Информирование педагогического коллектива о внедрении целевой модели":
        "не менее 90 % педагогов проинформированы",
    "Информирование родителей (законных представителей) на родительских собраниях":
        "собрания проведены во всех классах",
    "Размещение информации о наставничестве на официальном сайте школы": "раздел сайта обновляется ежемесячно",
    "Заключение соглашений о сотрудничестве с организациями-партнёрами": "не менее 3 соглашений",
    "Сбор согласий на обработку персональных данных участников программ наставничества":
        "согласия получены от всех участников",
    "Анкетирование обучающихся и педагогов для выявления запросов на наставничество":
        "анкеты заполнены, запросы обобщены",
    "Формирование базы наставляемых": "не менее 10 % обучающихся 10–18 лет — наставляемые",
    "Привлечение наставников из числа обучающихся, педагогов, выпускников и работников партнёров":
        "кандидаты всех категорий",
    "Формирование базы наставников": "не менее 5 % обучающихся 15–18 лет — наставники",
    "Утверждение реестра наставников": "реестр утверждён приказом",
    "Организация работы «Школы наставников»": "обучение прошли все наставники",
    "Обучающие занятия для наставников из числа обучающихся": "занятия проведены",
    "Участие наставников в муниципальных и региональных мероприятиях по наставничеству":
        "не менее 2 мероприятий в год",
    "Подготовка памяток и методических материалов для наставников": "памятки выданы наставникам",
    "Формирование наставнических пар и групп": "пары и группы закреплены приказом",
    "Разработка индивидуальных планов развития наставляемых": "планы у всех наставляемых",
    "Организация встреч наставников и наставляемых": "не реже 2 встреч в месяц",
    "Промежуточная рефлексия в наставнических парах и группах": "рефлексия проведена во всех парах",
    "Итоговая конференция наставнических пар и групп": "конференция проведена",
    "Анкетирование участников об удовлетворённости программами наставничества":
        "не менее 70 % удовлетворённых",
    "Мониторинг реализации программ наставничества": "справки в декабре и июне",
    "Расчёт показателей эффективности внедрения целевой модели": "показатели рассчитаны",
    "Подведение итогов и поощрение лучших наставников": "приказ о поощрении",
    "Представление отчёта о внедрении целевой модели в управление образования": "отчёт представлен в срок",
    "Обобщение и распространение лучших практик наставничества": "не менее 2 публикаций в год",
}
#: Events with an end date instead of a deadline written as text (the roadmap prints «до …»).
ROADMAP_END_ONLY = {"Подготовка памяток и методических материалов для наставников": dt.date(2025, 11, 1)}

#: «Вид организации» of each partner (the letter and the agreement follow it).
PARTNER_KINDS = {"college": "колледж или вуз", "plant": "работодатель", "it": "работодатель",
                 "library": "учреждение культуры или спорта", "sport": "учреждение культуры или спорта"}

#: «Направление запроса» of a mentee, from the words of the request; teachers' requests are
#: professional development; no request — no area.
NEED_AREAS = [
    (("професси", "колледж", "ЕГЭ", "проб", "предприяти"), "профориентация"),
    (("проект", "конференции", "олимпиаде", "робота", "Python", "3D", "приложения", "медиацентра"),
     "проекты и исследования"),
    (("классе", "друзей", "кружок"), "адаптация"),
    (("выступать",), "лидерство и общение"),
    (("математику", "орфографии", "английскому", "ОГЭ", "планировать время"), "учёба"),
]


def need_area(category: str, request: str) -> str | None:
    if not request:
        return None
    if category != "обучающийся":
        return "профессиональное развитие педагога"
    for words, area in NEED_AREAS:
        if any(w in (request or "") for w in words):
            return area
    return "другое"


def access_measure_rows() -> list[dict]:
    """The typical access measures docgen prints for an empty sheet, written into the example."""
    from docgen.context.programme import DEFAULT_MEASURES

    return [dict(group=group, measure=measure, deadline="в течение периода реализации программы",
                 responsible=responsible, result=result)
            for group, measures in DEFAULT_MEASURES.items() for measure, responsible, result in measures]


# --------------------------------------------------------------------------- building


@dataclass
class Mentor:
    code: str
    person: Person
    category: str
    form: str
    position: str = ""
    school_class: str = ""
    class_no: int = 0
    workplace: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    registry_date: dt.date | None = None
    consent_issued: dt.date | None = None
    consent_date: dt.date | None = None


@dataclass
class Mentee:
    code: str
    person: Person
    category: str
    form: str = ""
    class_no: int = 0
    school_class: str = ""
    position: str = ""
    request: str = ""
    address: str = ""
    doc: str = ""
    birth_certificate: str = ""
    consent_issued: dt.date | None = None
    consent_date: dt.date | None = None
    start: dt.date | None = None  # when the mentee's pair starts


def _pupil_birth(g: Generator, class_no: int, *, latest_adult: bool = True) -> dt.date:
    """Born so that the age on 1 September 2026 is class + 6 (sometimes one year more)."""
    start = dt.date(2019 - class_no, 9, 2)
    end = dt.date(2020 - class_no, 8, 31)
    if latest_adult and g.chance(0.06):
        start, end = add_years(start, -1), add_years(end, -1)
    if not latest_adult:  # stay under 18 on the reference date
        start = max(start, add_years(REFERENCE_DATE, -18) + dt.timedelta(days=1))
    return g.date_between(start, end)


def _class_label(class_no: int, letter: str) -> str:
    return f"{class_no} «{letter}»"


def build_staff(g: Generator) -> tuple[list[dict], dict[str, Person], list[tuple[Person, str]]]:
    rows, roles, teachers = [], {}, []
    for role, position, sex in STAFF_POSITIONS:
        sex = sex or g.sex()
        older = role == "director" or g.chance(0.5)
        first = (MEN_OLDER if older else MEN_ADULT) if sex == "м" else (WOMEN_OLDER if older else WOMEN_ADULT)
        born = (dt.date(1963, 1, 1), dt.date(1980, 12, 31)) if older else (dt.date(1981, 1, 1), dt.date(1996, 12, 31))
        p = g.person(sex, first, birth=g.date_between(*born))
        p.extra["position"] = position
        p.extra["phone"] = g.phone() if g.chance(0.8) else ""
        p.extra["email"] = g.email(p, SCHOOL_DOMAIN)
        row = dict(fio=p.fio, sex=p.sex, position=position, phone=p.extra["phone"], email=p.extra["email"])
        if role == "adviser":
            row.update(ADVISER_CASES)
        rows.append(row)
        if role != "t":
            roles[role] = p
        if position.startswith("учитель"):
            teachers.append((p, position))
    return rows, roles, teachers


def build_partners(g: Generator) -> tuple[list[dict], dict[str, Person]]:
    rows, reps = [], {}
    for info in PARTNERS:
        sex = g.sex()
        rep = g.person(sex, MEN_ADULT if sex == "м" else WOMEN_ADULT)
        reps[info["key"]] = rep
        rows.append(dict(
            full_name=info["full_name"], short_name=info["short_name"], inn=inn_legal(g.rng),
            ogrn=ogrn(g.rng, info["founded"]), address=info["address"], representative=rep.fio,
            representative_sex=rep.sex, representative_position=info["rep_position"],
            subject=info["subject"], phone=g.phone(),
            email=f"info@{translit(info['key'])}.example.ru",
        ))
    return rows, reps


def build_mentors(g: Generator, teachers: list[tuple[Person, str]]) -> list[Mentor]:
    mentors: list[Mentor] = []

    def add(person: Person, category: str, form: str, **kw) -> Mentor:
        m = Mentor(code="", person=person, category=category, form=form, **kw)
        mentors.append(m)
        return m

    # Teachers of the school (the same people as on «Сотрудники»).
    for person, position in g.rng.sample(teachers, 12):
        add(person, "педагог", FORM_TEACHERS, position=position, phone=person.extra["phone"],
            email=person.extra["email"],
            registry_date=g.date_between(dt.date(2025, 9, 1), dt.date(2025, 9, 12)))
    # Pupils of classes 9–11, aged 15–17.
    for class_no, count in PUPIL_MENTORS_PER_CLASS.items():
        for _ in range(count):
            sex = g.sex()
            person = g.person(sex, BOYS if sex == "м" else GIRLS,
                              birth=_pupil_birth(g, class_no, latest_adult=False))
            add(person, "обучающийся", FORM_PUPILS, class_no=class_no,
                school_class=_class_label(class_no, g.rng.choice(LETTERS)),
                phone=g.phone() if g.chance(0.7) else "",
                registry_date=g.date_between(dt.date(2026, 9, 1), dt.date(2026, 9, 10)))
    # Students of the partner college.
    for _ in range(5):
        sex = g.sex()
        person = g.person(sex, BOYS if sex == "м" else GIRLS,
                          birth=g.date_between(dt.date(2005, 1, 1), dt.date(2008, 6, 30)))
        add(person, "студент", FORM_STUDENTS, workplace=f"{COLLEGE}, {g.rng.choice([2, 3, 4])} курс",
            phone=g.phone(), registry_date=g.date_between(dt.date(2026, 9, 1), dt.date(2026, 9, 10)))
    # Former pupils: three at the university, two working for the IT partner.
    for i in range(5):
        sex = g.sex()
        if i < 3:
            person = g.person(sex, BOYS if sex == "м" else GIRLS,
                              birth=g.date_between(dt.date(2006, 1, 1), dt.date(2008, 8, 31)))
            add(person, "выпускник", FORM_STUDENTS, workplace=f"{UNIVERSITY}, {g.rng.choice([1, 2])} курс",
                phone=g.phone(), registry_date=g.date_between(dt.date(2026, 9, 1), dt.date(2026, 9, 10)))
        else:
            person = g.person(sex, MEN_ADULT if sex == "м" else WOMEN_ADULT,
                              birth=g.date_between(dt.date(2000, 1, 1), dt.date(2003, 12, 31)))
            add(person, "выпускник", FORM_EMPLOYERS, position="инженер-программист", workplace=IT_FIRM,
                phone=g.phone(), registry_date=g.date_between(dt.date(2026, 9, 1), dt.date(2026, 9, 10)))
    # Employees of the partner enterprises.
    for position, workplace in [("инженер-конструктор", PLANT), ("мастер участка", PLANT),
                                ("инженер-технолог", PLANT), ("руководитель отдела разработки", IT_FIRM),
                                ("инженер по тестированию", IT_FIRM)]:
        sex = g.sex()
        person = g.person(sex, MEN_ADULT if sex == "м" else WOMEN_ADULT,
                          birth=g.date_between(dt.date(1975, 1, 1), dt.date(1995, 12, 31)))
        add(person, "представитель работодателя", FORM_EMPLOYERS, position=position, workplace=workplace,
            phone=g.phone(), registry_date=g.date_between(dt.date(2026, 9, 1), dt.date(2026, 9, 10)))

    for i, m in enumerate(mentors, start=1):
        m.code = f"Н-{i:03d}"
        if m.person.birth is None:
            m.person.birth = g.date_between(dt.date(1965, 1, 1), dt.date(1994, 12, 31))
        m.address = g.address()
        if not m.email and m.category not in ("обучающийся",) and g.chance(0.5):
            m.email = g.email(m.person)
        if g.chance(0.9):
            m.consent_date = m.registry_date - dt.timedelta(days=g.rng.randrange(0, 6))
    issue_dates(mentors, SEED + 2)
    return mentors


def _child_documents(g: Generator, child: Person) -> tuple[str, str]:
    """Return (the child's current document, the birth certificate as a parent cites it)."""
    issued = child.birth + dt.timedelta(days=g.rng.randrange(5, 30))
    series = "II-ЛО" if g.chance(0.85) else g.rng.choice(["I-ЛО", "III-ЛО", "IV-АГ"])
    number = g.number(6)
    certificate = f"свидетельство о рождении {series} № {number}"
    birth_doc = f"{certificate}, выдано {ZAGS} {issued:%d.%m.%Y}"
    fourteen = add_years(child.birth, 14)
    if fourteen + dt.timedelta(days=3) < REFERENCE_DATE:
        latest = min(fourteen + dt.timedelta(days=40), REFERENCE_DATE - dt.timedelta(days=1))
        when = g.date_between(fourteen + dt.timedelta(days=3), latest)
        office = f"570-0{g.rng.randrange(10, 40)}"
        doc = (f"паспорт {PASSPORT_REGION}{when.year % 100:02d} № {g.number(6)}, выдан {PASSPORT_OFFICE} "
               f"{when:%d.%m.%Y}, код подразделения {office}")
    else:
        doc = birth_doc
    return doc, f"{certificate} от {issued:%d.%m.%Y}"


def build_mentees(g: Generator) -> list[Mentee]:
    pupils: list[Mentee] = []
    for class_no, count in PUPILS_PER_CLASS.items():
        for i in range(count):
            letter = LETTERS[i % 3]
            sex = g.sex()
            father = g.rng.choice(MEN_ADULT)
            person = g.person(sex, BOYS if sex == "м" else GIRLS, father=father,
                              birth=_pupil_birth(g, class_no))
            person.extra["father"] = father
            m = Mentee(code="", person=person, category="обучающийся", class_no=class_no,
                       school_class=_class_label(class_no, letter))
            m.doc, m.birth_certificate = _child_documents(g, person)
            m.address = g.address()
            pupils.append(m)
    pupils.sort(key=lambda m: (m.class_no, m.school_class, m.person.fio))
    teachers: list[Mentee] = []
    for position in YOUNG_TEACHER_POSITIONS:
        sex = "м" if position == "учитель физической культуры" else g.sex()
        person = g.person(sex, MEN_ADULT if sex == "м" else WOMEN_ADULT,
                          birth=g.date_between(add_years(REFERENCE_DATE, -27) + dt.timedelta(days=1),
                                               add_years(REFERENCE_DATE, -22)))
        teachers.append(Mentee(code="", person=person, category="молодой педагог", position=position,
                               address=g.address()))
    for position in ["учитель технологии", "учитель географии"]:
        sex = g.sex()
        person = g.person(sex, MEN_OLDER if sex == "м" else WOMEN_OLDER,
                          birth=g.date_between(dt.date(1970, 1, 1), dt.date(1985, 12, 31)))
        teachers.append(Mentee(code="", person=person, category="педагог", position=position,
                               address=g.address()))
    mentees = pupils + teachers
    for i, m in enumerate(mentees, start=1):
        m.code = f"У-{i:03d}"
    return mentees


def _pupil_form(g: Generator, class_no: int) -> str:
    r = g.rng.random()
    if class_no <= 7:
        return FORM_PUPILS
    if class_no == 8:
        return FORM_PUPILS if r < 0.6 else FORM_STUDENTS if r < 0.8 else FORM_EMPLOYERS
    if class_no == 9:
        return FORM_PUPILS if r < 0.4 else FORM_STUDENTS if r < 0.7 else FORM_EMPLOYERS
    return FORM_STUDENTS if r < 0.5 else FORM_EMPLOYERS


def _chunks(items: list, n: int) -> list[list]:
    size, extra = divmod(len(items), n)
    out, start = [], 0
    for i in range(n):
        end = start + size + (1 if i < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def build_pairs(g: Generator, mentors: list[Mentor], mentees: list[Mentee]) -> list[dict]:
    """Give every mentee a mentor of the same form; a mentor with several mentees is a group."""
    groups: dict[str, list[Mentee]] = {m.code: [] for m in mentors}
    by_form: dict[str, list[Mentee]] = {f: [] for f in (FORM_PUPILS, FORM_STUDENTS, FORM_EMPLOYERS)}
    for m in mentees:
        if m.category == "обучающийся":
            m.form = _pupil_form(g, m.class_no)
            by_form[m.form].append(m)
    for form, pupils in by_form.items():
        candidates = [x for x in mentors if x.form == form]
        candidates.sort(key=lambda x: (x.class_no, x.code))
        pupils.sort(key=lambda m: (m.class_no, m.code))
        for mentor, chunk in zip(candidates, _chunks(pupils, len(candidates))):
            groups[mentor.code].extend(chunk)
            for m in chunk:
                assert form != FORM_PUPILS or mentor.class_no > m.class_no
    teachers = [x for x in mentors if x.form == FORM_TEACHERS]
    for m in mentees:
        if m.category == "обучающийся":
            continue
        m.form = FORM_TEACHERS
        same = [t for t in teachers if t.position == m.position and len(groups[t.code]) < 2]
        mentor = same[0] if same else min(teachers, key=lambda t: (len(groups[t.code]), t.code))
        groups[mentor.code].append(m)

    rows: list[dict] = []
    short_groups = 0
    for mentor in mentors:
        group = groups[mentor.code]
        if not group:
            continue
        status = "действует"
        if mentor.form == FORM_TEACHERS:
            start = dt.date(2025, 9, 15) if g.chance(0.5) else dt.date(2026, 9, 7)
            end = dt.date(2027, 6, 30)
            program = ""  # chosen per mentee below
        elif short_groups < 2 and mentor.form in (FORM_STUDENTS, FORM_PUPILS) and g.chance(0.4):
            short_groups += 1
            start, end = dt.date(2026, 9, 14), dt.date(2026, 11, 13)
            program = "Подготовка к школьному этапу олимпиады" if mentor.form == FORM_PUPILS \
                else "Осенний проектный интенсив"
        else:
            start = g.rng.choice([dt.date(2026, 9, 14), dt.date(2026, 9, 21), dt.date(2026, 10, 1)])
            end = dt.date(2027, 5, 25)
            youngest = min(m.class_no for m in group)
            program = "Успешный пятиклассник" if mentor.form == FORM_PUPILS and youngest == 5 \
                else g.rng.choice(PROGRAMS[mentor.form])
        if end < REFERENCE_DATE:
            status = "завершена"
        for m in sorted(group, key=lambda x: x.code):
            if mentor.form == FORM_TEACHERS:
                program = PROGRAMS[FORM_TEACHERS][0] if m.category == "молодой педагог" \
                    else "Освоение современных образовательных технологий"
            rows.append(dict(mentor=mentor.code, mentee=m.code, form=mentor.form, program=program,
                             start=start, end=end, status=status))
            m.start = start
    # One pair is paused: the mentor is on sick leave.
    active = [r for r in rows if r["status"] == "действует" and r["form"] == FORM_PUPILS]
    g.rng.choice(active)["status"] = "приостановлена"
    return rows


def finish_mentees(g: Generator, mentees: list[Mentee]) -> None:
    """Requests and consent dates (about 70 % of mentees have given consent)."""
    for m in mentees:
        key = m.category if m.category != "обучающийся" else m.form
        if g.chance(0.85):
            m.request = g.rng.choice(REQUESTS[key])
        if g.chance(0.7):
            start = m.start or dt.date(2026, 9, 14)
            m.consent_date = start - dt.timedelta(days=g.rng.randrange(3, 12))
    issue_dates(mentees, SEED + 1)
    # Text that a template must print literally, not interpret.
    special = next(m for m in mentees if m.class_no == 7)
    special.request = SPECIAL_REQUEST


def issue_dates(people: list, seed: int) -> None:
    """When consent forms were handed out: a few days before each returned one; most of
    the missing ones were handed out too (the tracking list shows who still owes a form).
    A separate random stream, so adding this column did not reshuffle the rest of the example."""
    rng = random.Random(seed)
    for m in people:
        if m.consent_date:
            m.consent_issued = m.consent_date - dt.timedelta(days=rng.randrange(2, 10))
        elif rng.random() < 0.6:
            m.consent_issued = dt.date(2026, 9, 1) + dt.timedelta(days=rng.randrange(0, 20))


def _passport(g: Generator) -> tuple[str, str, dt.date]:
    issued = g.date_between(dt.date(2008, 1, 1), dt.date(2025, 12, 31))
    return f"{PASSPORT_REGION}{issued.year % 100:02d}", g.number(6), issued


def build_parents(g: Generator, mentees: list[Mentee]) -> list[dict]:
    rows: list[dict] = []
    two_parents = 0
    for m in mentees:
        if m.category != "обучающийся" or age_on(m.person.birth, REFERENCE_DATE) >= 18:
            continue
        child = m.person
        surname = child.surname_pair
        r = g.rng.random()
        parents: list[tuple[Person, str, str]] = []
        if r < 0.05:  # a guardian: usually a grandmother
            relation = "опекун" if age_on(child.birth, REFERENCE_DATE) < 14 else "попечитель"
            guardian = g.person("ж", WOMEN_OLDER, surname=surname)
            act = (f"постановление администрации Северогорского района об установлении "
                   f"{'опеки' if relation == 'опекун' else 'попечительства'} от "
                   f"{g.date_between(dt.date(2018, 1, 1), dt.date(2025, 6, 30)):%d.%m.%Y} № {g.rng.randrange(100, 900)}")
            parents.append((guardian, relation, act))
        else:
            authority = m.birth_certificate
            mother_first = r < 0.70
            both = two_parents < 10 and g.chance(0.08)
            if mother_first or both:
                mother_surname = surname if g.chance(0.93) else g.rng.choice(SURNAMES)
                parents.append((g.person("ж", WOMEN_ADULT, surname=mother_surname), "мать", authority))
            if not mother_first or both:
                father = g.person("м", [child.extra["father"]], surname=surname)
                parents.append((father, "отец", authority))
            two_parents += both
        for person, relation, authority in parents:
            series, number, issued = _passport(g)
            rows.append(dict(
                child=m.code, fio=person.fio, sex=person.sex, relation=relation,
                address=m.address if g.chance(0.9) else g.address(),
                passport_series=series, passport_number=number, passport_issued_by=PASSPORT_OFFICE,
                passport_date=issued, authority_doc=authority, phone=g.phone(),
                email=g.email(person) if g.chance(0.4) else "",
            ))
    return rows


#: What each distribution consent of the example allows («Разрешено к распространению»: the rows of the
#: consent's table ticked «да»), by the condition the earlier example wrote in words («только имя и
#: класс» became surname, name and class: a row without the surname is never published, and the
#: example stays free of warnings).
PUBLISH_ITEMS = {"": "1, 2, 3, 4, 5, 6, 7", "без фотографии": "1, 2, 3, 4, 5, 6",
                 "только фамилия, имя и должность": "1, 2, 4", "только имя и класс": "1, 2, 4",
                 "запрещена передача неограниченному кругу лиц, кроме сайта школы": "1, 2, 3, 4, 5, 6, 7"}
#: Conditions a person really writes into the form (the others are choices of the table, above).
REAL_CONDITIONS = ("запрещена передача неограниченному кругу лиц, кроме сайта школы",)
PUBLISH_PAGES = (f"https://{SCHOOL_DOMAIN}/nastavnichestvo/reestr; https://{SCHOOL_DOMAIN}/nastavnichestvo/novosti")
#: A parent with a foreign passport (no series): the consents print it as it is.
FOREIGN_PASSPORT = dict(id_doc_kind="паспорт иностранного гражданина", passport_series=None,
                        passport_number="N12345678", passport_issued_by="МВД Республики Казахстан",
                        passport_date=dt.date(2019, 5, 12))


def publication(date: dt.date | None, condition: str) -> dict[str, Any]:
    """The distribution-consent columns of a row: date, what it allows, a real condition."""
    if date is None:
        return dict(publish_consent_date=None, publish_items=None, publish_conditions=None)
    return dict(publish_consent_date=date, publish_items=PUBLISH_ITEMS[condition],
                publish_conditions=condition if condition in REAL_CONDITIONS else None)


def _father_name(child: Person) -> str:
    """The father's first name a child's patronymic comes from."""
    return next(name for name, forms in PATRONYMICS.items() if child.middle in forms)


#: The consents to distribution six minor mentors' parents gave (conditions as in PUBLISH_ITEMS).
MINOR_MENTOR_CHOICES = ["", "без фотографии", "", "только имя и класс", "", "без фотографии"]


def build_mentor_parents(seed: int, mentors: list[Mentor], used_fio: set[str]) -> tuple[list[dict], dict]:
    """Parents of the pupil mentors under 18 (a parent signs their consents too), and the consents to
    distribution six of them gave. Its own random stream, so the rest of the example keeps its values."""
    g = Generator(seed)
    g.used_fio = set(used_fio)
    rows: list[dict] = []
    publish: dict[str, tuple[dt.date, str]] = {}
    minors = [m for m in mentors if m.person.birth and age_on(m.person.birth, REFERENCE_DATE) < 18]
    for i, m in enumerate(minors):
        child = m.person
        issued = child.birth + dt.timedelta(days=g.rng.randrange(5, 30))
        certificate = f"свидетельство о рождении II-ЛО № {g.number(6)} от {issued:%d.%m.%Y}"
        if i == 5:  # a custodian: the child is 15–17
            person = g.person("ж", WOMEN_OLDER, surname=child.surname_pair)
            relation = "попечитель"
            authority = (f"постановление администрации Северогорского района об установлении попечительства от "
                         f"{g.date_between(dt.date(2023, 1, 1), dt.date(2025, 6, 30)):%d.%m.%Y} № {g.rng.randrange(100, 900)}")
        elif g.chance(0.7):
            person, relation, authority = g.person("ж", WOMEN_ADULT, surname=child.surname_pair), "мать", certificate
        else:
            person = g.person("м", [_father_name(child)], surname=child.surname_pair)
            relation, authority = "отец", certificate
        series, number, passport_date = _passport(g)
        row = dict(child=m.code, fio=person.fio, sex=person.sex, relation=relation, address=m.address,
                   passport_series=series, passport_number=number, passport_issued_by=PASSPORT_OFFICE,
                   passport_date=passport_date, authority_doc=authority, phone=g.phone(),
                   email=g.email(person) if g.chance(0.5) else "")
        if i == 2:
            row.update(FOREIGN_PASSPORT)
        rows.append(row)
        if i % 3 == 0 and m.consent_date and len(publish) < len(MINOR_MENTOR_CHOICES):
            publish[m.code] = (m.consent_date + dt.timedelta(days=g.rng.randrange(0, 5)),
                               MINOR_MENTOR_CHOICES[len(publish)])
    return rows, publish


def adult_mentee_contacts(seed: int, mentees: list[Mentee]) -> dict[str, tuple[str, str]]:
    """Phones and e-mails of the adult mentees (the contacts of their consent to distribution)."""
    g = Generator(seed)
    return {m.code: (g.phone(), g.email(m.person, SCHOOL_DOMAIN if m.category != "обучающийся" else MAIL_DOMAIN))
            for m in mentees if age_on(m.person.birth, REFERENCE_DATE) >= 18}


#: The monitoring periods the example has summed up (the report uses the last one by its date).
MONITORING = [
    dict(period="I полугодие 2025/2026 учебного года", date=dt.date(2025, 12, 25), mentee_surveys=41,
         mentee_satisfied=32, mentor_surveys=14, mentor_satisfied=11,
         strengths="Наставнические пары педагогов работают по индивидуальным планам; высокая вовлечённость молодых педагогов",
         weaknesses="Нерегулярные встречи в части пар; дневники встреч заполняются с опозданием",
         opportunities="Привлечение наставников из колледжа и предприятий-партнёров",
         threats="Нагрузка педагогов-наставников в конце четверти",
         grades_up=9, contests=6, goals_reached=12, teachers_grown=4,
         conclusions="Программа наставничества «учитель – учитель» реализуется по плану; формы с участием "
                     "обучающихся требуют расширения.",
         recommendations="Сформировать пары «ученик – ученик» в 5–7 классах; провести обучение наставников-обучающихся."),
    dict(period="II полугодие 2025/2026 учебного года", date=dt.date(2026, 5, 29), mentee_surveys=138,
         mentee_satisfied=112, mentor_surveys=39, mentor_satisfied=31,
         strengths="Все формы наставничества представлены; наставники-обучающиеся прошли «Школу наставников»",
         weaknesses="Низкая доля согласий родителей на распространение сведений; часть пар без итоговой рефлексии",
         opportunities="Профессиональные пробы на предприятиях-партнёрах; конкурсы проектов",
         threats="Выпуск наставников 11 классов; смена состава пар в новом учебном году",
         grades_up=38, contests=27, goals_reached=71, teachers_grown=7,
         conclusions="Целевые показатели 2026 года по вовлечённости обучающихся в роли наставляемых достигнуты; "
                     "удовлетворённость участников выше плановой.",
         recommendations="Собрать недостающие согласия родителей до 15 сентября; закрепить наставников за новыми "
                         "пятиклассниками; провести итоговую конференцию наставнических пар в мае."),
]


MENTOR_SCHOOL = [
    ("Роль и задачи наставника в целевой модели наставничества", "семинар", 2),
    ("Психолого-педагогические основы взаимодействия с наставляемым", "тренинг", 3),
    ("Составление индивидуального плана развития наставляемого", "практикум", 2),
    ("Техники эффективной обратной связи и активного слушания", "тренинг", 2),
    ("Ведение дневника встреч и подготовка к итоговой оценке", "практикум", 2),
    ("Итоговая конференция наставников: обмен опытом", "конференция", 3),
]


def build_extras(seed: int, mentors: list[Mentor], pair_rows: list[dict], roles: dict,
                 mentees: list[Mentee] = ()) -> dict:
    """Data added for the documents of record (protocols, «Школа наставников», distribution
    consents…). Its own random stream, so the rest of the example keeps its values."""
    g = Generator(seed)
    docs, publish = {}, {}
    for m in mentors:
        if m.person.birth and age_on(m.person.birth, dt.date(2026, 9, 1)) >= 14:
            issued = g.date_between(max(add_years(m.person.birth, 14), dt.date(2008, 1, 1)), dt.date(2026, 6, 30))
            docs[m.code] = (f"паспорт {PASSPORT_REGION}{issued.year % 100:02d} № {g.number(6)}, выдан "
                            f"{PASSPORT_OFFICE} {issued.strftime('%d.%m.%Y')}")
        if m.category != "обучающийся" and m.consent_date and g.chance(0.6):
            conditions = g.rng.choice(["", "", "без фотографии", "только фамилия, имя и должность",
                                       "запрещена передача неограниченному кругу лиц, кроме сайта школы"])
            publish[m.code] = (m.consent_date, conditions)
    lead_names = [roles["curator"].fio, "педагог-психолог", roles["deputy_vr"].fio]
    school = []
    day = dt.date(2026, 10, 6)
    for i, (topic, form, hours) in enumerate(MENTOR_SCHOOL):
        school.append(dict(topic=topic, date=day + dt.timedelta(days=14 * i), hours=hours, format=form,
                           lead=lead_names[i % len(lead_names)], place="кабинет 214"))
    commission = [dict(member=roles["curator"].fio, role="председатель"),
                  dict(member=roles["secretary"].fio, role="секретарь"),
                  dict(member=roles["deputy_vr"].fio, role="член комиссии"),
                  dict(member=roles["social"].fio, role="член комиссии"),
                  dict(member=roles["adviser"].fio, role="член комиссии")]
    protocols = []
    number = 0
    candidates = [m for m in mentors if m.category != "педагог"][:4] + [m for m in mentors if m.category == "педагог"][:2]
    for kind, base in (("рассмотрение кандидатуры", dt.date(2026, 8, 25)), ("собеседование", dt.date(2026, 8, 28)),
                       ("оценка кандидата", dt.date(2026, 9, 1))):
        for m in candidates:
            number += 1
            row = dict(kind=kind, number=str(number), date=base, place="кабинет 214", mentor=m.code)
            if kind == "оценка кандидата":
                row.update(score=g.rng.randrange(32, 49), decision="рекомендовать к включению в реестр наставников")
            elif kind == "собеседование":
                row.update(decision="кандидат мотивирован, готов к работе в форме «" + m.form + "»")
            else:
                row.update(votes_for=5, votes_against=0, votes_abstained=0,
                           decision="рекомендовать кандидатуру к собеседованию")
            protocols.append(row)
    for pair in pair_rows[:4]:
        number += 1
        protocols.append(dict(kind="прикрепление наставника", number=str(number), date=pair["start"],
                              place="кабинет 214", mentor=pair["mentor"], mentee=pair["mentee"],
                              votes_for=5, votes_against=0, votes_abstained=0,
                              decision="закрепить наставника за наставляемым"))
    mentee_publish = {}
    for m in mentees:
        if m.consent_date and g.chance(0.5):
            mentee_publish[m.code] = (m.consent_date, g.rng.choice(["", "", "только имя и класс", "без фотографии"]))
    return dict(docs=docs, publish=publish, school=school, commission=commission, protocols=protocols,
                mentee_publish=mentee_publish)


def class_teachers(seed: int, labels: list[str], used_fio: set[str]) -> dict[str, str]:
    """A class teacher for every class with pupils in the programme, from a generator of its
    own (the rest of the example stays as it was); one class is left without, as a school's
    registry often is: its tracking sheet keeps a line to fill in by hand."""
    g = Generator(seed)
    g.used_fio = set(used_fio)
    teachers = {}
    for i, label in enumerate(sorted(set(labels), key=lambda c: (int(c.split()[0]), c))):
        if i == 3:
            continue
        sex = "ж" if g.chance(0.8) else "м"
        first = (WOMEN_OLDER if g.chance(0.5) else WOMEN_ADULT) if sex == "ж" else MEN_ADULT
        teachers[label] = g.person(sex, first).fio
    return teachers


def build_workbook(seed: int = SEED):
    """Return the example workbook (openpyxl) for the fictional school."""
    schema = catalog().registry_schema
    g = Generator(seed)
    wb = new_registry_workbook(schema, template_choices(catalog()))

    staff_rows, roles, teachers = build_staff(g)
    partner_rows, _reps = build_partners(g)
    mentors = build_mentors(g, teachers)
    mentees = build_mentees(g)
    pair_rows = build_pairs(g, mentors, mentees)
    finish_mentees(g, mentees)
    parent_rows = build_parents(g, mentees)
    extras = build_extras(seed + 3, mentors, pair_rows, roles, mentees)
    mentor_parents, minor_publish = build_mentor_parents(seed + 5, mentors, g.used_fio)
    contacts = adult_mentee_contacts(seed + 7, mentees)
    teacher_of = class_teachers(seed + 11, [m.school_class for m in [*mentors, *mentees] if m.school_class],
                                g.used_fio)

    director, curator = roles["director"], roles["curator"]
    write_keyvalue(wb, schema, "org", dict(
        founder="Управление образования администрации Северогорского района",
        full_name="Муниципальное автономное общеобразовательное учреждение «Средняя "
                  "общеобразовательная школа № 7» города Северогорска",
        short_name="МАОУ «СОШ № 7»",
        address=f"{REGION}, {CITY}, ул. Школьная, д. 12",
        city=CITY,
        inn=inn_legal(g.rng), kpp="001201001", ogrn=ogrn(g.rng, 2002),
        phone="+7 (81234) 5-12-07", email=f"info@{SCHOOL_DOMAIN}", website=f"https://{SCHOOL_DOMAIN}",
        publish_pages=PUBLISH_PAGES,
        director=director.fio, curator=curator.fio, tech_support=roles["tech"].fio,
        period_start=2025, period_end=2027,
        basis_kind="приказ управления образования администрации Северогорского района",
        basis_number="112-од", basis_date=dt.date(2025, 8, 20),
        basis_title="О внедрении целевой модели наставничества в образовательных организациях "
                    "Северогорского района",
        order_year_start="заново с 1",
        consent_term="до окончания участия в программе наставничества и в течение одного года после её завершения",
        child_signs_from_age=14,
        council_protocol_number="1", council_protocol_date=dt.date(2025, 8, 29),
        orders_variant=ORDERS_VARIANT, **COUNCILS,
        pupils_10_18=640, pupils_15_18=205,
        young_teachers=sum(1 for m in mentees if m.category == "молодой педагог") + 2,
    ))
    write_table(wb, schema, "staff", staff_rows)
    write_table(wb, schema, "mentors", [dict(
        code=m.code, fio=m.person.fio, sex=m.person.sex, birth_date=m.person.birth, category=m.category,
        position=m.position, school_class=m.school_class, workplace=m.workplace, form=m.form,
        phone=m.phone, email=m.email, address=m.address, doc=extras["docs"].get(m.code),
        registry_date=m.registry_date, consent_issued=m.consent_issued, consent_date=m.consent_date,
        **publication(*(extras["publish"].get(m.code) or minor_publish.get(m.code) or (None, ""))),
        class_teacher=teacher_of.get(m.school_class),
    ) for m in mentors])
    write_table(wb, schema, "mentees", [dict(
        code=m.code, fio=m.person.fio, sex=m.person.sex, birth_date=m.person.birth, category=m.category,
        school_class=m.school_class, position=m.position, form=m.form, request=m.request,
        need_area=need_area(m.category, m.request),
        address=m.address, doc=m.doc, consent_issued=m.consent_issued, consent_date=m.consent_date,
        phone=contacts.get(m.code, ("", ""))[0], email=contacts.get(m.code, ("", ""))[1],
        **publication(*extras["mentee_publish"].get(m.code, (None, ""))),
        class_teacher=teacher_of.get(m.school_class),
    ) for m in mentees])
    write_table(wb, schema, "parents", parent_rows + mentor_parents)
    write_table(wb, schema, "pairs", pair_rows)
    write_table(wb, schema, "working_group", [
        dict(member=director.fio, role="руководитель",
             duties="общее руководство внедрением целевой модели, утверждение документов"),
        dict(member=curator.fio, role="заместитель руководителя",
             duties="координация работы группы, формирование баз наставников и наставляемых, "
                    "мониторинг реализации программ наставничества"),
        dict(member=roles["secretary"].fio, role="секретарь",
             duties="ведение протоколов заседаний, подготовка отчётной документации"),
        dict(member=roles["deputy_vr"].fio, role="член группы",
             duties="организация наставничества в форме «ученик – ученик», взаимодействие с классными руководителями"),
        dict(member=roles["social"].fio, role="член группы",
             duties="работа с семьями обучающихся, сбор согласий родителей (законных представителей)"),
        dict(member=roles["adviser"].fio, role="член группы",
             duties="привлечение детских общественных объединений, информирование обучающихся"),
        dict(position="педагог-психолог", role="член группы",
             duties="психологическое сопровождение наставнических пар, анкетирование участников"),
        dict(member=roles["tech"].fio, role="член группы",
             duties="размещение информации о наставничестве на официальном сайте"),
    ])
    roadmap_rows = []
    for section, events in ROADMAP:
        for event, deadline, dates, responsible, result in events:
            row = dict(section=section, event=event, deadline=deadline, responsible=responsible, result=result,
                       indicator=ROADMAP_INDICATORS[event])
            if dates:
                row.update(start=dates[0], end=dates[1])
            if event in ROADMAP_END_ONLY:
                row.update(deadline=None, end=ROADMAP_END_ONLY[event])
            roadmap_rows.append(row)
    write_table(wb, schema, "roadmap", roadmap_rows)
    metrics = ["наставляемые 10–18 лет", "наставники 15–18 лет", "молодые педагоги-наставляемые",
               "удовлетворённость наставляемых", "удовлетворённость наставников", "наставники — работники партнёров"]
    write_table(wb, schema, "kpis", [
        {"name": name, "formula": formula, "unit": "%", "metric": metrics[i] if i < len(metrics) else None,
         **dict(zip(YEARS, values))}
        for i, (name, formula, values) in enumerate(KPIS)
    ], extra_columns=YEARS)
    for i, row in enumerate(partner_rows):
        row.update(representative_basis="Устава" if i % 2 == 0 else f"доверенности от 12.01.2026 № {i + 3}",
                   letter_number=f"01-12/{40 + i}", letter_date=dt.date(2026, 8, 18))
    for info, row in zip(PARTNERS, partner_rows):
        row.update(kind=PARTNER_KINDS[info["key"]])
    write_table(wb, schema, "partners", partner_rows)
    write_table(wb, schema, "access_measures", access_measure_rows())
    write_table(wb, schema, "mentor_school", extras["school"])
    write_table(wb, schema, "commission", extras["commission"])
    write_table(wb, schema, "protocols", extras["protocols"])
    write_table(wb, schema, "monitoring", MONITORING)
    signature = director.initials
    order_rows = [dict(number=n, date=d, title=t, signed_by=signature) for n, d, t in EARLIER_ORDERS]
    order_rows.append(dict(number="118-од", date=dt.date(2025, 9, 1), template="order_intro",
                           title="О внедрении целевой модели наставничества", signed_by=signature))
    for number, day, template, title in TARGET_MODEL_ORDERS:
        order_rows.append(dict(number=number, date=day, template=template, title=title, signed_by=signature))
    write_table(wb, schema, "orders", order_rows)

    wb.properties.title = "Реестр ЦМН — пример (вымышленная школа)"
    wb.active = 0
    return wb


def build_example(out: Path = DEFAULT_OUT, seed: int = SEED) -> Path:
    """Build the example workbook into ``out`` (overwriting it) and return the path."""
    out = Path(out)
    save_workbook(build_workbook(seed), out, timestamp=TIMESTAMP)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Собрать пример реестра вымышленной школы.")
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT,
                        help=f"куда записать книгу (по умолчанию {DEFAULT_OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    path = build_example(args.out)
    print(f"Пример реестра записан: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
