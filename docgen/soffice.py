"""The one LibreOffice runner: find ``soffice``, run it headless, and never leave it behind.

Every conversion docgen does — PDFs of documents (:mod:`docgen.output.pdf`), pictures of
templates (:mod:`docgen.packtools.preview`), an .ods registry (``docgen init x.ods``) — starts
LibreOffice through :class:`Runner`:

* its own user profile (``-env:UserInstallation``), so two instances can run in parallel and
  the user's open LibreOffice is never touched;
* its own process group (POSIX session / Windows process group), so a kill reaches soffice's
  children too: on Linux ``soffice`` is a shell script that starts ``oosplash``, which starts
  ``soffice.bin``;
* output into a file, not a pipe: a pipe held open by a lingering grandchild would block
  reading it after soffice itself has exited;
* a time-out, and :meth:`Runner.kill_all` for Ctrl-C: every running call is killed at once;
* and it dies with docgen: a killed docgen (SIGKILL, a closed terminal) cannot run clean-up
  code, and LibreOffice in its own session would go on converting children's documents. On
  POSIX a tiny watchdog process holds a pipe from docgen and kills the call's process group
  when the pipe closes — which the kernel does when docgen dies for any reason. On Windows the
  call is put into a job object that closes with docgen (kill-on-close).
"""

from __future__ import annotations

import glob
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from docgen.errors import OutputError, os_reason

__all__ = ["ENV_VAR", "INSTALL_HINT", "Cancelled", "Runner", "TimedOut", "convert_one", "find_soffice"]

log = logging.getLogger(__name__)

ENV_VAR = "DOCGEN_SOFFICE"
_IS_WINDOWS = sys.platform == "win32"
HEADLESS = ("--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck")

INSTALL_HINT = (
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
    """Return the path of the LibreOffice program.

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
                f"искался автоматически. {INSTALL_HINT}"
            )
        return str(found)
    for name in ("soffice", "libreoffice"):
        found_on_path = shutil.which(name)
        if found_on_path:
            return found_on_path
    for place in _known_locations():
        if _runnable(place):
            return str(place)
    raise OutputError(f"Для создания PDF нужна программа LibreOffice, но она не найдена. {INSTALL_HINT}")


# --------------------------------------------------------------------------- running it


class TimedOut(Exception):
    """A call ran past its time-out and was killed with its children."""

    def __init__(self, documents: int, seconds: float):
        super().__init__(documents, seconds)
        self.documents = documents
        self.seconds = seconds


class Cancelled(Exception):
    """:meth:`Runner.kill_all` was called: no call may start or finish normally any more."""


@dataclass
class Runner:
    """Starts soffice calls (from any thread) and can kill all of them at once."""

    soffice: str
    work: Path  # where the log of each call goes
    cancelled: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _live: set[subprocess.Popen] = field(default_factory=set)
    _guards: dict[int, Any] = field(default_factory=dict)
    _calls: int = 0

    def run(self, args: list[str], profile: Path, timeout: float, documents: int = 1) -> tuple[int, str]:
        """One headless soffice call with ``args`` (after the profile and headless options);
        returns (exit code, its output). Raises :class:`TimedOut` (``documents`` says how
        many were in the call) or :class:`Cancelled`."""
        with self._lock:
            self._calls += 1
            n = self._calls
        cmd = [self.soffice, f"-env:UserInstallation={profile.as_uri()}", *HEADLESS, *args]
        logfile = self.work / f"call-{n}.log"
        started = time.perf_counter()
        with open(logfile, "w+b") as sink:
            proc = self._start(cmd, sink)
            try:
                rc = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._kill(proc)
                raise TimedOut(documents, timeout) from None
            finally:
                self._reap(proc)
        output = logfile.read_bytes().decode("utf-8", "replace")
        if self.cancelled.is_set():
            raise Cancelled
        log.debug("soffice call %d: exit code %d, %.1f s; output:\n%s",
                  n, rc, time.perf_counter() - started, output.strip())
        return rc, output

    def _start(self, cmd: list[str], sink: IO[bytes]) -> subprocess.Popen:
        proc = self._popen(cmd, sink)
        guard = _guard(proc)
        with self._lock:
            self._guards[proc.pid] = guard
        return proc

    def _popen(self, cmd: list[str], sink: IO[bytes]) -> subprocess.Popen:
        kwargs: dict = {}
        if _IS_WINDOWS:
            kwargs["creationflags"] = (subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
                                       | subprocess.CREATE_NO_WINDOW)  # type: ignore[attr-defined]
        else:
            kwargs["start_new_session"] = True
        with self._lock:
            # Checked under the lock that kill_all() takes, so no call can start after a cancel.
            if self.cancelled.is_set():
                raise Cancelled
            try:
                proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=sink,
                                        stderr=subprocess.STDOUT, **kwargs)
            except OSError as exc:
                raise OutputError(f"Не удаётся запустить LibreOffice ({self.soffice}): "
                                  f"{os_reason(exc)}. {INSTALL_HINT}") from None
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
            guard = self._guards.pop(proc.pid, None)
        _release(guard)

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


# --------------------------------------------------------------------------- dying with docgen

# Runs with -I -S (no site, no user paths): it only waits for its stdin to close.
_WATCHDOG = ("import os, signal, sys\n"
             "sys.stdin.buffer.read()\n"
             "try:\n    os.killpg(int(sys.argv[1]), signal.SIGKILL)\nexcept OSError:\n    pass\n")


def _guard(proc: subprocess.Popen) -> Any:
    """Something that ends ``proc``'s process tree when docgen ends, however it ends."""
    try:
        if _IS_WINDOWS:
            return _job_for(proc)
        return subprocess.Popen([sys.executable, "-I", "-S", "-c", _WATCHDOG, str(proc.pid)],
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True, close_fds=True)
    except (OSError, ValueError):
        return None  # without a guard the call still runs; only a hard kill of docgen leaks it


def _release(guard: Any) -> None:
    """The call ended normally: let its guard go (the watchdog kills an empty group and exits)."""
    if isinstance(guard, subprocess.Popen):
        try:
            assert guard.stdin is not None
            guard.stdin.close()
            guard.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired, AssertionError):
            pass
    elif guard is not None:
        import ctypes  # noqa: PLC0415 — Windows only

        ctypes.windll.kernel32.CloseHandle(guard)  # type: ignore[attr-defined]


def _job_for(proc: subprocess.Popen) -> Any:
    """Windows: a job object with kill-on-close holding ``proc`` (and the children it starts).
    Not tried on Windows in this project's CI; any failure leaves the call unguarded."""
    import ctypes  # noqa: PLC0415 — Windows only
    from ctypes import wintypes  # noqa: PLC0415 — Windows only

    class _Limits(ctypes.Structure):
        _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
                    ("LimitFlags", wintypes.DWORD), ("MinimumWorkingSetSize", ctypes.c_size_t),
                    ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", wintypes.DWORD),
                    ("Affinity", ctypes.c_size_t), ("PriorityClass", wintypes.DWORD),
                    ("SchedulingClass", wintypes.DWORD), ("IoInfo", ctypes.c_uint64 * 6),
                    ("ProcessMemoryLimit", ctypes.c_size_t), ("JobMemoryLimit", ctypes.c_size_t),
                    ("PeakProcessMemoryUsed", ctypes.c_size_t), ("PeakJobMemoryUsed", ctypes.c_size_t)]

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    job = kernel32.CreateJobObjectW(None, None)
    limits = _Limits()
    limits.LimitFlags = 0x2000  # JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    kernel32.SetInformationJobObject(job, 9, ctypes.byref(limits), ctypes.sizeof(limits))
    kernel32.AssignProcessToJobObject(job, wintypes.HANDLE(proc._handle))  # type: ignore[attr-defined]
    return job


def convert_one(source: Path, fmt: str, work: Path, timeout: float = 300) -> Path | None:
    """Convert one file with a fresh profile in ``work``; the converted file, or ``None`` when
    LibreOffice made nothing."""
    runner = Runner(find_soffice(), work)
    out = work / "out"
    try:
        runner.run(["--convert-to", fmt, "--outdir", str(out), str(source)], work / "profile", timeout)
    except TimedOut:
        return None
    made = out / (source.stem + "." + fmt.split(":")[0])
    return made if made.is_file() else None
