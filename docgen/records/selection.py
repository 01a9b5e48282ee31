"""Choosing which rows a batch is made from: rows, conditions, people, minors, missing consents.

One vocabulary for every adapter. The CLI passes the user's strings (``--rows 12-40``,
``--where "Класс=7А"``, ``--person "У-012"``), the macros pass the same strings, Python
callers may build :class:`Selection` directly. Conditions are written the way the user sees
the registry: column headers (or their aliases) and values as typed in the cells, parsed
with the column's own type, so ``7а``, ``7 «А»`` and ``7-А`` are the same class.

Everything wrong with a selection is reported at once, and an unknown column or value is
answered with what exists — a typo must never silently select nothing or everything.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from docgen.errors import SelectionError
from docgen.records.fieldtypes import CellError, parse_cell
from docgen.records.model import Record, Registry
from docgen.records.participants import is_minor
from docgen.ru.classes import SchoolClass
from docgen.ru.text import fold, ru_sort_key
from docgen.schema.model import Field, Sheet

BLANK_WORDS = ("пусто", "не заполнено", "нет")
_RANGE = re.compile(r"^\s*(\d+)\s*(?:[-‐‑–—]\s*(\d+)\s*)?$")
_SHEET_PREFIX = re.compile(r"^\s*([^!\d][^!]*?)\s*!\s*")  # «Наставники!12-20»
_CONDITION = re.compile(r"^\s*([^=!<>]+?)\s*(!=|=)\s*(.*?)\s*$", re.S)
_LISTED_TYPES = ("choice", "sex", "school_class", "date", "integer", "year", "ref")
_SHOW = 25  # how many existing values an error lists


@dataclass(frozen=True)
class Condition:
    """``column = v1; v2`` (any of the values), ``column !=`` (none of them).

    No values means "the cell is empty" (``Согласие получено=`` or ``=пусто``).
    """

    column: str
    values: tuple[str, ...] = ()
    negate: bool = False

    @classmethod
    def parse(cls, text: str) -> "Condition":
        m = _CONDITION.match(text or "")
        if not m:
            raise SelectionError([f"Условие «{text}» не понято. Пишите «Столбец=значение», например "
                                  "«Класс=7А» или «Форма наставничества=ученик – ученик»; "
                                  "несколько значений — через «;», пустая ячейка — «Столбец=пусто»."])
        column, op, raw = m.groups()
        values = tuple(v.strip() for v in raw.split(";") if v.strip())
        if len(values) == 1 and fold(values[0]) in BLANK_WORDS:
            values = ()
        return cls(column=column, values=values, negate=(op == "!="))

    def __str__(self) -> str:
        shown = "; ".join(self.values) if self.values else "пусто"
        return f"{self.column}{'!=' if self.negate else '='}{shown}"


@dataclass(frozen=True)
class Selection:
    """What to generate: every criterion narrows the rows (AND); people are alternatives (OR)."""

    rows: tuple[tuple[int, int], ...] = ()
    where: tuple[Condition, ...] = ()
    people: tuple[str, ...] = ()
    minors: bool | None = None  # True: only under 18; False: only adults
    without_consent: bool = False  # only rows whose «Согласие … получено» is empty
    # The sheet ``rows`` are numbered on («Наставники!12-20»), for a template made from several
    # sheets; empty: its first sheet.
    rows_sheet: str = ""

    @classmethod
    def parse(cls, *, rows: str | None = None, where: Iterable[str] = (), people: Iterable[str] = (),
              minors: bool | None = None, without_consent: bool = False) -> "Selection":
        """Build a selection from the user's strings; syntax errors of all parts in one report."""
        messages: list[str] = []
        ranges: list[tuple[int, int]] = []
        rows_sheet = ""
        prefix = _SHEET_PREFIX.match(rows or "")
        if prefix:
            rows_sheet, rows = prefix[1], (rows or "")[prefix.end():]
        for part in re.split(r"[,;]", rows or ""):
            if not part.strip():
                continue
            m = _RANGE.match(part)
            if not m:
                messages.append(f"Строки «{part.strip()}» не поняты. Пишите номера строк листа, "
                                "как в Excel: «12-40», «15», «12-40, 45».")
                continue
            first, last = int(m[1]), int(m[2] or m[1])
            if first > last:
                first, last = last, first
            ranges.append((first, last))
        conditions = []
        for text in where:
            try:
                conditions.append(Condition.parse(text))
            except SelectionError as exc:
                messages += exc.messages
        names = tuple(p.strip() for p in people if p and p.strip())
        if messages:
            raise SelectionError(messages)
        return cls(rows=tuple(ranges), where=tuple(conditions), people=names, minors=minors,
                   without_consent=without_consent, rows_sheet=rows_sheet)

    def is_empty(self) -> bool:
        return not (self.rows or self.where or self.people or self.minors is not None or self.without_consent)

    def describe(self) -> str:
        """Russian one-liner for summaries and the manifest."""
        parts = []
        if self.rows:
            parts.append((f"лист «{self.rows_sheet}», " if self.rows_sheet else "")
                         + "строки " + ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in self.rows))
        parts += [str(c) for c in self.where]
        if self.people:
            parts.append("люди: " + ", ".join(self.people))
        if self.minors is True:
            parts.append("только несовершеннолетние")
        elif self.minors is False:
            parts.append("только совершеннолетние")
        if self.without_consent:
            parts.append("без полученного согласия")
        return "; ".join(parts) if parts else "все строки"

    # ------------------------------------------------------------------ applying

    def apply(self, registry: Registry, sheet_key: str | tuple[str, ...], records: list[Record]) -> list[Record]:
        """The subset of ``records`` (rows of ``sheet_key``, or of several sheets for a template
        made from both «Наставляемые» and «Наставники») this selection keeps, in their order.
        A column is named by its header on any of the sheets; people are looked for on all."""
        if self.is_empty():
            return records
        keys = (sheet_key,) if isinstance(sheet_key, str) else tuple(sheet_key)
        sheets = [registry.schema.sheet(k) for k in keys]
        messages: list[str] = []
        all_rows = [r for k in keys for r in registry.rows(k)]
        kept = list(records)

        if self.rows:
            sheet = self._rows_sheet(sheets, messages)
            if sheet is not None:
                own = registry.rows(sheet.key)
                wanted = lambda r: r.sheet == sheet.key and any(a <= r.row <= b for a, b in self.rows)  # noqa: E731
                if own and not any(wanted(r) for r in own):
                    first, last = min(r.row for r in own), max(r.row for r in own)
                    messages.append(f"На листе «{sheet.name}» в строках {self.describe_rows()} нет данных: "
                                    f"записи занимают строки {first}–{last}.")
                kept = [r for r in kept if wanted(r)]

        for cond in self.where:
            test = _condition_test(cond, sheets, registry, all_rows, messages)
            if test is not None:
                kept = [r for r in kept if test(r)]

        if self.people:
            chosen = _people(self.people, sheets, all_rows, messages)
            kept = [r for r in kept if id(r) in chosen]

        names = " и ".join(f"«{s.name}»" for s in sheets)
        if self.minors is not None:
            if not any(f.key == "birth_date" for s in sheets for f in s.fields):
                messages.append(f"На листе {names} нет даты рождения: выбрать несовершеннолетних нельзя.")
            else:
                kept = [r for r in kept if is_minor(r, registry.as_of) is self.minors]

        if self.without_consent:
            if not any(f.key == "consent_date" for s in sheets for f in s.fields):
                messages.append(f"На листе {names} нет столбца о полученном согласии: "
                                "выбор «без согласия» к нему не применяется.")
            else:
                kept = [r for r in kept if r.values.get("consent_date") is None]

        if messages:
            raise SelectionError(messages)
        return kept

    def _rows_sheet(self, sheets: list[Sheet], messages: list[str]) -> Sheet | None:
        """The sheet row numbers refer to: the one named before «!», else the first."""
        if not self.rows_sheet:
            return sheets[0]
        found = next((s for s in sheets if fold(s.name) == fold(self.rows_sheet)), None)
        if found is None:
            listed = ", ".join(f"«{s.name}»" for s in sheets)
            messages.append(f"Строки листа «{self.rows_sheet}»: этот документ делается по строкам листа {listed}.")
        return found

    def describe_rows(self) -> str:
        return ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in self.rows)


# --------------------------------------------------------------------------- conditions


def _find_field(sheet: Sheet, column: str) -> Field | None:
    key = fold(column)
    for f in sheet.fields:
        if key in (fold(h) for h in f.headers) or key == f.key:
            return f
    return None


def _shown(value: Any, f: Field) -> str:
    """A value as the user would type it back into a condition."""
    if value is None:
        return "пусто"
    if isinstance(value, Record):
        return str(value.values.get("code") or value.values.get("fio") or value.row)
    if isinstance(value, SchoolClass):
        return f"{value.number}{value.letter}"
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _existing(f: Field, rows: list[Record]) -> list[str]:
    values = {_shown(r.values.get(f.key), f) for r in rows if r.values.get(f.key) is not None}
    if f.type == "school_class":
        parsed = sorted({r.values[f.key] for r in rows if r.values.get(f.key) is not None})
        return [_shown(v, f) for v in parsed]
    return sorted(values, key=ru_sort_key)


def choices(registry: Registry, column: str) -> list[str]:
    """The values a condition on ``column`` (a header, as the user sees it) can take, across the
    table sheets that have it, as the user would type them («7 «А»» → «7А»), in natural order."""
    found: dict[str, Any] = {}
    for sheet in registry.schema.sheets:
        f = _find_field(sheet, column) if sheet.kind == "table" else None
        if f is None:
            continue
        for r in registry.rows(sheet.key):
            value = r.values.get(f.key)
            if value is not None:
                found.setdefault(_shown(value, f), value)
    if all(isinstance(v, SchoolClass) for v in found.values()):
        return [k for k, _ in sorted(found.items(), key=lambda kv: kv[1])]
    return sorted(found, key=ru_sort_key)


def _listing(items: list[str]) -> str:
    shown = "; ".join(items[:_SHOW])
    return shown + (f" … (всего {len(items)})" if len(items) > _SHOW else "")


def _condition_test(cond: Condition, sheets: list[Sheet], registry: Registry, rows: list[Record],
                    messages: list[str]):
    """A predicate for one condition, or None after recording why it cannot be applied. On
    several sheets the column may be named by its header on any of them («Документ ребёнка» and
    «Документ, удостоверяющий личность» both mean ``doc``); a row whose sheet lacks it is empty."""
    f = next((x for x in (_find_field(s, cond.column) for s in sheets) if x is not None), None)
    sheet = sheets[0]
    if f is None:
        headers = "; ".join(f"«{x.header}»" for x in sheet.fields)
        close = difflib.get_close_matches(fold(cond.column), [fold(x.header) for x in sheet.fields], n=1)
        hint = ""
        if close:
            near = next(x.header for x in sheet.fields if fold(x.header) == close[0])
            hint = f" Возможно, имелся в виду «{near}»."
        messages.append(f"На листе «{sheet.name}» нет столбца «{cond.column}».{hint} Есть: {headers}.")
        return None
    if not cond.values:
        return lambda r: (r.values.get(f.key) is None) != cond.negate

    wanted: list[Any] = []
    bad: list[str] = []
    for text in cond.values:
        try:
            wanted.append(_parse_wanted(text, f, registry))
        except CellError as exc:
            reason = str(exc)
            bad.append(f"«{text}»: {reason[:1].lower() + reason[1:]}")
    if bad:
        messages.append(f"Условие «{cond}»: " + " ".join(bad))
        return None

    keys = [_match_key(w, f) for w in wanted]
    present = {_match_key(r.values.get(f.key), f) for r in rows}
    missing = [text for text, key in zip(cond.values, keys) if key not in present]
    if missing:
        existing = _existing(f, rows)
        where = f"в столбце «{f.header}» листа «{sheet.name}»" if len(sheets) == 1 else \
            f"в столбце «{f.header}» листов " + " и ".join(f"«{s.name}»" for s in sheets)
        if f.type == "choice":
            allowed = _listing(list(f.choices))
            if existing:
                messages.append(f"Условие «{cond}»: {where} нет строк со значением "
                                f"{', '.join('«' + m + '»' for m in missing)}. Встречаются: {_listing(existing)}"
                                f" (допустимые значения: {allowed}).")
            else:
                messages.append(f"Условие «{cond}»: {where} ещё ничего не заполнено.")
        else:
            messages.append(f"Условие «{cond}»: {where} нет значения "
                            f"{', '.join('«' + m + '»' for m in missing)}. "
                            + (f"Есть: {_listing(existing)}." if existing else "Столбец пуст."))
        return None
    keyset = set(keys)
    return lambda r: (_match_key(r.values.get(f.key), f) in keyset) != cond.negate


def _parse_wanted(text: str, f: Field, registry: Registry) -> Any:
    """A condition's value parsed like a cell of ``f``; text and references compare folded."""
    if f.type in ("text", "ref"):
        return fold(text)
    return parse_cell(text, f)


def _match_key(value: Any, f: Field) -> Any:
    """Comparable form of a cell value (or a parsed condition value) for ``f``."""
    if value is None:
        return None
    if isinstance(value, Record):  # a reference: matched by code or by ФИО
        return fold(str(value.values.get("code") or value.values.get("fio") or ""))
    if isinstance(value, str):
        return fold(value)
    return value


# --------------------------------------------------------------------------- people


def _people(names: tuple[str, ...], sheets: list[Sheet], rows: list[Record], messages: list[str]) -> set[int]:
    """Records named by code, full ФИО, or an unambiguous beginning of the ФИО («Иванов Иван»),
    on any of the sheets."""
    sheet = sheets[0]
    keys = [f.key for s in sheets for f in s.fields]
    if "fio" not in keys and not any(s.id_field for s in sheets):
        messages.append(f"На листе «{sheet.name}» нет ФИО: выбрать людей по имени нельзя.")
        return set()
    by_key = {s.key: s for s in sheets}
    where = f"на листе «{sheet.name}»" if len(sheets) == 1 else "на листах " + " и ".join(f"«{s.name}»" for s in sheets)
    chosen: set[int] = set()
    for name in names:
        key = fold(name)
        hits = [r for r in rows if (idf := by_key[r.sheet].id_field) and fold(str(r.values.get(idf) or "")) == key]
        if not hits:
            hits = [r for r in rows if fold(str(r.values.get("fio") or "")) == key]
        if not hits:
            hits = [r for r in rows if fold(str(r.values.get("fio") or "")).startswith(key + " ")]
        if len(hits) == 1 or (hits and all(fold(str(h.values.get("fio"))) == key for h in hits) and
                              not any(s.id_field for s in sheets)):
            chosen.update(id(h) for h in hits)
        elif len(hits) > 1:
            listed = "; ".join(f"{_person(h, by_key[h.sheet])} (строка {h.row})" for h in hits[:10])
            messages.append(f"«{name}»: {where} подходят несколько человек — {listed}. "
                            "Укажите код или полное ФИО.")
        else:
            words = len(key.split())
            heads = {id(r): " ".join(fold(str(r.values.get("fio") or "")).split()[:words]) for r in rows}
            close = set(difflib.get_close_matches(key, list(heads.values()), n=3, cutoff=0.75))
            hint = ""
            if close:
                found = [r for r in rows if heads[id(r)] in close]
                hint = " Похожие: " + "; ".join(_person(r, by_key[r.sheet]) for r in found[:3]) + "."
            messages.append(f"«{name}»: {where} нет человека с таким кодом или ФИО.{hint}")
    return chosen


def _person(rec: Record, sheet: Sheet) -> str:
    code = rec.values.get(sheet.id_field) if sheet.id_field and sheet.id_field != "fio" else None
    fio = rec.values.get("fio") or ""
    return f"{code} {fio}".strip() if code else fio
