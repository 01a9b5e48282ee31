"""docgen.ooxml.xlsx: the styles part read the way the journal needs it."""

from __future__ import annotations

from lxml import etree

from docgen.ooxml.xlsx import Styles as _Styles

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def test_a_date_style_is_found_in_styles_xml_when_the_journal_has_none():
    styles = etree.fromstring(
        f'<styleSheet xmlns="{MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0"/>'
        '<numFmt numFmtId="165" formatCode="[$-419]DD\\.MM\\.YYYY;@"/></numFmts>'
        '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" fillId="3"/><xf numFmtId="164"/>'
        '<xf numFmtId="22"/><xf numFmtId="165"/></cellXfs></styleSheet>'.encode())
    assert _Styles(styles).any_date_style() == 4  # plain, date only; not the filled one nor date-time
    assert _Styles(styles).date_kind(1) == "date" and _Styles(styles).date_kind(2) is None
