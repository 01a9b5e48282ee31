"""The benchmark's second template: written for neither docgen nor docxtpl.

Issue 19 asks for target 1 on a template *without* declension filters, because docgen's own
consent makes the docxtpl side slow for a reason that is not docxtpl's (the filters). So this
module builds, in the benchmark's temporary folder:

* a folder pack ``bench`` with one template, ``bench:lean_form`` — a 2-page notice to a minor's
  parent with ~25 plain fields (``{{ child.fio }}``, no filters at all) and a table whose rows
  loop over the «Школа наставников» sheet (``{%tr for s in mentor_school %}``), one document per
  minor on «Наставляемые»;
* the docxtpl loop as a user writes it (:data:`USER_LOOP`): openpyxl reads the workbook, the
  script finds each minor's first parent and formats the dates itself, then one
  ``DocxTemplate`` per record, ``render``, ``save``. It imports nothing from docgen.

Both sides print the same text (checked by :func:`visible_text` on a sample); the file names
are «CODE FIO.docx» on both sides.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

TEMPLATE_ID = "bench:lean_form"
FOLDER = "Уведомления"

PACK_YAML = """\
name: bench
version: 1.0.0
title: Шаблон бенчмарка (без фильтров склонения)
description: Написан ни для docgen, ни для docxtpl — одинаково работает в обоих.
author: benchmarks/lean.py
license: MIT
language: ru
docgen: ">=0.1,<0.2"
"""

SCHEMA_YAML = f"""\
id: lean_form
title: Уведомление родителю (бенчмарк)
kind: form
template: lean_form.docx
description: Два листа, ~25 полей без фильтров, таблица по листу «Школа наставников».
source:
  scope: rows
  sheet: mentees
  as: child
  where: {{minor: true}}
needs: [parents]
folder: {FOLDER}
filename: "{{{{ child.code }}}} {{{{ child.fio }}}}"
fields:
  - {{name: child.code, source: mentees.code, help: "Код."}}
  - {{name: child.fio, source: mentees.fio, help: "ФИО."}}
  - {{name: child.birth_date, source: mentees.birth_date, help: "Дата рождения."}}
  - {{name: child.form, source: mentees.form, help: "Форма наставничества."}}
  - {{name: child.request, source: mentees.request, help: "Запрос."}}
  - {{name: child.address, source: mentees.address, help: "Адрес."}}
  - {{name: child.doc, source: mentees.doc, help: "Документ."}}
  - {{name: child.parent, source: parents.fio, help: "Первый родитель."}}
  - {{name: child.parent.fio, source: parents.fio, help: "ФИО родителя."}}
  - {{name: child.parent.relation, source: parents.relation, help: "Кем приходится."}}
  - {{name: child.parent.address, source: parents.address, help: "Адрес родителя."}}
  - {{name: child.parent.passport_series, source: parents.passport_series, help: "Серия."}}
  - {{name: child.parent.passport_number, source: parents.passport_number, help: "Номер."}}
  - {{name: child.parent.passport_issued_by, source: parents.passport_issued_by, help: "Кем выдан."}}
  - {{name: child.parent.passport_date, source: parents.passport_date, help: "Дата выдачи."}}
  - {{name: child.parent.phone, source: parents.phone, help: "Телефон."}}
  - {{name: org.full_name, source: org.full_name, help: "Наименование."}}
  - {{name: org.short_name, source: org.short_name, help: "Сокращённое наименование."}}
  - {{name: org.address, source: org.address, help: "Адрес."}}
  - {{name: org.inn, source: org.inn, help: "ИНН."}}
  - {{name: org.ogrn, source: org.ogrn, help: "ОГРН."}}
  - {{name: org.phone, source: org.phone, help: "Телефон."}}
  - {{name: org.email, source: org.email, help: "Почта."}}
  - {{name: org.consent_term, source: org.consent_term, help: "Срок."}}
  - {{name: mentor_school, source: mentor_school.topic, help: "Занятия."}}
  - {{name: s.topic, source: mentor_school.topic, help: "Тема."}}
  - {{name: s.date, source: mentor_school.date, help: "Дата."}}
  - {{name: s.hours, source: mentor_school.hours, help: "Часов."}}
  - {{name: s.format, source: mentor_school.format, help: "Форма."}}
  - {{name: s.lead, source: mentor_school.lead, help: "Ведущий."}}
"""

FILLER = ("Программа наставничества реализуется в соответствии с Положением о наставничестве и дорожной "
          "картой внедрения целевой модели наставничества. Участие в программе добровольное; наставляемый и "
          "его родитель (законный представитель) вправе в любой момент обратиться к куратору программы с "
          "вопросами о ходе работы, о встречах с наставником и о результатах, а также отказаться от участия. ")


def build_template(path: Path, base: Path) -> None:
    """The .docx, made with python-docx from docgen's own blank (``base``: lean styles, A4,
    GOST margins) — as a school would type it in Word: plain ``{{ … }}`` tags, no filters."""
    from docx import Document
    from docx.shared import Pt

    doc = Document(str(base))
    body = doc.element.body
    for el in list(body):
        if not el.tag.endswith("}sectPr"):
            body.remove(el)
    add = doc.add_paragraph
    add("{{ org.full_name }}").runs[0].bold = True
    add("{{ org.address }}, ИНН {{ org.inn }}, ОГРН {{ org.ogrn }}, тел. {{ org.phone }}, {{ org.email }}")
    add("")
    add("УВЕДОМЛЕНИЕ").runs[0].bold = True
    add("об участии в программе наставничества")
    add("")
    add("{{ child.parent.relation }} {{ child.parent.fio }}, паспорт серия {{ child.parent.passport_series }} "
        "№ {{ child.parent.passport_number }}, выдан {{ child.parent.passport_issued_by }} "
        "{{ child.parent.passport_date }}, адрес регистрации: {{ child.parent.address }}, "
        "телефон {{ child.parent.phone }}.")
    add("Сообщаем, что {{ child.fio }} (код участника {{ child.code }}, дата рождения {{ child.birth_date }}, "
        "адрес регистрации: {{ child.address }}, документ: {{ child.doc }}) включён(а) в программу "
        "наставничества {{ org.short_name }} в форме «{{ child.form }}».")
    add("Запрос наставляемого: {{ child.request }}.")
    for _ in range(5):
        add(FILLER * 2)
    add("Для наставников проводятся занятия «Школы наставников»:")
    table = doc.add_table(rows=4, cols=5)
    table.style = doc.styles["Table Grid"] if "Table Grid" in [s.name for s in doc.styles] else None
    for cell, text in zip(table.rows[0].cells, ("Тема", "Дата", "Часов", "Форма", "Ведущий")):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for s in mentor_school %}"
    for cell, text in zip(table.rows[2].cells, ("{{ s.topic }}", "{{ s.date }}", "{{ s.hours }}",
                                                 "{{ s.format }}", "{{ s.lead }}")):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    add("")
    for _ in range(4):
        add(FILLER * 2)
    add("Сведения обрабатываются {{ org.short_name }} в течение срока: {{ org.consent_term }}.")
    add("")
    add("Родитель (законный представитель) ______________ / {{ child.parent.fio }} /")
    add("Дата «___» ____________ 20___ г.")
    for p in doc.paragraphs:
        for r in p.runs:
            r.font.size = Pt(12)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def build_pack(root: Path) -> Path:
    """The folder pack (``--pack root``) with the lean template; returns ``root``."""
    from docgen.packtools import scaffold

    (root / "schemas").mkdir(parents=True, exist_ok=True)
    (root / "pack.yaml").write_text(PACK_YAML, encoding="utf-8")
    (root / "schemas" / "lean_form.yaml").write_text(SCHEMA_YAML, encoding="utf-8")
    build_template(root / "templates" / "lean_form.docx", scaffold_base(scaffold))
    return root


def scaffold_base(scaffold) -> Path:
    """docgen's blank document for new templates (what `docgen pack add` starts from)."""
    assets = Path(scaffold.__file__).parent / "assets"
    found = sorted(assets.rglob("*.docx"))
    if not found:
        raise SystemExit(f"no blank .docx in {assets}")
    return found[0]


USER_LOOP = r'''"""A docxtpl mail merge as a user writes it: openpyxl + one DocxTemplate per record.

Usage: python user_loop.py REGISTRY TEMPLATE OUT_DIR AS_OF(dd.mm.yyyy)
"""
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
from docxtpl import DocxTemplate

registry, template, out_dir = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
as_of = datetime.strptime(sys.argv[4], "%d.%m.%Y").date()


def fmt(value):
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return "" if value is None else value


def table(ws):
    rows = ws.iter_rows(values_only=True)
    header = [str(h).strip().rstrip("*").strip() if h is not None else "" for h in next(rows)]
    return [dict(zip(header, row)) for row in rows if any(v not in (None, "") for v in row)]


wb = openpyxl.load_workbook(registry, read_only=True, data_only=True)
org_rows = {str(k).strip().rstrip("*").strip(): v for k, v, *_ in wb["Организация"].iter_rows(min_row=2, values_only=True) if k}
org = {"full_name": org_rows["Полное наименование"], "short_name": org_rows["Сокращённое наименование"],
       "address": org_rows["Юридический адрес"], "inn": org_rows["ИНН"], "ogrn": org_rows["ОГРН"],
       "phone": org_rows["Телефон"], "email": org_rows["Электронная почта"],
       "consent_term": org_rows["Срок действия согласий"]}
school = [{"topic": r["Тема"], "date": fmt(r["Дата"]), "hours": fmt(r["Часов"]), "format": r["Форма занятия"],
           "lead": r["Ведущий"]} for r in sorted(table(wb["Школа наставников"]), key=lambda r: r["Дата"])]
parents = {}
for r in table(wb["Родители"]):
    parents.setdefault(r["Ребёнок"], {
        "fio": fmt(r["ФИО"]), "relation": fmt(r["Кем приходится"]), "address": fmt(r["Адрес регистрации"]),
        "passport_series": fmt(r["Документ — серия"]), "passport_number": fmt(r["Документ — номер"]),
        "passport_issued_by": fmt(r["Документ — кем выдан"]), "passport_date": fmt(r["Документ — дата выдачи"]),
        "phone": fmt(r["Телефон"])})
folder = out_dir / "Уведомления"
folder.mkdir(parents=True, exist_ok=True)
made = 0
for r in table(wb["Наставляемые"]):
    born = r["Дата рождения"].date()
    age = as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))
    if age >= 18:
        continue
    child = {"code": fmt(r["Код"]), "fio": fmt(r["ФИО"]), "birth_date": fmt(born),
             "form": fmt(r["Форма наставничества"]), "request": fmt(r["Запрос"]),
             "address": fmt(r["Адрес регистрации"]), "doc": fmt(r["Документ ребёнка"]),
             "parent": parents.get(r["Код"], {})}
    doc = DocxTemplate(template)
    doc.render({"child": child, "org": org, "mentor_school": school}, autoescape=True)
    doc.save(folder / f"{child['code']} {child['fio']}.docx")
    made += 1
print(made)
'''

_TAG = re.compile(rb"<[^>]+>")


def visible_text(docx: Path) -> str:
    """The text of word/document.xml, paragraphs and cells on their own lines, entities as
    written (both sides escape the same way), whitespace collapsed: enough to tell whether two
    documents say the same thing."""
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml")
    xml = re.sub(rb"</w:p>|</w:tc>", b"\n", xml)
    text = _TAG.sub(b"", xml).decode("utf-8")
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
