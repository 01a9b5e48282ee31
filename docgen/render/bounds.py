"""Bounds on untrusted templates: time, loop steps, and the size of every value they build.

A template from another school is untrusted. The sandbox stops it from reaching Python's
internals; these bounds stop it from hanging the computer or filling its memory. They are far
above anything a real document needs (a consent renders ~60 loop steps and ~30 KB) and apply
when a template is compiled too — Jinja computes constant expressions such as
``'%999999999d' % 1`` or ``'x'|center(10**9)`` while compiling, before any render starts.

Memory is bounded at every place a template can make a big value out of a small one:

* operators: ``*`` and ``+`` on strings, bytes and lists (nested lists counted whole), ``**``,
  and ``%`` formatting (its widths);
* ``~`` (string concatenation, a code path Jinja does not route through the sandbox: see
  :func:`bounded_concat`);
* string methods a template may call (``center``, ``ljust``, ``zfill``, ``replace``, ``join``,
  ``format`` widths …) and the filters that build strings (``center``, ``indent``, ``format``,
  ``join``, ``replace``, ``wordwrap``, ``string``, ``pprint``, ``tojson``);
* printing a value (a list printed whole goes through ``str``).
"""

from __future__ import annotations

import re
import signal
import string
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Callable

__all__ = ["MAX_ITERATIONS", "MAX_OUTPUT", "MAX_SECONDS", "MAX_SIZE", "TemplateLimit", "bounded_call",
           "bounded_concat", "bounded_filters", "bounded_range", "check_binop", "check_format", "check_size",
           "render_bounds"]

MAX_ITERATIONS = 1_000_000  # range() steps per rendered part
MAX_SIZE = 1_000_000  # characters of one string, or elements (nested ones counted) of one list
MAX_OUTPUT = 50_000_000  # characters of one rendered part
MAX_SECONDS = 20  # wall time of one rendered part (POSIX main thread only)
_SIZE_TEXT = f"{MAX_SIZE:,}".replace(",", " ")


class TemplateLimit(Exception):
    """A bound above was hit; ``str()`` is the Russian explanation."""


def _too_big(what: str = "строку или список") -> TemplateLimit:
    return TemplateLimit(f"шаблон строит {what} длиннее {_SIZE_TEXT}")


def size(obj: Any, budget: int = MAX_SIZE) -> int:
    """How big ``obj`` is when printed or copied: characters of text, elements of containers
    (counted through nesting, each reference again). Stops counting past ``budget``."""
    if isinstance(obj, (str, bytes, bytearray)):
        return len(obj)
    if isinstance(obj, Mapping):
        items: Any = obj.items()
        total = len(obj)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        items = obj
        total = len(obj)
    else:
        return 1
    if total > budget:
        return total
    for item in items:
        if isinstance(item, tuple) and isinstance(obj, Mapping):
            total += size(item[0], budget - total) + size(item[1], budget - total)
        elif isinstance(item, (str, bytes, bytearray, list, tuple, set, frozenset, Mapping)):
            total += size(item, budget - total)
        if total > budget:
            break
    return total


def check_size(obj: Any, what: str = "строку или список") -> Any:
    """``obj`` itself, or TemplateLimit when it is bigger than :data:`MAX_SIZE`."""
    if size(obj) > MAX_SIZE:
        raise _too_big(what)
    return obj


# --------------------------------------------------------------------------- operators


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left operator right`` before it runs when its result would be huge: ``'x' *
    10**9`` would take a gigabyte, ``9 ** 9 ** 9`` hours, before any output bound could see it."""
    sequences = (str, bytes, bytearray, list, tuple)
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, sequences) and isinstance(n, int) and not isinstance(n, bool):
                if n > 0 and size(seq) * n > MAX_SIZE:
                    raise _too_big()
    elif operator == "+" and isinstance(left, sequences) and isinstance(right, sequences):
        if size(left) + size(right) > MAX_SIZE:
            raise _too_big()
    elif operator == "**" and isinstance(right, (int, float)) and (
            abs(right) > 1000 or (isinstance(left, int) and abs(left) > 1
                                  and abs(right) * abs(left).bit_length() > 100_000)):
        raise TemplateLimit("шаблон возводит число в слишком большую степень")
    elif operator == "%" and isinstance(left, (str, bytes)):
        _check_percent(left if isinstance(left, str) else left.decode("latin-1"), right)


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_percent(text: str, args: Any) -> None:
    """Widths and precisions of ``%``-formatting: ``'%999999999d' % 1`` is a gigabyte."""
    values = list(args) if isinstance(args, tuple) else [args]
    star = iter(v for v in values if isinstance(v, int))
    for m in _PERCENT_SPEC.finditer(text):
        for part in (m.group(1), m.group(2)):
            if part == "*":
                part = str(next(star, 0))
            if part and int(part) > MAX_SIZE:
                raise _too_big("строку")
    if len(text) + sum(size(v) for v in values) > MAX_SIZE:
        raise _too_big("строку")


_FORMAT_WIDTH = re.compile(r"(\d+)")


def check_format(text: str, args: tuple[Any, ...] = (), kwargs: Mapping[str, Any] | None = None) -> None:
    """Widths in ``str.format`` specs (``'{:999999999}'``); a spec built from a replacement
    field (``'{:{}}'``) is refused: its width would come from the data."""
    total = len(text)
    for _literal, _field, spec, _conv in string.Formatter().parse(text):
        if not spec:
            continue
        if "{" in spec:
            raise TemplateLimit("шаблон строит ширину поля из данных ('{:{}}'.format…) — так нельзя")
        if any(int(w) > MAX_SIZE for w in _FORMAT_WIDTH.findall(spec)):
            raise _too_big("строку")
    total += sum(size(v) for v in args) + sum(size(v) for v in (kwargs or {}).values())
    if total > MAX_SIZE:
        raise _too_big("строку")


def bounded_concat(parts: tuple[Any, ...], markup: Callable[[Iterator[str]], str]) -> str:
    """``a ~ b ~ c``: Jinja joins these without the sandbox; docgen's code generator calls this
    instead, which refuses a result over :data:`MAX_SIZE` (a ``namespace`` doubled in a loop)."""
    texts = []
    total = 0
    for part in parts:
        if not isinstance(part, str):
            check_size(part)
        text = part if isinstance(part, str) else str(part)
        total += len(text)
        if total > MAX_SIZE:
            raise _too_big("строку")
        texts.append(text)
    return markup(iter(texts))


# --------------------------------------------------------------------------- methods and filters

# Methods of str/bytes whose result may be much larger than the string they are called on.
_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}
_GROWING_METHODS = {"replace", "join", "format", "format_map", "translate", "__mul__", "__rmul__", "__add__"}


def bounded_call(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a call of a string method whose result would be huge, before it runs."""
    method = getattr(method, "__wrapped__", method)  # the sandbox wraps str.format at access
    owner = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    if not isinstance(owner, (str, bytes, bytearray)):
        return
    if name in _WIDTH_METHODS:
        width = args[0] if args else kwargs.get("width", kwargs.get("tabsize", 0))
        tabs = (owner.count("\t") if isinstance(owner, str) else owner.count(b"\t")) + 1
        if isinstance(width, int) and width * (tabs if name == "expandtabs" else 1) > MAX_SIZE:
            raise _too_big("строку")
    elif name in ("replace",) and len(args) >= 2:
        old, new = args[0], args[1]
        times = owner.count(old) if old else len(owner) + 1
        if len(owner) + times * max(0, size(new) - size(old)) > MAX_SIZE:
            raise _too_big("строку")
    elif name == "join" and args:
        parts = list(args[0]) if not isinstance(args[0], (list, tuple)) else args[0]
        if sum(size(p) for p in parts) + len(owner) * len(parts) > MAX_SIZE:
            raise _too_big("строку")
    elif name in ("format", "format_map") and isinstance(owner, str):
        check_format(owner, args if name == "format" else (), kwargs if name == "format" else (args[0] if args else {}))
    elif name in _GROWING_METHODS and args:
        check_binop("*" if "mul" in name else "+", owner, args[0])


def bounded_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Jinja's string-building filters, each refusing a result over :data:`MAX_SIZE` before it
    is made (``'x'|center(10**9)``, ``s|indent(10**9)``, ``items|join`` of a huge list)."""
    wrapped: dict[str, Callable[..., Any]] = {}

    def guard(name: str, check: Callable[..., None]) -> None:
        original = filters[name]

        def run(*args: Any, **kwargs: Any) -> Any:
            check(*args, **kwargs)
            return original(*args, **kwargs)

        for attr in ("jinja_pass_arg",):  # keep pass_context / pass_eval_context markers
            if hasattr(original, attr):
                setattr(run, attr, getattr(original, attr))
        run.__name__ = getattr(original, "__name__", name)
        wrapped[name] = run

    def text_arg(args: tuple[Any, ...]) -> Any:
        # pass_eval_context filters get the eval context first
        return args[1] if args and type(args[0]).__name__ == "EvalContext" else args[0] if args else ""

    def width_of(args: tuple[Any, ...], kwargs: dict[str, Any], position: int, key: str, default: int) -> int:
        rest = args[1:] if args and type(args[0]).__name__ == "EvalContext" else args
        value = rest[position] if len(rest) > position else kwargs.get(key, default)
        return value if isinstance(value, int) else default

    def center(*args: Any, **kwargs: Any) -> None:
        if width_of(args, kwargs, 1, "width", 80) > MAX_SIZE:
            raise _too_big("строку")

    def indent(*args: Any, **kwargs: Any) -> None:
        text, width = text_arg(args), width_of(args, kwargs, 1, "width", 4)
        lines = str(text).count("\n") + 1
        if len(str(text)) + lines * (width if isinstance(width, int) else len(str(width))) > MAX_SIZE:
            raise _too_big("строку")

    def wordwrap(*args: Any, **kwargs: Any) -> None:
        text = str(text_arg(args))
        if len(text) * 2 > MAX_SIZE:
            raise _too_big("строку")

    def format_(*args: Any, **kwargs: Any) -> None:
        # Jinja's format filter is «value % (kwargs or args)»
        _check_percent(str(args[0]) if args else "", tuple(args[1:]) or (dict(kwargs),))


    def replace(*args: Any, **kwargs: Any) -> None:
        rest = args[1:] if args and type(args[0]).__name__ == "EvalContext" else args
        if len(rest) >= 3:
            text, old, new = str(rest[0]), str(rest[1]), str(rest[2])
            times = text.count(old) if old else len(text) + 1
            if len(text) + times * max(0, len(new) - len(old)) > MAX_SIZE:
                raise _too_big("строку")

    def whole(*args: Any, **kwargs: Any) -> None:
        check_size(args[0] if args else "", "строку")

    for name, check in (("center", center), ("indent", indent), ("wordwrap", wordwrap), ("format", format_),
                        ("replace", replace), ("string", whole), ("pprint", whole), ("tojson", whole),
                        ("list", whole)):
        if name in filters:
            guard(name, check)
    if "join" in filters:
        original_join = filters["join"]

        def join(eval_ctx: Any, value: Any, d: Any = "", *args: Any, **kwargs: Any) -> Any:
            items = value if isinstance(value, (list, tuple, str)) else list(value)  # a generator, once
            if size(items) + size(d) * len(items) > MAX_SIZE:
                raise _too_big("строку")
            return original_join(eval_ctx, items, d, *args, **kwargs)

        join.jinja_pass_arg = original_join.jinja_pass_arg  # type: ignore[attr-defined]
        wrapped["join"] = join
    return wrapped


# --------------------------------------------------------------------------- time and loops


class RenderBudget:
    """Iterations counted for the part being rendered (see bounded_range)."""

    def __init__(self) -> None:
        self.iterations = 0


_BUDGET: ContextVar[RenderBudget | None] = ContextVar("docgen_render_budget", default=None)


def bounded_range(*args: int) -> Iterator[int]:
    """Jinja's safe range, counted against the part's iteration budget: nested loops over
    range() cannot multiply into billions of steps."""
    from jinja2.sandbox import safe_range  # noqa: PLC0415 — jinja2 is loaded by now: the range runs in a template

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
def render_bounds() -> Iterator[None]:
    """Bounds for compiling or rendering one part: an iteration budget and, where the OS allows
    (POSIX, main thread), a wall-clock alarm that stops a template looping without output."""
    token = _BUDGET.set(RenderBudget())
    armed = False
    previous = None
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        def on_alarm(signum: int, frame: Any) -> None:
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
