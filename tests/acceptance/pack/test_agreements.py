"""The five agreements made from the example registry and read back from real LibreOffice PDFs:
the director in the genitive, «действующего/действующей» and «именуемый/именуемая» agreeing
with a man and a woman, the minors' parents, the partner's representative."""

from __future__ import annotations

import re
from datetime import date

import pytest

from docgen import api
from docgen import ru as fmt
from tests.helpers import soffice_pdf_texts

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes

AS_OF = date(2026, 11, 23)
AGREEMENTS = ["agreement_mentor", "agreement_mentee", "agreement_parent", "agreement_pair", "agreement_partner"]


def _age(rec) -> int | None:
    birth = rec.values.get("birth_date")
    return fmt.age_on(birth, AS_OF) if isinstance(birth, date) else None


def _minor(rec) -> bool:
    age = _age(rec)
    return age is not None and age < 18


def _flat(text: str) -> str:
    text = text.replace("\u00a0", " ")
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text))


def _n(text: str) -> str:
    return re.sub(r"\s+", " ", str(text).replace("\u00a0", " "))


def _clean(rec) -> bool:
    """Rows whose cells hold no template-like text (the example has one hostile value)."""
    return not any(isinstance(v, str) and "{" in v for v in rec.values.values())


@pytest.fixture(scope="module")
def picked(registry):
    mentors = registry.rows("mentors")
    mentees = registry.rows("mentees")
    parents = {id(r.values["child"]): r for r in reversed(registry.rows("parents"))}  # the first one wins
    pairs = [p for p in registry.rows("pairs") if _clean(p) and _clean(p.values["mentee"])]
    return {
        "mentor_man": next(r for r in mentors if not _minor(r) and r.values.get("sex") == "м"),
        "mentor_woman": next(r for r in mentors if not _minor(r) and r.values.get("sex") == "ж"),
        "mentor_minor": next(r for r in mentors if _minor(r)),
        "mentee": next(r for r in mentees if not _minor(r) and any(p.values["mentee"] is r for p in pairs)),
        "child": next(r for r in mentees if _minor(r) and _clean(r) and id(r) in parents),
        "pair_under14": next(p for p in pairs if _age(p.values["mentee"]) < 14),
        "pair_14_17": next(p for p in pairs if 14 <= _age(p.values["mentee"]) < 18),
        "partner_man": next(r for r in registry.rows("partners") if r.values.get("representative_sex") == "м"),
        "partner_woman": next(r for r in registry.rows("partners") if r.values.get("representative_sex") == "ж"),
        "parents": parents,
    }


@pytest.fixture(scope="module")
def made(tmp_path_factory, picked):
    out = tmp_path_factory.mktemp("agreements")
    ex = api.example_registry()
    opts = dict(as_of=AS_OF, outputs=api.Outputs(manifest=False))
    fio = lambda key: picked[key].values["fio"]  # noqa: E731
    rows = lambda *keys: ",".join(str(picked[k].row) for k in keys)  # noqa: E731
    jobs = {
        "agreement_mentor": api.Selection.parse(people=[fio("mentor_man"), fio("mentor_woman"), fio("mentor_minor")]),
        "agreement_mentee": api.Selection.parse(people=[fio("mentee")]),
        "agreement_parent": api.Selection.parse(people=[fio("child")]),
        "agreement_pair": api.Selection.parse(rows=rows("pair_under14", "pair_14_17")),
        "agreement_partner": api.Selection.parse(rows=rows("partner_man", "partner_woman")),
    }
    result = {}
    for template, select in jobs.items():
        result[template] = api.make([template], ex, out / template, select=select, **opts).files
    return result


@pytest.fixture(scope="module")
def texts(made):
    paths = [p for files in made.values() for p in files]
    assert {t: len(f) for t, f in made.items()} == dict.fromkeys(AGREEMENTS[1:3], 1) | {
        "agreement_mentor": 3, "agreement_pair": 2, "agreement_partner": 2}
    return {p: _flat(t) for p, t in soffice_pdf_texts(paths).items()}


def _doc(made, texts, template: str, *names: str) -> str:
    path = next(p for p in made[template] if all(n in p.name for n in names))
    return texts[path]


def _director_party(registry) -> str:
    d = registry.org.values["director"].values
    return (f"{_n(registry.org.values['full_name'])} в лице {fmt.position_case(d['position'], 'род')} "
            f"{fmt.fio_case(d['fio'], 'род', d.get('sex'))}, {fmt.agree('действующий', d.get('sex'), 'род')} "
            "на основании Устава, именуемое в дальнейшем «Организация»")


def test_every_agreement_names_the_director_in_the_genitive(texts, registry):
    party = _director_party(registry)
    d = registry.org.values["director"].values
    signature = fmt.initials_first(d["fio"], "nom", d.get("sex")).replace("\u00a0", " ")
    for path, text in texts.items():
        assert text.startswith(" СОГЛАШЕНИЕ № ____"), path.name
        assert f"{_n(registry.org.values['city'])} «___» ____________ 20___ г." in text
        assert party in text, path.name
        assert f"/ {signature}" in text and "М.П." in text
        for marker in ("1. Предмет соглашения", "2. Права и обязанности Сторон", "3. Срок действия соглашения",
                       "4. Прочие условия", "отдельного согласия", "5. Адреса, реквизиты и подписи Сторон",
                       f"ИНН {registry.org.values['inn']}"):
            assert marker in text, (path.name, marker)
        for bad in ("{{", "{%", "None", "«»", "( )"):
            assert bad not in text, (path.name, bad)


def test_mentor_agreements_agree_with_a_man_and_a_woman(made, texts, picked):
    for key, word in (("mentor_man", "именуемый"), ("mentor_woman", "именуемая")):
        v = picked[key].values
        text = _doc(made, texts, "agreement_mentor", v["code"])
        assert f"{v['fio']}, " in text and f"{word} в дальнейшем «Наставник»" in text
        assert f"«{v['form']}»" in text
        assert "двух экземплярах" in text
        assert "несовершеннолетнего Наставника" not in text
        assert "/ " + fmt.initials_first(v["fio"], "nom", v.get("sex")).replace("\u00a0", " ") in text
    minor = picked["mentor_minor"].values
    text = _doc(made, texts, "agreement_mentor", minor["code"])
    klass = minor["school_class"]
    assert (f"{fmt.agree('обучающийся', minor.get('sex'))} "
            f"{_n(fmt.school_class(klass.number, klass.letter, 'род'))}") in text
    assert f"{fmt.agree('действующий', minor.get('sex'))} с письменного согласия родителя" in text
    assert "Согласие родителя (законного представителя) несовершеннолетнего Наставника" in text


def test_mentee_agreement_names_the_mentor_of_the_pair(made, texts, picked, registry):
    v = picked["mentee"].values
    text = _doc(made, texts, "agreement_mentee", v["code"])
    assert f"{fmt.agree('именуемый', v.get('sex'))} в дальнейшем «Наставляемый»" in text
    pair = next(p for p in registry.rows("pairs") if p.values["mentee"] is picked["mentee"])
    assert f"Наставник Наставляемого: {pair.values['mentor'].values['fio']}" in text
    assert f"с {fmt.date_num(pair.values['start'])} по {fmt.date_num(pair.values['end'])}" in text


def test_parent_agreement_acts_for_the_child(made, texts, picked):
    child = picked["child"].values
    parent = picked["parents"][id(picked["child"])].values
    text = _doc(made, texts, "agreement_parent", child["fio"])
    psex, csex = parent.get("sex"), child.get("sex")
    klass = child["school_class"]
    assert (f"{parent['fio']}, {fmt.agree('являющийся', psex)} {fmt.position_case(parent['relation'], 'тв')} "
            f"(законным представителем) {fmt.agree('несовершеннолетний', csex, 'род')} "
            f"{fmt.fio_case(child['fio'], 'род', csex)}, {fmt.date_num(child['birth_date'])} года рождения, "
            f"{fmt.agree('обучающийся', csex, 'род')} {_n(fmt.school_class(klass.number, klass.letter, 'род'))}") in text
    assert f"{fmt.agree('именуемый', psex)} в дальнейшем «Родитель»" in text
    assert f"№ {parent['passport_number']}" in text
    assert "/ " + fmt.initials_first(parent["fio"], "nom", psex).replace("\u00a0", " ") in text


def test_pair_agreement_has_the_parent_of_a_minor_mentee(made, texts, picked, registry):
    parents = picked["parents"]
    for key in ("pair_under14", "pair_14_17"):
        pair = picked[key].values
        mentor, mentee = pair["mentor"].values, pair["mentee"].values
        parent = parents[id(pair["mentee"])].values
        text = _doc(made, texts, "agreement_pair", mentor["fio"], mentee["fio"])
        assert f"{fmt.agree('именуемый', mentor.get('sex'))} в дальнейшем «Наставник»" in text
        assert f"{fmt.agree('именуемый', mentee.get('sex'))} в дальнейшем «Наставляемый»" in text
        assert f"«{pair['form']}»" in text and f"по {fmt.date_num(pair['end'])}" in text
        assert "трёх экземплярах" in text
        guardian = (f"{fmt.position_case(parent['relation'], 'род')} (законного представителя) "
                    f"{fmt.fio_case(parent['fio'], 'род', parent.get('sex'))}")
        signature = fmt.initials_first(parent["fio"], "nom", parent.get("sex")).replace("\u00a0", " ")
        if key == "pair_under14":
            assert f"в лице {guardian}" in text
            assert "Законный представитель" in text and f"/ {signature}" in text  # the parent signs
            assert "/ " + fmt.initials_first(mentee["fio"], "nom", mentee.get("sex")).replace("\u00a0", " ") not in text
            assert "несовершеннолетнего Наставляемого на заключение" not in text
        else:
            assert f"{fmt.agree('действующий', mentee.get('sex'))} с согласия {guardian}" in text
            assert "Согласие родителя (законного представителя) несовершеннолетнего Наставляемого" in text
            assert f"{signature} ____________ «___»" in text


def test_partner_agreement_agrees_with_the_representative(made, texts, picked):
    for key, word in (("partner_man", "действующего"), ("partner_woman", "действующей")):
        v = picked[key].values
        text = _doc(made, texts, "agreement_partner", v["short_name"])
        rep = fmt.fio_case(v["representative"], "род", v["representative_sex"])
        assert (f"{_n(v['full_name'])} в лице {fmt.position_case(v['representative_position'], 'род')} {rep}, "
                f"{word} на основании {v.get('representative_basis') or 'Устава'}, именуемое в дальнейшем "
                "«Партнёр»") in text
        assert f"ИНН {v['inn']}" in text and f"ОГРН {v['ogrn']}" in text
        if v.get("subject"):
            assert _n(v["subject"]) in text
        sign = fmt.initials_first(v["representative"], "nom", v["representative_sex"]).replace("\u00a0", " ")
        assert f"/ {sign}" in text
