"""Проверки набора Энского района (запуск: pytest после pip install этого набора)."""

from pathlib import Path

from docgen import api
from docgen.packtools.lint import lint_pack
from docgen.packtools.projection import update_projections

PACK = Path(__file__).resolve().parents[1] / "docgen_pack_ensk"


def test_lint_finds_no_errors():
    report = lint_pack(PACK)
    assert [str(p) for p in report.errors] == []
    assert report.rendered == {"order_intro": 1, "report_municipal": 1}


def test_template_texts_are_current():
    """Текст каждого шаблона (.txt) соответствует .docx; если нет — docgen pack text и сохранить .txt."""
    changes = update_projections(PACK, check=True).changes
    assert [f"{c.projection.name}: {c.state}" for c in changes] == []


def test_share_filter():
    from docgen_pack_ensk import share

    assert share(12, 40) == "12 из 40 (30\u00a0%)"
    assert share(0, 0) == "0 из 0"


def test_school_code_type():
    import pytest
    from docgen import CellError
    from docgen_pack_ensk import parse_school_code

    assert parse_school_code("эр 17", None) == "ЭР-017"
    assert parse_school_code(5.0, None) == "ЭР-005"
    with pytest.raises(CellError, match="ЭР-017"):
        parse_school_code("ЭР-0", None)


def test_report_is_made(tmp_path):
    result = api.make(["ensk:report_municipal"], api.example_registry(), tmp_path)
    assert len(result.files) == 1
