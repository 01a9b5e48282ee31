"""Schemas: the registry's (sheets and columns) and one per template.

Schemas are YAML files read with ``yaml.safe_load`` and checked here, so that a broken
schema is reported as a :class:`SchemaError` naming the file and the key instead of
failing somewhere deep in rendering. The dataclasses are frozen: a schema, once loaded,
is shared by every stage of a batch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# libyaml's C loader when the wheel has it (10× faster on registry.yaml); same safe subset.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

from .errors import SchemaError

FIELD_TYPES = (
    "text", "date", "integer", "percent", "choice", "sex", "school_class", "ref",
    "year", "digits", "email", "phone",
)
SHEET_KINDS = ("table", "keyvalue")
TEMPLATE_KINDS = {
    "order": "приказ",
    "regulation": "положение",
    "agreement": "соглашение",
    "consent": "согласие",
    "protocol": "протокол",
    "roadmap": "дорожная карта",
    "plan": "план",
    "report": "отчёт",
    "list": "список",
    "letter": "письмо",
    "form": "форма",
}
ROW_PREDICATES = ("minor", "adult")
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Field:
    """One column of a table sheet, or one parameter row of a key–value sheet."""

    key: str
    header: str
    type: str = "text"
    required: bool = False
    unique: bool = False
    help: str = ""
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    ref: str | None = None
    digits: tuple[int, ...] = ()
    min: int | None = None
    max: int | None = None
    min_age: int | None = None
    max_age: int | None = None
    not_before: str | None = None

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


@dataclass(frozen=True)
class Sheet:
    key: str
    name: str
    kind: str
    fields: tuple[Field, ...]
    required: bool = True
    help: str = ""
    id_field: str | None = None
    year_columns: dict[str, Any] | None = None

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


@dataclass(frozen=True)
class RegistrySchema:
    sheets: tuple[Sheet, ...]
    path: Path
    blank_values: tuple[str, ...] = ()

    def sheet(self, key: str) -> Sheet:
        for s in self.sheets:
            if s.key == key:
                return s
        raise KeyError(key)

    def has_field(self, sheet_key: str, field_key: str) -> bool:
        try:
            self.sheet(sheet_key).field(field_key)
        except KeyError:
            return False
        return True


@dataclass(frozen=True)
class TemplateField:
    """A placeholder a template uses: its name, where the value comes from, what it means."""

    name: str
    help: str
    source: str = ""


@dataclass(frozen=True)
class TemplateSchema:
    id: str
    title: str
    kind: str
    template: Path
    scope: str  # "workbook" or "rows"
    filename: str
    folder: str
    fields: tuple[TemplateField, ...]
    path: Path
    sheet: str | None = None
    record_name: str = "record"
    where: dict[str, Any] = field(default_factory=dict)
    sort: tuple[str, ...] = ()
    order_journal: bool = False
    description: str = ""
    group_by: str | None = None  # one document per distinct value of this field (rows scope)
    pack: str = "builtin"

    @property
    def qualified(self) -> str:
        """``pack:id`` — unique whatever packs are installed."""
        return f"{self.pack}:{self.id}"

    @property
    def ref(self) -> str:
        """How docgen names the template to users and in the order journal: the plain id for
        the built-in pack (as it always was), ``pack:id`` for any other."""
        return self.id if self.pack == "builtin" else self.qualified

    @property
    def kind_ru(self) -> str:
        return TEMPLATE_KINDS.get(self.kind, self.kind)

    def describe_source(self, registry: RegistrySchema) -> str:
        """Russian phrase: what one document is made from (for `docgen list`)."""
        if self.scope == "workbook":
            return "один документ на весь реестр"
        sheet = registry.sheet(self.sheet or "")
        text = f"по документу на строку листа «{sheet.name}»"
        if self.group_by:
            text = (f"по документу на каждое значение «{sheet.field(self.group_by).header}» "
                    f"листа «{sheet.name}»")
        conds = []
        for key, value in self.where.items():
            if key == "minor" and value:
                conds.append("только несовершеннолетние")
            elif key == "adult" and value:
                conds.append("только совершеннолетние")
            else:
                shown = ", ".join(value) if isinstance(value, (list, tuple)) else value
                conds.append(f"«{sheet.field(key).header}» = {shown}")
        return text + (f" ({'; '.join(conds)})" if conds else "")


# --------------------------------------------------------------------------- loading


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """A YAML file that must hold a mapping (safe loader only: no Python objects)."""
    return _load_yaml(path)


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except FileNotFoundError:
        raise SchemaError(f"Файл схемы не найден: {path}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SchemaError(f"Файл схемы {path.name} не читается как YAML: {exc}") from None
    if not isinstance(data, dict):
        raise SchemaError(f"{path.name}: ожидался словарь ключей верхнего уровня.")
    return data


class _Checker:
    """Small helper that turns a dict from YAML into typed values, naming file and key on error."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, message: str) -> SchemaError:
        return SchemaError(f"{self.path.name}, ключ «{where}»: {message}")

    def str_(self, data: dict, key: str, where: str, *, required: bool = True, default: str = "") -> str:
        value = data.get(key, None)
        if value is None:
            if required:
                raise self.fail(f"{where}.{key}", "обязательный ключ отсутствует.")
            return default
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise self.fail(f"{where}.{key}", "ожидалась строка.")
        return str(value)

    def bool_(self, data: dict, key: str, where: str, default: bool = False) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{where}.{key}", "ожидалось true или false.")
        return value

    def int_(self, data: dict, key: str, where: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"{where}.{key}", "ожидалось целое число.")
        return value

    def list_(self, data: dict, key: str, where: str, item_type: type = str) -> tuple:
        value = data.get(key, [])
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, item_type) for v in value):
            raise self.fail(f"{where}.{key}", f"ожидался список ({item_type.__name__}).")
        return tuple(value)

    def unknown(self, data: dict, allowed: set[str], where: str) -> None:
        extra = sorted(set(data) - allowed)
        if extra:
            raise self.fail(f"{where}.{extra[0]}", "неизвестный ключ. Допустимые: " + ", ".join(sorted(allowed)) + ".")


_FIELD_KEYS = {
    "key", "header", "type", "required", "unique", "help", "aliases", "choices", "ref",
    "digits", "min", "max", "min_age", "max_age", "not_before",
}


def _parse_field(c: _Checker, raw: Any, where: str, extra_types: frozenset[str] = frozenset()) -> Field:
    if not isinstance(raw, dict):
        raise c.fail(where, "ожидался словарь с описанием поля.")
    c.unknown(raw, _FIELD_KEYS, where)
    key = c.str_(raw, "key", where)
    if not _ID_RE.match(key):
        raise c.fail(f"{where}.key", f"«{key}»: ключ пишется латиницей в нижнем регистре (a-z, 0-9, _).")
    ftype = c.str_(raw, "type", where, required=False, default="text")
    if ftype not in FIELD_TYPES and ftype not in extra_types:
        known = ", ".join((*FIELD_TYPES, *sorted(extra_types)))
        raise c.fail(f"{where}.type", f"неизвестный тип «{ftype}». Допустимые: {known}. Тип из расширения "
                                      "набора доступен, только когда набор установлен (pip install).")
    f = Field(
        key=key,
        header=c.str_(raw, "header", where).strip(),
        type=ftype,
        required=c.bool_(raw, "required", where),
        unique=c.bool_(raw, "unique", where),
        help=c.str_(raw, "help", where, required=False),
        aliases=c.list_(raw, "aliases", where),
        choices=c.list_(raw, "choices", where),
        ref=c.str_(raw, "ref", where, required=False) or None,
        digits=c.list_(raw, "digits", where, int),
        min=c.int_(raw, "min", where),
        max=c.int_(raw, "max", where),
        min_age=c.int_(raw, "min_age", where),
        max_age=c.int_(raw, "max_age", where),
        not_before=c.str_(raw, "not_before", where, required=False) or None,
    )
    if ftype == "choice" and not f.choices:
        raise c.fail(f"{where}.choices", "для типа choice нужен непустой список значений.")
    if ftype == "ref" and not f.ref:
        raise c.fail(f"{where}.ref", "для типа ref нужно указать лист, на который ссылается поле.")
    if ftype == "digits" and not f.digits:
        raise c.fail(f"{where}.digits", "для типа digits нужен список допустимых длин.")
    return f


def load_registry_schema(path: Path, extra_types: frozenset[str] = frozenset()) -> RegistrySchema:
    """Read and check ``registry.yaml``: sheets, fields, references between sheets."""
    c = _Checker(path)
    data = _load_yaml(path)
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
        fields = tuple(_parse_field(c, rf, f"{where}.fields[{j}]", extra_types) for j, rf in enumerate(raw_fields))
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
            if f.type == "ref" and f.ref not in keys:
                raise c.fail(f"{s.key}.{f.key}.ref", f"листа «{f.ref}» нет в схеме.")
            if f.not_before and f.not_before not in [x.key for x in s.fields]:
                raise c.fail(f"{s.key}.{f.key}.not_before", f"поля «{f.not_before}» нет на листе.")
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        raise c.fail("settings", "ожидался словарь.")
    blanks = c.list_(settings, "blank_values", "settings")
    return RegistrySchema(sheets=tuple(sheets), path=path, blank_values=blanks)


def parse_extra_fields(path: Path, where: str, raw_fields: Any, registry: RegistrySchema, sheet: Sheet,
                       extra_types: frozenset[str] = frozenset()) -> tuple[Field, ...]:
    """Columns a pack adds to a registry sheet (``registry:`` in pack.yaml). They are optional
    by rule: a school that has not added the column must still get a valid registry."""
    c = _Checker(path)
    if not isinstance(raw_fields, list) or not raw_fields:
        raise c.fail(where, "нужен непустой список полей.")
    fields = tuple(_parse_field(c, rf, f"{where}[{j}]", extra_types) for j, rf in enumerate(raw_fields))
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
        if f.type == "ref" and f.ref not in sheet_keys:
            raise c.fail(f"{at}.ref", f"листа «{f.ref}» нет в схеме реестра.")
        if sheet.kind == "keyvalue" and f.unique:
            raise c.fail(f"{at}.unique", "на листе «параметр — значение» уникальность не нужна.")
        keys.append(f.key)
        headers.update(h.casefold() for h in f.headers)
    return fields


_TEMPLATE_KEYS = {
    "id", "title", "kind", "template", "description", "source", "filename", "folder",
    "fields", "order_journal",
}


def load_template_schema(path: Path, registry: RegistrySchema, templates_dir: Path) -> TemplateSchema:
    """Read one template schema and check it against the registry schema."""
    c = _Checker(path)
    data = _load_yaml(path)
    c.unknown(data, _TEMPLATE_KEYS, "")
    tid = c.str_(data, "id", "")
    if not _ID_RE.match(tid):
        raise c.fail("id", f"«{tid}»: код шаблона пишется латиницей в нижнем регистре (a-z, 0-9, _).")
    if tid != path.stem:
        raise c.fail("id", f"код «{tid}» должен совпадать с именем файла «{path.stem}».")
    kind = c.str_(data, "kind", "")
    if kind not in TEMPLATE_KINDS:
        raise c.fail("kind", f"«{kind}»: допустимо {', '.join(TEMPLATE_KINDS)}.")
    template = templates_dir / c.str_(data, "template", "")
    try:
        inside = template.resolve().is_relative_to(templates_dir.resolve())
    except OSError:
        inside = False
    if not inside:
        raise c.fail("template", f"файл шаблона должен лежать в папке {templates_dir.name} набора.")
    if not template.is_file():
        raise c.fail("template", f"файл шаблона «{template.name}» не найден в {templates_dir}.")

    source = data.get("source")
    if not isinstance(source, dict):
        raise c.fail("source", "ожидался словарь {scope: workbook} или {scope: rows, sheet: …}.")
    c.unknown(source, {"scope", "sheet", "as", "where", "sort", "group_by"}, "source")
    scope = c.str_(source, "scope", "source")
    sheet_key = None
    record_name = "record"
    where: dict[str, Any] = {}
    sort: tuple[str, ...] = ()
    group_by: str | None = None
    if scope == "rows":
        sheet_key = c.str_(source, "sheet", "source")
        try:
            sheet = registry.sheet(sheet_key)
        except KeyError:
            raise c.fail("source.sheet", f"листа «{sheet_key}» нет в схеме реестра.") from None
        if sheet.kind != "table":
            raise c.fail("source.sheet", "документы по строкам делаются только из табличных листов.")
        record_name = c.str_(source, "as", "source", required=False, default="record")
        if not _ID_RE.match(record_name):
            raise c.fail("source.as", "имя записи пишется латиницей в нижнем регистре.")
        raw_where = source.get("where") or {}
        if not isinstance(raw_where, dict):
            raise c.fail("source.where", "ожидался словарь условий.")
        for key, value in raw_where.items():
            if key in ROW_PREDICATES:
                if not isinstance(value, bool):
                    raise c.fail(f"source.where.{key}", "ожидалось true или false.")
            elif not registry.has_field(sheet_key, key):
                raise c.fail(f"source.where.{key}", f"поля «{key}» нет на листе «{sheet.name}».")
        where = dict(raw_where)
        sort = c.list_(source, "sort", "source")
        for key in sort:
            if not registry.has_field(sheet_key, key.lstrip("-")):
                raise c.fail("source.sort", f"поля «{key}» нет на листе «{sheet.name}».")
        group_by = c.str_(source, "group_by", "source", required=False) or None
        if group_by and not registry.has_field(sheet_key, group_by):
            raise c.fail("source.group_by", f"поля «{group_by}» нет на листе «{sheet.name}».")
    elif scope != "workbook":
        raise c.fail("source.scope", f"«{scope}»: допустимо workbook или rows.")

    raw_fields = data.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise c.fail("fields", "нужен непустой список полей, которые использует шаблон.")
    fields = []
    for i, rf in enumerate(raw_fields):
        where_key = f"fields[{i}]"
        if not isinstance(rf, dict):
            raise c.fail(where_key, "ожидался словарь {name, help, source}.")
        c.unknown(rf, {"name", "help", "source"}, where_key)
        src = c.str_(rf, "source", where_key, required=False)
        if src and not src.startswith("вычисляется"):
            sk, _, fk = src.partition(".")
            if not registry.has_field(sk, fk):
                raise c.fail(f"{where_key}.source", f"«{src}»: такого поля нет в схеме реестра.")
        fields.append(TemplateField(name=c.str_(rf, "name", where_key), help=c.str_(rf, "help", where_key), source=src))
    return TemplateSchema(
        id=tid, title=c.str_(data, "title", ""), kind=kind, template=template, scope=scope,
        filename=c.str_(data, "filename", ""), folder=c.str_(data, "folder", "", required=False, default=tid),
        fields=tuple(fields), path=path, sheet=sheet_key, record_name=record_name, where=where,
        sort=sort, order_journal=c.bool_(data, "order_journal", ""),
        description=c.str_(data, "description", "", required=False), group_by=group_by,
    )
