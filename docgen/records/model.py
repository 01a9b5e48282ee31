"""A validated registry: typed records per sheet, with the cells they came from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from docgen.schema.model import RegistrySchema

__all__ = ["Record", "Registry", "RowCells", "SheetLayout"]


@dataclass
class Record:
    """One validated row. ``values`` maps field keys to typed values (``None`` when empty);
    ``cells`` maps field keys to A1 addresses so later stages can still point at a cell."""

    sheet: str
    row: int
    values: dict[str, Any]
    cells: "Mapping[str, str]" = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key)
        return default if value is None else value


class RowCells(Mapping):
    """A1 addresses of one row's cells, made on demand from the sheet's column letters.

    Addresses are needed only to point at a problem; building twelve strings per row for
    every row cost about 2 MB per 1000 rows of a registry that has no problems.
    """

    __slots__ = ("letters", "row")

    def __init__(self, letters: dict[str, str], row: int):
        self.letters = letters
        self.row = row

    def __getitem__(self, key: str) -> str:
        return f"{self.letters[key]}{self.row}"

    def __iter__(self):
        return iter(self.letters)

    def __len__(self) -> int:
        return len(self.letters)


@dataclass(frozen=True)
class SheetLayout:
    """Where a table sheet's data is: the header row, field key → column letter, and the last
    row that holds anything (a row added by a spreadsheet adapter goes after it)."""

    header_row: int
    letters: dict[str, str]
    last_row: int


@dataclass
class Registry:
    """The whole workbook after validation: ``org`` plus one list of records per table sheet."""

    schema: RegistrySchema
    path: Path
    as_of: date
    org: Record
    tables: dict[str, list[Record]]
    year_headers: dict[str, list[str]] = field(default_factory=dict)
    layouts: dict[str, "SheetLayout"] = field(default_factory=dict)
    # One child on both «Наставляемые» and «Наставники» (same ФИО and birth date): (mentee, mentor)
    twins: list[tuple[Record, Record]] = field(default_factory=list)

    def rows(self, sheet_key: str) -> list[Record]:
        return self.tables.get(sheet_key, [])
