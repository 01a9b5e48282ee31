"""Build the Энский район pack's templates (python-docx). Run: python build_templates.py

order_intro.docx is the built-in order on the district's letterhead: the same text, a fixed
district header instead of the «Учредитель» line, and the school's district code. It keeps the
built-in id on purpose, so `docgen make order_intro` asks which pack is meant.
"""

from __future__ import annotations

import copy
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

HERE = Path(__file__).resolve().parent
OUT = HERE / "docgen_pack_ensk" / "templates"
BUILTIN = HERE.parents[2] / "templates" / "order_intro.docx"


def order_intro() -> None:
    doc = Document(str(BUILTIN))
    paras = doc.paragraphs
    assert paras[0].text.startswith("{%p if org.founder"), "the built-in order changed: update this script"
    # «Учредитель» block → the district's fixed two-line header.
    paras[0].runs[0].text = "АДМИНИСТРАЦИЯ ЭНСКОГО РАЙОНА"
    paras[1].runs[0].text = "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ"
    paras[0].alignment = paras[1].alignment
    for run in (*paras[0].runs, *paras[1].runs):
        run.bold = True
        run.font.size = Pt(12)
    paras[2]._element.getparent().remove(paras[2]._element)
    # After the school's name: its district code, when the registry has it.
    name = doc.paragraphs[2]
    code = copy.deepcopy(name._element)
    name._element.addnext(code)
    from docx.text.paragraph import Paragraph

    code_p = Paragraph(code, name._parent)
    for run in code_p.runs[1:]:
        run._element.getparent().remove(run._element)
    code_p.runs[0].text = "{% if org.district_code %}(код в районе {{ org.district_code }}){% endif %}"
    code_p.runs[0].bold = False
    code_p.runs[0].font.size = Pt(11)
    doc.save(str(OUT / "order_intro.docx"))


def report_municipal() -> None:
    doc = Document()
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.left_margin, s.right_margin, s.top_margin, s.bottom_margin = Mm(30), Mm(10), Mm(20), Mm(20)
    st = doc.styles["Normal"]
    st.font.name, st.font.size = "Times New Roman", Pt(14)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    st.paragraph_format.space_after = Pt(0)
    doc.styles["Table Grid"].font.size = Pt(12)

    def para(text="", align=WD_ALIGN_PARAGRAPH.JUSTIFY, bold=False, before=0, indent=False, left=None):
        p = doc.add_paragraph()
        p.alignment = align
        p.paragraph_format.space_before = Pt(before)
        if indent:
            p.paragraph_format.first_line_indent = Cm(1.25)
        if left is not None:
            p.paragraph_format.left_indent = Cm(left)
        if text:
            p.add_run(text).bold = bold
        return p

    para("В муниципальный центр наставничества", WD_ALIGN_PARAGRAPH.LEFT, left=9)
    para("управления образования администрации Энского района", WD_ALIGN_PARAGRAPH.LEFT, left=9)
    para("ИНФОРМАЦИЯ", WD_ALIGN_PARAGRAPH.CENTER, bold=True, before=24)
    para("о реализации целевой модели наставничества в {{ org.short_name }}"
         "{% if org.district_code %} (код в районе {{ org.district_code }}){% endif %} "
         "на {{ today|date_num }}", WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    para("Период внедрения: {{ org.period_start }}–{{ org.period_end }} годы. Куратор внедрения: "
         "{{ curator|fio }}, {{ curator|position }}.", before=12, indent=True)

    rows = [
        ("Наставников в реестре", "{{ mentors|length }}"),
        ("из них педагогов", "{{ mentors|selectattr('category', 'equalto', 'педагог')|list|length|share(mentors|length) }}"),
        ("из них обучающихся", "{{ mentors|selectattr('category', 'equalto', 'обучающийся')|list|length|share(mentors|length) }}"),
        ("Наставляемых", "{{ mentees|length }}"),
        ("из них несовершеннолетних", "{{ minors|length|share(mentees|length) }}"),
        ("Наставнических пар (групп), всего", "{{ pairs|length }}"),
        ("из них действующих", "{{ pairs|selectattr('status', 'equalto', 'действует')|list|length|share(pairs|length) }}"),
    ]
    table = doc.add_table(rows=1, cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, ("Показатель", "Значение")):
        cell.paragraphs[0].add_run(text).bold = True
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label)
        cells[1].paragraphs[0].add_run(value)
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), (Cm(11), Cm(6))):
        col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Cm(11), Cm(6)

    para("Пары по формам наставничества:", before=12, indent=True)
    para("{%p for form in ['ученик – ученик', 'учитель – учитель', 'студент – ученик', 'работодатель – ученик'] %}")
    para("«{{ form }}» — {{ pairs|selectattr('form', 'equalto', form)|list|length|share(pairs|length) }}"
         "{{ '.' if loop.last else ';' }}", indent=True)
    para("{%p endfor %}")
    sign = para(before=36, align=WD_ALIGN_PARAGRAPH.LEFT)
    sign.paragraph_format.tab_stops.add_tab_stop(Cm(17), WD_TAB_ALIGNMENT.RIGHT)
    sign.add_run("{{ director|position|upfirst }}\t{{ director|initials_first }}")
    doc.save(str(OUT / "report_municipal.docx"))


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    order_intro()
    report_municipal()
