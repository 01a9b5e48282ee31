"""Character references inside tags (what LibreOffice writes for ' and "), and syntax-error texts.

LibreOffice stores every ``'`` of a document as ``&apos;`` and every ``"`` as ``&quot;``; other
tools write ``&#39;``/``&#x27;``; ``&`` ``<`` ``>`` are always ``&amp;`` ``&lt;`` ``&gt;``. Inside a
tag these are code the author typed and must reach Jinja as characters; outside tags the XML
is left as it is, and values from the registry are still escaped when printed.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path
from xml.parsers.expat import ParserCreate

import pytest
from docx import Document

from docgen.errors import TemplateError
from docgen.packtools.lint import ERROR, lint_pack
from docgen.packtools.scaffold import TEMPLATE_ID, new_pack
from docgen.render.environment import make_env
from docgen.render.tagtext import describe_syntax_error, normalise_tag_text, tag_display, unescape_tag_code
from docgen.render.template import CompiledTemplate, jinja_source


def t(text: str, preserve: bool = False) -> str:
    """One run of WordprocessingML holding ``text`` (already escaped as XML)."""
    space = ' xml:space="preserve"' if preserve else ""
    return f"<w:r><w:t{space}>{text}</w:t></w:r>"


def para(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def well_formed(xml: str) -> None:
    ParserCreate().Parse(f'<w:body xmlns:w="urn:w">{xml}</w:body>', True)


# --------------------------------------------------------------------------- normalise_tag_text


@pytest.mark.parametrize("stored, expected", [
    ("{{ c|fio(&apos;род&apos;) }}", "{{ c|fio('род') }}"),  # LibreOffice
    ("{{ c|fio(&quot;род&quot;) }}", '{{ c|fio("род") }}'),  # LibreOffice
    ("{{ c|fio(&#39;род&#39;) }}", "{{ c|fio('род') }}"),  # decimal reference
    ("{{ c|fio(&#x27;род&#X27;) }}", "{{ c|fio('род') }}"),  # hexadecimal, either case of x
    ("{{ &#x6E;&#97;me }}", "{{ name }}"),  # any character
    ("{{ 'A &amp; B' }}", "{{ 'A &amp; B' }}"),  # & < > stay escaped: still XML
    ("{{ 1 if n &#60; 5 &#38;&#62; }}", "{{ 1 if n &lt; 5 &amp;&gt; }}"),  # …written as lxml writes them
    ("{% if x == &apos;да&apos; %}", "{% if x == 'да' %}"),
    ("{%p if x == &apos;да&apos; %}", "{%p if x == 'да' %}"),
    ("{# &quot;заметка&quot; #}", '{# "заметка" #}'),
    ("{{ &#0; &#xD800; &#1114112; &#99999999999; }}", "{{ &#0; &#xD800; &#1114112; &#99999999999; }}"),  # not characters
])
def test_each_reference_kind_inside_a_tag(stored, expected):
    assert normalise_tag_text(para(t(stored))) == para(t(expected))


def test_text_outside_tags_is_untouched():
    xml = para(t("&apos;Кавычки&apos; &quot;вне&quot; тегов &amp; &#39; {{ x|fio(&apos;род&apos;) }} &apos;после&apos;"))
    assert normalise_tag_text(xml) == para(
        t("&apos;Кавычки&apos; &quot;вне&quot; тегов &amp; &#39; {{ x|fio('род') }} &apos;после&apos;"))


def test_a_part_without_references_in_tags_is_returned_identical():
    xml = para(t("{{ x|fio('род') }} &amp; {% if a &gt; 1 %}да{% endif %}"))
    assert normalise_tag_text(xml) == xml
    assert normalise_tag_text("<w:t>без тегов &apos;</w:t>") == "<w:t>без тегов &apos;</w:t>"


def test_a_tag_through_several_runs_keeps_its_markup():
    """Word splits a tag into runs; markup between the pieces (attributes too) is not text."""
    xml = para(t("{{ c|fio(&apos;"), '<w:bookmarkStart w:id="1" w:name="a&quot;b"/>',
               t("род&apos;) }}"), t(" и &apos;текст&apos;"))
    assert normalise_tag_text(xml) == para(t("{{ c|fio('"), '<w:bookmarkStart w:id="1" w:name="a&quot;b"/>',
                                           t("род') }}"), t(" и &apos;текст&apos;"))


def test_braces_split_by_markup_are_one_tag():
    xml = para(t("{"), t("{ c|fio(&apos;род&apos;) }"), t("}"))
    assert normalise_tag_text(xml) == para(t("{"), t("{ c|fio('род') }"), t("}"))


def test_raw_blocks_are_left_as_stored():
    xml = para(t("{% raw %}{{ &apos;x&apos; }}{% endraw %} {{ &apos;y&apos; }}"))
    assert normalise_tag_text(xml) == para(t("{% raw %}{{ &apos;x&apos; }}{% endraw %} {{ 'y' }}"))


def test_the_result_stays_well_formed_xml():
    xml = para(t("{{ &#60;&#38;&#62;&apos;&quot; }} &lt;&amp;&gt;"))
    well_formed(xml)
    well_formed(normalise_tag_text(xml))


def test_a_tag_in_an_attribute_value():
    """docgen's chart parts have tags in attributes (ptCount val=…); quotes there are &quot;."""
    xml = '<c:pt idx="{{ n|f(&quot;a&quot;) }}"/>'
    assert normalise_tag_text(xml) == '<c:pt idx="{{ n|f("a") }}"/>'


# --------------------------------------------------------------------------- unescape_tag_code


def test_unescape_tag_code_resolves_the_xml_escapes_in_tags_only():
    assert unescape_tag_code("{{ 'A &amp; B' if n &lt; 5 else n &gt; 1 }} A &amp; B &lt;") == \
        "{{ 'A & B' if n < 5 else n > 1 }} A &amp; B &lt;"
    assert unescape_tag_code("{% raw %}{{ &amp; }}{% endraw %}{# &amp; #}") == "{% raw %}{{ &amp; }}{% endraw %}{# & #}"


def test_each_reference_is_resolved_once():
    """The author typed the text «&apos;» inside a string: Word stores «&amp;apos;»."""
    assert jinja_source(para(t("{{ '&amp;apos;' }} {{ '&amp;lt;' }} {{ &apos;&amp;amp;&apos; }}"))) == \
        para(t("{{ '&apos;' }} {{ '&lt;' }} {{ '&amp;' }}", preserve=True))


def test_tag_display_shows_the_tag_as_typed():
    assert tag_display("{{ c|fio(&apos;род&apos;) }}") == "{{ c|fio('род') }}"
    assert tag_display("{{ c.</w:t></w:r><w:r><w:t>fio }}") == "{{ c.fio }}"
    assert tag_display("{{ " + "x" * 200 + " }}", 20) == "{{ " + "x" * 16 + "…"


# --------------------------------------------------------------------------- end to end


def docx_with(tmp_path: Path, *paragraphs: str, name: str = "t.docx") -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    path = tmp_path / name
    doc.save(path)
    return path


def as_libreoffice_saves(path: Path) -> Path:
    """Rewrite the text of every <w:t> the way LibreOffice stores it: ' → &apos;, " → &quot;."""
    def quote(m: re.Match[str]) -> str:
        return m.group(1) + m.group(2).replace("'", "&apos;").replace('"', "&quot;") + m.group(3)

    out = path.with_name("lo-" + path.name)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = re.sub(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)", quote, data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
    return out


def text_of(data: bytes) -> list[str]:
    return [p.text for p in Document(BytesIO(data)).paragraphs]


HOSTILE = "Иванова & Петрова <Мария> \"Маша\" 'М.' {{ 7*7 }} &amp; </w:t>"
PARAGRAPHS = (
    "Имя: {{ name }}; родительный: {{ name|fio('род') }}; {{ \"двойные\"|upper }}.",
    "{{ 'A & B' }} {{ 'меньше' if n < 5 else 'больше' }} {{ 'x' if n > 1 }} {{ name ~ \"'\" }}",
    "Кавычки в тексте: 'одинарные' и \"двойные\" & амперсанд.",
    "{% if name != '' %}{{ name|upper }}{% endif %}",
)


def test_a_template_saved_with_references_renders_the_same_document(tmp_path):
    original = docx_with(tmp_path, *PARAGRAPHS)
    saved = as_libreoffice_saves(original)
    assert "&apos;" in zipfile.ZipFile(saved).read("word/document.xml").decode()
    context = {"name": "Иванова Мария Петровна", "n": 3}
    expected = text_of(CompiledTemplate(original, make_env()).render(context))
    assert text_of(CompiledTemplate(saved, make_env()).render(context)) == expected
    assert expected[1] == "A & B меньше x Иванова Мария Петровна'"
    assert expected[2] == "Кавычки в тексте: 'одинарные' и \"двойные\" & амперсанд."


def test_values_from_data_are_still_escaped(tmp_path):
    saved = as_libreoffice_saves(docx_with(tmp_path, "[{{ v }}] [{{ v|upper|lower }}] [{{ 'к: ' ~ v }}]"))
    data = CompiledTemplate(saved, make_env()).render({"v": HOSTILE})
    assert text_of(data) == [f"[{HOSTILE}] [{HOSTILE.upper().lower()}] [к: {HOSTILE}]"]
    xml = zipfile.ZipFile(BytesIO(data)).read("word/document.xml").decode()
    assert "Иванова &amp; Петрова &lt;Мария&gt;" in xml and "&amp;amp;" in xml and "&lt;/w:t&gt;" in xml


def test_scaffolded_template_saved_with_references_lints_clean(tmp_path):
    pack = new_pack("school", tmp_path / "school") / "docgen_pack_school"
    template = pack / "templates" / f"{TEMPLATE_ID}.docx"
    saved = as_libreoffice_saves(template)
    assert "&apos;" in zipfile.ZipFile(saved).read("word/document.xml").decode()
    saved.replace(template)
    report = lint_pack(pack)
    assert [str(p) for p in report.problems] == []
    assert report.rendered == {TEMPLATE_ID: 47}


# --------------------------------------------------------------------------- syntax errors


@pytest.mark.parametrize("text, cause, tag", [
    ("{{ x|fio(«род») }}", "типографская кавычка « в выражении", "{{ x|fio(«род») }}"),
    ("{% if a %}раз{% for b in c %}два{% endfor %} без конца", "блок не закрыт (нужен {% endif %})", "{% if a %}"),
    ("{% for x in y %}{% endif %}", "тег {% endif %} стоит там, где должен закрыться блок {% for %}", "{% endif %}"),
    ("лишний {% endif %}", "тег {% endif %} без начала", "{% endif %}"),
    ("{{ a b }}", "лишнее «b»", "{{ a b }}"),
    ("{{ f(a b) }}", "перед «b» не хватает запятой", "{{ f(a b) }}"),
    ("{{ a|f('x' }}", "лишняя или непарная «}»", "{{ a|f('x' }}"),
    ("{{ 'abc }}", "кавычка ' не закрыта", "{{ 'abc }}"),
    ("{{ y|shout }}", "неизвестный фильтр «shout»", "{{ y|shout }}"),
    ("{{ a && b }}", "символ «&» в выражении", "{{ a && b }}"),
])
def test_syntax_error_names_the_cause_and_the_tag(tmp_path, text, cause, tag):
    path = docx_with(tmp_path, "Начало {{ ok }} и {{ c|fio('род') }}", text, "Конец {{ ok }}")
    with pytest.raises(TemplateError) as info:
        CompiledTemplate(path, make_env(), "t")
    message = str(info.value)
    assert cause in message and f"Тег: «{tag}»" in message, message
    assert "Проверьте, что каждый" not in message  # the old guess


def test_lint_gives_the_same_sentence(tmp_path):
    pack = new_pack("school", tmp_path / "school") / "docgen_pack_school"
    path = pack / "templates" / f"{TEMPLATE_ID}.docx"
    doc = Document(str(path))
    doc.add_paragraph("{{ mentor|fio(«род») }}")
    doc.save(str(path))
    errors = [p.message for p in lint_pack(pack).problems if p.level == ERROR]
    assert len(errors) == 1 and errors[0].startswith("типографская кавычка « в выражении")
    assert errors[0].endswith("Тег: «{{ mentor|fio(«род») }}»")


def test_describe_without_a_source_gives_the_cause_only():
    env = make_env()
    with pytest.raises(Exception) as info:
        env.parse("{% if x %}")
    assert describe_syntax_error(info.value) == "блок не закрыт (нужен {% endif %})"
