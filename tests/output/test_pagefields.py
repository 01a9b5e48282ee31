"""PAGE fields out of a double-sided print file's headers and footers (docgen.output.pagefields)."""

from __future__ import annotations

from lxml import etree

from docgen.output.pagefields import without_page_fields

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def story(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="{W}">{body}</w:hdr>').encode()


def field(instr: str, shown: str) -> str:
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{shown}</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def text(data: bytes) -> str:
    """What a reader sees: the w:t texts (not the field codes)."""
    return "".join(t.text or "" for t in etree.fromstring(data).iter(f"{{{W}}}t"))


def test_complex_and_simple_page_fields_go_with_their_numbers():
    data = story('<w:p><w:r><w:t>Стр. </w:t></w:r>' + field("PAGE", "7") + '<w:r><w:t> из </w:t></w:r></w:p>'
                 '<w:p><w:fldSimple w:instr=" PAGE \\* MERGEFORMAT "><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>')
    out = without_page_fields(data)
    assert text(out) == "Стр.  из " and b"PAGE" not in out


def test_other_fields_and_text_stay():
    body = ('<w:p><w:r><w:t>Шапка </w:t></w:r>' + field("PAGEREF _Toc1 \\h", "2") + field("DATE", "01.09.2025")
            + '</w:p>')
    data = story(body)
    assert without_page_fields(data) is data  # "PAGEREF" is not PAGE: nothing to do, not even re-serialised


def test_a_page_field_next_to_another_field_goes_alone():
    outer = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>5</w:t></w:r>'
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    data = story('<w:p><w:r><w:t>до </w:t></w:r>' + outer + field("NUMPAGES", "9") + '<w:r><w:t> после</w:t></w:r></w:p>')
    out = without_page_fields(data)
    assert text(out) == "до 9 после" and b"NUMPAGES" in out
