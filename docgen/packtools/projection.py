"""`docgen pack text`: a readable text projection of every .docx template, committed beside it.

A .docx is a zip of XML: a review of a changed template sees only "binary file changed". The
projection is what a reviewer needs instead, one line per paragraph, in document order::

    == section 1: A4 portrait; margins top 20, right 10, bottom 20, left 30 mm; header 12.7, footer 12.7 mm
    [center 12pt] {{ org.founder }}
    [center before 18pt after 12pt 16pt] **ПРИКАЗ**
    [tab right 170mm] {{ order.date|date_quoted }}→№°{{ order.number }}
    table «Table Grid», fixed; cols 13 | 64 | 30 | 30 | 33 mm
    | [center] **№ п/п** | [center] **Мероприятие** | … |  ‹header row›
    | {%tr for s in roadmap %} |  |  |  |  |

* ``[…]`` before a paragraph: its style (when not the default one) and the direct formatting
  that differs from the style — alignment, indents and spacing, tab stops, keep-with-next;
  run formatting shared by the whole paragraph (size, font, colour…) joins it there.
* Text as typed, tags included. Adjacent runs that look the same are joined (Word splits runs
  at every edit); ``**bold**``, ``*italic*``, other run formatting as ``⟨12pt u|text⟩``.
  ``→`` tab, ``↵`` line break, ``°`` no-break space, ``¬`` soft hyphen, ``¶`` an empty
  paragraph (and the break between paragraphs of a table cell), ``·`` a space at the end.
* Tables: a header line (style, layout, column widths in mm), then ``| cell | cell |`` per
  row; ``‹…›`` marks merged cells and row properties (repeated header row, no split).
* ``⟪…⟫``: page breaks, images (size and a hash of the picture), charts, shapes, fields,
  footnote references. Headers, footers, footnotes, comments and charts follow the body, by
  part. What carries no meaning for a review is left out: rsids, proofing marks, bookmarks,
  the zip's own metadata — re-saving or re-zipping a file does not change its projection.

The projection reads the package with lxml (python-docx would not see charts, fields or
tracked changes, and costs 0.2 s to import).
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from lxml import etree

from docgen.errors import TemplateError, UsageError, os_reason
from docgen.fsutil import replace_file
from docgen.ooxml.package import XML_PARSER, local, rels_part, resolve
from docgen.schema.pack import find_pack_root, read_pack

__all__ = ["HEADER", "TextChange", "TextReport", "project", "project_bytes", "update_projections"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
OFFICE_DOCUMENT = "/officeDocument"

HEADER = ("# docgen pack text: the template's text for review. Do not edit — edit the .docx in Word "
          "and run `docgen pack text`.")
_LEGEND = ("# [paragraph formatting; run formatting of the whole paragraph] **bold** *italic* "
           "⟨other formatting|text⟩ → tab ↵ line break ° no-break space ¶ empty paragraph ⟪object⟫; "
           "tables: | cell | ‹merge, row›")

MM_TWIPS = 1440 / 25.4
MM_EMU = 36000
_SIZES = {(210, 297): "A4", (297, 420): "A3", (148, 210): "A5", (216, 279): "Letter", (216, 356): "Legal"}
_ALIGN = {"both": "justify", "center": "center", "right": "right", "end": "right", "left": "left",
          "start": "left", "distribute": "distribute", "thaiDistribute": "distribute",
          "lowKashida": "justify", "mediumKashida": "justify", "highKashida": "justify"}
_OFF = {"0", "false", "off"}
_LEADERS = {"dot": "dots", "underscore": "underline", "hyphen": "dashes", "heavy": "heavy line",
            "middleDot": "middle dots"}
_TEXTLESS = {"pPr", "rPr", "bookmarkStart", "bookmarkEnd", "proofErr", "commentRangeStart", "commentRangeEnd",
             "permStart", "permEnd", "lastRenderedPageBreak", "annotationRef", "footnoteRef", "endnoteRef",
             "separator", "continuationSeparator", "sectPr", "tblPr", "tblGrid", "trPr", "tcPr",
             "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
             "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart",
             "customXmlDelRangeEnd", "sdtPr", "sdtEndPr", "pPrChange", "rPrChange", "noProof"}
_MARKS = {"ins": "inserted", "del": "deleted", "moveFrom": "moved away", "moveTo": "moved here"}
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


def _attr(el: Any, name: str, ns: str = W_NS) -> str | None:
    if el is None:
        return None
    value = el.get(f"{{{ns}}}{name}")
    return value if value is not None else el.get(name)


def _on(el: Any) -> bool | None:
    """An on/off property: None when absent."""
    if el is None:
        return None
    return (_attr(el, "val") or "1").lower() not in _OFF


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        m = re.fullmatch(r"(-?[\d.]+)(mm|cm|in|pt|pc|pi)", text.strip())
        if not m:
            return None
        factor = {"mm": MM_TWIPS, "cm": MM_TWIPS * 10, "in": 1440, "pt": 20, "pc": 240, "pi": 240}[m.group(2)]
        return float(m.group(1)) * factor  # twips


def _fmt(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _mm(twips: float | None) -> str:
    return "?" if twips is None else _fmt(twips / MM_TWIPS)


def _pt(twips: float | None) -> str:
    return "?" if twips is None else _fmt(twips / 20)


def _short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:8]


# --------------------------------------------------------------------------- the package


class _Package:
    """The parts of a .docx, by name, and their relationships."""

    def __init__(self, data: bytes, display: str):
        self.display = display
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.names = {n: n for n in self.zip.namelist()}
        except zipfile.BadZipFile:
            raise TemplateError(f"{display} не открывается как документ Word (.docx): файл повреждён "
                                "или это файл другого формата.") from None
        self._xml: dict[str, Any] = {}
        self._rels: dict[str, dict[str, tuple[str, str, bool]]] = {}

    def read(self, part: str) -> bytes | None:
        if part not in self.names:
            return None
        try:
            return self.zip.read(part)
        except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError) as exc:
            raise TemplateError(f"{self.display} повреждён: часть {part} не читается ({exc}).") from None

    def xml(self, part: str) -> Any:
        if part not in self._xml:
            data = self.read(part)
            root = None
            if data is not None:
                try:
                    root = etree.fromstring(data, XML_PARSER)
                except etree.XMLSyntaxError as exc:
                    raise TemplateError(f"{self.display} повреждён: часть {part} — не XML ({exc}).") from None
            self._xml[part] = root
        return self._xml[part]

    def rels(self, part: str) -> dict[str, tuple[str, str, bool]]:
        """rId → (type, target part or URL, external?)."""
        if part not in self._rels:
            found: dict[str, tuple[str, str, bool]] = {}
            root = self.xml(rels_part(part))
            for rel in root if root is not None else []:
                if local(rel.tag) != "Relationship":
                    continue
                external = rel.get("TargetMode") == "External"
                target = rel.get("Target", "")
                found[rel.get("Id", "")] = (rel.get("Type", ""), target if external else resolve(part, target),
                                            external)
            self._rels[part] = found
        return self._rels[part]

    def main_part(self) -> str:
        for rtype, target, _ in self.rels("").values():
            if rtype.endswith(OFFICE_DOCUMENT):
                return target
        return "word/document.xml"

    def related(self, part: str, suffix: str) -> str | None:
        for rtype, target, external in self.rels(part).values():
            if rtype.endswith(suffix) and not external:
                return target
        return None


def _short(part: str) -> str:
    """A part's name as a reviewer knows it: relative to word/."""
    return part[5:] if part.startswith("word/") else part


# --------------------------------------------------------------------------- formatting


_PARA_ORDER = ("align", "first", "hanging", "left", "right", "before", "after", "line", "tabs", "list",
               "keep-next", "keep-lines", "page-before", "widow", "border", "fill", "outline", "frame",
               "direction", "contextual", "no-hyphenation")
_PARA_DEFAULT: dict[str, Any] = {"align": "left", "first": 0.0, "hanging": 0.0, "left": 0.0, "right": 0.0,
                                 "before": 0.0, "after": 0.0, "line": "1", "keep-next": False,
                                 "keep-lines": False, "page-before": False, "widow": True,
                                 "contextual": False, "no-hyphenation": False}


def _ppr(ppr: Any) -> dict[str, Any]:
    """The paragraph properties a reviewer cares about, from one pPr."""
    props: dict[str, Any] = {}
    if ppr is None:
        return props
    jc = _attr(ppr.find(w("jc")), "val")
    if jc:
        props["align"] = _ALIGN.get(jc, jc)
    ind = ppr.find(w("ind"))
    if ind is not None:
        for key, names in (("first", ("firstLine",)), ("hanging", ("hanging",)), ("left", ("left", "start")),
                           ("right", ("right", "end"))):
            for name in names:
                value = _number(_attr(ind, name))
                if value is not None:
                    props[key] = value
                    break
        if "first" in props and "hanging" not in props:
            props["hanging"] = 0.0
        elif "hanging" in props and "first" not in props:
            props["first"] = 0.0
    spacing = ppr.find(w("spacing"))
    if spacing is not None:
        for key in ("before", "after"):
            if (_attr(spacing, f"{key}Autospacing") or "0").lower() not in _OFF:
                props[key] = "auto"
                continue
            value = _number(_attr(spacing, key))
            if value is not None:
                props[key] = value
        line = _number(_attr(spacing, "line"))
        if line is not None:
            rule = _attr(spacing, "lineRule") or "auto"
            props["line"] = (f"{line / 240:.2f}".rstrip("0").rstrip(".") if rule == "auto"
                             else f"{'exactly' if rule == 'exact' else 'at least'} {_pt(line)}pt")
    tabs = ppr.find(w("tabs"))
    if tabs is not None:
        stops = []
        for tab in tabs.findall(w("tab")):
            kind = _attr(tab, "val") or "left"
            leader = _attr(tab, "leader")
            stops.append(f"{kind} {_mm(_number(_attr(tab, 'pos')))}mm"
                         + (f" {_LEADERS.get(leader, leader)}" if leader and leader != "none" else ""))
        props["tabs"] = tuple(stops)
    for key, name in (("keep-next", "keepNext"), ("keep-lines", "keepLines"), ("page-before", "pageBreakBefore"),
                      ("widow", "widowControl"), ("contextual", "contextualSpacing"),
                      ("no-hyphenation", "suppressAutoHyphens")):
        value = _on(ppr.find(w(name)))
        if value is not None:
            props[key] = value
    numpr = ppr.find(w("numPr"))
    if numpr is not None:
        props["list"] = (_attr(numpr.find(w("numId")), "val") or "", _attr(numpr.find(w("ilvl")), "val") or "0")
    if ppr.find(w("pBdr")) is not None and len(ppr.find(w("pBdr"))):
        props["border"] = tuple(sorted(f"{local(b.tag)} {_attr(b, 'val')}" for b in ppr.find(w("pBdr"))))
    fill = _attr(ppr.find(w("shd")), "fill")
    if fill and fill.lower() != "auto":
        props["fill"] = fill
    level = _attr(ppr.find(w("outlineLvl")), "val")
    if level is not None:
        props["outline"] = level
    if ppr.find(w("framePr")) is not None:
        props["frame"] = True
    if _on(ppr.find(w("bidi"))):
        props["direction"] = "rtl"
    return props


_RUN_ORDER = ("u", "strike", "dstrike", "caps", "smallcaps", "va", "hidden", "size", "font", "color",
              "highlight", "fill", "spacing", "position", "scale", "emboss", "imprint", "outline", "shadow")
_RUN_TOGGLES = {"strike": "strike", "dstrike": "dstrike", "caps": "caps", "smallCaps": "smallcaps",
                "vanish": "hidden", "emboss": "emboss", "imprint": "imprint", "outline": "outline",
                "shadow": "shadow"}
_RUN_DEFAULT: dict[str, Any] = {"b": False, "i": False, "u": "none", "va": "baseline", "color": "auto",
                                "highlight": "none", "fill": "auto", "spacing": 0.0, "position": 0.0,
                                "scale": 100.0, **{v: False for v in _RUN_TOGGLES.values()}}


def _rpr(rpr: Any) -> dict[str, Any]:
    props: dict[str, Any] = {}
    if rpr is None:
        return props
    for key in ("b", "i"):
        value = _on(rpr.find(w(key)))
        if value is not None:
            props[key] = value
    u = rpr.find(w("u"))
    if u is not None:
        props["u"] = _attr(u, "val") or "single"
    for name, key in _RUN_TOGGLES.items():
        value = _on(rpr.find(w(name)))
        if value is not None:
            props[key] = value
    va = _attr(rpr.find(w("vertAlign")), "val")
    if va:
        props["va"] = va
    size = _number(_attr(rpr.find(w("sz")), "val"))
    if size is not None:
        props["size"] = size / 2
    fonts = rpr.find(w("rFonts"))
    if fonts is not None:
        font = _attr(fonts, "ascii") or _attr(fonts, "hAnsi")
        theme = _attr(fonts, "asciiTheme") or _attr(fonts, "hAnsiTheme")
        if font or theme:
            props["font"] = f"theme:{theme}" if theme else font  # a theme font wins within one rFonts
    color = rpr.find(w("color"))
    if color is not None:
        props["color"] = _attr(color, "themeColor") or _attr(color, "val") or "auto"
    highlight = _attr(rpr.find(w("highlight")), "val")
    if highlight:
        props["highlight"] = highlight
    fill = _attr(rpr.find(w("shd")), "fill")
    if fill:
        props["fill"] = fill
    for key, name, factor in (("spacing", "spacing", 20.0), ("position", "position", 2.0), ("scale", "w", 1.0)):
        amount = _number(_attr(rpr.find(w(name)), "val"))
        if amount is not None:
            props[key] = amount / factor
    return props


def _run_token(key: str, value: Any) -> str:
    if key == "u":
        return "u" if value == "single" else ("no u" if value == "none" else f"u {value}")
    if key in ("size", "spacing", "position"):
        unit = f"{_fmt(float(value))}pt"
        return {"size": unit, "spacing": f"spacing {unit}", "position": f"raised {unit}"}[key]
    if key == "scale":
        return f"scale {_fmt(float(value))}%"
    if key == "va":
        return {"superscript": "sup", "subscript": "sub"}.get(value, str(value))
    if key == "color":
        return "colour auto" if value == "auto" else f"colour {value}"
    if key in ("highlight", "fill", "font"):
        return f"{key} {value}"
    return key if value else f"no {key}"


def _para_token(key: str, value: Any, lists: _Numbering) -> str:
    if key == "align":
        return str(value)
    if key in ("first", "hanging", "left", "right"):
        name = {"first": "first-line", "hanging": "hanging", "left": "left-indent", "right": "right-indent"}[key]
        return f"{name} {_mm(value)}mm"
    if key in ("before", "after"):
        return f"{key} auto" if value == "auto" else f"{key} {_pt(value)}pt"
    if key == "line":
        return f"line {value}"
    if key == "tabs":
        return ("tab " if len(value) == 1 else "tabs ") + ", ".join(value) if value else "no tabs"
    if key == "list":
        return lists.describe(*value)
    if key == "border":
        return "border " + ", ".join(value)
    if key == "fill":
        return f"fill {value}"
    if key == "outline":
        return f"outline level {int(value) + 1 if str(value).isdigit() else value}"
    if key == "direction":
        return str(value)
    if key == "widow":
        return "widow control" if value else "no widow control"
    return key if value else f"no {key}"


class _Styles:
    """styles.xml: names, the default styles and the properties a style chain gives."""

    def __init__(self, root: Any):
        self.by_id: dict[str, Any] = {}
        self.defaults: dict[str, str] = {}
        self.doc_ppr: dict[str, Any] = {}
        self.doc_rpr: dict[str, Any] = {}
        if root is None:
            return
        for style in root.findall(w("style")):
            sid = _attr(style, "styleId") or ""
            self.by_id[sid] = style
            if (_attr(style, "default") or "0").lower() not in _OFF:
                self.defaults.setdefault(_attr(style, "type") or "paragraph", sid)
        dd = root.find(w("docDefaults"))
        if dd is not None:
            self.doc_ppr = _ppr(dd.find(f"{w('pPrDefault')}/{w('pPr')}"))
            self.doc_rpr = _rpr(dd.find(f"{w('rPrDefault')}/{w('rPr')}"))

    def name(self, sid: str) -> str:
        style = self.by_id.get(sid)
        return (_attr(style.find(w("name")), "val") or sid) if style is not None else sid

    def chain(self, sid: str | None) -> list[Any]:
        found: list[Any] = []
        while sid and sid in self.by_id and all(s is not self.by_id[sid] for s in found):
            style = self.by_id[sid]
            found.insert(0, style)
            sid = _attr(style.find(w("basedOn")), "val")
        return found

    def ppr(self, sid: str | None) -> dict[str, Any]:
        props = dict(self.doc_ppr)
        for style in self.chain(sid):
            props.update(_ppr(style.find(w("pPr"))))
        return props

    def rpr(self, sid: str | None, *, with_defaults: bool = True) -> dict[str, Any]:
        props = dict(self.doc_rpr) if with_defaults else {}
        for style in self.chain(sid):
            props.update(_rpr(style.find(w("rPr"))))
        return props


class _Numbering:
    """numbering.xml: what a list paragraph's number looks like (``list decimal "%1."``)."""

    def __init__(self, root: Any):
        self.root = root

    def describe(self, num_id: str, level: str) -> str:
        if self.root is None or num_id in ("", "0"):
            return "no list" if num_id == "0" else "list"
        num = next((n for n in self.root.findall(w("num")) if _attr(n, "numId") == num_id), None)
        abstract_id = _attr(num.find(w("abstractNumId")), "val") if num is not None else None
        abstract = next((a for a in self.root.findall(w("abstractNum"))
                         if _attr(a, "abstractNumId") == abstract_id), None)
        lvl = None
        if abstract is not None:
            lvl = next((v for v in abstract.findall(w("lvl")) if _attr(v, "ilvl") == level), None)
        if lvl is None:
            return f"list {num_id}"
        kind = _attr(lvl.find(w("numFmt")), "val") or "decimal"
        text = _visible(_attr(lvl.find(w("lvlText")), "val") or "")
        depth = f" level {int(level) + 1}" if level.isdigit() and level != "0" else ""
        return f"list {kind} \"{text}\"{depth}" if kind != "bullet" else f"list bullet \"{text}\"{depth}"


def _visible(text: str) -> str:
    """Text as a reviewer should see it: no-break space °, soft hyphen ¬, other invisible or
    private-use characters as ⟪U+XXXX⟫."""
    out = []
    for ch in text:
        if ch == "\u00a0":
            out.append("°")
        elif ch == "\u00ad":
            out.append("¬")
        elif ch == "\t":
            out.append("→")
        elif ch in "\r\n":
            out.append("↵")
        elif ch != " " and unicodedata.category(ch) in ("Cc", "Cf", "Co", "Zs", "Zl", "Zp"):
            out.append(f"⟪U+{ord(ch):04X}⟫")
        else:
            out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------- paragraphs


@dataclass(frozen=True)
class _Fmt:
    bold: bool = False
    italic: bool = False
    tokens: tuple[str, ...] = ()


@dataclass
class _Field:
    instr: list[str] = field(default_factory=list)
    phase: str = "instr"  # then "result"
    shown: bool = False  # its marker is out
    keep_result: bool = False  # a hyperlink's text stays visible


_STRUCTURAL = re.compile(r"^\{%(p|tr|tc)\s.*%\}$")
_WHITESPACE_ONLY = re.compile(r"^[\s→↵°]*$")
_INVISIBLE_ON_SPACE = re.compile(r"^(\d|font |colour |spacing |raised |scale |emboss|imprint|outline|shadow|caps|"
                                 r"smallcaps|sup$|sub$)")


class _Projector:
    """Renders one package: styles, sections and body, then headers, footers, notes and charts."""

    def __init__(self, pkg: _Package):
        self.pkg = pkg
        self.main = pkg.main_part()
        self.styles = _Styles(pkg.xml(pkg.related(self.main, "/styles") or "word/styles.xml"))
        self.lists = _Numbering(pkg.xml(pkg.related(self.main, "/numbering") or "word/numbering.xml"))
        self.charts: list[str] = []  # chart parts, in the order the document shows them
        self.header_parts: dict[str, list[str]] = {}  # header/footer part → where it is used
        self.fields: list[_Field] = []  # the complex fields open at this point of the part
        self.part = self.main  # the part being rendered (its relationships resolve images)
        self.section_no = 0

    # ---- inline content

    def _emit(self, segs: list[tuple[_Fmt, str]], fmt: _Fmt, text: str) -> None:
        if not text:
            return
        if any(f.phase == "instr" or (f.phase == "result" and not f.keep_result) for f in self.fields):
            return
        segs.append((fmt, text))

    def _field_marker(self, segs: list[tuple[_Fmt, str]], fmt: _Fmt, instr: str) -> None:
        instr = " ".join(instr.split())
        if any(f.phase == "instr" or (f.phase == "result" and not f.keep_result) for f in self.fields):
            return
        segs.append((fmt, f"⟪field {instr}⟫" if instr else "⟪field⟫"))

    def inline(self, el: Any, ctx: _Ctx, segs: list[tuple[_Fmt, str]], marks: tuple[str, ...] = ()) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = local(child.tag)
            ns = child.tag[1:].split("}")[0] if child.tag.startswith("{") else ""
            if ns == MC_NS and name == "AlternateContent":
                self.inline(_choice(child), ctx, segs, marks)
            elif ns == M_NS and name in ("oMath", "oMathPara"):
                text = "".join(t.text or "" for t in child.iter(f"{{{M_NS}}}t"))
                segs.append((ctx.fmt(None, marks), f"⟪math {_visible(text)}⟫"))
            elif ns != W_NS or name in _TEXTLESS:
                continue
            elif name == "r":
                self.run(child, ctx, segs, marks)
            elif name in _MARKS:
                self.inline(child, ctx, segs, (*marks, _MARKS[name]))
            elif name == "hyperlink":
                rid = _attr(child, "id", R_NS)
                target = self.pkg.rels(self.part).get(rid or "", ("", "", True))[1] if rid else ""
                anchor = _attr(child, "anchor")
                link = target or (f"#{anchor}" if anchor else "")
                self.inline(child, ctx, segs, (*marks, f"link {link}"))
            elif name == "fldSimple":
                instr = _attr(child, "instr") or ""
                self._field_marker(segs, ctx.fmt(None, marks), instr)
                if instr.strip().upper().startswith("HYPERLINK"):
                    self.inline(child, ctx, segs, marks)
            elif name == "sdt":
                content = child.find(w("sdtContent"))
                if content is not None:
                    self.inline(content, ctx, segs, marks)
            else:  # smartTag, customXml, dir, bdo, sdtContent…: their runs, as they are
                self.inline(child, ctx, segs, marks)

    def run(self, r: Any, ctx: _Ctx, segs: list[tuple[_Fmt, str]], marks: tuple[str, ...]) -> None:
        fmt = ctx.fmt(r.find(w("rPr")), marks)
        for child in r:
            if not isinstance(child.tag, str):
                continue
            name = local(child.tag)
            if child.tag.startswith(f"{{{MC_NS}}}") and name == "AlternateContent":
                fake = etree.Element(w("r"))
                for sub in _choice(child):
                    fake.append(_copy(sub))
                self.run(fake, ctx, segs, marks)
                continue
            if name in ("t", "delText"):
                self._emit(segs, fmt, _visible(child.text or ""))
            elif name in ("tab", "ptab"):
                self._emit(segs, fmt, "→")
            elif name == "br":
                kind = _attr(child, "type") or "textWrapping"
                self._emit(segs, fmt, {"page": "⟪page break⟫", "column": "⟪column break⟫"}.get(kind, "↵"))
            elif name == "cr":
                self._emit(segs, fmt, "↵")
            elif name == "noBreakHyphen":
                self._emit(segs, fmt, "\u2011")
            elif name == "softHyphen":
                self._emit(segs, fmt, "¬")
            elif name == "sym":
                self._emit(segs, fmt, f"⟪symbol {_attr(child, 'font') or ''} {_attr(child, 'char') or ''}⟫")
            elif name == "fldChar":
                self._fld_char(child, segs, fmt)
            elif name in ("instrText", "delInstrText"):
                if self.fields and self.fields[-1].phase == "instr":
                    self.fields[-1].instr.append(child.text or "")
            elif name == "drawing":
                self._emit(segs, fmt, self.drawing(child))
            elif name == "pict":
                self._emit(segs, fmt, self.pict(child))
            elif name == "object":
                prog = next((_attr(o, "ProgID", "") for o in child.iter() if local(o.tag) == "OLEObject"), "")
                self._emit(segs, fmt, f"⟪embedded object {prog}⟫".replace(" ⟫", "⟫"))
            elif name in ("footnoteReference", "endnoteReference"):
                self._emit(segs, fmt, f"⟪{name[:-9]} {_attr(child, 'id')}⟫")
            elif name == "commentReference":
                self._emit(segs, fmt, f"⟪comment {_attr(child, 'id')}⟫")
            elif name == "pgNum":
                self._emit(segs, fmt, "⟪field PAGE⟫")
            elif name in ("dayShort", "dayLong", "monthShort", "monthLong", "yearShort", "yearLong"):
                self._emit(segs, fmt, f"⟪{name}⟫")

    def _fld_char(self, el: Any, segs: list[tuple[_Fmt, str]], fmt: _Fmt) -> None:
        kind = _attr(el, "fldCharType")
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            top = self.fields.pop()
            instr = "".join(top.instr)
            self._field_marker(segs, fmt, instr)
            top.phase, top.shown = "result", True
            top.keep_result = instr.strip().upper().startswith("HYPERLINK")
            self.fields.append(top)
        elif kind == "end" and self.fields:
            top = self.fields.pop()
            if not top.shown:
                self._field_marker(segs, fmt, "".join(top.instr))

    # ---- objects

    def drawing(self, d: Any) -> str:
        holder = next((c for c in d if local(c.tag) in ("inline", "anchor")), None)
        if holder is None:
            return "⟪drawing⟫"
        floating = "floating " if local(holder.tag) == "anchor" else ""
        extent = holder.find(f"{{{WP_NS}}}extent")
        size = ""
        if extent is not None:
            cx, cy = _number(extent.get("cx")), _number(extent.get("cy"))
            if cx is not None and cy is not None:
                size = f" {_fmt(cx / MM_EMU)}×{_fmt(cy / MM_EMU)} mm"
        doc_pr = holder.find(f"{{{WP_NS}}}docPr")
        descr = (doc_pr.get("descr") or "").strip() if doc_pr is not None else ""
        alt = f" «{_visible(' '.join(descr.split()))}»" if descr else ""
        data = holder.find(f".//{{{A_NS}}}graphicData")
        uri = data.get("uri", "") if data is not None else ""
        if uri.endswith("/picture"):
            blip = data.find(f".//{{{A_NS}}}blip")
            rid = _attr(blip, "embed", R_NS) or _attr(blip, "link", R_NS) if blip is not None else None
            return f"⟪{floating}image{size} {self._target(rid)}{alt}⟫"
        if uri.endswith("/chart"):
            chart = data.find(f"{{{C_NS}}}chart")
            rid = _attr(chart, "id", R_NS) if chart is not None else None
            target = self.pkg.rels(self.part).get(rid or "", ("", "", True))
            if target[1] and not target[2] and target[1] not in self.charts:
                self.charts.append(target[1])
            return f"⟪{floating}chart{size} {_short(target[1]) if target[1] else '?'}{alt}⟫"
        texts = [self.cell_text(box) for box in d.iter(w("txbxContent"))]
        kind = {"wordprocessingShape": "shape", "wordprocessingGroup": "group", "diagram": "diagram",
                "wordprocessingCanvas": "canvas"}.get(uri.rstrip("/").rsplit("/", 1)[-1], "drawing")
        inside = ": " + " ¦ ".join(t for t in texts if t) if any(texts) else ""
        return f"⟪{floating}{kind}{size}{alt}{inside}⟫"

    def pict(self, p: Any) -> str:
        texts = [self.cell_text(box) for box in p.iter(w("txbxContent"))]
        images = [self._target(_attr(im, "id", R_NS)) for im in p.iter() if local(im.tag) == "imagedata"]
        what = "image " + ", ".join(images) if images else "shape"
        inside = ": " + " ¦ ".join(t for t in texts if t) if any(texts) else ""
        return f"⟪vml {what}{inside}⟫"

    def _target(self, rid: str | None) -> str:
        if not rid:
            return "?"
        rtype, target, external = self.pkg.rels(self.part).get(rid, ("", "", False))
        if not target:
            return "?"
        if external:
            return f"link {target}"
        data = self.pkg.read(target)
        return f"{_short(target)} #{_short_hash(data)}" if data is not None else f"{_short(target)} (missing)"

    # ---- blocks

    def paragraph(self, p: Any) -> _Para:
        ppr = p.find(w("pPr"))
        sid = _attr(ppr.find(w("pStyle")), "val") if ppr is not None else None
        sid = sid or self.styles.defaults.get("paragraph")
        ctx = _Ctx(self.styles, sid)
        segs: list[tuple[_Fmt, str]] = []
        self.inline(p, ctx, segs)
        groups = _join(segs)
        visible = [g for g in groups if not _WHITESPACE_ONLY.match(g[1])] or groups
        common = set(visible[0][0].tokens) if visible else set()
        for fmt, _ in visible[1:]:
            common &= set(fmt.tokens)
        common = {t for t in common if not t.startswith(("inserted", "deleted", "moved", "link "))}
        groups = [(_strip_fmt(fmt, common, _WHITESPACE_ONLY.match(text) is not None), text) for fmt, text in groups]
        text = _edge_spaces(_render(_join(groups)))

        tokens: list[str] = []
        if sid and sid != self.styles.defaults.get("paragraph"):
            tokens.append(f"«{self.styles.name(sid)}»")
        direct = _ppr(ppr)
        base = {**_PARA_DEFAULT, **self.styles.ppr(sid)}
        for key in _PARA_ORDER:
            if key in direct and direct[key] != base.get(key):
                tokens.append(_para_token(key, direct[key], self.lists))
        if _STRUCTURAL.match(text):  # docxtpl drops the whole paragraph, row or cell: its look is moot
            return _Para([], [], text, structural=True)
        first = visible[0][0].tokens if visible else ()
        return _Para(tokens, [t for t in first if t in common], text)

    def cell_items(self, container: Any) -> list[_Para | str]:
        """The blocks of a cell or a text box: paragraphs, and nested tables as one string."""
        items: list[_Para | str] = []
        for child in _blocks(container):
            if local(child.tag) == "p":
                items.append(self.paragraph(child))
            elif local(child.tag) == "tbl":
                items.append("⟪table " + " ".join(self.table(child)) + "⟫")
            elif local(child.tag) == "altChunk":
                items.append(f"⟪imported {self._target(_attr(child, 'id', R_NS))}⟫")
        return items

    def cell_text(self, container: Any, hoisted: frozenset[str] = frozenset()) -> str:
        """A cell or a text box on one line: its paragraphs joined by ¶ (empty ones left blank)."""
        return _cell_line(self.cell_items(container), hoisted)

    def table(self, tbl: Any) -> list[str]:
        tokens: list[str] = []
        tpr = tbl.find(w("tblPr"))
        style = _attr(tpr.find(w("tblStyle")), "val") if tpr is not None else None
        if style:
            tokens.append(f"«{self.styles.name(style)}»")
        if tpr is not None:
            layout = _attr(tpr.find(w("tblLayout")), "type")
            if layout == "fixed":
                tokens.append("fixed")
            jc = _attr(tpr.find(w("jc")), "val")
            if jc and jc not in ("left", "start"):
                tokens.append(_ALIGN.get(jc, jc))
            width = tpr.find(w("tblW"))
            if width is not None and _attr(width, "type") in ("dxa", "pct"):
                value = _number(_attr(width, "w"))
                if _attr(width, "type") == "dxa":
                    tokens.append(f"width {_mm(value)}mm")
                elif value is not None:
                    tokens.append(f"width {_fmt(value / 50)}%")
            indent = _number(_attr(tpr.find(w("tblInd")), "w"))
            if indent:
                tokens.append(f"indent {_mm(indent)}mm")
            borders = tpr.find(w("tblBorders"))
            if borders is not None and len(borders):
                kinds = {_attr(b, "val") or "" for b in borders}
                tokens.append("no borders" if kinds <= {"nil", "none"} else
                              "borders " + ", ".join(f"{local(b.tag)} {_attr(b, 'val')}" for b in borders))
            if tpr.find(w("tblCellMar")) is not None:
                margins = [f"{local(m.tag)} {_mm(_number(_attr(m, 'w')))}" for m in tpr.find(w("tblCellMar"))]
                tokens.append("cell margins " + " ".join(margins) + " mm")
        grid = [_number(_attr(col, "w")) for col in tbl.findall(f"{w('tblGrid')}/{w('gridCol')}")]
        rows: list[tuple[list[tuple[list[str], list[_Para | str]]], list[str]]] = []
        for tr in _blocks_like(tbl, "tr"):
            cells = []
            for tc in _blocks_like(tr, "tc"):
                cell_tokens = []
                tcpr = tc.find(w("tcPr"))
                if tcpr is not None:
                    span = _attr(tcpr.find(w("gridSpan")), "val")
                    if span and span != "1":
                        cell_tokens.append(f"span {span}")
                    vmerge = tcpr.find(w("vMerge"))
                    if vmerge is not None:
                        cell_tokens.append("merge ↓" if _attr(vmerge, "val") == "restart" else "merged ↑")
                    hmerge = tcpr.find(w("hMerge"))
                    if hmerge is not None:
                        cell_tokens.append("merge →" if _attr(hmerge, "val") == "restart" else "merged ←")
                    valign = _attr(tcpr.find(w("vAlign")), "val")
                    if valign and valign != "top":
                        cell_tokens.append(f"v-{valign}")
                    fill = _attr(tcpr.find(w("shd")), "fill")
                    if fill and fill.lower() != "auto":
                        cell_tokens.append(f"fill {fill}")
                    borders = tcpr.find(w("tcBorders"))
                    if borders is not None and len(borders):
                        cell_tokens.append("borders " + ", ".join(
                            f"{local(b.tag)} {_attr(b, 'val')}" for b in borders))
                    direction = _attr(tcpr.find(w("textDirection")), "val")
                    if direction and direction not in ("lrTb", "tb"):
                        cell_tokens.append(f"text {direction}")
                    if _on(tcpr.find(w("noWrap"))):
                        cell_tokens.append("no wrap")
                cells.append((cell_tokens, self.cell_items(tc)))
            row_tokens = []
            trpr = tr.find(w("trPr"))
            if trpr is not None:
                if _on(trpr.find(w("tblHeader"))):
                    row_tokens.append("header row")
                if _on(trpr.find(w("cantSplit"))):
                    row_tokens.append("no split")
                height = trpr.find(w("trHeight"))
                if height is not None:
                    rule = _attr(height, "hRule") or "atLeast"
                    sign = {"exact": "", "atLeast": "≥"}.get(rule, "")
                    row_tokens.append(f"height {sign}{_mm(_number(_attr(height, 'val')))}mm")
                if _on(trpr.find(w("hidden"))):
                    row_tokens.append("hidden")
                before = _attr(trpr.find(w("gridBefore")), "val")
                if before and before != "0":
                    row_tokens.append(f"{before} cols skipped before")
            if tr.find(w("trPr")) is not None and tr.find(f"{w('trPr')}/{w('ins')}") is not None:
                row_tokens.append("inserted")
            rows.append((cells, row_tokens))
        # run formatting every paragraph with text shares (cells at 12 pt): said once, on the table line
        paras = [i for cells, _ in rows for _, items in cells for i in items
                 if isinstance(i, _Para) and i.text and not i.structural]
        hoisted = frozenset(set.intersection(*(set(p.run_tokens) for p in paras)) if paras else set())
        if hoisted:
            tokens.append("text " + " ".join(t for t in paras[0].run_tokens if t in hoisted))
        cols = " | ".join(_mm(g) for g in grid)
        lines = [f"table {', '.join(tokens)}; cols {cols} mm" if tokens else f"table; cols {cols} mm"]
        for cells, row_tokens in rows:
            texts = [i for _, items in cells for i in items if isinstance(i, str) or i.text]
            if len(texts) == 1 and isinstance(texts[0], _Para) and texts[0].structural:
                row_tokens = []  # a {%tr %} row: docxtpl replaces the whole row with its tag
            tail = f"  ‹{', '.join(row_tokens)}›" if row_tokens else ""
            if all(len(items) <= 1 for _, items in cells):  # the usual row: one line
                shown = []
                for cell_tokens, items in cells:
                    head = f"‹{', '.join(cell_tokens)}› " if cell_tokens else ""
                    shown.append((head + _cell_line(items, hoisted)).strip())
                lines.append("| " + " | ".join(shown) + " |" + tail)
                continue
            # a cell with several paragraphs (a letterhead, a signature block): a line each,
            # |N opens cell N, ¶ continues it, a lone | closes the row
            for n, (cell_tokens, items) in enumerate(cells, 1):
                head = f"|{n} " + (f"‹{', '.join(cell_tokens)}› " if cell_tokens else "")
                for k, item in enumerate(items or [""]):
                    text = item if isinstance(item, str) else (item.line(hoisted) if item.text else "")
                    lines.append(((head if k == 0 else " ¶ ") + text).rstrip())
            lines.append("|" + tail)
        return lines

    def blocks(self, container: Any, out: list[str], sections: list[Any] | None = None) -> None:
        for child in _blocks(container):
            name = local(child.tag)
            if name == "p":
                out.append(self.paragraph(child).line())
                ppr = child.find(w("pPr"))
                if sections is not None and ppr is not None and ppr.find(w("sectPr")) is not None:
                    sections.pop(0)
                    if sections:
                        out.append(self.section(sections[0]))
            elif name == "tbl":
                out.extend(self.table(child))
            elif name == "altChunk":
                out.append(f"⟪imported {self._target(_attr(child, 'id', R_NS))}⟫")

    # ---- sections, parts

    def section(self, spr: Any) -> str:
        self.section_no += 1
        head = f"== section {self.section_no}"
        if spr is None:
            return f"{head}: no page setup (Word's defaults)"
        parts = []
        size = spr.find(w("pgSz"))
        if size is not None:
            width, height = _number(_attr(size, "w")), _number(_attr(size, "h"))
            orient = _attr(size, "orient") or ("landscape" if (width or 0) > (height or 0) else "portrait")
            if width is not None and height is not None:
                dims = tuple(sorted((round(width / MM_TWIPS), round(height / MM_TWIPS))))
                name = _SIZES.get((dims[0], dims[1]))
                parts.append(f"{name} {orient}" if name else f"{_mm(width)}×{_mm(height)} mm {orient}")
        margin = spr.find(w("pgMar"))
        if margin is not None:
            sides = ", ".join(f"{side} {_mm(_number(_attr(margin, side)))}"
                              for side in ("top", "right", "bottom", "left"))
            parts.append(f"margins {sides} mm")
            header, footer = (_attr(margin, side) for side in ("header", "footer"))
            if header is not None and header == footer:
                parts.append(f"header and footer {_mm(_number(header))} mm from the edge")
            elif header is not None or footer is not None:
                edges = [f"{side} {_mm(_number(v))} mm" for side, v in (("header", header), ("footer", footer))
                         if v is not None]
                parts.append(", ".join(edges) + " from the edge")
            gutter = _number(_attr(margin, "gutter"))
            if gutter:
                parts.append(f"gutter {_mm(gutter)} mm")
        kind = _attr(spr.find(w("type")), "val")
        if kind and kind != "nextPage" and self.section_no > 1:
            parts.append(f"starts {kind}")
        cols = spr.find(w("cols"))
        if cols is not None and (_attr(cols, "num") or "1") != "1":
            parts.append(f"{_attr(cols, 'num')} columns")
        if _on(spr.find(w("titlePg"))):
            parts.append("different first page")
        numbers = spr.find(w("pgNumType"))
        start, style = _attr(numbers, "start"), _attr(numbers, "fmt")
        style = None if style == "decimal" else style
        if start or style:
            parts.append("page numbers" + (f" from {start}" if start else "") + (f" {style}" if style else ""))
        valign = _attr(spr.find(w("vAlign")), "val")
        if valign and valign != "top":
            parts.append(f"vertical {valign}")
        if spr.find(w("lnNumType")) is not None:
            parts.append("line numbers")
        refs = []
        for kind_name in ("header", "footer"):
            for ref in spr.findall(w(f"{kind_name}Reference")):
                rid = _attr(ref, "id", R_NS)
                target = self.pkg.rels(self.main).get(rid or "", ("", "", True))[1]
                variant = _attr(ref, "type") or "default"
                refs.append(f"{kind_name} {variant} {_short(target) if target else '?'}")
                if target:
                    self.header_parts.setdefault(target, []).append(
                        f"{kind_name} {variant}, section {self.section_no}")
        if refs:
            parts.append("; ".join(refs))
        return f"{head}: " + "; ".join(parts)

    def project(self) -> str:
        root = self.pkg.xml(self.main)
        if root is None:
            raise TemplateError(f"{self.pkg.display} — не документ Word: нет части {self.main}.")
        body = root.find(w("body"))
        out = [HEADER, _LEGEND]
        used = self.used_styles(root)
        out.append("== styles")
        out.extend(self.style_lines(used))
        if body is None:
            return "\n".join([*out, "== body: none"]) + "\n"
        sections = [p for p in body.iter(w("sectPr")) if p.getparent() is not None
                    and local(p.getparent().tag) in ("pPr", "body")]
        out.append(self.section(sections[0] if sections else None))
        self.blocks(body, out, sections if sections else None)
        out.extend(self.side_parts())
        return "\n".join(line.rstrip() for line in out) + "\n"

    def used_styles(self, root: Any) -> list[str]:
        found: list[str] = []
        default = self.styles.defaults.get("paragraph")
        if default:
            found.append(default)
        roots = [root] + [self.pkg.xml(t) for rtype, t, ext in self.pkg.rels(self.main).values()
                          if not ext and rtype.rsplit("/", 1)[-1] in ("header", "footer", "footnotes", "endnotes")]
        for tree in roots:
            if tree is None:
                continue
            for el in tree.iter(w("pStyle"), w("rStyle"), w("tblStyle")):
                sid = _attr(el, "val")
                if sid and sid not in found:
                    found.append(sid)
        return found

    def style_lines(self, used: list[str]) -> list[str]:
        lines = []
        for sid in used:
            style = self.styles.by_id.get(sid)
            if style is None:
                lines.append(f"«{sid}»: not defined in styles.xml")
                continue
            kind = _attr(style, "type") or "paragraph"
            is_default = sid == self.styles.defaults.get(kind)
            ppr = self.styles.ppr(sid) if kind == "paragraph" else _ppr(style.find(w("pPr")))
            rpr = (self.styles.rpr(sid) if kind == "paragraph" and is_default
                   else self.styles.rpr(sid, with_defaults=False))
            if kind == "paragraph" and not is_default:
                own = _ppr(style.find(w("pPr")))
                ppr = {k: v for k, v in ppr.items() if self.styles.doc_ppr.get(k) != v or k in own}
            tokens = []
            if "font" in rpr:
                tokens.append(str(rpr["font"]))
            if "size" in rpr:
                tokens.append(f"{_fmt(rpr['size'])}pt")
            if rpr.get("b"):
                tokens.append("bold")
            if rpr.get("i"):
                tokens.append("italic")
            tokens += [_run_token(k, rpr[k]) for k in _RUN_ORDER if k in rpr and k not in ("size", "font")
                       and rpr[k] != _RUN_DEFAULT.get(k)]
            tokens += [_para_token(k, ppr[k], self.lists) for k in _PARA_ORDER if k in ppr
                       and (ppr[k] != _PARA_DEFAULT.get(k) or k in ("before", "after", "line"))]
            if kind == "table":
                tpr = style.find(w("tblPr"))
                borders = tpr.find(w("tblBorders")) if tpr is not None else None
                if borders is not None:
                    tokens.append("borders " + ", ".join(sorted({_attr(b, "val") or "" for b in borders})))
            based = _attr(style.find(w("basedOn")), "val")
            head = f"«{self.styles.name(sid)}»" + ("" if kind == "paragraph" else f" ({kind} style)")
            if based:
                head += f" based on «{self.styles.name(based)}»"
            lines.append(f"{head}: {' '.join(tokens) if tokens else '—'}")
        return lines

    def side_parts(self) -> list[str]:
        out: list[str] = []
        for target, refs in self.header_parts.items():
            root = self.pkg.xml(target)
            if root is None:
                out.append(f"== {_short(target)} ({'; '.join(refs)}): missing")
                continue
            out.append(f"== {_short(target)} ({'; '.join(refs)})")
            self.part, self.fields = target, []
            self.blocks(root, out)
        for kind in ("footnotes", "endnotes", "comments"):
            note_part = self.pkg.related(self.main, f"/{kind}")
            root = self.pkg.xml(note_part) if note_part else None
            if root is None:
                continue
            notes = [n for n in root if local(n.tag) in ("footnote", "endnote", "comment")
                     and (_attr(n, "type") or "normal") == "normal"]
            if not notes:
                continue
            out.append(f"== {kind} ({_short(note_part or '')})")
            self.part, self.fields = note_part or "", []
            for note in notes:
                who = f" ({_attr(note, 'author')})" if kind == "comments" and _attr(note, "author") else ""
                out.append(f"{kind[:-1]} {_attr(note, 'id')}{who}: {self.cell_text(note)}")
        done = 0
        while done < len(self.charts):
            out.extend(self.chart(self.charts[done]))
            done += 1
        return out

    # ---- charts

    def chart(self, part: str) -> list[str]:
        root = self.pkg.xml(part)
        if root is None:
            return [f"== chart {_short(part)}: missing"]
        out = [f"== chart {_short(part)}"]
        shown: list[str] = []

        def line(text: str) -> None:
            shown.append(text)
            out.append(text)

        chart = root.find(f"{{{C_NS}}}chart")
        if chart is None:
            line("no chart element")
            return out
        plot = chart.find(f"{{{C_NS}}}plotArea")
        kinds = [k for k in (plot if plot is not None else []) if local(k.tag).endswith("Chart")]
        for kind in kinds:
            traits = []
            for trait in ("barDir", "grouping", "shape", "radarStyle", "scatterStyle", "ofPieType"):
                value = _val(kind.find(f"{{{C_NS}}}{trait}"))
                if value:
                    traits.append({"col": "columns", "bar": "bars"}.get(value, value))
            line(f"{local(kind.tag)[:-5]} chart" + (f" ({', '.join(traits)})" if traits else ""))
        title = chart.find(f"{{{C_NS}}}title")
        if title is not None:
            line(f"title: {_rich(title)}")
        for kind in plot if plot is not None else []:
            name = local(kind.tag)
            if name.endswith("Chart"):
                for n, ser in enumerate(kind.findall(f"{{{C_NS}}}ser"), 1):
                    name_el = ser.find(f"{{{C_NS}}}tx")
                    label = _data(name_el, name=True) if name_el is not None else "(no name)"
                    fill = ser.find(f"{{{C_NS}}}spPr/{{{A_NS}}}solidFill/{{{A_NS}}}srgbClr")
                    extras = [f"fill {fill.get('val')}"] if fill is not None else []
                    labels = ser.find(f"{{{C_NS}}}dLbls")
                    if labels is not None and _val(labels.find(f"{{{C_NS}}}showVal")) == "1":
                        code = labels.find(f"{{{C_NS}}}numFmt")
                        extras.append("values shown" + (f" as {code.get('formatCode')}" if code is not None else ""))
                    line(f"series {n} {label}" + (f": {', '.join(extras)}" if extras else ""))
                    for what in ("cat", "val", "xVal", "yVal", "bubbleSize"):
                        data = ser.find(f"{{{C_NS}}}{what}")
                        if data is not None:
                            title_ = {"cat": "categories", "val": "values", "xVal": "x", "yVal": "y",
                                      "bubbleSize": "sizes"}[what]
                            line(f"  {title_}: {_data(data)}")
            elif name.endswith("Ax"):
                traits = [{"catAx": "category", "valAx": "value", "dateAx": "date", "serAx": "series"}.get(name, name)
                          + " axis"]
                pos = _val(kind.find(f"{{{C_NS}}}axPos"))
                if pos:
                    traits.append({"b": "bottom", "l": "left", "r": "right", "t": "top"}.get(pos, pos))
                if _val(kind.find(f"{{{C_NS}}}delete")) == "1":
                    traits.append("hidden")
                scaling = kind.find(f"{{{C_NS}}}scaling")
                for bound in ("min", "max"):
                    value = _val(scaling.find(f"{{{C_NS}}}{bound}")) if scaling is not None else None
                    if value is not None:
                        traits.append(f"{bound} {value}")
                code = kind.find(f"{{{C_NS}}}numFmt")
                if code is not None and code.get("formatCode") not in (None, "General"):
                    traits.append(f"format {code.get('formatCode')}")
                axis_title = kind.find(f"{{{C_NS}}}title")
                if axis_title is not None:
                    traits.append(f"title {_rich(axis_title)}")
                line(", ".join(traits))
        legend = chart.find(f"{{{C_NS}}}legend")
        if legend is not None:
            pos = _val(legend.find(f"{{{C_NS}}}legendPos")) or "r"
            line(f"legend {({'b': 'bottom', 'l': 'left', 'r': 'right', 't': 'top', 'tr': 'top right'}.get(pos, pos))}")
        for rtype, target, external in self.pkg.rels(part).values():
            if rtype.endswith("/package") or rtype.endswith("/oleObject"):
                data = None if external else self.pkg.read(target)
                line(f"data: {_short(target)}" + (f" #{_short_hash(data)}" if data is not None else ""))
        seen = "\n".join(shown)
        for path, text in _jinja_places(root):
            if text not in seen:
                out.append(f"tags at {path}: {text}")
        return out


@dataclass
class _Para:
    """One paragraph: its formatting tokens, the run formatting of all its text, its text."""

    tokens: list[str]
    run_tokens: list[str]
    text: str
    structural: bool = False  # only a {%p %}, {%tr %} or {%tc %} tag

    def line(self, hoisted: frozenset[str] = frozenset()) -> str:
        runs = [t for t in self.run_tokens if t not in hoisted]
        head = " ".join(self.tokens) + ("; " if self.tokens and runs else "") + " ".join(runs)
        return f"[{head}] {self.text or '¶'}" if head else (self.text or "¶")


def _cell_line(items: list[_Para | str], hoisted: frozenset[str]) -> str:
    shown = [i if isinstance(i, str) else (i.line(hoisted) if i.text else "") for i in items]
    return " ¶ ".join(shown).strip()


@dataclass
class _Ctx:
    """The run formatting a paragraph's style gives, to compare each run with."""

    styles: _Styles
    style: str | None

    def __post_init__(self) -> None:
        self.base = {**_RUN_DEFAULT, **self.styles.rpr(self.style)}

    def fmt(self, rpr: Any, marks: tuple[str, ...]) -> _Fmt:
        direct = _rpr(rpr)
        cstyle = _attr(rpr.find(w("rStyle")), "val") if rpr is not None else None
        base = self.base
        tokens = list(marks)
        if cstyle:
            base = {**base, **self.styles.rpr(cstyle, with_defaults=False)}
            tokens.append(f"«{self.styles.name(cstyle)}»")
        effective = {**base, **direct}
        for key in _RUN_ORDER:
            if key in direct and direct[key] != base.get(key):
                tokens.append(_run_token(key, direct[key]))
        return _Fmt(bool(effective.get("b")), bool(effective.get("i")), tuple(tokens))


def _choice(alternate: Any) -> Any:
    for child in alternate:
        if local(child.tag) == "Choice":
            return child
    for child in alternate:
        if local(child.tag) == "Fallback":
            return child
    return etree.Element("empty")


def _copy(el: Any) -> Any:
    return etree.fromstring(etree.tostring(el))


def _blocks(container: Any) -> Iterator[Any]:
    """Block-level children, content controls and custom XML opened."""
    for child in container:
        if not isinstance(child.tag, str):
            continue
        name = local(child.tag)
        if child.tag.startswith(f"{{{MC_NS}}}") and name == "AlternateContent":
            yield from _blocks(_choice(child))
        elif not child.tag.startswith(f"{{{W_NS}}}"):
            continue
        elif name == "sdt":
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _blocks(content)
        elif name in ("customXml", "ins", "moveTo"):
            yield from _blocks(child)
        elif name in ("p", "tbl", "altChunk"):
            yield child


def _blocks_like(container: Any, name: str) -> Iterator[Any]:
    for child in container:
        if not isinstance(child.tag, str) or not child.tag.startswith(f"{{{W_NS}}}"):
            continue
        if local(child.tag) == name:
            yield child
        elif local(child.tag) in ("sdt", "customXml"):
            content = child.find(w("sdtContent")) if local(child.tag) == "sdt" else child
            if content is not None:
                yield from _blocks_like(content, name)


def _join(segs: Iterable[tuple[_Fmt, str]]) -> list[tuple[_Fmt, str]]:
    joined: list[tuple[_Fmt, str]] = []
    for fmt, text in segs:
        if joined and joined[-1][0] == fmt:
            joined[-1] = (fmt, joined[-1][1] + text)
        else:
            joined.append((fmt, text))
    return joined


def _strip_fmt(fmt: _Fmt, hoisted: set[str], whitespace: bool) -> _Fmt:
    tokens = tuple(t for t in fmt.tokens if t not in hoisted
                   and not (whitespace and _INVISIBLE_ON_SPACE.match(t)))
    if whitespace:
        return _Fmt(False, False, tokens)
    return _Fmt(fmt.bold, fmt.italic, tokens)


def _render(groups: list[tuple[_Fmt, str]]) -> str:
    """Groups of text as one line: ``**`` and ``*`` where bold and italic start and stop
    (outside spaces, outside ``⟨…|…⟩`` spans of other formatting)."""
    out = ""
    bold = italic = False

    def close(out: str, marks: str) -> str:
        if not marks:
            return out
        core = out.rstrip(" ")
        return core + marks + out[len(core):]

    for fmt, text in groups:
        out = close(out, ("*" if italic and not fmt.italic else "") + ("**" if bold and not fmt.bold else ""))
        opening = ("**" if fmt.bold and not bold else "") + ("*" if fmt.italic and not italic else "")
        bold, italic = fmt.bold, fmt.italic
        if fmt.tokens:
            out += opening + f"⟨{' '.join(fmt.tokens)}|{text}⟩"
        else:
            core = text.lstrip(" ")
            out += text[: len(text) - len(core)] + opening + core
    return close(out, ("*" if italic else "") + ("**" if bold else ""))


def _edge_spaces(text: str) -> str:
    """Spaces at the start or end of a paragraph made visible (·)."""
    core = text.strip(" ")
    if not core:
        return "·" * len(text)
    lead = len(text) - len(text.lstrip(" "))
    trail = len(text) - len(text.rstrip(" "))
    return "·" * lead + core + "·" * trail


def _val(el: Any) -> str | None:
    return el.get("val") if el is not None else None


def _rich(el: Any) -> str:
    """Text of a chart title or label (DrawingML paragraphs), bold shown."""
    paras = []
    for p in el.iter(f"{{{A_NS}}}p"):
        pieces = []
        for r in p.iter(f"{{{A_NS}}}r", f"{{{A_NS}}}fld"):
            rpr = r.find(f"{{{A_NS}}}rPr")
            text = _visible("".join(t.text or "" for t in r.iter(f"{{{A_NS}}}t")))
            bold = rpr is not None and rpr.get("b") in ("1", "true")
            pieces.append(f"**{text}**" if bold and text.strip() else text)
        paras.append("".join(pieces))
    if not paras:
        ref = el.find(f".//{{{C_NS}}}tx")
        return _data(ref) if ref is not None else "(automatic)"
    return " ¶ ".join(paras)


def _data(el: Any, *, name: bool = False) -> str:
    """A series name or data reference: the formula, then the cached values as written,
    tags and loops included (a templated chart writes its points with {% for %}). A series
    name with one cached value reads «План» (Лист1!$B$1)."""
    pieces = []
    formula = el.find(f".//{{{C_NS}}}f")
    ref = formula.text.strip() if formula is not None and formula.text else ""
    direct = el.find(f"{{{C_NS}}}v")
    if direct is not None:
        return f"«{_visible(direct.text or '')}»"
    points = el.findall(f".//{{{C_NS}}}pt")
    if name and len(points) == 1 and not _JINJA.search(etree.tostring(el, encoding="unicode")):
        value = points[0].find(f"{{{C_NS}}}v")
        text = _visible(value.text or "") if value is not None else ""
        return f"«{text}» ({ref})" if ref else f"«{text}»"
    if ref:
        pieces.append(ref)
    for cache in el.iter(f"{{{C_NS}}}strCache", f"{{{C_NS}}}numCache", f"{{{C_NS}}}strLit", f"{{{C_NS}}}numLit"):
        items: list[str] = []
        if cache.text and cache.text.strip():
            items.append(cache.text.strip())
        for child in cache:
            tag = local(child.tag)
            if tag == "ptCount":
                items.append(f"count {child.get('val')}")
            elif tag == "formatCode":
                items.append(f"format {child.text}")
            elif tag == "pt":
                value = child.find(f"{{{C_NS}}}v")
                items.append(f"[{child.get('idx')}] {_visible(value.text or '') if value is not None else ''}")
            if child.tail and child.tail.strip():
                items.append(child.tail.strip())
        pieces.append(" ".join(items))
    return ": ".join(p for p in pieces if p) or "—"


def _jinja_places(root: Any) -> Iterator[tuple[str, str]]:
    """(element, fragment) of every tag in a chart part, for the ones the summary missed."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for text in (el.text, el.tail, *el.attrib.values()):
            for m in _JINJA.finditer(text or ""):
                yield local(el.tag), m.group(0)


# --------------------------------------------------------------------------- the API


def project(docx_path: str | Path) -> str:
    """The text projection of one .docx (see the module's docstring). Deterministic: the same
    document gives the same text, however it is zipped."""
    path = Path(docx_path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"Не удаётся прочитать {path}: {os_reason(exc)}.") from None
    return project_bytes(data, path.name)


def project_bytes(data: bytes, display: str = "документ") -> str:
    return _Projector(_Package(data, display)).project()


@dataclass(frozen=True)
class TextChange:
    template: str  # template file name, e.g. "order_intro.docx"
    projection: Path  # the .txt beside it
    state: str  # "missing", "stale", or "orphan" (a projection whose .docx is gone)


@dataclass
class TextReport:
    pack: str
    root: Path
    templates: int = 0
    changes: list[TextChange] = field(default_factory=list)
    written: bool = False  # False with check=True: nothing was written


def update_projections(folder: str | Path, *, check: bool = False) -> TextReport:
    """Bring every ``templates/<id>.txt`` of the pack in ``folder`` up to date with its
    ``<id>.docx`` — or, with ``check``, only report which are missing or stale."""
    root = find_pack_root(Path(folder))
    pack = read_pack(root, origin=f"папка {root}", trusted=False)
    report = TextReport(pack=pack.name, root=root, written=not check)
    templates = pack.templates_dir
    if not templates.is_dir():
        raise UsageError(f"В наборе «{pack.name}» нет папки {templates}.")
    docs = sorted(p for p in templates.glob("*.docx") if not p.name.startswith("~$"))
    report.templates = len(docs)
    for docx in docs:
        target = docx.with_suffix(".txt")
        text = project(docx)
        current = _read_text(target)
        if current == text:
            continue
        report.changes.append(TextChange(docx.name, target, "missing" if current is None else "stale"))
        if not check:
            try:
                if current is None:
                    target.write_bytes(text.encode("utf-8"))  # a derived file: the usual mode, not 0600
                else:
                    replace_file(target, text.encode("utf-8"))  # keeps the file's mode
            except OSError as exc:
                raise UsageError(f"Не удаётся записать {target}: {os_reason(exc)}.") from None
    for txt in sorted(templates.glob("*.txt")):
        if txt.with_suffix(".docx").exists() or not (_read_text(txt) or "").startswith(HEADER):
            continue
        report.changes.append(TextChange(txt.with_suffix(".docx").name, txt, "orphan"))
        if not check:
            try:
                txt.unlink()
            except OSError as exc:
                raise UsageError(f"Не удаётся удалить {txt}: {os_reason(exc)}.") from None
    return report


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return ""
