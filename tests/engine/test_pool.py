"""Rendering on both cores (docgen/engine/pool.py): the collector's thresholds during a batch."""

from __future__ import annotations

import gc

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
