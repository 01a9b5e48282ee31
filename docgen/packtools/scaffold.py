"""`docgen pack new NAME`: a new template pack that installs with pip and passes its own test.

The project it writes::

    NAME/
      pyproject.toml                 the entry point docgen finds the pack by
      README.md                      for the schools that will use it (Russian), with a gallery
      docgen_pack_NAME/
        __init__.py                  the plugin: register_packs (+ commented examples)
        pack.yaml                    name, version, docgen versions, author, licence…
        templates/spravka_mentor.docx  one working template (Word, editable by hand)
        schemas/spravka_mentor.yaml    its schema: source, file name, every field explained
      tests/test_pack.py             lint clean + renders from docgen's example registry

The same folder works without installing: ``docgen --pack NAME make …``.
"""

from __future__ import annotations

import re
from pathlib import Path

from docgen import __version__
from docgen.errors import OutputError, UsageError, os_reason

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
TEMPLATE_ID = "spravka_mentor"


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
dependencies = ["docgen>={major}.{minor},<{major}.{minor + 1}"]

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


def _build_docx(path: Path) -> None:
    """The sample template: python-docx, Times New Roman 14, ГОСТ Р 7.0.97 margins."""
    from docx import Document  # noqa: PLC0415 — python-docx: 0.2 s at start-up, only when a pack is made
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT  # noqa: PLC0415 — loaded with the line above
    from docx.oxml.ns import qn  # noqa: PLC0415 — loaded with the line above
    from docx.shared import Cm, Mm, Pt  # noqa: PLC0415 — loaded with the line above

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(10)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    style.paragraph_format.space_after = Pt(0)

    def para(text: str = "", align=WD_ALIGN_PARAGRAPH.JUSTIFY, bold=False, before=0, indent=False):
        p = doc.add_paragraph()
        p.alignment = align
        p.paragraph_format.space_before = Pt(before)
        if indent:
            p.paragraph_format.first_line_indent = Cm(1.25)
        if text:
            p.add_run(text).bold = bold
        return p

    para("{{ org.full_name|upper }}", WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    para("{{ org.address }}", WD_ALIGN_PARAGRAPH.CENTER)
    line = para(before=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    line.paragraph_format.tab_stops.add_tab_stop(Cm(17), WD_TAB_ALIGNMENT.RIGHT)
    line.add_run("{{ today|date_num }}\t{{ org.city }}")
    para("СПРАВКА", WD_ALIGN_PARAGRAPH.CENTER, bold=True, before=24)
    para("Выдана {{ mentor|fio('дат') }} в том, что "
         "{% if mentor.registry_date %}с {{ mentor.registry_date|date_words }} {% endif %}"
         "{{ 'включён'|agree(mentor) }} в реестр наставников {{ org.short_name }} "
         "и участвует в программе наставничества по форме «{{ mentor.form }}».", before=12, indent=True)
    para("Справка выдана для представления по месту требования.", indent=True)
    sign = para(before=36, align=WD_ALIGN_PARAGRAPH.LEFT)
    sign.paragraph_format.tab_stops.add_tab_stop(Cm(17), WD_TAB_ALIGNMENT.RIGHT)
    sign.add_run("{{ director|position|upfirst }}\t{{ director|initials_first }}")
    doc.save(str(path))


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
docgen pack preview {name}    # картинки страниц для галереи ниже
```

## Шаблоны

<!-- docgen:gallery -->
<!-- /docgen:gallery -->
'''


def _test(name: str) -> str:
    return f'''"""Проверки набора: lint без ошибок и документы из примера реестра docgen."""

from pathlib import Path

from docgen import api
from docgen.packtools.lint import lint_pack

PACK = Path(__file__).resolve().parents[1] / "docgen_pack_{name}"


def test_lint_finds_no_errors():
    report = lint_pack(PACK)
    assert [str(p) for p in report.errors] == []
    assert report.rendered["{TEMPLATE_ID}"] > 0


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
        _build_docx(package / "templates" / f"{TEMPLATE_ID}.docx")
        (root / "tests" / "test_pack.py").write_text(_test(name), encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"Не удаётся создать набор в {root}: {os_reason(exc)}.") from None
    return root
