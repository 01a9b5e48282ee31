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
import unicodedata
from pathlib import Path

from ..errors import OutputError

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


class BatchWriter:
    """Collects a batch's files in a temporary folder and moves them into ``out_dir`` at the end.

    Use as a context manager: leaving the block normally publishes the files; leaving it with
    an exception (including KeyboardInterrupt) deletes the temporary folder.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self._taken: set[str] = set()
        self._staged: list[tuple[Path, Path]] = []
        self._tmp: Path | None = None

    def __enter__(self) -> "BatchWriter":
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self._tmp = Path(tempfile.mkdtemp(prefix=".docgen-tmp-", dir=self.out_dir))
        except OSError as exc:
            raise OutputError(f"Не удаётся создать папку для документов {self.out_dir}: {exc.strerror}.") from None
        return self

    def add(self, folder: str, stem: str, data: bytes, suffix: str = ".docx") -> Path:
        """Stage one file; returns its final path. Same names get « (2)», « (3)»…"""
        assert self._tmp is not None
        folder = safe_name(folder, "документы")
        stem = safe_name(stem)
        name = stem + suffix
        n = 2
        while f"{folder}/{name}".casefold() in self._taken:
            name = f"{stem} ({n}){suffix}"
            n += 1
        self._taken.add(f"{folder}/{name}".casefold())
        staged = self._tmp / folder / name
        try:
            staged.parent.mkdir(exist_ok=True)
            staged.write_bytes(data)
        except OSError as exc:
            raise OutputError(f"Не удаётся записать документ «{name}»: {exc.strerror}.") from None
        final = self.out_dir / folder / name
        self._staged.append((staged, final))
        return final

    def __exit__(self, exc_type, exc, tb) -> None:
        assert self._tmp is not None
        try:
            if exc_type is None:
                for staged, final in self._staged:
                    final.parent.mkdir(exist_ok=True)
                    os.replace(staged, final)
        except OSError as error:
            raise OutputError(f"Не удаётся переместить документы в {self.out_dir}: {error.strerror}.") from None
        finally:
            shutil.rmtree(self._tmp, ignore_errors=True)
