"""A broken YAML file is explained in Russian, with its line and column, not in PyYAML's English."""

from __future__ import annotations

import re

import pytest

from docgen.errors import SchemaError
from docgen.schema.check import load_yaml

ENGLISH = re.compile(r"\b(could|found|expected|mapping|while|scanning|line \d|column \d)\b")


@pytest.mark.parametrize("text, reason", [
    ("name: x\ntitle: Набор: школы: 5\n", "двоеточие в неожиданном месте"),
    ("name: x\n\ttitle: y\n", "табуляция"),
    ("!!python/object/apply:os.system ['echo']: 1\n", "теги вида !!python"),
    ("name: 'x\n", "не закрыта кавычка"),
    ("list: [1, 2\n", "не закрыт список"),
    ("a: 1\n  b: 2\n", "строка 2"),
])
def test_yaml_errors_are_russian_with_the_place(tmp_path, text, reason):
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        load_yaml(path)
    message = str(info.value)
    assert message.startswith("Файл pack.yaml не читается как YAML: строка ")
    assert reason in message, message
    assert not ENGLISH.search(message), message


def test_a_file_not_in_utf8_says_so(tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_bytes("name: школа\n".encode("cp1251"))
    with pytest.raises(SchemaError, match="не в кодировке UTF-8"):
        load_yaml(path)
