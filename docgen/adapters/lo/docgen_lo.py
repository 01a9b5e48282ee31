"""docgen in LibreOffice Calc: the macro behind the menu «Документы».

It runs inside LibreOffice's own Python and keeps to the standard library and ``uno``. It makes
no decisions: it reads what the user chose (the file, the «Генератор» sheet, the selected rows),
sends that as JSON to ``<docgen python> -m docgen.adapters.bridge`` (docgen.actions decides
everything) and writes the answer back: the summary cell, the «Проблемы» sheet, new rows of the
order journal. The constants come from docgen.actions: ``docgen.oxt.build_oxt`` fills in CONFIG
when it builds the extension.

Which Python runs docgen: the environment variable DOCGEN_PYTHON, else the "python" key of
~/.config/docgen/libreoffice.json (%APPDATA%\\docgen\\libreoffice.json on Windows), else the
interpreter that built the extension. DOCGEN_LO_NO_DIALOG=1 (and a headless LibreOffice) never
show a message box; DOCGEN_AS_OF=YYYY-MM-DD is passed through as the date of the run (tests).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import traceback
from datetime import date

import uno

# Filled in by docgen.oxt.build_oxt from docgen.actions (the one source of truth).
CONFIG = {}

TIMEOUT = 600  # seconds: a whole registry can take a while on a slow machine
STORABLE = (".xlsx", ".ods")  # LibreOffice keeps these whole; an .xlsm would lose its Excel buttons
CELL_ADDRESS = re.compile(r"^\$?[A-Za-z]{1,3}\$?[0-9]{1,7}$")
CLEAR_ALL = 1 | 2 | 4 | 8 | 16 | 32 | 256 | 512  # com.sun.star.sheet.CellFlags: values, text, formulas, notes, formats
BOLD = 150.0  # com.sun.star.awt.FontWeight.BOLD
DATE_TYPE = 2  # com.sun.star.util.NumberFormat.DATE


class Stop(Exception):
    """A message for the user; the action stops here."""


_BUSY = []  # the action running now (LibreOffice stays usable meanwhile, so a second click can come)


# ---------------------------------------------------------------- the actions (menu items)

def generate(*_args):
    _run("generate")


def generate_selected(*_args):
    _run("generate_selected")


def check(*_args):
    _run("check")


def open_folder(*_args):
    _run("open_folder")


g_exportedScripts = (generate, generate_selected, check, open_folder)


def _run(action):
    if _BUSY:
        _tell(None, "docgen ещё выполняет предыдущее действие. Дождитесь его окончания (итог появится в "
                    "строке «Результат» листа «Генератор») и выберите пункт меню снова.", error=True)
        return
    _BUSY.append(action)
    doc = None
    scratch = None
    try:
        if not CONFIG:
            raise Stop("Расширение docgen собрано без настроек. Пересоберите его командой «docgen oxt».")
        doc = XSCRIPTCONTEXT.getDocument()  # noqa: F821 — provided by LibreOffice
        if doc is None or not doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
            doc = None
            raise Stop("Откройте книгу-реестр в LibreOffice Calc и выберите пункт меню ещё раз.")
        edited = doc.isModified()
        if action == "check":
            # the book as it is now, unsaved edits included, in a copy: the user's file is not saved
            scratch = tempfile.mkdtemp(prefix="docgen-check-")
            path, ext = _file_of(doc)
            request = {"action": action, "registry": _store_copy(doc, scratch, ext), "source": path}
        else:
            path, ext = _saved_file(doc)
            request = {"action": action, "registry": path}
        request.update(settings=_read_settings(doc), selection=_read_selection(doc), open=not _no_dialog())
        if os.environ.get("DOCGEN_AS_OF"):
            request["as_of"] = os.environ["DOCGEN_AS_OF"]
        answer = _call_docgen(request)
        _write_back(doc, answer, ext, edited and action == "check")
        _tell(doc, str(answer.get("summary") or ""), error=not answer.get("ok"))
    except Stop as exc:
        _report(doc, str(exc))
    except Exception as exc:  # noqa: BLE001 — never a traceback dialog: it could show personal data
        if os.environ.get("DOCGEN_DEBUG"):
            traceback.print_exc()
        _report(doc, f"Внутренняя ошибка макроса docgen ({type(exc).__name__}). "
                     "Сохраните книгу, закройте LibreOffice и попробуйте ещё раз; "
                     "если ошибка повторится — сообщите разработчикам.")
    finally:
        _BUSY.clear()
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


# ---------------------------------------------------------------- reading the document

def _file_of(doc):
    """The workbook's file and its extension."""
    url = doc.getURL()
    if not url:
        raise Stop("Книга ещё не сохранена в файл. Сохраните её (.xlsx или .ods) и выберите пункт меню ещё раз.")
    if not url.startswith("file:"):
        raise Stop("Книга открыта не с диска этого компьютера. Сохраните её в папку на диске и выберите пункт меню ещё раз.")
    path = uno.fileUrlToSystemPath(url)
    return path, os.path.splitext(path)[1].lower()


def _store_copy(doc, folder, ext):
    """A copy of the book as it is now (``storeToURL`` leaves the book's file, name and
    «modified» state alone); .ods stays .ods, anything else becomes .xlsx."""
    ods = ext == ".ods"
    target = os.path.join(folder, "проверка.ods" if ods else "проверка.xlsx")
    prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    prop.Name, prop.Value = "FilterName", "calc8" if ods else "Calc Office Open XML"
    doc.storeToURL(uno.systemPathToFileUrl(target), (prop,))
    return target


def _saved_file(doc):
    """The workbook's file, saved so that docgen reads what the user sees."""
    path, ext = _file_of(doc)
    if doc.isModified():
        if ext == ".xlsm":
            raise Stop("В книге .xlsm есть несохранённые изменения. LibreOffice при сохранении удалит из неё "
                       "кнопки Excel, поэтому сохраните книгу в Excel (или отмените изменения) "
                       "и выберите пункт меню ещё раз.")
        if ext not in STORABLE:
            raise Stop("В книге есть несохранённые изменения. Сохраните её в формате .xlsx или .ods "
                       "(Файл › Сохранить как) и выберите пункт меню ещё раз.")
        doc.store()
    return path, ext


def _sheet(doc, name):
    sheets = doc.getSheets()
    for existing in sheets.getElementNames():
        if existing.casefold() == name.casefold():
            return sheets.getByName(existing)
    return None


def _read_settings(doc):
    """Column A → column B of the settings rows of «Генератор», as displayed."""
    sheet = _sheet(doc, CONFIG["generator_sheet"])
    if sheet is None:
        return {}
    first = CONFIG["settings_row"] - 1
    settings = {}
    for i in range(len(CONFIG["settings_labels"])):
        label = sheet.getCellByPosition(0, first + i).getString().strip()
        if label:
            settings[label] = sheet.getCellByPosition(1, first + i).getString()
    return settings


def _read_selection(doc):
    """The sheet and the 1-based rows of the current selection (any columns, several ranges)."""
    controller = doc.getCurrentController()
    sheets = doc.getSheets()
    selection = controller.getSelection()
    addresses = []
    if selection is not None:
        if hasattr(selection, "getRangeAddresses"):
            addresses = list(selection.getRangeAddresses())
        elif hasattr(selection, "getRangeAddress"):
            addresses = [selection.getRangeAddress()]
    if not addresses:
        return {"sheet": controller.getActiveSheet().getName(), "rows": []}
    sheet_index = addresses[0].Sheet
    sheet = sheets.getByIndex(sheet_index)
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    last_used = cursor.getRangeAddress().EndRow  # a whole column is a million rows: stop at the data
    rows = set()
    for a in addresses:
        if a.Sheet == sheet_index:
            rows.update(range(a.StartRow + 1, min(a.EndRow, last_used) + 2))
    return {"sheet": sheet.getName(), "rows": sorted(rows)}


# ---------------------------------------------------------------- calling docgen

def _config_file():
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or os.path.expanduser("~")
    else:
        base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(base, "docgen", "libreoffice.json")


def _python():
    """(the interpreter with docgen, where that setting came from)."""
    if os.environ.get("DOCGEN_PYTHON", "").strip():
        return os.environ["DOCGEN_PYTHON"].strip(), "переменная окружения DOCGEN_PYTHON"
    config = _config_file()
    if os.path.isfile(config):
        try:
            with open(config, encoding="utf-8") as f:
                value = json.load(f).get("python")
        except (OSError, ValueError, AttributeError) as exc:
            raise Stop(f"Файл настроек {config} не читается ({type(exc).__name__}). "
                       'Ожидается: {"python": "путь к python, в котором установлен docgen"}.') from None
        if value:
            return str(value), f"файл {config}"
    return CONFIG.get("python") or "", "настройки расширения"


def _how_to_fix(python, source):
    return (f"Не найден Python с установленным docgen: «{python or '(не указан)'}» ({source}).\n"
            f"Укажите путь к нему в файле {_config_file()} — "
            '{"python": "…/python"} — или в переменной окружения DOCGEN_PYTHON, '
            "либо пересоберите расширение командой «docgen oxt» в окружении, где установлен docgen, "
            "и установите его заново (Сервис › Управление расширениями).")


def _call_docgen(request):
    python, source = _python()
    exe = python if os.path.isfile(python) else (shutil.which(python) if python else None)
    if not exe:
        raise Stop(_how_to_fix(python, source))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "PYTHONPATH", "__PYVENV_LAUNCHER__")}
    env["PYTHONIOENCODING"] = "utf-8"
    extra = {"creationflags": 0x08000000} if sys.platform == "win32" else {}  # CREATE_NO_WINDOW
    try:
        done = _wait([exe, "-m", "docgen.adapters.bridge"], json.dumps(request, ensure_ascii=False).encode("utf-8"),
                     env, extra)
    except subprocess.TimeoutExpired:
        raise Stop(f"docgen не ответил за {TIMEOUT // 60} минут; действие прервано.") from None
    except OSError as exc:
        raise Stop(_how_to_fix(python, source) + f"\n({type(exc).__name__})") from None
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
        if not isinstance(answer, dict):
            raise ValueError("not an object")
        return answer
    except ValueError:
        errors = done.stderr.decode("utf-8", "replace")
        if "No module named" in errors and "docgen" in errors:
            raise Stop(f"В Python «{exe}» не установлен docgen (или установлена старая версия). "
                       + _how_to_fix(python, source)) from None
        raise Stop(f"docgen завершился с ошибкой (код {done.returncode}). Запустите в командной строке "
                   f"«docgen check <книга>», чтобы увидеть причину.") from None


def _wait(args, data, env, extra):
    """Run docgen and wait for it while LibreOffice keeps drawing and answering clicks (a second
    click finds the action busy); where the toolkit cannot do that, simply wait."""
    outcome = {}

    def work():
        try:
            outcome["done"] = subprocess.run(args, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                             env=env, timeout=TIMEOUT, **extra)
        except BaseException as exc:  # noqa: BLE001 — handed to the waiting thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="docgen-call", daemon=True)
    worker.start()
    toolkit = None
    try:
        ctx = XSCRIPTCONTEXT.getComponentContext()  # noqa: F821
        toolkit = ctx.getServiceManager().createInstanceWithContext("com.sun.star.awt.Toolkit", ctx)
    except Exception:  # noqa: BLE001
        toolkit = None
    while worker.is_alive():
        if toolkit is not None:
            try:
                toolkit.processEventsToIdle()
            except Exception:  # noqa: BLE001 — not offered here: wait without drawing
                toolkit = None
        worker.join(0.1)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["done"]


# ---------------------------------------------------------------- writing the answer back

def _write_back(doc, answer, ext, unsaved_edits=False):
    _write_summary(doc, str(answer.get("summary") or ""))
    if answer.get("problems_table") is not None:  # None: the registry was not checked — keep the sheet
        _write_problems(doc, answer["problems_table"])
    journal = answer.get("journal") or []
    for entry in journal:
        _write_cells(doc, entry.get("sheet") or "", entry.get("cells") or {})
    if unsaved_edits:
        return  # the user's own unsaved edits: the book stays «modified», LibreOffice will ask on closing
    if ext in STORABLE:
        if journal:
            doc.store()
    elif not journal:
        # only our status cells changed: keep the book "unmodified" so the next click is not refused
        doc.setModified(False)


def _write_summary(doc, text):
    sheet = _sheet(doc, CONFIG["generator_sheet"])
    if sheet is None:
        return
    address = CONFIG["result_cell"]
    for row in range(40):  # beside «Результат» (a book made by an older docgen has it higher up)
        if sheet.getCellByPosition(0, row).getString().strip() == CONFIG.get("result_label", "Результат"):
            address = f"B{row + 1}"
            break
    sheet.getCellRangeByName(address).setString(text)


def _write_problems(doc, table):
    name = CONFIG["problems_sheet"]
    sheet = _sheet(doc, name)
    if sheet is None:
        if len(table) < 2:
            return
        sheets = doc.getSheets()
        sheets.insertNewByName(name, sheets.getCount())
        sheet = sheets.getByName(name)
    sheet.clearContents(CLEAR_ALL)
    if not table:
        return
    width = max(len(row) for row in table)
    data = tuple(tuple("" if v is None else str(v) for v in row) + ("",) * (width - len(row)) for row in table)
    sheet.getCellRangeByPosition(0, 0, width - 1, len(data) - 1).setDataArray(data)  # strings: no formula injection
    sheet.getCellRangeByPosition(0, 0, width - 1, 0).CharWeight = BOLD
    link_col, sheet_col = CONFIG["problem_cell_column"], CONFIG["problem_sheet_column"]
    for r, row in enumerate(data[1:], start=1):
        target_sheet, cell = row[sheet_col], row[link_col]
        if target_sheet and CELL_ADDRESS.match(cell):
            # «#'Лист'!D14»: LibreOffice jumps there (verified with .uno:JumpToMark), and so does Excel
            target = "#'" + target_sheet.replace("'", "''") + "'!" + cell.replace("$", "").upper()
            sheet.getCellByPosition(link_col, r).setFormula(
                f'=HYPERLINK("{_q(target)}";"{_q(cell)}")')
    columns = sheet.getColumns()
    for c in range(width):
        columns.getByIndex(c).OptimalWidth = True


def _q(text):
    return text.replace('"', '""')


def _write_cells(doc, sheet_name, cells):
    if not sheet_name or not cells:
        return
    sheet = _sheet(doc, sheet_name)
    if sheet is None:
        sheets = doc.getSheets()
        sheets.insertNewByName(sheet_name, sheets.getCount())
        sheet = sheets.getByName(sheet_name)
    for address, value in cells.items():
        cell = sheet.getCellRangeByName(address)
        if "date" in value:
            cell.setValue(_serial(doc, date.fromisoformat(value["date"])))
            cell.NumberFormat = _date_format(doc, sheet, cell)
        elif "number" in value:
            cell.setValue(float(value["number"]))
        else:
            cell.setString(str(value.get("text", "")))


def _serial(doc, day):
    null = doc.NullDate
    return float((day - date(null.Year, null.Month, null.Day)).days)


def _date_format(doc, sheet, cell):
    """The date format of the cell above (the journal's own), else DD.MM.YYYY."""
    formats = doc.getNumberFormats()
    address = cell.getCellAddress()
    if address.Row > 0:
        above = sheet.getCellByPosition(address.Column, address.Row - 1).NumberFormat
        if formats.getByKey(above).Type & DATE_TYPE:
            return above
    locale = uno.createUnoStruct("com.sun.star.lang.Locale")
    locale.Language, locale.Country = "ru", "RU"
    try:
        key = formats.queryKey("DD.MM.YYYY", locale, False)
        return key if key != -1 else formats.addNew("DD.MM.YYYY", locale)
    except Exception:  # noqa: BLE001 — a format code this LibreOffice does not take: its standard date
        return formats.getStandardFormat(DATE_TYPE, locale)


# ---------------------------------------------------------------- telling the user

def _no_dialog():
    if os.environ.get("DOCGEN_LO_NO_DIALOG", "") not in ("", "0"):
        return True
    try:  # a headless LibreOffice (a server, a test) has nobody to press OK
        with open("/proc/self/cmdline", "rb") as f:
            args = f.read().split(b"\0")
        return b"--headless" in args or b"-headless" in args
    except OSError:
        return False


def _report(doc, text):
    """A message that stopped the action: in the summary cell too, when the book has one."""
    try:
        if doc is not None and CONFIG:
            _write_summary(doc, text)
    except Exception:  # noqa: BLE001 — the message box below still tells the user
        pass
    _tell(doc, text, error=True)


def _tell(doc, text, error=False):
    if _no_dialog():
        sys.stderr.write(f"docgen: {text}\n")
        return
    try:
        ctx = XSCRIPTCONTEXT.getComponentContext()  # noqa: F821
        toolkit = ctx.getServiceManager().createInstanceWithContext("com.sun.star.awt.Toolkit", ctx)
        parent = (doc.getCurrentController().getFrame().getContainerWindow() if doc is not None
                  else toolkit.getDesktopWindow())
        kind = uno.Enum("com.sun.star.awt.MessageBoxType", "ERRORBOX" if error else "INFOBOX")
        buttons = uno.getConstantByName("com.sun.star.awt.MessageBoxButtons.BUTTONS_OK")
        toolkit.createMessageBox(parent, kind, buttons, "docgen", text).execute()
    except Exception:  # noqa: BLE001
        sys.stderr.write(f"docgen: {text}\n")
