"""A template's schema: what it is, what one document is made from, its file name and fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docgen.schema.check import Checker, load_yaml
from docgen.schema.model import ID_RE, ROW_PREDICATES, TEMPLATE_KINDS, RegistrySchema, TemplateField, TemplateSchema

__all__ = ["load_template_schema"]

_TEMPLATE_KEYS = {
    "id", "title", "kind", "template", "description", "source", "filename", "folder",
    "fields", "order_journal", "needs", "requires", "when", "issued",
}


def load_template_schema(path: Path, registry: RegistrySchema, templates_dir: Path) -> TemplateSchema:
    """Read one template schema and check it against the registry schema."""
    c = Checker(path)
    data = load_yaml(path)
    c.unknown(data, _TEMPLATE_KEYS, "")
    tid = c.str_(data, "id", "")
    if not ID_RE.match(tid):
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
    c.unknown(source, {"scope", "sheet", "sheets", "as", "where", "sort", "group_by"}, "source")
    scope = c.str_(source, "scope", "source")
    sheet_keys: tuple[str, ...] = ()
    record_name = "record"
    where: dict[str, Any] = {}
    sort: tuple[str, ...] = ()
    group_by: str | None = None
    if scope == "rows":
        sheet_keys = _source_sheets(c, source, registry)
        names = " и ".join(f"«{registry.sheet(k).name}»" for k in sheet_keys)

        def check_key(key: str, where_key: str) -> None:
            missing = [k for k in sheet_keys if not registry.has_field(k, key)]
            if len(missing) == len(sheet_keys):
                raise c.fail(where_key, f"поля «{key}» нет на листе {names}.")
            if missing:
                has = next(k for k in sheet_keys if k not in missing)
                raise c.fail(where_key, f"поле «{key}» есть на листе «{registry.sheet(has).name}», но нет на листе "
                                        f"«{registry.sheet(missing[0]).name}»: по нему нельзя отбирать строки "
                                        "обоих листов.")

        record_name = c.str_(source, "as", "source", required=False, default="record")
        if not ID_RE.match(record_name):
            raise c.fail("source.as", "имя записи пишется латиницей в нижнем регистре.")
        raw_where = source.get("where") or {}
        if not isinstance(raw_where, dict):
            raise c.fail("source.where", "ожидался словарь условий.")
        for key, value in raw_where.items():
            if key in ROW_PREDICATES:
                if not isinstance(value, bool):
                    raise c.fail(f"source.where.{key}", "ожидалось true или false.")
            else:
                check_key(key, f"source.where.{key}")
        where = dict(raw_where)
        sort = c.list_(source, "sort", "source")
        for key in sort:
            check_key(key.lstrip("-"), "source.sort")
        group_by = c.str_(source, "group_by", "source", required=False) or None
        if group_by:
            check_key(group_by, "source.group_by")
    elif scope != "workbook":
        raise c.fail("source.scope", f"«{scope}»: допустимо workbook или rows.")
    needs = c.list_(data, "needs", "")
    for key in needs:
        try:
            registry.sheet(key)
        except KeyError:
            raise c.fail("needs", f"листа «{key}» нет в схеме реестра.") from None
    requires = c.list_(data, "requires", "")
    for name in requires:
        sheet_key, _, key = name.partition(".")
        if sheet_key != "org" or not registry.has_field("org", key):
            raise c.fail("requires", f"«{name}»: ожидалось поле листа «Организация» в виде org.ключ.")

    when = _when(c, data.get("when"), registry)
    issued = c.str_(data, "issued", "", required=False) or None
    if issued is not None:
        wrong = [k for k in sheet_keys
                 if not registry.has_field(k, issued) or registry.sheet(k).field(issued).type != "date"]
        if scope != "rows" or wrong:
            raise c.fail("issued", f"«{issued}»: ожидалось поле-дата каждого листа, по строкам которого делается "
                                   "документ (например consent_issued — «Согласие выдано»).")

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
        field = TemplateField(name=c.str_(rf, "name", where_key), help=c.str_(rf, "help", where_key), source=src)
        for sk, fk in field.sources:
            if not registry.has_field(sk, fk):
                raise c.fail(f"{where_key}.source", f"«{src}»: такого поля нет в схеме реестра.")
        fields.append(field)
    return TemplateSchema(
        id=tid, title=c.str_(data, "title", ""), kind=kind, template=template, scope=scope,
        filename=c.str_(data, "filename", ""), folder=c.str_(data, "folder", "", required=False, default=tid),
        fields=tuple(fields), path=path, sheet=sheet_keys[0] if sheet_keys else None, record_name=record_name,
        where=where, sort=sort, order_journal=c.bool_(data, "order_journal", ""),
        description=c.str_(data, "description", "", required=False), group_by=group_by,
        sheets=sheet_keys, needs=needs, requires=requires, when=when, issued=issued,
    )


def _source_sheets(c: Checker, source: dict, registry: RegistrySchema) -> tuple[str, ...]:
    """``sheet: mentees`` or ``sheets: [mentees, mentors]`` (documents from the rows of both)."""
    if ("sheet" in source) == ("sheets" in source):
        raise c.fail("source.sheet", "укажите лист (sheet: ключ) или несколько листов (sheets: [ключ, ключ]).")
    if "sheet" in source:
        keys: tuple[str, ...] = (c.str_(source, "sheet", "source"),)
    else:
        keys = c.list_(source, "sheets", "source")
        if not keys or len(set(keys)) != len(keys):
            raise c.fail("source.sheets", "ожидался список разных ключей листов.")
    for key in keys:
        try:
            sheet = registry.sheet(key)
        except KeyError:
            raise c.fail("source.sheet", f"листа «{key}» нет в схеме реестра.") from None
        if sheet.kind != "table":
            raise c.fail("source.sheet", "документы по строкам делаются только из табличных листов.")
    return keys


def _when(c: Checker, raw: Any, registry: RegistrySchema) -> dict[str, tuple[str, ...]]:
    """``when: {org.orders_variant: отдельные приказы}`` — the template is made only when the
    setting on «Организация» has one of the values (a school issues either one order on
    introduction or separate ones, never both)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not raw:
        raise c.fail("when", "ожидался словарь {org.ПАРАМЕТР: значение}.")
    when: dict[str, tuple[str, ...]] = {}
    for key, value in raw.items():
        sheet_key, _, field_key = str(key).partition(".")
        if sheet_key != "org" or not registry.has_field("org", field_key):
            raise c.fail(f"when.{key}", "условие пишется по параметру листа «Организация»: org.ПАРАМЕТР.")
        values = tuple(str(v) for v in (value if isinstance(value, list) else [value]))
        choices = registry.sheet("org").field(field_key).choices
        wrong = [v for v in values if choices and v not in choices]
        if not values or wrong:
            raise c.fail(f"when.{key}", f"«{', '.join(wrong)}»: допустимо {', '.join(choices)}.")
        when[str(key)] = values
    return when
