"""Cell values → typed values, one parser per field type of the registry schema.

Readers hand us whatever the spreadsheet stored: ``str``, ``float`` (calamine returns
integers as ``1.0``), ``int``, ``bool``, ``date``/``datetime``. Each parser returns the typed
value or raises :class:`CellError` with a Russian sentence saying what is wrong and how to
fix it; the caller adds the place (sheet, cell) and collects every problem.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any, Callable

from docgen.ru.classes import SchoolClass, parse_class
from docgen.ru.dates import parse_date as _parse_date
from docgen.ru.names import normalize_sex
from docgen.ru.text import clean_text, fold
from docgen.schema.model import Field
from docgen.workbook.inspect import UncalculatedFormula

__all__ = ["EXCEL_ERRORS", "PARSERS", "CellError", "check_formula", "display_value", "excel_error", "parse_cell"]

EXCEL_ERRORS = ("#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!",
                "#CALC!")


class CellError(ValueError):
    """A value that cannot be accepted; ``str()`` is the Russian explanation."""


def display_value(value: Any) -> Any:
    """A cell's value as a problem message shows it: dates as 01.09.2012, not 2012-09-01 00:00:00."""
    if isinstance(value, (datetime, date, time, timedelta, bool, UncalculatedFormula)):
        return str(value) if isinstance(value, UncalculatedFormula) else clean_text(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)  # calamine reads every number as float: 12345, not 12345.0
    return value


def excel_error(value: Any) -> str | None:
    if isinstance(value, str) and value.lstrip()[:1] == "#" and value.strip().upper() in EXCEL_ERRORS:
        return value.strip().upper()
    return None


# --------------------------------------------------------------------------- parsers


def parse_text(value: Any, field: Field) -> str:
    return clean_text(value)


def parse_date(value: Any, field: Field) -> date:
    try:
        return _parse_date(value)
    except ValueError as exc:
        raise CellError(str(exc)) from None


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
    try:
        sex = normalize_sex(clean_text(value))
    except ValueError:
        sex = None
    if sex is None:
        raise CellError("Пол пишется буквой «м» или «ж».")
    return sex


def parse_school_class(value: Any, field: Field) -> SchoolClass:
    try:
        return parse_class(value)
    except ValueError as exc:
        raise CellError(str(exc)) from None


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


def parse_items(value: Any, field: Field) -> tuple[int, ...]:
    """Row numbers of a form's table ticked «да»: «1, 2, 4», «1;2;4», «1 2 4» → (1, 2, 4)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # «1,2» typed into a cell of Russian Excel becomes the number 1.2: its digits are the items
    text = clean_text(value).replace(".", ",") if isinstance(value, float) else clean_text(value)
    top = field.max or 0
    parts = [p for p in re.split(r"[\s,;]+", text) if p]
    error = CellError(f"Укажите номера строк через запятую, например «1, 2, 4» (от 1 до {top}).")
    if not parts or not all(re.fullmatch(r"[0-9]+", p) for p in parts):  # «²».isdigit() is true
        raise error
    numbers = [int(p) for p in parts]
    if len(set(numbers)) != len(numbers) or not all(1 <= n <= top for n in numbers):
        raise error
    return tuple(sorted(numbers))


_URL_RE = re.compile(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$")


def parse_urls(value: Any, field: Field) -> tuple[str, ...]:
    """One or more page addresses separated by «;» or line breaks."""
    raw = str(value).replace("\r", "\n")
    parts = [clean_text(p) for p in re.split(r"[;\n]+", raw)]
    urls = tuple(p for p in parts if p)
    for url in urls:
        if not _URL_RE.match(url):
            raise CellError(f"Адрес «{url}» не похож на адрес страницы сайта: он должен начинаться с "
                            "https:// (или http://) и содержать имя сайта.")
    if not urls:
        raise CellError("Укажите адрес страницы сайта, например https://school.ru/nastavnichestvo.")
    return urls


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
    "items": parse_items,
    "urls": parse_urls,
}


# Field types whose values are never dates: a date in such a cell is Excel's auto-conversion
# («7.1» → 07.янв, «1-2» → 01.фев), and printing it would silently change the value.
_NOT_DATES = ("integer", "year", "percent", "choice", "sex", "school_class", "digits", "email", "phone", "items",
              "urls")


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
