"""Nothing of hers is lost: a document edited since docgen wrote it is never replaced by a re-run
into the same folder; the new one goes beside it (« (2)») and the summary says so. Untouched
documents are replaced as before, and each run's inventory goes into «Описи», not the root."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date

from docx import Document

from docgen import api
from docgen.output.ledger import LEDGER
from tests.helpers import AS_OF, EXAMPLE, docx_text

AS_OF_DATE = date(2026, 11, 23)
SEVENTH = api.Selection.parse(where=["Класс=7А"])


def _edit(path, text):
    doc = Document(str(path))
    doc.add_paragraph(text)
    doc.save(str(path))


def test_cli_rerun_keeps_an_edited_document(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795424400")  # both runs' documents carry the same time
    out = tmp_path / "согласия"
    args = [sys.executable, "-m", "docgen", "make", "consent_parent", "-r", str(EXAMPLE), "-o", str(out),
            "--where", "Класс=7А", "--as-of", AS_OF, "-q"]
    first = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    docs = sorted((out / "Согласия родителей").glob("*.docx"))
    assert docs
    edited, untouched = docs[0], docs[1]
    _edit(edited, "Исправлено секретарём вручную")
    untouched_before = untouched.read_bytes()
    second = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert "Исправлено секретарём вручную" in docx_text(edited)  # her edit is intact
    beside = edited.with_name(f"{edited.stem} (2).docx")
    assert beside.is_file() and "Исправлено секретарём" not in docx_text(beside)
    assert f"сохранён как есть: Согласия родителей/{edited.name}" in second.stdout
    assert f"рядом: Согласия родителей/{beside.name}" in second.stdout
    # an untouched document is replaced, not duplicated
    assert not untouched.with_name(f"{untouched.stem} (2).docx").exists()
    assert untouched.read_bytes() == untouched_before  # same data, same document
    assert len(list((out / "Согласия родителей").glob("*.docx"))) == len(docs) + 1
    # the inventories of both runs are in «Описи»; nothing of docgen's bookkeeping in the root but the ledger
    assert len(list((out / "Описи").glob("Опись *.xlsx"))) == 2
    assert sorted(p.name for p in out.iterdir()) == sorted([LEDGER, "Описи", "Согласия родителей"])


def test_a_third_run_replaces_its_own_copy_but_not_the_edit(tmp_path):
    out = tmp_path / "out"
    first = api.make(["consent_parent"], EXAMPLE, out, as_of=AS_OF_DATE, select=SEVENTH)
    target = first.files[0]
    _edit(target, "правка")
    second = api.make(["consent_parent"], EXAMPLE, out, as_of=AS_OF_DATE, select=SEVENTH)
    rel = target.relative_to(out).as_posix()
    assert second.kept == {rel: rel.replace(".docx", " (2).docx")}
    third = api.make(["consent_parent"], EXAMPLE, out, as_of=AS_OF_DATE, select=SEVENTH)
    assert third.kept == second.kept  # « (2)» is docgen's own, untouched: replaced, no « (3)»
    assert not target.with_name(f"{target.stem} (3).docx").exists()
    assert "правка" in docx_text(target)


def test_a_file_docgen_never_wrote_is_kept(tmp_path):
    """A file of the same name that no ledger or inventory knows (put there by hand) is kept too."""
    out = tmp_path / "out"
    first = api.make(["consent_parent"], EXAMPLE, out, as_of=AS_OF_DATE, select=SEVENTH,
                     outputs=api.Outputs(manifest=False))
    target = first.files[0]
    (out / LEDGER).unlink()
    shutil.copy(first.files[1], target)  # someone's own file under that name
    mine = target.read_bytes()
    second = api.make(["consent_parent"], EXAMPLE, out, as_of=AS_OF_DATE, select=SEVENTH)
    assert target.read_bytes() == mine and target.relative_to(out).as_posix() in second.kept


def test_reprint_of_an_edited_order_goes_beside_it(tmp_path):
    out = tmp_path / "приказы"
    first = api.make(["order_intro"], EXAMPLE, out, as_of=AS_OF_DATE, orders=api.OrderOptions(register=False))
    _edit(first.files[0], "подпись директора исправлена")
    again = api.make(["order_intro"], EXAMPLE, out, as_of=AS_OF_DATE, orders=api.OrderOptions(register=False))
    assert "подпись директора исправлена" in docx_text(first.files[0])
    assert again.files[0] != first.files[0] and again.files[0].name.endswith(" (2).docx")
