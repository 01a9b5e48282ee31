"""docgen.workbook.reader: a read started ahead (prefetch) gives exactly what a read gives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from docgen.errors import RegistryError, UsageError
from docgen.workbook import reader
from tests.helpers import EXAMPLE


def _copy(tmp_path: Path, name: str = "реестр.xlsx") -> Path:
    target = tmp_path / name
    shutil.copyfile(EXAMPLE, target)
    return target


def test_a_prefetched_read_is_the_read(tmp_path):
    registry = _copy(tmp_path)
    plain = reader.read_workbook(registry)
    reader.prefetch(registry)
    assert reader._PREFETCHED  # the read went ahead
    assert reader.read_workbook(registry) == plain
    assert not reader._PREFETCHED  # taken once: the next read reads the file again
    assert reader.read_workbook(registry) == plain


def test_a_file_changed_after_the_prefetch_is_read_again(tmp_path):
    registry = _copy(tmp_path)
    reader.prefetch(registry)
    reader._PREFETCHED[registry.resolve()].thread.join()
    book = openpyxl.load_workbook(registry)
    book["Организация"]["B2"] = "Изменено после чтения"
    book.save(registry)
    stat = registry.stat()
    os.utime(registry, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    sheets = {s.name: s for s in reader.read_workbook(registry)}
    assert sheets["Организация"].cell(2, 2) == "Изменено после чтения"


def test_a_broken_file_fails_the_same_way_with_or_without_the_prefetch(tmp_path):
    broken = tmp_path / "реестр.xlsx"
    broken.write_bytes(EXAMPLE.read_bytes()[:5000])  # cut short, as a download that stopped
    with pytest.raises(RegistryError) as plain:
        reader.read_workbook(broken)
    reader.prefetch(broken)
    with pytest.raises(RegistryError) as ahead:
        reader.read_workbook(broken)
    assert str(ahead.value) == str(plain.value)


def test_what_cannot_be_a_workbook_is_left_to_the_read(tmp_path):
    for path in (tmp_path / "нет.xlsx", tmp_path, tmp_path / "реестр.csv"):
        reader.prefetch(path)
    assert not reader._PREFETCHED
    with pytest.raises(UsageError, match="не найден"):
        reader.read_workbook(tmp_path / "нет.xlsx")
