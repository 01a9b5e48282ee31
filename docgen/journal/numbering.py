"""Order numbers as a school's journal writes them: pure functions, no files.

«41-од» → «42-од», «39/3», «152-осн.», zero padding kept, numbering restarting each calendar
year (records-management practice). The session that reads and writes the journal sheet is
:mod:`docgen.journal.session`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Sequence

from docgen.ru.text import fold

__all__ = ["CONTINUE", "RESTART", "YEAR_START_CHOICES", "JournalEntry", "Proposal", "propose", "propose_number",
           "same_number", "used_number"]

#: The «Нумерация приказов с нового года» setting of «Организация»: how the first order of a
#: calendar year with no orders yet in the journal is numbered. Empty: docgen does not guess.
RESTART = "заново с 1"
CONTINUE = "продолжить"
YEAR_START_CHOICES = (RESTART, CONTINUE)


@dataclass(frozen=True)
class JournalEntry:
    """One row of the journal as read: worksheet ``row``, the order number as text, its date
    (``None`` when the cell is empty or not a date) and the template id (``None`` when empty)."""

    row: int
    number: str
    date: date | None
    template: str | None


_RUN = re.compile(r"([0-9]+)")


def _split(number: str) -> tuple[list[str], list[str]]:
    """«01-01/15» → (["", "-", "/", ""], ["01", "01", "15"]): texts around the digit runs."""
    parts = _RUN.split(number)
    return parts[0::2], parts[1::2]


def _shape(number: str) -> tuple[str, ...]:
    """What stays when the digits are taken out, compared tolerantly (case, dashes, spaces)."""
    texts, _ = _split(number)
    return tuple(fold(t) for t in texts)


def _order_key(entry: JournalEntry) -> tuple:
    return (entry.date is not None, entry.date or date.min, entry.row)


def _running_run(numbers: Sequence[str]) -> int:
    """Index of the digit run that counts orders among numbers of one shape.

    The run whose value differs between the numbers; when several differ, the one with the most
    distinct values, the last of equals; when none differs (a single number), the first run.
    """
    runs = [_split(n)[1] for n in numbers]
    best, best_distinct = 0, 1
    for i in range(len(runs[0])):
        distinct = len({int(r[i]) for r in runs})
        if distinct > 1 and distinct >= best_distinct:
            best, best_distinct = i, distinct
    return best


def propose_number(entries: Sequence[JournalEntry], on: date) -> str:
    """The next order number for an order dated ``on``, in the journal's own format.

    Rule (records-management practice in Russian schools: the numbering restarts on 1 January):

    1. Only entries whose number contains a digit count («б/н» — «без номера» — is skipped).
       None of them → ``"1"``.
    2. The *year's entries* are those dated in ``on``'s calendar year. The *latest* entry is the
       last of them by date, then by row; with no entry in that year, the last entry of the
       whole journal (undated entries count as older than dated ones).
    3. The latest entry gives the *shape*: its text with the digit runs taken out («41-од» →
       «#-од», «01-01/15» → «#-#/#»). Shapes compare like headers do (case, «ё», dash style and
       spaces do not matter); the new number copies the latest entry's text literally.
    4. The *running* digit run is the one that varies between the same-shape entries of that
       year (of all years when that year has none): in «39/1», «39/2» it is the last one. When
       several vary, the one with the most distinct values (the last of equals); when none
       varies — a single entry — the first run, as in «41-од».
    5. Its new value is the largest value of that run among the year's same-shape entries plus
       one; with no same-shape entry in that year, 1 (so a new year starts at «1-од»). The other
       runs are copied from the latest entry. Zero padding is kept: the value is padded to the
       widest zero-padded width seen among those entries («07-од» → «08-од»).
    """
    numbered = [e for e in entries if _RUN.search(e.number or "")]
    if not numbered:
        return "1"
    this_year = [e for e in numbered if e.date is not None and e.date.year == on.year]
    latest = max(this_year or numbered, key=_order_key)
    shape = _shape(latest.number)
    same_year = [e.number for e in this_year if _shape(e.number) == shape]
    basis = same_year or [e.number for e in numbered if _shape(e.number) == shape]
    index = _running_run(basis)
    padded = [r[index] for r in (_split(n)[1] for n in basis) if len(r[index]) > 1 and r[index].startswith("0")]
    width = max((len(r) for r in padded), default=0)
    value = max(int(_split(n)[1][index]) for n in same_year) + 1 if same_year else 1
    texts, runs = _split(latest.number)
    runs[index] = str(value).zfill(width)
    out = [texts[0]]
    for run, text in zip(runs, texts[1:]):
        out += [run, text]
    return "".join(out)


def _continued(entries: Sequence[JournalEntry], latest: JournalEntry) -> str:
    """The number after ``latest`` when numbering goes on across the new year: the largest
    running value among the same-shape entries of ``latest``'s year, plus one."""
    shape = _shape(latest.number)
    numbered = [e for e in entries if _RUN.search(e.number or "")]
    year = latest.date.year if latest.date is not None else None
    basis = [e.number for e in numbered if _shape(e.number) == shape
             and (e.date.year if e.date is not None else None) == year] or [latest.number]
    index = _running_run([e.number for e in numbered if _shape(e.number) == shape] or [latest.number])
    padded = [r[index] for r in (_split(n)[1] for n in basis) if len(r[index]) > 1 and r[index].startswith("0")]
    width = max((len(r) for r in padded), default=0)
    value = max(int(_split(n)[1][index]) for n in basis) + 1
    texts, runs = _split(latest.number)
    runs[index] = str(value).zfill(width)
    out = [texts[0]]
    for run, text in zip(runs, texts[1:]):
        out += [run, text]
    return "".join(out)


@dataclass(frozen=True)
class Proposal:
    """The number docgen proposes for a new order, and whether it may be used without asking.

    ``confirmed`` is False when docgen cannot know the number: the journal is empty, or it has no
    order of ``on``'s year and «Организация» does not say how a new year starts. Then
    ``number`` is only a suggestion (a restart at 1), ``alternative`` the continued number (if
    any), and ``why`` says in Russian what to confirm.
    """

    number: str
    confirmed: bool
    new_year: bool = False  # the first order of ``on``'s year
    alternative: str = ""
    why: str = ""
    last: JournalEntry | None = None  # the latest order of the journal (of an earlier year when ``new_year``)


def _shown(entry: JournalEntry) -> str:
    return f"№ {entry.number}" + (f" от {entry.date:%d.%m.%Y}" if entry.date else "")


def propose(entries: Sequence[JournalEntry], on: date, year_start: str | None = None) -> Proposal:
    """The next number for an order dated ``on`` (:func:`propose_number`), and whether docgen may
    use it unasked. A year that has no order in the journal yet starts as ``year_start`` says
    (:data:`RESTART`: at 1 in the journal's format; :data:`CONTINUE`: after the last order of the
    previous year); without that setting the start must be confirmed — the journal sheet is often
    only part of the school's real journal, and a duplicate number is an invalid order."""
    numbered = [e for e in entries if _RUN.search(e.number or "")]
    if not numbered:
        return Proposal("1", confirmed=False, why=(
            "В журнале приказов (лист «Приказы») нет ни одного номера, поэтому docgen не знает, какой номер "
            "следующий. Укажите номер приказа явно или впишите в журнал последний приказ школы."))
    if any(e.date is not None and e.date.year == on.year for e in numbered):
        return Proposal(propose_number(entries, on), confirmed=True)
    latest = max(numbered, key=_order_key)
    restart, going_on = propose_number(entries, on), _continued(entries, latest)
    mode = fold(year_start or "")
    if mode == fold(RESTART):
        return Proposal(restart, confirmed=True, new_year=True, alternative=going_on, last=latest)
    if mode == fold(CONTINUE):
        return Proposal(going_on, confirmed=True, new_year=True, alternative=restart, last=latest)
    return Proposal(restart, confirmed=False, new_year=True, alternative=going_on, last=latest, why=(
        f"Это первый приказ {on.year} года: в журнале приказов нет приказов этого года (последний — "
        f"{_shown(latest)}). docgen не угадывает, начинается ли нумерация заново (№ {restart}) или "
        f"продолжается (№ {going_on}). Укажите номер приказа явно или заполните на листе «Организация» "
        f"параметр «Нумерация приказов с нового года» («{RESTART}» или «{CONTINUE}»)."))


def used_number(entries: Sequence[JournalEntry], number: str, on: date) -> JournalEntry | None:
    """A journal entry that already has ``number`` (tolerantly): one of ``on``'s year, or an
    undated one (its year is unknown, so it may be this year's)."""
    wanted = fold(number)
    for entry in entries:
        if fold(entry.number) == wanted and (entry.date is None or entry.date.year == on.year):
            return entry
    return None


def same_number(entries: Sequence[JournalEntry], number: str, year: int) -> JournalEntry | None:
    """An entry of ``year`` whose number equals ``number`` (tolerantly); undated entries never match."""
    wanted = fold(number)
    for entry in entries:
        if entry.date is not None and entry.date.year == year and fold(entry.number) == wanted:
            return entry
    return None
