"""docgen.fsutil.guard: the backups of the user's workbook are private, even in an open folder."""

from __future__ import annotations

import os
import shutil
import stat
from datetime import date

import pytest

from docgen import api
from tests.helpers import EXAMPLE

AS_OF = date(2026, 11, 23)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_backups_are_private_even_in_an_open_folder(tmp_path):
    reg = tmp_path / "реестр.xlsx"
    shutil.copy(EXAMPLE, reg)
    os.chmod(reg, 0o644)
    backups = tmp_path / "docgen-резервные-копии"
    backups.mkdir(mode=0o755)
    api.make(["order_intro"], reg, tmp_path / "out", as_of=AS_OF)
    copies = list(backups.iterdir())
    assert copies and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in copies)
