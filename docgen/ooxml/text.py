"""Text inside XML written by hand: ``&``, ``<``, ``>`` (and ``"`` in attributes) escaped.

The standard library's ``xml.sax.saxutils.escape`` does the same, but importing it loads
``urllib.request``, ``http.client`` and ``ssl`` (7.5 ms of every `docgen` start, issue 19)."""

from __future__ import annotations

__all__ = ["xml_escape"]

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def xml_escape(text: str, *, attribute: bool = False) -> str:
    """``text`` as XML character data (``attribute``: inside a double-quoted attribute)."""
    return text.translate(_ATTRIBUTE if attribute else _TEXT)
