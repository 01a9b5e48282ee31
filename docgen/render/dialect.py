"""docxtpl's template dialect as docgen compiles it: what is rewritten, what is refused.

docgen compiles a part with docxtpl's own ``patch_xml`` (:func:`docgen.render.template.jinja_source`),
so ``{%p %}``, ``{%tr %}``, ``{%tc %}``, ``{% colspan %}``, ``{% cellbg %}``, ``{% hm %}``,
``{% vm %}`` and split runs mean exactly what they mean in docxtpl. A few things docxtpl does
outside ``patch_xml`` — at render time, on the whole rendered document — are done here, on the
source, once per batch:

* ``{{r x}}`` and ``{{p x}}``. docxtpl deletes the run (the paragraph) around the tag and prints
  the value in its place, which is right for the ``RichText`` (``RichTextParagraph``) objects
  the tags are made for and wrong for anything else: a plain value lands as bare text inside
  ``w:p`` (``w:body``), which Word calls an error and LibreOffice silently drops. docgen keeps
  the run of ``{{r x}}`` and prints the value in it, so a plain value is text with the tag's
  formatting and a ``RichText`` closes that run and brings its own
  (:func:`docgen.render.richtext.value_xml`) — the same XML docxtpl writes for it. ``{{p x}}``
  becomes a paragraph with the tag paragraph's properties around the value, unless the value is
  a ``RichTextParagraph``, which replaces the paragraph as in docxtpl.
* ``{_{ … }_}`` and ``{_% … %_}``: docxtpl's escapes, printed as ``{{ … }}`` and ``{% … %}``.
  docxtpl replaces them in the rendered XML (values included); docgen in the template's text
  only, so a value never changes.
* ``{{tr x}}`` and ``{{tc x}}`` (a value in place of a whole row or cell): refused with a Russian
  reason — no value docgen can produce is a row or a cell.
* ``|count`` is Jinja's (the number of elements); docgen's Russian ``count('наставник',
  'наставника', 'наставников')`` is ``plural_count`` now and the three-form ``count`` stays
  accepted. Other argument counts are refused when the template is compiled
  (:func:`check_filters`), before any document is made.

Every rewrite works on text between tags only (the tags' own text is the author's code), and a
part without such tags is returned unchanged, byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["PARAGRAPH_VALUE", "Prepared", "check_filters", "merge_split_tags", "prepare", "unescape_escapes"]

#: The variable a ``{{p x}}`` paragraph binds its value to (see :func:`_paragraph_slot`).
PARAGRAPH_VALUE = "_docgen_value"

# docxtpl's own first two steps of patch_xml, word for word: markup between a tag's braces, and
# runs inside a tag, removed. Idempotent, so patch_xml running them again changes nothing.
_BRACE_MARKUP = re.compile(r"(?<={)(<[^>]*>)+(?=[\{%\#])|(?<=[%\}\#])(<[^>]*>)+(?=\})", re.S)
_TAG_SPAN = re.compile(r"{%(?:(?!%}).)*|{#(?:(?!#}).)*|{{(?:(?!}}).)*", re.S)
_RUNS_IN_TAG = re.compile(r"</w:t>.*?(<w:t>|<w:t [^>]*>)", re.S)

_RUN_TAG = re.compile(r"\{\{r\s")
_PARAGRAPH_TAG = re.compile(r"\{\{p\s(.*?)([-+]?)\}\}", re.S)
_ROW_CELL_TAG = re.compile(r"\{\{(tr|tc)\s(.*?)\}\}", re.S)
_P_START = re.compile(r"<w:p[ >]")
_P_PROPS = re.compile(r"<w:p(?: [^>]*)?>(<w:pPr>.*?</w:pPr>|<w:pPr/>)?", re.S)
_R_START = re.compile(r"<w:r[ >]")
_R_PROPS = re.compile(r"<w:r(?: [^>]*)?>(<w:rPr>.*?</w:rPr>|<w:rPr/>)?", re.S)
_SECTPR = re.compile(r"<w:sectPr[ >].*?</w:sectPr>|<w:sectPr/>", re.S)
# Table markup docxtpl patches: cell loops and conditions, colspan, horizontal merges (the grid
# changes), and the cell properties it inserts for cellbg and vm.
_TABLE_TAG = re.compile(r"\{%-?\s*(?:tc\s|colspan\s|cellbg\s|hm\s*-?%|vm\s*-?%)")
# docxtpl's escapes in a Jinja source, outside tags (tags are skipped by _SOURCE_TAG).
_SOURCE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_ESCAPE = re.compile(r"\{_\{|\}_\}|\{_%|%_\}")
_ESCAPED = {"{_{": "{{", "}_}": "}}", "{_%": "{%", "%_}": "%}"}


@dataclass
class Prepared:
    """A part's XML ready for docxtpl's ``patch_xml``, and what compiling it found."""

    xml: str
    problems: list[str] = field(default_factory=list)  # Russian reasons to refuse the template
    fix_tables: bool = False  # grids and cell properties to fix per record (docgen.render.structure)


def merge_split_tags(xml: str) -> str:
    """A tag typed across runs joined into the first run (docxtpl's first clean-up steps)."""
    xml = _BRACE_MARKUP.sub("", xml)
    return _TAG_SPAN.sub(lambda m: _RUNS_IN_TAG.sub("", m.group(0)), xml)


def _shown(expr: str) -> str:
    text = re.sub(r"<[^<>]*>", "", expr)
    return " ".join(text.split())[:80]


def _paragraph_slot(xml: str, m: re.Match[str]) -> tuple[int, int, str] | None:
    """The paragraph around the ``{{p x}}`` tag ``m`` and what replaces it: the start and end
    of the paragraph and the Jinja/XML that prints ``x`` as a paragraph of its own.

    As in docxtpl, the paragraph is the last ``<w:p>`` opened before the tag, and everything
    else in it goes. A ``RichTextParagraph`` is printed as it is; any other value becomes the
    text of a paragraph with the tag paragraph's properties and the tag run's formatting. The
    paragraph's section break (``w:sectPr`` in its properties) stays with it either way."""
    start = max((p.start() for p in _P_START.finditer(xml, 0, m.start())), default=-1)
    end = xml.find("</w:p>", m.end())
    if start < 0 or end < 0:
        return None
    end += len("</w:p>")
    head = _P_PROPS.match(xml, start)
    ppr = head.group(1) or "" if head else ""
    run = max((r.start() for r in _R_START.finditer(xml, start, m.start())), default=-1)
    run_head = _R_PROPS.match(xml, run) if run >= 0 else None
    rpr = (run_head.group(1) or "") if run_head else ""
    section = _SECTPR.search(ppr)
    keep_section = section.group(0) if section else ""
    plain_ppr = ppr.replace(keep_section, "") if keep_section else ppr
    if plain_ppr in ("<w:pPr></w:pPr>", "<w:pPr/>"):
        plain_ppr = ""
    expr = m.group(1).strip()
    value = PARAGRAPH_VALUE
    rich = f"{{{{ {value}|docgen_paragraphs }}}}"
    if keep_section:  # the section break needs a paragraph to sit in, after the value's
        rich += f"<w:p>{ppr}</w:p>"
    slot = (f"{{% with {value} = ({expr}) %}}{{% if {value} is docgen_paragraphs %}}{rich}{{% else %}}"
            f"<w:p>{ppr}<w:r>{rpr}<w:t xml:space=\"preserve\">{{{{ {value} }}}}</w:t></w:r></w:p>"
            f"{{% endif %}}{{% endwith %}}")
    return start, end, slot


def prepare(xml: str) -> Prepared:
    """The dialect rewrites of one part, before ``patch_xml`` (see the module's docstring)."""
    if "{" not in xml:
        return Prepared(xml)
    merged = merge_split_tags(xml)
    result = Prepared(xml, fix_tables=bool(_TABLE_TAG.search(merged)))
    for m in _ROW_CELL_TAG.finditer(merged):
        what = "строки таблицы" if m.group(1) == "tr" else "ячейки таблицы"
        result.problems.append(
            f"тег {{{{{m.group(1)} {_shown(m.group(2))}}}}} ставит значение на место целой {what} — docgen так "
            f"не умеет. Выведите значение обычным тегом {{{{ … }}}} внутри ячейки, а строки повторяйте "
            "{%tr for … %}")
    if not _RUN_TAG.search(merged) and "{{p" not in merged:
        return result
    out = _RUN_TAG.sub("{{ ", merged)  # the value stays in its run (module docstring)
    pieces, pos = [], 0
    for m in _PARAGRAPH_TAG.finditer(out):
        if m.start() < pos:
            continue  # a second {{p}} in a paragraph already replaced (docxtpl keeps only one too)
        slot = _paragraph_slot(out, m)
        if slot is None:
            result.problems.append(f"тег {{{{p {_shown(m.group(1))}}}}} стоит не в абзаце")
            continue
        start, end, text = slot
        if start < pos:
            continue
        pieces.append(out[pos:start])
        pieces.append(text)
        pos = end
    pieces.append(out[pos:])
    result.xml = "".join(pieces)
    return result


def unescape_escapes(source: str) -> str:
    """docxtpl's escapes in the text of a Jinja source, printed literally: ``{_{`` → ``{{``…
    Each becomes a ``{% raw %}`` block, so Jinja prints the braces and never reads them."""
    if "_" not in source or not _ESCAPE.search(source):
        return source
    out, pos = [], 0
    for tag in _SOURCE_TAG.finditer(source):
        out.append(_ESCAPE.sub(_raw, source[pos:tag.start()]))
        out.append(tag.group(0))
        pos = tag.end()
    out.append(_ESCAPE.sub(_raw, source[pos:]))
    return "".join(out)


def _raw(m: re.Match[str]) -> str:
    return "{% raw %}" + _ESCAPED[m.group(0)] + "{% endraw %}"


# --------------------------------------------------------------------------- compile-time checks

_FILTER_ARITY = {"plural_count": (3,), "count": (0, 3), "plural": (3,)}
_FORMS = "('наставник', 'наставника', 'наставников')"


def check_filters(ast: Any) -> list[str]:
    """Russian reasons to refuse filter calls whose arguments cannot be right: ``|count`` with
    one or two words, ``|plural_count`` without three. Found in the parsed template, so both
    ``docgen make`` and ``docgen pack lint`` refuse the template before any document is made."""
    from jinja2 import nodes  # noqa: PLC0415 — loaded with the sandbox (90 ms)

    problems = []
    for node in ast.find_all(nodes.Filter):
        allowed = _FILTER_ARITY.get(node.name)
        given = len(node.args) + len(node.kwargs)
        if allowed is None or given in allowed or node.dyn_args is not None:
            continue
        if node.name == "count":
            problems.append(f"фильтр count с {given} арг.: без аргументов это число элементов (как length), "
                            f"а число со словом — |plural_count{_FORMS} (три формы слова)")
        else:
            problems.append(f"фильтру {node.name} нужны три формы слова: |{node.name}{_FORMS}")
    return list(dict.fromkeys(problems))
