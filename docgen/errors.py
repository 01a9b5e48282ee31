"""One exception tree for everything a user can be told.

Every error docgen raises on purpose derives from :class:`DocgenError` and carries a
Russian, user-facing message: adapters (CLI, macros) print ``str(error)`` and never a
traceback. Problems found in a workbook are collected as :class:`Problem` values and
raised together in one :class:`RegistryInvalid`, so the user sees the whole list at once.
"""

from __future__ import annotations

import errno
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One problem in the registry workbook, located as precisely as we can.

    ``row`` is the 1-based worksheet row (``None`` for a whole sheet or column),
    ``cell`` an A1 address without the sheet (``"D14"``), ``column`` the header the user sees.

    Not every problem stops every document: ``severity`` is ``"error"`` when a template being
    made reads the data in question (``blocks`` names those templates), ``"warning"`` when none
    does or the rule only advises (docgen.engine.scope decides). ``concerns`` names the sheets
    (keys) whose data the problem is about when that is not its own sheet: a minor without a
    parent row is shown on «Наставляемые» but matters only to documents that read «Родители».
    """

    sheet: str
    message: str
    row: int | None = None
    column: str | None = None
    cell: str | None = None
    value: Any = None
    severity: str = "error"
    blocks: tuple[str, ...] = ()
    concerns: tuple[str, ...] = ()

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    @property
    def place(self) -> str:
        """«Наставляемые!D14», or the sheet alone when there is no cell."""
        if self.cell:
            return f"{self.sheet}!{self.cell}"
        if self.row:
            return f"{self.sheet}, строка {self.row}"
        return self.sheet

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["value"] = _jsonable(self.value)
        data["place"] = self.place
        data["blocks"] = list(self.blocks)
        data["concerns"] = list(self.concerns)
        return data

    def __str__(self) -> str:
        head = self.place
        if self.column and self.cell:
            head += f" («{self.column}»)"
        shown = _jsonable(self.value)
        if shown not in (None, ""):
            return f"{head}: {self.message} Значение: «{shown}»."
        return f"{head}: {self.message}"


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


class DocgenError(Exception):
    """Base of every error docgen reports to a user. ``str()`` is the Russian message."""

    exit_code = 1


class UsageError(DocgenError):
    """The command was called wrongly (unknown template id, missing file…)."""

    exit_code = 2


class SelectionError(UsageError):
    """The rows asked for cannot be chosen: unknown column, value, person or row range.

    All problems of a selection come in one report; each line says what exists instead.
    """

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        if len(self.messages) == 1:
            text = f"Выбор строк: {self.messages[0]}"
        else:
            text = (f"Выбор строк — проблем: {len(self.messages)}.\n"
                    + "\n".join(f"  • {m}" for m in self.messages))
        super().__init__(text)


class SchemaError(DocgenError):
    """A schema file (registry or template) is broken; the message names file and key."""


class RegistryError(DocgenError):
    """The workbook cannot be read at all (not a workbook, damaged, locked…)."""


class RegistryInvalid(DocgenError):
    """The workbook was read, but holds problems; all of them are in ``problems``. ``warnings``
    (problems that stop none of the documents asked for) are shown after them, for the record."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | tuple[Problem, ...] = ()):
        self.problems = list(problems)
        self.warnings = list(warnings)
        lines = [f"В реестре найдено проблем: {len(self.problems)}."]
        lines += [f"  • {p}" for p in self.problems]
        if self.warnings:
            lines.append(f"Предупреждения — документам не мешают ({len(self.warnings)}):")
            lines += [f"  • {p}" for p in self.warnings]
        super().__init__("\n".join(lines))


class RegistriesInvalid(DocgenError):
    """Several workbooks were read (a district's report from its schools' registries) and some
    cannot be used: ``files`` maps each file's name to its problems (lines naming sheet and cell,
    or one sentence when the file is not a registry at all)."""

    def __init__(self, files: dict[str, list[str]]):
        self.files = dict(files)
        lines = [f"Реестры с проблемами: {len(self.files)}."]
        for name, problems in self.files.items():
            lines.append(f"  {name}: проблем {len(problems)}")
            lines += [f"    • {p}" for p in problems]
        super().__init__("\n".join(lines))


class TemplateError(DocgenError):
    """A template cannot be prepared or rendered (unknown field, broken tag, unsafe code)."""


class OutputError(DocgenError):
    """The documents cannot be written where asked."""


class OrderNumberNeeded(DocgenError):
    """docgen cannot know the next order number (an empty journal, or the first order of a year
    whose start is not set): the caller must give one. ``number`` is the suggestion,
    ``alternative`` the other way to count (or empty), ``new_year`` whether a year starts."""

    def __init__(self, message: str, *, number: str, alternative: str = "", new_year: bool = False):
        self.number, self.alternative, self.new_year = number, alternative, new_year
        super().__init__(message)


class Interrupted(DocgenError):
    """Ctrl-C, SIGTERM or SIGHUP stopped a run; the message says what was kept and what not."""

    exit_code = 130


_OS_REASONS = {
    "EACCES": "нет прав на запись или чтение",
    "EPERM": "нет прав на эту операцию",
    "ENOSPC": "на диске закончилось место",
    "EDQUOT": "исчерпана квота на диске",
    "EROFS": "диск или папка только для чтения",
    "ENOENT": "файл или папка не найдены",
    "ENOTDIR": "на месте папки находится файл",
    "EISDIR": "на месте файла находится папка",
    "ENAMETOOLONG": "слишком длинное имя или путь",
    "EEXIST": "такой файл уже есть",
    "EBUSY": "файл занят другой программой",
    "ETXTBSY": "файл занят другой программой",
    "EMFILE": "открыто слишком много файлов",
    "EIO": "ошибка ввода-вывода (диск или сеть)",
}


def os_reason(exc: OSError) -> str:
    """The reason of an operating-system error in Russian (the OS's own text is English)."""
    name = errno.errorcode.get(exc.errno or -1, "")
    if name in _OS_REASONS:
        return _OS_REASONS[name]
    if getattr(exc, "winerror", None) in (32, 33):  # sharing / lock violation on Windows
        return "файл открыт в другой программе"
    return f"ошибка системы ({exc.strerror or exc})"
