"""A whole document: page setup by section, the styles it uses, paragraphs and tables in
order, then headers, footers, notes and charts by part."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docgen.errors import TemplateError
from docgen.ooxml.package import local
from docgen.ooxml.wordml import R, w
from docgen.packtools.projection.chart import chart_lines
from docgen.packtools.projection.inline import (
    STRUCTURAL,
    WHITESPACE_ONLY,
    Ctx,
    Fmt,
    Inline,
    edge_spaces,
    join_runs,
    render,
    strip_fmt,
)
from docgen.packtools.projection.props import (
    ALIGN,
    PARA_DEFAULT,
    PARA_ORDER,
    RUN_DEFAULT,
    RUN_ORDER,
    para_props,
    para_token,
    run_token,
)
from docgen.packtools.projection.xml import (
    MM_TWIPS,
    attr,
    block_children,
    children_named,
    fmt_number,
    number,
    on,
    part_name,
    to_mm,
)

HEADER = ("# docgen pack text: the template's text for review. Do not edit — edit the .docx in Word "
          "and run `docgen pack text`.")
LEGEND = ("# [paragraph formatting; run formatting of the whole paragraph] **bold** *italic* "
          "⟨other formatting|text⟩ → tab ↵ line break ° no-break space ¶ empty paragraph ⟪object⟫; "
          "tables: | cell | ‹merge, row›")

_SIZES = {(210, 297): "A4", (297, 420): "A3", (148, 210): "A5", (216, 279): "Letter", (216, 356): "Legal"}


@dataclass
class Para:
    """One paragraph: its formatting tokens, the run formatting of all its text, its text."""

    tokens: list[str]
    run_tokens: list[str]
    text: str
    structural: bool = False  # only a {%p %}, {%tr %} or {%tc %} tag

    def line(self, hoisted: frozenset[str] = frozenset()) -> str:
        runs = [t for t in self.run_tokens if t not in hoisted]
        head = " ".join(self.tokens) + ("; " if self.tokens and runs else "") + " ".join(runs)
        return f"[{head}] {self.text or '¶'}" if head else (self.text or "¶")


def cell_line(items: list[Para | str], hoisted: frozenset[str]) -> str:
    shown = [i if isinstance(i, str) else (i.line(hoisted) if i.text else "") for i in items]
    return " ¶ ".join(shown).strip()


class Projector(Inline):
    """Renders one package: styles, sections and body, then headers, footers, notes and charts."""

    def paragraph(self, p: Any) -> Para:
        ppr = p.find(w("pPr"))
        sid = attr(ppr.find(w("pStyle")), "val") if ppr is not None else None
        sid = sid or self.styles.defaults.get("paragraph")
        ctx = Ctx(self.styles, sid)
        segs: list[tuple[Fmt, str]] = []
        self.inline(p, ctx, segs)
        groups = join_runs(segs)
        visible = [g for g in groups if not WHITESPACE_ONLY.match(g[1])] or groups
        common = set(visible[0][0].tokens) if visible else set()
        for fmt, _ in visible[1:]:
            common &= set(fmt.tokens)
        common = {t for t in common if not t.startswith(("inserted", "deleted", "moved", "link "))}
        groups = [(strip_fmt(fmt, common, WHITESPACE_ONLY.match(text) is not None), text) for fmt, text in groups]
        text = edge_spaces(render(join_runs(groups)))

        tokens: list[str] = []
        if sid and sid != self.styles.defaults.get("paragraph"):
            tokens.append(f"«{self.styles.name(sid)}»")
        direct = para_props(ppr)
        base = {**PARA_DEFAULT, **self.styles.ppr(sid)}
        for key in PARA_ORDER:
            if key in direct and direct[key] != base.get(key):
                tokens.append(para_token(key, direct[key], self.lists))
        if STRUCTURAL.match(text):  # docxtpl drops the whole paragraph, row or cell: its look is moot
            return Para([], [], text, structural=True)
        first = visible[0][0].tokens if visible else ()
        return Para(tokens, [t for t in first if t in common], text)

    def cell_items(self, container: Any) -> list[Para | str]:
        """The blocks of a cell or a text box: paragraphs, and nested tables as one string."""
        items: list[Para | str] = []
        for child in block_children(container):
            if local(child.tag) == "p":
                items.append(self.paragraph(child))
            elif local(child.tag) == "tbl":
                items.append("⟪table " + " ".join(self.table(child)) + "⟫")
            elif local(child.tag) == "altChunk":
                items.append(f"⟪imported {self._target(attr(child, 'id', R))}⟫")
        return items

    def cell_text(self, container: Any, hoisted: frozenset[str] = frozenset()) -> str:
        """A cell or a text box on one line: its paragraphs joined by ¶ (empty ones left blank)."""
        return cell_line(self.cell_items(container), hoisted)

    def table(self, tbl: Any) -> list[str]:
        tokens: list[str] = []
        tpr = tbl.find(w("tblPr"))
        style = attr(tpr.find(w("tblStyle")), "val") if tpr is not None else None
        if style:
            tokens.append(f"«{self.styles.name(style)}»")
        if tpr is not None:
            layout = attr(tpr.find(w("tblLayout")), "type")
            if layout == "fixed":
                tokens.append("fixed")
            jc = attr(tpr.find(w("jc")), "val")
            if jc and jc not in ("left", "start"):
                tokens.append(ALIGN.get(jc, jc))
            width = tpr.find(w("tblW"))
            if width is not None and attr(width, "type") in ("dxa", "pct"):
                value = number(attr(width, "w"))
                if attr(width, "type") == "dxa":
                    tokens.append(f"width {to_mm(value)}mm")
                elif value is not None:
                    tokens.append(f"width {fmt_number(value / 50)}%")
            indent = number(attr(tpr.find(w("tblInd")), "w"))
            if indent:
                tokens.append(f"indent {to_mm(indent)}mm")
            borders = tpr.find(w("tblBorders"))
            if borders is not None and len(borders):
                kinds = {attr(b, "val") or "" for b in borders}
                tokens.append("no borders" if kinds <= {"nil", "none"} else
                              "borders " + ", ".join(f"{local(b.tag)} {attr(b, 'val')}" for b in borders))
            if tpr.find(w("tblCellMar")) is not None:
                margins = [f"{local(m.tag)} {to_mm(number(attr(m, 'w')))}" for m in tpr.find(w("tblCellMar"))]
                tokens.append("cell margins " + " ".join(margins) + " mm")
        grid = [number(attr(col, "w")) for col in tbl.findall(f"{w('tblGrid')}/{w('gridCol')}")]
        rows: list[tuple[list[tuple[list[str], list[Para | str]]], list[str]]] = []
        for tr in children_named(tbl, "tr"):
            cells = []
            for tc in children_named(tr, "tc"):
                cell_tokens = []
                tcpr = tc.find(w("tcPr"))
                if tcpr is not None:
                    span = attr(tcpr.find(w("gridSpan")), "val")
                    if span and span != "1":
                        cell_tokens.append(f"span {span}")
                    vmerge = tcpr.find(w("vMerge"))
                    if vmerge is not None:
                        cell_tokens.append("merge ↓" if attr(vmerge, "val") == "restart" else "merged ↑")
                    hmerge = tcpr.find(w("hMerge"))
                    if hmerge is not None:
                        cell_tokens.append("merge →" if attr(hmerge, "val") == "restart" else "merged ←")
                    valign = attr(tcpr.find(w("vAlign")), "val")
                    if valign and valign != "top":
                        cell_tokens.append(f"v-{valign}")
                    fill = attr(tcpr.find(w("shd")), "fill")
                    if fill and fill.lower() != "auto":
                        cell_tokens.append(f"fill {fill}")
                    borders = tcpr.find(w("tcBorders"))
                    if borders is not None and len(borders):
                        cell_tokens.append("borders " + ", ".join(
                            f"{local(b.tag)} {attr(b, 'val')}" for b in borders))
                    direction = attr(tcpr.find(w("textDirection")), "val")
                    if direction and direction not in ("lrTb", "tb"):
                        cell_tokens.append(f"text {direction}")
                    if on(tcpr.find(w("noWrap"))):
                        cell_tokens.append("no wrap")
                cells.append((cell_tokens, self.cell_items(tc)))
            row_tokens = []
            trpr = tr.find(w("trPr"))
            if trpr is not None:
                if on(trpr.find(w("tblHeader"))):
                    row_tokens.append("header row")
                if on(trpr.find(w("cantSplit"))):
                    row_tokens.append("no split")
                height = trpr.find(w("trHeight"))
                if height is not None:
                    rule = attr(height, "hRule") or "atLeast"
                    sign = {"exact": "", "atLeast": "≥"}.get(rule, "")
                    row_tokens.append(f"height {sign}{to_mm(number(attr(height, 'val')))}mm")
                if on(trpr.find(w("hidden"))):
                    row_tokens.append("hidden")
                before = attr(trpr.find(w("gridBefore")), "val")
                if before and before != "0":
                    row_tokens.append(f"{before} cols skipped before")
            if tr.find(w("trPr")) is not None and tr.find(f"{w('trPr')}/{w('ins')}") is not None:
                row_tokens.append("inserted")
            rows.append((cells, row_tokens))
        # run formatting every paragraph with text shares (cells at 12 pt): said once, on the table line
        paras = [i for cells, _ in rows for _, items in cells for i in items
                 if isinstance(i, Para) and i.text and not i.structural]
        hoisted = frozenset(set.intersection(*(set(p.run_tokens) for p in paras)) if paras else set())
        if hoisted:
            tokens.append("text " + " ".join(t for t in paras[0].run_tokens if t in hoisted))
        cols = " | ".join(to_mm(g) for g in grid)
        lines = [f"table {', '.join(tokens)}; cols {cols} mm" if tokens else f"table; cols {cols} mm"]
        for cells, row_tokens in rows:
            texts = [i for _, items in cells for i in items if isinstance(i, str) or i.text]
            if len(texts) == 1 and isinstance(texts[0], Para) and texts[0].structural:
                row_tokens = []  # a {%tr %} row: docxtpl replaces the whole row with its tag
            tail = f"  ‹{', '.join(row_tokens)}›" if row_tokens else ""
            if all(len(items) <= 1 for _, items in cells):  # the usual row: one line
                shown = []
                for cell_tokens, items in cells:
                    head = f"‹{', '.join(cell_tokens)}› " if cell_tokens else ""
                    shown.append((head + cell_line(items, hoisted)).strip())
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
        for child in block_children(container):
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
                out.append(f"⟪imported {self._target(attr(child, 'id', R))}⟫")

    # ---- sections, parts

    def section(self, spr: Any) -> str:
        self.section_no += 1
        head = f"== section {self.section_no}"
        if spr is None:
            return f"{head}: no page setup (Word's defaults)"
        parts = []
        size = spr.find(w("pgSz"))
        if size is not None:
            width, height = number(attr(size, "w")), number(attr(size, "h"))
            orient = attr(size, "orient") or ("landscape" if (width or 0) > (height or 0) else "portrait")
            if width is not None and height is not None:
                dims = tuple(sorted((round(width / MM_TWIPS), round(height / MM_TWIPS))))
                name = _SIZES.get((dims[0], dims[1]))
                parts.append(f"{name} {orient}" if name else f"{to_mm(width)}×{to_mm(height)} mm {orient}")
        margin = spr.find(w("pgMar"))
        if margin is not None:
            sides = ", ".join(f"{side} {to_mm(number(attr(margin, side)))}"
                              for side in ("top", "right", "bottom", "left"))
            parts.append(f"margins {sides} mm")
            header, footer = (attr(margin, side) for side in ("header", "footer"))
            if header is not None and header == footer:
                parts.append(f"header and footer {to_mm(number(header))} mm from the edge")
            elif header is not None or footer is not None:
                edges = [f"{side} {to_mm(number(v))} mm" for side, v in (("header", header), ("footer", footer))
                         if v is not None]
                parts.append(", ".join(edges) + " from the edge")
            gutter = number(attr(margin, "gutter"))
            if gutter:
                parts.append(f"gutter {to_mm(gutter)} mm")
        kind = attr(spr.find(w("type")), "val")
        if kind and kind != "nextPage" and self.section_no > 1:
            parts.append(f"starts {kind}")
        cols = spr.find(w("cols"))
        if cols is not None and (attr(cols, "num") or "1") != "1":
            parts.append(f"{attr(cols, 'num')} columns")
        if on(spr.find(w("titlePg"))):
            parts.append("different first page")
        numbers = spr.find(w("pgNumType"))
        start, style = attr(numbers, "start"), attr(numbers, "fmt")
        style = None if style == "decimal" else style
        if start or style:
            parts.append("page numbers" + (f" from {start}" if start else "") + (f" {style}" if style else ""))
        valign = attr(spr.find(w("vAlign")), "val")
        if valign and valign != "top":
            parts.append(f"vertical {valign}")
        if spr.find(w("lnNumType")) is not None:
            parts.append("line numbers")
        refs = []
        for kind_name in ("header", "footer"):
            for ref in spr.findall(w(f"{kind_name}Reference")):
                rid = attr(ref, "id", R)
                target = self.pkg.rels(self.main).get(rid or "", ("", "", True))[1]
                variant = attr(ref, "type") or "default"
                refs.append(f"{kind_name} {variant} {part_name(target) if target else '?'}")
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
        out = [HEADER, LEGEND]
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
                sid = attr(el, "val")
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
            kind = attr(style, "type") or "paragraph"
            is_default = sid == self.styles.defaults.get(kind)
            ppr = self.styles.ppr(sid) if kind == "paragraph" else para_props(style.find(w("pPr")))
            rpr = (self.styles.rpr(sid) if kind == "paragraph" and is_default
                   else self.styles.rpr(sid, with_defaults=False))
            if kind == "paragraph" and not is_default:
                own = para_props(style.find(w("pPr")))
                ppr = {k: v for k, v in ppr.items() if self.styles.doc_ppr.get(k) != v or k in own}
            tokens = []
            if "font" in rpr:
                tokens.append(str(rpr["font"]))
            if "size" in rpr:
                tokens.append(f"{fmt_number(rpr['size'])}pt")
            if rpr.get("b"):
                tokens.append("bold")
            if rpr.get("i"):
                tokens.append("italic")
            tokens += [run_token(k, rpr[k]) for k in RUN_ORDER if k in rpr and k not in ("size", "font")
                       and rpr[k] != RUN_DEFAULT.get(k)]
            tokens += [para_token(k, ppr[k], self.lists) for k in PARA_ORDER if k in ppr
                       and (ppr[k] != PARA_DEFAULT.get(k) or k in ("before", "after", "line"))]
            if kind == "table":
                tpr = style.find(w("tblPr"))
                borders = tpr.find(w("tblBorders")) if tpr is not None else None
                if borders is not None:
                    tokens.append("borders " + ", ".join(sorted({attr(b, "val") or "" for b in borders})))
            based = attr(style.find(w("basedOn")), "val")
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
                out.append(f"== {part_name(target)} ({'; '.join(refs)}): missing")
                continue
            out.append(f"== {part_name(target)} ({'; '.join(refs)})")
            self.part, self.fields = target, []
            self.blocks(root, out)
        for kind in ("footnotes", "endnotes", "comments"):
            note_part = self.pkg.related(self.main, f"/{kind}")
            root = self.pkg.xml(note_part) if note_part else None
            if root is None:
                continue
            notes = [n for n in root if local(n.tag) in ("footnote", "endnote", "comment")
                     and (attr(n, "type") or "normal") == "normal"]
            if not notes:
                continue
            out.append(f"== {kind} ({part_name(note_part or '')})")
            self.part, self.fields = note_part or "", []
            for note in notes:
                who = f" ({attr(note, 'author')})" if kind == "comments" and attr(note, "author") else ""
                out.append(f"{kind[:-1]} {attr(note, 'id')}{who}: {self.cell_text(note)}")
        done = 0
        while done < len(self.charts):
            out.extend(chart_lines(self.pkg, self.charts[done]))
            done += 1
        return out

    # ---- charts
