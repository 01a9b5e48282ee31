"""`docgen fields`: the field reference a methodologist reads before editing a template."""

from __future__ import annotations

from docgen.packtools.fields import markdown_page, reference, source_text
from docgen.plugins import catalog as packs
from docgen.plugins.catalog import catalog
from tests.helpers import ROOT


def test_sources_are_named_as_the_user_sees_them():
    registry = catalog().registry_schema
    assert source_text("mentees.fio", registry) == "лист «Наставляемые», столбец «ФИО»"
    assert source_text("org.inn", registry) == "лист «Организация», строка «ИНН»"
    assert source_text("вычисляется: дата", registry) == "вычисляется: дата"


def test_every_field_of_every_template_is_listed_with_meaning_and_source():
    for ref, (title, rows) in reference().items():
        assert rows, ref
        for row in rows:
            assert row.meaning and row.source and row.placeholder.startswith("{{ "), (ref, row)


def test_the_page_in_the_repository_is_up_to_date():
    found = catalog()
    shipped = [t for t in found.templates.values() if t.pack in packs.SHIPPED]  # the school's and the district's
    assert {t.registry for t in shipped} == {"school", "district"}
    expected = markdown_page(shipped, lambda t: found.registry_schema_of(t.registry))
    assert (ROOT / "docs" / "ПОЛЯ.md").read_text(encoding="utf-8") == expected, \
        "docs/ПОЛЯ.md is stale: run `docgen fields --all --markdown > docs/ПОЛЯ.md`"


