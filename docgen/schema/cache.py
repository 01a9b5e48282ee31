"""Schema files parsed once and kept between runs.

PyYAML builds its Python objects in Python even with libyaml's C parser: the 69 schema files
docgen reads at every start (the built-in packs' templates, registries and pack.yaml) took
70 ms — 8 % of a batch of 1000 documents (issue 19). This cache keeps each file's parsed data
as JSON under the SHA-256 of the file's bytes: an edited file is a new key, so an answer is
never stale, and only data that JSON gives back unchanged is kept (a date or a number used as
a key is parsed from YAML every time).

The cache holds no personal data (schemas describe columns, not people). It lives in the
user's cache folder (``%LOCALAPPDATA%\\docgen`` on Windows, ``~/.cache/docgen`` elsewhere),
``DOCGEN_CACHE`` names another folder or turns it ``off``. A cache that cannot be read or
written is simply not used: it makes docgen faster, never different.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["CACHE_ENV", "CACHE_NAME", "ParsedCache", "cache_file", "parsed", "save"]

CACHE_ENV = "DOCGEN_CACHE"
CACHE_NAME = "schemas-1.json"  # the format's version: PyYAML's safe subset parses the same bytes the same way
MAX_ENTRIES = 2000  # a school's edits over the years; oldest first out


def cache_file() -> Path | None:
    """Where the cache is kept, or None when ``DOCGEN_CACHE=off``."""
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
    return base / CACHE_NAME


class ParsedCache:
    """Parsed data by the SHA-256 of the bytes it was parsed from; read on first use, written by
    :meth:`save` when something was added."""

    def __init__(self, path: Path | None):
        self.path = path
        self._entries: dict[str, str] | None = None
        self._dirty = False

    def _load(self) -> dict[str, str]:
        if self._entries is None:
            self._entries = {}
            if self.path is not None:
                try:
                    data = json.loads(self.path.read_bytes())
                    if isinstance(data, dict) and isinstance(data.get("entries"), dict):
                        self._entries = {k: v for k, v in data["entries"].items() if isinstance(v, str)}
                except (OSError, ValueError):
                    pass  # absent or damaged: rebuilt by save()
        return self._entries

    def get(self, key: str) -> Any | None:
        text = self._load().get(key)
        if text is None:
            return None
        try:
            return json.loads(text)  # a fresh object for every caller
        except ValueError:
            return None

    def put(self, key: str, data: Any) -> None:
        try:
            text = json.dumps(data, ensure_ascii=False)
            if json.loads(text) != data:
                return
        except (TypeError, ValueError):  # a date, a number as a key: not plain JSON
            return
        entries = self._load()
        entries.pop(key, None)
        entries[key] = text
        while len(entries) > MAX_ENTRIES:
            del entries[next(iter(entries))]
        self._dirty = True

    def save(self) -> None:
        """Write the cache if this process added to it (atomically: another docgen reading it
        meanwhile sees the old file or the new one)."""
        if not self._dirty or self.path is None or self._entries is None:
            return
        self._dirty = False
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".schemas-", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"entries": self._entries}, fh, ensure_ascii=False)
            os.replace(tmp, self.path)
            tmp = None
        except OSError:
            pass  # a read-only home, a full disk: docgen works without its cache
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


_CACHE: ParsedCache | None = None


def _cache() -> ParsedCache:
    global _CACHE
    path = cache_file()
    if _CACHE is None or _CACHE.path != path:
        _CACHE = ParsedCache(path)
    return _CACHE


def parsed(raw: bytes, parse: Any) -> Any:
    """``parse(raw)``, or what it gave for the same bytes before (in this run or an earlier one)."""
    cache = _cache()
    key = hashlib.sha256(raw).hexdigest()
    hit = cache.get(key)
    if hit is not None:
        return hit
    data = parse(raw)
    cache.put(key, data)
    return data


def save() -> None:
    """Keep what this run parsed for the next (called once the catalog is built)."""
    _cache().save()
