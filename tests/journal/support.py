"""The journal tests' workbook: a frozen copy of the example registry, and helpers that
read and rewrite its zip members (shared by tests/journal/ and tests/acceptance/test_journal.py)."""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
from lxml import etree

from docgen.journal.numbering import JournalEntry
from docgen.journal.session import Journal
from docgen.plugins.catalog import catalog
from tests.helpers import ROOT

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


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777
