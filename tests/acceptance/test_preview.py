"""`docgen pack preview`: real LibreOffice → PDF → PNG pictures and the README gallery."""

from __future__ import annotations

import struct
import subprocess
import sys

import pytest

from docgen.packtools.preview import END, GALLERY_FILE, START, preview_pack
from docgen.packtools.scaffold import TEMPLATE_ID, new_pack

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_preview_of_a_new_pack_fills_the_readme_gallery(tmp_path):
    project = new_pack("school", tmp_path / "school", title="Набор школы № 1")
    result = preview_pack(project)
    image = result.images[TEMPLATE_ID]
    assert image == project / "previews" / f"{TEMPLATE_ID}.png"
    width, height = png_size(image)
    assert 350 < width < 500 and abs(height / width - 297 / 210) < 0.02  # one A4 page, small
    assert image.stat().st_size < 200_000
    readme = (project / "README.md").read_text(encoding="utf-8")
    block = readme.split(START)[1].split(END)[0]
    assert f"![Справка об участии в программе наставничества](previews/{TEMPLATE_ID}.png)" in block
    assert "**Справка об участии в программе наставничества** · `school:spravka_mentor`" in block
    assert result.readme_updated
    gallery = (result.out_dir / GALLERY_FILE).read_text(encoding="utf-8")
    assert f"({TEMPLATE_ID}.png)" in gallery


def test_preview_cli_into_another_folder(tmp_path):
    project = new_pack("school", tmp_path / "school")
    out = tmp_path / "pictures"
    result = subprocess.run([sys.executable, "-m", "docgen", "pack", "preview", str(project), "-o", str(out)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert f"Картинок: 1 в папке {out}" in result.stdout
    assert (out / f"{TEMPLATE_ID}.png").is_file()
