"""The four protocols of mentor selection and attachment (built with python-docx).

One protocol per row of the registry sheet «Протоколы», chosen by its «Вид»:

- protocol_review — заседание комиссии: рассмотрение кандидатуры в наставники;
- protocol_interview — собеседование комиссии с кандидатом (критерии с графами для отметок);
- protocol_assessment — оценка кандидата по критериям (графы для баллов, итог из реестра);
- protocol_attachment — прикрепление наставника к наставляемому, с грифом «УТВЕРЖДАЮ» директора,
  сведениями о паре (форма, программа, срок — из листа «Пары») и подписями сторон.

Common skeleton (ГОСТ Р 7.0.97 protocol): organisation, ПРОТОКОЛ № N, the kind of meeting, date and
place, «Присутствовали» from the sheet «Комиссия» (blank lines when it is empty), «Повестка дня»,
СЛУШАЛИ / ВЫСТУПИЛИ, РЕШИЛИ with the vote, signatures of the chair and the secretary.
Run: python scripts/build_templates.py protocol_review protocol_interview protocol_assessment
protocol_attachment
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx.shared import Cm, Pt  # noqa: E402

from build_templates import (  # noqa: E402
    CENTER, JUSTIFY, LEFT, OUT, cant_split, cell_text, new_document, para, repeat_header, set_widths, tab_line, tag,
)

BLANK = "________________________"
SIGN = "____________"


# --------------------------------------------------------------------------- Jinja snippets


def who(var: str, case: str, *, workplace: bool = True) -> str:
    """A mentor or mentee described in a case: «учителя информатики Куликова Петра Вадимовича»,
    «обучающуюся 9 «Б» класса Панову Марию Дмитриевну». The class stays in the genitive: it
    depends on «обучающийся», not on the sentence."""
    text = (
        f"{{% if {var}.position %}}{{{{ {var}|position('{case}') }}}} "
        f"{{% elif {var}.school_class %}}{{{{ 'обучающийся'|agree({var}, '{case}') }}}} "
        f"{{{{ {var}|klass('род') }}}} {{% endif %}}"
        f"{{{{ {var}|fio('{case}') }}}}"
    )
    if workplace:
        text += f"{{% if {var}.workplace %}} ({{{{ {var}.workplace }}}}){{% endif %}}"
    return text


def person_or_blank(expr: str, shown: str) -> str:
    """``shown`` (a Jinja expression over ``expr``) when the person is known, else a blank line."""
    return f"{{% if {expr} %}}{{{{ {shown} }}}}{{% else %}}{BLANK}{{% endif %}}"


DECISION = "{{ protocol.decision|trim('. ')|upfirst }}."


# --------------------------------------------------------------------------- shared blocks


def header(doc, title: str, *, approval: bool = False) -> None:
    """Organisation, «ПРОТОКОЛ № N», the kind of meeting, date and place."""
    if approval:
        for text in ("УТВЕРЖДАЮ",
                     "{{ director|position|upfirst }} {{ org.short_name }}",
                     f"{SIGN} {{{{ director|initials_first }}}}",
                     "«___» ____________ 20___ г."):
            p = para(doc, text, align=LEFT, size=12, after=2)
            p.paragraph_format.left_indent = Cm(10)
        para(doc, after=12)
    tag(doc, "{%p if org.founder %}")
    para(doc, "{{ org.founder }}", align=CENTER, size=12)
    tag(doc, "{%p endif %}")
    para(doc, "{{ org.full_name|upper }}", align=CENTER, bold=True, size=12)
    para(doc, "ПРОТОКОЛ №\u00a0{{ protocol.number }}", align=CENTER, bold=True, before=18, size=16)
    para(doc, title, align=CENTER, bold=True, after=12)
    tab_line(doc, "{{ protocol.date|date_quoted }}", "{{ org.city }}")
    tag(doc, "{%p if protocol.place %}")
    para(doc, "Место проведения: {{ protocol.place }}", align=LEFT)
    tag(doc, "{%p endif %}")
    para(doc, after=6)


def attendance(doc, label: str = "Присутствовали") -> None:
    """The commission from the sheet «Комиссия» as a borderless table «role — Фамилия И.О.,
    должность»; blank lines for handwriting when the sheet (or a role) is empty."""
    para(doc, label + "{% if commission.size %} {{ commission.size|count('член комиссии', 'члена комиссии', "
                      "'членов комиссии') }}{% endif %}:", align=LEFT, bold=True, keep_next=True, after=2)
    table = doc.add_table(rows=7, cols=2)
    for r, (role, key) in enumerate((("Председатель:", "chair"), ("Секретарь:", "secretary"))):
        cell_text(table.rows[r].cells[0], role)
        cell_text(table.rows[r].cells[1], person_or_blank(
            f"commission.{key}", f"commission.{key}|initials }}}}, {{{{ commission.{key}|position"))
    table.rows[2].cells[0].paragraphs[0].add_run("{%tr for x in commission.members %}")
    cell_text(table.rows[3].cells[0], "{{ 'Члены комиссии:' if loop.first }}")
    cell_text(table.rows[3].cells[1], "{{ x|initials }}, {{ x|position }}")
    table.rows[4].cells[0].paragraphs[0].add_run("{%tr else %}")
    cell_text(table.rows[5].cells[0], "Члены комиссии:")
    cell_text(table.rows[5].cells[1], BLANK)
    table.rows[6].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for row in table.rows:
        cant_split(row)
    set_widths(table, [4.3, 12.7])


def agenda(doc, text: str) -> None:
    para(doc, "Повестка дня:", align=LEFT, bold=True, before=12, keep_next=True)
    para(doc, "1.\u00a0" + text, indent=True)


def heard(doc, label: str, text: str, *, before: float = 12):
    p = para(doc, align=JUSTIFY, before=before)
    p.paragraph_format.first_line_indent = Cm(1.25)
    run = p.add_run(label + " ")
    run.bold = True
    p.add_run(text)
    return p


def spoke_blank(doc) -> None:
    """«ВЫСТУПИЛИ:» with lines for handwriting: who spoke and what they said is not in the registry."""
    p = heard(doc, "ВЫСТУПИЛИ:", "_" * 44)
    p.alignment = LEFT
    para(doc, "_" * 64, align=LEFT, before=6)


def decided(doc, label: str = "РЕШИЛИ:") -> None:
    """The decision and the vote, kept on the page of the signatures that follow."""
    heard(doc, label, DECISION).paragraph_format.keep_with_next = True
    tag(doc, "{%p if protocol.votes_for is not none or protocol.votes_against is not none "
             "or protocol.votes_abstained is not none %}")
    para(doc, "Голосовали: за\u00a0— {{ protocol.votes_for or 0 }}, против\u00a0— {{ protocol.votes_against or 0 }}, "
              "воздержались\u00a0— {{ protocol.votes_abstained or 0 }}."
              "{% if protocol.votes_for and not protocol.votes_against and not protocol.votes_abstained %} "
              "Решение принято единогласно.{% endif %}", indent=True, before=6, keep_next=True)
    tag(doc, "{%p endif %}")


def signatures(doc) -> None:
    tab_line(doc, "Председатель комиссии",
             f"{SIGN} " + person_or_blank("commission.chair", "commission.chair|initials_first"),
             before=30).paragraph_format.keep_with_next = True
    tab_line(doc, "Секретарь комиссии",
             f"{SIGN} " + person_or_blank("commission.secretary", "commission.secretary|initials_first"), before=18)


def label_table(doc, rows: list[tuple[str, str]], conditional: dict[int, str] | None = None):
    """A two-column table «what — value»; ``conditional`` rows (by index) print only when the
    Jinja condition holds ({%tr if %})."""
    conditional = conditional or {}
    total = len(rows) + 2 * len(conditional)
    table = doc.add_table(rows=total, cols=2)
    table.style = doc.styles["Table Grid"]
    r = 0
    for i, (label, value) in enumerate(rows):
        if i in conditional:
            table.rows[r].cells[0].paragraphs[0].add_run(f"{{%tr if {conditional[i]} %}}")
            r += 1
        cells = table.rows[r].cells
        cell_text(cells[0], label)
        cell_text(cells[1], value)
        cant_split(table.rows[r])
        r += 1
        if i in conditional:
            table.rows[r].cells[0].paragraphs[0].add_run("{%tr endif %}")
            r += 1
    set_widths(table, [5.5, 11.5])
    return table


def criteria_table(doc, headers: list[str], criteria: list[str], widths: list[float], total: str | None = None,
                   total_label: str = "Итого"):
    """Numbered criteria with empty cells for the commission's marks."""
    table = doc.add_table(rows=1 + len(criteria) + (1 if total else 0), cols=len(headers))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, headers):
        cell_text(cell, text, bold=True, align=CENTER)
    repeat_header(table.rows[0])
    for n, text in enumerate(criteria, start=1):
        row = table.rows[n]
        cell_text(row.cells[0], f"{n}.", align=CENTER)
        cell_text(row.cells[1], text)
        cant_split(row)
    if total:
        row = table.rows[-1]
        merged = row.cells[0].merge(row.cells[1])
        cell_text(merged, total_label, bold=True, align=LEFT)
        cell_text(row.cells[2], total, bold=True, align=CENTER)
        cant_split(row)
    set_widths(table, widths)
    return table


def save(doc, template_id: str) -> Path:
    path = OUT / f"{template_id}.docx"
    doc.save(path)
    return path


CANDIDATE = "{%p set candidate = protocol.mentor %}"


# --------------------------------------------------------------------------- 1. review

CATEGORY = ("{% if candidate.category == 'обучающийся' %}{{ 'обучающийся'|agree(candidate) }}"
            "{% else %}{{ candidate.category }}{% endif %}")


def build_protocol_review() -> Path:
    doc = new_document(14)
    tag(doc, CANDIDATE)
    header(doc, "заседания комиссии по отбору наставников")
    attendance(doc)
    agenda(doc, "О рассмотрении кандидатуры " + who("candidate", "род") + " в качестве наставника.")
    heard(doc, "СЛУШАЛИ:", "председателя комиссии "
          + person_or_blank("commission.chair", "commission.chair|initials('вин')")
          + " — сведения о кандидате:")
    para(doc, after=4)
    label_table(doc, [
        ("Фамилия, имя, отчество", "{{ candidate.fio }}"),
        ("Категория", CATEGORY),
        ("Должность", "{{ candidate.position }}"),
        ("Класс", "{{ candidate|klass('им', false) }}"),
        ("Место работы или учёбы", "{{ candidate.workplace }}"),
        ("Форма наставничества", "«{{ candidate.form }}»"),
    ], conditional={2: "candidate.position", 3: "candidate.school_class", 4: "candidate.workplace"})
    spoke_blank(doc)
    decided(doc)
    signatures(doc)
    return save(doc, "protocol_review")


# --------------------------------------------------------------------------- 2. interview

INTERVIEW_CRITERIA = [
    "Мотивация к наставнической деятельности, ожидания от работы с наставляемым",
    "Опыт, значимый для наставничества (профессиональный, учебный, общественный, работа с детьми "
    "или молодыми специалистами)",
    "Коммуникативные навыки: умение слушать, вести диалог, поддерживать",
    "Готовность к работе в форме наставничества «{{ candidate.form }}»",
    "Готовность регулярно уделять время встречам с наставляемым и выполнять план работы",
]


def build_protocol_interview() -> Path:
    doc = new_document(14)
    tag(doc, CANDIDATE)
    header(doc, "собеседования с кандидатом в наставники")
    attendance(doc, "Собеседование провели")
    agenda(doc, "Собеседование с кандидатом в наставники " + who("candidate", "тв") + ".")
    heard(doc, "СЛУШАЛИ:", "кандидата {{ candidate|initials('вин') }} о мотивации, опыте и ожиданиях от "
                           "работы наставником. Комиссия оценила кандидата по критериям (отметки: "
                           "«соответствует», «частично соответствует», «не соответствует»):")
    para(doc, after=4)
    criteria_table(doc, ["№ п/п", "Критерий", "Отметка", "Комментарий"], INTERVIEW_CRITERIA,
                   [1.1, 9.6, 2.7, 3.6])
    spoke_blank(doc)
    decided(doc, "ЗАКЛЮЧЕНИЕ КОМИССИИ:")
    signatures(doc)
    return save(doc, "protocol_interview")


# --------------------------------------------------------------------------- 3. assessment

ASSESSMENT_CRITERIA = [
    "Профессиональная (предметная) компетентность; для обучающихся — учебные достижения",
    "Опыт, значимый для наставничества (работа с детьми или молодыми специалистами, проекты, "
    "олимпиады, волонтёрство)",
    "Коммуникативные и организаторские навыки",
    "Мотивация и готовность к наставнической деятельности",
    "Личные качества: ответственность, доброжелательность, умение быть примером",
]
MAX_POINTS = 10


def build_protocol_assessment() -> Path:
    doc = new_document(14)
    tag(doc, CANDIDATE)
    header(doc, "заседания комиссии по отбору наставников")
    attendance(doc)
    agenda(doc, "Об оценке кандидата в наставники — " + who("candidate", "род") + ".")
    heard(doc, "СЛУШАЛИ:", "секретаря комиссии "
          + person_or_blank("commission.secretary", "commission.secretary|initials('вин')")
          + " о результатах оценки кандидата {{ candidate|initials('род') }} по критериям отбора "
            f"наставников (каждый критерий — от 0 до {MAX_POINTS} баллов):")
    para(doc, after=4)
    criteria_table(doc, ["№ п/п", "Критерий", f"Баллы (0–{MAX_POINTS})"], ASSESSMENT_CRITERIA,
                   [1.2, 12.3, 3.5],
                   total="{% if protocol.score is not none %}{{ protocol.score|count('балл', 'балла', 'баллов') }}"
                         "{% endif %}",
                   total_label=f"Итого (из {MAX_POINTS * len(ASSESSMENT_CRITERIA)} возможных)")
    decided(doc)
    signatures(doc)
    return save(doc, "protocol_assessment")


# --------------------------------------------------------------------------- 4. attachment

SMALL = 12


def build_protocol_attachment() -> Path:
    doc = new_document(14)
    tag(doc, "{%p set mentor = protocol.mentor %}")
    tag(doc, "{%p set mentee = protocol.mentee %}")
    # the pair of these two people on «Пары» (the last one, if they were paired more than once)
    tag(doc, "{%p set pair = (mentor.pairs|selectattr('mentee', 'sameas', mentee)|list or [none])|last %}")
    header(doc, "прикрепления наставника к наставляемому", approval=True)
    attendance(doc)
    invited = para(doc, align=LEFT, before=6)
    invited.add_run("Приглашены: ").bold = True
    invited.add_run("наставник {{ mentor|initials }}"
                    "{% if mentee %}, {{ 'наставляемый'|agree(mentee) }} {{ mentee|initials }}"
                    "{% if mentee.minor %}, родитель (законный представитель) "
                    "{{ 'наставляемый'|agree(mentee, 'род') }}"
                    "{% if mentee.parent %} {{ mentee.parent|initials }}{% else %} " + BLANK + "{% endif %}"
                    "{% endif %}{% else %}, наставляемый " + BLANK + "{% endif %}")
    agenda(doc, "О прикреплении наставника " + who("mentor", "род") + " к "
           "{% if mentee %}{{ 'наставляемый'|agree(mentee, 'дат') }} "
           + who("mentee", "дат", workplace=False) + "{% else %}наставляемому " + BLANK + "{% endif %}.")
    heard(doc, "СЛУШАЛИ:", "куратора внедрения целевой модели наставничества {{ curator|initials('вин') }} "
                           "о формировании наставнической пары:")
    para(doc, after=4)
    label_table(doc, [
        ("Наставник", who("mentor", "им")),
        ("Наставляемый", "{% if mentee %}" + who("mentee", "им", workplace=False) + "{% else %}" + BLANK
         + "{% endif %}"),
        ("Форма наставничества", "«{{ pair.form if pair else mentor.form }}»"),
        ("Программа наставничества", "{% if pair and pair.program %}{{ pair.program }}{% else %}" + BLANK
         + "{% endif %}"),
        ("Срок наставничества", "{% if pair %}с {{ pair.start|date_num }} по {{ pair.end|date_num }}"
                                "{% else %}с ____________ по ____________{% endif %}"),
    ])
    decided(doc)
    signatures(doc)

    para(doc, "С решением ознакомлены:", align=LEFT, before=18, after=6, keep_next=True)
    table = doc.add_table(rows=6, cols=4)
    date_blank = "«___» ________ 20___ г."
    rows = [
        ("Куратор", "{{ curator|initials_first }}"),
        ("Наставник", "{{ mentor|initials_first }}"),
        ("{{ 'наставляемый'|agree(mentee)|upfirst if mentee else 'Наставляемый' }}",
         "{% if mentee %}{{ mentee|initials_first }}{% else %}" + BLANK + "{% endif %}"),
    ]
    for r, (role, name) in enumerate(rows):
        cells = table.rows[r].cells
        cell_text(cells[0], role, size=SMALL)
        cell_text(cells[1], SIGN, align=CENTER, size=SMALL)
        cell_text(cells[2], name, size=SMALL)
        cell_text(cells[3], date_blank, size=SMALL)
        cant_split(table.rows[r])
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr if mentee and mentee.minor %}")
    cells = table.rows[4].cells
    cell_text(cells[0], "Родитель (законный представитель)", size=SMALL)
    cell_text(cells[1], SIGN, align=CENTER, size=SMALL)
    cell_text(cells[2], "{% if mentee.parent %}{{ mentee.parent|initials_first }}{% else %}" + BLANK
              + "{% endif %}", size=SMALL)
    cell_text(cells[3], date_blank, size=SMALL)
    cant_split(table.rows[4])
    table.rows[5].cells[0].paragraphs[0].add_run("{%tr endif %}")
    for row in table.rows:
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.space_before = Pt(10)
    set_widths(table, [4.4, 3.2, 4.3, 5.1])
    return save(doc, "protocol_attachment")


BUILDERS = {
    "protocol_review": build_protocol_review,
    "protocol_interview": build_protocol_interview,
    "protocol_assessment": build_protocol_assessment,
    "protocol_attachment": build_protocol_attachment,
}
