"""ZIP of a batch, to send a class's consents or a set of orders by e-mail in one attachment.

Names are stored in UTF-8 with the ZIP "language encoding" flag (general purpose bit 11),
which Python's zipfile sets for every non-ASCII name. Windows 10/11 Explorer, 7-Zip,
macOS Archive Utility and Info-ZIP's unzip all read such names as Cyrillic; the old
alternative — names in the OEM code page (cp866) — only works on Russian-locale Windows
and breaks everywhere else. Files that are already compressed (.docx, .xlsx, .pdf) are
stored as they are; deflating them again costs time and saves almost nothing.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

from docgen.errors import OutputError, os_reason

_ALREADY_COMPRESSED = {".docx", ".xlsx", ".xlsm", ".pdf", ".zip", ".png", ".jpg"}


def write_zip(target: Path, members: list[tuple[Path, str]], *, when: datetime | None = None) -> None:
    """Write ``members`` (file on disk, name inside the archive with «/») into ``target``;
    OutputError in Russian when the disk is full or the folder not writable."""
    try:
        _write(target, members, when)
    except OSError as exc:
        raise OutputError(f"Не удаётся записать архив .zip: {os_reason(exc)}. Документы не сохранены.") from None


def _write(target: Path, members: list[tuple[Path, str]], when: datetime | None) -> None:
    stamp = (when or datetime.now()).timetuple()[:6]
    with zipfile.ZipFile(target, "w") as zf:
        for source, name in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o600 << 16  # children's data: unpacked readable by the owner only
            compressed = source.suffix.lower() in _ALREADY_COMPRESSED
            info.compress_type = zipfile.ZIP_STORED if compressed else zipfile.ZIP_DEFLATED
            with open(source, "rb") as src, zf.open(info, "w") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
