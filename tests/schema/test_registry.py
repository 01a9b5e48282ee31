from pathlib import Path

import pytest

from docgen.plugins import catalog as packs
from docgen.plugins.catalog import catalog
from docgen.errors import SchemaError
from docgen.schema.registry import load_registry_schema
from docgen.schema.template import load_template_schema


def test_builtin_registry_schema_has_every_required_sheet():
    names = [s.name for s in catalog().registry_schema.sheets]
    for sheet in ["Организация", "Сотрудники", "Наставники", "Наставляемые", "Родители", "Пары",
                  "Рабочая группа", "Дорожная карта", "Показатели", "Партнёры", "Приказы"]:
        assert sheet in names


def test_builtin_templates_load():
    schemas = catalog().of_pack()
    assert {"order_intro", "consent_parent"} <= set(schemas)
    assert schemas["consent_parent"].where == {"minor": True}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_broken_registry_schema_names_file_and_key(tmp_path):
    path = write(tmp_path, "registry.yaml", """
sheets:
  - key: staff
    name: Сотрудники
    fields:
      - {key: fio, header: ФИО, type: strng}
""")
    with pytest.raises(SchemaError, match=r"registry.yaml, ключ «sheets\[0\]\.fields\[0\]\.type»: неизвестный тип «strng»"):
        load_registry_schema(path)


def test_ref_to_missing_sheet_is_reported(tmp_path):
    path = write(tmp_path, "registry.yaml", """
sheets:
  - key: pairs
    name: Пары
    fields:
      - {key: mentor, header: Наставник, type: ref, ref: mentors}
""")
    with pytest.raises(SchemaError, match="листа «mentors» нет в схеме"):
        load_registry_schema(path)


def test_yaml_syntax_error(tmp_path):
    path = write(tmp_path, "registry.yaml", "sheets: [unclosed")
    with pytest.raises(SchemaError, match="не читается как YAML"):
        load_registry_schema(path)


def test_template_schema_unknown_source_field(tmp_path):
    (tmp_path / "t.docx").write_bytes(b"x")
    path = write(tmp_path, "bad.yaml", """
id: bad
title: Плохой
kind: order
template: t.docx
source: {scope: workbook}
filename: x
fields:
  - {name: org.nope, source: org.nope, help: нет такого}
""")
    with pytest.raises(SchemaError, match=r"bad.yaml, ключ «fields\[0\]\.source»: «org.nope»"):
        load_template_schema(path, catalog().registry_schema, tmp_path)


def test_template_schema_unknown_key_and_bad_where(tmp_path):
    (tmp_path / "t.docx").write_bytes(b"x")
    path = write(tmp_path, "bad.yaml", """
id: bad
title: Плохой
kind: consent
template: t.docx
source: {scope: rows, sheet: mentees, where: {colour: red}}
filename: x
fields: [{name: a, help: b}]
""")
    with pytest.raises(SchemaError, match="source.where.colour"):
        load_template_schema(path, catalog().registry_schema, tmp_path)
