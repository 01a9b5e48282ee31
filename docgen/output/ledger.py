"""What docgen wrote into an output folder: the SHA-256 of every file, so that a later run can tell
a file docgen wrote and nobody touched (it may be replaced by a new version) from one a person
edited since (it is never replaced: the new version goes beside it, « (2)»).

The ledger is a small hidden JSON file in the output folder (``.docgen-index.json``, hidden on
Windows too), published with each batch in the same plan as its documents. What earlier versions
of docgen left — an inventory «Опись ….csv» in the folder itself, or in «Описи» — counts too,
so a folder made before the ledger existed is not mistaken for edited files.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from docgen.output.manifest import HEADERS, file_sha256

__all__ = ["INVENTORY_FOLDER", "LEDGER", "Ledger"]

LEDGER = ".docgen-index.json"
INVENTORY_FOLDER = "Описи"  # each run's inventory, out of the way of the documents
_FILE, _SHA = HEADERS.index("Файл"), HEADERS.index("SHA-256")


def _inventories(out_dir: Path) -> list[Path]:
    found = []
    for folder in (out_dir, out_dir / INVENTORY_FOLDER):
        try:
            found += [p for p in folder.glob("Опись *.csv") if p.is_file()]
        except OSError:
            continue
    return found


def _read_inventory(path: Path) -> list[tuple[str, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    pairs = []
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        if len(row) > _SHA and row[0] != HEADERS[0]:
            pairs.append((row[_FILE].lstrip("'"), row[_SHA].lstrip("'")))
    return pairs


class Ledger:
    """The hashes docgen recorded for the files of ``out_dir`` (relative paths with «/»)."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.current: dict[str, str] = {}  # the ledger file: path → the last hash docgen wrote there
        self.known: dict[str, set[str]] = {}  # every hash docgen ever recorded for a path
        self._loaded = False

    def load(self) -> "Ledger":
        self.current, self.known, self._loaded = {}, {}, True
        try:
            data = json.loads((self.out_dir / LEDGER).read_text(encoding="utf-8"))
            files = data.get("files", {}) if isinstance(data, dict) else {}
            self.current = {str(k): str(v) for k, v in files.items()}
        except (OSError, ValueError):
            self.current = {}
        for path, digest in self.current.items():
            self.known.setdefault(path.casefold(), set()).add(digest)
        for inventory in _inventories(self.out_dir):
            for path, digest in _read_inventory(inventory):
                self.known.setdefault(path.casefold(), set()).add(digest)
        return self

    def untouched(self, final: Path) -> bool:
        """May the file at ``final`` be replaced: is it exactly as docgen wrote it? A file docgen
        has no record of (the user's own, or made by hand) is treated as edited."""
        if not self._loaded:
            self.load()
        rel = final.relative_to(self.out_dir).as_posix().casefold()
        recorded = self.known.get(rel)
        if not recorded:
            return False
        try:
            digest, _ = file_sha256(final)
        except OSError:
            return False
        return digest in recorded

    def updated(self, written: dict[str, str]) -> bytes:
        """The ledger after a batch: the files still there, and ``written`` (path → hash)."""
        files = {p: d for p, d in self.current.items() if (self.out_dir / p).is_file()}
        files.update(written)
        return json.dumps({"version": 1, "files": dict(sorted(files.items()))}, ensure_ascii=False,
                          indent=0).encode("utf-8")


def hide(path: Path) -> None:
    """Mark a file hidden in Windows Explorer (a name with a dot hides it elsewhere)."""
    if os.name != "nt":
        return
    try:
        import ctypes  # noqa: PLC0415 — Windows only

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        pass
