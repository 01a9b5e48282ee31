"""The objects templates read: a record's attributes, and whether it is a registry row."""

from __future__ import annotations

from types import SimpleNamespace

__all__ = ["Obj", "Projected", "RowObj"]


class Obj(SimpleNamespace):
    """A record as a template sees it: attributes, and ``None`` for empty cells."""

    def __bool__(self) -> bool:
        return True


class RowObj(Obj):
    """An object made from one registry row — the personal data: :class:`View` lets a template
    read only the attributes its schema names. Other objects (a roadmap section, a group of
    consents, the monitoring counts) are docgen's own arrangements of rows and pass whole,
    with the rows inside them cut down."""


class Projected(RowObj):
    """A row as one template sees it. ``_hidden`` (out of a template's reach: the sandbox
    refuses names starting with «_») lists what was left out, for a clear error message."""
