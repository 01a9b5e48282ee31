"""LibreOffice never outlives docgen: a killed or hung-up docgen leaves no converter running
over children's documents."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docgen.fsutil import STAGING_PREFIX
from tests.helpers import EXAMPLE, bigger_registry

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform != "linux", reason="/proc")]


def converters_of(out: Path) -> list[int]:
    """Pids of LibreOffice processes whose profile lies in ``out`` (the batch's staging)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if "soffice" in cmd and str(out) in cmd:
            found.append(int(entry.name))
    return found


def start_pdf_batch(tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    reg = bigger_registry(EXAMPLE, tmp_path / "big.xlsx", 400)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "docgen", "make", "consent_parent", "-r", str(reg), "-o", str(out),
                             "--pdf", "--as-of", "23.11.2026", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while not converters_of(out):
        assert proc.poll() is None, proc.communicate()
        assert time.time() < deadline, "LibreOffice never started"
        time.sleep(0.2)
    return proc, out


def gone_within(out: Path, seconds: float) -> bool:
    deadline = time.time() + seconds
    while converters_of(out):
        if time.time() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_a_killed_docgen_takes_libreoffice_with_it(tmp_path):
    """A call converts 100 documents at about 10 a second: without a guard LibreOffice goes on
    writing PDFs of children's documents for seconds after docgen is gone."""
    proc, out = start_pdf_batch(tmp_path)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert gone_within(out, 3), f"LibreOffice still converting: {converters_of(out)}"
    made = len(list(out.rglob("*.pdf")))
    time.sleep(2)
    assert len(list(out.rglob("*.pdf"))) == made, "PDFs still being written after docgen died"


def test_a_closed_terminal_cleans_up_like_ctrl_c(tmp_path):
    proc, out = start_pdf_batch(tmp_path)
    proc.send_signal(signal.SIGHUP)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Прервано" in err and "Traceback" not in err
    assert gone_within(out, 15)
    assert not list(out.glob(STAGING_PREFIX + "*")), "staging with children's documents left behind"
    assert not list(out.rglob("*.pdf")) and not list(out.rglob("*.docx"))
