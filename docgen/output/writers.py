"""Output writers from plugins (``register_output_writers``): extra files made from a batch.

A writer sees the batch's documents after they are rendered and staged, and writes its own
files into an empty folder; docgen stages what it returns with the rest of the batch, so a
writer's output is published all or nothing, with the documents, and listed in the inventory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import OutputError


@dataclass(frozen=True)
class WrittenDocument:
    """One document of the batch, as a writer sees it."""

    path: Path  # where the .docx is now (staged; readable until the batch is published)
    name: str  # its path inside the output folder, e.g. «Согласия родителей/7А Иванов….docx»
    template: str  # the template's id (``pack:id`` outside the built-in pack)
    title: str  # the template's title
    record: str  # «Наставляемые!14», «весь реестр»
    person: str


def run_writer(name: str, writer: Any, documents: list[WrittenDocument], folder: Path) -> list[Path]:
    """Call a plugin's writer; anything it does wrong becomes a Russian OutputError naming it."""
    try:
        produced = writer.write(documents, folder)
    except OutputError:
        raise
    except Exception as exc:  # noqa: BLE001 — foreign code
        raise OutputError(f"Вывод «{name}» не сработал: {type(exc).__name__}: {exc}. Документы не записаны.") from None
    files = [Path(p) for p in (produced or [])]
    for path in files:
        try:
            inside = path.resolve().is_relative_to(folder.resolve()) and path.is_file()
        except OSError:
            inside = False
        if not inside:
            raise OutputError(f"Вывод «{name}» вернул файл вне своей папки или несуществующий: {path.name}. "
                              "Документы не записаны.")
    return files
