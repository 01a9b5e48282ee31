"""One printable .docx made of many records rendered from the same template.

A class teacher prints the 28 consent forms of a class at once, so next to the separate files
docgen can write one "print file". The obvious ways to build it are all wrong or slow, as measured
in PERF.md §(h):

* docxcompose re-scans the whole growing document on every append (bookmarks, drawing ids,
  numbering), so 1000 forms take ~400 s — quadratic;
* concatenating bodies under one section prints the *first* record's header on every form;
* a mail-merge style concatenation continues auto-numbered lists across forms (1., 6., 11., …).

:class:`PrintFileBuilder` therefore works on one record at a time and never looks back:

* every record becomes its own **section** (a new page with page numbers restarting at 1, so
  headers, footers and page numbers behave as in the separate file; or, for double-sided
  printing, an odd page with numbers running on and no page numbers shown — Word decides "odd"
  by the number, LibreOffice by the sheet: :mod:`docgen.output.pagefields`);
* a header or footer that holds fields is rendered per record, so every record gets its **own
  copy** of that part (new part, relationship and content type) referenced by its section;
* every auto-numbered list of records 2…N is moved to a **new** ``w:num`` that points to the same
  abstract numbering and restarts all levels (``w:startOverride``), both for paragraphs that name
  a ``w:numId`` directly and for paragraphs that are numbered through their style;
* drawing ids (``wp:docPr/@id``) and annotation ids (bookmarks, revisions, permissions) are given
  new, document-wide unique values, and bookmark names of records 2…N get a ``_N`` suffix (fields
  and internal hyperlinks of the same record follow the rename). ``w14:paraId``/``w14:textId``
  are dropped from per-record content: they are optional (``mc:Ignorable``), must be unique, only
  matter for comment threads (which are refused, below) and Word regenerates them on save;
* VML shapes (legacy pictures, OLE objects, watermarks) of records 2…N get new ids the same way,
  and the body defines each ``v:shapetype`` once (:class:`~docgen.output.vml.VmlIds`).

Each record's XML is parsed once with lxml (about a tenth of a millisecond for a consent form),
edited in place and serialised back to bytes; the merged ``document.xml`` is a list of such body
fragments between the template's own document head and tail, streamed into the zip at the end.
Nothing already added is ever parsed or scanned again, so time is linear in the number of records
and memory is about the size of the merged ``document.xml``.

Known limit: a NUMPAGES field ("page 1 of 2") counts the pages of the whole print file. Word's
per-section SECTIONPAGES would fix that in Word, but LibreOffice 7.4 does not compute SECTIONPAGES
(it prints the stale cached value), so such fields are left as they are.

Footnotes, endnotes and comments are refused with an :class:`~docgen.errors.OutputError`: a merged
file would need per-record copies of every note with new ids *and* per-record restarts of note
numbering, and a half-right answer (every record pointing at record 1's note, or notes numbered
1…N across forms) would be a wrong legal document. Templates without note references merge fine
even if they carry the (separator-only) notes parts Word adds.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

from lxml import etree

from docgen.errors import OutputError
from docgen.ooxml.wordml import (
    AFTER_NUMID,
    AFTER_NUMPR,
    AFTER_PGNUMTYPE,
    AFTER_SECTPR_IN_PPR,
    AFTER_TYPE,
    CONTENT_TYPES,
    CT_NS,
    DOCPR,
    DOCUMENT,
    DOCUMENT_RELS,
    FOOTER_TYPE,
    HEADER_TYPE,
    MAX_BOOKMARK_NAME,
    R_ID,
    RANGE_MARKS,
    RELS_NS,
    W14,
    W14_PARA_ID,
    W14_TEXT_ID,
    W_ID,
    W_NAME,
    W_NUMID,
    W_NUMPR,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_VAL,
    child,
    insert_before_any,
    w,
)
from docgen.output.numbering import Numbering
from docgen.output.pagefields import without_page_fields
from docgen.output.vml import VmlIds
from docgen.render.template import CompiledTemplate

_NOTES = {
    w("footnoteReference"): "сноски",
    w("endnoteReference"): "концевые сноски",
    w("commentReference"): "примечания (комментарии рецензента)",
    w("commentRangeStart"): "примечания (комментарии рецензента)",
}
# Elements whose w:id is an annotation id, unique across the document (ECMA-376 17.13).
_ANNOTATIONS = tuple(w(n) for n in (
    "bookmarkStart", "bookmarkEnd", "permStart", "permEnd", "ins", "del", "moveFrom", "moveTo",
    "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
    "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
    "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart",
    "customXmlMoveToRangeEnd", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange",
    "trPrChange", "tcPrChange", "tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge"))
_HAS_PARA_ID = etree.XPath(".//*[@w14:paraId or @w14:textId]", namespaces={"w14": W14})
_HEADER_FOOTER = re.compile(r"^word/(header|footer)[^/]*\.xml$")
_STORY_PART = re.compile(r"^word/(header|footer|footnotes|endnotes|comments)[^/]*\.xml$")
_DOCPR_ID = re.compile(rb"<(?:\w+:)?docPr\b[^>]*?\sid=\"(\d+)\"")
_ANY_NUMERIC_ID = re.compile(rb"\s(?:\w+:)?id=\"(-?\d+)\"")
_BODY_START = re.compile(rb"<([A-Za-z_][\w.-]*:)?body(?:\s[^>]*)?>")
_FIELD_TOKEN = re.compile(r'"([^"]*)"|([^\s"]+)')
_RID = re.compile(r"^rId(\d+)$")


class PrintFileBuilder:
    """Collects records rendered from one CompiledTemplate and builds one .docx.

    Feed it ``template.render_parts(context)`` of every record with :meth:`add` (in print order),
    then call :meth:`finish` once. ``duplex=True`` makes every record start on an odd
    (right-hand) page, so that double-sided printing never puts two children on one sheet; the
    application inserts a blank page where needed.

    The builder keeps the previous record's body open until the next one arrives, because only
    then is it known whether that body ends the document (its section properties stay at body
    level) or is followed by another record (they move into its last paragraph, which is how
    WordprocessingML marks a section break).
    """

    def __init__(self, template: "CompiledTemplate", *, duplex: bool = False):
        self.template = template
        self.duplex = duplex
        self._parser = etree.XMLParser(resolve_entities=False, huge_tree=True)
        self._parts = {p.info.filename: p for p in template.parts}
        self._templated = template.rendered_names  # templated parts, and the workbooks of templated charts
        self._count = 0
        self._closed = False
        self._head = self._tail = b""
        self._fragments: list[bytes] = []
        self._pending: etree._Element | None = None
        self._first_parts: dict[str, bytes] = {}  # record 1's templated non-body parts, as written
        self._copies: list[tuple[str, bytes]] = []  # per-record header/footer parts (and their rels)
        self._new_rels: list[tuple[str, str, str]] = []  # (rId, type, target)
        self._new_overrides: list[tuple[str, str]] = []  # (part name, content type)

        # Header/footer relationships whose target part is rendered per record.
        self._hf: list[tuple[str, str, str, str]] = []  # (rId, type, target, part name)
        self._next_rid = 1
        rels = self._parts.get(DOCUMENT_RELS)
        if rels is not None:
            for rel in etree.fromstring(rels.data, self._parser).iterchildren(f"{{{RELS_NS}}}Relationship"):
                rid, kind, target = rel.get("Id", ""), rel.get("Type", ""), rel.get("Target", "")
                m = _RID.match(rid)
                if m:
                    self._next_rid = max(self._next_rid, int(m.group(1)) + 1)
                if rel.get("TargetMode") == "External" or not kind.endswith(("/header", "/footer")):
                    continue
                part = (target.lstrip("/") if target.startswith("/")
                        else posixpath.normpath(posixpath.join("word", target)))
                if part in self._templated:
                    self._hf.append((rid, kind, target, part))
        self._content_types: dict[str, str] = {}
        if CONTENT_TYPES in self._parts:
            for el in etree.fromstring(self._parts[CONTENT_TYPES].data, self._parser):
                if el.get("PartName"):
                    self._content_types[el.get("PartName").lstrip("/")] = el.get("ContentType", "")

        numbering = self._parts.get("word/numbering.xml")
        styles = self._parts.get("word/styles.xml")
        self._numbering = Numbering(numbering.data if numbering else None,
                                     styles.data if styles else None, self._parser)

        # Ids in parts shared by every record; per-record ids are numbered above them.
        static = [p.data for n, p in self._parts.items() if _STORY_PART.match(n) and p.template is None]
        self._next_docpr = 1 + max((int(v) for d in static for v in _DOCPR_ID.findall(d)), default=0)
        self._next_annotation = 1 + max((int(v) for d in static for v in _ANY_NUMERIC_ID.findall(d)), default=0)
        self._vml = VmlIds([p.data for n, p in self._parts.items() if n == DOCUMENT or _STORY_PART.match(n)])

    # ------------------------------------------------------------------ public API

    def add(self, rendered: dict[str, bytes]) -> None:
        """rendered = template.render_parts(context): part name -> rendered XML bytes, only for
        templated parts. A template whose document.xml holds no tags has no entry for it; then
        the template's own document part is used for the record."""
        if self._closed:
            raise OutputError(f"Файл для печати «{self.template.name}» уже собран: добавить в него документ нельзя.")
        if rendered.keys() != self._templated:
            raise OutputError(
                f"В файл для печати «{self.template.name}» можно добавлять только документы, "
                "заполненные по этому же шаблону.")
        data = rendered.get(DOCUMENT) or self._parts[DOCUMENT].data
        root = etree.fromstring(data, self._parser)
        body = root.find(w("body"))
        if body is None:
            raise OutputError(f"Шаблон «{self.template.name}»: в документе нет тела (w:body).")
        self._check_notes(root)  # before any state changes: a refused record leaves no trace
        self._count += 1
        k = self._count
        if k == 1:
            self._head, self._tail = self._split_document(data)
        names = self._fix_story(root, data, k, {})
        self._vml.body_shapetypes(body, k)
        if k > 1:
            self._restart_numbering(body)
        hf_rids = self._header_copies(rendered, k, names)
        self._fix_sections(body, hf_rids)
        if k == 1:
            self._first_parts = {n: d for n, d in rendered.items() if n != DOCUMENT}
            for _, _, _, part in self._hf:
                self._first_parts[part] = self._fix_story_bytes(rendered[part], 1, names)
        if self._pending is not None:
            self._flush(last=False)
        self._pending = body

    def finish(self) -> bytes:
        """The merged .docx bytes; raises OutputError if nothing was added."""
        if self._closed:
            raise OutputError(f"Файл для печати «{self.template.name}» уже собран.")
        if self._count == 0:
            raise OutputError(
                f"Нет ни одного документа по шаблону «{self.template.name}»: файл для печати не из чего собрать.")
        self._flush(last=True)
        self._closed = True
        buffer = io.BytesIO()
        doc_info = self._parts[DOCUMENT].info
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for name, part in self._parts.items():
                info = zipfile.ZipInfo(name, date_time=part.info.date_time)
                info.external_attr = part.info.external_attr
                info.compress_type = zipfile.ZIP_DEFLATED
                if name == DOCUMENT:
                    size = len(self._head) + len(self._tail) + sum(map(len, self._fragments))
                    info.file_size = size  # lets zipfile decide on zip64 up front
                    with zf.open(info, "w", force_zip64=size > 0x7FFF0000) as out:
                        out.write(self._head)
                        for fragment in self._fragments:
                            out.write(fragment)
                        out.write(self._tail)
                    self._fragments.clear()
                    continue
                if name == CONTENT_TYPES:
                    data = self._content_types_xml(part.data)
                elif name == DOCUMENT_RELS:
                    data = self._rels_xml(part.data)
                elif name == "word/numbering.xml" and self._numbering.added:
                    data = etree.tostring(self._numbering.root, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
                else:
                    data = self._first_parts.get(name, part.data)
                    if self.duplex and _HEADER_FOOTER.match(name):
                        data = without_page_fields(data)
                zf.writestr(info, data, compresslevel=6)
            for name, data in self._copies:
                if self.duplex and _HEADER_FOOTER.match(name):
                    data = without_page_fields(data)
                info = zipfile.ZipInfo(name, date_time=doc_info.date_time)
                info.external_attr = 0o600 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data, compresslevel=6)
        self._copies.clear()
        return buffer.getvalue()

    # ------------------------------------------------------------------ per record

    @staticmethod
    def _split_document(data: bytes) -> tuple[bytes, bytes]:
        """The document's bytes up to and including ``<w:body>``, and from ``</w:body>`` on.

        Taken verbatim from record 1, so the merged document keeps the template's root element,
        namespace declarations and ``mc:Ignorable`` list — the body fragments serialised by lxml
        use exactly these prefixes because every record comes from the same template.
        """
        m = _BODY_START.search(data)
        if m is None:
            raise OutputError("В документе нет тела (w:body).")
        end = data.rfind(b"</" + (m.group(1) or b"") + b"body>")
        return data[:m.end()], data[end:]

    def _check_notes(self, root: etree._Element) -> None:
        for el in root.iter(*_NOTES):
            what = _NOTES[el.tag]
            raise OutputError(
                f"Шаблон «{self.template.name}» содержит {what}; объединить такие документы в один файл "
                "docgen пока не умеет — сформируйте отдельные файлы.")

    def _fix_story(self, root: etree._Element, data: bytes, k: int, names: dict[str, str]) -> dict[str, str]:
        """Make one record's story (body, header or footer) safe to sit next to the others.

        ``data`` is the story's XML text: a byte search there is cheaper than an XPath over a
        tree that holds no paraId at all (the common case). ``names`` collects the record's
        bookmark renames, so that a header's REF field to a body bookmark follows it too (the
        body is done first); it is returned.
        """
        for el in root.iter(DOCPR):
            el.set("id", str(self._next_docpr))
            self._next_docpr += 1
        ids: dict[str, str] = {}
        for el in root.iter(*_ANNOTATIONS):
            old = el.get(W_ID)
            if old is None:
                continue
            new = ids.get(old)
            if new is None:
                new = ids[old] = str(self._next_annotation)
                self._next_annotation += 1
            el.set(W_ID, new)
        if b"paraId" in data or b"textId" in data:
            for el in _HAS_PARA_ID(root):
                el.attrib.pop(W14_PARA_ID, None)
                el.attrib.pop(W14_TEXT_ID, None)
        if k > 1:
            self._rename_bookmarks(root, k, names)
            self._vml.renumber(root, k)
        return names

    def _rename_bookmarks(self, root: etree._Element, k: int, names: dict[str, str]) -> None:
        """Give record k's bookmarks their own names; its fields and links follow the rename."""
        suffix = f"_{k}"
        for el in root.iter(w("bookmarkStart")):
            name = el.get(W_NAME)
            if name:
                names[name] = el.attrib[W_NAME] = name[:MAX_BOOKMARK_NAME - len(suffix)] + suffix
        if not names:
            return

        def rename(m: re.Match) -> str:
            if m.group(1) is not None:
                return f'"{names[m.group(1)]}"' if m.group(1) in names else m.group(0)
            return names.get(m.group(2), m.group(2))

        for el in root.iter(w("hyperlink")):
            anchor = el.get(w("anchor"))
            if anchor in names:
                el.set(w("anchor"), names[anchor])
        for el in root.iter(w("instrText")):
            if el.text:
                el.text = _FIELD_TOKEN.sub(rename, el.text)
        for el in root.iter(w("fldSimple")):
            instr = el.get(w("instr"))
            if instr:
                el.set(w("instr"), _FIELD_TOKEN.sub(rename, instr))

    def _fix_story_bytes(self, data: bytes, k: int, names: dict[str, str]) -> bytes:
        """:meth:`_fix_story` for a header or footer (a few kB: parsing it costs tens of µs)."""
        root = etree.fromstring(data, self._parser)
        self._check_notes(root)
        self._fix_story(root, data, k, names)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _restart_numbering(self, body: etree._Element) -> None:
        """Move every list of this record to a new, restarting ``w:num``."""
        numbering = self._numbering
        if numbering.root is None:
            return
        mapped: dict[str, str] = {}

        def new_id(old: str) -> str | None:
            if old not in mapped:
                if not numbering.knows(old):
                    return None
                mapped[old] = numbering.new_num(old)
            return mapped[old]

        for el in body.iter(W_NUMID):
            new = new_id(el.get(W_VAL, ""))
            if new is not None:
                el.set(W_VAL, new)
        if not numbering.styles:
            return
        if numbering.default_style in numbering.styles:  # rare: even unstyled paragraphs are numbered
            candidates = body.iter(W_P)
        else:  # only paragraphs naming a numbered style; finding w:pStyle is done by lxml in C
            candidates = [s.getparent().getparent() for s in body.iter(W_PSTYLE)
                          if s.get(W_VAL) in numbering.styles]
        for p in candidates:
            if p is None or p.tag != W_P:
                continue  # a w:pStyle of a tracked change (w:pPrChange), not of the paragraph
            ppr = p.find(W_PPR)
            num_pr = ppr.find(W_NUMPR) if ppr is not None else None
            if num_pr is not None and num_pr.find(W_NUMID) is not None:
                continue  # direct numbering, already remapped above
            style = ppr.find(W_PSTYLE) if ppr is not None else None
            style_id = style.get(W_VAL) if style is not None else numbering.default_style
            link = numbering.styles.get(style_id) if style_id else None
            if link is None:
                continue
            new = new_id(link[0])
            if new is None:
                continue
            if ppr is None:
                ppr = etree.Element(W_PPR)
                p.insert(0, ppr)
            if num_pr is None:
                num_pr = etree.Element(W_NUMPR)
                insert_before_any(ppr, num_pr, AFTER_NUMPR)
                etree.SubElement(num_pr, w("ilvl")).set(W_VAL, link[1])
            child(num_pr, "numId", AFTER_NUMID).set(W_VAL, new)

    def _header_copies(self, rendered: dict[str, bytes], k: int, names: dict[str, str]) -> dict[str, str]:
        """Record k's own copies of the templated headers/footers; returns old rId -> new rId."""
        if k == 1 or not self._hf:
            return {}
        rids: dict[str, str] = {}
        copies: dict[str, str] = {}  # original part -> its copy for this record
        for rid, kind, target, part in self._hf:
            copy = copies.get(part)
            if copy is None:
                stem, ext = posixpath.splitext(part)
                copy = copies[part] = f"{stem}_r{k}{ext}"
                self._copies.append((copy, self._fix_story_bytes(rendered[part], k, names)))
                rels = self._parts.get(self._rels_name(part))
                if rels is not None:  # the header's images/links: same folder, same targets
                    self._copies.append((self._rels_name(copy), rels.data))
                content_type = (self._content_types.get(part)
                                or (HEADER_TYPE if kind.endswith("/header") else FOOTER_TYPE))
                self._new_overrides.append((copy, content_type))
            new_rid = f"rId{self._next_rid}"
            self._next_rid += 1
            rids[rid] = new_rid
            self._new_rels.append((new_rid, kind, posixpath.join(posixpath.dirname(target), posixpath.basename(copy))))
        return rids

    @staticmethod
    def _rels_name(part: str) -> str:
        folder, name = posixpath.split(part)
        return posixpath.join(folder, "_rels", name + ".rels")

    def _fix_sections(self, body: etree._Element, hf_rids: dict[str, str]) -> None:
        """Start the record on a new (or odd) page numbered 1 and point it at its own headers."""
        last = body[-1] if len(body) else None
        if last is None or last.tag != w("sectPr"):
            etree.SubElement(body, w("sectPr"))  # no section properties: application defaults
        sections = list(body.iter(w("sectPr")))
        if hf_rids:
            for sect in sections:
                for ref in sect.iterchildren(w("headerReference"), w("footerReference")):
                    new = hf_rids.get(ref.get(R_ID, ""))
                    if new:
                        ref.set(R_ID, new)
        first = sections[0]
        child(first, "type", AFTER_TYPE).set(W_VAL, "oddPage" if self.duplex else "nextPage")
        if self.duplex:  # numbers run on, so Word and LibreOffice agree on odd pages (output.pagefields)
            numbering = first.find(w("pgNumType"))
            if numbering is not None:
                numbering.attrib.pop(w("start"), None)
        else:
            child(first, "pgNumType", AFTER_PGNUMTYPE).set(w("start"), "1")

    def _flush(self, *, last: bool) -> None:
        """Serialise the pending record's body; unless it is the last, as a section break."""
        body = self._pending
        assert body is not None
        self._pending = None
        if not last:
            sect = body[-1]
            carrier = sect.getprevious()
            while carrier is not None and carrier.tag in RANGE_MARKS:
                carrier = carrier.getprevious()
            if carrier is not None and (carrier.tag != W_P or carrier.find(f"{W_PPR}/{w('sectPr')}") is not None):
                carrier = None
            if carrier is None:  # body ends with a table or a section break of its own
                carrier = etree.Element(W_P)
                sect.addprevious(carrier)
            ppr = carrier.find(W_PPR)
            if ppr is None:
                ppr = etree.Element(W_PPR)
                carrier.insert(0, ppr)
            insert_before_any(ppr, sect, AFTER_SECTPR_IN_PPR)  # moves it out of the body
        xml = etree.tostring(body, encoding="UTF-8", with_tail=False)
        self._fragments.append(xml[xml.index(b">") + 1:xml.rindex(b"</")])

    # ------------------------------------------------------------------ package parts

    def _content_types_xml(self, data: bytes) -> bytes:
        if not self._new_overrides:
            return data
        root = etree.fromstring(data, self._parser)
        for name, content_type in self._new_overrides:
            etree.SubElement(root, f"{{{CT_NS}}}Override", PartName="/" + name, ContentType=content_type)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _rels_xml(self, data: bytes) -> bytes:
        if not self._new_rels:
            return data
        root = etree.fromstring(data, self._parser)
        for rid, kind, target in self._new_rels:
            etree.SubElement(root, f"{{{RELS_NS}}}Relationship", Id=rid, Type=kind, Target=target)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

