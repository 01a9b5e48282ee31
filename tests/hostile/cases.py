"""A corpus of hostile registry workbooks and what docgen must do with each, shared by the
in-process run of every case (tests/hostile/test_workbooks.py: docgen.api.check and
docgen.api.make) and the subprocess run of a few (tests/acceptance/test_hostile.py: `docgen
check` and `docgen make` as a user runs them).

Every case must end with exit 0 and correct documents, or exit 1 with a Russian message naming
the sheet and cell (exit 2 only for a wrong call): never a traceback or an English exception
name, never partial output, never a change to the registry file, never a blow-up in time or
memory. The workbooks are built by the tests from examples/registry.xlsx (builders.py); nothing
binary is committed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

import openpyxl
import pytest
from openpyxl.styles import Font

from tests.helpers import AS_OF, docx_text
from tests.hostile import builders as b

CONSENTS = "Согласия родителей"
PUPIL = "Алексеева Таисия Романовна"  # У-001, row 2 of «Наставляемые», 5 «А»; parent in row 2 of «Родители»
PUPIL_DOC = f"5А {PUPIL} — согласие родителя.docx"
ENGLISH_ERROR = re.compile(r"Traceback|\b[A-Z]\w*(?:Error|Exception|Warning)\b|panicked|stack backtrace|"
                           r"memory allocation|Внутренняя ошибка")
MAX_RSS_MB = 400
MAX_SECONDS = 60


# --------------------------------------------------------------------------- what a run must show


@dataclass
class Run:
    """One `docgen check` or `docgen make` of a case: in-process or a real process."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    max_rss_mb: float  # a process: its peak RSS; in-process: how much the call raised this process's peak
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


CHECK = ("check", "{registry}", "--as-of", AS_OF)
MAKE = ("make", "consent_parent", "order_intro", "--reprint", "-r", "{registry}", "-o", "{out}",
        "--as-of", AS_OF, "-q")


@dataclass
class Case:
    id: str
    build: Callable[[Path], Path]  # the registry's path to create → the path to give docgen
    codes: tuple[int, ...] = (0,)
    places: tuple[str, ...] = ()  # «Наставляемые!B2»: must be named in the output of both commands
    says: tuple[str, ...] = ()  # Russian fragments both outputs must contain
    docs: Callable[[Path], None] | None = None  # checks the documents of a successful make
    name: str = "реестр.xlsx"
    slow: bool = False


def assert_case(case: Case, tmp_path: Path, run: Callable[[Path, Path], tuple[Run, Run]]) -> tuple[Run, Run]:
    """The shared assertions: exit code, Russian message naming the place, no traceback or
    English exception name, nothing half-written, the registry's bytes untouched.
    ``run(registry, out)`` runs `check` and `make` (CHECK, MAKE) and returns both runs."""
    registry = case.build(tmp_path / "in" / case.name)
    before = registry.read_bytes() if registry.is_file() else None
    out = tmp_path / "out"
    runs = run(registry, out)
    for ran in runs:
        shown = f"\n$ docgen {' '.join(ran.args)}\nexit {ran.returncode}\n{ran.output[:3000]}"
        assert ran.returncode in case.codes, shown
        assert not ENGLISH_ERROR.search(ran.output), shown
        if ran.returncode:  # what the user is told about a problem is Russian
            assert re.search(r"[А-Яа-яЁё]{3}", ran.output), shown
        for place in case.places:
            assert place in ran.output, f"{place} is not named:{shown}"
        for text in case.says:
            assert text in ran.output, f"«{text}» is not said:{shown}"
        assert ran.max_rss_mb < MAX_RSS_MB, f"{ran.max_rss_mb:.0f} MB:{shown}"
        assert ran.seconds < MAX_SECONDS, f"{ran.seconds:.1f} s:{shown}"
    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith((".docgen-tmp", ".docgen-pdf", "docgen-pdf"))]
    assert not leftovers, leftovers
    made = runs[1]
    if made.returncode == 0:
        assert any(out.rglob("*.docx")), made.output
        if case.docs:
            case.docs(out)
    else:
        assert not out.exists() or not any(out.rglob("*.docx")), list(out.rglob("*"))
    if before is not None:
        assert registry.read_bytes() == before, "the registry file was changed"
    return runs


def consent(out: Path, pupil: str = PUPIL) -> str:
    """Text of the consent for ``pupil`` (its file name contains the name)."""
    found = [p for p in (out / CONSENTS).glob("*.docx") if pupil in p.name]
    assert len(found) == 1, sorted(p.name for p in (out / CONSENTS).glob("*.docx"))[:200]
    return docx_text(found[0])


def consent_says(*fragments: str, pupil: str = PUPIL) -> Callable[[Path], None]:
    """The consent contains each fragment (no-break spaces, which documents use inside
    «5 «А»», «№ 321880», «Р.А. Алексеев», compared as spaces)."""
    def check(out: Path) -> None:
        text = consent(out, pupil).replace("\u00a0", " ")
        for fragment in fragments:
            assert fragment in text, f"«{fragment}» not in the consent:\n{text[:1500]}"
    return check


def consents_count(n: int) -> Callable[[Path], None]:
    def check(out: Path) -> None:
        assert len(list((out / CONSENTS).glob("*.docx"))) == n
    return check


# --------------------------------------------------------------------------- builders of cases


def cells(edits: dict[tuple[str, str], object]) -> Callable[[Path], Path]:
    """Change cells: {("Наставляемые", "B2"): value} (in the XML, as Excel stores values)."""
    return lambda dst: b.set_cells(dst, edits)


def workbook(change: Callable[[openpyxl.Workbook], None]) -> Callable[[Path], Path]:
    return lambda dst: b.with_openpyxl(dst, change)


def raw(sheet: str, *cell_xml: tuple[str, str]) -> Callable[[Path], Path]:
    """Put raw <c> elements into a sheet's XML: ("J2", '<c r="J2" …>…</c>')."""
    def edit(xml: str) -> str:
        for ref, c in cell_xml:
            xml = b.put_cell(xml, ref, c)
        return xml
    return lambda dst: b.edit_sheet_xml(dst, sheet, edit)


def sheet_xml(sheet: str, edit: Callable[[str], str]) -> Callable[[Path], Path]:
    return lambda dst: b.edit_sheet_xml(dst, sheet, edit)


def rename_sheet(old: str, new: str) -> Callable[[Path], Path]:
    return lambda dst: b.rename_sheet_raw(dst, old, new)


def _merge_class(wb):
    ws = wb["Наставляемые"]
    ws.merge_cells("F2:F4")


def _roadmap_title_row(wb):
    ws = wb["Дорожная карта"]
    ws.insert_rows(2)
    ws["A2"] = "1. Нормативное правовое обеспечение"
    ws["A2"].font = Font(bold=True)
    ws.merge_cells("A2:G2")


def _hidden(wb):
    wb["Наставляемые"].row_dimensions[2].hidden = True
    wb["Родители"].sheet_state = "hidden"
    wb["Инструкция"].sheet_state = "veryHidden"
    wb.active = 1


def _empty_rows(wb):
    wb["Наставляемые"].insert_rows(10, 3)
    wb["Родители"].insert_rows(5, 2)


def _reorder_and_rename_headers(wb):
    ws = wb["Наставляемые"]
    ws.move_range("A1:A178", cols=ws.max_column)  # «Код» to the far right, column A empty
    for c in ws[1]:
        if c.value == "Дата рождения":
            c.value = "  дата   РОЖДЕНИЯ "
    wp = wb["Родители"]
    for c in wp[1]:
        if c.value == "Ребёнок":
            c.value = "Ребенок"
        if c.value == "Документ — серия":
            c.value = "документ  —  Серия"


def _bad_header(wb):
    for c in wb["Наставляемые"][1]:
        if c.value == "Дата рождения":
            c.value = "Дата рожд."


def _header_below(rows: int):
    def change(wb):
        ws = wb["Партнёры"]
        ws.insert_rows(1, rows)
        ws["A1"] = "Реестр партнёров — шапка, которую добавили сами"
        ws2 = wb["Наставляемые"]
        ws2.insert_rows(1, rows)
        ws2["A1"] = "Реестр наставляемых"
        ws2["A2"] = "утверждён приказом № 41-од"
    return change


def _twin_sheet(wb):
    copy = wb.copy_worksheet(wb["Наставляемые"])
    copy.title = "наставляемые "


def _drop_sheet(wb):
    del wb["Родители"]


def _lock_files(dst: Path) -> Path:
    b.copy_example(dst)
    (dst.parent / f".~lock.{dst.name}#").write_text("Секретарь,school,PC-1,23.11.2026 09:00,file:///", encoding="utf-8")
    (dst.parent / f"~${dst.name}").write_bytes(b"\x09Secretary" + bytes(150))
    return dst


def _missing(dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    return dst


def _directory(dst: Path) -> Path:
    dst.mkdir(parents=True)
    return dst


def _empty_file(dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(b"")
    return dst


def _xls_junk(dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(b.OLE_MAGIC + bytes(range(256)) * 20)
    return dst


def _ods_named_xlsx(dst: Path) -> Path:
    b.ods_far_cell(dst, row=5)
    return dst


LONG_ADDRESS = ("Северогорская обл., г. Северогорск, ул. Очень Длинная, д. 8, " * 160)[:10_000].strip()
LONG_REQUEST = ("Научиться решать задачи повышенной сложности и не бояться доски. " * 160)[:10_000]
LITERAL = "& < > \" ' «» {{ 7*7 }} {% if true %}да{% endif %} </w:t> ]]> \\n"
# every participant under 18 gets a parental consent: 160 mentees and 20 pupil mentors
MINORS = 180
CONTROL = "Северогорская обл.,\x0b г. Северогорск,\x1f ул. Северная,\x0c д. 8"

CASES = [
    # ------------------------------------------------------------------ cells
    Case("required-empty", cells({("Наставляемые", "B2"): None}), (1,), ("Наставляемые!B2",),
         ("Обязательное поле не заполнено",)),
    Case("spaces-only", cells({("Наставляемые", "B2"): "   \u00a0 "}), (1,), ("Наставляемые!B2",),
         ("Обязательное поле не заполнено",)),
    Case("padding-and-double-spaces", cells({("Наставляемые", "B2"): "  Алексеева   Таисия \u00a0Романовна  ",
                                             ("Родители", "B2"): " Алексеев  Роман Александрович "}),
         docs=consent_says("Я, Алексеев Роман Александрович, паспорт",
                           "несовершеннолетней Алексеевой Таисии Романовны")),
    Case("all-caps-name", cells({("Наставляемые", "B2"): "АЛЕКСЕЕВА ТАИСИЯ РОМАНОВНА"}),
         docs=consent_says("несовершеннолетней АЛЕКСЕЕВОЙ ТАИСИИ РОМАНОВНЫ", pupil="АЛЕКСЕЕВА ТАИСИЯ РОМАНОВНА")),
    Case("all-lowercase-name", cells({("Наставляемые", "B2"): "алексеева таисия романовна"}),
         # typed all small, a name gets its capitals back (records: capitalise_name)
         docs=consent_says("несовершеннолетней Алексеевой Таисии Романовны", pupil="Алексеева Таисия Романовна")),
    Case("latin-lookalike-in-fio", cells({("Наставляемые", "B2"): "Алексеевa Таисия Романовна"}), (1,),
         ("Наставляемые!B2",), ("смешаны русские и латинские буквы", "латинские: a")),
    Case("latin-lookalike-in-reference", cells({("Родители", "A2"): "Aлексеева Таисия Романовна",
                                                ("Пары", "A2"): "H-001"}), (1,),
         ("Родители!A2", "Пары!A2"), ("смешаны русские и латинские буквы", "только латинскими буквами")),
    Case("yo-and-e", cells({("Родители", "A4"): "Кириллов Федор Михайлович"}),
         docs=consent_says("Кириллова Фёдора Михайловича", pupil="Кириллов Фёдор Михайлович")),
    Case("xml-forbidden-control-chars", raw("Наставляемые", ("J2", b.text_cell("J2", CONTROL)),
                                            ("I2", b.text_cell("I2", "\x1fзапрос\x0b"))),
         docs=consent_says("по адресу: Северогорская обл., г. Северогорск, ул. Северная, д. 8, документ")),
    Case("ten-thousand-characters", cells({("Наставляемые", "J2"): LONG_ADDRESS,
                                           ("Наставляемые", "I2"): LONG_REQUEST}),
         docs=consent_says(LONG_ADDRESS)),
    Case("template-syntax-and-xml-specials", cells({("Наставляемые", "J2"): LITERAL}),
         docs=consent_says(f"по адресу: {LITERAL}, документ")),
    Case("cached-formula-errors", lambda dst: b.edit_sheet_xml(
            dst, "Родители", lambda x: b.put_cell(x, "G2", b.error_cell("G2", "#DIV/0!", "1/0")),
            src=raw("Наставляемые", ("D2", b.error_cell("D2", "#N/A", "VLOOKUP(A2,Z:Z,2,0)")),
                    ("J3", b.error_cell("J3", "#REF!", "#REF!")))(dst.with_name("step.xlsx"))),
         (1,), ("Наставляемые!D2", "Наставляемые!J3", "Родители!G2"),
         ("ошибка формулы #N/A", "ошибка формулы #REF!", "ошибка формулы #DIV/0!")),
    Case("formula-without-saved-value", cells({("Наставляемые", "I2"): '=B2&" хочет учиться"'}), (1,),
         ("Наставляемые!I2",), ("результат не сохранён",)),
    Case("formula-with-saved-value", raw("Наставляемые", ("J2", '<c r="J2" t="str"><f>"г. Северогорск, ул. '
                                                                '"&amp;"Формульная, д. 1"</f><v>г. Северогорск, ул. '
                                                                'Формульная, д. 1</v></c>')),
         docs=consent_says("по адресу: г. Северогорск, ул. Формульная, д. 1, документ")),
    Case("class-as-number", cells({("Наставляемые", "F2"): 7}),
         docs=consent_says("обучающейся 7 класса", pupil=PUPIL)),
    Case("class-turned-into-date", cells({("Наставляемые", "F2"): datetime(2026, 1, 7)}), (1,),
         ("Наставляемые!F2",), ("превратил значение в дату", "07.01.2026")),
    Case("passport-number-lost-leading-zero", cells({("Родители", "G2"): 12345}), (1,), ("Родители!G2",),
         ("Ожидалось 6 цифр, а их 5", "как текст")),
    Case("passport-number-as-number", cells({("Родители", "G2"): 321880, ("Родители", "F2"): 5711}),
         docs=consent_says("паспорт гражданина Российской Федерации серия 5711 № 321880")),
    Case("inn-as-number", cells({("Организация", "B7"): 12066623}), (1,), ("Организация!B7",),
         ("Ожидалось 10 цифр, а их 8", "как текст")),
    Case("dates-as-text-and-serial-numbers", cells({
            ("Наставляемые", "D2"): "12.12.2014",
            ("Наставляемые", "D3"): b.excel_serial(datetime(2015, 7, 20)),
            ("Родители", "I2"): " 03.09.2011 г."}),
         docs=consent_says("Романовны, 12.12.2014 года рождения", "выдан ГУ МВД России по Северогорской области 03.09.2011")),
    Case("digit-like-text-in-a-date", cells({("Наставляемые", "D2"): "²", ("Наставляемые", "D3"): "9" * 5000}),
         (1,), ("Наставляемые!D2", "Наставляемые!D3"), ("Не похоже на дату",)),
    Case("impossible-date", cells({("Наставляемые", "D2"): "31.02.2012"}), (1,), ("Наставляемые!D2",),
         ("Такой даты не существует: 31.02.2012",)),
    Case("birth-date-in-future", cells({("Наставляемые", "D2"): datetime(2027, 3, 1)}), (1,),
         ("Наставляемые!D2",), ("Дата рождения в будущем",)),
    Case("pupil-aged-3", cells({("Наставляемые", "D2"): datetime(2023, 6, 1)}), (1,), ("Наставляемые!D2",),
         ("человеку 3 года",)),
    Case("pupil-aged-70", cells({("Наставляемые", "D2"): datetime(1956, 5, 5)}), (1,), ("Наставляемые!D2",),
         ("обучающемуся 70 лет",)),
    # ------------------------------------------------------------------ sheets
    Case("merged-cells-in-data", workbook(_merge_class), (1,), ("Наставляемые!F2:F4",), ("объединены",)),
    Case("merged-title-row-in-table", workbook(_roadmap_title_row), (1,), ("Дорожная карта!A2:G2",),
         ("объединены",)),
    Case("hidden-rows-and-sheets", workbook(_hidden), docs=consent_says("Алексеевой Таисии Романовны")),
    Case("empty-rows-in-the-middle", workbook(_empty_rows), docs=consents_count(MINORS)),
    Case("note-far-below-in-a-data-column", cells({("Наставляемые", "A5000"): "примечание: список сверен"}),
         (1,), ("Наставляемые!D5000",), ("Обязательное поле не заполнено",)),
    Case("note-far-below-outside-the-table", cells({("Наставляемые", "X5000"): "примечание: список сверен",
                                                    ("Наставляемые", "AZ2"): "своя пометка"}),
         docs=consents_count(MINORS)),
    Case("value-in-A1048576", cells({("Наставляемые", "A1048576"): "заметка"}), (1,),
         ("Наставляемые!A1048576",), ("далеко за пределами таблицы",)),
    Case("value-in-XFD1048576", cells({("Наставляемые", "XFD1048576"): "заметка"}), (1,),
         ("Наставляемые!XFD1048576",), ("далеко за пределами таблицы",)),
    Case("value-in-XFD2", raw("Родители", ("XFD2", b.text_cell("XFD2", "x"))), (1,), ("Родители!XFD2",),
         ("далеко за пределами таблицы",)),
    Case("huge-dimension-only", sheet_xml("Наставляемые", lambda x: re.sub(
            r'<dimension ref="[^"]*"/>', '<dimension ref="A1:Z1048576"/>', x)), docs=consents_count(MINORS)),
    Case("formatted-empty-far-cell", raw("Наставляемые", ("XFD1048576", '<c r="XFD1048576" s="1"/>')),
         docs=consents_count(MINORS)),
    Case("ods-value-in-A1048576", b.ods_far_cell, (1,), ("Наставляемые!A1048576",),
         ("далеко за пределами таблицы",), name="реестр.ods"),
    Case("sheet-name-with-trailing-space", rename_sheet("Наставляемые", "Наставляемые "),
         docs=consents_count(MINORS)),
    Case("sheet-name-in-lowercase", rename_sheet("Родители", "родители"), docs=consents_count(MINORS)),
    Case("sheet-missing", workbook(_drop_sheet), (1,), ("Родители",), ("В книге нет листа «Родители»",)),
    Case("two-sheets-with-one-name", workbook(_twin_sheet), (1,), ("Наставляемые",),
         ("несколько листов с именем «Наставляемые»",)),
    Case("columns-reordered-and-renamed-slightly", workbook(_reorder_and_rename_headers),
         docs=consent_says("Романовны, 12.12.2014 года рождения")),
    Case("column-renamed", workbook(_bad_header), (1,), ("Наставляемые, строка 1",),
         ("Нет обязательного столбца «Дата рождения»",)),
    Case("header-not-in-row-1", workbook(_header_below(3)), docs=consents_count(MINORS)),
    Case("header-too-far-down", workbook(_header_below(25)), (1,), ("Наставляемые",),
         ("Не найдена строка заголовков: docgen ищет её в первых 20 строках",)),
    # ------------------------------------------------------------------ files
    Case("docx-renamed", b.docx_renamed, (1,), says=("документ Word",)),
    Case("csv-renamed", b.csv_renamed, (1,), says=("CSV",)),
    Case("password-protected-container", b.fake_encrypted, (1,), says=("защищён паролем",)),
    Case("truncated-zip", b.truncated, (1,), says=("повреждён",)),
    Case("empty-file", _empty_file, (1,), says=("пустой",)),
    Case("zip-bomb-2-gb", b.zip_bomb, (1,), ("Наставляемые",), ("слишком велик или повреждён", "2,0 ГБ")),
    Case("zip-bomb-in-styles", lambda dst: b.zip_bomb(dst, gigabytes=1.0, member="xl/styles.xml"), (1,),
         says=("слишком велик или повреждён", "xl/styles.xml")),
    Case("zip-member-lying-about-its-size", lambda dst: b.zip_bomb(dst, gigabytes=0.3, lie=True), (1,),
         says=("повреждён",)),
    Case("ods-named-xlsx", _ods_named_xlsx, (1,), says=("таблица LibreOffice (.ods)",)),
    Case("xls-that-is-junk", _xls_junk, (1,), says=("не читается",), name="реестр.xls"),
    Case("open-in-excel-and-libreoffice", _lock_files, docs=consents_count(MINORS)),
    Case("missing-file", _missing, (2,), says=("не найден",)),
    Case("directory-instead-of-file", _directory, (2,), says=("папка",)),
]
XFAIL: dict[str, str] = {}  # case id → why it is expected to fail (none at the moment)


# Successful cases each make 161 documents; these repeat what a fast sibling already covers (a
# name, a date, a layout variant), so they run with the slow tests (and in CI).
SLOW = {
    "all-caps-name", "all-lowercase-name", "yo-and-e", "ten-thousand-characters", "class-as-number",
    "passport-number-as-number", "dates-as-text-and-serial-numbers", "hidden-rows-and-sheets",
    "empty-rows-in-the-middle", "note-far-below-outside-the-table", "huge-dimension-only",
    "formatted-empty-far-cell", "sheet-name-with-trailing-space", "sheet-name-in-lowercase",
    "columns-reordered-and-renamed-slightly", "header-not-in-row-1",
}


def marks(case: Case) -> list:
    found = [pytest.mark.slow] if case.slow or case.id in SLOW else []
    if case.id in XFAIL:
        found.append(pytest.mark.xfail(reason=XFAIL[case.id], strict=True))
    return found


def params(cases: list[Case] = CASES) -> list:
    return [pytest.param(c, id=c.id, marks=marks(c)) for c in cases]


def case_by_id(case_id: str) -> Case:
    return next(c for c in CASES if c.id == case_id)
