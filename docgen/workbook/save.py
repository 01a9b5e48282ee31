"""Saving a workbook made with openpyxl: the bytes, reproducible on request, valid for Excel's
validator (openpyxl's order of font properties fixed: :func:`docgen.ooxml.normalise.normalise_xlsx`),
written safely. Every workbook docgen makes with openpyxl (`docgen init`, the inventory, the
example registry) is turned into bytes here."""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import OutputError, UsageError, os_reason
from docgen.fsutil import write_new
from docgen.ooxml.normalise import normalise_xlsx

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["save_workbook", "workbook_bytes"]


def workbook_bytes(wb: Workbook, timestamp: _dt.datetime | None) -> bytes:
    """Serialise ``wb``. With ``timestamp``, the bytes depend only on the workbook's content."""
    from openpyxl.writer.excel import ExcelWriter  # noqa: PLC0415 — 0.2 s: only when a workbook is written

    buffer = io.BytesIO()
    if timestamp is None:
        wb.properties.modified = _dt.datetime.now(tz=_dt.timezone.utc).replace(tzinfo=None)
    else:
        wb.properties.created = timestamp
        wb.properties.modified = timestamp
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()
    data = normalise_xlsx(buffer.getvalue())
    if timestamp is None:
        return data
    # Zip entries carry the time they were written: rewrite them with a fixed one.
    fixed = io.BytesIO()
    stamp = (max(timestamp.year, 1980), timestamp.month, timestamp.day,
             timestamp.hour, timestamp.minute, timestamp.second)
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, src.read(info.filename))
    return fixed.getvalue()


def save_workbook(wb: Workbook, path: Path, *, timestamp: _dt.datetime | None = None,
                  overwrite: bool = True) -> None:
    """Write ``wb`` to ``path``.

    With ``timestamp`` the file's properties and zip entries carry that time, so the same
    workbook always gives the same bytes (used for the checked-in example). With
    ``overwrite=False`` an existing file is never replaced.
    """
    path = Path(path)
    if not overwrite and path.exists():
        raise UsageError(f"Файл «{path}» уже существует. Укажите другое имя или удалите старый файл.")
    if not path.parent.is_dir():
        raise UsageError(f"Папки «{path.parent}» нет. Создайте её или укажите другой путь.")
    data = workbook_bytes(wb, timestamp)
    try:
        if overwrite:
            path.write_bytes(data)
        else:
            write_new(path, data)
    except FileExistsError:
        raise UsageError(f"Файл «{path}» уже существует. Укажите другое имя или удалите старый файл.") from None
    except OSError as exc:
        raise OutputError(f"Не удалось записать файл «{path}»: {os_reason(exc)}.") from None


