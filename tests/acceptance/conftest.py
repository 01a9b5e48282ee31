"""Acceptance tests: real LibreOffice, pip installs, the Calc extension, docgen as a process.
Every one carries the ``slow`` mark (``pytestmark`` in each module): the fast command
(scripts/check.sh) leaves them out, the README's test command (scripts/test.sh) runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    unmarked = [item.nodeid for item in items
                if HERE in Path(str(item.path)).resolve().parents and item.get_closest_marker("slow") is None]
    if unmarked:
        raise pytest.UsageError(f"acceptance tests without the slow mark: {unmarked}")
