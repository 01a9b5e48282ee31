"""Finishing what a killed run left between publishing its documents and writing the journal.

A run that registers orders publishes the documents first and writes the journal last, with an
intent record beside the registry in between (:meth:`docgen.journal.session.Journal.prepare`).
A run killed in that window (SIGKILL, a power cut, a closed laptop) leaves documents that carry
order numbers the journal lacks. The next run on the same registry, holding its lock, settles it:

* the killed run's output folder is recovered first (an interrupted publish is finished);
* if the order documents are there, unchanged, their rows are written now — unless a number was
  taken since, which is reported and left to a person;
* if they are not (the run died before publishing, or someone removed them), nothing is
  written; what is left of them is removed, so no document carries an unregistered number;

and says what it did. The dates «Согласие выдано» of a killed run (``issued`` in the same
record) are written the same way: when its printed forms are in the output folder, unchanged,
into the cells still empty; otherwise not at all.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from docgen.errors import OutputError
from docgen.fsutil import WorkbookGuard, recover_staging
from docgen.journal.issued import IssuedCell, IssuedDates
from docgen.journal.session import Journal
from docgen.schema.model import RegistrySchema

__all__ = ["finish_interrupted", "finish_issued"]


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def finish_interrupted(journal: Journal, schema: RegistrySchema | None = None) -> list[str]:
    """Settle the intent record a killed run left; the Russian notes of what was done."""
    intent = journal.pending()
    if intent is None:
        return []
    notes = _rows(journal, intent)
    if schema is not None:
        notes += _issued(journal.guard, intent, schema)
    journal.forget_pending()
    return notes


def finish_issued(guard: WorkbookGuard, schema: RegistrySchema) -> list[str]:
    """The dates part of a killed run's intent record, for a run that writes dates but no
    order (journal rows in the record are left for the next run that registers one)."""
    intent = guard.pending_intent()
    if intent is None:
        return []
    notes = _issued(guard, intent, schema)
    rest = {k: v for k, v in intent.items() if not k.startswith("issued")}
    if rest.get("rows"):
        guard.record_intent(rest)
    else:
        guard.clear_intent()
    return notes


def _issued(guard: WorkbookGuard, intent: dict[str, Any], schema: RegistrySchema) -> list[str]:
    cells = []
    for c in intent.get("issued") or []:
        try:
            cells.append(IssuedCell(schema.sheet(str(c["sheet"])), int(c["row"]), str(c["column"]), str(c["who"])))
        except (KeyError, TypeError, ValueError):
            continue
    if not cells:
        return []
    out_dir = Path(str(intent.get("out_dir") or "."))
    when = intent.get("when", "?")
    notes = recover_staging(out_dir) if out_dir.is_dir() else []
    files: dict[str, str] = intent.get("issued_files") or {}
    if not files or not all(_digest(out_dir / rel) == digest for rel, digest in files.items()):
        return notes + [f"Запуск от {when} был прерван до сохранения согласий: «Согласие выдано» не отмечено."]
    try:
        on = date.fromisoformat(str(intent.get("issued_on")))
        edit = IssuedDates(guard, cells, on).commit(forget=False)
    except (ValueError, OutputError) as exc:
        return notes + [f"Запуск от {when} был прерван после сохранения согласий, но даты «Согласие выдано» "
                        f"записать не удалось: {exc}"]
    return notes + [f"Запуск от {when} был прерван после сохранения согласий: «Согласие выдано» отмечено — "
                    f"{len(edit.written)}."]


def _rows(journal: Journal, intent: dict[str, Any]) -> list[str]:
    rows = [r for r in intent.get("rows") or [] if isinstance(r, dict) and r.get("number")]
    out_dir = Path(str(intent.get("out_dir") or "."))
    files: dict[str, str] = intent.get("files") or {}
    when = intent.get("when", "?")
    notes = recover_staging(out_dir) if out_dir.is_dir() else []
    todo = [r for r in rows if not journal.has(r["number"], date.fromisoformat(r["date"]), r.get("template", ""))]
    if not todo:
        return notes  # the journal was written before the kill (or the record holds dates only)
    shown = ", ".join(f"№ {r['number']}" for r in todo)
    if files and all(_digest(out_dir / rel) == digest for rel, digest in files.items()):
        written, taken = [], []
        for r in todo:
            try:
                journal.add(number=r["number"], on=date.fromisoformat(r["date"]), template=r.get("template", ""),
                            title=r.get("title", ""), signed_by=r.get("signed_by", ""), file=r.get("file", ""))
                written.append(f"№ {r['number']}")
            except OutputError:
                taken.append(f"№ {r['number']} ({r.get('file', '')})")
        journal.commit()
        if written:
            notes.append(f"Запуск от {when} был прерван после сохранения документов: в журнал приказов "
                         f"дописаны {', '.join(written)}.")
        if taken:
            notes.append(f"Запуск от {when} был прерван после сохранения документов, но номера {', '.join(taken)} "
                         "тем временем заняты в журнале другими приказами. Эти документы не зарегистрированы: "
                         "удалите их или зарегистрируйте приказ с новым номером.")
    else:
        removed = []
        for rel, digest in files.items():
            if _digest(out_dir / rel) == digest:
                (out_dir / rel).unlink()
                removed.append(rel)
        notes.append(f"Запуск от {when} был прерван до сохранения документов: приказы {shown} не "
                     "зарегистрированы" + (f", их недоделанные файлы удалены: {', '.join(removed)}" if removed else "")
                     + ".")
    return notes
