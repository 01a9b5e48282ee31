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

and says what it did.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from docgen.errors import OutputError
from docgen.fsutil import recover_staging
from docgen.journal.session import Journal

__all__ = ["finish_interrupted"]


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def finish_interrupted(journal: Journal) -> list[str]:
    """Settle the intent record a killed run left; the Russian notes of what was done."""
    intent = journal.pending()
    if intent is None:
        return []
    rows = [r for r in intent.get("rows") or [] if isinstance(r, dict) and r.get("number")]
    out_dir = Path(str(intent.get("out_dir") or "."))
    files: dict[str, str] = intent.get("files") or {}
    when = intent.get("when", "?")
    notes = recover_staging(out_dir) if out_dir.is_dir() else []
    todo = [r for r in rows if not journal.has(r["number"], date.fromisoformat(r["date"]), r.get("template", ""))]
    if not todo:
        journal.forget_pending()  # the journal was written before the kill: nothing to settle
        return notes
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
    journal.forget_pending()
    return notes
