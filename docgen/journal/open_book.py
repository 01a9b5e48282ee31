"""The journal of a workbook that is open in Excel or Calc: rows handed back, not written.

docgen must not write a file under the program that has it open, so a new row is returned to
the spreadsheet adapter (``MakeResult.journal_cells``), which writes it into the open book, where
the user saves it. Numbers follow the same rule as :class:`~docgen.journal.session.Journal`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from docgen.errors import OutputError, UsageError
from docgen.journal.numbering import JournalEntry, Proposal, propose, propose_number, used_number
from docgen.journal.session import taken_message
from docgen.records.model import Registry

__all__ = ["OpenBookJournal"]


class OpenBookJournal:
    """Same interface as a journal session: ``next_number``, ``add``, ``commit``."""

    def __init__(self, registry: Registry, cells_out: list[tuple[str, dict[str, Any]]]):
        self.sheet = registry.schema.sheet("orders")
        layout = registry.layouts.get("orders")
        if layout is None or not {"number", "date"} <= set(layout.letters):
            raise UsageError(f"На листе «{self.sheet.name}» нет столбцов «Номер» и «Дата»: новый приказ "
                             "некуда записать. Верните заголовки журнала приказов.")
        self.letters = layout.letters
        self.entries = [JournalEntry(r.row, str(r.values.get("number") or ""), r.values.get("date"),
                                     r.values.get("template")) for r in registry.rows("orders")]
        self.next_row = max([layout.last_row, layout.header_row, *(e.row for e in self.entries)]) + 1
        self.cells_out = cells_out

    def next_number(self, on: date) -> str:
        return propose_number(self.entries, on)

    def proposal(self, on: date, year_start: str | None = None) -> Proposal:
        return propose(self.entries, on, year_start)

    def add(self, *, number: str, on: date, template: str, title: str, signed_by: str, file: str) -> str:
        twin = used_number(self.entries, number, on)
        if twin is not None:
            raise OutputError(taken_message(number, on, twin, f"{self.sheet.name}!{self.letters['number']}{twin.row}"))
        values = {"number": number, "date": on, "template": template, "title": title,
                  "signed_by": signed_by, "file": file}
        row = self.next_row
        cells = {f"{letter}{row}": values[key] for key, letter in self.letters.items() if key in values}
        self.cells_out.append((self.sheet.name, cells))
        self.entries.append(JournalEntry(row, number, on, template))
        self.next_row += 1
        return f"{self.sheet.name}!{self.letters['number']}{row}"

    def commit(self) -> None:
        """Nothing to write here: the adapter writes the cells into the open workbook."""
