"""A template cannot fill the memory: every way to make a big value out of a small one is
bounded — when the template renders and when it compiles (Jinja computes constant expressions
while compiling). Run in a child process with a 1.5 GB address-space limit, so that a missing
bound shows as a MemoryError there instead of taking the test machine down."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

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
