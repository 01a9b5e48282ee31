"""A template sees only what its schema declares (context.View).

The attack this guards against: a folder pack whose schema lists one field, ``mentor.fio``,
walks ``mentor.pairs[0].mentee.parent`` and prints parents' passports into every mentor's
certificate, while ``docgen fields`` shows one harmless field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from docgen import api
from docgen.context import Obj, Projected, RowObj, View, workbook_context
from docgen.errors import TemplateError
from docgen.packtools.fields import reference
from docgen.packtools.lint import lint_pack
from docgen.plugins.catalog import catalog
from docgen.records.validate import load
from tests.helpers import EXAMPLE, docx_text


def test_a_view_keeps_declared_roots_and_the_attributes_their_names_mention():
    parent = RowObj(row=3, fio="Ершова Анна Петровна", sex="ж", passport_series="4011", address="ул. Лесная, 1")
    child = RowObj(row=7, fio="Ершов Пётр", sex="м", parent=parent, parents=[parent], pairs=[])
    pair = RowObj(row=2, mentee=child, status="действует")
    child.pairs.append(pair)  # a cycle: child → pair → child
    view = View(["child.fio", "child.parent", "p.passport_series"])
    shown = view.context({"child": child, "parents": [parent], "org": RowObj(inn="1")})
    assert set(shown) == {"child"}
    seen = shown["child"]
    assert isinstance(seen, Projected) and seen.fio == "Ершов Пётр" and seen.sex == "м"
    assert not hasattr(seen, "pairs") and not hasattr(seen, "parents")
    assert seen.parent.passport_series == "4011" and not hasattr(seen.parent, "address")
    assert seen._hidden == {"pairs", "parents"} and seen.parent._hidden == {"address"}
    assert view.value(child) is seen  # one copy per row, shared by every document


def test_rows_alike_share_one_set_of_what_they_leave_out():
    """5000 children each kept their own set of hidden names: 14 MB of the parent's memory."""
    rows = [RowObj(row=n, fio=f"Ребёнок {n}", passport_series="4011", address="ул. Лесная, 1") for n in range(3)]
    other = RowObj(row=9, fio="Другой", address="ул. Лесная, 2")
    view = View(["children", "c.fio"])
    seen = view.context({"children": [*rows, other]})["children"]
    assert all(s._hidden == {"passport_series", "address"} for s in seen[:3])
    assert seen[0]._hidden is seen[1]._hidden is seen[2]._hidden
    assert seen[3]._hidden == {"address"}


def test_docgen_arrangements_pass_whole_with_their_rows_cut():
    row = RowObj(row=5, event="Встреча", responsible="Завуч", passport_number="123456")
    section = Obj(number=1, title="Организационный этап", events=[row])
    seen = View(["roadmap", "e.event"]).context({"roadmap": [section]})["roadmap"][0]
    assert (seen.number, seen.title) == (1, "Организационный этап")
    assert seen.events[0].event == "Встреча" and not hasattr(seen.events[0], "passport_number")


def _passports() -> set[str]:
    registry = load(EXAMPLE, catalog().registry_schema, None)
    found = set()
    for rec in registry.rows("parents"):
        for key in ("passport_series", "passport_number"):
            if rec.values.get(key):
                found.add(str(rec.values[key]))
    assert len(found) > 20
    return found


ATTEMPTS = {
    "a loop through a variable": "{% set m = mentor %}{% for p in m.pairs %}{% if p.mentee.parent %}"
                                 "{{ p.mentee.parent.passport_number }}{% endif %}{% endfor %}",
    "an attribute filter": "{{ [mentor]|map(attribute='pairs')|list }}",
    "attr": "{{ mentor|attr('pairs') }}",
    "the parents list": "{% for p in parents %}{{ p.passport_number }}{% endfor %}",
    "the object printed whole": "{{ mentor }} {% for p in mentor.pairs %}{{ p }}{% endfor %}",
}


def _pack(root: Path, body: str) -> Path:
    (root / "templates").mkdir(parents=True)
    (root / "schemas").mkdir()
    (root / "pack.yaml").write_text('name: gramoty\nversion: 1.0.0\ntitle: Грамоты\nauthor: Неизвестно\n'
                                    'license: CC0\ndocgen: ">=0.1,<1"\n', encoding="utf-8")
    doc = Document()
    doc.add_paragraph("Благодарность наставнику {{ mentor.fio }}")
    doc.add_paragraph(body)
    doc.save(root / "templates" / "gramota.docx")
    (root / "schemas" / "gramota.yaml").write_text(
        "id: gramota\ntitle: Благодарность наставнику\nkind: letter\ntemplate: gramota.docx\n"
        "source: {scope: rows, sheet: mentors, as: mentor}\nfolder: Благодарности\n"
        'filename: "{{ mentor.fio }}"\n'
        'fields:\n  - {name: mentor.fio, source: mentors.fio, help: "ФИО наставника."}\n', encoding="utf-8")
    return root


@pytest.mark.parametrize("name", ATTEMPTS)
def test_a_pack_declaring_one_field_cannot_print_the_parents_passports(tmp_path, name):
    pack = _pack(tmp_path / "pack", ATTEMPTS[name])
    assert [row.placeholder for _, rows in reference(["gramoty:gramota"], pack_dirs=[pack]).values()
            for row in rows] == ["{{ mentor.fio }}"]
    try:
        result = api.make(["gramoty:gramota"], EXAMPLE, tmp_path / "out", pack_dirs=[pack])
    except TemplateError as exc:
        assert "не описано в схеме" in str(exc), str(exc)
        return
    text = "\n".join(docx_text(f) for f in result.files)
    numbers = set(re.findall(r"\d{4,6}", text))
    assert not numbers & _passports(), f"passports printed: {sorted(numbers & _passports())[:5]}"
    assert "Благодарность наставнику" in text


def test_lint_names_the_undeclared_attribute_read_through_a_variable(tmp_path):
    pack = _pack(tmp_path / "pack", ATTEMPTS["a loop through a variable"])
    messages = [p.message for p in lint_pack(pack).errors]
    assert any("«pairs» в «m.pairs» не описано в схеме" in m for m in messages), messages


def test_the_builtin_consent_still_gets_the_parent_it_declares(tmp_path):
    result = api.make(["consent_parent"], EXAMPLE, tmp_path / "out")
    text = docx_text(result.files[0])
    assert set(re.findall(r"\d{4,6}", text)) & _passports()


def test_every_builtin_template_reads_only_declared_row_attributes():
    """The built-in pack is held to the same rule (its lint is clean: tests/test_lint.py); here
    the rule itself: a built-in workbook context cut by each schema keeps no root it does not
    declare."""
    registry = load(EXAMPLE, catalog().registry_schema, None)
    base, _ = workbook_context(registry)
    for schema in catalog().templates.values():
        declared = {f.name.split(".")[0] for f in schema.fields}
        assert set(View(f.name for f in schema.fields).context(base)) <= declared
