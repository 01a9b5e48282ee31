"""Charts in templates: the rendered cache made consistent, and the workbook behind it.

A Word chart (``word/charts/chartN.xml``) draws from its *cache* — the categories and values
written into the chart part — and keeps the data it came from in an *embedded workbook*
(``c:externalData`` → a package relationship → ``word/embeddings/….xlsx``). Word's «Изменить
данные» opens that workbook, and when it is closed Word re-reads the chart from the cells the
series formulas (``c:f``) name. docgen renders the cache like any other part, so:

* :func:`fit_chart_cache` — a cache rendered from a loop has as many points as the loop made,
  which a template cannot say in the typed ``idx``/``ptCount`` attributes without being an
  invalid file itself (``idx="{{ loop.index0 }}"`` is not a number to Word, and LibreOffice
  refuses to open such a template). So the template writes one example point inside
  ``<!--{% for %}-->…<!--{% endfor %}-->`` and here every cache whose ``idx`` values repeat (or
  that holds the empty comments such a loop leaves, also when it made no point) is renumbered
  0…n−1 with ``ptCount`` = n, and every series formula is fitted to the number of points
  (``Лист1!$B$2:$B$9`` → ``Лист1!$B$2:$B$4`` for three).
* :func:`chart_workbook` — a small .xlsx holding exactly the cached values at the cells the
  formulas name, so «Изменить данные» shows what the chart shows (rather than the template's
  example, or nothing). Written by hand (seven small parts, fixed zip times): the same chart
  always gives the same bytes.
* :func:`chart_embeddings` — which chart part's workbook is which package part.

A chart without an embedded workbook stays without one (it still draws; only «Изменить данные»
is unavailable); charts with multi-level categories or series on several sheets keep the
template's workbook unchanged.
"""

from __future__ import annotations

import posixpath
import re
from typing import Mapping

from lxml import etree

from docgen.ooxml.a1 import column_index, column_letter
from docgen.ooxml.package import XML_PARSER, resolve
from docgen.ooxml.text import xml_escape as escape
from docgen.ooxml.wordml import R_ID, RELS_NS
from docgen.ooxml.zip import Member, write

__all__ = ["CHART_PART", "chart_embeddings", "chart_workbook", "fit_chart_cache"]

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
PACKAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
CHART_PART = re.compile(r"^word/charts/chart\d+\.xml$")
# Sheet!$A$2:$A$9 — the sheet quoted ('Лист 1') or not, «$» optional, a cell or a range.
_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_PLAIN_SHEET = re.compile(r"[^\W\d]\w*")


def _c(name: str) -> str:
    return f"{{{C}}}{name}"


def _parse_ref(formula: str) -> tuple[str, int, int, int, int] | None:
    """'Лист1!$B$2:$B$9' → ('Лист1', col 2, row 2, col 2, row 9); None if not a plain range."""
    m = _REF.match(formula.strip())
    if m is None:
        return None
    sheet = m.group(1).replace("''", "'") if m.group(1) is not None else m.group(2)
    c1, r1 = column_index(m.group(3)), int(m.group(4))
    c2, r2 = (column_index(m.group(5)), int(m.group(6))) if m.group(5) else (c1, r1)
    return sheet, c1, r1, c2, r2


def _format_ref(sheet: str, c1: int, r1: int, c2: int, r2: int) -> str:
    quoted = sheet if _PLAIN_SHEET.fullmatch(sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!${column_letter(c1)}${r1}:${column_letter(c2)}${r2}"


def fit_chart_cache(xml: bytes) -> bytes:
    """A rendered chart part with loop-made caches renumbered and series formulas fitted to
    their point counts (see the module). Returns ``xml`` itself when nothing changes."""
    root = etree.fromstring(xml, XML_PARSER)
    changed = False
    for cache in root.iter(_c("strCache"), _c("numCache")):
        points = cache.findall(_c("pt"))
        count = cache.find(_c("ptCount"))
        idx = [p.get("idx", "") for p in points]
        # What <!--{% for %}-->…<!--{% endfor %}--> leaves behind: empty comments (also when the
        # loop made no point at all) and, for more than one point, the example's idx repeated.
        husks = [n for n in cache if isinstance(n, etree._Comment) and not (n.text or "").strip()]
        if husks or len(set(idx)) != len(idx) or not all(i.isdigit() for i in idx):
            for i, p in enumerate(points):
                p.set("idx", str(i))
            if count is not None:
                count.set("val", str(len(points)))
            for comment in husks:
                cache.remove(comment)
            changed = True
        ref = cache.getparent()
        formula = ref.find(_c("f")) if ref is not None else None
        if formula is None or count is None or not count.get("val", "").isdigit():
            continue
        parsed = _parse_ref(formula.text or "")
        n = int(count.get("val", "0"))
        if parsed is None or n == 0:
            continue
        sheet, c1, r1, c2, r2 = parsed
        if c1 == c2 and r2 - r1 + 1 != n:
            r2 = r1 + n - 1
        elif r1 == r2 and c1 != c2 and c2 - c1 + 1 != n:
            c2 = c1 + n - 1
        else:
            continue
        formula.text = _format_ref(sheet, c1, r1, c2, r2)
        changed = True
    if not changed:
        return xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def chart_workbook(xml: bytes) -> bytes | None:
    """The .xlsx «Изменить данные» opens: every cached point of every series name, category
    and value reference at the cell its formula names; None when the chart's data is not a set
    of plain ranges on one sheet (multi-level categories, literals only, several sheets)."""
    root = etree.fromstring(xml, XML_PARSER)
    if next(root.iter(_c("multiLvlStrRef")), None) is not None:
        return None
    cells: dict[tuple[int, int], str] = {}
    numeric: set[tuple[int, int]] = set()
    sheets: set[str] = set()
    for ref in root.iter(_c("strRef"), _c("numRef")):
        formula = ref.find(_c("f"))
        cache = ref.find(_c("strCache") if ref.tag == _c("strRef") else _c("numCache"))
        parsed = _parse_ref(formula.text or "") if formula is not None else None
        if parsed is None:
            return None
        sheet, c1, r1, c2, _r2 = parsed
        sheets.add(sheet)
        if cache is None:
            continue
        vertical = c1 == c2
        for pt in cache.findall(_c("pt")):
            i = int(pt.get("idx", "0"))
            cell = (r1 + i, c1) if vertical else (r1, c1 + i)
            value = pt.findtext(_c("v")) or ""
            cells[cell] = value
            if ref.tag == _c("numRef") and _NUMBER.match(value.strip()):
                numeric.add(cell)
            else:
                numeric.discard(cell)
    if len(sheets) != 1 or not cells:
        return None
    return _xlsx(sheets.pop(), cells, numeric)


def chart_embeddings(parts: Mapping[str, bytes]) -> dict[str, str]:
    """Chart part → the package part of its embedded workbook (``word/embeddings/….xlsx``),
    for every chart of the package whose ``c:externalData`` names an embedded .xlsx."""
    out: dict[str, str] = {}
    for name, data in parts.items():
        if not CHART_PART.match(name) or b"externalData" not in data:
            continue
        rels = parts.get(posixpath.join(posixpath.dirname(name), "_rels", posixpath.basename(name) + ".rels"))
        if rels is None:
            continue
        try:
            external = etree.fromstring(data, XML_PARSER).find(_c("externalData"))
            relationships = list(etree.fromstring(rels, XML_PARSER).iterchildren(f"{{{RELS_NS}}}Relationship"))
        except etree.XMLSyntaxError:
            continue  # a broken chart is reported when it is rendered
        rid = external.get(R_ID) if external is not None else None
        for rel in relationships:
            if rel.get("Id") == rid and rel.get("Type") == PACKAGE_REL and rel.get("TargetMode") != "External":
                part = resolve(name, rel.get("Target", ""))
                if part.lower().endswith(".xlsx") and part in parts:
                    out[name] = part
    return out


# --------------------------------------------------------------------------- the workbook

_SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_TYPES = (f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}sheet.main+xml"/>'
          f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}worksheet+xml"/>'
          f'<Override PartName="/xl/styles.xml" ContentType="{_CT}styles+xml"/>'
          f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}sharedStrings+xml"/></Types>')
_PACKAGE_RELS = (f'{_DECL}<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" '
                 f'Type="{_DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK_RELS = (f'{_DECL}<Relationships xmlns="{RELS_NS}">'
                  f'<Relationship Id="rId1" Type="{_DOC_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                  f'<Relationship Id="rId2" Type="{_DOC_REL}/styles" Target="styles.xml"/>'
                  f'<Relationship Id="rId3" Type="{_DOC_REL}/sharedStrings" Target="sharedStrings.xml"/>'
                  '</Relationships>')
_STYLES = (f'{_DECL}<styleSheet xmlns="{_SML}">'
           '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
           '<fills count="2"><fill><patternFill patternType="none"/></fill>'
           '<fill><patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
           '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_SPACE = ' xml:space="preserve"'


def _xlsx(sheet: str, cells: Mapping[tuple[int, int], str], numeric: set[tuple[int, int]]) -> bytes:
    strings: dict[str, int] = {}
    rows: dict[int, list[str]] = {}
    for r, c in sorted(cells):
        value, ref = cells[(r, c)], f"{column_letter(c)}{r}"
        if (r, c) in numeric:
            rows.setdefault(r, []).append(f'<c r="{ref}"><v>{value.strip()}</v></c>')
        else:
            i = strings.setdefault(value, len(strings))
            rows.setdefault(r, []).append(f'<c r="{ref}" t="s"><v>{i}</v></c>')
    first_row, last_row = min(r for r, _ in cells), max(r for r, _ in cells)
    first_col, last_col = min(c for _, c in cells), max(c for _, c in cells)
    dimension = f"{column_letter(first_col)}{first_row}:{column_letter(last_col)}{last_row}"
    sheet_xml = (f'{_DECL}<worksheet xmlns="{_SML}"><dimension ref="{dimension}"/><sheetData>'
                 + "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(rows.items()))
                 + "</sheetData></worksheet>")
    # xml:space only for text with leading or trailing spaces, as Excel does.
    shared = (f'{_DECL}<sst xmlns="{_SML}" count="{len(strings)}" uniqueCount="{len(strings)}">'
              + "".join(f'<si><t{_SPACE if s != s.strip() else ""}>{escape(s)}</t></si>' for s in strings)
              + "</sst>")
    workbook = (f'{_DECL}<workbook xmlns="{_SML}" xmlns:r="{_DOC_REL}"><sheets>'
                f'<sheet name="{escape(sheet, attribute=True)}" sheetId="1" r:id="rId1"/></sheets></workbook>')
    members = [("[Content_Types].xml", _TYPES), ("_rels/.rels", _PACKAGE_RELS), ("xl/workbook.xml", workbook),
               ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS), ("xl/worksheets/sheet1.xml", sheet_xml),
               ("xl/styles.xml", _STYLES), ("xl/sharedStrings.xml", shared)]
    return write([Member.make(name, text.encode("utf-8"), _ZIP_TIME) for name, text in members])
