"""`docgen pack lint`: everything wrong with a pack, found before a school prints from it.

Checks, in the order a methodologist would fix them: ``pack.yaml`` and the docgen versions;
each template schema; each .docx — tags that Word or LibreOffice split across runs or
paragraphs, blocks that are not closed, unknown filters; placeholders the schema does not
describe and schema fields no template uses; markup Word's validator rejects (a warning); then a
real render of every template from a registry (the bundled example by default), in the same
sandbox as ``docgen make``.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from lxml import etree

from docgen import __version__, api
from docgen.context import ARRANGEMENT_ATTRS, ROW_EXTRAS, View
from docgen.errors import DocgenError, SchemaError
from docgen.ooxml.normalise import normalise_docx_parts
from docgen.plugins.catalog import DISTRICT, KIND_PACKS, SHIPPED, catalog, extend_registry
from docgen.render.bounds import TemplateLimit, render_bounds
from docgen.render.dialect import check_filters
from docgen.render.environment import make_env
from docgen.render.images import IMAGES_FOLDER, image_names, read_image
from docgen.render.safety import TemplateRefused, read_template
from docgen.render.tagtext import describe_syntax_error, tag_display
from docgen.render.template import RENDERED_PART, part_source
from docgen.schema.pack import PACK_FILE, REGISTRY_SCHEMA_FILE, check_version, find_pack_root, read_pack
from docgen.schema.template import load_template_schema

if TYPE_CHECKING:
    from jinja2 import TemplateSyntaxError, nodes


def _jinja() -> Any:
    """jinja2's node classes and syntax error (90 ms to import: loaded when a pack is linted)."""
    import jinja2  # noqa: PLC0415 — 90 ms at start-up: only `docgen pack lint` needs it

    return jinja2

ERROR, WARNING = "ошибка", "предупреждение"
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>|<w:p/>", re.S)
_RUN = re.compile(r"<w:r[ >].*?</w:r>", re.S)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_OPEN = re.compile(r"\{\{|\{%|\{#")
_CLOSE = re.compile(r"\}\}|%\}|#\}")
# Filters that read an attribute named by a string: all take ``attribute=``; these as the first argument too.
_ATTRIBUTE_FILTERS = {"selectattr", "rejectattr", "map", "sort", "groupby", "sum", "unique", "min", "max",
                      "sort_ru", "attr"}
_ATTRIBUTE_FIRST = {"selectattr", "rejectattr", "groupby", "sort_ru", "attr"}
# docgen's filters that read a row attribute besides the person basics (context.ROW_BASICS).
_FILTER_READS = {"klass": ("school_class",), "klass_file": ("school_class",),
                 "name_case": ("full_name", "full_name_dat")}
_ALWAYS_DEFINED = {"NBSP", "range", "loop", "image", "True", "False", "None", "true", "false", "none"}
_PART_NAMES = {"document": "основной текст", "header": "верхний колонтитул", "footer": "нижний колонтитул",
               "footnotes": "сноски", "endnotes": "концевые сноски"}


@dataclass(frozen=True)
class LintProblem:
    level: str  # ERROR or WARNING
    template: str  # template id, or "" for the pack as a whole
    where: str  # file and place, in Russian
    message: str

    def to_dict(self) -> dict[str, str]:
        return dict(self.__dict__)

    def __str__(self) -> str:
        head = f"[{self.level}] {self.template + ': ' if self.template else ''}"
        return f"{head}{self.where} — {self.message}" if self.where else f"{head}{self.message}"


@dataclass
class LintReport:
    pack: str
    root: Path
    templates: list[str] = field(default_factory=list)
    rendered: dict[str, int] = field(default_factory=dict)  # template → documents rendered
    problems: list[LintProblem] = field(default_factory=list)

    @property
    def errors(self) -> list[LintProblem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[LintProblem]:
        return [p for p in self.problems if p.level == WARNING]


def _part_name(name: str) -> str:
    stem = re.sub(r"^word/|\d*\.xml$", "", name)
    return _PART_NAMES.get(stem, name)


def _snippet(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- the .docx XML


def split_tags(xml: str) -> Iterator[tuple[str, str]]:
    """(kind, text) for every tag that is not typed in one run of one paragraph.

    kind is ``"runs"`` (the tag's characters sit in several runs: Word does this after an
    edit, a spell check or a change of formatting inside the tag — the value then takes the
    formatting of one piece and the tag is hard to edit) or ``"paragraphs"`` (a tag opened in
    one paragraph and closed in another: the document cannot be rendered)."""
    for para in _PARAGRAPH.findall(xml):
        pieces: list[tuple[int, int]] = []  # (start offset in the paragraph text, run index)
        text = ""
        for i, run in enumerate(_RUN.findall(para)):
            for t in _TEXT.findall(run):
                pieces.append((len(text), i))
                text += t
        for m in _TAG.finditer(text):
            runs = {run for start, run in pieces if m.start() <= start < m.end()}
            runs |= {max(((s, r) for s, r in pieces if s <= m.start()), default=(0, 0))[1]}
            if len(runs) > 1:
                yield "runs", m.group(0)
        opened = len(_OPEN.findall(text))
        closed = len(_CLOSE.findall(text))
        if opened != closed:
            yield "paragraphs", _snippet(text)


def _translate_syntax(exc: TemplateSyntaxError, source: str | None = None, env: Any = None) -> str:
    """The cause of a syntax error in Russian, with the tag's text when ``source`` is given
    (the same sentence ``docgen make`` gives, see :func:`docgen.render.tagtext.describe_syntax_error`)."""
    parse = (lambda text: env.compile(env.parse(text))) if env is not None else None
    return describe_syntax_error(exc, source, parse)


class _Uses:
    """Dotted names a template reads: ``free`` — from its context (``child.fio``); ``named`` —
    also through its own variables (``{% for c in klass.rows %}…{{ c.fio }}``), which schemas
    describe under the name the template uses."""

    def __init__(self) -> None:
        self.paths: set[str] = set()
        self.named: set[str] = set()
        self.attributes: set[str] = set()  # named in filter arguments: selectattr('status'), map(attribute='x')
        self.by_filters: set[str] = set()  # maybe read by docgen's filters (klass: school_class)

    def collect(self, ast: nodes.Template) -> tuple[set[str], set[str]]:
        from jinja2 import meta  # noqa: PLC0415 — loaded with the rest of jinja2 (_jinja)

        self.free = meta.find_undeclared_variables(ast) - _ALWAYS_DEFINED
        self._walk(ast)
        return self.paths, self.named

    def _chain(self, node: nodes.Node) -> str | None:
        nodes = _jinja().nodes
        parts = []
        while isinstance(node, (nodes.Getattr, nodes.Getitem)):
            if isinstance(node, nodes.Getattr):
                parts.append(node.attr)
            elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                parts.append(node.arg.value)
            else:
                parts.clear()  # a computed key: only the object itself is known
            node = node.node
        if isinstance(node, nodes.Name) and node.ctx == "load" and node.name not in _ALWAYS_DEFINED:
            path = ".".join([node.name, *reversed(parts)])
            self.named.add(path)
            return path if node.name in self.free else None
        return None

    def _walk(self, node: nodes.Node) -> None:
        nodes = _jinja().nodes
        if isinstance(node, nodes.Filter) and node.name in _FILTER_READS:
            self.by_filters.update(_FILTER_READS[node.name])
        if isinstance(node, (nodes.Filter, nodes.Test)) and node.name in _ATTRIBUTE_FILTERS:
            given = [kw.value for kw in node.kwargs if kw.key == "attribute"]
            if node.name in _ATTRIBUTE_FIRST:
                given += node.args[:1]
            for arg in given:
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                    self.attributes.update(arg.value.split("."))
        if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)):
            path = self._chain(node)
            if path is not None:
                self.paths.add(path)
            inner = node
            while isinstance(inner, (nodes.Getattr, nodes.Getitem)):
                if isinstance(inner, nodes.Getitem):
                    self._walk(inner.arg)
                inner = inner.node
            return
        for child in node.iter_child_nodes():
            self._walk(child)


_VALUE_TYPES = ("school_class", "date")  # values with attributes: .number/.letter, .year/.month


def _covered(path: str, declared: set[str], values: set[str]) -> bool:
    """A path the template reads is described when the schema names it, or names fields
    inside it (``child`` passed to a filter, ``child.fio`` described), or it is a part of a
    described value (``child.school_class.number``). Declaring ``mentor`` does not describe
    ``mentor.fioo``: a typo in an attribute must be caught."""
    return any(path == d or d.startswith(path + ".") for d in declared) or any(
        path.startswith(v + ".") for v in values)


def _withheld(named: set[str], attributes: set[str], declared: set[str], registry: Any) -> list[tuple[str, str]]:
    """Row attributes the template reads that its schema does not name, so context.View leaves
    them out: ``(where it is read, the attribute)``. An attribute after a value (a class, a date)
    is the value's own (``child.school_class.number``); a name docgen's arrangements also carry
    (``s.title`` of a roadmap section) is left to the render check."""
    allowed = View(declared).attrs
    row_names = {f.key for sheet in registry.sheets for f in sheet.fields} | ROW_EXTRAS
    values = {f.key for sheet in registry.sheets for f in sheet.fields if f.type in _VALUE_TYPES}

    def withheld(name: str) -> bool:
        return name in row_names and name not in allowed and name not in ARRANGEMENT_ATTRS

    found: dict[str, str] = {}
    for path in sorted(named):
        for segment in path.split(".")[1:]:
            if withheld(segment):
                found.setdefault(segment, path)
                break
            if segment in values:
                break
    for name in sorted(attributes):
        if withheld(name):
            found.setdefault(name, f"attribute='{name}'")
    return [(shown, name) for name, shown in found.items()]


def _used(name: str, paths: set[str]) -> bool:
    """A described field is used when the template reads it or something inside it."""
    return any(p == name or p.startswith(name + ".") for p in paths)


# --------------------------------------------------------------------------- the check


def lint_pack(folder: str | Path, *, registry_path: str | Path | None = None,
              as_of: date | None = None) -> LintReport:
    """Check a pack folder; every problem goes into the report, none is raised."""
    root = find_pack_root(Path(folder))
    try:
        pack = read_pack(root, origin=f"папка {root}", trusted=False)
    except SchemaError as exc:
        report = LintReport(pack=root.name, root=root)
        report.problems.append(LintProblem(ERROR, "", PACK_FILE, str(exc)))
        return report
    report = LintReport(pack=pack.name, root=root)
    add = report.problems.append
    why = check_version(pack, __version__)
    if why:
        add(LintProblem(ERROR, "", PACK_FILE, why))

    base = catalog()
    # the schema of the kind of registry the pack's templates read (a school's or a district's)
    registry = base.registry_schema_of(pack.registry_kind)
    if pack.name != KIND_PACKS[pack.registry_kind]:
        registry = base.registry_without(pack.name, pack.registry_kind)
        try:
            registry = extend_registry(registry, pack, frozenset(base.field_types))
        except SchemaError as exc:
            add(LintProblem(ERROR, "", PACK_FILE, str(exc)))

    schemas = []
    schema_files = sorted(pack.schemas_dir.glob("*.yaml")) if pack.schemas_dir.is_dir() else []
    if not schema_files:
        add(LintProblem(ERROR, "", "schemas/", "нет ни одной схемы шаблона (файлов .yaml)."))
    for path in schema_files:
        if path.name == REGISTRY_SCHEMA_FILE:
            continue
        try:
            schemas.append(load_template_schema(path, registry, pack.templates_dir))
        except SchemaError as exc:
            add(LintProblem(ERROR, path.stem, f"schemas/{path.name}", str(exc)))
    if pack.templates_dir.is_dir():
        described = {s.template.name for s in schemas} | {f"{p.stem}.docx" for p in schema_files}
        for docx in sorted(pack.templates_dir.glob("*.docx")):
            if docx.name not in described and not docx.name.startswith("~$"):
                add(LintProblem(WARNING, "", f"templates/{docx.name}",
                                "шаблон не описан ни одной схемой — docgen его не использует."))

    env = make_env(base.filters)
    clean = []
    for schema in schemas:
        report.templates.append(schema.id)
        if _check_template(schema, env, add, registry):
            clean.append(schema)

    _render_all(pack, root, clean, registry_path, as_of, report)
    return report


def _check_template(schema: Any, env: Any, add: Any, registry: Any) -> bool:
    """Static checks of one .docx against its schema; True when it can be rendered."""
    where_file = f"templates/{schema.template.name}"
    try:
        members = read_template(schema.template)  # the same package rules as `docgen make`
        _check_markup(schema, members, add, where_file)
        parts = {i.filename: data.decode("utf-8") for i, data in members if RENDERED_PART.match(i.filename)}
    except TemplateRefused as exc:
        for reason in exc.reasons:
            add(LintProblem(ERROR, schema.id, where_file, reason))
        return False
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError, EOFError) as exc:
        add(LintProblem(ERROR, schema.id, where_file, f"не открывается как документ Word (.docx): {exc}"))
        return False
    if "word/document.xml" not in parts:
        add(LintProblem(ERROR, schema.id, where_file, "не документ Word: нет word/document.xml."))
        return False
    ok = True
    paths: set[str] = set()
    named: set[str] = set()
    attributes: set[str] = set()
    by_filters: set[str] = set()
    for name, xml in parts.items():
        place = f"{where_file}, {_part_name(name)}"
        for kind, text in split_tags(xml):
            if kind == "runs":
                add(LintProblem(ERROR, schema.id, place,
                                f"тег «{tag_display(text, 70)}» разбит на части с разным оформлением (так бывает "
                                "после правки или проверки орфографии в Word). Удалите тег и наберите его "
                                "заново одним движением или уберите с него оформление (Ctrl+Пробел)."))
            else:
                ok = False
                add(LintProblem(ERROR, schema.id, place,
                                f"тег открыт и не закрыт в одном абзаце: «{tag_display(text, 70)}». Каждый {{{{ … }}}} "
                                "и {% … %} должен начинаться и заканчиваться в одном абзаце."))
        if "{{" not in xml and "{%" not in xml:
            continue
        prepared = part_source(xml)  # exactly what `docgen make` compiles
        if prepared.problems:  # docxtpl's dialect docgen does not keep: the reason, not a syntax error
            ok = False
            for problem in prepared.problems:
                add(LintProblem(ERROR, schema.id, place, f"{problem}."))
            continue
        try:
            with render_bounds():  # Jinja computes constant expressions while it compiles
                ast = env.parse(prepared.source)
                env.compile(ast)
        except _jinja().TemplateSyntaxError as exc:
            ok = False
            add(LintProblem(ERROR, schema.id, place, _translate_syntax(exc, prepared.plain, env)))
            continue
        except (TemplateLimit, MemoryError, RecursionError) as exc:
            ok = False
            why = exc if isinstance(exc, TemplateLimit) else "слишком большое или вложенное выражение"
            add(LintProblem(ERROR, schema.id, place, f"шаблон остановлен уже при подготовке: {why}"))
            continue
        pictures, wrong = image_names(ast)
        for problem in check_filters(ast) + wrong + _picture_problems(schema.template.parent, pictures):
            ok = False
            add(LintProblem(ERROR, schema.id, place, f"{problem}."))
        uses = _Uses()
        free, through = uses.collect(ast)
        paths |= free
        named |= through
        attributes |= uses.attributes
        by_filters |= uses.by_filters
    in_name: set[str] = set()
    try:  # the file-name pattern reads fields too
        uses = _Uses()
        in_name, through = uses.collect(env.parse(schema.filename))
        named |= through
        attributes |= uses.attributes
        by_filters |= uses.by_filters
    except _jinja().TemplateSyntaxError as exc:
        ok = False
        add(LintProblem(ERROR, schema.id, f"schemas/{schema.path.name}, filename",
                        _translate_syntax(exc, schema.filename, env)))
    declared = {f.name for f in schema.fields}
    values = set()
    for f in schema.fields:
        for sheet_key, key in f.sources:
            if registry.has_field(sheet_key, key) and registry.sheet(sheet_key).field(key).type in _VALUE_TYPES:
                values.add(f.name)
    for where, found in ((where_file, paths), (f"schemas/{schema.path.name}, filename", in_name)):
        for path in sorted(found):
            if not _covered(path, declared, values):
                ok = False  # it would only fail again when rendered
                add(LintProblem(ERROR, schema.id, where,
                                f"поле «{path}» есть в шаблоне, но не описано в схеме (schemas/{schema.path.name}, "
                                "раздел fields). Опишите его или исправьте опечатку."))
    for shown, attribute in _withheld(named, attributes, declared, registry):
        ok = False
        add(LintProblem(ERROR, schema.id, where_file,
                        f"«{attribute}» в «{shown}» не описано в схеме (schemas/{schema.path.name}, раздел fields): "
                        "шаблон получает только описанные поля строк реестра, и при заполнении здесь будет "
                        "ошибка. Опишите поле в схеме."))
    for name in sorted(declared):
        if not _used(name, named) and name.rsplit(".", 1)[-1] not in attributes | by_filters:
            add(LintProblem(WARNING, schema.id, f"schemas/{schema.path.name}",
                            f"поле «{name}» описано в схеме, но шаблон его не использует."))
    return ok


def _picture_problems(templates: Path, names: list[str]) -> list[str]:
    """Why the pictures a template shows cannot be used (the same checks as ``docgen make``)."""
    problems = []
    for name in names:
        try:
            read_image(templates / IMAGES_FOLDER, name)
        except ValueError as exc:
            problems.append(str(exc))
    return problems


def _check_markup(schema: Any, members: list[tuple[zipfile.ZipInfo, bytes]], add: Any, where_file: str) -> None:
    """A warning when the template's markup is what Word's validator calls an error: table, row,
    paragraph or run properties out of schema order or spelt as Word never writes them, typical
    of a template made by a program rather than saved by Word (LibreOffice 7.4 writes
    ``<w:tblHeader w:val="true"/>`` and run properties out of order too). Documents are not affected
    (docgen writes them normalised: :class:`~docgen.render.template.CompiledTemplate`), but the
    template itself may open in Word as a damaged file, and docgen never rewrites a school's
    template: opening and saving it in Word does. ``settings.xml`` is left out: what the
    normaliser adds there (the ``w:zoom`` percent) only the ISO schemas miss, not Word."""
    try:
        fixable = normalise_docx_parts({i.filename: data for i, data in members if i.filename != "word/settings.xml"})
    except etree.XMLSyntaxError:
        return  # reported by the other checks and by the render
    if fixable:
        places = ", ".join(dict.fromkeys(_part_name(n) for n in sorted(fixable)))
        add(LintProblem(WARNING, schema.id, f"{where_file}, {places}",
                        "разметка таблиц или абзацев не по стандарту Office Open XML (её пишут программы, "
                        "собирающие шаблоны, и LibreOffice): Word может счесть сам шаблон повреждённым. Документы "
                        "docgen в любом случае записывает правильно; чтобы исправить шаблон, откройте его в Word и "
                        "сохраните — Word перепишет разметку."))


def _render_all(pack: Any, root: Path, schemas: list[Any], registry_path: str | Path | None,
                as_of: date | None, report: LintReport) -> None:
    """Render every template from the registry, as ``docgen make`` would (orders as drafts); a
    district's from the example district's registry, and its report from the example schools'
    registries as ``docgen svod`` makes it."""
    if not schemas:
        return
    district = pack.registry_kind == DISTRICT
    example = api.example_district() if district else api.example_registry()
    registry = Path(registry_path) if registry_path else example
    dirs = [] if pack.name in SHIPPED else [root]
    refused = [s for s in catalog(dirs).statuses if s.error and s.root and Path(s.root) == root]
    if refused:
        report.problems.append(LintProblem(ERROR, "", "", "шаблоны не проверены отрисовкой: docgen не "
                                                          f"подключает набор — {refused[0].error}"))
        return
    with tempfile.TemporaryDirectory(prefix="docgen-lint-") as tmp:
        for schema in schemas:
            ref = schema.id if pack.name in SHIPPED else f"{pack.name}:{schema.id}"
            try:
                if district and api.reads_schools(ref, dirs):
                    result = api.svod(registry, [api.example_schools()], Path(tmp) / schema.id, template_ids=[ref],
                                      as_of=as_of, pack_dirs=dirs, outputs=api.Outputs(manifest=False),
                                      orders=api.OrderOptions(register=False, draft=True))
                else:
                    result = api.make([ref], registry, Path(tmp) / schema.id, as_of=as_of, pack_dirs=dirs,
                                      outputs=api.Outputs(manifest=False),
                                      orders=api.OrderOptions(register=False, draft=True))
            except DocgenError as exc:
                report.problems.append(LintProblem(ERROR, schema.id, f"реестр {registry.name}",
                                                   f"не формируется: {exc}"))
                continue
            report.rendered[schema.id] = sum(result.counts.values())
            if not result.files:
                why = "; ".join(result.skipped.values()) or "нет подходящих строк"
                report.problems.append(LintProblem(WARNING, schema.id, f"реестр {registry.name}",
                                                   f"ни одного документа: {why}."))
