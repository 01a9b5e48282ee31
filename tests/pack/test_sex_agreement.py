"""Personal documents agree with the person's sex (issue 15, M5): «Включена в реестр», «Я в
целом удовлетворена», «совсем не готова» — never «удовлетворён (удовлетворена)» when the
registry knows who the person is. The sex is read here with openpyxl (the «Пол» column, else
the patronymic), not through docgen."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest

from docgen import api
from tests.helpers import EXAMPLE, docx_text

pytestmark = pytest.mark.slow  # renders the personal questionnaires of the example: ~6 s (the fast command stays under a minute; CI runs it)

AS_OF = date(2026, 11, 23)
PERSONAL = ["portfolio_mentor", "questionnaire_exit_mentee", "questionnaire_exit_mentor", "questionnaire_mentee_entry"]
BOTH_FORMS = re.compile(r"\w+\((а|ла|на|ая|ый|ен|ена)\)|\((удовлетворена|пришла|готова|включена)\)", re.I)


def _people(sheet: str) -> dict[str, str]:
    """Code → «м»/«ж» from the sheet, by «Пол» or by the patronymic."""
    ws = openpyxl.load_workbook(EXAMPLE, read_only=True)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0]
    found = {}
    for row in rows[1:]:
        v = dict(zip(head, row))
        if not v.get("Код"):
            continue
        sex = v.get("Пол")
        if not sex:
            middle = v["ФИО"].split()[-1]
            sex = "м" if middle.endswith(("вич", "ич", "оглы")) else "ж"
        found[v["Код"]] = sex
    return found


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    return api.make(PERSONAL, EXAMPLE, tmp_path_factory.mktemp("personal"), as_of=AS_OF)


def _code(path) -> str:
    return path.name.split(" ", 1)[0]


def test_portfolio_says_included_in_the_persons_gender(made):
    sexes = _people("Наставники")
    women = 0
    for path in made.by_template["portfolio_mentor"]:
        text = docx_text(path)
        word = "Включена" if sexes[_code(path)] == "ж" else "Включён"
        assert f"{word} в реестр наставников" in text, path.name
        women += word == "Включена"
    assert women > 10  # the example has women mentors: the word is not hard-coded any more


@pytest.mark.parametrize("tid, sheet", [("questionnaire_exit_mentee", "Наставляемые"),
                                        ("questionnaire_exit_mentor", "Наставники"),
                                        ("questionnaire_mentee_entry", "Наставляемые")])
def test_questionnaires_agree_with_the_known_sex(made, tid, sheet):
    sexes = _people(sheet)
    for path in made.by_template[tid]:
        text = docx_text(path)
        assert not BOTH_FORMS.search(text), (path.name, BOTH_FORMS.search(text).group(0))
        woman = sexes[_code(path)] == "ж"
        if tid.startswith("questionnaire_exit"):
            assert ("Я в целом удовлетворена участием" if woman else "Я в целом удовлетворён участием") in text
        if tid == "questionnaire_exit_mentee":
            assert ("с которой я пришла в программу" if woman else "с которой я пришёл в программу") in text
        if tid == "questionnaire_mentee_entry":
            assert ("совсем не готова, 5 — полностью готова" if woman else "совсем не готов, 5 — полностью готов") in text
