"""Grammatical cases as template authors write them: «род», «дат.», «Винительный падеж»."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["CASES", "parse_case"]

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


@lru_cache(maxsize=256)
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
