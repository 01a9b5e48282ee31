"""The five agreements of the mentorship programme (Прил. 15, 24–27 of the methodological set).

Common skeleton: «СОГЛАШЕНИЕ № ____», place and date blanks, parties (the school «в лице»
the director in the genitive, «действующего/действующей на основании Устава»; the other party
«именуемый/именуемая в дальнейшем …»), 1 subject, 2 rights and duties, 3 term, 4 other terms
(confidentiality, personal data only under a separate consent, copies), 5 requisites and
signatures of the parties side by side. No consent text inside an agreement (156-ФЗ).
Run through build_templates.py: ``python scripts/build_templates.py agreement_mentor …``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx.shared import Pt  # noqa: E402

from build_templates import (  # noqa: E402
    CENTER, LEFT, OUT, cant_split, new_document, para, set_widths, tab_line, tag,
)

BLANK = "________________"
SIGN = "«___» ____________ 20___ г."

ORG_PARTY = (
    "{{ org.full_name }} в лице {{ director|position('род') }} {{ director|fio('род') }}, "
    "{{ 'действующий'|agree(director, 'род') }} на основании Устава, именуемое в дальнейшем "
    "«Организация», с одной стороны, и "
)


def describe(var: str, *, workplace: bool) -> str:
    """«, учитель математики МАОУ «СОШ № 7»» / «, обучающаяся 9 «Б» класса МАОУ …» /
    «, инженер-технолог АО «…»» after a person's name; nothing when nothing is known.
    ``workplace``: the record has the «Место работы или учёбы» column (mentors)."""
    work = (f"{{% elif {var}.workplace and {var}.position %}}, {{{{ {var}.position }}}} {{{{ {var}.workplace }}}}"
            f"{{% elif {var}.workplace %}}, {{{{ 'обучающийся'|agree({var}) }}}} {{{{ {var}.workplace }}}}"
            if workplace else "")
    return (f"{{% if {var}.school_class %}}, {{{{ 'обучающийся'|agree({var}) }}}} {{{{ {var}|klass('род') }}}} "
            f"{{{{ org.short_name }}}}{work}"
            f"{{% elif {var}.position %}}, {{{{ {var}.position }}}} {{{{ org.short_name }}}}{{% endif %}}")


def heading(doc, subtitle: str) -> None:
    para(doc, "СОГЛАШЕНИЕ №\u00a0____", align=CENTER, bold=True)
    para(doc, subtitle, align=CENTER, bold=True, after=12)
    tab_line(doc, "{{ org.city }}", SIGN, after=12)


def section(doc, title: str) -> None:
    para(doc, title, align=CENTER, bold=True, before=8, after=4, keep_next=True)


def clauses(doc, items: list[str]) -> None:
    for text in items:
        if text.startswith("{%p"):
            tag(doc, text)
        else:
            para(doc, text, indent=True)


def _cell_lines(cell, lines: list[str]) -> None:
    """Lines of a requisites cell; a line starting with «{%p» is a paragraph tag, «**» bold."""
    first = True
    for line in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = LEFT
        bold = line.startswith("**")
        run = p.add_run(line[2:] if bold else line)
        run.bold = bold
        run.font.size = Pt(11)


def org_requisites() -> list[str]:
    return [
        "**Организация",
        "{{ org.full_name }}",
        "Адрес: {{ org.address }}",
        "ИНН {{ org.inn }}{% if org.kpp %}, КПП {{ org.kpp }}{% endif %}",
        "ОГРН {{ org.ogrn }}",
        "{%p if org.phone %}",
        "Тел.: {{ org.phone }}",
        "{%p endif %}",
        "{%p if org.email %}",
        "Эл. почта: {{ org.email }}",
        "{%p endif %}",
    ]


def person_requisites(title: str, var: str, *, contacts: bool) -> list[str]:
    """A natural person's column: name, birth date, address, identity document, contacts."""
    lines = [
        f"**{title}",
        f"{{{{ {var}|fio }}}}",
        f"{{%p if {var}.birth_date %}}",
        f"Дата рождения: {{{{ {var}.birth_date|date_num }}}}",
        "{%p endif %}",
        f"Адрес: {{% if {var}.address %}}{{{{ {var}.address }}}}{{% else %}}{BLANK}{{% endif %}}",
        f"Документ: {{% if {var}.doc %}}{{{{ {var}.doc }}}}{{% else %}}{BLANK}{{% endif %}}",
    ]
    if contacts:
        lines += [
            f"Тел.: {{% if {var}.phone %}}{{{{ {var}.phone }}}}{{% else %}}{BLANK}{{% endif %}}",
            f"{{%p if {var}.email %}}",
            f"Эл. почта: {{{{ {var}.email }}}}",
            "{%p endif %}",
        ]
    else:
        lines.append(f"Тел.: {BLANK}")
    return lines


def final_section(doc, number: int, copies: str = "двух") -> None:
    section(doc, f"{number}. Прочие условия")
    clauses(doc, [
        f"{number}.1.\u00a0Стороны не разглашают сведения, ставшие им известными в связи с исполнением "
        "соглашения, в том числе персональные данные участников программы наставничества.",
        f"{number}.2.\u00a0Персональные данные обрабатываются Организацией только на основании отдельного "
        "согласия субъекта персональных данных (его законного представителя).",
        f"{number}.3.\u00a0Соглашение не влечёт финансовых обязательств Сторон. Споры решаются путём "
        "переговоров, а при недостижении согласия — в порядке, установленном законодательством "
        "Российской Федерации.",
        f"{number}.4.\u00a0Соглашение составлено в {copies} экземплярах, имеющих равную юридическую силу, "
        "по одному для каждой из Сторон.",
    ])


def term_section(doc, number: int, until: str) -> None:
    section(doc, f"{number}. Срок действия соглашения")
    clauses(doc, [
        f"{number}.1.\u00a0Соглашение вступает в силу со дня подписания Сторонами и действует {until}.",
        f"{number}.2.\u00a0Каждая из Сторон вправе расторгнуть соглашение, письменно уведомив другую "
        "Сторону не менее чем за 10 календарных дней.",
    ])


def signatures(doc, number: int, columns: list[list[str]], signs: list[list[str]]) -> None:
    """Requisites of each party in one row, signatures in the next: the signature lines align."""
    section(doc, f"{number}. Адреса, реквизиты и подписи Сторон")
    table = doc.add_table(rows=2, cols=len(columns))
    for cell, lines in zip(table.rows[0].cells, columns):
        _cell_lines(cell, lines)
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    for cell, lines in zip(table.rows[1].cells, signs):
        _cell_lines(cell, lines)
    for row in table.rows:
        cant_split(row)
    width = 17.0 / len(columns)
    set_widths(table, [width] * len(columns))


def sign(person: str, position: str = "") -> list[str]:
    """A signature cell: the signer's position (or nothing), a gap, «____ / И.О. Фамилия»."""
    return ["", position, "", f"____________ / {person}"]


ORG_SIGN = sign("{{ director|initials_first }}", "{{ director|position|upfirst }}") + ["М.П."]


def parent_cosign(doc, parent: str, who: str) -> None:
    """A minor party's parent agrees in writing: the name when known, else a line to fill in."""
    para(doc, f"Согласие родителя (законного представителя) {who} на заключение соглашения:",
         align=LEFT, before=12, keep_next=True)
    tab_line(doc, f"{{% if {parent} %}}{{{{ {parent}|initials_first }}}}{{% else %}}{BLANK * 2} (ФИО){{% endif %}}",
             f"____________  {SIGN}", before=8)


# --------------------------------------------------------------------------- agreement_mentor


def build_agreement_mentor() -> Path:
    doc = new_document(12)
    heading(doc, "об участии в программе наставничества в качестве наставника")
    para(doc, ORG_PARTY + "{{ mentor|fio }}" + describe("mentor", workplace=True) +
         "{% if mentor.minor %}, {{ 'действующий'|agree(mentor) }} с письменного согласия родителя "
         "(законного представителя){% endif %}, {{ 'именуемый'|agree(mentor) }} в дальнейшем «Наставник», "
         "с другой стороны, вместе именуемые «Стороны», заключили настоящее соглашение о нижеследующем.",
         indent=True)
    section(doc, "1. Предмет соглашения")
    clauses(doc, [
        "1.1.\u00a0Наставник на безвозмездной основе участвует в программе наставничества "
        "{{ org.short_name }} в форме «{{ mentor.form }}»: помогает закреплённым за ним наставляемым "
        "достигать образовательных, личностных и профессиональных результатов, а Организация создаёт "
        "для этого условия.",
        "1.2.\u00a0Наставляемые, программа наставничества и сроки её реализации определяются приказом "
        "{{ org.short_name }} о закреплении наставнических пар (групп) и индивидуальным планом "
        "развития наставляемого.",
    ])
    section(doc, "2. Права и обязанности Сторон")
    clauses(doc, [
        "2.1.\u00a0Наставник обязуется:",
        "— составить вместе с наставляемым индивидуальный план развития и выполнять его;",
        "— регулярно встречаться с наставляемым, помогать ему ставить цели и достигать их;",
        "— соблюдать Положение о наставничестве {{ org.short_name }} и правила внутреннего распорядка, "
        "обеспечивать безопасность встреч;",
        "— сообщать куратору о ходе и результатах наставничества, участвовать в мониторинге.",
        "2.2.\u00a0Наставник вправе:",
        "— проходить обучение в «Школе наставников», получать методическую помощь куратора;",
        "— вносить предложения о совершенствовании программы наставничества;",
        "— выйти из программы, письменно уведомив Организацию.",
        "2.3.\u00a0Организация обязуется:",
        "— назначить куратора программы наставничества и обеспечить Наставника методическими "
        "материалами и помещением для встреч;",
        "— организовать обучение наставников и рассматривать их предложения;",
        "— учитывать участие в программе наставничества при поощрении Наставника.",
        "2.4.\u00a0Организация вправе запрашивать у Наставника сведения о ходе наставничества и "
        "расторгнуть соглашение, если Наставник не выполняет своих обязанностей.",
    ])
    term_section(doc, 3, "до завершения участия Наставника в программе наставничества")
    final_section(doc, 4)
    signatures(doc, 5, [org_requisites(), person_requisites("Наставник", "mentor", contacts=True)],
               [ORG_SIGN, sign("{{ mentor|initials_first }}")])
    tag(doc, "{%p if mentor.minor %}")
    parent_cosign(doc, "mentor.parent", "несовершеннолетнего Наставника")
    tag(doc, "{%p endif %}")
    path = OUT / "agreement_mentor.docx"
    doc.save(path)
    return path


# --------------------------------------------------------------------------- agreement_mentee

# The mentee's current pair: an active one first, else the latest listed.
PAIR_OF = ("{%p set prs = (MENTEE.pairs|selectattr('status', 'equalto', 'действует')|list) "
           "or MENTEE.pairs %}")


def pair_clause(number: str, mentee: str, who: str) -> list[str]:
    """«1.2. Наставник …: ФИО, …; программа «…»; срок с … по …» or the order's wording."""
    return [
        PAIR_OF.replace("MENTEE", mentee),
        "{%p set pr = prs[0] if prs else none %}",
        "{%p if pr %}",
        f"{number}\u00a0Наставник {who}: {{{{ pr.mentor|fio }}}}" + describe("pr.mentor", workplace=True)
        + "{% if pr.program %}; программа «{{ pr.program }}»{% endif %}; срок наставничества: "
        "с {{ pr.start|date_num }} по {{ pr.end|date_num }}.",
        "{%p else %}",
        f"{number}\u00a0Наставник, программа и сроки наставничества определяются приказом "
        "{{ org.short_name }} о закреплении наставнических пар (групп).",
        "{%p endif %}",
    ]


def build_agreement_mentee() -> Path:
    doc = new_document(12)
    heading(doc, "об участии в программе наставничества в качестве наставляемого")
    para(doc, ORG_PARTY + "{{ mentee|fio }}" + describe("mentee", workplace=False) +
         ", {{ 'именуемый'|agree(mentee) }} в дальнейшем «Наставляемый», с другой стороны, вместе "
         "именуемые «Стороны», заключили настоящее соглашение о нижеследующем.", indent=True)
    section(doc, "1. Предмет соглашения")
    clauses(doc, [
        "1.1.\u00a0Наставляемый участвует в программе наставничества {{ org.short_name }} в форме "
        "«{{ mentee.form }}», а Организация закрепляет за ним наставника и создаёт условия для их "
        "совместной работы.{% if mentee.request %} Запрос Наставляемого: «{{ mentee.request }}».{% endif %}",
        *pair_clause("1.2.", "mentee", "Наставляемого"),
    ])
    section(doc, "2. Права и обязанности Сторон")
    clauses(doc, [
        "2.1.\u00a0Наставляемый обязуется:",
        "— составить вместе с наставником индивидуальный план развития и выполнять его;",
        "— участвовать во встречах с наставником и выполнять согласованные с ним задания;",
        "— соблюдать Положение о наставничестве {{ org.short_name }};",
        "— участвовать в анкетировании и мониторинге результатов программы наставничества.",
        "2.2.\u00a0Наставляемый вправе:",
        "— получать помощь и поддержку наставника, обращаться к куратору программы;",
        "— просить куратора о замене наставника, объяснив причины;",
        "— выйти из программы, письменно уведомив Организацию.",
        "2.3.\u00a0Организация обязуется:",
        "— закрепить за Наставляемым наставника и назначить куратора программы наставничества;",
        "— обеспечить помещение и материалы для встреч, рассматривать обращения Наставляемого.",
        "2.4.\u00a0Организация вправе запрашивать у Наставляемого сведения о ходе и результатах "
        "наставничества.",
    ])
    term_section(doc, 3, "до завершения участия Наставляемого в программе наставничества")
    final_section(doc, 4)
    signatures(doc, 5, [org_requisites(), person_requisites("Наставляемый", "mentee", contacts=False)],
               [ORG_SIGN, sign("{{ mentee|initials_first }}")])
    path = OUT / "agreement_mentee.docx"
    doc.save(path)
    return path


# --------------------------------------------------------------------------- agreement_parent

IF_P = "{% if p %}"


def _p(text: str, blank: str) -> str:
    """A parent's value, or a blank to fill in when the child has no parent on «Родители»."""
    return f"{IF_P}{text}{{% else %}}{blank}{{% endif %}}"


def build_agreement_parent() -> Path:
    doc = new_document(12)
    tag(doc, "{%p set p = child.parent %}")
    heading(doc, "с родителем (законным представителем) об участии несовершеннолетнего "
                 "в программе наставничества")
    para(doc, ORG_PARTY
         + _p("{{ p|fio }}, {{ 'являющийся'|agree(p) }} {{ p.relation|position('тв') }}",
              BLANK * 2 + " (фамилия, имя, отчество), являющийся(-аяся) родителем")
         + " (законным представителем) {{ 'несовершеннолетний'|agree(child, 'род') }} {{ child|fio('род') }}, "
         "{{ child.birth_date|date_num }} года рождения, {{ 'обучающийся'|agree(child, 'род') }} "
         "{{ child|klass('род') }} {{ org.short_name }} (далее — Наставляемый), "
         + _p("{{ 'действующий'|agree(p) }} в интересах Наставляемого на основании документа, "
              "подтверждающего полномочия: {{ p.authority_doc }}, {{ 'именуемый'|agree(p) }}",
              "действующий(-ая) в интересах Наставляемого на основании " + BLANK * 2 + ", именуемый(-ая)")
         + " в дальнейшем «Родитель», с другой стороны, вместе именуемые «Стороны», заключили настоящее "
         "соглашение о нижеследующем.", indent=True)
    section(doc, "1. Предмет соглашения")
    clauses(doc, [
        "1.1.\u00a0Организация включает Наставляемого в программу наставничества {{ org.short_name }} "
        "в форме «{{ child.form }}», а Родитель соглашается на его участие и содействует ему."
        "{% if child.request %} Запрос Наставляемого: «{{ child.request }}».{% endif %}",
        *pair_clause("1.2.", "child", "Наставляемого"),
    ])
    section(doc, "2. Права и обязанности Сторон")
    clauses(doc, [
        "2.1.\u00a0Организация обязуется:",
        "— закрепить за Наставляемым наставника, назначить куратора программы наставничества и "
        "обеспечить безопасные условия встреч;",
        "— по запросу Родителя сообщать ему о ходе и результатах участия Наставляемого в программе;",
        "— рассматривать обращения Родителя, в том числе о замене наставника.",
        "2.2.\u00a0Родитель обязуется:",
        "— содействовать участию Наставляемого во встречах и мероприятиях программы наставничества;",
        "— сообщать куратору об обстоятельствах, препятствующих участию Наставляемого в программе.",
        "2.3.\u00a0Родитель вправе:",
        "— получать сведения о ходе и результатах наставничества, встречаться с наставником и куратором;",
        "— вносить предложения о работе наставнической пары (группы);",
        "— прекратить участие Наставляемого в программе, письменно уведомив Организацию.",
    ])
    term_section(doc, 3, "до завершения участия Наставляемого в программе наставничества")
    final_section(doc, 4)
    parent = [
        "**Родитель (законный представитель)",
        _p("{{ p|fio }}", BLANK * 2),
        "Адрес: " + _p("{{ p.address }}", BLANK * 2),
        "Паспорт: " + _p("серия {{ p.passport_series }} №\u00a0{{ p.passport_number }}, выдан "
                         "{{ p.passport_issued_by }} {{ p.passport_date|date_num }}", BLANK * 2),
        "Тел.: " + _p("{% if p.phone %}{{ p.phone }}{% else %}" + BLANK + "{% endif %}", BLANK),
    ]
    signatures(doc, 5, [org_requisites(), parent], [ORG_SIGN, sign(_p("{{ p|initials_first }}", "______________"))])
    tag(doc, "{%p if child.child_signs %}")
    para(doc, "С соглашением {{ 'ознакомлен'|agree(child) }}:", align=LEFT, before=12, keep_next=True)
    tab_line(doc, SIGN, "____________ / {{ child|initials_first }}", before=8)
    tag(doc, "{%p endif %}")
    path = OUT / "agreement_parent.docx"
    doc.save(path)
    return path


# --------------------------------------------------------------------------- agreement_pair


def build_agreement_pair() -> Path:
    doc = new_document(12)
    tag(doc, "{%p set mentor = pair.mentor %}")
    tag(doc, "{%p set mentee = pair.mentee %}")
    tag(doc, "{%p set p = mentee.parent if mentee.minor else none %}")
    tag(doc, "{%p set under14 = mentee.minor and mentee.age is not none and mentee.age < 14 %}")
    heading(doc, "о сотрудничестве наставника и наставляемого")
    para(doc, ORG_PARTY.replace(", с одной стороны, и ", ", ")
         + "{{ mentor|fio }}" + describe("mentor", workplace=True)
         + "{% if mentor.minor %}, {{ 'действующий'|agree(mentor) }} с письменного согласия родителя "
           "(законного представителя){% endif %}"
         + ", {{ 'именуемый'|agree(mentor) }} в дальнейшем «Наставник», и {{ mentee|fio }}"
         + describe("mentee", workplace=False)
         + "{% if mentee.minor %}{% if under14 %}, в лице "
           "{% if p %}{{ p.relation|position('род') }} (законного представителя) {{ p|fio('род') }}"
           "{% else %}законного представителя " + BLANK * 2 + "{% endif %}"
           "{% else %}, {{ 'действующий'|agree(mentee) }} с согласия "
           "{% if p %}{{ p.relation|position('род') }} (законного представителя) {{ p|fio('род') }}"
           "{% else %}законного представителя " + BLANK * 2 + "{% endif %}{% endif %}{% endif %}"
         + ", {{ 'именуемый'|agree(mentee) }} в дальнейшем «Наставляемый», вместе именуемые «Стороны», "
           "заключили настоящее соглашение о нижеследующем.", indent=True)
    section(doc, "1. Предмет соглашения")
    clauses(doc, [
        "1.1.\u00a0Наставник и Наставляемый образуют наставническую пару и совместно реализуют "
        "{% if pair.program %}программу наставничества «{{ pair.program }}»{% else %}программу "
        "наставничества{% endif %} в форме «{{ pair.form }}» с {{ pair.start|date_num }} по "
        "{{ pair.end|date_num }}; Организация сопровождает их работу.",
        "{%p if mentee.request %}",
        "1.2.\u00a0Совместная работа направлена на запрос Наставляемого: «{{ mentee.request }}». Задачи "
        "и результаты определяются индивидуальным планом развития Наставляемого.",
        "{%p else %}",
        "1.2.\u00a0Цель, задачи и результаты совместной работы определяются индивидуальным планом "
        "развития Наставляемого.",
        "{%p endif %}",
        "1.3.\u00a0Встречи проводятся по графику, согласованному Наставником и Наставляемым: "
        + BLANK * 2 + ".",
    ])
    section(doc, "2. Права и обязанности Сторон")
    clauses(doc, [
        "2.1.\u00a0Наставник обязуется: составить вместе с Наставляемым индивидуальный план развития; "
        "проводить встречи по графику; помогать Наставляемому ставить цели и достигать их; сообщать "
        "куратору о ходе работы пары.",
        "2.2.\u00a0Наставляемый обязуется: выполнять индивидуальный план развития; участвовать во "
        "встречах и выполнять согласованные задания; участвовать в анкетировании и мониторинге.",
        "2.3.\u00a0Организация обязуется: назначить куратора пары, предоставить помещение и материалы "
        "для встреч, рассматривать обращения Наставника и Наставляемого.",
        "2.4.\u00a0Наставник и Наставляемый вправе обращаться к куратору, вносить предложения о работе "
        "пары и просить о её расформировании, объяснив причины.",
    ])
    term_section(doc, 3, "по {{ pair.end|date_num }}")
    final_section(doc, 4, copies="трёх")
    mentee_sign = ["", "{% if under14 %}Законный представитель{% endif %}", "",
                   "____________ / {% if not under14 %}{{ mentee|initials_first }}{% elif p %}"
                   "{{ p|initials_first }}{% else %}______________{% endif %}"]
    signatures(doc, 5, [
        org_requisites(),
        person_requisites("Наставник", "mentor", contacts=True),
        person_requisites("Наставляемый", "mentee", contacts=False),
    ], [ORG_SIGN, sign("{{ mentor|initials_first }}"), mentee_sign])
    tag(doc, "{%p if mentor.minor %}")
    parent_cosign(doc, "mentor.parent", "несовершеннолетнего Наставника")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if mentee.minor and not under14 %}")
    parent_cosign(doc, "p", "несовершеннолетнего Наставляемого")
    tag(doc, "{%p endif %}")
    path = OUT / "agreement_pair.docx"
    doc.save(path)
    return path


# --------------------------------------------------------------------------- agreement_partner


def build_agreement_partner() -> Path:
    doc = new_document(12)
    tag(doc, "{%p set rep = namespace(fio=partner.representative, sex=partner.representative_sex) %}")
    heading(doc, "о сотрудничестве в реализации программы наставничества")
    para(doc, ORG_PARTY + "{{ partner.full_name }}"
         "{% if partner.representative %} в лице "
         "{% if partner.representative_position %}{{ partner.representative_position|position('род') }} "
         "{% endif %}{{ rep|fio('род') }}, {{ 'действующий'|agree(rep, 'род') }} на основании "
         "{{ partner.representative_basis or 'Устава' }}{% else %} в лице " + BLANK * 2 + " (должность, "
         "фамилия, имя, отчество), действующего(-ей) на основании " + BLANK + "{% endif %}, именуемое в "
         "дальнейшем «Партнёр», "
         "с другой стороны, вместе именуемые «Стороны», заключили настоящее соглашение о нижеследующем.",
         indent=True)
    section(doc, "1. Предмет соглашения")
    clauses(doc, [
        "1.1.\u00a0Стороны сотрудничают в реализации программы наставничества {{ org.short_name }}"
        "{% if partner.subject %}: {{ partner.subject }}{% endif %}.",
        "1.2.\u00a0Наставники из числа работников (обучающихся) Партнёра, наставляемые и программы "
        "наставничества определяются приказами {{ org.short_name }} по согласованию с Партнёром.",
    ])
    section(doc, "2. Права и обязанности Сторон")
    clauses(doc, [
        "2.1.\u00a0Партнёр обязуется:",
        "— рекомендовать наставников из числа своих работников (обучающихся) и содействовать их участию "
        "в программе;",
        "— по согласованию с Организацией проводить для обучающихся экскурсии, профессиональные пробы "
        "и другие мероприятия, обеспечивая их безопасность на своей территории;",
        "— сообщать Организации о результатах совместных мероприятий.",
        "2.2.\u00a0Организация обязуется:",
        "— назначить куратора, ответственного за взаимодействие с Партнёром, и организовать обучение "
        "наставников;",
        "— формировать наставнические пары (группы) и сопровождать их работу;",
        "— предоставлять помещения и материалы для встреч, информировать Партнёра о результатах "
        "программы.",
        "2.3.\u00a0Стороны вправе вносить предложения о совместных мероприятиях и с согласия друг "
        "друга сообщать о сотрудничестве в средствах массовой информации и на своих сайтах.",
    ])
    section(doc, "3. Срок действия соглашения")
    clauses(doc, [
        "3.1.\u00a0Соглашение вступает в силу со дня подписания Сторонами и действует "
        "по 31 декабря {{ org.period_end }} года. Если ни одна из Сторон не заявит о его прекращении "
        "за 30 дней до окончания срока, соглашение продлевается на каждый следующий год.",
        "3.2.\u00a0Каждая из Сторон вправе расторгнуть соглашение, письменно уведомив другую Сторону "
        "не менее чем за 30 календарных дней.",
    ])
    final_section(doc, 4)
    partner = [
        "**Партнёр",
        "{{ partner.full_name }}",
        "Адрес: {% if partner.address %}{{ partner.address }}{% else %}" + BLANK * 2 + "{% endif %}",
        "ИНН {% if partner.inn %}{{ partner.inn }}{% else %}" + BLANK + "{% endif %}",
        "ОГРН {% if partner.ogrn %}{{ partner.ogrn }}{% else %}" + BLANK + "{% endif %}",
        "{%p if partner.phone %}",
        "Тел.: {{ partner.phone }}",
        "{%p endif %}",
        "{%p if partner.email %}",
        "Эл. почта: {{ partner.email }}",
        "{%p endif %}",
    ]
    partner_sign = sign("{% if partner.representative %}{{ rep|initials_first }}{% else %}______________{% endif %}",
                        "{% if partner.representative_position %}{{ partner.representative_position|upfirst }}"
                        "{% endif %}") + ["М.П."]
    signatures(doc, 5, [org_requisites(), partner], [ORG_SIGN, partner_sign])
    path = OUT / "agreement_partner.docx"
    doc.save(path)
    return path


BUILDERS = {
    "agreement_mentor": build_agreement_mentor,
    "agreement_mentee": build_agreement_mentee,
    "agreement_parent": build_agreement_parent,
    "agreement_pair": build_agreement_pair,
    "agreement_partner": build_agreement_partner,
}
