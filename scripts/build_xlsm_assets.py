"""Build the Excel button assets: docgen/workbook/assets/vbaProject.bin and docgen/workbook/assets/registry_buttons.xlsm.

Run rarely (when the list of actions changes), on a machine with LibreOffice and Debian's
python3-uno, and commit the two files:

    /tmp/venv/bin/pip install xlsxwriter xlwings
    /tmp/venv/bin/python scripts/build_xlsm_assets.py

Why this way (see ../shared/MACROS.md §1.3): VBA text can be written into a vbaProject.bin on
Linux only by LibreOffice's VBA exporter. The project starts from xlwings' own quickstart.xlsm
(so it has the ThisWorkbook/Sheet1 document modules Excel expects); its sample Module1 is
removed and one module «Docgen» is added, generated from docgen.generator.ACTIONS: one Sub per
action, each a single line handing the action to Python through the xlwings add-in
(`Application.Run "xlwings.xlam!RunPython"`, late-bound, so it also compiles in LibreOffice,
where the same Sub calls the docgen Calc extension instead). XlsxWriter then makes a one-sheet
workbook «Генератор» with a form button per action bound to those Subs; `docgen init
реестр.xlsm` copies the project and the buttons from it (docgen/xlsm.py).
Whether Excel accepts a LibreOffice-written vbaProject.bin is unverified here (no Excel).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "docgen" / "workbook" / "assets"
sys.path.insert(0, str(ROOT))


def vba_module() -> str:
    from docgen.workbook.generator import ACTIONS
    from docgen.workbook.buttons import LO_SCRIPT, VBA_MODULE, macro_name

    lines = [
        "' docgen: buttons of the sheet Generator. Made by scripts/build_xlsm_assets.py; do not edit.",
        "' All the work is done in Python (docgen.adapters.excel); this only calls it.",
        "",
    ]
    for action in ACTIONS:
        lines += [f"Sub {macro_name(action.id)}()", f'    DocgenRun "{action.id}"', "End Sub", ""]
    lines += [
        "Private Sub DocgenRun(action As String)",
        "    If IsObject(ThisComponent) Then",
        "        ' LibreOffice Calc: the docgen extension (docgen oxt) does the same",
        f'        ThisComponent.getScriptProvider().getScript("{LO_SCRIPT}".Replace("ACTION", action)) _',
        "            .invoke(Array(), Array(), Array())",
        "        Exit Sub",
        "    End If",
        '    Application.Run "xlwings.xlam!RunPython", _',
        "        \"import docgen.adapters.excel as d; d.run_action('\" & action & \"')\"",
        "End Sub",
        "",
    ]
    text = "\n".join(lines)
    # VBA has no String.Replace: build the URL by concatenation instead.
    before, _, after = LO_SCRIPT.partition("ACTION")
    text = text.replace(f'"{LO_SCRIPT}".Replace("ACTION", action)', f'"{before}" & action & "{after}"')
    assert VBA_MODULE
    return text


UNO_PART = r'''
import json, subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue
from com.sun.star.script import ModuleInfo

args = json.loads(sys.argv[1])
def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p
proc = subprocess.Popen(["soffice", "-env:UserInstallation=" + args["profile"], "--headless", "--invisible",
                         "--norestore", "--nologo", "--nodefault", "--accept=pipe,name=docgenvba;urp;"])
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(100):
        try:
            ctx = resolver.resolve("uno:pipe,name=docgenvba;urp;StarOffice.ComponentContext"); break
        except Exception:
            time.sleep(0.2)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(args["template"]), "_blank", 0, (prop("Hidden", True),))
    lib = doc.BasicLibraries.getByName("VBAProject")
    for name in list(lib.getElementNames()):
        if name.lower().startswith("module"):
            lib.removeByName(name)
            if lib.hasModuleInfo(name):
                lib.removeModuleInfo(name)
    info = ModuleInfo(); info.ModuleType = 1  # com.sun.star.script.ModuleType.NORMAL
    lib.insertModuleInfo(args["module"], info)
    lib.insertByName(args["module"], args["source"])
    doc.storeToURL(uno.systemPathToFileUrl(args["out"]), (prop("FilterName", "Calc MS Excel 2007 VBA XML"),))
    doc.close(True)
finally:
    proc.terminate()
    try:
        proc.wait(20)
    except Exception:
        proc.kill()
'''


def build_vba_project(target: Path) -> None:
    import zipfile

    import xlwings

    template = Path(xlwings.__file__).parent / "quickstart.xlsm"
    from docgen.workbook.buttons import VBA_MODULE

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.xlsm"
        args = {"profile": (Path(tmp) / "profile").as_uri(), "template": str(template), "out": str(out),
                "module": VBA_MODULE, "source": vba_module()}
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        subprocess.run(["/usr/bin/python3", "-c", UNO_PART, json.dumps(args)], check=True, env=env, timeout=300)
        with zipfile.ZipFile(out) as zf:
            target.write_bytes(zf.read("xl/vbaProject.bin"))


def build_button_template(vba_bin: Path, target: Path) -> None:
    import xlsxwriter

    from docgen.workbook.generator import ACTIONS, GENERATOR_SHEET, SETTINGS_ROW
    from docgen.workbook.buttons import BUTTON_COLUMN, macro_name

    wb = xlsxwriter.Workbook(str(target))
    wb.set_vba_name("ThisWorkbook")
    wb.add_vba_project(str(vba_bin))
    ws = wb.add_worksheet(GENERATOR_SHEET)
    ws.set_vba_name("Sheet1")
    for i, action in enumerate(ACTIONS):
        ws.insert_button(f"{BUTTON_COLUMN}{SETTINGS_ROW + 2 * i}", {
            "macro": macro_name(action.id), "caption": action.caption, "width": 300, "height": 30,
        })
    wb.close()


def main() -> int:
    ASSETS.mkdir(parents=True, exist_ok=True)
    vba_bin = ASSETS / "vbaProject.bin"
    build_vba_project(vba_bin)
    build_button_template(vba_bin, ASSETS / "registry_buttons.xlsm")
    print(f"written: {vba_bin}, {ASSETS / 'registry_buttons.xlsm'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
