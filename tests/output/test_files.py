"""Where documents land: safe names (no invisible or bidi characters pretending to be something
else), private permissions, a full or read-only disk, the registry never overwritten — each a
Russian error and nothing half-written."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from docgen import api
from docgen.errors import OutputError
from docgen.output.files import STAGING_PREFIX, BatchWriter, safe_name
from tests.helpers import EXAMPLE, edited_copy, find_cell, run_cli

AS_OF = date(2026, 11, 23)


@pytest.mark.parametrize("raw, expected", [
    ("../../x", "_.._x"),
    ("CON", "_CON"),
    ("con.txt", "_con.txt"),
    ("LPT1", "_LPT1"),
    ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j"),
    ("Иванов\x00\x1f Иван", "Иванов_ Иван"),
    ("...", "документ"),
    ("", "документ"),
])
def test_safe_name(raw, expected):
    name = safe_name(raw)
    assert name == safe_name(name)  # stable
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert name == expected


def test_safe_name_cannot_leave_the_folder_and_is_length_limited(tmp_path):
    with BatchWriter(tmp_path / "out") as writer:
        final = writer.add("../..", "../../../etc/passwd", b"x")
        long = writer.add("Согласия", "Я" * 500, b"y")
        writer.publish()
    assert final.resolve().is_relative_to((tmp_path / "out").resolve())
    assert len(long.stem) <= 120 and long.read_bytes() == b"y"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_documents_are_private_to_their_owner(tmp_path):
    result = api.make(["consent_tracking"], EXAMPLE, tmp_path / "new" / "out", as_of=AS_OF,
                      select=api.Selection.parse(where=["Класс=5А"]))
    out = tmp_path / "new" / "out"
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for path in [*result.all_files, result.files[0].parent]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_the_registry_is_never_overwritten(tmp_path):
    from docgen.output.files import BatchWriter

    reg = tmp_path / "Документ.docx"
    reg.write_bytes(b"registry")
    with BatchWriter(tmp_path, protect=(reg,)) as writer:  # a file docgen did not write is kept:
        final = writer.add("", "Документ", b"new")  # the new one goes beside it
        writer.publish()
    assert reg.read_bytes() == b"registry" and final.name == "Документ (2).docx"



def test_a_document_cannot_take_the_registrys_place_through_a_link(tmp_path):
    """check_targets resolves a target that exists (a link to the registry) in full."""
    reg = tmp_path / "реестр.xlsx"
    reg.write_bytes(b"registry")
    out = tmp_path / "out"
    out.mkdir()
    writer = BatchWriter(out, protect=(reg,))
    with writer:
        final = writer.add("", "Документ", b"new")
        os.symlink(reg, final)
        with pytest.raises(OutputError, match="место файла реестра"):
            writer.check_targets()
    assert reg.read_bytes() == b"registry"


def test_targets_are_checked_per_folder_not_per_file(tmp_path, monkeypatch):
    """1000 documents of one folder: the folder is resolved once, not each file (issue 19)."""
    calls = {"resolve": 0}
    real = Path.resolve

    def counting(self, *args, **kwargs):
        calls["resolve"] += 1
        return real(self, *args, **kwargs)

    reg = tmp_path / "реестр.xlsx"
    reg.write_bytes(b"registry")
    with BatchWriter(tmp_path / "out", protect=(reg,)) as writer:
        for i in range(200):
            writer.add("Согласия", f"Документ {i}", b"x")
        monkeypatch.setattr(Path, "resolve", counting)
        writer.check_targets()
        monkeypatch.undo()
        writer.publish()
    assert calls["resolve"] <= 2
    assert len(list((tmp_path / "out" / "Согласия").iterdir())) == 200


def test_the_ledger_takes_the_digest_the_writer_computed(tmp_path, monkeypatch):
    """A document whose SHA-256 its worker computed is not read again at publish (issue 19);
    one without is hashed from the file."""
    import hashlib

    import docgen.output.files as files

    read: list[Path] = []
    real = files.file_sha256

    def counting(path):
        read.append(path)
        return real(path)

    monkeypatch.setattr(files, "file_sha256", counting)
    with BatchWriter(tmp_path / "out") as writer:
        known = writer.add("Согласия", "Известный", b"known")
        writer.know_digest(known, hashlib.sha256(b"known").hexdigest())
        writer.add("Согласия", "Новый", b"other")
        writer.publish()
    assert [p.name for p in read] == ["Новый.docx"]
    from docgen.output.ledger import Ledger

    ledger = Ledger(tmp_path / "out").load()
    assert ledger.untouched(tmp_path / "out" / "Согласия" / "Известный.docx")
    assert ledger.untouched(tmp_path / "out" / "Согласия" / "Новый.docx")

@contextmanager
def _tmpfs(path: Path, options: str):
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


@pytest.mark.skipif(sys.platform != "linux", reason="tmpfs")
def test_disk_full_midway_leaves_nothing(tmp_path):
    with _tmpfs(tmp_path / "small", "size=600k,mode=0777") as disk:
        out = disk / "out"
        with pytest.raises(OutputError) as info:
            api.make(["consent_parent"], EXAMPLE, out, as_of=AS_OF)
        assert "на диске закончилось место" in str(info.value)
        assert [p for p in out.rglob("*") if p.is_file()] == []
        assert not list(out.glob(STAGING_PREFIX + "*"))


@pytest.mark.skipif(sys.platform != "linux", reason="tmpfs")
def test_read_only_disk_is_a_russian_error(tmp_path):
    with _tmpfs(tmp_path / "ro", "ro,size=100k") as disk:
        result = run_cli("make", "consent_tracking", "-r", str(EXAMPLE), "-o", str(disk / "out"),
                         "--as-of", "23.11.2026", "-q")
    assert result.returncode == 1
    assert "только для чтения" in result.stderr and "Traceback" not in result.stderr


def test_two_runs_into_one_folder_at_once_both_complete(tmp_path):
    """Two batches publishing into the same folder at the same time: both sets of files end up
    complete (the later one replaces same-named files), and neither run fails."""
    import threading

    out = tmp_path / "out"
    errors: list[BaseException] = []

    def run(klass: str) -> None:
        try:
            api.make(["consent_parent", "consent_tracking"], EXAMPLE, out, as_of=AS_OF,
                     select=api.Selection.parse(where=[f"Класс={klass}"]), outputs=api.Outputs(merge=True))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k,)) for k in ("5А", "6Б")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    names = [p.name for p in (out / "Согласия родителей").iterdir()]
    assert any(n.startswith("5А ") for n in names) and any(n.startswith("6Б ") for n in names)
    assert len(list((out / "Учёт согласий").iterdir())) == 2
    assert len(list((out / "Для печати").iterdir())) == 4
    assert not list(out.glob(STAGING_PREFIX + "*"))


def test_folder_made_by_another_run_a_moment_ago_is_used(tmp_path, monkeypatch):
    """The race the concurrent test can hit only by chance, made certain: the output folder
    appears between the check and the mkdir (another run made it)."""
    out = tmp_path / "out"
    out.mkdir()
    real_exists = Path.exists
    monkeypatch.setattr(Path, "exists", lambda self: False if self == out else real_exists(self))
    with BatchWriter(out) as writer:
        writer.add("", "документ", b"x")
        writer.publish()
    assert (out / "документ.docx").read_bytes() == b"x"


def test_output_path_that_is_a_file_is_refused(tmp_path):
    out = tmp_path / "out"
    out.write_text("не папка")
    with pytest.raises(OutputError, match="Не удаётся создать папку"):
        with BatchWriter(out):
            pass
    assert out.read_text() == "не папка"


@pytest.mark.parametrize("name", ["Иванов\u202excod.exe", "Иван\u200bов", "\u2066Петров\u2069", "А\u200fБ"])
def test_invisible_format_characters_are_dropped_from_file_names(name):
    shown = safe_name(name)
    assert all(ord(ch) not in range(0x2000, 0x2070) for ch in shown)
    assert "\u202e" not in shown and "\u200b" not in shown


def test_a_bidi_override_in_a_name_does_not_reach_the_file_name(tmp_path):
    cell = find_cell(EXAMPLE, "Наставляемые", "ФИО", 2)
    reg = edited_copy(EXAMPLE, tmp_path / "r.xlsx", {("Наставляемые", cell): "Алексеева\u202excod.exe Таисия Романовна"})
    result = api.make(["consent_parent"], reg, tmp_path / "out", as_of=AS_OF,
                      select=api.Selection.parse(rows="2"))
    assert result.files and all("\u202e" not in p.name for p in result.files)


def test_a_folder_in_a_documents_place_or_a_file_in_a_folders_stops_the_batch_before_moving(tmp_path):
    """Made while the batch was rendering: found when the targets are checked, nothing moved."""
    out = tmp_path / "out"
    with BatchWriter(out) as writer:
        writer.add("Согласия", "Документ 1", b"x")
        writer.add("Согласия", "Документ 2", b"y")
        (out / "Согласия" / "Документ 2.docx").mkdir(parents=True)
        with pytest.raises(OutputError, match="На месте документа «Согласия/Документ 2.docx» есть папка"):
            writer.publish()
    assert not (out / "Согласия" / "Документ 1.docx").exists()
    with BatchWriter(tmp_path / "out2") as writer:
        writer.add("Приказы", "Приказ", b"x")
        (tmp_path / "out2" / "Приказы").write_bytes(b"a file")
        with pytest.raises(OutputError, match="есть файл «Приказы», а нужна папка"):
            writer.publish()


def test_the_targets_check_lists_each_folder_once_instead_of_a_lookup_per_file(tmp_path, monkeypatch):
    """1000 documents: one listing of their folder, no stat of each file (issue 19)."""
    lookups: list[str] = []
    real = os.path.lexists
    monkeypatch.setattr(os.path, "lexists", lambda p: lookups.append(str(p)) or real(p))
    reg = tmp_path / "реестр.xlsx"
    reg.write_bytes(b"registry")
    with BatchWriter(tmp_path / "out", protect=(reg,)) as writer:
        for i in range(200):
            writer.add("Согласия", f"Документ {i}", b"x")
        lookups.clear()
        writer.check_targets()
        assert lookups == []
        writer.publish()
    assert len(list((tmp_path / "out" / "Согласия").iterdir())) == 200
