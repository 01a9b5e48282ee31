"""The print file laid out by real LibreOffice: one record per section with its own header and
lists restarting, duplex records on odd pages, and the merged consents of the example registry."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document

from docgen.output.merge import PrintFileBuilder
from docgen.render.environment import make_env
from docgen.render.template import CompiledTemplate
from tests.helpers import AS_OF, soffice_pdf_texts
from tests.output.merge_support import LONG, NAMES, make_template, merge

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes

# LibreOffice lays out odd-page section starts with blank pages, but its PDF export leaves
# "automatically inserted blank pages" out unless told otherwise: the filter option is
# IsSkipEmptyPages (default true in the PDF export configuration, LibreOffice 7.4). A name it
# does not know, such as "ExportBlankPages", is ignored without a word.
PDF_KEEP_BLANK = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'


def convert(docx: Path, out: Path, target: str = "pdf") -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is required for these tests"
    subprocess.run([soffice, f"-env:UserInstallation=file://{out / 'profile'}", "--headless", "--norestore",
                    "--convert-to", target, "--outdir", str(out), str(docx)],
                   check=True, capture_output=True, timeout=300)
    pdf = out / (docx.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice did not convert {docx.name}"
    return pdf


def pdf_page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


def _record_of(page: str) -> int | None:
    m = re.search(r"Шапка: (.+?)\s*$", page, re.M)
    return NAMES.index(m.group(1).strip()) if m else None


def test_libreoffice_lays_out_one_record_per_section(tmp_path):
    long = [False, True, False, True, False]
    docx = tmp_path / "merged.docx"
    docx.write_bytes(merge(make_template(tmp_path), NAMES, long=long))
    pages = pdf_page_texts(convert(docx, tmp_path))
    assert len(pages) == sum(2 if x else 1 for x in long)
    records = [_record_of(p) for p in pages]
    assert records == [0, 1, 1, 2, 3, 3, 4]  # every page's header shows its own record
    for i, page in enumerate(pages):
        first = i == 0 or records[i - 1] != records[i]
        assert re.search(r"Подвал, стр\. 1\s*$" if first else r"Подвал, стр\. 2\s*$", page, re.M)
        if first:  # each form's lists start again at 1
            assert NAMES[records[i]] in page
            assert re.findall(r"^\s*(\d+)\.\s+Пункт", page, re.M) == ["1", "2", "3"]
            assert re.findall(r"^\s*([\d.]+)\)\s+(?:Раздел|Подраздел)", page, re.M) == ["1", "1.1", "2"]


def test_libreoffice_duplex_starts_every_record_on_an_odd_page(tmp_path):
    docx = tmp_path / "duplex.docx"
    docx.write_bytes(merge(make_template(tmp_path), NAMES, duplex=True, long=LONG))
    # Expected physical pages: 1 = record 1, 2 blank, 3–4 record 2, 5 record 3, 6 blank,
    # 7 record 4, 8 blank, 9–10 record 5.
    kept = pdf_page_texts(convert(docx, tmp_path / "kept", PDF_KEEP_BLANK))
    assert [_record_of(p) for p in kept] == [0, None, 1, 1, 2, None, 3, None, 4, 4]
    assert all(not p.strip() for p in kept if _record_of(p) is None)  # inserted pages are blank
    # Plain "pdf" export leaves LibreOffice's inserted blank pages out, so the PDF alone would
    # print two children on one sheet; the print file itself is right (opened in Writer or Word).
    plain = pdf_page_texts(convert(docx, tmp_path / "plain"))
    assert [_record_of(p) for p in plain] == [0, 1, 1, 2, 3, 4, 4]


def test_merged_consents_of_the_example_registry(tmp_path):
    from docgen import api
    from docgen.context import select_records, workbook_context
    from docgen.plugins.catalog import catalog
    from docgen.records.validate import load
    from docgen.render.filters import f_fio

    registry = load(api.example_registry(), catalog().registry_schema, datetime.strptime(AS_OF, "%d.%m.%Y").date())
    base, objs = workbook_context(registry)
    schema = catalog().find("consent_parent")
    compiled = CompiledTemplate(schema.template, make_env(), schema.id)
    contexts = [{**base, schema.record_name: objs[id(r)]} for r in select_records(registry, schema)][:20]
    assert len(contexts) == 20
    builder = PrintFileBuilder(compiled)
    separate = []
    for i, ctx in enumerate(contexts):
        parts = compiled.render_parts(ctx)
        builder.add(parts)
        path = tmp_path / f"single{i:02}.docx"
        path.write_bytes(compiled.render(ctx))
        separate.append(path)
    merged = tmp_path / "merged.docx"
    merged.write_bytes(builder.finish())
    assert len(Document(str(merged)).sections) == 20

    texts = soffice_pdf_texts([merged, *separate])
    counts = [texts[p].count("\f") for p in separate]  # pdftotext ends every page with a form feed
    pages = texts[merged].split("\f")[:-1]
    assert len(pages) == sum(counts)
    # every form starts where the pages of the forms before it end, and is its own child's
    start = 0
    for ctx, count in zip(contexts, counts):
        form = " ".join(" ".join(pages[start:start + count]).split())
        assert form.startswith("СОГЛАСИЕ") and form.count("СОГЛАСИЕ") == 1
        assert " ".join(f_fio(ctx[schema.record_name], "род").split()) in form
        start += count
