"""Hypothesis strategies and settings shared by the property tests (each now beside the
module it tests: ru/, records/, render/).

Each property states what must hold for *any* input a spreadsheet or a template can hand
us: a typed value or a Russian :class:`~docgen.records.fieldtypes.CellError` / ``ValueError``,
never a Python crash; a problem always points at the cell that holds the bad value; a
rendered document always opens and shows data literally, never as markup or Jinja code.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any, Callable

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

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
