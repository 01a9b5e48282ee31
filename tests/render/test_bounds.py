"""docgen.render.bounds: untrusted templates are bounded — loops, sizes, powers, recursion and
time, each a Russian error — and cannot fill the memory: every way to make a big value out of a
small one is bounded when the template renders and when it compiles (Jinja computes constant
expressions while compiling). The memory bombs run in a child process with a 1.5 GB
address-space limit, so that a missing bound shows as a MemoryError there instead of taking the
test machine down."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from docx import Document

from docgen.errors import TemplateError
from docgen.render import bounds
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


# --------------------------------------------------------------------------- memory

PAYLOADS = {
    "center filter": "{{ 'x'|center(999999999) }}",
    "indent filter": "{{ 'a\\nb'|indent(999999999, true) }}",
    "center method": "{{ 'x'.center(999999999) }}",
    "zfill method": "{{ 'x'.zfill(999999999) }}",
    "ljust method": "{{ 'x'.ljust(999999999) }}",
    "expandtabs": "{{ ('\\t' * 1000).expandtabs(100000) }}",
    "format width": "{{ '{:999999999}'.format(1) }}",
    "format width from data": "{{ '{0:{1}}'.format(1, 999999999) }}",
    "percent width (folded while compiling)": "{{ '%999999999d' % 1 }}",
    "percent star width": "{{ '%*d' % (999999999, 1) }}",
    "format filter": "{{ '%999999999s'|format('x') }}",
    "replace filter": "{{ ('x' * 1000)|replace('x', 'y' * 1000)|replace('y', 'z' * 1000) }}",
    "replace method": "{{ ('x' * 1000).replace('x', 'y' * 1000).replace('y', 'z' * 1000) }}",
    "join separator": "{{ range(1000)|list|join('x' * 10000) }}",
    "join method": "{{ ('x' * 10000).join(['a'] * 1000) }}",
    "bytes times": "{{ 'x'.encode() * 999999999 }}",
    "nested list times": "{% set a = [1] * 1000 %}{% set b = [a] * 1000 %}{{ ([b] * 100)|length }}",
    "nested list printed": "{% set a = ['x' * 500] * 1000 %}{% set b = [a] * 900 %}{{ b }}",
    "nested list as string": "{% set a = ['x' * 500] * 1000 %}{% set b = [a] * 900 %}{{ b|string|length }}",
    "plus on strings": "{{ ('x' * 1000000 + 'y' * 1000000)|length }}",
    "doubling with ~": ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
                        "{% endfor %}{{ ns.s|length }}"),
    "doubling with +": ("{% set ns = namespace(l=[1]) %}{% for i in range(40) %}{% set ns.l = ns.l + ns.l %}"
                        "{% endfor %}{{ ns.l|length }}"),
    "tojson of a big list": "{% set a = ['x' * 1000] * 1000 %}{{ (a * 2)|tojson|length }}",
}


CHILD = textwrap.dedent("""
    import json, resource, sys, zipfile
    from pathlib import Path
    resource.setrlimit(resource.RLIMIT_AS, (1500 * 2**20, 1500 * 2**20))
    from docgen.errors import TemplateError
    from docgen.render.environment import make_env
    from docgen.render.template import CompiledTemplate
    from docx import Document
    payloads = json.loads(sys.argv[1])
    results = {}
    env = make_env()
    for name, text in payloads.items():
        path = Path(sys.argv[2]) / (str(len(results)) + ".docx")
        doc = Document()
        doc.add_paragraph(text)
        doc.save(path)
        try:
            CompiledTemplate(path, env, "чужой").render({})
            results[name] = "rendered"
        except TemplateError as exc:
            results[name] = "refused: " + str(exc)
        except MemoryError:
            results[name] = "MemoryError"
    print(json.dumps(results, ensure_ascii=False))
""")


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bombs")
    done = subprocess.run([sys.executable, "-c", CHILD, json.dumps(PAYLOADS), str(folder)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_a_memory_bomb_is_refused_with_a_russian_reason(outcomes, name):
    outcome = outcomes[name]
    assert outcome.startswith("refused: "), outcome
    assert "«чужой»" in outcome and ("длиннее" in outcome or "ширину" in outcome or "степень" in outcome), outcome


def test_a_constant_bomb_is_not_computed_while_compiling(tmp_path):
    """Jinja folds constant expressions when it compiles; «%» is intercepted by the sandbox now,
    so compiling ``'%999999999d' % 1`` computes nothing. Jinja swallows a failed fold, so the
    proof is the memory the compile used (tracemalloc), under a 1.5 GB limit for safety."""
    code = textwrap.dedent("""
        import resource, sys, tracemalloc
        from pathlib import Path
        resource.setrlimit(resource.RLIMIT_AS, (1500 * 2**20, 1500 * 2**20))
        from docx import Document
        from docgen.render.environment import make_env
        from docgen.render.template import CompiledTemplate
        doc = Document(); doc.add_paragraph("{{ '%999999999d' % 1 }}"); doc.save(sys.argv[1])
        env = make_env()
        tracemalloc.start()
        CompiledTemplate(Path(sys.argv[1]), env, "чужой")
        print("peak", tracemalloc.get_traced_memory()[1])
    """)
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "t.docx")], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    peak = int(done.stdout.split("peak")[-1])
    assert peak < 50 * 2**20, f"compiling took {peak / 2**20:.0f} MB"
