"""Positions in cases and words that agree with a person, with pymorphy3.

«заместитель директора по УВР» → «заместителю директора по УВР»; «ответственный» →
«ответственной» for a woman. Only the leading adjectives and the head noun of a title change;
the dependent tail is kept verbatim. pymorphy3's dictionaries take ~0.2 s to load, so they are
loaded on first use (or on a background thread through :func:`warm_up`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from docgen.ru.cases import parse_case
from docgen.ru.names import is_all_caps, normalize_sex

__all__ = ["agree", "name_case", "position_case", "warm_up"]

_PYMORPHY_CASES = {"nom": "nomn", "gen": "gent", "dat": "datv", "acc": "accs", "ins": "ablt", "pre": "loct"}
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def warm_up() -> None:
    """Load pymorphy3's dictionaries now (0.2 s), e.g. on a background thread of a batch."""
    _morph()


@lru_cache(maxsize=1)
def _morph() -> Any:
    """Create the pymorphy3 analyser once, on first use (it takes ~0.2 s)."""
    import pymorphy3  # noqa: PLC0415 — its dictionaries take 0.2 s: on the first position or agreement

    return pymorphy3.MorphAnalyzer()


def _match_case(original: str, new: str) -> str:
    """Give ``new`` the capitalisation pattern of ``original`` (lower/Title/CAPS)."""
    if is_all_caps(original):
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


def name_case(name: str, case: str) -> str:
    """Put an organisation's name into a case: «Муниципальное автономное общеобразовательное
    учреждение «…»» → dat «Муниципальному автономному общеобразовательному учреждению «…»».
    As :func:`position_case`, but one title whatever commas it holds («…, имени …»)."""
    c = parse_case(case)
    text = "" if name is None else str(name).strip()
    if not text or c == "nom":
        return text
    return _name_case_cached(text, c)


@lru_cache(maxsize=1024)
def _name_case_cached(text: str, case: str) -> str:
    """One organisation's name is declined in every document of a batch (1000 consents name
    the school): pymorphy3 parses its seven words once, not 7000 times (issue 19: 0.5 ms of
    each consent's 0.8 ms)."""
    return _decline_title(text, case)


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
