"""Property-based tests (hypothesis): parsers, validation, Russian names, the renderer.

Each property states what must hold for *any* input a spreadsheet or a template can hand
us: a typed value or a Russian :class:`~docgen.fieldtypes.CellError` / ``ValueError``,
never a Python crash; a problem always points at the cell that holds the bad value; a
rendered document always opens and shows data literally, never as markup or Jinja code.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import pytest
from docx import Document
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from docgen import api, ru as formatting
from docgen.plugins.catalog import catalog
from docgen.records import validate as records
from docgen.render.environment import make_env
from docgen.ooxml.a1 import column_letter
from docgen.records.fieldtypes import CellError, parse_cell, parse_percent
from docgen.ru.text import XML_ILLEGAL, clean_text, fold, is_blank
from docgen.workbook.reader import RawSheet, read_workbook
from docgen.render.template import CompiledTemplate
from docgen.schema.model import FIELD_TYPES, Field

CYRILLIC = re.compile("[А-Яа-яЁё]")
AS_OF = dt.date(2026, 11, 23)  # the example registry has no problems on this date
ALL_CASES = ("nom", "gen", "dat", "acc", "ins", "pre")

# DOCGEN_PROPERTY_SCALE=20 runs twenty times as many examples (a bug hunt, not for CI).
SCALE = max(1, int(os.environ.get("DOCGEN_PROPERTY_SCALE", "1")))
CHEAP = settings(max_examples=200 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MEDIUM = settings(max_examples=100 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RENDER = settings(max_examples=50 * SCALE, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def assert_russian(message: str) -> None:
    assert CYRILLIC.search(message), f"message is not Russian: {message!r}"


# --------------------------------------------------------------------------- strategies

# Hand-picked nasties: markup and Jinja syntax, XML-forbidden characters, bidi marks,
# combining marks, emoji, Excel errors, separators Python treats as line breaks.
NASTY = [
    "", " ", "\u00a0", "\t", "\n", "\r", "\r\n", "\x00", "\x0b", "\x1f", "\ufffe", "\uffff",
    "{{ 7*7 }}", "{% raw %}", "{% endraw %}", "{#", "#}", "{%tr endfor %}", "</w:t>",
    "</w:t></w:r></w:p>", "]]>", "<![CDATA[x]]>", "&amp;", "&", "<", ">", "\"'", "«»",
    "\u200f\u202eабв\u202c", "\u200d", "е\u0308", "й", "и\u0306", "👩‍👩‍👧", "🇷🇺", "\U0010ffff",
    "\u2028", "\u2029", "\x85", "\u3000", "\u2007", "\u202f", "ǰ", "ΐ", "İ", "ß", "²", "⑨",
    "١٢.٠٣.٢٠٢٠", "#N/A", " #ref! ", "nan", "inf", "-inf", "1e400", "1,5", "0,45", "45 %",
    "Иванов Иван Иванович", "7 «А»", "01.09.2012", "2012-09-01", "31.02.2020", "м", "Ж.",
]

any_text = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60),
    # dense in what matters here: C0/C1 controls, Latin, combining marks, Cyrillic
    st.text(alphabet=st.characters(max_codepoint=0x52F, exclude_categories=("Cs",)), max_size=30),
    st.sampled_from(NASTY),
    st.lists(st.sampled_from(NASTY), max_size=6).map("".join),
    # very long strings
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=8), st.integers(200, 3000)),
)

# Readers return 64-bit integers at most (calamine: i64; openpyxl: what Excel stores).
cell_value = st.one_of(
    any_text,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([float("nan"), float("inf"), -float("inf"), 0.45, 1e308, -0.0, 45.0]),
    st.dates(),
    st.datetimes(),
    st.times(),  # calamine returns time and duration cells too
    st.timedeltas(),
    st.booleans(),
    st.none(),
)


def field_for(ftype: str) -> Field:
    """A field of each type as the schema would build it."""
    return Field(
        key="k", header="Поле", type=ftype,
        choices=("наставник", "Учитель – учитель", "ёлка") if ftype == "choice" else (),
        digits=(4, 6, 10) if ftype == "digits" else (),
        ref="staff" if ftype == "ref" else None,
        min=-5 if ftype == "integer" else None,
        max=1000 if ftype == "integer" else None,
    )


FIELDS = {t: field_for(t) for t in FIELD_TYPES}


# --------------------------------------------------------------------------- 1. cell parsers


@pytest.mark.parametrize("value", ["²", "⑨", "9" * 5000])
def test_parse_date_digit_like_text(value: str) -> None:
    """Text that str.isdigit() accepts but int() refuses (superscripts, circled digits, 5000 digits)."""
    with pytest.raises(CellError):
        parse_cell(value, FIELDS["date"])


@CHEAP
@given(value=cell_value, ftype=st.sampled_from(FIELD_TYPES))
@example(value="١٢.٠٣.٢٠٢٠", ftype="date")  # Arabic-Indic digits: \d and int() agree
@example(value=float("nan"), ftype="percent")
@example(value=float("inf"), ftype="date")
@example(value="1e400", ftype="integer")
@example(value=True, ftype="integer")
def test_parse_cell_returns_value_or_russian_cell_error(value: Any, ftype: str) -> None:
    try:
        parse_cell(value, FIELDS[ftype])
    except CellError as exc:
        assert_russian(str(exc))


@CHEAP
@given(value=cell_value)
def test_clean_text_is_xml_safe_and_idempotent(value: Any) -> None:
    text = clean_text(value)
    assert isinstance(text, str)
    assert not XML_ILLEGAL.search(text)
    assert "\r" not in text
    assert text == text.strip(" \t\u00a0")
    assert clean_text(text) == text


@CHEAP
@given(value=cell_value)
def test_fold_and_is_blank(value: Any) -> None:
    key = fold(value)
    assert isinstance(key, str)
    assert fold(key) == key
    assert not XML_ILLEGAL.search(key)
    assert is_blank(value) in (True, False)
    assert is_blank(value, ("-", "нет")) in (True, False)
    if isinstance(value, str):
        assert is_blank(value) == (clean_text(value) == "")


@lru_cache(maxsize=1)
def schema_choices() -> tuple[tuple[Field, str], ...]:
    return tuple((f, c) for sheet in catalog().registry_schema.sheets for f in sheet.fields
                 if f.type == "choice" for c in f.choices)


@CHEAP
@given(data=st.data(), style=st.sampled_from(["upper", "lower", "title"]),
       pad=st.sampled_from(["", " ", "\u00a0", "  \t"]), dash=st.sampled_from(["-", "–", "—", " - "]))
def test_choices_are_recognised_however_typed(data, style: str, pad: str, dash: str) -> None:
    f, choice = data.draw(st.sampled_from(schema_choices()))
    typed = getattr(choice, style)() if style != "title" else choice[:1].upper() + choice[1:]
    typed = re.sub(r"\s*[–—-]\s*", dash, typed).replace("ё", "е")
    assert parse_cell(pad + typed + pad, f) == choice


@CHEAP
@given(number=st.integers(1, 11), letter=st.sampled_from(["", *"АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"]),  # no Ё: folded to Е
       form=st.sampled_from(["{n}{l}", "{n} «{l}»", "{n}-{l}", "{n} {l} класс", '{n}"{l}"', "{n}\u00a0«{l}»"]))
def test_school_class_round_trips(number: int, letter: str, form: str) -> None:
    from docgen.ru import SchoolClass

    klass = SchoolClass(number, letter)
    assert parse_cell(str(klass), FIELDS["school_class"]) == klass
    typed = form.format(n=number, l=letter.lower()) if letter else str(number)
    assert parse_cell(typed, FIELDS["school_class"]) == klass


@CHEAP
@given(day=st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_round_trip(day: dt.date) -> None:
    f = FIELDS["date"]
    assert parse_cell(day.strftime("%d.%m.%Y"), f) == day
    assert parse_cell(f"{day.day}.{day.month}.{day.year} г.", f) == day
    assert parse_cell(day.isoformat(), f) == day
    assert parse_cell(float((day - dt.date(1899, 12, 30)).days), f) == day  # Excel serial
    assert parse_cell(dt.datetime.combine(day, dt.time(13, 5)), f) == day
    assert formatting.date_num(day) == day.strftime("%d.%m.%Y")
    assert formatting.parse_date(formatting.date_num(day)) == day


# --------------------------------------------------------------------------- 2. validation


@lru_cache(maxsize=1)
def example_workbook() -> tuple[RawSheet, ...]:
    return tuple(read_workbook(api.example_registry()))


@lru_cache(maxsize=1)
def workbook_values() -> tuple[Any, ...]:
    """Every distinct non-empty cell of the example: codes, names, headers, dates."""
    seen: dict[Any, None] = {}
    for sheet in example_workbook():
        for row in sheet.rows:
            for v in row:
                if v not in ("", None):
                    seen.setdefault(v, None)
    return tuple(seen)


def _changed_target(raw: RawSheet, sheet, r: int, c: int):
    """What the validator reads cell (r, c) as: a Field, a year column's header (str) on
    «Показатели», or None (header rows, column A of a key–value sheet, unused columns).
    Mirrors records.keyvalue/records.table, using their own header lookup."""
    if sheet.kind == "keyvalue":
        if c != 2:
            return None
        by_header = {fold(h): f for f in sheet.fields for h in f.headers}
        seen: set[str] = set()
        for rr, line in enumerate(raw.rows, start=1):
            f = by_header.get(records._header_key(line[0] if line else ""))
            if f is None or f.key in seen:
                continue
            seen.add(f.key)
            if rr == r:
                return f
        return None
    header_row, columns = records.find_header_row(raw, sheet)
    if r <= header_row:
        return None
    for key, col in columns.items():
        if col == c:
            return sheet.field(key)
    if sheet.year_columns is not None:
        text = clean_text(raw.cell(header_row, c))
        if records._YEAR_HEADER.match(text) and c not in columns.values():
            return text
    return None


@st.composite
def workbook_edit(draw):
    raw = example_workbook()
    index = draw(st.sampled_from([i for i, s in enumerate(raw) if s.rows]))
    sheet = raw[index]
    r = draw(st.integers(1, len(sheet.rows)))
    width = max(len(sheet.rows[r - 1]), 1)
    c = draw(st.integers(1, width + 1))  # one column past the used area too
    value = draw(st.one_of(cell_value, st.sampled_from(workbook_values())))
    return index, r, c, value


@MEDIUM
@given(edit=workbook_edit())
@example(edit=(2, 5, 1, "{{ 7*7 }}"))
def test_validate_never_raises_and_points_at_the_changed_cell(edit) -> None:
    index, r, c, value = edit
    raw = list(example_workbook())
    old = raw[index]
    rows = list(old.rows)
    line = list(rows[r - 1])
    line.extend([""] * (c - len(line)))
    line[c - 1] = value
    rows[r - 1] = line
    raw[index] = RawSheet(name=old.name, rows=rows)
    schema = catalog().registry_schema

    _registry, problems = records.validate(raw, schema, Path("r.xlsx"), AS_OF)

    names = {s.name for s in schema.sheets}
    address = f"{column_letter(c)}{r}"
    for p in problems:
        assert_russian(p.message)
        assert p.sheet in names
        assert p.cell is None or re.fullmatch(r"[A-Z]+[1-9][0-9]*", p.cell), p
        assert isinstance(str(p), str) and isinstance(p.to_dict(), dict)

    sheet = next((s for s in schema.sheets if fold(s.name) == fold(old.name)), None)
    if sheet is None:
        return  # «Инструкция»: not validated
    target = _changed_target(raw[index], sheet, r, c)
    event(f"changed cell read as: {'nothing' if target is None else 'year' if isinstance(target, str) else 'field'}")
    if target is None:
        return
    header = target if isinstance(target, str) else target.header
    # Whatever is said about the changed cell's column in its row is said about that cell.
    for p in problems:
        if p.sheet == sheet.name and p.row == r and p.column == header and p.cell is not None:
            assert p.cell == address, (p, address)
    # A value the parser refuses is reported at exactly the changed cell.
    if value is None or value == "" or (isinstance(value, str) and is_blank(value, schema.blank_values)):
        return
    try:
        if isinstance(target, str):
            parse_percent(value, sheet.fields[0])
        else:
            parse_cell(value, target)
    except CellError as exc:
        event("changed cell refused by its parser")
        assert any(p.sheet == sheet.name and p.cell == address and p.message == str(exc)
                   for p in problems), (address, str(exc), problems)


# --------------------------------------------------------------------------- 3. names, cases

CASE_NAMES = st.one_of(st.sampled_from([*ALL_CASES, "род. п.", "Дательный падеж", "твор"]), any_text)
SEXES = st.one_of(st.sampled_from([None, "м", "ж", "М", "жен.", "female", ""]), any_text)
NUMBERS = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([float("nan"), float("inf"), 1.5, 21, 0, -3]),
    any_text,
    st.none(),
)


CYR = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
POSITION_WORDS = ["учитель", "заместитель", "директора", "по", "УВР", "старший", "вожатый",
                  "педагог-психолог", "учитель-логопед", "классный", "руководитель", "и.о.",
                  "главный", "бухгалтер", "ответственный", "ознакомлен", "МБОУ", "«СОШ", "№", "5»",
                  "социальный", "педагог", "тьютор", "именуемый", "в", "дальнейшем", "вице-президент"]
russian_phrase = st.lists(
    st.one_of(st.sampled_from(POSITION_WORDS), st.text(alphabet=CYR, min_size=1, max_size=12)),
    min_size=1, max_size=5,
).flatmap(lambda ws: st.sampled_from([" ", ", ", "-", "  "]).map(lambda sep: sep.join(ws)))


def ok_or_russian_value_error(fn: Callable, *args: Any) -> Any:
    try:
        result = fn(*args)
    except ValueError as exc:
        assert_russian(str(exc))
        return None
    assert isinstance(result, (str, tuple, int, type(None)))
    return result


@CHEAP
@given(text=st.one_of(any_text, russian_phrase,
                      st.lists(st.sampled_from(["Иванова", "О.И.", "О.", "И.", "Ж.-Ж.", "оглы", "кызы",
                                                "Ольга", "Ивановна", "ИЛЬИЧ", "-", "."]),
                               max_size=4).map(" ".join)),
       case=CASE_NAMES, sex=SEXES)
@example(text="Иванов Иван", case="dat", sex=None)
@example(text="- -", case="gen", sex=None)
@example(text="Иванова О.И.", case="gen", sex="ж")
def test_name_functions_never_crash(text: str, case: str, sex: Any) -> None:
    for fn in (formatting.fio_case, formatting.initials, formatting.initials_first):
        ok_or_russian_value_error(fn, text, case, sex)
    parts = formatting.split_fio(text)
    assert isinstance(parts, tuple) and len(parts) == 3 and all(isinstance(p, str) for p in parts)
    result = ok_or_russian_value_error(formatting.detect_sex, text, sex)
    assert result in (None, "м", "ж")
    ok_or_russian_value_error(formatting.normalize_sex, text)
    ok_or_russian_value_error(formatting.parse_case, text)


@MEDIUM
@given(text=st.one_of(any_text, russian_phrase), case=CASE_NAMES, sex=SEXES)
@example(text="старший вожатый", case="dat", sex="ж")
@example(text="ёжик-ёжик ёж", case="acc", sex=None)
def test_morphology_functions_never_crash(text: str, case: str, sex: Any) -> None:
    def layout(t: str) -> list[str]:  # spaces and commas between the words
        return re.split(r"[^\s,]+", t.strip())

    for result in (ok_or_russian_value_error(formatting.position_case, text, case),
                   ok_or_russian_value_error(formatting.agree, text, sex, case)):
        if result is not None:
            assert layout(result) == layout(text), (text, result)
            assert len(result.split()) == len(text.split())
    assert formatting.position_case(text, "nom") == text.strip()


@CHEAP
@given(n=NUMBERS, words=st.lists(any_text, min_size=3, max_size=3), gender=SEXES, case=CASE_NAMES)
@example(n="abc", words=["а", "б", "в"], gender="м", case="nom")  # English ValueError before
@example(n=float("inf"), words=["а", "б", "в"], gender="м", case="nom")  # OverflowError before
@example(n=float("nan"), words=["а", "б", "в"], gender="ж", case="gen")
@example(n="1,5", words=["а", "б", "в"], gender="ж", case="gen")
@example(n=10**40, words=["а", "б", "в"], gender="м", case="nom")  # KeyError in num2words before
@example(n=1e-7, words=["а", "б", "в"], gender="м", case="nom")  # «1e-07»: int() ValueError before
@example(n=True, words=["а", "б", "в"], gender="м", case="nom")
def test_number_functions_never_crash(n: Any, words: list[str], gender: Any, case: str) -> None:
    ok_or_russian_value_error(formatting.plural, n, *words)
    ok_or_russian_value_error(formatting.count, n, *words)
    ok_or_russian_value_error(formatting.number_words, n, gender, case)


def test_number_words_regressions() -> None:
    assert formatting.number_words(0.1 + 0.2) == "ноль целых три десятых"
    assert formatting.number_words(-0.5) == "минус ноль целых пять десятых"  # sign was lost
    assert formatting.number_words("1 000,5") == "одна тысяча целых пять десятых"
    assert formatting.number_words(1_000_000, "ж") == "один миллион"  # was «одна миллион»
    assert formatting.number_words(2_002, "ж", "gen") == "двух тысяч двух"
    assert formatting.number_words(1_000_001.5) == "один миллион одна целая пять десятых"  # «одна миллион»
    assert formatting.number_words(1e-7) == "ноль"  # int('1e-07') ValueError before
    assert formatting.number_words("12345678901234567890123456789012.5").endswith(  # 28-digit context
        "семьсот восемьдесят девять тысяч двенадцать целых пять десятых")
    assert formatting.count("5", "наставник", "наставника", "наставников") == "5\u00a0наставников"
    for bad in ("abc", float("nan"), float("inf"), None, 10**33):
        with pytest.raises(ValueError, match="[Чч]исл"):
            formatting.plural(bad, "а", "б", "в")


@CHEAP
@given(n=st.integers(min_value=-(10**30), max_value=10**30),
       gender=st.sampled_from(["м", "ж", "с"]), case=st.sampled_from(ALL_CASES))
@example(n=1_000_000, gender="ж", case="nom")
@example(n=2_000_000_000, gender="с", case="gen")
def test_number_words_gender_agrees_with_units_only(n: int, gender: str, case: str) -> None:
    words = formatting.number_words(n, gender, case)
    assert words and CYRILLIC.search(words)
    assert words.startswith("минус ") == (n < 0)
    high, low = divmod(abs(n), 1000)
    if high:  # thousands, millions… keep their own gender: only the last group changes
        head = formatting.number_words(high * 1000, "м", case)
        assert words.removeprefix("минус ").startswith(head), (words, head)
        if low:
            assert words.endswith(" " + formatting.number_words(low, gender, case))


@CHEAP
@given(d=st.one_of(any_text, st.dates(), st.datetimes(), st.integers(), st.none()), case=CASE_NAMES)
@example(d="1.1.1", case="nom")
@example(d="31.12.9999", case="nom")
def test_date_and_class_functions_never_crash(d: Any, case: str) -> None:
    for fn in (formatting.date_num, formatting.date_words, formatting.date_quoted,
               formatting.month_year, formatting.date_full_words):
        ok_or_russian_value_error(fn, d)
    ok_or_russian_value_error(formatting.school_class, d, d, case)
    ok_or_russian_value_error(formatting.age_on, d, AS_OF)


@CHEAP
@given(n=st.integers(min_value=-(10**12), max_value=10**12))
def test_plural_forms_follow_russian_rules(n: int) -> None:
    form = formatting.plural(n, "one", "few", "many")
    last, last2 = abs(n) % 10, abs(n) % 100
    expected = ("one" if last == 1 and last2 != 11 else
                "few" if 2 <= last <= 4 and not 12 <= last2 <= 14 else "many")
    assert form == expected
    assert formatting.count(n, "one", "few", "many") == f"{n}\u00a0{expected}"


@CHEAP
@given(whole=st.integers(0, 10**20), digits=st.integers(1, 6), data=st.data(),
       negative=st.booleans(), gender=st.sampled_from(["м", "ж", "с"]))
def test_number_words_fractions(whole: int, digits: int, data, negative: bool, gender: str) -> None:
    from decimal import Decimal

    numerator = data.draw(st.integers(1, 10**digits - 1))
    value = Decimal(whole) + Decimal(numerator).scaleb(-digits)
    text = f"{'-' if negative else ''}{value}".replace(".", ",")
    words = formatting.number_words(text, gender, "gen")  # fractions: nominative, feminine
    point = "целая" if whole % 10 == 1 and whole % 100 != 11 else "целых"
    head = ("минус " if negative else "") + formatting.number_words(whole, "ж") + f" {point} "
    assert words.startswith(head), (text, words)
    assert words.endswith(("ая", "ых")), (text, words)  # «пять десятых», «одна сотая»


# Well-formed Russian names: (male, female) pairs.
SURNAMES = [
    ("Иванов", "Иванова"), ("Королёв", "Королёва"), ("Соловьёв", "Соловьёва"),
    ("Смирнов", "Смирнова"), ("Кузнецов", "Кузнецова"), ("Лебедев", "Лебедева"),
    ("Дундуков", "Дундукова"), ("Пушкин", "Пушкина"), ("Ильин", "Ильина"),
    ("Толстой", "Толстая"), ("Достоевский", "Достоевская"), ("Горький", "Горькая"),
    ("Шевченко", "Шевченко"), ("Черных", "Черных"), ("Белых", "Белых"),
    ("Петров-Водкин", "Петрова-Водкина"), ("Римский-Корсаков", "Римская-Корсакова"),
    ("Салтыков-Щедрин", "Салтыкова-Щедрина"), ("Ковалёв", "Ковалёва"), ("Зайцев", "Зайцева"),
]
MALE_NAMES = ["Иван", "Пётр", "Артём", "Семён", "Алексей", "Сергей", "Андрей", "Дмитрий",
              "Николай", "Михаил", "Илья", "Никита", "Лев", "Павел", "Фёдор", "Юрий", "Игорь",
              "Олег", "Константин", "Григорий"]
FEMALE_NAMES = ["Ольга", "Анна", "Мария", "Алёна", "Наталья", "Елена", "Татьяна", "Ирина",
                "Светлана", "Юлия", "Ксения", "Дарья", "Любовь", "Софья", "Екатерина", "Вера",
                "Надежда", "Лидия", "Полина", "Марина"]
PATRONYMICS = [
    ("Иванович", "Ивановна"), ("Петрович", "Петровна"), ("Семёнович", "Семёновна"),
    ("Артёмович", "Артёмовна"), ("Алексеевич", "Алексеевна"), ("Сергеевич", "Сергеевна"),
    ("Андреевич", "Андреевна"), ("Дмитриевич", "Дмитриевна"), ("Николаевич", "Николаевна"),
    ("Михайлович", "Михайловна"), ("Ильич", "Ильинична"), ("Никитич", "Никитична"),
    ("Львович", "Львовна"), ("Павлович", "Павловна"), ("Фёдорович", "Фёдоровна"),
    ("Юрьевич", "Юрьевна"), ("Игоревич", "Игоревна"), ("Олегович", "Олеговна"),
    ("Кузьмич", "Кузьминична"), ("Саввич", "Саввична"),
]
STYLES = {"title": lambda s: s, "upper": str.upper, "lower": str.lower}


@st.composite
def russian_fio(draw):
    sex = draw(st.sampled_from(["м", "ж"]))
    k = 0 if sex == "м" else 1
    last = draw(st.sampled_from(SURNAMES))[k]
    first = draw(st.sampled_from(MALE_NAMES if sex == "м" else FEMALE_NAMES))
    middle = draw(st.sampled_from(PATRONYMICS))[k]
    style = draw(st.sampled_from(sorted(STYLES)))
    words = [STYLES[style](w) for w in (last, first, middle)]
    sep = draw(st.sampled_from([" ", "  ", "\t", " \u00a0"]))
    pad = draw(st.sampled_from(["", " ", "\n"]))
    return pad + sep.join(words) + pad, " ".join(words), sex, style


def _has_style(text: str, style: str) -> bool:
    if style == "upper":
        return text == text.upper()
    # "lower" input prints in title case (capitals restored), so it is checked like "title"
    return all(part[:1].isupper() and part[1:] == part[1:].lower()
               for word in text.split(" ") for part in word.split("-"))


INITIALS_RE = re.compile(r"([^\s\u00a0]+)\u00a0([А-ЯЁ])\.([А-ЯЁ])\.")
INITIALS_FIRST_RE = re.compile(r"([А-ЯЁ])\.([А-ЯЁ])\.\u00a0([^\s\u00a0]+)")


@CHEAP
@given(person=russian_fio())
@example(person=("ПЕТРОВА-ВОДКИНА АЛЁНА АРТЁМОВНА", "ПЕТРОВА-ВОДКИНА АЛЁНА АРТЁМОВНА", "ж", "upper"))
@example(person=("королёв пётр семёнович", "королёв пётр семёнович", "м", "lower"))
def test_russian_fio_declines_in_every_case(person) -> None:
    raw, clean, sex, style = person
    if style == "lower":  # a name typed all small gets its capitals back (formatting._clean_name)
        clean = " ".join(formatting.names._title_word(w) for w in clean.split(" "))
    last, first, middle = clean.split(" ")
    assert formatting.split_fio(raw) == (last, first, middle)
    assert formatting.detect_sex(raw) == sex
    assert formatting.fio_case(raw, "nom") == clean  # the nominative round-trips
    title = " ".join(formatting.names._title_word(w) for w in clean.split(" "))
    for case in ALL_CASES:
        form = formatting.fio_case(raw, case)
        assert form and len(form.split(" ")) == 3, (case, form)
        assert all(form.split(" ")), form
        assert _has_style(form, style), (case, form)
        # ALL CAPS and lower case decline exactly like the title-case spelling
        assert form.lower() == formatting.fio_case(title, case).lower(), (case, form)
        # an explicit sex that agrees with the patronymic changes nothing
        assert formatting.fio_case(raw, case, sex) == form
        d_last, d_first, d_middle = form.split(" ")
        if case == "gen":
            assert d_middle.lower().endswith("а" if sex == "м" else "ы"), form
        if last.lower() in ("шевченко", "черных", "белых"):
            assert d_last == last, form  # indeclinable
        elif case == "dat" and last.lower().endswith(("ов", "ев", "ёв", "ин", "ова", "ева", "ёва", "ина")):
            for part in d_last.lower().split("-"):  # both halves of a double surname
                assert part.endswith("у" if sex == "м" else "ой"), form
        m = INITIALS_RE.fullmatch(formatting.initials(raw, case))
        assert m, formatting.initials(raw, case)
        assert m.group(1) == d_last
        assert m.group(2) == first[0].upper() and m.group(3) == middle[0].upper()
        m = INITIALS_FIRST_RE.fullmatch(formatting.initials_first(raw, case))
        assert m, formatting.initials_first(raw, case)
        assert m.group(3) == d_last
        assert m.group(1) == first[0].upper() and m.group(2) == middle[0].upper()
        # «Фамилия И.О.» and «И.О. Фамилия» decline the surname alone, with the sex given
        short = formatting.initials(raw)
        assert formatting.initials(short, case, sex) == formatting.initials(raw, case)
        assert formatting.fio_case(short, case, sex) == formatting.initials(raw, case).replace("\u00a0", " ")
        signature = formatting.initials_first(raw)
        assert formatting.initials_first(signature, case, sex) == formatting.initials_first(raw, case)
    # without a patronymic the sex must be given; with it, every case is non-empty
    two = f"{last} {first}"
    with pytest.raises(ValueError, match="Пол"):
        formatting.fio_case(two, "dat")
    for case in ALL_CASES:
        assert len(formatting.fio_case(two, case, sex).split(" ")) == 2
    assert formatting.initials(two) == f"{last}\u00a0{first[0].upper()}."


# --------------------------------------------------------------------------- 4. renderer


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> CompiledTemplate:
    doc = Document()
    doc.add_paragraph("{{ v }}")
    table = doc.add_table(rows=3, cols=1)
    table.rows[0].cells[0].text = "{%tr for x in items %}"
    table.rows[1].cells[0].text = "{{ x }}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("[{{ v }}]")
    doc.sections[0].header.paragraphs[0].text = "{{ v }}"
    path = tmp_path_factory.mktemp("tpl") / "t.docx"
    doc.save(path)
    return CompiledTemplate(path, make_env(), "t")


def shown(value: str) -> str:
    """What a reader must see for ``value``: XML-forbidden characters dropped, every line
    break (\\n, \\r\\n, \\r) one Word break, tabs as tabs (python-docx reads breaks as \\n)."""
    return XML_ILLEGAL.sub("", value).replace("\r\n", "\n").replace("\r", "\n")


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_docx(data: bytes) -> Document:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(zf.read(name))
                # line breaks and tabs are Word elements, never raw characters in <w:t>
                for t in root.iter(f"{W}t"):
                    assert not re.search("[\r\n\t]", t.text or ""), (name, t.text)
    return Document(io.BytesIO(data))


def check_render(compiled: CompiledTemplate, v: str, items: list[str]) -> None:
    doc = check_docx(compiled.render({"v": v, "items": items}))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == shown(v)
    assert paragraphs[-1] == f"[{shown(v)}]"
    assert [row.cells[0].text for row in doc.tables[0].rows] == [shown(x) for x in items]
    assert doc.sections[0].header.paragraphs[0].text == shown(v)


# \r included: it becomes a break like \n (xml_finalize). \a and \f are a new paragraph and a page
# break, as in docxtpl (tests/render/test_dialect.py); a registry never holds them (records drop them).
text_without_cr = any_text.map(lambda s: s.replace("\a", "").replace("\f", ""))


@RENDER
@given(v=text_without_cr, items=st.lists(text_without_cr, max_size=4))
@example(v="{{ 7*7 }}", items=["{% raw %}", "{%tr endfor %}", "{{ v }}"])
@example(v="</w:t></w:r></w:p>", items=["]]>", "&amp;", "<![CDATA[x]]>"])
@example(v="{% raw %}{{ x }}{% endraw %}", items=[])
@example(v="a\tb\nc\x00d\x0b\ufffe", items=["\n", "\t", ""])
@example(v="\u202eабв\u200f 👩‍👩‍👧 е\u0308", items=["x" * 5000])
def test_render_shows_values_literally_in_a_valid_docx(compiled: CompiledTemplate, v: str,
                                                        items: list[str]) -> None:
    check_render(compiled, v, items)


@pytest.mark.parametrize("v", ["a\rb", "a\rb\nc", "a\r\nb\rc\td"])
def test_render_carriage_returns_become_breaks(compiled: CompiledTemplate, v: str) -> None:
    check_render(compiled, v, [v])


@RENDER
@given(v=st.one_of(st.integers(), st.floats(), st.dates(), st.booleans(), st.none()))
def test_render_non_text_values(compiled: CompiledTemplate, v: Any) -> None:
    doc = check_docx(compiled.render({"v": v, "items": [v]}))
    text = doc.paragraphs[0].text
    if v is None:
        assert text == ""
    elif isinstance(v, dt.date):
        assert text == formatting.date_num(v)
    elif isinstance(v, float) and v.is_integer():
        assert text == str(int(v))
    else:
        assert text == str(v)
