"""The registry schema (registry.yaml): sheets, their columns, and the columns packs add."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docgen.schema.check import Checker, load_yaml
from docgen.schema.model import FIELD_TYPES, ID_RE, SHEET_KINDS, Field, RegistrySchema, Sheet

__all__ = ["load_registry_schema", "parse_extra_fields", "parse_field"]

_FIELD_KEYS = {
    "key", "header", "type", "required", "unique", "help", "aliases", "choices", "ref",
    "digits", "min", "max", "min_age", "max_age", "not_before", "required_if", "required_message",
}


def parse_field(c: Checker, raw: Any, where: str, extra_types: frozenset[str] = frozenset()) -> Field:
    if not isinstance(raw, dict):
        raise c.fail(where, "ожидался словарь с описанием поля.")
    c.unknown(raw, _FIELD_KEYS, where)
    key = c.str_(raw, "key", where)
    if not ID_RE.match(key):
        raise c.fail(f"{where}.key", f"«{key}»: ключ пишется латиницей в нижнем регистре (a-z, 0-9, _).")
    ftype = c.str_(raw, "type", where, required=False, default="text")
    if ftype not in FIELD_TYPES and ftype not in extra_types:
        known = ", ".join((*FIELD_TYPES, *sorted(extra_types)))
        raise c.fail(f"{where}.type", f"неизвестный тип «{ftype}». Допустимые: {known}. Тип из расширения "
                                      "набора доступен, только когда набор установлен (pip install).")
    refs = _refs(c, raw, where)
    f = Field(
        key=key,
        header=c.str_(raw, "header", where).strip(),
        type=ftype,
        required=c.bool_(raw, "required", where),
        unique=c.bool_(raw, "unique", where),
        help=c.str_(raw, "help", where, required=False),
        aliases=c.list_(raw, "aliases", where),
        choices=c.list_(raw, "choices", where),
        ref=refs[0] if refs else None,
        ref_more=refs[1:],
        digits=c.list_(raw, "digits", where, int),
        min=c.int_(raw, "min", where),
        max=c.int_(raw, "max", where),
        min_age=c.int_(raw, "min_age", where),
        max_age=c.int_(raw, "max_age", where),
        not_before=c.str_(raw, "not_before", where, required=False) or None,
        required_if=_required_if(c, raw, where),
        required_message=c.str_(raw, "required_message", where, required=False),
    )
    if ftype == "choice" and not f.choices:
        raise c.fail(f"{where}.choices", "для типа choice нужен непустой список значений.")
    if ftype == "ref" and not f.ref:
        raise c.fail(f"{where}.ref", "для типа ref нужно указать лист, на который ссылается поле.")
    if ftype == "digits" and not f.digits:
        raise c.fail(f"{where}.digits", "для типа digits нужен список допустимых длин.")
    if ftype == "items" and not f.max:
        raise c.fail(f"{where}.max", "для типа items нужен наибольший номер строки (max).")
    if f.required and f.required_if:
        raise c.fail(f"{where}.required_if", "поле уже обязательно (required: true): условие не нужно.")
    return f


def _refs(c: Checker, raw: dict, where: str) -> tuple[str, ...]:
    """``ref: mentees`` or ``ref: [mentees, mentors]`` (a reference to either sheet)."""
    value = raw.get("ref")
    if value is None:
        return ()
    if isinstance(value, list):
        if not value or not all(isinstance(v, str) and v for v in value) or len(set(value)) != len(value):
            raise c.fail(f"{where}.ref", "ожидался ключ листа или список разных ключей листов.")
        return tuple(value)
    return (c.str_(raw, "ref", where),)


def _required_if(c: Checker, raw: dict, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``required_if: {category: [обучающийся, студент]}`` or ``{processor_name: "*"}``."""
    value = raw.get("required_if")
    if value is None:
        return ()
    if not isinstance(value, dict) or not value:
        raise c.fail(f"{where}.required_if", "ожидался словарь {поле: [значения]} или {поле: \"*\"}.")
    result = []
    for key, wanted in value.items():
        values = (wanted,) if isinstance(wanted, str) else wanted
        if not isinstance(key, str) or not isinstance(values, (list, tuple)) or not values \
                or not all(isinstance(v, str) for v in values):
            raise c.fail(f"{where}.required_if.{key}", "ожидался список значений или «*».")
        result.append((key, tuple(values)))
    return tuple(result)


def load_registry_schema(path: Path, extra_types: frozenset[str] = frozenset()) -> RegistrySchema:
    """Read and check ``registry.yaml``: sheets, fields, references between sheets."""
    c = Checker(path)
    data = load_yaml(path)
    c.unknown(data, {"version", "settings", "sheets"}, "")
    raw_sheets = data.get("sheets")
    if not isinstance(raw_sheets, list) or not raw_sheets:
        raise c.fail("sheets", "нужен непустой список листов.")
    sheets: list[Sheet] = []
    for i, raw in enumerate(raw_sheets):
        where = f"sheets[{i}]"
        if not isinstance(raw, dict):
            raise c.fail(where, "ожидался словарь с описанием листа.")
        c.unknown(raw, {"key", "name", "kind", "required", "help", "id_field", "fields", "year_columns"}, where)
        key = c.str_(raw, "key", where)
        kind = c.str_(raw, "kind", where, required=False, default="table")
        if kind not in SHEET_KINDS:
            raise c.fail(f"{where}.kind", f"«{kind}»: допустимо {', '.join(SHEET_KINDS)}.")
        raw_fields = raw.get("fields")
        if not isinstance(raw_fields, list) or not raw_fields:
            raise c.fail(f"{where}.fields", "нужен непустой список полей.")
        fields = tuple(parse_field(c, rf, f"{where}.fields[{j}]", extra_types) for j, rf in enumerate(raw_fields))
        keys = [f.key for f in fields]
        dup = {k for k in keys if keys.count(k) > 1}
        if dup:
            raise c.fail(f"{where}.fields", f"ключ поля повторяется: {sorted(dup)[0]}.")
        id_field = c.str_(raw, "id_field", where, required=False) or None
        if id_field and id_field not in keys:
            raise c.fail(f"{where}.id_field", f"поля «{id_field}» нет на листе.")
        year_columns = raw.get("year_columns")
        if year_columns is not None and (not isinstance(year_columns, dict)
                                         or year_columns.get("type", "percent") not in FIELD_TYPES):
            raise c.fail(f"{where}.year_columns", "ожидался словарь {type: …}.")
        sheets.append(Sheet(
            key=key, name=c.str_(raw, "name", where), kind=kind, fields=fields,
            required=c.bool_(raw, "required", where, True), help=c.str_(raw, "help", where, required=False),
            id_field=id_field, year_columns=year_columns,
        ))
    keys = [s.key for s in sheets]
    for s in sheets:
        if keys.count(s.key) > 1:
            raise c.fail("sheets", f"ключ листа повторяется: {s.key}.")
        for f in s.fields:
            for target in f.refs if f.type == "ref" else ():
                if target not in keys:
                    raise c.fail(f"{s.key}.{f.key}.ref", f"листа «{target}» нет в схеме.")
            if f.not_before and f.not_before not in [x.key for x in s.fields]:
                raise c.fail(f"{s.key}.{f.key}.not_before", f"поля «{f.not_before}» нет на листе.")
            for other, _values in f.required_if:
                if other not in [x.key for x in s.fields]:
                    raise c.fail(f"{s.key}.{f.key}.required_if", f"поля «{other}» нет на листе.")
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        raise c.fail("settings", "ожидался словарь.")
    blanks = c.list_(settings, "blank_values", "settings")
    return RegistrySchema(sheets=tuple(sheets), path=path, blank_values=blanks)


def parse_extra_fields(path: Path, where: str, raw_fields: Any, registry: RegistrySchema, sheet: Sheet,
                       extra_types: frozenset[str] = frozenset()) -> tuple[Field, ...]:
    """Columns a pack adds to a registry sheet (``registry:`` in pack.yaml). They are optional
    by rule: a school that has not added the column must still get a valid registry."""
    c = Checker(path)
    if not isinstance(raw_fields, list) or not raw_fields:
        raise c.fail(where, "нужен непустой список полей.")
    fields = tuple(parse_field(c, rf, f"{where}[{j}]", extra_types) for j, rf in enumerate(raw_fields))
    keys = [f.key for f in sheet.fields]
    headers = {h.casefold() for f in sheet.fields for h in f.headers}
    sheet_keys = [s.key for s in registry.sheets]
    for j, f in enumerate(fields):
        at = f"{where}[{j}]"
        if f.required:
            raise c.fail(f"{at}.required", "дополнительный столбец набора не может быть обязательным: "
                                           "реестры других школ его не содержат.")
        if f.key in keys:
            raise c.fail(f"{at}.key", f"поле «{f.key}» на листе «{sheet.name}» уже есть.")
        clash = [h for h in f.headers if h.casefold() in headers]
        if clash:
            raise c.fail(f"{at}.header", f"столбец «{clash[0]}» на листе «{sheet.name}» уже есть.")
        missing = [t for t in f.refs if t not in sheet_keys] if f.type == "ref" else []
        if missing:
            raise c.fail(f"{at}.ref", f"листа «{missing[0]}» нет в схеме реестра.")
        if f.required_if:
            raise c.fail(f"{at}.required_if", "дополнительный столбец набора не может быть обязательным: "
                                              "реестры других школ его не содержат.")
        if sheet.kind == "keyvalue" and f.unique:
            raise c.fail(f"{at}.unique", "на листе «параметр — значение» уникальность не нужна.")
        keys.append(f.key)
        headers.update(h.casefold() for h in f.headers)
    return fields
