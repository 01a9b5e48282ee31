"""`docgen pack new`: what it writes, and what it refuses to overwrite."""

from __future__ import annotations

import pytest
import tomllib

from docgen import __version__
from docgen.errors import UsageError
from docgen.packtools.scaffold import TEMPLATE_ID, new_pack
from docgen.plugins import catalog as packs


def test_project_layout_and_metadata(tmp_path):
    root = new_pack("ensk_school", tmp_path / "p", title="Набор школы", author="Школа № 1")
    package = root / "docgen_pack_ensk_school"
    meta = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["name"] == "docgen-pack-ensk-school"
    assert meta["project"]["entry-points"]["docgen.packs"] == {"ensk_school": "docgen_pack_ensk_school"}
    major, minor = __version__.split(".")[:2]
    assert meta["project"]["dependencies"] == [f"docgen>={major}.{minor},<{major}.{int(minor) + 1}"]
    pack = packs.read_pack(package, origin="test", trusted=False)
    assert (pack.name, pack.title, pack.author, pack.version) == ("ensk_school", "Набор школы", "Школа № 1", "0.1.0")
    assert packs.check_version(pack, __version__) == ""
    assert (package / "templates" / f"{TEMPLATE_ID}.docx").stat().st_size > 0
    assert "<!-- docgen:gallery -->" in (root / "README.md").read_text(encoding="utf-8")
    assert "from docgen import hookimpl" in (package / "__init__.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("name, expected", [
    ("Школа", "латиницей"), ("9lives", "латиницей"), ("my-pack", "латиницей"), ("builtin", "занято"),
])
def test_bad_names(tmp_path, name, expected):
    with pytest.raises(UsageError, match=expected):
        new_pack(name, tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_never_writes_into_a_folder_with_files(tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "мой шаблон.docx").write_bytes(b"keep")
    with pytest.raises(UsageError, match="уже есть и не пуста"):
        new_pack("school", tmp_path / "p")
    assert (tmp_path / "p" / "мой шаблон.docx").read_bytes() == b"keep"
    assert new_pack("school", tmp_path / "empty") == tmp_path / "empty"  # a new or empty folder is fine
