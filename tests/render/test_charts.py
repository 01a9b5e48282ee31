"""Charts in templates (docgen.render.charts): the rendered cache made consistent and the
embedded workbook behind it, so that Word's «Изменить данные» opens the values the chart shows,
and the monitoring report's template chart is itself a valid chart."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from docgen import api
from docgen.render.charts import chart_embeddings, chart_workbook, fit_chart_cache

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "registry.xlsx"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS = {"c": C, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


def chart(series: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<c:chartSpace xmlns:c="{C}">'
            f'<c:chart><c:plotArea><c:barChart>{series}</c:barChart></c:plotArea></c:chart>'
            '</c:chartSpace>').encode("utf-8")


def series(col: str, name: str, cats: list[str], vals: list[str], *, idx=None, count=None, last_row=9,
           loop: bool = False) -> str:
    """A bar series; ``loop``: as rendered from the template's <!--{% for %}--> example point
    (the empty comments around and between the points)."""
    idx = idx if idx is not None else list(range(len(cats)))
    count = len(cats) if count is None else count
    husk = "<!---->" if loop else ""

    def points(values):
        return husk + husk.join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in zip(idx, values)) + husk

    return (f'<c:ser><c:tx><c:strRef><c:f>Лист1!${col}$1</c:f><c:strCache><c:ptCount val="1"/>'
            f'<c:pt idx="0"><c:v>{name}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
            f'<c:cat><c:strRef><c:f>Лист1!$A$2:$A${last_row}</c:f><c:strCache><c:ptCount val="{count}"/>'
            f'{points(cats)}</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Лист1!${col}$2:${col}${last_row}'
            f'</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="{count}"/>{points(vals)}'
            '</c:numCache></c:numRef></c:val></c:ser>')


def test_loop_made_points_are_renumbered_and_ranges_fitted():
    """What the template's <!--{% for %}--> example point renders to for three indicators."""
    xml = chart(series("B", "План", ["П1", "П2", "П3"], ["15", "8", "85.5"], idx=[0, 0, 0], count=1, loop=True))
    root = etree.fromstring(fit_chart_cache(xml))
    for cache in [*root.iterfind(".//c:cat/c:strRef/c:strCache", NS), *root.iterfind(".//c:numCache", NS)]:
        assert [p.get("idx") for p in cache.iterfind("c:pt", NS)] == ["0", "1", "2"]
        assert cache.find("c:ptCount", NS).get("val") == "3"
        assert not [n for n in cache if isinstance(n, etree._Comment)]
    assert [f.text for f in root.iterfind(".//c:f", NS)] == ["Лист1!$B$1", "Лист1!$A$2:$A$4", "Лист1!$B$2:$B$4"]


def test_a_loop_that_made_no_point_leaves_an_empty_cache():
    root = etree.fromstring(fit_chart_cache(chart(series("B", "План", [], [], count=1, loop=True))))
    assert [c.get("val") for c in root.iterfind(".//c:cat//c:ptCount", NS)] == ["0"]
    assert [c.get("val") for c in root.iterfind(".//c:numCache/c:ptCount", NS)] == ["0"]


def test_a_consistent_chart_is_left_as_it_is():
    xml = chart(series("B", "План", ["П1", "П2"], ["1", "2"], last_row=3))
    assert fit_chart_cache(xml) is xml


def test_workbook_holds_the_cached_values_at_the_formula_cells():
    xml = fit_chart_cache(chart(series("B", "План", ["П1", "П2"], ["15", "8.5"], last_row=9)
                                + series("C", "Факт", ["П1", "П2"], ["12", "—"], last_row=9)))
    wb = openpyxl.load_workbook(io.BytesIO(chart_workbook(xml)))
    assert wb.sheetnames == ["Лист1"]
    assert [[c.value for c in r] for r in wb.active.iter_rows()] == [[None, "План", "Факт"], ["П1", 15, 12],
                                                                    ["П2", 8.5, "—"]]
    assert chart_workbook(xml) == chart_workbook(xml)  # same chart, same bytes


def test_no_workbook_for_data_on_several_sheets():
    xml = chart(series("B", "План", ["П1"], ["1"], last_row=2).replace("Лист1!$B$1", "Лист2!$B$1"))
    assert chart_workbook(xml) is None


# --------------------------------------------------------------------------- the monitoring report


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_template_chart_is_a_valid_chart_with_a_workbook():
    """The template itself opens in Word: numbers in typed attributes, loops only in comments."""
    parts = _parts(ROOT / "templates" / "monitoring_report.docx")
    xml = parts["word/charts/chart1.xml"].decode("utf-8")
    typed = re.findall(r'<c:(?:ptCount val|pt idx)="([^"]*)"', xml)
    assert typed and all(v.isdigit() for v in typed)
    assert "{%" not in re.sub(r"<!--.*?-->", "", xml, flags=re.S)
    assert chart_embeddings(parts) == {"word/charts/chart1.xml": "word/embeddings/Microsoft_Excel_Worksheet.xlsx"}
    assert b'Extension="xlsx"' in parts["[Content_Types].xml"]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    [path] = api.make(["monitoring_report"], EXAMPLE, out, as_of=date(2026, 11, 23)).files
    return path


def _cache(root, path: str) -> list[str]:
    return [p.findtext("c:v", namespaces=NS) for p in root.iterfind(path, NS)]


def test_rendered_chart_keeps_a_workbook_with_the_cached_values(report):
    parts = _parts(report)
    root = etree.fromstring(parts["word/charts/chart1.xml"])
    rid = root.find("c:externalData", NS).get(f"{{{NS['r']}}}id")
    rels = etree.fromstring(parts["word/charts/_rels/chart1.xml.rels"])
    [rel] = [r for r in rels.iterfind("rel:Relationship", NS) if r.get("Id") == rid]
    assert rel.get("Type").endswith("/package")
    book = openpyxl.load_workbook(io.BytesIO(parts["word/embeddings/" + rel.get("Target").rsplit("/", 1)[-1]]))
    ws = book[re.match(r"^(\w+)!", root.findtext(".//c:f", namespaces=NS)).group(1)]
    cats = _cache(root, ".//c:ser[1]/c:cat//c:pt")
    assert len(cats) >= 2
    for ser in root.iterfind(".//c:ser", NS):
        name_ref = ser.findtext("c:tx/c:strRef/c:f", namespaces=NS).split("!")[1].replace("$", "")
        assert ws[name_ref].value == _cache(ser, "c:tx//c:pt")[0]
        val_ref = ser.findtext("c:val/c:numRef/c:f", namespaces=NS).split("!")[1].replace("$", "")
        cat_ref = ser.findtext("c:cat/c:strRef/c:f", namespaces=NS).split("!")[1].replace("$", "")
        values = [c.value for row in ws[val_ref] for c in row]
        assert values == [float(v) if "." in v else int(v) for v in _cache(ser, "c:val//c:pt")]
        assert [c.value for row in ws[cat_ref] for c in row] == cats
        assert ser.find("c:val//c:ptCount", NS).get("val") == str(len(values))
        assert [p.get("idx") for p in ser.iterfind("c:val//c:pt", NS)] == [str(i) for i in range(len(values))]
