"""docgen.render.template: the renderer on small templates built here (escaping, strictness,
sandbox, structure), and properties: any value prints literally in a valid .docx."""

import datetime as dt
import io
import re
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from docgen import ru as formatting
from docgen.errors import TemplateError
from docgen.render.environment import make_env
from docgen.render.template import CompiledTemplate
from docgen.ru.text import XML_ILLEGAL
from tests.strategies import RENDER, any_text


def make_template(tmp_path: Path, *paragraphs: str, table_rows: list[list[str]] | None = None) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if table_rows:
        table = doc.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for row, texts in zip(table.rows, table_rows):
            for cell, text in zip(row.cells, texts):
                cell.text = text
    path = tmp_path / "t.docx"
    doc.save(path)
    return path


def render_text(path: Path, context: dict) -> str:
    data = CompiledTemplate(path, make_env()).render(context)
    doc = Document(BytesIO(data))
    text = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            text += [c.text for c in row.cells]
    return "\n".join(text)


@pytest.mark.parametrize("value", [
    "Иванова & Петрова <Мария>", "{{ 7*7 }}", "{% if true %}x{% endif %}", "«МБОУ «СОШ № 5»»",
    "</w:t></w:r></w:p>", "A &amp; B", "кавычки \" и '",
])
def test_values_print_literally(tmp_path, value):
    path = make_template(tmp_path, "Имя: {{ name }}.")
    assert render_text(path, {"name": value}) == f"Имя: {value}."


def test_control_characters_are_dropped_and_newlines_become_breaks(tmp_path):
    path = make_template(tmp_path, "{{ v }}")
    compiled = CompiledTemplate(path, make_env())
    assert b"<w:br/>" in compiled.render_parts({"v": "a\nb"})["word/document.xml"]
    data = compiled.render({"v": "a\x0bb\x1fc\nd"})
    doc = Document(BytesIO(data))
    assert doc.paragraphs[0].text == "abc\nd"


def test_none_prints_nothing(tmp_path):
    path = make_template(tmp_path, "[{{ v }}]")
    assert render_text(path, {"v": None}) == "[]"


def test_missing_field_is_an_error_naming_it(tmp_path):
    path = make_template(tmp_path, "{{ org.nmae }}")
    with pytest.raises(TemplateError, match="«nmae»"):
        CompiledTemplate(path, make_env(), "t").render({"org": {"name": "x"}})


def test_unclosed_block_is_a_clear_error(tmp_path):
    path = make_template(tmp_path, "{% if x %}без конца")
    with pytest.raises(TemplateError, match="endif"):
        CompiledTemplate(path, make_env(), "t")


@pytest.mark.parametrize("attack", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ x.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.system('id') }}",
])
def test_sandbox_refuses_python_internals(tmp_path, attack):
    path = make_template(tmp_path, attack)
    with pytest.raises(TemplateError):
        CompiledTemplate(path, make_env(), "t").render({"x": object()})


def test_not_a_docx(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("это не документ")
    with pytest.raises(TemplateError, match="не является файлом .docx"):
        CompiledTemplate(path, make_env(), "fake")


def test_table_row_loop_repeats_rows(tmp_path):
    path = make_template(tmp_path, "Список:", table_rows=[
        ["{%tr for p in people %}", ""], ["{{ loop.index }}", "{{ p }}"], ["{%tr endfor %}", ""]])
    text = render_text(path, {"people": ["Анна", "Борис", "Вера"]})
    assert "1\nАнна\n2\nБорис\n3\nВера" in text


def test_compiled_once_renders_many_records_independently(tmp_path):
    path = make_template(tmp_path, "{{ n }}")
    compiled = CompiledTemplate(path, make_env())
    texts = [Document(BytesIO(compiled.render({"n": i}))).paragraphs[0].text for i in range(5)]
    assert texts == ["0", "1", "2", "3", "4"]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> CompiledTemplate:
    doc = Document()
    doc.add_paragraph("{{ v }}")
    table = doc.add_table(rows=3, cols=1)
    table.rows[0].cells[0].text = "{%tr for x in items %}"
    table.rows[1].cells[0].text = "{{ x }}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("[{{ v }}]")
    doc.sections[0].header.paragraphs[0].text = "{{ v }}"
    path = tmp_path_factory.mktemp("tpl") / "t.docx"
    doc.save(path)
    return CompiledTemplate(path, make_env(), "t")


def shown(value: str) -> str:
    """What a reader must see for ``value``: XML-forbidden characters dropped, every line
    break (\\n, \\r\\n, \\r) one Word break, tabs as tabs (python-docx reads breaks as \\n)."""
    return XML_ILLEGAL.sub("", value).replace("\r\n", "\n").replace("\r", "\n")


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_docx(data: bytes) -> Document:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(zf.read(name))
                # line breaks and tabs are Word elements, never raw characters in <w:t>
                for t in root.iter(f"{W}t"):
                    assert not re.search("[\r\n\t]", t.text or ""), (name, t.text)
    return Document(io.BytesIO(data))


def check_render(compiled: CompiledTemplate, v: str, items: list[str]) -> None:
    doc = check_docx(compiled.render({"v": v, "items": items}))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == shown(v)
    assert paragraphs[-1] == f"[{shown(v)}]"
    assert [row.cells[0].text for row in doc.tables[0].rows] == [shown(x) for x in items]
    assert doc.sections[0].header.paragraphs[0].text == shown(v)


# \r included: it becomes a break like \n (xml_finalize). \a and \f are a new paragraph and a page
# break, as in docxtpl (tests/render/test_dialect.py); a registry never holds them (records drop them).
text_without_cr = any_text.map(lambda s: s.replace("\a", "").replace("\f", ""))


@RENDER
@given(v=text_without_cr, items=st.lists(text_without_cr, max_size=4))
@example(v="{{ 7*7 }}", items=["{% raw %}", "{%tr endfor %}", "{{ v }}"])
@example(v="</w:t></w:r></w:p>", items=["]]>", "&amp;", "<![CDATA[x]]>"])
@example(v="{% raw %}{{ x }}{% endraw %}", items=[])
@example(v="a\tb\nc\x00d\x0b\ufffe", items=["\n", "\t", ""])
@example(v="\u202eабв\u200f 👩‍👩‍👧 е\u0308", items=["x" * 5000])
def test_render_shows_values_literally_in_a_valid_docx(compiled: CompiledTemplate, v: str,
                                                        items: list[str]) -> None:
    check_render(compiled, v, items)


@pytest.mark.parametrize("v", ["a\rb", "a\rb\nc", "a\r\nb\rc\td"])
def test_render_carriage_returns_become_breaks(compiled: CompiledTemplate, v: str) -> None:
    check_render(compiled, v, [v])


@RENDER
@given(v=st.one_of(st.integers(), st.floats(), st.dates(), st.booleans(), st.none()))
def test_render_non_text_values(compiled: CompiledTemplate, v: Any) -> None:
    doc = check_docx(compiled.render({"v": v, "items": [v]}))
    text = doc.paragraphs[0].text
    if v is None:
        assert text == ""
    elif isinstance(v, dt.date):
        assert text == formatting.date_num(v)
    elif isinstance(v, float) and v.is_integer():
        assert text == str(int(v))
    else:
        assert text == str(v)


def test_prepared_parts_kept_between_runs_are_what_docxtpl_makes_of_every_builtin_template(tmp_path, monkeypatch):
    """The cache of prepared templates (docgen.fsutil.cache) gives back exactly part_source's
    answer for every part of every built-in template, cold and warm."""
    from docgen.fsutil import cache
    from docgen.plugins.catalog import catalog
    from docgen.render.template import RENDERED_PART, part_source, prepared_part

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_CACHES", {})
    parts = []
    for schema in catalog().templates.values():
        with zipfile.ZipFile(schema.template) as zf:
            parts += [zf.read(n).decode("utf-8") for n in zf.namelist() if RENDERED_PART.match(n)]
    parts = [p for p in parts if "{{" in p or "{%" in p]
    assert len(parts) > 50
    for _ in range(2):  # made, then read back
        for xml in parts:
            assert prepared_part(xml) == part_source(xml)
        monkeypatch.setattr(cache, "_CACHES", {})
    assert len(list(cache.cache_folder("templates").glob("*.json"))) == len(set(parts))


def test_a_template_used_again_is_compiled_without_importing_docxtpl(tmp_path):
    """docxtpl (50 ms to import) prepares a template's text once; the next run takes the result."""
    from tests.helpers import two_runs

    code = ("import sys; from docgen.plugins.catalog import catalog; from docgen.render.environment import make_env; "
            "from docgen.render.template import CompiledTemplate; s = catalog().find('consent_parent'); "
            "CompiledTemplate(s.template, make_env(), s.id); print('docxtpl' in sys.modules)")
    first, again = (out.strip() for out in two_runs(code, tmp_path / "cache"))
    assert (first, again) == ("True", "False")
