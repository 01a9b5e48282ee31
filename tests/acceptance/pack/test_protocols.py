"""The four protocols (review, interview, assessment, attachment) rendered from the example
registry and from an edited copy, converted by real LibreOffice; the expected names, cases,
counts and pair data are computed from the registry, never typed here."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from docgen import api
from docgen import ru as fmt
from docgen.plugins.catalog import catalog
from docgen.records.validate import load
from tests.helpers import Text, edited_copy, norm, soffice_pdf_texts

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes


AS_OF = date(2026, 11, 23)
IDS = ["protocol_review", "protocol_interview", "protocol_assessment", "protocol_attachment"]
# rows of «Протоколы» in the example: 2–3 review, 8 interview, 14 assessment, 20–21 attachment
EXAMPLE_ROWS = "2-3, 8, 14, 20-21"
# the edited copy: row 2 without votes, row 3 with a split vote, row 14 without score and place,
# row 21 without a mentee, row 22 a minor mentee with no pair with this mentor, row 23 a minor
# mentee with a pair; the sheet «Комиссия» emptied
EDGE_ROWS = "2-3, 14, 21-23"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """{(registry name, protocol number): (protocol record, PDF text)} for both registries;
    ONE LibreOffice run for all documents."""
    tmp = tmp_path_factory.mktemp("protocols")
    example = api.example_registry()
    edge = edited_copy(example, tmp / "edge.xlsx", {
        ("Протоколы", "G2"): None, ("Протоколы", "H2"): None, ("Протоколы", "I2"): None,
        ("Протоколы", "G3"): 3, ("Протоколы", "H3"): 1, ("Протоколы", "I3"): 1,
        ("Протоколы", "J14"): None, ("Протоколы", "D14"): None,
        ("Протоколы", "F21"): None,
        ("Протоколы", "F22"): "У-001",
        ("Протоколы", "E23"): "Н-013", ("Протоколы", "F23"): "У-001",
        **{("Комиссия", f"{col}{row}"): None for col in "AB" for row in range(2, 7)},
    })
    docs: dict[tuple[str, str], Path] = {}
    records = {}
    for name, path, rows in (("example", example, EXAMPLE_ROWS), ("edge", edge, EDGE_ROWS)):
        result = api.make(IDS, path, tmp / name, as_of=AS_OF, select=api.Selection.parse(rows=rows),
                          orders=api.OrderOptions(register=False), outputs=api.Outputs(manifest=False))
        registry = load(path, catalog().registry_schema, AS_OF)
        by_number = {r.values["number"]: r for r in registry.rows("protocols")}
        for doc in result.files:
            number = re.match(r"Протокол № (\S+) от", doc.name)[1]
            docs[(name, number)] = doc
            records[(name, number)] = (registry, by_number[number])
    # LibreOffice names each PDF after its document: both registries make the same file names
    copies = {key: tmp / "lo" / f"{key[0]}-{key[1]}.docx" for key in docs}
    (tmp / "lo").mkdir()
    for key, copy in copies.items():
        shutil.copyfile(docs[key], copy)
    texts = soffice_pdf_texts(list(copies.values()))
    return {key: (*records[key], texts[copies[key]], doc) for key, doc in docs.items()}


def _one(rendered, registry_name: str, number: str):
    registry, protocol, text, doc = rendered[(registry_name, number)]
    return registry, protocol.values, Text(norm(text)), doc


def _commission(registry):
    people = {r.values["role"]: [] for r in registry.rows("commission")}
    for r in registry.rows("commission"):
        people[r.values["role"]].append(r.values["member"].values)
    return people


def _who(person: dict, case: str) -> str:
    """What the templates print before a name: position or «обучающийся N «Б» класса»."""
    if person.get("position"):
        return fmt.position_case(person["position"], case)
    klass = person["school_class"]
    return f"{fmt.agree('обучающийся', person['sex'], case)} {fmt.school_class(klass.number, klass.letter, 'gen')}"


def test_every_protocol_was_made_and_prints_no_template_residue(rendered):
    kinds = {(name, protocol.values["kind"]) for (name, _), (_, protocol, _, _) in rendered.items()}
    assert {k for _, k in kinds} == {"рассмотрение кандидатуры", "собеседование", "оценка кандидата",
                                     "прикрепление наставника"}
    assert len(rendered) == 12
    for (name, number), (_, protocol, text, doc) in rendered.items():
        assert f"ПРОТОКОЛ № {number}" in norm(text), doc.name
        for bad in ("{{", "{%", "}}", "%}", "None", "«»", "..", " ,"):
            assert bad not in norm(text), (doc.name, bad)
        assert doc.parent.name == "Протоколы"


def test_review_names_the_candidate_in_the_genitive_and_lists_the_commission(rendered):
    registry, protocol, text, doc = _one(rendered, "example", "1")
    candidate = protocol["mentor"].values
    assert "заседания комиссии по отбору наставников" in text
    expected = f"О рассмотрении кандидатуры {_who(candidate, 'gen')} " \
               f"{fmt.fio_case(candidate['fio'], 'gen', candidate['sex'])} в качестве наставника."
    assert norm(expected) in text
    assert fmt.fio_case(candidate["fio"], "gen", candidate["sex"]) in doc.name
    people = _commission(registry)
    size = sum(len(v) for v in people.values())
    assert norm(f"Присутствовали {fmt.count(size, 'член комиссии', 'члена комиссии', 'членов комиссии')}:") in text
    chair, secretary = people["председатель"][0], people["секретарь"][0]
    assert f"Председатель: {fmt.initials(chair['fio'], 'nom', chair['sex'])}, {chair['position']}" in text
    assert f"Секретарь: {fmt.initials(secretary['fio'], 'nom', secretary['sex'])}" in text
    for member in people["член комиссии"]:
        assert f"{fmt.initials(member['fio'], 'nom', member['sex'])}, {member['position']}" in text
    assert f"председателя комиссии {fmt.initials(chair['fio'], 'acc', chair['sex'])}" in text
    assert f"Председатель комиссии ____________ {fmt.initials_first(chair['fio'], 'nom', chair['sex'])}" in text
    assert f"Секретарь комиссии ____________ {fmt.initials_first(secretary['fio'], 'nom', secretary['sex'])}" in text
    assert f"РЕШИЛИ: {protocol['decision'][:1].upper()}{protocol['decision'][1:]}" in text
    assert (f"Голосовали: за — {protocol['votes_for']}, против — {protocol['votes_against']}, "
            f"воздержались — {protocol['votes_abstained']}. Решение принято единогласно.") in text
    assert f"Место проведения: {protocol['place']}" in text
    assert fmt.date_quoted(protocol["date"]).replace("\u00a0", " ") in text
    assert "ВЫСТУПИЛИ:" in text


def test_review_agrees_with_a_male_and_a_female_candidate(rendered):
    sexes = set()
    for number in ("1", "2"):
        _, protocol, text, _ = _one(rendered, "example", number)
        candidate = protocol["mentor"].values
        sexes.add(candidate["sex"])
        assert norm(f"{_who(candidate, 'gen')} {fmt.fio_case(candidate['fio'], 'gen', candidate['sex'])}") in text
        assert f"Категория {fmt.agree(candidate['category'], candidate['sex'])}" in text
    assert sexes == {"м", "ж"}  # the example's rows 2–3 cover both genders


def test_interview_has_the_criteria_with_the_candidates_form_and_the_conclusion(rendered):
    _, protocol, text, doc = _one(rendered, "example", "7")
    candidate = protocol["mentor"].values
    assert protocol["kind"] == "собеседование"
    assert norm(f"Собеседование с кандидатом в наставники {_who(candidate, 'ins')} "
                f"{fmt.fio_case(candidate['fio'], 'ins', candidate['sex'])}.") in text
    assert f"СЛУШАЛИ: кандидата {fmt.initials(candidate['fio'], 'acc', candidate['sex'])}" in text
    for criterion in ("Мотивация к наставнической деятельности", "Коммуникативные навыки",
                      f"Готовность к работе в форме наставничества «{candidate['form']}»"):
        assert criterion in text
    assert f"ЗАКЛЮЧЕНИЕ КОМИССИИ: {protocol['decision'][:1].upper()}{protocol['decision'][1:]}" in text
    assert "Голосовали" not in text  # the example's interviews have no vote
    assert fmt.fio_case(candidate["fio"], "ins", candidate["sex"]) in doc.name


def test_assessment_prints_the_total_score_with_the_right_noun(rendered):
    _, protocol, text, _ = _one(rendered, "example", "13")
    candidate = protocol["mentor"].values
    assert protocol["kind"] == "оценка кандидата"
    assert norm(f"Итого (из 50 возможных) {fmt.count(protocol['score'], 'балл', 'балла', 'баллов')}") in text
    assert f"кандидата {fmt.initials(candidate['fio'], 'gen', candidate['sex'])}" in text
    assert "Баллы (0–10)" in text


def test_attachment_has_the_approval_the_pair_and_the_signatures(rendered):
    registry, protocol, text, doc = _one(rendered, "example", "19")
    mentor, mentee = protocol["mentor"].values, protocol["mentee"].values
    director, curator = registry.org.values["director"].values, registry.org.values["curator"].values
    assert text.startswith("УТВЕРЖДАЮ")
    assert f"____________ {fmt.initials_first(director['fio'], 'nom', director['sex'])}" in text
    assert norm(f"О прикреплении наставника {_who(mentor, 'gen')} {fmt.fio_case(mentor['fio'], 'gen', mentor['sex'])} "
                f"к {fmt.agree('наставляемый', mentee['sex'], 'dat')} {_who(mentee, 'dat')} "
                f"{fmt.fio_case(mentee['fio'], 'dat', mentee['sex'])}.") in text
    pair = next(r.values for r in registry.rows("pairs")
                if r.values["mentor"].values is mentor and r.values["mentee"].values is mentee)
    assert pair["program"] in text
    assert f"с {fmt.date_num(pair['start'])} по {fmt.date_num(pair['end'])}" in text
    for person in (curator, mentor, mentee):
        assert fmt.initials_first(person["fio"], "nom", person["sex"]) in text
    assert "Родитель (законный" not in text  # the mentee is an adult
    heard = f"куратора внедрения целевой модели наставничества {fmt.initials(curator['fio'], 'acc', curator['sex'])}"
    assert heard in text
    assert fmt.fio_case(mentee["fio"], "dat", mentee["sex"]) in doc.name


def test_empty_commission_reads_as_blank_lines(rendered):
    for number in ("1", "13", "20"):
        _, _, text, _ = _one(rendered, "edge", number)
        assert "Присутствовали: Председатель: ____" in text
        assert "Секретарь: ____" in text and "Члены комиссии: ____" in text
        assert "членов комиссии" not in text
        assert "Председатель комиссии ____________ ____" in text


def test_votes_are_guarded_and_only_a_full_vote_is_unanimous(rendered):
    _, _, text, _ = _one(rendered, "edge", "1")
    assert "Голосовали" not in text
    _, protocol, text, _ = _one(rendered, "edge", "2")
    assert "Голосовали: за — 3, против — 1, воздержались — 1." in text
    assert "единогласно" not in text


def test_assessment_without_score_or_place_leaves_them_out(rendered):
    _, _, text, _ = _one(rendered, "edge", "13")
    assert "Итого (из 50 возможных) РЕШИЛИ" in text
    assert "балл" not in text.split("Итого", 1)[1]
    assert "Место проведения" not in text


def test_attachment_of_a_minor_adds_the_parent_and_takes_the_pair(rendered):
    registry, protocol, text, _ = _one(rendered, "edge", "22")
    mentor, mentee = protocol["mentor"].values, protocol["mentee"].values
    parent = next(r.values for r in registry.rows("parents") if r.values["child"].values is mentee)
    assert fmt.age_on(mentee["birth_date"], AS_OF) < 18
    assert norm(f"родитель (законный представитель) {fmt.agree('наставляемый', mentee['sex'], 'gen')} "
                f"{fmt.initials(parent['fio'], 'nom', parent['sex'])}") in text
    assert f"{fmt.initials_first(parent['fio'], 'nom', parent['sex'])} «___»" in text
    pair = next(r.values for r in registry.rows("pairs")
                if r.values["mentor"].values is mentor and r.values["mentee"].values is mentee)
    assert pair["program"] in text and f"с {fmt.date_num(pair['start'])} по {fmt.date_num(pair['end'])}" in text


def test_attachment_without_pair_or_mentee_leaves_lines_to_fill(rendered):
    _, protocol, text, _ = _one(rendered, "edge", "21")
    assert protocol["mentee"] is not None
    assert "с ____________ по ____________" in text  # this mentor has no pair with this mentee
    assert "Родитель (законный" in text  # the mentee is a minor all the same
    _, protocol, text, doc = _one(rendered, "edge", "20")
    assert protocol["mentee"] is None
    assert "к наставляемому ____" in text and "наставляемый ____" in text
    assert "с ____________ по ____________" in text
    assert "Родитель (законный" not in text
    assert " к " not in doc.name.split("прикрепление", 1)[1]
