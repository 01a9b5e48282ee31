"""Names of people: sex, the parts of a ФИО, cases (pytrovich) and initials.

Heavy libraries are imported on first use so that importing docgen stays fast; declensions
are cached because a batch repeats the same handful of names. A name typed all in lower case
gets capitals; ALL CAPS is kept (and declined in caps). Messages that reach users are Russian.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from docgen.ru.cases import parse_case
from docgen.ru.text import NBSP, squash_spaces

__all__ = ["capitalise_name", "detect_sex", "fio_case", "initials", "initials_first", "normalize_sex",
           "split_fio"]

_SEX_ALIASES = {
    "м": "м",
    "муж": "м",
    "мужской": "м",
    "мужчина": "м",
    "m": "м",
    "male": "м",
    "ж": "ж",
    "жен": "ж",
    "женский": "ж",
    "женщина": "ж",
    "f": "ж",
    "female": "ж",
}


def normalize_sex(value: Any) -> str | None:
    """Normalise a «Пол» cell to ``'м'``, ``'ж'`` or ``None`` (empty cell).

    Spreadsheets contain «М», «жен.», «female» and so on; the rest of the code
    only deals with the two canonical letters.  An empty cell (including a
    pandas NaN) means "unknown", which is not an error by itself.  A value we
    cannot interpret is an error, because silently guessing the sex would put
    wrong endings into official documents.
    """
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip().lower().rstrip(".").strip()
    if not text:
        return None
    result = _SEX_ALIASES.get(text)
    if result is None:
        raise ValueError(f"Непонятное значение пола «{value}». Укажите «м» или «ж».")
    return result


# A token made only of initials: «О.», «О.И.», «Ж.-Ж.», or a bare capital.
_INITIALS_TOKEN_RE = re.compile(r"(?:[^\W\d_]\.-?)+|[^\W\d_]")
_INITIAL_PIECE_RE = re.compile(r"[^\W\d_]\.?(?:-[^\W\d_]\.?)?")
# Turkic patronymic markers written as a separate word («Ибрагим оглы»).
_MALE_PATRONYMIC_MARKERS = ("оглы", "оглу", "улы", "уулу", "угли")
_FEMALE_PATRONYMIC_MARKERS = ("кызы", "гызы", "кизи", "кыз")


def _is_initials(token: str) -> bool:
    """True if the token is one or more initials rather than a full name part."""
    if not _INITIALS_TOKEN_RE.fullmatch(token):
        return False
    # A lone letter counts as an initial only when it is a capital («Иванов И»).
    return "." in token or token.isupper()


def _split_initials(text: str) -> tuple[str, str]:
    """Split «О.И.» / «О. И.» / «Ж.-Ж.И.» into first and middle initials."""
    pieces = _INITIAL_PIECE_RE.findall(text)
    if not pieces:
        return "", ""
    return pieces[0], "".join(pieces[1:])




def capitalise_name(fio: Any) -> str:
    """Public name of :func:`_clean_name` for the validator."""
    return _clean_name(fio)


def _clean_name(fio: Any) -> str:
    """A person's name as it should print: a name typed all in lower case («иванова анна»)
    gets capitals («Иванова Анна»); ALL CAPS and mixed case are kept as typed."""
    text = squash_spaces(fio)
    if text and text == text.lower() and any(ch.isalpha() for ch in text):
        text = " ".join(w.upper() if _is_initials(w.upper()) else _title_word(w) for w in text.split(" "))
    return text


def split_fio(fio: str) -> tuple[str, str, str]:
    """Split a full name into (surname, first name, patronymic).

    Missing parts are ''.  Everything after the first name is the patronymic,
    because Turkic patronymics are two words («Ибрагим оглы»).  Initials are
    recognised both after the surname («Дундукова О.И.» → ('Дундукова', 'О.',
    'И.')) and before it (the signature form «О.И. Дундукова»).
    """
    words = _clean_name(fio).split()
    if not words:
        return "", "", ""
    if len(words) >= 2 and all(_is_initials(w) for w in words[:-1]) and not _is_initials(words[-1]):
        first, middle = _split_initials(" ".join(words[:-1]))
        return words[-1], first, middle
    last, rest = words[0], words[1:]
    if rest and all(_is_initials(w) for w in rest):
        first, middle = _split_initials(" ".join(rest))
        return last, first, middle
    first = rest[0] if rest else ""
    middle = " ".join(rest[1:])
    return last, first, middle


@lru_cache(maxsize=1)
def _petrovich() -> tuple[Any, Any, Any, Any, Any]:
    """Load pytrovich once, on first use (keeps module import cheap)."""
    from pytrovich.detector import PetrovichGenderDetector  # noqa: PLC0415 — loads its rules: on first declension
    from pytrovich.enums import Case, Gender, NamePart  # noqa: PLC0415 — loaded with the line above
    from pytrovich.maker import PetrovichDeclinationMaker  # noqa: PLC0415 — loaded with the line above

    return PetrovichDeclinationMaker(), PetrovichGenderDetector(), NamePart, Gender, Case


@lru_cache(maxsize=4096)
def _sex_from_patronymic(middle: str) -> str | None:
    """Guess sex from a patronymic; None when it is absent or not recognisable.

    Patronymics are sex-specific by construction, unlike surnames and first
    names, which is why they are the only automatic source we trust.
    """
    if not middle or _is_initials(middle.replace(" ", "")):
        return None
    low = middle.lower().replace("ё", "е")
    last_word = low.split()[-1].strip("-")
    if last_word in _MALE_PATRONYMIC_MARKERS or low.endswith(tuple("-" + m for m in _MALE_PATRONYMIC_MARKERS)):
        return "м"
    if last_word in _FEMALE_PATRONYMIC_MARKERS or low.endswith(tuple("-" + m for m in _FEMALE_PATRONYMIC_MARKERS)):
        return "ж"
    if low.endswith(("вна", "ична")):
        return "ж"
    if low.endswith("ич"):
        return "м"
    _maker, detector, _np, gender, _case = _petrovich()
    detected = detector.detect(middlename=low)
    if detected == gender.MALE:
        return "м"
    if detected == gender.FEMALE:
        return "ж"
    return None


def detect_sex(fio: str, sex: str | None = None) -> str | None:
    """Return the person's sex as 'м'/'ж', or None if it cannot be known.

    An explicit value (the «Пол» column) always wins.  Otherwise only the
    patronymic is consulted: surnames and first names are ambiguous
    (Шевченко, Саша, Женя), and declining with a guessed sex produces
    wrong documents rather than an error.
    """
    explicit = normalize_sex(sex)
    if explicit is not None:
        return explicit
    _last, _first, middle = split_fio(fio)
    return _sex_from_patronymic(middle)


def _require_sex(text: str, sex: Any) -> str:
    """Sex for declension, or a Russian error telling the user what to fill in."""
    result = detect_sex(text, sex)
    if result is None:
        raise ValueError(
            f"Неизвестен пол для «{text}»: нет отчества, по которому его можно определить. "
            "Заполните столбец «Пол» (м или ж)."
        )
    return result


def is_all_caps(word: str) -> bool:
    """True for «ИВАНОВ» (more than one letter, all upper case)."""
    return word.isupper() and sum(ch.isalpha() for ch in word) > 1


def _title_word(word: str) -> str:
    """«ПЕТРОВ-ВОДКИН» → «Петров-Водкин»: title case per hyphen part."""
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


_PETROVICH_CASE_NAMES = {
    "gen": "GENITIVE",
    "dat": "DATIVE",
    "acc": "ACCUSATIVE",
    "ins": "INSTRUMENTAL",
    "pre": "PREPOSITIONAL",
}
_PETROVICH_PART_NAMES = {"last": "LASTNAME", "first": "FIRSTNAME", "middle": "MIDDLENAME"}


# Masculine surnames pytrovich declines wrongly, whole words (lower case, as written with «ё»)
# → genitive, dative, accusative, instrumental, prepositional. Empty: the rule below covers the
# known class; a surname found wrong later gets one line here and a test.
_SURNAME_EXCEPTIONS: dict[str, tuple[str, str, str, str, str]] = {}
_OBLIQUE = {"gen": 0, "dat": 1, "acc": 2, "ins": 3, "pre": 4}
# Consonant + «нец»/«мец» keeps its «е» (кузнец → кузнеца, кузнецом): pytrovich's rule for
# «Волынец → Волынца» drops it after a consonant too and prints «Кузнца», «Жнца».
_CLUSTER_ETS = re.compile(r"[бвгджзклмнпрстфхцчшщ][нм]ец")
_CLUSTER_ETS_ENDINGS = ("а", "у", "а", "ом", "е")


def _surname_before_pytrovich(piece: str, case: str) -> str | None:
    """The form of one part of a masculine surname (no hyphen) when docgen knows better than
    pytrovich — an exception or the «-нец» rule — else None. ``piece`` is in title case."""
    low = piece.lower()
    if low in _SURNAME_EXCEPTIONS:
        form = _SURNAME_EXCEPTIONS[low][_OBLIQUE[case]]
    elif len(low) >= 4 and _CLUSTER_ETS.fullmatch(low[-4:]):
        form = low + _CLUSTER_ETS_ENDINGS[_OBLIQUE[case]]
    else:
        return None
    return form[:1].upper() + form[1:] if piece[:1].isupper() else form


@lru_cache(maxsize=16384)
def _decline_part(kind: str, text: str, sex: str, case: str) -> str:
    """Decline one name part (kind: 'last'/'first'/'middle') with pytrovich.

    pytrovich mangles ALL-CAPS input (ИВАНОВ → ИВАНОВа), so capitalised words
    are declined in title case and upper-cased again afterwards.  Initials and
    Turkic «оглы/кызы» patronymics are returned unchanged.
    """
    if not text or case == "nom" or _is_initials(text.replace(" ", "")):
        return text
    words = text.split(" ")
    last_low = words[-1].lower()
    if kind == "middle" and (last_low in _MALE_PATRONYMIC_MARKERS or last_low in _FEMALE_PATRONYMIC_MARKERS):
        return text
    caps = all(is_all_caps(w) for w in words if any(ch.isalpha() for ch in w)) and any(
        is_all_caps(w) for w in words
    )
    base = " ".join(_title_word(w) for w in words) if caps else text
    maker, _detector, name_part, gender, pcase = _petrovich()
    if kind == "last" and sex == "м" and " " not in base:
        pieces = base.split("-")
        fixed = [_surname_before_pytrovich(piece, case) for piece in pieces]
        if any(f is not None for f in fixed):
            # pytrovich treats only the last part of a double surname as known to be male:
            # «Бонч-Кузнец» must not become «Бонча-…».
            out = [f if f is not None else maker.make(name_part.LASTNAME, gender.MALE,
                                                      getattr(pcase, _PETROVICH_CASE_NAMES[case]), piece,
                                                      known_gender=(i == len(pieces) - 1))
                   for i, (piece, f) in enumerate(zip(pieces, fixed))]
            result = "-".join(out)
            return result.upper() if caps else result
    result = maker.make(
        getattr(name_part, _PETROVICH_PART_NAMES[kind]),
        gender.MALE if sex == "м" else gender.FEMALE,
        getattr(pcase, _PETROVICH_CASE_NAMES[case]),
        base,
    )
    return result.upper() if caps else result


@lru_cache(maxsize=8192)
def _fio_case_cached(text: str, case: str, sex: str) -> str:
    """Decline a cleaned full name, keeping initials and word order as given."""
    words = text.split(" ")
    if len(words) >= 2 and all(_is_initials(w) for w in words[:-1]) and not _is_initials(words[-1]):
        # «О.И. Дундукова»: only the surname declines.
        return " ".join(words[:-1] + [_decline_part("last", words[-1], sex, case)])
    out = [_decline_part("last", words[0], sex, case)]
    rest = words[1:]
    if rest and all(_is_initials(w) for w in rest):
        return " ".join(out + rest)
    if rest:
        out.append(_decline_part("first", rest[0], sex, case))
    if len(rest) > 1:
        out.append(_decline_part("middle", " ".join(rest[1:]), sex, case))
    return " ".join(out)


def fio_case(fio: str, case: str = "nom", sex: str | None = None) -> str:
    """Return the full name «Фамилия Имя Отчество» in the requested case.

    Handles double surnames, ALL-CAPS input (answer stays in caps),
    surname-only input, «Фамилия И.О.» (the surname declines, initials stay)
    and indeclinable names (Шевченко, Келлер for women, Черных).

    The nominative needs no sex.  Any other case does, because surnames
    decline differently for men and women; without an explicit ``sex`` and
    without a patronymic a Russian ValueError asks to fill the «Пол» column.
    """
    c = parse_case(case)
    text = _clean_name(fio)
    if not text or c == "nom":
        return text
    return _fio_case_cached(text, c, _require_sex(text, sex))


def _initial(part: str) -> str:
    """«Ольга» → «О.», «Жан-Жак» → «Ж.-Ж.», «Ибрагим оглы» → «И.»."""
    part = part.strip()
    if not part:
        return ""
    first_word = part.split()[0]
    return "-".join(p[:1].upper() + "." for p in first_word.split("-") if p.strip("."))


def _surname_and_initials(fio: str, case: str, sex: Any) -> tuple[str, str]:
    """Declined surname plus the compact initials string («О.И.»)."""
    c = parse_case(case)
    text = squash_spaces(fio)
    last, first, middle = split_fio(text)
    if not last:
        return "", ""
    if c != "nom":
        last = _decline_part("last", last, _require_sex(text, sex), c)
    return last, _initial(first) + _initial(middle)


def initials(fio: str, case: str = "nom", sex: str | None = None) -> str:
    """«Дундукова Ольга Ивановна» → «Дундукова\u00a0О.И.» (surname in ``case``).

    The non-breaking space keeps the initials on the same line as the surname,
    as Russian typography requires.  One initial is given when there is no
    patronymic; a surname alone is returned as is (declined).
    """
    last, ini = _surname_and_initials(fio, case, sex)
    return f"{last}{NBSP}{ini}" if ini else last


def initials_first(fio: str, case: str = "nom", sex: str | None = None) -> str:
    """«Дундукова Ольга Ивановна» → «О.И.\u00a0Дундукова» (signature form).

    GOST R 7.0.97 puts initials before the surname under a signature.
    """
    last, ini = _surname_and_initials(fio, case, sex)
    return f"{ini}{NBSP}{last}" if ini else last
