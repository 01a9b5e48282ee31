"""Packs: discovery (entry points, folders, DOCGEN_PACKS), metadata, versions, namespacing,
extra registry columns, and folder packs being data only."""

from __future__ import annotations

import os
import shutil
from datetime import date
from importlib import metadata
from pathlib import Path

import pytest
from docx import Document

from docgen import __version__, api
from docgen.errors import UsageError
from docgen.plugins import catalog as packs
from docgen.plugins import manager as plugins
from docgen.plugins.catalog import catalog
from tests.helpers import EXAMPLE, ROOT, docx_text


def make_pack(root: Path, name: str = "school", *, version: str = "1.0.0", requires: str = ">=0.1,<1",
              templates: dict[str, str] | None = None, extra: str = "") -> Path:
    """A folder pack: pack.yaml plus copies of built-in templates under the given ids
    ({new_id: built-in id})."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "templates").mkdir(exist_ok=True)
    (root / "schemas").mkdir(exist_ok=True)
    (root / "pack.yaml").write_text(
        f"name: {name}\nversion: {version}\ntitle: Набор школы {name}\nauthor: Тестовая школа\n"
        f"license: CC0\ndocgen: \"{requires}\"\n{extra}", encoding="utf-8")
    for new_id, source_id in (templates or {"order_copy": "order_intro"}).items():
        shutil.copy(ROOT / "templates" / f"{source_id}.docx", root / "templates" / f"{new_id}.docx")
        schema = (ROOT / "schemas" / f"{source_id}.yaml").read_text(encoding="utf-8")
        schema = schema.replace(f"id: {source_id}", f"id: {new_id}").replace(
            f"template: {source_id}.docx", f"template: {new_id}.docx")
        (root / "schemas" / f"{new_id}.yaml").write_text(schema, encoding="utf-8")
    return root


def status(found: packs.Catalog, name: str) -> packs.PackStatus:
    return next(s for s in found.statuses if s.name == name)


def test_builtin_pack_is_an_entry_point_plugin_like_any_other():
    eps = {ep.name: ep.value for ep in metadata.entry_points(group=plugins.ENTRY_POINT_GROUP)}
    assert eps.get("builtin") == "docgen.plugins.builtin"
    first = plugins.plugin_infos()[0]
    assert (first.name, first.distribution, first.error) == ("builtin", "docgen-shkola", "")
    builtin = catalog().pack("builtin")
    assert builtin.version == __version__ and builtin.trusted
    assert {"order_intro", "consent_parent"} <= set(catalog().templates)


def test_folder_pack_is_listed_and_renders(tmp_path):
    folder = make_pack(tmp_path / "pack")
    ids = [t.id for t in api.list_templates([folder])]
    assert "school:order_copy" in ids and "order_intro" in ids
    info = next(p for p in api.list_packs([folder]) if p.name == "school")
    assert info.origin == f"папка {folder.resolve()}" and info.error == "" and info.templates == ["school:order_copy"]
    result = api.make(["order_copy"], EXAMPLE, tmp_path / "out", pack_dirs=[folder],
                      orders=api.OrderOptions(register=False, draft=True))
    assert result.counts == {"school:order_copy": 1}
    text = docx_text(result.files[0])
    assert "ПРИКАЗЫВАЮ" in text and "№\xa0____" in text
    assert result.files[0].name.startswith("Черновик — Приказ № (без номера) от ")


def test_environment_variable_adds_folders(tmp_path, monkeypatch):
    a, b = make_pack(tmp_path / "a", "first"), make_pack(tmp_path / "b", "second")
    monkeypatch.setenv(packs.ENV_VAR, f"{a}{os.pathsep}{b}")
    ids = {t.id for t in api.list_templates()}
    assert {"first:order_copy", "second:order_copy"} <= ids


def test_a_folder_copy_of_a_builtin_template_is_used_by_its_plain_id(tmp_path):
    """A school keeps its own edited copy of a built-in template under the same id: the folder
    pack's copy wins (folder > installed > built-in); the built-in stays reachable by its
    qualified id; `docgen list` and `docgen packs` say which copy is used and where it is."""
    folder = make_pack(tmp_path / "school", "school", templates={"consent_parent": "consent_parent"})
    edited = folder / "templates" / "consent_parent.docx"
    doc = Document(str(edited))
    doc.paragraphs[0].insert_paragraph_before("ПРАВКА ШКОЛЫ № 7")
    doc.save(str(edited))
    found = catalog([folder])
    assert found.find("consent_parent").pack == "school"
    assert found.find("builtin:consent_parent").pack == "builtin"
    out = tmp_path / "out"
    result = api.make(["consent_parent"], EXAMPLE, out, as_of=date(2026, 11, 23), pack_dirs=[folder],
                      select=api.Selection.parse(people=["У-001"]))
    assert result.files and "ПРАВКА ШКОЛЫ № 7" in docx_text(result.files[0])
    listed = {t.id: t for t in api.list_templates([folder])}
    assert listed["school:consent_parent"].replaces == ("consent_parent",)
    assert listed["consent_parent"].replaced_by == "school:consent_parent"
    assert str(folder) in listed["school:consent_parent"].origin
    school = next(p for p in api.list_packs([folder]) if p.name == "school")
    assert school.replacing == {"school:consent_parent": "consent_parent"}
    builtin = next(p for p in api.list_packs([folder]) if p.name == "builtin")
    assert builtin.replaced == {"consent_parent": "school:consent_parent"}


def test_two_folder_packs_with_one_id_are_not_resolved_silently(tmp_path):
    a = make_pack(tmp_path / "a", "school_a", templates={"order_intro": "order_intro"})
    b = make_pack(tmp_path / "b", "school_b", templates={"order_intro": "order_intro"})
    found = catalog([a, b])
    with pytest.raises(UsageError) as info:
        found.find("order_intro")
    message = str(info.value)
    assert "school_a:order_intro" in message and "school_b:order_intro" in message and "укажите набор" in message
    assert "builtin:order_intro" not in message  # the built-in copy is outranked by both
    assert found.find("school_b:order_intro").pack == "school_b"
    assert found.find("consent_parent").pack == "builtin"  # unique ids stay plain


def test_unknown_pack_and_unknown_template_in_a_pack(tmp_path):
    found = catalog([make_pack(tmp_path / "p")])
    with pytest.raises(UsageError, match="Набора шаблонов «nope» нет.*Подключённые наборы: builtin, municipal, school"):
        found.find("nope:order_intro")
    with pytest.raises(UsageError, match="В наборе «school» нет шаблона «missing». Его шаблоны: order_copy"):
        found.find("school:missing")


def test_incompatible_version_is_refused_with_the_versions(tmp_path):
    folder = make_pack(tmp_path / "old", "old", requires=">=9.0")
    found = catalog([folder])
    why = status(found, "old").error
    assert f"набор рассчитан на docgen >=9.0, а установлен docgen {__version__}" in why
    with pytest.raises(UsageError, match="Набор шаблонов «old» не подключён: набор рассчитан на docgen"):
        found.find("old:order_copy")
    bad = make_pack(tmp_path / "bad", "bad", requires="больше нуля")
    assert "неверно указаны версии docgen" in status(catalog([bad]), "bad").error


@pytest.mark.parametrize("pack_yaml, expected", [
    ("version: 1\ntitle: x\n", "ключ «name»: обязательный ключ отсутствует"),
    ("name: Школа\nversion: 1\ntitle: x\n", "латиницей в нижнем регистре"),
    ("name: x\nversion: 1\ntitle: x\nplugin: evil.module\n", "ключ «plugin»: неизвестный ключ"),
    ("name: x\nversion: 1\ntitle: x\n!!python/object/apply:os.system ['echo']: 1\n", "не читается как YAML"),
])
def test_broken_pack_yaml_is_refused_with_the_file(tmp_path, pack_yaml, expected):
    folder = make_pack(tmp_path / "p")
    (folder / "pack.yaml").write_text(pack_yaml, encoding="utf-8")
    found = catalog([folder])
    refused = [s for s in found.statuses if s.error]
    assert len(refused) == 1 and expected in refused[0].error
    assert "order_intro" in found.templates  # the rest of docgen still works


def test_two_folders_with_one_name_second_refused(tmp_path):
    a, b = make_pack(tmp_path / "a", "same"), make_pack(tmp_path / "b", "same")
    found = catalog([a, b])
    errors = [s.error for s in found.statuses if s.name == "same" and s.error]
    assert len(errors) == 1 and "уже подключён" in errors[0]


def test_a_pack_cannot_replace_the_registry_schema(tmp_path):
    folder = make_pack(tmp_path / "p")
    shutil.copy(ROOT / "schemas" / "registry.yaml", folder / "schemas" / "registry.yaml")
    assert "не может заменить схему реестра" in status(catalog([folder]), "school").error


def test_template_outside_the_pack_folder_is_refused(tmp_path):
    folder = make_pack(tmp_path / "p")
    (tmp_path / "secret.docx").write_bytes((folder / "templates" / "order_copy.docx").read_bytes())
    schema = folder / "schemas" / "order_copy.yaml"
    schema.write_text(schema.read_text(encoding="utf-8").replace("template: order_copy.docx",
                                                                 "template: ../../secret.docx"), encoding="utf-8")
    assert "должен лежать в папке templates" in status(catalog([folder]), "school").error


def test_folder_pack_code_is_never_run(tmp_path):
    folder = make_pack(tmp_path / "p")
    marker = tmp_path / "ran"
    (folder / "__init__.py").write_text(f"open({str(marker)!r}, 'w').write('x')\n", encoding="utf-8")
    (folder / "schemas" / "hook.py").write_text(f"open({str(marker)!r}, 'w').write('x')\n", encoding="utf-8")
    api.make(["school:order_copy"], EXAMPLE, tmp_path / "out", pack_dirs=[folder],
             orders=api.OrderOptions(register=False, draft=True))
    assert not marker.exists()
    assert catalog([folder]).pack("school").trusted is False


REGISTRY_EXTRA = """registry:
  org:
    - {key: district_code, header: Код школы в районе, type: text, help: "Код в районе."}
"""


def test_pack_adds_an_optional_registry_column(tmp_path):
    folder = make_pack(tmp_path / "p", extra=REGISTRY_EXTRA)
    blank = api.init(tmp_path / "blank.xlsx", pack_dirs=[folder])
    import openpyxl

    params = [c.value for c in openpyxl.load_workbook(blank)["Организация"]["A"]]
    assert "Код школы в районе" in params
    assert api.check(EXAMPLE, pack_dirs=[folder], as_of=date(2026, 11, 23)) == []  # the column is optional
    assert catalog([folder]).registry_schema.sheet("org").field("district_code").header == "Код школы в районе"
    assert not catalog().registry_schema.has_field("org", "district_code")  # only with the pack


@pytest.mark.parametrize("fields, expected", [
    ("    - {key: district_code, header: Код, type: text, required: true}\n", "не может быть обязательным"),
    ("    - {key: inn, header: ИНН школы, type: text}\n", "поле «inn» на листе «Организация» уже есть"),
    ("    - {key: inn2, header: ИНН, type: text}\n", "столбец «ИНН» на листе «Организация» уже есть"),
    ("    - {key: code, header: Код, type: ensk_school_code}\n", "неизвестный тип «ensk_school_code»"),
])
def test_bad_registry_columns_refuse_the_pack(tmp_path, fields, expected):
    folder = make_pack(tmp_path / "p", extra="registry:\n  org:\n" + fields)
    assert expected in status(catalog([folder]), "school").error


def test_unknown_sheet_in_registry_extension(tmp_path):
    folder = make_pack(tmp_path / "p", extra="registry:\n  pupils:\n    - {key: a, header: А}\n")
    assert "листа «pupils» нет в реестре" in status(catalog([folder]), "school").error


def test_every_hook_is_documented_for_pack_authors():
    """A hook nobody can find is no extension point: each one is named in the README and in
    the plugin module `docgen pack new` writes."""
    from docgen.packtools.scaffold import _plugin
    from docgen.plugins import hookspecs

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [n for n in dir(hookspecs) if n.startswith("register_")]
    assert names == ["register_field_types", "register_filters", "register_output_writers", "register_packs"]
    for name in names:
        assert f"`{name}`" in readme
        assert name in _plugin("x")
        assert getattr(hookspecs, name).__doc__


def test_making_from_a_pack_with_a_broken_pack_yaml_gives_the_reason(tmp_path):
    pack = tmp_path / "school"
    (pack / "templates").mkdir(parents=True)
    (pack / "schemas").mkdir()
    (pack / "pack.yaml").write_text("name: school\nversion: 1\ntitle: Набор: школы: 5\n", encoding="utf-8")
    with pytest.raises(UsageError) as info:
        api.make(["school:spravka"], EXAMPLE, tmp_path / "out", as_of=date(2026, 11, 23), pack_dirs=[pack])
    message = str(info.value)
    assert "Набор шаблонов «school» не подключён" in message
    assert "pack.yaml не читается как YAML: строка 3" in message and "двоеточие" in message


def test_the_municipal_pack_is_shipped_discovered_and_keeps_plain_ids():
    found = catalog()
    municipal = {t.id: t for t in found.templates.values() if t.pack == "municipal"}
    assert set(municipal) == {"district_order_roadmap", "district_roadmap", "district_schools",
                              "district_order_coordinator", "district_letter_schools", "district_monitoring_report"}
    assert all(t.ref == t.id and t.registry == "district" for t in municipal.values())
    assert found.find("municipal:district_roadmap") is municipal["district_roadmap"]
    assert found.kinds() == ["school", "district"]
    assert found.detect_kind(["Организация", "Школы", "Приказы"]) == "district"
    assert found.detect_kind(["Организация", "Наставляемые"]) == "school"
    [status] = [s for s in found.statuses if s.name == "municipal"]
    assert status.origin == "встроен в docgen" and not status.error


def test_templates_of_two_kinds_of_registry_are_not_one_batch():
    found = catalog()
    with pytest.raises(UsageError, match="разных реестров"):
        found.kind_for([found.find("order_intro"), found.find("district_roadmap")])
