"""WordprocessingML vocabulary: namespaces, qualified names, and the schema's child order.

The schema fixes the order of an element's children (CT_SectPr, CT_PPr, CT_NumPr…); Word
refuses or "repairs" a file that breaks it even where LibreOffice does not. That order is
written down once, in :data:`CHILD_ORDER`: code that inserts an element puts it before the
first existing child the schema wants after it (:func:`insert_before_any`, :func:`child`, the
``AFTER_*`` sets cut by :func:`after`), and :mod:`docgen.ooxml.normalise` sorts whole
containers by it.
"""

from __future__ import annotations

from typing import AbstractSet

from lxml import etree

__all__ = [
    "AFTER_NUMID", "AFTER_NUMPR", "AFTER_PGNUMTYPE", "AFTER_SECTPR_IN_PPR", "AFTER_TYPE", "CHILD_ORDER",
    "CONTENT_TYPES", "REPEATABLE",
    "CT_NS", "DOCPR", "DOCUMENT", "DOCUMENT_RELS", "FOOTER_TYPE", "HEADER_TYPE", "LEVELS",
    "MAX_BOOKMARK_NAME", "R", "RANGE_MARKS", "RELS_NS", "R_ID", "W", "W14", "W14_PARA_ID", "W14_TEXT_ID",
    "WP", "W_ID", "W_NAME", "W_NUMID", "W_NUMPR", "W_P", "W_PPR", "W_PSTYLE", "W_VAL", "after", "child",
    "child_ranks", "insert_before_any", "w",
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

# The schema's order of the children of each property container (ISO/IEC 29500-4 transitional
# wml.xsd, which the Open XML SDK follows too): CT_SectPr, CT_PPr (CT_PPrBase + rPr, sectPr,
# pPrChange), CT_NumPr, CT_TblPr, CT_TblPrEx, CT_TcPr, the border sets, and CT_RPr. Names joined
# by «|» are a choice that shares one place. rPr is an unordered choice in the transitional schema
# but a sequence for the SDK (the strict schema's and ECMA-376 1st edition's order); the sequence
# satisfies both, and the paragraph mark's rPr (CT_ParaRPr) starts with its revision marks.
CHILD_ORDER: dict[str, tuple[str, ...]] = {
    "sectPr": (
        "headerReference|footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc",
        "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg",
        "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"),
    "pPr": (
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
        "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
        "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
        "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
        "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
    "numPr": ("ilvl", "numId", "numberingChange", "ins"),
    "rPr": (
        "ins", "del", "moveFrom", "moveTo", "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps",
        "strike", "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
        "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
        "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath",
        "rPrChange"),
    "tblPr": (
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
        "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
        "tblDescription", "tblPrChange"),
    "tblPrEx": (
        "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
        "tblPrExChange"),
    "tcPr": (
        "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
        "tcFitText", "vAlign", "hideMark", "headers", "cellIns|cellDel|cellMerge", "tcPrChange"),
    "tblBorders": ("top", "start", "left", "bottom", "end", "right", "insideH", "insideV"),
    "tcBorders": ("top", "start", "left", "bottom", "end", "right", "insideH", "insideV", "tl2br", "tr2bl"),
    "pBdr": ("top", "left", "bottom", "right", "between", "bar"),
}
#: Children that may occur more than once in their container (a repeated choice).
REPEATABLE = frozenset({w("headerReference"), w("footerReference")})


def child_ranks(container: str) -> dict[str, int]:
    """``{w:child: place}`` of a container in :data:`CHILD_ORDER`; a choice shares one place."""
    return {w(name): rank for rank, group in enumerate(CHILD_ORDER[container]) for name in group.split("|")}


def after(container: str, name: str) -> frozenset[str]:
    """The children of ``container`` the schema wants after ``w:name``."""
    ranks = child_ranks(container)
    return frozenset(tag for tag, rank in ranks.items() if rank > ranks[w(name)])


# Children that must come *after* the inserted element. Inserting before the first of them keeps
# the order valid (:func:`insert_before_any`).
AFTER_TYPE = after("sectPr", "type")
AFTER_PGNUMTYPE = after("sectPr", "pgNumType")
AFTER_NUMPR = after("pPr", "numPr")
AFTER_SECTPR_IN_PPR = after("pPr", "sectPr")
AFTER_NUMID = after("numPr", "numId")
# Zero-width markers that may follow a body's last paragraph without being content.
RANGE_MARKS = {w(n) for n in (
    "bookmarkStart", "bookmarkEnd", "permStart", "permEnd", "proofErr", "moveFromRangeStart",
    "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "customXmlInsRangeStart",
    "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd")}


def insert_before_any(parent: etree._Element, child: etree._Element, successors: AbstractSet[str]) -> None:
    """Insert ``child`` before the first child of ``parent`` that the schema wants after it."""
    for i, existing in enumerate(parent):
        if existing.tag in successors:
            parent.insert(i, child)
            return
    parent.append(child)


def child(parent: etree._Element, name: str, successors: AbstractSet[str]) -> etree._Element:
    """The ``w:name`` child of ``parent``, created in a schema-valid place if missing."""
    found = parent.find(w(name))
    if found is None:
        found = etree.Element(w(name))
        insert_before_any(parent, found, successors)
    return found
