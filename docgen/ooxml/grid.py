"""Table grids after ``{%tc %}`` loops: columns made per value (one per year) get grid columns.

A template draws a table with one column for a loop over columns (``{%tc for y in years %}``);
after rendering, its rows have as many cells as there are values, but the table grid
(``w:tblGrid``) still lists the template's columns, and Word and LibreOffice lay out a table by
its grid. docxtpl's own fix spreads the width evenly over every column, which squeezes the
columns the author sized (a «№» column as wide as a name). Here the grid follows the cells' own
widths (each copied cell keeps the width of the loop's cell), and the table keeps the width the
author gave it (without the cells that only hold the loop's tags): the widest column gives up
or takes the difference. When the cells were not sized for this (all alike, as in docxtpl's own
templates, or the widest column would keep less than a third of its width), the grid is left to
docxtpl's rule
(:func:`docgen.render.structure.fix_grids`).
"""

from __future__ import annotations

from lxml import etree

__all__ = ["column_loop_widths", "fit_grids"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TBL, _GRID, _COL, _TR, _TC = (f"{{{W}}}{t}" for t in ("tbl", "tblGrid", "gridCol", "tr", "tc"))
_W, _SPAN, _TCPR, _TCW = (f"{{{W}}}{t}" for t in ("w", "gridSpan", "tcPr", "tcW"))
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)


def _span(tc: etree._Element) -> int:
    span = tc.find(f"{_TCPR}/{_SPAN}")
    return int(span.get(_W)) if span is not None else 1


def _cell_width(tc: etree._Element) -> int | None:
    tcw = tc.find(f"{_TCPR}/{_TCW}")
    if tcw is None or tcw.get(f"{{{W}}}type", "dxa") != "dxa":
        return None
    try:
        return int(float(tcw.get(_W) or ""))
    except ValueError:
        return None


def column_loop_widths(xml: str) -> list[int | None]:
    """For each table of a template part (document order): the width the table is meant to
    have — its grid without the cells that hold only a ``{%tc %}`` tag (docxtpl removes them)
    — or ``None`` for a table without column loops."""
    root = etree.fromstring(xml.encode("utf-8"), _PARSER)
    found: list[int | None] = []
    for tbl in root.iter(_TBL):
        grid = tbl.find(_GRID)
        widths = [int(float(c.get(_W) or 0)) for c in grid.findall(_COL)] if grid is not None else []
        tagged = None
        for row in tbl.findall(_TR):
            cells = row.findall(_TC)
            if any("{%tc" in "".join(tc.itertext()) for tc in cells):
                tagged = cells
                break
        if tagged is None or not widths:
            found.append(None)
            continue
        col, loop_width = 0, 0
        for tc in tagged:
            span = _span(tc)
            if "{%tc" in "".join(tc.itertext()):
                loop_width += sum(widths[col:col + span])
            col += span
        found.append(sum(widths) - loop_width)
    return found


def _fit(tbl: etree._Element, total: int) -> None:
    grid = tbl.find(_GRID)
    rows = tbl.findall(_TR)
    widest = max(rows, key=lambda r: len(r.findall(_TC)), default=None)
    if grid is None or widest is None:
        return
    cells = widest.findall(_TC)
    widths = [_cell_width(tc) for tc in cells]
    if any(_span(tc) != 1 for tc in cells) or any(w is None for w in widths):
        return
    new = [int(w or 0) for w in widths]
    big = max(range(len(new)), key=lambda i: new[i])
    if len(set(new)) == 1 or new[big] - (sum(new) - total) < new[big] // 3:
        # Cells not sized for the table (docxtpl's own templates: every column alike): the
        # widest column cannot give up the difference; docxtpl's rule applies instead
        # (docgen.render.structure.fix_grids scales every column).
        return
    new[big] -= sum(new) - total  # the table keeps its width
    for c in grid.findall(_COL):
        grid.remove(c)
    for w in new:
        etree.SubElement(grid, _COL, {_W: str(w)})
    for row in rows:  # cells of the resized column follow it in every full row
        row_cells = row.findall(_TC)
        if len(row_cells) == len(new) and all(_span(tc) == 1 for tc in row_cells):
            tcw = row_cells[big].find(f"{_TCPR}/{_TCW}")
            if tcw is not None:
                tcw.set(_W, str(new[big]))


def fit_grids(xml: bytes, totals: list[int | None]) -> bytes:
    """The rendered part with the grid of every table that had a column loop rebuilt from its
    widest row (see the module's docstring); ``totals`` from :func:`column_loop_widths`."""
    root = etree.fromstring(xml, _PARSER)
    tables = list(root.iter(_TBL))
    if len(tables) != len(totals):  # tables repeated by a row loop: leave the grids alone
        return xml
    for tbl, total in zip(tables, totals):
        if total is not None:
            _fit(tbl, total)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
