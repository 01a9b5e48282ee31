"""docgen.fsutil.staging: a staging folder of a live run on another computer is never deleted;
abandoned ones and those of dead local processes are."""

from __future__ import annotations

import os
import time
from datetime import date

from docgen import api
from docgen.fsutil import STAGING_PREFIX
from tests.helpers import EXAMPLE

AS_OF = date(2026, 11, 23)


def test_a_live_run_of_another_computer_keeps_its_staging(tmp_path):
    """A staging folder named after another host, whose owner's heartbeat is fresh, is never
    deleted (pids mean nothing across computers); an abandoned one (old heartbeat, lock free)
    and one of a dead process on this computer are."""
    out = tmp_path / "out"
    out.mkdir()
    live = out / f"{STAGING_PREFIX}other_pc-4242-live"
    live.mkdir()
    (live / ".owner").write_text("{}")
    (live / "document.docx").write_bytes(b"someone else's")
    abandoned = out / f"{STAGING_PREFIX}other_pc-4243-gone"
    abandoned.mkdir()
    (abandoned / ".owner").write_text("{}")
    hour_ago = time.time() - 3600
    os.utime(abandoned / ".owner", (hour_ago, hour_ago))
    dead_here = out / f"{STAGING_PREFIX}999999999-old"
    dead_here.mkdir()
    api.make(["consent_tracking"], EXAMPLE, out, as_of=AS_OF, select=api.Selection.parse(where=["Класс=5А"]))
    assert (live / "document.docx").read_bytes() == b"someone else's"
    assert not abandoned.exists() and not dead_here.exists()
