"""What a caller asks of a batch and what it gets back: outputs, order options, the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

__all__ = ["PARENT_EACH", "PARENT_FIRST", "Attachment", "ConsentOptions", "MakeResult", "OrderOptions", "Outputs",
           "Progress"]

Progress = Callable[[str, int, int], None]  # (template title, done, total)


@dataclass(frozen=True)
class Outputs:
    """What a batch writes besides one .docx per document.

    ``merge``: one print file per row template (all its documents, each from a new page);
    ``duplex``: each document of the print file starts on an odd page (implies ``merge``);
    ``pdf``: PDFs through LibreOffice — of the print file when merging, otherwise of every
    document; ``zip``: everything of the batch in one archive; ``manifest``: the inventory
    with SHA-256 of every file (.xlsx and .csv).
    """

    merge: bool = False
    duplex: bool = False
    pdf: bool = False
    zip: bool = False
    manifest: bool = True
    writers: tuple[str, ...] = ()  # plugins' output writers by name (``list_writers``)


@dataclass(frozen=True)
class OrderOptions:
    """How orders get their number.

    ``register`` (the default): a new number — ``number`` if given, else the next one in the
    journal's own format — is written with the date, title and file into the «Приказы» sheet
    of the registry workbook. ``register=False`` reprints: the number and date come from the
    journal row with ``number``, or from the last row of that template. ``draft=True``: a
    draft to agree before signing — the number is a blank «____» (or ``number``), the date
    today (or ``date``), and the journal is not touched.
    """

    register: bool = True
    number: str | None = None
    date: date | None = None
    draft: bool = False  # a draft for approval: «№ ____», no journal row (overrides ``register``)
    in_workbook: bool = False  # the journal row goes back in MakeResult.journal_cells (open workbook)
    # how a year with no order in the journal yet starts, confirmed by the user for this call:
    # «заново с 1» or «продолжить» (docgen.journal.numbering); None: the «Организация» setting
    year_start: str | None = None

    @property
    def registers(self) -> bool:
        return self.register and not self.draft


@dataclass(frozen=True)
class Attachment:
    """A file a batch writes beside its documents, made before the run (the district's tables of
    ``docgen svod``): staged, listed in the inventory and published with the batch."""

    folder: str
    stem: str
    suffix: str
    data: bytes
    title: str  # Russian, for the inventory and the summary


PARENT_FIRST = "first"  # ConsentOptions.parent: the first parent of the child on «Родители» (as always)
PARENT_EACH = "each"  # one form for every parent of the child


@dataclass(frozen=True)
class ConsentOptions:
    """Documents a parent signs for a child, and what printing them records.

    ``parent`` says who signs the forms of templates made for a child and his parent
    (``child.parent``): :data:`PARENT_FIRST` — the first row of the child on «Родители» (the
    default, as before); :data:`PARENT_EACH` — one form per parent («(мать)», «(отец)» in the
    file name); or a relation as «Кем приходится» spells it («мать», «опекун») — the parent with
    that relation, and no form (reported in ``MakeResult.no_form``) for a child who has none:
    a form silently made out to another person would be signed by the wrong one.

    ``record_issued``: after the documents are published, the run's date goes into «Согласие
    выдано» of every printed record whose template declares that column (``issued:`` in its
    schema), only where the cell is empty; written into the registry the way the order journal
    is (:mod:`docgen.journal.issued`).
    """

    parent: str = PARENT_FIRST
    record_issued: bool = False


@dataclass
class MakeResult:
    out_dir: Path
    files: list[Path] = field(default_factory=list)  # one .docx per document
    by_template: dict[str, list[Path]] = field(default_factory=dict)  # template id → its documents
    counts: dict[str, int] = field(default_factory=dict)  # template id → documents
    skipped: dict[str, str] = field(default_factory=dict)  # template id → why nothing was made
    titles: dict[str, str] = field(default_factory=dict)  # template id → Russian title
    print_files: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    manifest: list[Path] = field(default_factory=list)  # .xlsx and .csv
    archive: Path | None = None
    registered: list[str] = field(default_factory=list)  # «№ 119-од от 23.11.2026 … (Приказы!A12)»
    extra: list[Path] = field(default_factory=list)  # files of plugins' output writers
    # with OrderOptions(in_workbook=True): (sheet name, {"A12": value, …}) for each new journal row
    journal_cells: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    selection: str = "все строки"
    seconds: float = 0.0
    # documents changed since docgen wrote them, kept as they are: «папка/файл.docx» → where the new one went
    kept: dict[str, str] = field(default_factory=dict)
    # what this run found and settled of an earlier run that was killed (Russian sentences)
    recovered: list[str] = field(default_factory=list)
    attachments: list[Path] = field(default_factory=list)  # the tables docgen svod writes beside the report
    # docgen svod: registries of schools that were not counted — file name → its problems (Russian lines)
    broken: dict[str, list[str]] = field(default_factory=dict)
    counted: list[str] = field(default_factory=list)  # docgen svod: the schools counted, in the district's order
    # problems of the registry that stop none of these documents (docgen.engine.scope): shown, not fatal
    warnings: list[Any] = field(default_factory=list)
    # children for whom no form was made under ConsentOptions.parent: «Иванов Иван (Наставляемые!14): …»
    no_form: list[str] = field(default_factory=list)
    # ConsentOptions.record_issued: the cells dated («Наставляемые!N14»), and records already dated
    issued: list[str] = field(default_factory=list)
    issued_already: list[str] = field(default_factory=list)
    # printed, but «Согласие получено» is filled and earlier than the date: «выдано» left empty
    issued_received: list[str] = field(default_factory=list)

    @property
    def all_files(self) -> list[Path]:
        extra = [self.archive] if self.archive else []
        return [*self.files, *self.print_files, *self.pdfs, *self.extra, *self.attachments, *self.manifest, *extra]
