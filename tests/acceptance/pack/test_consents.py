"""Consents of adult participants (consent_adult, consent_adult_mentee) and the consent to
distribution (consent_distribution), made from the example registry and read back from real
LibreOffice PDFs: every item the law requires is printed, names and gender forms come from
the registry."""

from __future__ import annotations

import re
from datetime import date

import pytest

from docgen import api
from docgen import ru as fmt
from tests.helpers import soffice_pdf_texts

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes

AS_OF = date(2026, 11, 23)


def _adult(rec) -> bool:
    birth = rec.values.get("birth_date")
    return not (isinstance(birth, date) and fmt.age_on(birth, AS_OF) < 18)


def _pick(registry, sheet: str, **wanted):
    """The first adult of ``sheet`` whose values match ``wanted`` (a callable or a value)."""
    for rec in registry.rows(sheet):
        if not _adult(rec):
            continue
        if all(w(rec.values.get(k)) if callable(w) else rec.values.get(k) == w for k, w in wanted.items()):
            return rec
    raise AssertionError(f"no adult on {sheet} with {wanted}")


def _flat(text: str) -> str:
    text = text.replace("\u00a0", " ")
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


@pytest.fixture(scope="module")
def people(registry):
    return {
        "man": _pick(registry, "mentors", sex="м", doc=bool, publish_conditions=lambda v: v is None),
        "woman": _pick(registry, "mentors", sex="ж", doc=bool, publish_consent_date=bool),
        "mentee": _pick(registry, "mentees", doc=lambda v: v is None),
    }


@pytest.fixture(scope="module")
def made(tmp_path_factory, people):
    out = tmp_path_factory.mktemp("consents")
    mentors = api.Selection.parse(people=[people["man"].values["fio"], people["woman"].values["fio"]])
    a = api.make(["consent_adult", "consent_distribution"], api.example_registry(), out / "m",
                 as_of=AS_OF, select=mentors, outputs=api.Outputs(manifest=False))
    b = api.make(["consent_adult_mentee"], api.example_registry(), out / "e", as_of=AS_OF,
                 select=api.Selection.parse(people=[people["mentee"].values["fio"]]),
                 outputs=api.Outputs(manifest=False))
    return {**a.by_template, **b.by_template}


@pytest.fixture(scope="module")
def texts(made):
    paths = [p for files in made.values() for p in files]
    assert len(paths) == 5
    return {p: _flat(t) for p, t in soffice_pdf_texts(paths).items()}


def _text_of(made, texts, template: str, rec) -> str:
    path = next(p for p in made[template] if rec.values["fio"] in p.name)
    return texts[path]


def test_processing_consent_has_every_item_of_article_9(made, texts, registry, people):
    org = registry.org.values
    for key in ("man", "woman", "mentee"):
        rec = people[key]
        template = "consent_adult_mentee" if key == "mentee" else "consent_adult"
        text = _text_of(made, texts, template, rec)
        v = rec.values
        sex = v.get("sex")
        # 1: the subject, the address and the identity document (a line to fill in when empty)
        assert f"Я, {v['fio']}" in text
        assert f"{fmt.agree('зарегистрированный', sex)} по адресу: {_norm(v['address'])}" in text
        if v.get("doc"):
            assert f"удостоверяющий личность: {_norm(v['doc'])}" in text
        else:
            assert "удостоверяющий личность: ________" in text and "(вид, серия и номер" in text
        # 3: the operator
        assert f"согласие {_norm(fmt.name_case(org['full_name'], 'дат'))} (ИНН {org['inn']}, ОГРН {org['ogrn']}), " \
               f"адрес: {_norm(org['address'])}" in text
        # 4–8 and 9
        for marker in ["Цель обработки", f"«{v['form']}»", "Перечень персональных данных",
                       "по поручению оператора", "Перечень действий", "Способ обработки: смешанный",
                       f"Согласие действует {_norm(org['consent_term'])}", "отозвать согласие",
                       "(подпись)"]:
            assert marker in text, (key, marker)
        assert fmt.agree("ознакомлен", sex) + " с правами субъекта" in text
        assert "____________ / " + fmt.initials_first(v["fio"], "nom", sex).replace("\u00a0", " ") in text
    man = _text_of(made, texts, "consent_adult", people["man"])
    woman = _text_of(made, texts, "consent_adult", people["woman"])
    assert "зарегистрированный по адресу" in man and "ознакомлен с правами" in man
    assert "зарегистрированная по адресу" in woman and "ознакомлена с правами" in woman


def test_distribution_consent_has_the_roskomnadzor_content(made, texts, registry, people):
    org = registry.org.values
    for key in ("man", "woman"):
        v = people[key].values
        text = _text_of(made, texts, "consent_distribution", people[key])
        assert f"Я, {v['fio']}, контактная информация: телефон " in text
        if v.get("phone"):
            assert _norm(v["phone"]) in text
        if v.get("email"):
            assert v["email"] in text
        assert f"почтовый адрес {_norm(v['address'])}" in text
        assert "статьёй 10.1" in text
        assert f"{_norm(fmt.name_case(org['full_name'], 'дат'))}, ИНН {org['inn']}, ОГРН {org['ogrn']}" in text
        assert all(url in text for url in org["publish_pages"])  # the exact pages, not the site
        assert "реестров наставников" in text
        assert "Разрешаю к распространению" in text and text.count("да ☐ нет") == 7
        assert "Биометрические" in text and "видеоизображение" in text
        assert f"Согласие действует {_norm(org['consent_term'])}" in text
        assert "прекратить распространение" in text
        assert "(подпись)" in text
    # conditions are the subject's to write: nothing from the registry is printed into the form
    for key in ("man", "woman"):
        text = _text_of(made, texts, "consent_distribution", people[key])
        assert "(заполняется по желанию)" in text and "☐ запрещаю передачу" in text
        conditions = people[key].values.get("publish_conditions")
        assert not conditions or conditions not in text


def test_no_tags_none_or_empty_quotes_in_any_consent(texts):
    for path, text in texts.items():
        for bad in ("{{", "{%", "None", "«»", "( )"):
            assert bad not in text, (path.name, bad)
