"""Hostile copies of examples/registry.xlsx, made by the tests themselves (nothing binary is
committed): openpyxl edits where openpyxl can express them, raw zip/XML edits where it cannot
(cached formula errors, control characters, far cells, zip bombs, fake containers)."""

from __future__ import annotations

import re
import shutil
import struct
import zipfile
import zlib
from datetime import datetime
from pathlib import Path
from typing import Callable

import openpyxl

from tests.helpers import EXAMPLE

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


# --------------------------------------------------------------------------- openpyxl edits


def copy_example(dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(EXAMPLE, dst)
    return dst


def with_openpyxl(dst: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    """A copy of the example changed by ``change(workbook)``."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.load_workbook(EXAMPLE)
    change(wb)
    wb.save(dst)
    return dst


def column(ws, header: str) -> str:
    """Letter of the column with ``header`` in row 1."""
    for cell in ws[1]:
        if cell.value == header:
            return cell.column_letter
    raise KeyError(header)


def row_of(ws, header: str, value) -> int:
    """First row whose ``header`` column holds ``value``."""
    letter = column(ws, header)
    for cell in ws[letter]:
        if cell.value == value:
            return cell.row
    raise KeyError(value)


# --------------------------------------------------------------------------- raw zip/XML edits


def sheet_member(path: Path, sheet: str) -> str:
    """Zip member of a worksheet, from xl/workbook.xml and its relationships."""
    with zipfile.ZipFile(path) as zf:
        book = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    for m in re.finditer(r"<sheet\b[^>]*>", book):
        tag = m.group(0)
        name = re.search(r'name="([^"]*)"', tag).group(1)
        if name == sheet:
            rid = re.search(r'r:id="([^"]*)"', tag).group(1)
            rel = re.search(rf'<Relationship\b[^>]*Id="{rid}"[^>]*>', rels).group(0)
            target = re.search(r'Target="([^"]*)"', rel).group(1)
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    raise KeyError(sheet)


def rewrite_zip(src: Path, dst: Path, edit: Callable[[str, bytes], bytes | None]) -> Path:
    """Copy a zip member by member through ``edit(name, data)`` (None drops the member)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
    return dst


def edit_sheet_xml(dst: Path, sheet: str, edit: Callable[[str], str], src: Path = EXAMPLE) -> Path:
    """A copy with one worksheet's XML changed as text."""
    member = sheet_member(src, sheet)
    return rewrite_zip(src, dst, lambda name, data: edit(data.decode()).encode() if name == member else data)


_CELL = re.compile(r'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>.*?</c>)', re.S)


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def put_cell(xml: str, ref: str, cell_xml: str) -> str:
    """Put ``cell_xml`` (a whole <c r="ref" …>…</c>) at ``ref``: replace the cell, or insert it
    in column order into its row, or add the row in row order."""
    letters, row = re.fullmatch(r"([A-Z]+)(\d+)", ref).groups()
    row_re = re.compile(rf'<row r="{row}"[^>]*?(?:/>|>(.*?)</row>)', re.S)
    m = row_re.search(xml)
    if m is None:
        new_row = f'<row r="{row}">{cell_xml}</row>'
        for other in re.finditer(r'<row r="(\d+)"', xml):
            if int(other.group(1)) > int(row):
                return xml[:other.start()] + new_row + xml[other.start():]
        return xml.replace("</sheetData>", new_row + "</sheetData>").replace("<sheetData/>", f"<sheetData>{new_row}</sheetData>")
    body = m.group(1) or ""
    cells = [(c.group(1), c.group(0)) for c in _CELL.finditer(body)]
    cells = [c for c in cells if c[0] != letters] + [(letters, cell_xml)]
    cells.sort(key=lambda c: _col_index(c[0]))
    open_tag = re.match(r"<row\b[^>]*?(?=/?>)", m.group(0)).group(0)
    return xml[:m.start()] + open_tag + ">" + "".join(c for _, c in cells) + "</row>" + xml[m.end():]


def text_cell(ref: str, text: str) -> str:
    """An inline-string cell; XML-forbidden characters are written as OOXML escapes (_x000B_)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: f"_x{ord(m.group(0)):04X}_", escaped)
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escaped}</t></is></c>'


def error_cell(ref: str, code: str, formula: str | None = None) -> str:
    """A cell whose cached value is a formula error, as Excel saves it (<c t="e">)."""
    f = f"<f>{formula}</f>" if formula else ""
    return f'<c r="{ref}" t="e">{f}<v>{code}</v></c>'


def date_style(styles_xml: str) -> int:
    """Index of the first cell format with a date number format (built-in 14–22 or a custom one
    with days and years), as Excel stores the style of a date cell."""
    custom = {int(m.group(1)) for m in re.finditer(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles_xml)
              if "d" in m.group(2).lower() and "y" in m.group(2).lower()}
    xfs = re.search(r"<cellXfs\b[^>]*>(.*?)</cellXfs>", styles_xml, re.S).group(1)
    for index, xf in enumerate(re.findall(r"<xf\b[^>]*", xfs)):
        fmt = int(re.search(r'numFmtId="(\d+)"', xf).group(1))
        if 14 <= fmt <= 22 or fmt in custom:
            return index
    raise LookupError("no date style in the workbook")


def value_cell(ref: str, value, old_cell: str = "", date_s: int = 0) -> str:
    """A <c> element holding ``value`` the way Excel stores it (keeps the old cell's style)."""
    s = re.search(r'\ss="(\d+)"', old_cell)
    style = f' s="{s.group(1)}"' if s else ""
    if value is None:
        return f'<c r="{ref}"{style}/>'
    if isinstance(value, datetime):
        return f'<c r="{ref}" s="{date_s}"><v>{excel_serial(value)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    if value.startswith("="):  # a formula as openpyxl writes it: no saved value
        formula = value[1:].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f'<c r="{ref}"{style}><f>{formula}</f><v></v></c>'
    return text_cell(ref, value).replace(f'<c r="{ref}"', f'<c r="{ref}"{style}', 1)


def set_cells(dst: Path, edits: dict[tuple[str, str], object], src: Path = EXAMPLE) -> Path:
    """A copy with cells changed in the XML directly: {("Наставляемые", "B2"): value}.
    Strings go in as inline strings, dates as serial numbers with a date style, "=…" as a
    formula without a saved value; None empties the cell. ~20× faster than openpyxl."""
    members = {sheet_member(src, sheet): sheet for sheet, _ in edits}
    with zipfile.ZipFile(src) as zf:
        date_s = date_style(zf.read("xl/styles.xml").decode())

    def edit(name: str, data: bytes) -> bytes:
        if name not in members:
            return data
        xml = data.decode()
        for (sheet, ref), value in edits.items():
            if members[name] != sheet:
                continue
            old = re.search(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml, re.S)
            xml = put_cell(xml, ref, value_cell(ref, value, old.group(0) if old else "", date_s))
        return xml.encode()
    return rewrite_zip(src, dst, edit)


def rename_sheet_raw(dst: Path, old: str, new: str, src: Path = EXAMPLE) -> Path:
    """Rename a sheet in xl/workbook.xml (openpyxl would add «1» to a name that differs only
    in case from another, and refuses some names Excel accepts)."""
    def edit(name: str, data: bytes) -> bytes:
        if name == "xl/workbook.xml":
            return data.decode().replace(f'name="{old}"', f'name="{new}"').replace(f"'{old}'!", f"'{new}'!").encode()
        return data
    return rewrite_zip(src, dst, edit)


def cell_address(sheet: str, header: str, row: int, src: Path = EXAMPLE) -> str:
    ws = openpyxl.load_workbook(src, read_only=True)[sheet]
    for cell in next(ws.iter_rows(min_row=1, max_row=1)):
        if cell.value == header:
            return f"{cell.column_letter}{row}"
    raise KeyError(header)


# --------------------------------------------------------------------------- a zip written by hand


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC-32 of A+B from the CRCs of A and B and len(B) (zlib's crc32_combine)."""
    def times(mat: list[int], vec: int) -> int:
        out, i = 0, 0
        while vec:
            if vec & 1:
                out ^= mat[i]
            vec >>= 1
            i += 1
        return out

    def square(mat: list[int]) -> list[int]:
        return [times(mat, mat[n]) for n in range(32)]

    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = square(odd)
    odd = square(even)
    while True:
        even = square(odd)
        if len2 & 1:
            crc1 = times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = square(even)
        if len2 & 1:
            crc1 = times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


class RawMember:
    """A member given as a ready deflate stream, with the sizes and CRC to declare."""

    def __init__(self, packed: bytes, size: int, crc: int):
        self.packed, self.size, self.crc = packed, size, crc


def write_zip(dst: Path, members: list[tuple[str, bytes | RawMember]]) -> Path:
    """A plain zip (deflate, no zip64) written byte by byte, so sizes can be anything."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    central = b""
    with open(dst, "wb") as fh:
        for name, data in members:
            if isinstance(data, RawMember):
                packed, size, crc = data.packed, data.size, data.crc
            else:
                c = zlib.compressobj(6, zlib.DEFLATED, -15)
                packed, size, crc = c.compress(data) + c.flush(), len(data), zlib.crc32(data)
            raw_name = name.encode()
            offset = fh.tell()
            fh.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0x800, 8, 0, 0x21,
                                 crc, len(packed), size, len(raw_name), 0) + raw_name)
            fh.write(packed)
            central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0x800, 8, 0, 0x21,
                                   crc, len(packed), size, len(raw_name), 0, 0, 0, 0, 0, offset) + raw_name
        start = fh.tell()
        fh.write(central)
        fh.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members),
                             len(central), start, 0))
    return dst


def example_members(src: Path = EXAMPLE) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(src) as zf:
        return [(i.filename, zf.read(i.filename)) for i in zf.infolist()]


def zip_bomb(dst: Path, sheet: str = "Наставляемые", gigabytes: float = 2.0, lie: bool = False,
             member: str | None = None) -> Path:
    """The example with ``gigabytes`` of spaces inside one sheet's <sheetData>: a few MB on disk.

    Made from one deflate segment of 16 MB of spaces flushed with Z_FULL_FLUSH, repeated (a full
    flush resets the compressor, so repeating the segment gives a valid stream); the CRC comes
    from crc32_combine, so the member is a valid zip member that really unpacks to that size.
    ``lie``: declare the original sheet's size and CRC instead (a member that lies about its size).
    ``member``: another part instead of a sheet (the spaces go after its first tag).
    """
    member = member or sheet_member(EXAMPLE, sheet)
    members = example_members()
    original = dict(members)[member]
    cut = original.index(b"<sheetData>") + 11 if b"<sheetData>" in original else original.index(b">") + 1
    head, tail = original[:cut], original[cut:]
    block = b" " * (16 * 2**20)
    repeats = max(1, int(gigabytes * 2**30 / len(block)))
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed_head = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    packed_block = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    packed_tail = c.compress(tail) + c.flush(zlib.Z_FINISH)
    crc_block = zlib.crc32(block)
    crc_blocks, length, crc_unit, unit_len, n = 0, 0, crc_block, len(block), repeats
    while n:  # CRC of the block repeated: binary doubling with crc32_combine
        if n & 1:
            crc_blocks = crc32_combine(crc_blocks, crc_unit, unit_len) if length else crc_unit
            length += unit_len
        crc_unit = crc32_combine(crc_unit, crc_unit, unit_len)
        unit_len *= 2
        n >>= 1
    size = len(head) + length + len(tail)
    crc = crc32_combine(crc32_combine(zlib.crc32(head), crc_blocks, length), zlib.crc32(tail), len(tail))
    packed = packed_head + packed_block * repeats + packed_tail
    if lie:
        size, crc = len(original), zlib.crc32(original)
    out = [(name, RawMember(packed, size, crc) if name == member else data) for name, data in members]
    return write_zip(dst, out)


# --------------------------------------------------------------------------- not workbooks at all


def fake_encrypted(dst: Path) -> Path:
    """What an Excel workbook with a password is: an OLE compound file holding «EncryptionInfo»
    and «EncryptedPackage» streams. A 512-byte header with the OLE signature, then a directory
    sector naming those streams (UTF-16), then junk standing for the encrypted package."""
    header = OLE_MAGIC + bytes(16) + struct.pack("<HHHH", 0x3E, 3, 0xFFFE, 9)
    header += bytes(512 - len(header))
    names = ("Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")
    directory = b""
    for name in names:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        directory += raw + bytes(64 - len(raw)) + struct.pack("<H", len(raw)) + bytes(62)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(header + directory + bytes(range(256)) * 64)
    return dst


def real_encrypted(dst: Path, password: str = "пароль") -> Path:
    """A real password-protected workbook (needs msoffcrypto-tool, a test-only extra)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    dst.parent.mkdir(parents=True, exist_ok=True)
    with open(EXAMPLE, "rb") as src, open(dst, "wb") as out:
        OOXMLFile(src).encrypt(password, out)
    return dst


def docx_renamed(dst: Path) -> Path:
    from docx import Document

    dst.parent.mkdir(parents=True, exist_ok=True)
    doc = Document()
    doc.add_paragraph("Приказ № 1 — это документ Word, а не реестр")
    doc.save(str(dst))
    return dst


def csv_renamed(dst: Path, encoding: str = "cp1251") -> Path:
    wb = openpyxl.load_workbook(EXAMPLE, read_only=True)
    lines = [";".join("" if v is None else str(v) for v in row)
             for row in wb["Наставляемые"].iter_rows(max_row=20, values_only=True)]
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes("\r\n".join(lines).encode(encoding, "replace"))
    return dst


def truncated(dst: Path, keep: float = 0.6) -> Path:
    data = EXAMPLE.read_bytes()
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data[: int(len(data) * keep)])
    return dst


def ods_far_cell(dst: Path, row: int = 1_048_576) -> Path:
    """A hand-made .ods: «Наставляемые» with its header, then a note in A{row} after one
    repeated empty row, the way LibreOffice writes a sheet with a far cell."""
    def cell(text: str) -> str:
        return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'

    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Наставляемые">'
        '<table:table-column table:number-columns-repeated="3"/>'
        f'<table:table-row>{cell("Код")}{cell("ФИО")}{cell("Пол")}</table:table-row>'
        f'<table:table-row table:number-rows-repeated="{row - 2}"><table:table-cell table:number-columns-repeated="3"/></table:table-row>'
        f'<table:table-row>{cell("заметка")}</table:table-row>'
        '</table:table></office:spreadsheet></office:body></office:document-content>'
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '</manifest:manifest>'
    )
    return write_zip(dst, [("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
                           ("content.xml", content.encode()), ("META-INF/manifest.xml", manifest.encode())])


def excel_serial(day: datetime) -> int:
    return (day - datetime(1899, 12, 30)).days
