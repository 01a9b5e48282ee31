"""`docgen` as a user runs it, a real process: the exit codes 0, 1 and 2 without a traceback
(the one subprocess smoke test; the commands themselves are tested in-process in
tests/adapters/test_cli.py), and runs interrupted by SIGTERM or killed while LibreOffice
converts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import AS_OF, EXAMPLE, edited_copy, find_cell

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes


def docgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docgen", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_exit_codes_and_no_traceback(tmp_path):
    ok = docgen("check", str(EXAMPLE), "--as-of", AS_OF)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "проблем нет" in ok.stdout
    broken = edited_copy(EXAMPLE, tmp_path / "broken.xlsx",
                         {("Наставляемые", find_cell(EXAMPLE, "Наставляемые", "Дата рождения", 20)): "31.02.2012"})
    problems = docgen("check", str(broken), "--as-of", AS_OF)
    assert problems.returncode == 1
    assert "Такой даты не существует: 31.02.2012" in problems.stdout
    usage = docgen("make", "nope", "-r", str(EXAMPLE), "-o", str(tmp_path / "out"))
    assert usage.returncode == 2
    assert "Шаблона «nope» нет" in usage.stderr
    assert not (tmp_path / "out").exists()
    for run in (ok, problems, usage):
        assert "Traceback" not in run.stdout + run.stderr


def _processes_mentioning(text: str) -> list[int]:
    """LibreOffice processes whose command line mentions ``text``."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if text in cmdline and "office" in cmdline:  # LibreOffice (soffice / soffice.bin)
            pids.append(int(proc.name))
    return pids


def _start(tmp_path: Path, *args: str):
    import os

    tmp = tmp_path / "tmp"
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "docgen", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc, tmp


def _wait_for(predicate, seconds: float = 120) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_interrupted_run_leaves_no_files_and_no_libreoffice(tmp_path):
    import signal

    out = tmp_path / "out"
    proc, tmp = _start(tmp_path, "make", "consent_parent", "-r", str(EXAMPLE), "-o", str(out),
                       "--pdf", "--as-of", AS_OF, "-q")
    try:
        # Interrupt in the middle of the PDF step, while LibreOffice is converting.
        assert _wait_for(lambda: any(_processes_mentioning(str(out)))), "LibreOffice never started"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert "Прервано" in err
    assert [p for p in out.rglob("*") if p.is_file()] == []
    assert list(out.iterdir()) == []  # not even the staging folder
    assert _wait_for(lambda: not _processes_mentioning(str(out)), 20), "LibreOffice left running"
    assert list(tmp.iterdir()) == []


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_killed_run_leaves_only_hidden_staging_which_the_next_run_removes(tmp_path):
    import os
    import signal

    out = tmp_path / "out"
    proc, tmp = _start(tmp_path, "make", "consent_parent", "-r", str(EXAMPLE), "-o", str(out),
                       "--pdf", "--as-of", AS_OF, "-q")
    try:
        assert _wait_for(lambda: any(_processes_mentioning(str(out)))), "LibreOffice never started"
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
    finally:
        proc.kill()
        for pid in _processes_mentioning(str(out)):  # orphaned converters of the killed run
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    staging = list(out.glob(".docgen-tmp-*"))
    assert len(staging) == 1 and any(staging[0].rglob("*.docx"))
    visible = [p for p in out.iterdir() if not p.name.startswith(".")]
    assert visible == []  # no half-written batch where the user looks
    result = docgen("make", "consent_tracking", "-r", str(EXAMPLE), "-o", str(out), "--as-of", AS_OF,
                    "-q", "--where", "Класс=5А")
    assert result.returncode == 0, result.stderr
    assert not list(out.glob(".docgen-tmp-*"))
