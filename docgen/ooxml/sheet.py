"""A worksheet part as bytes: rows and cells with their byte offsets, and edits spliced in.

:func:`scan_sheet` reads a ``xl/worksheets/sheetN.xml`` with expat (stdlib, C, reports byte
offsets) and returns every row and cell with where it starts and ends. :func:`edit_sheet`
splices new ``<row>``/``<c>`` elements in at the right offsets and rewrites ``<dimension ref>``;
every other byte stays as it was, so namespace declarations, ``mc:Ignorable``,
``x14ac:dyDescent`` and friends survive without relying on a serialiser. :func:`verify_sheet`
re-reads the result and compares it cell by cell with the original; :func:`edit_table` grows an
Excel table's range. See :mod:`docgen.ooxml.xlsx` for the workbook around a sheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from lxml import etree

from docgen.ooxml.a1 import column_letter, parse_range, parse_ref, range_text
from docgen.ooxml.package import XML_PARSER

__all__ = ["Cell", "EditError", "NewCell", "NewRow", "Row", "SheetScanError", "SheetXml", "TablePlan",
           "edit_sheet", "edit_table", "scan_sheet", "verify_sheet"]


_MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # ISO «Strict Open XML»
)


class SheetScanError(ValueError):
    """A worksheet part that cannot be scanned (not UTF-8, a DTD, broken XML, no sheetData)."""


class EditError(ValueError):
    """An edit failed its own verification; the workbook must not be written."""


# --------------------------------------------------------------------------- the sheet XML


_TAG = re.compile(rb'<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*\s*(/?)>')
_REF_ATTR = re.compile(rb'(\sref\s*=\s*)(["\'])([^"\']*)\2')
_SPANS_ATTR = re.compile(rb'(\sspans\s*=\s*)(["\'])([^"\']*)\2')
@dataclass
class Cell:
    col: int
    start: int
    end: int = 0
    style: int | None = None
    type: str = "n"
    v: str | None = None
    text: str | None = None
    formula: bool = False


@dataclass
class Row:
    index: int
    start: int
    tag_end: int
    empty: bool
    attrs: dict[str, str]
    end: int = 0
    close: int = 0  # offset of «</row>» (or of «/>» in an empty row)
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Element:
    start: int
    tag_end: int
    empty: bool


@dataclass
class SheetXml:
    data: bytes
    root: Element
    prefix: bytes
    rows: list[Row]
    sheet_data: Element
    sheet_data_close: int  # offset of «</sheetData>», or of the empty tag
    dimension: Element | None
    dimension_ref: str | None
    col_styles: list[tuple[int, int, int]]  # (min, max, style)

    def row(self, index: int) -> Row | None:
        for row in self.rows:
            if row.index == index:
                return row
        return None


def _tag_at(data: bytes, pos: int) -> Element:
    m = _TAG.match(data, pos)
    if not m:
        raise SheetScanError(f"тег по смещению {pos}")
    return Element(start=pos, tag_end=m.end(), empty=bool(m.group(1)))


def _no_dtd(*_args: Any) -> None:
    raise SheetScanError("DOCTYPE")


def scan_sheet(data: bytes) -> SheetXml:
    """Rows and cells of a worksheet part with their byte offsets (expat, namespace-aware)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or re.match(
            rb'\s*<\?xml[^>]*encoding\s*=\s*["\'](?!utf-?8)', data[:200], re.I):
        raise SheetScanError("кодировка листа не UTF-8")
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    stack: list[tuple[str, Element]] = []
    rows: list[Row] = []
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
                raise SheetScanError("корневой элемент не worksheet")
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
                raise SheetScanError(f"номер строки «{attrs.get('r')}»") from None
            rows.append(Row(index=index, start=element.start, tag_end=element.tag_end,
                             empty=element.empty, attrs=dict(attrs)))
        elif depth == 3 and main and parent == "row" and local == "c" and rows:
            row = rows[-1]
            if "r" in attrs:
                ref = parse_ref(attrs["r"])
                if ref is None:
                    raise SheetScanError(f"адрес ячейки «{attrs['r']}»")
                col = ref[1]
            else:
                col = row.cells[-1].col + 1 if row.cells else 1
            try:
                style = int(attrs["s"]) if "s" in attrs else None
            except ValueError:
                style = None
            state["cell"] = Cell(col=col, start=element.start, style=style, type=attrs.get("t", "n"))
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
        raise SheetScanError(str(exc)) from None
    if state["sheet_data"] is None:
        raise SheetScanError("нет sheetData")
    sd: Element = state["sheet_data"]
    qname = re.match(rb"<([^\s/>]+)", data[sd.start:sd.tag_end])[1]  # type: ignore[index]
    prefix = qname[:qname.index(b":") + 1] if b":" in qname else b""
    return SheetXml(data=data, root=state["root"], prefix=prefix, rows=rows, sheet_data=sd,
                     sheet_data_close=state["close"], dimension=state["dimension"],
                     dimension_ref=state["dimension_ref"], col_styles=col_styles)


# --------------------------------------------------------------------------- new cells


@dataclass
class NewCell:
    """A cell to write: an inline string (``text``) or a number (``serial``, e.g. a date)."""

    col: int
    style: int | None
    text: str | None = None
    serial: int | None = None


@dataclass
class NewRow:
    index: int
    cells: list[NewCell]


@dataclass
class TablePlan:
    """An Excel table whose range must grow to cover new rows."""

    part: str
    ref: tuple[int, int, int, int]
    header_row: int


def _xml_text(text: str) -> bytes:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).encode("utf-8")


# --------------------------------------------------------------------------- editing


def _cell_xml(prefix: bytes, row: int, cell: NewCell) -> bytes:
    ref = f"{column_letter(cell.col)}{row}".encode()
    style = b"" if not cell.style else b' s="%d"' % cell.style
    p = prefix
    if cell.text is not None:
        space = b' xml:space="preserve"' if cell.text != cell.text.strip() or "\n" in cell.text else b""
        return (b'<%sc r="%s"%s t="inlineStr"><%sis><%st%s>%s</%st></%sis></%sc>'
                % (p, ref, style, p, p, space, _xml_text(cell.text), p, p, p))
    return b'<%sc r="%s"%s><%sv>%d</%sv></%sc>' % (p, ref, style, p, cell.serial or 0, p, p)


def _splice(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    ordered = sorted(enumerate(edits), key=lambda e: (e[1][0], e[1][1], e[0]))
    out, pos = [], 0
    for _, (start, end, text) in ordered:
        if start < pos:
            raise EditError("пересекающиеся правки листа")
        out += [data[pos:start], text]
        pos = end
    out.append(data[pos:])
    return b"".join(out)


def edit_sheet(xml: SheetXml, new_rows: list[NewRow]) -> bytes:
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
        bounds = parse_range(xml.dimension_ref)
        match = _REF_ATTR.search(data, xml.dimension.start, xml.dimension.tag_end)
        if bounds is not None and match:
            r1, c1, r2, c2 = bounds
            for new in new_rows:
                for cell in new.cells:
                    r1, r2 = min(r1, new.index), max(r2, new.index)
                    c1, c2 = min(c1, cell.col), max(c2, cell.col)
            edits.append((match.start(3), match.end(3), range_text(r1, c1, r2, c2).encode()))
    return _splice(data, edits)


def _cell_map(xml: SheetXml) -> dict[tuple[int, int], bytes]:
    return {(row.index, c.col): xml.data[c.start:c.end] for row in xml.rows for c in row.cells}


def verify_sheet(old: SheetXml, new_data: bytes, new_rows: list[NewRow]) -> None:
    """Re-read the edited part: old cells byte-identical, new cells as intended, order right,
    the root element and everything outside ``<sheetData>`` unchanged but the dimension."""
    try:
        new = scan_sheet(new_data)
    except SheetScanError as exc:
        raise EditError(f"лист: {exc}") from None
    expected = {(r.index, c.col): c for r in new_rows for c in r.cells}
    old_cells, new_cells = _cell_map(old), _cell_map(new)
    for key, raw in old_cells.items():
        if key not in expected and new_cells.get(key) != raw:
            raise EditError(f"ячейка {key} изменилась")
    extra = set(new_cells) - set(old_cells) - set(expected)
    if extra or not set(expected) <= set(new_cells):
        raise EditError("состав ячеек")
    for row in new.rows:
        for cell in row.cells:
            want = expected.get((row.index, cell.col))
            if want is None:
                continue
            got = (cell.style or None, cell.text if want.text is not None else cell.v)
            if got != (want.style or None, want.text if want.text is not None else str(want.serial)):
                raise EditError(f"ячейка {column_letter(cell.col)}{row.index}")
    indices = [r.index for r in new.rows]
    if indices != sorted(set(indices)) or any(
            [c.col for c in r.cells] != sorted({c.col for c in r.cells}) for r in new.rows):
        raise EditError("порядок строк или ячеек")

    def outside(x: SheetXml) -> bytes:
        head = x.data[:x.sheet_data.start]
        if x.dimension is not None:
            head = x.data[:x.dimension.start] + x.data[x.dimension.tag_end:x.sheet_data.start]
        close = x.data.index(b">", x.sheet_data_close) + 1 if not x.sheet_data.empty else x.sheet_data.tag_end
        return head + b"\0" + x.data[close:]

    if outside(old) != outside(new):
        raise EditError("части листа вне таблицы данных")
    try:
        a, b = etree.fromstring(old.data, XML_PARSER), etree.fromstring(new_data, XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise EditError(f"XML листа: {exc}") from None
    if a.nsmap != b.nsmap or dict(a.attrib) != dict(b.attrib):
        raise EditError("корневой элемент листа")


def edit_table(data: bytes, plan: TablePlan, last_row: int) -> bytes:
    """The table part with its ``ref`` (and its autoFilter's) reaching ``last_row``."""
    r1, c1, _r2, c2 = plan.ref
    edits = []
    root: list[Element] = []
    autofilter: list[Element] = []
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
    except (expat.ExpatError, SheetScanError) as exc:
        raise EditError(f"таблица: {exc}") from None
    for element in root[:1] + autofilter[:1]:
        match = _REF_ATTR.search(data, element.start, element.tag_end)
        if match:
            bounds = parse_range(match.group(3).decode("ascii", "replace"))
            if bounds is not None:
                b1, bc1, _b2, bc2 = bounds
                edits.append((match.start(3), match.end(3), range_text(b1, bc1, last_row, bc2).encode()))
    result = _splice(data, edits)
    check = etree.fromstring(result, XML_PARSER)
    if parse_range(check.get("ref", "")) != (r1, c1, last_row, c2):
        raise EditError("диапазон таблицы")
    return result

