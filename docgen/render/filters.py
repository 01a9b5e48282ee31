"""The Russian filters templates use: {{ curator|fio('вин') }}, {{ n|plural_count('наставник', …) }}.

Filters that speak about a person accept either a person object from the context (then its
sex and hand-filled position cases are used) or a plain string. Each is a thin wrapper over
:mod:`docgen.ru`; what a filter cannot do is a Russian ValueError, which the renderer reports
with the template's name.
"""

from __future__ import annotations

import importlib.util
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from docgen.fsutil.cache import code_key, parsed
from docgen.ru import dates, morph, numbers
from docgen.ru.cases import parse_case
from docgen.ru.classes import SchoolClass, school_class
from docgen.ru.morph import agree, name_case, position_case
from docgen.ru.names import fio_case, initials, initials_first, normalize_sex
from docgen.ru.text import ru_sort_key

__all__ = ["FILTERS", "MORPHOLOGY_FILTERS", "withheld_text"]

#: Filters that need pymorphy3's dictionaries (0.2 s to load): a batch loads them on a second
#: thread while the workbook is read, only when a template uses one of these.
MORPHOLOGY_FILTERS = ("agree", "position", "name_case")


# --------------------------------------------------------------------------- person helpers


def withheld_text(name: str) -> str:
    """Why a template cannot read ``name``: context.View left it out (Russian, no final stop)."""
    return (f"поле «{name}» не описано в схеме шаблона (раздел fields), поэтому шаблон его не получает. "
            "Опишите его в схеме — тогда оно появится и в списке полей (docgen fields)")


def _read(obj: Any, name: str, default: Any) -> Any:
    """``getattr`` for filters, with the template's own limits: an attribute its schema does not
    declare (left out by context.View, named in ``_hidden``) stops the document with the reason
    instead of turning into an empty cell."""
    if name in getattr(obj, "__dict__", {}).get("_hidden", ()):
        raise ValueError(withheld_text(name))
    return getattr(obj, name, default)


def _name_and_sex(person: Any) -> tuple[str, str | None]:
    if person is None or person == "":
        return "", None
    if isinstance(person, str):
        return person, None
    return getattr(person, "fio", "") or "", getattr(person, "sex", None)


def f_fio(person: Any, case: str = "nom") -> str:
    name, sex = _name_and_sex(person)
    return fio_case(name, parse_case(case), sex) if name else ""


def f_initials(person: Any, case: str = "nom") -> str:
    name, sex = _name_and_sex(person)
    return initials(name, parse_case(case), sex) if name else ""


def f_initials_first(person: Any, case: str = "nom") -> str:
    name, sex = _name_and_sex(person)
    return initials_first(name, parse_case(case), sex) if name else ""


def f_position(person: Any, case: str = "nom") -> str:
    """A person's position in a case; a hand-filled «Должность (дат. п.)» column wins."""
    case = parse_case(case)
    if isinstance(person, str):
        return position_case(person, case) if person else ""
    position = getattr(person, "position", "") or ""
    if not position:
        return ""
    override = getattr(person, f"position_{case}", None) if case != "nom" else None
    return override or position_case(position, case)


def f_agree(word: str, person: Any, case: str = "nom") -> str:
    """«ответственный»|agree(curator, 'тв') → «ответственной» for a woman."""
    if isinstance(person, (list, tuple)):
        sex = None if len(person) != 1 else getattr(person[0], "sex", None)
    elif isinstance(person, str):
        sex = normalize_sex(person) if person in ("м", "ж") else None
    else:
        sex = getattr(person, "sex", None)
    return agree(word, sex, parse_case(case))


def f_klass(value: Any, case: str = "nom", word: bool = True) -> str:
    """School class in a case: «7 «А» класс», «7 «А» класса»."""
    klass = _read(value, "school_class", value)
    if not isinstance(klass, SchoolClass):
        return ""
    return school_class(klass.number, klass.letter, parse_case(case), word)


def f_klass_file(value: Any) -> str:
    """A class as file names write it: «5А», «10Б» («» without a class). Short and the same in
    every file name; listings docgen writes (the zip, the inventory) keep 5А before 10А."""
    klass = _read(value, "school_class", value)
    if not isinstance(klass, SchoolClass):
        return ""
    return f"{klass.number}{klass.letter}"


def f_name_case(org: Any, case: str = "nom") -> str:
    """An organisation's full name in a case: «даю согласие Муниципальному автономному …
    учреждению «…»». A hand-filled «Полное наименование (дат. п.)» (``full_name_dat``) wins."""
    case = parse_case(case)
    if isinstance(org, str):  # any text a template passes: declined, never kept
        return name_case(org, case)
    name = _read(org, "full_name", "") or ""  # an organisation's row: «Организация», «Партнёры», «Школы»
    override = _read(org, f"full_name_{case}", None) if case != "nom" else None
    return override or declined_name(name, case)


@lru_cache(maxsize=1)
def _morphology_sources() -> tuple[str | None, ...]:
    """What a declension depends on: docgen's rules, pymorphy3's version and its dictionary's
    (their ``version.py``, found without importing them)."""
    files: list[str | None] = [morph.__file__]
    for package in ("pymorphy3", "pymorphy3_dicts_ru"):
        spec = importlib.util.find_spec(package)
        files.append(str(Path(spec.origin).with_name("version.py")) if spec is not None and spec.origin else None)
    return tuple(files)


def declined_name(name: str, case: str) -> str:
    """:func:`~docgen.ru.morph.name_case` of an organisation's full name (an organisation's row,
    see :func:`f_name_case`), kept between runs (:mod:`docgen.fsutil.cache`): a school declines
    its own name in every batch, and loading pymorphy3 for it cost 85 ms of each (issue 19).
    Only organisations' names are kept — never text a template passes, which could be anyone's
    name; positions and agreeing words are declined anew in each run."""
    if not name or case == "nom":
        return name_case(name, case)
    return parsed("names", f"{code_key(*_morphology_sources())}\0{case}\0{name}", lambda: name_case(name, case))


def f_upfirst(text: Any) -> str:
    """Capital first letter, the rest untouched (Jinja's ``capitalize`` lowercases «УВР»)."""
    text = "" if text is None else str(text)
    return text[:1].upper() + text[1:]


def f_unique_people(people: Any) -> list:
    """People named several times in a document, once each, in first-mention order."""
    seen: set[str] = set()
    result = []
    for person in people or []:
        name, _ = _name_and_sex(person)
        if not name or name in seen:
            continue
        seen.add(name)
        result.append(person)
    return result


def f_sort_ru(items: Any, attribute: str | None = None) -> list:
    """Sort by Russian alphabet rules (ё as е), optionally by an attribute."""
    def key(item: Any) -> tuple:
        value = _read(item, attribute, "") if attribute else item
        return ru_sort_key(str(value or ""))
    return sorted(items or [], key=key)


COUNT_FORMS = "plural_count('наставник', 'наставника', 'наставников')"


def f_count(value: Any, *forms: str) -> Any:
    """Jinja's ``count`` (an alias of ``length``) with no argument, as every docxtpl template
    expects (``{% colspan cols|count %}``); with three word forms, docgen's older spelling of
    :func:`plural_count` («5 наставников»), kept for the templates written with it. Other
    numbers of arguments are refused when the template is compiled
    (:func:`docgen.render.dialect.check_filters`), so they never reach here from a template."""
    if not forms:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise ValueError(f"фильтр count без слов — это число элементов списка (как length), а «{value}» — "
                             f"число. Чтобы написать число со словом, используйте |{COUNT_FORMS}")
        return len(value)
    if len(forms) != 3:
        raise ValueError(f"фильтр count принимает три формы слова: |{COUNT_FORMS}")
    return numbers.count(value, *forms)


# --------------------------------------------------------------------------- acts, sex, numbers


_ACT_WORD = {"nom": "приказ", "gen": "приказа", "dat": "приказу", "acc": "приказ", "ins": "приказом",
             "pre": "приказе"}


def f_act(act: Any, case: str = "nom") -> str:
    """An order cited by number and date: ``acts.roadmap|act('тв')`` → «приказом от 03.09.2025
    № 125-од», «… (приложение № 2)» when the decision is an appendix of it; blanks for the date and
    number when the journal has no such order yet (the secretary fills them in by hand)."""
    word = _ACT_WORD[parse_case(case)]
    if act is None or act == "":
        return f"{word} от ____________ №\u00a0______"
    day = _read(act, "date", None)
    text = f"{word} от {dates.date_num(day) if isinstance(day, date) else day} №\u00a0{_read(act, 'number', '')}"
    appendix = _read(act, "appendix", None)
    return text + (f" (приложение №\u00a0{appendix})" if appendix else "")


def f_by_sex(person: Any, male: str, female: str) -> str:
    """One of two words by the person's sex: ``mentee|by_sex('пришёл', 'пришла')``; for an
    unknown sex or a list of people, both («пришёл (пришла)»)."""
    if isinstance(person, str) and person in ("м", "ж"):
        sex: str | None = person
    else:
        sex = None if isinstance(person, (list, tuple)) else _name_and_sex(person)[1]
        sex = normalize_sex(sex) if sex else None
    if sex == "м":
        return male
    if sex == "ж":
        return female
    return f"{male} ({female})"


def f_numbers(items: Any) -> str:
    """Protocol numbers as a register writes them: [1, 2, 3, 4, 5, 6] → «1–6», [19, 20] → «19, 20»,
    [1, 2, 3, 7] → «1–3, 7»; three or more consecutive integers become a range."""
    values = list(items or [])
    parts: list[str] = []
    i = 0
    while i < len(values):
        j = i
        while (isinstance(values[i], int) and j + 1 < len(values) and isinstance(values[j + 1], int)
               and values[j + 1] == values[j] + 1):
            j += 1
        if j - i >= 2:
            parts.append(f"{values[i]}–{values[j]}")
            i = j + 1
        else:
            parts.append(str(values[i]))
            i += 1
    return ", ".join(parts)


def _date_filter(func):
    def wrapper(value: Any) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, datetime):
            value = value.date()
        if not isinstance(value, date):
            raise ValueError(f"ожидалась дата, а получено «{value}»")
        return func(value)
    wrapper.__name__ = func.__name__
    return wrapper


FILTERS: dict[str, Any] = {
    "fio": f_fio,
    "initials": f_initials,
    "initials_first": f_initials_first,
    "position": f_position,
    "agree": f_agree,
    "klass": f_klass,
    "klass_file": f_klass_file,
    "name_case": f_name_case,
    "by_sex": f_by_sex,
    "plural": numbers.plural,
    "plural_count": numbers.count,
    "count": f_count,
    "words": numbers.number_words,
    "date_num": _date_filter(dates.date_num),
    "date_words": _date_filter(dates.date_words),
    "date_quoted": _date_filter(dates.date_quoted),
    "month_year": _date_filter(dates.month_year),
    "date_full_words": _date_filter(dates.date_full_words),
    "upfirst": f_upfirst,
    "unique_people": f_unique_people,
    "sort_ru": f_sort_ru,
    "act": f_act,
    "numbers": f_numbers,
}
