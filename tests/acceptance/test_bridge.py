"""`python -m docgen.adapters.bridge`, a real process, as the LibreOffice extension starts it:
JSON in through a pipe, JSON out."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.adapters.buttons_support import request
from tests.helpers import EXAMPLE

pytestmark = pytest.mark.slow  # acceptance: real LibreOffice, pip, processes


@pytest.fixture
def registry(tmp_path) -> Path:
    path = tmp_path / "реестр.xlsx"
    shutil.copy(EXAMPLE, path)
    return path


def test_bridge_speaks_json_over_pipes(registry, tmp_path):
    req = request(registry, "generate_selected", {"sheet": "Наставляемые", "rows": [2]}, template="consent_parent",
                  out_dir=str(tmp_path / "out"))
    done = subprocess.run([sys.executable, "-m", "docgen.adapters.bridge"], input=json.dumps(req).encode("utf-8"),
                          capture_output=True, timeout=300)
    answer = json.loads(done.stdout.decode("utf-8"))
    assert done.returncode == 0 and answer["ok"] and len(answer["files"]) == 1
    bad = subprocess.run([sys.executable, "-m", "docgen.adapters.bridge"], input=b"{not json",
                         capture_output=True, timeout=60)
    assert json.loads(bad.stdout.decode("utf-8"))["ok"] is False
