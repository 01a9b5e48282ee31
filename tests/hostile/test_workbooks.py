"""The hostile corpus (tests/hostile/cases.py) in-process: every case through docgen.api.check
and docgen.api.make with the arguments `docgen check` and `docgen make` pass (cases.CHECK,
cases.MAKE). What a user would read is what the CLI prints for the same outcome: the
DocgenError's message (``Ошибка: …``, or the list of registry problems) and its exit code; an
exception that is not a DocgenError fails the test, as it would be an internal error of docgen.
A few cases also run as real processes, with their peak memory measured, in
tests/acceptance/test_hostile.py."""

from __future__ import annotations

import resource
import time
from pathlib import Path
from typing import Callable

import pytest

from docgen import api
from docgen.errors import DocgenError, RegistryInvalid
from tests.helpers import AS_OF_DATE
from tests.hostile import builders as b
from tests.hostile.cases import CHECK, MAKE, Case, Run, assert_case, params

pytestmark = pytest.mark.slow  # a corpus of hostile workbooks, each read and checked: ~10 s (the fast command stays under a minute; CI runs it)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _call(args: tuple[str, ...], registry: Path, out: Path, call: Callable[[], str]) -> Run:
    """Run ``call`` (it returns the text of a success) as the CLI would: a DocgenError becomes
    its message and exit code. ``max_rss_mb``: how far the call raised the peak RSS of this
    process (a coarse guard; the real processes in acceptance are measured exactly)."""
    shown = [a.format(registry=registry, out=out) for a in args]
    peak, began = _peak_mb(), time.perf_counter()
    try:
        code, text = 0, call()
    except RegistryInvalid as exc:
        code, text = exc.exit_code, str(exc)
    except DocgenError as exc:
        code, text = exc.exit_code, f"Ошибка: {exc}"
    return Run(shown, code, "", text, _peak_mb() - peak, time.perf_counter() - began)


def check(registry: Path) -> str:
    problems = api.check(registry, as_of=AS_OF_DATE)
    if problems:
        raise RegistryInvalid(problems)  # `docgen check` prints exactly this and exits 1
    return f"Реестр {registry.name} проверен: проблем нет."


def make(registry: Path, out: Path) -> str:
    result = api.make(["consent_parent", "order_intro"], registry, out, as_of=AS_OF_DATE,
                      select=api.Selection.parse(), orders=api.OrderOptions(register=False))  # --reprint
    return f"Готово: {len(result.files)} док."


def in_process(registry: Path, out: Path) -> tuple[Run, Run]:
    return (_call(CHECK, registry, out, lambda: check(registry)),
            _call(MAKE, registry, out, lambda: make(registry, out)))


@pytest.mark.parametrize("case", params())
def test_hostile_workbook(case: Case, tmp_path: Path):
    assert_case(case, tmp_path, in_process)


def test_really_password_protected(tmp_path):
    pytest.importorskip("msoffcrypto")
    case = Case("real-password", b.real_encrypted, (1,), says=("защищён паролем",))
    assert_case(case, tmp_path, in_process)
