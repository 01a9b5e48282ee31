"""docgen.schema.registry: the registry schema, built-in and broken ones named by file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.errors import SchemaError
from docgen.plugins.catalog import catalog
from docgen.schema.registry import load_registry_schema


def test_builtin_registry_schema_has_every_required_sheet():
    names = [s.name for s in catalog().registry_schema.sheets]
    for sheet in ["Организация", "Сотрудники", "Наставники", "Наставляемые", "Родители", "Пары",
                  "Рабочая группа", "Дорожная карта", "Показатели", "Партнёры", "Приказы"]:
        assert sheet in names


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


