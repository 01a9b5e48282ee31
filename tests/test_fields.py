"""`docgen fields`: the field reference a methodologist reads before editing a template."""

from __future__ import annotations

import subprocess
import sys

from docgen import api, packs
from docgen.fields import markdown, source_text

from .helpers import ROOT


def test_sources_are_named_as_the_user_sees_them():
    registry = packs.catalog().registry_schema
    assert source_text("mentees.fio", registry) == "лист «Наставляемые», столбец «ФИО»"
    assert source_text("org.inn", registry) == "лист «Организация», строка «ИНН»"
    assert source_text("вычисляется: дата", registry) == "вычисляется: дата"


def test_every_field_of_every_template_is_listed_with_meaning_and_source():
    for ref, (title, rows) in api.fields().items():
        assert rows, ref
        for row in rows:
            assert row.meaning and row.source and row.placeholder.startswith("{{ "), (ref, row)


def test_the_page_in_the_repository_is_up_to_date():
    catalog = packs.catalog()
    builtin = [t for t in catalog.templates.values() if t.pack == packs.BUILTIN]
    expected = markdown(builtin, catalog.registry_schema)
    assert (ROOT / "docs" / "ПОЛЯ.md").read_text(encoding="utf-8") == expected, \
        "docs/ПОЛЯ.md is stale: run `docgen fields --all --markdown > docs/ПОЛЯ.md`"


def test_cli():
    one = subprocess.run([sys.executable, "-m", "docgen", "fields", "order_intro"], capture_output=True, text=True,
                         timeout=120)
    assert one.returncode == 0
    assert "{{ curator }}" in one.stdout and "откуда: лист «Организация», строка «Куратор внедрения ЦМН»" in one.stdout
    none = subprocess.run([sys.executable, "-m", "docgen", "fields"], capture_output=True, text=True, timeout=120)
    assert none.returncode == 2 and "--all" in none.stderr
