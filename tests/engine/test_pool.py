"""Rendering on both cores (docgen/engine/pool.py): the collector's thresholds during a batch."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from docgen import api
from docgen.engine import pool
from tests.helpers import EXAMPLE


def test_a_batch_collects_garbage_rarely_and_restores_the_thresholds(tmp_path, monkeypatch):
    """Issue 19: ~200 collections over the registry's objects cost the parent ~0.08 s; a batch
    runs with a young-generation threshold of BATCH_GC_THRESHOLD, and the process gets its own
    back afterwards (the web page runs batches in a long-lived process)."""
    seen = []
    real = pool.render_forked

    def spy(*args, **kwargs):
        seen.append(gc.get_threshold()[0])
        return real(*args, **kwargs)

    monkeypatch.setattr("docgen.engine.run.render_forked", spy)
    monkeypatch.setattr(pool, "PARALLEL_FROM", 2)
    monkeypatch.setattr("docgen.engine.run.workers_for", lambda n: 2)
    before = gc.get_threshold()
    result = api.make(["consent_parent"], EXAMPLE, tmp_path / "out", outputs=api.Outputs(manifest=False),
                      select=api.Selection.parse(rows="2-80"))
    assert result.files and seen == [pool.BATCH_GC_THRESHOLD]
    assert gc.get_threshold() == before


def test_the_thresholds_come_back_after_an_error():
    before = gc.get_threshold()
    try:
        with pool.few_collections():
            assert gc.get_threshold()[0] >= pool.BATCH_GC_THRESHOLD
            raise KeyError("stop")
    except KeyError:
        pass
    assert gc.get_threshold() == before


_ARENAS = """
import sys, threading
from docgen.engine.pool import few_collections
barrier = threading.Barrier(4)
def work():
    keep = [bytearray(50_000) for _ in range(20)]  # glibc's malloc, not Python's small-object pool
    barrier.wait()
def run():
    threads = [threading.Thread(target=work) for _ in range(3)]
    [t.start() for t in threads]; barrier.wait(); [t.join() for t in threads]
if sys.argv[1] == "batch":
    with few_collections():
        run()
else:
    run()
# a glibc arena of a thread is a heap mapped at a 64 MB boundary
print(sum(1 for line in open("/proc/self/maps") if len(line.split()) == 5 and line.split()[1] == "rw-p"
          and int(line.split("-")[0], 16) % (64 << 20) == 0))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's arenas")
def test_threads_of_a_batch_allocate_from_one_arena():
    """The reader's threads freed memory into arenas of their own where the batch could not
    reuse it: 150 MB at 5000 documents instead of 126 (issue 19)."""
    def heaps(mode: str) -> int:
        run = subprocess.run([sys.executable, "-c", _ARENAS, mode], capture_output=True, text=True, check=True)
        return int(run.stdout)

    assert heaps("plain") >= 3  # the probe sees glibc's per-thread arenas
    assert heaps("batch") == 0
