"""Built-in registers and the acquaintance sheet rendered from the example registry (their PDF text
is checked in tests/acceptance/pack/test_registers.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from docgen import api
from tests.helpers import EXAMPLE

AS_OF = date(2026, 11, 23)
WORKBOOK_IDS = ["register_mentors", "register_mentees", "register_mentors_public", "register_mentees_public"]
JOURNAL_ROWS = "8-9"  # sheet rows of «Приказы»: the first two mentorship orders of the example


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, list[Path]]:
    out = tmp_path_factory.mktemp("registers")
    whole = api.make(WORKBOOK_IDS, EXAMPLE, out / "whole", as_of=AS_OF, outputs=api.Outputs(manifest=False))
    sheets = api.make(["acquaintance_sheet"], EXAMPLE, out / "sheets", as_of=AS_OF,
                      select=api.Selection.parse(rows=JOURNAL_ROWS), outputs=api.Outputs(manifest=False))
    return {**whole.by_template, **sheets.by_template}


def test_each_template_makes_its_documents(made):
    assert {tid: len(files) for tid, files in made.items()} == {
        "register_mentors": 1, "register_mentees": 1, "register_mentors_public": 1,
        "register_mentees_public": 1, "acquaintance_sheet": 2}
