"""docgen.schema.cache: schema files parsed once, never a stale or different answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docgen.errors import SchemaError
from docgen.schema import cache
from docgen.schema.check import load_yaml


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    monkeypatch.setattr(cache, "_CACHE", None)
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
    """A new docgen process: the cache is read again from its file."""
    cache.save()
    monkeypatch.setattr(cache, "_CACHE", None)


def test_a_second_run_does_not_parse_the_same_file_again(tmp_path, cache_dir, yaml_calls, monkeypatch):
    schema = tmp_path / "s.yaml"
    schema.write_text("id: согласие\nfields:\n  - name: fio\n    label: ФИО\n", encoding="utf-8")
    first = load_yaml(schema)
    _next_run(monkeypatch)
    second = load_yaml(schema)
    assert first == second == {"id": "согласие", "fields": [{"name": "fio", "label": "ФИО"}]}
    assert len(yaml_calls) == 1
    assert (cache_dir / cache.CACHE_NAME).is_file()
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


def test_a_damaged_cache_is_ignored_and_rewritten(tmp_path, cache_dir, yaml_calls, monkeypatch):
    cache_dir.mkdir()
    damaged = cache_dir / cache.CACHE_NAME
    damaged.write_text('{"entries": {"abc": ', encoding="utf-8")
    schema = tmp_path / "s.yaml"
    schema.write_text("title: Школа\n", encoding="utf-8")
    assert load_yaml(schema) == {"title": "Школа"}
    _next_run(monkeypatch)
    assert len(json.loads(damaged.read_text(encoding="utf-8"))["entries"]) == 1
    assert load_yaml(schema) == {"title": "Школа"}
    assert len(yaml_calls) == 1


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
    monkeypatch.setattr(cache, "_CACHE", None)
    assert load_yaml(schema) == {"title": "Школа"}
    _next_run(monkeypatch)
    assert load_yaml(schema) == {"title": "Школа"}
    assert len(yaml_calls) == 2
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocked))
    monkeypatch.setattr(cache, "_CACHE", None)
    assert load_yaml(schema) == {"title": "Школа"}
    cache.save()  # cannot create its folder: quietly not cached


def test_the_cache_file_is_private(tmp_path, cache_dir, monkeypatch):
    schema = tmp_path / "s.yaml"
    schema.write_text("title: Школа\n", encoding="utf-8")
    load_yaml(schema)
    cache.save()
    assert (cache_dir / cache.CACHE_NAME).stat().st_mode & 0o077 == 0
