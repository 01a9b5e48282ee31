"""Layout of the orders in LibreOffice (issue 15, §4.4): «С приказом ознакомлены» never leaves
its rows or the director's signature on another page, no page is blank, the working group's
duties get the widest column."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest
from docx import Document
from lxml import etree

from docgen import api
from tests.helpers import EXAMPLE, soffice_pdf_texts

AS_OF = date(2026, 11, 23)
ORDERS = ["order_intro", "order_working_group", "order_curator", "order_regulation", "order_roadmap",
          "order_mentor_register", "order_mentor_school", "order_pairs", "order_ipr"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    result = api.make(ORDERS + ["working_group_list"], EXAMPLE, tmp_path_factory.mktemp("layout"), as_of=AS_OF,
                      orders=api.OrderOptions(register=False))
    return {tid: paths[0] for tid, paths in result.by_template.items()}


@pytest.mark.slow
def test_acquaintance_stays_with_its_rows_and_the_signature(made):
    paths = [made[t] for t in ORDERS]
    texts = soffice_pdf_texts(paths)
    for tid, path in zip(ORDERS, paths):
        pages = texts[path].split("\f")
        page = next(p for p in pages if "С приказом ознакомлен" in p)
        names = [r.cells[0].text.replace("\u00a0", " ") for r in Document(str(path)).tables[0].rows]
        flat_page = " ".join(page.split())
        for name in names:
            assert name in flat_page, (tid, name)
        assert "Н.П. Рыбакова" in flat_page, tid  # the director's signature on the same page
        for number, text in enumerate(pages[:-1] if not pages[-1].strip() else pages, start=1):
            assert text.strip() and text.strip() != str(number), (tid, f"page {number} is blank")


def _grid(path, header: str) -> list[float]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    for tbl in root.iter(f"{W}tbl"):
        if header in "".join(tbl.itertext()):
            return [int(c.get(f"{W}w")) / 1440 * 25.4 for c in tbl.find(f"{W}tblGrid")]
    raise AssertionError(header)


@pytest.mark.parametrize("tid", ["order_working_group", "working_group_list"])
def test_working_group_duties_get_the_widest_column(made, tid):
    widths = _grid(made[tid], "Обязанности")
    assert max(widths) == widths[4] and widths[4] >= 45 and widths[3] <= 30 and widths[0] <= 12
