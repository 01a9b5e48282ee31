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

import glob
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from queue import SimpleQueue
from typing import IO, Callable, Sequence

from ..errors import OutputError, os_reason

log = logging.getLogger(__name__)

MAX_CHUNK = 100
"""Most files per ``soffice`` call: well below the ~247 it silently stops at (PERF.md §4)."""

ENV_VAR = "DOCGEN_SOFFICE"
#: Keep the blank pages LibreOffice inserts so that a duplex print file's records start on
#: odd pages in the PDF too; its default (IsSkipEmptyPages=true) drops them, and a PDF made for
#: double-sided printing would then put two children on one sheet.
PDF_FILTER = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
MAX_LISTED = 10  # documents named in one error message; the rest are counted

_WORD_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}
_IS_WINDOWS = sys.platform == "win32"

_INSTALL_HINT = (
    "Установите LibreOffice (бесплатно): https://ru.libreoffice.org/download/ — для Windows и macOS; "
    "в Linux — пакет libreoffice-writer (например, sudo apt install libreoffice-writer). "
    f"Если LibreOffice установлен в другое место, укажите полный путь к программе soffice "
    f"в переменной окружения {ENV_VAR}. Документы .docx создаются и без LibreOffice: "
    "он нужен только для PDF (--pdf)."
)


# --------------------------------------------------------------------------- finding soffice


def _known_locations() -> list[Path]:
    """Where installers put soffice when it is not on PATH (Windows never adds it to PATH)."""
    places: list[Path] = []
    if _IS_WINDOWS:
        roots = [os.environ.get(v) for v in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")]
        roots += [r"C:\Program Files", r"C:\Program Files (x86)"]
        for root in dict.fromkeys(r for r in roots if r):
            places.append(Path(root) / "LibreOffice" / "program" / "soffice.exe")
    elif sys.platform == "darwin":
        places.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
        places.append(Path.home() / "Applications/LibreOffice.app/Contents/MacOS/soffice")
    else:
        # The Document Foundation's own .deb/.rpm packages install into /opt/libreofficeX.Y.
        places += [Path(p) for p in sorted(glob.glob("/opt/libreoffice*/program/soffice"), reverse=True)]
    return places


def _runnable(path: Path) -> bool:
    return path.is_file() and (_IS_WINDOWS or os.access(path, os.X_OK))


def _from_setting(value: str) -> Path | None:
    """Resolve DOCGEN_SOFFICE: a program path, a program name on PATH, or a folder holding it."""
    path = Path(value).expanduser()
    if path.is_dir():
        for inner in ("soffice", "soffice.exe", "program/soffice", "program/soffice.exe",
                      "Contents/MacOS/soffice"):
            if _runnable(path / inner):
                return path / inner
        return None
    if _runnable(path):
        return path
    found = shutil.which(value)
    return Path(found) if found else None


def find_soffice() -> str:
    """Return the path of the LibreOffice program used for PDFs.

    Looked up in this order: the environment variable ``DOCGEN_SOFFICE`` (so a user with an
    unusual install, or a test, can choose), ``soffice``/``libreoffice`` on PATH, then the places
    the Windows and macOS installers use, which are not on PATH. A set but wrong
    ``DOCGEN_SOFFICE`` is an error rather than silently ignored: the user asked for that program.
    Raises :class:`OutputError` in Russian, saying what to install, when nothing is found.
    """
    setting = os.environ.get(ENV_VAR, "").strip()
    if setting:
        found = _from_setting(setting)
        if found is None:
            raise OutputError(
                f"Переменная окружения {ENV_VAR} указывает на «{setting}», но там нет программы "
                "LibreOffice (soffice). Исправьте путь или удалите переменную, чтобы LibreOffice "
                f"искался автоматически. {_INSTALL_HINT}"
            )
        return str(found)
    for name in ("soffice", "libreoffice"):
        found_on_path = shutil.which(name)
        if found_on_path:
            return found_on_path
    for place in _known_locations():
        if _runnable(place):
            return str(place)
    raise OutputError(f"Для создания PDF нужна программа LibreOffice, но она не найдена. {_INSTALL_HINT}")


# --------------------------------------------------------------------------- page count


def page_count(pdf: Path) -> int:
    """Return the number of pages of a PDF, read with pypdf (a real parser, not a regex:
    page objects can sit in compressed object streams where no regex sees them)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

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


class _TimedOut(Exception):
    def __init__(self, documents: int, seconds: float):
        super().__init__(documents, seconds)
        self.documents = documents
        self.seconds = seconds


class _Cancelled(Exception):
    pass


@dataclass
class _Runner:
    """Starts soffice calls from worker threads and can kill all of them at once.

    Every call gets its own process group (POSIX session / Windows process group) so that a kill
    reaches soffice's children too: on Linux ``soffice`` is a shell script that starts
    ``oosplash``, which starts ``soffice.bin``.
    """

    soffice: str
    work: Path
    cancelled: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _live: set[subprocess.Popen] = field(default_factory=set)
    _calls: int = 0

    def convert(self, docs: list[_Doc], profile: Path, timeout: float | None) -> tuple[int, str, Path]:
        """One soffice call for ``docs``; returns (exit code, its output, the folder of PDFs)."""
        with self._lock:
            self._calls += 1
            n = self._calls
        out = self.work / f"out-{n}"
        out.mkdir()
        cmd = [
            self.soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", PDF_FILTER,
            "--outdir", str(out),
            *(str(d.staged) for d in docs),
        ]
        seconds = default_timeout(len(docs)) if timeout is None else timeout
        logfile = self.work / f"call-{n}.log"
        started = time.perf_counter()
        # Output goes to a file, not a pipe: a pipe held open by a lingering grandchild would
        # block reading it after soffice itself has exited.
        with open(logfile, "w+b") as sink:
            proc = self._start(cmd, sink)
            try:
                rc = proc.wait(timeout=seconds)
            except subprocess.TimeoutExpired:
                self._kill(proc)
                raise _TimedOut(len(docs), seconds) from None
            finally:
                self._reap(proc)
        output = logfile.read_bytes().decode("utf-8", "replace")
        if self.cancelled.is_set():
            raise _Cancelled
        log.debug("soffice call %d: %d documents, exit code %d, %.1f s; output:\n%s",
                  n, len(docs), rc, time.perf_counter() - started, output.strip())
        return rc, output, out

    def _start(self, cmd: list[str], sink: IO[bytes]) -> subprocess.Popen:
        kwargs: dict = {}
        if _IS_WINDOWS:
            kwargs["creationflags"] = (subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
                                       | subprocess.CREATE_NO_WINDOW)  # type: ignore[attr-defined]
        else:
            kwargs["start_new_session"] = True
        with self._lock:
            # Checked under the lock that kill_all() takes, so no call can start after a cancel.
            if self.cancelled.is_set():
                raise _Cancelled
            try:
                proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=sink,
                                        stderr=subprocess.STDOUT, **kwargs)
            except OSError as exc:
                raise OutputError(f"Не удаётся запустить LibreOffice ({self.soffice}): "
                                  f"{os_reason(exc)}. {_INSTALL_HINT}") from None
            self._live.add(proc)
        return proc

    def _reap(self, proc: subprocess.Popen) -> None:
        """Forget a finished call; on POSIX also end anything it left in its process group,
        because its profile folder is about to be deleted."""
        if not _IS_WINDOWS and proc.poll() is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass  # the usual case: the group is already empty
        with self._lock:
            self._live.discard(proc)

    @staticmethod
    def _kill(proc: subprocess.Popen) -> None:
        """Kill soffice and all its children."""
        if _IS_WINDOWS:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           creationflags=subprocess.CREATE_NO_WINDOW)  # type: ignore[attr-defined]
            if proc.poll() is None:
                proc.kill()
        else:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                proc.kill()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - the kernel did not deliver a SIGKILL
            log.warning("LibreOffice process %d did not stop after being killed", proc.pid)

    def kill_all(self) -> None:
        with self._lock:
            self.cancelled.set()
            live = list(self._live)
        for proc in live:
            self._kill(proc)


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


def _convert_chunk(runner: _Runner, profiles: SimpleQueue, docs: list[_Doc],
                   timeout: float | None) -> _CallFailed | None:
    """Convert one chunk, retrying what is missing once in a fresh call (a crash of
    LibreOffice on one file loses the rest of its call; they usually convert the second time)."""
    profile = profiles.get()
    try:
        rc, output, out = runner.convert(docs, profile, timeout)
        missing = _collect(docs, out)
        if missing:
            log.info("LibreOffice left %d of %d documents unconverted (exit code %d); retrying them",
                     len(missing), len(docs), rc)
            rc, output, out = runner.convert(missing, profile, timeout)
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


def _listing(paths: Sequence[Path]) -> str:
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
    """Move the verified PDFs into place: first into a hidden folder inside ``out_dir`` (a copy
    when the temporary folder is on another disk), then one rename each. On failure the PDFs
    already placed and the folders created are removed again."""
    created: list[Path] = []

    def makedirs(folder: Path) -> None:
        missing = []
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for m in reversed(missing):
            m.mkdir()
            created.append(m)

    placed: list[Path] = []
    staging: Path | None = None
    try:
        makedirs(out_dir)
        staging = Path(tempfile.mkdtemp(prefix=".docgen-pdf-", dir=out_dir))
        staged = []
        for doc in docs:
            assert doc.pdf is not None
            dest = staging / f"{doc.index}.pdf"
            shutil.move(str(doc.pdf), str(dest))
            staged.append(dest)
        for doc, src in zip(docs, staged):
            makedirs(doc.target.parent)
            os.replace(src, doc.target)
            placed.append(doc.target)
    except BaseException as exc:
        for path in placed:
            path.unlink(missing_ok=True)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        for folder in reversed(created):
            try:
                folder.rmdir()
            except OSError:
                pass
        if isinstance(exc, OSError):
            where = f"«{exc.filename}»" if exc.filename else str(out_dir)
            raise OutputError(f"Не удаётся записать PDF в {where}: {os_reason(exc)}. "
                              "PDF не сохранены.") from None
        raise
    shutil.rmtree(staging, ignore_errors=True)


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
                   work_dir: Path | None = None) -> list[Path]:
    """Convert .docx files to PDF into ``out_dir``; return the PDF paths in the order of ``docs``.

    The inputs' folder layout below their deepest common folder is kept (documents of one
    folder land flat in ``out_dir``); an input listed twice gives the same PDF path twice.
    Up to ``workers`` LibreOffice instances run in parallel, each on calls of at most ``chunk``
    documents (capped at :data:`MAX_CHUNK`). ``timeout`` is the limit in seconds for one call,
    by default :func:`default_timeout` of its size. ``progress(done, total)`` is called in the
    caller's thread each time a chunk is finished.

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
        runner = _Runner(soffice, work)
        log.info("PDF: converting %d documents in %d LibreOffice calls, %d in parallel",
                 total, len(chunks), workers)
        started = time.perf_counter()
        failures = _run_all(runner, profiles, chunks, workers, timeout, total, progress)
        if failures:
            raise _failure_error(failures, total)
        _check_writable(targets)
        _publish(items, out_dir)
        log.info("PDF: %d documents in %.1f s", total, time.perf_counter() - started)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    by_source = {item.source: item.target for item in items}
    return [by_source[Path(d).resolve()] for d in docs]


def _run_all(runner: _Runner, profiles: SimpleQueue, chunks: list[list[_Doc]], workers: int,
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
                except _TimedOut as exc:
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


def _failure_error(failures: list[_CallFailed], total: int) -> OutputError:
    """The loud end of a batch with unconverted documents: name them (the user has to find
    them) and quote LibreOffice when it reported an error."""
    failed = sorted((d for f in failures for d in f.docs), key=lambda d: d.index)
    message = (f"LibreOffice не смог преобразовать в PDF документов: {len(failed)} из {total}, "
               "поэтому PDF не сохранены. Проверьте, открываются ли эти файлы в Word или LibreOffice:\n"
               + _listing([d.source for d in failed]))
    said = [line.strip() for f in failures if f.returncode != 0 for line in f.output.splitlines()
            if line.strip() and not line.startswith("convert ") and "javaldx" not in line]
    if said:
        message += "\nСообщение LibreOffice: " + " / ".join(dict.fromkeys(said[-3:]))
    return OutputError(message)
