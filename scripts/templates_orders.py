"""The orders (приказы) of the built-in pack, after order_intro's layout (ГОСТ Р 7.0.97).

Every order is built by one frame (``order_document``): the school's header (founder line if
filled), ПРИКАЗ, date and number on one line, place, the «О …» title, preamble, ПРИКАЗЫВАЮ:,
numbered points (an optional point — e.g. the one for the person who runs the website —
shifts the numbers after it in the rendered document), the control clause, the director's
signature «И.О. Фамилия» and «С приказом ознакомлены» with the people the order names. The
appendices follow, each on its own page with «Приложение … к приказу … от … № …».

Run through build_templates.py: ``python scripts/build_templates.py order_pairs``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx.shared import Cm  # noqa: E402

from build_templates import (  # noqa: E402
    CENTER, LEFT, OUT, RIGHT, cant_split, cell_text, new_document, page_break, para, repeat_header,
    set_widths, tab_line, tag,
)

NB = "\u00a0"

# Normative references, written once.
R145 = ("распоряжением Министерства просвещения Российской Федерации от 25.12.2019 №" + NB + "Р-145 "
        "«Об утверждении методологии (целевой модели) наставничества обучающихся для организаций, "
        "осуществляющих образовательную деятельность по общеобразовательным, дополнительным "
        "общеобразовательным и программам среднего профессионального образования, в том числе с "
        "применением лучших практик обмена опытом между обучающимися»")
R145_GEN = "распоряжения" + R145[len("распоряжением"):]
LAW_273 = ("Федеральным законом от 29.12.2012 №" + NB + "273-ФЗ «Об образовании в Российской Федерации»")
# The municipal document the school acts on (sheet «Организация»), when filled.
BASIS = ("{% if org.basis_number %}, на основании {{ org.basis_kind|position('род') }} "
         "от {{ org.basis_date|date_num }} №" + NB + "{{ org.basis_number }}"
         "{% if org.basis_title %} «{{ org.basis_title }}»{% endif %}{% endif %}")


def order_ref(template_id: str, title: str, lead: str = ", приказом {{ org.short_name }}") -> str:
    """«, приказом … от 01.09.2025 № 118-од «О …»» — printed only when the journal has the order."""
    entry = "order_of." + template_id
    return ("{% if '" + template_id + "' in order_of %}" + lead + " от {{ " + entry + ".date|date_num }} "
            "№" + NB + "{{ " + entry + ".number }} «{{ " + entry + ".title or '" + title + "' }}»"
            "{% endif %}")


# «Положением о наставничестве в …, утверждённым приказом от … № …» (instrumental, after «В соответствии с»).
REGULATION = ("Положением о наставничестве в {{ org.short_name }}"
              "{% if 'order_regulation' in order_of %}, утверждённым приказом от "
              "{{ order_of.order_regulation.date|date_num }} №" + NB + "{{ order_of.order_regulation.number }}"
              "{% endif %}")

WEBSITE = ("на официальном сайте {{ org.short_name }}{% if org.website %} ({{ org.website }}){% endif %}")
TECH_POINT = ("{{ org.tech_support|position('дат')|upfirst }} {{ org.tech_support|initials('дат') }} "
              "разместить настоящий приказ " + WEBSITE + " в течение трёх рабочих дней со дня его подписания.")
CURATOR_DAT = "{{ curator|position('дат')|upfirst }} {{ curator|initials('дат') }}"
CONTROL = "Контроль за исполнением приказа оставляю за собой."
# «ученик – ученик» with the dash kept on the first word's line; a term on two lines.
FORM = "{{ X.form|replace(' – ', NBSP ~ '– ') }}"
TERM = "с {{ p.start|date_num }}\nпо {{ p.end|date_num }}"


@dataclass
class Point:
    """A numbered point; ``subs`` are its sub-points (2.1, 2.2…); ``cond`` — a Jinja condition:
    the point is printed only when it holds, and the numbers after it follow."""

    text: str
    subs: list[str] = field(default_factory=list)
    cond: str | None = None


def _number(fixed: int, conds: list[str]) -> str:
    """The number of the next point after ``fixed`` unconditional and ``conds`` optional ones."""
    if not conds:
        return str(fixed + 1)
    if len(conds) == 1:
        return "{{ %d if %s else %d }}" % (fixed + 2, conds[0], fixed + 1)
    return "{{ %d%s }}" % (fixed + 1, "".join(" + (1 if %s else 0)" % c for c in conds))


def order_document(title: str, preamble: str, points: list[Point], acquainted: str):
    """The order up to «С приказом ознакомлены»; appendices are added by the caller.

    ``acquainted`` is a Jinja expression giving the people the order names (None entries and
    repetitions are dropped, and so is the director who signs)."""
    doc = new_document(14)
    tag(doc, "{%p if org.founder %}")
    para(doc, "{{ org.founder }}", align=CENTER, size=12)
    tag(doc, "{%p endif %}")
    para(doc, "{{ org.full_name|upper }}", align=CENTER, bold=True, size=12)
    para(doc, "ПРИКАЗ", align=CENTER, bold=True, before=18, after=12, size=16)
    tab_line(doc, "{{ order.date|date_quoted }}", "№" + NB + "{{ order.number }}")
    para(doc, "{{ org.city }}", align=CENTER, before=6, after=12, size=12)
    p = para(doc, title, align=LEFT, bold=True, after=12)
    p.paragraph_format.right_indent = Cm(9)
    para(doc, preamble, indent=True)
    para(doc, "ПРИКАЗЫВАЮ:", align=LEFT, bold=True, before=12, after=12)

    fixed, conds = 0, []
    for point in [*points, Point(CONTROL)]:
        number = _number(fixed, conds)
        if point.subs and conds:
            raise ValueError("a point with sub-points must come before the optional points")
        if point.cond:
            tag(doc, "{%p if " + point.cond + " %}")
        para(doc, number + "." + NB + point.text, indent=True)
        for k, sub in enumerate(point.subs, start=1):
            para(doc, f"{number}.{k}." + NB + sub, indent=True)
        if point.cond:
            tag(doc, "{%p endif %}")
            conds.append(point.cond)
        else:
            fixed += 1

    tab_line(doc, "{{ director|position|upfirst }}", "{{ director|initials_first }}", before=36, after=24)

    tag(doc, "{%p set acquainted = (" + acquainted + ")|unique_people|reject('sameas', director)|list %}")
    tag(doc, "{%p if acquainted %}")
    para(doc, "С приказом {{ 'ознакомлен'|agree(acquainted) }}:", align=LEFT, after=6, keep_next=True)
    table = doc.add_table(rows=3, cols=3)
    table.rows[0].cells[0].paragraphs[0].add_run("{%tr for p in acquainted %}")
    row = table.rows[1].cells
    cell_text(row[0], "{{ p|initials }}")
    cell_text(row[1], "_______________", align=CENTER)
    cell_text(row[2], "«___» __________ 20___ г.", align=RIGHT)
    table.rows[2].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    set_widths(table, [6.0, 4.5, 6.5])
    tag(doc, "{%p endif %}")
    return doc


def appendix(doc, title: str, number: int | None = None) -> None:
    """A new page with the appendix mark at the right («Приложение» alone when it is the only
    one) and the appendix title."""
    page_break(doc)
    first = "Приложение" + (f" №{NB}{number}" if number else "")
    for line in (first, "к приказу {{ org.short_name }}",
                 "от {{ order.date|date_num }} №" + NB + "{{ order.number }}"):
        para(doc, line, align=LEFT, size=12).paragraph_format.left_indent = Cm(10)
    para(doc, after=6)
    para(doc, title, align=CENTER, bold=True, after=12)


def grid(doc, headers: list[str], size: float | None = None):
    """A bordered table with a bold header row repeated on every page; rows are added by the caller."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, headers):
        cell_text(cell, text, bold=True, align=CENTER, size=size)
    repeat_header(table.rows[0])
    return table


def loop_rows(table, loop: str, cells: list[tuple[str, object]], size: float | None = None,
              end: str = "{%tr endfor %}") -> None:
    """Three rows: ``{%tr for … %}``, the repeated row (kept on one page), ``{%tr endfor %}``."""
    table.add_row().cells[0].paragraphs[0].add_run(loop)
    row = table.add_row()
    for cell, (text, align) in zip(row.cells, cells):
        cell_text(cell, text, align=align, size=size)
    cant_split(row)
    table.add_row().cells[0].paragraphs[0].add_run(end)


def save(doc, template_id: str) -> Path:
    path = OUT / f"{template_id}.docx"
    doc.save(path)
    return path


# --------------------------------------------------------------------------- 1. working group


def build_order_working_group() -> Path:
    doc = order_document(
        "Об утверждении состава рабочей группы по внедрению целевой модели наставничества",
        "Во исполнение " + R145_GEN + BASIS + ", в целях организационного обеспечения внедрения "
        "целевой модели наставничества в {{ org.short_name }}",
        [
            Point("Создать рабочую группу по внедрению целевой модели наставничества в {{ org.short_name }} "
                  "и утвердить её состав (приложение)."),
            Point("Членам рабочей группы исполнять обязанности, указанные в приложении, в соответствии "
                  "с дорожной картой внедрения целевой модели наставничества."),
            Point("Заседания рабочей группы проводить не реже одного раза в квартал, решения оформлять "
                  "протоколами."),
            Point(TECH_POINT, cond="org.tech_support"),
        ],
        "working_group|map(attribute='member')|list + [org.tech_support]",
    )
    appendix(doc, "Состав рабочей группы по внедрению целевой модели наставничества "
                  "в {{ org.short_name }}")
    table = grid(doc, ["№ п/п", "ФИО", "Должность", "Роль в группе", "Обязанности"], size=12)
    loop_rows(table, "{%tr for m in working_group %}", [
        ("{{ loop.index }}.", CENTER),
        ("{% if m.member %}{{ m.member|initials }}{% else %}(вакансия){% endif %}", LEFT),
        ("{{ m.position }}", LEFT),
        ("{{ m.role }}", LEFT),
        ("{{ m.duties }}", LEFT),
    ], size=12)
    set_widths(table, [1.2, 3.9, 3.4, 3.6, 4.9])
    return save(doc, "order_working_group")


# --------------------------------------------------------------------------- 2. curator


def build_order_curator() -> Path:
    doc = order_document(
        "О назначении куратора внедрения целевой модели наставничества",
        "Во исполнение " + R145_GEN + BASIS + ", в целях организационного и методического сопровождения "
        "внедрения целевой модели наставничества в {{ org.short_name }}",
        [
            Point("Назначить {{ curator|position('вин') }} {{ curator|fio('вин') }} куратором внедрения "
                  "целевой модели наставничества в {{ org.short_name }} на {{ org.period_start }}–"
                  "{{ org.period_end }} годы, {{ 'ответственный'|agree(curator, 'тв') }} за взаимодействие "
                  "с муниципальным центром наставничества."),
            Point("Возложить на куратора внедрения целевой модели наставничества следующие обязанности:", [
                "разработка проектов положения о наставничестве, дорожной карты внедрения целевой модели "
                "наставничества и других локальных актов по наставничеству;",
                "формирование и ведение баз наставников и наставляемых;",
                "организация отбора и обучения наставников, формирования наставнических пар (групп);",
                "контроль за реализацией программ наставничества и индивидуальных планов развития "
                "наставляемых;",
                "мониторинг и оценка результатов внедрения целевой модели наставничества, расчёт "
                "показателей эффективности;",
                "взаимодействие с муниципальным центром наставничества и организациями-партнёрами, "
                "подготовка отчётов о реализации программ наставничества.",
            ]),
            Point("Дополнить должностную инструкцию {{ curator|position('род') }} {{ curator|initials('род') }} "
                  "обязанностями, указанными в пункте" + NB + "2 настоящего приказа, в течение десяти рабочих "
                  "дней со дня подписания приказа."),
            Point(TECH_POINT, cond="org.tech_support"),
        ],
        "[curator, org.tech_support]",
    )
    return save(doc, "order_curator")


# --------------------------------------------------------------------------- 3. regulation


def build_order_regulation() -> Path:
    doc = order_document(
        "Об утверждении Положения о наставничестве",
        "В соответствии с " + LAW_273 + ", " + R145 +
        "{% if org.council_protocol_number %}, на основании решения педагогического совета "
        "{{ org.short_name }} (протокол от {{ org.council_protocol_date|date_num }} №" + NB +
        "{{ org.council_protocol_number }}){% endif %}",
        [
            Point("Утвердить Положение о наставничестве в {{ org.short_name }} (приложение)."),
            Point("Ввести Положение о наставничестве в действие со дня подписания настоящего приказа."),
            Point(CURATOR_DAT + ":", [
                "в течение десяти рабочих дней ознакомить с Положением о наставничестве педагогических "
                "работников и других участников программ наставничества;",
                "организовать работу по наставничеству в соответствии с Положением о наставничестве.",
            ]),
            Point("{{ org.tech_support|position('дат')|upfirst }} {{ org.tech_support|initials('дат') }} "
                  "разместить настоящий приказ и Положение о наставничестве " + WEBSITE + " в течение трёх "
                  "рабочих дней со дня подписания приказа.", cond="org.tech_support"),
        ],
        "[curator, org.tech_support]",
    )
    return save(doc, "order_regulation")


# --------------------------------------------------------------------------- 4. roadmap


def build_order_roadmap() -> Path:
    doc = order_document(
        "Об утверждении дорожной карты внедрения целевой модели наставничества",
        "В соответствии с " + R145 + order_ref("order_intro", "О внедрении целевой модели наставничества") +
        ", в целях планомерного внедрения целевой модели наставничества в {{ org.short_name }}",
        [
            Point("Утвердить дорожную карту (план мероприятий) внедрения целевой модели наставничества "
                  "в {{ org.short_name }} на {{ org.period_start }}–{{ org.period_end }} годы (приложение)."),
            Point("Ответственным исполнителям обеспечить выполнение мероприятий дорожной карты "
                  "в установленные сроки."),
            Point(CURATOR_DAT + ":", [
                "координировать выполнение дорожной карты, при необходимости вносить предложения о её "
                "изменении;",
                "по итогам каждого учебного года представлять отчёт о выполнении дорожной карты.",
            ]),
            Point(TECH_POINT, cond="org.tech_support"),
        ],
        "[curator, org.tech_support] + working_group|map(attribute='member')|list",
    )
    appendix(doc, "Дорожная карта (план мероприятий) внедрения целевой модели наставничества "
                  "в {{ org.short_name }} на {{ org.period_start }}–{{ org.period_end }} годы")
    size = 12
    table = grid(doc, ["№ п/п", "Мероприятие", "Срок", "Ответственный", "Результат, вид документа"], size=size)
    table.add_row().cells[0].paragraphs[0].add_run("{%tr for s in roadmap %}")
    section = table.add_row()
    merged = section.cells[0].merge(section.cells[4])
    cell_text(merged, "{{ s.number }}. {{ s.title }}", bold=True, align=CENTER, size=size)
    merged.paragraphs[0].paragraph_format.keep_with_next = True  # a section title never ends a page
    cant_split(section)
    loop_rows(table, "{%tr for e in s.events %}", [
        ("{{ e.number }}", CENTER),
        ("{{ e.event }}", LEFT),
        ("{{ e.deadline }}", LEFT),
        ("{{ e.responsible }}", LEFT),
        ("{{ e.result }}", LEFT),
    ], size=size)
    table.add_row().cells[0].paragraphs[0].add_run("{%tr endfor %}")
    set_widths(table, [1.2, 5.6, 2.9, 3.5, 3.8])
    merged.width = Cm(17)  # set_widths gave the merged cell the last column's width
    return save(doc, "order_roadmap")


# --------------------------------------------------------------------------- 5. mentor register

# «учитель информатики», «9 «Б» класс», «инженер-программист, ООО «Северный код»»
MENTOR_PLACE = "{{ [m.position, m|klass, m.workplace]|select|join(', ') }}"


def build_order_mentor_register() -> Path:
    doc = order_document(
        "Об утверждении реестра наставников",
        "В соответствии с " + R145 + ", " + REGULATION + ", по результатам отбора кандидатов в наставники",
        [
            Point("Утвердить реестр наставников {{ org.short_name }} (приложение)."),
            Point(CURATOR_DAT + ":", [
                "вносить в реестр наставников изменения по результатам отбора новых кандидатов и выбытия "
                "наставников и представлять их на утверждение;",
                "организовать обучение наставников, включённых в реестр.",
            ]),
            Point("{% set publisher = org.tech_support or curator %}"
                  "{{ publisher|position('дат')|upfirst }} {{ publisher|initials('дат') }} в течение пяти "
                  "рабочих дней со дня подписания настоящего приказа разместить реестр наставников " + WEBSITE +
                  ". В размещаемый реестр включать сведения только о наставниках, давших согласие на "
                  "обработку персональных данных, разрешённых для распространения, в объёме и на условиях, "
                  "указанных в согласии (статья" + NB + "10.1 Федерального закона от 27.07.2006 №" + NB +
                  "152-ФЗ «О персональных данных»)."),
        ],
        "[curator, org.tech_support]",
    )
    appendix(doc, "Реестр наставников {{ org.short_name }}")
    size = 11
    table = grid(doc, ["№ п/п", "ФИО", "Категория", "Должность, класс, место работы или учёбы",
                       "Форма наставни\u00adчества", "Дата включения в реестр"], size=size)
    loop_rows(table, "{%tr for m in mentors|sort_ru('fio') %}", [
        ("{{ loop.index }}.", CENTER),
        ("{{ m|initials }}", LEFT),
        ("{{ m.category }}", LEFT),
        (MENTOR_PLACE, LEFT),
        (FORM.replace("X", "m"), LEFT),
        ("{{ m.registry_date|date_num }}", CENTER),
    ], size=size)
    set_widths(table, [1.0, 3.3, 3.1, 4.3, 2.8, 2.5])
    return save(doc, "order_mentor_register")


# --------------------------------------------------------------------------- 6. mentor school


def build_order_mentor_school() -> Path:
    doc = order_document(
        "Об организации «Школы наставников»",
        "В соответствии с " + REGULATION + ", дорожной картой внедрения целевой модели наставничества"
        "{% if 'order_roadmap' in order_of %}, утверждённой приказом от {{ order_of.order_roadmap.date|date_num }} "
        "№" + NB + "{{ order_of.order_roadmap.number }}{% endif %}, в целях подготовки наставников к работе "
        "с наставляемыми",
        [
            Point("Организовать в {{ org.short_name }} обучение наставников в форме «Школы наставников»"
                  "{% if mentor_school %} с {{ (mentor_school|first).date|date_num }} по "
                  "{{ (mentor_school|last).date|date_num }}"
                  "{% if mentor_school|selectattr('hours')|list %} общим объёмом "
                  "{{ mentor_school|selectattr('hours')|sum(attribute='hours')|count('час', 'часа', 'часов') }}"
                  "{% endif %}"
                  "{% endif %}."),
            Point("Утвердить план занятий «Школы наставников» (приложение)."),
            Point("Обучение проходят наставники согласно реестру наставников {{ org.short_name }}"
                  + order_ref("order_mentor_register", "Об утверждении реестра наставников",
                              lead=", утверждённому приказом") + "."),
            Point("Назначить {{ curator|position('вин') }} {{ curator|fio('вин') }} "
                  "{{ 'ответственный'|agree(curator, 'тв') }} за организацию работы «Школы наставников»."),
            Point(CURATOR_DAT + ":", [
                "обеспечить проведение занятий в соответствии с планом и учёт их посещения наставниками;",
                "в течение десяти рабочих дней после последнего занятия представить справку о результатах "
                "обучения наставников.",
            ]),
        ],
        "[curator] + staff|selectattr('fio', 'in', mentor_school|map(attribute='lead')|list)|list",
    )
    appendix(doc, "План занятий «Школы наставников» {{ org.short_name }}")
    tag(doc, "{%p set staff_names = staff|map(attribute='fio')|list %}")
    size = 11
    table = grid(doc, ["№ п/п", "Тема занятия", "Дата", "Часов", "Форма", "Ведущий", "Место"], size=size)
    loop_rows(table, "{%tr for s in mentor_school %}", [
        ("{{ loop.index }}.", CENTER),
        ("{{ s.topic }}", LEFT),
        ("{{ s.date|date_num }}", CENTER),
        ("{{ s.hours }}", CENTER),
        ("{{ s.format }}", LEFT),
        ("{% if s.lead in staff_names %}{{ s.lead|initials }}{% else %}{{ s.lead }}{% endif %}", LEFT),
        ("{{ s.place }}", LEFT),
    ], size=size)
    set_widths(table, [1.0, 4.3, 2.4, 1.5, 2.6, 3.3, 1.9])
    return save(doc, "order_mentor_school")


# --------------------------------------------------------------------------- 7. pairs

# Pairs in force on the order's date (not ended before it), grouped by mentor.
PAIR_IN_FORCE = "p.end >= order.date"
MENTEE = ("{{ p.mentee|initials }}{% if p.mentee.school_class %}, {{ p.mentee|klass }}"
          "{% elif p.mentee.position %}, {{ p.mentee.position }}{% endif %}")


def build_order_pairs() -> Path:
    doc = order_document(
        "О закреплении наставнических пар (групп)",
        "В соответствии с " + REGULATION + ", на основании реестров наставников и наставляемых, "
        "в целях реализации программ наставничества",
        [
            Point("Закрепить наставников за наставляемыми и утвердить состав наставнических пар (групп), "
                  "формы, программы и сроки наставничества (приложение)."),
            Point("Наставникам:", [
                "в течение 14 дней со дня подписания настоящего приказа разработать совместно "
                "с наставляемыми индивидуальные планы развития наставляемых и представить их куратору "
                "внедрения целевой модели наставничества {{ curator|initials('дат') }};",
                "организовать работу наставнических пар (групп) в соответствии с индивидуальными планами, "
                "вести дневники встреч.",
            ]),
            Point(CURATOR_DAT + ":", [
                "осуществлять мониторинг работы наставнических пар (групп);",
                "по итогам мониторинга вносить предложения об изменении состава пар (групп).",
            ]),
        ],
        "[curator]",
    )
    appendix(doc, "Состав наставнических пар (групп) {{ org.short_name }}")
    size = 11
    table = grid(doc, ["№ п/п", "Наставник", "Наставляемый", "Форма наставни\u00adчества", "Программа",
                       "Срок"], size=size)
    table.add_row().cells[0].paragraphs[0].add_run(
        "{%tr for m in mentors if m.pairs|selectattr('end', 'ge', order.date)|list %}")
    table.add_row().cells[0].paragraphs[0].add_run("{%tr set group = loop.index %}")
    loop_rows(table, "{%tr for p in m.pairs if " + PAIR_IN_FORCE + " %}", [
        ("{% if loop.first %}{{ group }}.{% endif %}", CENTER),
        ("{% if loop.first %}{{ [m|initials, m|klass, m.position, m.workplace]|select|join(', ') }}{% endif %}",
         LEFT),
        (MENTEE, LEFT),
        (FORM.replace("X", "p"), LEFT),
        ("{{ p.program }}", LEFT),
        (TERM, LEFT),
    ], size=size)
    table.add_row().cells[0].paragraphs[0].add_run("{%tr endfor %}")
    set_widths(table, [1.0, 3.4, 3.9, 2.4, 3.4, 2.9])
    return save(doc, "order_pairs")


# --------------------------------------------------------------------------- 8. individual plans


def build_order_ipr() -> Path:
    doc = order_document(
        "Об утверждении индивидуальных планов развития наставляемых",
        "В соответствии с " + REGULATION +
        order_ref("order_pairs", "О закреплении наставнических пар (групп)", lead=", приказом") +
        ", в целях реализации программ наставничества",
        [
            Point("Утвердить индивидуальные планы развития наставляемых, разработанные наставниками "
                  "совместно с наставляемыми, для действующих наставнических пар (групп) (приложение)."),
            Point("Наставникам обеспечить выполнение индивидуальных планов развития в установленные сроки, "
                  "отражать результаты встреч в дневниках встреч."),
            Point(CURATOR_DAT + ":", [
                "осуществлять мониторинг выполнения индивидуальных планов развития наставляемых;",
                "по итогам каждого полугодия представлять информацию о ходе их выполнения.",
            ]),
        ],
        "[curator]",
    )
    appendix(doc, "Перечень наставнических пар (групп), для которых утверждены индивидуальные планы "
                  "развития наставляемых")
    size = 11
    table = grid(doc, ["№ п/п", "Наставляемый", "Наставник", "Форма наставни\u00adчества", "Срок реализации плана"],
                 size=size)
    loop_rows(table, "{%tr for p in pairs|selectattr('status', 'equalto', 'действует') %}", [
        ("{{ loop.index }}.", CENTER),
        (MENTEE, LEFT),
        ("{{ p.mentor|initials }}", LEFT),
        (FORM.replace("X", "p"), LEFT),
        (TERM, LEFT),
    ], size=size)
    set_widths(table, [1.0, 5.5, 3.6, 3.0, 3.9])
    return save(doc, "order_ipr")


BUILDERS = {
    "order_working_group": build_order_working_group,
    "order_curator": build_order_curator,
    "order_regulation": build_order_regulation,
    "order_roadmap": build_order_roadmap,
    "order_mentor_register": build_order_mentor_register,
    "order_mentor_school": build_order_mentor_school,
    "order_pairs": build_order_pairs,
    "order_ipr": build_order_ipr,
}
