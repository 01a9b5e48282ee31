"""docgen.schema.template: template schemas, built-in and broken ones named by file and key."""

from pathlib import Path

import pytest

from docgen.errors import SchemaError
from docgen.plugins.catalog import catalog
from docgen.schema.template import load_template_schema


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_templates_load():
    schemas = catalog().of_pack()
    assert {"order_intro", "consent_parent"} <= set(schemas)
    assert schemas["consent_parent"].where == {"minor": True}


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


@pytest.mark.parametrize("issued, scope", [("fio", "{scope: rows, sheets: [mentees, mentors]}"),
                                           ("consent_issued", "{scope: workbook}"),
                                           ("registry_date", "{scope: rows, sheets: [mentees, mentors]}")])
def test_issued_names_a_date_of_every_source_sheet(tmp_path, issued, scope):
    """``issued:`` — the column «--record-issued» dates: a date field on each source sheet
    («Дата включения в реестр» is on «Наставники» only)."""
    (tmp_path / "t.docx").write_bytes(b"x")
    path = write(tmp_path, "bad.yaml", f"""
id: bad
title: Плохой
kind: consent
template: t.docx
source: {scope}
issued: {issued}
filename: x
fields: [{{name: a, help: b}}]
""")
    with pytest.raises(SchemaError, match="issued"):
        load_template_schema(path, catalog().registry_schema, tmp_path)


def test_consents_to_processing_date_consent_issued():
    schemas = catalog().of_pack()
    assert {k for k, s in schemas.items() if s.issued} == {"consent_parent", "consent_adult", "consent_adult_mentee"}
    assert all(s.issued == "consent_issued" for s in schemas.values() if s.issued)
