"""Working documents of a mentoring programme (built with python-docx).

- mentoring_programme — программа наставничества, одна на форму наставничества (группа строк
  листа «Пары»): паспорт, цели и задачи по форме, этапы, результаты, приложение — пары формы;
- ipr_mentee — план индивидуального развития наставляемого (строка листа «Пары»);
- route_map_mentor — индивидуальная маршрутная карта наставника (строка листа «Наставники»);
- meeting_diary — дневник встреч пары; completion_summary — резюме завершения взаимодействия;
- memo_mentor, memo_mentee — памятки; confidentiality_instruction — инструкция по соблюдению
  конфиденциальности с листом ознакомления наставников.

Pre-filled where the registry knows the answer, blank lines «_______» where a person writes.
Run: python scripts/build_templates.py mentoring_programme ipr_mentee route_map_mentor
meeting_diary completion_summary memo_mentor memo_mentee confidentiality_instruction
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: E402
from docx.shared import Cm  # noqa: E402

from build_templates import (  # noqa: E402
    CENTER, LEFT, OUT, cant_split, cell_text, new_document, page_break, para, repeat_header,
    set_widths, tab_line, tag,
)

SIGN = "____________"
LINE = "_" * 78
DATE_BLANK = "«___» ____________ 20___ г."

# --------------------------------------------------------------------------- Jinja snippets


def mentor_who(var: str) -> str:
    """«Куликов Пётр Вадимович, учитель информатики (ООО «…»)» / «…, обучающийся 10 «А» класса»."""
    return (f"{{{{ {var}|fio }}}}{{% if {var}.position %}}, {{{{ {var}|position }}}}"
            f"{{% elif {var}.school_class %}}, {{{{ 'обучающийся'|agree({var}) }}}} {{{{ {var}|klass('род') }}}}"
            f"{{% elif {var}.category %}}, {{{{ {var}.category }}}}{{% endif %}}"
            f"{{% if {var}.workplace %}} ({{{{ {var}.workplace }}}}){{% endif %}}")


def mentee_who(var: str) -> str:
    """«Алексеева Таисия Романовна, обучающаяся 5 «А» класса» / «…, учитель истории»."""
    return (f"{{{{ {var}|fio }}}}{{% if {var}.school_class %}}, {{{{ 'обучающийся'|agree({var}) }}}} "
            f"{{{{ {var}|klass('род') }}}}{{% elif {var}.position %}}, {{{{ {var}|position }}}}{{% endif %}}")


def short_who(var: str) -> str:
    """For narrow table cells: «Куликов П.В.», and the class or position below it."""
    return (f"{{{{ {var}|initials }}}}{{% if {var}.school_class %}}, {{{{ {var}.school_class|klass }}}}"
            f"{{% elif {var}.position %}}, {{{{ {var}.position }}}}{{% endif %}}")


PERIOD = "с {{ pair.start|date_num }} по {{ pair.end|date_num }}"
CURATOR_CONTACTS = ("{{ curator|fio }}, {{ curator|position }}{% if curator.phone %}, тел. {{ curator.phone }}"
                    "{% endif %}{% if curator.email %}, эл. почта {{ curator.email }}{% endif %}")

# --------------------------------------------------------------------------- shared blocks


def org_head(doc) -> None:
    para(doc, "{{ org.full_name }}", align=CENTER, size=12, after=12)


def approval(doc) -> None:
    """«УТВЕРЖДАЮ» of the director; the signature and the date are written by hand."""
    for text in ("УТВЕРЖДАЮ",
                 "{{ director|position|upfirst }} {{ org.short_name }}",
                 f"{SIGN} {{{{ director|initials_first }}}}",
                 DATE_BLANK):
        p = para(doc, text, align=LEFT, size=12, after=2)
        p.paragraph_format.left_indent = Cm(10)
    para(doc, after=12)


def data_table(doc, rows: list[tuple[str, str]], widths=(5.0, 12.0), *, size: float = 12, grid: bool = False):
    """Label — value rows (labels bold); a row whose label starts with «?cond|» is printed only
    when ``cond`` holds (a {%tr if %} pair around it)."""
    plan = []
    for label, value in rows:
        cond = None
        if label.startswith("?"):
            cond, label = label[1:].split("|", 1)
        if cond:
            plan.append(("tag", f"{{%tr if {cond} %}}"))
        plan.append(("row", (label, value)))
        if cond:
            plan.append(("tag", "{%tr endif %}"))
    table = doc.add_table(rows=len(plan), cols=2)
    if grid:
        table.style = doc.styles["Table Grid"]
    for row, (kind, item) in zip(table.rows, plan):
        if kind == "tag":
            row.cells[0].paragraphs[0].add_run(item)
            continue
        label, value = item
        cell_text(row.cells[0], label, bold=True, size=size)
        cell_text(row.cells[1], value, size=size)
        cant_split(row)
    set_widths(table, list(widths))
    return table


def grid_table(doc, headers: list[str], widths: list[float], *, size: float = 11):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers):
        cell_text(cell, text, bold=True, align=CENTER, size=size)
    repeat_header(table.rows[0])
    return table


def loop_rows(table, start: str, cells: list[tuple[str, object]], end: str = "{%tr endfor %}", *, size: float = 11):
    """A {%tr for %} row, the repeated row, the {%tr endfor %} row."""
    table.add_row().cells[0].paragraphs[0].add_run(start)
    row = table.add_row()
    for cell, (text, align) in zip(row.cells, cells):
        cell_text(cell, text, align=align, size=size)
    cant_split(row)
    table.add_row().cells[0].paragraphs[0].add_run(end)


def blank_rows(table, count: int, *, numbered: bool = True, height_cm: float = 0.9, size: float = 11) -> None:
    for n in range(1, count + 1):
        row = table.add_row()
        row.height = Cm(height_cm)
        if numbered:
            cell_text(row.cells[0], f"{n}", align=CENTER, size=size)
        cant_split(row)


def heading(doc, text: str, *, before: float = 12, after: float = 6) -> None:
    para(doc, text, align=LEFT, bold=True, before=before, after=after, keep_next=True)


def lines(doc, count: int) -> None:
    for _ in range(count):
        para(doc, LINE, align=LEFT, before=4)


def signature(doc, label: str, who: str, *, before: float = 14) -> None:
    tab_line(doc, label, f"{SIGN} / {who}", before=before)


def bullets(doc, items: list[str], *, size: float | None = None) -> None:
    for text in items:
        p = para(doc, "–\u00a0" + text, indent=True, size=size, after=2)
        p.paragraph_format.first_line_indent = Cm(1.25)


def save(doc, template_id: str) -> Path:
    path = OUT / f"{template_id}.docx"
    doc.save(path)
    return path


# --------------------------------------------------------------------------- mentoring_programme

FORM_GOALS = {
    "ученик – ученик": (
        "разносторонняя поддержка обучающегося со стороны сверстника или старшего обучающегося: "
        "адаптация в коллективе, развитие учебных и социальных навыков, раскрытие способностей.",
        ["помочь наставляемому адаптироваться к новым условиям обучения и к классному коллективу;",
         "повысить учебную мотивацию и результаты обучения, поддержать подготовку к олимпиадам и конкурсам;",
         "развить гибкие навыки: общение, работу в команде, самоорганизацию;",
         "вовлечь наставляемого в проектную, исследовательскую и внеурочную деятельность."],
        ["наставляемые успешно адаптировались в классе, снизилось число конфликтов;",
         "выросли учебная мотивация и успеваемость, увеличилось участие в олимпиадах и конкурсах;",
         "наставляемые вовлечены во внеурочную деятельность и школьные проекты;",
         "наставники приобрели опыт ответственности за другого и развили лидерские качества."]),
    "учитель – учитель": (
        "профессиональное становление молодых и вновь принятых педагогов, развитие их "
        "методической компетентности и закрепление в профессии.",
        ["ускорить адаптацию педагога к условиям работы в школе и к педагогическому коллективу;",
         "развить методические и предметные компетенции, навыки работы с документацией;",
         "освоить современные образовательные технологии и приёмы работы с классом;",
         "сформировать устойчивую мотивацию к профессиональному росту и работе в школе."],
        ["молодые педагоги успешно прошли адаптационный период и закрепились в школе;",
         "повысилось качество проводимых уроков и ведения документации;",
         "педагоги участвуют в методической работе и профессиональных конкурсах;",
         "наставники обобщили и представили свой опыт коллегам."]),
    "студент – ученик": (
        "поддержка обучающихся студентами профессиональных образовательных организаций и вузов: "
        "профессиональная ориентация, развитие предметных и цифровых навыков, осознанный выбор "
        "дальнейшей траектории обучения.",
        ["познакомить наставляемого с профессиями и направлениями обучения;",
         "развить предметные, проектные и цифровые навыки;",
         "помочь сформулировать образовательные и профессиональные планы;",
         "поддержать участие в проектах, конкурсах и профильных мероприятиях."],
        ["наставляемые определились с направлением дальнейшего обучения;",
         "подготовлены и представлены проекты наставляемых;",
         "выросло участие обучающихся в профильных конкурсах и мероприятиях;",
         "установлены устойчивые связи школы с профессиональными образовательными организациями."]),
    "работодатель – ученик": (
        "знакомство обучающихся с реальным производством и профессиями под руководством "
        "представителей предприятий-партнёров, развитие навыков, востребованных на рынке труда.",
        ["познакомить наставляемого с деятельностью предприятия и востребованными профессиями;",
         "развить проектные и практические навыки на задачах предприятия;",
         "сформировать представление о требованиях работодателей и культуре труда;",
         "помочь построить профессиональные планы и выбрать профиль обучения."],
        ["наставляемые выполнили и защитили проекты на задачах предприятий-партнёров;",
         "обучающиеся осознанно выбирают профиль обучения и будущую профессию;",
         "расширено сотрудничество школы с предприятиями-партнёрами;",
         "увеличилось число обучающихся, участвующих в профориентационных мероприятиях."]),
}

STAGES = [
    ("Подготовительный",
     "Информирование участников, формирование баз наставников и наставляемых, получение согласий "
     "на обработку персональных данных, обучение наставников в «Школе наставников».",
     "до {{ start|date_num }}"),
    ("Формирование пар и групп",
     "Встречи наставников и наставляемых, закрепление пар приказом, согласование индивидуальных "
     "планов развития.",
     "{{ start|month_year }}"),
    ("Основной",
     "Работа пар по индивидуальным планам, регулярные встречи с записью в дневнике, "
     "промежуточный мониторинг и консультации куратора.",
     "{{ start|date_num }} – {{ end|date_num }}"),
    ("Завершающий",
     "Итоговая оценка, резюме завершения взаимодействия, анкетирование участников, "
     "подведение итогов и поощрение наставников.",
     "{{ end|month_year }}"),
]


def build_mentoring_programme() -> Path:
    doc = new_document(14)
    tag(doc, "{%p set start = group.rows|map(attribute='start')|min %}")
    tag(doc, "{%p set end = group.rows|map(attribute='end')|max %}")
    tag(doc, "{%p set tutors = group.rows|map(attribute='mentor')|list|unique_people %}")
    tag(doc, "{%p set programs = group.rows|map(attribute='program')|select|unique|list %}")
    approval(doc)
    org_head(doc)
    para(doc, "ПРОГРАММА НАСТАВНИЧЕСТВА", align=CENTER, bold=True, before=12, size=16)
    para(doc, "по форме «{{ group.value }}»", align=CENTER, bold=True, after=12)

    heading(doc, "1.\u00a0Паспорт программы")
    data_table(doc, [
        ("Наименование", "Программа наставничества по форме «{{ group.value }}»"
                         "{% if programs %} (направления: «{{ programs|join('», «') }}»){% endif %}"),
        ("Форма наставничества", "{{ group.value }}"),
        ("Основания", "Распоряжение Минпросвещения России от 25.12.2019 №\u00a0Р-145; Положение о "
                      "наставничестве в {{ org.short_name }}{% if org.council_protocol_number %}, принятое "
                      "педагогическим советом (протокол от {{ org.council_protocol_date|date_num }} "
                      "№\u00a0{{ org.council_protocol_number }}){% endif %}"),
        ("Сроки реализации", "с {{ start|date_num }} по {{ end|date_num }}"),
        ("Куратор", "{{ curator|fio }}, {{ curator|position }}"),
        ("Участники", "{{ tutors|length|count('наставник', 'наставника', 'наставников') }}, "
                      "{{ group.rows|length|count('наставляемый', 'наставляемых', 'наставляемых') }} "
                      "(приложение)"),
    ], widths=(5.0, 12.0), grid=True)

    heading(doc, "2.\u00a0Цель и задачи")
    for n, (form, (goal, tasks, _results)) in enumerate(FORM_GOALS.items()):
        tag(doc, ("{%p if " if n == 0 else "{%p elif ") + f"group.value == '{form}' %}}")
        para(doc, "Цель программы — " + goal, indent=True)
        para(doc, "Задачи:", indent=True)
        bullets(doc, tasks)
    tag(doc, "{%p else %}")
    para(doc, "Цель программы — раскрытие потенциала наставляемых и их профессиональное и личностное "
              "развитие при поддержке наставников.", indent=True)
    tag(doc, "{%p endif %}")

    heading(doc, "3.\u00a0Этапы реализации")
    table = grid_table(doc, ["№", "Этап", "Содержание", "Сроки"], [1.0, 3.6, 9.0, 3.4])
    for n, (name, text, term) in enumerate(STAGES, start=1):
        row = table.add_row()
        for cell, value, align in zip(row.cells, [f"{n}", name, text, term], [CENTER, LEFT, LEFT, CENTER]):
            cell_text(cell, value, align=align, size=11)
        cant_split(row)
    set_widths(table, [1.0, 3.6, 9.0, 3.4])

    heading(doc, "4.\u00a0Ожидаемые результаты")
    for n, (form, (_goal, _tasks, results)) in enumerate(FORM_GOALS.items()):
        tag(doc, ("{%p if " if n == 0 else "{%p elif ") + f"group.value == '{form}' %}}")
        bullets(doc, results)
    tag(doc, "{%p else %}")
    bullets(doc, ["наставляемые достигли целей индивидуальных планов развития;",
                  "участники удовлетворены работой в программе."])
    tag(doc, "{%p endif %}")
    para(doc, "Результаты оцениваются по индивидуальным планам развития, дневникам встреч, резюме "
              "завершения взаимодействия и анкетам участников.", indent=True, before=6)

    heading(doc, "5.\u00a0Контроль")
    para(doc, "Куратор ведёт мониторинг реализации программы и не реже одного раза в полугодие "
              "докладывает о ходе работы директору.", indent=True)

    page_break(doc)
    p = para(doc, "Приложение", align=LEFT, size=12)
    p.paragraph_format.left_indent = Cm(10)
    p = para(doc, "к программе наставничества по форме «{{ group.value }}»", align=LEFT, size=12, after=12)
    p.paragraph_format.left_indent = Cm(10)
    para(doc, "Наставнические пары и группы", align=CENTER, bold=True, after=8)
    widths = [1.0, 4.4, 4.6, 4.0, 3.0]
    table = grid_table(doc, ["№", "Наставник", "Наставляемый", "Программа", "Срок"], widths, size=10)
    loop_rows(table, "{%tr for r in group.rows %}", [
        ("{{ loop.index }}", CENTER), (short_who("r.mentor"), LEFT), (short_who("r.mentee"), LEFT),
        ("{{ r.program or '' }}", LEFT), ("{{ r.start|date_num }} – {{ r.end|date_num }}", CENTER),
    ], size=10)
    set_widths(table, widths)
    return save(doc, "mentoring_programme")


# --------------------------------------------------------------------------- pair header


def pair_data(doc, *, request: bool = True) -> None:
    rows = [
        ("Наставляемый", mentee_who("pair.mentee")),
        ("Наставник", mentor_who("pair.mentor")),
        ("Форма наставничества", "{{ pair.form }}"),
        ("?pair.program|Программа", "{{ pair.program }}"),
        ("Срок", PERIOD),
    ]
    if request:
        rows.append(("?pair.mentee.request|Запрос наставляемого", "{{ pair.mentee.request }}"))
    data_table(doc, rows, widths=(5.0, 12.0))


def pair_signatures(doc, *, curator: bool = False) -> None:
    signature(doc, "Наставник", "{{ pair.mentor|initials_first }}", before=24)
    signature(doc, "Наставляемый", "{{ pair.mentee|initials_first }}")
    tag(doc, "{%p if pair.mentee.minor %}")
    signature(doc, "Родитель (законный представитель)",
              "{% if pair.mentee.parent %}{{ pair.mentee.parent|initials_first }}"
              "{% else %}______________{% endif %}")
    tag(doc, "{%p endif %}")
    if curator:
        signature(doc, "Куратор", "{{ curator|initials_first }}")
    para(doc, DATE_BLANK, align=LEFT, before=14)


# --------------------------------------------------------------------------- ipr_mentee


def build_ipr_mentee() -> Path:
    doc = new_document(12)
    org_head(doc)
    para(doc, "ИНДИВИДУАЛЬНЫЙ ПЛАН РАЗВИТИЯ НАСТАВЛЯЕМОГО", align=CENTER, bold=True, size=14, after=10)
    pair_data(doc)
    heading(doc, "План", before=12)
    widths = [0.8, 3.6, 4.4, 2.2, 3.6, 2.4]
    table = grid_table(doc, ["№", "Цель, задача", "Мероприятия (действия)", "Срок",
                             "Ожидаемый результат", "Отметка о выполнении"], widths, size=10)
    blank_rows(table, 6, height_cm=1.6, size=10)
    set_widths(table, widths)
    para(doc, "План составлен наставником вместе с наставляемым, пересматривается по итогам "
              "промежуточной оценки.", align=LEFT, size=10, before=4)
    pair_signatures(doc, curator=True)
    return save(doc, "ipr_mentee")


# --------------------------------------------------------------------------- route_map_mentor

ROUTE_STAGES = [
    ("Обучение в «Школе наставников»", "Занятия по плану (раздел 3)"),
    ("Знакомство с наставляемыми, выявление запросов", "Беседа, анкетирование"),
    ("Составление индивидуальных планов развития", "ИПР, согласованные с куратором"),
    ("Реализация планов: встречи, консультации", "Дневник встреч"),
    ("Промежуточная оценка, корректировка планов", "Отметки в ИПР"),
    ("Итоговая оценка и завершение взаимодействия", "Резюме завершения, анкеты"),
    ("Обмен опытом, представление результатов", "Выступление, методические материалы"),
]


def build_route_map_mentor() -> Path:
    doc = new_document(12)
    org_head(doc)
    para(doc, "ИНДИВИДУАЛЬНАЯ МАРШРУТНАЯ КАРТА НАСТАВНИКА", align=CENTER, bold=True, size=14, after=10)
    heading(doc, "1.\u00a0Сведения о наставнике", before=0)
    data_table(doc, [
        ("ФИО", "{{ mentor|fio }}"),
        ("Категория", "{{ mentor.category }}"),
        ("?mentor.position|Должность", "{{ mentor.position }}"),
        ("?mentor.school_class|Класс", "{{ mentor.school_class|klass }}"),
        ("?mentor.workplace|Место работы или учёбы", "{{ mentor.workplace }}"),
        ("Форма наставничества", "{{ mentor.form }}"),
        ("?mentor.registry_date|В реестре с", "{{ mentor.registry_date|date_num }}"),
        ("?mentor.phone or mentor.email|Контакты",
         "{% if mentor.phone %}{{ mentor.phone }}{% endif %}{% if mentor.phone and mentor.email %}, "
         "{% endif %}{% if mentor.email %}{{ mentor.email }}{% endif %}"),
    ])

    heading(doc, "2.\u00a0Наставляемые")
    widths = [0.8, 6.2, 4.6, 3.4, 2.0]
    table = grid_table(doc, ["№", "Наставляемый", "Программа", "Срок", "Статус"], widths, size=10)
    loop_rows(table, "{%tr for r in mentor.pairs %}", [
        ("{{ loop.index }}", CENTER), (short_who("r.mentee"), LEFT), ("{{ r.program or '' }}", LEFT),
        ("{{ r.start|date_num }} – {{ r.end|date_num }}", CENTER), ("{{ r.status }}", CENTER),
    ], size=10)
    set_widths(table, widths)
    tag(doc, "{%p if not mentor.pairs %}")
    para(doc, "Наставляемые ещё не закреплены.", align=LEFT, size=11, before=4)
    tag(doc, "{%p endif %}")

    heading(doc, "3.\u00a0Маршрут")
    widths = [0.8, 6.4, 4.4, 2.6, 2.8]
    table = grid_table(doc, ["№", "Этап", "Результат, документ", "Срок", "Отметка куратора"], widths, size=10)
    for n, (stage, result) in enumerate(ROUTE_STAGES, start=1):
        row = table.add_row()
        for cell, value, align in zip(row.cells, [f"{n}", stage, result, "", ""], [CENTER, LEFT, LEFT, CENTER, LEFT]):
            cell_text(cell, value, align=align, size=10)
        cant_split(row)
    set_widths(table, widths)

    tag(doc, "{%p if mentor_school %}")
    heading(doc, "4.\u00a0Обучение в «Школе наставников»")
    widths = [0.8, 7.4, 2.2, 1.4, 2.6, 2.6]
    table = grid_table(doc, ["№", "Тема занятия", "Дата", "Часов", "Форма", "Отметка о посещении"], widths,
                       size=10)
    loop_rows(table, "{%tr for s in mentor_school %}", [
        ("{{ loop.index }}", CENTER), ("{{ s.topic }}", LEFT), ("{{ s.date|date_num }}", CENTER),
        ("{{ s.hours or '' }}", CENTER), ("{{ s.format or '' }}", CENTER), ("", LEFT),
    ], size=10)
    set_widths(table, widths)
    tag(doc, "{%p endif %}")

    signature(doc, "Наставник", "{{ mentor|initials_first }}", before=24)
    signature(doc, "Куратор", "{{ curator|initials_first }}")
    para(doc, DATE_BLANK, align=LEFT, before=14)
    return save(doc, "route_map_mentor")


# --------------------------------------------------------------------------- meeting_diary


def build_meeting_diary() -> Path:
    doc = new_document(12)
    org_head(doc)
    para(doc, "ДНЕВНИК", align=CENTER, bold=True, size=16, before=24)
    para(doc, "встреч наставника и наставляемого", align=CENTER, bold=True, size=14, after=18)
    pair_data(doc, request=False)
    para(doc, "Дневник ведёт наставник. После каждой встречи он записывает её дату, тему, форму и "
              "результат; наставник и наставляемый расписываются. Дневник передаётся куратору "
              "для промежуточной и итоговой оценки.", indent=True, before=18, size=11)
    page_break(doc)
    para(doc, "Записи о встречах", align=CENTER, bold=True, after=8)
    widths = [0.8, 1.9, 3.6, 2.0, 3.5, 2.6, 2.6]
    table = grid_table(doc, ["№", "Дата", "Тема встречи", "Форма", "Результат",
                             "Подпись наставника", "Подпись наставляемого"], widths, size=9)
    blank_rows(table, 15, height_cm=1.3, size=10)
    set_widths(table, widths)
    para(doc, "Форма встречи: очная, дистанционная, групповая, экскурсия, консультация и т.\u00a0п.",
         align=LEFT, size=10, before=4)
    tab_line(doc, "Дневник проверен куратором", f"{SIGN} / {{{{ curator|initials_first }}}}", before=18)
    return save(doc, "meeting_diary")


# --------------------------------------------------------------------------- completion_summary

CRITERIA = [
    "Цели индивидуального плана развития достигнуты",
    "Встречи проходили регулярно и по плану",
    "Наставляемый получил нужную поддержку",
    "Выросли знания, навыки, уверенность наставляемого",
    "Взаимодействие было комфортным для обеих сторон",
]


def build_completion_summary() -> Path:
    doc = new_document(12)
    org_head(doc)
    para(doc, "РЕЗЮМЕ", align=CENTER, bold=True, size=14)
    para(doc, "завершения взаимодействия наставника с наставляемым", align=CENTER, bold=True, after=10)
    pair_data(doc, request=False)
    for n, title in enumerate(["Что удалось сделать", "Достигнутые результаты",
                               "Трудности и как они преодолены", "Рекомендации"], start=1):
        heading(doc, f"{n}.\u00a0{title}", before=10, after=0)
        lines(doc, 2)
    heading(doc, "5.\u00a0Оценка взаимодействия", before=10, after=2)
    para(doc, "Обведите оценку: 1 — совсем не согласен, 5 — полностью согласен.", align=LEFT, size=10, after=4)
    widths = [9.0, 1.6, 1.6, 1.6, 1.6, 1.6]
    table = grid_table(doc, ["Утверждение", "1", "2", "3", "4", "5"], widths, size=10)
    for text in CRITERIA:
        row = table.add_row()
        cell_text(row.cells[0], text, size=10)
        for cell, mark in zip(row.cells[1:], "12345"):
            cell_text(cell, mark, align=CENTER, size=10)
        cant_split(row)
    set_widths(table, widths)
    pair_signatures(doc, curator=True)
    return save(doc, "completion_summary")


# --------------------------------------------------------------------------- memos


def memo(doc, title: str, sections: list[tuple[str, list[str]]]) -> None:
    org_head(doc)
    para(doc, "ПАМЯТКА", align=CENTER, bold=True, size=16)
    para(doc, title, align=CENTER, bold=True, after=10)
    for heading_text, items in sections:
        heading(doc, heading_text, before=8, after=2)
        bullets(doc, items, size=12)
    heading(doc, "К кому обращаться", before=8, after=2)
    para(doc, "Куратор программы наставничества: " + CURATOR_CONTACTS + ".", indent=True, size=12)


def build_memo_mentor() -> Path:
    doc = new_document(12)
    memo(doc, "наставнику", [
        ("Ваша роль", [
            "наставник помогает наставляемому достичь его целей: поддерживает, советует, показывает "
            "пример, но не делает работу за него;",
            "вы работаете по программе наставничества и индивидуальному плану развития наставляемого.",
        ]),
        ("С чего начать", [
            "пройдите занятия «Школы наставников» {{ org.short_name }};",
            "познакомьтесь с наставляемым, выясните его запрос, интересы и трудности;",
            "вместе составьте индивидуальный план развития: 3–5 конкретных целей со сроками;",
            "договоритесь о месте, времени и частоте встреч (рекомендуется не реже раза в две недели).",
        ]),
        ("Как проводить встречи", [
            "готовьтесь заранее: цель встречи, вопросы, материалы;",
            "больше слушайте, задавайте открытые вопросы, давайте конкретную и доброжелательную "
            "обратную связь;",
            "отмечайте успехи наставляемого, даже небольшие;",
            "после встречи сделайте запись в дневнике встреч и попросите наставляемого расписаться.",
        ]),
        ("Правила", [
            "соблюдайте конфиденциальность: не передавайте третьим лицам сведения о наставляемом и "
            "его семье, персональные данные обрабатывайте по инструкции школы;",
            "встречи с несовершеннолетними проводите в школе или в согласованных с куратором местах;",
            "о трудностях, конфликтах и признаках неблагополучия наставляемого сразу сообщайте куратору.",
        ]),
        ("Завершение", [
            "подведите итоги вместе с наставляемым и заполните резюме завершения взаимодействия;",
            "сдайте куратору индивидуальный план, дневник встреч и резюме.",
        ]),
    ])
    return save(doc, "memo_mentor")


def build_memo_mentee() -> Path:
    doc = new_document(12)
    memo(doc, "наставляемому", [
        ("Зачем нужен наставник", [
            "наставник — опытный человек, который поможет вам освоиться, научиться новому и "
            "достичь поставленных целей;",
            "наставник помогает и советует, но решения принимаете и работу выполняете вы сами.",
        ]),
        ("Как работать с наставником", [
            "расскажите наставнику, чего вы хотите добиться и что вызывает трудности;",
            "вместе составьте индивидуальный план развития и следите за его выполнением;",
            "приходите на встречи вовремя; если не можете прийти, заранее предупредите наставника;",
            "готовьте вопросы к встрече, выполняйте договорённости;",
            "после встречи проверьте запись в дневнике встреч и распишитесь.",
        ]),
        ("Ваши права", [
            "задавать любые вопросы, связанные с целями программы;",
            "высказывать своё мнение и предлагать темы встреч;",
            "обратиться к куратору, если возникли трудности во взаимодействии с наставником;",
            "знать, какие ваши данные обрабатываются и для чего.",
        ]),
        ("Итоги", [
            "в конце программы вместе с наставником подведите итоги и заполните резюме завершения "
            "взаимодействия;",
            "ответьте на вопросы анкеты: ваше мнение поможет сделать программу лучше.",
        ]),
    ])
    return save(doc, "memo_mentee")


# --------------------------------------------------------------------------- confidentiality_instruction

INSTRUCTION = [
    ("1.\u00a0Общие положения", [
        "1.1.\u00a0Инструкция устанавливает правила обращения с персональными данными участников "
        "программы наставничества {{ org.short_name }} в соответствии с Федеральным законом от "
        "27.07.2006 №\u00a0152-ФЗ «О персональных данных».",
        "1.2.\u00a0Инструкция обязательна для наставников, куратора и членов рабочей группы.",
    ]),
    ("2.\u00a0Какие сведения защищаются", [
        "2.1.\u00a0Персональные данные наставляемых, их родителей (законных представителей) и "
        "наставников: фамилия, имя, отчество, дата рождения, адрес, контакты, сведения о документах, "
        "об успеваемости, здоровье и семье.",
        "2.2.\u00a0Сведения, ставшие известными наставнику при встречах: запросы и трудности "
        "наставляемого, записи дневника встреч, анкеты, результаты оценки.",
    ]),
    ("3.\u00a0Правила работы", [
        "3.1.\u00a0Использовать персональные данные только для целей программы наставничества и "
        "только в объёме, необходимом для работы с наставляемым.",
        "3.2.\u00a0Хранить документы программы (планы, дневники, анкеты, согласия) в местах, "
        "недоступных посторонним; электронные файлы — на устройствах, защищённых паролем.",
        "3.3.\u00a0Передавать сведения о наставляемом только куратору, а также лицам и в случаях, "
        "предусмотренных законом.",
        "3.4.\u00a0Фотографировать и публиковать материалы с участниками только при наличии их "
        "согласия на распространение персональных данных (для несовершеннолетних — согласия "
        "родителя) и с соблюдением указанных в нём условий и запретов.",
        "3.5.\u00a0По окончании участия в программе сдать документы куратору, копии и файлы удалить.",
    ]),
    ("4.\u00a0Запрещается", [
        "4.1.\u00a0Обсуждать личные сведения наставляемого с другими обучающимися, коллегами и "
        "посторонними лицами.",
        "4.2.\u00a0Пересылать персональные данные через личные аккаунты мессенджеров и социальных "
        "сетей, публиковать их в открытых группах и чатах.",
        "4.3.\u00a0Оставлять документы и незаблокированные устройства без присмотра.",
    ]),
    ("5.\u00a0Нарушения", [
        "5.1.\u00a0О потере документов, несанкционированном доступе или иной утечке персональных "
        "данных немедленно сообщить куратору ({{ curator|initials_first }}) или директору.",
        "5.2.\u00a0За нарушение правил обработки персональных данных виновные несут "
        "ответственность, предусмотренную законодательством Российской Федерации.",
    ]),
]


def build_confidentiality_instruction() -> Path:
    doc = new_document(12)
    approval(doc)
    org_head(doc)
    para(doc, "ИНСТРУКЦИЯ", align=CENTER, bold=True, size=14)
    para(doc, "по соблюдению конфиденциальности персональных данных участников программы "
              "наставничества", align=CENTER, bold=True, after=10)
    for title, items in INSTRUCTION:
        heading(doc, title, before=8, after=2)
        for text in items:
            para(doc, text, indent=True)

    page_break(doc)
    para(doc, "ЛИСТ ОЗНАКОМЛЕНИЯ", align=CENTER, bold=True, size=14)
    para(doc, "с инструкцией по соблюдению конфиденциальности персональных данных участников "
              "программы наставничества", align=CENTER, after=10)
    widths = [1.0, 8.0, 4.0, 4.0]
    table = grid_table(doc, ["№", "ФИО наставника", "Подпись", "Дата"], widths, size=11)
    loop_rows(table, "{%tr for m in mentors|sort_ru('fio') %}", [
        ("{{ loop.index }}", CENTER), ("{{ m|fio }}", LEFT), ("", LEFT), ("", LEFT),
    ])
    set_widths(table, widths)
    for row in table.rows[2:3]:
        row.height = Cm(0.8)
    return save(doc, "confidentiality_instruction")


BUILDERS = {
    "mentoring_programme": build_mentoring_programme,
    "ipr_mentee": build_ipr_mentee,
    "route_map_mentor": build_route_map_mentor,
    "meeting_diary": build_meeting_diary,
    "completion_summary": build_completion_summary,
    "memo_mentor": build_memo_mentor,
    "memo_mentee": build_memo_mentee,
    "confidentiality_instruction": build_confidentiality_instruction,
}
