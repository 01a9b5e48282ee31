"""Cell values → typed values, one parser per field type of the registry schema.

Readers hand us whatever the spreadsheet stored: ``str``, ``float`` (calamine returns
integers as ``1.0``), ``int``, ``bool``, ``date``/``datetime``. Each parser returns the typed
value or raises :class:`CellError` with a Russian sentence saying what is wrong and how to
fix it; the caller adds the place (sheet, cell) and collects every problem.
"""

from __future__ import annotations

import re
from functools import lru_cache
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Callable

from .registry import UncalculatedFormula, column_letter  # noqa: F401 — column_letter re-exported
from .schema import Field

EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_ERRORS = ("#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!", "#CALC!")
# XML 1.0 forbids these; a .docx containing one does not open, so they never pass into a record.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_DASHES = re.compile(r"\s*[-‐‑‒–—―]\s*")


class CellError(ValueError):
    """A value that cannot be accepted; ``str()`` is the Russian explanation."""


@dataclass(frozen=True, order=True)
class SchoolClass:
    """A school class such as 7 «А»: parallel (1–11) and letter (may be empty)."""

    number: int
    letter: str = ""

    def __str__(self) -> str:
        return f"{self.number}\u00a0«{self.letter}»" if self.letter else str(self.number)



def clean_text(value: Any) -> str:
    """Text as a person meant it: no XML-illegal characters, single spaces, no padding.

    Line breaks inside a cell (Alt+Enter) are kept, because roadmap events and duties are
    often written on several lines.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return _clean_cached(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool):
        value = "ИСТИНА" if value else "ЛОЖЬ"  # as Russian Excel shows it, not Python's True
    elif isinstance(value, (datetime, date)):
        value = value.strftime("%d.%m.%Y")
    elif isinstance(value, time):
        value = value.strftime("%H:%M")
    elif isinstance(value, timedelta):
        minutes = int(value.total_seconds() // 60)
        value = f"{minutes // 60}:{minutes % 60:02d}"
    return _clean_str(str(value))


def display_value(value: Any) -> Any:
    """A cell's value as a problem message shows it: dates as 01.09.2012, not 2012-09-01 00:00:00."""
    if isinstance(value, (datetime, date, time, timedelta, bool, UncalculatedFormula)):
        return str(value) if isinstance(value, UncalculatedFormula) else clean_text(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)  # calamine reads every number as float: 12345, not 12345.0
    return value


@lru_cache(maxsize=1 << 17)
def _clean_cached(value: str) -> str:
    """Cached: a cell's text is cleaned by the blank check and again by its parser."""
    # Fast path for the common case (names, codes, dates typed as text): printable means no
    # control characters, tabs, line breaks or special spaces (NBSP is not "printable").
    if (value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " "
            and unicodedata.is_normalized("NFC", value)):
        return value
    return _clean_str(value)


def _clean_str(text: str) -> str:
    text = XML_ILLEGAL.sub("", text)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


@lru_cache(maxsize=65536)
def _fold_str(text: str) -> str:
    text = clean_text(text).casefold().replace("ё", "е")
    text = _DASHES.sub("-", text)
    return re.sub(r"\s+", " ", text)


def fold(text: str) -> str:
    """Key for tolerant comparison: case, ё/е, spaces and dash styles do not matter.

    Cached: the same values (classes, forms, codes, headers) are folded again and again.
    """
    return _fold_str(text if isinstance(text, str) else clean_text(text))


def is_blank(value: Any, blank_values: tuple[str, ...] = ()) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        text = clean_text(value)
        return not text or text in blank_values
    return False


def excel_error(value: Any) -> str | None:
    if isinstance(value, str) and value.lstrip()[:1] == "#" and value.strip().upper() in EXCEL_ERRORS:
        return value.strip().upper()
    return None


# --------------------------------------------------------------------------- parsers


def parse_text(value: Any, field: Field) -> str:
    return clean_text(value)


_DATE_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?:\s*г\.?)?$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_DATE_HINT = "Пишите дату как ДД.ММ.ГГГГ, например 01.09.2012."


def _make_date(year: int, month: int, day: int, shown: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"Такой даты не существует: {shown}. {_DATE_HINT}") from None


def parse_date(value: Any, field: Field) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # An Excel serial day number (the cell lost its date format).
        if 1 <= value <= 2958465 and float(value).is_integer():
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError(f"Число {value} не похоже на дату. {_DATE_HINT}")
    text = clean_text(value)
    m = _DATE_DMY.match(text)
    if m:
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        if year < 100:
            raise CellError(f"Год записан двумя цифрами: {text}. {_DATE_HINT}")
        return _make_date(year, month, day, text)
    m = _DATE_ISO.match(text)
    if m:
        return _make_date(int(m[1]), int(m[2]), int(m[3]), text)
    if text.isdecimal() and len(text) <= 7:  # a serial day number typed as text; not «²» or 5000 digits
        return parse_date(int(text), field)
    raise CellError(f"Не похоже на дату. {_DATE_HINT}")


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise CellError("Ожидалось число.")
    if isinstance(value, (int, float)):
        return float(value)
    text = clean_text(value).replace(" ", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise CellError("Ожидалось число.") from None


def parse_integer(value: Any, field: Field) -> int:
    number = _number(value)
    if not number.is_integer():
        raise CellError("Ожидалось целое число.")
    result = int(number)
    if field.min is not None and result < field.min:
        raise CellError(f"Число должно быть не меньше {field.min}.")
    if field.max is not None and result > field.max:
        raise CellError(f"Число должно быть не больше {field.max}.")
    return result


def parse_year(value: Any, field: Field) -> int:
    try:
        year = parse_integer(value, field)
    except CellError:
        raise CellError("Ожидался год четырьмя цифрами, например 2025.") from None
    if not 2000 <= year <= 2100:
        raise CellError("Ожидался год четырьмя цифрами, например 2025.")
    return year


def parse_percent(value: Any, field: Field) -> float:
    """Percent as a number of percents: 45 and «45 %» mean 45 %.

    A cell formatted as a percentage in Excel stores a fraction (0.45); a non-integer
    between 0 and 1 is therefore read as a fraction.
    """
    if isinstance(value, str) and value.strip().endswith("%"):
        number = _number(value.strip().rstrip("%"))
    else:
        number = _number(value)
        if 0 < number < 1:
            number *= 100
    if not 0 <= number <= 100:
        raise CellError("Процент должен быть от 0 до 100.")
    return round(number, 2)


def parse_choice(value: Any, field: Field) -> str:
    text = fold(value)
    for choice in field.choices:
        if fold(choice) == text:
            return choice
    allowed = "; ".join(f"«{c}»" for c in field.choices)
    raise CellError(f"Такого значения нет в списке. Выберите одно из: {allowed}.")


def parse_sex(value: Any, field: Field) -> str:
    text = fold(value).rstrip(".")
    if text in ("м", "муж", "мужской", "m", "male"):
        return "м"
    if text in ("ж", "жен", "женский", "f", "female"):
        return "ж"
    raise CellError("Пол пишется буквой «м» или «ж».")


_CLASS_RE = re.compile(
    r"^(\d{1,2})\s*[-‐‑–—]?\s*[«\"'“„]?\s*([а-яё]?)\s*[»\"'”“]?\s*(?:кл(?:асс|\.)?)?$"
)


def parse_school_class(value: Any, field: Field) -> SchoolClass:
    text = fold(value)
    m = _CLASS_RE.match(text)
    if not m or not 1 <= int(m[1]) <= 11:
        raise CellError("Класс пишется как 7 «А», 7А или 7-А (параллель от 1 до 11 и буква).")
    return SchoolClass(int(m[1]), m[2].upper())


def parse_digits(value: Any, field: Field) -> str:
    lengths = " или ".join(str(n) for n in field.digits)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"[\s\u00a0-]", "", clean_text(value))
    if not text.isdigit():
        raise CellError(f"Ожидалось {lengths} цифр без букв.")
    if len(text) not in field.digits:
        hint = ""
        if not isinstance(value, str):
            hint = " Если номер начинается с нуля, введите его как текст (с апострофом: '0412)."
        raise CellError(f"Ожидалось {lengths} цифр, а их {len(text)}.{hint}")
    return text


_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_email(value: Any, field: Field) -> str:
    text = clean_text(value)
    if not _EMAIL_RE.match(text):
        raise CellError("Не похоже на адрес электронной почты (имя@домен.ru).")
    return text


def parse_phone(value: Any, field: Field) -> str:
    text = clean_text(value)
    digits = re.sub(r"\D", "", text)
    if not 5 <= len(digits) <= 15:
        raise CellError("Не похоже на номер телефона: в нём должно быть от 5 до 15 цифр.")
    return text


PARSERS: dict[str, Callable[[Any, Field], Any]] = {
    "text": parse_text,
    "ref": parse_text,  # resolved against the referenced sheet later, in records.py
    "date": parse_date,
    "integer": parse_integer,
    "year": parse_year,
    "percent": parse_percent,
    "choice": parse_choice,
    "sex": parse_sex,
    "school_class": parse_school_class,
    "digits": parse_digits,
    "email": parse_email,
    "phone": parse_phone,
}


# Field types whose values are never dates: a date in such a cell is Excel's auto-conversion
# («7.1» → 07.янв, «1-2» → 01.фев), and printing it would silently change the value.
_NOT_DATES = ("integer", "year", "percent", "choice", "sex", "school_class", "digits", "email", "phone")


def check_formula(value: Any) -> None:
    """Raise CellError for a cell that shows a formula's error or holds an unsaved formula."""
    if isinstance(value, UncalculatedFormula):
        raise CellError(
            f"В ячейке формула «{value}», но её результат не сохранён в файле (файл записан "
            "программой, а не Excel или LibreOffice). Откройте файл в Excel или LibreOffice и "
            "сохраните его — формулы пересчитаются; или замените формулу значением.")
    error = excel_error(value)
    if error:
        raise CellError(f"В ячейке ошибка формулы {error}. Исправьте формулу или введите значение.")


def parse_cell(value: Any, field: Field) -> Any:
    """Parse one non-blank cell for ``field``; raise CellError when it cannot be accepted."""
    kind = type(value)
    if kind is float or kind is int or (kind is str and "#" not in value):
        return PARSERS[field.type](value, field)  # the usual cell: one type test, no more
    check_formula(value)
    if field.type in _NOT_DATES and isinstance(value, (date, time, timedelta)):
        raise CellError(
            f"Excel или LibreOffice превратил значение в дату или время ({clean_text(value)}). "
            "Введите его как текст: с апострофом в начале (например '7.1) или задайте ячейке "
            "текстовый формат.")
    return PARSERS[field.type](value, field)
