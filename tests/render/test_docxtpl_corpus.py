"""Foreign templates in docxtpl's dialect make the same documents in docgen as in docxtpl.

The corpus (tests/render/docxtpl_corpus.py) is one small template per construct — row and column
loops, colspan, horizontal and vertical merges, cell shading, RichText in ``{{r }}`` and
``{{p }}``, escapes, Jinja's ``|count``, breaks in values, headers, ``{%- -%}``, ``{%r %}``, nested
tables — built with python-docx. Each is rendered by docxtpl itself (``render(ctx,
autoescape=True)``) and by docgen's renderer with the same context; the text of every paragraph,
header and footer, every table's grid and cells (spans, merges, shading, text) and the
formatting of paragraphs and runs must be the same. Before issue 14 docgen made 7 of the 16 the
same (28 of 48 checks): the rest failed on ``|count``, ``{{r }}``, escapes, breaks and grids.
"""

from __future__ import annotations

import pytest

from tests.render.docxtpl_corpus import cases, compare

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_docgen_renders_the_foreign_template_as_docxtpl_does(case, tmp_path):
    outcome = compare(case, tmp_path)
    assert not outcome.error, f"{case.construct}: docgen refused it — {outcome.error}"
    for check, same in outcome.same.items():
        assert same, (f"{case.construct}: {check} differs\n docgen:  {outcome.docgen[check]}\n"
                      f" docxtpl: {outcome.docxtpl[check]}")


def test_the_corpus_covers_every_construct_of_the_dialect_page():
    """The README's dialect page lists these constructs as kept; each has a template here."""
    covered = " ".join(c.construct for c in CASES)
    for construct in ("{%tr", "{%tc", "colspan", "{% hm %}", "{% vm %}", "cellbg", "{{r", "{{p", "{_{",
                      "|count", "\\a", "\\f", "Listing", "headers", "{%-", "{%r"):
        assert construct in covered, construct


def test_the_readme_dialect_page_names_each_construct_the_corpus_covers():
    from tests.helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    page = readme.split("#### Язык шаблонов: что из docxtpl работает, а что нет", 1)[1].split("\n### ", 1)[0]
    for construct in ("{%tr", "{%tc", "colspan", "{% hm %}", "{% vm %}", "cellbg", "{{r", "{{p", "{_{",
                      "|count", "\\a", "\\f", "Listing", "headers", "{%-", "{%r", "{{tr x}}", "InlineImage", "Subdoc"):
        assert construct in page, construct


@pytest.mark.slow
@pytest.mark.parametrize("mode", [[], ["--xsd"]], ids=["sdk", "iso29500"])
def test_docgen_writes_the_corpus_as_files_word_calls_valid(tmp_path, mode):
    """docxtpl inserts cell properties in the wrong place and RichText writes run properties in its
    arguments' order, both errors to Microsoft's validator; docgen's documents have none."""
    import os

    from tests.acceptance.test_ooxml_validator import run_validator, validator
    from tests.render.docxtpl_corpus import render_docgen

    command = validator()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail("the OOXML validator is missing (scripts/test.sh installs it)")
        pytest.skip("the OOXML validator is not installed here")
    paths = []
    for case in CASES:
        out = tmp_path / f"{case.name}-docgen.docx"
        out.write_bytes(render_docgen(case.build(tmp_path), case.context()))
        paths.append(out)
    found = run_validator(command, mode, paths)
    assert len(found) == len(paths) and {f: e for f, e in found.items() if e} == {}
