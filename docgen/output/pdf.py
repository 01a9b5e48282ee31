"""PDF copies of .docx documents, made by LibreOffice running headless.

LibreOffice is the only free converter that lays out Word documents faithfully, but driving it
for a batch has traps, each measured on real machines (shared/PERF.md, §(i) and §4):

* Start-up costs about 1.8 s, so files go to one ``soffice`` call in chunks, never one by one.
* ``soffice --convert-to`` silently converts only the first ~247 files of a long argument list
  and still exits 0; it also exits 0 when a file cannot be loaded. So a chunk is at most
  :data:`MAX_CHUNK` files, and every expected PDF is checked afterwards instead of trusting the
  exit code.
* Two instances double the throughput on two cores, but only with separate user profiles; a
  separate profile also keeps us off a LibreOffice the user has open.
* LibreOffice happily "converts" random bytes named ``.docx`` as plain text, producing a PDF of
  garbage, so inputs are checked to be Word files before conversion.

The batch is atomic like :class:`docgen.output.files.BatchWriter`: everything is converted in a
temporary folder and moved into the output folder only when every PDF is there and valid. An
error, a time-out or Ctrl-C kills the LibreOffice processes and leaves the output folder as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
import zipfile
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from queue import SimpleQueue
from typing import Callable, Sequence

from docgen.errors import OutputError, os_reason
from docgen.fsutil import Staging
from docgen.soffice import Runner, TimedOut, find_soffice

log = logging.getLogger(__name__)

MAX_CHUNK = 100
"""Most files per ``soffice`` call: well below the ~247 it silently stops at (PERF.md §4)."""

#: Keep the blank pages LibreOffice inserts so that a duplex print file's records start on
#: odd pages in the PDF too; its default (IsSkipEmptyPages=true) drops them, and a PDF made for
#: double-sided printing would then put two children on one sheet.
PDF_FILTER = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
MAX_LISTED = 10  # documents named in one error message; the rest are counted

_WORD_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}


# --------------------------------------------------------------------------- page count


def page_count(pdf: Path) -> int:
    """Return the number of pages of a PDF, read with pypdf (a real parser, not a regex:
    page objects can sit in compressed object streams where no regex sees them)."""
    from pypdf import PdfReader  # noqa: PLC0415 — 0.1 s at start-up: only when pages are counted
    from pypdf.errors import PyPdfError  # noqa: PLC0415 — loaded with the line above

    try:
        return len(PdfReader(str(pdf)).pages)
    except OSError as exc:
        raise OutputError(f"Не удаётся прочитать PDF «{pdf}»: {os_reason(exc)}.") from None
    except (PyPdfError, ValueError, KeyError) as exc:
        raise OutputError(f"Файл «{pdf}» повреждён или не является PDF ({exc}).") from None


# --------------------------------------------------------------------------- conversion


def default_timeout(documents: int) -> float:
    """Seconds one soffice call may take: start-up plus a generous 3 s per document (a
    healthy machine needs about 0.1 s), so only a hung LibreOffice ever reaches it."""
    return 60.0 + 3.0 * documents


@dataclass
class _Doc:
    index: int            # position among the unique inputs
    source: Path          # the user's file, resolved
    staged: Path          # numbered copy handed to soffice: no names in argv, no collisions
    target: Path          # final PDF path in out_dir
    pdf: Path | None = None   # verified PDF in the work folder


@dataclass
class _CallFailed:
    """The outcome of a chunk whose documents did not all convert, even after the retry."""

    docs: list[_Doc]
    returncode: int
    output: str


def _convert(runner: Runner, docs: list[_Doc], profile: Path, timeout: float | None) -> tuple[int, str, Path]:
    """One soffice call for ``docs``; returns (exit code, its output, the folder of PDFs)."""
    out = Path(tempfile.mkdtemp(prefix="out-", dir=runner.work))
    seconds = default_timeout(len(docs)) if timeout is None else timeout
    rc, output = runner.run(["--convert-to", PDF_FILTER, "--outdir", str(out), *(str(d.staged) for d in docs)],
                            profile, seconds, documents=len(docs))
    return rc, output, out


def _valid_pdf(path: Path) -> bool:
    """True for a complete PDF: starts with ``%PDF`` and has ``%%EOF`` near its end, which
    catches empty files and files cut short by a crash."""
    try:
        size = path.stat().st_size
        if size < 16:
            return False
        with open(path, "rb") as f:
            if f.read(5) != b"%PDF-":
                return False
            f.seek(max(0, size - 1024))
            return b"%%EOF" in f.read()
    except OSError:
        return False


def _collect(docs: list[_Doc], out: Path) -> list[_Doc]:
    """Attach the valid PDFs of ``docs`` found in ``out``; return the documents still missing."""
    missing = []
    for doc in docs:
        pdf = out / (doc.staged.stem + ".pdf")
        if _valid_pdf(pdf):
            doc.pdf = pdf
        else:
            missing.append(doc)
    return missing


def _convert_chunk(runner: Runner, profiles: SimpleQueue, docs: list[_Doc],
                   timeout: float | None) -> _CallFailed | None:
    """Convert one chunk, retrying what is missing once in a fresh call (a crash of
    LibreOffice on one file loses the rest of its call; they usually convert the second time)."""
    profile = profiles.get()
    try:
        rc, output, out = _convert(runner, docs, profile, timeout)
        missing = _collect(docs, out)
        if missing:
            log.info("LibreOffice left %d of %d documents unconverted (exit code %d); retrying them",
                     len(missing), len(docs), rc)
            rc, output, out = _convert(runner, missing, profile, timeout)
            missing = _collect(missing, out)
        return _CallFailed(missing, rc, output) if missing else None
    finally:
        profiles.put(profile)


def _check_inputs(docs: Sequence[Path]) -> None:
    """Refuse, before any conversion, inputs LibreOffice would fail on or silently mangle."""
    missing = [d for d in docs if not d.is_file()]
    if missing:
        raise OutputError("Не найдены документы для преобразования в PDF:\n" + _listing(missing))
    broken = []
    for doc in docs:
        if doc.suffix.lower() not in _WORD_SUFFIXES:
            continue
        try:
            with zipfile.ZipFile(doc) as z:
                names = set(z.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                broken.append(doc)
        except (zipfile.BadZipFile, OSError, ValueError):
            broken.append(doc)
    if broken:
        raise OutputError(
            "Эти файлы повреждены или не являются документами Word (.docx), PDF из них сделать нельзя:\n"
            + _listing(broken) + "\nПересоздайте их или проверьте, открываются ли они в Word или LibreOffice."
        )


def _listing(paths: Sequence[Path | str]) -> str:
    lines = [f"  • {p}" for p in paths[:MAX_LISTED]]
    if len(paths) > MAX_LISTED:
        lines.append(f"  … и ещё {len(paths) - MAX_LISTED}.")
    return "\n".join(lines)


def _plan_targets(sources: list[Path], out_dir: Path) -> list[Path]:
    """Final PDF paths: the inputs' folder layout below their deepest common folder is
    mirrored under ``out_dir`` (so «Согласия/Иванов.docx» and «Соглашения/Иванов.docx» keep
    apart and stay recognisable); names that still collide (``a.docx`` and ``a.odt``, or names
    differing only in case, which Windows cannot keep apart) get « (2)», « (3)»…"""
    try:
        root: Path | None = Path(os.path.commonpath([str(s.parent) for s in sources]))
    except ValueError:  # different Windows drives
        root = None
    taken: set[str] = set()
    targets = []
    for source in sources:
        folder = out_dir / source.parent.relative_to(root) if root is not None else out_dir
        stem, n = source.stem, 2
        target = folder / f"{stem}.pdf"
        while str(target).casefold() in taken:
            target = folder / f"{stem} ({n}).pdf"
            n += 1
        taken.add(str(target).casefold())
        targets.append(target)
    return targets


def _check_writable(targets: Sequence[Path]) -> None:
    """Fail early when an old PDF cannot be replaced, typically because it is open in a PDF
    viewer on Windows, rather than after minutes of conversion or halfway through publishing."""
    blocked = []
    for target in targets:
        if target.is_dir():
            blocked.append(target)
        elif target.exists():
            try:
                with open(target, "ab"):
                    pass
            except OSError:
                blocked.append(target)
    if blocked:
        raise OutputError("Не удаётся перезаписать эти PDF — возможно, они открыты в другой программе. "
                          "Закройте их и повторите:\n" + _listing(blocked))


def _publish(docs: list[_Doc], out_dir: Path) -> None:
    """Move the verified PDFs into place through a staging folder inside ``out_dir``
    (:class:`docgen.fsutil.Staging`): moved there first (a copy when the temporary folder is on
    another disk), then renamed into place. On failure ``out_dir`` keeps what it had."""
    staging = Staging(out_dir)
    try:
        root = staging.open()
        moves = []
        for doc in docs:
            assert doc.pdf is not None
            staged = root / doc.target.relative_to(out_dir)
            staged.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(doc.pdf), str(staged))
            moves.append((staged, doc.target))
        staging.publish(moves)
    except OSError as exc:
        where = f"«{exc.filename}»" if exc.filename else str(out_dir)
        raise OutputError(f"Не удаётся записать PDF в {where}: {os_reason(exc)}. PDF не сохранены.") from None
    finally:
        staging.discard()


def _stage(sources: list[Path], inbox: Path) -> list[Path]:
    """Numbered hard links (copies across disks) of the inputs: soffice names its output after
    the input, so same-named files from different folders would overwrite each other, and the
    process list would show children's names."""
    staged = []
    for i, source in enumerate(sources):
        dest = inbox / f"{i:05d}{source.suffix.lower()}"
        try:
            try:
                os.link(source, dest)
            except OSError:
                shutil.copyfile(source, dest)
        except OSError as exc:
            raise OutputError(f"Не удаётся прочитать документ «{source}»: {os_reason(exc)}.") from None
        staged.append(dest)
    return staged


def _split(items: list[_Doc], chunk: int, workers: int) -> list[list[_Doc]]:
    """Chunks of at most ``chunk`` items, at least ``workers`` of them when there are enough
    items, and of even size so that the instances finish together."""
    count = -(-len(items) // chunk)
    count = max(count, min(workers, len(items)))
    size, extra = divmod(len(items), count)
    parts, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        parts.append(items[start:end])
        start = end
    return parts


def convert_to_pdf(docs: list[Path], out_dir: Path, *, workers: int = 2, chunk: int = 100,
                   timeout: float | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   work_dir: Path | None = None, names: Sequence[str] | None = None) -> list[Path]:
    """Convert .docx files to PDF into ``out_dir``; return the PDF paths in the order of ``docs``.

    The inputs' folder layout below their deepest common folder is kept (documents of one
    folder land flat in ``out_dir``); an input listed twice gives the same PDF path twice.
    Up to ``workers`` LibreOffice instances run in parallel, each on calls of at most ``chunk``
    documents (capped at :data:`MAX_CHUNK`). ``timeout`` is the limit in seconds for one call,
    by default :func:`default_timeout` of its size. ``progress(done, total)`` is called in the
    caller's thread each time a chunk is finished. ``names``: how messages call the documents
    (a batch passes the names they will have in the output folder, not their staged paths).

    All or nothing: PDFs appear in ``out_dir`` only when every document converted; otherwise
    :class:`OutputError` says which documents failed (or how many were left by a time-out)
    and ``out_dir`` is left as it was. Ctrl-C kills LibreOffice and cleans up too.
    """
    if workers < 1 or chunk < 1:
        raise ValueError("workers and chunk must be at least 1")
    chunk = min(chunk, MAX_CHUNK)
    out_dir = Path(out_dir)
    sources = list(dict.fromkeys(Path(d).resolve() for d in docs))
    if not sources:
        return []
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"Папку для PDF создать нельзя: «{out_dir}» — это файл. Укажите другую папку.")
    soffice = find_soffice()
    _check_inputs(sources)
    targets = _plan_targets(sources, out_dir)
    _check_writable(targets)
    total = len(sources)

    # ``work_dir``: where the numbered copies of the documents and the LibreOffice profiles
    # live during conversion. A batch passes a folder inside its own staging area, so even a
    # run killed outright leaves no copies of children's documents in the system temp folder.
    work = Path(tempfile.mkdtemp(prefix="docgen-pdf-", dir=work_dir)).resolve()
    try:
        inbox = work / "in"
        inbox.mkdir()
        items = [_Doc(i, s, st, t) for i, (s, st, t) in enumerate(zip(sources, _stage(sources, inbox), targets))]
        chunks = _split(items, chunk, workers)
        workers = min(workers, len(chunks))
        profiles: SimpleQueue = SimpleQueue()
        for i in range(workers):
            profiles.put(work / f"profile-{i}")
        runner = Runner(soffice, work)
        log.info("PDF: converting %d documents in %d LibreOffice calls, %d in parallel",
                 total, len(chunks), workers)
        started = time.perf_counter()
        failures = _run_all(runner, profiles, chunks, workers, timeout, total, progress)
        if failures:
            shown = dict(zip((Path(d).resolve() for d in docs), names)) if names is not None else {}
            raise _failure_error(failures, total, shown)
        _check_writable(targets)
        _publish(items, out_dir)
        log.info("PDF: %d documents in %.1f s", total, time.perf_counter() - started)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    by_source = {item.source: item.target for item in items}
    return [by_source[Path(d).resolve()] for d in docs]


def _run_all(runner: Runner, profiles: SimpleQueue, chunks: list[list[_Doc]], workers: int,
             timeout: float | None, total: int,
             progress: Callable[[int, int], None] | None) -> list[_CallFailed]:
    """Run the chunks on a thread pool (the threads only wait on subprocesses) and collect the
    failed ones, so the user learns about every broken document at once. A time-out, any other
    error, or Ctrl-C kills every running soffice at once."""
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="docgen-soffice")
    failures: list[_CallFailed] = []
    try:
        pending: dict[Future, list[_Doc]] = {
            pool.submit(_convert_chunk, runner, profiles, c, timeout): c for c in chunks
        }
        done_docs = 0
        while pending:
            # A short poll instead of a plain wait keeps Ctrl-C responsive on Windows.
            finished, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for fut in finished:
                docs = pending.pop(fut)
                try:
                    failed = fut.result()
                except TimedOut as exc:
                    converted = sum(1 for c in chunks for d in c if d.pdf is not None)
                    raise OutputError(
                        f"LibreOffice не уложился в {exc.seconds:.0f} с на пакет из {exc.documents} "
                        f"документов и был остановлен. Не преобразовано документов: {total - converted} "
                        f"из {total}; PDF не сохранены. Повторите попытку; если LibreOffice зависает "
                        "снова, проверьте, открываются ли документы в нём вручную."
                    ) from None
                if failed is not None:
                    failures.append(failed)
                done_docs += len(docs)
                if progress is not None:
                    progress(done_docs, total)
    except BaseException:
        runner.kill_all()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return failures


def _failure_error(failures: list[_CallFailed], total: int, shown: dict[Path, str]) -> OutputError:
    """The loud end of a batch with unconverted documents: name them (the user has to find
    them) and quote LibreOffice when it reported an error."""
    failed = sorted((d for f in failures for d in f.docs), key=lambda d: d.index)
    message = (f"LibreOffice не смог преобразовать в PDF документов: {len(failed)} из {total}, "
               "поэтому PDF не сохранены. Проверьте, открываются ли эти файлы в Word или LibreOffice:\n"
               + _listing([shown.get(d.source, d.source) for d in failed]))
    said = [line.strip() for f in failures if f.returncode != 0 for line in f.output.splitlines()
            if line.strip() and not line.startswith("convert ") and "javaldx" not in line]
    if said:
        message += "\nСообщение LibreOffice: " + " / ".join(dict.fromkeys(said[-3:]))
    return OutputError(message)
