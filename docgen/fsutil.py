"""Files that must never be half-written: the one place docgen replaces, publishes and backs up.

* :func:`replace_file` — new bytes for an existing file (the registry after a journal row):
  written beside it, fsynced, moved over it in one step, its mode kept.
* :func:`write_new` — a new file that must not replace anything (``docgen init``): written
  beside, then linked into place only if the name is still free.
* :class:`Staging` — a hidden folder inside an output folder where a batch is assembled;
  :meth:`Staging.publish` moves it into place (a whole folder with one rename when it can),
  and a staging folder left by a killed run is removed by the next one.
* :func:`write_backup` — a copy of the registry before it is changed, the newest few kept.
* :func:`office_lock_file` — is a workbook open in Excel or LibreOffice right now?
* :class:`WorkbookGuard` — all of the above around a rewrite of the user's registry (the
  order journal today): refused while an office suite has it open, locked against a second
  docgen run, re-read and compared before writing, backed up, replaced in one step.

Documents about children are private to their owner (700/600) wherever the OS has such
permissions (POSIX); on Windows the folder's own access rules apply.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from docgen.errors import OutputError, UsageError, os_reason

__all__ = ["BACKUP_DIR", "KEEP_BACKUPS", "LOCK_TIMEOUT", "PRIVATE_DIR", "PRIVATE_FILE", "STAGING_PREFIX", "Staging",
           "WorkbookGuard", "fsync_dir", "office_lock_file", "refuse_if_open", "replace_file", "restrict",
           "write_backup", "write_new"]

PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600
#: Folder next to the workbook that receives a copy of it before every rewrite.
BACKUP_DIR = "docgen-резервные-копии"
#: How many backup copies of one workbook are kept (the newest ones).
KEEP_BACKUPS = 10
#: Seconds a second docgen run waits for the first one to finish with the workbook.
LOCK_TIMEOUT = 30.0
STAGING_PREFIX = ".docgen-tmp-"
STALE_AFTER_S = 24 * 3600  # where a staging folder's owner cannot be checked (Windows): its age decides
_TMP_PREFIX = ".~docgen-"


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; a no-op elsewhere)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_temp(folder: Path, data: bytes) -> str:
    fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _remove(path: str | Path) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` next to ``path`` and move it over ``path`` in one step, keeping its mode
    (and owner, where allowed). A reader sees the old bytes or the new ones, never a mix."""
    st = path.stat()
    tmp = _write_temp(path.parent, data)
    try:
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if hasattr(os, "chown"):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass  # only the owner or root may give a file away; the mode is what matters
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise
    fsync_dir(path.parent)


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``, atomically and only if nothing is there yet: FileExistsError
    otherwise. The bytes are complete before the name appears (a crash leaves no half file)."""
    tmp = _write_temp(path.parent, data)
    try:
        if os.name == "nt":
            os.rename(tmp, path)  # refuses an existing target on Windows
        else:
            os.link(tmp, path)  # refuses an existing target; rename would replace it
    finally:
        _remove(tmp)
    fsync_dir(path.parent)


def restrict(root: Path) -> None:
    """Make a folder tree readable by its owner only (POSIX)."""
    if os.name != "posix":
        return
    os.chmod(root, PRIVATE_DIR)
    for folder, dirs, files in os.walk(root):
        for d in dirs:
            os.chmod(os.path.join(folder, d), PRIVATE_DIR)
        for f in files:
            os.chmod(os.path.join(folder, f), PRIVATE_FILE)


# --------------------------------------------------------------------------- staging


def _pid_alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # cannot tell cheaply on Windows; age decides there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_staging(out_dir: Path, max_age_s: float = STALE_AFTER_S) -> None:
    """Delete staging folders left by a run that was killed outright (SIGKILL, power cut).

    A folder is stale when the process that made it is gone (its pid is in the name), or,
    where that cannot be checked, when it is older than ``max_age_s``.
    """
    if not out_dir.is_dir():
        return
    now = time.time()
    for entry in out_dir.glob(STAGING_PREFIX + "*"):
        m = re.match(re.escape(STAGING_PREFIX) + r"(\d+)-", entry.name)
        try:
            old = now - entry.stat().st_mtime > max_age_s
        except OSError:
            continue
        if (m and not _pid_alive(int(m[1]))) or old:
            shutil.rmtree(entry, ignore_errors=True)


class Staging:
    """A hidden folder inside ``out_dir`` (same file system, so publishing is a rename).

    ``open()`` creates ``out_dir`` if needed (private), removes stale staging folders of
    killed runs and makes this run's one; ``publish(paths)`` moves the staged files into
    place; ``discard()`` removes the folder. OSError goes to the caller, who explains it.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.path: Path | None = None

    def open(self) -> Path:
        if not self.out_dir.exists():
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            try:
                self.out_dir.mkdir(mode=PRIVATE_DIR)
            except FileExistsError:
                if not self.out_dir.is_dir():  # a file; a folder is another run's, a moment ago
                    raise
        remove_stale_staging(self.out_dir)
        self.path = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=self.out_dir))
        return self.path

    def publish(self, moves: list[tuple[Path, Path]]) -> None:
        """Move each staged file (inside this staging folder) to its final path in ``out_dir``.
        A staged top-level folder whose target does not exist yet moves with one rename (a
        class's 30 consents, a school's 1000); otherwise file by file, replacing a file of the
        same name."""
        assert self.path is not None
        restrict(self.path)
        moved_dirs: set[Path] = set()
        for staged, final in moves:
            rel = final.relative_to(self.out_dir)
            top = rel.parts[0] if len(rel.parts) > 1 else None
            if top is not None:
                target_dir = self.out_dir / top
                if target_dir in moved_dirs:
                    continue
                if not target_dir.exists():
                    try:
                        os.replace(self.path / top, target_dir)
                        moved_dirs.add(target_dir)
                        continue
                    except OSError:
                        pass  # another run made the folder a moment ago: move file by file
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, final)

    def discard(self) -> None:
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path = None


# --------------------------------------------------------------------------- backups


def _backup_key(name: str, stem: str, suffix: str) -> tuple[str, int] | None:
    m = re.fullmatch(re.escape(stem) + r"_(\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d)(?:_(\d+))?" + re.escape(suffix), name)
    return (m[1], int(m[2] or 1)) if m else None


def write_backup(path: Path, data: bytes, folder: Path, keep: int) -> Path:
    """Put ``data`` (the file as it is now) into ``folder`` as «stem_YYYY-MM-DD_HH-MM-SS.ext»,
    with the original's times; keep the newest ``keep`` copies of this file. OSError to the
    caller."""
    folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)  # copies of personal data: the user's eyes only
    stamp = datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    target = folder / f"{path.stem}_{stamp}{path.suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}_{stamp}_{n}{path.suffix}"
    with open(target, "xb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    shutil.copystat(path, target)
    ours = sorted((k, n) for n in os.listdir(folder) if (k := _backup_key(n, path.stem, path.suffix)))
    for _key, name in ours[:max(0, len(ours) - keep)]:
        os.remove(folder / name)
    return target


# --------------------------------------------------------------------------- open in an office suite?


def office_lock_file(path: Path) -> tuple[str, Path] | None:
    """``("Excel" | "LibreOffice", lock file)`` when the workbook looks open, else ``None``.

    Excel creates the hidden owner file ``~$`` + the file's name next to a workbook it opens
    for editing. Word (and, by several reports, Office when the name is long) instead replaces
    the first characters of the name: ``~$`` + name without its first character when the name
    without extension has 7 characters, without its first two when it has more. Both forms are
    checked; a false positive only makes docgen refuse, naming the file it found, which is
    the safe side. LibreOffice writes ``.~lock.`` + name + ``#``. Names are compared without
    regard to case (Windows, network shares).
    """
    name = path.name
    try:
        listing = {n.casefold(): n for n in os.listdir(path.parent)}
    except OSError:
        return None
    excel = ["~$" + name]
    if len(path.stem) >= 7:
        excel.append("~$" + name[2:])
    if len(path.stem) == 7:
        excel.append("~$" + name[1:])
    for candidate in excel:
        found = listing.get(candidate.casefold())
        if found:
            return "Excel", path.parent / found
    found = listing.get((".~lock." + name + "#").casefold())
    if found:
        return "LibreOffice", path.parent / found
    return None


def refuse_if_open(path: Path) -> None:
    """OutputError when the workbook is open in Excel or LibreOffice: docgen must not write a
    file under an office suite (the suite would overwrite it, or lose the user's edits)."""
    lock = office_lock_file(path)
    if lock is None:
        return
    app, lock_path = lock
    user = lock_owner(lock_path) if app == "LibreOffice" else ""
    who = f" (пользователь: {user})" if user else ""
    raise OutputError(
        f"Реестр «{path.name}» открыт в {app}{who}. Сохраните и закройте его, затем повторите. "
        f"Если {app} уже закрыт, удалите служебный файл «{lock_path.name}» в папке с реестром."
    )


def lock_owner(lock_path: Path) -> str:
    """The user named in a LibreOffice lock file («Full Name,host,user,date,path;»), or ''."""
    try:
        return lock_path.read_text(encoding="utf-8", errors="replace").split(",")[0].strip()
    except OSError:
        return ""


# --------------------------------------------------------------------------- rewriting the registry


class WorkbookGuard:
    """A rewrite session on the user's registry workbook.

    ::

        with WorkbookGuard(path, what="журнал приказов") as guard:
            new = edit(guard.data)          # bytes of the workbook as read under the lock
            guard.commit(new)

    Entering checks that no office suite has the workbook open, takes an inter-process lock
    (waiting up to ``timeout`` seconds for another docgen run) and reads the file; the lock is
    held until the block ends, so nobody else can write it in between. :meth:`commit` checks
    again that the workbook is closed and unchanged on disk, puts a backup copy into
    ``docgen-резервные-копии`` beside it and replaces it in one step. All reading and writing
    goes to the real file: replacing a symlink would turn it into a regular file and leave the
    workbook it pointed to untouched. ``what`` names what is written, for messages.
    """

    def __init__(self, path: str | os.PathLike[str], *, what: str, timeout: float = LOCK_TIMEOUT,
                 keep_backups: int = KEEP_BACKUPS):
        self.path = Path(path)
        self.file = Path(os.path.realpath(self.path))
        self.what = what
        self.timeout = timeout
        self.keep_backups = keep_backups
        self.data = b""
        self.last_backup: Path | None = None
        self._lock: Any = None

    @property
    def lock_path(self) -> Path:
        """The lock file: hidden next to the workbook, harmless when left behind (on POSIX it
        stays, because deleting a lock file that another process may be waiting on would let a
        third one lock a new file with the same name)."""
        return self.file.parent / f".{self.file.name}.docgen.lock"

    def __enter__(self) -> "WorkbookGuard":
        from filelock import FileLock, Timeout  # noqa: PLC0415 — 60 ms at start-up: only when a workbook is written

        if not self.file.is_file():
            raise UsageError(f"Файл реестра не найден: {self.path}")
        self._refuse_if_open()  # fail fast, without waiting for the lock
        lock = FileLock(str(self.lock_path), timeout=self.timeout, thread_local=False)
        try:
            lock.acquire()
        except Timeout:
            raise OutputError(
                f"Реестр «{self.path.name}» занят другим запуском docgen: он сейчас записывает {self.what}. "
                f"Подождали {self.timeout:g} с. Дождитесь окончания и повторите."
            ) from None
        except OSError as exc:
            raise OutputError(f"Нет возможности записывать в папку реестра «{self.file.parent}»: "
                              f"{os_reason(exc)}.") from None
        self._lock = lock
        try:
            self._refuse_if_open()
            self.data = self._read()
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self._release()

    def _refuse_if_open(self) -> None:
        refuse_if_open(self.path)
        if self.file != Path(os.path.abspath(self.path)):
            refuse_if_open(self.file)

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _read(self) -> bytes:
        try:
            return self.file.read_bytes()
        except PermissionError:
            raise OutputError(f"Реестр «{self.path.name}» не читается: он открыт в другой программе или "
                              "нет прав на чтение. Закройте его и повторите.") from None
        except OSError as exc:
            raise OutputError(f"Реестр «{self.path.name}» не читается: {os_reason(exc)}.") from None

    def commit(self, new: bytes) -> None:
        """Replace the workbook with ``new``: closed and unchanged since it was read, backed
        up first. The session stays open (and locked) afterwards, ``data`` is ``new``."""
        if self._lock is None:
            raise RuntimeError("WorkbookGuard.commit outside its `with` block")
        self._refuse_if_open()
        current = self._read()
        if current != self.data:
            raise OutputError(
                f"Реестр «{self.path.name}» изменился, пока docgen готовил запись ({self.what}): его "
                "сохранила другая программа. Ничего не записано: повторите.")
        folder = self.file.parent / BACKUP_DIR
        unchanged = f"{self.what[:1].upper()}{self.what[1:]} не изменён."
        try:
            self.last_backup = write_backup(self.file, current, folder, self.keep_backups)
        except OSError as exc:
            raise OutputError(f"Не удалось сохранить резервную копию реестра в папку «{folder}»: "
                              f"{os_reason(exc)}. {unchanged}") from None
        try:
            replace_file(self.file, new)
        except PermissionError:
            raise OutputError(f"Реестр «{self.path.name}» не удалось перезаписать: он открыт в другой программе "
                              f"или нет прав на запись. Закройте его и повторите. {unchanged}") from None
        except OSError as exc:
            raise OutputError(f"Реестр «{self.path.name}» не удалось перезаписать: {os_reason(exc)}. "
                              f"{unchanged}") from None
        self.data = new
