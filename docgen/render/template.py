"""Rendering .docx templates: compile once per batch, render each record to a string.

docxtpl's ``render()`` re-opens the package, re-patches the XML and re-compiles Jinja for
every record (measured 28 docs/s). Here a template is prepared once: its XML parts are
patched with docxtpl's own ``patch_xml`` (so ``{%p %}``, ``{%tr %}``, split runs behave as
in docxtpl), character references inside tags resolved (:mod:`docgen.render.tagtext` — the
``&apos;`` LibreOffice writes for ``'``), docxtpl's dialect kept where ``patch_xml`` alone would not
keep it (:mod:`docgen.render.dialect`: ``{{r }}``, ``{{p }}``, ``{_{ }_}``, ``|count``), and compiled in
docgen's sandboxed environment; each record then costs one Jinja render per part plus zip
assembly, and the few parts that need docxtpl's after-render fixes (``\\a``/``\\f`` breaks, table
grids after column loops, repeated drawing ids) get them (:mod:`docgen.render.structure`). Values
are escaped (autoescape + ``finalize``), so ``&``, ``<`` and ``{{ }}`` in data print literally and can
never become markup or code.
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError, ParserCreate

from lxml import etree

from docgen.context import WORKBOOK_ROOTS
from docgen.errors import TemplateError
from docgen.fsutil.cache import code_key, parsed
from docgen.ooxml.grid import column_loop_widths, fit_grids
from docgen.ooxml.normalise import normalise_wordml
from docgen.ooxml.props import app_xml, core_xml, drop_thumbnail
from docgen.ooxml.wordml import DOCUMENT
from docgen.ooxml.zip import RECORD_LEVEL, Member, write
from docgen.render import dialect, tagtext
from docgen.render.charts import CHART_PART, chart_embeddings, chart_workbook, fit_chart_cache
from docgen.render.dialect import check_filters, prepare, unescape_escapes
from docgen.render.environment import MAX_OUTPUT, TemplateLimit, render_bounds
from docgen.render.filters import MORPHOLOGY_FILTERS, withheld_text
from docgen.render.images import IMAGES_FOLDER, ImagePlacer, image_function, image_names
from docgen.render.safety import TemplateRefused, read_template
from docgen.render.structure import finish_part
from docgen.render.tagtext import describe_syntax_error, normalise_tag_text, unescape_tag_code

__all__ = ["RENDERED_PART", "CompiledTemplate", "PartSource", "jinja_source", "part_source", "patch_xml",
           "syntax_error_text"]

#: The parts of a .docx that may hold tags and are rendered per record.
RENDERED_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|charts/chart\d+)\.xml$")
#: The parts normalised in memory when a template is compiled (:meth:`CompiledTemplate._normalise_markup`).
#: Not the styles parts: 0.8 MB of Word's own XML in every built-in template, 30 ms a template to
#: parse and check (measured), and a program that writes a template adds its markup to the body.
NORMALISED_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments|numbering|"
                             r"settings)\.xml$")
_MORPHOLOGY_FILTER = re.compile(r"\b(" + "|".join(MORPHOLOGY_FILTERS) + r")\b")
_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")
_DOCPR_ID = re.compile(rb"<(?:\w+:)?docPr\b[^>]*?\sid=\"(\d+)\"")


def patch_xml(xml: str) -> str:
    """docxtpl's tag clean-up (merges runs split inside tags, handles {%p %}/{%tr %}/{%tc %})."""
    from docxtpl import DocxTemplate  # noqa: PLC0415 — 0.2 s (python-docx): only when a template is compiled

    return DocxTemplate.patch_xml(DocxTemplate.__new__(DocxTemplate), xml)


@dataclass
class PartSource:
    """The Jinja source of one part, with what :func:`docgen.render.dialect.prepare` found."""

    source: str
    problems: list[str]  # Russian reasons to refuse the template (docxtpl's dialect it cannot keep)
    fix_tables: bool  # table grids and cell properties to fix after each render
    plain: str  # the source without the dialect's rewrites: what a syntax error is explained on


def part_source(xml: str) -> PartSource:
    """The Jinja source compiled for one XML part — the same for ``docgen make`` and lint.

    References inside tags are normalised as lxml writes them (what docxtpl's patch_xml sees
    in docxtpl itself), the dialect's rewrites are made (:mod:`docgen.render.dialect`), patch_xml
    runs, the ``&amp;`` ``&lt;`` ``&gt;`` left inside tags are resolved (autoescape would print
    ``'A &amp; B'`` as «A &amp;amp; B») and docxtpl's escapes ``{_{ }_}`` made literal. See
    :mod:`docgen.render.tagtext`; text outside tags is untouched.
    """
    normal = normalise_tag_text(xml)
    prepared = prepare(normal)
    source = unescape_escapes(unescape_tag_code(patch_xml(prepared.xml)))
    plain = source if prepared.xml is normal else unescape_escapes(unescape_tag_code(patch_xml(normal)))
    return PartSource(source, prepared.problems, prepared.fix_tables, plain)


@lru_cache(maxsize=1)
def _docxtpl_source() -> str | None:
    """docxtpl's template module (its patch_xml), found without importing it."""
    spec = importlib.util.find_spec("docxtpl")
    return str(Path(spec.origin).with_name("template.py")) if spec is not None and spec.origin else None


def prepared_part(xml: str) -> PartSource:
    """:func:`part_source`, kept between runs (:mod:`docgen.fsutil.cache`) under the part's text and
    the source of the code that prepares it: a template used again costs no docxtpl import (50 ms)
    and no patch_xml. Only the Jinja source is kept; it is compiled, checked and sandboxed at every
    run as any template's."""
    code = code_key(__file__, tagtext.__file__, dialect.__file__, _docxtpl_source())

    def make() -> dict[str, Any]:
        made = part_source(xml)
        return {"source": made.source, "problems": made.problems, "fix_tables": made.fix_tables,
                "plain": None if made.plain == made.source else made.plain}

    data = parsed("templates", f"{code}\0{xml}", make)
    return PartSource(data["source"], list(data["problems"]), bool(data["fix_tables"]),
                      data["plain"] if data["plain"] is not None else data["source"])


def jinja_source(xml: str) -> str:
    """:func:`part_source`'s Jinja source alone."""
    return part_source(xml).source


def syntax_error_text(exc: Any, source: str, env: Any) -> str:
    """The Russian reason of a compile error, quoting the tag where it is."""
    return describe_syntax_error(exc, source, lambda text: env.compile(env.parse(text)))


def _explain(exc: Exception) -> str:
    """A Russian reason: docgen's filters already speak Russian; Python's own errors do not."""
    text = str(exc)
    if re.search("[а-яё]", text, re.I):
        return text
    if isinstance(exc, ZeroDivisionError):
        return "в шаблоне деление на ноль."
    if isinstance(exc, TypeError) and "no loader" in text:
        return ("шаблон подключает другие файлы ({% include %}, {% import %} или {% extends %}) — это "
                "запрещено: шаблон docgen — один документ, без обращения к файлам.")
    if isinstance(exc, OverflowError) and "range" in text.lower():
        return "шаблон перебирает слишком длинный ряд чисел (range больше 100 000). Проверьте циклы {% for %}."
    return f"ошибка вычисления в шаблоне ({type(exc).__name__}: {text}). Проверьте выражения в {{{{ }}}}."


def _check_well_formed(data: bytes) -> None:
    """Raise ExpatError unless ``data`` is well-formed, namespace-correct XML.

    Every rendered part is checked, always: a template whose tags cut a paragraph or a table
    in half must fail here, not open as a damaged file on the user's desk. expat (stdlib, C)
    does this check without building a tree — 0.12 ms for a consent against lxml's 0.19 ms.
    """
    parser = ParserCreate(namespace_separator=" ")
    parser.Parse(data, True)


@dataclass
class _Part:
    info: zipfile.ZipInfo
    data: bytes
    template: Any = None  # compiled jinja2.Template for parts that hold tags
    member: Member | None = None  # compressed once, for parts that never change
    fix_tables: bool = False  # refit table grids, order cell properties after each render (render.structure)
    drawings: int | None = None  # renumber repeated drawing ids from here (render.structure)
    column_loops: list[int | None] | None = None  # {%tc %} tables' intended widths (ooxml.grid)


class CompiledTemplate:
    """A .docx template prepared for rendering many records."""

    def __init__(self, path: Path, env: Any, name: str | None = None):
        self.path = path
        self.name = name or path.stem
        self.parts: list[_Part] = []
        try:
            self.parts = [_Part(info=info, data=data) for info, data in read_template(path)]
        except TemplateRefused as exc:
            reasons = "\n".join(f"  • {r}" for r in exc.reasons)
            raise TemplateError(f"Шаблон «{self.name}» ({path.name}) не принят:\n{reasons}") from None
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise TemplateError(f"Шаблон «{self.name}» ({path.name}) не является файлом .docx: {exc}") from None
        if not any(p.info.filename == "word/document.xml" for p in self.parts):
            raise TemplateError(f"Шаблон «{self.name}» ({path.name}) не является документом Word: "
                                "нет word/document.xml.")
        self._normalise_markup()
        self.morphology: set[str] = set()  # the filters it calls that need pymorphy3
        drawings = 1 + max((int(v) for p in self.parts if RENDERED_PART.match(p.info.filename)
                            for v in _DOCPR_ID.findall(p.data)), default=0)
        self._placer: ImagePlacer | None = None
        for index, part in enumerate(self.parts):
            if not RENDERED_PART.match(part.info.filename):
                continue
            xml = part.data.decode("utf-8")
            if "{{" not in xml and "{%" not in xml and "{#" not in xml:
                continue
            self.morphology.update(_MORPHOLOGY_FILTER.findall(xml))
            self._compile(part, xml, env, drawings + index * 1_000_000)
        self._add_placed_parts()
        # A rendered chart's embedded workbook is made from its rendered cache (docgen.render.charts).
        by_name = {p.info.filename: p for p in self.parts}
        self.chart_workbooks = {chart: book for chart, book in chart_embeddings(
            {n: p.data for n, p in by_name.items()}).items() if by_name[chart].template is not None}

    def _compile(self, part: _Part, xml: str, env: Any, drawings: int) -> None:
        """Compile one part (``drawings``: where its repeated drawing ids are renumbered from)."""
        from jinja2 import TemplateSyntaxError  # noqa: PLC0415 — 90 ms at start-up: loaded when a template is compiled

        name = part.info.filename
        prepared = prepared_part(xml)
        problems = list(prepared.problems)  # the real reason, before any syntax error it causes
        if problems:
            self._refuse(name, problems)
        try:
            with render_bounds():  # Jinja computes constant expressions while it compiles
                ast = env.parse(prepared.source)
                problems += check_filters(ast)
                pictures, wrong = image_names(ast)
                problems += wrong
                image = self._pictures(name, pictures, drawings, problems) if pictures else None
                if not problems:
                    part.template = env.from_string(ast, globals={"image": image} if image else None)
        except TemplateSyntaxError as exc:
            raise TemplateError(f"Шаблон «{self.name}»: ошибка в разметке полей ({name}): "
                                f"{syntax_error_text(exc, prepared.plain, env)}.") from None
        except (TemplateLimit, MemoryError, RecursionError) as exc:
            why = exc if isinstance(exc, TemplateLimit) else "слишком большое или вложенное выражение"
            raise TemplateError(f"Шаблон «{self.name}» остановлен уже при подготовке: {why}. Такой шаблон "
                                "не обрабатывается.") from None
        if problems:
            self._refuse(name, problems)
        part.fix_tables = prepared.fix_tables
        part.column_loops = column_loop_widths(xml) if "{%tc" in xml else None
        if pictures or (b"docPr" in part.data and "{%" in xml):  # a picture may repeat in a loop
            part.drawings = drawings

    def _pictures(self, part: str, names: list[str], drawings: int, problems: list[str]) -> Any:
        """The ``image()`` of one part, its pictures put into the package (:mod:`docgen.render.images`)."""
        if CHART_PART.match(part):
            problems.append("картинки image(…) ставятся в текст, колонтитулы и сноски, а не в диаграммы")
            return None
        if self._placer is None:
            self._placer = ImagePlacer({p.info.filename: p.data for p in self.parts},
                                       self.path.parent / IMAGES_FOLDER)
        try:
            return image_function(self._placer.add(part, names), drawings)
        except ValueError as exc:
            problems.append(str(exc))
            return None

    def _add_placed_parts(self) -> None:
        """The pictures, relationships and content types :meth:`_pictures` added, into :attr:`parts`."""
        if self._placer is None:
            return
        known = {p.info.filename: p for p in self.parts}
        stamp = known[DOCUMENT].info.date_time
        for name, data in self._placer.parts.items():
            if name in known:
                known[name].data = data
            else:
                self.parts.append(_Part(info=zipfile.ZipInfo(name, date_time=stamp), data=data))

    def _refuse(self, part: str, problems: list[str]) -> None:
        reasons = "\n".join(f"  • {r}" for r in problems)
        raise TemplateError(f"Шаблон «{self.name}» не принят ({part}):\n{reasons}")

    def _normalise_markup(self) -> None:
        """Markup Word's validator rejects, written as Word writes it (:mod:`docgen.ooxml.normalise`),
        in memory, once per batch: every document made from a template a program wrote (a
        third-party pack's, say) is a file Word opens without "repairing" it. The template file
        itself is never changed — ``docgen pack lint`` tells its author to re-save it in Word. A
        valid template costs one parse of each of its :data:`NORMALISED_PART` (0.3 ms for a
        consent form) and changes nothing; a part that is not XML is left for the checks that
        report it."""
        for part in self.parts:
            if NORMALISED_PART.match(part.info.filename):
                try:
                    part.data = normalise_wordml(part.data)
                except etree.XMLSyntaxError:
                    continue

    @property
    def rendered_names(self) -> frozenset[str]:
        """The parts :meth:`render_parts` returns: the templated ones and the embedded workbooks of
        templated charts."""
        return frozenset(p.info.filename for p in self.parts if p.template is not None) | frozenset(
            self.chart_workbooks.values())

    def set_properties(self, *, title: str, author: str, when: datetime) -> None:
        """Make every document of this batch say what it is, that the school made it and when
        (``docProps``), instead of the template's own properties; the template's thumbnail
        (a picture of the template, not of the document) is left out of the package."""
        new = {"docProps/core.xml": core_xml(title=title, author=author, when=when),
               "docProps/app.xml": app_xml(company=author)}
        dropped: list[str] = []
        for part in self.parts:
            if part.info.filename == "_rels/.rels":
                part.data, dropped = drop_thumbnail(part.data)
                part.member = None
        for part in self.parts:
            if part.info.filename in new:
                part.data, part.member = new[part.info.filename], None
        self.parts = [p for p in self.parts if p.info.filename not in dropped]

    def render_parts(self, context: dict[str, Any]) -> dict[str, bytes]:
        """Rendered XML of each templated part, checked to be well-formed, and the workbooks of
        rendered charts (:attr:`rendered_names`)."""
        from jinja2 import UndefinedError  # noqa: PLC0415 — already loaded: the template was compiled with jinja2
        from jinja2.exceptions import SecurityError  # noqa: PLC0415 — loaded with the line above

        out: dict[str, bytes] = {}
        for part in self.parts:
            if part.template is None:
                continue
            try:
                with render_bounds():
                    chunks = []
                    size = 0
                    for chunk in part.template.generate(context):
                        size += len(chunk)
                        if size > MAX_OUTPUT:
                            raise TemplateLimit(f"документ получается больше {MAX_OUTPUT // 1_000_000} млн знаков")
                        chunks.append(chunk)
                    xml = "".join(chunks)
            except TemplateLimit as exc:
                raise TemplateError(f"Шаблон «{self.name}» остановлен: {exc}. Такой шаблон не обрабатывается; "
                                    "проверьте циклы {% for %} и вычисления в нём.") from None
            except RecursionError:
                raise TemplateError(f"Шаблон «{self.name}» остановлен: макрос вызывает сам себя без конца. "
                                    "Такой шаблон не обрабатывается.") from None
            except MemoryError:
                raise TemplateError(f"Шаблон «{self.name}» остановлен: он строит значение, для которого не хватает "
                                    "памяти. Такой шаблон не обрабатывается.") from None
            except UndefinedError as exc:
                if str(exc).startswith("поле «"):  # a field the schema does not declare (environment.getattr)
                    raise TemplateError(f"Шаблон «{self.name}»: {exc}.") from None
                m = _UNDEFINED_NAME.search(str(exc))
                field = (m.group(1) or m.group(2)) if m else str(exc)
                if m and m.group(1) in WORKBOOK_ROOTS:  # there is such a name, but the schema does not declare it
                    raise TemplateError(f"Шаблон «{self.name}»: {withheld_text(field)}.") from None
                raise TemplateError(
                    f"Шаблон «{self.name}»: поле «{field}» не определено. Проверьте написание поля "
                    "в шаблоне (список полей: docgen list) или заполните его в реестре."
                ) from None
            except SecurityError:
                raise TemplateError(
                    f"Шаблон «{self.name}» пытается выполнить недопустимую операцию "
                    "(обращение к внутренним объектам Python). Такой шаблон не обрабатывается."
                ) from None
            except TemplateError:
                raise
            except Exception as exc:  # a filter refused a value, or the template computes nonsense
                raise TemplateError(f"Шаблон «{self.name}»: {_explain(exc)}") from None
            data = xml.encode("utf-8")
            try:
                _check_well_formed(data)
            except ExpatError as exc:
                raise TemplateError(
                    f"Шаблон «{self.name}»: после заполнения получился повреждённый документ "
                    f"({part.info.filename}: {exc}). Скорее всего, тег {{% … %}} разрывает абзац или "
                    "таблицу; используйте {%p …%} и {%tr …%} для целых абзацев и строк."
                ) from None
            name = part.info.filename
            if part.column_loops:
                data = fit_grids(data, part.column_loops)
            data = finish_part(data, tables=part.fix_tables, drawings=part.drawings)
            if CHART_PART.match(name):
                data = fit_chart_cache(data)
                book = self.chart_workbooks.get(name)
                if book is not None:
                    made = chart_workbook(data)
                    out[book] = made if made is not None else next(p.data for p in self.parts
                                                                   if p.info.filename == book)
            out[name] = data
        return out

    def render(self, context: dict[str, Any]) -> bytes:
        """One finished .docx as bytes."""
        return self.assemble(self.render_parts(context))

    def assemble(self, rendered: dict[str, bytes]) -> bytes:
        """A .docx from rendered parts (the print-file builder reuses the same parts).

        Unchanged members are copied as compressed once (see zipparts); only the rendered
        parts are deflated here.
        """
        members = []
        for part in self.parts:
            data = rendered.get(part.info.filename)
            if data is not None:
                members.append(Member.make(part.info.filename, data, part.info.date_time, level=RECORD_LEVEL))
            else:
                if part.member is None:
                    part.member = Member.make(part.info.filename, part.data, part.info.date_time)
                members.append(part.member)
        return write(members)
