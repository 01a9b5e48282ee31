"""The schema capabilities the consents for every minor need: a reference to either of two sheets,
a requirement that depends on another column, page addresses and table-row numbers as types, and a
template made from the rows of two sheets — each wrong use explained naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.errors import SchemaError
from docgen.plugins.catalog import catalog
from docgen.records.fieldtypes import CellError, parse_cell
from docgen.schema.model import Field
from docgen.schema.registry import load_registry_schema
from docgen.schema.template import load_template_schema


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def template(folder: Path, source: str, extra: str = "") -> Path:
    (folder / "t.docx").write_bytes(b"x")
    return write(folder, "t.yaml", f"""
id: t
title: Проба
kind: consent
template: t.docx
source: {source}
filename: x
{extra}
fields: [{{name: child.fio, source: mentees.fio / mentors.fio, help: ФИО}}]
""")


def test_a_template_made_from_two_sheets(tmp_path):
    schema = load_template_schema(template(tmp_path, "{scope: rows, sheets: [mentees, mentors], as: child, "
                                                     "where: {minor: true}, sort: [school_class, fio]}",
                                           "needs: [parents]\nrequires: [org.publish_pages]"),
                                  catalog().registry_schema, tmp_path)
    assert schema.source_sheets == ("mentees", "mentors") and schema.sheet == "mentees"
    assert schema.needs == ("parents",) and schema.requires == ("org.publish_pages",)
    assert schema.describe_source(catalog().registry_schema) == (
        "по документу на строку листов «Наставляемые» и «Наставники» (только несовершеннолетние)")
    assert schema.fields[0].sources == (("mentees", "fio"), ("mentors", "fio"))


@pytest.mark.parametrize("source, extra, message", [
    ("{scope: rows, sheets: [mentees, mentors], sort: [request]}", "",
     "поле «request» есть на листе «Наставляемые», но нет на листе «Наставники»: по нему нельзя отбирать строки"),
    ("{scope: rows, sheet: mentees, sheets: [mentors]}", "", "укажите лист (sheet: ключ) или несколько листов"),
    ("{scope: rows, sheets: [mentees, mentees]}", "", "ожидался список разных ключей листов"),
    ("{scope: rows, sheets: [mentees, nope]}", "", "листа «nope» нет в схеме реестра"),
    ("{scope: rows, sheets: [mentees, mentors]}", "needs: [nope]", "ключ «needs»: листа «nope» нет в схеме реестра"),
    ("{scope: rows, sheets: [mentees, mentors]}", "requires: [mentees.fio]", "ожидалось поле листа «Организация»"),
])
def test_wrong_union_sources_are_explained(tmp_path, source, extra, message):
    with pytest.raises(SchemaError) as info:
        load_template_schema(template(tmp_path, source, extra), catalog().registry_schema, tmp_path)
    assert message in str(info.value) and "t.yaml" in str(info.value)


def test_registry_references_to_several_sheets_and_conditional_requirements(tmp_path):
    schema = load_registry_schema(write(tmp_path, "registry.yaml", """
sheets:
  - {key: a, name: А, fields: [{key: code, header: Код}]}
  - {key: b, name: Б, fields: [{key: code, header: Код}]}
  - key: c
    name: В
    fields:
      - {key: who, header: Кто, type: ref, ref: [a, b]}
      - {key: kind, header: Вид, type: choice, choices: [x, y]}
      - {key: when, header: Когда, type: date, required_if: {kind: [x]}, required_message: "нужно для «{value}»"}
"""))
    who, _, when = schema.sheet("c").fields
    assert who.refs == ("a", "b") and when.required_if == (("kind", ("x",)),)
    for bad, message in (("ref: [a, zz]", "листа «zz» нет в схеме"),
                         ("required_if: {nope: [x]}", "поля «nope» нет на листе"),
                         ("required: true, required_if: {kind: [x]}", "условие не нужно")):
        with pytest.raises(SchemaError, match=message):
            load_registry_schema(write(tmp_path, "bad.yaml", f"""
sheets:
  - {{key: a, name: А, fields: [{{key: code, header: Код}}, {{key: kind, header: Вид}}]}}
  - key: c
    name: В
    fields:
      - {{key: who, header: Кто, type: ref, {bad if bad.startswith("ref") else "ref: a"}}}
      - {{key: when, header: Когда, type: date{", " + bad if not bad.startswith("ref") else ""}}}
      - {{key: kind, header: Вид}}
"""))


@pytest.mark.parametrize("value, expected", [
    ("1, 2, 4", (1, 2, 4)), ("4;2;1", (1, 2, 4)), ("1 2 3 4 5 6 7", (1, 2, 3, 4, 5, 6, 7)), (3.0, (3,)),
    (1.2, (1, 2)),  # «1,2» typed into Russian Excel is the number 1.2
])
def test_items_are_row_numbers(value, expected):
    assert parse_cell(value, Field(key="publish_items", header="Разрешено", type="items", max=7)) == expected


@pytest.mark.parametrize("value", ["1, 8", "0", "1, 1", "да", "1-3"])
def test_items_outside_the_table_are_refused(value):
    with pytest.raises(CellError, match="через запятую, например «1, 2, 4» \\(от 1 до 7\\)"):
        parse_cell(value, Field(key="publish_items", header="Разрешено", type="items", max=7))


def test_urls_are_pages_of_a_site():
    field = Field(key="publish_pages", header="Страницы", type="urls")
    assert parse_cell("https://s.ru/a; http://s.ru/b\nhttps://s.ru/c/d?x=1", field) == (
        "https://s.ru/a", "http://s.ru/b", "https://s.ru/c/d?x=1")
    for bad in ("s.ru/a", "https://localhost/x", "ftp://s.ru/a", "https://s.ru/a b"):
        with pytest.raises(CellError, match="не похож на адрес страницы сайта"):
            parse_cell(bad, field)
