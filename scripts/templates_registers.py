"""Built-in registers and the acquaintance sheet.

register_mentors — реестр наставников (полные сведения, приложение к приказу об утверждении
реестра); register_mentees — реестр наставляемых; register_mentors_public and
register_mentees_public — the same registers for the school's website: only people who gave a
consent to distribution of personal data (152-ФЗ ст. 10.1), in the scope that consent allows
(«только фамилия, имя и должность», «только имя и класс»), never contacts, addresses, birth
dates or documents; acquaintance_sheet — лист ознакомления сотрудников с приказом (one per row
of the order journal). Layout conventions are those of build_templates.py.
Run: python scripts/build_templates.py register_mentors …
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE  # noqa: E402
from docx.shared import Cm, Mm  # noqa: E402

from build_templates import (  # noqa: E402
    CENTER, LEFT, OUT, cant_split, cell_text, new_document, para, repeat_header, set_widths, tag,
)

NB = "\u00a0"
SIZE = 10  # table text in the landscape registers


def _landscape(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)


def _grid(doc, headers: list[str], cells: list[tuple[str, object]], loop: str, widths: list[float],
          size: float):
    """Header row (repeated on every page), ``{%tr for %}``, the repeated row, ``{%tr endfor %}``;
    every run with an explicit size (LibreOffice ignores the table style's font size)."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, headers):
        cell_text(cell, text, bold=True, align=CENTER, size=size)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].add_run(loop)
    for cell, (text, align) in zip(table.rows[2].cells, cells):
        cell_text(cell, text, align=align, size=size)
    cant_split(table.rows[2])
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    set_widths(table, widths)
    return table


def _title(doc, first: str, second: str, *, after: float = 12) -> None:
    para(doc, first, align=CENTER, bold=True)
    para(doc, second, align=CENTER, bold=True, after=after)


def _save(doc, template_id: str) -> Path:
    path = OUT / f"{template_id}.docx"
    doc.save(path)
    return path


FORM = "{{ X.form|replace(' – ', NBSP ~ '– ') }}"
CONTACTS = ("{% if X.phone %}{{ X.phone|replace(' ', NBSP) }}{% endif %}{{ '\\n' if X.phone and X.email else '' }}"
            "{% if X.email %}{{ X.email }}{% endif %}{% if not X.phone and not X.email %}—{% endif %}")
DASH = "{{ V if V else '—' }}"


def _or_dash(expr: str) -> str:
    return DASH.replace("V", expr)


# --------------------------------------------------------------------------- full registers


def _appendix_mark(doc, template_id: str) -> None:
    """«Приложение к приказу … от … № …» at the right, when the journal has the order."""
    tag(doc, "{%p if '" + template_id + "' in order_of %}")
    entry = "order_of." + template_id
    for line in ("Приложение", "к приказу {{ org.short_name }}",
                 "от {{ " + entry + ".date|date_num }} №" + NB + "{{ " + entry + ".number }}"):
        para(doc, line, align=LEFT, size=12).paragraph_format.left_indent = Cm(18.5)
    para(doc, after=6)
    tag(doc, "{%p endif %}")


def build_register_mentors() -> Path:
    doc = new_document(12)
    _landscape(doc)
    _appendix_mark(doc, "order_mentor_register")
    _title(doc, "РЕЕСТР НАСТАВНИКОВ", "{{ org.short_name }}")
    _grid(doc,
          ["№ п/п", "Код", "ФИО", "Категория", "Должность, класс, место работы или учёбы",
           "Форма наставни\u00adчества", "Контакты", "Дата включения в реестр"],
          [("{{ loop.index }}.", CENTER),
           ("{{ m.code }}", CENTER),
           ("{{ m|fio }}", LEFT),
           ("{{ m.category }}", LEFT),
           (_or_dash("[m.position, m|klass, m.workplace]|select|join(', ')"), LEFT),
           (FORM.replace("X", "m"), LEFT),
           (CONTACTS.replace("X", "m"), LEFT),
           ("{{ m.registry_date|date_num if m.registry_date else '—' }}", CENTER)],
          "{%tr for m in mentors|sort_ru('fio') %}",
          [1.0, 1.6, 4.0, 2.9, 5.0, 2.8, 5.4, 2.5], SIZE)
    para(doc, "Всего в реестре: {{ mentors|length|count('наставник', 'наставника', 'наставников') }}. "
              "Сведения на {{ today|date_num }}.", align=LEFT, before=12)
    return _save(doc, "register_mentors")


MENTORS_OF = ("{% for p in c.pairs %}{{ p.mentor|initials }}"
              "{% if p.status and p.status != 'действует' %} (пара {{ p.status }}){% endif %}"
              "{{ ',\\n' if not loop.last else '' }}{% else %}—{% endfor %}")


def build_register_mentees() -> Path:
    doc = new_document(12)
    _landscape(doc)
    _title(doc, "РЕЕСТР НАСТАВЛЯЕМЫХ", "{{ org.short_name }}")
    _grid(doc,
          ["№ п/п", "Код", "ФИО", "Категория", "Класс, должность", "Форма наставни\u00adчества",
           "Наставник", "Запрос"],
          [("{{ loop.index }}.", CENTER),
           ("{{ c.code }}", CENTER),
           ("{{ c|fio }}", LEFT),
           ("{{ c.category }}", LEFT),
           (_or_dash("[c|klass, c.position]|select|join(', ')"), LEFT),
           (FORM.replace("X", "c"), LEFT),
           (MENTORS_OF, LEFT),
           ("{{ c.request|upfirst if c.request else '—' }}", LEFT)],
          "{%tr for c in mentees|sort_ru('fio') %}",
          [1.0, 1.6, 4.4, 2.7, 3.3, 2.8, 3.6, 5.8], SIZE)
    tag(doc, "{%p set pupils = mentees|selectattr('category', 'equalto', 'обучающийся')|list|length %}")
    para(doc, "Всего в реестре: {{ mentees|length|count('наставляемый', 'наставляемых', 'наставляемых') }}"
              "{% if pupils %}, в том числе {{ pupils|count('обучающийся', 'обучающихся', 'обучающихся') }}"
              "{% endif %}. Сведения на {{ today|date_num }}.", align=LEFT, before=12)
    return _save(doc, "register_mentees")


# --------------------------------------------------------------------------- public registers

# The scope a person allowed. «только …» in «Условия и запреты распространения» lists what may be
# published («только фамилия, имя и должность», «только имя и класс»); anything else (e.g.
# «без фотографии») leaves the public set whole: ФИО, категория, должность/класс/место, форма.
SCOPE = ("{% set cond = (X.publish_conditions or '')|lower %}"
         "{% set only = cond.split('только', 1)[1] if 'только' in cond else '' %}"
         "{% set names = (X|fio).split() %}")


def _allowed(*stems: str) -> str:
    return "(not only or " + " or ".join(f"'{s}' in only" for s in stems) + ")"


PUBLIC_NAME = (
    "{{ [names[0] if " + _allowed("фамили") + " else '', "
    "names[1] if names|length > 1 and " + _allowed("имя", "имени") + " else '', "
    "names[2:]|join(' ') if " + _allowed("отчеств") + " else '']|select|join(' ') or '—' }}"
)
PUBLIC_CATEGORY = "{{ X.category if " + _allowed("категори") + " else '—' }}"
PUBLIC_FORM = ("{% if " + _allowed("форм") + " %}" + FORM + "{% else %}—{% endif %}")


def _public_place(var: str, workplace: bool) -> str:
    """Position, class (and the workplace of mentors) — each only if the scope allows it."""
    parts = ["X.position if " + _allowed("должност") + " else ''",
             "X|klass if " + _allowed("класс") + " else ''"]
    if workplace:
        parts.append("X.workplace if " + _allowed("мест") + " else ''")
    return ("{{ [" + ", ".join(parts) + "]|select|join(', ') or '—' }}").replace("X", var)


LAW_NOTE = ("Опубликованы сведения только о лицах, давших согласие на обработку персональных данных, "
            "разрешённых субъектом персональных данных для распространения (статья" + NB + "10.1 "
            "Федерального закона от 27.07.2006 №" + NB + "152-ФЗ «О персональных данных»), в объёме "
            "и на условиях, указанных в согласии.")


def _public(doc, sheet: str, var: str, first: str, headers: list[str], place_header: str,
            widths: list[float], template_id: str, noun: tuple[str, str, str]) -> Path:
    # Who is published: people with the scope unrestricted by ФИО in alphabetical order, then those
    # with «только …» in the registry's order (an alphabetical place would hint at a hidden surname).
    for line in ("{%p set ns = namespace(full=[], limited=[]) %}",
                 "{%p for x in " + sheet + " if x.publish_consent_date %}",
                 "{%p if 'только' in (x.publish_conditions or '')|lower %}",
                 "{%p set ns.limited = ns.limited + [x] %}",
                 "{%p else %}",
                 "{%p set ns.full = ns.full + [x] %}",
                 "{%p endif %}",
                 "{%p endfor %}",
                 "{%p set published = ns.full|sort_ru('fio') + ns.limited %}"):
        tag(doc, line)
    _title(doc, first, "{{ org.short_name }}", after=0)
    para(doc, "(сведения для размещения на официальном сайте{% if org.website %} {{ org.website }}{% endif %})",
         align=CENTER, after=12)
    tag(doc, "{%p if published %}")
    _grid(doc, headers[:2] + headers[2:3] + [place_header] + headers[3:],
          [("{{ loop.index }}." + SCOPE.replace("X", var), CENTER),
           (PUBLIC_NAME, LEFT),
           (PUBLIC_CATEGORY.replace("X", var), LEFT),
           (_public_place(var, workplace=sheet == "mentors"), LEFT),
           (PUBLIC_FORM.replace("X", var), LEFT)],
          "{%tr for " + var + " in published %}", widths, 11)
    para(doc, "Всего: {{ published|length|count('" + "', '".join(noun) + "') }}. "
              "Сведения на {{ today|date_num }}.", align=LEFT, before=12)
    tag(doc, "{%p else %}")
    para(doc, "Согласий на распространение персональных данных не получено: сведения для "
              "публикации отсутствуют.", align=LEFT, indent=True)
    tag(doc, "{%p endif %}")
    para(doc, LAW_NOTE, indent=True, before=6, size=11)
    return _save(doc, template_id)


def build_register_mentors_public() -> Path:
    doc = new_document(12)
    return _public(doc, "mentors", "m", "РЕЕСТР НАСТАВНИКОВ",
                   ["№ п/п", "ФИО", "Категория", "Форма наставни\u00adчества"],
                   "Должность, класс, место работы или учёбы",
                   [1.1, 4.6, 3.3, 5.0, 3.0], "register_mentors_public",
                   ("наставник", "наставника", "наставников"))


def build_register_mentees_public() -> Path:
    doc = new_document(12)
    return _public(doc, "mentees", "c", "РЕЕСТР НАСТАВЛЯЕМЫХ",
                   ["№ п/п", "ФИО", "Категория", "Форма наставни\u00adчества"],
                   "Класс, должность",
                   [1.1, 5.0, 3.4, 4.5, 3.0], "register_mentees_public",
                   ("наставляемый", "наставляемых", "наставляемых"))


# --------------------------------------------------------------------------- acquaintance sheet


def build_acquaintance_sheet() -> Path:
    doc = new_document(14)
    para(doc, "{{ org.short_name }}", align=CENTER, size=12, after=12)
    para(doc, "ЛИСТ ОЗНАКОМЛЕНИЯ", align=CENTER, bold=True)
    para(doc, "с приказом от {{ order_row.date|date_num }} №" + NB + "{{ order_row.number }}"
              "{% if order_row.title %} «{{ order_row.title }}»{% endif %}", align=CENTER, bold=True, after=12)
    tag(doc, "{%p set people = staff|reject('sameas', director)|sort_ru('fio') %}")
    size = 12
    table = _grid(doc, ["№ п/п", "ФИО", "Должность", "Подпись", "Дата ознаком\u00adления"],
                  [("{{ loop.index }}.", CENTER), ("{{ s|initials }}", LEFT), ("{{ s.position }}", LEFT),
                   ("", CENTER), ("", CENTER)],
                  "{%tr for s in people %}", [1.2, 4.4, 5.6, 2.8, 3.0], size)
    row = table.rows[2]
    row.height, row.height_rule = Cm(0.9), WD_ROW_HEIGHT_RULE.AT_LEAST
    for cell in row.cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    para(doc, "Всего в списке: {{ people|length|count('человек', 'человека', 'человек') }}.",
         align=LEFT, before=12, size=12)
    return _save(doc, "acquaintance_sheet")


BUILDERS = {
    "register_mentors": build_register_mentors,
    "register_mentees": build_register_mentees,
    "register_mentors_public": build_register_mentors_public,
    "register_mentees_public": build_register_mentees_public,
    "acquaintance_sheet": build_acquaintance_sheet,
}

