"""`docgen pack preview`: one PNG of each template's first page, for the pack's README.

Each template is rendered from a registry (the bundled example by default; orders as
drafts), converted by LibreOffice to PDF, and the first page drawn to PNG by poppler's
``pdftoppm`` — the same real client the tests use, so the picture is what a school will
print. A Markdown gallery is written beside the pictures and, when the pack's README has
the markers ``<!-- docgen:gallery -->`` … ``<!-- /docgen:gallery -->``, put between them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docgen import api
from docgen.errors import OutputError, UsageError
from docgen.output.pdf import convert_to_pdf
from docgen.plugins.catalog import DISTRICT, SHIPPED, catalog
from docgen.schema.pack import find_pack_root, read_pack

GALLERY_FILE = "ГАЛЕРЕЯ.md"
START, END = "<!-- docgen:gallery -->", "<!-- /docgen:gallery -->"
DPI = 50  # an A4 page ≈ 413×585 px: readable layout, small file


@dataclass
class PreviewResult:
    pack: str
    out_dir: Path
    images: dict[str, Path] = field(default_factory=dict)  # template → PNG
    titles: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)  # template → why no picture
    gallery: Path | None = None
    readme_updated: bool = False


def _pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if not found:
        raise UsageError("Для картинок нужна программа pdftoppm (пакет poppler-utils; в Windows — "
                         "poppler for Windows). Установите её и повторите.")
    return found


def _first_page_png(pdf: Path, target: Path, dpi: int) -> None:
    stem = target.with_suffix("")
    result = subprocess.run([_pdftoppm(), "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile",
                             str(pdf), str(stem)], capture_output=True, timeout=120)
    if result.returncode != 0 or not target.is_file():
        raise OutputError(f"Картинка страницы не построена из {pdf.name}: pdftoppm завершился с ошибкой.")


def _gallery(result: PreviewResult, refs: dict[str, str], base: Path) -> str:
    """Markdown: a heading, the id to type and the picture of each template; links relative
    to ``base`` (the folder of the Markdown file)."""
    lines = []
    for tid, title in result.titles.items():
        if tid in result.images:
            link = os.path.relpath(result.images[tid], base).replace(os.sep, "/")
            lines += [f"**{title}** · `{refs[tid]}`", "", f"![{title}]({link})", ""]
        else:
            lines += [f"**{title}** · `{refs[tid]}` — картинки нет: {result.skipped.get(tid, '')}", ""]
    return "\n".join(lines) + "\n"


def preview_pack(folder: str | Path, out_dir: str | Path | None = None, *,
                 registry_path: str | Path | None = None, as_of: date | None = None,
                 dpi: int = DPI) -> PreviewResult:
    """PNG previews of every template of the pack in ``folder``: by default in ``previews/``
    beside the pack's README (the project folder of an installable pack), not inside the
    package, so pictures do not travel in every installed copy."""
    _pdftoppm()
    root = find_pack_root(Path(folder))
    pack = read_pack(root, origin=f"папка {root}", trusted=False)
    builtin = pack.name in SHIPPED  # the packs docgen ships keep their pictures in their folder
    dirs = [] if builtin else [root]
    found = catalog(dirs)
    status = next((s for s in found.statuses if s.root and Path(s.root).resolve() == root.resolve()), None)
    if status is not None and status.error:
        raise UsageError(f"Набор «{pack.name}» не подключается: {status.error}. Проверьте: docgen pack lint {folder}")
    schemas = [t for t in found.templates.values() if t.pack == pack.name]
    if out_dir:
        out = Path(out_dir)
    elif (root.parent / "pyproject.toml").is_file() and not builtin:
        out = root.parent / "previews"  # a pack project: beside README, not inside the wheel
    else:
        out = root / "previews"
    district = pack.registry_kind == DISTRICT
    example = api.example_district() if district else api.example_registry()
    registry = Path(registry_path) if registry_path else example
    result = PreviewResult(pack=pack.name, out_dir=out)

    with tempfile.TemporaryDirectory(prefix="docgen-preview-") as tmp:
        orders = api.OrderOptions(register=False, draft=True)
        if district:  # a district's pack: its report from the example district's schools, as docgen svod makes it
            made = api.svod(registry, [api.example_schools()], Path(tmp) / "docs",
                            template_ids=[t.ref for t in schemas], as_of=as_of, pack_dirs=dirs,
                            outputs=api.Outputs(manifest=False), orders=orders)
        else:
            made = api.make([t.ref for t in schemas], registry, Path(tmp) / "docs", as_of=as_of, pack_dirs=dirs,
                            outputs=api.Outputs(manifest=False), orders=orders)
        firsts = []
        for t in schemas:
            result.titles[t.id] = t.title
            files = made.by_template.get(t.ref) or []
            if files:
                firsts.append((t.id, files[0]))
            else:
                result.skipped[t.id] = made.skipped.get(t.ref, "нет документов")
        (Path(tmp) / "work").mkdir()
        pdfs = convert_to_pdf([f for _, f in firsts], Path(tmp) / "pdf", work_dir=Path(tmp) / "work")
        staging = Path(tmp) / "png"
        staging.mkdir()
        for (tid, _), pdf in zip(firsts, pdfs):
            _first_page_png(pdf, staging / f"{tid}.png", dpi)
        out.mkdir(parents=True, exist_ok=True)
        for tid, _ in firsts:
            target = out / f"{tid}.png"
            os.replace(staging / f"{tid}.png", target)
            result.images[tid] = target

    refs = {t.id: t.ref for t in schemas}
    heading = f"Шаблоны набора «{pack.title or pack.name}»"
    result.gallery = out / GALLERY_FILE
    result.gallery.write_text(f"# {heading}\n\n" + _gallery(result, refs, out), encoding="utf-8")
    readme = root / "README.md"
    if not readme.is_file() and (root.parent / "README.md").is_file():
        readme = root.parent / "README.md"  # a pack project: README beside pyproject.toml
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        if START in text and END in text:
            head, _, rest = text.partition(START)
            _, _, tail = rest.partition(END)
            block = _gallery(result, refs, readme.parent)
            readme.write_text(f"{head}{START}\n{block}{END}{tail}", encoding="utf-8")
            result.readme_updated = True
    return result
