"""The Excel adapter and the .xlsm with buttons.

Excel can't run here (xlwings' interactive mode is Windows/macOS only, see MACROS.md), so the
adapter is driven with an object offering exactly the xlwings members it uses (``FakeBook``);
the macro-enabled workbook is checked statically with oletools: the module is there, each
button is bound to its Sub, each Sub hands its action to docgen.adapters.excel.run_action.
"""

from __future__ import annotations

import ast
import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from docgen import api
from docgen.adapters import excel
from docgen.workbook import generator as layout
from docgen.workbook.buttons import macro_name
from tests.helpers import EXAMPLE, ROOT, edited_copy, find_cell


class FakeRange:
    def __init__(self, sheet: "FakeSheet", address: str):
        self.sheet, self.address = sheet, address

    def _cells(self) -> list[list[str]]:
        a, _, b = self.address.partition(":")
        b = b or a
        ca, ra = re.match(r"([A-Z]+)(\d+)", a).groups()
        cb, rb = re.match(r"([A-Z]+)(\d+)", b).groups()
        from openpyxl.utils import column_index_from_string as ci
        from openpyxl.utils import get_column_letter as gl

        return [[f"{gl(c)}{r}" for c in range(ci(ca), ci(cb) + 1)] for r in range(int(ra), int(rb) + 1)]

    @property
    def value(self):
        grid = [[self.sheet.cells.get(c) for c in row] for row in self._cells()]
        return grid if len(grid) > 1 or len(grid[0]) > 1 else grid[0][0]

    @value.setter
    def value(self, v):
        if isinstance(v, list):  # a table from the top-left cell, as xlwings expands it
            from openpyxl.utils import column_index_from_string as ci
            from openpyxl.utils import get_column_letter as gl

            col, row = re.match(r"([A-Z]+)(\d+)", self.address).groups()
            for i, line in enumerate(v):
                for j, item in enumerate(line):
                    self.sheet.cells[f"{gl(ci(col) + j)}{int(row) + i}"] = item
        else:
            self.sheet.cells[self.address] = v

    @property
    def formula(self):
        return self.sheet.cells.get(self.address)

    @formula.setter
    def formula(self, f):
        self.sheet.cells[self.address] = f

    @property
    def number_format(self):
        return self.sheet.formats.get(self.address)

    @number_format.setter
    def number_format(self, f):
        self.sheet.formats[self.address] = f


class FakeSheet:
    def __init__(self, name: str, cells: dict | None = None):
        self.name, self.cells, self.formats = name, dict(cells or {}), {}

    def range(self, address: str) -> FakeRange:
        return FakeRange(self, address)

    def clear_contents(self) -> None:
        self.cells.clear()


class FakeSheets(list):
    def add(self, name, after=None):
        sheet = FakeSheet(name)
        self.append(sheet)
        return sheet


class FakeBook:
    """The xlwings Book members the adapter uses, over a real workbook file."""

    def __init__(self, path: Path, selection: tuple[str, str] | None = None):
        self.fullname = str(path)
        wb = openpyxl.load_workbook(path)
        self.sheets = FakeSheets()
        for ws in wb.worksheets:
            cells = {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
            self.sheets.append(FakeSheet(ws.title, cells))
        self.saved = 0
        self._selection = selection
        self.api = self  # Excel's own object model: SaveCopyAs

    def save(self) -> None:
        self.saved += 1

    def SaveCopyAs(self, path: str) -> None:  # noqa: N802 — Excel's name
        """The book as it is now (unsaved edits included) written to ``path``; the book unchanged."""
        wb = openpyxl.load_workbook(self.fullname)
        for sheet in self.sheets:
            ws = wb[sheet.name] if sheet.name in wb.sheetnames else wb.create_sheet(sheet.name)
            for address, value in sheet.cells.items():
                ws[address] = value
        wb.save(path)

    @property
    def selection(self):
        if self._selection is None:
            return None
        sheet = next(s for s in self.sheets if s.name == self._selection[0])
        return FakeRange(sheet, self._selection[1])

    def sheet(self, name: str) -> FakeSheet:
        return next(s for s in self.sheets if s.name == name)


def generator(book: FakeBook, **settings) -> None:
    labels = dict(layout.SETTINGS)
    rows = {label: layout.SETTINGS_ROW + i for i, (_, label) in enumerate(layout.SETTINGS)}
    for key, value in settings.items():
        book.sheet(layout.GENERATOR_SHEET).cells[f"B{rows[labels[key]]}"] = value


@pytest.fixture
def registry(tmp_path) -> Path:
    path = tmp_path / "реестр.xlsx"
    shutil.copy(EXAMPLE, path)
    return path


def test_button_for_selected_rows(registry, tmp_path):
    book = FakeBook(registry, selection=("Наставляемые", "$A$2:$XFD$4"))
    generator(book, template="consent_parent — Согласие родителя", out_dir=str(tmp_path / "out"))
    answer = excel.run_action("generate_selected", book)
    assert answer["ok"], answer["summary"]
    assert book.saved >= 1  # saved before docgen reads the file
    assert len(list((tmp_path / "out").rglob("*.docx"))) == 3
    assert book.sheet(layout.GENERATOR_SHEET).cells[layout.RESULT_CELL].startswith("Сформировано документов: 3")


def test_problems_sheet_links_to_cells(tmp_path):
    cell = find_cell(EXAMPLE, "Наставляемые", "Дата рождения", 5)
    broken = edited_copy(EXAMPLE, tmp_path / "broken.xlsx", {("Наставляемые", cell): "31.02.2010"})
    book = FakeBook(broken)
    answer = excel.run_action("check", book)
    assert not answer["ok"]
    problems = book.sheet(layout.PROBLEMS_SHEET)
    assert [problems.cells[f"{c}1"] for c in "ABCDE"] == layout.PROBLEM_HEADERS
    links = [v for k, v in problems.cells.items() if k.startswith("B") and str(v).startswith("=HYPERLINK")]
    assert f'=HYPERLINK("#\'Наставляемые\'!{cell}","{cell}")' in links
    assert "Проблемы" in book.sheet(layout.GENERATOR_SHEET).cells[layout.RESULT_CELL]
    # fixed registry: the old problems are cleared
    excel.run_action("check", FakeBook(EXAMPLE))
    shutil.copy(EXAMPLE, broken)
    book2 = FakeBook(broken)
    book2.sheets.append(FakeSheet(layout.PROBLEMS_SHEET, {"A1": "старое", "A2": "старое"}))
    assert excel.run_action("check", book2)["ok"]
    assert book2.sheet(layout.PROBLEMS_SHEET).cells == {f"{c}1": h for c, h in zip("ABCDE", layout.PROBLEM_HEADERS)}


def test_new_order_is_written_into_the_open_book(registry, tmp_path):
    book = FakeBook(registry)
    generator(book, template="order_intro — Приказ", scope="весь реестр", out_dir=str(tmp_path / "o"))
    answer = excel.run_action("generate", book)
    assert answer["ok"], answer["summary"]
    journal = book.sheet("Приказы")
    row = openpyxl.load_workbook(registry)["Приказы"].max_row + 1
    assert isinstance(journal.cells[f"B{row}"], datetime) and journal.formats[f"B{row}"] == "dd.mm.yyyy"
    assert journal.formats[f"A{row}"] == "@" and journal.cells[f"C{row}"] == "order_intro"
    assert book.saved == 2  # before (to read) and after (to keep the new row)


def test_spreadsheet_functions():
    assert excel.ПАДЕЖ("Иванов Иван Иванович", "дательный") == "Иванову Ивану Ивановичу"
    assert excel.ПАДЕЖ("Петрова Анна Сергеевна", "род") == "Петровой Анны Сергеевны"
    assert excel.ИНИЦИАЛЫ("Иванов Иван Иванович") == "Иванов\u00a0И.И."
    assert excel.ИНИЦИАЛЫ("Петрова Анна Сергеевна", "дат", True) == "А.С.\u00a0Петровой"
    assert excel.ПАДЕЖ("", "род") == ""
    assert excel.ПАДЕЖ("Иванов Иван Иванович", "звательный").startswith("Ошибка: ")


def test_adapters_hold_no_generation_logic():
    """The adapters import only the actions core (and formatting for the two functions)."""
    for path in (ROOT / "docgen" / "adapters" / "excel.py", ROOT / "docgen" / "adapters" / "bridge.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                modules.update([node.module] if node.module else [a.name for a in node.names])
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                modules.update(a.name for a in node.names) if isinstance(node, ast.Import) else modules.add(node.module)
        docgen_modules = {m for m in modules if m in ("actions", "formatting", "api", "batch", "render", "records")}
        assert docgen_modules <= {"actions", "formatting"}, (path.name, modules)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # oletools' use of old pyparsing names
def test_xlsm_holds_the_module_and_the_buttons(tmp_path):
    from oletools.olevba import VBA_Parser

    path = api.init(tmp_path / "реестр.xlsm")
    parser = VBA_Parser(str(path))
    modules = {name: code for _, _, name, code in parser.extract_macros()}
    code = modules["Docgen.bas"]
    for action in layout.ACTIONS:
        assert f"Sub {macro_name(action.id)}()" in code and f'DocgenRun "{action.id}"' in code
    assert 'Application.Run "xlwings.xlam!RunPython"' in code
    assert "import docgen.adapters.excel as d; d.run_action('\" & action & \"')" in code
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        vml = zf.read(next(n for n in names if n.startswith("xl/drawings/vmlDrawing"))).decode()
        content_types = zf.read("[Content_Types].xml").decode()
        wb_xml = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/worksheets/_rels/sheet2.xml.rels").decode()
    assert "macroEnabled.main+xml" in content_types
    assert re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml) == [macro_name(a.id) for a in layout.ACTIONS]
    for action in layout.ACTIONS:
        assert action.caption in vml
    assert re.search(r'name="Генератор"[^>]*r:id="rId2"', wb_xml) and "vmlDrawing" in rels
    ws = openpyxl.load_workbook(path, keep_vba=True)[layout.GENERATOR_SHEET]
    assert ws["A3"].value == "Шаблон"


def test_xlsm_in_libreoffice_calls_the_extension_by_its_real_url():
    """The .xlsm's Subs in LibreOffice call the Calc extension's macros: same URL as its menu."""
    from docgen.adapters.lo import oxt
    from docgen.workbook.buttons import LO_SCRIPT, OXT_NAME

    assert LO_SCRIPT == oxt.script_url(OXT_NAME, "ACTION")
    source = oxt.macro_source(None)
    for action in layout.ACTIONS:
        assert f"def {action.id}(" in source


def test_registry_text_in_problems_never_becomes_a_formula(tmp_path):
    """A cell typed «=HYPERLINK(…)» or «+7…» in the registry is shown on «Проблемы» as text."""
    cell = find_cell(EXAMPLE, "Наставляемые", "Дата рождения", 5)
    broken = edited_copy(EXAMPLE, tmp_path / "broken.xlsx", {("Наставляемые", cell): "=1+1 & «x»"})
    book = FakeBook(broken)
    excel.run_action("check", book)
    shown = [v for k, v in book.sheet(layout.PROBLEMS_SHEET).cells.items() if k.startswith("E")]
    assert any(str(v).startswith("'=") for v in shown), shown
    assert excel._as_text("+7 912") == "'+7 912" and excel._as_text("Иванов") == "Иванов"


def test_check_reads_the_book_as_it_is_now_and_never_saves_it(registry):
    """An unsaved mistake is found, and the book is neither saved nor changed on disk."""
    before = registry.read_bytes()
    book = FakeBook(registry)
    cell = find_cell(EXAMPLE, "Наставляемые", "Дата рождения", 5)
    book.sheet("Наставляемые").cells[cell] = "31.02.2010"  # typed, not saved
    answer = excel.run_action("check", book)
    assert not answer["ok"] and any(p["cell"] == cell for p in answer["problems"])
    assert book.saved == 0 and registry.read_bytes() == before
    assert f"Реестр {registry.name}" in excel.run_action("check", FakeBook(registry))["summary"]


def test_generator_settings_reach_the_cli_options(registry, tmp_path):
    """PDF-less parity checks: «без согласия», архив, номер и дата приказа from «Генератор»."""
    book = FakeBook(registry)
    generator(book, template="consent_parent — Согласие родителя", without_consent="да", zip="да",
              out_dir=str(tmp_path / "c"))
    answer = excel.run_action("generate", book)
    assert answer["ok"], answer["summary"]
    assert "Выбор: без полученного согласия" in answer["summary"] and "Архив: Документы" in answer["summary"]
    book = FakeBook(registry)
    generator(book, template="order_intro — Приказ", number="93-од", order_date=datetime(2026, 11, 24),
              out_dir=str(tmp_path / "o"))
    answer = excel.run_action("generate", book)
    assert answer["ok"], answer["summary"]
    assert "№ 93-од от 24.11.2026" in answer["summary"]


def test_generator_dropdowns_have_no_commas(tmp_path):
    """Excel and Calc split an inline list at commas: «да, для двусторонней печати» became two items."""
    path = api.init(tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(path)[layout.GENERATOR_SHEET]
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.formula1.startswith('"')]
    assert len(lists) == 8  # with «Кто подписывает за ребёнка» and «Отметить «Согласие выдано»»
    items = [item for formula in lists for item in formula.strip('"').split(",")]
    assert "да (двусторонняя печать)" in items and all(item.strip() == item and item for item in items)
    assert set(layout.PRINT_CHOICES) <= set(items)
