"""docgen's Jinja environment: sandboxed, escaping, strict, with Russian filters.

Templates may come from another school, so they run in Jinja's immutable sandbox. Values
are escaped for XML and cleaned in ``finalize`` (``None`` → empty, forbidden control
characters dropped, line breaks and tabs → Word breaks); a name the template uses but the
context lacks is an error (StrictUndefined), never a silent blank.

Filters that speak about a person accept either a person object from the context (then
its sex and hand-filled position cases are used) or a plain string.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range
from markupsafe import Markup, escape

from . import formatting as fmt
from .fieldtypes import XML_ILLEGAL, SchoolClass

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
        return fmt.date_num(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = XML_ILLEGAL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    safe = str(escape(text))
    if "\n" in safe or "\t" in safe:
        safe = safe.replace("\n", _BR).replace("\t", _TAB)
    return Markup(safe)


# --------------------------------------------------------------------------- person helpers


def _name_and_sex(person: Any) -> tuple[str, str | None]:
    if person is None or person == "":
        return "", None
    if isinstance(person, str):
        return person, None
    return getattr(person, "fio", "") or "", getattr(person, "sex", None)


def f_fio(person: Any, case: str = "nom") -> str:
    name, sex = _name_and_sex(person)
    return fmt.fio_case(name, fmt.parse_case(case), sex) if name else ""


def f_initials(person: Any, case: str = "nom") -> str:
    name, sex = _name_and_sex(person)
    return fmt.initials(name, fmt.parse_case(case), sex) if name else ""


def f_initials_first(person: Any, case: str = "nom") -> str:
    name, sex = _name_and_sex(person)
    return fmt.initials_first(name, fmt.parse_case(case), sex) if name else ""


def f_position(person: Any, case: str = "nom") -> str:
    """A person's position in a case; a hand-filled «Должность (дат. п.)» column wins."""
    case = fmt.parse_case(case)
    if isinstance(person, str):
        return fmt.position_case(person, case) if person else ""
    position = getattr(person, "position", "") or ""
    if not position:
        return ""
    override = getattr(person, f"position_{case}", None) if case != "nom" else None
    return override or fmt.position_case(position, case)


def f_agree(word: str, person: Any, case: str = "nom") -> str:
    """«ответственный»|agree(curator, 'тв') → «ответственной» for a woman."""
    if isinstance(person, (list, tuple)):
        sex = None if len(person) != 1 else getattr(person[0], "sex", None)
    elif isinstance(person, str):
        sex = fmt.normalize_sex(person) if person in ("м", "ж") else None
    else:
        sex = getattr(person, "sex", None)
    return fmt.agree(word, sex, fmt.parse_case(case))


def f_klass(value: Any, case: str = "nom", word: bool = True) -> str:
    """School class in a case: «7 «А» класс», «7 «А» класса»."""
    klass = getattr(value, "school_class", value)
    if not isinstance(klass, SchoolClass):
        return ""
    return fmt.school_class(klass.number, klass.letter, fmt.parse_case(case), word)


def f_upfirst(text: Any) -> str:
    """Capital first letter, the rest untouched (Jinja's ``capitalize`` lowercases «УВР»)."""
    text = "" if text is None else str(text)
    return text[:1].upper() + text[1:]


def f_unique_people(people: Any) -> list:
    """People named several times in a document, once each, in first-mention order."""
    seen: set[str] = set()
    result = []
    for person in people or []:
        name, _ = _name_and_sex(person)
        if not name or name in seen:
            continue
        seen.add(name)
        result.append(person)
    return result


def f_sort_ru(items: Any, attribute: str | None = None) -> list:
    """Sort by Russian alphabet rules (ё as е), optionally by an attribute."""
    def key(item: Any) -> tuple:
        value = getattr(item, attribute, "") if attribute else item
        return fmt.ru_sort_key(str(value or ""))
    return sorted(items or [], key=key)


def _date_filter(func):
    def wrapper(value: Any) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, datetime):
            value = value.date()
        if not isinstance(value, date):
            raise ValueError(f"ожидалась дата, а получено «{value}»")
        return func(value)
    wrapper.__name__ = func.__name__
    return wrapper


FILTERS: dict[str, Any] = {
    "fio": f_fio,
    "initials": f_initials,
    "initials_first": f_initials_first,
    "position": f_position,
    "agree": f_agree,
    "klass": f_klass,
    "plural": fmt.plural,
    "count": fmt.count,
    "words": fmt.number_words,
    "date_num": _date_filter(fmt.date_num),
    "date_words": _date_filter(fmt.date_words),
    "date_quoted": _date_filter(fmt.date_quoted),
    "month_year": _date_filter(fmt.month_year),
    "date_full_words": _date_filter(fmt.date_full_words),
    "upfirst": f_upfirst,
    "unique_people": f_unique_people,
    "sort_ru": f_sort_ru,
}


# --------------------------------------------------------------------------- bounds
#
# A template from another school is untrusted. The sandbox stops it from reaching Python's
# internals; these bounds stop it from hanging the computer or filling the disk. They are
# far above anything a real document needs (a consent renders ~60 loop steps and ~30 KB).

MAX_ITERATIONS = 1_000_000  # range() steps per rendered part
MAX_SEQUENCE = 1_000_000  # length of a string or list made by «*»
MAX_OUTPUT = 50_000_000  # characters of one rendered part
MAX_SECONDS = 20  # wall time of one rendered part (POSIX main thread only)


class TemplateLimit(SecurityError):
    """A bound above was hit; ``str()`` is the Russian explanation."""


class RenderBudget:
    """Iterations counted for the part being rendered (see bounded_range)."""

    def __init__(self) -> None:
        self.iterations = 0


_BUDGET: ContextVar[RenderBudget | None] = ContextVar("docgen_render_budget", default=None)


def bounded_range(*args: int):
    """Jinja's safe range, counted against the part's iteration budget: nested loops over
    range() cannot multiply into billions of steps."""
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
                    raise TemplateLimit(f"шаблон строит строку или список длиннее {MAX_SEQUENCE:,}".replace(",", " "))
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


def make_env(extra_filters: dict[str, Any] | None = None) -> ImmutableSandboxedEnvironment:
    """The sandbox documents render in. ``extra_filters`` come from installed plugins
    (never from a folder pack) and cannot replace docgen's own."""
    env = _Env(
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


def make_text_env(extra_filters: dict[str, Any] | None = None) -> ImmutableSandboxedEnvironment:
    """Same filters, no XML escaping: for file names built from a schema's pattern."""
    env = _Env(autoescape=False, undefined=StrictUndefined, finalize=lambda v: "" if v is None else v)
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
