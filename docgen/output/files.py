"""One .docx per document, written atomically into the output folder.

Everything of a batch is first written into a hidden temporary folder inside the target
(same file system, so the final move is a rename); only when every document is ready are
the files moved into place. An error or Ctrl-C midway therefore leaves no half-written batch.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
import unicodedata
from pathlib import Path

from ..errors import OutputError, os_reason

MAX_NAME = 120  # characters of the stem; keeps full paths well under Windows' 260
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_name(text: str, default: str = "документ") -> str:
    """A file or folder name that is valid on Windows and Linux and cannot leave its folder."""
    text = unicodedata.normalize("NFC", text)
    text = _FORBIDDEN.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    text = re.sub(r"_+", "_", text)
    if not text or set(text) <= {"_", "."}:
        text = default
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    if len(text) > MAX_NAME:
        text = text[:MAX_NAME].rstrip(" .")
    return text


STAGING_PREFIX = ".docgen-tmp-"
PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600


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


def remove_stale_staging(out_dir: Path, max_age_s: float = 24 * 3600) -> None:
    """Delete staging folders left by a run that was killed outright (SIGKILL, power cut).

    A folder is stale when the process that made it is gone (its pid is in the name), or,
    where that cannot be checked, when it is older than a day.
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


class BatchWriter:
    """Collects a batch's files in a temporary folder and moves them into ``out_dir`` at the end.

    Use as a context manager: leaving the block normally publishes the files; leaving it with
    an exception (including KeyboardInterrupt) deletes the temporary folder. Files made by
    later steps (PDFs, the print file, the inventory, the zip) are staged the same way, so a
    batch is published whole or not at all.
    """

    def __init__(self, out_dir: Path, protect: tuple[Path, ...] = ()):
        self.out_dir = Path(out_dir)
        self._protect = {p.resolve() for p in protect}  # never replaced (the registry itself)
        self._taken: set[str] = set()
        self._staged: list[tuple[Path, Path]] = []
        self._by_final: dict[Path, Path] = {}
        self._made_dirs: set[Path] = set()
        self._tmp: Path | None = None

    def __enter__(self) -> "BatchWriter":
        try:
            if not self.out_dir.exists():
                self.out_dir.parent.mkdir(parents=True, exist_ok=True)
                try:
                    self.out_dir.mkdir(mode=PRIVATE_DIR)
                except FileExistsError:
                    if not self.out_dir.is_dir():  # a file; a folder is another run's, a moment ago
                        raise
            remove_stale_staging(self.out_dir)
            self._tmp = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=self.out_dir))
        except OSError as exc:
            raise OutputError(f"Не удаётся создать папку для документов {self.out_dir}: {os_reason(exc)}.") from None
        return self

    @property
    def tmp(self) -> Path:
        assert self._tmp is not None
        return self._tmp

    def _reserve(self, folder: str, stem: str, suffix: str) -> tuple[Path, Path]:
        folder = safe_name(folder, "документы") if folder else ""
        stem = safe_name(stem)
        name = stem + suffix
        n = 2
        while f"{folder}/{name}".casefold() in self._taken:
            name = f"{stem} ({n}){suffix}"
            n += 1
        self._taken.add(f"{folder}/{name}".casefold())
        staged = self.tmp / folder / name if folder else self.tmp / name
        final = self.out_dir / folder / name if folder else self.out_dir / name
        return staged, final

    def reserve(self, folder: str, stem: str, suffix: str = ".docx") -> tuple[Path, Path]:
        """Claim a name for a file that will be written to the returned staged path (by this
        process or a worker); returns (staged, final)."""
        staged, final = self._reserve(folder, stem, suffix)
        if staged.parent not in self._made_dirs:
            try:
                staged.parent.mkdir(exist_ok=True)
            except OSError as exc:
                raise OutputError(f"Не удаётся создать папку «{staged.parent.name}»: {os_reason(exc)}.") from None
            self._made_dirs.add(staged.parent)
        self._staged.append((staged, final))
        self._by_final[final] = staged
        return staged, final

    def add(self, folder: str, stem: str, data: bytes, suffix: str = ".docx") -> Path:
        """Stage one file; returns its final path. Same names get « (2)», « (3)»…"""
        staged, final = self._reserve(folder, stem, suffix)
        try:
            staged.parent.mkdir(exist_ok=True)
            staged.write_bytes(data)
        except OSError as exc:
            raise OutputError(f"Не удаётся записать файл «{final.name}»: {os_reason(exc)}.") from None
        self._staged.append((staged, final))
        self._by_final[final] = staged
        return final

    def add_file(self, folder: str, stem: str, source: Path, suffix: str) -> Path:
        """Stage a file another step produced (moved, not copied); returns its final path."""
        staged, final = self._reserve(folder, stem, suffix)
        try:
            staged.parent.mkdir(exist_ok=True)
            os.replace(source, staged)
        except OSError as exc:
            raise OutputError(f"Не удаётся записать файл «{final.name}»: {os_reason(exc)}.") from None
        self._staged.append((staged, final))
        self._by_final[final] = staged
        return final

    def staged(self, final: Path) -> Path:
        """Where a file of this batch is now (until the batch is published)."""
        return self._by_final[final]

    def scratch(self, name: str) -> Path:
        """A work folder inside the staging area, removed with it."""
        path = self.tmp / f".{name}"
        path.mkdir(exist_ok=True)
        return path

    def relative(self, final: Path) -> str:
        return final.relative_to(self.out_dir).as_posix()

    def _restrict(self) -> None:
        """Documents about children are readable by their owner only, where the OS has such
        permissions (POSIX); on Windows the folder's own access rules apply."""
        if os.name != "posix":
            return
        for root, dirs, files in os.walk(self.tmp):
            for d in dirs:
                os.chmod(os.path.join(root, d), PRIVATE_DIR)
            for f in files:
                os.chmod(os.path.join(root, f), PRIVATE_FILE)

    def _publish(self) -> None:
        """Move the staged files into place. A staged folder whose target does not exist yet
        moves with one rename (a class's 30 consents, a school's 1000); otherwise file by file,
        replacing the previous run's file of the same name."""
        moved_dirs: set[Path] = set()
        for staged, final in self._staged:
            rel = final.relative_to(self.out_dir)
            top = rel.parts[0] if len(rel.parts) > 1 else None
            if top is not None:
                target_dir = self.out_dir / top
                if target_dir in moved_dirs:
                    continue
                if not target_dir.exists():
                    try:
                        os.replace(self.tmp / top, target_dir)
                        moved_dirs.add(target_dir)
                        continue
                    except OSError:
                        pass  # another run made the folder a moment ago: move file by file

            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, final)

    def check_targets(self) -> None:
        """Find anything that would stop the move before moving the first file, so a batch
        is never published half-way (a file where a folder should be, a folder where a file
        should be)."""
        for _, final in self._staged:
            for parent in final.relative_to(self.out_dir).parents:
                if parent != Path(".") and (self.out_dir / parent).exists() and not (self.out_dir / parent).is_dir():
                    raise OutputError(f"В папке {self.out_dir} есть файл «{parent}», а нужна папка с таким "
                                      "именем. Переименуйте или удалите этот файл и повторите.")
            if final.resolve() in self._protect:
                raise OutputError(f"Документ «{final.name}» занял бы место файла реестра. Укажите для "
                                  "документов другую папку.")
            if final.is_dir():
                raise OutputError(f"На месте документа «{final.relative_to(self.out_dir)}» есть папка. "
                                  "Переименуйте или удалите её и повторите.")

    def __exit__(self, exc_type, exc, tb) -> None:
        assert self._tmp is not None
        try:
            if exc_type is None:
                self.check_targets()
                self._restrict()
                self._publish()
        except OSError as error:
            raise OutputError(f"Не удаётся переместить документы в {self.out_dir}: {os_reason(error)}.") from None
        finally:
            shutil.rmtree(self._tmp, ignore_errors=True)
