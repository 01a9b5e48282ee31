"""What docxtpl does to a rendered document after Jinja, done to docgen's rendered parts.

docxtpl post-processes every rendered body: ``\\a`` and ``\\f`` in the text become a new
paragraph and a page break (``resolve_listing``), table grids are refitted after column loops and
merges (``fix_tables``), drawing ids are renumbered (``fix_docpr_ids``). docgen renders a
template compiled once, part by part, and does the same here — only for the parts that need it,
so a consent form of the built-in pack costs nothing more:

* :func:`resolve_breaks` — a value's ``\\a`` (paragraph) and ``\\f`` (page break) arrive from
  :func:`~docgen.render.environment.xml_finalize` as marker breaks (:data:`PARAGRAPH_BREAK`,
  :data:`PAGE_BREAK`); the paragraph is split there, the new one keeping the paragraph's and the
  run's properties (a section break stays with the last piece), a page break being a paragraph
  of its own between the pieces, as docxtpl writes it.
* :func:`fix_grids` — after ``{%tc for %}``, ``{% colspan %}`` or ``{% hm %}`` the number of
  ``w:gridCol`` must be the number of grid columns the rows span; LibreOffice lays the table out
  from the grid, and Word calls a row longer than its grid an error. Missing columns are added and
  the widths scaled so that the table keeps its width; surplus ones are removed and their width
  shared out (docxtpl's rule). Unlike docxtpl, spans count when columns are added, and a grid
  without widths is still completed. The cell properties ``patch_xml`` inserts for these tags
  and for ``{% cellbg %}`` and ``{% vm %}`` go where the schema wants them (docxtpl puts them at
  the start or the end of ``w:tcPr``, which Word's validator calls an error).
* :func:`unique_drawing_ids` — a picture inside a loop repeats its ``wp:docPr`` id, which Word
  calls an error; repeats get new ids.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from docgen.ooxml.normalise import normalise_tree
from docgen.ooxml.wordml import W_P, W_PPR, w

__all__ = ["LINE_BREAK", "PAGE_BREAK", "PARAGRAPH_BREAK", "TAB", "finish_part", "fix_grids", "resolve_breaks",
           "unique_drawing_ids"]

LINE_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
TAB = '</w:t><w:tab/><w:t xml:space="preserve">'
PARAGRAPH_BREAK = '</w:t><w:br w:type="docgen-paragraph"/><w:t xml:space="preserve">'
PAGE_BREAK = '</w:t><w:br w:type="docgen-page"/><w:t xml:space="preserve">'
_MARKER = b'w:type="docgen-'
_MARKS = {"docgen-paragraph", "docgen-page"}

_W_R, _W_BR, _W_TYPE = w("r"), w("br"), w("type")
_W_TBL, _W_TR, _W_TC = w("tbl"), w("tr"), w("tc")
_W_GRID, _W_GRIDCOL, _W_W, _W_VAL = w("tblGrid"), w("gridCol"), w("w"), w("val")
_W_TCPR, _W_GRIDSPAN, _W_SECTPR = w("tcPr"), w("gridSpan"), w("sectPr")
# The property element each container carries first, copied to the piece a split makes.
_PROPERTIES = {W_P: W_PPR, _W_R: w("rPr"), w("sdt"): w("sdtPr"), w("smartTag"): w("smartTagPr"),
               w("customXml"): w("customXmlPr")}
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, remove_blank_text=False)
_DOCPR_ID = re.compile(rb'(<(?:\w+:)?docPr\b[^>]*?\sid=")(\d+)(")')


def finish_part(data: bytes, *, tables: bool = False, drawings: int | None = None) -> bytes:
    """``data`` with :func:`resolve_breaks` (when it holds a marker), :func:`fix_grids` and the
    cell properties docxtpl inserted put in schema order (when ``tables``), and
    :func:`unique_drawing_ids` from ``drawings`` (when given); unchanged, not even re-serialised,
    when none applies."""
    if drawings is not None and b"docPr" in data:
        data = unique_drawing_ids(data, drawings)
    breaks = _MARKER in data
    if not (breaks or tables):
        return data
    root = etree.fromstring(data, _PARSER)
    if breaks:
        resolve_breaks(root)
    if tables:
        fix_grids(root)
        normalise_tree(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --------------------------------------------------------------------------- \a and \f


def _split(paragraph: etree._Element, mark: etree._Element) -> etree._Element:
    """Split ``paragraph`` at ``mark`` (a descendant), removing it; return the second piece,
    inserted right after the first."""
    node, piece = mark, None
    while True:
        parent = node.getparent()
        clone = etree.Element(parent.tag, attrib=dict(parent.attrib))
        props = _PROPERTIES.get(parent.tag)
        own = parent.find(props) if props is not None else None
        if own is not None and own is not node:
            kept = copy.deepcopy(own)
            clone.append(kept)
            section = own.find(_W_SECTPR) if parent.tag == W_P else None
            if section is not None:  # the section ends after the last piece
                own.remove(section)
        if piece is not None:
            clone.append(piece)
        for sibling in list(node.itersiblings()):
            clone.append(sibling)
        if node is mark:
            parent.remove(mark)
        piece = clone
        if parent is paragraph:
            paragraph.addnext(piece)
            return piece
        node = parent


def resolve_breaks(root: etree._Element) -> None:
    """Turn the marker breaks of ``\\a`` and ``\\f`` into paragraphs (see the module docstring)."""
    for mark in [br for br in root.iter(_W_BR) if br.get(_W_TYPE) in _MARKS]:
        page = mark.get(_W_TYPE) == "docgen-page"
        paragraph = next((a for a in mark.iterancestors(W_P)), None)
        if paragraph is None or mark.getparent().tag != _W_R:
            if page and mark.getparent().tag == _W_R:
                mark.set(_W_TYPE, "page")
            else:
                mark.getparent().remove(mark)
            continue
        second = _split(paragraph, mark)
        if page:
            breaker = etree.Element(W_P)
            etree.SubElement(etree.SubElement(breaker, _W_R), _W_BR).set(_W_TYPE, "page")
            paragraph.addnext(breaker)
            assert breaker.getnext() is second


# --------------------------------------------------------------------------- table grids


def _span(cell: etree._Element) -> int:
    props = cell.find(_W_TCPR)
    span = props.find(_W_GRIDSPAN) if props is not None else None
    try:
        return max(1, int(span.get(_W_VAL, "1"))) if span is not None else 1
    except ValueError:
        return 1


def _width(col: etree._Element) -> float:
    try:
        return float(col.get(_W_W, "0"))
    except ValueError:
        return 0.0


def fix_grids(root: etree._Element) -> None:
    """Every table's ``w:tblGrid`` fitted to the columns its rows span (module docstring)."""
    for table in root.iter(_W_TBL):
        grid = table.find(_W_GRID)
        if grid is None:
            continue
        rows = [row for row in table.iter(_W_TR) if next(row.iterancestors(_W_TBL)) is table]
        need = max((sum(_span(c) for c in row.findall(_W_TC)) for row in rows), default=0)
        cols = grid.findall(_W_GRIDCOL)
        if need == 0 or need == len(cols):
            continue
        total = sum(_width(c) for c in cols)
        if need > len(cols):
            if total > 0 and cols:
                share = total / need
                scale = share / (total / len(cols))
                for col in cols:
                    col.set(_W_W, str(int(_width(col) * scale)))
            for _ in range(need - len(cols)):
                col = etree.SubElement(grid, _W_GRIDCOL)
                if total > 0:
                    col.set(_W_W, str(int(total / need)))
        else:
            removed = cols[need:]
            extra = int(sum(_width(c) for c in removed) / need)
            for col in removed:
                grid.remove(col)
            if total > 0:
                for col in cols[:need]:
                    col.set(_W_W, str(int(_width(col) + extra)))


# --------------------------------------------------------------------------- drawing ids


def unique_drawing_ids(data: bytes, start: int) -> bytes:
    """Repeated ``wp:docPr`` ids (a picture in a loop) renumbered from ``start``; the first
    occurrence of each id keeps it."""
    seen: set[bytes] = set()
    counter = [start]

    def renumber(m: re.Match[bytes]) -> bytes:
        if m.group(2) not in seen:
            seen.add(m.group(2))
            return m.group(0)
        counter[0] += 1
        return m.group(1) + str(counter[0]).encode() + m.group(3)

    return _DOCPR_ID.sub(renumber, data)
