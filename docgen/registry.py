"""Reading the registry workbook (.xlsx, .xlsm, .ods) into raw rows.

python-calamine reads all three formats and measured ~5× faster than openpyxl's read-only
mode; openpyxl is kept for writing. This module knows nothing about templates: it returns
every sheet as a grid of cell values with worksheet row numbers preserved, so problems can
name the exact cell later. The file is opened read-only and never written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import RegistryError, UsageError

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".xls")


@dataclass(frozen=True)
class RawSheet:
    """One worksheet as read: ``rows[0]`` is worksheet row 1, ``rows[r][0]`` column A."""

    name: str
    rows: list[list[Any]]

    def cell(self, row: int, col: int) -> Any:
        """Value at 1-based worksheet coordinates, '' outside the used area."""
        if 1 <= row <= len(self.rows):
            line = self.rows[row - 1]
            if 1 <= col <= len(line):
                return line[col - 1]
        return ""


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
    from python_calamine import CalamineWorkbook  # imported here: keeps `docgen --help` fast

    try:
        names = CalamineWorkbook.from_path(str(path)).sheet_names
        sheets = _read_sheets(path, names, CalamineWorkbook)
    except PermissionError:
        raise RegistryError(f"Нет прав на чтение файла {path.name}.") from None
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise RegistryError(
            f"Файл {path.name} не читается как книга Excel или LibreOffice. "
            "Возможно, он повреждён, защищён паролем или это файл другого формата "
            "с изменённым расширением. Откройте его в офисной программе и сохраните заново "
            f"как .xlsx. (Подробность: {type(exc).__name__})"
        ) from None
    return sheets


def _read_sheets(path: Path, names: list[str], workbook_class: Any, workers: int = 2) -> list[RawSheet]:
    """Read the sheets on two threads. calamine parses without holding the GIL (measured: two
    full reads in two threads take the time of one), and a registry's time goes into two big
    sheets («Наставляемые», «Родители»), so each thread opens the file and takes the next
    sheet from a shared list."""
    import threading

    result: dict[str, RawSheet] = {}
    errors: list[BaseException] = []
    pending = list(names)
    lock = threading.Lock()

    def work() -> None:
        try:
            workbook = workbook_class.from_path(str(path))
            while True:
                with lock:
                    if not pending or errors:
                        return
                    name = pending.pop(0)
                rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
                result[name] = RawSheet(name=name, rows=rows)
        except BaseException as exc:  # re-raised in the caller's thread
            errors.append(exc)

    threads = [threading.Thread(target=work, daemon=True) for _ in range(min(workers, len(names)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return [result[name] for name in names]
