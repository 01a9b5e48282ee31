"""The batch's inventory («опись»): what was produced, for whom, with a SHA-256 of each file.

A school must be able to show which consent forms it handed out and prove that a file was
not changed later; the hash in the inventory does that. Written as .xlsx (for people) and
CSV (for other programs; UTF-8 with BOM and «;» so Russian Excel opens it as columns).
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from docgen.output.opis_xlsx import inventory_xlsx

HEADERS = ("№", "Документ", "Вид файла", "Запись реестра", "Кому / о ком", "Файл", "SHA-256",
           "Размер, байт", "Сформирован")


@dataclass(frozen=True)
class ManifestRow:
    title: str        # the template's Russian title
    kind: str         # «документ», «PDF», «файл для печати»
    record: str       # «Наставляемые!14», «весь реестр», «Наставляемые: 28 строк»
    person: str       # ФИО, class, or «—»
    file: str         # path relative to the output folder, with «/»
    sha256: str
    size: int


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


# A cell a spreadsheet would read as a formula or a command: «=WEBSERVICE(…)», «+1», «-1», «@x»,
# or one that starts with a tab or a line break (the usual CSV-injection guard).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def as_text(value: str) -> str:
    """A registry text for a CSV cell: one that a spreadsheet would run is prefixed with «'»
    (Excel and LibreOffice show the rest as typed, as text)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def manifest_csv(rows: list[ManifestRow], made: datetime) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    stamp = made.strftime("%d.%m.%Y %H:%M:%S")
    for i, r in enumerate(rows, start=1):
        writer.writerow((i, *(as_text(v) for v in (r.title, r.kind, r.record, r.person, r.file, r.sha256)),
                         r.size, stamp))
    return buffer.getvalue().encode("utf-8-sig")


def manifest_xlsx(rows: list[ManifestRow], made: datetime, *, source: str, selection: str) -> bytes:
    """A one-sheet workbook: a heading with where the batch came from, then one row per file
    (written directly, :mod:`docgen.output.opis_xlsx`: openpyxl cost a sixth of a batch)."""
    heading = ("Опись сформированных документов",
               f"Сформировано: {made.strftime('%d.%m.%Y %H:%M:%S')}; реестр: {source}; выбор: {selection}",
               f"Файлов: {len(rows)}. Контрольная сумма SHA-256 подтверждает, что файл не изменялся после "
               "формирования.")
    return inventory_xlsx([(r.title, r.kind, r.record, r.person, r.file, r.sha256, r.size) for r in rows],
                          made, heading, HEADERS)
