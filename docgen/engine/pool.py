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
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

from docgen.output.files import write_staged

__all__ = ["BATCH_GC_THRESHOLD", "PARALLEL_FROM", "WARM_UP", "few_collections", "one_malloc_arena", "render_forked",
           "workers_for"]

PARALLEL_FROM = 300  # below this, starting workers costs more than it saves
WARM_UP = 64  # documents rendered in the parent before forking, so caches and lazy loads are shared
_CHUNK = 64
_FORKED: dict[str, Any] = {}  # what forked workers inherit: set just before the pool starts


BATCH_GC_THRESHOLD = 100_000
"""Allocations between young-generation collections while a batch is planned and run."""


_M_ARENA_MAX = -8  # glibc's mallopt parameter


@lru_cache(maxsize=1)
def one_malloc_arena() -> None:
    """Let every thread of this process allocate from one glibc arena.

    The registry's sheets are parsed by calamine on two threads outside the GIL and the
    templates compiled on a third; glibc gives each such thread an arena of its own, and the
    memory a thread frees stays in its arena, where the rest of the batch cannot reuse it. A
    batch of 5000 documents peaked at 150 MB with glibc's default, 126 MB with one arena, at
    the same speed (issue 19: the target is ≤ 150 MB). Threads started before the first call
    keep their arenas; elsewhere than glibc (Windows, macOS, musl) nothing changes."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes  # noqa: PLC0415 — Linux only

        libc = ctypes.CDLL(None)
        if hasattr(libc, "gnu_get_libc_version"):
            libc.mallopt(_M_ARENA_MAX, 1)
    except (OSError, AttributeError):
        pass


@contextmanager
def few_collections() -> Iterator[None]:
    """Collect garbage cycles rarely while a batch is planned and run.

    Reading a registry and building 1000 contexts allocates hundreds of thousands of objects
    that all live to the end of the batch; with the default threshold (700) the collector
    runs ~200 times over them and costs ~0.08 s of the parent's time (issue 19, measured with
    gc.callbacks). Cycles are still collected, every 100 000 allocations: a few MB at most.
    The previous thresholds come back afterwards (the web page makes batches on threads of a
    long-running process). Threads allocate from one arena from here on (:func:`one_malloc_arena`)."""
    one_malloc_arena()
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], BATCH_GC_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


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
