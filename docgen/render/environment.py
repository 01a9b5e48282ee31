"""docgen's Jinja environment: sandboxed, escaping, strict, with Russian filters.

Templates may come from another school, so they run in Jinja's immutable sandbox. Values
are escaped for XML and cleaned in ``finalize`` (``None`` → empty, forbidden control
characters dropped, line breaks and tabs → Word breaks, ``\\a`` and ``\\f`` → a new paragraph and
a page break as in docxtpl, docxtpl's RichText objects → their runs,
:mod:`docgen.render.richtext`); a name the template uses but the context lacks is an error
(StrictUndefined), never a silent blank.

The filters are in :mod:`docgen.render.filters`. jinja2 costs ~90 ms to import, so it is
loaded when the first template is compiled, not when docgen starts (``docgen --help``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from markupsafe import Markup, escape

from docgen.render.bounds import (
    MAX_OUTPUT,
    TemplateLimit,
    bounded_call,
    bounded_concat,
    bounded_filters,
    bounded_range,
    check_binop,
    check_size,
    render_bounds,
)
from docgen.render.filters import FILTERS, withheld_text
from docgen.render.richtext import inline_value, is_paragraphs, paragraphs_xml
from docgen.render.structure import LINE_BREAK, PAGE_BREAK, PARAGRAPH_BREAK, TAB
from docgen.ru.dates import date_num
from docgen.ru.text import XML_ILLEGAL

__all__ = ["MAX_OUTPUT", "TemplateLimit", "make_env", "make_text_env", "render_bounds", "render_text", "xml_finalize"]

_BREAKS = {"\a": PARAGRAPH_BREAK, "\f": PAGE_BREAK}


def xml_finalize(value: Any) -> Any:
    """Turn a value into text that is safe inside ``<w:t>``."""
    if value is None:
        return ""
    if type(value) is str and value.isprintable():  # the common case: no control chars, breaks, tabs
        return escape(value)
    if isinstance(value, Markup):
        return value
    if type(value).__module__.startswith("docxtpl"):  # from a plugin's filter (richtext module)
        value = inline_value(value)
        if isinstance(value, Markup):
            return value
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return date_num(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, str):
        check_size(value)  # a nested list printed whole is a str() of all of it
    text = str(value)
    if "\a" in text or "\f" in text:
        return Markup("".join(_BREAKS.get(piece) or _text_xml(piece) for piece in _PAGE_OR_PARAGRAPH.split(text)))
    return Markup(_text_xml(text))


_PAGE_OR_PARAGRAPH = re.compile("([\a\f])")


def _text_xml(text: str) -> str:
    """Text for inside ``<w:t>``: escaped, characters XML forbids dropped, line breaks and tabs
    as Word's breaks."""
    text = XML_ILLEGAL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    safe = str(escape(text))
    if "\n" in safe or "\t" in safe:
        safe = safe.replace("\n", LINE_BREAK).replace("\t", TAB)
    return safe


@lru_cache(maxsize=1)
def _sandbox() -> Any:
    """The environment class, made on first use: jinja2 costs ~90 ms to import."""
    from jinja2.compiler import CodeGenerator  # noqa: PLC0415 — loaded with the sandbox
    from jinja2.exceptions import SecurityError  # noqa: PLC0415 — loaded with the sandbox
    from jinja2.runtime import markup_join, str_join  # noqa: PLC0415 — loaded with the sandbox
    from jinja2.sandbox import ImmutableSandboxedEnvironment  # noqa: PLC0415 — 90 ms: only when templates are compiled

    class _Generator(CodeGenerator):
        """Jinja's code generator, with ``a ~ b`` routed through the bounds: Jinja joins the
        pieces directly, where no sandbox method sees them."""

        def visit_Concat(self, node: Any, frame: Any) -> None:
            self.write("environment.concat_parts((")
            for arg in node.nodes:
                self.visit(arg, frame)
                self.write(", ")
            self.write("), context.eval_ctx)")

    class _Env(ImmutableSandboxedEnvironment):
        """The sandbox, bounded (:mod:`docgen.render.bounds`), with a short cut for docgen's records.

        Records reach templates as SimpleNamespace objects whose instance attributes are plain
        data set by docgen (context.Obj). Reading such an attribute needs none of the sandbox's
        checks (those guard methods and internals), and the checks cost a third of a document's
        render time. Anything else — a missing attribute, a name starting with «_», any other
        type — goes through the full sandboxed lookup.
        """

        code_generator_class = _Generator
        intercepted_binops = frozenset({"*", "**", "%", "+"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            bounded_call(__obj, args, kwargs)
            return super().call(__context, __obj, *args, **kwargs)

        def concat_parts(self, parts: tuple[Any, ...], eval_ctx: Any) -> str:
            return bounded_concat(parts, markup_join if eval_ctx.autoescape else str_join)

        def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
            """An unsafe attribute (``__class__``…) stops the template at once. Jinja's default
            returns an Undefined, which prints an error — but inside a list (``|list``,
            ``map(attribute=…)``) its repr is a silent «Undefined»."""
            raise SecurityError(f"access to attribute {attribute!r} of a {type(obj).__name__} object is unsafe")

        def getattr(self, obj: Any, attribute: str) -> Any:
            if isinstance(obj, SimpleNamespace) and attribute[:1] != "_":
                try:
                    return obj.__dict__[attribute]
                except KeyError:
                    if attribute in obj.__dict__.get("_hidden", ()):
                        return self._hidden(obj, attribute)
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            """``obj['x']`` and the attribute filters (``selectattr``, ``map``, ``sort``)."""
            if isinstance(obj, SimpleNamespace) and isinstance(argument, str) and argument[:1] != "_":
                if argument in obj.__dict__:
                    return obj.__dict__[argument]
                if argument in obj.__dict__.get("_hidden", ()):
                    return self._hidden(obj, argument)
            return super().getitem(obj, argument)

        def _hidden(self, obj: Any, name: str) -> Any:
            """A row's attribute that context.View left out: undefined, with the reason."""
            return self.undefined(obj=obj, name=name, hint=withheld_text(name))

    return _Env


@lru_cache(maxsize=1)
def _strict_undefined() -> Any:
    from jinja2 import StrictUndefined  # noqa: PLC0415 — loaded with the sandbox above

    class Strict(StrictUndefined):
        """StrictUndefined that also refuses ``repr``: inside a list (``{{ [x.nope]|list }}``,
        ``map(attribute='nope')``) Jinja prints items by ``repr``, which would write a silent
        «[Undefined]» into the document instead of the error every other use gives."""

        __slots__ = ()

        def __repr__(self) -> str:
            self._fail_with_undefined_error()
            return ""  # not reached: the line above raises

    return Strict


def make_env(extra_filters: dict[str, Any] | None = None) -> Any:
    """The sandbox documents render in. ``extra_filters`` come from installed plugins
    (never from a folder pack) and cannot replace docgen's own."""
    env = _sandbox()(
        autoescape=True,
        undefined=_strict_undefined(),
        finalize=xml_finalize,
        keep_trailing_newline=True,
    )
    env.filters.update(bounded_filters(env.filters))
    env.filters.update({k: v for k, v in (extra_filters or {}).items() if k not in FILTERS})
    env.filters.update(FILTERS)
    env.filters["attr"] = _attr_filter()
    env.filters["docgen_paragraphs"] = paragraphs_xml  # {{p x}}: render.dialect
    env.tests["docgen_paragraphs"] = is_paragraphs
    env.globals["NBSP"] = "\u00a0"
    env.globals["range"] = bounded_range
    return env


def _attr_filter() -> Any:
    from jinja2 import pass_environment  # noqa: PLC0415 — loaded with the sandbox

    @pass_environment
    def attr(environment: Any, obj: Any, name: str) -> Any:
        """``x|attr('name')`` through the sandbox's own lookup, so a row attribute the schema
        leaves out says so (Jinja's filter reads around it and prints a bare «не определено»)."""
        return environment.getattr(obj, name)

    return attr


def make_text_env(extra_filters: dict[str, Any] | None = None) -> Any:
    """Same filters, no XML escaping: for file names built from a schema's pattern."""
    env = _sandbox()(autoescape=False, undefined=_strict_undefined(), finalize=lambda v: "" if v is None else v)
    env.filters.update(bounded_filters(env.filters))
    env.filters.update({k: v for k, v in (extra_filters or {}).items() if k not in FILTERS})
    env.filters.update(FILTERS)
    env.filters["attr"] = _attr_filter()
    env.globals["range"] = bounded_range
    return env


def render_text(template: Any, context: dict[str, Any], limit: int = 10_000) -> str:
    """A short text (a file name) from a pack's pattern, under the same bounds as documents."""
    with render_bounds():
        chunks, size = [], 0
        for chunk in template.generate(context):
            size += len(chunk)
            if size > limit:
                raise TemplateLimit(f"имя файла получается длиннее {limit} знаков")
            chunks.append(chunk)
    return "".join(chunks)
