"""Applications, questionnaires, the mentor's portfolio and the selection criteria (python-docx).

- application_mentor — заявление кандидата в наставники (по строке листа «Наставники»);
- questionnaire_mentor — анкета наставника (по строке листа «Наставники»);
- questionnaire_mentee_entry — анкета наставляемого на входе: ожидания (по строке «Наставляемых»);
- questionnaire_exit_mentee — анкета удовлетворённости наставляемого на выходе;
- questionnaire_exit_mentor — анкета удовлетворённости наставника на выходе;
- questionnaire_curator — анкета куратора на входе и на выходе (одна на школу);
- portfolio_mentor — портфолио наставника (по строке листа «Наставники»);
- selection_criteria — критерии отбора наставников по категориям (одна на школу).

What the registry knows is pre-filled; what a person answers by hand is a clean blank: ruled
lines (a right tab with an underscore leader to the text edge), empty table cells, □ boxes.
Run: python scripts/build_templates.py application_mentor questionnaire_mentor
questionnaire_mentee_entry questionnaire_exit_mentee questionnaire_exit_mentor questionnaire_curator
portfolio_mentor selection_criteria
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER  # noqa: E402
from docx.shared import Cm  # noqa: E402

from build_templates import (  # noqa: E402
    CENTER, LEFT, OUT, cant_split, cell_text, new_document, page_break, para, repeat_header, set_widths, tab_line,
    tag,
)

BOX = "\u25a1"
SIGN = "____________"
DATE_BLANK = "«___» ____________ 20___ г."
TEXT_WIDTH = 17.0
CELL = 11  # table text size (LibreOffice ignores the table style's size)

# A person's place in the school, nominative, for a «Должность или класс» cell.
POSITION_OR_CLASS = ("{% if {v}.position %}{{ {v}.position|upfirst }}"
                     "{% elif {v}.school_class %}{{ {v}|klass|upfirst }}{% endif %}")


def place(var: str) -> str:
    return POSITION_OR_CLASS.replace("{v}", var)


# --------------------------------------------------------------------------- building blocks


def lines(doc, count: int, label: str = "", *, size: float | None = None) -> None:
    """Ruled lines for handwriting; the first may start with a label."""
    for i in range(count):
        p = para(doc, align=LEFT, size=size)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.LINES)
        p.paragraph_format.space_before = Cm(0.15)
        if i == 0 and label:
            p.add_run(label + " ")
        p.add_run("\t")


def question(doc, number: int, text: str, *, before: float = 8) -> None:
    para(doc, f"{number}.\u00a0{text}", align=LEFT, bold=True, before=before, keep_next=True)


def boxes(doc, options: list[str]) -> None:
    para(doc, "    ".join(f"{BOX}\u00a0{o}" for o in options), align=LEFT, before=2)


def title(doc, text: str, subtitle: str = "") -> None:
    para(doc, "{{ org.short_name }}", align=CENTER)
    para(doc, text, align=CENTER, bold=True, before=12, size=14)
    if subtitle:
        para(doc, subtitle, align=CENTER, bold=True)
    para(doc, after=6)


def info_table(doc, rows: list[tuple[str, str]], widths=(5.5, 11.5)) -> None:
    """Pre-filled data as «label | value»; an empty value leaves an empty cell to write in."""
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = doc.styles["Table Grid"]
    for row, (label, value) in zip(table.rows, rows):
        cell_text(row.cells[0], label, size=CELL)
        cell_text(row.cells[1], value, size=CELL)
        cant_split(row)
    set_widths(table, list(widths))


def scale_table(doc, items: list[str], *, first: str = "Утверждение") -> None:
    """Items rated 1–5 with a □ per grade."""
    table = doc.add_table(rows=len(items) + 1, cols=7)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ["№", first, "1", "2", "3", "4", "5"]):
        cell_text(cell, text, bold=True, align=CENTER, size=CELL)
    repeat_header(table.rows[0])
    for n, (row, item) in enumerate(zip(table.rows[1:], items), start=1):
        cells = row.cells
        cell_text(cells[0], f"{n}", align=CENTER, size=CELL)
        cell_text(cells[1], item, size=CELL)
        for cell in cells[2:]:
            cell_text(cell, BOX, align=CENTER, size=CELL + 1)
        cant_split(row)
    set_widths(table, [0.9, 11.1, 1.0, 1.0, 1.0, 1.0, 1.0])


def scale_note(doc, low: str, high: str) -> None:
    para(doc, f"Отметьте одну клетку в каждой строке: 1 — {low}, 5 — {high}.", align=LEFT, size=11,
         before=6, after=4, italic=True, keep_next=True)


def signature(doc, person: str, *, before: float = 18) -> None:
    tab_line(doc, DATE_BLANK, f"{SIGN} / {{{{ {person}|initials_first }}}}", before=before)


def save(doc, template_id: str) -> Path:
    path = OUT / f"{template_id}.docx"
    doc.save(path)
    return path


# --------------------------------------------------------------------------- application_mentor


def build_application_mentor() -> Path:
    doc = new_document(14)
    for text in ("{{ director|position('дат')|upfirst }} {{ org.short_name }}",
                 "{{ director|initials_first('дат') }}",
                 "от {{ mentor|fio('род') }},",
                 "{% if mentor.position %}{{ mentor|position('род') }}{% elif mentor.school_class %}"
                 "{{ 'обучающийся'|agree(mentor, 'род') }} {{ mentor|klass('род') }}{% endif %}"
                 "{% if mentor.workplace %}, {{ mentor.workplace }}{% endif %}"):
        para(doc, text, align=LEFT).paragraph_format.left_indent = Cm(8.5)
    tag(doc, "{%p if mentor.phone %}")
    para(doc, "тел.: {{ mentor.phone }}", align=LEFT).paragraph_format.left_indent = Cm(8.5)
    tag(doc, "{%p endif %}")
    para(doc, "ЗАЯВЛЕНИЕ", align=CENTER, bold=True, before=30, after=12)
    para(doc, "Прошу включить меня в число наставников {{ org.short_name }} для участия в программе "
              "наставничества в форме «{{ mentor.form }}».", indent=True)
    para(doc, "Хочу стать наставником, потому что (мотивация, опыт, чем могу быть полезен "
              "наставляемым):", indent=True, before=6)
    lines(doc, 4)
    para(doc, "С Положением о наставничестве в {{ org.short_name }} {{ 'ознакомлен'|agree(mentor) }}, "
              "обязуюсь выполнять требования к наставникам и участвовать в обучении наставников.",
         indent=True, before=10)
    para(doc, "Согласие на обработку персональных данных "
              "{% if mentor.consent_date %}дано {{ mentor.consent_date|date_num }}"
              "{% else %}прилагаю{% endif %}.", indent=True)
    signature(doc, "mentor", before=24)
    para(doc, "(подпись)", align=LEFT, size=9).paragraph_format.left_indent = Cm(10.3)
    tag(doc, "{%p if mentor.minor %}")
    para(doc, "Согласие родителя (законного представителя) на участие в программе наставничества:",
         indent=True, before=12)
    tab_line(doc, DATE_BLANK, f"{SIGN} / ______________________", before=12)
    para(doc, "(подпись, расшифровка)", align=LEFT, size=9).paragraph_format.left_indent = Cm(11)
    tag(doc, "{%p endif %}")
    return save(doc, "application_mentor")


# --------------------------------------------------------------------------- questionnaire_mentor


def build_questionnaire_mentor() -> Path:
    doc = new_document(12)
    title(doc, "АНКЕТА НАСТАВНИКА")
    info_table(doc, [
        ("Фамилия, имя, отчество", "{{ mentor.fio }}"),
        ("Категория", "{{ mentor.category|upfirst }}"),
        ("Должность или класс", place("mentor")),
        ("Место работы или учёбы", "{{ mentor.workplace or org.short_name }}"),
        ("Форма наставничества", "«{{ mentor.form }}»"),
        ("Телефон", "{{ mentor.phone or '' }}"),
        ("Электронная почта", "{{ mentor.email or '' }}"),
    ])
    question(doc, 1, "Ваш опыт наставничества, педагогической или иной работы с детьми и молодёжью "
                     "(где, сколько лет, с кем):")
    lines(doc, 3)
    question(doc, 2, "Ваши сильные стороны как наставника (знания, умения, увлечения):")
    lines(doc, 3)
    question(doc, 3, "В чём вы готовы помочь наставляемому:")
    boxes(doc, ["в учёбе", "в выборе профессии", "в проектной деятельности"])
    boxes(doc, ["в адаптации в коллективе", "в развитии лидерских качеств", "в профессиональном росте"])
    lines(doc, 1, f"{BOX}\u00a0другое:")
    question(doc, 4, "Чего вы ожидаете от участия в программе наставничества:")
    lines(doc, 3)
    question(doc, 5, "Предпочтительный формат встреч:")
    boxes(doc, ["очно", "дистанционно", "смешанный"])
    question(doc, 6, "Желаемая частота встреч:")
    boxes(doc, ["раз в неделю", "раз в две недели", "раз в месяц"])
    lines(doc, 1, "Удобные дни и время:")
    question(doc, 7, "Какая поддержка нужна вам самим (методическая, психологическая, обучение "
                     "в «Школе наставников»):")
    lines(doc, 2)
    signature(doc, "mentor")
    return save(doc, "questionnaire_mentor")


# --------------------------------------------------------------------------- mentee entry


def build_questionnaire_mentee_entry() -> Path:
    doc = new_document(12)
    title(doc, "АНКЕТА НАСТАВЛЯЕМОГО", "(ожидания на входе в программу наставничества)")
    info_table(doc, [
        ("Фамилия, имя, отчество", "{{ mentee.fio }}"),
        ("Класс или должность", "{% if mentee.school_class %}{{ mentee|klass|upfirst }}"
                                "{% elif mentee.position %}{{ mentee.position|upfirst }}{% endif %}"),
        ("Форма наставничества", "«{{ mentee.form }}»"),
        ("Запрос к наставничеству", "{% if mentee.request %}«{{ mentee.request }}»{% endif %}"),
    ])
    para(doc, "1.\u00a0Насколько для вас важно получить от наставничества следующее:", align=LEFT,
         bold=True, before=10, keep_next=True)
    scale_note(doc, "совсем не важно", "очень важно")
    scale_table(doc, [
        "Помощь в учёбе или в работе",
        "Развитие навыков общения и работы в команде",
        "Помощь в выборе профессии или в профессиональном развитии",
        "Участие в проектах, конкурсах, олимпиадах",
        "Уверенность в себе, умение ставить цели",
        "Лёгкая адаптация в новом коллективе",
        "Регулярное общение с опытным человеком",
    ])
    para(doc, "2.\u00a0Насколько вы готовы:", align=LEFT, bold=True, before=10, keep_next=True)
    scale_note(doc, "совсем не готов(а)", "полностью готов(а)")
    scale_table(doc, [
        "Регулярно встречаться с наставником",
        "Выполнять договорённости и задания",
        "Открыто рассказывать о своих трудностях",
    ])
    question(doc, 3, "Чего вы ждёте от наставника:", before=10)
    lines(doc, 3)
    question(doc, 4, "Чего вы хотите достичь к концу программы:")
    lines(doc, 3)
    question(doc, 5, "Удобный формат встреч:")
    boxes(doc, ["очно", "дистанционно", "смешанный"])
    signature(doc, "mentee")
    return save(doc, "questionnaire_mentee_entry")


# --------------------------------------------------------------------------- exit questionnaires


def build_questionnaire_exit_mentee() -> Path:
    doc = new_document(12)
    tag(doc, "{%p set pair = mentee.pairs[0] if mentee.pairs else none %}")
    title(doc, "АНКЕТА УДОВЛЕТВОРЁННОСТИ НАСТАВЛЯЕМОГО", "(по итогам участия в программе наставничества)")
    info_table(doc, [
        ("Фамилия, имя, отчество", "{{ mentee.fio }}"),
        ("Класс или должность", "{% if mentee.school_class %}{{ mentee|klass|upfirst }}"
                                "{% elif mentee.position %}{{ mentee.position|upfirst }}{% endif %}"),
        ("Форма наставничества", "«{{ mentee.form }}»"),
        ("Наставник", "{% if pair and pair.mentor %}{{ pair.mentor|fio }}{% endif %}"),
        ("Программа", "{% if pair and pair.program %}«{{ pair.program }}»{% endif %}"),
        ("Срок участия", "{% if pair %}с {{ pair.start|date_num }} по {{ pair.end|date_num }}{% endif %}"),
    ])
    para(doc, "1.\u00a0Оцените программу наставничества и работу с наставником:", align=LEFT, bold=True,
         before=10, keep_next=True)
    scale_note(doc, "совсем нет", "полностью да")
    scale_table(doc, [
        "Встречи с наставником были полезными",
        "Наставник был доступен, когда мне нужна была помощь",
        "Наставник понятно объяснял и давал полезные советы",
        "С наставником было комфортно общаться",
        "Встречи проходили регулярно и по плану",
        "Удалось достичь цели, с которой я пришёл (пришла) в программу",
        "У меня выросли знания, умения, уверенность в себе",
        "Программа была хорошо организована",
        "Я в целом удовлетворён (удовлетворена) участием в программе",
    ])
    question(doc, 2, "Что было самым полезным:", before=10)
    lines(doc, 3)
    question(doc, 3, "Что стоит изменить в программе:")
    lines(doc, 3)
    question(doc, 4, "Хотели бы вы продолжить участие в программе или сами стать наставником:")
    boxes(doc, ["да, продолжить", "да, стать наставником", "нет", "пока не знаю"])
    signature(doc, "mentee")
    return save(doc, "questionnaire_exit_mentee")


def build_questionnaire_exit_mentor() -> Path:
    doc = new_document(12)
    title(doc, "АНКЕТА УДОВЛЕТВОРЁННОСТИ НАСТАВНИКА", "(по итогам участия в программе наставничества)")
    info_table(doc, [
        ("Фамилия, имя, отчество", "{{ mentor.fio }}"),
        ("Должность или класс", place("mentor")),
        ("Место работы или учёбы", "{{ mentor.workplace or org.short_name }}"),
        ("Форма наставничества", "«{{ mentor.form }}»"),
        ("Наставляемые", "{% for p in mentor.pairs %}{{ p.mentee|initials }}"
                         "{% if not loop.last %}, {% endif %}{% endfor %}"),
    ])
    para(doc, "1.\u00a0Оцените программу наставничества и свою работу в ней:", align=LEFT, bold=True,
         before=10, keep_next=True)
    scale_note(doc, "совсем нет", "полностью да")
    scale_table(doc, [
        "Программа была хорошо организована",
        "Цели и задачи наставничества были понятны",
        "Куратор оказывал необходимую поддержку",
        "Обучение в «Школе наставников» было полезным",
        "С наставляемыми сложились доверительные отношения",
        "Наставляемые достигли поставленных целей",
        "Хватало времени на встречи и подготовку к ним",
        "Участие в программе было полезно для моего развития",
        "Я в целом удовлетворён (удовлетворена) участием в программе",
    ])
    question(doc, 2, "Главные результаты работы с наставляемыми:", before=10)
    lines(doc, 3)
    question(doc, 3, "Какие трудности возникали и что помогло бы их избежать:")
    lines(doc, 3)
    question(doc, 4, "Готовы ли вы продолжить работу наставником:")
    boxes(doc, ["да", "да, с другой формой наставничества", "нет", "пока не знаю"])
    signature(doc, "mentor")
    return save(doc, "questionnaire_exit_mentor")


# --------------------------------------------------------------------------- questionnaire_curator

CURATOR_ITEMS = [
    "Нормативная база наставничества в школе сформирована (положение, приказы, дорожная карта)",
    "Сформирована база наставляемых с их запросами",
    "Сформирована база наставников, отбор проведён по критериям",
    "Наставники прошли обучение («Школа наставников»)",
    "Наставнические пары и группы сформированы с учётом запросов",
    "Наставники и наставляемые работают по индивидуальным планам",
    "Налажено взаимодействие с партнёрами (вузы, колледжи, предприятия)",
    "Проводятся мониторинг и анкетирование участников",
    "Ход программы освещается на сайте школы",
    "Рабочая группа и администрация оказывают куратору поддержку",
]


def curator_part(doc, heading: str, stage: str, *, new_page: bool = False) -> None:
    if new_page:
        page_break(doc)
    para(doc, heading, align=CENTER, bold=True, before=12, keep_next=True)
    para(doc, "Дата заполнения: " + DATE_BLANK, align=LEFT, before=4)
    scale_note(doc, "не сделано", "сделано полностью")
    scale_table(doc, CURATOR_ITEMS, first="Направление работы")
    para(doc, f"Главные задачи и трудности {stage}:", align=LEFT, bold=True, before=8, keep_next=True)
    lines(doc, 3)


def build_questionnaire_curator() -> Path:
    doc = new_document(12)
    title(doc, "АНКЕТА КУРАТОРА", "внедрения целевой модели наставничества (на входе и на выходе)")
    info_table(doc, [
        ("Куратор", "{{ curator.fio }}"),
        ("Должность", "{{ curator.position|upfirst }}"),
        ("Период внедрения", "{{ org.period_start }}–{{ org.period_end }} годы"),
        ("По реестру на {{ today|date_num }}",
         "{{ mentors|length|count('наставник', 'наставника', 'наставников') }}, "
         "{{ mentees|length|count('наставляемый', 'наставляемых', 'наставляемых') }}, "
         "{{ pairs|length|count('пара', 'пары', 'пар') }}"),
    ])
    para(doc, "Ответы на входе и на выходе даются по одним и тем же пунктам, чтобы сравнить результат.",
         align=LEFT, size=11, before=6, italic=True)
    curator_part(doc, "Часть 1. На входе (начало программы)", "на входе")
    curator_part(doc, "Часть 2. На выходе (завершение программы)", "на выходе", new_page=True)
    para(doc, "Итоги: что изменилось за время программы и что нужно сделать в следующем цикле:",
         align=LEFT, bold=True, before=12, keep_next=True)
    lines(doc, 3)
    signature(doc, "curator")
    return save(doc, "questionnaire_curator")


# --------------------------------------------------------------------------- portfolio_mentor


def section(doc, text: str) -> None:
    para(doc, text, align=LEFT, bold=True, before=12, after=4, keep_next=True)


def build_portfolio_mentor() -> Path:
    doc = new_document(12)
    title(doc, "ПОРТФОЛИО НАСТАВНИКА")
    section(doc, "1. Сведения о наставнике")
    info_table(doc, [
        ("Фамилия, имя, отчество", "{{ mentor.fio }}"),
        ("Дата рождения", "{{ mentor.birth_date|date_num }}"),
        ("Категория", "{{ mentor.category|upfirst }}"),
        ("Должность или класс", place("mentor")),
        ("Место работы или учёбы", "{{ mentor.workplace or org.short_name }}"),
        ("Форма наставничества", "«{{ mentor.form }}»"),
        ("Включён в реестр наставников", "{{ mentor.registry_date|date_num }}"),
        ("Контакты", "{{ [mentor.phone, mentor.email]|select|join(', ') }}"),
    ])
    section(doc, "2. Наставляемые")
    table = doc.add_table(rows=6, cols=5)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ["№", "Наставляемый", "Класс или должность", "Программа",
                                                "Период"]):
        cell_text(cell, text, bold=True, align=CENTER, size=CELL)
    repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for p in mentor.pairs %}")
    cells = table.rows[2].cells
    cell_text(cells[0], "{{ loop.index }}", align=CENTER, size=CELL)
    cell_text(cells[1], "{{ p.mentee|initials }}", size=CELL)
    cell_text(cells[2], "{% if p.mentee.school_class %}{{ p.mentee|klass('им', false) }}"
                        "{% else %}{{ p.mentee.position or '' }}{% endif %}", size=CELL)
    cell_text(cells[3], "{{ p.program or '' }}", size=CELL)
    cell_text(cells[4], "{{ p.start|date_num }}–{{ p.end|date_num }}", align=CENTER, size=CELL)
    cant_split(table.rows[2])
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr else %}")
    merged = table.rows[4].cells[0].merge(table.rows[4].cells[4])
    cell_text(merged, "Наставнические пары ещё не закреплены.", align=CENTER, size=CELL)
    table.rows[5].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    set_widths(table, [0.9, 4.6, 3.0, 5.0, 3.5])

    section(doc, "3. Обучение наставников")
    tag(doc, "{%p if mentor_school %}")
    para(doc, "Занятия «Школы наставников» (отметка об участии):", align=LEFT, after=4, keep_next=True)
    table = doc.add_table(rows=4, cols=4)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ["Дата", "Тема", "Часов", "Участие"]):
        cell_text(cell, text, bold=True, align=CENTER, size=CELL)
    repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for s in mentor_school %}")
    cells = table.rows[2].cells
    cell_text(cells[0], "{{ s.date|date_num }}", align=CENTER, size=CELL)
    cell_text(cells[1], "{{ s.topic }}", size=CELL)
    cell_text(cells[2], "{{ s.hours or '' }}", align=CENTER, size=CELL)
    cell_text(cells[3], "", size=CELL)
    cant_split(table.rows[2])
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    set_widths(table, [2.4, 10.2, 1.6, 2.8])
    tag(doc, "{%p endif %}")
    lines(doc, 2, "Другие курсы, семинары, стажировки:")
    section(doc, "4. Достижения наставника (конкурсы, публикации, награды)")
    lines(doc, 3)
    section(doc, "5. Достижения наставляемых")
    lines(doc, 3)
    section(doc, "6. Результаты наставнической деятельности и планы")
    lines(doc, 3)
    signature(doc, "mentor", before=18)
    tab_line(doc, "Куратор", f"{SIGN} / {{{{ curator|initials_first }}}}", before=12)
    return save(doc, "portfolio_mentor")


# --------------------------------------------------------------------------- selection_criteria

CRITERIA = [
    ("педагог", "учитель – учитель",
     "стаж педагогической работы не менее 3 лет; высокие результаты работы; опыт методической "
     "или проектной деятельности; умение работать с коллегами; готовность делиться опытом",
     "заявление, анкета, собеседование; сведения о стаже и квалификационной категории"),
    ("обучающийся", "ученик – ученик",
     "обучение в 8–11 классах; успехи в учёбе, олимпиадах, проектах, творчестве или спорте; "
     "активная позиция в жизни класса и школы; уважение одноклассников и педагогов",
     "заявление, анкета, собеседование; характеристика классного руководителя; согласие "
     "родителя (законного представителя) для несовершеннолетнего"),
    ("студент", "студент – ученик",
     "обучение в колледже или вузе; успехи в учёбе и проектной деятельности; интерес к работе "
     "со школьниками; коммуникабельность, ответственность",
     "заявление, анкета, собеседование; справка с места учёбы"),
    ("выпускник", "студент – ученик",
     "выпускник школы, продолживший учёбу или работающий по профессии; личный пример успешного "
     "профессионального выбора; готовность регулярно встречаться с наставляемыми",
     "заявление, анкета, собеседование; справка с места учёбы или работы"),
    ("представитель работодателя", "работодатель – ученик",
     "опыт работы по профессии не менее 3 лет; готовность знакомить обучающихся с профессией "
     "и производством, руководить проектами; рекомендация организации-партнёра",
     "заявление, анкета, собеседование; письмо или соглашение организации-партнёра; справка "
     "о наличии (отсутствии) судимости"),
]


def _criterion(index: int) -> str:
    """One column of the criteria table: the text of category ``c`` (docxtpl's {%p %} tags cannot
    hold a dict literal, so the texts are chosen by if/elif in the cell)."""
    parts = []
    for n, row in enumerate(CRITERIA):
        text = row[index] if index == 1 else row[index][0].upper() + row[index][1:]
        parts.append(("{% if" if n == 0 else "{% elif") + f" c == '{row[0]}' %}}{text}")
    return "".join(parts) + "{% endif %}"


def build_selection_criteria() -> Path:
    doc = new_document(12)
    tag(doc, "{%p set categories = [" + ", ".join(f"'{row[0]}'" for row in CRITERIA) + "] %}")
    tag(doc, "{%p set present = mentors|map(attribute='category')|unique|list %}")
    tag(doc, "{%p set ordered = categories|select('in', present)|list + "
             "categories|reject('in', present)|list %}")
    tag(doc, "{%p set forms = mentors|map(attribute='form')|unique|list %}")
    title(doc, "КРИТЕРИИ ОТБОРА НАСТАВНИКОВ", "для участия в программе наставничества")
    para(doc, "Наставником может стать человек, который добровольно выразил желание участвовать "
              "в программе, обладает опытом и личными качествами, нужными наставляемым, и прошёл "
              "отбор по критериям своей категории.", indent=True)
    tag(doc, "{%p if forms %}")
    para(doc, "В {{ org.short_name }} {{ 'реализуется' if forms|length == 1 else 'реализуются' }} "
              "{{ 'форма' if forms|length == 1 else 'формы' }} наставничества: "
              "{% for f in forms %}«{{ f }}»{{ ', ' if not loop.last }}{% endfor %}.", indent=True, before=4)
    tag(doc, "{%p endif %}")
    para(doc, "Общие требования ко всем кандидатам: добровольность участия; ответственность, "
              "тактичность, умение слушать и поддерживать; готовность регулярно встречаться "
              "с наставляемыми, пройти обучение в «Школе наставников» и соблюдать конфиденциальность.",
         indent=True, before=4, after=10)
    table = doc.add_table(rows=4, cols=5)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ["№", "Категория наставника (форма)", "Требования",
                                                "Как подтверждается", "В реестре, чел."]):
        cell_text(cell, text, bold=True, align=CENTER, size=CELL)
    repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for c in ordered %}")
    cells = table.rows[2].cells
    cell_text(cells[0], "{{ loop.index }}", align=CENTER, size=CELL)
    cell_text(cells[1], "{{ c|upfirst }} («" + _criterion(1) + "»)", size=CELL)
    cell_text(cells[2], _criterion(2), size=CELL)
    cell_text(cells[3], _criterion(3), size=CELL)
    cell_text(cells[4], "{% set n = mentors|selectattr('category', 'equalto', c)|list|length %}"
                        "{{ n if n else '—' }}", align=CENTER,
              size=CELL)
    cant_split(table.rows[2])
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    set_widths(table, [0.9, 3.7, 6.0, 4.6, 1.8])
    para(doc, "Порядок отбора", align=LEFT, bold=True, before=12, after=4, keep_next=True)
    for n, text in enumerate([
        "Кандидат подаёт заявление и заполняет анкету наставника.",
        "Комиссия по отбору наставников рассматривает кандидатуру и проводит собеседование.",
        "Комиссия оценивает кандидата по критериям его категории и принимает решение; "
        "решения оформляются протоколами.",
        "Отобранные кандидаты включаются в реестр наставников приказом директора и проходят "
        "обучение в «Школе наставников».",
    ], start=1):
        para(doc, f"{n}.\u00a0{text}", indent=True)
    tab_line(doc, "Куратор внедрения целевой модели наставничества",
             f"{SIGN} / {{{{ curator|initials_first }}}}", before=24)
    return save(doc, "selection_criteria")


BUILDERS = {
    "application_mentor": build_application_mentor,
    "questionnaire_mentor": build_questionnaire_mentor,
    "questionnaire_mentee_entry": build_questionnaire_mentee_entry,
    "questionnaire_exit_mentee": build_questionnaire_exit_mentee,
    "questionnaire_exit_mentor": build_questionnaire_exit_mentor,
    "questionnaire_curator": build_questionnaire_curator,
    "portfolio_mentor": build_portfolio_mentor,
    "selection_criteria": build_selection_criteria,
}
