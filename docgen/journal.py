"""The order journal: append new orders to the «Приказы» sheet of the user's own workbook.

The registry workbook belongs to the school: it may hold macros, buttons, pivot tables,
comments, styles and sheets docgen knows nothing about. Loading it with openpyxl and saving
it again would silently drop or rewrite much of that, so this module never re-serialises the
workbook. It edits the package surgically:

* **Only the journal sheet's XML part changes** (plus the ``xl/tables/tableN.xml`` part of an
  Excel table that covers the journal, whose ``ref`` must grow with it). The part is found by
  the sheet's name through ``xl/workbook.xml`` and its relationships, matched with
  :func:`~docgen.fieldtypes.fold` like the reader does. ``styles.xml`` and
  ``sharedStrings.xml`` are only read: strings are written as inline strings
  (``t="inlineStr"``) and styles are reused by index.
* **The sheet XML is edited as text.** An expat pass (stdlib, C, reports byte offsets) finds
  the rows and cells; new ``<row>``/``<c>`` elements are spliced in at the right byte offsets and
  the ``<dimension ref>`` attribute is rewritten. Every other byte of the part stays as it was,
  so namespace declarations, ``mc:Ignorable``, ``x14ac:dyDescent`` and friends survive without
  relying on a serialiser's fidelity. The result is re-parsed and compared cell by cell with
  the original before anything is written.
* **The other zip members are copied as raw compressed bytes.** :mod:`zipfile` cannot copy a
  member without recompressing it, so a small writer here copies each unchanged member's
  local record (header, compressed data, data descriptor) byte for byte and patches only the
  offsets in the central directory; the changed member keeps its name, timestamp, flags and
  compression method. Measured on ``examples/registry.xlsx`` (47 members, 1.1 MB unpacked):
  raw copy ≈ 1 ms, decompress-and-recompress everything with zipfile ≈ 30 ms. Speed is not the
  point, fidelity is: recompressing reproduces the same compressed bytes only when the original
  was deflated by zlib at the same level (openpyxl, LibreOffice — checked), not for Excel's own
  deflate, and zipfile drops the data-descriptor flag LibreOffice and Excel set. Zip64 or
  otherwise unusual archives (never produced by Excel or LibreOffice for a workbook of
  realistic size) fall back to such a zipfile rewrite, which still keeps member order, names,
  timestamps, attributes, compression methods and the decompressed content of every member.

Safety around the write: a workbook open in Excel (owner file ``~$name``) or LibreOffice
(``.~lock.name#``) is refused; an inter-process lock (:mod:`filelock`) is held from reading the
journal until the session ends, so two runs never hand out the same number; the new file is
written to a temporary file in the same folder, fsynced and moved over the original with
:func:`os.replace`, after a backup copy was put into ``docgen-резервные-копии``.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import shutil
import stat
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import unquote
from xml.parsers import expat

from lxml import etree

from .errors import OutputError, RegistryError, UsageError, os_reason
from .fieldtypes import CellError, EXCEL_EPOCH, XML_ILLEGAL, clean_text, fold, parse_date
from .registry import RawSheet, column_index, column_letter
from .schema import Sheet

__all__ = [
    "BACKUP_DIR",
    "KEEP_BACKUPS",
    "LOCK_TIMEOUT",
    "JournalEntry",
    "Journal",
    "propose_number",
    "office_lock_file",
]

#: Folder next to the workbook that receives a copy of it before every journal write.
BACKUP_DIR = "docgen-резервные-копии"
#: How many backup copies of one workbook are kept (the newest ones).
KEEP_BACKUPS = 10
#: Seconds a second docgen run waits for the first one to finish with the journal.
LOCK_TIMEOUT = 30.0
#: Excel's limit for the text of one cell.
MAX_CELL_TEXT = 32767

WRITABLE_SUFFIXES = (".xlsx", ".xlsm")
EPOCH_1904 = date(1904, 1, 1)
HEADER_SCAN_ROWS = 20  # the same window as records.HEADER_SCAN_ROWS

_MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # ISO «Strict Open XML»
)
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


# --------------------------------------------------------------------------- entries and numbers


@dataclass(frozen=True)
class JournalEntry:
    """One row of the journal as read: worksheet ``row``, the order number as text, its date
    (``None`` when the cell is empty or not a date) and the template id (``None`` when empty)."""

    row: int
    number: str
    date: date | None
    template: str | None


_RUN = re.compile(r"([0-9]+)")


def _split(number: str) -> tuple[list[str], list[str]]:
    """«01-01/15» → (["", "-", "/", ""], ["01", "01", "15"]): texts around the digit runs."""
    parts = _RUN.split(number)
    return parts[0::2], parts[1::2]


def _shape(number: str) -> tuple[str, ...]:
    """What stays when the digits are taken out, compared tolerantly (case, dashes, spaces)."""
    texts, _ = _split(number)
    return tuple(fold(t) for t in texts)


def _order_key(entry: JournalEntry) -> tuple:
    return (entry.date is not None, entry.date or date.min, entry.row)


def _running_run(numbers: Sequence[str]) -> int:
    """Index of the digit run that counts orders among numbers of one shape.

    The run whose value differs between the numbers; when several differ, the one with the most
    distinct values, the last of equals; when none differs (a single number), the first run.
    """
    runs = [_split(n)[1] for n in numbers]
    best, best_distinct = 0, 1
    for i in range(len(runs[0])):
        distinct = len({int(r[i]) for r in runs})
        if distinct > 1 and distinct >= best_distinct:
            best, best_distinct = i, distinct
    return best


def propose_number(entries: Sequence[JournalEntry], on: date) -> str:
    """The next order number for an order dated ``on``, in the journal's own format.

    Rule (records-management practice in Russian schools: the numbering restarts on 1 January):

    1. Only entries whose number contains a digit count («б/н» — «без номера» — is skipped).
       None of them → ``"1"``.
    2. The *year's entries* are those dated in ``on``'s calendar year. The *latest* entry is the
       last of them by date, then by row; with no entry in that year, the last entry of the
       whole journal (undated entries count as older than dated ones).
    3. The latest entry gives the *shape*: its text with the digit runs taken out («41-од» →
       «#-од», «01-01/15» → «#-#/#»). Shapes compare like headers do (case, «ё», dash style and
       spaces do not matter); the new number copies the latest entry's text literally.
    4. The *running* digit run is the one that varies between the same-shape entries of that
       year (of all years when that year has none): in «39/1», «39/2» it is the last one. When
       several vary, the one with the most distinct values (the last of equals); when none
       varies — a single entry — the first run, as in «41-од».
    5. Its new value is the largest value of that run among the year's same-shape entries plus
       one; with no same-shape entry in that year, 1 (so a new year starts at «1-од»). The other
       runs are copied from the latest entry. Zero padding is kept: the value is padded to the
       widest zero-padded width seen among those entries («07-од» → «08-од»).
    """
    numbered = [e for e in entries if _RUN.search(e.number or "")]
    if not numbered:
        return "1"
    this_year = [e for e in numbered if e.date is not None and e.date.year == on.year]
    latest = max(this_year or numbered, key=_order_key)
    shape = _shape(latest.number)
    same_year = [e.number for e in this_year if _shape(e.number) == shape]
    basis = same_year or [e.number for e in numbered if _shape(e.number) == shape]
    index = _running_run(basis)
    padded = [r[index] for r in (_split(n)[1] for n in basis) if len(r[index]) > 1 and r[index].startswith("0")]
    width = max((len(r) for r in padded), default=0)
    value = max(int(_split(n)[1][index]) for n in same_year) + 1 if same_year else 1
    texts, runs = _split(latest.number)
    runs[index] = str(value).zfill(width)
    out = [texts[0]]
    for run, text in zip(runs, texts[1:]):
        out += [run, text]
    return "".join(out)


def _same_number(entries: Sequence[JournalEntry], number: str, year: int) -> JournalEntry | None:
    """An entry of ``year`` whose number equals ``number`` (tolerantly); undated entries never match."""
    wanted = fold(number)
    for entry in entries:
        if entry.date is not None and entry.date.year == year and fold(entry.number) == wanted:
            return entry
    return None


# --------------------------------------------------------------------------- open in an office suite?


def office_lock_file(path: Path) -> tuple[str, Path] | None:
    """``("Excel" | "LibreOffice", lock file)`` when the workbook looks open, else ``None``.

    Excel creates the hidden owner file ``~$`` + the file's name next to a workbook it opens
    for editing. Word (and, by several reports, Office when the name is long) instead replaces
    the first characters of the name: ``~$`` + name without its first character when the name
    without extension has 7 characters, without its first two when it has more. Both forms are
    checked; a false positive only makes docgen refuse, naming the file it found, which is
    the safe side. LibreOffice writes ``.~lock.`` + name + ``#``. Names are compared without
    regard to case (Windows, network shares).
    """
    name = path.name
    try:
        listing = {n.casefold(): n for n in os.listdir(path.parent)}
    except OSError:
        return None
    excel = ["~$" + name]
    if len(path.stem) >= 7:
        excel.append("~$" + name[2:])
    if len(path.stem) == 7:
        excel.append("~$" + name[1:])
    for candidate in excel:
        found = listing.get(candidate.casefold())
        if found:
            return "Excel", path.parent / found
    found = listing.get((".~lock." + name + "#").casefold())
    if found:
        return "LibreOffice", path.parent / found
    return None


def _refuse_if_open(path: Path) -> None:
    lock = office_lock_file(path)
    if lock is None:
        return
    app, lock_path = lock
    who = ""
    if app == "LibreOffice":
        try:  # «Full Name,host,user,date,path;» — a crashed LibreOffice leaves it behind
            user = lock_path.read_text(encoding="utf-8", errors="replace").split(",")[0].strip()
        except OSError:
            user = ""
        if user:
            who = f" (пользователь: {user})"
    raise OutputError(
        f"Реестр «{path.name}» открыт в {app}{who}. Сохраните и закройте его, затем повторите. "
        f"Если {app} уже закрыт, удалите служебный файл «{lock_path.name}» в папке с реестром."
    )


# --------------------------------------------------------------------------- zip: raw copy


_EOCD = struct.Struct("<4s4H2LH")
_CDH = struct.Struct("<4s6H3L5H2L")
_LFH = struct.Struct("<4s5H3L2H")
_ZIP64_LOCATOR = b"PK\x06\x07"


@dataclass
class _CentralEntry:
    raw: bytes
    name: str
    flags: int
    method: int
    offset: int


@dataclass
class _ZipLayout:
    entries: list[_CentralEntry]  # central directory order
    cd_offset: int
    eocd: bytes                   # the end record with its comment


def _extra_ids(extra: bytes) -> set[int] | None:
    ids, i = set(), 0
    while i + 4 <= len(extra):
        header, size = struct.unpack_from("<2H", extra, i)
        ids.add(header)
        i += 4 + size
    return ids if i == len(extra) else None


def _zip_layout(data: bytes) -> _ZipLayout | None:
    """The archive's central directory, or ``None`` when it is not a plain single-disk,
    non-Zip64, unencrypted archive whose records can be copied by offset."""
    pos = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if pos < 0 or pos + 22 > len(data):
        return None
    sig, disk, cd_disk, n_here, n_total, cd_size, cd_offset, comment_len = _EOCD.unpack_from(data, pos)
    if disk or cd_disk or n_here != n_total or pos + 22 + comment_len != len(data):
        return None
    if cd_offset + cd_size != pos or data[max(0, pos - 20):pos].startswith(_ZIP64_LOCATOR):
        return None
    entries: list[_CentralEntry] = []
    i = cd_offset
    names: set[str] = set()
    while i < pos:
        if data[i:i + 4] != b"PK\x01\x02" or i + 46 > pos:
            return None
        (_, _made, _need, flags, method, _t, _d, _crc, csize, usize, nlen, elen, clen,
         disk_start, _iattr, _eattr, offset) = _CDH.unpack_from(data, i)
        end = i + 46 + nlen + elen + clen
        raw_name = data[i + 46:i + 46 + nlen]
        extra = data[i + 46 + nlen:i + 46 + nlen + elen]
        ids = _extra_ids(extra)
        if (disk_start or flags & 0x1 or ids is None or 0x0001 in ids
                or 0xFFFFFFFF in (csize, usize, offset)):
            return None
        name = raw_name.decode("utf-8" if flags & 0x800 else "cp437")
        if name in names:
            return None
        names.add(name)
        # The local header must be where the directory says, for the same name, without Zip64.
        if data[offset:offset + 4] != b"PK\x03\x04":
            return None
        lfh = _LFH.unpack_from(data, offset)
        l_nlen, l_elen = lfh[9], lfh[10]
        l_extra = data[offset + 30 + l_nlen:offset + 30 + l_nlen + l_elen]
        l_ids = _extra_ids(l_extra)
        if data[offset + 30:offset + 30 + l_nlen] != raw_name or l_ids is None or 0x0001 in l_ids:
            return None
        entries.append(_CentralEntry(raw=data[i:end], name=name, flags=flags, method=method, offset=offset))
        i = end
    if i != pos or len(entries) != n_total:
        return None
    return _ZipLayout(entries=entries, cd_offset=cd_offset, eocd=data[pos:])


def _compress(method: int, content: bytes) -> bytes:
    if method == zipfile.ZIP_STORED:
        return content
    if method == zipfile.ZIP_DEFLATED:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        return packer.compress(content) + packer.flush()
    raise OutputError(
        "Реестр сжат необычным способом, который docgen не умеет повторить. Откройте его в Excel "
        "или LibreOffice, сохраните заново как .xlsx и повторите."
    )


def _rewrite_zip_raw(data: bytes, layout: _ZipLayout, replacements: dict[str, bytes]) -> bytes:
    """Copy every unchanged member's local record byte for byte; rebuild only the replaced ones."""
    by_offset = sorted(layout.entries, key=lambda e: e.offset)
    out = bytearray(data[:by_offset[0].offset] if by_offset else data[:layout.cd_offset])
    new_offset: dict[str, int] = {}
    new_central: dict[str, bytes] = {}
    for k, entry in enumerate(by_offset):
        end = by_offset[k + 1].offset if k + 1 < len(by_offset) else layout.cd_offset
        new_offset[entry.name] = len(out)
        central = bytearray(entry.raw)
        if entry.name in replacements:
            content = replacements[entry.name]
            packed = _compress(entry.method, content)
            crc = zlib.crc32(content) & 0xFFFFFFFF
            if max(len(packed), len(content), len(out)) >= 0xFFFFFFFF:
                raise OutputError("Реестр слишком велик для записи журнала (больше 4 ГБ).")
            lfh = list(_LFH.unpack_from(data, entry.offset))
            nlen, elen = lfh[9], lfh[10]
            name_extra = data[entry.offset + 30:entry.offset + 30 + nlen + elen]
            flags = lfh[2] & ~0x0008  # sizes are known now: no data descriptor
            lfh[2], lfh[6], lfh[7], lfh[8] = flags, crc, len(packed), len(content)
            out += _LFH.pack(*lfh) + name_extra + packed
            struct.pack_into("<H", central, 8, entry.flags & ~0x0008)
            struct.pack_into("<3L", central, 16, crc, len(packed), len(content))
        else:
            out += data[entry.offset:end]
        struct.pack_into("<L", central, 42, new_offset[entry.name])
        new_central[entry.name] = bytes(central)
    cd_offset = len(out)
    for entry in layout.entries:
        out += new_central[entry.name]
    eocd = bytearray(layout.eocd)
    struct.pack_into("<2L", eocd, 12, len(out) - cd_offset, cd_offset)
    out += eocd
    return bytes(out)


def _rewrite_zip_fallback(data: bytes, replacements: dict[str, bytes]) -> bytes:
    """Recompress with zipfile, keeping order, names, timestamps, attributes and methods."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w", allowZip64=True) as dst:
        for info in src.infolist():
            content = replacements[info.filename] if info.filename in replacements else src.read(info)
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            copy.internal_attr = info.internal_attr
            copy.create_system = info.create_system
            copy.comment = info.comment
            dst.writestr(copy, content)
        dst.comment = src.comment
    return buffer.getvalue()


def _rewrite_zip(data: bytes, replacements: dict[str, bytes]) -> bytes:
    layout = _zip_layout(data)
    if layout is None:
        return _rewrite_zip_fallback(data, replacements)
    return _rewrite_zip_raw(data, layout, replacements)


def _verify_zip(old: bytes, new: bytes, replacements: dict[str, bytes]) -> None:
    """The new archive has the same members in the same order with the same content, except
    ``replacements``, and every CRC checks out."""
    try:
        with zipfile.ZipFile(io.BytesIO(old)) as a, zipfile.ZipFile(io.BytesIO(new)) as b:
            olds, news = a.infolist(), b.infolist()
            problem = b.testzip()
            if problem is not None:
                raise ValueError(f"CRC {problem}")
            if [i.filename for i in olds] != [i.filename for i in news]:
                raise ValueError("member list")
            for x, y in zip(olds, news):
                if x.filename in replacements:
                    if b.read(y) != replacements[x.filename]:
                        raise ValueError(x.filename)
                elif (x.CRC, x.file_size, x.date_time, x.compress_type) != (y.CRC, y.file_size, y.date_time,
                                                                            y.compress_type):
                    raise ValueError(x.filename)
    except (ValueError, zipfile.BadZipFile) as exc:
        raise _internal(f"архив: {exc}") from None


def _internal(detail: str) -> OutputError:
    return OutputError(
        "Не удалось безопасно дописать журнал приказов: проверка собранной книги не прошла, "
        f"поэтому реестр не изменён. Сообщите разработчикам docgen. (Подробность: {detail})"
    )


# --------------------------------------------------------------------------- the package


def _resolve(base_part: str, target: str) -> str:
    """Part name of a relationship target, relative to the part that holds the relationship."""
    target = unquote(target)
    if target.startswith("/"):
        return posixpath.normpath(target[1:])
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def _rels_part(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class _Package:
    """Read-only view of the workbook's zip: parts by name (case-insensitively), relationships."""

    def __init__(self, data: bytes, display: str):
        self.display = display
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise RegistryError(
                f"Файл «{display}» не читается как книга .xlsx/.xlsm: он повреждён, защищён паролем "
                "или это файл другого формата с изменённым расширением. Откройте его в Excel или "
                "LibreOffice и сохраните заново."
            ) from None
        self.names = {n.lower(): n for n in self.zip.namelist()}

    def member(self, part: str) -> str | None:
        return self.names.get(part.lower())

    def read(self, part: str) -> bytes | None:
        name = self.member(part)
        if name is None:
            return None
        try:
            return self.zip.read(name)
        except (zipfile.BadZipFile, zlib.error, OSError) as exc:
            raise RegistryError(f"Файл «{self.display}» повреждён: часть {name} не читается ({exc}).") from None

    def xml(self, part: str) -> etree._Element | None:
        data = self.read(part)
        if data is None:
            return None
        try:
            return etree.fromstring(data, _XML_PARSER)
        except etree.XMLSyntaxError as exc:
            raise RegistryError(f"Файл «{self.display}» повреждён: часть {part} — не XML ({exc}).") from None

    def rels(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target part) of the part's internal relationships."""
        root = self.xml(_rels_part(part))
        if root is None:
            return []
        result = []
        for rel in root:
            if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
                continue
            result.append((rel.get("Id", ""), rel.get("Type", ""), _resolve(part, rel.get("Target", ""))))
        return result

    def rel_of_type(self, part: str, suffix: str) -> str | None:
        for _id, rtype, target in self.rels(part):
            if rtype.endswith(suffix):
                return target
        return None


# --------------------------------------------------------------------------- styles


_BUILTIN_DATE_FORMATS = {14: "date", 15: "date", 16: "date", 17: "date", 22: "datetime",
                         **{i: "date" for i in range(27, 37)}, **{i: "date" for i in range(50, 59)}}
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


def _date_kind(fmt_id: int, code: str | None) -> str | None:
    """``"date"``, ``"datetime"`` or ``None`` for a number format (built-in id or custom code)."""
    if code is None:
        return _BUILTIN_DATE_FORMATS.get(fmt_id)
    bare = _FORMAT_NOISE.sub("", code.split(";")[0]).lower()
    if not re.search(r"[dy]", bare):
        return None
    return "datetime" if re.search(r"[hs]", bare) else "date"


@dataclass(frozen=True)
class _Xf:
    num_fmt: int
    plain: bool  # default font, fill and border


class _Styles:
    def __init__(self, root: etree._Element | None):
        self.formats: dict[int, str] = {}
        self.xfs: list[_Xf] = []
        if root is None:
            return
        for el in root.iter("{*}numFmt"):
            try:
                self.formats[int(el.get("numFmtId", ""))] = el.get("formatCode", "")
            except ValueError:
                pass
        cell_xfs = next(root.iter("{*}cellXfs"), None)
        for xf in (cell_xfs if cell_xfs is not None else []):
            if _local(xf.tag) != "xf":
                continue
            try:
                num = int(xf.get("numFmtId", "0"))
            except ValueError:
                num = 0
            plain = all(xf.get(k, "0") == "0" for k in ("fontId", "fillId", "borderId"))
            self.xfs.append(_Xf(num, plain))

    def date_kind(self, style: int | None) -> str | None:
        if style is None or not 0 <= style < len(self.xfs):
            return None
        num = self.xfs[style].num_fmt
        return _date_kind(num, self.formats.get(num) if num >= 164 or num in self.formats else None)

    def any_date_style(self) -> int | None:
        """An existing cell style showing a plain date: without time, preferring undecorated ones."""
        best = None
        for index, xf in enumerate(self.xfs):
            if self.date_kind(index) == "date":
                key = (not xf.plain, xf.num_fmt != 14, index)
                if best is None or key < best[0]:
                    best = (key, index)
        return best[1] if best else None


# --------------------------------------------------------------------------- the sheet XML


_TAG = re.compile(rb'<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*\s*(/?)>')
_REF_ATTR = re.compile(rb'(\sref\s*=\s*)(["\'])([^"\']*)\2')
_SPANS_ATTR = re.compile(rb'(\sspans\s*=\s*)(["\'])([^"\']*)\2')
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)$")


def _parse_ref(ref: str) -> tuple[int, int] | None:
    """«B12» → (12, 2): row and column."""
    m = _CELL_REF.match(ref.strip())
    if not m:
        return None
    try:
        return int(m[2]), column_index(m[1].upper())
    except ValueError:
        return None


def _parse_range(ref: str) -> tuple[int, int, int, int] | None:
    """«A1:F8» → (1, 1, 8, 6): first row, first column, last row, last column."""
    parts = ref.strip().split(":")
    if len(parts) not in (1, 2):
        return None
    corners = [_parse_ref(p) for p in parts]
    if any(c is None for c in corners):
        return None
    (r1, c1), (r2, c2) = corners[0], corners[-1]
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def _range_text(r1: int, c1: int, r2: int, c2: int) -> str:
    first, last = f"{column_letter(c1)}{r1}", f"{column_letter(c2)}{r2}"
    return first if first == last else f"{first}:{last}"


@dataclass
class _Cell:
    col: int
    start: int
    end: int = 0
    style: int | None = None
    type: str = "n"
    v: str | None = None
    text: str | None = None
    formula: bool = False


@dataclass
class _Row:
    index: int
    start: int
    tag_end: int
    empty: bool
    attrs: dict[str, str]
    end: int = 0
    close: int = 0  # offset of «</row>» (or of «/>» in an empty row)
    cells: list[_Cell] = field(default_factory=list)


@dataclass
class _Element:
    start: int
    tag_end: int
    empty: bool


@dataclass
class _SheetXml:
    data: bytes
    root: _Element
    prefix: bytes
    rows: list[_Row]
    sheet_data: _Element
    sheet_data_close: int  # offset of «</sheetData>», or of the empty tag
    dimension: _Element | None
    dimension_ref: str | None
    col_styles: list[tuple[int, int, int]]  # (min, max, style)

    def row(self, index: int) -> _Row | None:
        for row in self.rows:
            if row.index == index:
                return row
        return None


class _XmlScanError(ValueError):
    pass


def _tag_at(data: bytes, pos: int) -> _Element:
    m = _TAG.match(data, pos)
    if not m:
        raise _XmlScanError(f"тег по смещению {pos}")
    return _Element(start=pos, tag_end=m.end(), empty=bool(m.group(1)))


def _no_dtd(*_args: Any) -> None:
    raise _XmlScanError("DOCTYPE")


def _scan_sheet(data: bytes) -> _SheetXml:
    """Rows and cells of a worksheet part with their byte offsets (expat, namespace-aware)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or re.match(
            rb'\s*<\?xml[^>]*encoding\s*=\s*["\'](?!utf-?8)', data[:200], re.I):
        raise _XmlScanError("кодировка листа не UTF-8")
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    stack: list[tuple[str, _Element]] = []
    rows: list[_Row] = []
    col_styles: list[tuple[int, int, int]] = []
    state: dict[str, Any] = {"root": None, "sheet_data": None, "close": None, "dimension": None,
                             "dimension_ref": None, "text": None, "in_is": 0, "in_rph": 0,
                             "cell": None}

    def start(name: str, attrs: dict[str, str]) -> None:
        ns, _, local = name.rpartition(" ")
        element = _tag_at(data, parser.CurrentByteIndex)
        depth = len(stack)
        parent = stack[-1][0] if stack else ""
        main = ns in _MAIN_NS
        if depth == 0:
            if not main or local != "worksheet":
                raise _XmlScanError("корневой элемент не worksheet")
            state["root"] = element
        elif depth == 1 and main and local == "dimension":
            state["dimension"], state["dimension_ref"] = element, attrs.get("ref")
        elif depth == 1 and main and local == "sheetData":
            state["sheet_data"] = element
        elif depth == 2 and main and parent == "cols" and local == "col":
            try:
                col_styles.append((int(attrs["min"]), int(attrs["max"]), int(attrs.get("style", "0"))))
            except (KeyError, ValueError):
                pass
        elif depth == 2 and main and parent == "sheetData" and local == "row":
            previous = rows[-1].index if rows else 0
            try:
                index = int(attrs["r"]) if "r" in attrs else previous + 1
            except ValueError:
                raise _XmlScanError(f"номер строки «{attrs.get('r')}»") from None
            rows.append(_Row(index=index, start=element.start, tag_end=element.tag_end,
                             empty=element.empty, attrs=dict(attrs)))
        elif depth == 3 and main and parent == "row" and local == "c" and rows:
            row = rows[-1]
            if "r" in attrs:
                ref = _parse_ref(attrs["r"])
                if ref is None:
                    raise _XmlScanError(f"адрес ячейки «{attrs['r']}»")
                col = ref[1]
            else:
                col = row.cells[-1].col + 1 if row.cells else 1
            try:
                style = int(attrs["s"]) if "s" in attrs else None
            except ValueError:
                style = None
            state["cell"] = _Cell(col=col, start=element.start, style=style, type=attrs.get("t", "n"))
            row.cells.append(state["cell"])
        elif depth >= 4 and state["cell"] is not None:
            cell = state["cell"]
            if local == "f" and depth == 4:
                cell.formula = True
            elif local == "v" and depth == 4:
                state["text"] = []
            elif local == "is" and depth == 4:
                state["in_is"] += 1
            elif local == "rPh":
                state["in_rph"] += 1
            elif local == "t" and state["in_is"] and not state["in_rph"]:
                state["text"] = []
        stack.append((local, element))

    def end(name: str) -> None:
        local, element = stack.pop()
        pos = parser.CurrentByteIndex
        if element.empty:
            close, stop = element.tag_end - 2, element.tag_end
        else:
            close, stop = pos, data.index(b">", pos) + 1
        depth = len(stack)
        if depth == 1 and local == "sheetData":
            state["close"] = close
        elif depth == 2 and local == "row" and stack[-1][0] == "sheetData":
            rows[-1].end, rows[-1].close = stop, close
        elif depth == 3 and state["cell"] is not None:
            state["cell"].end = stop
            state["cell"] = None
        elif depth >= 4 and state["cell"] is not None:
            cell = state["cell"]
            if local == "v" and depth == 4 and state["text"] is not None:
                cell.v = "".join(state["text"])
                state["text"] = None
            elif local == "is" and depth == 4:
                state["in_is"] -= 1
                if cell.text is None:
                    cell.text = ""
            elif local == "rPh":
                state["in_rph"] -= 1
            elif local == "t" and state["text"] is not None:
                cell.text = (cell.text or "") + "".join(state["text"])
                state["text"] = None

    def chars(text: str) -> None:
        if state["text"] is not None:
            state["text"].append(text)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise _XmlScanError(str(exc)) from None
    if state["sheet_data"] is None:
        raise _XmlScanError("нет sheetData")
    sd: _Element = state["sheet_data"]
    qname = re.match(rb"<([^\s/>]+)", data[sd.start:sd.tag_end])[1]  # type: ignore[index]
    prefix = qname[:qname.index(b":") + 1] if b":" in qname else b""
    return _SheetXml(data=data, root=state["root"], prefix=prefix, rows=rows, sheet_data=sd,
                     sheet_data_close=state["close"], dimension=state["dimension"],
                     dimension_ref=state["dimension_ref"], col_styles=col_styles)


# --------------------------------------------------------------------------- reading the journal


@dataclass
class _NewCell:
    col: int
    style: int | None
    text: str | None = None   # an inline string
    serial: int | None = None  # a number (a date serial)


@dataclass
class _NewRow:
    index: int
    cells: list[_NewCell]


@dataclass
class _TablePlan:
    part: str
    ref: tuple[int, int, int, int]
    header_row: int


def _xml_text(text: str) -> bytes:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).encode("utf-8")


class _Book:
    """Everything read from one version of the workbook's bytes."""

    def __init__(self, data: bytes, display: str, sheet: Sheet):
        self.data = data
        self.display = display
        self.schema = sheet
        pkg = _Package(data, display)
        self.pkg = pkg
        workbook_part = pkg.rel_of_type("", "/officeDocument") or "xl/workbook.xml"
        workbook = pkg.xml(workbook_part)
        if workbook is None:
            raise RegistryError(f"Файл «{display}» не похож на книгу Excel: в нём нет описания листов.")
        pr = next(workbook.iter("{*}workbookPr"), None)
        self.epoch = EPOCH_1904 if pr is not None and pr.get("date1904", "") in ("1", "true") else EXCEL_EPOCH
        wanted = fold(sheet.name)
        found = None
        for el in workbook.iter("{*}sheet"):
            if fold(el.get("name", "")) == wanted:
                rid = next((v for k, v in el.attrib.items() if _local(k) == "id" and k.startswith("{")), None)
                found = (el.get("name", ""), rid)
                break
        if found is None:
            headers = ", ".join(f.header for f in sheet.fields)
            raise OutputError(
                f"В реестре «{display}» нет листа «{sheet.name}» — журнала приказов. Добавьте лист с "
                f"таким названием и заголовками столбцов: {headers}."
            )
        self.sheet_name, rid = found
        rels = {r[0]: r for r in pkg.rels(workbook_part)}
        rel = rels.get(rid or "")
        if rel is None or pkg.member(rel[2]) is None:
            raise RegistryError(f"Файл «{display}» повреждён: не найдена часть листа «{self.sheet_name}».")
        if not rel[1].endswith("/worksheet"):
            raise OutputError(f"Лист «{self.sheet_name}» в реестре «{display}» — не таблица (например, "
                              "диаграмма), журнал приказов на нём вести нельзя.")
        self.sheet_part = rel[2]
        self.sheet_member = pkg.member(self.sheet_part) or self.sheet_part
        styles_part = pkg.rel_of_type(workbook_part, "/styles")
        self.styles = _Styles(pkg.xml(styles_part) if styles_part else None)
        sst_part = pkg.rel_of_type(workbook_part, "/sharedStrings")
        self.strings = self._shared_strings(pkg.xml(sst_part) if sst_part else None)
        try:
            self.xml = _scan_sheet(pkg.read(self.sheet_part) or b"")
        except (_XmlScanError, ValueError) as exc:
            raise RegistryError(f"Лист «{self.sheet_name}» в реестре «{display}» не читается ({exc}). "
                                "Откройте книгу в Excel или LibreOffice и сохраните заново.") from None
        self._read_journal()

    @staticmethod
    def _shared_strings(root: etree._Element | None) -> list[str]:
        if root is None:
            return []
        strings = []
        for si in root:
            if _local(si.tag) != "si":
                continue
            parts = []
            for child in si:
                if _local(child.tag) == "t":
                    parts.append(child.text or "")
                elif _local(child.tag) == "r":
                    parts += [t.text or "" for t in child.iter("{*}t")]
            strings.append("".join(parts))
        return strings

    def value(self, cell: _Cell) -> Any:
        if cell.type == "s":
            try:
                return self.strings[int(cell.v or "")]
            except (ValueError, IndexError):
                return None
        if cell.type == "inlineStr":
            return cell.text
        if cell.type in ("str", "e"):
            return cell.v
        if cell.type == "b":
            return cell.v in ("1", "true")
        if cell.type == "d":
            try:
                return datetime.fromisoformat((cell.v or "").replace("Z", ""))
            except ValueError:
                return cell.v
        if cell.v is None or not cell.v.strip():
            return None
        try:
            return float(cell.v)
        except ValueError:
            return cell.v

    def _date(self, value: Any) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if 1 <= value <= 2958465:
                return self.epoch + timedelta(days=int(value))
            return None
        if isinstance(value, str):
            try:
                return parse_date(value, self.schema.field("date"))
            except CellError:
                return None
        return None

    def _read_journal(self) -> None:
        from .records import _find_header_row  # the reader's own header detection, aliases included

        grid: list[list[Any]] = []
        for row in self.xml.rows:
            if row.index > HEADER_SCAN_ROWS:
                break
            while len(grid) < row.index:
                grid.append([])
            line: list[Any] = []
            for cell in row.cells:
                while len(line) < cell.col - 1:
                    line.append(None)
                line.append(self.value(cell))
            grid[row.index - 1] = line
        header_row, columns = _find_header_row(RawSheet(name=self.sheet_name, rows=grid), self.schema)
        missing = [f.header for f in self.schema.fields if f.required and f.key not in columns]
        if missing:
            shown = ", ".join(f"«{h}»" for h in missing)
            raise OutputError(
                f"На листе «{self.sheet_name}» реестра «{self.display}» не найдена строка заголовков "
                f"журнала приказов: в первых {HEADER_SCAN_ROWS} строках нет столбцов {shown}."
            )
        self.header_row, self.columns = header_row, columns
        journal_cols = set(columns.values())
        self.entries: list[JournalEntry] = []
        self.last_row = header_row
        for row in self.xml.rows:
            if row.index <= header_row:
                continue
            values = {c.col: self.value(c) for c in row.cells if c.col in journal_cols}
            if not any(clean_text(v) for v in values.values()):
                continue
            self.last_row = max(self.last_row, row.index)
            get = lambda key: values.get(columns[key]) if key in columns else None  # noqa: E731
            template = clean_text(get("template")) or None
            self.entries.append(JournalEntry(row=row.index, number=clean_text(get("number")),
                                             date=self._date(get("date")), template=template))

    # ---------------------------------------------------------------- styles of new cells

    def col_style(self, col: int) -> int | None:
        for lo, hi, style in self.xml.col_styles:
            if lo <= col <= hi:
                return style
        return None

    def _cell(self, row_index: int, col: int) -> _Cell | None:
        row = self.xml.row(row_index)
        if row is None:
            return None
        return next((c for c in row.cells if c.col == col), None)

    def style_above(self, col: int) -> int | None:
        """The style a cell in ``col`` of the last journal row shows (not the header's)."""
        if self.last_row <= self.header_row:
            return None
        cell = self._cell(self.last_row, col)
        if cell is not None:
            return cell.style or 0
        row = self.xml.row(self.last_row)
        if row is not None and row.attrs.get("customFormat") in ("1", "true") and "s" in row.attrs:
            try:
                return int(row.attrs["s"])
            except ValueError:
                pass
        return self.col_style(col)

    def date_style(self, col: int, target: int) -> int | None:
        """A date style for the new date cell: the nearest earlier journal row's date cell, the
        prepared target cell, the column's default, any plain date style of the workbook."""
        for row in sorted((r for r in self.xml.rows if self.header_row < r.index <= self.last_row),
                          key=lambda r: -r.index):
            cell = next((c for c in row.cells if c.col == col), None)
            if cell is not None and self.styles.date_kind(cell.style):
                return cell.style
        existing = self._cell(target, col)
        for style in (existing.style if existing else None, self.col_style(col)):
            if self.styles.date_kind(style):
                return style
        return self.styles.any_date_style()

    # ---------------------------------------------------------------- tables

    def table_plan(self, last_new_row: int) -> _TablePlan | None:
        """The Excel table covering the journal, when its range must grow to ``last_new_row``."""
        journal_cols = set(self.columns.values())
        for _id, rtype, part in self.pkg.rels(self.sheet_part):
            if not rtype.endswith("/table"):
                continue
            root = self.pkg.xml(part)
            if root is None:
                continue
            bounds = _parse_range(root.get("ref", ""))
            if bounds is None:
                continue
            r1, c1, r2, c2 = bounds
            if root.get("headerRowCount", "1") == "0" or r1 != self.header_row:
                continue
            if not any(c1 <= c <= c2 for c in journal_cols):
                continue
            if root.get("totalsRowCount", "0") not in ("0", ""):
                raise OutputError(
                    f"Журнал на листе «{self.sheet_name}» оформлен как таблица Excel со строкой итогов; "
                    "новую запись нельзя добавить под неё без риска испортить итоги. Отключите строку "
                    "итогов (Конструктор таблиц → «Строка итогов») и повторите."
                )
            if r2 >= last_new_row or r2 < self.last_row:
                return None
            member = self.pkg.member(part)
            return _TablePlan(part=member or part, ref=bounds, header_row=r1)
        return None


# --------------------------------------------------------------------------- writing rows


def _cell_xml(prefix: bytes, row: int, cell: _NewCell) -> bytes:
    ref = f"{column_letter(cell.col)}{row}".encode()
    style = b"" if not cell.style else b' s="%d"' % cell.style
    p = prefix
    if cell.text is not None:
        space = b' xml:space="preserve"' if cell.text != cell.text.strip() or "\n" in cell.text else b""
        return (b'<%sc r="%s"%s t="inlineStr"><%sis><%st%s>%s</%st></%sis></%sc>'
                % (p, ref, style, p, p, space, _xml_text(cell.text), p, p, p))
    return b'<%sc r="%s"%s><%sv>%d</%sv></%sc>' % (p, ref, style, p, cell.serial, p, p)


def _splice(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    ordered = sorted(enumerate(edits), key=lambda e: (e[1][0], e[1][1], e[0]))
    out, pos = [], 0
    for _, (start, end, text) in ordered:
        if start < pos:
            raise _internal("пересекающиеся правки листа")
        out += [data[pos:start], text]
        pos = end
    out.append(data[pos:])
    return b"".join(out)


def _edit_sheet(xml: _SheetXml, new_rows: list[_NewRow]) -> bytes:
    """The sheet part with ``new_rows`` merged in; every other byte unchanged."""
    data, p = xml.data, xml.prefix
    edits: list[tuple[int, int, bytes]] = []
    for new in sorted(new_rows, key=lambda r: r.index):
        existing = xml.row(new.index)
        if existing is None:
            following = next((r for r in xml.rows if r.index > new.index), None)
            at = following.start if following else xml.sheet_data_close
            cells = b"".join(_cell_xml(p, new.index, c) for c in new.cells)
            text = b'<%srow r="%d">%s</%srow>' % (p, new.index, cells, p)
            if following is None and xml.sheet_data.empty:
                # «<sheetData/>»: open it, put the row in, close it.
                text = b">" + text + b"</%ssheetData>" % p
                edits.append((xml.sheet_data.tag_end - 2, xml.sheet_data.tag_end, text))
            else:
                edits.append((at, at, text))
            continue
        columns = [c.col for c in existing.cells] + [c.col for c in new.cells]
        match = _SPANS_ATTR.search(data, existing.start, existing.tag_end)
        if match:
            spans = b"%d:%d" % (min(columns), max(columns))
            edits.append((match.start(3), match.end(3), spans))
        inserts: dict[int, list[bytes]] = {}
        for cell in new.cells:
            old = next((c for c in existing.cells if c.col == cell.col), None)
            if old is not None:
                edits.append((old.start, old.end, _cell_xml(p, new.index, cell)))
                continue
            after = next((c for c in existing.cells if c.col > cell.col), None)
            at = after.start if after else (existing.close if not existing.empty else -1)
            inserts.setdefault(at, []).append(_cell_xml(p, new.index, cell))
        for at, parts in inserts.items():
            if at == -1:  # «<row r="9" …/>» becomes «<row r="9" …>cells</row>»
                edits.append((existing.tag_end - 2, existing.tag_end,
                              b">" + b"".join(parts) + b"</%srow>" % p))
            else:
                edits.append((at, at, b"".join(parts)))
    if xml.dimension is not None and xml.dimension_ref is not None:
        bounds = _parse_range(xml.dimension_ref)
        match = _REF_ATTR.search(data, xml.dimension.start, xml.dimension.tag_end)
        if bounds is not None and match:
            r1, c1, r2, c2 = bounds
            for new in new_rows:
                for cell in new.cells:
                    r1, r2 = min(r1, new.index), max(r2, new.index)
                    c1, c2 = min(c1, cell.col), max(c2, cell.col)
            edits.append((match.start(3), match.end(3), _range_text(r1, c1, r2, c2).encode()))
    return _splice(data, edits)


def _cell_map(xml: _SheetXml) -> dict[tuple[int, int], bytes]:
    return {(row.index, c.col): xml.data[c.start:c.end] for row in xml.rows for c in row.cells}


def _verify_sheet(old: _SheetXml, new_data: bytes, new_rows: list[_NewRow]) -> None:
    """Re-read the edited part: old cells byte-identical, new cells as intended, order right,
    the root element and everything outside ``<sheetData>`` unchanged but the dimension."""
    try:
        new = _scan_sheet(new_data)
    except _XmlScanError as exc:
        raise _internal(f"лист: {exc}") from None
    expected = {(r.index, c.col): c for r in new_rows for c in r.cells}
    old_cells, new_cells = _cell_map(old), _cell_map(new)
    for key, raw in old_cells.items():
        if key not in expected and new_cells.get(key) != raw:
            raise _internal(f"ячейка {key} изменилась")
    extra = set(new_cells) - set(old_cells) - set(expected)
    if extra or not set(expected) <= set(new_cells):
        raise _internal("состав ячеек")
    for row in new.rows:
        for cell in row.cells:
            want = expected.get((row.index, cell.col))
            if want is None:
                continue
            got = (cell.style or None, cell.text if want.text is not None else cell.v)
            if got != (want.style or None, want.text if want.text is not None else str(want.serial)):
                raise _internal(f"ячейка {column_letter(cell.col)}{row.index}")
    indices = [r.index for r in new.rows]
    if indices != sorted(set(indices)) or any(
            [c.col for c in r.cells] != sorted({c.col for c in r.cells}) for r in new.rows):
        raise _internal("порядок строк или ячеек")

    def outside(x: _SheetXml) -> bytes:
        head = x.data[:x.sheet_data.start]
        if x.dimension is not None:
            head = x.data[:x.dimension.start] + x.data[x.dimension.tag_end:x.sheet_data.start]
        close = x.data.index(b">", x.sheet_data_close) + 1 if not x.sheet_data.empty else x.sheet_data.tag_end
        return head + b"\0" + x.data[close:]

    if outside(old) != outside(new):
        raise _internal("части листа вне таблицы данных")
    try:
        a, b = etree.fromstring(old.data, _XML_PARSER), etree.fromstring(new_data, _XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise _internal(f"XML листа: {exc}") from None
    if a.nsmap != b.nsmap or dict(a.attrib) != dict(b.attrib):
        raise _internal("корневой элемент листа")


def _edit_table(data: bytes, plan: _TablePlan, last_row: int) -> bytes:
    """The table part with its ``ref`` (and its autoFilter's) reaching ``last_row``."""
    r1, c1, _r2, c2 = plan.ref
    edits = []
    root: list[_Element] = []
    autofilter: list[_Element] = []
    depth = [0]
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _no_dtd

    def start(name: str, attrs: dict[str, str]) -> None:
        element = _tag_at(data, parser.CurrentByteIndex)
        if depth[0] == 0:
            root.append(element)
        elif depth[0] == 1 and name.rpartition(" ")[2] == "autoFilter":
            autofilter.append(element)
        depth[0] += 1

    def end(name: str) -> None:
        depth[0] -= 1

    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, _XmlScanError) as exc:
        raise _internal(f"таблица: {exc}") from None
    for element in root[:1] + autofilter[:1]:
        match = _REF_ATTR.search(data, element.start, element.tag_end)
        if match:
            bounds = _parse_range(match.group(3).decode("ascii", "replace"))
            if bounds is not None:
                b1, bc1, _b2, bc2 = bounds
                edits.append((match.start(3), match.end(3), _range_text(b1, bc1, last_row, bc2).encode()))
    result = _splice(data, edits)
    check = etree.fromstring(result, _XML_PARSER)
    if _parse_range(check.get("ref", "")) != (r1, c1, last_row, c2):
        raise _internal("диапазон таблицы")
    return result


# --------------------------------------------------------------------------- files


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _backup_key(name: str, stem: str, suffix: str) -> tuple[str, int] | None:
    m = re.fullmatch(re.escape(stem) + r"_(\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d)(?:_(\d+))?" + re.escape(suffix), name)
    return (m[1], int(m[2] or 1)) if m else None


def _write_backup(path: Path, data: bytes, keep: int) -> Path:
    """Put ``data`` (the workbook as it is now) into the backup folder; keep the newest ``keep``."""
    folder = path.parent / BACKUP_DIR
    try:
        folder.mkdir(mode=0o700, exist_ok=True)  # copies of personal data: the user's eyes only
        stamp = datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
        target = folder / f"{path.stem}_{stamp}{path.suffix}"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{path.stem}_{stamp}_{n}{path.suffix}"
        with open(target, "xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        shutil.copystat(path, target)
        ours = sorted((k, n) for n in os.listdir(folder) if (k := _backup_key(n, path.stem, path.suffix)))
        for _key, name in ours[:max(0, len(ours) - keep)]:
            os.remove(folder / name)
    except OSError as exc:
        raise OutputError(
            f"Не удалось сохранить резервную копию реестра в папку «{folder}»: {os_reason(exc)}. "
            "Журнал не изменён."
        ) from None
    return target


def _replace_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` next to ``path`` and move it over ``path`` in one step, keeping its mode."""
    st = path.stat()
    fd, tmp = tempfile.mkstemp(prefix=".~docgen-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if hasattr(os, "chown"):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass  # only the owner or root may give a file away; the mode is what matters
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)


def _as_date(value: date) -> date:
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, date):
        raise TypeError(f"expected a date, got {value!r}")
    return value


# --------------------------------------------------------------------------- the journal session


class Journal:
    """A write session on the order journal of one workbook.

    ::

        with Journal(path, packs.registry_schema().sheet("orders")) as j:
            number = j.next_number(day)
            place = j.add(number=number, on=day, template="order_intro", title=…, signed_by=…, file=…)
            j.commit()

    Entering checks that no office suite has the workbook open, takes the inter-process lock
    (waiting up to ``timeout`` seconds for another docgen run) and reads the journal fresh from
    disk; the lock is held until the ``with`` block ends, so the number handed out cannot be
    taken by anyone else before :meth:`commit`. Nothing is written without :meth:`commit`;
    an exception inside the block discards the added rows.

    Columns of the schema sheet that the journal lacks are skipped on writing (only the
    required ones — number and date — must exist), the same way the reader treats them.
    """

    def __init__(self, path: str | os.PathLike[str], sheet: Sheet, *, timeout: float = LOCK_TIMEOUT,
                 keep_backups: int = KEEP_BACKUPS):
        self.path = Path(path)
        # All reading and writing goes to the real file: replacing a symlink would turn it into
        # a regular file and leave the workbook it pointed to untouched.
        self.file = Path(os.path.realpath(self.path))
        self.sheet = sheet
        self.timeout = timeout
        self.keep_backups = keep_backups
        self.entries: list[JournalEntry] = []
        self.last_backup: Path | None = None
        self._book: _Book | None = None
        self._pending: list[_NewRow] = []
        self._lock: Any = None

    # ---------------------------------------------------------------- session

    @property
    def lock_path(self) -> Path:
        """The inter-process lock file: hidden next to the workbook, harmless when left behind
        (on POSIX it stays, because deleting a lock file that another process may be waiting on
        would let a third one lock a new file with the same name)."""
        return self.file.parent / f".{self.file.name}.docgen.lock"

    def __enter__(self) -> "Journal":
        from filelock import FileLock, Timeout

        suffix = self.path.suffix.lower()
        if self.file.suffix.lower() not in WRITABLE_SUFFIXES:
            suffix = self.file.suffix.lower()
        if suffix not in WRITABLE_SUFFIXES:
            raise OutputError(
                f"Журнал приказов docgen ведёт только в книге .xlsx или .xlsm, а реестр «{self.path.name}» "
                f"— в формате {suffix or 'без расширения'}. Откройте его в Excel или LibreOffice, сохраните "
                "как «Книга Excel (.xlsx)» и укажите новый файл."
            )
        if not self.file.is_file():
            raise UsageError(f"Файл реестра не найден: {self.path}")
        self._refuse_if_open()  # fail fast, without waiting for the lock
        lock = FileLock(str(self.lock_path), timeout=self.timeout, thread_local=False)
        try:
            lock.acquire()
        except Timeout:
            raise OutputError(
                f"Реестр «{self.path.name}» занят другим запуском docgen: он сейчас записывает журнал "
                f"приказов. Подождали {self.timeout:g} с. Дождитесь окончания и повторите."
            ) from None
        except OSError as exc:
            raise OutputError(f"Нет возможности записывать в папку реестра «{self.file.parent}»: "
                              f"{os_reason(exc)}.") from None
        self._lock = lock
        try:
            self._refuse_if_open()
            self._load(self._read())
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self._pending = []
        self._release()

    def _refuse_if_open(self) -> None:
        _refuse_if_open(self.path)
        if self.file != Path(os.path.abspath(self.path)):
            _refuse_if_open(self.file)

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        self._book = None

    def _read(self) -> bytes:
        try:
            return self.file.read_bytes()
        except PermissionError:
            raise OutputError(f"Реестр «{self.path.name}» не читается: он открыт в другой программе или "
                              "нет прав на чтение. Закройте его и повторите.") from None
        except OSError as exc:
            raise OutputError(f"Реестр «{self.path.name}» не читается: {os_reason(exc)}.") from None

    def _load(self, data: bytes) -> None:
        self._book = _Book(data, self.path.name, self.sheet)
        self.entries = list(self._book.entries)
        self._pending = []

    def _session(self) -> _Book:
        if self._book is None:
            raise RuntimeError("Journal must be used inside a `with` block")
        return self._book

    # ---------------------------------------------------------------- reading

    @property
    def sheet_name(self) -> str:
        """The journal sheet's name as the workbook spells it."""
        return self._session().sheet_name

    def next_number(self, on: date) -> str:
        """The number :func:`propose_number` gives for ``on``, rows added in this session included."""
        self._session()
        return propose_number(self.entries, _as_date(on))

    # ---------------------------------------------------------------- writing

    def add(self, *, number: str, on: date, template: str, title: str, signed_by: str, file: str) -> str:
        """Queue one journal row after the last one; return its place, e.g. «Приказы!A12».

        The number is written as text whatever it looks like, the date as an Excel date with
        the previous row's date style (or the workbook's date style, or as «ДД.ММ.ГГГГ» text
        when the workbook has none); text cells take the style of the cell above.
        """
        book = self._session()
        on = _as_date(on)
        number = clean_text(number)
        if not number:
            raise OutputError("Не указан номер приказа для журнала.")
        twin = _same_number(self.entries, number, on.year)
        if twin is not None:
            cell = f"{column_letter(book.columns['number'])}{twin.row}"
            raise OutputError(
                f"Номер «{number}» уже есть в журнале приказов за {on.year} год: {book.sheet_name}!{cell}. "
                "Укажите другой номер."
            )
        index = max([book.last_row] + [r.index for r in self._pending]) + 1
        values = {"number": number, "date": on, "template": template, "title": title,
                  "signed_by": signed_by, "file": file}
        cells: list[_NewCell] = []
        for key, value in values.items():
            col = book.columns.get(key)
            if col is None:
                continue
            existing = book._cell(index, col)
            if existing is not None and existing.formula:
                raise OutputError(
                    f"В ячейке {book.sheet_name}!{column_letter(col)}{index}, куда docgen должен записать "
                    "новый приказ, стоит формула. Удалите её (или перенесите журнал) и повторите."
                )
            fallback = existing.style if existing is not None else book.col_style(col)
            above = book.style_above(col)
            if key == "date":
                style = book.date_style(col, index)
                if style is not None:
                    cells.append(_NewCell(col=col, style=style, serial=(value - book.epoch).days))
                else:
                    cells.append(_NewCell(col=col, style=above if above is not None else fallback,
                                          text=value.strftime("%d.%m.%Y")))
                continue
            text = XML_ILLEGAL.sub("", clean_text(value))
            if not text:
                continue
            if len(text) > MAX_CELL_TEXT:
                raise OutputError(f"Текст для столбца «{self.sheet.field(key).header}» длиннее "
                                  f"{MAX_CELL_TEXT} знаков: Excel не сохранит его в одной ячейке.")
            cells.append(_NewCell(col=col, style=above if above is not None else fallback, text=text))
        book.table_plan(index)  # refuses early when an Excel table cannot grow
        self._pending.append(_NewRow(index=index, cells=cells))
        self.entries.append(JournalEntry(row=index, number=number, date=on, template=clean_text(template) or None))
        return f"{book.sheet_name}!{column_letter(book.columns['number'])}{index}"

    def _build(self) -> tuple[bytes, dict[str, bytes]]:
        book = self._session()
        sheet_data = _edit_sheet(book.xml, self._pending)
        _verify_sheet(book.xml, sheet_data, self._pending)
        replacements = {book.sheet_member: sheet_data}
        last = max(r.index for r in self._pending)
        plan = book.table_plan(last)
        if plan is not None:
            replacements[plan.part] = _edit_table(book.pkg.read(plan.part) or b"", plan, last)
        new = _rewrite_zip(book.data, replacements)
        _verify_zip(book.data, new, replacements)
        return new, replacements

    def commit(self) -> None:
        """Write the added rows: check again that the workbook is closed and unchanged, back it
        up, then replace it atomically. The session stays open (and locked) afterwards."""
        book = self._session()
        if not self._pending:
            return
        self._refuse_if_open()
        current = self._read()
        if current != book.data:
            raise OutputError(
                f"Реестр «{self.path.name}» изменился, пока docgen готовил запись в журнал (его сохранила "
                "другая программа). Ничего не записано: повторите."
            )
        new, _ = self._build()
        self.last_backup = _write_backup(self.file, current, self.keep_backups)
        try:
            _replace_atomically(self.file, new)
        except PermissionError:
            raise OutputError(f"Реестр «{self.path.name}» не удалось перезаписать: он открыт в другой программе "
                              "или нет прав на запись. Закройте его и повторите. Журнал не изменён.") from None
        except OSError as exc:
            raise OutputError(f"Реестр «{self.path.name}» не удалось перезаписать: {os_reason(exc)}. "
                              "Журнал не изменён.") from None
        self._load(new)
