"""`docgen pack lint` names what of docxtpl's dialect docgen refuses, in the words `docgen make`
uses (tests/render/test_dialect.py), and passes what docgen keeps."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from docgen.packtools.lint import ERROR, lint_pack
from docgen.packtools.scaffold import TEMPLATE_ID, new_pack


@pytest.fixture
def pack(tmp_path) -> Path:
    return new_pack("school", tmp_path / "school") / "docgen_pack_school"


def with_paragraphs(pack: Path, *texts: str) -> None:
    path = pack / "templates" / f"{TEMPLATE_ID}.docx"
    doc = Document(str(path))
    for text in texts:
        doc.add_paragraph(text)
    doc.save(str(path))


def errors(pack: Path) -> list[str]:
    return [p.message for p in lint_pack(pack).problems if p.level == ERROR]


@pytest.mark.parametrize("text, expected", [
    ("{{ mentor.fio|count('наставник') }}",
     "фильтр count с 1 арг.: без аргументов это число элементов (как length), а число со словом — "
     "|plural_count('наставник', 'наставника', 'наставников') (три формы слова)."),
    ("{{ 3|plural_count('год', 'года') }}",
     "фильтру plural_count нужны три формы слова: |plural_count('наставник', 'наставника', 'наставников')."),
    ("{{tr mentor.fio}}",
     "тег {{tr mentor.fio}} ставит значение на место целой строки таблицы — docgen так не умеет. Выведите "
     "значение обычным тегом {{ … }} внутри ячейки, а строки повторяйте {%tr for … %}."),
])
def test_lint_refuses_what_make_refuses(pack, text, expected):
    with_paragraphs(pack, text)
    found = errors(pack)
    assert expected in found, found


def test_lint_passes_what_docgen_keeps(pack):
    with_paragraphs(pack, "{{r mentor.fio}} — {{ mentor.fio|count }} знаков, {{ 3|count('год', 'года', 'лет') }}",
                    "{{p mentor.form}}", "Поле пишется так: {_{ mentor.fio }_}.")
    assert errors(pack) == []
