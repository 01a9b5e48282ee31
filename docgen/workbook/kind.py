"""What a file really is, before anyone tries to read it as a workbook.

A secretary's «реестр.xlsx» may be an encrypted workbook, an old .xls, a Word document, a CSV
or a web page someone saved with the extension changed. Each gets its own Russian message
naming what it is and what to do, instead of a parser's error.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

__all__ = ["guess_text_kind", "looks_encrypted", "wrong_zip_message", "zip_kind"]


def looks_encrypted(path: Path) -> bool:
    """An encrypted Office file is a compound file with «EncryptedPackage» and «EncryptionInfo»
    streams; their names are stored in UTF-16 in the directory."""
    with open(path, "rb") as fh:
        data = fh.read(64 * 2**20)
    return "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data


def zip_kind(members: dict[str, zipfile.ZipInfo], zf_path: Path) -> str:
    if "xl/workbook.xml" in members:
        return "xlsx"
    if "content.xml" in members and "mimetype" in members:
        try:
            with zipfile.ZipFile(zf_path) as zf, zf.open("mimetype") as fh:
                mimetype = fh.read(200)
        except Exception:
            mimetype = b""
        if b"spreadsheet" in mimetype:
            return "ods"
        if b"text" in mimetype:
            return "odt"
        return "odf"
    if "word/document.xml" in members:
        return "docx"
    if any(name.startswith("ppt/") for name in members):
        return "pptx"
    if "xl/workbook.bin" in members:
        return "xlsb"
    return "zip"


def wrong_zip_message(path: Path, kind: str) -> str:
    name, ext = path.name, path.suffix
    if kind == "xlsx":
        return f"Файл {name} — книга Excel (.xlsx), а расширение у него {ext}. Переименуйте его в .xlsx."
    if kind == "ods":
        return (f"Файл {name} — таблица LibreOffice (.ods), а расширение у него {ext}. "
                "Переименуйте его в .ods или сохраните заново как .xlsx.")
    what = {
        "docx": "документ Word (.docx)",
        "odt": "текстовый документ LibreOffice (.odt)",
        "odf": "файл LibreOffice, но не таблица",
        "pptx": "презентация PowerPoint (.pptx)",
        "xlsb": "двоичная книга Excel (.xlsb)",
        "zip": "архив .zip",
    }[kind]
    return (f"Файл {name} не читается как книга Excel: это {what} с расширением {ext}. Укажите файл "
            "реестра или откройте этот файл в Excel и сохраните как «Книга Excel (.xlsx)».")


def guess_text_kind(head: bytes) -> str:
    sample = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sample.startswith((b"<!doctype html", b"<html", b"<table")) or b"<html" in sample[:512]:
        return "это веб-страница (HTML), сохранённая с расширением .xlsx (так выгружают таблицы многие сайты)."
    if sample.startswith(b"<?xml"):
        return "это файл XML (например, «Таблица XML 2003»), а не книга .xlsx."
    if sample.startswith(b"{\\rtf"):
        return "это документ RTF."
    if sample.startswith(b"%pdf"):
        return "это документ PDF."
    text = None
    for encoding in ("utf-8", "cp1251"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is not None and "\x00" not in text:
        if any(sep in text for sep in (";", ",", "\t")):
            return "это текстовая таблица (CSV), у которой расширение заменили на .xlsx."
        return "это текстовый файл с расширением .xlsx."
    return "содержимое файла не похоже ни на один формат таблиц (возможно, файл повреждён)."
