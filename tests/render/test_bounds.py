"""Untrusted templates: bounds on loops, sizes, powers, recursion and time; Russian errors."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from docx import Document

from docgen.errors import TemplateError
from docgen.render import bounds, environment
from docgen.render.environment import make_env
from docgen.render.template import CompiledTemplate


def _template(tmp_path: Path, *paragraphs: str, split: bool = False) -> Path:
    doc = Document()
    for text in paragraphs:
        p = doc.add_paragraph()
        if split:  # Word often splits a tag over several runs
            for piece in (text[:3], text[3:8], text[8:]):
                p.add_run(piece).bold = piece == text[3:8]
        else:
            p.add_run(text)
    path = tmp_path / "t.docx"
    doc.save(path)
    return path


def _render(tmp_path: Path, *paragraphs: str, **ctx) -> bytes:
    return CompiledTemplate(_template(tmp_path, *paragraphs), make_env(), "чужой").render(ctx)


@pytest.mark.parametrize("text, words", [
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "повторений цикла"),
    ("{{ 'x' * 1000000000 }}", "длиннее"),
    ("{{ [0] * 100000000 }}", "длиннее"),
    ("{{ 2 ** 100000000 }}", "степень"),
    ("{% set a = 10 ** 999 %}{{ a ** 999 }}", "степень"),
    ("{% for i in range(100000) %}{% for j in range(400) %}{{ 'x' * 5000 }}{% endfor %}{% endfor %}", "млн знаков"),
    ("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}", "сам себя"),
])
def test_hostile_template_is_stopped_quickly_with_a_russian_reason(tmp_path, text, words):
    started = time.perf_counter()
    with pytest.raises(TemplateError) as info:
        _render(tmp_path, text)
    assert time.perf_counter() - started < 15
    message = str(info.value)
    assert "«чужой»" in message and words in message
    assert "Traceback" not in message


def test_a_loop_over_data_without_output_is_stopped_by_the_clock(tmp_path, monkeypatch):
    monkeypatch.setattr(bounds, "MAX_SECONDS", 1)
    text = ("{% for a in items %}{% for b in items %}{% for c in items %}{% endfor %}"
            "{% endfor %}{% endfor %}")
    started = time.perf_counter()
    with pytest.raises(TemplateError, match="дольше 1 с"):
        _render(tmp_path, text, items=list(range(2000)))
    assert time.perf_counter() - started < 10


def test_python_errors_are_explained_in_russian(tmp_path):
    with pytest.raises(TemplateError, match="деление на ноль"):
        _render(tmp_path, "{{ 1 / 0 }}")
    with pytest.raises(TemplateError, match="ошибка вычисления в шаблоне"):
        _render(tmp_path, "{{ 'a' - 1 }}")


def test_ordinary_loops_and_repetition_still_work(tmp_path):
    from tests.helpers import docx_text

    data = _render(tmp_path, "{% for i in range(3) %}{{ i }}{% endfor %}{{ '-' * 5 }}{{ 2 ** 10 }}")
    out = tmp_path / "out.docx"
    out.write_bytes(data)
    assert "012-----1024" in docx_text(out)


def test_budget_is_per_part_not_per_batch(tmp_path):
    """A template just under the bound renders for every record, not only the first."""
    compiled = CompiledTemplate(_template(tmp_path, "{% for i in range(600) %}{% for j in range(1000) %}"
                                                    "{% endfor %}{% endfor %}ok"), make_env(), "t")
    for _ in range(3):
        compiled.render({})


def test_tag_split_across_runs_renders(tmp_path):
    from tests.helpers import docx_text

    path = _template(tmp_path, "{{ child_name }}", split=True)
    out = tmp_path / "out.docx"
    out.write_bytes(CompiledTemplate(path, make_env(), "t").render({"child_name": "Иванова"}))
    assert "Иванова" in docx_text(out)


def test_file_name_pattern_is_bounded_too():
    from docgen.render.environment import TemplateLimit, make_text_env, render_text

    env = make_text_env()
    assert render_text(env.from_string("{{ a }} — согласие"), {"a": "Иванов"}) == "Иванов — согласие"
    with pytest.raises(TemplateLimit):
        render_text(env.from_string("{% for i in range(100000) %}{{ i }}{% endfor %}"), {})
