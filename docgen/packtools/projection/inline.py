"""The text of a paragraph: runs joined where they look the same, bold and italic as ``**``
and ``*``, other formatting as ``⟨…|…⟩``; tabs, breaks, fields, images, charts and shapes as
short markers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from lxml import etree

from docgen.ooxml.package import local
from docgen.ooxml.wordml import WP, R, W, w
from docgen.packtools.projection.props import RUN_DEFAULT, RUN_ORDER, Numbering, Styles, run_props, run_token
from docgen.packtools.projection.xml import (
    MC,
    MM_EMU,
    A,
    C,
    M,
    Package,
    attr,
    choice,
    copy_element,
    fmt_number,
    number,
    part_name,
    short_hash,
    visible,
)

_TEXTLESS = {"pPr", "rPr", "bookmarkStart", "bookmarkEnd", "proofErr", "commentRangeStart", "commentRangeEnd",
             "permStart", "permEnd", "lastRenderedPageBreak", "annotationRef", "footnoteRef", "endnoteRef",
             "separator", "continuationSeparator", "sectPr", "tblPr", "tblGrid", "trPr", "tcPr",
             "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
             "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart",
             "customXmlDelRangeEnd", "sdtPr", "sdtEndPr", "pPrChange", "rPrChange", "noProof"}
_MARKS = {"ins": "inserted", "del": "deleted", "moveFrom": "moved away", "moveTo": "moved here"}


@dataclass(frozen=True)
class Fmt:
    """How a piece of text looks: bold, italic, and the rest as tokens (``u``, ``9pt``…)."""

    bold: bool = False
    italic: bool = False
    tokens: tuple[str, ...] = ()


@dataclass
class _Field:
    """A complex field being read: ``fldChar`` begin, instruction, separate, result, end."""

    instr: list[str] = field(default_factory=list)
    phase: str = "instr"  # then "result"
    shown: bool = False  # its marker is out
    keep_result: bool = False  # a hyperlink's text stays visible


STRUCTURAL = re.compile(r"^\{%(p|tr|tc)\s.*%\}$")
WHITESPACE_ONLY = re.compile(r"^[\s→↵°]*$")
_INVISIBLE_ON_SPACE = re.compile(r"^(\d|font |colour |spacing |raised |scale |emboss|imprint|outline|shadow|caps|"
                                 r"smallcaps|sup$|sub$)")


@dataclass
class Ctx:
    """The run formatting a paragraph's style gives, to compare each run with."""

    styles: Styles
    style: str | None

    def __post_init__(self) -> None:
        self.base = {**RUN_DEFAULT, **self.styles.rpr(self.style)}

    def fmt(self, rpr: Any, marks: tuple[str, ...]) -> Fmt:
        direct = run_props(rpr)
        cstyle = attr(rpr.find(w("rStyle")), "val") if rpr is not None else None
        base = self.base
        tokens = list(marks)
        if cstyle:
            base = {**base, **self.styles.rpr(cstyle, with_defaults=False)}
            tokens.append(f"«{self.styles.name(cstyle)}»")
        effective = {**base, **direct}
        for key in RUN_ORDER:
            if key in direct and direct[key] != base.get(key):
                tokens.append(run_token(key, direct[key]))
        return Fmt(bool(effective.get("b")), bool(effective.get("i")), tuple(tokens))


class Inline:
    """The part of the projector that renders runs and the objects inside them (see blocks.py
    for paragraphs, tables and parts); ``cell_text`` renders a text box's paragraphs."""

    def __init__(self, pkg: Package):
        self.pkg = pkg
        self.main = pkg.main_part()
        self.styles = Styles(pkg.xml(pkg.related(self.main, "/styles") or "word/styles.xml"))
        self.lists = Numbering(pkg.xml(pkg.related(self.main, "/numbering") or "word/numbering.xml"))
        self.charts: list[str] = []  # chart parts, in the order the document shows them
        self.header_parts: dict[str, list[str]] = {}  # header/footer part → where it is used
        self.fields: list[_Field] = []  # the complex fields open at this point of the part
        self.part = self.main  # the part being rendered (its relationships resolve images)
        self.section_no = 0

    # ---- inline content

    def _emit(self, segs: list[tuple[Fmt, str]], fmt: Fmt, text: str) -> None:
        if not text:
            return
        if any(f.phase == "instr" or (f.phase == "result" and not f.keep_result) for f in self.fields):
            return
        segs.append((fmt, text))

    def _field_marker(self, segs: list[tuple[Fmt, str]], fmt: Fmt, instr: str) -> None:
        instr = " ".join(instr.split())
        if any(f.phase == "instr" or (f.phase == "result" and not f.keep_result) for f in self.fields):
            return
        segs.append((fmt, f"⟪field {instr}⟫" if instr else "⟪field⟫"))

    def inline(self, el: Any, ctx: Ctx, segs: list[tuple[Fmt, str]], marks: tuple[str, ...] = ()) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = local(child.tag)
            ns = child.tag[1:].split("}")[0] if child.tag.startswith("{") else ""
            if ns == MC and name == "AlternateContent":
                self.inline(choice(child), ctx, segs, marks)
            elif ns == M and name in ("oMath", "oMathPara"):
                text = "".join(t.text or "" for t in child.iter(f"{{{M}}}t"))
                segs.append((ctx.fmt(None, marks), f"⟪math {visible(text)}⟫"))
            elif ns != W or name in _TEXTLESS:
                continue
            elif name == "r":
                self.run(child, ctx, segs, marks)
            elif name in _MARKS:
                self.inline(child, ctx, segs, (*marks, _MARKS[name]))
            elif name == "hyperlink":
                rid = attr(child, "id", R)
                target = self.pkg.rels(self.part).get(rid or "", ("", "", True))[1] if rid else ""
                anchor = attr(child, "anchor")
                link = target or (f"#{anchor}" if anchor else "")
                self.inline(child, ctx, segs, (*marks, f"link {link}"))
            elif name == "fldSimple":
                instr = attr(child, "instr") or ""
                self._field_marker(segs, ctx.fmt(None, marks), instr)
                if instr.strip().upper().startswith("HYPERLINK"):
                    self.inline(child, ctx, segs, marks)
            elif name == "sdt":
                content = child.find(w("sdtContent"))
                if content is not None:
                    self.inline(content, ctx, segs, marks)
            else:  # smartTag, customXml, dir, bdo, sdtContent…: their runs, as they are
                self.inline(child, ctx, segs, marks)

    def run(self, r: Any, ctx: Ctx, segs: list[tuple[Fmt, str]], marks: tuple[str, ...]) -> None:
        fmt = ctx.fmt(r.find(w("rPr")), marks)
        for child in r:
            if not isinstance(child.tag, str):
                continue
            name = local(child.tag)
            if child.tag.startswith(f"{{{MC}}}") and name == "AlternateContent":
                fake = etree.Element(w("r"))
                for sub in choice(child):
                    fake.append(copy_element(sub))
                self.run(fake, ctx, segs, marks)
                continue
            if name in ("t", "delText"):
                self._emit(segs, fmt, visible(child.text or ""))
            elif name in ("tab", "ptab"):
                self._emit(segs, fmt, "→")
            elif name == "br":
                kind = attr(child, "type") or "textWrapping"
                self._emit(segs, fmt, {"page": "⟪page break⟫", "column": "⟪column break⟫"}.get(kind, "↵"))
            elif name == "cr":
                self._emit(segs, fmt, "↵")
            elif name == "noBreakHyphen":
                self._emit(segs, fmt, "\u2011")
            elif name == "softHyphen":
                self._emit(segs, fmt, "¬")
            elif name == "sym":
                self._emit(segs, fmt, f"⟪symbol {attr(child, 'font') or ''} {attr(child, 'char') or ''}⟫")
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
                prog = next((attr(o, "ProgID", "") for o in child.iter() if local(o.tag) == "OLEObject"), "")
                self._emit(segs, fmt, f"⟪embedded object {prog}⟫".replace(" ⟫", "⟫"))
            elif name in ("footnoteReference", "endnoteReference"):
                self._emit(segs, fmt, f"⟪{name[:-9]} {attr(child, 'id')}⟫")
            elif name == "commentReference":
                self._emit(segs, fmt, f"⟪comment {attr(child, 'id')}⟫")
            elif name == "pgNum":
                self._emit(segs, fmt, "⟪field PAGE⟫")
            elif name in ("dayShort", "dayLong", "monthShort", "monthLong", "yearShort", "yearLong"):
                self._emit(segs, fmt, f"⟪{name}⟫")

    def _fld_char(self, el: Any, segs: list[tuple[Fmt, str]], fmt: Fmt) -> None:
        kind = attr(el, "fldCharType")
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
        extent = holder.find(f"{{{WP}}}extent")
        size = ""
        if extent is not None:
            cx, cy = number(extent.get("cx")), number(extent.get("cy"))
            if cx is not None and cy is not None:
                size = f" {fmt_number(cx / MM_EMU)}×{fmt_number(cy / MM_EMU)} mm"
        doc_pr = holder.find(f"{{{WP}}}docPr")
        descr = (doc_pr.get("descr") or "").strip() if doc_pr is not None else ""
        alt = f" «{visible(' '.join(descr.split()))}»" if descr else ""
        data = holder.find(f".//{{{A}}}graphicData")
        uri = data.get("uri", "") if data is not None else ""
        if uri.endswith("/picture"):
            blip = data.find(f".//{{{A}}}blip")
            rid = attr(blip, "embed", R) or attr(blip, "link", R) if blip is not None else None
            return f"⟪{floating}image{size} {self._target(rid)}{alt}⟫"
        if uri.endswith("/chart"):
            chart = data.find(f"{{{C}}}chart")
            rid = attr(chart, "id", R) if chart is not None else None
            target = self.pkg.rels(self.part).get(rid or "", ("", "", True))
            if target[1] and not target[2] and target[1] not in self.charts:
                self.charts.append(target[1])
            return f"⟪{floating}chart{size} {part_name(target[1]) if target[1] else '?'}{alt}⟫"
        texts = [self.cell_text(box) for box in d.iter(w("txbxContent"))]
        kind = {"wordprocessingShape": "shape", "wordprocessingGroup": "group", "diagram": "diagram",
                "wordprocessingCanvas": "canvas"}.get(uri.rstrip("/").rsplit("/", 1)[-1], "drawing")
        inside = ": " + " ¦ ".join(t for t in texts if t) if any(texts) else ""
        return f"⟪{floating}{kind}{size}{alt}{inside}⟫"

    def pict(self, p: Any) -> str:
        texts = [self.cell_text(box) for box in p.iter(w("txbxContent"))]
        images = [self._target(attr(im, "id", R)) for im in p.iter() if local(im.tag) == "imagedata"]
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
        return f"{part_name(target)} #{short_hash(data)}" if data is not None else f"{part_name(target)} (missing)"

    def cell_text(self, container: Any) -> str:
        raise NotImplementedError  # the paragraphs of a text box: Projector.cell_text



def join_runs(segs: Iterable[tuple[Fmt, str]]) -> list[tuple[Fmt, str]]:
    joined: list[tuple[Fmt, str]] = []
    for fmt, text in segs:
        if joined and joined[-1][0] == fmt:
            joined[-1] = (fmt, joined[-1][1] + text)
        else:
            joined.append((fmt, text))
    return joined


def strip_fmt(fmt: Fmt, hoisted: set[str], whitespace: bool) -> Fmt:
    tokens = tuple(t for t in fmt.tokens if t not in hoisted
                   and not (whitespace and _INVISIBLE_ON_SPACE.match(t)))
    if whitespace:
        return Fmt(False, False, tokens)
    return Fmt(fmt.bold, fmt.italic, tokens)


def render(groups: list[tuple[Fmt, str]]) -> str:
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


def edge_spaces(text: str) -> str:
    """Spaces at the start or end of a paragraph made visible (·)."""
    core = text.strip(" ")
    if not core:
        return "·" * len(text)
    lead = len(text) - len(text.lstrip(" "))
    trail = len(text) - len(text.rstrip(" "))
    return "·" * lead + core + "·" * trail
