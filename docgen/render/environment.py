"""docgen's Jinja environment: sandboxed, escaping, strict, with Russian filters.

Templates may come from another school, so they run in Jinja's immutable sandbox. Values
are escaped for XML and cleaned in ``finalize`` (``None`` → empty, forbidden control
characters dropped, line breaks and tabs → Word breaks); a name the template uses but the
context lacks is an error (StrictUndefined), never a silent blank.

The filters are in :mod:`docgen.render.filters`. jinja2 costs ~90 ms to import, so it is
loaded when the first template is compiled, not when docgen starts (``docgen --help``).
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from markupsafe import Markup, escape

from docgen.render.filters import FILTERS
from docgen.ru.dates import date_num
from docgen.ru.text import XML_ILLEGAL

__all__ = ["MAX_OUTPUT", "TemplateLimit", "make_env", "make_text_env", "render_bounds", "render_text", "xml_finalize"]

_BR = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'


def xml_finalize(value: Any) -> Any:
    """Turn a value into text that is safe inside ``<w:t>``."""
    if value is None:
        return ""
    if type(value) is str and value.isprintable():  # the common case: no control chars, breaks, tabs
        return escape(value)
    if isinstance(value, Markup):
        return value
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return date_num(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = XML_ILLEGAL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    safe = str(escape(text))
    if "\n" in safe or "\t" in safe:
        safe = safe.replace("\n", _BR).replace("\t", _TAB)
    return Markup(safe)


# --------------------------------------------------------------------------- bounds
#
# A template from another school is untrusted. The sandbox stops it from reaching Python's
# internals; these bounds stop it from hanging the computer or filling the disk. They are
# far above anything a real document needs (a consent renders ~60 loop steps and ~30 KB).

MAX_ITERATIONS = 1_000_000  # range() steps per rendered part
MAX_SEQUENCE = 1_000_000  # length of a string or list made by «*»
MAX_OUTPUT = 50_000_000  # characters of one rendered part
MAX_SECONDS = 20  # wall time of one rendered part (POSIX main thread only)


class TemplateLimit(Exception):
    """A bound above was hit; ``str()`` is the Russian explanation."""


class RenderBudget:
    """Iterations counted for the part being rendered (see bounded_range)."""

    def __init__(self) -> None:
        self.iterations = 0


_BUDGET: ContextVar[RenderBudget | None] = ContextVar("docgen_render_budget", default=None)


def bounded_range(*args: int):
    """Jinja's safe range, counted against the part's iteration budget: nested loops over
    range() cannot multiply into billions of steps."""
    from jinja2.sandbox import safe_range  # noqa: PLC0415 — jinja2 is loaded by now: the range runs inside a template

    numbers = safe_range(*args)
    budget = _BUDGET.get()
    for n in numbers:
        if budget is not None:
            budget.iterations += 1
            if budget.iterations > MAX_ITERATIONS:
                raise TemplateLimit(f"шаблон выполняет больше {MAX_ITERATIONS:,} повторений цикла".replace(",", " ")
                                    + " — похоже на бесконечный цикл")
        yield n


@contextmanager
def render_bounds():
    """Bounds for rendering one part: an iteration budget and, where the OS allows (POSIX,
    main thread), a wall-clock alarm that stops a template looping over data without output."""
    token = _BUDGET.set(RenderBudget())
    armed = False
    previous = None
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        def on_alarm(signum, frame):
            raise TemplateLimit(f"документ заполняется дольше {MAX_SECONDS} с — похоже на бесконечный цикл")
        try:
            previous = signal.signal(signal.SIGALRM, on_alarm)
            signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS)
            armed = True
        except ValueError:  # not allowed here (e.g. an embedding application)
            armed = False
    try:
        yield
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
        _BUDGET.reset(token)


@lru_cache(maxsize=1)
def _sandbox() -> Any:
    """The environment class, made on first use: jinja2 costs ~90 ms to import."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment  # noqa: PLC0415 — 90 ms: only when templates are compiled

    class _Env(ImmutableSandboxedEnvironment):
        """The sandbox, with a short cut for docgen's own records.

        Records reach templates as SimpleNamespace objects whose instance attributes are plain
        data set by docgen (context.Obj). Reading such an attribute needs none of the sandbox's
        checks (those guard methods and internals), and the checks cost a third of a document's
        render time. Anything else — a missing attribute, a name starting with «_», any other
        type — goes through the full sandboxed lookup.
        """

        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            """«*» and «**» are checked before they run: ``'x' * 10**9`` would take a gigabyte,
            ``9 ** 9 ** 9`` hours, before any output bound could see them."""
            if operator == "*":
                for seq, n in ((left, right), (right, left)):
                    if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_SEQUENCE:
                        limit = f"{MAX_SEQUENCE:,}".replace(",", " ")
                        raise TemplateLimit(f"шаблон строит строку или список длиннее {limit}")
            if operator == "**" and isinstance(right, (int, float)) and (
                    abs(right) > 1000 or (isinstance(left, int) and abs(left) > 1
                                          and abs(right) * abs(left).bit_length() > 100_000)):
                raise TemplateLimit("шаблон возводит число в слишком большую степень")
            return super().call_binop(context, operator, left, right)

        def getattr(self, obj: Any, attribute: str) -> Any:
            if isinstance(obj, SimpleNamespace) and attribute[:1] != "_":
                try:
                    return obj.__dict__[attribute]
                except KeyError:
                    pass
            return super().getattr(obj, attribute)

    return _Env


def make_env(extra_filters: dict[str, Any] | None = None) -> Any:
    """The sandbox documents render in. ``extra_filters`` come from installed plugins
    (never from a folder pack) and cannot replace docgen's own."""
    from jinja2 import StrictUndefined  # noqa: PLC0415 — loaded with the sandbox above

    env = _sandbox()(
        autoescape=True,
        undefined=StrictUndefined,
        finalize=xml_finalize,
        keep_trailing_newline=True,
    )
    env.filters.update({k: v for k, v in (extra_filters or {}).items() if k not in FILTERS})
    env.filters.update(FILTERS)
    env.globals["NBSP"] = "\u00a0"
    env.globals["range"] = bounded_range
    return env


def make_text_env(extra_filters: dict[str, Any] | None = None) -> Any:
    """Same filters, no XML escaping: for file names built from a schema's pattern."""
    from jinja2 import StrictUndefined  # noqa: PLC0415 — loaded with the sandbox above

    env = _sandbox()(autoescape=False, undefined=StrictUndefined, finalize=lambda v: "" if v is None else v)
    env.filters.update({k: v for k, v in (extra_filters or {}).items() if k not in FILTERS})
    env.filters.update(FILTERS)
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
