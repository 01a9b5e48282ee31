"""What docgen works out from its own inputs, kept between runs.

Every start parsed the same 69 schema files with PyYAML (31 ms), prepared the same templates
with docxtpl (its import alone 50 ms) and loaded pymorphy3 (85 ms) to decline the same school's
name — 15 % of a batch of 1000 documents on two cores (issue 19). This cache keeps such results
as JSON, a file per result in a folder per kind (``namespace``), under the SHA-256 of everything
the result depends on: the input's bytes and, through :func:`code_key`, the source of the code
that made it. A changed input or a new version of the code is a new key, so an answer is never
stale; only data JSON gives back unchanged is kept.

What goes in is never personal data: schemas, templates and organisations' names — no row of
the registry. The cache lives in the user's cache folder (``%LOCALAPPDATA%\\docgen`` on Windows,
``~/.cache/docgen`` elsewhere); ``DOCGEN_CACHE`` names another folder or turns it ``off``. A
cache that cannot be read or written is simply not used: it makes docgen faster, never different.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

__all__ = ["CACHE_ENV", "FORMAT", "MAX_ENTRIES", "ParsedCache", "cache_dir", "cache_folder", "code_key", "parsed"]

CACHE_ENV = "DOCGEN_CACHE"
FORMAT = 1  # in the files' names: a new layout of the files is a new name
MAX_ENTRIES = 2000  # of one kind: a school's edits over the years; the oldest go first


def cache_folder(namespace: str) -> Path | None:
    """Where the results of one kind are kept, or None when ``DOCGEN_CACHE=off``."""
    folder = cache_dir()
    return None if folder is None else folder / f"{namespace}-{FORMAT}"


def cache_dir() -> Path | None:
    """The cache folder, or None when ``DOCGEN_CACHE=off``."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    if chosen.lower() in ("off", "0", "no", "нет"):
        return None
    if chosen:
        base = Path(chosen).expanduser()
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "docgen"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches" / "docgen"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "docgen"
    return base


class ParsedCache:
    """One kind of result, a file per entry in the kind's own folder: a template's prepared
    source can be 100 KB, and a run reads only the entries it needs. An entry is written when it
    is made (atomically: another docgen reading it meanwhile sees all of it or nothing)."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def get(self, key: str) -> Any | None:
        if self.folder is None:
            return None
        try:
            return json.loads((self.folder / f"{key}.json").read_bytes())  # a fresh object per caller
        except (OSError, ValueError):  # absent or damaged: made again and rewritten
            return None

    def put(self, key: str, data: Any) -> None:
        if self.folder is None:
            return
        try:
            text = json.dumps(data, ensure_ascii=False)
            if json.loads(text) != data:
                return
        except (TypeError, ValueError):  # a date, a number as a key: not plain JSON
            return
        tmp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, self.folder / f"{key}.json")
            tmp = None
            self._prune()
        except OSError:
            pass  # a read-only home, a full disk: docgen works without its cache
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass

    def _prune(self) -> None:
        """Keep the newest :data:`MAX_ENTRIES` (entries of edited templates, old versions)."""
        assert self.folder is not None
        entries = [e for e in os.scandir(self.folder) if e.name.endswith(".json")]
        if len(entries) <= MAX_ENTRIES:
            return
        entries.sort(key=lambda e: e.stat().st_mtime)
        for entry in entries[:len(entries) - MAX_ENTRIES]:
            try:
                os.unlink(entry.path)
            except OSError:
                pass


_CACHES: dict[str, ParsedCache] = {}
_CODE: dict[tuple[str, ...], str] = {}


def _cache(namespace: str) -> ParsedCache:
    folder = cache_folder(namespace)
    cache = _CACHES.get(namespace)
    if cache is None or cache.folder != folder:
        cache = _CACHES[namespace] = ParsedCache(folder)
    return cache


def code_key(*files: str | Path | None) -> str:
    """The SHA-256 of the source files that make a result (a module's ``__file__``): a result
    made by other code — another version, an edit in a working copy — is not taken. Read once
    per process; a file that cannot be read counts as empty."""
    names = tuple(str(f) for f in files if f)
    known = _CODE.get(names)
    if known is None:
        digest = hashlib.sha256()
        for name in names:
            try:
                digest.update(Path(name).read_bytes())
            except OSError:
                pass
            digest.update(b"\0")
        known = _CODE[names] = digest.hexdigest()
    return known


def parsed(namespace: str, key: bytes | str, make: Callable[[], Any]) -> Any:
    """``make()``, or what it gave for the same ``key`` before (in this run or an earlier one).
    ``key`` must hold everything the result depends on (see :func:`code_key`)."""
    cache = _cache(namespace)
    digest = hashlib.sha256(key.encode("utf-8") if isinstance(key, str) else key).hexdigest()
    hit = cache.get(digest)
    if hit is not None:
        return hit
    data = make()
    cache.put(digest, data)
    return data
