"""No consent omits a legally required item silently (issue 15, M1; the matrix of SPEC appendix B):
for every consent and every item the law requires (152-ФЗ ст. 9 ч. 4 for processing; ст. 10.1 and
приказ Роскомнадзора № 18 for distribution), the registry cell it comes from is emptied in a copy of
the example, and either `check` reports a problem at exactly that cell which stops that consent, or
the consent is made and prints a blank line to fill in by hand where the value would be. With the
cell filled, the value is printed there."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

from docgen import api
from tests.helpers import EXAMPLE, column_of, docx_text, edited_copy, org_cell, sheet_rows, years_on

pytestmark = pytest.mark.slow  # every consent × every required item renders whole documents: ~20 s (the fast command stays under a minute; CI runs it)

ON = date(2026, 11, 23)
PROCESSING = ("consent_parent", "consent_adult", "consent_adult_mentee")
DISTRIBUTION = ("consent_distribution_parent", "consent_distribution", "consent_distribution_mentee")
CHILD = ("consent_parent", "consent_distribution_parent")
BLANK = "_{16,}"


def _adult(p: dict) -> bool:
    return bool(p["Дата рождения"]) and years_on(p["Дата рождения"], ON) >= 18


@lru_cache(maxsize=None)
def who(kind: str) -> dict:
    """The participant (or parent) each case changes, chosen from the workbook with openpyxl: one
    whose cells are all filled, so that emptying one is the only change."""
    mentees, mentors = sheet_rows(EXAMPLE, "Наставляемые"), sheet_rows(EXAMPLE, "Наставники")
    parents = sheet_rows(EXAMPLE, "Родители")
    filled = lambda p, *h: all(p.get(x) for x in h)  # noqa: E731

    def first_parent(p: dict) -> dict | None:  # the consent names the first parent row of a child
        return next((x for x in parents if x["Ребёнок"] == p["Код"]), None)

    def with_contacts(p: dict) -> bool:
        parent = first_parent(p)
        return parent is not None and filled(parent, "Телефон", "Электронная почта")

    if kind == "minor mentee":
        return next(p for p in mentees if not _adult(p) and filled(p, "Адрес регистрации", "Документ ребёнка")
                    and with_contacts(p))
    if kind == "minor mentor":
        return next(p for p in mentors if p["Дата рождения"] and not _adult(p) and with_contacts(p)
                    and filled(p, "Адрес регистрации", "Документ, удостоверяющий личность"))
    if kind == "adult mentor":
        return next(p for p in mentors if _adult(p) and filled(p, "Адрес регистрации", "Документ, удостоверяющий "
                                                                "личность", "Телефон", "Электронная почта"))
    if kind == "adult mentee":
        return next(p for p in mentees if _adult(p) and filled(p, "Адрес регистрации", "Телефон", "Электронная почта"))
    parent = first_parent(who("minor mentee" if kind == "parent of a mentee" else "minor mentor"))
    assert parent is not None
    return parent


SHEET = {"minor mentee": "Наставляемые", "adult mentee": "Наставляемые", "minor mentor": "Наставники",
         "adult mentor": "Наставники", "parent of a mentee": "Родители", "parent of a mentor": "Родители"}


def subject(kind: str) -> str:
    """The code a document is made for (a parent's child)."""
    p = who(kind)
    return p.get("Код") or p["Ребёнок"]


# (who, header of the column, templates the item belongs to, the blank printed when it is empty
# — None: a problem at the cell is expected; the value's place: what precedes the value)
PEOPLE = [
    # 152-ФЗ ст. 9 ч. 4 п. 1: the subject — ФИО, address, identity document
    ("minor mentee", "ФИО", CHILD, None, None),
    ("minor mentee", "Дата рождения", CHILD, None, None),
    ("minor mentee", "Адрес регистрации", ("consent_parent",), "по адресу: " + BLANK + ", документ", "по адресу: "),
    ("minor mentee", "Документ ребёнка", ("consent_parent",),
     "удостоверяющий личность ребёнка: " + BLANK + r" \(вид, серия и номер, дата выдачи, кем выдан\)",
     "удостоверяющий личность ребёнка: "),
    ("minor mentor", "ФИО", CHILD, None, None),
    ("minor mentor", "Дата рождения", CHILD, None, None),
    ("minor mentor", "Адрес регистрации", ("consent_parent",), "по адресу: " + BLANK + ", документ", "по адресу: "),
    ("minor mentor", "Документ, удостоверяющий личность", ("consent_parent",),
     "удостоверяющий личность ребёнка: " + BLANK + r" \(вид", "удостоверяющий личность ребёнка: "),
    ("adult mentor", "ФИО", ("consent_adult", "consent_distribution"), None, None),
    ("adult mentor", "Адрес регистрации", ("consent_adult",), "по адресу: " + BLANK + ", документ", "по адресу: "),
    ("adult mentor", "Документ, удостоверяющий личность", ("consent_adult",),
     "удостоверяющий личность: " + BLANK + r" \(вид", "удостоверяющий личность: "),
    ("adult mentee", "ФИО", ("consent_adult_mentee", "consent_distribution_mentee"), None, None),
    ("adult mentee", "Адрес регистрации", ("consent_adult_mentee",), "по адресу: " + BLANK + ", документ",
     "по адресу: "),
    # п. 4: the purpose names the form of mentorship
    ("minor mentee", "Форма наставничества", CHILD, None, None),
    ("adult mentor", "Форма наставничества", ("consent_adult",), None, None),
    # Роскомнадзор № 18: the subject's contacts (a blank each when not known)
    ("adult mentor", "Телефон", ("consent_distribution",), "телефон " + BLANK + ",", "телефон "),
    ("adult mentor", "Электронная почта", ("consent_distribution",), "адрес электронной почты " + BLANK + ",",
     "адрес электронной почты "),
    ("adult mentor", "Адрес регистрации", ("consent_distribution",), "почтовый адрес " + BLANK + ",",
     "почтовый адрес "),
    ("adult mentee", "Телефон", ("consent_distribution_mentee",), "телефон " + BLANK + ",", "телефон "),
    ("adult mentee", "Электронная почта", ("consent_distribution_mentee",), "адрес электронной почты " + BLANK,
     "адрес электронной почты "),
    # п. 2: the representative — ФИО, address, identity document, the document of his authority
    ("parent of a mentee", "ФИО", CHILD, None, None),
    ("parent of a mentee", "Адрес регистрации", CHILD, None, None),
    ("parent of a mentee", "Кем приходится", CHILD, None, None),
    ("parent of a mentee", "Документ — серия", CHILD, None, None),
    ("parent of a mentee", "Документ — номер", CHILD, None, None),
    ("parent of a mentee", "Документ — кем выдан", CHILD, None, None),
    ("parent of a mentee", "Документ — дата выдачи", CHILD, None, None),
    ("parent of a mentee", "Документ о полномочиях", CHILD, None, None),
    ("parent of a mentee", "Ребёнок", CHILD, None, None),
    ("parent of a mentor", "ФИО", CHILD, None, None),
    ("parent of a mentor", "Документ о полномочиях", CHILD, None, None),
    ("parent of a mentee", "Телефон", ("consent_distribution_parent",), "телефон " + BLANK + ",", "телефон "),
    ("parent of a mentee", "Электронная почта", ("consent_distribution_parent",),
     "адрес электронной почты " + BLANK + ",", "адрес электронной почты "),
]

# п. 3 (operator: name, address; for distribution also ИНН, ОГРН — № 18), п. 4 (purpose: the school),
# п. 8 (term), № 18 (the exact pages)
ORG = [
    ("Полное наименование", PROCESSING + DISTRIBUTION),
    ("Сокращённое наименование", PROCESSING + DISTRIBUTION),
    ("Юридический адрес", PROCESSING + DISTRIBUTION),
    ("ИНН", PROCESSING + DISTRIBUTION),
    ("ОГРН", PROCESSING + DISTRIBUTION),
    ("Срок действия согласий", PROCESSING + DISTRIBUTION),
    ("Страницы сайта для публикации", DISTRIBUTION),
]


def _cell(kind: str, header: str) -> tuple[str, str]:
    sheet = SHEET[kind]
    return sheet, f"{column_of(EXAMPLE, sheet, header)}{who(kind)['_row']}"


def _stopped(path: Path, sheet: str, cell: str, templates: tuple[str, ...]) -> None:
    problems = api.check(path, as_of=ON, templates=list(templates))
    at = [p for p in problems if p.place == f"{sheet}!{cell}" and not p.is_warning]
    assert at, f"no problem at {sheet}!{cell}: {[str(p) for p in problems]}"
    assert set(templates) <= {ref for p in at for ref in p.blocks}


@lru_cache(maxsize=None)
def _original(tid: str, code: str) -> str:
    import tempfile

    out = Path(tempfile.mkdtemp(prefix="items-"))
    result = api.make([tid], EXAMPLE, out, as_of=ON, select=api.Selection.parse(people=[code]),
                      outputs=api.Outputs(manifest=False))
    [path] = result.files
    return docx_text(path).replace("\u00a0", " ")


@pytest.mark.parametrize("kind, header, templates, blank, before", PEOPLE,
                         ids=[f"{k}: {h} → {', '.join(t)}" for k, h, t, _, _ in PEOPLE])
def test_an_empty_cell_is_a_problem_or_a_blank_line(tmp_path, kind, header, templates, blank, before):
    sheet, cell = _cell(kind, header)
    path = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {(sheet, cell): None})
    if blank is None:
        _stopped(path, sheet, cell, templates)
        return
    assert [p for p in api.check(path, as_of=ON, templates=list(templates)) if not p.is_warning] == []
    value = str(who(kind)[header]).replace("\u00a0", " ")
    for tid in templates:
        result = api.make([tid], path, tmp_path / tid, as_of=ON, select=api.Selection.parse(people=[subject(kind)]),
                          outputs=api.Outputs(manifest=False))
        [doc] = result.files
        text = docx_text(doc).replace("\u00a0", " ")
        assert re.search(blank, text), f"{tid}: no blank line for «{header}»"
        assert f"{before}{value}" in _original(tid, subject(kind)), f"{tid}: «{header}» not printed when filled"


@pytest.mark.parametrize("header, templates", ORG, ids=[h for h, _ in ORG])
def test_an_empty_operator_cell_stops_every_consent(tmp_path, header, templates):
    cell = org_cell(EXAMPLE, header)
    path = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {("Организация", cell): None})
    _stopped(path, "Организация", cell, templates)


def test_a_named_processor_needs_its_address(tmp_path):
    """п. 6: the person processing on the operator's behalf — name and address, or none at all."""
    name = org_cell(EXAMPLE, "Лицо по поручению оператора — наименование")
    cell = org_cell(EXAMPLE, "Лицо по поручению оператора — адрес")
    path = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {("Организация", name): "ООО «Электронная школа»"})
    _stopped(path, "Организация", cell, PROCESSING)


def test_a_minor_mentors_consent_has_the_parent_as_representative():
    """п. 2 for a pupil mentor: the consent is the parent's, with his document and authority."""
    parent = who("parent of a mentor")
    text = _original("consent_parent", subject("parent of a mentor"))
    assert f"Я, {parent['ФИО']}," in text
    assert f"полномочия законного представителя: {parent['Документ о полномочиях']}" in text
