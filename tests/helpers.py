"""Test helpers: the CLI in-process, real LibreOffice conversion, text extraction, workbook and
template edits, the example registry loaded once."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from docx import Document

from docgen.adapters.cli import cli
from docgen.packtools.scaffold import TEMPLATE_ID

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "registry.xlsx"
AS_OF = "23.11.2026"  # the example's ages are computed on this date in tests
AS_OF_DATE = date(2026, 11, 23)
#: Documents carry the run's time in their properties; demo runs whose bytes are compared (the
#: golden list) are pinned to this one (23.11.2026 09:00 UTC), as reproducible builds do.
SOURCE_DATE_EPOCH = "1795424400"


def pinned_demo(out: Path, as_of: date = AS_OF_DATE) -> Any:
    """``api.demo`` into ``out`` with ``SOURCE_DATE_EPOCH`` pinned for the call."""
    import os

    from docgen import api

    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        return api.demo(out, as_of=as_of)
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def docx_text(path: Path) -> str:
    """All paragraph and table text of a .docx, read with python-docx."""
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def soffice_pdf_texts(paths: list[Path], timeout: int = 600) -> dict[Path, str]:
    """Convert .docx files with real LibreOffice (chunks of 100) and return each PDF's text."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is required for these tests"
    result: dict[Path, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        out = Path(tmp) / "pdf"
        for start in range(0, len(paths), 100):
            chunk = paths[start:start + 100]
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(out), *map(str, chunk)],
                check=True, capture_output=True, timeout=timeout,
            )
            for path in chunk:
                pdf = out / (path.stem + ".pdf")
                assert pdf.is_file(), f"LibreOffice did not convert {path.name}"
                text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                      capture_output=True, text=True).stdout
                result[path] = text
    return result


def soffice_resave(paths: list[Path], out: Path, timeout: int = 600) -> dict[Path, Path]:
    """Open each .docx in real headless LibreOffice and save it again as .docx, without edits
    (what a methodologist does by opening a template in Writer and pressing Save). Returns
    {original: re-saved file}; a file LibreOffice cannot open is missing from the result."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is required for these tests"
    assert len({p.name for p in paths}) == len(paths), "file names must differ: one output folder"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        for start in range(0, len(paths), 100):
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                 "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out),
                 *map(str, paths[start:start + 100])],
                check=True, capture_output=True, timeout=timeout,
            )
    return {p: out / p.name for p in paths if (out / p.name).is_file()}


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def edited_copy(src: Path, dst: Path, edits: dict[tuple[str, str], Any]) -> Path:
    """Copy a workbook, changing cells: {("Наставляемые", "D14"): value}."""
    wb = openpyxl.load_workbook(src)
    for (sheet, cell), value in edits.items():
        wb[sheet][cell].value = value
    wb.save(dst)
    return dst


def find_cell(src: Path, sheet: str, header: str, row: int) -> str:
    """A1 address of the column with ``header`` in ``row`` of ``sheet``."""
    ws = openpyxl.load_workbook(src, read_only=True)[sheet]
    for cell in next(ws.iter_rows(min_row=1, max_row=1)):
        if cell.value == header:
            return f"{cell.column_letter}{row}"
    raise KeyError(header)


def org_cell(src: Path, parameter: str) -> str:
    """Address of the value (column B) of a parameter on «Организация»."""
    ws = openpyxl.load_workbook(src, read_only=True)["Организация"]
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == parameter:
            return f"B{row[0].row}"
    raise KeyError(parameter)


def bigger_registry(src: Path, dst: Path, mentees: int) -> Path:
    """A copy of the example with «Наставляемые» grown to ``mentees`` rows: pupils repeated
    with new codes (У-10001…), each with a copy of the original's parent row."""
    wb = openpyxl.load_workbook(src)
    ws, wp = wb["Наставляемые"], wb["Родители"]
    headers = [c.value for c in ws[1]]
    parent_headers = [c.value for c in wp[1]]
    code, category = headers.index("Код"), headers.index("Категория")
    child = parent_headers.index("Ребёнок")
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2) if r[0].value]
    parents = {}
    for r in wp.iter_rows(min_row=2):
        if r[0].value:
            parents.setdefault(r[child].value, [c.value for c in r])
    pupils = [r for r in rows if r[category] == "обучающийся"]
    row, prow = ws.max_row + 1, wp.max_row + 1
    for k in range(len(rows), mentees):
        source = pupils[k % len(pupils)]
        new = list(source)
        new[code] = f"У-{10001 + k}"
        for col, value in enumerate(new, start=1):
            ws.cell(row, col, value)
        row += 1
        parent = parents.get(source[code]) or parents.get(source[headers.index("ФИО")])
        if parent:
            copy = list(parent)
            copy[child] = new[code]
            for col, value in enumerate(copy, start=1):
                wp.cell(prow, col, value)
            prow += 1
    wb.save(dst)
    return dst


def flat(text: str) -> str:
    """Text of a PDF or a .docx with every run of whitespace (line breaks of the layout,
    no-break spaces) as one space."""
    return re.sub(r"\s+", " ", text)


def norm(text: str) -> str:
    """Like :func:`flat`, and stripped at both ends."""
    return " ".join(text.split())


class Text(str):
    """A PDF's normalised text; ``in`` normalises the expected part the same way."""

    def __contains__(self, part: object) -> bool:
        return str.__contains__(self, norm(str(part)))


@lru_cache(maxsize=1)
def example_records():
    """The example registry loaded and validated by docgen, as of the tests' date (once per run)."""
    from docgen import api
    from docgen.plugins.catalog import catalog
    from docgen.records import validate as records

    return records.load(api.example_registry(), catalog().registry_schema, date(2026, 11, 23))


def add_paragraph(pack: Path, *runs: tuple[str, bool]) -> None:
    """Append a paragraph made of (text, bold) runs to the pack's template, as Word would
    store a tag typed in pieces."""
    path = pack / "templates" / f"{TEMPLATE_ID}.docx"
    doc = Document(str(path))
    p = doc.add_paragraph()
    for text, bold in runs:
        p.add_run(text).bold = bold
    doc.save(str(path))


@dataclass
class CliRun:
    """What a user sees of one `docgen` call: the exit code and the two streams."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> CliRun:
    """`docgen ARGS` in this process, as `main()` runs it (prog_name «docgen», standalone mode).
    An exception escaping the CLI fails the test (the real program would print «Внутренняя
    ошибка» and exit 3)."""
    result = CliRunner().invoke(cli, list(args), prog_name="docgen", catch_exceptions=False)
    return CliRun(result.exit_code, result.stdout, result.stderr)


def sheet_rows(src: Path, sheet: str) -> list[dict[str, Any]]:
    """Rows of a table sheet as {header: value} with their sheet row number under «_row», read with
    openpyxl — not with docgen — so that expected values are derived independently."""
    ws = openpyxl.load_workbook(src, read_only=True, data_only=True)[sheet]
    rows = ws.iter_rows(values_only=True)
    header = list(next(rows))
    out = []
    for n, values in enumerate(rows, start=2):
        if any(v is not None for v in values):
            out.append({**dict(zip(header, values)), "_row": n})
    return out


def org_values(src: Path) -> dict[str, Any]:
    """«Организация» as {parameter: value}, read with openpyxl."""
    ws = openpyxl.load_workbook(src, read_only=True, data_only=True)["Организация"]
    return {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}


def years_on(birth: Any, on: date) -> int:
    """Full years of age on ``on`` (computed here, not by docgen)."""
    birth = birth.date() if hasattr(birth, "date") and callable(birth.date) else birth
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def column_of(src: Path, sheet: str, header: str) -> str:
    """Column letter of ``header`` on a table sheet (row 1)."""
    return find_cell(src, sheet, header, 1).rstrip("1")


def check_split(path: Path, **kwargs: Any) -> tuple[list, list]:
    """``api.check`` split into (errors, warnings)."""
    from docgen import api

    found = api.check(path, **kwargs)
    return [p for p in found if not p.is_warning], [p for p in found if p.is_warning]


def ooxml_validator() -> str | None:
    """Microsoft's Open XML SDK validator (``../shared/tools/ooxml/validate``): ``OOXML_VALIDATE``,
    then beside this checkout, then the development machine's shared folder, then ``PATH``."""
    import os

    for candidate in (os.environ.get("OOXML_VALIDATE"), str(ROOT.parent / "shared" / "tools" / "ooxml" / "validate"),
                      "/work/shared/tools/ooxml/validate"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("validate")


def two_runs(code: str, cache: Path) -> tuple[str, str]:
    """The output of ``python -c code`` run twice as two processes sharing the cache folder
    ``cache`` (docgen.fsutil.cache): what a first run of docgen and the next one see."""
    env = {**os.environ, "DOCGEN_CACHE": str(cache)}
    first, again = (subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                                   check=True).stdout for _ in range(2))
    return first, again
