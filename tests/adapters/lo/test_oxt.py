"""docgen.adapters.lo.oxt: the LibreOffice Calc extension's .oxt, its descriptors and macro.

Real clicks on its menu in a headless LibreOffice are in tests/acceptance/test_lo_extension.py.
"""

from __future__ import annotations

import ast
import re
import sys
import zipfile
from xml.etree import ElementTree

import pytest

from docgen import __version__
from docgen.adapters.lo import oxt
from docgen.adapters.lo.oxt import MACRO_SOURCE, build_oxt, macro_config, script_url
from docgen.workbook.generator import (
    ACTIONS,
    RESULT_CELL,
)
from tests.helpers import run_cli

OOR = "{http://openoffice.org/2001/registry}"
MANIFEST = "{http://openoffice.org/2001/manifest}"


# ---------------------------------------------------------------- the .oxt itself

def test_oxt_structure(tmp_path):
    oxt = build_oxt(tmp_path / "docgen.oxt", python="/opt/docgen/bin/python")
    z = zipfile.ZipFile(oxt)
    assert z.testzip() is None
    assert set(z.namelist()) == {"META-INF/manifest.xml", "description.xml", "description/description_ru.txt",
                                 "Addons.xcu", "python/docgen_lo.py"}

    manifest = ElementTree.fromstring(z.read("META-INF/manifest.xml"))
    entries = {e.get(f"{MANIFEST}full-path"): e.get(f"{MANIFEST}media-type") for e in manifest}
    assert entries == {"python": "application/vnd.sun.star.framework-script",
                       "Addons.xcu": "application/vnd.sun.star.configuration-data"}

    description = z.read("description.xml").decode()
    ElementTree.fromstring(description)
    assert '<identifier value="org.docgen.calc"/>' in description
    assert f'<version value="{__version__}"/>' in description
    assert "docgen — документы наставничества" in description

    addons = ElementTree.fromstring(z.read("Addons.xcu"))
    menu = addons.find(f"node[@{OOR}name='AddonUI']/node[@{OOR}name='OfficeMenuBar']/node")
    props = {p.get(f"{OOR}name"): p.findtext("value") for p in menu.findall("prop")}
    assert props["Title"] == "Документы" and props["Context"] == "com.sun.star.sheet.SpreadsheetDocument"
    items = []
    for node in menu.find("node").findall("node"):
        item = {p.get(f"{OOR}name"): p.findtext("value") for p in node.findall("prop")}
        items.append((item["Title"], item["URL"], item["Context"]))
    assert items == [(a.caption, script_url("docgen.oxt", a.id), "com.sun.star.sheet.SpreadsheetDocument")
                     for a in ACTIONS]
    assert script_url("docgen.oxt", "check") == ("vnd.sun.star.script:docgen.oxt|python|docgen_lo.py$check"
                                                 "?language=Python&location=user:uno_packages")

    macro = z.read("python/docgen_lo.py").decode("utf-8")
    tree = ast.parse(macro)
    ast.parse(macro, feature_version=(3, 8))  # LibreOffice 7.x for Windows bundles Python 3.8
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported - set(sys.stdlib_module_names) == {"uno"}
    # the constants of docgen.workbook.generator, filled in at build time
    config = next(ast.literal_eval(n.value) for n in tree.body
                  if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "CONFIG")
    assert config == macro_config("/opt/docgen/bin/python")
    assert config["python"] == "/opt/docgen/bin/python" and config["result_cell"] == RESULT_CELL
    assert [a["caption"] for a in config["actions"]] == [a.caption for a in ACTIONS]
    # LibreOffice lists and runs the functions named in g_exportedScripts: one per action
    exported = next(n.value for n in tree.body
                    if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "g_exportedScripts")
    assert [e.id for e in exported.elts] == [a.id for a in ACTIONS]
    # the repository's copy stays unfilled: the .oxt is the only place with a baked interpreter
    assert re.search(r"^CONFIG = \{\}", MACRO_SOURCE.read_text(encoding="utf-8"), re.M)


def test_oxt_defaults_and_name(tmp_path):
    oxt = build_oxt(tmp_path / "sub" / "docgen-lo_1.oxt")
    macro = zipfile.ZipFile(oxt).read("python/docgen_lo.py").decode("utf-8")
    assert f"'python': {sys.executable!r}" in macro
    assert "docgen-lo_1.oxt|python|docgen_lo.py$generate?" in zipfile.ZipFile(oxt).read("Addons.xcu").decode()
    from docgen.errors import UsageError

    for bad in ("документы.oxt", "docgen.zip", "doc gen.oxt"):
        with pytest.raises(UsageError):
            build_oxt(tmp_path / bad)


def test_cli_writes_docgen_oxt_and_refuses_other_names(tmp_path):
    from docgen.errors import UsageError

    assert oxt.build(tmp_path) == tmp_path / "docgen.oxt"
    assert oxt.build(tmp_path / "x" / "docgen.oxt").is_file()
    with pytest.raises(UsageError, match="Расширение называется docgen.oxt"):
        oxt.build(tmp_path / "calc.oxt")
    result = run_cli("oxt", "-o", str(tmp_path / "cli"))
    assert result.returncode == 0 and (tmp_path / "cli" / "docgen.oxt").is_file()
    assert "меню «Документы»" in result.stdout
