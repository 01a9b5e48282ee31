"""Installed packs, end to end: real `pip install` of the example district pack and of a pack
made by `docgen pack new`, then docgen run as a user runs it (a new process)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.helpers import AS_OF, EXAMPLE, ROOT, docx_text, soffice_pdf_texts

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes

ENSK = ROOT / "examples" / "packs" / "ensk"


def pip_install(project: Path, target: Path) -> None:
    """Install a pack project with pip into ``target`` (offline: hatchling from the test env)."""
    result = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                             "--target", str(target), str(project)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr


def docgen(site: Path | None, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site) if site else ""}
    env.pop("DOCGEN_PACKS", None)
    return subprocess.run([sys.executable, "-m", "docgen", *args], capture_output=True, text=True,
                          timeout=600, env=env, cwd=cwd)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    pip_install(ENSK, target)
    return target


def registry_with_code(tmp_path: Path, code: str) -> Path:
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Организация"]
    row = ws.max_row + 1
    ws.cell(row, 1, "Код школы в районе")
    ws.cell(row, 2, code)
    path = tmp_path / "реестр.xlsx"
    wb.save(path)
    return path


def test_installed_pack_is_listed_with_version_origin_and_extensions(site):
    result = docgen(site, "packs", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    ensk = next(p for p in data["packs"] if p["name"] == "ensk")
    assert ensk["version"] == "1.0.0" and ensk["error"] == ""
    assert ensk["origin"] == "пакет Python docgen-pack-ensk 1.0.0"
    assert ensk["templates"] == ["ensk:order_intro", "ensk:report_municipal"]
    assert ensk["requires"] == ">=0.1,<0.2" and ensk["license"] == "CC-BY-4.0"
    assert data["packs"][0]["name"] == "builtin"
    assert "ensk_opis" in data["writers"] and data["warnings"] == []
    listed = json.loads(docgen(site, "list", "--json").stdout)
    assert {"ensk:order_intro", "ensk:report_municipal", "order_intro"} <= {t["id"] for t in listed}


def test_the_district_pack_passes_its_own_tests(site):
    env = {**os.environ, "PYTHONPATH": str(site)}
    own = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ENSK / "tests")],
                         capture_output=True, text=True, timeout=600, cwd=ENSK, env=env)
    assert own.returncode == 0, own.stdout + own.stderr
    assert "5 passed" in own.stdout


def test_not_installed_means_not_listed():
    assert "ensk" not in docgen(None, "packs").stdout


def test_district_pack_end_to_end(site, tmp_path):
    """Variant order on the district letterhead, the extra report with the plugin's filter, the
    plugin's field type in the registry and its output writer — opened by LibreOffice."""
    registry = registry_with_code(tmp_path, "эр 17")
    out = tmp_path / "out"
    result = docgen(site, "make", "ensk:order_intro", "ensk:report_municipal", "-r", str(registry), "-o", str(out),
                    "--draft", "--writer", "ensk_opis", "--as-of", AS_OF, "-q")
    assert result.returncode == 0, result.stderr
    assert "вывод расширения: Опись для управления образования.csv" in result.stdout
    docs = sorted(out.rglob("*.docx"))
    assert len(docs) == 2
    texts = soffice_pdf_texts(docs)
    order = next(t for p, t in texts.items() if p.parent.name == "Приказы")
    report = next(t for p, t in texts.items() if p.parent.name == "Отчёты району")
    assert "АДМИНИСТРАЦИЯ ЭНСКОГО РАЙОНА" in order and "(код в районе ЭР-017)" in order and "ПРИКАЗЫВАЮ" in order
    flat = " ".join(report.split())
    assert "ЭР-017" in flat
    wb = openpyxl.load_workbook(EXAMPLE, read_only=True)
    mentors = wb["Наставники"].max_row - 1
    assert f"Наставников в реестре {mentors}" in flat
    assert "из 177 (" in flat and "%)" in flat  # the share filter: «160 из 177 (90 %)»
    for text in texts.values():
        assert "{{" not in text and "{%" not in text and "None" not in text
    with open(out / "Опись для управления образования.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[0] == ["№ п/п", "Наименование документа", "Файл", "Строка реестра"]
    assert sorted(r[2] for r in rows[1:]) == sorted(p.relative_to(out).as_posix() for p in docs)


def test_an_installed_pack_replaces_the_builtin_copy_of_an_id(site, tmp_path):
    """Priority folder > installed > built-in: with ensk installed, «order_intro» is the
    district's letterhead order; the built-in one stays reachable as builtin:order_intro."""
    result = docgen(site, "make", "order_intro", "-r", str(EXAMPLE), "-o", str(tmp_path / "o"), "--reprint", "-q")
    assert result.returncode == 0, result.stderr
    made = next((tmp_path / "o").rglob("*.docx"))
    assert "АДМИНИСТРАЦИЯ ЭНСКОГО РАЙОНА" in docx_text(made)
    builtin = docgen(site, "make", "builtin:order_intro", "-r", str(EXAMPLE), "-o", str(tmp_path / "b"),
                     "--reprint", "-q")
    assert builtin.returncode == 0 and "ЭНСКОГО" not in docx_text(next((tmp_path / "b").rglob("*.docx")))
    listed = docgen(site, "list").stdout
    assert "используется вместо order_intro" in listed and "не используется по коду «order_intro»" in listed


def test_plugin_field_type_reports_a_bad_cell(site, tmp_path):
    registry = registry_with_code(tmp_path, "ЭР-0")
    result = docgen(site, "check", str(registry), "--as-of", AS_OF)
    assert result.returncode == 1
    row = openpyxl.load_workbook(registry)["Организация"].max_row
    assert f"Организация!B{row}" in result.stdout
    assert "Код школы в районе пишется как ЭР-017" in result.stdout
    assert docgen(None, "check", str(registry), "--as-of", AS_OF).returncode == 0  # unknown row: ignored


def test_blank_registry_has_the_pack_column(site, tmp_path):
    assert docgen(site, "init", str(tmp_path / "r.xlsx")).returncode == 0
    params = [c.value for c in openpyxl.load_workbook(tmp_path / "r.xlsx")["Организация"]["A"]]
    assert "Код школы в районе" in params


def test_unknown_writer_is_a_usage_error(site, tmp_path):
    result = docgen(site, "make", "consent_tracking", "-r", str(EXAMPLE), "-o", str(tmp_path / "o"),
                    "--writer", "fax")
    assert result.returncode == 2 and "Вывода «fax» нет. Доступные выводы: ensk_opis" in result.stderr


def test_folder_copy_replaces_the_installed_pack_of_that_name(site, tmp_path):
    import shutil

    copy = tmp_path / "ensk-dev"
    shutil.copytree(ENSK / "docgen_pack_ensk", copy)
    text = (copy / "pack.yaml").read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.1.0-dev")
    (copy / "pack.yaml").write_text(text, encoding="utf-8")
    data = json.loads(docgen(site, "packs", "--json", "--pack", str(copy)).stdout)
    versions = {(p["version"], p["error"].split(" ")[0] if p["error"] else "") for p in data["packs"] if p["name"] == "ensk"}
    assert versions == {("1.1.0-dev", ""), ("1.0.0", "заменён")}


def write_dist(site: Path, name: str, module_code: str, version: str = "1.0") -> None:
    """An installed distribution as importlib.metadata sees it (dist-info with an entry point)."""
    dist = site / f"{name}-{version}.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(f"[docgen.packs]\n{name} = {name}_mod\n", encoding="utf-8")
    (site / f"{name}_mod.py").write_text(module_code, encoding="utf-8")


def test_broken_or_incompatible_installed_packs_do_not_break_docgen(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    write_dist(site, "broken", "raise ImportError('нет модуля xyz')\n")
    old = tmp_path / "old_pack"
    (old / "templates").mkdir(parents=True)
    (old / "schemas").mkdir()
    (old / "pack.yaml").write_text("name: old\nversion: 0.5\ntitle: Старый\ndocgen: '<0.1'\n", encoding="utf-8")
    write_dist(site, "old", "from pathlib import Path\nfrom docgen import hookimpl\n"
                            f"@hookimpl\ndef register_packs():\n    return [Path({str(old)!r})]\n")
    write_dist(site, "clash", "from docgen import hookimpl\n"
                              "@hookimpl\ndef register_filters():\n    return {'fio': str.upper}\n")
    result = docgen(site, "packs")
    assert result.returncode == 0, result.stderr
    assert "НЕ ПОДКЛЮЧЁН: модуль не загружается (ImportError: нет модуля xyz)" in result.stdout
    assert "НЕ ПОДКЛЮЧЁН: набор рассчитан на docgen <0.1, а установлен docgen 0.1.0" in result.stdout
    assert "внимание: Расширение «clash»: фильтр «fio» уже есть — пропущен." in result.stdout
    made = docgen(site, "make", "order_intro", "-r", str(EXAMPLE), "-o", str(tmp_path / "o"), "--reprint", "-q")
    assert made.returncode == 0, made.stderr  # the built-in pack works, its fio filter untouched


def test_scaffolded_pack_installs_lists_renders_and_passes_its_own_tests(tmp_path):
    project = tmp_path / "school_pack"
    created = docgen(None, "pack", "new", "school", "--dir", str(project), "--title", "Набор школы № 1")
    assert created.returncode == 0, created.stderr
    assert (project / "pyproject.toml").is_file() and (project / "tests" / "test_pack.py").is_file()
    site = tmp_path / "site"
    pip_install(project, site)
    listed = docgen(site, "packs")
    assert "school 0.1.0 — Набор школы № 1" in listed.stdout and "пакет Python docgen-pack-school 0.1.0" in listed.stdout
    made = docgen(site, "make", "school:spravka_mentor", "-r", str(EXAMPLE), "-o", str(tmp_path / "o"),
                  "--person", "Абрамов Даниил", "-q")
    assert made.returncode == 0, made.stderr
    assert len(list((tmp_path / "o").rglob("*.docx"))) == 1
    own = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(project / "tests")],
                         capture_output=True, text=True, timeout=600, cwd=project)
    assert own.returncode == 0, own.stdout + own.stderr
    assert "3 passed" in own.stdout  # lint, projections current, documents made
