"""A few cases of the hostile corpus (tests/hostile/cases.py) as a user runs them: `docgen
check` and `docgen make` as real processes, each measured for peak memory (RSS of the child)
and time. Every case also runs in-process in tests/hostile/test_workbooks.py; these are the
ones where a separate process matters: a zip bomb and a member lying about its size (memory),
a far cell and a damaged file (time, the reader's limits), a missing file (exit 2 from the
real entry point), and a clean success (exit 0, summary, documents)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

import pytest

from tests.helpers import soffice_pdf_texts
from tests.hostile.cases import CHECK, CONSENTS, MAKE, MAX_SECONDS, PUPIL, Case, Run, assert_case, case_by_id, params

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes

IN_PROCESSES = ["zip-bomb-2-gb", "zip-member-lying-about-its-size", "value-in-XFD1048576", "truncated-zip",
                "missing-file", "padding-and-double-spaces"]


def start(*args: str) -> Callable[[], Run]:
    """Start `python -m docgen ARGS`; the returned function waits and measures the child."""
    env = {k: v for k, v in os.environ.items() if k != "DOCGEN_DEBUG"}
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    began = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "docgen", *args], stdout=out, stderr=err, env=env)
    timer = threading.Timer(MAX_SECONDS * 2, proc.kill)
    timer.start()

    def wait() -> Run:
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        texts = []
        for fh in (out, err):
            fh.seek(0)
            texts.append(fh.read().decode("utf-8", "replace"))
            fh.close()
        return Run(list(args), proc.returncode, texts[0], texts[1], usage.ru_maxrss / 1024,
                   time.perf_counter() - began)
    return wait


def in_processes(registry: Path, out: Path) -> tuple[Run, Run]:
    """`docgen check` and `docgen make` started together, as two users might."""
    check = start(*(a.format(registry=registry, out=out) for a in CHECK))
    make = start(*(a.format(registry=registry, out=out) for a in MAKE))
    runs = (check(), make())
    for run in runs:  # a success is reported in Russian too (the summary)
        assert re.search(r"[А-Яа-яЁё]{3}", run.output), run.output
    return runs


@pytest.mark.parametrize("case", params([case_by_id(i) for i in IN_PROCESSES]))
def test_hostile_workbook_in_a_process(case: Case, tmp_path: Path):
    assert_case(case, tmp_path, in_processes)


def test_ten_thousand_characters_open_in_libreoffice(tmp_path):
    assert_case(case_by_id("ten-thousand-characters"), tmp_path, in_processes)
    doc = next(p for p in (tmp_path / "out" / CONSENTS).glob("*.docx") if PUPIL in p.name)
    text = soffice_pdf_texts([doc], timeout=120)[doc]
    assert "Очень Длинная" in text and text.count("Очень") > 100
