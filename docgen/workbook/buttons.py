"""The macro-enabled registry (.xlsm): the registry workbook plus the Excel buttons.

The buttons and the VBA project are prebuilt assets (``docgen/workbook/assets/registry_buttons.xlsm``
and its ``vbaProject.bin``, made by ``scripts/build_xlsm_assets.py``): openpyxl copies the VBA
project and the button drawing of the «Генератор» sheet from the asset into the new workbook
(``Workbook.vba_archive``), so `docgen init реестр.xlsm` needs neither Excel nor LibreOffice.
Each button runs one Sub of the module «Docgen»; each Sub hands its action to Python
(:func:`docgen.adapters.excel.run_action`) — the VBA holds no logic.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import SchemaError
from docgen.workbook.generator import GENERATOR_SHEET
from docgen.workbook.save import save_workbook

if TYPE_CHECKING:
    from openpyxl import Workbook

ASSETS = Path(__file__).resolve().parent / "assets"
BUTTONS = ASSETS / "registry_buttons.xlsm"
VBA_MODULE = "Docgen"
BUTTON_COLUMN = "D"  # buttons stand right of the settings and their hints
# The docgen LibreOffice extension's script for an action (ACTION is replaced by the action id);
# the extension must keep the file name `docgen oxt` gives it (LibreOffice puts it in the URL).
OXT_NAME = "docgen.oxt"
LO_SCRIPT = ("vnd.sun.star.script:docgen.oxt|python|docgen_lo.py$ACTION"
             "?language=Python&location=user:uno_packages")


def macro_name(action_id: str) -> str:
    """«generate_selected» → «Docgen_Generate_Selected»: the Sub a button runs."""
    return "Docgen_" + "_".join(part.capitalize() for part in action_id.split("_"))


def save_with_buttons(wb: Workbook, path: Path) -> None:
    """Save ``wb`` as .xlsm with the VBA project and the buttons on «Генератор»."""
    if not BUTTONS.is_file():
        raise SchemaError("Заготовка кнопок для Excel не найдена: пакет docgen установлен не полностью.")
    archive = zipfile.ZipFile(BUTTONS)
    vml = [n for n in archive.namelist() if n.startswith("xl/drawings/vmlDrawing")]
    if GENERATOR_SHEET not in wb.sheetnames or not vml:
        raise SchemaError("Заготовка кнопок для Excel повреждена или в книге нет листа «Генератор».")
    wb.vba_archive = archive
    wb.code_name = "ThisWorkbook"
    for i, ws in enumerate(wb.worksheets, 1):
        ws.sheet_properties.codeName = f"Sheet{i}"
    generator = wb[GENERATOR_SHEET]
    generator.legacy_drawing = vml[0]
    # The project's document module for the sheet with the buttons is «Sheet1».
    generator.sheet_properties.codeName = "Sheet1"
    wb.worksheets[0].sheet_properties.codeName = f"Sheet{wb.worksheets.index(generator) + 1}"
    save_workbook(wb, path, overwrite=False)
