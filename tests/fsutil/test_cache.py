"""docgen.fsutil.cache: results kept between runs, never a stale or different answer (schema files
through load_yaml, the cache's first user)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from docgen.errors import SchemaError
from docgen.fsutil import cache
from docgen.schema.check import load_yaml


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    monkeypatch.setattr(cache, "_CACHES", {})
    return folder


@pytest.fixture
def yaml_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file PyYAML really parses."""
    import yaml

    calls: list[str] = []
    real = yaml.load

    def counting(text, Loader):  # noqa: N803 — PyYAML's own keyword
        calls.append(text)
        return real(text, Loader=Loader)

    monkeypatch.setattr(yaml, "load", counting)
    return calls


def _next_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new docgen process: the cache is read again from its files."""
    monkeypatch.setattr(cache, "_CACHES", {})


def test_a_second_run_does_not_parse_the_same_file_again(tmp_path, cache_dir, yaml_calls, monkeypatch):
    schema = tmp_path / "s.yaml"
    schema.write_text("id: согласие\nfields:\n  - name: fio\n    label: ФИО\n", encoding="utf-8")
    first = load_yaml(schema)
    _next_run(monkeypatch)
    second = load_yaml(schema)
    assert first == second == {"id": "согласие", "fields": [{"name": "fio", "label": "ФИО"}]}
    assert len(yaml_calls) == 1
    assert len(list(cache.cache_folder("schemas").glob("*.json"))) == 1
    second["fields"].append("изменено")  # a caller changing its copy changes nobody else's
    assert load_yaml(schema) == first


def test_an_edited_file_is_parsed_again_even_with_the_same_size_and_time(tmp_path, cache_dir, yaml_calls,
                                                                         monkeypatch):
    import os

    schema = tmp_path / "s.yaml"
    schema.write_text("title: Первый\n", encoding="utf-8")
    stat = schema.stat()
    assert load_yaml(schema) == {"title": "Первый"}
    _next_run(monkeypatch)
    schema.write_text("title: Второй\n", encoding="utf-8")
    os.utime(schema, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load_yaml(schema) == {"title": "Второй"}
    assert len(yaml_calls) == 2


def test_data_json_would_change_is_not_cached(tmp_path, cache_dir, yaml_calls, monkeypatch):
    schema = tmp_path / "s.yaml"
    schema.write_text("since: 2026-09-01\n1: один\n", encoding="utf-8")
    for _ in range(2):
        data = load_yaml(schema)
        assert data == {"since": __import__("datetime").date(2026, 9, 1), 1: "один"}
        _next_run(monkeypatch)
    assert len(yaml_calls) == 2


def test_a_damaged_entry_is_ignored_and_rewritten(tmp_path, cache_dir, yaml_calls, monkeypatch):
    schema = tmp_path / "s.yaml"
    schema.write_text("title: Школа\n", encoding="utf-8")
    assert load_yaml(schema) == {"title": "Школа"}
    [entry] = cache.cache_folder("schemas").glob("*.json")
    entry.write_text('{"title": ', encoding="utf-8")
    _next_run(monkeypatch)
    assert load_yaml(schema) == {"title": "Школа"}
    assert json.loads(entry.read_text(encoding="utf-8")) == {"title": "Школа"}
    _next_run(monkeypatch)
    assert load_yaml(schema) == {"title": "Школа"}
    assert len(yaml_calls) == 2


def test_errors_are_never_cached_and_keep_their_reason(tmp_path, cache_dir, monkeypatch):
    schema = tmp_path / "s.yaml"
    schema.write_text("title: [не закрыт\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(SchemaError, match="не закрыт список"):
            load_yaml(schema)
        _next_run(monkeypatch)
    assert not cache_dir.exists()


def test_off_writes_nothing_and_a_read_only_folder_is_no_error(tmp_path, monkeypatch, yaml_calls):
    schema = tmp_path / "s.yaml"
    schema.write_text("title: Школа\n", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    monkeypatch.setattr(cache, "_CACHES", {})
    assert load_yaml(schema) == {"title": "Школа"}
    _next_run(monkeypatch)
    assert load_yaml(schema) == {"title": "Школа"}
    assert len(yaml_calls) == 2
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocked))
    monkeypatch.setattr(cache, "_CACHES", {})
    assert load_yaml(schema) == {"title": "Школа"}
    assert len(yaml_calls) == 3  # cannot create its folder: quietly not cached


def test_the_cache_file_is_private(tmp_path, cache_dir, monkeypatch):
    schema = tmp_path / "s.yaml"
    schema.write_text("title: Школа\n", encoding="utf-8")
    load_yaml(schema)
    [entry] = cache.cache_folder("schemas").glob("*.json")
    assert entry.stat().st_mode & 0o077 == 0


def test_a_result_of_other_code_is_not_taken(tmp_path, cache_dir, monkeypatch):
    """code_key: an edit of the code that makes a result (a new version) is a new key."""
    module = tmp_path / "maker.py"
    module.write_text("VERSION = 1\n", encoding="utf-8")
    made: list[int] = []

    def make(version: int):
        made.append(version)
        return {"made by": version}

    assert cache.parsed("kind", cache.code_key(module) + "input", lambda: make(1)) == {"made by": 1}
    _next_run(monkeypatch)
    monkeypatch.setattr(cache, "_CODE", {})
    assert cache.parsed("kind", cache.code_key(module) + "input", lambda: make(1)) == {"made by": 1}
    module.write_text("VERSION = 2\n", encoding="utf-8")
    _next_run(monkeypatch)
    monkeypatch.setattr(cache, "_CODE", {})
    assert cache.parsed("kind", cache.code_key(module) + "input", lambda: make(2)) == {"made by": 2}
    assert made == [1, 2]


def test_the_oldest_entries_go_when_there_are_too_many(cache_dir, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 5)
    for i in range(8):
        cache.parsed("kind", f"input {i}", lambda i=i: {"n": i})
        folder = cache.cache_folder("kind")
        for entry in folder.glob("*.json"):  # the writes of one second: make their order visible
            os.utime(entry, (entry.stat().st_mtime - 1, entry.stat().st_mtime - 1))
    assert len(list(folder.glob("*.json"))) == 5
    kept = sorted(json.loads(e.read_text(encoding="utf-8"))["n"] for e in folder.glob("*.json"))
    assert kept == [3, 4, 5, 6, 7]
