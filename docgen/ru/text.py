"""Text as a person meant it: cleaning cell values, tolerant comparison, Russian sort order.

Pure functions used by every layer above: the reader's values, the validator's comparisons
(headers, codes, classes), the journal and the templates all clean and fold text the same way.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

__all__ = ["NBSP", "XML_ILLEGAL", "clean_text", "fold", "is_blank", "ru_sort_key", "squash_spaces"]

NBSP = "\u00a0"
# XML 1.0 forbids these; a .docx containing one does not open, so they never pass into a record.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_DASHES = re.compile(r"\s*[-‐‑‒–—―]\s*")


def clean_text(value: Any) -> str:
    """Text as a person meant it: no XML-illegal characters, single spaces, no padding.

    Line breaks inside a cell (Alt+Enter) are kept, because roadmap events and duties are
    often written on several lines. Numbers lose «.0», booleans read as Russian Excel shows
    them, dates as ДД.ММ.ГГГГ.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return _clean_cached(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool):
        value = "ИСТИНА" if value else "ЛОЖЬ"  # as Russian Excel shows it, not Python's True
    elif isinstance(value, (datetime, date)):
        value = value.strftime("%d.%m.%Y")
    elif isinstance(value, time):
        value = value.strftime("%H:%M")
    elif isinstance(value, timedelta):
        minutes = int(value.total_seconds() // 60)
        value = f"{minutes // 60}:{minutes % 60:02d}"
    return _clean_str(str(value))


@lru_cache(maxsize=1 << 17)
def _clean_cached(value: str) -> str:
    """Cached: a cell's text is cleaned by the blank check and again by its parser."""
    # Fast path for the common case (names, codes, dates typed as text): printable means no
    # control characters, tabs, line breaks or special spaces (NBSP is not "printable").
    if (value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " "
            and unicodedata.is_normalized("NFC", value)):
        return value
    return _clean_str(value)


def _clean_str(text: str) -> str:
    text = XML_ILLEGAL.sub("", text)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def squash_spaces(text: Any) -> str:
    """Collapse runs of whitespace (line breaks included) into one space; ``None`` → ''."""
    if text is None:
        return ""
    if isinstance(text, float) and text != text:  # NaN from a data frame
        return ""
    return " ".join(str(text).split())


@lru_cache(maxsize=65536)
def _fold_str(text: str) -> str:
    text = clean_text(text).casefold().replace("ё", "е")
    text = _DASHES.sub("-", text)
    return re.sub(r"\s+", " ", text)


def fold(text: Any) -> str:
    """Key for tolerant comparison: case, ё/е, spaces and dash styles do not matter.

    Cached: the same values (classes, forms, codes, headers) are folded again and again.
    """
    return _fold_str(text if isinstance(text, str) else clean_text(text))


def is_blank(value: Any, blank_values: tuple[str, ...] = ()) -> bool:
    """An empty cell: ``None``, only spaces, or one of the registry's words for «empty»."""
    if value is None:
        return True
    if isinstance(value, str):
        text = clean_text(value)
        return not text or text in blank_values
    return False


def ru_sort_key(s: str) -> tuple:
    """Sort key for Russian names: case-insensitive, «ё» sorted as «е».

    Plain code-point order puts «Ё» before «А»; treating it as «е» gives
    dictionary order, and the original string breaks ties deterministically.
    """
    text = "" if s is None else str(s)
    return (text.lower().replace("ё", "е"), text)
