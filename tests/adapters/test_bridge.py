"""docgen.adapters.bridge in-process: one JSON request on stdin, one JSON answer on stdout
(the same exchange through real pipes is in tests/acceptance/test_bridge.py)."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from docgen.adapters import bridge
from tests.adapters.buttons_support import request
from tests.helpers import EXAMPLE


@pytest.fixture
def registry(tmp_path) -> Path:
    path = tmp_path / "реестр.xlsx"
    shutil.copy(EXAMPLE, path)
    return path


def exchange(monkeypatch, data: bytes) -> tuple[int, dict]:
    """Run ``bridge.main()`` with ``data`` as its standard input; its exit code and answer."""
    out = io.BytesIO()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="utf-8"))
    code = bridge.main()
    return code, json.loads(out.getvalue().decode("utf-8"))


def test_bridge_speaks_json(registry, tmp_path, monkeypatch):
    req = request(registry, "generate_selected", {"sheet": "Наставляемые", "rows": [2]}, template="consent_parent",
                  out_dir=str(tmp_path / "out"))
    code, answer = exchange(monkeypatch, json.dumps(req).encode("utf-8"))
    assert code == 0 and answer["ok"] and len(answer["files"]) == 1
    _, bad = exchange(monkeypatch, b"{not json")
    assert bad["ok"] is False
