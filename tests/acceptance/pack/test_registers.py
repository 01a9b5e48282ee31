"""Built-in registers (full and for the website) and the acquaintance sheet: rendered from the
example registry through docgen.api.make, converted by real LibreOffice, and checked against
values computed here from the registry records (never typed in by hand). The public registers
must carry no one without a consent to distribution, and only what each consent allows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from docgen import ru as fmt
from tests.helpers import flat, soffice_pdf_texts

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes

# the documents and helpers of the fast tests of the same documents (one definition each)
from tests.pack.test_registers import AS_OF, JOURNAL_ROWS, WORKBOOK_IDS, made  # noqa: E402, F401


@pytest.fixture(scope="module")
def pdf(made) -> dict[str, list[str]]:
    paths = [p for files in made.values() for p in files]
    texts = soffice_pdf_texts(paths)
    return {tid: [flat(texts[p]) for p in files] for tid, files in made.items()}


def table_rows(path: Path) -> list[list[str]]:
    """Body rows of the document's first table, each cell's text (python-docx keeps cells whole)."""
    table = Document(str(path)).tables[0]
    return [[c.text.strip() for c in row.cells] for row in table.rows[1:]]


def fcount(n: int, *forms: str) -> str:
    return flat(fmt.count(n, *forms))


def person(rec) -> dict:
    return rec.values


def name_parts(fio: str) -> list[str]:
    return fmt.fio_case(fio, "nom").split()


# --------------------------------------------------------------------------- all documents


def test_no_tag_none_or_empty_quotes_in_any_pdf(pdf, reg):
    # the example carries a hostile «Запрос» («… {{ 7*7 }}»): printed verbatim, as data, not a tag
    literal = {part for key in ("mentees", "mentors") for r in reg.rows(key)
               for v in r.values.values() if isinstance(v, str)
               for part in re.findall(r"\{\{.*?\}\}", v)}
    assert literal
    for tid, texts in pdf.items():
        for text in texts:
            for value in literal:
                text = text.replace(value, "")
            for bad in ("{{", "{%", "%}", "}}", "None", "«»", "« »"):
                assert bad not in text, (tid, bad)


# --------------------------------------------------------------------------- full registers


def test_register_mentors_full_data_and_order_mark(pdf, made, reg):
    text, = pdf["register_mentors"]
    mentors = reg.rows("mentors")
    order = [r.values for r in reg.rows("orders") if r.values.get("template") == "order_mentor_register"][-1]
    assert f"Приложение к приказу {reg.org.values['short_name']} от {fmt.date_num(order['date'])} № {order['number']}" in text
    assert "Всего в реестре: " + fcount(len(mentors), "наставник", "наставника", "наставников") in text
    rows = table_rows(made["register_mentors"][0])
    assert len(rows) == len(mentors)
    by_code = {r[1]: r for r in rows}
    for rec in mentors:
        m = person(rec)
        row = by_code[m["code"]]
        assert row[2] == fmt.fio_case(m["fio"], "nom")
        assert row[3] == m["category"]
        for value in (m.get("position"), m.get("workplace")):
            if value:
                assert value in row[4]
        if m.get("email"):
            assert m["email"] in row[6]
        assert row[7] == (fmt.date_num(m["registry_date"]) if m.get("registry_date") else "—")
        assert m["code"] in text
    names = [r[2] for r in rows]
    assert names == sorted(names, key=fmt.ru_sort_key)


def test_register_mentees_with_mentors_from_pairs(pdf, made, reg):
    text, = pdf["register_mentees"]
    mentees = reg.rows("mentees")
    assert "Всего в реестре: " + fcount(len(mentees), "наставляемый", "наставляемых", "наставляемых") in text
    rows = {r[1]: r for r in table_rows(made["register_mentees"][0])}
    assert len(rows) == len(mentees)
    for pair in reg.rows("pairs"):
        mentee, mentor = pair.values["mentee"].values, pair.values["mentor"].values
        row = rows[mentee["code"]]
        assert fmt.initials(mentor["fio"], "nom", mentor.get("sex")) in row[6]
        assert ("(пара" in row[6]) == (pair.values["status"] != "действует")
    for rec in mentees:
        c = person(rec)
        assert rows[c["code"]][2] == fmt.fio_case(c["fio"], "nom")
        assert rows[c["code"]][7] == (fmt_up(c["request"]) if c.get("request") else "—")
        assert c["code"] in text


def fmt_up(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- public registers


def _check_public(text: str, path: Path, people: list, noun: tuple[str, str, str], only_rule):
    """Nobody without a consent allowing the surname and the name; nothing beyond the public set;
    only the rows of the consent's table ticked «да» («Разрешено к распространению»)."""
    rows = table_rows(path)
    docx_all = "\n".join(" | ".join(r) for r in rows)

    def allowed(p) -> set:
        return set(p.get("publish_items") or ()) if p.get("publish_consent_date") else set()

    published = [p.values for p in people if {1, 2} <= allowed(p.values)]
    hidden = [p.values for p in people if not {1, 2} <= allowed(p.values)]
    assert published and hidden
    assert len(rows) == len(published)
    assert "Всего: " + fcount(len(published), *noun) in text
    assert "10.1" in text and "152-ФЗ" in text
    shown_pairs = {" ".join(name_parts(p["fio"])[:2]) for p in published}
    for p in hidden:
        full = fmt.fio_case(p["fio"], "nom")
        short = " ".join(name_parts(p["fio"])[:2])
        assert full not in docx_all, p["fio"]
        if short not in shown_pairs:  # a namesake with a consent may be printed
            assert short not in text and short not in docx_all, p["fio"]
    for p in published:
        for private in (p.get("phone"), p.get("email"), p.get("address"), p.get("doc"),
                        fmt.date_num(p["birth_date"]) if p.get("birth_date") else None):
            if private:
                assert private not in text and private not in docx_all, (p["fio"], private)
    names = [r[1] for r in rows]
    restricted = [p for p in published if not {3, 5} <= allowed(p)]
    free = [p for p in published if p not in restricted]
    assert restricted and free
    for p in free:
        full = fmt.fio_case(p["fio"], "nom")
        row = rows[names.index(full)]
        assert row[2] == p["category"]
    for p in restricted:
        only_rule(p, rows)
    return rows


def test_register_mentors_public_only_consented_in_allowed_scope(pdf, made, reg):
    text, = pdf["register_mentors_public"]

    def only_rule(p, rows):  # «1, 2, 4»: surname, name, position or place of work or study
        surname, name, patronymic = name_parts(p["fio"])
        row = next(r for r in rows if r[1] == f"{surname} {name}")
        assert patronymic not in row[1]
        assert row[2] == p["category"] and row[4] == "—"
        assert all(v in row[3] for v in (p.get("position"), p.get("workplace")) if v)

    _check_public(text, made["register_mentors_public"][0], reg.rows("mentors"),
                  ("наставник", "наставника", "наставников"), only_rule)


def test_register_mentees_public_only_consented_in_allowed_scope(pdf, made, reg):
    text, = pdf["register_mentees_public"]

    def only_rule(p, rows):  # «1, 2, 4»: surname, name and class, no patronymic or form
        surname, name, patronymic = name_parts(p["fio"])
        klass = p.get("school_class")
        shown = fmt.school_class(klass.number, klass.letter) if klass else (p.get("position") or "—")
        candidates = [r for r in rows if r[1] == f"{surname} {name}" and r[3] == shown]
        assert candidates, p["fio"]
        assert all(r[4] == "—" and patronymic not in r[1] for r in candidates)

    rows = _check_public(text, made["register_mentees_public"][0], reg.rows("mentees"),
                         ("наставляемый", "наставляемых", "наставляемых"), only_rule)
    minors = [p for p in reg.rows("mentees")
              if p.values.get("publish_items") and fmt.age_on(p.values["birth_date"], AS_OF) < 18]
    assert minors and len(rows) > len(minors)


# --------------------------------------------------------------------------- acquaintance sheet


def test_acquaintance_sheets_list_staff_for_each_order(pdf, made, reg):
    orders = [r.values for r in reg.rows("orders")]
    wanted = [orders[row - 2] for row in (8, 9)]  # sheet row N is the (N-1)-th record
    director = reg.org.values["director"].values
    staff = [s.values for s in reg.rows("staff") if s.values["fio"] != director["fio"]]
    texts = pdf["acquaintance_sheet"]
    for order in wanted:
        head = f"с приказом от {fmt.date_num(order['date'])} № {order['number']} «{order['title']}»"
        text = next(t for t in texts if f"№ {order['number']} " in t)
        assert head in text
        assert "Всего в списке: " + fcount(len(staff), "человек", "человека", "человек") in text
        assert fmt.initials(director["fio"], "nom", director.get("sex")) not in text
    for path in made["acquaintance_sheet"]:
        rows = table_rows(path)
        expected = [fmt.initials(s["fio"], "nom", s.get("sex"))
                    for s in sorted(staff, key=lambda s: fmt.ru_sort_key(s["fio"]))]
        assert [r[1] for r in rows] == expected
        assert [r[2] for r in rows] == [next(s["position"] for s in staff if fmt.initials(s["fio"], "nom", s.get("sex")) == r[1])
                                        for r in rows]
        assert all(r[3] == "" and r[4] == "" for r in rows)
