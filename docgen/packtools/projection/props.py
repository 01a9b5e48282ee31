"""Paragraph and run properties as a reviewer reads them: compact tokens, compared with the
style the paragraph has (styles.xml), and list numbers (numbering.xml)."""

from __future__ import annotations

from typing import Any

from docgen.ooxml.package import local
from docgen.ooxml.wordml import w
from docgen.packtools.projection.xml import OFF, attr, fmt_number, number, on, to_mm, to_pt, visible

ALIGN = {"both": "justify", "center": "center", "right": "right", "end": "right", "left": "left",
          "start": "left", "distribute": "distribute", "thaiDistribute": "distribute",
          "lowKashida": "justify", "mediumKashida": "justify", "highKashida": "justify"}
_LEADERS = {"dot": "dots", "underscore": "underline", "hyphen": "dashes", "heavy": "heavy line",
            "middleDot": "middle dots"}


PARA_ORDER = ("align", "first", "hanging", "left", "right", "before", "after", "line", "tabs", "list",
               "keep-next", "keep-lines", "page-before", "widow", "border", "fill", "outline", "frame",
               "direction", "contextual", "no-hyphenation")
PARA_DEFAULT: dict[str, Any] = {"align": "left", "first": 0.0, "hanging": 0.0, "left": 0.0, "right": 0.0,
                                 "before": 0.0, "after": 0.0, "line": "1", "keep-next": False,
                                 "keep-lines": False, "page-before": False, "widow": True,
                                 "contextual": False, "no-hyphenation": False}


def para_props(ppr: Any) -> dict[str, Any]:
    """The paragraph properties a reviewer cares about, from one pPr."""
    props: dict[str, Any] = {}
    if ppr is None:
        return props
    jc = attr(ppr.find(w("jc")), "val")
    if jc:
        props["align"] = ALIGN.get(jc, jc)
    ind = ppr.find(w("ind"))
    if ind is not None:
        for key, names in (("first", ("firstLine",)), ("hanging", ("hanging",)), ("left", ("left", "start")),
                           ("right", ("right", "end"))):
            for name in names:
                value = number(attr(ind, name))
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
            if (attr(spacing, f"{key}Autospacing") or "0").lower() not in OFF:
                props[key] = "auto"
                continue
            value = number(attr(spacing, key))
            if value is not None:
                props[key] = value
        line = number(attr(spacing, "line"))
        if line is not None:
            rule = attr(spacing, "lineRule") or "auto"
            props["line"] = (f"{line / 240:.2f}".rstrip("0").rstrip(".") if rule == "auto"
                             else f"{'exactly' if rule == 'exact' else 'at least'} {to_pt(line)}pt")
    tabs = ppr.find(w("tabs"))
    if tabs is not None:
        stops = []
        for tab in tabs.findall(w("tab")):
            kind = attr(tab, "val") or "left"
            leader = attr(tab, "leader")
            stops.append(f"{kind} {to_mm(number(attr(tab, 'pos')))}mm"
                         + (f" {_LEADERS.get(leader, leader)}" if leader and leader != "none" else ""))
        props["tabs"] = tuple(stops)
    for key, name in (("keep-next", "keepNext"), ("keep-lines", "keepLines"), ("page-before", "pageBreakBefore"),
                      ("widow", "widowControl"), ("contextual", "contextualSpacing"),
                      ("no-hyphenation", "suppressAutoHyphens")):
        value = on(ppr.find(w(name)))
        if value is not None:
            props[key] = value
    numpr = ppr.find(w("numPr"))
    if numpr is not None:
        props["list"] = (attr(numpr.find(w("numId")), "val") or "", attr(numpr.find(w("ilvl")), "val") or "0")
    if ppr.find(w("pBdr")) is not None and len(ppr.find(w("pBdr"))):
        props["border"] = tuple(sorted(f"{local(b.tag)} {attr(b, 'val')}" for b in ppr.find(w("pBdr"))))
    fill = attr(ppr.find(w("shd")), "fill")
    if fill and fill.lower() != "auto":
        props["fill"] = fill
    level = attr(ppr.find(w("outlineLvl")), "val")
    if level is not None:
        props["outline"] = level
    if ppr.find(w("framePr")) is not None:
        props["frame"] = True
    if on(ppr.find(w("bidi"))):
        props["direction"] = "rtl"
    return props


RUN_ORDER = ("u", "strike", "dstrike", "caps", "smallcaps", "va", "hidden", "size", "font", "color",
              "highlight", "fill", "spacing", "position", "scale", "emboss", "imprint", "outline", "shadow")
_RUN_TOGGLES = {"strike": "strike", "dstrike": "dstrike", "caps": "caps", "smallCaps": "smallcaps",
                "vanish": "hidden", "emboss": "emboss", "imprint": "imprint", "outline": "outline",
                "shadow": "shadow"}
RUN_DEFAULT: dict[str, Any] = {"b": False, "i": False, "u": "none", "va": "baseline", "color": "auto",
                                "highlight": "none", "fill": "auto", "spacing": 0.0, "position": 0.0,
                                "scale": 100.0, **{v: False for v in _RUN_TOGGLES.values()}}


def run_props(rpr: Any) -> dict[str, Any]:
    props: dict[str, Any] = {}
    if rpr is None:
        return props
    for key in ("b", "i"):
        value = on(rpr.find(w(key)))
        if value is not None:
            props[key] = value
    u = rpr.find(w("u"))
    if u is not None:
        props["u"] = attr(u, "val") or "single"
    for name, key in _RUN_TOGGLES.items():
        value = on(rpr.find(w(name)))
        if value is not None:
            props[key] = value
    va = attr(rpr.find(w("vertAlign")), "val")
    if va:
        props["va"] = va
    size = number(attr(rpr.find(w("sz")), "val"))
    if size is not None:
        props["size"] = size / 2
    fonts = rpr.find(w("rFonts"))
    if fonts is not None:
        font = attr(fonts, "ascii") or attr(fonts, "hAnsi")
        theme = attr(fonts, "asciiTheme") or attr(fonts, "hAnsiTheme")
        if font or theme:
            props["font"] = f"theme:{theme}" if theme else font  # a theme font wins within one rFonts
    color = rpr.find(w("color"))
    if color is not None:
        props["color"] = attr(color, "themeColor") or attr(color, "val") or "auto"
    highlight = attr(rpr.find(w("highlight")), "val")
    if highlight:
        props["highlight"] = highlight
    fill = attr(rpr.find(w("shd")), "fill")
    if fill:
        props["fill"] = fill
    for key, name, factor in (("spacing", "spacing", 20.0), ("position", "position", 2.0), ("scale", "w", 1.0)):
        amount = number(attr(rpr.find(w(name)), "val"))
        if amount is not None:
            props[key] = amount / factor
    return props


def run_token(key: str, value: Any) -> str:
    """One run property as the projection writes it: ``u``, ``9pt``, ``font Arial``…"""
    if key == "u":
        return "u" if value == "single" else ("no u" if value == "none" else f"u {value}")
    if key in ("size", "spacing", "position"):
        unit = f"{fmt_number(float(value))}pt"
        return {"size": unit, "spacing": f"spacing {unit}", "position": f"raised {unit}"}[key]
    if key == "scale":
        return f"scale {fmt_number(float(value))}%"
    if key == "va":
        return {"superscript": "sup", "subscript": "sub"}.get(value, str(value))
    if key == "color":
        return "colour auto" if value == "auto" else f"colour {value}"
    if key in ("highlight", "fill", "font"):
        return f"{key} {value}"
    return key if value else f"no {key}"


def para_token(key: str, value: Any, lists: Numbering) -> str:
    """One paragraph property as the projection writes it: ``center``, ``first-line 12.5mm``…"""
    if key == "align":
        return str(value)
    if key in ("first", "hanging", "left", "right"):
        name = {"first": "first-line", "hanging": "hanging", "left": "left-indent", "right": "right-indent"}[key]
        return f"{name} {to_mm(value)}mm"
    if key in ("before", "after"):
        return f"{key} auto" if value == "auto" else f"{key} {to_pt(value)}pt"
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


class Styles:
    """styles.xml: names, the default styles and the properties a style chain gives."""

    def __init__(self, root: Any):
        self.by_id: dict[str, Any] = {}
        self.defaults: dict[str, str] = {}
        self.doc_ppr: dict[str, Any] = {}
        self.doc_rpr: dict[str, Any] = {}
        if root is None:
            return
        for style in root.findall(w("style")):
            sid = attr(style, "styleId") or ""
            self.by_id[sid] = style
            if (attr(style, "default") or "0").lower() not in OFF:
                self.defaults.setdefault(attr(style, "type") or "paragraph", sid)
        dd = root.find(w("docDefaults"))
        if dd is not None:
            self.doc_ppr = para_props(dd.find(f"{w('pPrDefault')}/{w('pPr')}"))
            self.doc_rpr = run_props(dd.find(f"{w('rPrDefault')}/{w('rPr')}"))

    def name(self, sid: str) -> str:
        style = self.by_id.get(sid)
        return (attr(style.find(w("name")), "val") or sid) if style is not None else sid

    def chain(self, sid: str | None) -> list[Any]:
        found: list[Any] = []
        while sid and sid in self.by_id and all(s is not self.by_id[sid] for s in found):
            style = self.by_id[sid]
            found.insert(0, style)
            sid = attr(style.find(w("basedOn")), "val")
        return found

    def ppr(self, sid: str | None) -> dict[str, Any]:
        props = dict(self.doc_ppr)
        for style in self.chain(sid):
            props.update(para_props(style.find(w("pPr"))))
        return props

    def rpr(self, sid: str | None, *, with_defaults: bool = True) -> dict[str, Any]:
        props = dict(self.doc_rpr) if with_defaults else {}
        for style in self.chain(sid):
            props.update(run_props(style.find(w("rPr"))))
        return props


class Numbering:
    """numbering.xml: what a list paragraph's number looks like (``list decimal "%1."``)."""

    def __init__(self, root: Any):
        self.root = root

    def describe(self, num_id: str, level: str) -> str:
        if self.root is None or num_id in ("", "0"):
            return "no list" if num_id == "0" else "list"
        num = next((n for n in self.root.findall(w("num")) if attr(n, "numId") == num_id), None)
        abstract_id = attr(num.find(w("abstractNumId")), "val") if num is not None else None
        abstract = next((a for a in self.root.findall(w("abstractNum"))
                         if attr(a, "abstractNumId") == abstract_id), None)
        lvl = None
        if abstract is not None:
            lvl = next((v for v in abstract.findall(w("lvl")) if attr(v, "ilvl") == level), None)
        if lvl is None:
            return f"list {num_id}"
        kind = attr(lvl.find(w("numFmt")), "val") or "decimal"
        text = visible(attr(lvl.find(w("lvlText")), "val") or "")
        depth = f" level {int(level) + 1}" if level.isdigit() and level != "0" else ""
        return f"list {kind} \"{text}\"{depth}" if kind != "bullet" else f"list bullet \"{text}\"{depth}"
