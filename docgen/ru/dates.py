"""Dates: the one parser of what people type, and the forms Russian paperwork prints.

:func:`parse_date` is used for every date docgen reads — registry cells, the order journal,
command-line options, template values — so a spelling accepted in one place is accepted in
all of them: a date value, an Excel serial day number (1900 or 1904 system), «01.09.2012»,
«1.9.2012», «01-09-2012», «01/09/2012», «01.09.2012 г.», ISO «2012-09-01» (with a time of day,
which is dropped), and a serial typed as text. Impossible dates (31.02) and two-digit years
are refused with a Russian message. babel prints month names (explicit patterns only: its
'long' format puts U+202F before «г.»).
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from docgen.ru.text import NBSP, clean_text

__all__ = ["DATE_HINT", "EPOCH_1904", "EXCEL_EPOCH", "age_on", "date_full_words", "date_num", "date_quoted",
           "date_words", "month_year", "parse_date"]

EXCEL_EPOCH = _dt.date(1899, 12, 30)
EPOCH_1904 = _dt.date(1904, 1, 1)
MAX_SERIAL = 2958465  # 31.12.9999 in Excel's day numbers
DATE_HINT = "Пишите дату как ДД.ММ.ГГГГ, например 01.09.2012."
_DATE_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?:\s*г\.?)?$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


def _make_date(year: int, month: int, day: int, shown: str) -> _dt.date:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"Такой даты не существует: {shown}. {DATE_HINT}") from None


def parse_date(value: Any, *, epoch: _dt.date = EXCEL_EPOCH) -> _dt.date:
    """The date a cell, an option or a template value means; ValueError (Russian) if none.

    ``epoch``: day 0 of serial numbers — Excel's 1900 system by default, ``EPOCH_1904`` for a
    workbook saved with the 1904 date system.
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # An Excel serial day number (the cell lost its date format).
        if 1 <= value <= MAX_SERIAL and float(value).is_integer():
            return epoch + _dt.timedelta(days=int(value))
        raise ValueError(f"Число {value} не похоже на дату. {DATE_HINT}")
    text = clean_text(value)
    m = _DATE_DMY.match(text)
    if m:
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        if year < 100:
            raise ValueError(f"Год записан двумя цифрами: {text}. {DATE_HINT}")
        return _make_date(year, month, day, text)
    m = _DATE_ISO.match(text)
    if m:
        return _make_date(int(m[1]), int(m[2]), int(m[3]), text)
    if text.isdecimal() and len(text) <= 7:  # a serial day number typed as text; not «²» or 5000 digits
        return parse_date(int(text), epoch=epoch)
    raise ValueError(f"Не похоже на дату. {DATE_HINT}")


def _to_date(d: Any) -> _dt.date | None:
    """A date for the formatting functions: ``None``/'' → ``None``, anything else as
    :func:`parse_date` reads it."""
    if d is None or d == "":
        return None
    try:
        return parse_date(d)
    except ValueError:
        raise ValueError(f"Не удалось распознать дату «{d}». Ожидается ДД.ММ.ГГГГ.") from None


def _babel_date(d: _dt.date, pattern: str) -> str:
    # Explicit patterns only: babel's 'long' format puts U+202F before «г.».
    from babel.dates import format_date  # noqa: PLC0415 — 50 ms at start-up: on the first month name

    return format_date(d, pattern, locale="ru")


def date_num(d: Any) -> str:
    """«18.11.2020» — the numeric form used in tables and forms."""
    day = _to_date(d)
    if day is None:
        return ""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def date_words(d: Any) -> str:
    """«18 ноября 2020\u00a0г.» — no leading zero, month in the genitive."""
    day = _to_date(d)
    if day is None:
        return ""
    return f"{_babel_date(day, 'd MMMM y')}{NBSP}г."


def date_quoted(d: Any) -> str:
    """\u00ab05\u00bb марта 2021\u00a0г. — the form used in orders and contracts."""
    day = _to_date(d)
    if day is None:
        return ""
    return f"«{day.day:02d}» {_babel_date(day, 'MMMM y')}{NBSP}г."


def month_year(d: Any) -> str:
    """«ноябрь 2020\u00a0г.» — nominative month, e.g. for report headers."""
    day = _to_date(d)
    if day is None:
        return ""
    return f"{_babel_date(day, 'LLLL y')}{NBSP}г."


def date_full_words(d: Any) -> str:
    """«восемнадцатое ноября две тысячи двадцатого года» — fully spelled date."""
    day = _to_date(d)
    if day is None:
        return ""
    from num2words import num2words  # noqa: PLC0415 — 40 ms at start-up: only when a date is spelled

    day_words = num2words(day.day, lang="ru", to="ordinal", gender="n")
    year_words = num2words(day.year, lang="ru", to="ordinal", case="genitive")
    return f"{day_words} {_babel_date(day, 'MMMM')} {year_words} года"


def age_on(birth: Any, on: Any) -> int:
    """Full years of age on date ``on`` (one less if the birthday has not come yet).

    Used for age limits in lists and reports; a missing date is an error
    because a silent 0 would look like a real age.
    """
    b = _to_date(birth)
    o = _to_date(on)
    if b is None or o is None:
        raise ValueError("Для расчёта возраста нужны дата рождения и дата, на которую считается возраст.")
    return o.year - b.year - ((o.month, o.day) < (b.month, b.day))
