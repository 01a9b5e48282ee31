"""Reading the registry workbook (.xlsx, .xlsm, .ods) into raw rows.

python-calamine reads all three formats and measured ~5× faster than openpyxl's read-only
mode; openpyxl is kept for writing. This module knows nothing about templates: it returns
every sheet as a grid of cell values with worksheet row numbers preserved, so problems can
name the exact cell later. The file is opened read-only and never written. Before calamine
sees a file, :mod:`docgen.workbook.inspect` looks at it.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from docgen.errors import DocgenError, RegistryError, UsageError
from docgen.workbook.inspect import Container, SheetScan, password_message

__all__ = ["SUPPORTED_SUFFIXES", "RawSheet", "one_malloc_arena", "prefetch", "read_workbook"]

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".xls")
_RESAVE = ("Откройте его в Excel или LibreOffice и сохраните заново как «Книга Excel (.xlsx)» "
           "(Файл → Сохранить как).")


@dataclass(frozen=True)
class RawSheet:
    """One worksheet as read: ``rows[0]`` is worksheet row 1, ``rows[r][0]`` column A.

    ``merged``: merged ranges as 1-based ``(first_row, first_col, last_row, last_col)``;
    only the first cell of a range holds the value, the others read as empty.
    """

    name: str
    rows: list[list[Any]]
    merged: tuple[tuple[int, int, int, int], ...] = ()

    def cell(self, row: int, col: int) -> Any:
        """Value at 1-based worksheet coordinates, '' outside the used area."""
        if 1 <= row <= len(self.rows):
            line = self.rows[row - 1]
            if 1 <= col <= len(line):
                return line[col - 1]
        return ""


_M_ARENA_MAX = -8  # glibc's mallopt parameter


@lru_cache(maxsize=1)
def one_malloc_arena() -> None:
    """Let every thread of this process allocate from one glibc arena.

    The registry's sheets are parsed by calamine on two threads outside the GIL and the
    templates compiled on a third; glibc gives each such thread an arena of its own, and the
    memory a thread frees stays in its arena, where the rest of the batch cannot reuse it. A
    batch of 5000 documents peaked at 150 MB with glibc's default, 126 MB with one arena, at
    the same speed (issue 19: the target is ≤ 150 MB). Threads started before the first call
    keep their arenas; elsewhere than glibc (Windows, macOS, musl) nothing changes."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes  # noqa: PLC0415 — Linux only

        libc = ctypes.CDLL(None)
        if hasattr(libc, "gnu_get_libc_version"):
            libc.mallopt(_M_ARENA_MAX, 1)
    except (OSError, AttributeError):
        pass


class _Prefetch:
    """A read started ahead on a thread (see :func:`prefetch`)."""

    def __init__(self, path: Path, stamp: tuple[int, int, int]):
        self.path, self.stamp = path, stamp
        self.sheets: list[RawSheet] | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="docgen-prefetch", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.sheets = _read(self.path)
        except BaseException as exc:  # noqa: BLE001 — raised where the sheets are asked for
            self.error = exc


_PREFETCHED: dict[Path, _Prefetch] = {}


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def prefetch(path: str | Path) -> None:
    """Start reading the workbook at ``path`` now, on a thread; :func:`read_workbook` of the same
    file takes the result (or its error) as long as the file has not changed since.

    calamine reads outside the GIL, so the read goes on while the command line loads the rest
    of docgen and its packs: a 1000-row registry's 70 ms hidden behind the start-up (issue 19).
    Anything unusual (no such file, a folder, another extension) is left to read_workbook."""
    path = Path(path)
    stamp = _stamp(path)
    if stamp is None or not path.is_file() or path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return
    one_malloc_arena()
    _PREFETCHED[path.resolve()] = _Prefetch(path, stamp)


def _prefetched(path: Path) -> list[RawSheet] | None:
    """The sheets a :func:`prefetch` of this very file read, or None (none, or the file changed)."""
    if not _PREFETCHED:
        return None
    ahead = _PREFETCHED.pop(path.resolve(), None)
    if ahead is None:
        return None
    ahead.thread.join()
    if _stamp(path) != ahead.stamp:
        return None  # changed since: read again
    if ahead.error is not None:
        raise ahead.error
    return ahead.sheets


def read_workbook(path: str | Path) -> list[RawSheet]:
    """Every sheet of the workbook, in workbook order."""
    path = Path(path)
    if not path.exists():
        raise UsageError(f"Файл реестра не найден: {path}")
    if path.is_dir():
        raise UsageError(f"Ожидался файл реестра, а указана папка: {path}")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UsageError(
            f"Файл {path.name} не похож на книгу: поддерживаются .xlsx, .xlsm и .ods."
        )
    ahead = _prefetched(path)
    return ahead if ahead is not None else _read(path)


def _read(path: Path) -> list[RawSheet]:
    container: Container | None = None
    try:
        container = Container.inspect(path)
        names = CalamineWorkbook.from_path(str(path)).sheet_names
        return _read_sheets(path, names, CalamineWorkbook, container=container)
    except DocgenError:
        raise
    except PermissionError:
        raise RegistryError(f"Нет прав на чтение файла {path.name}.") from None
    except OSError:
        raise RegistryError(f"Файл {path.name} не удаётся прочитать с диска. Проверьте, что он "
                            "доступен (не на отключённом сетевом диске), и попробуйте снова.") from None
    except BaseException as exc:  # calamine's own errors; a Rust panic is a BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        if type(exc).__name__ == "PasswordError":
            raise RegistryError(password_message(path)) from None
        raise RegistryError(
            f"Файл {path.name} не читается как книга Excel или LibreOffice: он повреждён или это "
            f"файл другого формата с изменённым расширением. {_RESAVE}"
        ) from None
    finally:
        if container is not None:
            container.close()


def _read_sheets(path: Path, names: list[str], workbook_class: Any, workers: int = 2,
                 container: "Container | None" = None) -> list[RawSheet]:
    """Read the sheets on two threads. calamine parses without holding the GIL (measured: two
    full reads in two threads take the time of one), and a registry's time goes into two big
    sheets («Наставляемые», «Родители»), so each thread opens the file and takes the next
    sheet from a shared list.

    A third thread inspects the sheets (:meth:`Container.scan`) ahead of the readers, biggest
    first, and a reader waits for a sheet's inspection before calamine may touch it. The
    inspection unpacks and searches every sheet's XML once more: measured +0.1 s of CPU on a
    5000-row registry (check 1.23 → 1.32 s on two cores, where it cannot hide behind calamine)."""
    result: dict[str, RawSheet] = {}
    errors: list[BaseException] = []
    pending = list(names)
    lock = threading.Lock()
    scans: dict[str, SheetScan | None] = {}
    scanned = {name: threading.Event() for name in names}
    if container is not None:
        pending.sort(key=container.size, reverse=True)  # stable: workbook order among equals
    order = list(pending)  # taken before any reader pops from «pending»

    def inspect() -> None:
        assert container is not None  # the thread runs only when there is one
        try:
            for name in order:
                if errors:
                    return
                scans[name] = container.scan(name)
                scanned[name].set()
        except BaseException as exc:  # re-raised in the caller's thread
            errors.append(exc)
        finally:
            for event in scanned.values():
                event.set()  # wake the readers; they see the error

    def work() -> None:
        try:
            workbook = workbook_class.from_path(str(path))
            while True:
                with lock:
                    if not pending or errors:
                        return
                    name = pending.pop(0)
                scan = None
                if container is not None:
                    scanned[name].wait()
                    if errors:
                        return
                    scan = scans[name]
                sheet = workbook.get_sheet_by_name(name)
                rows = sheet.to_python(skip_empty_area=False)
                merged: tuple[tuple[int, int, int, int], ...] = ()
                if scan is not None:
                    scan.patch(rows)
                    ranges = sheet.merged_cell_ranges
                    if ranges:
                        merged = tuple((r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in ranges)
                result[name] = RawSheet(name=name, rows=rows, merged=merged)
        except BaseException as exc:  # re-raised in the caller's thread
            errors.append(exc)

    threads = [threading.Thread(target=work, daemon=True) for _ in range(min(workers, len(names)))]
    if container is not None:
        threads.insert(0, threading.Thread(target=inspect, daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return [result[name] for name in names]
