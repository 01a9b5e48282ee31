"""The wheel ships the built-in pack: installed (not editable), docgen works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes


def test_wheel_contains_pack_and_runs_demo_elsewhere(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    wheel = next(wheels.glob("docgen_shkola-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for member in ["docgen/_builtin/schemas/registry.yaml", "docgen/_builtin/schemas/order_intro.yaml",
                   "docgen/_builtin/templates/order_intro.docx", "docgen/_builtin/templates/consent_parent.docx",
                   "docgen/_builtin/examples/registry.xlsx", "docgen/_builtin/pack.yaml",
                   "docgen/workbook/assets/registry_buttons.xlsm", "docgen/workbook/assets/vbaProject.bin",
                   "docgen/packtools/assets/base.docx", "docgen/_builtin/templates/order_intro.txt",
                   # the district's pack and its example district (issue 17)
                   "docgen/_municipal/pack.yaml", "docgen/_municipal/schemas/registry.yaml",
                   "docgen/_municipal/templates/district_monitoring_report.docx",
                   "docgen/_municipal/examples/registry.xlsx", "docgen/_municipal/examples/schools/school-001.xlsx",
                   "docgen/_municipal/previews/district_roadmap.png"]:
        assert member in names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "[docgen.packs]\nbuiltin = docgen.plugins.builtin" in zipfile.ZipFile(wheel).read(entry_points).decode()
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-m", "docgen", "demo", "-o", "X", "-q"], cwd=elsewhere,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout  # the installed copy ran, not the checkout
    assert len(list((elsewhere / "X").rglob("*.docx"))) > 100
    packs = subprocess.run([sys.executable, "-m", "docgen", "packs"], cwd=elsewhere, env=env,
                           capture_output=True, text=True, timeout=120)
    assert packs.returncode == 0 and "НЕ ПОДКЛЮЧЁН" not in packs.stdout
    assert "встроен в docgen" in packs.stdout and "order_intro" in packs.stdout
    assert "district_roadmap" in packs.stdout
    district = subprocess.run([sys.executable, "-m", "docgen", "demo", "--district", "-o", "D", "-q"], cwd=elsewhere,
                              env=env, capture_output=True, text=True, timeout=600)
    assert district.returncode == 0, district.stderr
    assert str(target) in district.stdout and "учтено реестров школ: 7" in district.stdout
    assert len(list((elsewhere / "D").rglob("*.docx"))) == 6
