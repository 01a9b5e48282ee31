"""Looking at a workbook file before calamine reads it, the cheap way.

Some files make calamine fail in ways no ``except`` can catch, so :class:`Container` checks:

* what the file really is (an encrypted workbook, an old .xls, a .docx, a CSV or a web page
  renamed to .xlsx) — each gets its own Russian message instead of a parser error;
* the sizes in the zip's central directory (a zip bomb is refused before anything is
  unpacked); every member is then read through :mod:`zipfile`, which never hands out more
  than a member's declared size and refuses one whose data disagree with it (CRC, length);
* every worksheet's cell references: calamine allocates the whole rectangle from A1 to the
  last filled cell, so one value in XFD1048576 asks for 17 billion cells and aborts the
  process (measured: «memory allocation of 549755813888 bytes failed», SIGABRT), and one in
  A1048576 costs 640 MB and 10 s. Such a sheet is refused with the address of the far cell.
  The same pass finds cached formula errors (``<c t="e">``), which calamine turns into empty
  cells, and formulas without a saved value, so they can be reported instead of printed as
  blanks.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from lxml import etree

from docgen.errors import RegistryError
from docgen.ooxml.a1 import column_index, column_letter, parse_ref
from docgen.ooxml.package import XML_PARSER
from docgen.ooxml.xlsx import Styles
from docgen.workbook.kind import guess_text_kind, looks_encrypted, wrong_zip_message, zip_kind

__all__ = ["MAX_GRID_CELLS", "Container", "SheetScan", "UncalculatedFormula", "password_message"]

MAX_MEMBER_BYTES = 256 * 2**20
MAX_TOTAL_BYTES = 512 * 2**20
RATIO_CHECK_FROM = 16 * 2**20
MAX_RATIO = 100
# calamine holds the rectangle A1…last filled cell, ~48 bytes a cell with the Python lists.
MAX_GRID_CELLS = 2_000_000

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_RESAVE = ("Откройте его в Excel или LibreOffice и сохраните заново как «Книга Excel (.xlsx)» "
           "(Файл → Сохранить как).")


def password_message(path: Path) -> str:
    return (f"Файл {path.name} защищён паролем: docgen не может его прочитать. Откройте его в Excel "
            "(Файл → Сведения → Защита книги → Зашифровать с использованием пароля → удалите пароль) "
            "или в LibreOffice (Файл → Свойства → Безопасность) и сохраните без пароля. Храните такой "
            "файл там, где к нему нет доступа у посторонних: в нём персональные данные.")


@dataclass(frozen=True)
class UncalculatedFormula:
    """A formula cell whose value was never saved (the file was written by a program, not by
    Excel or LibreOffice): calamine reads it as empty, so it is passed on as this marker."""

    formula: str

    def __str__(self) -> str:
        return "=" + self.formula


def _mb(size: int) -> str:
    if size >= 2**30:
        return f"{size / 2**30:.1f} ГБ".replace(".", ",")
    return f"{max(1, round(size / 2**20))} МБ"


@dataclass
class SheetScan:
    """What the cheap pass found in one worksheet: how far its filled cells reach, and cells
    calamine would read as empty although they are not (formula errors, unsaved formulas)."""

    max_row: int = 0
    max_col: int = 0
    far_row: str = ""  # address of the filled cell furthest down (only when past row 9999)
    far_col: str = ""  # address of the filled cell furthest right (only when past column Z)
    row_elements: int = 0  # furthest row element with a value in cells that lack an address
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    # numbers too big for any date (calamine panics converting them when the cell shows a date):
    # (row, col) → (the value as written, the cell's style index)
    huge: dict[tuple[int, int], tuple[str, int]] = field(default_factory=dict)

    def patch(self, rows: list[list[Any]]) -> None:
        """Put the error codes and unsaved-formula markers where calamine left ''."""
        for cells, wrap in ((self.errors, str), (self.formulas, UncalculatedFormula)):
            for (r, c), text in cells.items():
                if r > len(rows):
                    if r > len(rows) + 1000:  # far junk without a value: nothing to report
                        continue
                    rows.extend([] for _ in range(r - len(rows)))
                line = rows[r - 1]
                if c > len(line):
                    line.extend([""] * (c - len(line)))
                if line[c - 1] in ("", None):
                    line[c - 1] = wrap(text)


# A cell reference past column Z or past row 9999 (a row element's r="12345" too). The leading
# space keeps the regex on its fast literal-prefix path; nothing else in sheet XML has « r="».
_SHEET_DATA = re.compile(rb"<([\w.-]+:)?sheetData[\s/>]")
_FAR_REF = re.compile(rb' r="(?:([A-Z]{2,3})([0-9])|([A-Z]?)([0-9]{5}))')
_REF_DIGITS = re.compile(rb"[0-9]*")
_REF_ATTR = re.compile(rb'\sr="([A-Z]{1,3}[0-9]+)"')
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v>([^<]*)<")
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f\b[^>]*?(?:/>|>([^<]*)<)")
# A value of 12 digits or more, or in exponent form: a candidate for HUGE_SERIAL.
_HUGE = re.compile(rb"<(?:[\w.-]+:)?v>(-?(?:\d{12,}(?:\.\d*)?|\d+(?:\.\d+)?[eE]\+?\d{2,}))<")
_STYLE_ATTR = re.compile(rb'\ss="(\d+)"')
#: From here on (in days) calamine's date conversion overflows and panics, killing the read.
HUGE_SERIAL = 1e11


class Container:
    """The file as a container: what it is, and a pass over each worksheet before calamine."""

    def __init__(self, path: Path, kind: str):
        self.path = path
        self.kind = kind  # "xlsx" | "ods" | "xls"
        self.members: dict[str, zipfile.ZipInfo] = {}
        self.sheet_members: dict[str, str] = {}  # sheet name → zip member (xlsx)
        self.ods_scans: dict[str, SheetScan] = {}
        # One open archive for every member read (its directory parsed once, not once per sheet:
        # 8 ms of a 1000-row registry's read). Used by one thread at a time: inspect(), then
        # the reader's inspecting thread; :meth:`close` when the read is over.
        self._zip: zipfile.ZipFile | None = None

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None

    # ---------------------------------------------------------------- what the file is

    @classmethod
    def inspect(cls, path: Path) -> "Container":
        with open(path, "rb") as fh:
            head = fh.read(4096)
        name = path.name
        if not head:
            raise RegistryError(f"Файл {name} пустой (0 байт): возможно, он не докачался или не "
                                "сохранился. Возьмите копию, которая открывается в Excel или LibreOffice.")
        suffix = path.suffix.lower()
        if head.startswith(_OLE_MAGIC):
            if looks_encrypted(path):
                raise RegistryError(password_message(path))
            if suffix == ".xls":
                return cls(path, "xls")
            raise RegistryError(
                f"Файл {name} не читается как книга .xlsx: он в старом формате Excel 97–2003 (.xls) "
                f"или защищён паролем. {_RESAVE}")
        if not head.startswith(_ZIP_MAGICS):
            raise RegistryError(f"Файл {name} не читается как книга Excel: {guess_text_kind(head)} {_RESAVE}")
        if suffix == ".xls":
            raise RegistryError(f"Файл {name} — не в формате .xls, а в новом формате (.xlsx или .ods). "
                                "Исправьте расширение файла или сохраните его заново как .xlsx.")
        container = cls(path, "ods" if suffix == ".ods" else "xlsx")
        try:
            container._open_zip()
        except BaseException:
            container.close()  # a refused file is not kept open (Windows would keep it locked)
            raise
        return container

    def _open_zip(self) -> None:
        name = self.path.name
        try:
            with zipfile.ZipFile(self.path) as zf:
                infos = zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
            raise RegistryError(
                f"Файл {name} повреждён: архив внутри книги не читается (чаще всего файл обрезан — "
                "не докачался, не до конца скопирован с флешки или из почты). Возьмите целую копию "
                "или откройте файл в Excel — он предложит восстановить его.") from None
        self.members = {i.filename: i for i in infos}
        if any(i.flag_bits & 0x1 for i in infos):
            raise RegistryError(password_message(self.path))
        kind = zip_kind(self.members, zf_path=self.path)
        if kind != self.kind:
            raise RegistryError(wrong_zip_message(self.path, kind))
        total, oversized = 0, None
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if (info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES
                    or (info.file_size > RATIO_CHECK_FROM and ratio > MAX_RATIO)):
                oversized = info
                break
        if self.kind == "xlsx" and all(self.members[m].file_size <= RATIO_CHECK_FROM for m in
                                       ("xl/workbook.xml", "xl/_rels/workbook.xml.rels") if m in self.members):
            self._map_sheets()  # small parts only: a bomb in them is refused right below
        if oversized is not None:
            raise RegistryError(self._too_big(oversized.filename, oversized.file_size))
        # calamine reads these whole when it opens the file (shared strings, styles, the
        # workbook): unpack each with a cap at its declared size, so none can lie about it.
        scanned = set(self.sheet_members.values()) | {"content.xml"}
        for info in infos:
            if info.filename not in scanned and info.filename.endswith((".xml", ".rels", ".bin")):
                for _ in self._chunks(info):
                    pass
        if self.kind == "ods":
            # calamine unpacks every sheet of an .ods when it opens the file: check them all now.
            self.ods_scans = _scan_ods(self, self.members["content.xml"])
            for sheet, scan in self.ods_scans.items():
                _check_grid(sheet, scan)

    def _too_big(self, member: str, size: int) -> str:
        where = ""
        for sheet, target in self.sheet_members.items():
            if target == member:
                where = f" (лист «{sheet}»)"
        return (f"Файл {self.path.name} слишком велик или повреждён: часть книги «{member}»{where} "
                f"при распаковке заняла бы {_mb(size)} — столько не бывает в реестре. Скорее всего, "
                f"файл испорчен или подменён. Возьмите копию, которая открывается в Excel или "
                f"LibreOffice, и сохраните её заново как .xlsx.")

    def _map_sheets(self) -> None:
        """Sheet name → worksheet member, from xl/workbook.xml and its relationships."""
        try:
            book = ET.fromstring(b"".join(self._chunks(self.members["xl/workbook.xml"])))
            rels_info = self.members.get("xl/_rels/workbook.xml.rels")
            rels = ET.fromstring(b"".join(self._chunks(rels_info))) if rels_info else None
        except (ET.ParseError, RegistryError):
            return  # calamine will fail on it and say so
        targets: dict[str, str] = {}
        if rels is not None:
            for rel in rels:
                target = rel.get("Target") or ""
                path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
                targets[rel.get("Id") or ""] = _normalise_member(path)
        for el in book.iter():
            if el.tag.rsplit("}", 1)[-1] != "sheet":
                continue
            rid = next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == "id"), "")
            member = targets.get(rid)
            name = el.get("name")
            if member is not None and member in self.members and name is not None:
                self.sheet_members[name] = member

    # ---------------------------------------------------------------- unpacking

    def _chunks(self, info: zipfile.ZipInfo, size: int = 1 << 20) -> Iterator[bytes]:
        """The member's bytes, unpacked piece by piece. zipfile hands out at most the declared
        size and checks the CRC at the end, so a member that lies about its size — bigger or
        smaller — ends in an error here, never in a surprise for calamine."""
        try:
            if self._zip is None:
                self._zip = zipfile.ZipFile(self.path)
            with self._zip.open(info) as fh:
                while piece := fh.read(size):
                    yield piece
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
            raise RegistryError(
                f"Файл {self.path.name} повреждён: часть книги «{info.filename}» не распаковывается "
                f"так, как записано в архиве. Возьмите целую копию файла или откройте его в Excel — "
                f"он предложит восстановить книгу.") from None

    # ---------------------------------------------------------------- one worksheet

    def size(self, sheet: str) -> int:
        """Unpacked size of a sheet's XML (0 when unknown): the readers take big ones first."""
        member = self.members.get(self.sheet_members.get(sheet, ""))
        return member.file_size if member is not None else 0

    def scan(self, sheet: str) -> SheetScan | None:
        """Inspect one sheet before calamine reads it; refuse one calamine cannot hold."""
        if self.kind == "ods":
            return None  # checked in inspect(); calamine has already read them
        if self.kind != "xlsx" or sheet not in self.sheet_members:
            return None
        result = _scan_xlsx_sheet(self._chunks(self.members[self.sheet_members[sheet]]))
        _check_grid(sheet, result)
        if result.huge:
            self._check_dates(sheet, result)
        return result

    def _check_dates(self, sheet: str, scan: SheetScan) -> None:
        """Refuse numbers no date can be in cells formatted as dates (calamine would panic)."""
        styles_xml = b"".join(self._chunks(self.members["xl/styles.xml"])) if "xl/styles.xml" in self.members else b""
        try:
            styles = Styles(etree.fromstring(styles_xml, XML_PARSER)) if styles_xml else Styles(None)
        except etree.XMLSyntaxError:
            styles = Styles(None)
        bad = [(ref, value) for ref, (value, style) in sorted(scan.huge.items()) if styles.date_kind(style)]
        if bad:
            cells = "; ".join(f"{sheet}!{column_letter(c)}{r} ({value})" for (r, c), value in bad[:5])
            raise RegistryError(
                f"{cells}: в ячейке с форматом даты число, которое не может быть датой (слишком большое). "
                "Docgen не может прочитать такой лист. Исправьте значение или поставьте ячейке формат "
                "«Общий» и сохраните файл.")


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def _check_grid(sheet: str, scan: SheetScan) -> None:
    """Refuse a sheet whose rectangle A1…last filled cell is too big to hold."""
    # Columns past Z and rows past 9999 are measured exactly; below that, assume the most.
    rows = max(scan.max_row, 9999)
    cols = max(scan.max_col, 26)
    if rows * cols <= MAX_GRID_CELLS:
        return
    far = scan.far_row if rows > 9999 and scan.far_row else scan.far_col or scan.far_row
    raise RegistryError(
        f"{sheet}!{far}: на листе «{sheet}» заполнена ячейка {far} — далеко за пределами таблицы "
        f"(заполненные ячейки доходят до строки {_number(scan.max_row)} и столбца "
        f"{column_letter(scan.max_col)}). Docgen не читает такие листы: от A1 до этой ячейки больше "
        f"{_number(MAX_GRID_CELLS)} ячеек. Очистите эту ячейку и всё лишнее под таблицей и справа "
        "от неё (в Excel Ctrl+End переходит к последней заполненной ячейке; выделите лишние строки "
        "или столбцы → Удалить) и сохраните файл.")


def _normalise_member(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    return "/".join(parts)


def _scan_xlsx_sheet(chunks: Iterator[bytes]) -> SheetScan:
    """One pass over a worksheet's XML, a row boundary at a time (whole rows per piece)."""
    scan = SheetScan()
    tail = b""
    ends: tuple[bytes, ...] = ()
    for piece in chunks:
        buf = tail + piece if tail else piece
        if not ends:
            found = _SHEET_DATA.search(buf)
            if found is None:
                tail = buf
                continue
            ends = _formula_ends(found[1] or b"")  # «x:» when the file writes a prefix
        cut = buf.rfind(b"row>") + 4
        if cut < 4:
            tail = buf
            continue
        _scan_rows(buf, cut, scan, ends)
        tail = buf[cut:]
    if tail:
        _scan_rows(tail, len(tail), scan, ends or _formula_ends(b""))
    if scan.row_elements > scan.max_row:
        # A filled row whose cells carry no address (allowed, rare): point at the row.
        scan.max_row = scan.row_elements
        scan.far_row = f"A{scan.row_elements}"
        scan.max_col = max(scan.max_col, 1)
    return scan


def _formula_ends(prefix: bytes) -> tuple[bytes, ...]:
    """«</f>», then the ways a formula cell ends without a value: nothing after the formula, or
    an empty <v> (openpyxl writes «<f>…</f><v></v>»); «"/>» ends a shared formula's reference."""
    f_end, c_end = b"</" + prefix + b"f>", b"</" + prefix + b"c>"
    empty_v = (b"", b"<" + prefix + b"v></" + prefix + b"v>", b"<" + prefix + b"v/>")
    return (f_end, *(f_end + v + c_end for v in empty_v), *(b'"/>' + v + c_end for v in empty_v))


def _tag_start(buf: bytes, pos: int, names: tuple[bytes, ...]) -> int:
    """Start of the element named one of ``names`` (with any prefix) that contains ``pos``."""
    start = pos
    for _ in range(8):
        start = buf.rfind(b"<", 0, start)
        if start < 0:
            return -1
        end = start + 1
        while end < len(buf) and buf[end] not in b" \t\r\n/>":
            end += 1
        if buf[start + 1:end].rsplit(b":", 1)[-1] in names:
            return start
    return -1


def _cell_ref(buf: bytes, start: int) -> tuple[int, int] | None:
    gt = buf.find(b">", start)
    m = _REF_ATTR.search(buf, start, gt if gt > 0 else len(buf))
    return parse_ref(m[1].decode()) if m else None


def _scan_rows(buf: bytes, stop: int, scan: SheetScan, formula_ends: tuple[bytes, ...]) -> None:
    """Scan ``buf[:stop]`` (whole rows; not sliced, to save copying a megabyte)."""
    for m in _FAR_REF.finditer(buf, 0, stop):
        gt = buf.find(b">", m.end())
        if gt < 0 or buf[gt - 1] == 0x2F:  # «/>»: an empty (formatted) cell or row
            continue
        start = _tag_start(buf, m.start(), (b"c", b"row"))
        if start < 0:
            continue
        is_row = buf[start + 1:m.start()].rstrip().endswith(b"row")
        end = buf.find(b"row>" if is_row else b"c>", gt)
        body = buf[gt:end if end > 0 else len(buf)]
        if b"v>" not in body and b"is>" not in body:
            continue
        digits = m[2] or m[4]
        more = _REF_DIGITS.match(buf, m.end())  # «[0-9]*» always matches
        row = int(digits + (more[0] if more else b""))
        if is_row:
            scan.row_elements = max(scan.row_elements, row)
            continue
        col = column_index((m[1] or m[3]).decode())
        address = f"{column_letter(col)}{row}"
        if row > scan.max_row:
            scan.max_row = row
            if row > 9999:
                scan.far_row = address
        if col > scan.max_col:
            scan.max_col = col
            if col > 26:
                scan.far_col = address
    pos = buf.find(b' t="e"', 0, stop)
    while pos >= 0:
        start = _tag_start(buf, pos, (b"c",))
        ref = _cell_ref(buf, start) if start >= 0 else None
        if ref:
            end = buf.find(b"c>", pos)
            value = _VALUE.search(buf, pos, end if end > 0 else len(buf))
            code = html.unescape(value[1].decode("utf-8", "replace")).strip() if value else ""
            scan.errors[ref] = code or "#ОШИБКА"
        pos = buf.find(b' t="e"', pos + 1, stop)
    for m in _HUGE.finditer(buf, 0, stop):
        start = _tag_start(buf, m.start(), (b"c",))
        ref = _cell_ref(buf, start) if start >= 0 else None
        style = _STYLE_ATTR.search(buf, start, buf.find(b">", start)) if ref else None
        if ref and style and abs(float(m[1])) >= HUGE_SERIAL:
            scan.huge[ref] = (m[1].decode("ascii"), int(style[1]))
    # A formula that ends its cell has no saved value after it (<f>…</f></c>, <f …/></c>);
    # every sheet with formulas has a «</f>» (a shared formula's first cell holds its text).
    if buf.find(formula_ends[0], 0, stop) < 0:
        return
    for marker in formula_ends[1:]:
        pos = buf.find(marker, 0, stop)
        while pos >= 0:
            f_start = _tag_start(buf, pos + 1, (b"f",))
            c_start = _tag_start(buf, f_start, (b"c",)) if f_start >= 0 else -1
            ref = _cell_ref(buf, c_start) if c_start >= 0 else None
            if ref and b"v" in marker and buf.find(b' t="str"', c_start, f_start) >= 0:
                ref = None  # a formula whose saved result is the empty string: a real value
            if ref:
                fm = _FORMULA.search(buf, f_start, pos + len(marker))
                text = html.unescape(fm[1].decode("utf-8", "replace")) if fm and fm[1] else ""
                scan.formulas[ref] = text
            pos = buf.find(marker, pos + 1, stop)


_ODS_TAG = re.compile(
    rb"<table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>"
    rb"|</table:(table|table-row)>"
)
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ODS_ROWS = re.compile(rb'table:number-rows-repeated="([0-9]+)"')
_ODS_COLS = re.compile(rb'table:number-columns-repeated="([0-9]+)"')


def _scan_ods(container: Container, info: zipfile.ZipInfo) -> dict[str, SheetScan]:
    """How far each sheet of an .ods reaches. Positions in content.xml are implicit (rows and
    cells carry repeat counts; LibreOffice pads every sheet to row 1 048 576 with one empty
    repeated row), so every row and cell tag is counted — only for .ods."""
    data = b"".join(container._chunks(info))
    result: dict[str, SheetScan] = {}
    scan: SheetScan | None = None
    row_pos = col_pos = row_start = row_repeat = last_col = 0
    row_has_value = False
    for m in _ODS_TAG.finditer(data):
        tag, attrs, empty, closing = m[1], m[2], m[3], m[4]
        if closing == b"table-row":
            if row_has_value and scan is not None:
                _ods_mark(scan, row_start + row_repeat, 0, last_col=last_col)
            row_pos += row_repeat
            continue
        if closing:
            continue
        if tag == b"table":
            name = _ODS_NAME.search(attrs)
            scan = SheetScan()
            result[html.unescape(name[1].decode("utf-8", "replace")) if name else ""] = scan
            row_pos = 0
        elif tag == b"table-row":
            rep = _ODS_ROWS.search(attrs)
            row_repeat = int(rep[1]) if rep else 1
            row_start, col_pos, row_has_value, last_col = row_pos, 0, False, 0
            if empty:
                row_pos += row_repeat
        elif scan is not None:
            rep = _ODS_COLS.search(attrs)
            count = int(rep[1]) if rep else 1
            if b"value-type" in attrs or not empty:
                row_has_value = True
                last_col = col_pos + count
                _ods_mark(scan, 0, last_col, row_start + 1)
            col_pos += count
    return result


def _ods_mark(scan: SheetScan, row: int, col: int, at_row: int = 0, last_col: int = 1) -> None:
    if row > scan.max_row:
        scan.max_row = row
        if row > 9999:
            scan.far_row = f"{column_letter(max(last_col, 1))}{row}"
    if col > scan.max_col:
        scan.max_col = col
        if col > 26:
            scan.far_col = f"{column_letter(col)}{at_row}"
