"""Build the built-in .docx templates with python-docx.

The templates in templates/ are ordinary Word documents and may be edited by hand in Word
or LibreOffice; this script is how the built-in ones were made, kept so that the layout
(ГОСТ Р 7.0.97: margins, Times New Roman, header requisites, repeated table headers) is
reviewable as code. Run: python scripts/build_templates.py [TEMPLATE_ID ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "templates"
FONT = "Times New Roman"
CENTER, LEFT, RIGHT, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT,
                                WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY)


def new_document(size: int = 14) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(10)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(size)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
    table_style = doc.styles["Table Grid"]
    table_style.font.name = FONT
    table_style.font.size = Pt(size - 2)
    return doc


def para(doc_or_cell, text: str = "", *, align=JUSTIFY, bold: bool = False, indent: bool = False,
         before: float = 0, after: float = 0, size: float | None = None, keep_next: bool = False,
         italic: bool = False):
    p = doc_or_cell.add_paragraph()
    p.alignment = align
    pf = p.paragraph_format
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    if indent:
        pf.first_line_indent = Cm(1.25)
    if keep_next:
        pf.keep_with_next = True
    if text:
        run = p.add_run(text)
        run.bold = bold
        run.italic = italic
        if size:
            run.font.size = Pt(size)
    return p


def tag(doc, text: str):
    """A paragraph holding only a {%p … %} tag: docxtpl removes the whole paragraph."""
    p = doc.add_paragraph()
    p.add_run(text)
    return p


def page_break(doc):
    p = doc.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)


def repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def cant_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def set_widths(table, widths_cm: list[float]) -> None:
    """Column widths for Word (cell tcW) and LibreOffice (tblGrid), with a fixed layout."""
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)


def cell_text(cell, text: str, *, bold: bool = False, align=LEFT, size: float | None = None) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    run = p.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)


def tab_line(doc, left: str, right: str, *, before: float = 0, after: float = 0):
    """Left text and right text on one line (a right tab stop at the text edge)."""
    p = para(doc, align=LEFT, before=before, after=after)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(17), WD_TAB_ALIGNMENT.RIGHT)
    p.add_run(left)
    p.add_run("\t")
    p.add_run(right)
    return p


def appendix_mark(doc, number: int) -> None:
    for line in (f"Приложение № {number}",
                 "к приказу {{ org.short_name }}",
                 "от {{ order.date|date_num }} № {{ order.number }}"):
        para(doc, line, align=LEFT, size=12).paragraph_format.left_indent = Cm(10)
    para(doc, after=6)


# --------------------------------------------------------------------------- order_intro


def build_order_intro() -> Path:
    doc = new_document(14)
    tag(doc, "{%p if org.founder %}")
    para(doc, "{{ org.founder }}", align=CENTER, size=12)
    tag(doc, "{%p endif %}")
    para(doc, "{{ org.full_name|upper }}", align=CENTER, bold=True, size=12)
    para(doc, "ПРИКАЗ", align=CENTER, bold=True, before=18, after=12, size=16)
    tab_line(doc, "{{ order.date|date_quoted }}", "№\u00a0{{ order.number }}")
    para(doc, "{{ org.city }}", align=CENTER, before=6, after=12, size=12)
    p = para(doc, "О внедрении целевой модели наставничества", align=LEFT, bold=True, after=12)
    p.paragraph_format.right_indent = Cm(9)

    para(doc, (
        "Во исполнение распоряжения Министерства просвещения Российской Федерации от 25.12.2019 "
        "№\u00a0Р-145 «Об утверждении методологии (целевой модели) наставничества обучающихся для "
        "организаций, осуществляющих образовательную деятельность по общеобразовательным, "
        "дополнительным общеобразовательным и программам среднего профессионального образования, "
        "в том числе с применением лучших практик обмена опытом между обучающимися»"
        "{% if org.basis_number %}, на основании {{ org.basis_kind|position('род') }} от {{ org.basis_date|date_num }} "
        "№\u00a0{{ org.basis_number }}{% if org.basis_title %} «{{ org.basis_title }}»{% endif %}{% endif %}, "
        "в целях раскрытия потенциала личности обучающихся и профессионального роста педагогических "
        "работников {{ org.short_name }}"
    ), indent=True)
    para(doc, "ПРИКАЗЫВАЮ:", align=LEFT, bold=True, before=12, after=12)

    points = [
        "1.\u00a0Внедрить в {{ org.short_name }} целевую модель наставничества в период "
        "с {{ org.period_start }} по {{ org.period_end }} год.",
        "2.\u00a0Назначить {{ curator|position('вин') }} {{ curator|fio('вин') }} "
        "куратором внедрения целевой модели наставничества, "
        "{{ 'ответственный'|agree(curator, 'тв') }} за взаимодействие с муниципальным центром "
        "наставничества.",
        "3.\u00a0Утвердить состав рабочей группы по внедрению целевой модели наставничества "
        "(приложение №\u00a01).",
        "4.\u00a0Утвердить дорожную карту (план мероприятий) внедрения целевой модели наставничества "
        "на {{ org.period_start }}–{{ org.period_end }} годы (приложение №\u00a02).",
        "5.\u00a0{{ curator|position('дат')|upfirst }} {{ curator|initials('дат') }}:",
        "5.1.\u00a0в месячный срок подготовить проект положения о наставничестве в {{ org.short_name }};",
        "5.2.\u00a0сформировать базы наставников и наставляемых и представить их на утверждение;",
        "5.3.\u00a0обеспечить выполнение дорожной карты и ежегодно представлять отчёт о результатах "
        "мониторинга реализации программ наставничества.",
        "6.\u00a0Руководителю рабочей группы организовать её работу в соответствии с дорожной картой.",
    ]
    for text in points:
        para(doc, text, indent=True)
    tag(doc, "{%p if org.tech_support %}")
    para(doc, "7.\u00a0{{ org.tech_support|position('дат')|upfirst }} {{ org.tech_support|initials('дат') }} "
              "разместить настоящий приказ на официальном сайте {{ org.short_name }}"
              "{% if org.website %} ({{ org.website }}){% endif %} в течение трёх рабочих дней со дня "
              "его подписания.", indent=True)
    tag(doc, "{%p endif %}")
    para(doc, "{{ 8 if org.tech_support else 7 }}.\u00a0Контроль за исполнением приказа оставляю за собой.",
         indent=True)

    tab_line(doc, "{{ director|position|upfirst }}", "{{ director|initials_first }}", before=36, after=24)

    tag(doc, "{%p set acquainted = ([curator, org.tech_support] + working_group|map(attribute='member')|list)|unique_people|reject('sameas', director)|list %}")
    para(doc, "С приказом {{ 'ознакомлен'|agree(acquainted) }}:", align=LEFT, after=6, keep_next=True)
    table = doc.add_table(rows=3, cols=3)
    cells = table.rows[0].cells
    cells[0].paragraphs[0].add_run("{%tr for p in acquainted %}")
    row = table.rows[1].cells
    cell_text(row[0], "{{ p|initials }}")
    cell_text(row[1], "_______________", align=CENTER)
    cell_text(row[2], "«___» __________ 20___ г.", align=RIGHT)
    table.rows[2].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    set_widths(table, [6.0, 4.5, 6.5])

    # Appendix 1: working group
    page_break(doc)
    appendix_mark(doc, 1)
    para(doc, "Состав рабочей группы по внедрению целевой модели наставничества", align=CENTER, bold=True,
         after=12)
    table = doc.add_table(rows=4, cols=5)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ["№ п/п", "ФИО", "Должность", "Роль в группе", "Обязанности"]):
        cell_text(cell, text, bold=True, align=CENTER)
    repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for m in working_group %}")
    row = table.rows[2].cells
    cell_text(row[0], "{{ loop.index }}.", align=CENTER)
    cell_text(row[1], "{% if m.member %}{{ m.member|initials }}{% else %}(вакансия){% endif %}")
    cell_text(row[2], "{{ m.position }}")
    cell_text(row[3], "{{ m.role }}")
    cell_text(row[4], "{{ m.duties }}")
    cant_split(table.rows[2])
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    set_widths(table, [1.2, 4.2, 3.6, 3.6, 4.4])

    # Appendix 2: roadmap
    page_break(doc)
    appendix_mark(doc, 2)
    para(doc, "Дорожная карта (план мероприятий) внедрения целевой модели наставничества "
              "в {{ org.short_name }} на {{ org.period_start }}–{{ org.period_end }} годы",
         align=CENTER, bold=True, after=12)
    table = doc.add_table(rows=7, cols=5)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells,
                          ["№ п/п", "Мероприятие", "Срок", "Ответственный", "Результат, вид документа"]):
        cell_text(cell, text, bold=True, align=CENTER)
    repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for s in roadmap %}")
    merged = table.rows[2].cells[0].merge(table.rows[2].cells[4])
    cell_text(merged, "{{ s.number }}. {{ s.title }}", bold=True, align=CENTER)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr for e in s.events %}")
    row = table.rows[4].cells
    cell_text(row[0], "{{ e.number }}", align=CENTER)
    cell_text(row[1], "{{ e.event }}")
    cell_text(row[2], "{{ e.deadline }}")
    cell_text(row[3], "{{ e.responsible }}")
    cell_text(row[4], "{{ e.result }}")
    cant_split(table.rows[4])
    table.rows[5].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    table.rows[6].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    set_widths(table, [1.3, 6.4, 3.0, 3.0, 3.3])

    path = OUT / "order_intro.docx"
    doc.save(path)
    return path


# --------------------------------------------------------------------------- consent_parent

CONSENT_ITEMS = [
    # 152-ФЗ art. 9 part 4 items, in the law's order; the markers in comments name the item.
    # 2: the representative (who signs)
    "Я, {{ p.fio }}, паспорт серия {{ p.passport_series }} №\u00a0{{ p.passport_number }}, выдан "
    "{{ p.passport_issued_by }} {{ p.passport_date|date_num }}, {{ 'зарегистрированный'|agree(p) }} по адресу: "
    "{{ p.address }}, являясь {{ p.relation|position('тв') }} (законным представителем) "
    "{{ 'несовершеннолетний'|agree(child, 'род') }}",
    # 1: the subject (the child)
    "{{ child|fio('род') }}, {{ child.birth_date|date_num }} года рождения, "
    "{{ 'обучающийся'|agree(child, 'род') }} {{ child|klass('род') }}{% if child.doc %}, документ, "
    "удостоверяющий личность: {{ child.doc }}{% endif %}{% if child.address %}, адрес регистрации: "
    "{{ child.address }}{% endif %} (далее — ребёнок), на основании документа, подтверждающего "
    "полномочия: {{ p.authority_doc }},",
    # 3: operator
    "в соответствии со статьёй 9 Федерального закона от 27.07.2006 №\u00a0152-ФЗ «О персональных данных» "
    "даю согласие оператору — {{ org.full_name }} (ИНН {{ org.inn }}, ОГРН {{ org.ogrn }}), адрес: "
    "{{ org.address }} (далее — оператор), на обработку персональных данных ребёнка и моих "
    "персональных данных на следующих условиях.",
]


def build_consent_parent() -> Path:
    doc = new_document(12)
    tag(doc, "{%p set p = child.parent %}")
    para(doc, "СОГЛАСИЕ", align=CENTER, bold=True)
    para(doc, "родителя (законного представителя) на обработку персональных данных "
              "несовершеннолетнего участника программы наставничества", align=CENTER, bold=True, after=12)
    para(doc, " ".join(CONSENT_ITEMS), indent=True)
    clauses = [
        # 4: purpose
        "1.\u00a0Цель обработки: организация участия ребёнка в программе наставничества "
        "{{ org.short_name }} (форма наставничества «{{ child.form }}»): формирование базы "
        "наставляемых, закрепление наставнических пар и групп, ведение документов программы, "
        "мониторинг и оценка её результатов.",
        # 5: list of data
        "2.\u00a0Перечень персональных данных: фамилия, имя, отчество ребёнка; дата рождения; класс; "
        "адрес регистрации; сведения о документе, удостоверяющем личность; сведения об участии в "
        "программе наставничества (форма, наставник, сроки, результаты, ответы на анкеты); мои "
        "фамилия, имя, отчество, адрес, паспортные данные, сведения о документе, подтверждающем "
        "полномочия, номер телефона и адрес электронной почты.",
        # 7: actions and methods
        "3.\u00a0Перечень действий: сбор, запись, систематизация, накопление, хранение, уточнение "
        "(обновление, изменение), извлечение, использование, передача (предоставление, доступ) "
        "в случаях, предусмотренных законодательством Российской Федерации, обезличивание, "
        "блокирование, удаление, уничтожение. Способ обработки: смешанный — с использованием "
        "средств автоматизации и без их использования.",
        # 6: processor on the operator's instruction
        "4.\u00a0Обработка персональных данных по поручению оператора другим лицам не поручается; "
        "если такое поручение потребуется, оператор сообщит мне наименование и адрес этого лица.",
        # 8: term and withdrawal
        "5.\u00a0Согласие действует {{ org.consent_term }}. Я могу отозвать согласие в любое время, "
        "направив оператору письменное заявление по адресу: {{ org.address }}"
        "{% if org.email %} или по электронной почте {{ org.email }}{% endif %}. После отзыва "
        "согласия оператор прекращает обработку и уничтожает персональные данные в срок, "
        "установленный частью 5 статьи 21 Федерального закона «О персональных данных».",
        "6.\u00a0Подтверждаю, что действую в интересах ребёнка и {{ 'ознакомлен'|agree(p) }} "
        "с правами субъекта персональных данных, предусмотренными "
        "главой 3 Федерального закона «О персональных данных».",
    ]
    for text in clauses:
        para(doc, text, indent=True)
    # 9: signature
    tab_line(doc, "«___» ____________ 20___ г.", "____________ / {{ p|initials_first }}", before=24)
    para(doc, "(подпись)", align=RIGHT, size=9).paragraph_format.right_indent = Cm(4)
    tag(doc, "{%p if child.child_signs %}")
    para(doc, "С согласием {{ 'ознакомлен'|agree(child) }}, против обработки моих персональных данных "
              "на указанных условиях не возражаю:", indent=True, before=18)
    tab_line(doc, "«___» ____________ 20___ г.", "____________ / {{ child|initials_first }}", before=12)
    tag(doc, "{%p endif %}")
    path = OUT / "consent_parent.docx"
    doc.save(path)
    return path


# --------------------------------------------------------------------------- consent_tracking


def build_consent_tracking() -> Path:
    """One sheet per class: who got a consent form, when it came back, the parent's signature."""
    doc = new_document(12)
    para(doc, "{{ org.short_name }}", align=CENTER)
    para(doc, "ЛИСТ УЧЁТА", align=CENTER, bold=True, before=12)
    para(doc, "согласий родителей (законных представителей) на обработку персональных данных "
              "несовершеннолетних участников программы наставничества", align=CENTER, bold=True, after=12)
    tab_line(doc, "{{ klass.value|klass|upfirst }}",
             "Учащихся в списке: {{ klass.rows|length }}", after=2)
    para(doc, "Классный руководитель: ____________________________________________", align=LEFT, after=10)
    table = doc.add_table(rows=4, cols=7)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    headers = ["№", "ФИО обучающегося", "ФИО родителя (законного представителя)",
               "Бланк выдан", "Согласие получено", "Подпись родителя", "Отметка"]
    for cell, text in zip(table.rows[0].cells, headers):
        cell_text(cell, text, bold=True, align=CENTER, size=10)
    repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for c in klass.rows %}")
    row = table.rows[2]
    cant_split(row)
    cells = row.cells
    cell_text(cells[0], "{{ loop.index }}", align=CENTER, size=10)
    cell_text(cells[1], "{{ c.fio }}", size=10)
    cell_text(cells[2], "{{ c.parent.fio if c.parent else '' }}", size=10)
    cell_text(cells[3], "{{ c.consent_issued|date_num }}", align=CENTER, size=10)
    cell_text(cells[4], "{{ c.consent_date|date_num }}", align=CENTER, size=10)
    cell_text(cells[5], "", size=10)
    cell_text(cells[6], "{{ '' if c.consent_date else 'нет' }}", align=CENTER, size=10)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    set_widths(table, [0.8, 4.0, 4.2, 2.0, 2.0, 2.1, 1.9])
    para(doc, "Выдано бланков: {{ klass.rows|selectattr('consent_issued')|list|length }}; "
              "получено согласий: {{ klass.rows|selectattr('consent_date')|list|length }}; "
              "не получено: {{ klass.rows|rejectattr('consent_date')|list|length }}.", align=LEFT, before=12)
    para(doc, "Сведения на {{ today|date_num }}. Подписанные согласия хранятся у ответственного за "
              "обработку персональных данных; лист учёта — вместе с ними.", align=LEFT, size=10, before=4)
    tab_line(doc, "Ответственный", "____________ / ______________________", before=24)
    path = OUT / "consent_tracking.docx"
    doc.save(path)
    return path


# Template families, one module each beside this script; each has BUILDERS = {id: build}.
FAMILIES = ("templates_orders", "templates_documents", "templates_consents", "templates_agreements",
            "templates_protocols", "templates_forms", "templates_programme", "templates_registers",
            "templates_reports")


def builders() -> dict:
    """Every template's builder by id: the three here and those of the family modules."""
    import importlib

    found = {"order_intro": build_order_intro, "consent_parent": build_consent_parent,
             "consent_tracking": build_consent_tracking}
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for name in FAMILIES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        found.update(module.BUILDERS)
    return found


def main(argv: list[str] | None = None) -> int:
    """Build the named templates (all when none is named). Rebuilding rewrites a .docx's bytes
    even when nothing changed, so build only what you edited."""
    argv = sys.argv[1:] if argv is None else argv
    OUT.mkdir(exist_ok=True)
    table = builders()
    unknown = [a for a in argv if a not in table]
    if unknown:
        print(f"unknown template(s): {', '.join(unknown)}; known: {', '.join(sorted(table))}", file=sys.stderr)
        return 2
    for template_id in argv or list(table):
        print(table[template_id]())
    return 0


if __name__ == "__main__":
    sys.exit(main())
