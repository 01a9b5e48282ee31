"""The fast path makes the same document as plain docxtpl.

docgen renders with ``CompiledTemplate`` (docxtpl's ``patch_xml`` once, Jinja compiled once,
parts rendered to strings and zipped). The reference is docxtpl itself:
``DocxTemplate(...).render(ctx, jinja_env=make_env(), autoescape=True)`` and ``save``. For every
template of the built-in pack (new ones are picked up automatically) a few documents of the
example registry are rendered both ways and compared:

* with python-docx: body paragraphs (text, style, alignment, indents, runs with bold, italic,
  underline, size, font), tables (count, rows, cell text and paragraphs), sections (count,
  page size, orientation, margins) and the text of every defined header and footer;
* the rendered XML parts (document, headers, footers, foot/endnotes) in canonical XML (C14N),
  which catches whatever the python-docx view does not look at;
* the package: the same set of members, and every member that is not rendered byte-identical
  (and, on the fast path, byte-identical to the template's own member).

Differences of docxtpl that are normalised here, each harmless:

* lxml re-serialisation: docxtpl parses the rendered body and python-docx writes it back, so an
  empty ``<w:t xml:space="preserve"></w:t>`` becomes ``<w:t xml:space="preserve"/>``. The same
  XML; compared in C14N, which writes both forms alike.
* ``docProps/core.xml``: docxtpl renders six core properties (title, subject, creator,
  description, identifier, language) as Jinja templates and sets them back, so python-docx
  writes the empty ones as ``<dc:title></dc:title>`` and adds empty ``<dc:identifier>`` and
  ``<dc:language>``. Empty elements of those six are dropped before comparing; a property
  with Jinja tags in a template would still show up as a difference (docgen does not render
  core properties), and it is asserted that the templates have none.

Not normalised: docxtpl's ``fix_docpr_ids`` renumbers the ids of drawings (from 1001), which the
fast path copies as they are; no built-in template has a drawing in a rendered part, so this
cannot differ today — a template with an image would fail here, deliberately (an image inside
a ``{%tr for %}`` would repeat its id on the fast path).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from typing import Any

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docxtpl import DocxTemplate
from lxml import etree

from docgen.api import example_registry
from docgen.context import Obj, group_records, order_entry, select_records, workbook_context
from docgen.plugins.catalog import catalog
from docgen.records.validate import load
from docgen.render.environment import make_env
from docgen.render.template import CompiledTemplate

AS_OF = date(2026, 11, 23)
HOSTILE = "Иванова & Петрова <Мария> {{ 7*7 }}"  # the example's «Запрос» of one mentee
HOSTILE_XML = "Иванова &amp; Петрова &lt;Мария&gt; {{ 7*7 }}"
SCHEMAS = catalog().of_pack()
# The fast command (scripts/check.sh) compares these three with docxtpl; the full suite compares
# every template (the others carry the slow mark: the sweep takes about half a minute).
CORE = ("order_intro", "consent_parent", "consent_tracking")
SWEEP = [pytest.param(t, marks=() if t in CORE else pytest.mark.slow) for t in SCHEMAS]

# Parts that hold Jinja tags and are rendered (docxtpl: body, headers, footers, footnotes;
# docgen also endnotes). Every other member must be copied untouched.
RENDERED = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")

NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}
# The core properties docxtpl's render_properties() re-renders and sets (author = dc:creator,
# comments = dc:description).
RERENDERED_CORE = ("dc:title", "dc:subject", "dc:creator", "dc:description", "dc:identifier", "dc:language")
HEADER_FOOTER_KINDS = ("header", "first_page_header", "even_page_header",
                       "footer", "first_page_footer", "even_page_footer")


# --------------------------------------------------------------------------- contexts


@pytest.fixture(scope="module")
def workbook():
    registry = load(example_registry(), catalog().registry_schema, AS_OF)
    base, objs = workbook_context(registry)
    hostile = [objs[id(r)] for rows in registry.tables.values() for r in rows
               if HOSTILE in r.values.values()]
    assert hostile, f"no row of the example registry holds {HOSTILE!r}"
    return registry, base, objs, hostile[0]


def _documents(workbook, schema) -> list[tuple[str, dict[str, Any], bool]]:
    """(label, context, holds the hostile record) for every document a batch makes of ``schema``,
    built as docgen.engine.plan._docs does; orders get the journal entry, as ``--reprint`` does."""
    registry, base, objs, hostile = workbook
    extra = {"order": order_entry(registry, schema, objs)} if schema.order_journal else {}
    if schema.scope == "workbook":
        return [("весь реестр", {**base, **extra}, False)]
    records = select_records(registry, schema)
    if schema.group_by:
        return [(f"группа {g.title}", {**base, schema.record_name: g, **extra}, hostile in g.rows)
                for g in group_records(schema, records, objs)]
    return [(f"строка {r.row}", {**base, schema.record_name: objs[id(r)], **extra}, objs[id(r)] is hostile)
            for r in records]


def _picked(docs: list) -> list[tuple[str, dict[str, Any], bool]]:
    """First, middle, last, and every document holding the hostile record."""
    wanted = {0, len(docs) // 2, len(docs) - 1} | {i for i, d in enumerate(docs) if d[2]}
    return [docs[i] for i in sorted(wanted)]


# --------------------------------------------------------------------------- rendering


def _reference(schema, context: dict[str, Any]) -> bytes:
    """Plain docxtpl, the implementation the fast path must match."""
    tpl = DocxTemplate(schema.template)
    tpl.render(context, jinja_env=make_env(), autoescape=True)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- comparing


def _runs(paragraph) -> list[tuple]:
    return [(r.text, r.bold, r.italic, r.underline, r.font.size, r.font.name) for r in paragraph.runs]


def _paragraph(p, styles: dict[str | None, str | None]) -> dict[str, Any]:
    f = p.paragraph_format
    return {
        "text": p.text,
        "style": styles.get(p._p.style, styles[None]),
        "alignment": p.alignment,
        "indent": (f.left_indent, f.right_indent, f.first_line_indent),
        "page_break_before": f.page_break_before,
        "runs": _runs(p),
    }


def _table(t, styles: dict[str | None, str | None]) -> dict[str, Any]:
    return {
        "rows": len(t.rows),
        "cells": [[c.text for c in row.cells] for row in t.rows],
        "paragraphs": [[[_paragraph(p, styles) for p in c.paragraphs] for c in row.cells] for row in t.rows],
    }


def _header_footer_text(hf) -> str | None:
    if hf.is_linked_to_previous:  # no own part; reading .paragraphs would add one
        return None
    texts = [p.text for p in hf.paragraphs]
    for table in hf.tables:
        texts += [c.text for row in table.rows for c in row.cells]
    return "\n".join(texts)


def _section(s) -> dict[str, Any]:
    return {
        "start": s.start_type,
        "orientation": s.orientation,
        "page": (s.page_width, s.page_height),
        "margins": (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin, s.gutter),
        "header_footer_distance": (s.header_distance, s.footer_distance),
        "different_first_page": s.different_first_page_header_footer,
        **{kind: _header_footer_text(getattr(s, kind)) for kind in HEADER_FOOTER_KINDS},
    }


def _style_names(doc) -> dict[str | None, str | None]:
    """Paragraph style id → name, None → the default paragraph style, as ``Paragraph.style``
    resolves them (that property scans the whole styles part per call: far too slow here)."""
    names: dict[str | None, str] = {s.style_id: s.name for s in doc.styles
                                     if s.type == WD_STYLE_TYPE.PARAGRAPH}
    default = doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    names[None] = default.name if default is not None else None
    return names


def _view(data: bytes) -> dict[str, Any]:
    doc = Document(io.BytesIO(data))
    styles = _style_names(doc)
    return {
        "paragraphs": [_paragraph(p, styles) for p in doc.paragraphs],
        "tables": [_table(t, styles) for t in doc.tables],
        "sections": [_section(s) for s in doc.sections],
    }


def _text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        texts += [c.text for row in table.rows for c in row.cells]
    return "\n".join(texts)


def _assert_same_list(what: str, fast: list, ref: list) -> None:
    for i, (a, b) in enumerate(zip(fast, ref)):
        assert a == b, f"{what} №{i + 1} differs:\n  fast path: {a!r}\n  docxtpl:   {b!r}"
    assert len(fast) == len(ref), f"{what}: {len(fast)} on the fast path, {len(ref)} in docxtpl"


def _c14n(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data), method="c14n")


def _core_normalised(data: bytes) -> bytes:
    """core.xml without the empty elements docxtpl's render_properties() writes (see the top)."""
    root = etree.fromstring(data)
    for tag in RERENDERED_CORE:
        for el in root.findall(tag, NS):
            if not (el.text or "") and len(el) == 0:
                root.remove(el)
    return etree.tostring(root, method="c14n")


def _assert_same_xml(what: str, fast: bytes, ref: bytes) -> None:
    if fast == ref:
        return
    a, b = fast.decode("utf-8"), ref.decode("utf-8")
    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    raise AssertionError(f"{what} differs in canonical XML at {i}:\n"
                         f"  fast path: …{a[max(0, i - 150):i + 150]}…\n"
                         f"  docxtpl:   …{b[max(0, i - 150):i + 150]}…")


def _entries(xml: bytes) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """The children of a content-types or relationships part, in a fixed order."""
    root = etree.fromstring(xml)
    return sorted((el.tag, tuple(sorted(el.attrib.items()))) for el in root)


def assert_same_document(fast: bytes, ref: bytes, template: bytes, label: str) -> None:
    zf, zr, zt = (zipfile.ZipFile(io.BytesIO(d)) for d in (fast, ref, template))
    assert zf.testzip() is None and zr.testzip() is None
    assert set(zf.namelist()) == set(zr.namelist()), f"{label}: members differ"
    original = {n: zt.read(n) for n in zt.namelist()}

    rendered = [n for n in zf.namelist() if RENDERED.match(n)]
    for name in zf.namelist():
        if name in rendered:
            continue
        a, b = zf.read(name), zr.read(name)
        assert a == original[name], f"{label}: fast path changed {name}, a part it does not render"
        if name == "docProps/core.xml":
            _assert_same_xml(f"{label}: {name}", _core_normalised(a), _core_normalised(b))
        elif name == "[Content_Types].xml" or name.endswith(".rels"):
            # python-docx writes these lists in its own order; in OPC their order means nothing
            assert _entries(a) == _entries(b), f"{label}: {name} differs from docxtpl's"
        else:
            assert a == b, f"{label}: {name} differs from docxtpl's"

    # What Word shows, compared first for a readable message…
    vf, vr = _view(fast), _view(ref)
    _assert_same_list(f"{label}: body paragraph", vf["paragraphs"], vr["paragraphs"])
    assert len(vf["tables"]) == len(vr["tables"]), f"{label}: number of tables differs"
    for i, (tf, tr) in enumerate(zip(vf["tables"], vr["tables"]), start=1):
        assert tf["rows"] == tr["rows"], f"{label}: table №{i} has {tf['rows']} rows, docxtpl {tr['rows']}"
        _assert_same_list(f"{label}: table №{i}, row", tf["cells"], tr["cells"])
        _assert_same_list(f"{label}: table №{i}, row (cell paragraphs)", tf["paragraphs"], tr["paragraphs"])
    _assert_same_list(f"{label}: section", vf["sections"], vr["sections"])
    # …then everything else in the rendered parts (cell widths, numbering, borders…).
    for name in rendered:
        fast_xml, ref_xml = zf.read(name), zr.read(name)
        if b"{%tc" in original[name]:  # column loops: docgen sizes the grid itself (ooxml/grid.py), by design
            fast_xml, ref_xml = _without_widths(fast_xml), _without_widths(ref_xml)
        _assert_same_xml(f"{label}: {name}", _c14n(fast_xml), _c14n(ref_xml))


def _without_widths(xml: bytes) -> bytes:
    """A part without table grids and cell widths: docxtpl spreads the width of a table with a
    ``{%tc %}`` loop evenly over its columns, docgen keeps the columns the author sized."""
    root = etree.fromstring(xml)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for el in [*root.iter(f"{w}tblGrid"), *root.iter(f"{w}tcW")]:
        el.getparent().remove(el)
    return etree.tostring(root)


# --------------------------------------------------------------------------- tests


def test_every_builtin_template_is_covered():
    assert set(CORE) <= set(SCHEMAS)


@pytest.mark.parametrize("template_id", list(SCHEMAS))
def test_templates_use_no_docxtpl_extra_the_fast_path_lacks(template_id):
    """Two things docxtpl does that docgen's fast path does not; the documents are the same
    only while templates do not rely on them (the comparison below would fail too, but less
    clearly):

    * ``render_properties``: tags in core properties (title, subject…) are rendered;
    * ``{_{ }_} {_% %_}``: docxtpl's escapes for literal braces, turned into ``{{ }} {% %}`` after
      rendering — in the whole part, so a value typed as «{_{» prints «{{» in docxtpl, while
      the fast path prints values exactly as typed.
    """
    path = SCHEMAS[template_id].template
    props = Document(str(path)).core_properties
    for name in ("author", "comments", "identifier", "language", "subject", "title"):
        value = getattr(props, name) or ""
        assert not re.search(r"\{[{%#]", value), f"core property {name} = {value!r} holds a tag"
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if RENDERED.match(name):
                xml = zf.read(name).decode("utf-8")
                assert not re.search(r"\{_[{%]|[}%]_\}", xml), f"{name} uses docxtpl's {{_{{ escapes"


def _has_chart(schema) -> bool:
    with zipfile.ZipFile(schema.template) as zf:
        return any(n.startswith("word/charts/") for n in zf.namelist())


@pytest.mark.parametrize("template_id", SWEEP)
def test_fast_path_makes_the_docxtpl_document(workbook, template_id):
    schema = SCHEMAS[template_id]
    if _has_chart(schema):
        pytest.skip("docxtpl leaves chart parts unrendered; docgen renders them (tests/pack/test_reports.py)")
    docs = _documents(workbook, schema)
    assert docs, f"{template_id}: no documents from the example registry"
    template = schema.template.read_bytes()
    compiled = CompiledTemplate(schema.template, make_env(), schema.id)  # once, as a batch does
    for label, ctx, _ in _picked(docs):
        assert_same_document(compiled.render(ctx), _reference(schema, ctx), template,
                             f"{template_id}, {label}")


def _plain_fields(schema) -> list[tuple[str, str]]:
    """``{{ name.attr }}`` printed without a filter in the template's body, in order."""
    doc = Document(str(schema.template))
    texts = [p.text for p in doc.paragraphs]
    texts += [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    found = re.findall(r"\{\{\s*([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*\}\}", "\n".join(texts))
    return list(dict.fromkeys(found))


@pytest.mark.parametrize("template_id", SWEEP)
def test_hostile_text_prints_literally_on_both_paths(workbook, template_id):
    """No built-in template prints «Запрос», so the hostile text is put into a field the
    template does print (a copy of a context object, on the hostile record's document)."""
    schema = SCHEMAS[template_id]
    docs = _documents(workbook, schema)
    label, ctx, _ = next((d for d in docs if d[2]), docs[0])
    compiled = CompiledTemplate(schema.template, make_env(), schema.id)
    for name, attr in _plain_fields(schema):
        obj = ctx.get(name)
        if not isinstance(obj, Obj) or not isinstance(getattr(obj, attr, None), str):
            continue
        hostile_ctx = {**ctx, name: Obj(**{**vars(obj), attr: HOSTILE})}
        fast = compiled.render(hostile_ctx)
        if HOSTILE in _text(fast):
            break
    else:
        pytest.fail(f"{template_id}: no plain {{{{ object.field }}}} to carry the hostile text")

    ref = _reference(schema, hostile_ctx)
    for data in (fast, ref):
        assert HOSTILE in _text(data)
        assert HOSTILE_XML in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    if not _has_chart(schema):  # docxtpl does not render chart parts (see above)
        assert_same_document(fast, ref, schema.template.read_bytes(),
                             f"{template_id}, {label}, {name}.{attr} = hostile text")
