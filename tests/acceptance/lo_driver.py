"""Drive a real headless LibreOffice like a user of the docgen extension would.

Run with Debian's ``/usr/bin/python3`` (it has ``uno``), never imported by pytest: pyuno in another
interpreter crashes with bad_alloc. One JSON job in argv[1]::

    {"oxt": "/abs/docgen.oxt", "workbook": "/abs/registry.xlsx", "profile": "/abs/profile-dir",
     "generator": {"sheet": "Генератор", "row": 3, "labels": [...]},   # created when missing
     "cells": {"Генератор": {"B3": "consent_parent"}},                  # set before the click
     "select": {"sheet": "Наставляемые", "range": "A2:D4"},
     "menu_item": "Проверить реестр",            # dispatch the URL of this installed menu item, as a click does
     "dispatch": "vnd.sun.star.script:…",        # or a URL given here
     "follow_link": {"sheet": "Проблемы", "cell": "B2"},  # jump to the mark of a HYPERLINK formula
     "read_menu": true,                          # the installed OfficeMenuBar entries
     "read_frozen": true,                        # {sheet: has frozen panes} as the file opens
     "read": {"Генератор": ["B11"]}, "read_sheets": ["Проблемы"], "close": true}

Prints one JSON object: {"cells": {...}, "sheets": {name: {"values": [[...]], "formulas": [[...]]} or null},
"sheet_names": [...], "modified": bool, "jumped": {sheet, column, row}, "menu": [...], "timings": {...}}. soffice always dies at the end.
The macro's environment (DOCGEN_PYTHON, DOCGEN_LO_NO_DIALOG, DOCGEN_AS_OF) is this process's.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import uno
import unohelper
from com.sun.star.beans import PropertyValue
from com.sun.star.task import XInteractionHandler
from com.sun.star.ucb import XCommandEnvironment

SOFFICE = os.environ.get("DOCGEN_SOFFICE", "soffice")


class _Approve(unohelper.Base, XInteractionHandler):
    """Says yes to «install this extension?»: without a handler the install fails. The request is
    not read: pyuno (Python 3.11) raises SystemError converting that exception."""

    def handle(self, request):
        approve = uno.getTypeByName("com.sun.star.task.XInteractionApprove")
        for continuation in request.getContinuations():
            if continuation.queryInterface(approve):
                continuation.select()
                return


class _Env(unohelper.Base, XCommandEnvironment):
    def getInteractionHandler(self):
        return _Approve()

    def getProgressHandler(self):
        return None


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Office:
    def __init__(self, profile: Path):
        self.profile = profile
        self.proc = None
        self.ctx = None

    def start(self, timeout: float = 60.0):
        port = _free_port()
        self.proc = subprocess.Popen(
            [SOFFICE, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
             f"-env:UserInstallation={self.profile.as_uri()}",
             f"--accept=socket,host=127.0.0.1,port={port};urp;"],
            stdout=subprocess.DEVNULL, stderr=None, start_new_session=True)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.ctx = resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
                return self
            except Exception:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("soffice did not start")
                time.sleep(0.1)

    def service(self, name):
        return self.ctx.ServiceManager.createInstanceWithContext(name, self.ctx)

    def kill(self):
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=30)
        self.proc = None


def _cells_of(sheet):
    cursor = sheet.createCursor()
    cursor.gotoStartOfUsedArea(False)
    cursor.gotoEndOfUsedArea(True)
    return [list(r) for r in cursor.getDataArray()], [list(r) for r in cursor.getFormulaArray()]


def _menu(office):
    """Our menus as the configuration holds them after the install: [{title, context, items: [...]}]."""
    provider = office.service("com.sun.star.configuration.ConfigurationProvider")
    bar = provider.createInstanceWithArguments("com.sun.star.configuration.ConfigurationAccess",
                                               (_prop("nodepath", "/org.openoffice.Office.Addons/AddonUI/OfficeMenuBar"),))
    menus = []
    for name in bar.getElementNames():
        node = bar.getByName(name)
        submenu = node.getByName("Submenu")
        items = [{"title": i.Title, "url": i.URL, "context": i.Context}
                 for i in (submenu.getByName(n) for n in sorted(submenu.getElementNames()))]
        menus.append({"name": name, "title": node.Title, "context": node.Context, "items": items})
    return menus


def run(job: dict) -> dict:
    timings = {}
    t0 = time.monotonic()
    office = Office(Path(job["profile"]))
    try:
        office.start()
        timings["start"] = round(time.monotonic() - t0, 2)
        if job.get("oxt"):
            manager = office.ctx.getValueByName("/singletons/com.sun.star.deployment.ExtensionManager")
            manager.addExtension(Path(job["oxt"]).as_uri(), (), "user", manager.createAbortChannel(), _Env())
            timings["install"] = round(time.monotonic() - t0, 2)
            if job.get("restart", False):  # not needed for the macro (checked); the menu bar itself would need it
                office.kill()
                office.start()
                timings["restart"] = round(time.monotonic() - t0, 2)
        desktop = office.service("com.sun.star.frame.Desktop")
        # Hidden=False crashes this headless soffice (Debian 7.4 -nogui); a hidden document is not the
        # "current component" a uno_packages macro works on, until its frame is activated.
        doc = desktop.loadComponentFromURL(Path(job["workbook"]).as_uri(), "_blank", 0, (_prop("Hidden", True),))
        doc.getCurrentController().getFrame().activate()
        timings["load"] = round(time.monotonic() - t0, 2)
        sheets = doc.getSheets()
        gen = job.get("generator")
        if gen and not sheets.hasByName(gen["sheet"]):
            sheets.insertNewByName(gen["sheet"], 0)
            sheet = sheets.getByName(gen["sheet"])
            for i, label in enumerate(gen["labels"]):
                sheet.getCellByPosition(0, gen["row"] - 1 + i).setString(label)
        for name, cells in (job.get("cells") or {}).items():
            for address, value in cells.items():
                sheets.getByName(name).getCellRangeByName(address).setString(value)
        controller = doc.getCurrentController()
        if job.get("select"):
            sheet = sheets.getByName(job["select"]["sheet"])
            controller.setActiveSheet(sheet)
            controller.select(sheet.getCellRangeByName(job["select"]["range"]))
        url = job.get("dispatch")
        if job.get("menu_item"):  # the URL the installed menu item «…» dispatches on a click
            urls = {i["title"]: i["url"] for m in _menu(office) for i in m["items"]}
            url = urls[job["menu_item"]]
        if url:
            helper = office.service("com.sun.star.frame.DispatchHelper")
            helper.executeDispatch(controller.getFrame(), url, "", 0, ())
            timings["dispatch"] = round(time.monotonic() - t0, 2)
        if job.get("follow_link"):  # what a click on a HYPERLINK("#'Лист'!D5") cell does: jump to the mark
            where = job["follow_link"]
            formula = sheets.getByName(where["sheet"]).getCellRangeByName(where["cell"]).getFormula()
            mark = formula.split('"')[1].lstrip("#")
            helper = office.service("com.sun.star.frame.DispatchHelper")
            helper.executeDispatch(controller.getFrame(), ".uno:JumpToMark", "", 0, (_prop("Bookmark", mark),))
            address = controller.getSelection().getRangeAddress()
            jumped = {"sheet": controller.getActiveSheet().getName(), "column": address.StartColumn + 1,
                      "row": address.StartRow + 1}
        else:
            jumped = None
        result = {"cells": {}, "sheets": {}, "sheet_names": list(sheets.getElementNames()),
                  "modified": bool(doc.isModified()), "url": doc.getURL(), "jumped": jumped,
                  "menu": _menu(office) if job.get("read_menu") else None}
        if job.get("read_frozen"):  # which sheets open with frozen panes (the view the file carries)
            result["frozen"] = {}
            for name in sheets.getElementNames():
                controller.setActiveSheet(sheets.getByName(name))
                result["frozen"][name] = bool(controller.hasFrozenPanes())
        for name, addresses in (job.get("read") or {}).items():
            for address in addresses:
                result["cells"][f"{name}!{address}"] = (sheets.getByName(name).getCellRangeByName(address).getString()
                                                       if sheets.hasByName(name) else None)
        for name in job.get("read_sheets") or []:
            if sheets.hasByName(name):
                values, formulas = _cells_of(sheets.getByName(name))
                result["sheets"][name] = {"values": values, "formulas": formulas}
            else:
                result["sheets"][name] = None
        if job.get("close", True):
            doc.close(True)
        result["timings"] = timings
        return result
    finally:
        office.kill()


if __name__ == "__main__":
    print(json.dumps(run(json.loads(sys.argv[1])), ensure_ascii=False))
