"""`docgen pack new`: what it writes, and what it refuses to overwrite."""

from __future__ import annotations

import pytest
import tomllib

from docgen import __version__
from docgen.errors import UsageError
from docgen.packtools.scaffold import TEMPLATE_ID, new_pack
from docgen.plugins import catalog as packs
from tests.helpers import CliRun, run_cli


def test_project_layout_and_metadata(tmp_path):
    root = new_pack("ensk_school", tmp_path / "p", title="Набор школы", author="Школа № 1")
    package = root / "docgen_pack_ensk_school"
    meta = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["name"] == "docgen-pack-ensk-school"
    assert meta["project"]["entry-points"]["docgen.packs"] == {"ensk_school": "docgen_pack_ensk_school"}
    major, minor = __version__.split(".")[:2]
    assert meta["project"]["dependencies"] == [f"docgen-shkola>={major}.{minor},<{major}.{int(minor) + 1}"]
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


# --------------------------------------------------------------------------- the base document, docgen pack add


def test_base_document_has_the_gost_page_setup():
    """ГОСТ Р 7.0.97 as the built-in templates use it: A4, margins 30/10/20/20 mm, Times New Roman
    14 pt, single spacing, nothing after paragraphs, «Table Grid» at 12 pt."""
    from docx import Document
    from docx.shared import Pt

    from docgen.packtools.scaffold import BASE_DOCX

    doc = Document(str(BASE_DOCX))
    s = doc.sections[0]
    mm = [round(x.mm, 1) for x in (s.page_width, s.page_height, s.left_margin, s.right_margin, s.top_margin,
                                   s.bottom_margin)]
    assert mm == [210, 297, 30, 10, 20, 20]
    normal = doc.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))
    fmt = normal.paragraph_format
    assert (fmt.space_before, fmt.space_after, fmt.line_spacing) == (Pt(0), Pt(0), 1.0)
    grid = doc.styles["Table Grid"]
    assert (grid.font.name, grid.font.size) == ("Times New Roman", Pt(12))
    assert doc.core_properties.author == "docgen"


def test_new_packs_template_starts_from_the_base(tmp_path):
    from docgen.packtools.projection import project
    from docgen.packtools.scaffold import BASE_DOCX

    package = new_pack("school", tmp_path / "p") / "docgen_pack_school"
    template = package / "templates" / f"{TEMPLATE_ID}.docx"

    def setup(text: str) -> list[str]:
        lines = text.splitlines()
        return lines[:lines.index(next(x for x in lines if x.startswith("== section"))) + 1]

    assert setup(project(template)) == setup(project(BASE_DOCX))
    assert (package / "templates" / f"{TEMPLATE_ID}.txt").read_text(encoding="utf-8") == project(template)


def test_pack_add_makes_a_template_that_lints_clean(tmp_path):
    from docgen.packtools.lint import lint_pack
    from docgen.packtools.projection import update_projections
    from docgen.packtools.scaffold import add_template

    project_dir = new_pack("school", tmp_path / "p")
    added = add_template(project_dir, "spravka_uchitelyu", title="Справка: учителю")
    package = project_dir / "docgen_pack_school"
    assert added.docx == package / "templates" / "spravka_uchitelyu.docx"
    assert added.schema == package / "schemas" / "spravka_uchitelyu.yaml"
    assert "Справка: учителю" in added.projection.read_text(encoding="utf-8")
    report = lint_pack(project_dir)
    assert [str(p) for p in report.problems] == []
    assert report.rendered["spravka_uchitelyu"] == 1
    assert update_projections(project_dir, check=True).changes == []


@pytest.mark.parametrize("template_id, expected", [
    (TEMPLATE_ID, "уже есть шаблон"), ("Справка", "латиницей"), ("registry", "схема реестра"),
])
def test_pack_add_refuses(tmp_path, template_id, expected):
    from docgen.packtools.scaffold import add_template

    package = new_pack("school", tmp_path / "p") / "docgen_pack_school"
    before = {p: p.read_bytes() for p in package.rglob("*") if p.is_file()}
    with pytest.raises(UsageError, match=expected):
        add_template(package, template_id)
    assert {p: p.read_bytes() for p in package.rglob("*") if p.is_file()} == before


def test_pack_add_refuses_a_folder_that_is_not_a_pack(tmp_path):
    from docgen.packtools.scaffold import add_template

    with pytest.raises(UsageError, match="не набор шаблонов"):
        add_template(tmp_path, "spravka")


def test_pack_add_from_the_command_line(tmp_path, monkeypatch):
    new_pack("school", tmp_path / "school")
    monkeypatch.chdir(tmp_path)  # the pack folder is named as a user in tmp_path would name it

    def docgen(*args: str) -> CliRun:
        return run_cli("pack", "add", *args)

    result = docgen("pamyatka", "school", "--title", "Памятка")
    assert result.returncode == 0, result.stderr
    assert "добавлен шаблон «pamyatka»" in result.stdout and "docgen pack text school" in result.stdout
    again = docgen("pamyatka", "school")
    assert again.returncode == 2 and "уже есть шаблон «pamyatka»" in again.stderr
