"""Fixtures shared by the tests of the built-in pack (tests/test_pack_*.py)."""

from __future__ import annotations

import pytest

from .helpers import example_records


@pytest.fixture(scope="module")
def reg():
    """The example registry, validated by docgen as of 23.11.2026 (loaded once per run)."""
    return example_records()


@pytest.fixture(scope="module")
def registry():
    """The same as ``reg``; files that need a registry *path* define their own ``registry``."""
    return example_records()
