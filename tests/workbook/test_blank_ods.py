"""`docgen init реестр.ods`: the headers stay frozen (as in .xlsx, and as the README says), and the
command says what an .ods registry cannot do (new orders only through the Calc menu)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docgen import api
from docgen.errors import RegistryError

DRIVER = Path(__file__).resolve().parent.parent / "acceptance" / "lo_driver.py"
SYSTEM_PYTHON = "/usr/bin/python3"


def _lo_ready() -> bool:
    if not shutil.which("soffice") or not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not _lo_ready(), reason="needs LibreOffice and Debian's python3-uno")
def test_init_ods_keeps_the_headers_frozen(tmp_path):
    done = subprocess.run([sys.executable, "-m", "docgen", "init", str(tmp_path / "реестр.ods")], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "новые приказы в журнал «Приказы» записывает только меню «Документы»" in done.stdout
    job = {"workbook": str(tmp_path / "реестр.ods"), "profile": str(tmp_path / "profile"), "read_frozen": True}
    seen = subprocess.run([SYSTEM_PYTHON, str(DRIVER), json.dumps(job, ensure_ascii=False)], capture_output=True,
                          text=True, timeout=300)
    assert seen.returncode == 0, seen.stderr[-2000:]
    frozen = json.loads(seen.stdout.strip().splitlines()[-1])["frozen"]
    assert frozen["Наставляемые"] and frozen["Приказы"] and frozen["Организация"]
    assert not frozen["Инструкция"]


def test_a_new_order_into_an_ods_registry_says_what_to_do(tmp_path):
    registry = tmp_path / "реестр.ods"
    registry.write_bytes(b"")  # the format decides before the file is read
    with pytest.raises(RegistryError, match="меню «Документы»") as caught:
        api.make(["order_intro"], registry, tmp_path / "out")
    assert caught.value.exit_code == 1
