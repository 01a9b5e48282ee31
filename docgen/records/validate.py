"""Raw sheets + the registry schema → typed, cross-checked records, and every problem found.

Validation never stops at the first problem: a secretary fixing a workbook wants the whole
list at once. Each problem names sheet, row, column header and cell. References between
sheets (a pair's mentor, a parent's child, the director on «Организация») are resolved to
the referenced record here, so later stages never look anything up by name again.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from docgen.errors import Problem, RegistryInvalid
from docgen.ooxml.a1 import column_letter
from docgen.records.coherence import roadmap_without_dates
from docgen.records.fieldtypes import CellError, check_formula, display_value, parse_cell, parse_percent
from docgen.records.model import Record, Registry, RowCells, SheetLayout
from docgen.records.rules import find_twins, participant_rules
from docgen.ru.dates import age_on
from docgen.ru.names import capitalise_name, detect_sex
from docgen.ru.numbers import years
from docgen.ru.text import clean_text, fold, is_blank
from docgen.schema.model import Field, RegistrySchema, Sheet
from docgen.workbook.reader import RawSheet, read_workbook

__all__ = ["HEADER_SCAN_ROWS", "find_header_row", "load", "validate"]

HEADER_SCAN_ROWS = 20
# Fields that hold a person's name (besides references, which hold a code or a name).
NAME_FIELDS = ("fio", "representative", "class_teacher")  # people's names, capitalised as names
# Pupils («обучающийся» on «Наставляемые» and «Наставники»): the oldest a school pupil can be
# (adapted programmes run to 21); the schema's limits (5–80) are for every category.
PUPIL_CATEGORY = "обучающийся"
PUPIL_MAX_AGE = 21
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z]")
# Latin letters that look like Cyrillic ones (after casefold), for «differs only by look-alikes».
_LOOKALIKES = str.maketrans("abcehkmoptxy", "авсенкмортху")
_YEAR_HEADER = re.compile(r"^(20\d\d)(?:\s*[-/]\s*(?:20)?\d\d)?$")

# --------------------------------------------------------------------------- helpers


def _header_key(value: Any) -> str:
    return fold(value).rstrip("*").strip()


def _find_sheet(raw: list[RawSheet], sheet: Sheet) -> RawSheet | None:
    wanted = fold(sheet.name)
    for candidate in raw:
        if fold(candidate.name) == wanted:
            return candidate
    return None


def find_header_row(raw: RawSheet, sheet: Sheet) -> tuple[int, dict[str, int]]:
    """The row (1-based) that holds the most of the sheet's headers, and field key → column."""
    lookup = {fold(h): f.key for f in sheet.fields for h in f.headers}
    best_row, best_map = 1, dict[str, int]()
    for r in range(1, min(HEADER_SCAN_ROWS, len(raw.rows)) + 1):
        mapping: dict[str, int] = {}
        for c, value in enumerate(raw.rows[r - 1], start=1):
            key = lookup.get(_header_key(value))
            if key and key not in mapping:
                mapping[key] = c
        if len(mapping) > len(best_map):
            best_row, best_map = r, mapping
    return best_row, best_map


class _Lookup:
    """One sheet's rows by code and by ФИО (folded), for resolving references to it."""

    def __init__(self, sheet: Sheet, rows: list[Record]):
        self.sheet, self.rows = sheet, rows
        self.by_id: dict[str, Record] = {}
        self.by_fio: dict[str, list[Record]] = {}
        self._lookalike: dict[str, Record] | None = None
        for t in rows:
            if sheet.id_field and t.values.get(sheet.id_field):
                self.by_id.setdefault(fold(str(t.values[sheet.id_field])), t)
            if t.values.get("fio"):
                self.by_fio.setdefault(fold(t.values["fio"]), []).append(t)

    def lookalike(self) -> dict[str, Record]:
        """Codes and names with Latin look-alikes read as Cyrillic (built on the first miss)."""
        if self._lookalike is None:
            self._lookalike = {}
            for t in self.rows:
                for k in (self.sheet.id_field, "fio"):
                    if k and t.values.get(k):
                        self._lookalike.setdefault(fold(str(t.values[k])).translate(_LOOKALIKES), t)
        return self._lookalike


class _Collector:
    """Builds records of one workbook and gathers problems on the way."""

    def __init__(self, schema: RegistrySchema, as_of: date):
        self.schema = schema
        self.as_of = as_of
        self.problems: list[Problem] = []
        self.bad_cells: set[tuple[str, str]] = set()
        self.covered: dict[str, set[tuple[int, int]]] = {}  # sheet → cells hidden by a merge
        self.layouts: dict[str, SheetLayout] = {}

    def add(self, sheet: Sheet, message: str, *, row: int | None = None, column: str | None = None,
            cell: str | None = None, value: Any = None, severity: str = "error",
            concerns: tuple[str, ...] = ()) -> None:
        self.problems.append(Problem(sheet=sheet.name, message=message, row=row, column=column,
                                     cell=cell, value=value, severity=severity, concerns=concerns))
        if cell and severity == "error":
            self.bad_cells.add((sheet.name, cell))

    def parse(self, sheet: Sheet, f: Field, value: Any, row: int, col: int) -> Any:
        if value is None or value == "" or (isinstance(value, str) and is_blank(value, self.schema.blank_values)):
            if f.required and (row, col) not in self.covered.get(sheet.name, ()):
                self.add(sheet, "Обязательное поле не заполнено.", row=row, column=f.header,
                         cell=f"{column_letter(col)}{row}")
            return None
        try:
            return parse_cell(value, f)
        except CellError as exc:
            self.add(sheet, str(exc), row=row, column=f.header, cell=f"{column_letter(col)}{row}",
                     value=display_value(value))
            return None

    def merges(self, raw: RawSheet, sheet: Sheet, columns: dict[int, str], rows: "set[int] | int") -> None:
        """Report merged ranges that hide values: only their first cell holds one, the others
        read as empty. ``columns``: column → header of the columns read; ``rows``: the rows
        read (a set), or the header row (every row below it is read)."""
        for r0, c0, r1, c1 in raw.merged:
            hidden = [(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
                      if (r, c) != (r0, c0) and c in columns
                      and (r in rows if isinstance(rows, set) else r > rows)]
            if not hidden:
                continue
            first = f"{column_letter(c0)}{r0}"
            self.add(sheet, f"Ячейки объединены: значение есть только в первой из них ({first}), а "
                            f"остальные docgen видит пустыми (например, «{columns[hidden[0][1]]}» в строке "
                            f"{hidden[0][0]}). Отмените объединение (Главная → «Объединить и поместить в "
                            "центре») и впишите значение в каждую строку.",
                     row=r0, column=columns[hidden[0][1]],
                     cell=f"{first}:{column_letter(c1)}{r1}", value=display_value(raw.cell(r0, c0)))
            self.covered.setdefault(sheet.name, set()).update(hidden)

    # ---------------------------------------------------------------- key–value sheet

    def keyvalue(self, raw: RawSheet, sheet: Sheet) -> Record:
        by_header = {fold(h): f for f in sheet.fields for h in f.headers}
        values: dict[str, Any] = {f.key: None for f in sheet.fields}
        cells: dict[str, str] = {}
        seen: set[str] = set()
        rows: dict[int, Field] = {}
        for r, line in enumerate(raw.rows, start=1):
            f = by_header.get(_header_key(line[0] if line else ""))
            if f is None or f.key in seen:
                continue
            seen.add(f.key)
            rows[r] = f
        if raw.merged:
            self.merges(raw, sheet, {2: "Значение"}, set(rows))
        for r, f in rows.items():
            cells[f.key] = f"B{r}"
            values[f.key] = self.parse(sheet, f, raw.cell(r, 2), r, 2)
        for f in sheet.fields:
            if f.key not in seen and f.required:
                self.add(sheet, f"Нет строки с параметром «{f.header}» в столбце A. "
                                "Добавьте её и заполните значение в столбце B.", column=f.header)
        return Record(sheet=sheet.key, row=0, values=values, cells=cells)

    # ---------------------------------------------------------------- table sheet

    def table(self, raw: RawSheet, sheet: Sheet) -> tuple[list[Record], list[str]]:
        header_row, columns = find_header_row(raw, sheet)
        if not columns and any(any(not is_blank(v) for v in line) for line in raw.rows[:HEADER_SCAN_ROWS]):
            wanted = ", ".join(f"«{f.header}»" for f in sheet.fields if f.required)
            self.add(sheet, f"Не найдена строка заголовков: docgen ищет её в первых {HEADER_SCAN_ROWS} "
                            f"строках листа (нужны столбцы {wanted}). Если таблица начинается ниже, удалите "
                            "лишние строки над ней; если заголовки переименованы — верните им прежние имена.")
            return [], []
        for f in sheet.fields:
            if f.key not in columns and f.required:
                self.add(sheet, f"Нет обязательного столбца «{f.header}». Добавьте его в строку "
                                f"заголовков (строка {header_row}).", row=header_row, column=f.header)
        year_cols: dict[str, int] = {}
        if sheet.year_columns is not None and raw.rows:
            for c, value in enumerate(raw.rows[header_row - 1], start=1):
                text = clean_text(value)
                if _YEAR_HEADER.match(text):
                    year_cols[text] = c
        records = []
        used_cols = [*columns.values(), *year_cols.values()]
        if raw.merged:
            headers = {columns[f.key]: f.header for f in sheet.fields if f.key in columns}
            self.merges(raw, sheet, {**headers, **{c: h for h, c in year_cols.items()}}, header_row)
        present = [(f, columns[f.key], column_letter(columns[f.key])) for f in sheet.fields if f.key in columns]
        absent = [f.key for f in sheet.fields if f.key not in columns]
        letters = {f.key: letter for f, _, letter in present}
        self.layouts[sheet.key] = SheetLayout(header_row=header_row, letters=dict(letters), last_row=len(raw.rows))
        name_keys = [k for k in NAME_FIELDS if k in letters]
        blanks = self.schema.blank_values
        for r in range(header_row + 1, len(raw.rows) + 1):
            line = raw.rows[r - 1]
            width = len(line)
            if all(is_blank(line[c - 1] if c <= width else "", blanks) for c in used_cols):
                continue
            values = dict.fromkeys(absent)
            for f, col, _letter in present:
                values[f.key] = self.parse(sheet, f, line[col - 1] if col <= width else "", r, col)
            for key in name_keys:
                if isinstance(values.get(key), str):
                    values[key] = capitalise_name(values[key])
            cells = RowCells(letters, r)
            if year_cols:
                years = {}
                for header, col in year_cols.items():
                    value = raw.cell(r, col)
                    if is_blank(value, self.schema.blank_values):
                        continue
                    try:
                        check_formula(value)
                        years[header] = parse_percent(value, sheet.fields[0])
                    except CellError as exc:
                        self.add(sheet, str(exc), row=r, column=header,
                                 cell=f"{column_letter(col)}{r}", value=display_value(value))
                values["years"] = years
            records.append(Record(sheet=sheet.key, row=r, values=values, cells=cells))
        return records, list(year_cols)

    # ---------------------------------------------------------------- checks across rows

    def unique(self, sheet: Sheet, records: list[Record]) -> None:
        for f in sheet.fields:
            if not f.unique:
                continue
            first: dict[str, int] = {}
            for rec in records:
                value = rec.values.get(f.key)
                if value is None:
                    continue
                key = fold(str(value))
                if key in first:
                    self.add(sheet, f"Значение повторяется: оно уже есть в строке {first[key]}. "
                                    "Значения в этом столбце не должны повторяться.",
                             row=rec.row, column=f.header, cell=rec.cells.get(f.key), value=value)
                else:
                    first[key] = rec.row

    def names(self, sheet: Sheet, records: list[Record]) -> None:
        """A word of a name typed with Latin look-alikes («Иванoв» with a Latin o) looks right
        but never matches, sorts or declines as Russian: report it at its cell."""
        for f in sheet.fields:
            if f.key not in NAME_FIELDS and f.type != "ref":
                continue
            for rec in records:
                value = rec.values.get(f.key)
                if not isinstance(value, str) or value.isascii() or not _LATIN.search(value):
                    continue
                for word in _WORD.findall(value):
                    latin = sorted({ch for ch in word if ch.isascii()})
                    if latin and any("а" <= ch <= "я" or ch == "ё" for ch in word.lower()):
                        self.add(sheet, f"В слове «{word}» смешаны русские и латинские буквы (латинские: "
                                        f"{', '.join(latin)}). На вид они одинаковы, но docgen не найдёт и не "
                                        "просклоняет такое слово. Наберите его заново в русской раскладке.",
                                 row=rec.row or None, column=f.header, cell=rec.cells.get(f.key), value=value)
                        break

    def resolve_refs(self, sheet: Sheet, records: list[Record], tables: dict[str, list[Record]],
                     twins: dict[int, Record] | None = None) -> None:
        """Replace each reference by the record it names: a code first, then a ФИО, on each of the
        field's sheets in turn (``ref: [mentees, mentors]``). ``twins``: id of a «Наставники» row →
        the «Наставляемые» row of the same child, so naming that child by ФИО is not ambiguous."""
        for f in sheet.fields:
            if f.type != "ref":
                continue
            targets = [self.schema.sheet(key) for key in f.refs if key in tables]
            if not targets:  # the sheet is missing: said once, not per row
                for rec in records:
                    rec.values[f.key] = None
                continue
            lookups = [_Lookup(t, tables[t.key]) for t in targets]
            names = " и ".join(f"«{t.name}»" for t in targets)
            for rec in records:
                value = rec.values.get(f.key)
                if value is None:
                    continue
                key = fold(value)
                hits = [(lk, found) for lk in lookups if (found := lk.by_id.get(key)) is not None]
                if not hits:
                    fio_hits = [(lk, lk.by_fio.get(key, [])) for lk in lookups]
                    many = next(((lk, m) for lk, m in fio_hits if len(m) > 1), None)
                    if many is not None:
                        rows = ", ".join(str(m.row) for m in many[1])
                        self.add(sheet, f"На листе «{many[0].sheet.name}» несколько человек с таким ФИО "
                                        f"(строки {rows}). Укажите код из столбца «Код».",
                                 row=rec.row, column=f.header, cell=rec.cells.get(f.key), value=value)
                        rec.values[f.key] = None
                        continue
                    hits = [(lk, m[0]) for lk, m in fio_hits if m]
                if len(hits) > 1 and twins is not None and all(
                        twins.get(id(found), found) is hits[0][1] for _, found in hits[1:]):
                    hits = hits[:1]  # one child on both sheets: the «Наставляемые» row stands for both
                if len(hits) > 1:
                    (a, ra), (b, rb) = hits[0], hits[1]
                    self.add(sheet, f"Такой код или ФИО есть и на листе «{a.sheet.name}» (строка {ra.row}), и на "
                                    f"листе «{b.sheet.name}» (строка {rb.row}). Укажите код.",
                             row=rec.row, column=f.header, cell=rec.cells.get(f.key), value=value)
                    rec.values[f.key] = None
                    continue
                found = hits[0][1] if hits else None
                if found is None and (sheet.name, rec.cells.get(f.key)) not in self.bad_cells:
                    self._not_found(sheet, f, rec, value, lookups, names)
                rec.values[f.key] = found

    def _not_found(self, sheet: Sheet, f: Field, rec: Record, value: Any, lookups: list["_Lookup"],
                   names: str) -> None:
        key = fold(value)
        plural = len(lookups) > 1
        what = "кода или ФИО" if any(lk.sheet.id_field not in (None, "fio") for lk in lookups) else "ФИО"
        for lk in lookups:
            near = lk.lookalike().get(key.translate(_LOOKALIKES))
            if near is not None:
                target = lk.sheet
                shown = near.values.get(target.id_field or "fio") or near.values.get("fio")
                self.add(sheet, f"На листе «{target.name}» нет такого {what}, но есть «{shown}» "
                                f"(строка {near.row}): они различаются только латинскими буквами, "
                                "похожими на русские. Наберите значение (или то, что на листе "
                                f"«{target.name}») заново в русской раскладке.",
                         row=rec.row or None, column=f.header, cell=rec.cells.get(f.key), value=value)
                return
        where = f"На листах {names}" if plural else f"На листе {names}"
        there = "на один из этих листов" if plural else "на тот лист"
        self.add(sheet, f"{where} нет такого {what}. Проверьте написание или добавьте человека {there}.",
                 row=rec.row, column=f.header, cell=rec.cells.get(f.key), value=value)

    def conditional(self, sheet: Sheet, records: list[Record]) -> None:
        """Fields required only when another field has a value (``required_if``): a pupil
        mentor's birth date, the processor's address when a processor is named."""
        for f in sheet.fields:
            for rec in records:
                if rec.values.get(f.key) is not None or (sheet.name, rec.cells.get(f.key)) in self.bad_cells:
                    continue
                for other, wanted in f.required_if:
                    given = rec.values.get(other)
                    if given is None:
                        continue
                    if wanted != ("*",) and fold(str(given)) not in {fold(w) for w in wanted}:
                        continue
                    header = sheet.field(other).header
                    if f.required_message:
                        message = f.required_message.replace("{value}", str(given))
                    elif wanted == ("*",):
                        message = f"Нужно заполнить, потому что заполнено «{header}»."
                    else:
                        message = f"Нужно заполнить, потому что «{header}» — «{given}»."
                    cell = rec.cells.get(f.key)
                    if cell is None and sheet.kind == "keyvalue":
                        message += f" Добавьте строку «{f.header}» в столбец A и заполните значение в столбце B."
                    self.add(sheet, message, row=rec.row or None, column=f.header, cell=cell)
                    break

    def dates(self, sheet: Sheet, records: list[Record]) -> None:
        for f in sheet.fields:
            for rec in records:
                value = rec.values.get(f.key)
                if not isinstance(value, date):
                    continue
                cell = rec.cells.get(f.key)
                if f.not_before:
                    start = rec.values.get(f.not_before)
                    if isinstance(start, date) and value < start:
                        other = sheet.field(f.not_before).header
                        self.add(sheet, f"Дата раньше, чем «{other}» ({start:%d.%m.%Y}).",
                                 row=rec.row, column=f.header, cell=cell, value=f"{value:%d.%m.%Y}")
                if f.min_age is not None or f.max_age is not None or f.key == "birth_date":
                    if value > self.as_of:
                        self.add(sheet, "Дата рождения в будущем.", row=rec.row, column=f.header,
                                 cell=cell, value=f"{value:%d.%m.%Y}")
                        continue
                    age = age_on(value, self.as_of)
                    if (f.min_age is not None and age < f.min_age) or (f.max_age is not None and age > f.max_age):
                        self.add(sheet, f"По этой дате рождения человеку {years(age)} — проверьте год "
                                        f"(ожидается от {f.min_age} до {f.max_age}).",
                                 row=rec.row, column=f.header, cell=cell, value=f"{value:%d.%m.%Y}")
                    elif rec.values.get("category") == PUPIL_CATEGORY and age > PUPIL_MAX_AGE:
                        self.add(sheet, f"По этой дате рождения обучающемуся {years(age)} — проверьте год "
                                        f"или «Категорию» (обучающиеся — не старше {PUPIL_MAX_AGE} года).",
                                 row=rec.row, column=f.header, cell=cell, value=f"{value:%d.%m.%Y}")

    def sexes(self, sheet: Sheet, records: list[Record]) -> None:
        """Fill an empty «Пол» from the patronymic; report what cannot be known or contradicts."""
        for f in sheet.fields:
            if f.type != "sex":
                continue
            name_key = "fio" if f.key == "sex" else f.key.removesuffix("_sex")
            if not any(x.key == name_key for x in sheet.fields):
                continue
            name_header = sheet.field(name_key).header
            for rec in records:
                name = rec.values.get(name_key)
                if not name:
                    continue
                given = rec.values.get(f.key)
                derived = detect_sex(name)
                cell = rec.cells.get(f.key) or rec.cells.get(name_key)
                if given is None and (sheet.name, rec.cells.get(f.key)) in self.bad_cells:
                    continue  # the cell itself held a bad value: already reported
                if given is None and derived is None:
                    self.add(sheet, f"Не удаётся определить пол по ФИО «{name}» (нет отчества). "
                                    f"Заполните «{f.header}»: м или ж.",
                             row=rec.row, column=f.header, cell=cell)
                elif given is None:
                    rec.values[f.key] = derived
                elif derived is not None and derived != given:
                    self.add(sheet, f"Пол «{given}» не совпадает с отчеством в «{name_header}». "
                                    "Проверьте пол или ФИО.",
                             row=rec.row, column=f.header, cell=cell, value=given)




def validate(raw: list[RawSheet], schema: RegistrySchema, path: Path, as_of: date) -> tuple[Registry, list[Problem]]:
    """Check every sheet and build the typed registry. Problems come back in workbook order."""
    col = _Collector(schema, as_of)
    tables: dict[str, list[Record]] = {}
    year_headers: dict[str, list[str]] = {}
    org = Record(sheet="org", row=0, values={})
    present: list[Sheet] = []
    for sheet in schema.sheets:
        found = _find_sheet(raw, sheet)
        namesakes = [s.name for s in raw if fold(s.name) == fold(sheet.name)]
        if len(namesakes) > 1:
            col.add(sheet, f"В книге несколько листов с именем «{sheet.name}»: "
                           f"{', '.join(f'«{n}»' for n in namesakes)} (различаются только регистром или "
                           f"пробелами). docgen читает первый, «{namesakes[0]}». Удалите или переименуйте лишний.")
        if found is None:
            if sheet.required:
                names = ", ".join(f"«{s.name}»" for s in raw) or "нет ни одного листа"
                col.add(sheet, f"В книге нет листа «{sheet.name}». Листы в книге: {names}. "
                               "Переименуйте лист или создайте чистый реестр командой docgen init.")
            continue
        present.append(sheet)
        if sheet.kind == "keyvalue":
            rec = col.keyvalue(found, sheet)
            if sheet.key == "org":
                org = rec
            tables[sheet.key] = [rec]
        else:
            tables[sheet.key], year_headers[sheet.key] = col.table(found, sheet)
    for sheet in present:
        records = tables[sheet.key]
        col.unique(sheet, records)
        col.names(sheet, records)
        col.dates(sheet, records)
        col.sexes(sheet, records)
        col.conditional(sheet, records)
    twins = find_twins(tables)
    for sheet in present:
        col.resolve_refs(sheet, tables[sheet.key], tables, {id(m): t for t, m in twins})
    if {"mentees", "mentors", "parents"} <= {s.key for s in schema.sheets}:
        # the rules about children, parents and consents are a school's; a district's registry has no participants
        participant_rules(col, tables, org, twins)
    col.problems += roadmap_without_dates(schema, tables)
    order = {s.name: i for i, s in enumerate(schema.sheets)}
    problems = sorted(col.problems, key=lambda p: (order.get(p.sheet, 99), p.row or 0, p.cell or ""))
    registry = Registry(schema=schema, path=path, as_of=as_of, org=org,
                        tables={k: v for k, v in tables.items() if k != "org"}, year_headers=year_headers,
                        layouts=col.layouts, twins=twins)
    return registry, problems


def load(path: str | Path, schema: RegistrySchema, as_of: date | None = None) -> Registry:
    """Read and validate; raise RegistryInvalid with every error if there is any (warnings —
    advice that stops no document — do not count here)."""
    path = Path(path)
    registry, problems = validate(read_workbook(path), schema, path, as_of or date.today())
    errors = [p for p in problems if not p.is_warning]
    if errors:
        raise RegistryInvalid(errors)
    return registry
