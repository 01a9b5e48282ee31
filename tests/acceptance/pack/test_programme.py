"""The programme documents (mentoring programme per form, IPR, route map, meeting diary,
completion summary, two memos, confidentiality instruction) rendered from the example registry
and converted by real LibreOffice in ONE run; expected names, dates and counts are computed from
the registry, never typed here."""

from __future__ import annotations

import re
from datetime import date

import pytest

from docgen import api
from docgen import ru as fmt
from docgen.plugins.catalog import catalog
from docgen.records.validate import load
from tests.helpers import Text, docx_text, norm, soffice_pdf_texts

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes


AS_OF = date(2026, 11, 23)
IDS = ["mentoring_programme", "ipr_mentee", "route_map_mentor", "meeting_diary", "completion_summary",
       "memo_mentor", "memo_mentee", "confidentiality_instruction"]
# pairs: rows 2–3 — two adult teachers of one mentor, row 14 — a minor pupil with a parent
# (form «ученик – ученик»); mentors: rows 2–3 and 14
ROWS = "2-3, 14"


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("programme")
    example = api.example_registry()
    result = api.make(IDS, example, tmp / "out", as_of=AS_OF, select=api.Selection.parse(rows=ROWS),
                      outputs=api.Outputs(manifest=False))
    texts = soffice_pdf_texts(list(result.files))
    registry = load(example, catalog().registry_schema, AS_OF)
    pdf = {path.parent.name + "/" + path.stem: Text(norm(text)) for path, text in texts.items()}
    # table cells wrap in the PDF layout: long cell texts are checked in the .docx text too
    docx = {path.parent.name + "/" + path.stem: Text(norm(docx_text(path))) for path in result.files}
    return registry, pdf, docx


def _pairs(registry):
    return {r.row: r for r in registry.rows("pairs") if r.row in (2, 3, 14)}


def _person(rec):
    return rec.values["fio"], "nom", rec.values.get("sex")


def _find(texts, folder: str, *needles: str) -> Text:
    found = [t for name, t in texts.items() if name.startswith(folder + "/") and all(n in name for n in needles)]
    assert len(found) == 1, (folder, needles, sorted(texts))
    return found[0]


def test_every_document_is_clean(docs):
    _registry, texts, _docx = docs
    assert len(texts) == 2 + 3 * 3 + 3 + 3  # 2 programmes, 3×(IPR, diary, summary), 3 maps, 3 workbook docs
    for name, text in texts.items():
        for bad in ("{{", "{%", "None", "«»", "« »"):
            assert bad not in text, (name, bad)


def test_programme_per_form(docs):
    registry, texts, docx = docs
    pairs = _pairs(registry)
    curator = registry.org.values["curator"]
    by_form: dict[str, list] = {}
    for rec in pairs.values():
        by_form.setdefault(rec.values["form"], []).append(rec)
    assert len(by_form) == 2
    for form, rows in by_form.items():
        text = _find(texts, "Программы наставничества", form)
        assert f"по форме «{form}»" in text
        start = min(r.values["start"] for r in rows)
        end = max(r.values["end"] for r in rows)
        assert f"Сроки реализации с {fmt.date_num(start)} по {fmt.date_num(end)}" in text
        assert fmt.fio_case(*_person(curator)) in text
        mentors = {r.values["mentor"].values["fio"] for r in rows}
        assert fmt.count(len(mentors), "наставник", "наставника", "наставников") in text
        assert fmt.count(len(rows), "наставляемый", "наставляемых", "наставляемых") in text
        for r in rows:
            assert fmt.initials(*_person(r.values["mentee"])) in text
            assert fmt.initials(*_person(r.values["mentor"])) in text
        # the goal text of the form, and not another form's
        teacher = "профессиональное становление молодых" in text
        assert teacher == (form == "учитель – учитель")
        assert ("сверстника" in text) == (form == "ученик – ученик")
        assert fmt.initials_first(*_person(registry.org.values["director"])) in text


@pytest.mark.parametrize("folder", ["Индивидуальные планы развития", "Резюме завершения"])
def test_pair_documents_signatures(docs, folder):
    registry, texts, docx = docs
    curator = registry.org.values["curator"]
    for rec in _pairs(registry).values():
        mentee, mentor = rec.values["mentee"], rec.values["mentor"]
        text = _find(texts, folder, mentee.values["fio"])
        assert f"Наставляемый {mentee.values['fio']}" in text
        assert f"Наставник {mentor.values['fio']}" in text
        assert f"с {fmt.date_num(rec.values['start'])} по {fmt.date_num(rec.values['end'])}" in text
        assert rec.values["program"] in text
        assert "/ " + fmt.initials_first(*_person(mentor)) in text
        assert "/ " + fmt.initials_first(*_person(mentee)) in text
        assert "/ " + fmt.initials_first(*_person(curator)) in text
        minor = fmt.age_on(mentee.values["birth_date"], AS_OF) < 18
        assert ("Родитель (законный представитель)" in text) == minor
        if minor:
            parent = next(p for p in registry.rows("parents") if p.values["child"] is mentee)
            assert "/ " + fmt.initials_first(*_person(parent)) in text
            klass = mentee.values["school_class"]
            assert fmt.agree("обучающийся", mentee.values["sex"]) + " " + \
                fmt.school_class(klass.number, klass.letter, fmt.parse_case("род")) in text
        else:
            assert fmt.position_case(mentee.values["position"], "nom") in text
        if folder == "Индивидуальные планы развития" and mentee.values.get("request"):
            assert mentee.values["request"] in text


def test_meeting_diary(docs):
    registry, texts, docx = docs
    for rec in _pairs(registry).values():
        mentee, mentor = rec.values["mentee"], rec.values["mentor"]
        text = _find(texts, "Дневники встреч", mentee.values["fio"])
        assert f"Наставник {mentor.values['fio']}" in text and rec.values["form"] in text
        # fifteen numbered blank rows under a header
        table = _find(docx, "Дневники встреч", mentee.values["fio"])
        assert "Подпись наставляемого" in table
        assert all(re.search(rf"\b{n}\b", text) for n in range(1, 16)) and "16" not in table.split("Записи о встречах")[-1]
        assert "/ " + fmt.initials_first(*_person(registry.org.values["curator"])) in text


def test_route_map(docs):
    registry, texts, docx = docs
    mentors = [r for r in registry.rows("mentors") if r.row in (2, 3, 14)]
    sessions = registry.rows("mentor_school")
    for mentor in mentors:
        text = _find(texts, "Маршрутные карты наставников", mentor.values["fio"])
        assert f"ФИО {mentor.values['fio']}" in text
        own = [p for p in registry.rows("pairs") if p.values["mentor"] is mentor]
        assert own, mentor.values["fio"]
        for p in own:
            assert fmt.initials(*_person(p.values["mentee"])) in text
        for s in sessions:
            assert fmt.date_num(s.values["date"]) in text
        cells = _find(docx, "Маршрутные карты наставников", mentor.values["fio"])
        for s in sessions:
            assert s.values["topic"] in cells
        assert "/ " + fmt.initials_first(*_person(mentor)) in text
        if mentor.values.get("registry_date"):
            assert f"В реестре с {fmt.date_num(mentor.values['registry_date'])}" in text


@pytest.mark.parametrize("name", ["Памятка наставнику", "Памятка наставляемому"])
def test_memos_curator_contacts(docs, name):
    registry, texts, docx = docs
    text = texts["Памятки/" + name]
    curator = registry.org.values["curator"]
    assert fmt.fio_case(*_person(curator)) in text
    for key in ("phone", "email"):
        if curator.values.get(key):
            assert curator.values[key] in text


def test_confidentiality_instruction(docs):
    registry, texts, docx = docs
    text = texts["Положения/Инструкция по соблюдению конфиденциальности персональных данных"]
    assert "УТВЕРЖДАЮ" in text and "152-ФЗ" in text and "ЛИСТ ОЗНАКОМЛЕНИЯ" in text
    assert fmt.initials_first(*_person(registry.org.values["director"])) in text
    mentors = registry.rows("mentors")
    sheet = text[text.index("ЛИСТ ОЗНАКОМЛЕНИЯ"):]
    for n, m in enumerate(sorted(mentors, key=lambda r: fmt.ru_sort_key(r.values["fio"])), start=1):
        assert f"{n} {m.values['fio']}" in sheet
