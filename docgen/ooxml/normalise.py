"""Markup Word's validator calls an error, rewritten as Word writes it.

Microsoft's Open XML SDK validator (what Office itself is strict about) and the ISO/IEC 29500
transitional schemas reject a few things that programs such as python-docx and openpyxl let
through, and a file Word finds them in may be opened as "damaged" and "repaired". The built-in
templates were once made by python-docx scripts and carried such markup into every document
(a second ``w:tblLayout`` after ``w:tblLook``, ``w:tblBorders`` after ``w:tblLook``,
``<w:tblHeader w:val="true"/>``). Each fix here is a pure function over the XML of one part,
plus a wrapper over a whole package, so it can be tested alone and called where it is needed:

* :func:`normalise_wordml` — WordprocessingML property containers (``w:tblPr``, ``w:pPr``,
  ``w:rPr``, ``w:tcPr``, ``w:sectPr``, border sets; :data:`~docgen.ooxml.wordml.CHILD_ORDER`)
  get their children in schema order, a repeated child dropped (the last one wins, as a reader
  applying properties in document order would have it); the on/off-only table properties
  (``w:tblHeader``, ``w:cantSplit``, ``w:noWrap``…) spelt as Word spells them
  (``<w:tblHeader/>``, never ``w:val="true"``); ``w:zoom`` gets the ``w:percent`` ISO 29500
  requires. :func:`normalise_docx_parts` and :func:`normalise_docx_file` apply it to a .docx.
* :func:`xlsx_font_order` — openpyxl writes the children of a SpreadsheetML ``<font>`` in its
  own order (``name``, ``family``, ``color``, ``sz``…). ISO 29500 declares them an unordered
  choice, Microsoft's SDK a sequence (Excel writes ``b i … sz color name family charset
  scheme``); Excel's order satisfies both. :func:`normalise_xlsx` applies it to a saved workbook.

A part that needs nothing is returned as it is (the same object), so a valid file stays
byte-identical, and a package is rewritten with every other member copied raw
(:func:`docgen.ooxml.zip.rewrite`). Nothing here changes, adds or removes a character of text,
a tag of docxtpl/Jinja, or a property's value (except the spelling of an on/off value and a
duplicate that could not be applied twice anyway); a container holding text of its own (a tag
typed between properties, say) is left as it is.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Mapping

from lxml import etree

from docgen.ooxml.package import XML_PARSER
from docgen.ooxml.wordml import CHILD_ORDER, REPEATABLE, W_VAL, child_ranks, w
from docgen.ooxml.zip import rewrite

__all__ = ["WORDML_PART", "normalise_docx_file", "normalise_docx_parts", "normalise_tree", "normalise_wordml",
           "normalise_xlsx", "xlsx_font_order"]

SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#: The WordprocessingML parts of a .docx whose property containers are put in order.
WORDML_PART = re.compile(r"^word/(?:glossary/)?(?:document|header\d*|footer\d*|footnotes|endnotes|comments|styles|"
                         r"stylesWithEffects|numbering|settings)\.xml$")

_RANKS = {w(container): child_ranks(container) for container in CHILD_ORDER}
# Properties the SDK types as ST_OnOffOnly («on»/«off» only; ISO 29500 transitional: ST_OnOff, which
# also allows «true»/«1»), with the container they are properties of. Word writes <w:tblHeader/>.
# Found by trying every on/off property of tables, rows, cells, paragraphs, runs and sections
# with w:val="true" and "0" in the validator: only these six are refused.
_ON_OFF_ONLY = {w("tblHeader"): w("trPr"), w("cantSplit"): w("trPr"), w("noWrap"): w("tcPr"),
                w("tcFitText"): w("tcPr"), w("hideMark"): w("tcPr"), w("bidiVisual"): w("tblPr")}
_TRUE, _FALSE = {"true", "1", "on"}, {"false", "0", "off"}


def _holds_text(parent: etree._Element) -> bool:
    return bool((parent.text or "").strip()) or any((c.tail or "").strip() for c in parent)


def _order_children(parent: etree._Element, ranks: dict[str, int]) -> bool:
    """Put ``parent``'s children in schema order; True if anything changed.

    A child the table does not know (another namespace such as ``w14:``, ``mc:AlternateContent``,
    a newer Word element, a comment) travels with the known child before it, so its
    neighbourhood is kept. Of a child that may occur once, the last occurrence is kept.
    """
    groups: list[list[etree._Element]] = [[]]  # groups[0]: unknown children before any known one
    keys: list[int] = [-1]
    for el in parent:
        rank = ranks.get(el.tag) if isinstance(el.tag, str) else None
        if rank is None:
            groups[-1].append(el)
        else:
            groups.append([el])
            keys.append(rank)
    last: dict[str, int] = {}
    for i, group in enumerate(groups[1:], start=1):
        if group[0].tag not in REPEATABLE:
            last[group[0].tag] = i
    keep = [i for i in range(len(groups))
            if i == 0 or groups[i][0].tag in REPEATABLE or last[groups[i][0].tag] == i]
    ordered = sorted(keep, key=lambda i: (keys[i], i))
    if ordered == list(range(len(groups))):
        return False
    if _holds_text(parent):
        return False  # text between properties (a tag?) would move: not ours to guess
    for i in range(1, len(groups)):
        if i not in keep:  # a dropped duplicate: the unknown children after it stay, behind the kept one
            groups[last[groups[i][0].tag]].extend(groups[i][1:])
    children = [el for i in ordered for el in groups[i]]
    for el in list(parent):
        parent.remove(el)
    parent.extend(children)
    return True


def normalise_wordml(xml: bytes) -> bytes:
    """One WordprocessingML part (document, header, footer, styles, numbering, settings…) with
    property children in schema order, single properties not repeated, on/off-only properties
    spelt as Word does and ``w:zoom`` carrying ``w:percent``. Returns ``xml`` itself (the same
    object) when nothing needed to change; otherwise the part re-serialised by lxml (namespace
    prefixes, declarations and ``mc:Ignorable`` kept)."""
    root = etree.fromstring(xml, XML_PARSER)
    if not normalise_tree(root):
        return xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def normalise_tree(root: etree._Element) -> bool:
    """:func:`normalise_wordml` on a parsed part (or any element holding WordprocessingML), in
    place; True when something changed. For XML docgen builds after rendering: the properties
    docxtpl's ``patch_xml`` inserts for ``{% cellbg %}``, ``{% colspan %}``, ``{% hm %}`` and
    ``{% vm %}`` (at the start or the end of ``w:tcPr``, whatever belongs there), the run
    properties of a RichText (in the order its arguments are listed)."""
    changed = False
    for el in root.iter(*_RANKS):
        changed |= _order_children(el, _RANKS[el.tag])
    for el in root.iter(*_ON_OFF_ONLY):
        parent = el.getparent()
        value = el.get(W_VAL)
        if parent is None or parent.tag != _ON_OFF_ONLY[el.tag] or value is None:
            continue
        if value.lower() in _TRUE:
            del el.attrib[W_VAL]
            changed = True
        elif value.lower() in _FALSE and value != "off":
            el.set(W_VAL, "off")
            changed = True
    if root.tag == w("settings"):
        zoom = root.find(w("zoom"))
        if zoom is not None and zoom.get(w("percent")) is None:
            zoom.set(w("percent"), "100")  # what Word writes for 100 %; ISO 29500 requires the attribute
            changed = True
    return changed


def normalise_docx_parts(parts: Mapping[str, bytes]) -> dict[str, bytes]:
    """:func:`normalise_wordml` over the WordprocessingML parts of a .docx (part name → bytes);
    returns only the parts that changed. Raises ``etree.XMLSyntaxError`` for a part that is
    not XML."""
    out: dict[str, bytes] = {}
    for name, data in parts.items():
        if WORDML_PART.match(name):
            fixed = normalise_wordml(data)
            if fixed is not data:
                out[name] = fixed
    return out


def normalise_docx_file(path: str | Path) -> list[str]:
    """Normalise a .docx file in place; returns the names of the parts that changed. A file
    that needs nothing is not written; otherwise only the changed parts are recompressed and
    every other member is copied byte for byte."""
    path = Path(path)
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {n: zf.read(n) for n in zf.namelist() if WORDML_PART.match(n)}
    changed = normalise_docx_parts(parts)
    if changed:
        path.write_bytes(rewrite(data, changed))
    return sorted(changed)


# --------------------------------------------------------------------------- SpreadsheetML

_FONT_ORDER = {f"{{{SML}}}{n}": i for i, n in enumerate(
    ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color", "name",
     "family", "charset", "scheme"))}
STYLES = "xl/styles.xml"


def xlsx_font_order(styles_xml: bytes) -> bytes:
    """``xl/styles.xml`` with the children of every ``<font>`` (cell fonts and differential
    fonts) in the order Excel writes and the Open XML SDK requires. Returns the input object
    when it is already in order."""
    root = etree.fromstring(styles_xml, XML_PARSER)
    changed = False
    for font in root.iter(f"{{{SML}}}font"):
        children = list(font)
        ordered = sorted(children, key=lambda el: _FONT_ORDER.get(el.tag, len(_FONT_ORDER)))
        if ordered != children:
            for el in children:
                font.remove(el)
            font.extend(ordered)
            changed = True
    if not changed:
        return styles_xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def normalise_xlsx(data: bytes) -> bytes:
    """A workbook (.xlsx or .xlsm bytes, as openpyxl saves it) with :func:`xlsx_font_order`
    applied to its styles part; every other member is copied raw. The input object when
    nothing changes."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if STYLES not in zf.namelist():
            return data
        styles = zf.read(STYLES)
    fixed = xlsx_font_order(styles)
    return data if fixed is styles else rewrite(data, {STYLES: fixed})
