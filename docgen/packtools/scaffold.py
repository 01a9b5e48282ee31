"""`docgen pack new NAME`: a new template pack that installs with pip and passes its own test.

The project it writes::

    NAME/
      pyproject.toml                 the entry point docgen finds the pack by
      README.md                      for the schools that will use it (Russian), with a gallery
      docgen_pack_NAME/
        __init__.py                  the plugin: register_packs (+ commented examples)
        pack.yaml                    name, version, docgen versions, author, licence…
        templates/spravka_mentor.docx  one working template (Word, editable by hand)
        templates/spravka_mentor.txt   its text projection, for reviews (docgen pack text)
        schemas/spravka_mentor.yaml    its schema: source, file name, every field explained
      tests/test_pack.py             lint clean, projections current, renders from the example

The same folder works without installing: ``docgen --pack NAME make …``.

`docgen pack add ID` adds a template to any pack: ``templates/ID.docx`` from the shared base
document, a minimal schema that lints clean, and the projection.

Every new .docx starts from one base document, ``assets/base.docx`` (ГОСТ Р 7.0.97: A4,
margins 30/10/20/20 mm, Times New Roman 14 pt, single spacing, no spacing after paragraphs,
«Table Grid» at 12 pt — the page setup of the built-in templates); edit it in Word, not here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen import DISTRIBUTION, __version__
from docgen.errors import OutputError, UsageError, os_reason
from docgen.packtools.projection import project
from docgen.schema.model import DISTRICT, ID_RE, SCHOOL, TEMPLATE_KINDS
from docgen.schema.pack import REGISTRY_SCHEMA_FILE, find_pack_root, read_pack

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
TEMPLATE_ID = "spravka_mentor"
BASE_DOCX = Path(__file__).resolve().parent / "assets" / "base.docx"


def _pyproject(name: str) -> str:
    major, minor = (int(x) for x in __version__.split(".")[:2])
    return f'''[build-system]
requires = ["hatchling>=1.21"]
build-backend = "hatchling.build"

[project]
name = "docgen-pack-{name.replace("_", "-")}"
version = "0.1.0"
description = "Набор шаблонов docgen «{name}»"
readme = "README.md"
requires-python = ">=3.10"
license = {{ text = "CC-BY-4.0" }}
dependencies = ["{DISTRIBUTION}>={major}.{minor},<{major}.{minor + 1}"]

# Так docgen находит набор после «pip install»: группа точек входа docgen.packs.
[project.entry-points."docgen.packs"]
{name} = "docgen_pack_{name}"

[tool.hatch.build.targets.wheel]
packages = ["docgen_pack_{name}"]
'''


def _plugin(name: str) -> str:
    return f'''"""Набор шаблонов docgen «{name}»: подключается к docgen через точку входа docgen.packs."""

from pathlib import Path

from docgen import hookimpl


@hookimpl
def register_packs():
    """Папка набора: pack.yaml, templates/, schemas/."""
    return [Path(__file__).parent]


# Набор может добавить и код — только когда он установлен через pip (папка, переданная
# через --pack, код не выполняет). Примеры:
#
# @hookimpl
# def register_filters():
#     """Свои фильтры для шаблонов: {{{{ значение|мой_фильтр }}}}."""
#     return {{"{name}_upper": lambda text: str(text).upper()}}
#
# @hookimpl
# def register_field_types():
#     """Свои типы столбцов для registry: в pack.yaml. Ошибка — docgen.CellError по-русски."""
#     return {{}}
#
# @hookimpl
# def register_output_writers():
#     """Свои выводы: docgen make … --writer ИМЯ."""
#     return {{}}
'''


def _pack_yaml(name: str, title: str, author: str) -> str:
    major, minor = (int(x) for x in __version__.split(".")[:2])
    return f'''# Описание набора шаблонов docgen.
name: {name}
version: 0.1.0
title: {title}
description: >-
  Что входит в набор и для кого он (заполните).
author: {author}
license: CC-BY-4.0
language: ru
# С какими версиями docgen набор работает (запись как в pip: >=0.1,<0.2).
docgen: ">={major}.{minor},<{major}.{minor + 1}"
# Дополнительные столбцы реестра (необязательные), например:
# registry:
#   org:
#     - {{key: district_code, header: Код школы в районе, type: text}}
'''


def _schema_yaml() -> str:
    return f'''# Справка наставнику об участии в программе наставничества: по справке на строку листа «Наставники».
id: {TEMPLATE_ID}
title: Справка об участии в программе наставничества
kind: form
template: {TEMPLATE_ID}.docx
description: >-
  Бланк школы, дата и номер, текст справки с ФИО наставника в дательном падеже,
  подпись директора.
source:
  scope: rows
  sheet: mentors
  as: mentor
  sort: [fio]
folder: Справки наставникам
filename: "Справка — {{{{ mentor.fio }}}}"
fields:
  - {{name: org.full_name, source: org.full_name, help: "Полное наименование школы (бланк)."}}
  - {{name: org.address, source: org.address, help: "Адрес школы (бланк)."}}
  - {{name: org.short_name, source: org.short_name, help: "Сокращённое наименование (текст справки)."}}
  - {{name: org.city, source: org.city, help: "Место выдачи."}}
  - {{name: today, source: "вычисляется: дата формирования", help: "Дата справки (фильтр date_num)."}}
  - {{name: mentor, source: mentors.fio, help: "Наставник: ФИО в падежах (фильтр fio('дат')), согласование слов (agree)."}}
  - {{name: mentor.fio, source: mentors.fio, help: "ФИО наставника, как в реестре (имя файла)."}}
  - {{name: mentor.form, source: mentors.form, help: "Форма наставничества."}}
  - {{name: mentor.registry_date, source: mentors.registry_date, help: "Дата включения в реестр наставников (может быть пустой)."}}
  - {{name: director, source: org.director, help: "Директор: должность (фильтр position) и подпись «И.О. Фамилия» (initials_first)."}}
'''


def base_document() -> Any:
    """The shared base document (python-docx ``Document``) with an empty body: the page setup
    and styles every new template starts from."""
    from docx import Document  # noqa: PLC0415 — python-docx: 0.2 s at start-up, only when a template is made
    from docx.oxml.ns import qn  # noqa: PLC0415 — loaded with the line above

    doc = Document(str(BASE_DOCX))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def _writer(doc: Any) -> Any:
    """``para(text, align, bold, before, indent)`` adding paragraphs to ``doc``, and the
    alignments it takes."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415 — python-docx, as in base_document
    from docx.shared import Cm, Pt  # noqa: PLC0415 — loaded with the line above

    def para(text: str = "", align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY, bold: bool = False, before: int = 0,
             indent: bool = False) -> Any:
        p = doc.add_paragraph()
        p.alignment = align
        p.paragraph_format.space_before = Pt(before)
        if indent:
            p.paragraph_format.first_line_indent = Cm(1.25)
        if text:
            p.add_run(text).bold = bold
        return p

    return para, WD_ALIGN_PARAGRAPH


def _tab_line(para: Any, left: Any, text: str, before: int) -> None:
    """Left text and right text on one line: a right tab stop at the text's edge (170 mm)."""
    from docx.enum.text import WD_TAB_ALIGNMENT  # noqa: PLC0415 — python-docx, as in base_document
    from docx.shared import Cm  # noqa: PLC0415 — loaded with the line above

    line = para(before=before, align=left)
    line.paragraph_format.tab_stops.add_tab_stop(Cm(17), WD_TAB_ALIGNMENT.RIGHT)
    line.add_run(text)


def _build_docx(path: Path) -> None:
    """The sample template of a new pack, on the base document."""
    doc = base_document()
    para, align = _writer(doc)
    para("{{ org.full_name|upper }}", align.CENTER, bold=True)
    para("{{ org.address }}", align.CENTER)
    _tab_line(para, align.LEFT, "{{ today|date_num }}\t{{ org.city }}", before=12)
    para("СПРАВКА", align.CENTER, bold=True, before=24)
    para("Выдана {{ mentor|fio('дат') }} в том, что "
         "{% if mentor.registry_date %}с {{ mentor.registry_date|date_words }} {% endif %}"
         "{{ 'включён'|agree(mentor) }} в реестр наставников {{ org.short_name }} "
         "и участвует в программе наставничества по форме «{{ mentor.form }}».", before=12, indent=True)
    para("Справка выдана для представления по месту требования.", indent=True)
    _tab_line(para, align.LEFT, "{{ director|position|upfirst }}\t{{ director|initials_first }}", before=36)
    doc.save(str(path))


#: Who signs a new template's document, by the kind of registry its pack reads: the school's
#: director, the district's head (``registry_kind`` in pack.yaml).
_SIGNER = {SCHOOL: ("director", "org.director", "Директор"), DISTRICT: ("head", "org.head", "Руководитель")}


def _starter_docx(path: Path, title: str, kind: str = SCHOOL) -> None:
    """A new template of ``docgen pack add``: the organisation, the title, a paragraph to write,
    the signature of its head — on the base document."""
    doc = base_document()
    para, align = _writer(doc)
    signer = _SIGNER[kind][0]
    para("{{ org.full_name }}", align.CENTER, bold=True)
    para(title, align.CENTER, bold=True, before=24)
    para("Текст документа.", before=12, indent=True)
    _tab_line(para, align.LEFT, f"{{{{ {signer}|position|upfirst }}}}\t{{{{ {signer}|initials_first }}}}", before=36)
    with open(path, "xb") as f:  # never over a file that appeared meanwhile
        doc.save(f)


def _starter_schema(template_id: str, title: str, kind: str = SCHOOL) -> str:
    plain = re.sub(r"[{}%#]", "", title).strip() or template_id
    signer, source, who = _SIGNER[kind]
    whose = "школы" if kind == SCHOOL else "органа управления образованием"
    kinds = ", ".join(f"{k} ({v})" for k, v in TEMPLATE_KINDS.items())
    return f'''# {plain}: один документ на весь реестр.
# Документ на каждую строку листа (например, каждому наставнику):
#   source: {{scope: rows, sheet: mentors, as: mentor, sort: [fio]}}
id: {template_id}
title: {json.dumps(title, ensure_ascii=False)}
# Вид документа: {kinds}.
kind: form
template: {template_id}.docx
description: >-
  Что это за документ и когда он нужен (заполните).
source:
  scope: workbook
folder: {json.dumps(plain, ensure_ascii=False)}
filename: {json.dumps(plain, ensure_ascii=False)}
# Каждое поле, которое пишется в шаблоне в {{{{ }}}}: откуда оно и что значит (docgen fields {template_id}).
fields:
  - {{name: org.full_name, source: org.full_name, help: "Полное наименование {whose} (шапка)."}}
  - {{name: {signer}, source: {source}, help: "{who}: должность (фильтр position) и подпись «И.О. Фамилия» (initials_first)."}}
'''


@dataclass(frozen=True)
class AddedTemplate:
    pack: str
    template_id: str
    docx: Path
    schema: Path
    projection: Path


def add_template(folder: str | Path, template_id: str, *, title: str = "") -> AddedTemplate:
    """Add a template to the pack in ``folder``: ``templates/ID.docx`` from the base document,
    ``schemas/ID.yaml`` (lints clean), ``templates/ID.txt``. Refuses an id the pack has."""
    if not ID_RE.match(template_id):
        raise UsageError(f"Код шаблона «{template_id}» пишется латиницей в нижнем регистре (a-z, 0-9, _), "
                         "например spravka_uchitelyu.")
    root = find_pack_root(Path(folder))
    pack = read_pack(root, origin=f"папка {root}", trusted=False)
    docx = pack.templates_dir / f"{template_id}.docx"
    schema = pack.schemas_dir / f"{template_id}.yaml"
    projection = docx.with_suffix(".txt")
    if schema.name == REGISTRY_SCHEMA_FILE:
        raise UsageError(f"Код «{template_id}» занят: schemas/{REGISTRY_SCHEMA_FILE} — схема реестра.")
    for path in (docx, schema):
        if path.exists():
            raise UsageError(f"В наборе «{pack.name}» уже есть шаблон «{template_id}» ({path}). "
                             "Выберите другой код.")
    title = " ".join(title.split()) or f"Новый документ {template_id}"
    made: list[Path] = []
    try:
        pack.templates_dir.mkdir(exist_ok=True)
        pack.schemas_dir.mkdir(exist_ok=True)
        _starter_docx(docx, title, pack.registry_kind)
        made.append(docx)
        with open(schema, "x", encoding="utf-8", newline="\n") as f:
            f.write(_starter_schema(template_id, title, pack.registry_kind))
        made.append(schema)
        projection.write_text(project(docx), encoding="utf-8", newline="\n")
        made.append(projection)
    except FileExistsError:
        for path in made:
            path.unlink(missing_ok=True)
        raise UsageError(f"В наборе «{pack.name}» уже есть шаблон «{template_id}». Выберите другой код.") from None
    except OSError as exc:
        for path in made:
            path.unlink(missing_ok=True)
        raise OutputError(f"Не удаётся добавить шаблон в {root}: {os_reason(exc)}.") from None
    return AddedTemplate(pack.name, template_id, docx, schema, projection)


def _readme(name: str, title: str) -> str:
    return f'''# {title}

Набор шаблонов для [docgen](https://example.invalid/docgen) — документов целевой модели
наставничества из одного реестра.

## Установка

```
pip install ./{name}          # из этой папки
docgen packs                  # набор «{name}» в списке
docgen make {name}:{TEMPLATE_ID} -r реестр.xlsx -o документы
```

Без установки (только шаблоны, без кода): `docgen --pack {name} make {name}:{TEMPLATE_ID} …`

## Как менять шаблоны

Шаблоны — обычные файлы Word в `docgen_pack_{name}/templates/`. Поля пишутся в двойных фигурных
скобках: `{{{{ mentor|fio('дат') }}}}`. Какие поля есть и что они значат — в схеме шаблона
(`docgen_pack_{name}/schemas/`). После правки:

```
docgen pack lint {name}       # поля, теги, проверочная отрисовка на примере реестра
docgen pack text {name}       # текст шаблонов (.txt рядом с .docx) — сохраните вместе с .docx
docgen pack preview {name}    # картинки страниц для галереи ниже
```

Файл `.txt` рядом с каждым шаблоном — его текст с полями и оформлением: по нему в истории
изменений видно, что поменялось внутри файла Word. Новый шаблон: `docgen pack add КОД {name}`.

## Шаблоны

<!-- docgen:gallery -->
<!-- /docgen:gallery -->
'''


def _test(name: str) -> str:
    return f'''"""Проверки набора: lint без ошибок и документы из примера реестра docgen."""

from pathlib import Path

from docgen import api
from docgen.packtools.lint import lint_pack
from docgen.packtools.projection import update_projections

PACK = Path(__file__).resolve().parents[1] / "docgen_pack_{name}"


def test_lint_finds_no_errors():
    report = lint_pack(PACK)
    assert [str(p) for p in report.errors] == []
    assert report.rendered["{TEMPLATE_ID}"] > 0


def test_template_texts_are_current():
    """Текст каждого шаблона (.txt) соответствует .docx; если нет — docgen pack text и сохранить .txt."""
    changes = update_projections(PACK, check=True).changes
    assert [f"{{c.projection.name}}: {{c.state}}" for c in changes] == []


def test_documents_are_made(tmp_path):
    result = api.make(["{name}:{TEMPLATE_ID}"], api.example_registry(), tmp_path, pack_dirs=[PACK])
    assert result.files and all(f.stat().st_size > 0 for f in result.files)
'''


def new_pack(name: str, dest: str | Path | None = None, *, title: str = "", author: str = "") -> Path:
    """Write a new pack project; returns its folder. Never writes into a non-empty folder."""
    if not _NAME_RE.match(name):
        raise UsageError(f"Имя набора «{name}» пишется латиницей в нижнем регистре (a-z, 0-9, _), "
                         "например ensk_district.")
    if name == "builtin":
        raise UsageError("Имя «builtin» занято встроенным набором docgen.")
    root = Path(dest) if dest else Path(name)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise UsageError(f"Папка {root} уже есть и не пуста: выберите другое имя или папку (--dir).")
    title = title or f"Набор шаблонов «{name}»"
    author = author or "укажите автора или школу"
    package = root / f"docgen_pack_{name}"
    try:
        (package / "templates").mkdir(parents=True)
        (package / "schemas").mkdir()
        (root / "tests").mkdir()
        (root / "pyproject.toml").write_text(_pyproject(name), encoding="utf-8")
        (root / "README.md").write_text(_readme(name, title), encoding="utf-8")
        (package / "__init__.py").write_text(_plugin(name), encoding="utf-8")
        (package / "pack.yaml").write_text(_pack_yaml(name, title, author), encoding="utf-8")
        (package / "schemas" / f"{TEMPLATE_ID}.yaml").write_text(_schema_yaml(), encoding="utf-8")
        docx = package / "templates" / f"{TEMPLATE_ID}.docx"
        _build_docx(docx)
        docx.with_suffix(".txt").write_text(project(docx), encoding="utf-8", newline="\n")
        (root / "tests" / "test_pack.py").write_text(_test(name), encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"Не удаётся создать набор в {root}: {os_reason(exc)}.") from None
    return root
