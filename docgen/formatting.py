"""Russian-language formatting helpers for filling school document templates.

Everything here is a pure function: names, positions, numbers, dates and
class labels go in, ready-to-insert strings come out.  Templates for
Russian schools need grammatical cases («выдана Дундуковой О.И.»), agreement
with the person's sex («ознакомлена»), counted nouns («5 наставников») and
dates written the way Russian office paperwork expects them.

Design notes:

* Heavy morphology libraries (pymorphy3, pytrovich) are imported lazily
  inside functions, so importing this module (and starting the CLI) stays
  fast; babel and num2words are imported lazily for the same reason.
* Declensions are cached with ``functools.lru_cache`` because a batch of
  documents repeats the same handful of names and positions.
* Non-breaking spaces (:data:`NBSP`) are put where Russian typography forbids
  a line break: between initials and surname, between a number and its noun,
  before «г.».
* Messages of exceptions that reach users (bad case name, unknown sex, bad
  date) are in Russian, because the people filling the spreadsheets read them.
"""

from __future__ import annotations

import datetime as _dt
import math
import functools
import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from typing import Any

__all__ = [
    "NBSP",
    "CASES",
    "parse_case",
    "normalize_sex",
    "split_fio",
    "detect_sex",
    "fio_case",
    "initials",
    "initials_first",
    "position_case",
    "agree",
    "plural",
    "count",
    "number_words",
    "date_num",
    "date_words",
    "date_quoted",
    "month_year",
    "date_full_words",
    "school_class",
    "ru_sort_key",
    "age_on",
]

NBSP = "\u00a0"

# ---------------------------------------------------------------------------
# Grammatical cases
# ---------------------------------------------------------------------------

_CASE_WORDS = {
    "nom": "именительный",
    "gen": "родительный",
    "dat": "дательный",
    "acc": "винительный",
    "ins": "творительный",
    "pre": "предложный",
}

#: Every accepted spelling of a case name (already lower-cased, without
#: dots) mapped to the canonical short code.  Template authors write cases
#: in many ways («дат.», «род. п.», «Винительный»), so the table is generous.
CASES: dict[str, str] = {
    # canonical codes
    "nom": "nom",
    "gen": "gen",
    "dat": "dat",
    "acc": "acc",
    "ins": "ins",
    "pre": "pre",
    # English full names (and a common alternative abbreviation)
    "nominative": "nom",
    "genitive": "gen",
    "dative": "dat",
    "accusative": "acc",
    "instrumental": "ins",
    "prepositional": "pre",
    "abl": "ins",
    "loc": "pre",
    # Russian abbreviations
    "им": "nom",
    "род": "gen",
    "дат": "dat",
    "вин": "acc",
    "тв": "ins",
    "твор": "ins",
    "пр": "pre",
    "пред": "pre",
    # Russian full names
    "именительный": "nom",
    "родительный": "gen",
    "дательный": "dat",
    "винительный": "acc",
    "творительный": "ins",
    "предложный": "pre",
}

_CASE_ERROR_HINT = ", ".join(_CASE_WORDS.values())


def parse_case(name: str) -> str:
    """Turn any accepted spelling of a grammatical case into its short code (cached)."""
    if isinstance(name, str):
        return _parse_case(name)
    raise ValueError(f"Неизвестный падеж «{name}». Допустимо: {_CASE_ERROR_HINT}.")


@functools.lru_cache(maxsize=256)
def _parse_case(name: str) -> str:
    """Turn any accepted spelling of a grammatical case into its short code.

    Template authors type cases by hand, so we forgive letter case, dots and a
    trailing «п.»/«падеж» («род. п.», «Дательный падеж»).  Anything else is a
    mistake in the template, reported in Russian so that the author can fix it.

    >>> parse_case("Род. п.")
    'gen'
    """
    if isinstance(name, str):
        key = name.strip().lower().replace("ё", "е")
        tokens = re.sub(r"[.\s]+", " ", key).split()
        if len(tokens) > 1 and tokens[-1] in ("п", "падеж"):
            tokens = tokens[:-1]
        canonical = CASES.get(" ".join(tokens))
        if canonical is not None:
            return canonical
    raise ValueError(f"Неизвестный падеж «{name}». Допустимо: {_CASE_ERROR_HINT}.")


# ---------------------------------------------------------------------------
# Sex
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# Names (ФИО)
# ---------------------------------------------------------------------------

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


def _clean(text: Any) -> str:
    """Collapse runs of whitespace; ``None`` becomes ''."""
    if text is None:
        return ""
    if isinstance(text, float) and math.isnan(text):
        return ""
    return " ".join(str(text).split())


def capitalise_name(fio: Any) -> str:
    """Public name of :func:`_clean_name` for the validator."""
    return _clean_name(fio)


def _clean_name(fio: Any) -> str:
    """A person's name as it should print: a name typed all in lower case («иванова анна»)
    gets capitals («Иванова Анна»); ALL CAPS and mixed case are kept as typed."""
    text = _clean(fio)
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
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.enums import Case, Gender, NamePart
    from pytrovich.maker import PetrovichDeclinationMaker

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


def _is_all_caps(word: str) -> bool:
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
    caps = all(_is_all_caps(w) for w in words if any(ch.isalpha() for ch in w)) and any(
        _is_all_caps(w) for w in words
    )
    base = " ".join(_title_word(w) for w in words) if caps else text
    maker, _detector, name_part, gender, pcase = _petrovich()
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
    text = _clean(fio)
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


# ---------------------------------------------------------------------------
# Morphology with pymorphy3 (positions, agreement)
# ---------------------------------------------------------------------------

_PYMORPHY_CASES = {"nom": "nomn", "gen": "gent", "dat": "datv", "acc": "accs", "ins": "ablt", "pre": "loct"}
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def warm_up() -> None:
    """Load pymorphy3's dictionaries now (0.2 s), e.g. on a background thread of a batch."""
    _morph()


@lru_cache(maxsize=1)
def _morph() -> Any:
    """Create the pymorphy3 analyser once, on first use (it takes ~0.2 s)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _match_case(original: str, new: str) -> str:
    """Give ``new`` the capitalisation pattern of ``original`` (lower/Title/CAPS)."""
    if _is_all_caps(original):
        return new.upper()
    if original[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _nominative_parses(word: str) -> list[Any]:
    """Parses of ``word`` usable as the start of a position title."""
    return [
        p
        for p in _morph().parse(word)
        if p.tag.POS in ("NOUN", "ADJF", "PRTF") and "nomn" in p.tag and "sing" in p.tag
    ]


def _choose_parse(word: str, next_word: str | None) -> Any | None:
    """Pick the intended reading of one (hyphen-free) word of a position.

    pymorphy often ranks a substantivised reading first («старший» as a noun),
    so an adjective/participle reading wins when another nominative word
    follows; otherwise an animate noun is preferred (positions name people).
    """
    candidates = _nominative_parses(word)
    if not candidates:
        return None
    if next_word is not None and _WORD_RE.fullmatch(next_word) and _nominative_parses(next_word):
        for p in candidates:
            if p.tag.POS in ("ADJF", "PRTF"):
                return p
    for p in candidates:
        if p.tag.POS == "NOUN" and "anim" in p.tag:
            return p
    return candidates[0]


def _choose_word(word: str, next_word: str | None) -> list[tuple[str, Any]] | None:
    """Parses for a word of a position, per hyphen part when all parts are nouns.

    «педагог-психолог» and «учитель-логопед» decline in both halves; for other
    hyphenated words («вице-президент») pymorphy's whole-word parse is used.
    Returns None when the word cannot start/continue a declinable title.
    """
    if not _WORD_RE.fullmatch(word):
        return None
    parts = word.split("-")
    if len(parts) > 1:
        part_parses = [_choose_parse(part, None) for part in parts]
        if all(p is not None and p.tag.POS == "NOUN" for p in part_parses):
            return list(zip(parts, part_parses))
    parse = _choose_parse(word, next_word)
    return None if parse is None else [(word, parse)]


def _inflect_word(parse: Any, grammemes: set[str], original: str) -> str:
    """Inflect one parse; keep the original word if pymorphy cannot."""
    inflected = parse.inflect(grammemes)
    return original if inflected is None else _match_case(original, inflected.word)


@lru_cache(maxsize=4096)
def _position_case_cached(text: str, case: str) -> str:
    """Decline each comma-separated title («учитель, классный руководитель»)."""
    return ",".join(_decline_title(segment, case) for segment in text.split(","))


def _decline_title(text: str, case: str) -> str:
    """Decline the leading words of one title up to and including its head noun."""
    stripped = text.lstrip()
    if stripped != text:
        return text[: len(text) - len(stripped)] + _decline_title(stripped, case)
    tokens = re.split(r"(\s+)", text)
    words = tokens[0::2]
    plan: list[tuple[int, list[tuple[str, Any]]]] = []
    head_gender: str | None = None
    for i, word in enumerate(words):
        next_word = words[i + 1] if i + 1 < len(words) else None
        chosen = _choose_word(word, next_word)
        if chosen is None:
            break
        plan.append((i, chosen))
        nouns = [p for _w, p in chosen if p.tag.POS == "NOUN"]
        if nouns:
            head_gender = nouns[0].tag.gender
            break
    if not plan:
        return text
    if head_gender is None:
        head_gender = plan[-1][1][-1][1].tag.gender

    target = _PYMORPHY_CASES[case]
    for i, chosen in plan:
        pieces = []
        for part, parse in chosen:
            grammeme = target
            if case == "acc":
                # Positions name people: masculine animate accusative equals
                # the genitive (pymorphy gives «тьютор» acc = «тьютор»).
                gender = parse.tag.gender if parse.tag.POS == "NOUN" else head_gender
                if gender == "masc":
                    grammeme = "gent"
            pieces.append(_inflect_word(parse, {grammeme, "sing"}, part))
        tokens[2 * i] = "-".join(pieces)
    return "".join(tokens)


def position_case(position: str, case: str) -> str:
    """Put a position title into a case: «заместитель директора по УВР» → dat
    «заместителю директора по УВР».

    Only the leading adjectives and the head noun change; the dependent tail
    («директора по УВР», «МБОУ «СШ №4»») is kept verbatim, including
    capitalisation.  Titles that start with an abbreviation («и.о. директора»)
    are indeclinable and come back unchanged.
    """
    c = parse_case(case)
    text = "" if position is None else str(position).strip()
    if not text or c == "nom":
        return text
    return _position_case_cached(text, c)


@lru_cache(maxsize=4096)
def _agree_cached(text: str, sex: str | None, case: str) -> str:
    """Inflect the leading adjectives/participles of ``text``; see :func:`agree`."""
    tokens = re.split(r"(\s+)", text)
    for i in range(0, len(tokens), 2):
        word = tokens[i]
        if not _WORD_RE.fullmatch(word):
            break
        parses = _morph().parse(word)
        parse = next(
            (
                p
                for p in parses
                if (p.tag.POS in ("ADJF", "PRTF") and "nomn" in p.tag) or p.tag.POS in ("ADJS", "PRTS")
            ),
            None,
        )
        if parse is None:
            break
        number = {"sing", "masc"} if sex == "м" else {"sing", "femn"} if sex == "ж" else {"plur"}
        if parse.tag.POS in ("ADJS", "PRTS"):
            grammemes = number
        else:
            grammeme = _PYMORPHY_CASES[case]
            if case == "acc" and sex != "ж":
                grammeme = "gent"  # agreeing with a person: animate accusative
            grammemes = number | {grammeme}
        tokens[i] = _inflect_word(parse, grammemes, word)
    return "".join(tokens)


def agree(word: str, sex: str | None, case: str = "nom") -> str:
    """Make an adjective or participle agree with a person.

    ``sex`` 'ж' gives the feminine, 'м' the masculine and None the plural
    form (for documents addressed to several people): «ответственный» →
    «ответственная»/«ответственной» (ins), «ознакомлен» → «ознакомлена» /
    «ознакомлены».  Short forms ignore ``case``.  Leading adjectives of a
    phrase are changed and the rest kept («именуемый в дальнейшем»).  The
    accusative is animate (equal to the genitive) for 'м' and plural, because
    the word agrees with a person.
    """
    c = parse_case(case)
    s = normalize_sex(sex)
    text = "" if word is None else str(word).strip()
    if not text:
        return ""
    return _agree_cached(text, s, c)


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _ru_locale() -> Any:
    from babel import Locale

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
    if abs(value) >= _MAX_NUMBER:
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
    from num2words import num2words

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
    from num2words import num2words

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
        return _int_words(_number(int(exact)), g, c)  # 999…9.9999999 rounds up to the bound
    # Spelled here around num2words: it loses the sign of -0.5 and puts the integer part in
    # the feminine group by group («одна миллион целых»); «целая» is feminine, so the units are.
    magnitude = exact.copy_abs()
    whole = int(magnitude.to_integral_value(rounding=ROUND_DOWN))
    fraction = _WIDE.subtract(magnitude, Decimal(whole)).normalize(_WIDE)  # 0.5, 0.000001
    tail = num2words(fraction, lang="ru").removeprefix("ноль целых ")
    point = "целая" if whole % 10 == 1 and whole % 100 != 11 else "целых"
    sign = "минус " if exact < 0 else ""
    return f"{sign}{_int_words(whole, 'f', 'nominative')} {point} {tail}"


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


def _to_date(d: Any) -> _dt.date | None:
    """Accept date, datetime, ISO string or «ДД.ММ.ГГГГ»; None/'' → None."""
    if d is None or d == "":
        return None
    if isinstance(d, _dt.datetime):
        return d.date()
    if isinstance(d, _dt.date):
        return d
    if isinstance(d, str):
        text = d.strip()
        for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                return _dt.datetime.strptime(text, fmt).date()
            except ValueError:
                pass
        try:
            return _dt.datetime.fromisoformat(text).date()
        except ValueError:
            pass
    raise ValueError(f"Не удалось распознать дату «{d}». Ожидается ДД.ММ.ГГГГ.")


def _babel_date(d: _dt.date, pattern: str) -> str:
    # Explicit patterns only: babel's 'long' format puts U+202F before «г.».
    from babel.dates import format_date

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
    from num2words import num2words

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


# ---------------------------------------------------------------------------
# School classes, sorting
# ---------------------------------------------------------------------------

_CLASS_NOUN = {"nom": "класс", "gen": "класса", "dat": "классу", "acc": "класс", "ins": "классом", "pre": "классе"}
# Latin letters typed instead of identical-looking Cyrillic ones («7A»).
_LATIN_TO_CYRILLIC = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")
_CLASS_RE = re.compile(r"(\d{1,2})\s*-?\s*[\"«“']?([^\W\d_])?[\"»”']?")


def school_class(parallel: int, letter: str, case: str = "nom", word: bool = True) -> str:
    """«7\u00a0«А» класс»; gen «7\u00a0«А» класса», pre «7\u00a0«А» классе».

    ``word=False`` gives just «7\u00a0«А»».  Without a letter: «7\u00a0класс».
    The letter is upper-cased and stripped of quotes; Latin look-alikes
    (a common typo) become Cyrillic.  A combined value such as «7А» in
    ``parallel`` is split when ``letter`` is empty.
    """
    c = parse_case(case)
    if parallel is None or str(parallel).strip() == "":
        return ""
    lit = "" if letter is None else str(letter).strip().strip("\"«»“”'").strip()
    if isinstance(parallel, int):
        num = str(parallel)
    else:
        match = _CLASS_RE.fullmatch(str(parallel).strip())
        if match is None:
            raise ValueError(f"Непонятный номер класса «{parallel}».")
        num = str(int(match.group(1)))
        if not lit and match.group(2):
            lit = match.group(2)
    lit = lit.upper().translate(_LATIN_TO_CYRILLIC)
    label = f"{num}{NBSP}«{lit}»" if lit else num
    if not word:
        return label
    noun = _CLASS_NOUN[c]
    return f"{label} {noun}" if lit else f"{num}{NBSP}{noun}"


def ru_sort_key(s: str) -> tuple:
    """Sort key for Russian names: case-insensitive, «ё» sorted as «е».

    Plain code-point order puts «Ё» before «А»; treating it as «е» gives
    dictionary order, and the original string breaks ties deterministically.
    """
    text = "" if s is None else str(s)
    return (text.lower().replace("ё", "е"), text)
