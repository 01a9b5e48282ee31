"""Built-in templates: the regulation, the plans, the lists and the letter to employers.

regulation — Положение о наставничестве; roadmap — дорожная карта с грифом «УТВЕРЖДАЮ»;
working_group_list — состав рабочей группы; kpi_plan — планируемые результаты (показатели
эффективности) с фактическими значениями по реестру; partners_list — перечень
организаций-партнёров; letter_employer — письмо-обращение к работодателю (по строке листа
«Партнёры»). Layout conventions are those of build_templates.py (ГОСТ Р 7.0.97 margins,
Times New Roman, table rows looped with {%tr %}, header rows repeated on every page).
Run: python scripts/build_templates.py regulation roadmap …
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_TAB_ALIGNMENT  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm, Mm, Pt  # noqa: E402

from build_templates import (  # noqa: E402
    CENTER, JUSTIFY, LEFT, OUT, cant_split, cell_text, new_document, para, repeat_header,
    set_widths, tab_line, tag,
)

NB = "\u00a0"
BLANK_DATE = "«___» __________ 20___ г."


def _landscape(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)


def _block(doc, lines: list[str], *, indent_cm: float = 9.5, bold_first: bool = True, after: float = 12,
           size: float | None = None) -> None:
    """A requisite block at the right (гриф утверждения, адресат): lines ≤ 7.5 cm."""
    for i, line in enumerate(lines):
        p = para(doc, line, align=LEFT, bold=bold_first and i == 0, size=size,
                 after=after if i == len(lines) - 1 else 0)
        p.paragraph_format.left_indent = Cm(indent_cm)


def _ref(template_id: str, prefix: str = "от ") -> str:
    """«от 03.09.2025 № 124-од» from the journal entry of ``template_id`` (no guard)."""
    entry = f"order_of['{template_id}']"
    return f"{prefix}{{{{ {entry}.date|date_num }}}} №{NB}{{{{ {entry}.number }}}}"


def _order_ref(template_id: str, prefix: str = "от ") -> str:
    """The same reference, or blanks when the journal has no entry of ``template_id``."""
    return (f"{{% if '{template_id}' in order_of %}}{_ref(template_id, prefix)}"
            f"{{% else %}}{prefix}____________ №{NB}________{{% endif %}}")


def _borderless(table) -> None:
    """No borders: python-docx's default table style has none, this makes it explicit."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _cell_lines(cell, lines: list[str], *, bold_first: bool = False, align=LEFT, size: float | None = None) -> None:
    for i, line in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.alignment = align
        run = p.add_run(line)
        run.bold = bold_first and i == 0
        if size:
            run.font.size = Pt(size)


def _table_font(table, size: float) -> None:
    """Explicit run size in every cell: LibreOffice prints cell text in the paragraph style's
    size, not the table style's, so a smaller table font has to be set on the runs."""
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(size)


def _heading(doc, text: str) -> None:
    para(doc, text, align=CENTER, bold=True, before=12, after=6, keep_next=True)


def _points(doc, items: list[str]) -> None:
    for text in items:
        para(doc, text, indent=True)


def _dashes(doc, items: list[str]) -> None:
    """A list inside a point: «– item;» … «– item.»."""
    for i, text in enumerate(items):
        end = "." if i == len(items) - 1 else ";"
        para(doc, f"–{NB}{text}{end}", indent=True)


# --------------------------------------------------------------------------- regulation

FORMS = ("{%p set forms = (pairs|map(attribute='form')|list + mentors|map(attribute='form')|list)"
         "|reject('none')|unique|list %}")


def build_regulation() -> Path:
    doc = new_document(13)
    table = doc.add_table(rows=1, cols=2)
    _borderless(table)
    left, right = table.rows[0].cells
    _cell_lines(left, [
        "ПРИНЯТО",
        "на заседании педагогического совета",
        "{{ org.short_name }}",
        "протокол от {% if org.council_protocol_date %}{{ org.council_protocol_date|date_num }}"
        "{% else %}____________{% endif %} №" + NB
        + "{% if org.council_protocol_number %}{{ org.council_protocol_number }}{% else %}______{% endif %}",
    ], bold_first=True, size=12)
    _cell_lines(right, [
        "УТВЕРЖДЕНО",
        "приказом {{ org.short_name }}",
        _order_ref("order_regulation"),
    ], bold_first=True, size=12)
    set_widths(table, [8.5, 8.5])
    right.paragraphs[0].paragraph_format.left_indent = Cm(1.5)
    for p in right.paragraphs:
        p.paragraph_format.left_indent = Cm(1.5)

    para(doc, "ПОЛОЖЕНИЕ", align=CENTER, bold=True, before=24)
    para(doc, "о наставничестве в {{ org.short_name }}", align=CENTER, bold=True, after=12)

    _heading(doc, "1. Общие положения")
    _points(doc, [
        "1.1. Настоящее Положение определяет цели, задачи, формы и порядок организации наставничества "
        "в {{ org.short_name }} (далее — школа) при внедрении целевой модели наставничества обучающихся "
        "(далее — целевая модель).",
        "1.2. Положение разработано в соответствии с:",
    ])
    basis = [
        "Федеральным законом от 29.12.2012 №" + NB + "273-ФЗ «Об образовании в Российской Федерации»",
        "распоряжением Министерства просвещения Российской Федерации от 25.12.2019 №" + NB + "Р-145 "
        "«Об утверждении методологии (целевой модели) наставничества обучающихся для организаций, "
        "осуществляющих образовательную деятельность по общеобразовательным, дополнительным "
        "общеобразовательным и программам среднего профессионального образования, в том числе "
        "с применением лучших практик обмена опытом между обучающимися»",
        "письмом Министерства просвещения Российской Федерации от 23.01.2020 №" + NB + "МР-42/02 "
        "«О направлении целевой модели наставничества и методических рекомендаций»",
    ]
    for text in basis:
        para(doc, f"–{NB}{text};", indent=True)
    tag(doc, "{%p if org.basis_number %}")
    para(doc, f"–{NB}{{{{ org.basis_kind|position('тв') }}}} от {{{{ org.basis_date|date_num }}}} №{NB}{{{{ org.basis_number }}}}"
              "{% if org.basis_title %} «{{ org.basis_title }}»{% endif %};", indent=True)
    tag(doc, "{%p endif %}")
    para(doc, f"–{NB}Уставом школы.", indent=True)
    para(doc, "1.3. В Положении используются следующие понятия:", indent=True)
    _dashes(doc, [
        "наставничество — передача опыта, знаний и навыков от наставника наставляемому в ходе их "
        "систематического взаимодействия, основанного на доверии и партнёрстве",
        "наставник — участник программы наставничества, имеющий успешный опыт в достижении "
        "результата, нужного наставляемому, и готовый им поделиться",
        "наставляемый — участник программы наставничества, который во взаимодействии с наставником "
        "получает новые знания, навыки и опыт",
        "форма наставничества — способ организации наставничества, определяемый ролями участников "
        "(например, «ученик – ученик», «учитель – учитель»)",
        "программа наставничества — комплекс мероприятий, направленный на достижение наставляемым "
        "определённого результата в установленный срок",
        "куратор — работник школы, отвечающий за организацию программ наставничества",
        "целевая модель — система условий, ресурсов и процессов, необходимых для реализации "
        "программ наставничества в школе",
    ])

    _heading(doc, "2. Цели и задачи наставничества")
    _points(doc, [
        "2.1. Цель наставничества — раскрытие потенциала личности наставляемого, необходимое для его "
        "успешной личной и профессиональной самореализации, и профессиональный рост педагогических "
        "работников школы.",
        "2.2. Задачи наставничества:",
    ])
    _dashes(doc, [
        "повышение образовательных, творческих и спортивных результатов обучающихся",
        "подготовка обучающихся к осознанному выбору профессии и самостоятельной жизни",
        "адаптация молодых и вновь принятых педагогов, развитие их профессиональных компетенций",
        "создание в школе открытой среды обмена опытом между обучающимися, педагогами и партнёрами",
        "привлечение организаций-партнёров к реализации программ наставничества",
    ])

    _heading(doc, "3. Организационные основы наставничества")
    tag(doc, FORMS)
    _points(doc, [
        "3.1. Наставничество организуется на основании настоящего Положения, приказов директора школы "
        "и дорожной карты внедрения целевой модели на {{ org.period_start }}–{{ org.period_end }} годы.",
        "3.2. Общее руководство внедрением целевой модели осуществляет директор школы. Организацию "
        "программ наставничества обеспечивает куратор; функции куратора возлагаются приказом "
        "директора на {{ curator|position('вин') }}.",
        "3.3. Куратор формирует базы наставников и наставляемых, организует отбор и обучение "
        "наставников, готовит проекты приказов о закреплении наставнических пар и групп, контролирует "
        "выполнение программ, проводит мониторинг и представляет директору отчёт о его результатах.",
        "3.4. Подготовку и сопровождение внедрения целевой модели обеспечивает рабочая группа, состав "
        "которой утверждается приказом директора"
        "{% if 'order_working_group' in order_of %} (приказ " + _ref("order_working_group")
        + "){% endif %}.",
        "{% if forms %}3.5. В школе наставничество осуществляется в "
        "{{ 'форме' if forms|length == 1 else 'формах' }} "
        "{% for f in forms %}«{{ f }}»{{ '' if loop.last else ', ' }}{% endfor %}. "
        "{% else %}3.5. {% endif %}"
        "Формы наставничества и программы выбираются с учётом запросов наставляемых и возможностей школы.",
        "3.6. Наставниками могут быть педагогические работники, обучающиеся, выпускники, студенты и "
        "работники организаций-партнёров. Участие в программе наставничества добровольно. "
        "Несовершеннолетние участвуют в программе с письменного согласия родителя (законного "
        "представителя); их персональные данные обрабатываются с его согласия.",
    ])

    _heading(doc, "4. Права и обязанности наставника")
    para(doc, "4.1. Наставник обязан:", indent=True)
    _dashes(doc, [
        "составить вместе с наставляемым план работы (индивидуальный план развития) и выполнять его",
        "регулярно встречаться с наставляемым, помогать ему ставить цели и достигать их",
        "передавать наставляемому опыт и знания, поддерживать его инициативу и самостоятельность",
        "соблюдать конфиденциальность сведений о наставляемом, ставших известными в ходе работы",
        "участвовать в мониторинге и оценке результатов программы",
    ])
    para(doc, "4.2. Наставник имеет право:", indent=True)
    _dashes(doc, [
        "вносить куратору предложения по совершенствованию программы наставничества",
        "привлекать с согласия куратора других специалистов для решения задач наставляемого",
        "проходить обучение в «Школе наставников» и участвовать в мероприятиях по обмену опытом",
        "просить куратора о замене наставляемого или о прекращении программы по уважительной причине",
    ])

    _heading(doc, "5. Права и обязанности наставляемого")
    para(doc, "5.1. Наставляемый обязан:", indent=True)
    _dashes(doc, [
        "выполнять план работы, согласованный с наставником",
        "участвовать во встречах с наставником и выполнять его рекомендации",
        "сообщать наставнику о трудностях, возникающих при выполнении плана",
        "участвовать в анкетировании и оценке результатов программы",
    ])
    para(doc, "5.2. Наставляемый имеет право:", indent=True)
    _dashes(doc, [
        "выбирать наставника из предложенных кандидатур",
        "вносить предложения по содержанию плана работы",
        "обращаться к куратору с просьбой о замене наставника",
    ])

    _heading(doc, "6. Формирование наставнических пар и групп")
    _points(doc, [
        "6.1. Наставнические пары и группы формируются после отбора и обучения наставников с учётом "
        "запросов наставляемых, интересов и совместимости участников, в том числе по результатам "
        "анкетирования и встречи-знакомства.",
        "6.2. Наставник может вести одного наставляемого (пара) или нескольких (группа).",
        "6.3. Пары и группы закрепляются приказом директора с согласия участников, а для "
        "несовершеннолетних — с согласия их родителей (законных представителей).",
        "6.4. Наставник может быть заменён приказом директора по просьбе участника или по "
        "предложению куратора.",
    ])

    _heading(doc, "7. Завершение программы наставничества")
    _points(doc, [
        "7.1. Программа наставничества завершается по окончании установленного срока, при "
        "достижении поставленных целей или досрочно по решению куратора по просьбе участника.",
        "7.2. По завершении программы проводятся итоговая встреча и анкетирование участников; "
        "наставник и наставляемый подводят итоги работы.",
        "7.3. Лучшие практики наставничества представляются на итоговом мероприятии школы и "
        "размещаются на её официальном сайте с согласия участников на распространение их "
        "персональных данных.",
    ])

    _heading(doc, "8. Мониторинг и оценка результатов")
    _points(doc, [
        "8.1. Мониторинг включает оценку качества реализации программ наставничества, оценку "
        "личностного и профессионального роста участников и расчёт показателей эффективности "
        "внедрения целевой модели.",
        "8.2. Мониторинг проводит куратор два раза в год; показатели эффективности рассчитываются "
        "ежегодно по данным реестра наставников и наставляемых и результатам анкетирования.",
        "8.3. Результаты мониторинга рассматриваются на педагогическом совете и используются для "
        "корректировки программ наставничества.",
    ])

    _heading(doc, "9. Мотивация наставников")
    para(doc, "9.1. Для поощрения наставников в школе применяются:", indent=True)
    _dashes(doc, [
        "объявление благодарности приказом директора, вручение грамот и благодарственных писем",
        "представление к наградам и поощрениям органов управления образованием",
        "размещение сведений о лучших наставниках и их опыте на официальном сайте школы",
        "учёт наставнической деятельности при аттестации педагогических работников и при "
        "установлении стимулирующих выплат в соответствии с локальными актами школы",
    ])
    para(doc, "9.2. Наставникам из числа обучающихся вручаются благодарственные письма; их "
              "участие в наставничестве отражается в портфолио.", indent=True)

    _heading(doc, "10. Документы, регламентирующие наставничество")
    para(doc, "10.1. К документам, регламентирующим наставничество в школе, относятся:", indent=True)
    _dashes(doc, [
        "настоящее Положение",
        "приказы о внедрении целевой модели, о назначении куратора и о составе рабочей группы",
        "дорожная карта внедрения целевой модели",
        "реестры (базы) наставников и наставляемых",
        "протоколы комиссии по отбору наставников",
        "приказы о закреплении наставнических пар и групп",
        "индивидуальные планы развития наставляемых",
        "соглашения с участниками программы и организациями-партнёрами",
        "согласия на обработку персональных данных участников",
        "отчёты о результатах мониторинга",
    ])
    para(doc, "10.2. Документы хранятся у куратора. Положение действует до принятия нового; "
              "изменения в него вносятся в порядке, установленном для его принятия.", indent=True)

    path = OUT / "regulation.docx"
    doc.save(path)
    return path


# --------------------------------------------------------------------------- roadmap


def _approve_director(doc, template_id: str, indent_cm: float = 9.5) -> None:
    """«УТВЕРЖДАЮ» by the director, dated by the approving order when the journal has it."""
    _block(doc, [
        "УТВЕРЖДАЮ",
        "{{ director|position|upfirst }} {{ org.short_name }}",
        "_____________ {{ director|initials_first }}",
        f"{{% if '{template_id}' in order_of %}}{{{{ order_of['{template_id}'].date|date_quoted }}}}"
        f"{{% else %}}{BLANK_DATE}{{% endif %}}",
    ], after=0, indent_cm=indent_cm)
    tag(doc, f"{{%p if '{template_id}' in order_of %}}")
    _block(doc, [_ref(template_id, prefix="(приказ от ") + ")"], bold_first=False, after=0, indent_cm=indent_cm)
    tag(doc, "{%p endif %}")
    para(doc, after=12)


def build_roadmap() -> Path:
    doc = new_document(14)
    _landscape(doc)
    _approve_director(doc, "order_roadmap", indent_cm=17.7)
    para(doc, "ДОРОЖНАЯ КАРТА", align=CENTER, bold=True)
    para(doc, "(план мероприятий) внедрения целевой модели наставничества в {{ org.short_name }} "
              "на {{ org.period_start }}–{{ org.period_end }} годы", align=CENTER, bold=True, after=12)
    table = doc.add_table(rows=8, cols=5)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells,
                          ["№ п/п", "Мероприятие", "Срок", "Ответственный", "Результат, вид документа"]):
        cell_text(cell, text, bold=True, align=CENTER)
    for cell, text in zip(table.rows[1].cells, ["1", "2", "3", "4", "5"]):
        cell_text(cell, text, align=CENTER, size=10)
    repeat_header(table.rows[0])
    repeat_header(table.rows[1])
    table.rows[2].cells[0].paragraphs[0].add_run("{%tr for s in roadmap %}")
    merged = table.rows[3].cells[0].merge(table.rows[3].cells[4])
    cell_text(merged, "{{ s.number }}. {{ s.title }}", bold=True, align=CENTER)
    table.rows[4].cells[0].paragraphs[0].add_run("{%tr for e in s.events %}")
    row = table.rows[5].cells
    cell_text(row[0], "{{ e.number }}", align=CENTER)
    cell_text(row[1], "{{ e.event }}")
    cell_text(row[2], "{{ e.deadline }}")
    cell_text(row[3], "{{ e.responsible }}")
    cell_text(row[4], "{{ e.result if e.result else '—' }}")
    cant_split(table.rows[5])
    table.rows[6].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    table.rows[7].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    set_widths(table, [1.4, 9.6, 4.4, 4.6, 5.7])
    _table_font(table, 12)
    path = OUT / "roadmap.docx"
    doc.save(path)
    return path


# --------------------------------------------------------------------------- working_group_list


def build_working_group_list() -> Path:
    doc = new_document(14)
    tag(doc, "{%p if 'order_working_group' in order_of %}")
    _block(doc, [
        "УТВЕРЖДЁН",
        "приказом {{ org.short_name }}",
        _ref("order_working_group"),
    ])
    tag(doc, "{%p endif %}")
    para(doc, "СОСТАВ", align=CENTER, bold=True)
    para(doc, "рабочей группы по внедрению целевой модели наставничества в {{ org.short_name }}",
         align=CENTER, bold=True, after=12)
    table = doc.add_table(rows=4, cols=5)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ["№ п/п", "ФИО", "Должность", "Роль в группе", "Обязанности"]):
        cell_text(cell, text, bold=True, align=CENTER)
    repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for m in working_group %}")
    row = table.rows[2].cells
    cell_text(row[0], "{{ loop.index }}.", align=CENTER)
    cell_text(row[1], "{% if m.member %}{{ m.member|fio }}{% else %}(вакансия){% endif %}")
    cell_text(row[2], "{{ m.position }}")
    cell_text(row[3], "{{ m.role }}")
    cell_text(row[4], "{{ m.duties }}")
    cant_split(table.rows[2])
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    set_widths(table, [1.2, 3.9, 3.6, 3.5, 4.8])
    _table_font(table, 12)
    tag(doc, "{%p set vacant = working_group|rejectattr('member')|list|length %}")
    para(doc, "Всего в составе: {{ working_group|length|count('человек', 'человека', 'человек') }}"
              "{% if vacant %}, в том числе {{ vacant|count('вакансия', 'вакансии', 'вакансий') }}{% endif %}. "
              "Сведения на {{ today|date_num }}.", align=LEFT, before=12, size=12)
    path = OUT / "working_group_list.docx"
    doc.save(path)
    return path


# --------------------------------------------------------------------------- kpi_plan

PCT = "('%g'|format({v}))|replace('.', ',')"


def build_kpi_plan() -> Path:
    doc = new_document(13)
    _landscape(doc)
    para(doc, "ПЛАНИРУЕМЫЕ РЕЗУЛЬТАТЫ", align=CENTER, bold=True)
    para(doc, "(показатели эффективности) внедрения целевой модели наставничества в {{ org.short_name }} "
              "на {{ org.period_start }}–{{ org.period_end }} годы", align=CENTER, bold=True, after=12)
    table = doc.add_table(rows=4, cols=6)
    table.style = doc.styles["Table Grid"]
    headers = ["№ п/п", "Показатель", "Как рассчитывается",
               "Плановое значение по годам",
               "План на {{ today.year }} год",
               "Фактическое значение на {{ today|date_num }}"]
    for cell, text in zip(table.rows[0].cells, headers):
        cell_text(cell, text, bold=True, align=CENTER)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for k in kpis %}")
    row = table.rows[2].cells
    cell_text(row[0], "{{ loop.index }}.", align=CENTER)
    cell_text(row[1], "{{ k.name }}")
    cell_text(row[2], "{{ k.formula if k.formula else '—' }}")
    unit = "{{ NBSP + k.unit if k.unit else '' }}"
    cell_text(row[3], "{% for y in kpi_years %}{{ y }}" + NB + "г." + NB + "— "
                      "{% if k.years[y] is not none %}{{ " + PCT.format(v="k.years[y]") + " }}" + unit
                      + "{% else %}—{% endif %}{{ '\\n' if not loop.last else '' }}{% endfor %}"
                      "{% if not kpi_years %}—{% endif %}")
    cell_text(row[4], "{% if k.planned is not none %}{{ " + PCT.format(v="k.planned") + " }}" + unit
                      + "{% else %}—{% endif %}", align=CENTER)
    cell_text(row[5], "{% if k.actual is not none %}{{ " + PCT.format(v="k.actual") + " }}" + unit
                      + " ({{ k.actual_count }}" + NB + "из" + NB + "{{ k.actual_total }}){% else %}—{% endif %}",
              align=CENTER)
    cant_split(table.rows[2])
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    set_widths(table, [1.2, 7.3, 7.0, 3.6, 2.4, 4.2])
    _table_font(table, 11)
    para(doc, "Фактические значения рассчитаны программой docgen по реестру наставников и "
              "наставляемых на {{ today|date_num }}: число участников нужной категории и возраста, "
              "отнесённое к общему числу таких обучающихся (педагогов) в школе, указанному в реестре. "
              "Для показателей, которые определяются по результатам анкетирования, фактическое "
              "значение не рассчитывается («—»).", align=JUSTIFY, before=12, size=12)
    p = para(doc, align=LEFT, before=24)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(25.7), WD_TAB_ALIGNMENT.RIGHT)
    p.add_run("Куратор внедрения целевой модели наставничества\t_____________ {{ curator|initials_first }}")
    path = OUT / "kpi_plan.docx"
    doc.save(path)
    return path


# --------------------------------------------------------------------------- partners_list


def build_partners_list() -> Path:
    doc = new_document(12)
    _landscape(doc)
    para(doc, "ПЕРЕЧЕНЬ", align=CENTER, bold=True)
    para(doc, "организаций-партнёров {{ org.short_name }} по реализации программ наставничества",
         align=CENTER, bold=True, after=12)
    table = doc.add_table(rows=4, cols=7)
    table.style = doc.styles["Table Grid"]
    headers = ["№ п/п", "Наименование организации", "ИНН / ОГРН", "Адрес", "Представитель",
               "Предмет сотрудничества", "Контакты"]
    for cell, text in zip(table.rows[0].cells, headers):
        cell_text(cell, text, bold=True, align=CENTER)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for p in partners %}")
    row = table.rows[2].cells
    cell_text(row[0], "{{ loop.index }}.", align=CENTER)
    _cell_lines(row[1], ["{{ p.full_name }}", "({{ p.short_name }})"])
    cell_text(row[2], "{% if p.inn %}ИНН" + NB + "{{ p.inn }}{% endif %}{{ '\\n' if p.inn and p.ogrn else '' }}"
                      "{% if p.ogrn %}ОГРН" + NB + "{{ p.ogrn }}{% endif %}{% if not p.inn and not p.ogrn %}—{% endif %}")
    cell_text(row[3], "{{ p.address if p.address else '—' }}")
    cell_text(row[4], "{% if p.representative %}{{ p.representative }}{% if p.representative_position %}, "
                      "{{ p.representative_position }}{% endif %}{% else %}—{% endif %}")
    cell_text(row[5], "{{ p.subject|upfirst if p.subject else '—' }}")
    cell_text(row[6], "{% if p.phone %}{{ p.phone|replace(' ', NBSP) }}{% endif %}{{ '\\n' if p.phone and p.email else '' }}"
                      "{% if p.email %}{{ p.email }}{% endif %}{% if not p.phone and not p.email %}—{% endif %}")
    cant_split(table.rows[2])
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    set_widths(table, [1.0, 5.6, 3.9, 3.9, 3.6, 3.6, 4.1])
    _table_font(table, 10)
    para(doc, "Всего: {{ partners|length|count('организация', 'организации', 'организаций') }}. "
              "Сведения на {{ today|date_num }}.", align=LEFT, before=12, size=12)
    path = OUT / "partners_list.docx"
    doc.save(path)
    return path


# --------------------------------------------------------------------------- letter_employer


def build_letter_employer() -> Path:
    doc = new_document(14)
    table = doc.add_table(rows=1, cols=2)
    _borderless(table)
    left, right = table.rows[0].cells
    _cell_lines(left, [
        "{%p if org.founder %}",
        "{{ org.founder }}",
        "{%p endif %}",
        "{{ org.full_name }}",
        "({{ org.short_name }})",
        "{{ org.address }}",
        "{%p if org.phone or org.email %}",
        "{% if org.phone %}тел. {{ org.phone }}{% endif %}{% if org.phone and org.email %}, {% endif %}"
        "{% if org.email %}e-mail: {{ org.email }}{% endif %}",
        "{%p endif %}",
        "ИНН {{ org.inn }}{% if org.kpp %}, КПП {{ org.kpp }}{% endif %}, ОГРН {{ org.ogrn }}",
        "",
        "Исх. №" + NB + "{% if partner.letter_number %}{{ partner.letter_number }}{% else %}________{% endif %} "
        "от {% if partner.letter_date %}{{ partner.letter_date|date_num }}{% else %}____________{% endif %}",
    ], align=CENTER, size=11)
    for p in left.paragraphs:
        if p.text == "{{ org.full_name }}":
            p.runs[0].bold = True
    left.paragraphs[-1].alignment = LEFT
    _cell_lines(right, [
        "{% if partner.representative_position %}{{ partner.representative_position|position('дат')|upfirst }}"
        "{% else %}Руководителю{% endif %}",
        "{{ partner.short_name }}",
        "{%p if partner.representative %}",
        "{{ partner.representative|initials('дат') }}",
        "{%p endif %}",
        "{%p if partner.address %}",
        "{{ partner.address }}",
        "{%p endif %}",
    ])
    set_widths(table, [8.0, 9.0])
    for p in right.paragraphs:
        p.paragraph_format.left_indent = Cm(1.5)

    para(doc, "О сотрудничестве в реализации программ наставничества", align=LEFT,
         before=18, after=18).paragraph_format.right_indent = Cm(9)
    # «Уважаемый/Уважаемая»: the «Пол представителя» column, else the patronymic's ending.
    tag(doc, "{%p set rep_sex = partner.representative_sex or ('м' if (partner.representative|fio)"
             ".endswith(('ич', 'оглы', 'улы')) else ('ж' if (partner.representative|fio)"
             ".endswith(('на', 'кызы', 'гызы')) else none)) %}")
    para(doc, "{% if partner.representative %}"
              "{% if rep_sex %}{{ 'уважаемый'|agree(rep_sex)|upfirst }}{% else %}Уважаемый(ая){% endif %} "
              "{{ (partner.representative|fio).split()[1:]|join(' ') }}!{% else %}Уважаемые коллеги!{% endif %}",
         align=CENTER, after=12)
    _points(doc, [
        "{{ org.short_name }} с {{ org.period_start }} года внедряет целевую модель наставничества "
        "обучающихся, утверждённую распоряжением Министерства просвещения Российской Федерации от "
        "25.12.2019 №" + NB + "Р-145. Одна из её форм — «работодатель – ученик»: специалисты предприятий "
        "и организаций помогают школьникам узнать профессию изнутри, выбрать направление обучения и "
        "получить первый практический опыт.",
        "Приглашаем {{ partner.short_name }} стать партнёром школы в реализации программ "
        "наставничества.{% if partner.subject %} Предлагаемые направления совместной работы: "
        "{{ partner.subject }}.{% endif %}",
        "Сотрудничество может включать наставничество работников вашей организации над обучающимися, "
        "профессиональные пробы и экскурсии, участие специалистов в проектной деятельности школьников "
        "и в итоговых мероприятиях программы. Условия сотрудничества будут закреплены соглашением, "
        "проект которого мы подготовим с учётом ваших предложений.",
        "Просим сообщить о вашем решении. По вопросам сотрудничества обращайтесь к куратору "
        "программы — {{ curator|position('дат') }} {{ curator|fio('дат') }}"
        "{% if curator.phone or curator.email %} ({% if curator.phone %}тел. {{ curator.phone|replace(' ', NBSP) }}{% endif %}"
        "{% if curator.phone and curator.email %}, {% endif %}"
        "{% if curator.email %}e-mail: {{ curator.email }}{% endif %}){% endif %}.",
    ])
    tab_line(doc, "{{ director|position|upfirst }}", "_____________ {{ director|initials_first }}", before=36)
    para(doc, "Исп. {{ curator|fio }}", align=LEFT, size=10, before=48)
    tag(doc, "{%p if curator.phone %}")
    para(doc, "{{ curator.phone }}", align=LEFT, size=10)
    tag(doc, "{%p endif %}")
    path = OUT / "letter_employer.docx"
    doc.save(path)
    return path


BUILDERS = {
    "regulation": build_regulation,
    "roadmap": build_roadmap,
    "working_group_list": build_working_group_list,
    "kpi_plan": build_kpi_plan,
    "partners_list": build_partners_list,
    "letter_employer": build_letter_employer,
}
