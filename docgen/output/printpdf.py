"""The PDF of a print file, made on every core and checked record by record.

A class teacher's print file is one .docx of 30 records; a whole school's is one of 1000 records
and 1000–2000 pages. Handed to one LibreOffice, such a file keeps one core busy for a minute or
more while the other idles — and a time-out sized per input file stopped it (issue 19). So:

1. The print file is cut at record boundaries into as many parts as there are workers (the
   records are sections that :class:`~docgen.output.merge.PrintFileBuilder` ends with a
   section break, so a part is the same package with a slice of the body). Each record of a part
   gets a hidden bookmark («_DocgenRecord000123») at its first paragraph; the user's print file
   itself is not changed.
2. The parts are converted in parallel by :func:`~docgen.output.pdf.convert_to_pdf` (separate
   LibreOffice instances and profiles), with a time-out sized by the records in a part, never by
   the file: a big print file is never refused for its size.
3. LibreOffice exports the bookmarks as named destinations, which give the page every record
   starts on. Each part must have all its records, in order, the first on page 1 and — for a
   double-sided print file — each on an odd page. A part that ends on an odd page gets a blank
   page before the next one, so a record never starts on the back of another child's page.
4. The parts are joined with pypdf; the page count of the result must be the sum of the parts.

When the records cannot be told apart (a template with section breaks of its own) the file is
converted whole, with the same record-sized time-out.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from lxml import etree

from docgen.errors import OutputError, os_reason
from docgen.ooxml.package import XML_PARSER
from docgen.ooxml.wordml import DOCUMENT, W_P, W_PPR, w
from docgen.output.pdf import convert_to_pdf, default_timeout

__all__ = ["BOOKMARK", "MIN_RECORDS_TO_SPLIT", "convert_print_file", "counts_pages", "record_pdfs",
           "split_print_file"]

BOOKMARK = "_DocgenRecord"
MIN_RECORDS_TO_SPLIT = 40
"""Below this many records a second LibreOffice costs more (its 2 s start) than it saves."""

_BOOKMARK_ID_BASE = 2_000_000_000  # far above the ids records' own bookmarks have
_DESTINATION = re.compile(r"DocgenRecord(\d+)$")
_SECTPR_IN_PPR = f"{W_PPR}/{w('sectPr')}"


@dataclass
class Part:
    """One slice of a print file: its .docx and the records (1-based, inclusive) it holds."""

    docx: Path
    first: int
    last: int

    @property
    def records(self) -> int:
        return self.last - self.first + 1


def _bookmark(paragraph: etree._Element, number: int) -> None:
    start = etree.Element(w("bookmarkStart"))
    start.set(w("id"), str(_BOOKMARK_ID_BASE + number))
    start.set(w("name"), f"{BOOKMARK}{number:06d}")
    end = etree.Element(w("bookmarkEnd"))
    end.set(w("id"), str(_BOOKMARK_ID_BASE + number))
    ppr = paragraph.find(W_PPR)
    at = 1 if ppr is not None else 0
    paragraph.insert(at, start)
    paragraph.insert(at + 1, end)


def split_print_file(path: Path, records: int, parts: int, work: Path) -> list[Part] | None:
    """Cut the print file at ``path`` (``records`` records) into up to ``parts`` packages in
    ``work``, each record bookmarked; None when its sections are not exactly its records."""
    with zipfile.ZipFile(path) as zf:
        members = [(info.filename, info.date_time, zf.read(info)) for info in zf.infolist()]
    document = etree.fromstring(next(data for name, _, data in members if name == DOCUMENT), XML_PARSER)
    body = document.find(w("body"))
    if body is None or len(body) == 0 or body[-1].tag != w("sectPr"):
        return None
    children = list(body)[:-1]
    final_sect = body[-1]
    ends = [i for i, el in enumerate(children) if el.tag == W_P and el.find(_SECTPR_IN_PPR) is not None]
    if len(ends) != records - 1:
        return None
    starts = [0, *(i + 1 for i in ends)]
    bounds = [*starts, len(children)]
    for number, first in enumerate(starts, start=1):
        paragraph = next((p for el in children[first:bounds[number]] for p in el.iter(W_P)), None)
        if paragraph is None:
            return None
        _bookmark(paragraph, number)
    count = max(1, min(parts, records))
    size, extra = divmod(records, count)
    result: list[Part] = []
    first = 1
    for k in range(count):
        last = first + size - 1 + (1 if k < extra else 0)
        lo, hi = starts[first - 1], bounds[last]
        chunk = children[lo:hi]  # moved, not copied: each element goes to one part (a copy was 0.6 s per 1000)
        if last < records:  # the record's own section break becomes the part's last section
            carrier = chunk[-1]
            ppr = carrier.find(W_PPR)
            assert ppr is not None
            sect = ppr.find(w("sectPr"))
            assert sect is not None
            ppr.remove(sect)
        else:
            sect = final_sect
        new_body = etree.Element(w("body"))
        new_body.extend(chunk)
        new_body.append(sect)
        root = etree.Element(document.tag, nsmap=document.nsmap)
        for name, value in document.attrib.items():
            root.set(name, value)
        root.append(new_body)
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        target = work / f"part-{k + 1:02d}.docx"
        # stored, not deflated: a part lives for the seconds LibreOffice reads it
        with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as out:
            for member, stamp, data in members:
                out.writestr(zipfile.ZipInfo(member, date_time=stamp), xml if member == DOCUMENT else data)
        result.append(Part(target, first, last))
        first = last + 1
    return result


def _record_starts(pdf: Path, part: Part) -> list[int]:
    """0-based page of each record of ``part`` in its PDF, from the bookmarks' destinations."""
    from pypdf import PdfReader  # noqa: PLC0415 — 0.1 s at start-up: only when a print file becomes a PDF

    reader = PdfReader(str(pdf))
    found: dict[int, int] = {}
    for name, destination in reader.named_destinations.items():
        m = _DESTINATION.search(str(name))
        page = reader.get_destination_page_number(destination) if m else None
        if m and page is not None:
            found[int(m.group(1))] = page
    return [found.get(n, -1) for n in range(part.first, part.last + 1)]


def _check_part(pdf: Path, part: Part, pages: int, duplex: bool, name: str) -> list[int]:
    """The 0-based first page of each record of ``part``, checked (see the module's docstring)."""
    starts = _record_starts(pdf, part)
    wrong = [part.first + i for i, page in enumerate(starts)
             if page < 0 or (i == 0 and page != 0) or (i and page <= starts[i - 1]) or page >= pages
             or (duplex and page % 2)]
    if wrong:
        shown = ", ".join(map(str, wrong[:10])) + (" …" if len(wrong) > 10 else "")
        raise OutputError(f"PDF файла для печати «{name}» получился неверным: документы № {shown} (по порядку "
                          "в файле) начинаются не там, где должны. PDF не сохранён; повторите попытку или "
                          "сделайте PDF отдельных документов (без --merge).")
    return starts


def convert_print_file(path: Path, out_dir: Path, *, records: int, duplex: bool, workers: int = 2,
                       progress: Callable[[int, int], None] | None = None, work_dir: Path | None = None,
                       name: str | None = None) -> Path:
    """The checked PDF of the print file at ``path`` (``records`` records) in ``out_dir``,
    named like it; all or nothing, like :func:`~docgen.output.pdf.convert_to_pdf`."""
    from pypdf import PdfReader, PdfWriter  # noqa: PLC0415 — 0.1 s at start-up: only for print-file PDFs

    shown = name or path.name
    work = Path(tempfile.mkdtemp(prefix="docgen-print-pdf-", dir=work_dir)).resolve()
    try:
        parts = None
        if records >= MIN_RECORDS_TO_SPLIT and workers > 1:
            parts = split_print_file(path, records, workers, work)
        if parts is None:
            whole = convert_to_pdf([path], work / "whole", workers=1, timeout=default_timeout(records),
                                   progress=progress, work_dir=work, names=[shown], keep_blank_pages=duplex)
            return _publish(whole[0], out_dir, path)
        done = {"parts": 0}

        def part_done(finished: int, total: int) -> None:
            done["parts"] = finished
            if progress is not None:
                progress(sum(p.records for p in parts[:finished]), records)

        pdfs = convert_to_pdf([p.docx for p in parts], work / "pdf", workers=workers, chunk=1,
                              timeout=default_timeout(max(p.records for p in parts)), progress=part_done,
                              work_dir=work, names=[f"{shown}, часть {k + 1}" for k in range(len(parts))],
                              bookmarks=True, keep_blank_pages=duplex)
        writer = PdfWriter()
        total = 0
        for k, (part, pdf) in enumerate(zip(parts, pdfs)):
            reader = PdfReader(str(pdf))
            pages = len(reader.pages)
            _check_part(pdf, part, pages, duplex, shown)
            writer.append(reader, import_outline=False)
            total += pages
            if duplex and pages % 2 and k < len(parts) - 1:
                box = reader.pages[-1].mediabox
                writer.add_blank_page(width=float(box.width), height=float(box.height))
                total += 1
        joined = work / "joined.pdf"
        with open(joined, "wb") as out:
            writer.write(out)
        if len(writer.pages) != total or _page_count(joined) != total:
            raise OutputError(f"PDF файла для печати «{shown}» собран не полностью. PDF не сохранён; "
                              "повторите попытку.")
        return _publish(joined, out_dir, path)
    except OSError as exc:
        raise OutputError(f"Не удаётся сделать PDF файла для печати «{shown}»: {os_reason(exc)}.") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _page_count(pdf: Path) -> int:
    """The page count the written file declares (its page tree's /Count), read back from disk:
    the file is complete and parses. Walking every page again cost 0.14 s of 2000 pages."""
    from pypdf import PdfReader  # noqa: PLC0415 — loaded by the caller already

    try:
        root: Any = PdfReader(str(pdf)).trailer["/Root"]
        return int(root["/Pages"]["/Count"])
    except (KeyError, TypeError, ValueError):
        return -1


def _publish(pdf: Path, out_dir: Path, source: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{source.stem}.pdf"
    shutil.move(str(pdf), str(target))
    return target


_PAGE_COUNT_FIELD = re.compile(rb"\b(NUMPAGES|SECTIONPAGES)\b")


def counts_pages(parts: dict[str, bytes]) -> bool:
    """Does a template print a page count («стр. 1 из 2»)? In a print file that field counts
    the pages of the whole file (:mod:`docgen.output.merge`), so records cut from its PDF would
    print the wrong total: such a template's PDFs are made one document at a time."""
    return any(_PAGE_COUNT_FIELD.search(data) for name, data in parts.items()
               if name.startswith("word/") and name.endswith(".xml"))


def record_pdfs(print_docx: Path, records: int, out_dir: Path, *, workers: int = 2,
                progress: Callable[[int, int], None] | None = None, work_dir: Path | None = None,
                name: str = "") -> list[Path] | None:
    """One PDF per record (``out_dir``/00001.pdf …, in print order), cut from the PDF of a
    single-sided print file of those records; None when its records cannot be told apart.

    Why (issue 19): LibreOffice lays out one file of 1000 records at ~25 forms/s and 1000 files
    at ~10–20 docs/s — most of a separate conversion is per file. The print file's records are
    sections that start on a new page with their own headers and page numbers, so its pages are
    the documents' pages; the cut points are the records' bookmarks, checked as for the print
    file's own PDF (every record present, in order, at least one page each)."""
    from pypdf import PdfReader, PdfWriter  # noqa: PLC0415 — 0.1 s at start-up: only for PDFs

    shown = name or print_docx.name
    work = Path(tempfile.mkdtemp(prefix="docgen-record-pdf-", dir=work_dir)).resolve()
    try:
        parts = split_print_file(print_docx, records, max(1, workers), work)
        if parts is None:
            return None

        def part_done(finished: int, total: int) -> None:
            if progress is not None:
                progress(sum(p.records for p in parts[:finished]), records)

        pdfs = convert_to_pdf([p.docx for p in parts], work / "pdf", workers=workers, chunk=1,
                              timeout=default_timeout(max(p.records for p in parts)), progress=part_done,
                              work_dir=work, names=[f"{shown}, часть {k + 1}" for k in range(len(parts))],
                              bookmarks=True)
        out_dir.mkdir(parents=True, exist_ok=True)
        made: list[Path] = []
        for part, pdf in zip(parts, pdfs):
            reader = PdfReader(str(pdf))
            pages = len(reader.pages)
            starts = _check_part(pdf, part, pages, False, shown)
            metadata = {k: v for k, v in (reader.metadata or {}).items() if isinstance(v, str)}
            cut = 0
            for k, (first, end) in enumerate(zip(starts, [*starts[1:], pages])):
                writer = PdfWriter()
                for page in range(first, end):
                    writer.add_page(reader.pages[page])
                if metadata:
                    writer.add_metadata(metadata)
                target = out_dir / f"{part.first + k:05d}.pdf"
                with open(target, "wb") as out:
                    writer.write(out)
                cut += end - first
                made.append(target)
            if cut != pages:
                raise OutputError(f"PDF документов «{shown}» разрезан неверно. PDF не сохранены; повторите попытку.")
        return made
    except OSError as exc:
        raise OutputError(f"Не удаётся сделать PDF документов «{shown}»: {os_reason(exc)}.") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
