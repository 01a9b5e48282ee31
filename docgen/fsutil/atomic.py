"""Writing files so that a reader sees the old bytes or the new ones, never a mix.

* :func:`replace_file` — new bytes for an existing file (the registry after a journal row):
  written beside it, fsynced, moved over it in one step, its mode kept.
* :func:`write_new` — a new file that must not replace anything (``docgen init``): written
  beside, then linked into place only if the name is still free.

Temporary copies are named after their target (``.~docgen-<name>-….tmp``), so a run that
holds the target's lock can remove the ones a killed run left: they may hold children's data.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

__all__ = ["PRIVATE_DIR", "PRIVATE_FILE", "fsync_dir", "remove_temp_copies", "replace_file", "restrict", "write_new"]

PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600
_TMP_PREFIX = ".~docgen-"


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; a no-op elsewhere)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temp_prefix(target: Path) -> str:
    return f"{_TMP_PREFIX}{target.name}-"


def remove_temp_copies(target: Path) -> list[Path]:
    """Remove the temporary copies of ``target`` a killed run left beside it (call only while
    holding ``target``'s lock: then no live run is writing one). Returns what was removed."""
    removed: list[Path] = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    prefix = _temp_prefix(target)
    for name in names:
        if name.startswith(prefix) and name.endswith(".tmp"):
            try:
                os.remove(target.parent / name)
                removed.append(target.parent / name)
            except OSError:
                pass
    return removed


def _write_temp(target: Path, data: bytes) -> str:
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _remove(path: str | Path) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` next to ``path`` and move it over ``path`` in one step, keeping its mode
    (and owner, where allowed). A reader sees the old bytes or the new ones, never a mix."""
    st = path.stat()
    tmp = _write_temp(path, data)
    try:
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if hasattr(os, "chown"):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass  # only the owner or root may give a file away; the mode is what matters
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise
    fsync_dir(path.parent)


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``, atomically and only if nothing is there yet: FileExistsError
    otherwise. The bytes are complete before the name appears (a crash leaves no half file)."""
    tmp = _write_temp(path, data)
    try:
        if os.name == "nt":
            os.rename(tmp, path)  # refuses an existing target on Windows
        else:
            os.link(tmp, path)  # refuses an existing target; rename would replace it
    finally:
        _remove(tmp)
    fsync_dir(path.parent)


def restrict(root: Path) -> None:
    """Make a folder tree readable by its owner only (POSIX)."""
    if os.name != "posix":
        return
    os.chmod(root, PRIVATE_DIR)
    for folder, dirs, files in os.walk(root):
        for d in dirs:
            os.chmod(os.path.join(folder, d), PRIVATE_DIR)
        for f in files:
            os.chmod(os.path.join(folder, f), PRIVATE_FILE)


