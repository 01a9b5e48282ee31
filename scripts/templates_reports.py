"""The monitoring report (аналитическая справка) of the built-in pack: counts and shares from the
registry and a native Word chart of planned vs actual KPIs.

The chart is a DrawingML chart part (word/charts/chart1.xml) whose cached categories and values
are Jinja loops, rendered by docgen like the body — so the chart stays a real chart (editable in
Word, drawn by LibreOffice) and needs no plotting library. python-docx cannot create charts, so
the part, its relationship and content type are added to the saved package here.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_templates import (CENTER, LEFT, OUT, cell_text, new_document, para, repeat_header,  # noqa: E402
                             set_widths, tab_line, tag)
from docx.shared import Pt  # noqa: E402

CHART_REL = "rIdDocgenChart1"
CHART_PART = "word/charts/chart1.xml"
CHART_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><c:lang val="ru-RU"/><c:roundedCorners val="0"/><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr><a:r><a:rPr lang="ru-RU" sz="1200" b="1"/><a:t>Показатели эффективности: план и факт на {{ monitoring.year }} год, %</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>SERIES<c:gapWidth val="80"/><c:axId val="50010001"/><c:axId val="50010002"/></c:barChart><c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx><c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/><c:numFmt formatCode="0" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="50010001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1000"><a:latin typeface="Times New Roman"/><a:cs typeface="Times New Roman"/></a:defRPr></a:pPr><a:endParaRPr lang="ru-RU"/></a:p></c:txPr></c:chartSpace>"""

SERIES = """<c:ser><c:idx val="{idx}"/><c:order val="{idx}"/><c:tx><c:strRef><c:f>Лист1!${col}$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>{name}</c:v></c:pt></c:strCache></c:strRef></c:tx><c:spPr><a:solidFill><a:srgbClr val="{color}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/><c:dLbls><c:numFmt formatCode="0.0" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls><c:cat><c:strRef><c:f>Лист1!$A$2:$A$9</c:f><c:strCache><c:ptCount val="{{{{ monitoring.chart|length }}}}"/>{{% for k in monitoring.chart %}}<c:pt idx="{{{{ loop.index0 }}}}"><c:v>Показатель {{{{ loop.index }}}}</c:v></c:pt>{{% endfor %}}</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Лист1!${col}$2:${col}$9</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="{{{{ monitoring.chart|length }}}}"/>{{% for k in monitoring.chart %}}<c:pt idx="{{{{ loop.index0 }}}}"><c:v>{{{{ k.{attr} }}}}</c:v></c:pt>{{% endfor %}}</c:numCache></c:numRef></c:val></c:ser>"""

INLINE = ('<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:drawing>'
          '<wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'distT="0" distB="0" distL="0" distR="0"><wp:extent cx="5760000" cy="3240000"/>'
          '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="9001" name="Диаграмма план–факт"/>'
          '<wp:cNvGraphicFramePr/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
          '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
          '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="' + CHART_REL + '"/>'
          '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
MARK = "DOCGEN-CHART-HERE"


def _table(doc, headers, widths, row_cells, loop, endloop, size=11):
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, headers):
        cell_text(cell, text, bold=True, align=CENTER, size=size)
    repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].add_run(loop)
    for cell, (text, align) in zip(table.rows[2].cells, row_cells):
        cell_text(cell, text, align=align, size=size)
    table.rows[3].cells[0].paragraphs[0].add_run(endloop)
    set_widths(table, widths)
    return table


PCT = "{% if x.share is not none %}{{ x.share|string|replace('.', ',') }}\u00a0%{% else %}—{% endif %}"


def build_monitoring_report() -> Path:
    doc = new_document(13)
    tag(doc, "{%p if org.founder %}")
    para(doc, "{{ org.founder }}", align=CENTER, size=12)
    tag(doc, "{%p endif %}")
    para(doc, "{{ org.full_name|upper }}", align=CENTER, bold=True, size=12, after=18)
    para(doc, "АНАЛИТИЧЕСКАЯ СПРАВКА", align=CENTER, bold=True)
    para(doc, "по итогам мониторинга реализации целевой модели наставничества в {{ org.short_name }} "
              "на {{ today|date_num }}", align=CENTER, bold=True, after=12)
    para(doc, "Справка составлена по реестру наставников и наставляемых. В программах наставничества "
              "участвуют {{ monitoring.mentors|count('наставник', 'наставника', 'наставников') }} и "
              "{{ monitoring.mentees|count('наставляемый', 'наставляемых', 'наставляемых') }}; образовано "
              "{{ monitoring.pairs|count('наставническая пара', 'наставнические пары', 'наставнических пар') }} "
              "(включая участников групп).", indent=True)

    sections = [  # (heading, first column, count column, share column, loop, label cell)
        ("1. Наставляемые по формам наставничества", "Форма наставничества", "Наставляемых", "Доля, %",
         "monitoring.mentees_by_form", ("«{{ x.label }}»", LEFT), [9.5, 3.5, 4.0]),
        ("2. Наставляемые-обучающиеся по классам", "Класс", "Наставляемых", "Доля от наставляемых-обучающихся, %",
         "monitoring.mentees_by_class", ("{{ x.label }}", CENTER), [5.0, 4.0, 8.0]),
        ("3. Наставники по категориям", "Категория", "Наставников", "Доля, %",
         "monitoring.mentors_by_category", ("{{ x.label|upfirst }}", LEFT), [9.5, 3.5, 4.0]),
        ("4. Наставнические пары по состоянию", "Состояние", "Пар", "Доля, %",
         "monitoring.pairs_by_status", ("{{ x.label|upfirst }}", LEFT), [9.5, 3.5, 4.0]),
    ]
    for heading, first, count_header, share_header, rows, label, widths in sections:
        para(doc, heading, bold=True, before=12, after=6, keep_next=True)
        _table(doc, [first, count_header, share_header], widths, [label, ("{{ x.n }}", CENTER), (PCT, CENTER)],
               f"{{%tr for x in {rows} %}}", "{%tr endfor %}")

    para(doc, "5. Согласия на обработку персональных данных", bold=True, before=12, after=6, keep_next=True)
    para(doc, "Получены согласия родителей (законных представителей) несовершеннолетних: "
              "{{ monitoring.consents_minors.n }} из {{ monitoring.consents_minors.total }}"
              "{% set x = monitoring.consents_minors %}{% if x.share is not none %} "
              "({{ x.share|string|replace('.', ',') }}\u00a0%){% endif %}; совершеннолетних участников: "
              "{{ monitoring.consents_adults.n }} из {{ monitoring.consents_adults.total }}"
              "{% set x = monitoring.consents_adults %}{% if x.share is not none %} "
              "({{ x.share|string|replace('.', ',') }}\u00a0%){% endif %}.", indent=True)

    para(doc, "6. Показатели эффективности: план и факт на {{ monitoring.year }} год", bold=True, before=12,
         after=6, keep_next=True)
    tag(doc, "{%p if monitoring.chart %}")
    _table(doc, ["№", "Показатель", "План, %", "Факт, %", "Расчёт"], [1.0, 8.0, 2.2, 2.2, 3.6],
           [("{{ loop.index }}", CENTER), ("{{ k.name }}", LEFT),
            ("{{ k.planned|string|replace('.', ',') }}", CENTER),
            ("{{ k.actual|string|replace('.', ',') }}", CENTER),
            ("{{ k.actual_count }} из {{ k.actual_total }}", CENTER)],
           "{%tr for k in monitoring.chart %}", "{%tr endfor %}", size=10)
    p = para(doc, MARK, align=CENTER, before=12, after=6)
    p.runs[0].font.size = Pt(1)
    tag(doc, "{%p else %}")
    para(doc, "Фактические значения показателей по реестру не рассчитываются: на листе «Показатели» не "
              "выбран «Расчёт по реестру» или на листе «Организация» не указаны численности обучающихся.",
         indent=True)
    tag(doc, "{%p endif %}")
    para(doc, "Показатели, основанные на анкетировании, оцениваются по результатам анкет участников.",
         indent=True)

    tab_line(doc, "Куратор внедрения целевой модели наставничества", "{{ curator|initials_first }}",
             before=30)
    path = OUT / "monitoring_report.docx"
    doc.save(path)
    _add_chart(path)
    return path


def _add_chart(path: Path) -> None:
    """Put the chart part into the package and the inline chart where the mark paragraph is."""
    series = (SERIES.format(idx=0, col="B", name="План", color="9DB4D6", attr="planned")
              + SERIES.format(idx=1, col="C", name="Факт", color="2F5597", attr="actual"))
    chart = CHART_XML.replace("SERIES", series)
    with zipfile.ZipFile(path) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    doc = members["word/document.xml"].decode("utf-8")
    # the mark's run → the chart's run (the paragraph keeps its centring)
    doc, n = re.subn(r"<w:r>(?:(?!</w:r>).)*?" + MARK + r"(?:(?!</w:r>).)*?</w:r>", INLINE, doc, flags=re.S)
    assert n == 1, "chart mark not found"
    members["word/document.xml"] = doc.encode("utf-8")
    rels = members["word/_rels/document.xml.rels"].decode("utf-8")
    rels = rels.replace("</Relationships>", f'<Relationship Id="{CHART_REL}" Type="http://schemas.openxmlformats.org/'
                        'officeDocument/2006/relationships/chart" Target="charts/chart1.xml"/></Relationships>')
    members["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    types = members["[Content_Types].xml"].decode("utf-8")
    types = types.replace("</Types>", '<Override PartName="/word/charts/chart1.xml" ContentType="application/'
                          'vnd.openxmlformats-officedocument.drawingml.chart+xml"/></Types>')
    members["[Content_Types].xml"] = types.encode("utf-8")
    members[CHART_PART] = chart.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


BUILDERS = {"monitoring_report": build_monitoring_report}
