"""One printable .docx made of many records rendered from the same template.

A class teacher prints the 28 consent forms of a class at once, so next to the separate files
docgen can write one "print file". The obvious ways to build it are all wrong or slow, as measured
in PERF.md §(h):

* docxcompose re-scans the whole growing document on every append (bookmarks, drawing ids,
  numbering), so 1000 forms take ~400 s — quadratic;
* concatenating bodies under one section prints the *first* record's header on every form;
* a mail-merge style concatenation continues auto-numbered lists across forms (1., 6., 11., …).

:class:`PrintFileBuilder` therefore works on one record at a time and never looks back:

* every record becomes its own **section** (a new page, or an odd page for double-sided printing,
  page numbers restarting at 1), so headers, footers and page numbers behave as in the separate
  file;
* a header or footer that holds fields is rendered per record, so every record gets its **own
  copy** of that part (new part, relationship and content type) referenced by its section;
* every auto-numbered list of records 2…N is moved to a **new** ``w:num`` that points to the same
  abstract numbering and restarts all levels (``w:startOverride``), both for paragraphs that name
  a ``w:numId`` directly and for paragraphs that are numbered through their style;
* drawing ids (``wp:docPr/@id``) and annotation ids (bookmarks, revisions, permissions) are given
  new, document-wide unique values, and bookmark names of records 2…N get a ``_N`` suffix (fields
  and internal hyperlinks of the same record follow the rename). ``w14:paraId``/``w14:textId``
  are dropped from per-record content: they are optional (``mc:Ignorable``), must be unique, only
  matter for comment threads (which are refused, below) and Word regenerates them on save.

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
from copy import deepcopy

from lxml import etree

from docgen.errors import OutputError
from docgen.render.template import CompiledTemplate

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


W_VAL, W_ID, W_NAME = _w("val"), _w("id"), _w("name")
W_P, W_PPR, W_PSTYLE, W_NUMPR, W_NUMID = _w("p"), _w("pPr"), _w("pStyle"), _w("numPr"), _w("numId")
R_ID = f"{{{R}}}id"
W14_PARA_ID, W14_TEXT_ID = f"{{{W14}}}paraId", f"{{{W14}}}textId"
DOCPR = f"{{{WP}}}docPr"

DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
LEVELS = range(9)  # Word's list levels 0…8
MAX_BOOKMARK_NAME = 40  # Word does not accept longer bookmark names

# Children that must come *after* the inserted element, per the WordprocessingML schema
# (CT_SectPr, CT_PPr, CT_NumPr sequences). Inserting before the first of them keeps the order valid.
_AFTER_TYPE = {_w(n) for n in (
    "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
    "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings",
    "sectPrChange")}
_AFTER_PGNUMTYPE = {_w(n) for n in (
    "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter",
    "docGrid", "printerSettings", "sectPrChange")}
_AFTER_NUMPR = {_w(n) for n in (
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange")}
_AFTER_SECTPR_IN_PPR = {_w("pPrChange")}
_AFTER_NUMID = {_w("numberingChange"), _w("ins")}
# Zero-width markers that may follow a body's last paragraph without being content.
_RANGE_MARKS = {_w(n) for n in (
    "bookmarkStart", "bookmarkEnd", "permStart", "permEnd", "proofErr", "moveFromRangeStart",
    "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "customXmlInsRangeStart",
    "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd")}

_NOTES = {
    _w("footnoteReference"): "сноски",
    _w("endnoteReference"): "концевые сноски",
    _w("commentReference"): "примечания (комментарии рецензента)",
    _w("commentRangeStart"): "примечания (комментарии рецензента)",
}
# Elements whose w:id is an annotation id, unique across the document (ECMA-376 17.13).
_ANNOTATIONS = tuple(_w(n) for n in (
    "bookmarkStart", "bookmarkEnd", "permStart", "permEnd", "ins", "del", "moveFrom", "moveTo",
    "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
    "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
    "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart",
    "customXmlMoveToRangeEnd", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange",
    "trPrChange", "tcPrChange", "tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge"))
_HAS_PARA_ID = etree.XPath(".//*[@w14:paraId or @w14:textId]", namespaces={"w14": W14})
_STORY_PART = re.compile(r"^word/(header|footer|footnotes|endnotes|comments)[^/]*\.xml$")
_DOCPR_ID = re.compile(rb"<(?:\w+:)?docPr\b[^>]*?\sid=\"(\d+)\"")
_ANY_NUMERIC_ID = re.compile(rb"\s(?:\w+:)?id=\"(-?\d+)\"")
_BODY_START = re.compile(rb"<([A-Za-z_][\w.-]*:)?body(?:\s[^>]*)?>")
_FIELD_TOKEN = re.compile(r'"([^"]*)"|([^\s"]+)')
_RID = re.compile(r"^rId(\d+)$")


def _insert_before_any(parent: etree._Element, child: etree._Element, successors: set[str]) -> None:
    """Insert ``child`` before the first child of ``parent`` that the schema wants after it."""
    for i, existing in enumerate(parent):
        if existing.tag in successors:
            parent.insert(i, child)
            return
    parent.append(child)


def _child(parent: etree._Element, name: str, successors: set[str]) -> etree._Element:
    """The ``w:name`` child of ``parent``, created in a schema-valid place if missing."""
    found = parent.find(_w(name))
    if found is None:
        found = etree.Element(_w(name))
        _insert_before_any(parent, found, successors)
    return found


class _Numbering:
    """What the template's numbering.xml and styles.xml say about lists, read once per builder.

    ``styles`` maps a paragraph style to the (numId, ilvl) it numbers its paragraphs with,
    following ``w:basedOn``; ``new_num`` makes a restarting copy of a ``w:num`` and puts it into
    the parsed numbering part in a schema-valid place (after every ``w:num``, before
    ``w:numIdMacAtCleanup``), so adding a list to record 900 costs the same as to record 2.
    """

    def __init__(self, numbering: bytes | None, styles: bytes | None, parser: etree.XMLParser):
        self.root = etree.fromstring(numbering, parser) if numbering else None
        self.added = 0
        self._nums: dict[str, etree._Element] = {}
        self._abstract: dict[str, etree._Element] = {}
        self._prototypes: dict[str, etree._Element] = {}
        self._cleanup = None
        self._next_id = 1
        self._style_num: dict[str, str] = {}  # numbering style id -> numId (for w:numStyleLink)
        self.styles: dict[str, tuple[str, str]] = {}
        self.default_style: str | None = None
        if styles:
            self._read_styles(etree.fromstring(styles, parser))
        if self.root is None:
            return
        for el in self.root.iterchildren(_w("abstractNum")):
            self._abstract[el.get(_w("abstractNumId"))] = el
        for el in self.root.iterchildren(_w("num")):
            num_id = el.get(_w("numId"))
            self._nums[num_id] = el
            if num_id and num_id.isdigit():
                self._next_id = max(self._next_id, int(num_id) + 1)
        self._cleanup = self.root.find(_w("numIdMacAtCleanup"))

    def _read_styles(self, root: etree._Element) -> None:
        own: dict[str, tuple[str | None, str | None, str | None]] = {}  # id -> basedOn, numId, ilvl
        for style in root.iterchildren(_w("style")):
            sid = style.get(_w("styleId"))
            kind = style.get(_w("type"))
            num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            num_id = ilvl = None
            if num_pr is not None:
                el = num_pr.find(_w("numId"))
                num_id = el.get(W_VAL) if el is not None else None
                el = num_pr.find(_w("ilvl"))
                ilvl = el.get(W_VAL) if el is not None else None
            if kind == "numbering" and num_id:
                self._style_num[sid] = num_id
            if kind not in (None, "paragraph"):
                continue
            based = style.find(_w("basedOn"))
            own[sid] = (based.get(W_VAL) if based is not None else None, num_id, ilvl)
            if style.get(_w("default")) in ("1", "true", "on"):
                self.default_style = sid
        for sid in own:
            num_id = ilvl = None
            seen: set[str] = set()
            current: str | None = sid
            while current in own and current not in seen:  # basedOn chain, loops guarded
                seen.add(current)
                based, n, lv = own[current]
                num_id = num_id if num_id is not None else n
                ilvl = ilvl if ilvl is not None else lv
                current = based
            if num_id and num_id != "0":
                self.styles[sid] = (num_id, ilvl or "0")

    def knows(self, num_id: str) -> bool:
        return num_id in self._nums

    def _level_starts(self, abstract_id: str | None, depth: int = 0) -> dict[int, str]:
        """Start value of every level an abstract numbering defines (via numStyleLink if need be)."""
        abstract = self._abstract.get(abstract_id or "")
        if abstract is None or depth > 5:
            return {}
        link = abstract.find(_w("numStyleLink"))
        if link is not None and abstract.find(_w("lvl")) is None:
            num = self._nums.get(self._style_num.get(link.get(W_VAL), ""))
            target = num.find(_w("abstractNumId")) if num is not None else None
            return self._level_starts(target.get(W_VAL) if target is not None else None, depth + 1)
        starts: dict[int, str] = {}
        for lvl in abstract.iterchildren(_w("lvl")):
            start = lvl.find(_w("start"))
            # ECMA-376 17.9.26: an omitted w:start means zero.
            starts[int(lvl.get(_w("ilvl"), "0"))] = start.get(W_VAL, "0") if start is not None else "0"
        return starts

    def _prototype(self, num_id: str) -> etree._Element:
        """A copy of ``w:num`` ``num_id`` whose every defined level restarts."""
        proto = self._prototypes.get(num_id)
        if proto is not None:
            return proto
        proto = deepcopy(self._nums[num_id])
        abstract = proto.find(_w("abstractNumId"))
        starts = self._level_starts(abstract.get(W_VAL) if abstract is not None else None)
        overrides = {int(o.get(_w("ilvl"), "0")): o for o in proto.iterchildren(_w("lvlOverride"))}
        for level in LEVELS:
            override = overrides.get(level)
            if override is not None and override.find(_w("startOverride")) is not None:
                continue  # the template restarts this level itself: keep its value
            redefined = override.find(f"{_w('lvl')}/{_w('start')}") if override is not None else None
            if redefined is not None:
                start = redefined.get(W_VAL, "0")
            elif level in starts:
                start = starts[level]
            else:
                continue  # the abstract numbering has no such level: nothing to restart
            if override is None:
                override = etree.SubElement(proto, _w("lvlOverride"))
                override.set(_w("ilvl"), str(level))
            etree.SubElement(override, _w("startOverride")).set(W_VAL, start)
            override.insert(0, override[-1])  # startOverride precedes a redefined w:lvl
        self._prototypes[num_id] = proto
        return proto

    def new_num(self, num_id: str) -> str:
        """A new ``w:num`` restarting ``num_id``'s list; returns the new numId."""
        assert self.root is not None
        new = deepcopy(self._prototype(num_id))
        new_id = str(self._next_id)
        self._next_id += 1
        new.set(_w("numId"), new_id)
        if self._cleanup is not None:
            self._cleanup.addprevious(new)
        else:
            self.root.append(new)
        self.added += 1
        return new_id


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
        self._templated = frozenset(n for n, p in self._parts.items() if p.template is not None)
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
        self._numbering = _Numbering(numbering.data if numbering else None,
                                     styles.data if styles else None, self._parser)

        # Ids in parts shared by every record; per-record ids are numbered above them.
        static = [p.data for n, p in self._parts.items() if _STORY_PART.match(n) and p.template is None]
        self._next_docpr = 1 + max((int(v) for d in static for v in _DOCPR_ID.findall(d)), default=0)
        self._next_annotation = 1 + max((int(v) for d in static for v in _ANY_NUMERIC_ID.findall(d)), default=0)

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
        body = root.find(_w("body"))
        if body is None:
            raise OutputError(f"Шаблон «{self.template.name}»: в документе нет тела (w:body).")
        self._check_notes(root)  # before any state changes: a refused record leaves no trace
        self._count += 1
        k = self._count
        if k == 1:
            self._head, self._tail = self._split_document(data)
        names = self._fix_story(root, data, k, {})
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
                zf.writestr(info, data, compresslevel=6)
            for name, data in self._copies:
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
        return names

    def _rename_bookmarks(self, root: etree._Element, k: int, names: dict[str, str]) -> None:
        """Give record k's bookmarks their own names; its fields and links follow the rename."""
        suffix = f"_{k}"
        for el in root.iter(_w("bookmarkStart")):
            name = el.get(W_NAME)
            if name:
                names[name] = el.attrib[W_NAME] = name[:MAX_BOOKMARK_NAME - len(suffix)] + suffix
        if not names:
            return

        def rename(m: re.Match) -> str:
            if m.group(1) is not None:
                return f'"{names[m.group(1)]}"' if m.group(1) in names else m.group(0)
            return names.get(m.group(2), m.group(2))

        for el in root.iter(_w("hyperlink")):
            anchor = el.get(_w("anchor"))
            if anchor in names:
                el.set(_w("anchor"), names[anchor])
        for el in root.iter(_w("instrText")):
            if el.text:
                el.text = _FIELD_TOKEN.sub(rename, el.text)
        for el in root.iter(_w("fldSimple")):
            instr = el.get(_w("instr"))
            if instr:
                el.set(_w("instr"), _FIELD_TOKEN.sub(rename, instr))

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
                _insert_before_any(ppr, num_pr, _AFTER_NUMPR)
                etree.SubElement(num_pr, _w("ilvl")).set(W_VAL, link[1])
            _child(num_pr, "numId", _AFTER_NUMID).set(W_VAL, new)

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
        if last is None or last.tag != _w("sectPr"):
            etree.SubElement(body, _w("sectPr"))  # no section properties: application defaults
        sections = list(body.iter(_w("sectPr")))
        if hf_rids:
            for sect in sections:
                for ref in sect.iterchildren(_w("headerReference"), _w("footerReference")):
                    new = hf_rids.get(ref.get(R_ID, ""))
                    if new:
                        ref.set(R_ID, new)
        first = sections[0]
        _child(first, "type", _AFTER_TYPE).set(W_VAL, "oddPage" if self.duplex else "nextPage")
        _child(first, "pgNumType", _AFTER_PGNUMTYPE).set(_w("start"), "1")

    def _flush(self, *, last: bool) -> None:
        """Serialise the pending record's body; unless it is the last, as a section break."""
        body = self._pending
        assert body is not None
        self._pending = None
        if not last:
            sect = body[-1]
            carrier = sect.getprevious()
            while carrier is not None and carrier.tag in _RANGE_MARKS:
                carrier = carrier.getprevious()
            if carrier is not None and (carrier.tag != W_P or carrier.find(f"{W_PPR}/{_w('sectPr')}") is not None):
                carrier = None
            if carrier is None:  # body ends with a table or a section break of its own
                carrier = etree.Element(W_P)
                sect.addprevious(carrier)
            ppr = carrier.find(W_PPR)
            if ppr is None:
                ppr = etree.Element(W_PPR)
                carrier.insert(0, ppr)
            _insert_before_any(ppr, sect, _AFTER_SECTPR_IN_PPR)  # moves it out of the body
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

