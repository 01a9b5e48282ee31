"""Applications, questionnaires, the mentor's portfolio and the selection criteria rendered from
the example registry and converted by real LibreOffice (one run for all documents); the names,
cases, classes and counts expected are computed from the registry, never typed here."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date

import pytest

from docgen import api
from docgen import ru as fmt
from tests.helpers import Text, norm, soffice_pdf_texts

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes


AS_OF = date(2026, 11, 23)
MENTOR_IDS = ["application_mentor", "questionnaire_mentor", "questionnaire_exit_mentor", "portfolio_mentor"]
MENTEE_IDS = ["questionnaire_mentee_entry", "questionnaire_exit_mentee"]
WORKBOOK_IDS = ["questionnaire_curator", "selection_criteria"]
# «Наставники» row 2: an adult teacher without a consent date; row 14: a pupil (a minor) with one
MENTOR_ROWS = "2, 14"
MENTEE_ROWS = "2-3"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """{(template id, record code or None): (docx path, PDF text)}."""
    tmp = tmp_path_factory.mktemp("forms")
    example = api.example_registry()
    docs = {}
    for ids, rows in ((MENTOR_IDS, MENTOR_ROWS), (MENTEE_IDS, MENTEE_ROWS), (WORKBOOK_IDS, None)):
        select = api.Selection.parse(rows=rows) if rows else None
        result = api.make(ids, example, tmp / "out", as_of=AS_OF, select=select,
                          orders=api.OrderOptions(register=False), outputs=api.Outputs(manifest=False))
        for path in result.files:
            template = next(i for i in ids if _matches(i, path.name))
            code = path.name.split()[0] if rows else None
            docs[(template, code)] = path
    lo = tmp / "lo"
    lo.mkdir()
    copies = {key: lo / f"{key[0]}-{key[1]}.docx" for key in docs}
    for key, copy in copies.items():
        shutil.copyfile(docs[key], copy)
    texts = soffice_pdf_texts(list(copies.values()))
    return {key: (docs[key], Text(norm(texts[copies[key]]))) for key in docs}


def _matches(template_id: str, name: str) -> bool:
    marks = {"application_mentor": "заявление кандидата", "questionnaire_mentor": "анкета наставника",
             "questionnaire_exit_mentor": "удовлетворённости наставника", "portfolio_mentor": "портфолио",
             "questionnaire_mentee_entry": "анкета наставляемого на входе",
             "questionnaire_exit_mentee": "удовлетворённости наставляемого",
             "questionnaire_curator": "Анкета куратора", "selection_criteria": "Критерии отбора"}
    return marks[template_id] in name


def _mentor(registry, row: int) -> dict:
    return next(r.values for r in registry.rows("mentors") if r.row == row)


def _mentee(registry, row: int) -> dict:
    return next(r.values for r in registry.rows("mentees") if r.row == row)


def _pairs(registry, side: str, code: str) -> list[dict]:
    return [r.values for r in registry.rows("pairs") if r.values[side].values["code"] == code]


def test_every_form_was_made_and_prints_no_template_residue(rendered, registry):
    made = Counter(template for template, _ in rendered)
    assert made == {**{i: 2 for i in MENTOR_IDS + MENTEE_IDS}, **{i: 1 for i in WORKBOOK_IDS}}
    for (template, _), (doc, text) in rendered.items():
        for bad in ("{{", "{%", "}}", "%}", "None", "«»", " ,", ".."):
            assert not str.__contains__(text, bad), (doc.name, bad)
        assert registry.org.values["short_name"] in text, doc.name


def test_application_addresses_the_director_and_names_the_candidate_in_the_genitive(rendered, registry):
    director = registry.org.values["director"].values
    for row in (2, 14):
        m = _mentor(registry, row)
        doc, text = rendered[("application_mentor", m["code"])]
        assert f"{fmt.position_case(director['position'], 'dat').capitalize()} {registry.org.values['short_name']}" \
            in text
        assert fmt.initials_first(director["fio"], "dat", director["sex"]) in text
        assert f"от {fmt.fio_case(m['fio'], 'gen', m['sex'])}," in text
        assert f"в форме «{m['form']}»" in text
        assert f"{fmt.agree('ознакомлен', m['sex'])}, обязуюсь" in text
        assert fmt.initials_first(m["fio"], "nom", m["sex"]) in text
        if m["consent_date"]:
            assert f"персональных данных дано {fmt.date_num(m['consent_date'])}" in text
        else:
            assert "персональных данных прилагаю" in text
        minor = fmt.age_on(m["birth_date"], AS_OF) < 18
        assert ("Согласие родителя (законного представителя)" in text) == minor
        if m["position"]:
            assert fmt.position_case(m["position"], "gen") in text
        else:
            klass = m["school_class"]
            assert f"{fmt.agree('обучающийся', m['sex'], 'gen')} " \
                   f"{fmt.school_class(klass.number, klass.letter, 'gen')}" in text


def test_mentor_questionnaire_is_prefilled_with_the_register_data(rendered, registry):
    for row in (2, 14):
        m = _mentor(registry, row)
        doc, text = rendered[("questionnaire_mentor", m["code"])]
        assert "АНКЕТА НАСТАВНИКА" in text
        assert m["fio"] in text and f"«{m['form']}»" in text
        for key in ("phone", "email"):
            if m[key]:
                assert m[key] in text
        assert "Предпочтительный формат встреч" in text and "□ очно" in text
        assert fmt.initials_first(m["fio"], "nom", m["sex"]) in text


def test_mentee_entry_quotes_the_request_and_has_scales(rendered, registry):
    for row in (2, 3):
        m = _mentee(registry, row)
        doc, text = rendered[("questionnaire_mentee_entry", m["code"])]
        assert m["fio"] in text
        assert f"{fmt.school_class(m['school_class'].number, m['school_class'].letter)}" in text
        if m["request"]:
            assert f"«{m['request']}»" in text
        assert text.count("□") >= 5 * 10
        assert fmt.initials_first(m["fio"], "nom", m["sex"]) in text


def test_exit_mentee_names_the_mentor_and_programme_of_the_first_pair(rendered, registry):
    for row in (2, 3):
        m = _mentee(registry, row)
        doc, text = rendered[("questionnaire_exit_mentee", m["code"])]
        pairs = _pairs(registry, "mentee", m["code"])
        assert pairs, "the example's first mentees have pairs"
        pair = pairs[0]
        assert pair["mentor"].values["fio"] in text
        assert f"«{pair['program']}»" in text
        assert f"с {fmt.date_num(pair['start'])} по {fmt.date_num(pair['end'])}" in text
        assert "АНКЕТА УДОВЛЕТВОРЁННОСТИ НАСТАВЛЯЕМОГО" in text


def test_exit_mentor_and_portfolio_list_the_mentors_mentees(rendered, registry):
    for row in (2, 14):
        m = _mentor(registry, row)
        pairs = _pairs(registry, "mentor", m["code"])
        for template in ("questionnaire_exit_mentor", "portfolio_mentor"):
            doc, text = rendered[(template, m["code"])]
            for pair in pairs:
                mentee = pair["mentee"].values
                assert fmt.initials(mentee["fio"], "nom", mentee["sex"]) in text, (template, mentee["fio"])
            if not pairs and template == "portfolio_mentor":
                assert "Наставнические пары ещё не закреплены" in text
        doc, text = rendered[("portfolio_mentor", m["code"])]
        assert "ПОРТФОЛИО НАСТАВНИКА" in text
        if m["registry_date"]:
            assert fmt.date_num(m["registry_date"]) in text
        for session in registry.rows("mentor_school"):
            assert fmt.date_num(session.values["date"]) in text
        curator = registry.org.values["curator"].values
        assert fmt.initials_first(curator["fio"], "nom", curator["sex"]) in text


def test_curator_questionnaire_has_both_parts_and_the_register_counts(rendered, registry):
    doc, text = rendered[("questionnaire_curator", None)]
    curator = registry.org.values["curator"].values
    assert curator["fio"] in text
    assert "Часть 1. На входе" in text and "Часть 2. На выходе" in text
    assert text.count("Сформирована база наставляемых") == 2
    n = len(registry.rows("mentors"))
    assert fmt.count(n, "наставник", "наставника", "наставников") in text
    assert fmt.count(len(registry.rows("pairs")), "пара", "пары", "пар") in text
    assert f"По реестру на {fmt.date_num(AS_OF)}" in text


def test_selection_criteria_puts_the_registers_categories_first_with_counts(rendered, registry):
    doc, text = rendered[("selection_criteria", None)]
    counts = Counter(r.values["category"] for r in registry.rows("mentors"))
    positions = {cat: text.find(cat.split()[0].capitalize()) for cat in
                 ("педагог", "обучающийся", "студент", "выпускник", "представитель работодателя")}
    assert all(p >= 0 for p in positions.values()), positions
    present = [p for cat, p in positions.items() if counts[cat]]
    absent = [p for cat, p in positions.items() if not counts[cat]]
    assert not absent or max(present) < min(absent)
    for form in {r.values["form"] for r in registry.rows("mentors")}:
        assert f"«{form}»" in text
    for cat, n in counts.items():
        assert str.__contains__(text, f" {n} "), (cat, n)  # the «В реестре, чел.» column
    assert "Порядок отбора" in text

