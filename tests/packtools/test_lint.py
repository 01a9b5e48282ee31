"""`docgen pack lint`: each kind of problem a methodologist makes in Word, found and named."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.packtools.lint import ERROR, WARNING, lint_pack, split_tags
from docgen.packtools.scaffold import TEMPLATE_ID, new_pack
from tests.helpers import add_paragraph


@pytest.fixture
def pack(tmp_path) -> Path:
    """A freshly scaffolded pack folder (the one with pack.yaml)."""
    return new_pack("school", tmp_path / "school") / "docgen_pack_school"


def messages(report, level: str = ERROR) -> list[str]:
    return [p.message for p in report.problems if p.level == level]


@pytest.mark.slow  # renders every template of the built-in pack (51 registry loads): ~10 s
def test_builtin_pack_is_clean(builtin_lint):
    report = builtin_lint  # lint_pack(ROOT), once per run (tests/conftest.py)
    assert [str(p) for p in report.problems] == []
    from docgen.plugins.catalog import catalog

    assert set(report.rendered) == {t.id for t in catalog().templates.values() if t.pack == "builtin"}
    assert {"consent_parent", "consent_tracking", "order_intro"} <= set(report.rendered)
    assert all(n > 0 for n in report.rendered.values())


def test_scaffolded_pack_is_clean(pack):
    report = lint_pack(pack)
    assert [str(p) for p in report.problems] == []
    assert report.rendered == {TEMPLATE_ID: 47}  # one per mentor of the example registry


def test_undefined_placeholder(pack):
    add_paragraph(pack, ("{{ mentor.fioo }} и {{ school_motto }}", False))
    found = messages(lint_pack(pack))
    assert any("поле «mentor.fioo» есть в шаблоне, но не описано в схеме" in m for m in found)
    assert any("поле «school_motto»" in m for m in found)


def test_tag_split_across_runs(pack):
    add_paragraph(pack, ("Наставник: {{ mentor.", False), ("fio }}", True))
    found = messages(lint_pack(pack))
    assert any("тег «{{ mentor.fio }}» разбит на части" in m for m in found), found


def test_tag_open_in_one_paragraph_closed_in_another(pack):
    add_paragraph(pack, ("{{ mentor.fio", False))
    add_paragraph(pack, ("}}", False))
    found = messages(lint_pack(pack))
    assert any("тег открыт и не закрыт в одном абзаце" in m for m in found), found


@pytest.mark.parametrize("text, expected", [
    ("{% if mentor.fio %}без конца", "блок не закрыт (нужен {% endif %})"),
    ("{% for x in mentors %}{{ x.fio }}", "блок не закрыт (нужен {% endfor %})"),
    ("лишний {% endif %}", "тег {% endif %} без начала"),
    ("{{ mentor.fio|shout }}", "неизвестный фильтр «shout»"),
])
def test_unbalanced_blocks_and_unknown_filters(pack, text, expected):
    add_paragraph(pack, (text, False))
    report = lint_pack(pack)
    assert any(expected in m for m in messages(report)), messages(report)
    assert TEMPLATE_ID not in report.rendered  # not rendered: it would only fail again


def test_schema_field_no_template_uses_is_a_warning(pack):
    schema = pack / "schemas" / f"{TEMPLATE_ID}.yaml"
    schema.write_text(schema.read_text(encoding="utf-8")
                      + '  - {name: mentor.phone, source: mentors.phone, help: "Телефон."}\n', encoding="utf-8")
    report = lint_pack(pack)
    assert report.errors == []
    assert messages(report, WARNING) == ["поле «mentor.phone» описано в схеме, но шаблон его не использует."]


def test_attribute_tricks_are_reported_by_lint(pack):
    add_paragraph(pack, ("{{ mentor.__class__.__mro__ }}", False))
    assert any("поле «mentor.__class__.__mro__»" in m for m in messages(lint_pack(pack)))


@pytest.mark.parametrize("text, expected", [
    ("{{ mentor.__class__.__mro__ }}", "недопустимую операцию (обращение к внутренним объектам Python)"),
    ("{{ ''.__class__.__base__.__subclasses__() }}", "недопустимую операцию"),
    ("{{ cycler.__init__.__globals__ }}", "недопустимую операцию"),
    ("{{ lipsum.__globals__.os.popen('id').read() }}", "недопустимую операцию"),
    ("{{ mentor.fio.format.__globals__ }}", "недопустимую операцию"),
    ("{% include '/etc/passwd' %}", "подключает другие файлы"),
    ("{% import 'os' as os %}{{ os }}", "подключает другие файлы"),
    ("{% for i in range(10**9) %}x{% endfor %}", "слишком длинный ряд чисел"),
    ("{{ 'x' * 10**9 }}", "строку или список длиннее 1 000 000"),
    ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", "остановлен"),
])
def test_hostile_template_in_a_folder_pack_is_stopped(pack, tmp_path, text, expected):
    """What `docgen make` does with a pack from another school that tries to escape the
    sandbox or hang: a Russian error naming the template, and no files."""
    from docgen import api
    from docgen.errors import TemplateError

    add_paragraph(pack, (text, False))
    out = tmp_path / "out"
    with pytest.raises(TemplateError) as info:
        api.make(["school:spravka_mentor"], api.example_registry(), out, pack_dirs=[pack],
                 select=api.Selection.parse(people=["Абрамов Даниил"]))
    assert "«school:spravka_mentor»" in str(info.value) and expected in str(info.value)
    assert not out.exists() or [p for p in out.rglob("*") if p.is_file()] == []


def test_schema_error_names_the_file_and_key(pack):
    schema = pack / "schemas" / f"{TEMPLATE_ID}.yaml"
    schema.write_text(schema.read_text(encoding="utf-8").replace("sheet: mentors", "sheet: teachers"), encoding="utf-8")
    report = lint_pack(pack)
    assert any(p.where == f"schemas/{TEMPLATE_ID}.yaml" and "листа «teachers» нет" in p.message for p in report.errors)


def test_split_tags_reports_only_real_splits():
    one_run = '<w:p><w:r><w:t>{{ a.b }}</w:t></w:r><w:r><w:t> text</w:t></w:r></w:p>'
    two_runs = '<w:p><w:r><w:t>{{ a.</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>b }}</w:t></w:r></w:p>'
    assert list(split_tags(one_run)) == []
    assert list(split_tags(two_runs)) == [("runs", "{{ a.b }}")]


