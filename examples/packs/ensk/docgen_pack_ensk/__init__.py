"""Набор шаблонов Энского района для docgen: папка набора и три расширения.

* фильтр ``share``: «12 из 40 (30 %)» — доля с числом и процентом, как в отчётах района;
* тип столбца ``ensk_school_code``: код школы в районе «ЭР-017» (принимает «эр 17», «17»);
* вывод ``ensk_opis``: опись документов для управления образования (.csv в его формате).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from docgen import CellError, hookimpl


@hookimpl
def register_packs():
    return [Path(__file__).parent]


def share(part, whole) -> str:
    """«12 из 40 (30 %)»; при нуле в знаменателе — «0 из 0»."""
    part, whole = int(part), int(whole)
    if whole <= 0:
        return f"{part} из {whole}"
    percent = round(100 * part / whole)
    return f"{part} из {whole} ({percent}\u00a0%)"


@hookimpl
def register_filters():
    return {"share": share}


_CODE = re.compile(r"^(?:ЭР|ER)?[\s\-–]*(\d{1,3})$", re.I)


def parse_school_code(value, field):
    text = str(value).strip().upper()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    m = _CODE.match(text)
    if not m or int(m.group(1)) == 0:
        raise CellError(f"Код школы в районе пишется как ЭР-017 (буквы ЭР и три цифры), а здесь «{value}».")
    return f"ЭР-{int(m.group(1)):03d}"


@hookimpl
def register_field_types():
    return {"ensk_school_code": parse_school_code}


class OpisWriter:
    """Опись для управления образования: № п/п; документ; файл; основание (строка реестра)."""

    title = "Опись документов для управления образования Энского района (.csv)"

    def write(self, documents, folder: Path):
        buffer = io.StringIO()
        out = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        out.writerow(["№ п/п", "Наименование документа", "Файл", "Строка реестра"])
        for n, doc in enumerate(documents, 1):
            out.writerow([n, doc.title, doc.name, doc.record])
        target = folder / "Опись для управления образования.csv"
        target.write_bytes(buffer.getvalue().encode("utf-8-sig"))
        return [target]


@hookimpl
def register_output_writers():
    return {"ensk_opis": OpisWriter()}
