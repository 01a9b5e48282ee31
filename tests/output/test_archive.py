"""docgen.output.archive: the .zip of a batch has private members, and a full disk while zipping
is a Russian error with no documents left."""

from __future__ import annotations

import errno
import os
import stat
import zipfile
from datetime import date

import pytest

from docgen import api
from docgen.errors import OutputError
from docgen.output import archive
from tests.helpers import EXAMPLE

AS_OF = date(2026, 11, 23)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_zip_members_are_private(tmp_path):
    result = api.make(["consent_tracking"], EXAMPLE, tmp_path / "out", as_of=AS_OF,
                      select=api.Selection.parse(where=["Класс=5А"]), outputs=api.Outputs(zip=True))
    with zipfile.ZipFile(result.archive) as z:
        modes = {stat.S_IMODE(i.external_attr >> 16) for i in z.infolist()}
    assert modes == {0o600}


def test_a_full_disk_while_zipping_is_a_russian_error(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(archive, "_write", full)
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="Не удаётся записать архив .zip: на диске закончилось место"):
        api.make(["consent_tracking"], EXAMPLE, out, as_of=AS_OF, outputs=api.Outputs(zip=True))
    assert not list(out.rglob("*.docx"))
