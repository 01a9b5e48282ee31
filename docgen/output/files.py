"""One .docx per document, written atomically into the output folder.

Everything of a batch is first written into a hidden temporary folder inside the target
(same file system, so the final move is a rename); only when every document is ready are
the files moved into place. An error or Ctrl-C midway therefore leaves no half-written batch.

A file already in the folder is replaced only when it is exactly as docgen wrote it
(:class:`~docgen.output.ledger.Ledger`); one that a person edited since — or that docgen never
wrote — is kept, and the new document takes the next free name, « (2)», which the batch reports
in ``kept``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Any

from docgen.errors import OutputError, os_reason
from docgen.fsutil import STAGING_PREFIX, Staging
from docgen.output.ledger import LEDGER, Ledger, hide
from docgen.output.manifest import file_sha256

__all__ = ["MAX_NAME", "STAGING_PREFIX", "BatchWriter", "safe_name", "write_staged"]

MAX_NAME = 120  # characters of the stem; keeps full paths well under Windows' 260
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_name(text: str, default: str = "документ") -> str:
    """A file or folder name that is valid on Windows and Linux and cannot leave its folder.

    Invisible format characters are dropped: a right-to-left override (U+202E) in a registry
    cell would make «…\u202excod.exe.docx» display as another extension; zero-width spaces and
    joiners would make two equal-looking names differ."""
    text = unicodedata.normalize("NFC", text)
    if not text.isprintable():  # format characters are never printable: most names skip the scan
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
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


def write_staged(path: Path, data: bytes) -> None:
    """Write one document to the staged path :meth:`BatchWriter.reserve` gave (from this
    process or a forked worker)."""
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise OutputError(f"Не удаётся записать файл «{path.name}»: {os_reason(exc)}.") from None


def _names_in(folder: Path) -> set[str] | None:
    """The casefolded names in ``folder``: empty when it does not exist yet, None when it cannot
    be listed (not a folder, no access) — then each name has to be looked up on its own."""
    try:
        return {name.casefold() for name in os.listdir(folder)}
    except FileNotFoundError:
        return set()
    except OSError:
        return None


class BatchWriter:
    """Collects a batch's files in a temporary folder and moves them into ``out_dir`` at the end.

    Use as a context manager and call :meth:`publish` when everything is staged; leaving the
    block removes the temporary folder (with everything in it, when :meth:`publish` was not
    reached: an error or Ctrl-C). Files made by later steps (PDFs, the print file, the
    inventory, the zip) are staged the same way, so a batch is published whole or not at all;
    a publish cut short by a kill is finished by the next run in the same folder
    (:mod:`docgen.fsutil.staging`), whose notes are in ``recovered``.
    """

    def __init__(self, out_dir: Path, protect: tuple[Path, ...] = ()):
        self.out_dir = Path(out_dir)
        self._protect = {p.resolve() for p in protect}  # never replaced (the registry itself)
        self._taken: set[str] = set()
        self._staged: list[tuple[Path, Path]] = []
        self._by_final: dict[Path, Path] = {}
        self._made_dirs: set[Path] = set()
        self._digests: dict[Path, str] = {}  # staged path → SHA-256 its writer already computed
        self._staging = Staging(self.out_dir)
        self._tmp: Path | None = None
        self._ledger = Ledger(self.out_dir)
        self.kept: dict[str, str] = {}  # an edited file in the folder → where this batch's version went
        self.published = False
        self._checked = -1  # how many staged files check_targets last passed
        self._folders: dict[str, tuple[str, Path, Path, set[str] | None]] = {}  # see _folder

    @property
    def recovered(self) -> list[str]:
        """Notes about batches of killed runs this writer finished when it opened the folder."""
        return self._staging.recovered

    def __enter__(self) -> "BatchWriter":
        try:
            self._tmp = self._staging.open()
        except OSError as exc:
            raise OutputError(f"Не удаётся создать папку для документов {self.out_dir}: {os_reason(exc)}.") from None
        return self

    @property
    def tmp(self) -> Path:
        assert self._tmp is not None
        return self._tmp

    def _folder(self, folder: str) -> tuple[str, Path, Path, set[str] | None]:
        """A folder's safe name, its final and staged paths, and the casefolded names already in
        it (empty: it does not exist yet; None: it cannot be listed, so each name is looked up) —
        the folder is listed once per batch instead of a lookup per file (issue 19)."""
        known = self._folders.get(folder)
        if known is None:
            safe = safe_name(folder, "документы") if folder else ""
            final_dir = self.out_dir / safe if safe else self.out_dir
            known = self._folders[folder] = (safe, final_dir, self.tmp / safe if safe else self.tmp,
                                             _names_in(final_dir))
        return known

    @staticmethod
    def _exists(present: set[str] | None, final: Path) -> bool:
        if present is not None and final.name.casefold() not in present:
            return False
        return os.path.lexists(final)

    def _reserve(self, folder: str, stem: str, suffix: str) -> tuple[Path, Path]:
        folder, final_dir, staged_dir, present = self._folder(folder)
        stem = safe_name(stem)
        name = stem + suffix
        n = 2
        edited: Path | None = None
        while True:
            final = final_dir / name
            if f"{folder}/{name}".casefold() not in self._taken:
                if not self._exists(present, final) or self._ledger.untouched(final):
                    break
                edited = edited or final  # changed since docgen wrote it (or not docgen's): kept
            name = f"{stem} ({n}){suffix}"
            n += 1
        self._taken.add(f"{folder}/{name}".casefold())
        staged = staged_dir / name
        if edited is not None:
            self.kept[self.relative(edited)] = self.relative(final)
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

    def check_targets(self) -> None:
        """Find anything that would stop the move before moving the first file, so a batch
        is never published half-way (a file where a folder should be, a folder where a file
        should be).

        Runs over every file (1000 for a school), so each folder is looked at and listed once
        and a path is looked up only where its folder holds that name: a file that does not
        exist yet resolves to its resolved folder plus its name (issue 19: this was 0.1 s, then
        17 ms). :meth:`publish` checks again only when files were staged since."""
        seen: set[Path] = set()
        folders: dict[Path, Path] = {}
        listed: dict[Path, set[str] | None] = {}  # a folder's names, listed once (None: unlistable)

        def may_exist(final: Path) -> bool:
            if final.parent not in listed:
                listed[final.parent] = _names_in(final.parent)
            names = listed[final.parent]
            return names is None or final.name.casefold() in names

        for _, final in self._staged:
            if final.parent not in listed:
                for parent in final.relative_to(self.out_dir).parents:
                    if parent == Path(".") or parent in seen:
                        continue
                    seen.add(parent)
                    if (self.out_dir / parent).exists() and not (self.out_dir / parent).is_dir():
                        raise OutputError(f"В папке {self.out_dir} есть файл «{parent}», а нужна папка с таким "
                                          "именем. Переименуйте или удалите этот файл и повторите.")
            exists = may_exist(final)
            if self._protect:
                if exists and os.path.lexists(final):
                    where = final.resolve()
                else:
                    folder = folders.get(final.parent)
                    if folder is None:
                        folder = folders[final.parent] = final.parent.resolve()
                    where = folder / final.name
                if where in self._protect:
                    raise OutputError(f"Документ «{final.name}» занял бы место файла реестра. Укажите для "
                                      "документов другую папку.")
            if exists and final.is_dir():
                raise OutputError(f"На месте документа «{final.relative_to(self.out_dir)}» есть папка. "
                                  "Переименуйте или удалите её и повторите.")
        self._checked = len(self._staged)

    def know_digest(self, final: Path, sha256: str) -> None:
        """The SHA-256 of a staged document, as the process that wrote it computed it: the
        folder's ledger takes it instead of reading the file again."""
        self._digests[self._by_final[final]] = sha256

    def publish(self) -> None:
        """Move every staged file into place (see :meth:`docgen.fsutil.Staging.publish`)."""
        if self._checked != len(self._staged):
            self.check_targets()
        try:
            self._staging.publish(self._staged, settle=self._settle)
        except OSError as error:
            raise OutputError(f"Не удаётся переместить документы в {self.out_dir}: {os_reason(error)}.") from None
        self.published = True
        hide(self.out_dir / LEDGER)

    def _settle(self) -> list[tuple[Path, Path]]:
        """Under the output folder's lock, just before the first move: make sure no file this
        batch replaces was edited meanwhile (or by a run that published first), and stage the
        folder's ledger with this batch's files in it."""
        ledger = self._ledger.load()
        written = {}
        for staged, final in self._staged:
            if os.path.lexists(final) and not ledger.untouched(final):
                raise OutputError(f"Файл «{self.relative(final)}» изменён, пока docgen формировал документы. "
                                  "Ничего не записано; запустите ту же команду ещё раз — изменённый файл "
                                  "останется, а новый документ будет записан рядом.")
            known = self._digests.get(staged)
            written[self.relative(final)] = known if known is not None else file_sha256(staged)[0]
        staged_ledger = self.tmp / LEDGER
        staged_ledger.write_bytes(ledger.updated(written))
        return [(staged_ledger, self.out_dir / LEDGER)]

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self._staging.discard()
