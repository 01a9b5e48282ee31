"""WordprocessingML vocabulary: namespaces, qualified names, and the schema's child order.

The schema fixes the order of an element's children (CT_SectPr, CT_PPr, CT_NumPr…); Word
refuses or "repairs" a file that breaks it even where LibreOffice does not. Code that inserts
an element puts it before the first existing child the schema wants after it
(:func:`insert_before_any`, :func:`child`).
"""

from __future__ import annotations

from lxml import etree

__all__ = [
    "AFTER_NUMID", "AFTER_NUMPR", "AFTER_PGNUMTYPE", "AFTER_SECTPR_IN_PPR", "AFTER_TYPE", "CONTENT_TYPES",
    "CT_NS", "DOCPR", "DOCUMENT", "DOCUMENT_RELS", "FOOTER_TYPE", "HEADER_TYPE", "LEVELS",
    "MAX_BOOKMARK_NAME", "R", "RANGE_MARKS", "RELS_NS", "R_ID", "W", "W14", "W14_PARA_ID", "W14_TEXT_ID",
    "WP", "W_ID", "W_NAME", "W_NUMID", "W_NUMPR", "W_P", "W_PPR", "W_PSTYLE", "W_VAL", "child",
    "insert_before_any", "w",
]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def w(name: str) -> str:
    """``w:name`` as lxml spells it: ``{namespace}name``."""
    return f"{{{W}}}{name}"


W_VAL, W_ID, W_NAME = w("val"), w("id"), w("name")
W_P, W_PPR, W_PSTYLE, W_NUMPR, W_NUMID = w("p"), w("pPr"), w("pStyle"), w("numPr"), w("numId")
R_ID = f"{{{R}}}id"
W14_PARA_ID, W14_TEXT_ID = f"{{{W14}}}paraId", f"{{{W14}}}textId"
DOCPR = f"{{{WP}}}docPr"

DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
LEVELS = range(9)  # Word's list levels 0…8
MAX_BOOKMARK_NAME = 40  # Word does not accept longer bookmark names

# Children that must come *after* the inserted element, per the WordprocessingML schema
# (CT_SectPr, CT_PPr, CT_NumPr sequences). Inserting before the first of them keeps the order valid.
AFTER_TYPE = {w(n) for n in (
    "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
    "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings",
    "sectPrChange")}
AFTER_PGNUMTYPE = {w(n) for n in (
    "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter",
    "docGrid", "printerSettings", "sectPrChange")}
AFTER_NUMPR = {w(n) for n in (
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange")}
AFTER_SECTPR_IN_PPR = {w("pPrChange")}
AFTER_NUMID = {w("numberingChange"), w("ins")}
# Zero-width markers that may follow a body's last paragraph without being content.
RANGE_MARKS = {w(n) for n in (
    "bookmarkStart", "bookmarkEnd", "permStart", "permEnd", "proofErr", "moveFromRangeStart",
    "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "customXmlInsRangeStart",
    "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd")}


def insert_before_any(parent: etree._Element, child: etree._Element, successors: set[str]) -> None:
    """Insert ``child`` before the first child of ``parent`` that the schema wants after it."""
    for i, existing in enumerate(parent):
        if existing.tag in successors:
            parent.insert(i, child)
            return
    parent.append(child)


def child(parent: etree._Element, name: str, successors: set[str]) -> etree._Element:
    """The ``w:name`` child of ``parent``, created in a schema-valid place if missing."""
    found = parent.find(w(name))
    if found is None:
        found = etree.Element(w(name))
        insert_before_any(parent, found, successors)
    return found
