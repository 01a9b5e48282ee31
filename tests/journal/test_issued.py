"""docgen.journal.issued: «Согласие выдано» dated for exactly the printed records, written into
the user's workbook the way the order journal is (surgically, locked, backed up, after publishing)."""

from __future__ import annotations

import re
import shutil
import stat
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from docgen import api
from docgen.errors import OutputError, RegistryError, UsageError
from docgen.fsutil import BACKUP_DIR
from tests.helpers import EXAMPLE, column_of, edited_copy, sheet_rows
from tests.journal.support import MAIN, REL_ID, make_xlsm, members

AS_OF = date(2026, 11, 23)
ISSUED = "Согласие выдано"
RECEIVED = "Согласие получено"
CLASS = "7А"


def _klass(value: object) -> str:
    return re.sub(r"[\s«»\"-]", "", str(value or "")).upper()


def _minor(row: dict) -> bool:
    birth = row["Дата рождения"]
    return birth is not None and (AS_OF.year - birth.year - ((AS_OF.month, AS_OF.day) < (birth.month, birth.day))) < 18


def sheet_part(path: Path, name: str) -> str:
    """The zip member of a sheet, found as Excel finds it (workbook.xml → its relationships)."""
    with zipfile.ZipFile(path) as z:
        workbook = etree.fromstring(z.read("xl/workbook.xml"))
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    rid = next(s.get(REL_ID) for s in workbook.iter(f"{{{MAIN}}}sheet") if s.get("name") == name)
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return target[1:] if target.startswith("/") else "xl/" + target


def cells_xml(path: Path, part: str) -> dict[str, bytes]:
    """Every cell of a sheet part as its serialised XML (value, style, type), by address."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read(part))
    return {c.get("r"): etree.tostring(c) for c in root.iter(f"{{{MAIN}}}c")}


@pytest.fixture
def registry(tmp_path: Path) -> tuple[Path, list[int], int]:
    """The example with the minors of 7А changed: the first keeps a «Согласие выдано» date, the
    second has none but «Согласие получено» filled (the form went out long ago), the others have
    neither. Returns the path, the rows of the others, and the first's row."""
    rows = [r for r in sheet_rows(EXAMPLE, "Наставляемые") if _klass(r["Класс"]) == CLASS and _minor(r)]
    assert len(rows) >= 4
    letter = column_of(EXAMPLE, "Наставляемые", ISSUED)
    received = column_of(EXAMPLE, "Наставляемые", RECEIVED)
    kept, back = rows[0]["_row"], rows[1]["_row"]
    emptied = [r["_row"] for r in rows[2:]]
    edits: dict[tuple[str, str], object] = {("Наставляемые", f"{letter}{n}"): None for n in emptied}
    edits.update({("Наставляемые", f"{received}{n}"): None for n in emptied})
    edits[("Наставляемые", f"{letter}{kept}")] = datetime(2026, 9, 1)
    edits[("Наставляемые", f"{received}{kept}")] = None
    edits[("Наставляемые", f"{letter}{back}")] = None
    edits[("Наставляемые", f"{received}{back}")] = datetime(2026, 9, 10)
    path = edited_copy(EXAMPLE, tmp_path / "реестр.xlsx", edits)
    return path, emptied, kept


def _make(path: Path, out: Path, **kwargs) -> api.MakeResult:
    return api.make(["consent_parent"], path, out, as_of=AS_OF,
                    select=api.Selection.parse(where=[f"Класс={CLASS}"]),
                    consents=api.ConsentOptions(record_issued=True), **kwargs)


def test_printing_a_class_dates_exactly_its_empty_cells(registry, tmp_path):
    path, emptied, kept = registry
    before = {r["_row"]: r[ISSUED] for r in sheet_rows(path, "Наставляемые")}
    mentors_before = sheet_rows(path, "Наставники")
    result = _make(path, tmp_path / "out")
    letter = column_of(path, "Наставляемые", ISSUED)
    assert result.issued == [f"Наставляемые!{letter}{n}" for n in emptied]
    assert len(result.issued_already) == 1 and f"Наставляемые!{kept}" in result.issued_already[0]
    assert len(result.issued_received) == 1  # received on 10.09: «выдано» today would be later than that
    after = {r["_row"]: r[ISSUED] for r in sheet_rows(path, "Наставляемые")}
    for row, value in after.items():
        if row in emptied:
            assert value == datetime(2026, 11, 23), row
        else:
            assert value == before[row], row  # other classes, the date already there, the one received: untouched
    assert after[kept] == datetime(2026, 9, 1)
    assert sheet_rows(path, "Наставники") == mentors_before
    # a date as Excel writes one: a number in a date format, like the column's other dates
    ws = openpyxl.load_workbook(path)["Наставляемые"]
    assert ws[f"{letter}{emptied[0]}"].is_date
    backups = list((tmp_path / BACKUP_DIR).iterdir())
    assert len(backups) == 1 and stat.S_IMODE(backups[0].stat().st_mode) == 0o600


def test_only_the_dated_cells_change_and_macros_survive(registry, tmp_path):
    path, emptied, _kept = registry
    xlsm = path.with_suffix(".xlsm")
    shutil.move(path, xlsm)
    vba = make_xlsm(xlsm)
    part = sheet_part(xlsm, "Наставляемые")
    before_members, before_cells = members(xlsm), cells_xml(xlsm, part)
    result = _make(xlsm, tmp_path / "out")
    after_members, after_cells = members(xlsm), cells_xml(xlsm, part)
    assert {k for k in before_members if before_members[k] != after_members.get(k)} == {part}
    assert set(after_members) == set(before_members)
    assert after_members["xl/vbaProject.bin"] == vba
    letter = column_of(xlsm, "Наставляемые", ISSUED)
    targets = {f"{letter}{n}" for n in emptied}
    assert {a for a in set(before_cells) | set(after_cells) if before_cells.get(a) != after_cells.get(a)} <= targets
    assert len(result.issued) == len(emptied)


def test_nothing_printed_with_the_option_off_or_for_other_templates(registry, tmp_path):
    path, _emptied, _kept = registry
    data = path.read_bytes()
    api.make(["consent_parent"], path, tmp_path / "a", as_of=AS_OF, select=api.Selection.parse(where=["Класс=7А"]))
    result = api.make(["consent_distribution_parent"], path, tmp_path / "b", as_of=AS_OF,
                      select=api.Selection.parse(where=["Класс=7А"]), consents=api.ConsentOptions(record_issued=True))
    assert result.issued == [] and path.read_bytes() == data
    assert not (tmp_path / BACKUP_DIR).exists()


def test_a_failure_during_output_leaves_the_workbook_unchanged(registry, tmp_path):
    path, _emptied, _kept = registry
    data = path.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    (out / "Согласия родителей").write_text("a file where the folder should be")
    with pytest.raises(OutputError):
        _make(path, out)
    assert path.read_bytes() == data
    assert not (tmp_path / BACKUP_DIR).exists()


def test_an_open_workbook_is_refused_before_anything_is_written(registry, tmp_path):
    path, _emptied, _kept = registry
    data = path.read_bytes()
    (tmp_path / f"~${path.name}").write_bytes(b"\0" * 165)
    with pytest.raises(OutputError, match="открыт"):
        _make(path, tmp_path / "out")
    assert path.read_bytes() == data
    assert not any((tmp_path / "out").rglob("*.docx"))


def test_a_consent_and_an_order_in_one_batch_share_the_lock(registry, tmp_path):
    path, emptied, _kept = registry
    result = api.make(["consent_parent", "order_intro"], path, tmp_path / "out", as_of=AS_OF,
                      consents=api.ConsentOptions(record_issued=True),
                      orders=api.OrderOptions(number="500-од", date=AS_OF))
    assert result.registered and len(result.issued) >= len(emptied)
    assert any(r["Номер"] == "500-од" for r in sheet_rows(path, "Приказы"))
    dated = {r["_row"] for r in sheet_rows(path, "Наставляемые") if r[ISSUED] == datetime(2026, 11, 23)}
    assert set(emptied) <= dated


def test_open_book_mode_hands_the_cells_back(registry, tmp_path):
    path, emptied, _kept = registry
    data = path.read_bytes()
    result = _make(path, tmp_path / "out", orders=api.OrderOptions(in_workbook=True))
    letter = column_of(path, "Наставляемые", ISSUED)
    assert result.journal_cells == [("Наставляемые", {f"{letter}{n}": AS_OF for n in emptied})]
    assert path.read_bytes() == data


def test_registries_docgen_does_not_write_are_refused_up_front(tmp_path):
    with pytest.raises(UsageError, match="Встроенный пример"):
        api.make(["consent_parent"], api.example_registry(), tmp_path / "o",
                 consents=api.ConsentOptions(record_issued=True))
    ods = tmp_path / "r.ods"
    ods.write_bytes(b"not read: refused before")
    with pytest.raises(RegistryError, match="Согласие выдано"):
        api.make(["consent_parent"], ods, tmp_path / "o", consents=api.ConsentOptions(record_issued=True))


def test_a_sheet_without_the_column_is_named(tmp_path):
    path = tmp_path / "реестр.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Наставляемые"]
    ws.delete_cols(openpyxl.utils.column_index_from_string(column_of(EXAMPLE, "Наставляемые", ISSUED)))
    wb.save(path)
    with pytest.raises(UsageError, match="нет столбца «Согласие выдано»"):
        _make(path, tmp_path / "out")


def test_a_run_killed_after_publishing_has_its_dates_written_by_the_next(registry, tmp_path, monkeypatch):
    """As with journal rows: the documents are out, the dates not yet — the intent record beside
    the registry lets the next run that writes the registry finish the job."""
    from docgen.errors import Interrupted
    from docgen.journal.issued import IssuedDates

    path, emptied, _kept = registry
    data = path.read_bytes()
    real_commit = IssuedDates.commit

    def killed(self, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(IssuedDates, "commit", killed)
    with pytest.raises(Interrupted, match="следующем запуске"):
        _make(path, tmp_path / "out")
    assert path.read_bytes() == data
    assert list((tmp_path / "out" / "Согласия родителей").glob("*.docx"))
    assert (tmp_path / f".{path.name}.docgen-pending.json").is_file()
    monkeypatch.setattr(IssuedDates, "commit", real_commit)
    # the next run prints something else with dating on (nothing of its own to date)
    later = api.make(["consent_parent"], path, tmp_path / "again", as_of=date(2026, 11, 30),
                     select=api.Selection.parse(people=["У-001"]), consents=api.ConsentOptions(record_issued=True))
    assert any("«Согласие выдано» отмечено" in note for note in later.recovered), later.recovered
    dated = {r["_row"]: r[ISSUED] for r in sheet_rows(path, "Наставляемые")}
    assert all(dated[n] == datetime(2026, 11, 23) for n in emptied)  # the killed run's date
    assert not (tmp_path / f".{path.name}.docgen-pending.json").exists()


def test_a_run_killed_while_rendering_leaves_neither_dates_nor_a_record(registry, tmp_path):
    from docgen.errors import Interrupted

    path, _emptied, _kept = registry
    data = path.read_bytes()

    def ctrl_c(title: str, done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises((Interrupted, KeyboardInterrupt)):  # Ctrl-C while rendering reaches the caller as is
        _make(path, tmp_path / "out", progress=ctrl_c)
    assert path.read_bytes() == data
    assert not (tmp_path / f".{path.name}.docgen-pending.json").exists()
    assert not list((tmp_path / "out").rglob("*.docx"))
