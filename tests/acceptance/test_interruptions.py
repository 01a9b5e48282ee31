"""The journal and the files agree after an interruption at its worst moment.

Each test kills a real docgen process (SIGKILL: no clean-up code runs) at an exact window,
injected by patching the function that starts the window, then checks what is on disk and what
the next run does with it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from docgen import api
from docgen.fsutil import STAGING_PREFIX
from tests.helpers import EXAMPLE, docx_text

AS_OF = date(2026, 11, 23)
pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="SIGKILL")]  # real docgen processes


def registry_copy(tmp_path: Path) -> Path:
    reg = tmp_path / "реестр" / "реестр.xlsx"
    reg.parent.mkdir()
    shutil.copy(EXAMPLE, reg)
    return reg


def journal_numbers(reg: Path) -> list[str]:
    ws = openpyxl.load_workbook(reg, read_only=True)["Приказы"]
    return [str(r[0]) for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]


def killed_run(patch: str, args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run ``api.make(args)`` in a child process in which ``patch`` (Python code) replaces a
    function so that the process kills itself with SIGKILL at the chosen moment."""
    code = f"""
import os, signal
from datetime import date
from pathlib import Path
from docgen import api
def die(*a, **k):
    os.kill(os.getpid(), signal.SIGKILL)
{patch}
api.make({args}, as_of=date(2026, 11, 23))
"""
    script = tmp_path / "killed.py"
    script.write_text(code, encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)


# --------------------------------------------------------------------------- journal after files


def test_kill_after_publishing_before_the_journal_row_is_completed_by_the_next_run(tmp_path):
    reg, out = registry_copy(tmp_path), tmp_path / "приказы"
    before = journal_numbers(reg)
    done = killed_run("from docgen.journal import session\nsession.Journal.commit = die",
                      f"['order_intro'], Path({str(reg)!r}), Path({str(out)!r})", tmp_path)
    assert done.returncode == -signal.SIGKILL
    orders = list(out.rglob("*.docx"))
    assert len(orders) == 1, "the documents were published before the journal"
    assert journal_numbers(reg) == before, "the journal was not written yet"
    intent = reg.parent / f".{reg.name}.docgen-pending.json"
    assert intent.is_file() and oct(intent.stat().st_mode & 0o777) == "0o600"
    number = json.loads(intent.read_text(encoding="utf-8"))["rows"][0]["number"]
    assert f"№ {number}" in docx_text(orders[0]).replace("\u00a0", " ")

    result = api.make(["order_curator"], reg, tmp_path / "ещё", as_of=AS_OF)
    assert any(f"дописаны № {number}" in note for note in result.recovered), result.recovered
    after = journal_numbers(reg)
    assert after[:len(before)] == before and after[len(before)] == number
    assert len(after) == len(before) + 2  # the interrupted order, then the new one
    assert not intent.exists()


def test_kill_before_publishing_leaves_no_documents_and_no_journal_row(tmp_path):
    reg, out = registry_copy(tmp_path), tmp_path / "приказы"
    before = journal_numbers(reg)
    done = killed_run("from docgen.output import files\nfiles.BatchWriter.publish = die",
                      f"['order_intro'], Path({str(reg)!r}), Path({str(out)!r})", tmp_path)
    assert done.returncode == -signal.SIGKILL
    assert not [p for p in out.rglob("*.docx") if STAGING_PREFIX not in str(p)]
    assert journal_numbers(reg) == before

    result = api.make(["order_curator"], reg, out, as_of=AS_OF)
    assert any("прерван до сохранения документов" in note and "не зарегистрированы" in note
               for note in result.recovered), result.recovered
    assert not list(out.glob(STAGING_PREFIX + "*")), "the killed run's staging (children's data) is gone"
    assert len(journal_numbers(reg)) == len(before) + 1  # only the new order


# --------------------------------------------------------------------------- publishing


def folder_state(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("steps_done", [0, 1, 2])
def test_publishing_into_a_folder_with_an_old_batch_is_all_or_nothing(tmp_path, steps_done, monkeypatch):
    """A batch replaces documents of an earlier batch in the same folder; killed after any step
    of publishing, each folder holds the old set or the new one, never a mix; the next run
    finishes the publishing."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795424400")  # documents carry the run's time: pin it
    out = tmp_path / "out"
    api.make(["consent_parent"], EXAMPLE, out, as_of=AS_OF, select=api.Selection.parse(where=["Класс=5А"]),
             outputs=api.Outputs(manifest=False))
    old = folder_state(out / "Согласия родителей")
    patch = f"""from docgen.fsutil import staging
real = staging._run_plan
def partial(out_dir, plan):
    real(out_dir, plan[:{steps_done}])
    die()
staging._run_plan = partial"""
    args = (f"['consent_parent'], Path({str(EXAMPLE)!r}), Path({str(out)!r}), "
            "select=api.Selection.parse(where=['Класс=5А;6Б']), outputs=api.Outputs(manifest=False)")
    done = killed_run(patch, args, tmp_path)
    assert done.returncode == -signal.SIGKILL, done.stderr
    now = folder_state(out / "Согласия родителей")
    reference = tmp_path / "reference"
    api.make(["consent_parent"], EXAMPLE, reference, as_of=AS_OF,
             select=api.Selection.parse(where=["Класс=5А;6Б"]), outputs=api.Outputs(manifest=False))
    new = folder_state(reference / "Согласия родителей")
    assert now in (old, new), "a mix of two batches"
    api.make(["consent_tracking"], EXAMPLE, out, as_of=AS_OF, outputs=api.Outputs(manifest=False))
    assert folder_state(out / "Согласия родителей") == new
    assert not list(out.glob(STAGING_PREFIX + "*"))


# --------------------------------------------------------------------------- the registry's copies


def test_a_copy_of_the_registry_left_by_a_kill_is_removed_by_the_next_writer(tmp_path):
    reg = registry_copy(tmp_path)
    patch = ("from docgen.fsutil import atomic, guard\n"
             "def half(path, data):\n    atomic._write_temp(path, data)\n    die()\n"
             "guard.replace_file = half")
    done = killed_run(patch, f"['order_intro'], Path({str(reg)!r}), Path({str(tmp_path / 'o')!r})", tmp_path)
    assert done.returncode == -signal.SIGKILL
    copies = list(reg.parent.glob(".~docgen-*.tmp"))
    assert copies, "the kill left the new registry beside the old one"
    api.make(["order_curator"], reg, tmp_path / "o2", as_of=AS_OF)
    assert not list(reg.parent.glob(".~docgen-*.tmp"))
