"""A request to the workbook buttons' core (docgen.adapters.buttons), as the «Генератор» sheet
of an open workbook hands it over (tests/adapters/, tests/acceptance/test_bridge.py)."""

from __future__ import annotations

from pathlib import Path

from docgen.workbook import generator as layout

AS_OF = "2026-11-23"


def request(registry: Path, action: str, selection=None, **settings) -> dict:
    labels = dict(layout.SETTINGS)
    return {"action": action, "registry": str(registry), "as_of": AS_OF, "open": False, "selection": selection,
            "settings": {labels[k]: v for k, v in settings.items()}}
