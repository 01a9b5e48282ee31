"""The CLI (docgen.adapters.cli) in-process through click's CliRunner: exit codes, Russian
messages on the right stream, no traceback. `_run` turns docgen's errors into a message and
``sys.exit(code)``, which CliRunner records as the exit code, exactly as `docgen` exits
(``run_cli`` in tests/helpers.py).
One real subprocess run of each exit code is in tests/acceptance/test_cli.py."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from docgen.adapters import cli as cli_module
from docgen.packtools.scaffold import new_pack
from tests.helpers import (
    AS_OF,
    EXAMPLE,
    ROOT,
    add_paragraph,
    column_of,
    edited_copy,
    find_cell,
    org_cell,
    run_cli,
)


def test_help_is_russian():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "Использование:" in result.stdout and "Команды" in result.stdout
    assert "Проверить РЕЕСТР" in result.stdout and "[ПАРАМЕТРЫ] КОМАНДА" in result.stdout


def test_check_example_is_clean():
    result = run_cli("check", str(EXAMPLE), "--as-of", AS_OF)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "проблем нет" in result.stdout


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> tuple[Path, str, str]:
    """A registry with an empty name and an impossible date (read-only for the tests using it)."""
    fio = find_cell(EXAMPLE, "Наставляемые", "ФИО", 14)
    birth = find_cell(EXAMPLE, "Наставляемые", "Дата рождения", 20)
    path = edited_copy(EXAMPLE, tmp_path_factory.mktemp("broken") / "broken.xlsx",
                       {("Наставляемые", fio): None, ("Наставляемые", birth): "31.02.2012"})
    return path, fio, birth


def test_check_reports_every_problem_with_its_cell(broken):
    path, fio, birth = broken
    result = run_cli("check", str(path), "--as-of", AS_OF)
    assert result.returncode == 1
    assert f"Наставляемые!{fio}" in result.stdout and "Обязательное поле не заполнено" in result.stdout
    assert f"Наставляемые!{birth}" in result.stdout and "Такой даты не существует: 31.02.2012" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_check_json(broken):
    path, fio, birth = broken
    result = run_cli("check", str(path), "--json", "--as-of", AS_OF)
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    cells = {p["cell"] for p in problems}
    assert {fio, birth} <= cells
    for p in problems:
        assert {"sheet", "row", "column", "cell", "value", "message"} <= set(p)


def test_make_refuses_broken_registry_and_writes_nothing(broken, tmp_path):
    path, _, _ = broken
    out = tmp_path / "out"
    result = run_cli("make", "consent_parent", "-r", str(path), "-o", str(out), "--as-of", AS_OF)
    assert result.returncode == 1
    assert not out.exists() or not any(out.rglob("*.docx"))


def test_unknown_template_is_usage_error(tmp_path):
    result = run_cli("make", "nope", "-r", str(EXAMPLE), "-o", str(tmp_path))
    assert result.returncode == 2
    assert "Шаблона «nope» нет" in result.stderr


def test_missing_registry_is_usage_error(tmp_path):
    result = run_cli("check", str(tmp_path / "нет.xlsx"))
    assert result.returncode == 2 and "не найден" in result.stderr


def test_not_a_workbook(tmp_path):
    fake = tmp_path / "реестр.xlsx"
    fake.write_text("это не книга")
    result = run_cli("check", str(fake))
    assert result.returncode == 1 and "не читается как книга" in result.stderr
    assert "Traceback" not in result.stderr


def test_list_json_has_both_templates():
    data = json.loads(run_cli("list", "--json").stdout)
    ids = {t["id"] for t in data}
    assert {"order_intro", "consent_parent"} <= ids
    consent = next(t for t in data if t["id"] == "consent_parent")
    assert "несовершеннолетние" in consent["source"] and consent["kind"] == "consent"


def test_init_writes_a_registry_that_check_reads(tmp_path):
    path = tmp_path / "новый.xlsx"
    result = run_cli("init", str(path))
    assert result.returncode == 0 and path.is_file()
    again = run_cli("init", str(path))
    assert again.returncode == 2  # never overwrites
    checked = run_cli("check", str(path))
    assert checked.returncode == 1  # empty: required values missing, reported, no crash
    assert "Организация!B" in checked.stdout
    assert "Traceback" not in checked.stderr


def test_literal_values_survive_to_the_document(tmp_path):
    from docx import Document

    cell = org_cell(EXAMPLE, "Сокращённое наименование")
    path = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {("Организация", cell): "МАОУ «СОШ № 7» & <Лицей> {{ 7*7 }}"})
    out = tmp_path / "out"
    result = run_cli("make", "order_intro", "-r", str(path), "-o", str(out), "--as-of", AS_OF, "-q")
    assert result.returncode == 0, result.stderr
    order = next(out.rglob("*.docx"))
    text = "\n".join(p.text for p in Document(str(order)).paragraphs)
    assert "в МАОУ «СОШ № 7» & <Лицей> {{ 7*7 }} целевую модель" in text


def test_unknown_selection_is_exit_2_with_what_exists(tmp_path):
    result = run_cli("make", "consent_parent", "-r", str(EXAMPLE), "-o", str(tmp_path / "out"), "--as-of", AS_OF,
                    "--where", "Класс=7Г", "--where", "Клас=7А", "--person", "Несуществующий Человек")
    assert result.returncode == 2, result.stderr
    assert "Выбор строк — проблем: 3." in result.stderr
    assert "Есть: 5А; 5Б" in result.stderr and "Возможно, имелся в виду «Класс»" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.docx"))


def test_class_print_file_zip_and_summary(tmp_path):
    out = tmp_path / "out"
    result = run_cli("make", "consent_parent", "consent_tracking", "-r", str(EXAMPLE), "-o", str(out),
                    "--as-of", AS_OF, "-q", "--where", "Класс=9Б", "--duplex", "--zip")
    assert result.returncode == 0, result.stderr
    assert "выбор: Класс=9Б" in result.stdout
    assert "для печати: Для печати/Согласия родителей — Класс=9Б — " in result.stdout
    assert "архив: Документы " in result.stdout and "опись: Описи/Опись " in result.stdout
    assert len(list((out / "Учёт согласий").iterdir())) == 1


def test_pack_lint_exit_code_and_summary(pack):
    """A pack with an error: exit 1 and the problem named (a clean one: the next test)."""
    add_paragraph(pack, ("{{ nonexistent }}", False))
    result = run_cli("pack", "lint", str(pack))
    assert result.returncode == 1
    assert "[ошибка] spravka_mentor: templates/spravka_mentor.docx — поле «nonexistent»" in result.stdout
    assert "Ошибок: 1, предупреждений: 0." in result.stdout


@pytest.mark.slow  # the built-in pack's lint renders every template: ~10 s
def test_pack_lint_of_the_builtin_pack_exits_0(builtin_lint, monkeypatch):
    """The built-in pack: exit 0 and «Ошибок: 0». Its report is the session's ``builtin_lint``
    (tests/conftest.py: the same ``lint_pack(ROOT)`` call), not a second run of it."""
    real = cli_module._lint.lint_pack

    def lint(folder, **kwargs):
        if Path(folder).resolve() == ROOT and kwargs == {"registry_path": None, "as_of": None}:
            return builtin_lint
        return real(folder, **kwargs)

    monkeypatch.setattr(cli_module._lint, "lint_pack", lint)
    ok = run_cli("pack", "lint", str(ROOT))
    assert ok.returncode == 0 and "Ошибок: 0" in ok.stdout


def test_fields():
    one = run_cli("fields", "order_intro")
    assert one.returncode == 0
    assert "{{ curator }}" in one.stdout and "откуда: лист «Организация», строка «Куратор внедрения ЦМН»" in one.stdout
    none = run_cli("fields")
    assert none.returncode == 2 and "--all" in none.stderr


@pytest.fixture
def pack(tmp_path) -> Path:
    """A freshly scaffolded pack folder (the one with pack.yaml)."""
    return new_pack("school", tmp_path / "school") / "docgen_pack_school"


def test_main_turns_an_internal_error_into_exit_3_without_a_traceback(monkeypatch, capsys):
    """`main()` around the CLI (what the `docgen` script runs): a bug outside the API calls is
    one Russian line and exit 3; SIGTERM is handled like Ctrl-C (the handler is recorded here,
    not installed in the test process)."""
    handlers = {}
    monkeypatch.setattr(cli_module.signal, "signal", lambda sig, handler: handlers.setdefault(sig, handler))

    def broken(**kwargs):
        raise RuntimeError("персональные данные из реестра")

    monkeypatch.setattr(cli_module, "cli", broken)
    monkeypatch.delenv("DOCGEN_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        cli_module.main()
    assert exit_info.value.code == 3
    err = capsys.readouterr().err
    assert "Внутренняя ошибка docgen (RuntimeError)" in err and "DOCGEN_DEBUG=1" in err
    assert "Traceback" not in err and "персональные данные" not in err
    with pytest.raises(KeyboardInterrupt):
        handlers[cli_module.signal.SIGTERM](cli_module.signal.SIGTERM, None)


# --------------------------------------------------------------------------- the district (issue 17)

DISTRICT_EXAMPLE = ROOT / "examples" / "district"


def test_init_district_writes_a_district_registry(tmp_path):
    import openpyxl

    result = run_cli("init", "--district", str(tmp_path / "район.xlsx"))
    assert result.returncode == 0, result.stderr
    assert "реестр района" in result.stdout
    names = openpyxl.load_workbook(tmp_path / "район.xlsx", read_only=True).sheetnames
    assert "Школы" in names and "Наставляемые" not in names


def test_svod_reports_the_schools_counted_and_the_tables(tmp_path):
    result = run_cli("svod", "-r", str(DISTRICT_EXAMPLE / "registry.xlsx"), str(DISTRICT_EXAMPLE / "schools"),
                     "-o", str(tmp_path / "out"), "-q", "--as-of", AS_OF, "-t", "district_schools")
    assert result.returncode == 0, result.stderr
    assert "учтено реестров школ: 7" in result.stdout
    assert "таблица: Отчёты/Сводный реестр наставников и наставляемых" in result.stdout
    assert len(list((tmp_path / "out").rglob("*.docx"))) == 2


def test_svod_names_a_broken_registry_and_strict_stops(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    args = ["svod", "-r", str(DISTRICT_EXAMPLE / "registry.xlsx"), str(DISTRICT_EXAMPLE / "schools" / "school-001.xlsx"),
            str(broken), "-q", "--as-of", AS_OF]
    result = run_cli(*args, "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "не учтён реестр broken.xlsx" in result.stdout
    strict = run_cli(*args, "-o", str(tmp_path / "strict"), "--strict")
    assert strict.returncode != 0 and "broken.xlsx" in strict.stderr
    assert not (tmp_path / "strict").exists()


def test_a_district_template_from_a_school_registry_is_refused_in_one_sentence(tmp_path):
    result = run_cli("make", "district_schools", "-r", str(EXAMPLE), "-o", str(tmp_path / "x"))
    assert result.returncode != 0
    assert "реестр школы, а эти шаблоны делаются из реестра района" in result.stderr


def test_make_consents_for_each_parent_and_record_them_issued(tmp_path):
    letter = column_of(EXAMPLE, "Наставляемые", "Согласие выдано")
    received = column_of(EXAMPLE, "Наставляемые", "Согласие получено")
    reg = edited_copy(EXAMPLE, tmp_path / "реестр.xlsx", {("Наставляемые", f"{letter}2"): None,
                                                            ("Наставляемые", f"{received}2"): None})
    r = run_cli("make", "consent_parent", "-r", str(reg), "-o", str(tmp_path / "out"), "--person", "У-001",
                "--parent", "каждый", "--record-issued", "--as-of", "23.11.2026", "-q")
    assert r.returncode == 0, r.stderr
    assert f"«Согласие выдано» отмечено: 1 (Наставляемые!{letter}2)" in r.stdout
    assert openpyxl.load_workbook(reg)["Наставляемые"][f"{letter}2"].value == datetime(2026, 11, 23)
    r = run_cli("make", "consent_parent", "-r", str(reg), "-o", str(tmp_path / "out2"), "--person", "У-001",
                "--parent", "мать", "-q")
    assert r.returncode == 0, r.stderr
    assert "документ не сформирован — нет родителя, который должен подписать (1):" in r.stdout
    assert "(Наставляемые!2): на листе «Родители» нет родителя «мать» (указаны: отец)" in r.stdout


class _Left(Exception):
    """os._exit, recorded instead of ending the test process."""


@pytest.mark.parametrize(("ending", "status"), [(None, 0), (0, 0), (2, 2), ("сообщение", 1)])
def test_script_runs_the_exit_handlers_flushes_and_keeps_the_exit_status(monkeypatch, capsys, ending, status):
    """The `docgen` command skips Python's teardown (0.1 s after a batch of 1000) but not what
    the teardown would have done for docgen: exit handlers run, streams are flushed, the status
    is the one `main()` gave."""
    ran: list[str] = []
    left: list[int] = []

    def main() -> None:
        print("итог запуска")
        if ending is not None:
            raise SystemExit(ending)

    def fake_exit(code: int) -> None:
        left.append(code)
        raise _Left

    monkeypatch.setattr(cli_module, "main", main)
    monkeypatch.setattr(cli_module.os, "_exit", fake_exit)
    monkeypatch.setattr(cli_module.atexit, "_run_exitfuncs", lambda: ran.append("handlers run"))
    with pytest.raises(_Left):
        cli_module.script()
    assert left == [status]
    assert ran == ["handlers run"]
    out = capsys.readouterr()
    assert "итог запуска" in out.out
    if isinstance(ending, str):
        assert "сообщение" in out.err
