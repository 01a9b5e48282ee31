"""Small Word documents and process checks for the PDF tests (tests/output/test_pdf.py,
tests/test_soffice.py, tests/acceptance/test_pdf.py)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK


def make_docx(path: Path, lines: list[str], pages: int = 1) -> Path:
    """A small Word document with ``lines`` on its first page and ``pages`` pages in all."""
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    for page in range(2, pages + 1):
        doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        doc.add_paragraph(f"Страница {page}")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def alive(pid: int) -> bool:
    """A process that exists and is not a zombie (PID 1 of a container may not reap them)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def all_gone(pids: list[int], seconds: float = 5) -> bool:
    """True once none of ``pids`` is alive; a SIGKILL takes effect almost, not quite, at once."""
    deadline = time.monotonic() + seconds
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(alive(p) for p in pids)


def processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
            except OSError:
                continue
            if text in cmdline and alive(int(entry.name)):
                found.append(int(entry.name))
    return found


def inputs(root: Path, count: int) -> list[Path]:
    return [make_docx(root / "docs" / f"Документ {i}.docx", [f"Текст {i}"]) for i in range(count)]
