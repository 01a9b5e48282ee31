"""The CLI as a user runs it: a real subprocess, exit codes, Russian messages, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import AS_OF, EXAMPLE, edited_copy, find_cell, org_cell


def docgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docgen", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_help_is_russian():
    result = docgen("--help")
    assert result.returncode == 0
    assert "Использование:" in result.stdout and "Команды" in result.stdout
    assert "Проверить РЕЕСТР" in result.stdout and "[ПАРАМЕТРЫ] КОМАНДА" in result.stdout


def test_check_example_is_clean():
    result = docgen("check", str(EXAMPLE), "--as-of", AS_OF)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "проблем нет" in result.stdout


@pytest.fixture
def broken(tmp_path) -> tuple[Path, str, str]:
    fio = find_cell(EXAMPLE, "Наставляемые", "ФИО", 14)
    birth = find_cell(EXAMPLE, "Наставляемые", "Дата рождения", 20)
    path = edited_copy(EXAMPLE, tmp_path / "broken.xlsx",
                       {("Наставляемые", fio): None, ("Наставляемые", birth): "31.02.2012"})
    return path, fio, birth


def test_check_reports_every_problem_with_its_cell(broken):
    path, fio, birth = broken
    result = docgen("check", str(path), "--as-of", AS_OF)
    assert result.returncode == 1
    assert f"Наставляемые!{fio}" in result.stdout and "Обязательное поле не заполнено" in result.stdout
    assert f"Наставляемые!{birth}" in result.stdout and "Такой даты не существует: 31.02.2012" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_check_json(broken):
    path, fio, birth = broken
    result = docgen("check", str(path), "--json", "--as-of", AS_OF)
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    cells = {p["cell"] for p in problems}
    assert {fio, birth} <= cells
    for p in problems:
        assert {"sheet", "row", "column", "cell", "value", "message"} <= set(p)


def test_make_refuses_broken_registry_and_writes_nothing(broken, tmp_path):
    path, _, _ = broken
    out = tmp_path / "out"
    result = docgen("make", "consent_parent", "-r", str(path), "-o", str(out), "--as-of", AS_OF)
    assert result.returncode == 1
    assert not out.exists() or not any(out.rglob("*.docx"))


def test_unknown_template_is_usage_error(tmp_path):
    result = docgen("make", "nope", "-r", str(EXAMPLE), "-o", str(tmp_path))
    assert result.returncode == 2
    assert "Шаблона «nope» нет" in result.stderr


def test_missing_registry_is_usage_error(tmp_path):
    result = docgen("check", str(tmp_path / "нет.xlsx"))
    assert result.returncode == 2 and "не найден" in result.stderr


def test_not_a_workbook(tmp_path):
    fake = tmp_path / "реестр.xlsx"
    fake.write_text("это не книга")
    result = docgen("check", str(fake))
    assert result.returncode == 1 and "не читается как книга" in result.stderr
    assert "Traceback" not in result.stderr


def test_list_json_has_both_templates():
    data = json.loads(docgen("list", "--json").stdout)
    ids = {t["id"] for t in data}
    assert {"order_intro", "consent_parent"} <= ids
    consent = next(t for t in data if t["id"] == "consent_parent")
    assert "несовершеннолетние" in consent["source"] and consent["kind"] == "consent"


def test_init_writes_a_registry_that_check_reads(tmp_path):
    path = tmp_path / "новый.xlsx"
    result = docgen("init", str(path))
    assert result.returncode == 0 and path.is_file()
    again = docgen("init", str(path))
    assert again.returncode == 2  # never overwrites
    checked = docgen("check", str(path))
    assert checked.returncode == 1  # empty: required values missing, reported, no crash
    assert "Организация!B" in checked.stdout
    assert "Traceback" not in checked.stderr


def test_literal_values_survive_to_the_document(tmp_path):
    from docx import Document

    cell = org_cell(EXAMPLE, "Сокращённое наименование")
    path = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {("Организация", cell): "МАОУ «СОШ № 7» & <Лицей> {{ 7*7 }}"})
    out = tmp_path / "out"
    result = docgen("make", "order_intro", "-r", str(path), "-o", str(out), "--as-of", AS_OF, "-q")
    assert result.returncode == 0, result.stderr
    order = next(out.rglob("*.docx"))
    text = "\n".join(p.text for p in Document(str(order)).paragraphs)
    assert "в МАОУ «СОШ № 7» & <Лицей> {{ 7*7 }} целевую модель" in text


# --------------------------------------------------------------------------- interrupted runs


def _processes_mentioning(text: str) -> list[int]:
    """LibreOffice processes whose command line mentions ``text``."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if text in cmdline and "office" in cmdline:  # LibreOffice (soffice / soffice.bin)
            pids.append(int(proc.name))
    return pids


def _start(tmp_path: Path, *args: str):
    import os

    tmp = tmp_path / "tmp"
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "docgen", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc, tmp


def _wait_for(predicate, seconds: float = 120) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_interrupted_run_leaves_no_files_and_no_libreoffice(tmp_path):
    import signal

    out = tmp_path / "out"
    proc, tmp = _start(tmp_path, "make", "consent_parent", "-r", str(EXAMPLE), "-o", str(out),
                       "--pdf", "--as-of", AS_OF, "-q")
    try:
        # Interrupt in the middle of the PDF step, while LibreOffice is converting.
        assert _wait_for(lambda: any(_processes_mentioning(str(out)))), "LibreOffice never started"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert "Прервано" in err
    assert [p for p in out.rglob("*") if p.is_file()] == []
    assert list(out.iterdir()) == []  # not even the staging folder
    assert _wait_for(lambda: not _processes_mentioning(str(out)), 20), "LibreOffice left running"
    assert list(tmp.iterdir()) == []


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_killed_run_leaves_only_hidden_staging_which_the_next_run_removes(tmp_path):
    import os
    import signal

    out = tmp_path / "out"
    proc, tmp = _start(tmp_path, "make", "consent_parent", "-r", str(EXAMPLE), "-o", str(out),
                       "--pdf", "--as-of", AS_OF, "-q")
    try:
        assert _wait_for(lambda: any(_processes_mentioning(str(out)))), "LibreOffice never started"
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
    finally:
        proc.kill()
        for pid in _processes_mentioning(str(out)):  # orphaned converters of the killed run
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    staging = list(out.glob(".docgen-tmp-*"))
    assert len(staging) == 1 and any(staging[0].rglob("*.docx"))
    visible = [p for p in out.iterdir() if not p.name.startswith(".")]
    assert visible == []  # no half-written batch where the user looks
    result = docgen("make", "consent_tracking", "-r", str(EXAMPLE), "-o", str(out), "--as-of", AS_OF,
                    "-q", "--where", "Класс=5А")
    assert result.returncode == 0, result.stderr
    assert not list(out.glob(".docgen-tmp-*"))


def test_unknown_selection_is_exit_2_with_what_exists(tmp_path):
    result = docgen("make", "consent_parent", "-r", str(EXAMPLE), "-o", str(tmp_path / "out"), "--as-of", AS_OF,
                    "--where", "Класс=7Г", "--where", "Клас=7А", "--person", "Несуществующий Человек")
    assert result.returncode == 2, result.stderr
    assert "Выбор строк — проблем: 3." in result.stderr
    assert "Есть: 5А; 5Б" in result.stderr and "Возможно, имелся в виду «Класс»" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.docx"))


def test_class_print_file_zip_and_summary(tmp_path):
    out = tmp_path / "out"
    result = docgen("make", "consent_parent", "consent_tracking", "-r", str(EXAMPLE), "-o", str(out),
                    "--as-of", AS_OF, "-q", "--where", "Класс=9Б", "--duplex", "--zip")
    assert result.returncode == 0, result.stderr
    assert "выбор: Класс=9Б" in result.stdout
    assert "для печати: Для печати/Согласия родителей — Класс=9Б — " in result.stdout
    assert "архив: Документы " in result.stdout and "опись: Опись " in result.stdout
    assert len(list((out / "Учёт согласий").iterdir())) == 1
