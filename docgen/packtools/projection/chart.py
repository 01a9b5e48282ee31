"""A chart part (word/charts/chartN.xml) as a reviewer reads it: kind, title, each series with
its name and data as written — a templated chart's {% for %} loops included — axes, legend."""

from __future__ import annotations

from typing import Any, Iterator

from lxml import etree

from docgen.ooxml.package import local
from docgen.packtools.projection.xml import JINJA, A, C, Package, part_name, short_hash, visible


def chart_lines(pkg: Package, part: str) -> list[str]:
    """The lines of one chart part, beginning with its heading."""
    root = pkg.xml(part)
    if root is None:
        return [f"== chart {part_name(part)}: missing"]
    out = [f"== chart {part_name(part)}"]
    shown: list[str] = []

    def line(text: str) -> None:
        shown.append(text)
        out.append(text)

    chart = root.find(f"{{{C}}}chart")
    if chart is None:
        line("no chart element")
        return out
    plot = chart.find(f"{{{C}}}plotArea")
    kinds = [k for k in (plot if plot is not None else []) if local(k.tag).endswith("Chart")]
    for kind in kinds:
        traits = []
        for trait in ("barDir", "grouping", "shape", "radarStyle", "scatterStyle", "ofPieType"):
            value = _val(kind.find(f"{{{C}}}{trait}"))
            if value:
                traits.append({"col": "columns", "bar": "bars"}.get(value, value))
        line(f"{local(kind.tag)[:-5]} chart" + (f" ({', '.join(traits)})" if traits else ""))
    title = chart.find(f"{{{C}}}title")
    if title is not None:
        line(f"title: {_rich(title)}")
    for kind in plot if plot is not None else []:
        name = local(kind.tag)
        if name.endswith("Chart"):
            for n, ser in enumerate(kind.findall(f"{{{C}}}ser"), 1):
                name_el = ser.find(f"{{{C}}}tx")
                label = _data(name_el, name=True) if name_el is not None else "(no name)"
                fill = ser.find(f"{{{C}}}spPr/{{{A}}}solidFill/{{{A}}}srgbClr")
                extras = [f"fill {fill.get('val')}"] if fill is not None else []
                labels = ser.find(f"{{{C}}}dLbls")
                if labels is not None and _val(labels.find(f"{{{C}}}showVal")) == "1":
                    code = labels.find(f"{{{C}}}numFmt")
                    extras.append("values shown" + (f" as {code.get('formatCode')}" if code is not None else ""))
                line(f"series {n} {label}" + (f": {', '.join(extras)}" if extras else ""))
                for what in ("cat", "val", "xVal", "yVal", "bubbleSize"):
                    data = ser.find(f"{{{C}}}{what}")
                    if data is not None:
                        title_ = {"cat": "categories", "val": "values", "xVal": "x", "yVal": "y",
                                  "bubbleSize": "sizes"}[what]
                        line(f"  {title_}: {_data(data)}")
        elif name.endswith("Ax"):
            traits = [{"catAx": "category", "valAx": "value", "dateAx": "date", "serAx": "series"}.get(name, name)
                      + " axis"]
            pos = _val(kind.find(f"{{{C}}}axPos"))
            if pos:
                traits.append({"b": "bottom", "l": "left", "r": "right", "t": "top"}.get(pos, pos))
            if _val(kind.find(f"{{{C}}}delete")) == "1":
                traits.append("hidden")
            scaling = kind.find(f"{{{C}}}scaling")
            for bound in ("min", "max"):
                value = _val(scaling.find(f"{{{C}}}{bound}")) if scaling is not None else None
                if value is not None:
                    traits.append(f"{bound} {value}")
            code = kind.find(f"{{{C}}}numFmt")
            if code is not None and code.get("formatCode") not in (None, "General"):
                traits.append(f"format {code.get('formatCode')}")
            axis_title = kind.find(f"{{{C}}}title")
            if axis_title is not None:
                traits.append(f"title {_rich(axis_title)}")
            line(", ".join(traits))
    legend = chart.find(f"{{{C}}}legend")
    if legend is not None:
        pos = _val(legend.find(f"{{{C}}}legendPos")) or "r"
        line(f"legend {({'b': 'bottom', 'l': 'left', 'r': 'right', 't': 'top', 'tr': 'top right'}.get(pos, pos))}")
    for rtype, target, external in pkg.rels(part).values():
        if rtype.endswith("/package") or rtype.endswith("/oleObject"):
            data = None if external else pkg.read(target)
            line(f"data: {part_name(target)}" + (f" #{short_hash(data)}" if data is not None else ""))
    seen = "\n".join(shown)
    for path, text in _jinja_places(root):
        if text not in seen:
            out.append(f"tags at {path}: {text}")
    return out


def _val(el: Any) -> str | None:
    return el.get("val") if el is not None else None


def _rich(el: Any) -> str:
    """Text of a chart title or label (DrawingML paragraphs), bold shown."""
    paras = []
    for p in el.iter(f"{{{A}}}p"):
        pieces = []
        for r in p.iter(f"{{{A}}}r", f"{{{A}}}fld"):
            rpr = r.find(f"{{{A}}}rPr")
            text = visible("".join(t.text or "" for t in r.iter(f"{{{A}}}t")))
            bold = rpr is not None and rpr.get("b") in ("1", "true")
            pieces.append(f"**{text}**" if bold and text.strip() else text)
        paras.append("".join(pieces))
    if not paras:
        ref = el.find(f".//{{{C}}}tx")
        return _data(ref) if ref is not None else "(automatic)"
    return " ¶ ".join(paras)


def _data(el: Any, *, name: bool = False) -> str:
    """A series name or data reference: the formula, then the cached values as written,
    tags and loops included (a templated chart writes its points with {% for %}). A series
    name with one cached value reads «План» (Лист1!$B$1)."""
    pieces = []
    formula = el.find(f".//{{{C}}}f")
    ref = formula.text.strip() if formula is not None and formula.text else ""
    direct = el.find(f"{{{C}}}v")
    if direct is not None:
        return f"«{visible(direct.text or '')}»"
    points = el.findall(f".//{{{C}}}pt")
    if name and len(points) == 1 and not JINJA.search(etree.tostring(el, encoding="unicode")):
        value = points[0].find(f"{{{C}}}v")
        text = visible(value.text or "") if value is not None else ""
        return f"«{text}» ({ref})" if ref else f"«{text}»"
    if ref:
        pieces.append(ref)
    for cache in el.iter(f"{{{C}}}strCache", f"{{{C}}}numCache", f"{{{C}}}strLit", f"{{{C}}}numLit"):
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
                value = child.find(f"{{{C}}}v")
                items.append(f"[{child.get('idx')}] {visible(value.text or '') if value is not None else ''}")
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
            for m in JINJA.finditer(text or ""):
                yield local(el.tag), m.group(0)
