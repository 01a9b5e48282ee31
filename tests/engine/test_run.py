"""Batches through the API: selections, consent tracking, inventory, zip, atomic publication."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from docgen import api
from docgen.errors import OutputError, UsageError
from docgen.output.files import STAGING_PREFIX
from docgen.ru import age_on
from tests.helpers import EXAMPLE, column_of, docx_text, edited_copy, sheet_rows

AS_OF = date(2026, 11, 23)


def _klass(value) -> str:
    return re.sub(r"[\s«»\"-]", "", str(value or "")).upper()


@pytest.fixture(scope="module")
def mentees():
    ws = openpyxl.load_workbook(EXAMPLE, read_only=True)["Наставляемые"]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if r[0]]


def _minors(mentees, klass):
    return [m for m in mentees if _klass(m["Класс"]) == klass and age_on(m["Дата рождения"].date(), AS_OF) < 18]


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_one_class_with_inventory_and_zip(tmp_path, mentees):
    out = tmp_path / "out"
    sel = api.Selection.parse(where=["Класс=7А"])
    result = api.make(["consent_parent"], EXAMPLE, out, as_of=AS_OF, select=sel, outputs=api.Outputs(zip=True))
    expected = _minors(mentees, "7А")
    assert len(result.files) == result.counts["consent_parent"] == len(expected) > 0
    for m in expected:
        assert any(m["ФИО"] in p.name for p in result.files)
    # nothing but the batch in the folder, no staging left
    assert not list(out.glob(STAGING_PREFIX + "*"))

    # inventory: every file with its real SHA-256, in .xlsx and .csv
    xlsx, csv_path = result.manifest
    ws = openpyxl.load_workbook(xlsx, read_only=True)["Опись"]
    rows = [r for r in ws.iter_rows(min_row=6, values_only=True) if r[0]]
    assert len(rows) == len(result.files)
    for row in rows:
        number, title, kind, record, person, file, digest, size, made = row
        assert _sha(out / file) == digest and (out / file).stat().st_size == size
        assert record.startswith("Наставляемые!") and person in file
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        csv_rows = list(csv.reader(fh, delimiter=";"))
    assert csv_rows[0][0] == "№" and len(csv_rows) == len(rows) + 1
    assert {r[6] for r in csv_rows[1:]} == {r[6] for r in rows}

    # zip: Cyrillic names flagged as UTF-8, same bytes as the files
    with zipfile.ZipFile(result.archive) as zf:
        names = zf.namelist()
        assert sorted(names) == sorted(p.relative_to(out).as_posix() for p in result.all_files if p != result.archive)
        for info in zf.infolist():
            assert info.flag_bits & 0x800, info.filename
            assert hashlib.sha256(zf.read(info)).hexdigest() == _sha(out / info.filename)


def test_consent_tracking_one_sheet_per_class(tmp_path, mentees):
    result = api.make(["consent_tracking"], EXAMPLE, tmp_path, as_of=AS_OF)
    classes = sorted({_klass(m["Класс"]) for m in mentees if m["Класс"] and age_on(m["Дата рождения"].date(), AS_OF) < 18},
                     key=lambda k: (int(k[:-1]), k[-1]))
    assert [p.name.split(" ")[0] for p in result.files] == classes  # 5А … 11В, in natural order
    sheet = next(p for p in result.files if p.name.startswith("7А "))
    text = docx_text(sheet)
    minors = _minors(mentees, "7А")
    missing = [m for m in minors if m["Согласие получено"] is None]
    issued = [m for m in minors if m["Согласие выдано"] is not None]
    for m in minors:
        assert m["ФИО"] in text
    assert (f"Выдано бланков согласия на обработку: {len(issued)}; получено согласий на обработку: "
            f"{len(minors) - len(missing)}; не получено: {len(missing)};") in text
    assert text.count("\nнет") >= len(missing)


def test_without_consent_selection_feeds_the_consent_forms(tmp_path, mentees):
    sel = api.Selection.parse(without_consent=True, where=["Класс=7А"])
    result = api.make(["consent_parent"], EXAMPLE, tmp_path, as_of=AS_OF, select=sel)
    expected = [m for m in _minors(mentees, "7А") if m["Согласие получено"] is None]
    assert sorted(p.name.split(" — ")[0][3:] for p in result.files) == sorted(m["ФИО"] for m in expected)


def test_namesakes_get_distinct_files(tmp_path):
    path = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {("Наставляемые", "B53"): "Демидова София Андреевна"})
    result = api.make(["consent_parent"], path, tmp_path / "out", as_of=AS_OF,
                      select=api.Selection.parse(where=["Класс=7А"]))
    names = sorted(p.name for p in result.files if "Демидова София" in p.name)
    assert names == ["7А Демидова София Андреевна — согласие родителя (2).docx",
                     "7А Демидова София Андреевна — согласие родителя.docx"]


def test_selection_on_a_whole_registry_document_is_refused(tmp_path):
    with pytest.raises(UsageError, match="Выбор строк применяется"):
        api.make(["order_intro"], EXAMPLE, tmp_path, as_of=AS_OF,
                 select=api.Selection.parse(where=["Класс=7А"]), orders=api.OrderOptions(register=False))


def test_selection_that_selects_nothing_is_an_error(tmp_path):
    with pytest.raises(UsageError, match="не выбрано ни одной строки"):
        api.make(["consent_parent"], EXAMPLE, tmp_path / "out", as_of=AS_OF,
                 select=api.Selection.parse(where=["Класс=7А"], minors=False))
    assert not any((tmp_path / "out").rglob("*.docx"))


def test_blocked_publication_publishes_nothing(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "Учёт согласий").write_text("a file where the folder should be")
    with pytest.raises(OutputError, match="нужна папка"):
        api.make(["consent_parent", "consent_tracking"], EXAMPLE, out, as_of=AS_OF)
    assert sorted(p.name for p in out.iterdir()) == ["Учёт согласий"]


def test_staging_of_a_killed_run_is_cleaned_up(tmp_path):
    out = tmp_path / "out"
    dead = out / f"{STAGING_PREFIX}999999999-abc"
    (dead / "Согласия родителей").mkdir(parents=True)
    (dead / "Согласия родителей" / "half.docx").write_bytes(b"PK")
    alive = out / f"{STAGING_PREFIX}{os.getpid()}-xyz"
    alive.mkdir()
    api.make(["consent_tracking"], EXAMPLE, out, as_of=AS_OF, select=api.Selection.parse(where=["Класс=5А"]))
    assert not dead.exists()
    assert alive.exists()  # a running process's staging is left alone


# --------------------------------------------------------------------------- orders and the journal


def _members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def _journal(path) -> list[tuple]:
    ws = openpyxl.load_workbook(path, read_only=True)["Приказы"]
    return [r for r in ws.iter_rows(values_only=True) if r[0]]


def test_two_orders_in_a_row_get_consecutive_numbers(tmp_path):
    reg = tmp_path / "реестр.xlsx"
    reg.write_bytes(EXAMPLE.read_bytes())
    before = _members(reg)
    first = api.make(["order_intro"], reg, tmp_path / "out", as_of=AS_OF,
                     orders=api.OrderOptions(date=date(2025, 10, 1)))
    second = api.make(["order_intro"], reg, tmp_path / "out", as_of=AS_OF,
                      orders=api.OrderOptions(date=date(2025, 10, 2)))
    # the example's 2025 journal ends with «125-од» on row 16
    assert first.registered[0].startswith("№ 126-од от 01.10.2025")
    assert second.registered[0].startswith("№ 127-од от 02.10.2025")
    assert "(Приказы!A18)" in second.registered[0]
    rows = _journal(reg)
    assert [r[0] for r in rows[-2:]] == ["126-од", "127-од"]
    assert rows[-1][2] == "order_intro" and rows[-1][3] == "О внедрении целевой модели наставничества"
    assert rows[-1][5] == second.files[0].relative_to(tmp_path / "out").as_posix()
    assert "127-од" in docx_text(second.files[0])
    after = _members(reg)
    changed = [name for name in before if before[name] != after[name]]
    assert len(changed) == 1 and changed[0].startswith("xl/worksheets/")
    assert set(before) == set(after)


def test_order_is_refused_while_the_workbook_is_open_and_nothing_is_written(tmp_path):
    reg = tmp_path / "реестр.xlsx"
    reg.write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "~$реестр.xlsx").write_bytes(b"\0" * 165)
    with pytest.raises(OutputError, match="открыт"):
        api.make(["order_intro"], reg, tmp_path / "out", as_of=AS_OF)
    assert reg.read_bytes() == EXAMPLE.read_bytes()
    assert not any((tmp_path / "out").rglob("*.docx"))


def test_failed_batch_writes_no_journal_row(tmp_path):
    reg = tmp_path / "реестр.xlsx"
    reg.write_bytes(EXAMPLE.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    (out / "Приказы").write_text("a file where the folder should be")
    with pytest.raises(OutputError):
        api.make(["order_intro"], reg, out, as_of=AS_OF)
    assert reg.read_bytes() == EXAMPLE.read_bytes()


def test_reprint_takes_the_journal_row_and_writes_nothing(tmp_path):
    reg = tmp_path / "реестр.xlsx"
    reg.write_bytes(EXAMPLE.read_bytes())
    result = api.make(["order_intro"], reg, tmp_path / "out", as_of=AS_OF,
                      orders=api.OrderOptions(register=False, number="118-ОД"))
    assert result.registered == []
    assert result.files[0].name.startswith("Приказ № 118-од от 01.09.2025")
    assert reg.read_bytes() == EXAMPLE.read_bytes()


def test_the_bundled_example_is_never_written(tmp_path):
    with pytest.raises(UsageError, match="Встроенный пример"):
        api.make(["order_intro"], api.example_registry(), tmp_path, as_of=AS_OF)


# --------------------------------------------------------------------------- both cores


def test_large_batch_on_both_cores_gives_the_same_files(tmp_path, monkeypatch):
    """Above PARALLEL_FROM documents the batch forks workers; the files must be byte for byte
    those of the one-process path, and the inventory's hashes must match them."""
    import docgen.engine.pool as batch
    from tests.helpers import bigger_registry

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795424400")  # documents carry the run's time: pin it
    reg = bigger_registry(EXAMPLE, tmp_path / "big.xlsx", 450)
    parallel = api.make(["consent_parent"], reg, tmp_path / "two", as_of=AS_OF,
                        outputs=api.Outputs(merge=True))
    if batch.workers_for(len(parallel.files)) < 2:
        pytest.skip("this machine renders in one process")
    monkeypatch.setattr(batch, "PARALLEL_FROM", 10**9)
    single = api.make(["consent_parent"], reg, tmp_path / "one", as_of=AS_OF, outputs=api.Outputs(merge=True))
    assert len(parallel.files) == len(single.files) >= batch._CHUNK * 3
    for a, b in zip(parallel.files, single.files):
        assert a.name == b.name and a.read_bytes() == b.read_bytes(), a.name
    assert parallel.print_files[0].read_bytes() == single.print_files[0].read_bytes()
    ws = openpyxl.load_workbook(parallel.manifest[0], read_only=True)["Опись"]
    listed = {r[5]: r[6] for r in ws.iter_rows(min_row=6, values_only=True) if r[0]}
    for f in parallel.files:
        assert listed[f.relative_to(tmp_path / "two").as_posix()] == _sha(f)


def test_print_files_of_templates_sharing_a_folder_are_named_by_title(tmp_path):
    result = api.make(["protocol_review", "protocol_interview"], EXAMPLE, tmp_path / "out", as_of=AS_OF,
                      outputs=api.Outputs(merge=True))
    names = sorted(p.name for p in result.print_files)
    assert names == ["Протокол рассмотрения кандидатуры в наставники — 6 шт.docx",
                     "Протокол собеседования с кандидатом в наставники — 6 шт.docx"]


def registry_copy(tmp_path: Path) -> Path:
    reg = tmp_path / "реестр" / "реестр.xlsx"
    reg.parent.mkdir()
    shutil.copy(EXAMPLE, reg)
    return reg


def test_a_journal_refused_after_publishing_says_the_documents_are_kept(tmp_path):
    """The registry opened in Excel between the start and the end of a run: the documents are in
    place, the message says so, and the next run writes the row."""
    reg, out = registry_copy(tmp_path), tmp_path / "приказы"
    from docgen.journal import session

    real = session.Journal.commit

    def opened_in_excel(self):
        (reg.parent / f"~${reg.name}").write_text("x")
        return real(self)

    session.Journal.commit = opened_in_excel
    try:
        with pytest.raises(OutputError) as info:
            api.make(["order_intro"], reg, out, as_of=AS_OF)
    finally:
        session.Journal.commit = real
    assert "Документы сохранены в папке" in str(info.value) and "открыт в Excel" in str(info.value)
    assert list(out.rglob("*.docx"))
    (reg.parent / f"~${reg.name}").unlink()
    result = api.make(["order_curator"], reg, tmp_path / "ещё", as_of=AS_OF)
    assert any("дописаны" in note for note in result.recovered)


# --------------------------------------------------------------------------- the class teacher


def test_tracking_sheet_names_the_class_teacher(tmp_path):
    rows = [r for r in sheet_rows(EXAMPLE, "Наставляемые") if r["Класс"]]
    teacher = next(r["Классный руководитель"] for r in rows if _klass(r["Класс"]) == "7А")
    assert teacher
    result = api.make(["consent_tracking"], EXAMPLE, tmp_path / "out", as_of=AS_OF,
                      select=api.Selection.parse(where=["Класс=7А"]))
    assert f"Классный руководитель: {teacher}" in docx_text(result.files[0])


def test_tracking_sheet_without_a_teacher_keeps_the_line_and_disagreeing_rows_show_both(tmp_path):
    letter = column_of(EXAMPLE, "Наставляемые", "Классный руководитель")
    rows = [r["_row"] for r in sheet_rows(EXAMPLE, "Наставляемые") if _klass(r["Класс"]) == "7А"]
    edits: dict[tuple[str, str], object] = {("Наставляемые", f"{letter}{n}"): None for n in rows}
    reg = edited_copy(EXAMPLE, tmp_path / "без.xlsx", edits)
    result = api.make(["consent_tracking"], reg, tmp_path / "a", as_of=AS_OF, select=api.Selection.parse(where=["Класс=7А"]))
    assert "Классный руководитель: ______" in docx_text(result.files[0])
    edits = {("Наставляемые", f"{letter}{rows[0]}"): "Иванова А. Б.", ("Наставляемые", f"{letter}{rows[1]}"): "Петров В. Г."}
    reg = edited_copy(reg, tmp_path / "два.xlsx", edits)
    result = api.make(["consent_tracking"], reg, tmp_path / "b", as_of=AS_OF, select=api.Selection.parse(where=["Класс=7А"]))
    assert "Классный руководитель: Иванова А. Б., Петров В. Г." in docx_text(result.files[0])


def test_a_class_teacher_is_capitalised_as_any_name(tmp_path):
    """«иванова мария петровна» is a name like any ФИО: capitalised as one (records.validate);
    ALL CAPS stay as typed, as for every name."""
    letter = column_of(EXAMPLE, "Наставляемые", "Классный руководитель")
    rows = [r["_row"] for r in sheet_rows(EXAMPLE, "Наставляемые") if _klass(r["Класс"]) == "7А"]
    reg = edited_copy(EXAMPLE, tmp_path / "r.xlsx",
                      {("Наставляемые", f"{letter}{n}"): "иванова  мария петровна" for n in rows})
    result = api.make(["consent_tracking"], reg, tmp_path / "out", as_of=AS_OF, select=api.Selection.parse(where=["Класс=7А"]))
    assert "Классный руководитель: Иванова Мария Петровна" in docx_text(result.files[0])
