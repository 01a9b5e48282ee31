"""Fixtures shared across the test tree: the example registry loaded once, the documents of
`docgen demo` made once per run, and the private temp folder and fake converters of the PDF
tests (tests/output/, tests/test_soffice.py, tests/acceptance/)."""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Callable

import pytest
from filelock import FileLock
from pypdf import PdfWriter

from docgen import api, soffice
from docgen.packtools.lint import lint_pack
from tests.helpers import AS_OF_DATE, ROOT, example_records, pinned_demo

# Parsed schemas are cached between runs (docgen.fsutil.cache): the tests keep theirs out of the
# user's cache folder, in one folder per user (content-addressed, so runs can share it).
os.environ.setdefault("DOCGEN_CACHE", str(Path(tempfile.gettempdir()) / f"docgen-test-cache-{os.getuid()}"))


@pytest.fixture(scope="module")
def reg():
    """The example registry, validated by docgen as of 23.11.2026 (loaded once per run)."""
    return example_records()


@pytest.fixture(scope="module")
def registry():
    """The same as ``reg``; files that need a registry *path* define their own ``registry``."""
    return example_records()


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Any]) -> Any:
    """``make(folder)`` once per test run, also when pytest-xdist runs the tests in several
    workers (scripts/check.sh): the first worker to ask makes it in a folder all workers see and
    leaves the result pickled beside it; the others wait for it and read it."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent  # the run's temp root, common to its workers
    with FileLock(str(shared / f"{name}.lock")):
        done = shared / f"{name}.pickle"
        if done.is_file():
            return pickle.loads(done.read_bytes())
        folder = shared / name
        folder.mkdir()
        value = make(folder)
        done.write_bytes(pickle.dumps(value))
        return value


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> api.MakeResult:
    """Every document `docgen demo` makes from the bundled example as of 23.11.2026, made once
    per run (golden hashes, the demo's own checks and the LibreOffice acceptance tests read it;
    none of them writes into it)."""
    return once_per_run(tmp_path_factory, "demo", lambda folder: pinned_demo(folder / "demo", AS_OF_DATE))


@pytest.fixture(scope="session")
def builtin_lint(tmp_path_factory):
    """``lint_pack(ROOT)``: the built-in pack linted and every template rendered from the
    example, once per run (tests/packtools/test_lint.py, tests/adapters/test_cli.py)."""
    return once_per_run(tmp_path_factory, "builtin_lint", lambda folder: lint_pack(ROOT))


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """Point tempfile at a folder of this test, to prove the work folder is removed and that
    no process still uses it (other soffice processes may run on the machine)."""
    work = tmp_path / "systmp"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    return work


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    """Install a shell script as the converter; returns a function taking the script body."""
    def install(body: str) -> Path:
        script = tmp_path / "fake-soffice.sh"
        script.write_text("#!/bin/sh\n" + body)
        script.chmod(0o755)
        monkeypatch.setenv(soffice.ENV_VAR, str(script))
        return script
    return install


@pytest.fixture
def tiny_pdf(tmp_path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "template.pdf"
    with open(path, "wb") as f:
        writer.write(f)
    return path
