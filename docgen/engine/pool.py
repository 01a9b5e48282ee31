"""Both cores: documents rendered and written by forked workers.

Forking shares the compiled template and the contexts without pickling them. The parent keeps
both, renders the first chunk itself (so lazy caches — pymorphy3's dictionaries, declensions —
load once, before the fork) and, when a print file is asked for, renders the parts once more
for it while the workers run. Where fork is unsafe (macOS) or absent (Windows) a batch stays
in one process. Workers leave Ctrl-C and SIGTERM to the parent, which stops them and cleans up.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import signal
import sys
from pathlib import Path
from typing import Any, Callable

from docgen.output.files import write_staged

__all__ = ["PARALLEL_FROM", "WARM_UP", "render_forked", "workers_for"]

PARALLEL_FROM = 300  # below this, starting workers costs more than it saves
WARM_UP = 64  # documents rendered in the parent before forking, so caches and lazy loads are shared
_CHUNK = 64
_FORKED: dict[str, Any] = {}  # what forked workers inherit: set just before the pool starts


def workers_for(n: int) -> int:
    """How many processes render ``n`` documents."""
    if n < PARALLEL_FROM or sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, 4, n // (PARALLEL_FROM // 2)))


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _render_range(bounds: tuple[int, int]) -> list[tuple[int, str, int]]:
    """In a forked worker: render and write documents start..end-1; return their hashes."""
    compiled, contexts, paths = _FORKED["compiled"], _FORKED["contexts"], _FORKED["paths"]
    out = []
    for i in range(*bounds):
        data = compiled.render(contexts[i])
        write_staged(paths[i], data)
        out.append((i, hashlib.sha256(data).hexdigest(), len(data)))
    return out


def render_forked(compiled: Any, contexts: list[dict[str, Any]], paths: list[Path], workers: int,
                  report: Callable[[int], None] | None, builder: Any, start: int = 0) -> list[tuple[str, int]]:
    """Documents ``start``… rendered by ``workers`` forked processes; their (sha256, size) in order."""
    _FORKED.update(compiled=compiled, contexts=contexts, paths=paths)
    # Move everything allocated so far out of the collector's reach: otherwise each worker's
    # first collections touch every object's header and copy the parent's memory page by page.
    gc.freeze()
    digests: list[tuple[str, int] | None] = [None] * len(contexts)
    bounds = [(i, min(i + _CHUNK, len(contexts))) for i in range(start, len(contexts), _CHUNK)]
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_init) as pool:
            pending = pool.imap_unordered(_render_range, bounds)
            if builder is not None:
                for ctx in contexts[start:]:
                    builder.add(compiled.render_parts(ctx))
            done = start
            for chunk in pending:
                for i, digest, size in chunk:
                    digests[i] = (digest, size)
                done += len(chunk)
                if report:
                    report(done)
    finally:
        _FORKED.clear()
        gc.unfreeze()
    return digests[start:]  # type: ignore[return-value]
