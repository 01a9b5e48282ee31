"""The LibreOffice Calc extension (``.oxt``): a menu «Документы» with the actions of docgen.

The macro (:mod:`docgen.adapters.lo`, ``docgen_lo.py``) is copied in with the constants of
:mod:`docgen.actions` filled in, so the menu, the sheet names and the settings rows have one
source. The macro calls docgen out of process, with the interpreter given here (by default the
one running this code).
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from docgen import __version__
from docgen.errors import UsageError
from docgen.workbook.buttons import OXT_NAME
from docgen.workbook.generator import (
    ACTIONS,
    GENERATOR_SHEET,
    PROBLEM_HEADERS,
    PROBLEMS_SHEET,
    RESULT_CELL,
    RESULT_LABEL,
    SETTINGS,
    SETTINGS_ROW,
)

IDENTIFIER = "org.docgen.calc"
DISPLAY_NAME = "docgen — документы наставничества"
MENU_TITLE = "Документы"
MACRO_NAME = "docgen_lo.py"
MACRO_SOURCE = Path(__file__).parent / MACRO_NAME
CALC = "com.sun.star.sheet.SpreadsheetDocument"
_CONFIG_LINE = re.compile(r"^CONFIG = \{\}.*$", re.M)
_SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]+\.oxt$")


def script_url(oxt_name: str, function: str) -> str:
    """The macro URL of one menu item. LibreOffice finds an extension's Python scripts by the
    file name the .oxt had when it was installed, so the name is part of the URL."""
    return (f"vnd.sun.star.script:{oxt_name}|python|{MACRO_NAME}${function}"
            "?language=Python&location=user:uno_packages")


def macro_config(python: str | None) -> dict:
    """What the macro needs from docgen.actions (and the interpreter to call)."""
    return {
        "version": __version__,
        "python": python or "",
        "actions": [{"id": a.id, "caption": a.caption} for a in ACTIONS],
        "generator_sheet": GENERATOR_SHEET,
        "problems_sheet": PROBLEMS_SHEET,
        "settings_labels": [label for _, label in SETTINGS],
        "settings_row": SETTINGS_ROW,
        "result_cell": RESULT_CELL,
        "result_label": RESULT_LABEL,
        "problem_sheet_column": PROBLEM_HEADERS.index("Лист"),
        "problem_cell_column": PROBLEM_HEADERS.index("Ячейка"),
    }


def macro_source(python: str | None) -> str:
    """``docgen_lo.py`` with CONFIG filled in."""
    source = MACRO_SOURCE.read_text(encoding="utf-8")
    if len(_CONFIG_LINE.findall(source)) != 1:
        raise RuntimeError(f"{MACRO_SOURCE}: нет строки «CONFIG = {{}}» для настроек")
    missing = [a.id for a in ACTIONS if not re.search(rf"^def {a.id}\(", source, re.M)]
    if missing:
        raise RuntimeError(f"{MACRO_SOURCE}: нет функций для действий {', '.join(missing)}")
    config = repr(macro_config(python))  # a Python literal: str, int, list, dict only
    return _CONFIG_LINE.sub(lambda _m: f"CONFIG = {config}", source, count=1)


def _addons_xcu(oxt_name: str) -> str:
    def prop(name: str, value: str) -> str:
        return f'<prop oor:name="{name}" oor:type="xs:string"><value>{escape(value)}</value></prop>'

    items = "\n".join(
        f'     <node oor:name="m{i:02d}_{a.id}" oor:op="replace">'
        f'{prop("URL", script_url(oxt_name, a.id))}{prop("Title", a.caption)}'
        f'{prop("Target", "_self")}{prop("Context", CALC)}</node>'
        for i, a in enumerate(ACTIONS, start=1))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<oor:component-data xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
    oor:name="Addons" oor:package="org.openoffice.Office">
 <node oor:name="AddonUI">
  <node oor:name="OfficeMenuBar">
   <node oor:name="{IDENTIFIER}.menu" oor:op="replace">
    {prop("Title", MENU_TITLE)}
    {prop("Target", "_self")}
    {prop("Context", CALC)}
    <node oor:name="Submenu">
{items}
    </node>
   </node>
  </node>
 </node>
</oor:component-data>
"""


_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="http://openoffice.org/2001/manifest">
 <manifest:file-entry manifest:full-path="python" manifest:media-type="application/vnd.sun.star.framework-script"/>
 <manifest:file-entry manifest:full-path="Addons.xcu" manifest:media-type="application/vnd.sun.star.configuration-data"/>
</manifest:manifest>
"""


def _description_xml() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<description xmlns="http://openoffice.org/extensions/description/2006"
    xmlns:d="http://openoffice.org/extensions/description/2006"
    xmlns:l="http://libreoffice.org/extensions/description/2011"
    xmlns:xlink="http://www.w3.org/1999/xlink">
 <identifier value="{IDENTIFIER}"/>
 <version value={quoteattr(__version__)}/>
 <display-name>
  <name lang="ru">{escape(DISPLAY_NAME)}</name>
 </display-name>
 <publisher>
  <name lang="ru" xlink:href="https://github.com/">docgen</name>
 </publisher>
 <extension-description>
  <src lang="ru" xlink:href="description/description_ru.txt"/>
 </extension-description>
 <dependencies>
  <l:LibreOffice-minimal-version value="6.0" d:name="LibreOffice 6.0"/>
 </dependencies>
</description>
"""


def _description_text(python: str | None) -> str:
    items = "\n".join(f"• {a.caption} — {a.help}" for a in ACTIONS)
    return (f"Меню «{MENU_TITLE}» в LibreOffice Calc: документы целевой модели наставничества из книги-реестра "
            f"(.xlsx или .ods).\n\n{items}\n\nНастройки — на листе «{GENERATOR_SHEET}». "
            f"docgen запускается отдельным процессом: {python or 'python с установленным docgen'}.\n")


def build_oxt(target: Path, python: str | None = None) -> Path:
    """Write the extension to ``target`` (``…/docgen.oxt``) and return its path.

    ``python``: the interpreter where docgen is installed; the current one by default. Each user
    can override it with ``DOCGEN_PYTHON`` or ``~/.config/docgen/libreoffice.json``. Don't rename
    the file before installing it: the menu finds the macro by the extension's file name.
    """
    target = Path(target)
    if not _SAFE_NAME.match(target.name):
        raise UsageError(f"Имя файла расширения «{target.name}»: нужны латинские буквы, цифры, «.», «_», «-» "
                         "и окончание .oxt (например, docgen.oxt).")
    python = sys.executable if python is None else python
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("META-INF/manifest.xml", _MANIFEST)
        z.writestr("description.xml", _description_xml())
        z.writestr("description/description_ru.txt", _description_text(python))
        z.writestr("Addons.xcu", _addons_xcu(target.name))
        z.writestr(f"python/{MACRO_NAME}", macro_source(python))
    tmp.replace(target)
    return target


def build(out: str | Path = ".", *, python: str | None = None) -> Path:
    """The extension for `docgen oxt`: ``out`` is a folder (the file is always ``docgen.oxt``:
    LibreOffice finds the macros by that name) or a path ending in it."""
    out = Path(out)
    target = out if out.suffix.lower() == ".oxt" else out / OXT_NAME
    if target.name != OXT_NAME:
        raise UsageError(f"Расширение называется {OXT_NAME}: LibreOffice находит его макросы по этому имени. "
                         "Укажите папку или путь, оканчивающийся на docgen.oxt.")
    return build_oxt(target, python)
