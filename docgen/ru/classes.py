"""School classes: 7 «А» — read from what people type, printed in a case."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.ru.cases import parse_case
from docgen.ru.text import NBSP, fold

__all__ = ["SchoolClass", "parse_class", "school_class"]


@dataclass(frozen=True, order=True)
class SchoolClass:
    """A school class such as 7 «А»: parallel (1–11) and letter (may be empty)."""

    number: int
    letter: str = ""

    def __str__(self) -> str:
        return f"{self.number}\u00a0«{self.letter}»" if self.letter else str(self.number)


_PARSE_RE = re.compile(
    r"^(\d{1,2})\s*[-‐‑–—]?\s*[«\"'“„]?\s*([а-яё]?)\s*[»\"'”“]?\s*(?:кл(?:асс|\.)?)?$"
)


def parse_class(value: object) -> SchoolClass:
    """«7 «А»», «7А», «7-а», «7 а кл.» → SchoolClass(7, "А"); ValueError (Russian) otherwise."""
    m = _PARSE_RE.match(fold(value))
    if not m or not 1 <= int(m[1]) <= 11:
        raise ValueError("Класс пишется как 7 «А», 7А или 7-А (параллель от 1 до 11 и буква).")
    return SchoolClass(int(m[1]), m[2].upper())


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
