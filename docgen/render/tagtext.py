"""The text of Jinja tags inside a .docx part: character references, and syntax errors.

Self-contained pure functions (``re``, ``html`` and Jinja's exception only), used by the
compile step (:mod:`docgen.render.template`) and by ``docgen pack lint`` (:mod:`docgen.packtools.lint`) so that
both see the same Jinja source.

Why this exists. In a part's XML a tag is text, and text may be written with character
references: LibreOffice writes every ``'`` as ``&apos;`` and every ``"`` as ``&quot;``, other
tools write ``&#39;`` or ``&#x27;``; ``&``, ``<``, ``>`` are always ``&amp;``, ``&lt;``, ``&gt;``.
docxtpl never meets the first kind: it reads the part with lxml and serialises it again,
and lxml writes quotes and every other character literally, escaping only ``&``, ``<``,
``>``. docgen compiles the stored XML as it is (a whole-part re-serialisation would change
the bytes of every document made from every template), so after one save in LibreOffice
``{{ child|fio('род') }}`` reached Jinja as ``{{ child|fio(&apos;род&apos;) }}``.

The Jinja source of a part is therefore made in three steps (see :func:`docgen.render.template.jinja_source`)::

    normalise_tag_text  →  docxtpl's patch_xml  →  unescape_tag_code

1. :func:`normalise_tag_text` — inside tags only, every reference is written the way lxml
   would write it: the character itself, except ``&amp;`` ``&lt;`` ``&gt;``. The part stays
   well-formed XML and patch_xml sees exactly what it sees in docxtpl (its own clean-up then
   turns ``&lt;``/``&gt;`` and typographic quotes inside tags into ``<``, ``>``, ``'``, ``"``).
2. docxtpl's ``patch_xml`` (runs merged inside tags, ``{%p %}``, ``{%tr %}`` …).
3. :func:`unescape_tag_code` — inside tags, the remaining ``&amp;`` ``&lt;`` ``&gt;`` become
   ``&`` ``<`` ``>``: the tag is now exactly the code the author typed. docxtpl leaves
   ``&amp;`` because without autoescape ``'A &amp; B'`` prints correctly; docgen renders with
   autoescape, which would print it as ``A &amp;amp; B``.

Each reference is resolved exactly once (``&amp;apos;`` — the author typed ``&apos;`` —
stays the literal text ``&apos;``). Text outside tags is never touched: values from the
registry are still escaped by autoescape when printed, and a template without references
inside its tags compiles to byte-for-byte the same source as before. The contents of
``{% raw %}…{% endraw %}`` print literally, so they are left as stored too.

:func:`describe_syntax_error` turns Jinja's ``TemplateSyntaxError`` into a Russian sentence
naming the cause and quoting the tag where it happened (Jinja's own line number is useless:
a part is one long line).
"""

from __future__ import annotations

import re
from typing import Any, Callable

# A tag in stored XML: its delimiters may be split by markup (``{</w:t></w:r><w:r><w:t>{``,
# as docxtpl's patch_xml merges them), and its text may run through several runs.
_M = r"(?:<[^<>]*>)*"
_TAG_IN_XML = re.compile(
    r"\{" + _M + r"(?:\{.*?\}" + _M + r"\}|%.*?%" + _M + r"\}|\#.*?\#" + _M + r"\})", re.S)
# A tag in Jinja source (after patch_xml: no markup between the braces).
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# ``{% raw %}…{% endraw %}``: printed literally, never normalised (either form of the tags).
_RAW_IN_XML = re.compile(r"\{" + _M + r"%-?\s*raw\s*-?%" + _M + r"\}.*?"
                         r"\{" + _M + r"%-?\s*endraw\s*-?%" + _M + r"\}", re.S)
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)
_MARKUP_OR_REF = re.compile(r"(<[^<>]*>)|&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_XML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_NAMED = {"apos": "'", "quot": '"', "amp": "&", "lt": "<", "gt": ">"}


def _outside_raw(text: str, raw: re.Pattern[str], tag: re.Pattern[str], fix: Callable[[str], str]) -> str:
    """``fix`` applied to every tag of ``text`` that is not inside a raw block."""
    out, pos = [], 0
    for block in raw.finditer(text):
        out.append(tag.sub(lambda m: fix(m.group(0)), text[pos:block.start()]))
        out.append(block.group(0))
        pos = block.end()
    out.append(tag.sub(lambda m: fix(m.group(0)), text[pos:]))
    return "".join(out)


def _reference(name: str) -> str | None:
    """The character a reference (without ``&`` and ``;``) stands for; None when it is none."""
    if name.startswith("#"):
        try:
            code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
            char = chr(code)
        except (ValueError, OverflowError):
            return None
        if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF:
            return char
        return None  # not a character XML allows: left as it is, Jinja will name it
    return _NAMED.get(name)


def _lxml_form(match: re.Match[str]) -> str:
    if match.group(1):  # markup between the pieces of a split tag: not text
        return match.group(0)
    char = _reference(match.group(2))
    if char is None:
        return match.group(0)
    return _XML_SPECIAL.get(char, char)


def normalise_tag_text(xml: str) -> str:
    """Character references inside the tags of a part's XML written as lxml writes them.

    ``&apos;`` → ``'``, ``&quot;`` → ``"``, ``&#39;``/``&#x27;`` → ``'``, any numeric reference
    → its character; ``&``, ``<``, ``>`` stay (or become) ``&amp;``, ``&lt;``, ``&gt;``, so the
    result is still well-formed XML. Only the text of ``{{ }}``, ``{% %}`` and ``{# #}`` tags
    changes — also where a tag runs through several runs (markup inside it is kept as is);
    text outside tags and ``{% raw %}`` blocks are returned unchanged, and a part without
    references inside its tags comes back identical.

    >>> normalise_tag_text("<w:t>{{ c|fio(&apos;род&apos;) }} &apos;x&apos;</w:t>")
    "<w:t>{{ c|fio('род') }} &apos;x&apos;</w:t>"
    """
    if "&" not in xml:
        return xml
    return _outside_raw(xml, _RAW_IN_XML, _TAG_IN_XML, lambda tag: _MARKUP_OR_REF.sub(_lxml_form, tag))


_ESCAPED = re.compile(r"&(amp|lt|gt);")


def unescape_tag_code(source: str) -> str:
    """The last XML escapes inside the tags of a Jinja source: ``&amp;`` ``&lt;`` ``&gt;`` →
    ``&`` ``<`` ``>`` (one pass: ``&amp;lt;`` becomes the text ``&lt;``). For the source that
    docxtpl's patch_xml made of :func:`normalise_tag_text`'s result; text outside tags and
    ``{% raw %}`` blocks are left escaped — they are XML that is printed as it is.

    >>> unescape_tag_code("{{ 'A &amp; B' if n &lt; 5 }} A &amp; B")
    "{{ 'A & B' if n < 5 }} A &amp; B"
    """
    if "&" not in source:
        return source
    return _outside_raw(source, _RAW, _TAG, lambda tag: _ESCAPED.sub(lambda m: _NAMED[m.group(1)], tag))


def tag_display(text: str, limit: int = 120) -> str:
    """A tag (or a piece of a part's text) as its author sees it in Word: markup dropped,
    references resolved, whitespace collapsed, cut to ``limit`` characters."""
    text = re.sub(r"<[^<>]*>", "", text)
    text = re.sub(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);",
                  lambda m: _reference(m.group(1)) or m.group(0), text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- syntax errors

_OPENS_BLOCK = {"if", "for", "macro", "call", "filter", "with", "autoescape", "block", "raw", "trans"}
_STATEMENT = re.compile(r"\{%[-+]?\s*(\w+)(.*?)[-+]?%\}", re.S)
_QUOTES = "«»„“”‟‘’‚‛"


def _unclosed_block(source: str) -> str | None:
    """The tag that opens the innermost block left open at the end of ``source``."""
    stack: list[tuple[str, str]] = []
    for m in _STATEMENT.finditer(source):
        word, rest = m.group(1), m.group(2)
        if word in _OPENS_BLOCK or (word == "set" and "=" not in rest):
            stack.append((word, m.group(0)))
        elif word.startswith("end") and stack and stack[-1][0] == word[3:]:
            stack.pop()
    return stack[-1][1] if stack else None


def find_error_tag(exc: Any, source: str, parse: Callable[[str], Any]) -> str | None:
    """The tag of ``source`` where the syntax error ``exc`` happened.

    ``parse`` compiles a source the way the failing step did (``env.parse`` + ``env.compile``);
    it is run once more on a copy of ``source`` with a line break before every tag, so that
    the error's line number is the number of the tag (breaks between tags change no tag). For
    a block left open at the end, the tag that opened it.
    """
    message = getattr(exc, "message", "") or ""
    if "Unexpected end of template" in message:
        opened = _unclosed_block(source)
        if opened:
            return opened
    numbered = re.sub(r"(?=\{[{%#])", "\n", source)
    try:
        parse(numbered)
    except Exception as again:  # noqa: BLE001 — any compile error: only its line matters
        lineno = getattr(again, "lineno", None)
    else:
        return None
    lines = numbered.split("\n")
    if not lineno or lineno > len(lines):
        return None
    line = lines[lineno - 1]
    m = _TAG.match(line)
    if m:
        return m.group(0)
    if line.startswith("{"):  # a tag that is never closed: the rest of its line
        return line
    return None


def _cause(message: str) -> str:
    m = re.search(r"No filter named '([^']+)'", message)
    if m:
        return f"неизвестный фильтр «{m.group(1)}» (фильтры docgen — в README, раздел «Шаблоны»)"
    m = re.search(r"No test named '([^']+)'", message)
    if m:
        return f"неизвестная проверка «{m.group(1)}» (после is)"
    m = re.search(r"Encountered unknown tag '([^']+)'", message)
    if m:
        word = m.group(1)
        inner = re.search(r"innermost block that needs to be closed is '([^']+)'", message)
        if inner:
            return (f"тег {{% {word} %}} стоит там, где должен закрыться блок {{% {inner.group(1)} %}} "
                    f"(нужен {{% end{inner.group(1)} %}}): блоки закрываются в обратном порядке")
        if word.startswith("end") or word in ("else", "elif"):
            return (f"тег {{% {word} %}} без начала (каждый {{% endif %}} закрывает свой {{% if %}}, "
                    "{% endfor %} — свой {% for %})")
        return f"тег {{% {word} %}} без начала или неизвестный (в {{% … %}} первое слово — if, for, set, endif…)"
    if "Unexpected end of template" in message:
        m = re.search(r"innermost block that needs to be closed is '([^']+)'", message)
        need = f" (нужен {{% end{m.group(1)} %}})" if m else ""
        return f"блок не закрыт{need}"
    m = re.search(r"unexpected char (['\"])(.+?)\1 at", message)
    if m:
        char = m.group(2)
        if char in _QUOTES:
            return (f"типографская кавычка {char} в выражении: в тегах нужны прямые кавычки ' или \" "
                    "(автозамена в Word и LibreOffice ставит «ёлочки» и „лапки“ — отмените её Ctrl+Z "
                    "сразу после ввода)")
        if char in "'\"":
            return f"кавычка {char} не закрыта: строка в теге начинается и кончается одинаковой кавычкой"
        if char == "&":
            return "символ «&» в выражении (в Jinja пишут and, or; текст с «&» берут в кавычки)"
        return f"недопустимый символ «{char}» в выражении"
    if "unexpected end of template, expected" in message.lower():
        return "тег не закрыт: нет }} или %}"
    m = re.search(r"expected token 'end of (print statement|statement block)', got '([^']*)'", message)
    if m:
        return f"лишнее «{m.group(2)}»: перед ним не хватает запятой, скобки или |, или оно лишнее"
    m = re.search(r"expected token ',', got '([^']*)'", message)
    if m:
        return f"перед «{m.group(1)}» не хватает запятой или закрывающей скобки"
    m = re.search(r"unexpected '([^']*)'(?:, expected '([^']*)')?", message)
    if m:
        want = f" (ожидалась «{m.group(2)}»)" if m.group(2) else ""
        return f"лишняя или непарная «{m.group(1)}»{want}"
    if message.startswith("Expected an expression"):
        return "в теге нет выражения (пустой {{ }} или {% if %} без условия)"
    return f"ошибка в записи тега: {message}"


def describe_syntax_error(exc: Any, source: str | None = None,
                          parse: Callable[[str], Any] | None = None) -> str:
    """A Russian sentence for a Jinja ``TemplateSyntaxError``: the real cause and the tag.

    ``source`` and ``parse`` (see :func:`find_error_tag`) locate the tag; without them only
    the cause is given. Example: ``неизвестный фильтр «shout» (…). Тег: «{{ x|shout }}»``.
    """
    message = getattr(exc, "message", None) or str(exc)
    cause = _cause(message)
    tag = find_error_tag(exc, source, parse) if source is not None and parse is not None else None
    return f"{cause}. Тег: «{tag_display(tag)}»" if tag else cause
