"""Where a batch is assembled, and how it appears: whole, or (after an interruption) completed.

A batch is written into a hidden staging folder inside the output folder (same file system, so
publishing is renaming). The folder belongs to one run, and says so:

* its name carries the host and the process id (``.docgen-tmp-<host>-<pid>-<random>``), and the
  run holds a lock on the ``.owner`` file inside it and touches that file every
  :data:`HEARTBEAT_S` seconds while alive. Another run — on this computer or on another one
  sharing the folder over the network — deletes a staging folder only when its owner is
  certainly gone: the same host and a dead pid, or, for a folder of another host (pids mean
  nothing there), a lock it can take *and* a heartbeat older than :data:`STALE_AFTER_S`.
* Publishing writes a **plan** of every move into the staging folder (fsynced) before the first
  move. A run killed in the middle of publishing leaves its plan; the next run completes the
  moves (the staged files are all complete: the plan is written only after everything was
  staged), so the output folder ends with the new batch, never a mix of two.
* A top-level folder of the batch («Согласия родителей») that already exists in the output
  folder is not merged into file by file: a new version of it is assembled beside it (the old
  files linked in, the new ones moved in) and swapped in with one rename exchange where the
  system has one (Linux ``renameat2``), otherwise with two renames covered by the plan. A reader
  sees the old folder or the new one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from docgen.fsutil.atomic import PRIVATE_DIR, fsync_dir, restrict

__all__ = ["HEARTBEAT_S", "STAGING_PREFIX", "STALE_AFTER_S", "Staging", "recover_staging"]

STAGING_PREFIX = ".docgen-tmp-"
HEARTBEAT_S = 30.0
#: A staging folder of another host whose heartbeat is older than this is abandoned.
STALE_AFTER_S = 15 * 60.0
_OWNER = ".owner"
PUBLISH_LOCK = ".docgen-publish.lock"  # Windows: held while a run moves its batch into the output folder
PUBLISH_WAIT_S = 300.0
_PLAN = ".plan.json"
_SWAP = ".swap-"  # inside the staging folder: a top-level folder's new version
_NAME = re.compile(re.escape(STAGING_PREFIX) + r"(?:(?P<host>[A-Za-z0-9_.]+)-)?(?P<pid>\d+)-")


def _host() -> str:
    """This computer's name, as it may appear in a folder name."""
    return re.sub(r"[^A-Za-z0-9_.]", "_", socket.gethostname() or "host")[:40] or "host"


def _pid_alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # cannot tell cheaply on Windows; the lock and the heartbeat decide
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _OwnerLock:
    """The lock a live run holds on its staging folder's ``.owner`` file (fcntl on POSIX, msvcrt on
    Windows, through :mod:`filelock`), and the heartbeat that keeps the file's time fresh."""

    def __init__(self, folder: Path):
        from filelock import FileLock  # noqa: PLC0415 — 60 ms at start-up: only when a batch is written

        self.path = folder / _OWNER
        self.lock = FileLock(str(self.path) + ".lock", timeout=0, thread_local=False)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def take(self, info: dict[str, Any]) -> None:
        self.lock.acquire()
        self.path.write_text(json.dumps(info), encoding="utf-8")
        self._thread = threading.Thread(target=self._beat, name="docgen-heartbeat", daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        while not self._stop.wait(HEARTBEAT_S):
            try:
                os.utime(self.path)
            except OSError:
                return  # the folder is gone: nothing left to own

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        try:
            self.lock.release()
        except Exception:  # noqa: BLE001 — the folder may be gone already; nothing to hold
            pass


def _abandoned(folder: Path, now: float) -> bool:
    """True when the run that made ``folder`` is certainly gone (see the module's docstring)."""
    m = _NAME.match(folder.name)
    if m is None:
        return False  # not a folder of ours by name: leave it
    host, pid = m["host"], int(m["pid"])
    if (host is None or host == _host()) and os.name == "posix":
        return not _pid_alive(pid)
    owner = folder / _OWNER
    try:
        age = now - owner.stat().st_mtime
    except OSError:
        try:
            age = now - folder.stat().st_mtime  # killed before it wrote its owner file
        except OSError:
            return False
    if age < STALE_AFTER_S:
        return False
    from filelock import FileLock, Timeout  # noqa: PLC0415 — with the staging, only when writing

    probe = FileLock(str(owner) + ".lock", timeout=0, thread_local=False)
    try:
        probe.acquire()
    except (Timeout, OSError):
        return False
    probe.release()
    return True


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` while a batch moves into it. POSIX locks the directory
    itself (nothing is left in it); Windows cannot, so a hidden lock file is used there."""
    if os.name == "posix":
        import fcntl  # noqa: PLC0415 — POSIX only

        fd = os.open(folder, os.O_RDONLY)
        try:
            deadline = time.monotonic() + PUBLISH_WAIT_S
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"папка {folder} занята другим запуском docgen") from None
                    time.sleep(0.05)
            yield
        finally:
            os.close(fd)  # releases the lock
        return
    from filelock import FileLock  # noqa: PLC0415 — Windows only

    lock_file = folder / PUBLISH_LOCK
    with FileLock(str(lock_file), timeout=PUBLISH_WAIT_S, thread_local=False):
        try:
            ctypes.windll.kernel32.SetFileAttributesW(str(lock_file), 0x2)  # type: ignore[attr-defined]
        except (AttributeError, OSError):
            pass  # hidden is a courtesy
        yield


# --------------------------------------------------------------------------- moving folders


def _exchange() -> Any:
    """Linux's ``renameat2(RENAME_EXCHANGE)``: swap two paths in one step, or ``None``."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def _swap(new: Path, target: Path) -> bool:
    """Exchange ``new`` and ``target`` atomically; False when the system cannot."""
    fn = _exchange()
    if fn is None:
        return False
    rc = fn(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(target), _RENAME_EXCHANGE)
    return rc == 0


def _link_tree(source: Path, dest: Path, skip: set[Path]) -> None:
    """``dest`` as a copy of ``source`` made of hard links (a copy where links are impossible),
    without the paths in ``skip`` (the ones the batch replaces)."""
    for folder, _dirs, files in os.walk(source):
        rel = Path(folder).relative_to(source)
        (dest / rel).mkdir(exist_ok=True)
        for name in files:
            src = Path(folder) / name
            if src in skip:
                continue
            try:
                os.link(src, dest / rel / name)
            except OSError:
                shutil.copy2(src, dest / rel / name)


def _run_plan(out_dir: Path, plan: list[list[str]]) -> None:
    """Do (or finish) the steps of a plan; every step may have been done already.

    ``["move", staged, final]`` renames a file or a whole folder into place.
    ``["swap", new, target, old, marker]`` puts a folder's new version in place: ``marker`` is a
    hidden file only the new version holds, so a step is known to be done when the folder in
    place has it — then what remains at ``new`` (the old version, after an exchange) and
    ``old`` is removed, and so is the marker.
    """
    for step in plan:
        if step[0] == "move":
            staged, final = Path(step[1]), out_dir / step[2]
            if staged.exists():
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, final)
            continue
        new, target, old, marker = Path(step[1]), out_dir / step[2], Path(step[3]), step[4]
        if not (target / marker).exists() and new.exists():
            if target.exists() and not _swap(new, target):
                os.replace(target, old)
            if not target.exists():
                os.replace(new, target)
        shutil.rmtree(new, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
        try:
            os.remove(target / marker)
        except OSError:
            pass


def recover_staging(out_dir: Path) -> list[str]:
    """Finish or remove what killed runs left in ``out_dir``: a staging folder with a publishing
    plan is published (the batch was complete), one without is removed. Returns the Russian
    notes of batches completed this way."""
    notes: list[str] = []
    if not out_dir.is_dir():
        return notes
    now = time.time()
    for entry in sorted(out_dir.glob(STAGING_PREFIX + "*")):
        if not entry.is_dir() or not _abandoned(entry, now):
            continue
        plan_file = entry / _PLAN
        try:
            plan = json.loads(plan_file.read_text(encoding="utf-8")) if plan_file.is_file() else None
        except (OSError, ValueError):
            plan = None
        if plan:
            try:
                _run_plan(out_dir, plan["steps"])
                notes.append(f"Документы прерванного запуска от {plan.get('when', '?')} сохранены целиком: "
                             "запуск был остановлен во время перемещения файлов в папку.")
            except OSError:
                continue  # leave it for a later run rather than lose staged documents
        shutil.rmtree(entry, ignore_errors=True)
    return notes


class Staging:
    """This run's staging folder inside ``out_dir``.

    ``open()`` creates ``out_dir`` if needed (private), finishes or removes what killed runs left
    (:func:`recover_staging`; its notes are in ``recovered``), and makes this run's folder, owned
    and kept alive; ``publish(moves)`` puts the staged files into place; ``discard()`` removes the
    folder and lets go of it. OSError goes to the caller, who explains it.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.path: Path | None = None
        self.recovered: list[str] = []
        self._owner: _OwnerLock | None = None

    def open(self) -> Path:
        if not self.out_dir.exists():
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            try:
                self.out_dir.mkdir(mode=PRIVATE_DIR)
            except FileExistsError:
                if not self.out_dir.is_dir():  # a file; a folder is another run's, a moment ago
                    raise
        self.recovered = recover_staging(self.out_dir)
        prefix = f"{STAGING_PREFIX}{_host()}-{os.getpid()}-"
        self.path = Path(tempfile.mkdtemp(prefix=prefix, dir=self.out_dir))
        self._owner = _OwnerLock(self.path)
        self._owner.take({"host": socket.gethostname(), "pid": os.getpid(), "started": time.time()})
        return self.path

    def publish(self, moves: list[tuple[Path, Path]]) -> None:
        """Put each staged file (inside this staging folder) at its final path in ``out_dir``.

        A staged top-level folder whose target does not exist moves with one rename (a class's 30
        consents, a school's 1000); one whose target exists is swapped in whole (see the module's
        docstring); files at the top level move one by one (their names are new per run). The
        plan of it all is written first, so an interrupted publish is finished by the next run.
        """
        assert self.path is not None
        restrict(self.path)
        # Two runs publishing into one folder take turns: each plan is made from what the
        # folder holds after the other run's batch is in place (its files are kept).
        with _folder_lock(self.out_dir):
            self._publish(moves)

    def _publish(self, moves: list[tuple[Path, Path]]) -> None:
        assert self.path is not None
        steps: list[list[str]] = []
        tops: dict[str, list[tuple[Path, Path]]] = {}
        for staged, final in moves:
            rel = final.relative_to(self.out_dir)
            if len(rel.parts) > 1:
                tops.setdefault(rel.parts[0], []).append((staged, final))
            else:
                steps.append(["move", str(staged), rel.as_posix()])
        for top, files in tops.items():
            target = self.out_dir / top
            if not target.exists():
                steps.append(["move", str(self.path / top), top])
                continue
            if not target.is_dir():
                raise FileExistsError(target)
            # A new version of the folder, inside the staging folder (the same file system, and
            # removed with it): the old files linked in, the new ones moved in, and a marker.
            new = Path(tempfile.mkdtemp(prefix=_SWAP, dir=self.path))
            _link_tree(target, new, {final for _, final in files})
            for staged, final in files:
                dest = new / final.relative_to(target)
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, dest)
            marker = f".docgen-new-{self.path.name}"
            (new / marker).touch()
            restrict(new)
            steps.append(["swap", str(new), top, str(self.path / f".old-{new.name}"), marker])
        plan_file = self.path / _PLAN
        with open(plan_file, "w", encoding="utf-8") as fh:
            json.dump({"when": time.strftime("%d.%m.%Y %H:%M:%S"), "steps": steps}, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        fsync_dir(self.path)
        _run_plan(self.out_dir, steps)
        fsync_dir(self.out_dir)

    def discard(self) -> None:
        if self._owner is not None:
            self._owner.release()
            self._owner = None
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path = None
