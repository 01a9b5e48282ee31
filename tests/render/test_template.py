"""The renderer on small templates built here: escaping, strictness, sandbox, structure."""

from io import BytesIO
from pathlib import Path

import pytest
from docx import Document

from docgen.render.environment import make_env
from docgen.errors import TemplateError
from docgen.render.template import CompiledTemplate


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
