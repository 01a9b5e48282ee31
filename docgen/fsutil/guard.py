"""Rewriting the user's registry: refused while an office suite has it open, locked, backed up.

* :func:`office_lock_file`, :func:`refuse_if_open` — is a workbook open in Excel or LibreOffice?
* :func:`write_backup` — a copy of the registry before it is changed, the newest few kept.
* :class:`WorkbookGuard` — all of it around one rewrite (the order journal today): refused
  while an office suite has the workbook open, locked against a second docgen run, re-read and
  compared before writing, backed up, replaced in one step; temporary copies a killed run left
  beside it are removed under the lock.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from docgen.errors import OutputError, UsageError, os_reason
from docgen.fsutil.atomic import PRIVATE_DIR, PRIVATE_FILE, fsync_dir, remove_temp_copies, replace_file

__all__ = ["BACKUP_DIR", "KEEP_BACKUPS", "LOCK_TIMEOUT", "WorkbookGuard", "lock_owner", "office_lock_file",
           "refuse_if_open", "write_backup"]

#: Folder next to the workbook that receives a copy of it before every rewrite.
BACKUP_DIR = "docgen-резервные-копии"
#: How many backup copies of one workbook are kept (the newest ones).
KEEP_BACKUPS = 10
#: Seconds a second docgen run waits for the first one to finish with the workbook.
LOCK_TIMEOUT = 30.0


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
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    shutil.copystat(path, target)
    os.chmod(target, PRIVATE_FILE)  # copystat copied the registry's mode (often 0644): a copy stays private
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
            remove_temp_copies(self.file)  # a killed run's copy of the registry: children's data
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

    # ---------------------------------------------------------------- the intent record

    @property
    def intent_path(self) -> Path:
        """A hidden record beside the workbook of a write that must follow other work (the
        journal rows of documents about to be published): private, fsynced, removed when done."""
        return self.file.parent / f".{self.file.name}.docgen-pending.json"

    def record_intent(self, record: dict[str, Any]) -> None:
        """Write the intent record (under the lock) before the work it must follow."""
        data = json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")
        fd = os.open(self.intent_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        fsync_dir(self.file.parent)

    def pending_intent(self) -> dict[str, Any] | None:
        """The intent record a killed run left (read under the lock), or ``None``."""
        try:
            return json.loads(self.intent_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return {}  # unreadable: treated as nothing to do, and removed

    def clear_intent(self) -> None:
        try:
            os.remove(self.intent_path)
        except FileNotFoundError:
            pass
        fsync_dir(self.file.parent)

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
