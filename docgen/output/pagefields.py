"""PAGE fields taken out of a double-sided print file's headers and footers.

Why: a double-sided print file starts every record on an odd page (``w:type="oddPage"``). ECMA-376
defines that section start as "the next odd-numbered page", and Word decides by the page
*number*, not by the sheet: with numbering restarting at 1 in every record, the first page of
each record is page 1, odd already, so Word inserts no blank page and a record after a one- or
three-page record starts on the back of the previous child's sheet. LibreOffice decides by the
physical page and inserts the blank page (tests/acceptance/test_merge.py). Numbering that runs on
through the file makes both agree — and then a number in a header would count the whole file
(«37» on the second page of a consent form). So the double-sided print file has no restart and
no page numbers; the separate files, and the single-sided print file, keep their numbers from
page 2 (ГОСТ Р 7.0.97 п. 6.5).
"""

from __future__ import annotations

import re

from lxml import etree

from docgen.ooxml.wordml import w

__all__ = ["without_page_fields"]

_PAGE = re.compile(r"^\s*PAGE(\s|$)")
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, remove_blank_text=False)
_R, _FLD, _INSTR, _SIMPLE = w("r"), w("fldChar"), w("instrText"), w("fldSimple")
_TYPE, _INSTR_ATTR = w("fldCharType"), w("instr")


def without_page_fields(data: bytes) -> bytes:
    """A header or footer part with its PAGE fields (and their shown numbers) removed; other
    fields and text untouched; ``data`` itself when it holds none."""
    if b"PAGE" not in data:
        return data
    root = etree.fromstring(data, _PARSER)
    changed = False
    for simple in list(root.iter(_SIMPLE)):
        if _PAGE.match(simple.get(_INSTR_ATTR, "")):
            simple.getparent().remove(simple)
            changed = True
    for paragraph in root.iter(w("p")):
        runs = [r for r in paragraph if r.tag == _R]
        i = 0
        while i < len(runs):
            begin = runs[i].find(_FLD)
            if begin is None or begin.get(_TYPE) != "begin":
                i += 1
                continue
            depth, j, instr = 0, i, ""
            while j < len(runs):
                for fld in runs[j].iter(_FLD):
                    kind = fld.get(_TYPE)
                    depth += 1 if kind == "begin" else -1 if kind == "end" else 0
                if depth == 1:
                    instr += "".join(t.text or "" for t in runs[j].iter(_INSTR))
                if depth == 0:
                    break
                j += 1
            if depth == 0 and _PAGE.match(instr):
                for run in runs[i:j + 1]:
                    paragraph.remove(run)
                changed = True
            i = j + 1
    if not changed:
        return data
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
