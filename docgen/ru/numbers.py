"""Numbers in Russian text: the one plural rule (CLDR, through babel), counted nouns, words.

«5 наставников», «21 год», «триста семьдесят». Every plural in docgen — documents, messages,
the workbook's instructions — goes through :func:`plural`, so 11–14 and 111 are right
everywhere. babel and num2words are imported on first use.
"""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from typing import Any

from docgen.ru.cases import parse_case
from docgen.ru.text import NBSP

__all__ = ["count", "number_words", "plural", "years"]

@lru_cache(maxsize=1)
def _ru_locale() -> Any:
    from babel import Locale  # noqa: PLC0415 — 50 ms at start-up: on the first plural

    return Locale("ru")


def plural(n: int | float, one: str, few: str, many: str) -> str:
    """Choose the noun form for ``n``: 1 наставник, 2 наставника, 5 наставников.

    Uses CLDR plural rules via babel, so 11–14 and 111 are right.
    Fractions (CLDR category 'other') take the 'few' form: «1,5 наставника».
    """
    form = _ru_locale().plural_form(abs(_number(n)))
    return {"one": one, "few": few, "many": many}.get(form, few)


#: num2words spells Russian numbers below 10**33 (it fails with KeyError above); no count
#: or sum in a school document comes near it.
_MAX_NUMBER = 10**33


def _number(n: Any) -> int | float | Decimal:
    """A finite number from a template value: int, float, Decimal or text («1 000,5»).

    Anything else (text that is not a number, NaN, infinity, a number too large to spell)
    is a Russian ValueError, because the template author reads it.
    """
    value: Any = n
    if isinstance(n, str):
        text = n.replace(NBSP, "").replace(" ", "").replace(",", ".")
        try:
            value = Decimal(text)
        except ArithmeticError:  # decimal.InvalidOperation
            value = None
    if not isinstance(value, (int, float, Decimal)) or isinstance(value, bool):
        raise ValueError(f"Ожидалось число, а получено «{n}».")
    finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
    if not finite:
        raise ValueError(f"Ожидалось число, а получено «{n}».")
    magnitude: Any = abs(value)
    if magnitude >= _MAX_NUMBER:
        raise ValueError(f"Число «{n}» слишком большое.")
    return value


def _format_number(n: int | float | Decimal) -> str:
    """Russian rendering of a number: integral floats lose '.0', decimals use ','."""
    if isinstance(n, float) and n.is_integer():
        return str(int(n))
    return str(n).replace(".", ",")


def count(n: int, one: str, few: str, many: str) -> str:
    """«5\u00a0наставников»: the number and the agreeing noun, unbreakable."""
    return f"{_format_number(_number(n))}{NBSP}{plural(n, one, few, many)}"


_NUMBER_GENDERS = {
    "m": "m",
    "м": "m",
    "муж": "m",
    "мужской": "m",
    "male": "m",
    "masc": "m",
    "f": "f",
    "ж": "f",
    "жен": "f",
    "женский": "f",
    "female": "f",
    "femn": "f",
    "n": "n",
    "с": "n",
    "ср": "n",
    "средний": "n",
    "neut": "n",
    "neuter": "n",
}
_FRACTION_STEP = Decimal("0.000001")
_WIDE = Context(prec=60)  # room for 33 integer digits and 6 decimal places
_NUM2WORDS_CASES = {
    "nom": "nominative",
    "gen": "genitive",
    "dat": "dative",
    "acc": "accusative",
    "ins": "instrumental",
    "pre": "prepositional",
}


def _int_words(value: int, gender: str, case: str) -> str:
    """An integer in words; ``gender`` agrees with the units only.

    num2words applies the gender to every group («одна миллион», «две миллиона» for 'f');
    thousands, millions… have their own gender, so only the last three digits get ours.
    """
    from num2words import num2words  # noqa: PLC0415 — 40 ms at start-up: only when a number is spelled

    if gender == "m" or abs(value) < 1000:
        return num2words(value, lang="ru", gender=gender, case=case, animate=False)
    high, low = divmod(abs(value), 1000)
    words = num2words(high * 1000, lang="ru", gender="m", case=case, animate=False)
    if low:
        words += " " + num2words(low, lang="ru", gender=gender, case=case, animate=False)
    return ("минус " if value < 0 else "") + words


def number_words(n: int | float, gender: str = "m", case: str = "nom") -> str:
    """Spell a number in Russian words: 370 → «триста семьдесят».

    ``gender`` ('m'/'f'/'n', Russian 'м'/'ж'/'с' accepted) matters for 1 and 2
    («одна тысяча», «две недели»); ``case`` as in :func:`parse_case`.  The
    accusative is inanimate («на двадцать один день»).  Gender is normalised
    here because num2words maps Russian 'ж' to masculine.  Non-integer
    numbers are rounded to six decimal places and spelled by num2words in
    the nominative only.  Text that is not a number, NaN, infinity and
    numbers from 10**33 on are a Russian ValueError.
    """
    if n is None or n == "":
        return ""
    from num2words import num2words  # noqa: PLC0415 — 40 ms at start-up: only when a number is spelled

    key = str(gender).strip().lower().rstrip(".") if gender is not None else "m"
    g = _NUMBER_GENDERS.get(key)
    if g is None:
        raise ValueError(f"Неизвестный род «{gender}». Допустимо: м, ж, с.")
    c = _NUM2WORDS_CASES[parse_case(case)]
    value = _number(n)
    if isinstance(value, int):
        return _int_words(value, g, c)
    # Fractions: rounded to six decimal places, so float noise is not spelled (0.1 + 0.2 is
    # «ноль целых три десятых») and str() of the value, which num2words reads, is never in
    # exponent notation («1e-07» made it fail).
    exact = Decimal(repr(value)) if isinstance(value, float) else value
    exact = exact.quantize(_FRACTION_STEP, rounding=ROUND_HALF_UP, context=_WIDE)
    if exact == exact.to_integral_value():
        return _int_words(int(_number(int(exact))), g, c)  # 999…9.9999999 rounds up to the bound
    # Spelled here around num2words: it loses the sign of -0.5 and puts the integer part in
    # the feminine group by group («одна миллион целых»); «целая» is feminine, so the units are.
    magnitude = exact.copy_abs()
    whole = int(magnitude.to_integral_value(rounding=ROUND_DOWN))
    fraction = _WIDE.subtract(magnitude, Decimal(whole)).normalize(_WIDE)  # 0.5, 0.000001
    tail = num2words(fraction, lang="ru").removeprefix("ноль целых ")
    point = "целая" if whole % 10 == 1 and whole % 100 != 11 else "целых"
    sign = "минус " if exact < 0 else ""
    return f"{sign}{_int_words(whole, 'f', 'nominative')} {point} {tail}"


def years(n: int) -> str:
    """«21 год», «22 года», «70 лет» (an age in a message)."""
    return f"{n} {plural(n, 'год', 'года', 'лет')}"
