"""A small corpus of "foreign" templates written in docxtpl's dialect, one construct each, built
with python-docx (no binary fixtures), with the context each is rendered with.

Modelled on docxtpl's own test templates (its repository's ``tests/templates``: dynamic tables,
horizontal and vertical merges, cell backgrounds, RichText, escapes, listings, headers), written
anew: a methodologist may bring such a template from a docxtpl project, and docgen must make of
it what docxtpl makes (tests/render/test_docxtpl_corpus.py compares the two). Values carry «&»,
«<» and quotes, as a school's registry does.

:func:`compare` renders a template both ways and returns the differences of text, table
structure and run formatting; ``python -m tests.render.docxtpl_corpus`` prints the figures.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from docx import Document
from docx.enum.section import WD_SECTION
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"


@dataclass
class Case:
    name: str
    construct: str  # what of docxtpl's dialect it exercises
    build: Callable[[Path], Path]
    context: Callable[[], dict[str, Any]]
    checks: tuple[str, ...] = ("text", "tables", "formatting")


# --------------------------------------------------------------------------- building blocks


def _save(doc: Any, folder: Path, name: str) -> Path:
    path = folder / f"{name}.docx"
    doc.save(path)
    return path


def _merged_row(table: Any, row: int, text: str) -> None:
    """A row of one merged cell holding a docxtpl row tag ({%tr for %})."""
    cells = table.rows[row].cells
    merged = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
    merged.text = text


def _row(table: Any, row: int, values: list[str]) -> None:
    for c, value in enumerate(values):
        table.cell(row, c).text = value


# --------------------------------------------------------------------------- the templates


def plain(folder: Path) -> Path:
    doc = Document()
    doc.add_paragraph("Учреждение: {{ org }}, директор {{ director }}.")
    doc.add_paragraph("Число: {{ n }}; {% if flag %}да{% else %}нет{% endif %}; {{ items|join(', ') }}.")
    doc.add_paragraph("{%p if flag %}")
    doc.add_paragraph("Абзац при условии: {{ org|upper }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for item in items %}")
    doc.add_paragraph("— {{ item }} ({{ loop.index }} из {{ loop.length }})")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("Конец.")
    return _save(doc, folder, "plain")


def rows(folder: Path) -> Path:
    doc = Document()
    doc.add_paragraph("Список наставников")
    table = doc.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    _row(table, 0, ["№", "ФИО", "Должность"])
    _merged_row(table, 1, "{%tr for p in people %}")
    _row(table, 2, ["{{ loop.index }}", "{{ p.fio }}", "{{ p.position }}"])
    _merged_row(table, 3, "{%tr endfor %}")
    table.add_row()
    _row(table, 4, ["Итого", "{{ people|length }}", ""])
    return _save(doc, folder, "rows")


def columns(folder: Path) -> Path:
    """docxtpl's dynamic table: columns from a list, the header spanning them ({% colspan %})."""
    doc = Document()
    doc.add_paragraph("Таблица с переменным числом столбцов")
    table = doc.add_table(rows=5, cols=4)
    table.style = "Table Grid"
    head = table.cell(0, 1).merge(table.cell(0, 3))
    table.cell(0, 0).text = "Класс"
    head.text = "{% colspan labels|count %}Предметы"
    _row(table, 1, ["", "{%tc for l in labels %}", "{{ l }}", "{%tc endfor %}"])
    _merged_row(table, 2, "{%tr for row in grid %}")
    _row(table, 3, ["{{ row.name }}", "{%tc for v in row.cells %}", "{{ v }}", "{%tc endfor %}"])
    _merged_row(table, 4, "{%tr endfor %}")
    return _save(doc, folder, "columns")


def hmerge(folder: Path) -> Path:
    """docxtpl's {% hm %}: a cell repeated by {%tc for %} merged into one spanning the loop."""
    doc = Document()
    table = doc.add_table(rows=3, cols=6)
    table.style = "Table Grid"
    _row(table, 0, ["Тема", "Часы", "{%tc for x in weeks %}", "{% hm %}Недели", "{%tc endfor %}", "Итог"])
    _row(table, 1, ["", "", "{%tc for x in weeks %}", "{{ x }}", "{%tc endfor %}", ""])
    _row(table, 2, ["Встречи", "12", "{%tc for x in weeks %}", "{{ x * 2 }}", "{%tc endfor %}", "да"])
    return _save(doc, folder, "hmerge")


def fewer_cells(folder: Path) -> Path:
    """A column loop over fewer items than the template's cells: the grid shrinks."""
    doc = Document()
    table = doc.add_table(rows=2, cols=5)
    table.style = "Table Grid"
    _row(table, 0, ["А", "{%tc for x in one %}", "{{ x }}", "{%tc endfor %}", "Б"])
    _row(table, 1, ["1", "{%tc for x in one %}", "{{ x }}", "{%tc endfor %}", "2"])
    return _save(doc, folder, "fewer_cells")


def vmerge(folder: Path) -> Path:
    """docxtpl's {% vm %}: a cell of a {%tr for %} row merged down the rows."""
    doc = Document()
    table = doc.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    _row(table, 0, ["Направление", "Мероприятие", "Срок"])
    _merged_row(table, 1, "{%tr for e in events %}")
    _row(table, 2, ["{% vm %}{{ area }}", "{{ e.title }}", "{{ e.when }}"])
    _merged_row(table, 3, "{%tr endfor %}")
    return _save(doc, folder, "vmerge")


def cellbg(folder: Path) -> Path:
    doc = Document()
    table = doc.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    _row(table, 0, ["Показатель", "Статус"])
    _merged_row(table, 1, "{%tr for k in kpis %}")
    table.add_row()
    _row(table, 2, ["{{ k.name }}", "{% cellbg k.color %}{{ k.status }}"])
    _merged_row(table, 3, "{%tr endfor %}")
    return _save(doc, folder, "cellbg")


def richtext_run(folder: Path) -> Path:
    doc = Document()
    doc.add_paragraph("Приказ: {{r title}}")
    doc.add_paragraph("{{r note}}")
    p = doc.add_paragraph("Выделено: ")
    p.add_run("{{r stamp}}").bold = True
    p.add_run(" — конец строки.")
    return _save(doc, folder, "richtext_run")


def richtext_paragraph(folder: Path) -> Path:
    doc = Document()
    doc.add_paragraph("Перед абзацами")
    doc.add_paragraph("{{p paragraphs}}")
    doc.add_paragraph("После абзацев")
    return _save(doc, folder, "richtext_paragraph")


def escapes(folder: Path) -> Path:
    doc = Document()
    doc.add_paragraph("Поле пишется так: {_{ child.fio }_}, условие — {_% if flag %_}…{_% endif %_}.")
    doc.add_paragraph("А значение: {{ name }}.")
    return _save(doc, folder, "escapes")


def count(folder: Path) -> Path:
    doc = Document()
    doc.add_paragraph("Всего: {{ items|count }}, {{ items|length }}, {{ 'абв'|count }}.")
    doc.add_paragraph("{%p if items|count > 2 %}")
    doc.add_paragraph("Больше двух.")
    doc.add_paragraph("{%p endif %}")
    return _save(doc, folder, "count")


def breaks(folder: Path) -> Path:
    doc = Document()
    p = doc.add_paragraph()
    p.paragraph_format.left_indent = 360000
    run = p.add_run("Строки: {{ lines }}")
    run.italic = True
    doc.add_paragraph("Абзацы: {{ paragraphs }} — хвост.")
    doc.add_paragraph("Разрыв страницы: {{ page }}")
    doc.add_paragraph("Листинг: {{ listing }}")
    return _save(doc, folder, "breaks")


def header_footer(folder: Path) -> Path:
    doc = Document()
    doc.add_paragraph("Текст документа {{ name }}")
    section = doc.sections[0]
    section.header.paragraphs[0].text = "Колонтитул: {{ org }}"
    section.footer.paragraphs[0].text = "Нижний: {{ name|upper }}"
    second = doc.add_section(WD_SECTION.NEW_PAGE)
    second.header.is_linked_to_previous = True
    doc.add_paragraph("Второй раздел {{ n }}")
    return _save(doc, folder, "header_footer")


def merge_paragraphs(folder: Path) -> Path:
    """docxtpl's {%- … -%}: a tag that joins its paragraph to the neighbouring one."""
    doc = Document()
    doc.add_paragraph("Начало абзаца")
    doc.add_paragraph("{%- if flag %} и продолжение{% endif -%}")
    doc.add_paragraph("конец.")
    return _save(doc, folder, "merge_paragraphs")


def run_tags(folder: Path) -> Path:
    """{%r %}: a statement that takes its run away (docxtpl)."""
    doc = Document()
    p = doc.add_paragraph("Статус: ")
    p.add_run("{%r if flag %}")
    p.add_run("действует").bold = True
    p.add_run("{%r else %}")
    p.add_run("не действует").italic = True
    p.add_run("{%r endif %}")
    p.add_run(".")
    return _save(doc, folder, "run_tags")


def nested(folder: Path) -> Path:
    """Loops in a row loop, and a table inside a cell."""
    doc = Document()
    table = doc.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    _merged_row(table, 0, "{%tr for g in groups %}")
    _row(table, 1, ["{{ g.name }}", "{% for m in g.members %}{{ m }}{% if not loop.last %}, {% endif %}"
                                    "{% endfor %}"])
    _merged_row(table, 2, "{%tr endfor %}")
    inner = table.cell(1, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "{{ g.code }}"
    inner.cell(0, 1).text = "{{ g.members|count }}"
    return _save(doc, folder, "nested")


def _richtext() -> Any:
    from docxtpl import RichText

    rt = RichText()
    rt.add("Приказ № 12-од", bold=True)
    rt.add(" «О наставничестве» ", italic=True, color="#ff0000")
    rt.add("& <ещё>", size=28, underline=True)
    rt.add("\nвторая строка", strike=True)
    return rt


def _contexts() -> dict[str, Callable[[], dict[str, Any]]]:
    from docxtpl import Listing, R, RichText, RichTextParagraph

    def richtext_paragraphs() -> RichTextParagraph:
        rp = RichTextParagraph()
        rp.add(RichText("Первый абзац & <текст>", bold=True))
        rp.add("Второй абзац")
        rp.add(RichText("Третий", italic=True), parastyle="Title")
        return rp

    people = [{"fio": "Иванова Анна & Co", "position": "учитель <физики>"},
              {"fio": "Петров Пётр", "position": "педагог-психолог"}]
    return {
        "plain": lambda: {"org": "МБОУ «СОШ № 1» & К°", "director": "А.В. <Соколова>", "n": 7, "flag": True,
                          "items": ["раз", "два & три", "<четыре>"]},
        "rows": lambda: {"people": people},
        "columns": lambda: {"labels": ["Русский", "Математика", "Физика", "Химия"],
                            "grid": [{"name": "7 «А»", "cells": ["5", "4", "5", "3"]},
                                     {"name": "8 «Б»", "cells": ["4", "4", "3", "5"]}]},
        "hmerge": lambda: {"weeks": [1, 2, 3, 4]},
        "fewer_cells": lambda: {"one": ["только один"]},
        "vmerge": lambda: {"area": "Учитель – ученик", "events": [
            {"title": "Встреча & знакомство", "when": "сентябрь"}, {"title": "План <ИПР>", "when": "октябрь"},
            {"title": "Итоги", "when": "май"}]},
        "cellbg": lambda: {"kpis": [{"name": "Охват", "status": "выполнен", "color": "00FF00"},
                                    {"name": "Доля", "status": "нет", "color": "FF0000"}]},
        "richtext_run": lambda: {"title": _richtext(), "note": R("отдельной строкой", italic=True),
                                 "stamp": R("ВАЖНО", color="#0000ff")},
        "richtext_paragraph": lambda: {"paragraphs": richtext_paragraphs()},
        "escapes": lambda: {"name": "Мария"},
        "count": lambda: {"items": [1, 2, 3]},
        "breaks": lambda: {"lines": "первая\nвторая\tпосле табуляции",
                           "paragraphs": "один\aдва\aтри",
                           "page": "до разрыва\fпосле разрыва",
                           "listing": Listing("строка & 1\nстрока <2>\aновый абзац")},
        "header_footer": lambda: {"org": "Школа & сад", "name": "Отчёт", "n": 2},
        "merge_paragraphs": lambda: {"flag": True},
        "run_tags": lambda: {"flag": False},
        "nested": lambda: {"groups": [{"name": "Группа 1", "code": "Г-1", "members": ["А", "Б & В"]},
                                      {"name": "Группа 2", "code": "Г-2", "members": ["Г"]}]},
    }


def cases() -> list[Case]:
    contexts = _contexts()
    built = [
        (plain, "{{ }}, {% if %}, {%p if %}, {%p for %}, loop"),
        (rows, "{%tr for %}"),
        (columns, "{%tc for %} and {% colspan n %}: the grid grows"),
        (hmerge, "{% hm %} in a column loop"),
        (fewer_cells, "{%tc for %} over fewer items: the grid shrinks"),
        (vmerge, "{% vm %} in a row loop"),
        (cellbg, "{% cellbg %}"),
        (richtext_run, "{{r x}} with RichText"),
        (richtext_paragraph, "{{p x}} with RichTextParagraph"),
        (escapes, "{_{ }_} and {_% %_}"),
        (count, "Jinja's |count"),
        (breaks, "\\n, \\t, \\a, \\f in values; Listing"),
        (header_footer, "tags in headers and footers"),
        (merge_paragraphs, "{%- -%} joining paragraphs"),
        (run_tags, "{%r %}"),
        (nested, "nested loops, a table in a cell"),
    ]
    return [Case(func.__name__, construct, func, contexts[func.__name__]) for func, construct in built]


# --------------------------------------------------------------------------- rendering and comparing


def render_docxtpl(path: Path, context: dict[str, Any]) -> bytes:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(path))
    tpl.render(context, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def render_docgen(path: Path, context: dict[str, Any]) -> bytes:
    from docgen.render.environment import make_env
    from docgen.render.template import CompiledTemplate

    return CompiledTemplate(path, make_env()).render(context)


def _text(paragraph: etree._Element) -> str:
    out = []
    for el in paragraph.iter():
        if el.tag == _W + "t":
            out.append(el.text or "")
        elif el.tag == _W + "tab" and el.getparent().tag == _W + "r":
            out.append("\t")
        elif el.tag == _W + "br":
            out.append("\f" if el.get(_W + "type") == "page" else "\n")
        elif el.tag == _W + "p" and el is not paragraph:
            break  # a paragraph inside (a text box): its own block
    return "".join(out)


def _props(props: etree._Element | None) -> str:
    """Properties as a sorted list: their order means nothing to a reader (docgen writes them in
    the schema's order, docxtpl's RichText in its arguments' order)."""
    if props is None:
        return ""
    return ";".join(sorted(etree.QName(c).localname + "".join(f" {etree.QName(k).localname}={v}" for k, v in c.items())
                           for c in props if c.tag != _W + "sectPr"))


def _formatting(paragraph: etree._Element) -> tuple[str, list[tuple[str, str]]]:
    """The paragraph's properties and (text, formatting) of its runs with text, neighbouring runs
    of one formatting joined (where a run ends is not seen in the document)."""
    found: list[tuple[str, str]] = []
    for run in paragraph.iter(_W + "r"):
        text = "".join(t.text or "" for t in run.iter(_W + "t"))
        if not text:
            continue
        shown = _props(run.find(_W + "rPr"))
        if found and found[-1][1] == shown:
            found[-1] = (found[-1][0] + text, shown)
        else:
            found.append((text, shown))
    return _props(paragraph.find(_W + "pPr")), found


def _cell(cell: etree._Element) -> tuple:
    props = cell.find(_W + "tcPr")
    span = vmerge = fill = None
    if props is not None:
        for child in props:
            if child.tag == _W + "gridSpan":
                span = child.get(_W + "val")
            elif child.tag == _W + "vMerge":
                vmerge = child.get(_W + "val") or "continue"
            elif child.tag == _W + "shd":
                fill = child.get(_W + "fill")
    return span, vmerge, fill, tuple(_blocks(cell, "text"))


def _blocks(container: etree._Element, what: str) -> list:
    out: list = []
    for child in container:
        if child.tag == _W + "p":
            if what == "text":
                out.append(_text(child))
            elif what == "formatting":
                out.append(_formatting(child))
        elif child.tag == _W + "tbl":
            if what == "tables":
                grid = [c.get(_W + "w") for c in child.iterfind(f"{_W}tblGrid/{_W}gridCol")]
                out.append((tuple(grid), tuple(tuple(_cell(tc) for tc in tr.iterfind(_W + "tc"))
                                               for tr in child.iterfind(_W + "tr"))))
            for tr in child.iterfind(_W + "tr"):
                for tc in tr.iterfind(_W + "tc"):
                    out.extend(_blocks(tc, what) if what != "tables" else [])
        elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
            out.extend(_blocks(child, what))
    return out


def view(docx: bytes) -> dict[str, list]:
    """What is compared: body text by paragraph and the text of headers and footers; tables (grid
    widths, cells with spans, merges, shading and text); paragraph and run formatting."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        body = etree.fromstring(zf.read("word/document.xml")).find(_W + "body")
        stories = sorted(n for n in zf.namelist() if n.startswith(("word/header", "word/footer")))
        hf = [_blocks(etree.fromstring(zf.read(n)), "text") for n in stories]
    return {"text": _blocks(body, "text") + hf, "tables": _blocks(body, "tables"), "formatting": _blocks(body, "formatting")}


@dataclass
class Outcome:
    case: Case
    same: dict[str, bool] = field(default_factory=dict)
    error: str = ""
    docgen: dict[str, list] | None = None
    docxtpl: dict[str, list] | None = None

    @property
    def identical(self) -> bool:
        return not self.error and all(self.same.values())


def compare(case: Case, folder: Path) -> Outcome:
    path = case.build(folder)
    outcome = Outcome(case)
    reference = view(render_docxtpl(path, case.context()))
    outcome.docxtpl = reference
    try:
        ours = view(render_docgen(path, case.context()))
    except Exception as exc:  # noqa: BLE001 — the figures count a refusal as a difference
        outcome.error = f"{type(exc).__name__}: {exc}"
        return outcome
    outcome.docgen = ours
    outcome.same = {check: ours[check] == reference[check] for check in case.checks}
    return outcome


def main() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        outcomes = [compare(case, Path(tmp)) for case in cases()]
    for o in outcomes:
        state = "identical" if o.identical else (o.error or ", ".join(k for k, v in o.same.items() if not v))
        print(f"{o.case.name:20} {o.case.construct:50} {state}")
    checks = [v for o in outcomes for v in o.same.values()]
    print(f"identical templates: {sum(o.identical for o in outcomes)} of {len(outcomes)}; "
          f"identical checks: {sum(checks)} of {len(outcomes) * 3}")


if __name__ == "__main__":
    main()
