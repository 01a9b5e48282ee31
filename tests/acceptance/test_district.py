"""The district's files as Word and LibreOffice see them (slow; issue 17).

Every file `docgen demo --district` writes — the six documents of the municipal pack, the
figures workbook, the consolidated register, the inventory — and the pack's six templates, the
example district's registry and a `docgen init --district` book: Microsoft's Open XML SDK
validator and the ISO 29500 schemas find no error; LibreOffice converts every document and its
text holds the numbers and names it must. The municipal pack passes `docgen pack lint` (which
renders each template, the report from the example schools).
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from docgen import api
from docgen.packtools.lint import lint_pack
from tests.acceptance.test_ooxml_validator import run_validator, validator
from tests.helpers import AS_OF_DATE, ROOT, Text, soffice_pdf_texts

pytestmark = pytest.mark.slow

PACK = ROOT / "packs" / "municipal"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> api.MakeResult:
    return api.demo(tmp_path_factory.mktemp("district") / "demo", as_of=AS_OF_DATE, district=True)


@pytest.mark.parametrize("mode", [[], ["--xsd"]], ids=["sdk", "xsd"])
def test_no_validator_errors_in_district_files(demo, tmp_path, mode):
    command = validator()
    if command is None:
        pytest.skip("OOXML validator not found")
    paths = [*demo.files, *demo.print_files, *demo.attachments, *(p for p in demo.manifest if p.suffix == ".xlsx"),
             *sorted((PACK / "templates").glob("*.docx")), api.example_district(),
             api.init(tmp_path / "район.xlsx", kind=api.DISTRICT)]
    assert len(demo.files) == 6 and len(demo.attachments) == 2
    reports = run_validator(command, mode, paths)
    bad = {Path(f).name: problems[:3] for f, problems in reports.items() if problems}
    assert not bad, bad


def test_libreoffice_converts_every_district_document_with_its_text(demo):
    texts = {p.name: Text(re.sub(r"\s+", " ", t)) for p, t in soffice_pdf_texts(list(demo.files)).items()}
    book = openpyxl.load_workbook(next(p for p in demo.attachments if "показатели" in p.name), read_only=True)
    total = next(r for r in book["Сводка"].iter_rows(values_only=True) if len(r) > 1 and r[1] == "Итого по району")
    report = next(t for n, t in texts.items() if n.startswith("Аналитическая справка"))
    assert f"участвуют {total[6]} наставников и {total[7]} наставляемых" in report
    assert "Итого по району" in report and "7. Выводы" in report and "Не представили реестр" in report
    order = next(t for n, t in texts.items() if "Об утверждении муниципальной дорожной карты" in n)
    assert "ПРИКАЗЫВАЮ:" in order and "Приложение № 1" in order and "Приложение № 2" in order
    assert "муниципальные" in order and "ОУ" in order and "Включаются в 2027 году" in order
    letter = next(t for n, t in texts.items() if n.startswith("Письмо"))
    assert "(по списку)" in letter and "Уважаемые руководители!" in letter  # the letterhead's two columns interleave
    coordinator = next(t for n, t in texts.items() if "координатора" in n)
    assert "муниципальным координатором" in coordinator
    schools = next(t for n, t in texts.items() if n.startswith("Перечень"))
    assert "Всего организаций: 10." in schools


def test_municipal_pack_is_lint_clean():
    report = lint_pack(PACK)
    assert not report.problems, [str(p) for p in report.problems]
    assert set(report.rendered) == {p.stem for p in (PACK / "templates").glob("*.docx")}
