"""`docgen pack text`: a readable text projection of every .docx template, committed beside it.

A .docx is a zip of XML: a review of a changed template sees only "binary file changed". The
projection is what a reviewer needs instead, one line per paragraph, in document order::

    == section 1: A4 portrait; margins top 20, right 10, bottom 20, left 30 mm; header and footer …
    [center; 12pt] {{ org.founder }}
    [center before 18pt after 12pt; 16pt] **ПРИКАЗ**
    [tab right 170mm] {{ order.date|date_quoted }}→№°{{ order.number }}
    table «Table Grid», fixed; cols 13 | 64 | 30 | 30 | 33 mm
    | [center] **№ п/п** | [center] **Мероприятие** | … |  ‹header row›
    | {%tr for s in roadmap %} |  |  |  |  |

* ``[…]`` before a paragraph: its style (when not the default one) and the direct formatting
  that differs from the style — alignment, indents and spacing, tab stops, keep-with-next;
  after ``;`` the run formatting its whole text shares (size, font, colour…). The page setup
  and the styles used come first; run formatting all cells of a table share, on its line.
* Text as typed, tags included. Adjacent runs that look the same are joined (Word splits runs
  at every edit); ``**bold**``, ``*italic*``, other run formatting as ``⟨u 9pt|text⟩``.
  ``→`` tab, ``↵`` line break, ``°`` no-break space, ``¬`` soft hyphen, ``¶`` an empty
  paragraph (and the break between paragraphs of a table cell), ``·`` a space at the end.
* Tables: a header line (style, layout, column widths in mm), then ``| cell | cell |`` per
  row; ``‹…›`` marks merged cells and row properties (repeated header row, no split).
* ``⟪…⟫``: page breaks, images (size and a hash of the picture), charts, shapes, fields,
  footnote references. Headers, footers, footnotes, comments and charts follow the body, by
  part. What carries no meaning for a review is left out: rsids, proofing marks, bookmarks,
  the zip's own metadata — re-saving or re-zipping a file does not change its projection.

The projection reads the package with lxml (python-docx would not see charts, fields or
tracked changes, and costs 0.2 s to import). Modules: :mod:`.xml` (parts, units),
:mod:`.props` (paragraph and run properties, styles), :mod:`.inline` (runs and objects),
:mod:`.blocks` (paragraphs, tables, sections, parts), :mod:`.chart`, :mod:`.files` (files and
a pack's folder).
"""

from __future__ import annotations

from docgen.packtools.projection.blocks import HEADER
from docgen.packtools.projection.files import TextChange, TextReport, project, project_bytes, update_projections

__all__ = ["HEADER", "TextChange", "TextReport", "project", "project_bytes", "update_projections"]
