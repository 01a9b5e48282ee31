"""Validate what the chosen templates need (issue 15, §4.6): one missing parent row stops the
parental consents — the whole batch, every error listed, nothing written — but not an order that
never reads «Родители»; there it is a warning in the summary. `docgen check` says which documents
each error stops and exits 1 only for errors."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from docgen import api
from docgen.engine.scope import reads
from docgen.errors import RegistryInvalid
from docgen.plugins.catalog import catalog
from tests.helpers import AS_OF, EXAMPLE, column_of, sheet_rows, years_on

ON = date(2026, 11, 23)


def docgen(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docgen", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def orphan(tmp_path_factory) -> tuple[Path, str]:
    """The example with the parent rows of one minor mentee deleted, and the cell the problem names."""
    mentee = next(m for m in sheet_rows(EXAMPLE, "Наставляемые") if years_on(m["Дата рождения"], ON) < 18)
    rows = [p["_row"] for p in sheet_rows(EXAMPLE, "Родители") if p["Ребёнок"] == mentee["Код"]]
    wb = openpyxl.load_workbook(EXAMPLE)
    for row in sorted(rows, reverse=True):
        wb["Родители"].delete_rows(row)
    path = tmp_path_factory.mktemp("scope") / "реестр.xlsx"
    wb.save(path)
    return path, f"Наставляемые!{column_of(EXAMPLE, 'Наставляемые', 'ФИО')}{mentee['_row']}"


def test_what_a_template_reads():
    registry = catalog().registry_schema
    consent = reads(catalog().find("consent_parent"), registry)
    order = reads(catalog().find("order_intro"), registry)
    assert {"org", "mentees", "mentors", "parents"} <= consent
    assert "parents" not in order and {"org", "orders"} <= order
    # the monitoring report counts from sheets its fields name only in words («вычисляется: …»)
    assert {"mentees", "mentors", "pairs", "kpis", "monitoring"} <= reads(catalog().find("monitoring_report"),
                                                                          registry)


def test_an_order_is_made_and_the_missing_parent_is_a_warning(orphan, tmp_path):
    path, place = orphan
    result = api.make(["order_intro"], path, tmp_path / "out", as_of=ON, orders=api.OrderOptions(register=False))
    assert result.counts == {"order_intro": 1}
    assert [p.place for p in result.warnings] == [place]
    assert "нет его родителя" in result.warnings[0].message


def test_the_parental_consents_stop_whole(orphan, tmp_path):
    """No row-level skipping: one child without a parent stops the batch, nothing is written."""
    path, place = orphan
    out = tmp_path / "out"
    with pytest.raises(RegistryInvalid) as info:
        api.make(["consent_parent", "register_mentors"], path, out, as_of=ON)
    assert [p.place for p in info.value.problems] == [place]
    assert not out.exists() or not any(out.rglob("*.docx"))


def test_cli_make_prints_the_warning_after_the_summary(orphan, tmp_path):
    path, place = orphan
    run = docgen("make", "order_intro", "--reprint", "-r", str(path), "-o", str(tmp_path / "o"), "--as-of", AS_OF,
                 "-q")
    assert run.returncode == 0, run.stdout + run.stderr
    head, _, warnings = run.stdout.partition("Предупреждения — документам не мешают (1):")
    assert "Готово: 1 док." in head and place in warnings
    run = docgen("make", "consent_parent", "-r", str(path), "-o", str(tmp_path / "c"), "--as-of", AS_OF, "-q")
    assert run.returncode == 1 and place in run.stderr and not (tmp_path / "c").exists()


def test_cli_check_names_the_documents_an_error_stops(orphan):
    path, place = orphan
    run = docgen("check", str(path), "--as-of", AS_OF)
    assert run.returncode == 1
    assert "Ошибки — мешают документам (1):" in run.stdout
    line = next(x for x in run.stdout.splitlines() if place in x)
    assert "consent_parent" in line and "order_intro" not in line
    data = json.loads(docgen("check", str(path), "--as-of", AS_OF, "--json").stdout)
    [problem] = data
    assert problem["severity"] == "error" and "consent_parent" in problem["blocks"]
    assert "order_intro" not in problem["blocks"] and problem["concerns"] == ["parents"]
    run = docgen("check", str(path), "--as-of", AS_OF, "--for", "order_intro", "--for", "register_mentors")
    assert run.returncode == 0, run.stdout
    assert "Предупреждения — документам не мешают (1):" in run.stdout and place in run.stdout
    assert "ошибок нет" in run.stdout


def test_every_root_of_the_workbook_context_says_which_sheets_it_is_built_from():
    """A root without an entry in ``ROOT_SHEETS`` is read from nowhere as far as the scope knows:
    a problem on a sheet behind it would not stop the template (the roots of the orders' acts and
    the programme — ``month`` reads «Пары» — came without one)."""
    from docgen.context import ROOT_SHEETS, WORKBOOK_ROOTS

    assert sorted(set(WORKBOOK_ROOTS) - set(ROOT_SHEETS)) == []
    from docgen.plugins.catalog import catalog

    found = catalog(())
    assert {"pairs", "mentors"} <= reads(found.find("questionnaire_curator_monthly"), found.registry_schema)
