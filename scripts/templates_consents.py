"""Consents of adult participants: processing (152-ФЗ art. 9) and distribution (art. 10.1).

Each consent is its own document (156-ФЗ, from 01.09.2025: a consent is never merged with
another text). ``consent_adult.docx`` serves two schemas — adult mentors and adult mentees —
so it reads only fields both sheets have (fio, sex, birth_date, address, doc, form).
Run through build_templates.py: ``python scripts/build_templates.py consent_adult``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx.shared import Cm  # noqa: E402

from build_templates import (  # noqa: E402
    CENTER, OUT, RIGHT, cant_split, cell_text, new_document, para, repeat_header, set_widths,
    tab_line,
)

BLANK = "________________"
LAW = "Федерального закона от 27.07.2006 №\u00a0152-ФЗ «О персональных данных»"


def _signature(doc, person: str = "person") -> None:
    """Item 9 of art. 9 part 4: date blank, signature blank and «И.О. Фамилия»."""
    tab_line(doc, "«___» ____________ 20___ г.", f"____________ / {{{{ {person}|initials_first }}}}", before=24)
    para(doc, "(подпись)", align=RIGHT, size=9).paragraph_format.right_indent = Cm(4)


def _operator() -> str:
    """Item 3: the operator's name and address (with ИНН and ОГРН, required for art. 10.1)."""
    return ("{{ org.full_name }} (ИНН {{ org.inn }}, ОГРН {{ org.ogrn }}), адрес: {{ org.address }} "
            "(далее — оператор)")


def _withdrawal(what: str) -> str:
    return (f"Я могу отозвать {what} в любое время, направив оператору письменное заявление по адресу: "
            "{{ org.address }}{% if org.email %} или по электронной почте {{ org.email }}{% endif %}.")


# --------------------------------------------------------------------------- consent_adult


def build_consent_adult() -> Path:
    doc = new_document(12)
    para(doc, "СОГЛАСИЕ", align=CENTER, bold=True)
    para(doc, "на обработку персональных данных участника программы наставничества",
         align=CENTER, bold=True, after=12)
    # items 1 and 3: the subject (name, address, identity document) and the operator
    para(doc, (
        "Я, {{ person|fio }}{% if person.birth_date %}, {{ person.birth_date|date_num }} года рождения{% endif %}, "
        "{{ 'зарегистрированный'|agree(person) }} по адресу: "
        "{% if person.address %}{{ person.address }}{% else %}" + BLANK * 3 + "{% endif %}, "
        "документ, удостоверяющий личность: "
        "{% if person.doc %}{{ person.doc }}{% else %}" + BLANK * 2 + " (вид, серия и номер, дата выдачи, "
        "кем выдан){% endif %}, "
        f"в соответствии со статьёй 9 {LAW} свободно, своей волей и в своём интересе даю согласие "
        f"оператору — {_operator()}, на обработку моих персональных данных на следующих условиях."
    ), indent=True)
    clauses = [
        # item 4: purpose
        "1.\u00a0Цель обработки: организация моего участия в программе наставничества {{ org.short_name }} "
        "(форма наставничества «{{ person.form }}»): ведение баз наставников и наставляемых, "
        "формирование наставнических пар и групп, ведение документов программы, мониторинг и оценка "
        "её результатов.",
        # item 5: list of data
        "2.\u00a0Перечень персональных данных: фамилия, имя, отчество; дата рождения; адрес регистрации; "
        "сведения о документе, удостоверяющем личность; должность, место работы или учёбы, класс; "
        "номер телефона и адрес электронной почты; сведения об участии в программе наставничества "
        "(форма и роль, наставническая пара или группа, программа, сроки, результаты, ответы на анкеты).",
        # item 7: actions and methods
        "3.\u00a0Перечень действий: сбор, запись, систематизация, накопление, хранение, уточнение "
        "(обновление, изменение), извлечение, использование, передача (предоставление, доступ) "
        "в случаях, предусмотренных законодательством Российской Федерации, обезличивание, "
        "блокирование, удаление, уничтожение. Способ обработки: смешанный — с использованием "
        "средств автоматизации и без их использования.",
        # item 6: processor on the operator's instruction
        "4.\u00a0Обработка персональных данных по поручению оператора другим лицам не поручается; "
        "если такое поручение потребуется, оператор сообщит мне наименование и адрес этого лица.",
        # item 8: term and withdrawal
        "5.\u00a0Согласие действует {{ org.consent_term }}. " + _withdrawal("согласие") + " После отзыва "
        "согласия оператор прекращает обработку и уничтожает персональные данные в срок, "
        "установленный частью 5 статьи 21 Федерального закона «О персональных данных».",
        "6.\u00a0Согласие не разрешает распространять мои персональные данные (сообщать их "
        "неограниченному кругу лиц, в том числе на сайте): для этого оформляется отдельное согласие.",
        "7.\u00a0Подтверждаю, что {{ 'ознакомлен'|agree(person) }} с правами субъекта персональных данных, "
        "предусмотренными главой 3 Федерального закона «О персональных данных».",
    ]
    for text in clauses:
        para(doc, text, indent=True)
    _signature(doc)  # item 9
    path = OUT / "consent_adult.docx"
    doc.save(path)
    return path


# --------------------------------------------------------------------------- consent_distribution

# (category, list of data): the categories of Приказ Роскомнадзора от 24.02.2021 № 18.
DISTRIBUTED = [
    ("Персональные данные", "Фамилия, имя, отчество"),
    ("Персональные данные", "Должность, место работы или учёбы"),
    ("Персональные данные", "Форма наставничества, сведения о закреплённых наставляемых (без их персональных данных)"),
    ("Персональные данные", "Сведения о результатах и достижениях в программе наставничества, отзывы"),
    ("Биометрические персональные данные", "Фотографическое изображение (фото- и видеосъёмка мероприятий программы)"),
]


def build_consent_distribution() -> Path:
    doc = new_document(12)
    para(doc, "СОГЛАСИЕ", align=CENTER, bold=True)
    para(doc, "на обработку персональных данных, разрешённых субъектом персональных данных "
              "для распространения", align=CENTER, bold=True, after=12)
    para(doc, (
        "Я, {{ person|fio }}, контактная информация: телефон "
        "{% if person.phone %}{{ person.phone }}{% else %}" + BLANK + "{% endif %}, адрес электронной почты "
        "{% if person.email %}{{ person.email }}{% else %}" + BLANK + "{% endif %}, почтовый адрес "
        "{% if person.address %}{{ person.address }}{% else %}" + BLANK * 2 + "{% endif %}, "
        f"руководствуясь статьёй 10.1 {LAW}, даю согласие оператору — {_operator()}, на распространение "
        "моих персональных данных (сообщение их неограниченному кругу лиц) на условиях, указанных ниже."
    ), indent=True)
    clauses_before = [
        "1.\u00a0Цель распространения: информирование обучающихся, их родителей (законных "
        "представителей), работников и общественности о программе наставничества {{ org.short_name }}, "
        "в том числе размещение реестра наставников на официальном сайте оператора.",
        "2.\u00a0Информационные ресурсы оператора, посредством которых предоставляется доступ к "
        "персональным данным: официальный сайт "
        "{% if org.website %}{{ org.website }}{% else %}" + BLANK * 2 + "{% endif %} — страница, "
        "посвящённая программе наставничества, и реестр наставников на ней.",
        "3.\u00a0Категории и перечень персональных данных, на распространение которых даю согласие "
        "(в графе «Разрешаю» отмечаю «да» или «нет»; специальные категории персональных данных "
        "не распространяются):",
    ]
    for text in clauses_before:
        para(doc, text, indent=True)
    table = doc.add_table(rows=1 + len(DISTRIBUTED), cols=4)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ["№", "Категория", "Перечень персональных данных",
                                                "Разрешаю к распространению"]):
        cell_text(cell, text, bold=True, align=CENTER, size=10)
    repeat_header(table.rows[0])
    for i, (category, data) in enumerate(DISTRIBUTED, start=1):
        row = table.rows[i]
        cant_split(row)
        cells = row.cells
        cell_text(cells[0], f"{i}", align=CENTER, size=10)
        cell_text(cells[1], category, size=10)
        cell_text(cells[2], data, size=10)
        cell_text(cells[3], "☐ да     ☐ нет", align=CENTER, size=10)
    set_widths(table, [0.8, 4.2, 8.0, 4.0])
    clauses_after = [
        "4.\u00a0Условия и запреты на обработку персональных данных неограниченным кругом лиц: "
        "{% if person.publish_conditions %}{{ person.publish_conditions }}.{% else %}"
        + BLANK * 3 + " (заполняется, если устанавливаются).{% endif %}",
        "5.\u00a0Условия, при которых персональные данные могут передаваться оператором только по его "
        "внутренней сети, обеспечивающей доступ к ним лишь строго определённым работникам, либо "
        "с использованием информационно-телекоммуникационных сетей, либо без передачи: "
        + BLANK * 2 + " (заполняется, если устанавливаются).",
        "6.\u00a0Согласие действует {{ org.consent_term }}.",
        "7.\u00a0Я могу в любое время потребовать прекратить распространение моих персональных данных, "
        "направив оператору требование с указанием фамилии, имени, отчества, контактной информации и "
        "перечня персональных данных, обработка которых подлежит прекращению, по адресу: {{ org.address }}"
        "{% if org.email %} или по электронной почте {{ org.email }}{% endif %}. Действие согласия "
        "прекращается с момента поступления требования оператору.",
    ]
    para(doc, clauses_after[0], indent=True, before=6)
    for text in clauses_after[1:]:
        para(doc, text, indent=True)
    _signature(doc)
    path = OUT / "consent_distribution.docx"
    doc.save(path)
    return path


BUILDERS = {
    "consent_adult": build_consent_adult,
    "consent_distribution": build_consent_distribution,
}
