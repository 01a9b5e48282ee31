"""docgen.journal.session: surgical writes into the user's workbook, locks, backups."""

from __future__ import annotations

import os
import re
import shutil
import time
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from filelock import FileLock
from lxml import etree
from openpyxl.styles.numbers import is_date_format
from openpyxl.worksheet.table import Table, TableStyleInfo
from python_calamine import CalamineWorkbook

from docgen.errors import OutputError, UsageError
from docgen.fsutil import office_lock_file
from docgen.journal.numbering import JournalEntry
from docgen.journal.session import BACKUP_DIR, Journal
from docgen.ooxml.xlsx import Styles as _Styles
from docgen.ooxml.zip import members_of as _zip_layout
from docgen.plugins.catalog import catalog
from docgen.workbook.blank import new_registry_workbook
from docgen.workbook.save import save_workbook
from tests.journal.support import (
    D1,
    D2,
    EXAMPLE,
    MAIN,
    ORDERS,
    SHEET_PART,
    add_two,
    assert_only_changed,
    example,
    make_xlsm,
    members,
    orders_sheet,
    raw_members,
    rewrite,
    sheet_xml,
    stat_mode,
)

# --------------------------------------------------------------------------- writing


def test_two_adds_give_consecutive_numbers_and_rows_and_touch_nothing_else(tmp_path):
    path = example(tmp_path)
    before, raw_before = members(path), raw_members(path)
    [(n1, p1), (n2, p2)] = add_two(path)
    assert (n1, p1, n2, p2) == ("119-од", "Приказы!A9", "120-од", "Приказы!A10")

    after = members(path)
    assert_only_changed(before, after, {SHEET_PART})
    # Unchanged members are copied as compressed bytes, names, timestamps and methods included.
    for old, new in zip(raw_before, raw_members(path)):
        if old[0] != SHEET_PART:
            assert old == new
        else:
            assert old[:3] == new[:3]

    ws = orders_sheet(path)
    assert ws.max_row == 10
    assert [c.value for c in ws[9]] == ["119-од", ws["B9"].value, "order_intro", "О первом", "Н.П. Рыбакова",
                                        "119-од.docx"]
    assert ws["A10"].value == "120-од" and ws["A10"].data_type == "s"
    assert ws["B9"].value.date() == D1 and ws["B10"].value.date() == D2
    assert ws["B9"].number_format == ws["B10"].number_format == ws["B8"].number_format
    assert is_date_format(ws["B9"].number_format)
    assert ws["B9"].style_id == ws["B8"].style_id
    xml = sheet_xml(path).decode()
    assert '<dimension ref="A1:F10"/>' in xml
    assert xml.index('<row r="8"') < xml.index('<row r="9"') < xml.index('<row r="10"') < xml.index("</sheetData>")

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Приказы").to_python()
    assert rows[8][:3] == ["119-од", D1, "order_intro"]
    assert rows[9][:2] == ["120-од", D2]
    assert isinstance(rows[9][0], str)


def test_the_number_is_always_text_and_the_reader_sees_the_new_rows(tmp_path):
    path = example(tmp_path)
    with Journal(path, ORDERS) as j:
        place = j.add(number="42", on=D1, template="order_intro", title="Число как номер", signed_by="", file="")
        assert j.next_number(D2) == "43"  # add() is seen by next_number()
        j.commit()
    assert place == "Приказы!A9"
    ws = orders_sheet(path)
    assert ws["A9"].value == "42" and ws["A9"].data_type == "s"
    assert ws["E9"].value is None and ws["F9"].value is None  # empty values make no cells
    with Journal(path, ORDERS) as j:
        assert j.entries[-1] == JournalEntry(row=9, number="42", date=D1, template="order_intro")


def test_xml_special_characters_and_spacing_survive(tmp_path):
    path = example(tmp_path)
    with Journal(path, ORDERS) as j:
        j.add(number="1/2 <&>", on=D1, template="order_intro", title='«Кавычки» & <теги> "и" \x07 строки\nвторая',
              signed_by="", file="")
        j.commit()
    ws = orders_sheet(path)
    assert ws["A9"].value == "1/2 <&>"
    assert ws["D9"].value == '«Кавычки» & <теги> "и" строки\nвторая'


def test_xlsm_keeps_vba_and_every_other_member(tmp_path):
    path = example(tmp_path, "registry.xlsm")
    vba = make_xlsm(path)
    before = members(path)
    add_two(path)
    after = members(path)
    assert_only_changed(before, after, {SHEET_PART})
    assert after["xl/vbaProject.bin"] == vba
    wb = openpyxl.load_workbook(path, keep_vba=True)
    assert wb["Приказы"]["A10"].value == "120-од"
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Приказы").to_python()
    assert rows[9][:2] == ["120-од", D2]


EXCEL_ROOT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    f'<worksheet xmlns="{MAIN}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr xr2 xr3" '
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
    'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
    'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" '
    'xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3" '
    'xr:uid="{00000000-0001-0000-0B00-000000000000}">'
)


def excel_like(path: Path, extra_rows: str = "") -> bytes:
    """Give the journal sheet the root and row attributes Excel writes, plus ``extra_rows``."""
    xml = sheet_xml(path).decode()
    xml = xml.replace(f'<worksheet xmlns="{MAIN}">', EXCEL_ROOT, 1)
    xml = re.sub(r'<row r="(\d+)"', r'<row r="\1" spans="1:6" x14ac:dyDescent="0.25"', xml)
    xml = xml.replace("</sheetData>", extra_rows + "</sheetData>")
    xml = xml.replace('<legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"',
                      "<legacyDrawing")
    rewrite(path, {SHEET_PART: xml.encode()})
    return xml.encode()


def test_excel_namespaces_and_rows_below_the_journal_survive(tmp_path):
    path = example(tmp_path)
    note = '<row r="20" spans="8:8"><c r="H20" t="inlineStr"><is><t>примечание</t></is></c></row>'
    old = excel_like(path, note).replace(b'<dimension ref="A1:F8"/>', b'<dimension ref="A1:H20"/>')
    rewrite(path, {SHEET_PART: old})
    add_two(path)
    new = sheet_xml(path)
    root_end = old.index(b">", old.index(b"<worksheet")) + 1
    assert new[:root_end] == old[:root_end]  # declaration and root tag byte for byte
    assert b'<dimension ref="A1:H20"/>' in new
    assert new.index(b'<row r="10">') < new.index(b'<row r="20"')
    # Everything of the original is still there, in order, byte for byte.
    insert_at = old.index(b'<row r="20"')
    assert new.startswith(old[:insert_at])
    assert new.endswith(old[insert_at:])
    a, b = etree.fromstring(old), etree.fromstring(new)
    assert a.nsmap == b.nsmap and dict(a.attrib) == dict(b.attrib)
    ws = orders_sheet(path)
    assert ws["A10"].value == "120-од" and ws["H20"].value == "примечание"


def test_prepared_row_is_merged_not_duplicated(tmp_path):
    path = example(tmp_path)
    prepared = ('<row r="9" spans="1:8" x14ac:dyDescent="0.25"><c r="A9" s="13"/>'
                '<c r="H9" t="inlineStr"><is><t>заметка</t></is></c></row><row r="10" ht="20" customHeight="1"/>')
    old = excel_like(path, prepared).replace(b'<dimension ref="A1:F8"/>', b'<dimension ref="A1:H10"/>')
    rewrite(path, {SHEET_PART: old})
    add_two(path)
    new = sheet_xml(path).decode()
    assert new.count('<row r="9"') == 1 and new.count('<row r="10"') == 1
    assert '<row r="9" spans="1:8" x14ac:dyDescent="0.25"><c r="A9" t="inlineStr">' in new
    assert '<row r="10" ht="20" customHeight="1"><c r="A10"' in new
    assert old.decode().split('<row r="9"')[0] == new.split('<row r="9"')[0]
    ws = orders_sheet(path)
    assert ws["A9"].value == "119-од" and ws["H9"].value == "заметка" and ws["A10"].value == "120-од"
    assert ws.row_dimensions[10].height == 20


def test_prefixed_spreadsheetml_gets_prefixed_elements(tmp_path):
    path = example(tmp_path)
    xml = sheet_xml(path).decode()
    xml = re.sub(r"<(/?)(?!/)([A-Za-z])", r"<\1x:\2", xml).replace(f'<x:worksheet xmlns="{MAIN}"',
                                                                   f'<x:worksheet xmlns:x="{MAIN}"')
    rewrite(path, {SHEET_PART: xml.encode()})
    add_two(path)
    new = sheet_xml(path)
    assert b'<x:row r="10"><x:c r="A10" t="inlineStr"><x:is><x:t>120-\xd0\xbe\xd0\xb4</x:t>' in new
    root = etree.fromstring(new)
    rows = root.findall(f"{{{MAIN}}}sheetData/{{{MAIN}}}row")
    assert [r.get("r") for r in rows][-2:] == ["9", "10"]
    with Journal(path, ORDERS) as j:
        assert [e.number for e in j.entries[-2:]] == ["119-од", "120-од"]


def test_excel_table_over_the_journal_grows(tmp_path):
    src = tmp_path / "src.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    table = Table(displayName="Журнал", ref="A1:F8", tableStyleInfo=TableStyleInfo(name="TableStyleLight9"))
    wb["Приказы"].add_table(table)
    wb["Приказы"]["A1"].comment = None
    wb.save(src)
    path = tmp_path / "registry.xlsx"
    shutil.copyfile(src, path)
    before = members(path)
    table_part = next(n for n in before if n.startswith("xl/tables/"))
    sheet_part = SHEET_PART
    assert "118-од".encode() in before[sheet_part] or b"118-&#1086;" in before[sheet_part]
    add_two(path)
    after = members(path)
    assert_only_changed(before, after, {sheet_part, table_part})
    root = etree.fromstring(after[table_part])
    assert root.get("ref") == "A1:F10"
    assert root.find(f"{{{MAIN}}}autoFilter").get("ref") == "A1:F10"
    assert openpyxl.load_workbook(path)["Приказы"].tables["Журнал"].ref == "A1:F10"


def test_table_with_totals_row_is_refused(tmp_path):
    path = tmp_path / "registry.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    wb["Приказы"].add_table(Table(displayName="Журнал", ref="A1:F9", totalsRowCount=1))
    wb["Приказы"]["A9"] = "Итого"
    wb.save(path)
    data = path.read_bytes()
    with Journal(path, ORDERS) as j:
        with pytest.raises(OutputError, match="строкой итогов"):
            j.add(number="1", on=D1, template="t", title="", signed_by="", file="")
    assert path.read_bytes() == data


def blank_registry(path: Path, *, date_formats: bool) -> None:
    """A registry with an empty journal, as `docgen init` makes it (or without any date format)."""
    wb = new_registry_workbook(catalog().registry_schema)
    if not date_formats:
        for ws in wb.worksheets:
            for dim in ws.column_dimensions.values():
                dim.number_format = "General"
            for row in ws.iter_rows():
                for cell in row:
                    cell.number_format = "General"
    save_workbook(wb, path)


def test_empty_journal_starts_at_one_with_the_columns_date_format(tmp_path):
    path = tmp_path / "registry.xlsx"
    blank_registry(path, date_formats=True)
    with Journal(path, ORDERS) as j:
        assert j.entries == [] and j.next_number(D1) == "1"
        assert j.add(number="1", on=D1, template="order_intro", title="Первый", signed_by="", file="") == "Приказы!A2"
        j.commit()
    ws = orders_sheet(path)
    assert ws["A2"].value == "1" and ws["B2"].value.date() == D1
    assert ws["B2"].number_format == "DD.MM.YYYY"
    assert ws["A2"].style_id == 0 or not ws["A2"].font.b  # not the bold header style


def test_without_any_date_style_the_date_is_written_as_text(tmp_path):
    path = tmp_path / "registry.xlsx"
    blank_registry(path, date_formats=False)
    assert _Styles(etree.fromstring(members(path)["xl/styles.xml"])).any_date_style() is None
    with Journal(path, ORDERS) as j:
        j.add(number="1", on=D1, template="order_intro", title="Первый", signed_by="", file="")
        j.commit()
    ws = orders_sheet(path)
    assert ws["B2"].value == "05.09.2025"
    with Journal(path, ORDERS) as j:  # and it is still read back as a date
        assert j.entries[0].date == D1 and j.next_number(D2) == "2"


def test_formula_in_the_target_cell_is_not_overwritten(tmp_path):
    path = tmp_path / "registry.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    wb["Приказы"]["F9"] = '=""'
    wb.save(path)
    with Journal(path, ORDERS) as j:
        with pytest.raises(OutputError, match=r"Приказы!F9.*формула"):
            j.add(number="5", on=D1, template="t", title="", signed_by="", file="x.docx")


def test_explicit_number_taken_that_year_names_the_cell(tmp_path):
    path = example(tmp_path)
    with Journal(path, ORDERS) as j:
        with pytest.raises(OutputError, match=r"«118-ОД» уже есть .* 2025 год: Приказы!A8"):
            j.add(number="118-ОД", on=D1, template="t", title="", signed_by="", file="")
        assert j.add(number="118-од", on=date(2026, 1, 10), template="t", title="", signed_by="", file="")
        with pytest.raises(OutputError, match=r"Приказы!A9"):
            j.add(number="118-од", on=date(2026, 3, 1), template="t", title="", signed_by="", file="")


def test_zip64_archives_fall_back_to_a_full_rewrite(tmp_path):
    path = example(tmp_path)
    rewrite(path, {}, force_zip64=True)
    assert _zip_layout(path.read_bytes()) is None
    before = members(path)
    add_two(path)
    assert_only_changed(before, members(path), {SHEET_PART})
    assert orders_sheet(path)["A10"].value == "120-од"


# --------------------------------------------------------------------------- refusals


def test_only_xlsx_and_xlsm_are_writable(tmp_path):
    for name in ("registry.ods", "registry.xls"):
        path = tmp_path / name
        path.write_bytes(b"not really")
        with pytest.raises(OutputError, match=r"только в книге \.xlsx или \.xlsm"):
            with Journal(path, ORDERS):
                pass
    with pytest.raises(UsageError, match="не найден"):
        with Journal(tmp_path / "nope.xlsx", ORDERS):
            pass


def test_missing_sheet_or_header_is_named(tmp_path):
    path = tmp_path / "registry.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    wb["Приказы"].title = "Журнал"
    wb.save(path)
    with pytest.raises(OutputError, match="нет листа «Приказы»"):
        with Journal(path, ORDERS):
            pass
    wb = openpyxl.load_workbook(EXAMPLE)
    wb["Приказы"]["B1"] = "Когда"
    wb.save(path)
    with pytest.raises(OutputError, match=r"листе «Приказы».*нет столбцов «Дата»"):
        with Journal(path, ORDERS):
            pass


def test_sheet_name_and_headers_match_tolerantly(tmp_path):
    path = tmp_path / "registry.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Приказы"]
    ws.title = " приказы "
    ws["A1"], ws["B1"] = "НОМЕР*", "дата"
    wb.save(path)
    with Journal(path, ORDERS) as j:
        assert j.sheet_name == " приказы "
        assert j.add(number="119-од", on=D1, template="t", title="", signed_by="", file="") == " приказы !A9"


@pytest.mark.parametrize("name, lock_name, app", [
    ("registry.xlsx", "~$registry.xlsx", "Excel"),
    ("Реестр наставничества.xlsx", "~$Реестр наставничества.xlsx", "Excel"),
    ("Реестр наставничества.xlsx", "~$естр наставничества.xlsx", "Excel"),  # long name, Word-style
    ("registr.xlsm", "~$egistr.xlsm", "Excel"),  # seven characters: one is dropped
    ("registry.xlsx", "~$REGISTRY.XLSX", "Excel"),
    ("registry.xlsx", ".~lock.registry.xlsx#", "LibreOffice"),
])
def test_open_workbook_is_refused_and_left_unchanged(tmp_path, name, lock_name, app):
    path = example(tmp_path, name)
    data = path.read_bytes()
    (tmp_path / lock_name).write_text("Иванова И.И.,school-pc,ivanova,23.11.2026 10:00,file:///x;", encoding="utf-8")
    assert office_lock_file(path) == (app, tmp_path / lock_name)
    with pytest.raises(OutputError) as info:
        with Journal(path, ORDERS):
            pass
    message = str(info.value)
    assert f"Реестр «{name}» открыт в {app}" in message and "Сохраните и закройте его, затем повторите" in message
    assert lock_name in message
    if app == "LibreOffice":
        assert "Иванова И.И." in message
    assert path.read_bytes() == data


def test_unrelated_owner_files_do_not_block(tmp_path):
    path = example(tmp_path)
    (tmp_path / "~$other.xlsx").write_bytes(b"x")
    (tmp_path / ".~lock.other.xlsx#").write_bytes(b"x")
    assert office_lock_file(path) is None


def test_workbook_opened_during_the_session_is_not_overwritten(tmp_path):
    path = example(tmp_path)
    data = path.read_bytes()
    with Journal(path, ORDERS) as j:
        j.add(number="119-од", on=D1, template="t", title="", signed_by="", file="")
        (tmp_path / ".~lock.registry.xlsx#").write_text(",,,;", encoding="utf-8")
        with pytest.raises(OutputError, match="открыт в LibreOffice"):
            j.commit()
    assert path.read_bytes() == data


def test_workbook_changed_by_someone_else_is_not_overwritten(tmp_path):
    path = example(tmp_path)
    with Journal(path, ORDERS) as j:
        j.add(number="119-од", on=D1, template="t", title="", signed_by="", file="")
        path.write_bytes(path.read_bytes() + b"\0")
        changed = path.read_bytes()
        with pytest.raises(OutputError, match="изменился"):
            j.commit()
    assert path.read_bytes() == changed


def test_exception_inside_the_block_writes_nothing(tmp_path):
    path = example(tmp_path)
    data = path.read_bytes()
    with pytest.raises(RuntimeError):
        with Journal(path, ORDERS) as j:
            j.add(number="119-од", on=D1, template="t", title="", signed_by="", file="")
            raise RuntimeError("document rendering failed")
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == [".registry.xlsx.docgen.lock", "registry.xlsx"]
    with Journal(path, ORDERS) as j:  # the lock was released
        j.add(number="119-од", on=D1, template="t", title="", signed_by="", file="")
    assert path.read_bytes() == data  # and without commit() nothing is written either


def test_second_run_waits_then_gives_up(tmp_path):
    path = example(tmp_path)
    with FileLock(str(tmp_path / ".registry.xlsx.docgen.lock")):
        started = time.monotonic()
        with pytest.raises(OutputError, match="занят другим запуском docgen"):
            with Journal(path, ORDERS, timeout=0.5):
                pass
        assert time.monotonic() - started >= 0.4


def test_backup_is_made_and_pruned_to_ten(tmp_path):
    path = example(tmp_path)
    os.chmod(path, 0o640)
    original = path.read_bytes()
    folder = tmp_path / BACKUP_DIR
    folder.mkdir()
    for i in range(12):
        (folder / f"registry_2020-01-01_00-00-{i:02d}.xlsx").write_bytes(b"old")
    (folder / "registry_2020-01-01_00-00-00_2.xlsx").write_bytes(b"old")
    (folder / "other_2019-01-01_00-00-00.xlsx").write_bytes(b"other workbook")
    (folder / "notes.txt").write_bytes(b"mine")
    with Journal(path, ORDERS) as j:
        j.add(number="119-од", on=D1, template="t", title="", signed_by="", file="")
        j.commit()
        backup = j.last_backup
    assert backup is not None and backup.parent == folder and backup.read_bytes() == original
    ours = sorted(p.name for p in folder.iterdir() if p.name.startswith("registry_"))
    assert len(ours) == 10 and backup.name in ours
    assert "registry_2020-01-01_00-00-00.xlsx" not in ours and "registry_2020-01-01_00-00-11.xlsx" in ours
    assert (folder / "other_2019-01-01_00-00-00.xlsx").exists() and (folder / "notes.txt").exists()
    assert stat_mode(path) == 0o640
    # A second commit in the same second gets its own name.
    with Journal(path, ORDERS) as j:
        j.add(number="120-од", on=D1, template="t", title="", signed_by="", file="")
        j.commit()
        assert j.last_backup != backup and j.last_backup.read_bytes() != original
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_symlinked_workbook_is_updated_where_it_really_is(tmp_path):
    real_dir, link_dir = tmp_path / "shared", tmp_path / "desktop"
    real_dir.mkdir(), link_dir.mkdir()
    real = example(real_dir)
    link = link_dir / "registry.xlsx"
    link.symlink_to(real)
    with Journal(link, ORDERS) as j:
        j.add(number="119-од", on=D1, template="t", title="", signed_by="", file="")
        j.commit()
    assert link.is_symlink() and orders_sheet(real)["A9"].value == "119-од"
    assert (real_dir / BACKUP_DIR).is_dir() and not (link_dir / BACKUP_DIR).exists()
