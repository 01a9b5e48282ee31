"""The order journal: number proposal, and surgical writes into the user's workbook."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from filelock import FileLock
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl.styles.numbers import is_date_format
from openpyxl.worksheet.table import Table, TableStyleInfo
from python_calamine import CalamineWorkbook

from docgen.plugins import catalog as packs
from docgen.plugins.catalog import catalog
from docgen.errors import OutputError, UsageError
from docgen.fsutil import office_lock_file
from docgen.journal.numbering import JournalEntry, propose_number
from docgen.journal.session import BACKUP_DIR, Journal
from docgen.ooxml.xlsx import Styles as _Styles
from docgen.ooxml.zip import members_of as _zip_layout
from docgen.workbook.blank import new_registry_workbook
from docgen.workbook.save import save_workbook

from .helpers import ROOT

# A frozen copy of the example registry as it was when these tests were written: its journal ends
# with «118-од» of 01.09.2025 in row 8. The live example grows with the pack; the journal's
# behaviour is tested on this fixed workbook.
EXAMPLE = ROOT / "tests" / "data" / "journal_registry.xlsx"

ORDERS = catalog().registry_schema.sheet("orders")
D1, D2 = date(2025, 9, 5), date(2025, 9, 8)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def journal_part(path: Path) -> str:
    """The zip member of the «Приказы» sheet, found the way Excel does (workbook.xml → rels)."""
    with zipfile.ZipFile(path) as z:
        workbook = etree.fromstring(z.read("xl/workbook.xml"))
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    rid = next(s.get(REL_ID) for s in workbook.iter(f"{{{MAIN}}}sheet") if s.get("name") == "Приказы")
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return target[1:] if target.startswith("/") else "xl/" + target


SHEET_PART = journal_part(EXAMPLE)  # the example's journal ends with «118-од» of 01.09.2025 in row 8


# --------------------------------------------------------------------------- helpers


def entries(*items: tuple[str, date | None]) -> list[JournalEntry]:
    return [JournalEntry(row=i, number=n, date=d, template=None) for i, (n, d) in enumerate(items, start=2)]


def example(tmp_path: Path, name: str = "registry.xlsx") -> Path:
    path = tmp_path / name
    shutil.copyfile(EXAMPLE, path)
    return path


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def raw_members(path: Path) -> list[tuple[str, tuple, int, bytes]]:
    """(name, timestamp, method, compressed bytes) of every member, in archive order."""
    data = path.read_bytes()
    out = []
    with zipfile.ZipFile(path) as z:
        for i in z.infolist():
            nlen, elen = struct.unpack_from("<2H", data, i.header_offset + 26)
            start = i.header_offset + 30 + nlen + elen
            out.append((i.filename, i.date_time, i.compress_type, data[start:start + i.compress_size]))
    return out


def rewrite(path: Path, changes: dict[str, bytes | None], **kwargs) -> None:
    """Test-only: replace (or with None delete) members, adding new ones at the end."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        seen = set()
        for info, content in items:
            seen.add(info.filename)
            if info.filename in changes:
                if changes[info.filename] is None:
                    continue
                content = changes[info.filename]
            with out.open(info, "w", **kwargs) as f:
                f.write(content)
        for name, content in changes.items():
            if name not in seen and content is not None:
                out.writestr(zipfile.ZipInfo(name, (2025, 1, 2, 3, 4, 6)), content, zipfile.ZIP_DEFLATED)
    path.write_bytes(buffer.getvalue())


def sheet_xml(path: Path, part: str = SHEET_PART) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(part)


def make_xlsm(path: Path) -> bytes:
    """Turn an .xlsx into a macro-enabled workbook: a VBA project, its content type and relationship,
    and a custom XML part. Returns the VBA bytes."""
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 40
    m = members(path)
    types = m["[Content_Types].xml"].decode()
    types = types.replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                          "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    types = types.replace("<Default Extension=\"xml\"", '<Default Extension="bin" ContentType='
                          '"application/vnd.ms-office.vbaProject"/><Default Extension="xml"')
    rels = m["xl/_rels/workbook.xml.rels"].decode().replace(
        "</Relationships>", '<Relationship Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        'Target="vbaProject.bin" Id="rId99"/></Relationships>')
    rewrite(path, {"[Content_Types].xml": types.encode(), "xl/_rels/workbook.xml.rels": rels.encode(),
                   "xl/vbaProject.bin": vba, "customXml/item1.xml": b"<?xml version=\"1.0\"?><data>42</data>"})
    return vba


def orders_sheet(path: Path):
    return openpyxl.load_workbook(path)["Приказы"]


def add_two(path: Path, sheet=ORDERS) -> list[tuple[str, str]]:
    out = []
    with Journal(path, sheet) as j:
        for day, title in ((D1, "О первом"), (D2, "О втором")):
            number = j.next_number(day)
            out.append((number, j.add(number=number, on=day, template="order_intro", title=title,
                                      signed_by="Н.П. Рыбакова", file=f"{number}.docx")))
        j.commit()
    return out


def assert_only_changed(before: dict[str, bytes], after: dict[str, bytes], changed: set[str]) -> None:
    assert list(before) == list(after), "member order or names changed"
    for name in before:
        if name not in changed:
            assert before[name] == after[name], name
    for name in changed:
        assert before[name] != after[name], name


# --------------------------------------------------------------------------- propose_number


@pytest.mark.parametrize("items, on, expected", [
    ((), D1, "1"),
    ((("41-од", D1),), D2, "42-од"),
    ((("95-од", date(2025, 8, 25)), ("96-од", date(2025, 8, 26)), ("118-од", date(2025, 9, 1))), D1, "119-од"),
    ((("152-осн.", D1),), D2, "153-осн."),
    ((("7", D1),), D2, "8"),
    ((("42", D1),), D2, "43"),
    # «39/3»: the last run varies among entries of one shape, so it is the running one.
    ((("39/1", D1), ("39/2", D1)), D2, "39/3"),
    # A single entry cannot tell which run counts: the first one, as in «41-од».
    ((("39/3", D1),), D2, "40/3"),
    ((("01-01/15", D1), ("01-01/16", D2)), D2, "01-01/17"),
    ((("01-01/15", D1),), D2, "02-01/15"),
    # Several runs vary: the one with the most distinct values.
    ((("1/5", D1), ("2/5", D1), ("3/6", D2)), D2, "4/6"),
    # Zero padding is kept, and grows past it naturally.
    ((("07-од", D1),), D2, "08-од"),
    ((("09-од", D1),), D2, "10-од"),
    ((("007", D1),), D2, "008"),
    ((("07-од", D1), ("08-од", D1), ("09-од", D1), ("10-од", D2)), D2, "11-од"),
    ((("099", D1),), D2, "100"),
    # The maximum counts, not the latest: a gap or an out-of-order row does not go backwards.
    ((("12-од", D1), ("5-од", D2)), D2, "13-од"),
    # Year restart: entries of other years never count; the shape comes from the latest one.
    ((("118-од", date(2025, 12, 29)),), date(2026, 1, 12), "1-од"),
    ((("07-од", date(2025, 12, 29)),), date(2026, 1, 12), "01-од"),
    ((("118-од", date(2025, 12, 29)), ("1-од", date(2026, 1, 9)), ("2-од", date(2026, 1, 10))),
     date(2026, 1, 12), "3-од"),
    ((("200-од", date(2024, 5, 5)), ("5-од", D1)), D2, "6-од"),
    ((("41-од", date(2026, 2, 1)),), D2, "1-од"),  # a later year's entries do not count either
    # Mixed shapes: the latest entry (by date, then row) decides the shape.
    ((("95-од", date(2025, 9, 1)), ("96-од", date(2025, 9, 2)), ("3-к", date(2025, 9, 3))), D1, "4-к"),
    ((("95-од", date(2025, 9, 1)), ("3-к", date(2025, 9, 2)), ("96-од", date(2025, 9, 3))), D1, "97-од"),
    ((("5-к", date(2025, 9, 10)), ("100-од", date(2025, 9, 1))), D2, "6-к"),  # by date, not by row
    ((("5-к", D1), ("100-од", D1)), D2, "101-од"),  # same date: the lower row is later
    ((("41-ОД", D1), ("42 – од", D1)), D2, "43 – од"),  # shapes compare like headers
    # Numbers without digits («без номера») and undated entries.
    ((("41-од", D1), ("б/н", D2)), D2, "42-од"),
    ((("б/н", D1),), D2, "1"),
    ((("41-од", None),), D2, "1-од"),
    ((("41-од", None), ("3-к", D1)), D2, "4-к"),
])
def test_propose_number(items, on, expected):
    assert propose_number(entries(*items), on) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["{}-од", "{:02d}-од", "{}/3", "39/{}", "{}", "01-01/{}", "{}-к"]),
                          st.integers(0, 300), st.dates(date(2024, 1, 1), date(2026, 12, 31))), max_size=25),
       st.dates(date(2024, 1, 1), date(2026, 12, 31)))
def test_proposed_number_is_never_taken_that_year(items, on):
    journal = entries(*((fmt.format(n), d) for fmt, n, d in items))
    proposed = propose_number(journal, on)
    assert proposed not in {e.number for e in journal if e.date.year == on.year}
    assert re.search(r"[0-9]", proposed)


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


def test_a_date_style_is_found_in_styles_xml_when_the_journal_has_none():
    styles = etree.fromstring(
        f'<styleSheet xmlns="{MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0"/>'
        '<numFmt numFmtId="165" formatCode="[$-419]DD\\.MM\\.YYYY;@"/></numFmts>'
        '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" fillId="3"/><xf numFmtId="164"/>'
        '<xf numFmtId="22"/><xf numFmtId="165"/></cellXfs></styleSheet>'.encode())
    assert _Styles(styles).any_date_style() == 4  # plain, date only; not the filled one nor date-time
    assert _Styles(styles).date_kind(1) == "date" and _Styles(styles).date_kind(2) is None


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


CHILD = """
import json, sys, time
from datetime import date
from docgen.plugins import catalog as packs
from docgen.plugins.catalog import catalog
from docgen.journal.session import Journal

path, start_at, tag = sys.argv[1], float(sys.argv[2]), sys.argv[3]
while time.time() < start_at:
    time.sleep(0.002)
with Journal(path, catalog().registry_schema.sheet("orders")) as j:
    number = j.next_number(date(2025, 9, 10))
    time.sleep(0.4)  # a document is being rendered meanwhile
    place = j.add(number=number, on=date(2025, 9, 10), template="order_intro", title=tag, signed_by="", file="")
    j.commit()
print(json.dumps([number, place, tag]))
"""


def test_two_processes_at_once_get_distinct_consecutive_numbers(tmp_path):
    path = example(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start_at = time.time() + 3
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(start_at), tag], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for tag in ("first", "second")]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    assert sorted(r[0] for r in results) == ["119-од", "120-од"]
    assert {r[1] for r in results} == {"Приказы!A9", "Приказы!A10"}
    ws = orders_sheet(path)
    got = {ws[f"A{r}"].value: ws[f"D{r}"].value for r in (9, 10)}
    assert got == {r[0]: r[2] for r in results}
    assert ws.max_row == 10


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


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


# --------------------------------------------------------------------------- LibreOffice


def soffice_csv(path: Path, sheet_number: int, tmp_path: Path) -> list[list[str]]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is required for this test"
    out = tmp_path / "csv"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
                    "--convert-to", f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,"
                    f"{sheet_number}", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=300)
    [csv] = list(out.glob("*.csv"))
    import csv as _csv
    return list(_csv.reader(csv.read_text(encoding="utf-8").splitlines()))


@pytest.mark.slow
def test_libreoffice_opens_the_result(tmp_path):
    path = example(tmp_path, "registry.xlsm")
    make_xlsm(path)
    add_two(path)
    rows = soffice_csv(path, openpyxl.load_workbook(path, read_only=True).sheetnames.index("Приказы") + 1, tmp_path)
    assert rows[0][:2] == ["Номер", "Дата"]
    assert [r[0] for r in rows[8:10]] == ["119-од", "120-од"]
    # The new dates look exactly like the one above (same style), whatever the locale shows.
    shown_118 = rows[7][1]
    pattern = next(p for p in ("%m/%d/%Y", "%d.%m.%Y", "%Y-%m-%d") if date(2025, 9, 1).strftime(p) == shown_118)
    assert rows[8][1] == D1.strftime(pattern) and rows[9][1] == D2.strftime(pattern)
    assert rows[8][3] == "О первом"


@pytest.mark.slow
def test_workbook_saved_by_libreoffice(tmp_path):
    """LibreOffice writes shared strings, data descriptors and its own styles: all kept."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "lo"), str(EXAMPLE)],
                   check=True, capture_output=True, timeout=300)
    path = tmp_path / "lo" / EXAMPLE.name
    before, raw_before = members(path), raw_members(path)
    assert "xl/sharedStrings.xml" in before
    add_two(path)
    assert_only_changed(before, members(path), {SHEET_PART})
    assert [r for r in raw_before if r[0] != SHEET_PART] == [r for r in raw_members(path) if r[0] != SHEET_PART]
    ws = orders_sheet(path)
    assert ws["A10"].value == "120-од" and ws["B10"].value.date() == D2
    assert ws["B10"].number_format == ws["B8"].number_format
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Приказы").to_python()
    assert rows[9][:2] == ["120-од", D2]
