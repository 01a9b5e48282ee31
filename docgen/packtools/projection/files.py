"""The projection of a file, and `docgen pack text`: every ``templates/<id>.txt`` of a pack
brought up to date with its ``<id>.docx``, or (``check``) only the list of those that are
missing or stale."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import UsageError, os_reason
from docgen.fsutil import replace_file
from docgen.packtools.projection.blocks import HEADER, Projector
from docgen.packtools.projection.xml import Package
from docgen.schema.pack import find_pack_root, read_pack


def project(docx_path: str | Path) -> str:
    """The text projection of one .docx (see the package docstring). Deterministic: the same document gives
    the same text, however it is zipped."""
    path = Path(docx_path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"Не удаётся прочитать {path}: {os_reason(exc)}.") from None
    return project_bytes(data, path.name)


def project_bytes(data: bytes, display: str = "документ") -> str:
    """The projection of a .docx given as bytes; ``display`` names it in error messages."""
    return Projector(Package(data, display)).project()


@dataclass(frozen=True)
class TextChange:
    template: str  # template file name, e.g. "order_intro.docx"
    projection: Path  # the .txt beside it
    state: str  # "missing", "stale", or "orphan" (a projection whose .docx is gone)


@dataclass
class TextReport:
    pack: str
    root: Path
    templates: int = 0
    changes: list[TextChange] = field(default_factory=list)
    written: bool = False  # False with check=True: nothing was written


def update_projections(folder: str | Path, *, check: bool = False) -> TextReport:
    """Bring every ``templates/<id>.txt`` of the pack in ``folder`` up to date with its
    ``<id>.docx`` — or, with ``check``, only report which are missing or stale."""
    root = find_pack_root(Path(folder))
    pack = read_pack(root, origin=f"папка {root}", trusted=False)
    report = TextReport(pack=pack.name, root=root, written=not check)
    templates = pack.templates_dir
    if not templates.is_dir():
        raise UsageError(f"В наборе «{pack.name}» нет папки {templates}.")
    docs = sorted(p for p in templates.glob("*.docx") if not p.name.startswith("~$"))
    report.templates = len(docs)
    for docx in docs:
        target = docx.with_suffix(".txt")
        text = project(docx)
        current = _read_text(target)
        if current == text:
            continue
        report.changes.append(TextChange(docx.name, target, "missing" if current is None else "stale"))
        if not check:
            try:
                if current is None:
                    target.write_bytes(text.encode("utf-8"))  # a derived file: the usual mode, not 0600
                else:
                    replace_file(target, text.encode("utf-8"))  # keeps the file's mode
            except OSError as exc:
                raise UsageError(f"Не удаётся записать {target}: {os_reason(exc)}.") from None
    for txt in sorted(templates.glob("*.txt")):
        if txt.with_suffix(".docx").exists() or not (_read_text(txt) or "").startswith(HEADER):
            continue
        report.changes.append(TextChange(txt.with_suffix(".docx").name, txt, "orphan"))
        if not check:
            try:
                txt.unlink()
            except OSError as exc:
                raise UsageError(f"Не удаётся удалить {txt}: {os_reason(exc)}.") from None
    return report


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return ""
