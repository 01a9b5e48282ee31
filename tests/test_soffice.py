"""docgen.soffice: finding LibreOffice (DOCGEN_SOFFICE, the program folder, PATH) and saying in
Russian what to install when it is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen import soffice
from docgen.errors import OutputError
from docgen.output.pdf import convert_to_pdf
from docgen.soffice import find_soffice
from tests.output.pdf_support import inputs


def test_missing_binary_from_setting_is_a_russian_error(tmp_path, monkeypatch):
    monkeypatch.setenv(soffice.ENV_VAR, str(tmp_path / "нет" / "soffice"))
    with pytest.raises(OutputError, match="DOCGEN_SOFFICE.*LibreOffice") as info:
        find_soffice()
    assert "ru.libreoffice.org" in str(info.value)
    docs = inputs(tmp_path, 1)
    with pytest.raises(OutputError, match="LibreOffice"):
        convert_to_pdf(docs, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_nothing_found_anywhere_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.delenv(soffice.ENV_VAR, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(soffice, "_known_locations", lambda: [tmp_path / "soffice.exe"])
    with pytest.raises(OutputError) as info:
        find_soffice()
    message = str(info.value)
    assert "нужна программа LibreOffice" in message and "libreoffice-writer" in message
    assert "PDF" in message and soffice.ENV_VAR in message


def test_setting_may_name_the_program_folder(tmp_path, monkeypatch):
    program = tmp_path / "LibreOffice" / "program"
    program.mkdir(parents=True)
    binary = program / "soffice"
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    monkeypatch.setenv(soffice.ENV_VAR, str(tmp_path / "LibreOffice"))
    assert find_soffice() == str(binary)


def test_found_on_path_without_setting(monkeypatch):
    monkeypatch.delenv(soffice.ENV_VAR, raising=False)
    found = find_soffice()
    assert Path(found).name in ("soffice", "libreoffice", "soffice.exe")
